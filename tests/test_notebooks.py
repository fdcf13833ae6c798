"""Every source notebook runs top to bottom in smoke mode within its budget.

The notebooks themselves are executed by nbval (``make test`` passes ``--nbval-lax
source/*/*.ipynb``); conftest.py adds the budget, the stderr check of test cells
and the private working folder. This file checks how the notebooks are committed, and
that those checks of conftest.py do fail when they should.
"""
import os
import subprocess
import sys

import nbformat
import pytest

from tools.build_notebooks import ROOT, build, labs, render


@pytest.mark.parametrize("lab", labs())
def test_source_notebook_is_built_from_its_text_source(lab):
    committed = (ROOT / "source" / lab / f"{lab}.ipynb").read_text()
    assert committed == render(build(lab)), f"run `make notebooks`: source/{lab}/{lab}.ipynb is stale"


@pytest.mark.parametrize("folder", ["source", "release"])
def test_notebooks_are_committed_without_outputs(folder):
    for path in (ROOT / folder).rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
        assert not dirty, f"{path}: cells {dirty} have outputs"


def test_makefile_runs_every_source_notebook_with_nbval():
    rule = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "--nbval-lax" in rule and "source/*/*.ipynb" in rule and "--dist loadgroup" in rule
    assert {p.parent.name for p in ROOT.glob("source/*/*.ipynb")} == set(labs())


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for source, grade in cells:
        cell = nbformat.v4.new_code_cell(source)
        if grade:
            cell.metadata["nbgrader"] = {"grade": True, "grade_id": grade, "points": 1, "locked": True,
                                         "solution": False, "schema_version": 3}
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def _nbval(tmp_path, notebooks, budget, *options):
    env = {**os.environ, "COURSE_NOTEBOOK_BUDGET_S": str(budget)}
    env.pop("COURSE_SMOKE", None)  # conftest.py must set it for the kernel
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", "-q", "--rootdir", str(tmp_path), *options, *map(str, notebooks)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_nbval_keeps_a_notebook_on_one_worker_checks_stderr_in_test_cells_and_runs_in_a_private_folder(tmp_path):
    quiet = _notebook(tmp_path / "quiet.ipynb", [
        ("import os, sys\nassert os.environ['COURSE_SMOKE'] == '1'\nopen('probe.txt', 'w').write('x')", None),
        ("sys.stderr.write('noise outside test cells is allowed\\n')\nx = 1", None),
        *[("x += 1", None)] * 6,  # cells of one notebook share one kernel, so one worker
        ("assert x == 7, x\nprint('ok')", "t_quiet"),
    ])
    noisy = _notebook(tmp_path / "noisy.ipynb", [
        ("import sys\nsys.stderr.write('a warning in a test cell\\n')", "t_noisy"),
    ])
    run = _nbval(tmp_path, [quiet, noisy], 120, "-n", "2", "--dist", "loadgroup")
    out = run.stdout + run.stderr
    assert "1 failed, 9 passed" in out, out
    assert "t_noisy" in out and "a warning in a test cell" in out
    assert not (tmp_path / "probe.txt").exists(), "the kernel wrote into the notebook's folder"
    assert "notebooks in smoke mode" in out and "quiet.ipynb" in out


def test_nbval_fails_a_notebook_over_its_budget(tmp_path):
    slow = _notebook(tmp_path / "slow.ipynb", [("x = 1", None), ("y = 2", None)])
    run = _nbval(tmp_path, [slow], budget=0.01)
    out = run.stdout + run.stderr
    assert "1 failed, 1 passed" in out and "budget 0.01 CPU s per notebook" in out, out
