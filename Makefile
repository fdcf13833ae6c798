# Course commands. Every instructor target is a thin wrapper over nbgrader or tools/.
# LAB selects one assignment (default: all labs), e.g. `make autograde LAB=lab01`.

VENV   ?= .venv
PY     := $(VENV)/bin/python
export PATH := $(abspath $(VENV))/bin:$(PATH)
# Colab brings its own torch; locally we install this build (override on other machines).
TORCH  ?= torch==2.14.1 torchvision==0.29.1
# Parallel submissions when grading, and test workers (default: the number of cores).
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# `make autograde SCHEDULER=tcp://host:8786` grades on a Dask cluster; UNSAFE=1 grades without the sandbox.
SCHEDULER ?=
UNSAFE ?=
# The environment is made once (by `make setup`, or by the first target that needs it).
STAMP  := $(VENV)/.installed
LABS   := $(patsubst source/%/,%,$(sort $(dir $(wildcard source/*/*.nb.py))))
LAB    ?= $(LABS)
# Where `make publish` writes the student edition (the public student repository's content).
DEST   ?= dist/student

.PHONY: setup bench bench-grading rehearse gpu-check roster collect test test-all-mutants test-blind notebooks release autograde feedback grades demo publish clean

setup:  ## virtual environment with PyTorch, the labs' libraries, nbgrader and the test tools
	sh tools/system_deps.sh  # bubblewrap (the sandbox) and postgresql (its test): apt-get as root, else says what to install
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e ".[labs,instructor,test]"
	$(PY) -c "import torch, torchvision, nbgrader, course_utils; print('setup ok: torch', torch.__version__)"
	touch $(STAMP)

$(STAMP): pyproject.toml
	$(MAKE) setup

# Notebooks run with nbval, one code cell per test item; a notebook's cells stay on one
# worker (xdist_group marks, conftest.py), and the long autograding tests start first.
test: $(STAMP)  ## the whole suite: lint (ruff), library, notebooks in smoke mode (nbval), release sync, autograder
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(JOBS) --dist loadgroup --no-loadscope-reorder --durations=15 \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=180 tests source/*/*.ipynb

test-fast: $(STAMP)  ## lint and the kernel-free tests (library, engine's pure parts), in about a minute
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(JOBS) -m "not slow" -q tests

test-all-mutants: $(STAMP)  ## the autograder against every known wrong answer, `extra` ones included
	COURSE_ALL_MUTANTS=1 $(PY) -m pytest -n $(JOBS) --dist worksteal tests/test_grading.py

test-blind: $(STAMP)  ## the autograder against the answers written blind (solutions/mutants/blind), with the class
	COURSE_BLIND=1 $(PY) -m pytest -n $(JOBS) --dist worksteal tests/test_grading.py -k scores_the_class

notebooks: $(STAMP)  ## source/<lab>/<lab>.ipynb from source/<lab>/<lab>.nb.py and solutions/
	$(PY) -m tools.build_notebooks

release: notebooks  ## release/<lab>/ for students (generated in a scratch course: a failure deletes nothing)
	$(PY) -m tools.release $(LAB)

autograde: $(STAMP)  ## grade submitted/*/<lab>/ in the sandbox, JOBS at once; writes feedback and autograde-report.csv
	$(PY) -m tools.autograde $(LAB) --jobs $(JOBS) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) $(if $(UNSAFE),--unsafe)

feedback: $(STAMP)  ## feedback pages again from autograded/ and the gradebook (after manual grading), scanned for leaks
	$(PY) -m tools.autograde $(LAB) --feedback-only

bench: $(STAMP)  ## input pipeline and training-step images/s: per-image workers vs data on the device (+ torch.compile)
	$(PY) -m tools.bench --compile

# Full mode on stand-ins of every download, at full size (no network, no GPU needed); see README.
REHEARSE_ARGS ?=
rehearse: $(STAMP)  ## full mode rehearsed: stand-ins where the downloads land, each lab's notebook run capped (COURSE_MAX_STEPS), per-lab table with T4/H100 projections
	$(PY) -m tools.rehearse $(REHEARSE_ARGS)

gpu-check: $(STAMP)  ## a timed few steps of each lab's main model at real size on the GPU: images/s, peak memory, epoch time, MFU (on a CPU: a tiny cap, and says no GPU was found)
	$(PY) -m tools.gpu_check

bench-grading: $(STAMP)  ## a class of 32 Lab 01 submissions graded one at a time and JOBS at once; prints both times
	$(PY) -m tools.bench_grading --students 32 --jobs $(JOBS)

grades: $(STAMP)
	$(PY) -m nbgrader export --to grades.csv  # flagged rows: "pending review", no score (tools/autograde/export.py)

publish: $(STAMP)  ## the student edition (release notebooks, course_utils, student README, license) in DEST, scanned for leaks
	$(PY) -m tools.publish $(DEST)

roster: $(STAMP)  ## import the class roster into the gradebook: make roster ROSTER=students.csv (columns id,first_name,last_name,email)
	@test -n "$(ROSTER)" || { echo "usage: make roster ROSTER=students.csv (CSV columns: id,first_name,last_name,email)" >&2; exit 2; }
	nbgrader db student import "$(ROSTER)"

collect: $(STAMP)  ## the LMS's zips in downloaded/<lab>/archive/ to submitted/<id>/<lab>/, one row per file in collect-report.csv
	$(PY) -m tools.collect $(LAB)

demo: $(STAMP)  ## the instructor's loop on a small class in the sandbox, in parallel, SQLite gradebook, no network
	$(PY) -m tools.demo $(LAB)

clean:
	rm -rf submitted autograded feedback gradebook.db grades.csv autograde-report.csv autograde.log collect-report.csv
