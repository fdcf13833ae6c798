# Course commands. Every instructor target is a thin wrapper over nbgrader.
# LAB selects one assignment (default: all labs), e.g. `make autograde LAB=lab01`.

VENV   ?= .venv
PY     := $(VENV)/bin/python
export PATH := $(abspath $(VENV))/bin:$(PATH)
# Colab brings its own torch; locally we install this build (override on other machines).
TORCH  ?= torch==2.14.1 torchvision==0.29.1
JOBS   ?= 2
LABS   := $(patsubst source/%/,%,$(sort $(dir $(wildcard source/*/*.nb.py))))
LAB    ?= $(LABS)
# Where `make publish` writes the student edition (the public student repository's content).
DEST   ?= dist/student

.PHONY: setup roster collect test test-all-mutants notebooks release autograde feedback grades demo publish clean

setup:  ## virtual environment with PyTorch, the labs' libraries, nbgrader and the test tools
	sh tools/system_deps.sh  # bubblewrap (the sandbox) and postgresql (its test): apt-get as root, else says what to install
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e ".[labs,instructor,test]"
	$(PY) -c "import torch, torchvision, nbgrader, course_utils; print('setup ok: torch', torch.__version__)"

# Notebooks run with nbval, one code cell per test item; a notebook's cells stay on one
# worker (xdist_group marks, tests/conftest.py), and the long autograding tests start first.
test:  ## the whole suite: library, notebooks in smoke mode (nbval), release sync, autograder
	$(PY) -m pytest -n $(JOBS) --dist loadgroup --no-loadscope-reorder --durations=15 \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=180 tests source/*/*.ipynb

test-all-mutants:  ## the autograder against every known wrong answer, `extra` ones included
	COURSE_ALL_MUTANTS=1 $(PY) -m pytest -n $(JOBS) --dist worksteal tests/test_grading.py

notebooks:  ## source/<lab>/<lab>.ipynb from source/<lab>/<lab>.nb.py and solutions/
	$(PY) -m tools.build_notebooks

release: notebooks  ## release/<lab>/ for students
	for lab in $(LAB); do nbgrader generate_assignment $$lab --force || exit 1; done

autograde:  ## check submissions for lost metadata (restoring it), then autograde
	for lab in $(LAB); do $(PY) -m tools.submissions $$lab --fix && nbgrader autograde $$lab || exit 1; done

feedback:
	for lab in $(LAB); do nbgrader generate_feedback $$lab || exit 1; done

grades:
	nbgrader export --to grades.csv

publish:  ## the student edition (release notebooks, course_utils, student README, license) in DEST, scanned for leaks
	$(PY) -m tools.publish $(DEST)

roster:  ## import the class roster into the gradebook: make roster ROSTER=students.csv (columns id,first_name,last_name,email)
	@test -n "$(ROSTER)" || { echo "usage: make roster ROSTER=students.csv (CSV columns: id,first_name,last_name,email)" >&2; exit 2; }
	nbgrader db student import "$(ROSTER)"

collect:  ## the LMS's zip in downloaded/<lab>/archive/ to submitted/<id>/<lab>/ (Moodle or Canvas file names, nbgrader_config.py)
	for lab in $(LAB); do \
		if [ -d downloaded/$$lab/archive ]; then nbgrader zip_collect $$lab --force || exit 1; \
		else echo "collect: no downloaded/$$lab/archive/, skipping $$lab"; fi; \
	done

demo:  ## the instructor's loop on a small class, SQLite gradebook, no network
	$(PY) -m tools.demo $(LAB)

clean:
	rm -rf submitted autograded feedback gradebook.db grades.csv
