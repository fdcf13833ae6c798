"""Every test runs in smoke mode, with data in a private folder and no display.

The source notebooks are executed with nbval (``--nbval-lax``: each code cell is a
test item, outputs are not compared); ``make test`` passes them with the suite.
For them this file adds what the suite promises about every notebook:

- a time budget per notebook (``SMOKE_BUDGET_S``): the CPU seconds of its kernel (and the
  kernel's children), kernel start included. CPU time, not wall time, so that a notebook is
  judged on its own work and not on what else the machine runs beside it (``make test``
  runs the autograding classes on the same cores);
- no stderr output in test cells (nbgrader ``grade: true``) for the reference answers;
- a private working folder for the kernel (nothing is written into ``source/``);
- all the cells of a notebook on one xdist worker, in order (``--dist loadgroup``: an
  ``xdist_group`` mark per notebook, and a scheduler that groups a notebook's cells even
  where xdist cannot read the mark, see ``pytest_xdist_make_scheduler``).

It sits at the repository root so that it applies to ``tests/`` and ``source/`` alike
(a conftest only hooks the tests below its folder). One notebook alone:
``.venv/bin/python -m pytest --nbval-lax --nbval-current-env source/lab01/lab01.ipynb``.
"""
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
# Set before anything imports course_utils; kernels and nbgrader started by the
# tests inherit these too.
os.environ["COURSE_SMOKE"] = "1"
os.environ.setdefault("COURSE_DATA", tempfile.mkdtemp(prefix="course-data-"))
os.environ["MPLBACKEND"] = "Agg"
os.environ["HF_HUB_OFFLINE"] = "1"
# One math thread per kernel: make test runs several kernels at once on few cores, where
# torch's extra threads only wait on each other (and would count against the CPU budget).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.pop("NBGRADER_EXECUTION", None)
# Scripts of this interpreter first (nbgrader runs `alembic` from PATH), and tools/ importable.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# CPU seconds per notebook in smoke mode, kernel start included (the variable is for tests of this file).
SMOKE_BUDGET_S = float(os.environ.get("COURSE_NOTEBOOK_BUDGET_S", 60))


# Test files whose tests share a module-scoped fixture (one graded class): keep them on one worker.
ONE_WORKER_FILES = {"tests/test_autograde.py"}
# Files whose tests start kernels, grade classes, run nbgrader or whole command lines: the
# `slow` tier (`make test-fast` runs the rest, the library and the engine's pure parts).
SLOW_FILES = {"test_grading.py", "test_autograde.py", "test_gradebook_backends.py", "test_release.py",
              "test_rehearse.py", "test_collect.py", "test_fuzz_notebooks.py", "test_publish.py",
              "test_notebooks.py", "test_train_vit.py", "test_device_data.py", "test_max_steps.py"}


def _is_notebook_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def _notebook_name(item) -> str:
    return Path(str(item.parent.path)).stem


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the xdist_group marks
def pytest_collection_modifyitems(items):
    """Long autograding runs first, then the notebooks, so that the workers finish together."""
    first = ("test_grading.py", "test_autograde.py")
    items.sort(key=lambda item: (not any(name in item.nodeid for name in first), not _is_notebook_cell(item)))
    last = {}
    for item in items:
        if _is_notebook_cell(item) or Path(str(item.path)).name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
        if _is_notebook_cell(item):
            item.add_marker(pytest.mark.xdist_group(name=f"notebook-{_notebook_name(item)}"))
            last[item.parent] = item
    for item in last.values():
        item.last_cell_of_notebook = True


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` that also keeps each notebook's cells together.

    xdist applies ``xdist_group`` marks by renaming the items' ``_nodeid``, which
    pytest >= 9.2 no longer reads (node ids live in ``_id``): the marks are then lost
    and a notebook's cells get spread over the workers. This scheduler groups by
    the notebook's path whatever the node id says.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class NotebookGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            if "@" not in nodeid and (path.endswith(".ipynb") or path in ONE_WORKER_FILES):
                return path
            return super()._split_scope(nodeid)

    return NotebookGroupScheduling(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """The notebook's clock starts before its kernel; the kernel then moves to a private folder."""
    if not _is_notebook_cell(item) or hasattr(item.parent, "course_started"):
        return (yield)
    item.parent.course_started = time.perf_counter()
    result = yield  # nbval starts the kernel here, in the notebook's folder
    workdir = tempfile.mkdtemp(prefix=f"nbval-{_notebook_name(item)}-")
    item.parent.course_workdir = workdir
    kernel = item.parent.kernel
    msg_id = kernel.execute_cell_input(f"import os as _os; _os.chdir({workdir!r}); del _os", allow_stdin=False)
    kernel.await_reply(msg_id, timeout=60)
    kernel.await_idle(msg_id, 60)
    return result


def _kernel_cpu_seconds(item) -> float:
    """CPU time (user + system, children included) of the notebook's kernel so far."""
    import psutil

    try:
        process = psutil.Process(item.parent.kernel.km.provisioner.process.pid)
        t = process.cpu_times()
        return t.user + t.system + t.children_user + t.children_system
    except (AttributeError, psutil.Error):  # the kernel is gone: the last reading stands
        return getattr(item.parent, "course_cpu", 0.0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a test cell that writes to stderr, and the cell where the notebook runs over budget."""
    result = yield  # a cell that raises fails here already
    if not _is_notebook_cell(item):
        return result
    nbgrader = item.cell.metadata.get("nbgrader", {})
    if nbgrader.get("grade"):
        noise = "".join(o.get("text", "") for o in item.test_outputs or []
                        if o.get("output_type") == "stream" and o.get("name") == "stderr")
        if noise:
            item.raise_cell_error(f"test cell {nbgrader.get('grade_id')!r} writes to stderr for the reference "
                                  f"answer:\n{noise[:2000]}")
    seconds = item.parent.course_cpu = _kernel_cpu_seconds(item)
    if getattr(item, "last_cell_of_notebook", False):
        item.user_properties.append(("notebook_seconds", (seconds, time.perf_counter() - item.parent.course_started)))
    if seconds > SMOKE_BUDGET_S and not getattr(item.parent, "course_over_budget", False):
        item.parent.course_over_budget = True
        item.raise_cell_error(f"{_notebook_name(item)} has used {seconds:.0f} CPU s in smoke mode by this cell "
                              f"(budget {SMOKE_BUDGET_S:g} CPU s per notebook)")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # nbval stops the kernel after the notebook's last cell
    workdir = getattr(item.parent, "course_workdir", None) if _is_notebook_cell(item) else None
    if workdir and (nextitem is None or nextitem.parent is not item.parent):
        shutil.rmtree(workdir, ignore_errors=True)
    return result


_notebook_seconds = {}


def pytest_runtest_logreport(report):
    for key, value in report.user_properties:
        if key == "notebook_seconds" and report.when == "call":
            _notebook_seconds[report.nodeid.split("::")[0]] = value


def pytest_terminal_summary(terminalreporter):
    if _notebook_seconds:
        terminalreporter.section(f"notebooks in smoke mode (budget {SMOKE_BUDGET_S:g} CPU s each)")
        for path, (cpu, wall) in sorted(_notebook_seconds.items()):
            terminalreporter.write_line(f"{cpu:6.1f} CPU s {wall:6.1f} s wall  {path}")
