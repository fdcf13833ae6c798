"""release/ is what nbgrader generates now and leaks nothing.
Properties 4 and 5: notebook answers equal solutions/, and course_utils holds none of them."""
import tomllib

import nbformat
import pytest

from tools import grading
from tools.build_notebooks import ROOT, labs
from tools.release import generate


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    generate(labs(), out)
    return out


def _solution_lines(lab):
    """Non-trivial lines that students must write themselves, per question."""
    for q in grading.questions(lab):
        body = grading.reference_cell(lab, q).split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
        lines = {ln.strip() for ln in body.splitlines()}
        yield q, {ln for ln in lines if len(ln) >= 12 and not ln.startswith("#")}


@pytest.mark.parametrize("lab", labs())
def test_release_equals_a_fresh_generation(lab, fresh_release):
    committed = sorted(p.relative_to(ROOT / "release" / lab) for p in (ROOT / "release" / lab).rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(fresh_release / lab) for p in (fresh_release / lab).rglob("*") if p.is_file())
    assert committed == fresh, "run `make release`: files differ"
    for rel in fresh:
        assert (ROOT / "release" / lab / rel).read_bytes() == (fresh_release / lab / rel).read_bytes(), \
            f"release/{lab}/{rel} is stale: run `make release`"


@pytest.mark.parametrize("lab", labs())
def test_release_has_no_solution_and_no_hidden_test(lab):
    text = (ROOT / "release" / lab / f"{lab}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    nb = nbformat.read(ROOT / "release" / lab / f"{lab}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells)
    for q, lines in _solution_lines(lab):
        leaked = [ln for ln in lines if ln in code]
        assert not leaked, f"{lab}/{q}: solution lines in the release: {leaked}"
    # The hidden tests are the lab's checks, which run in the grading process; the notebooks hold none.
    source = (ROOT / "source" / lab / f"{lab}.nb.py").read_text()
    assert "HIDDEN TESTS" not in source, f"{lab}: hidden tests belong in tools/verdict/labs/{lab}.py"
    checks = (ROOT / "tools" / "verdict" / "labs" / f"{lab}.py").read_text()
    check_lines = {ln.strip() for ln in checks.splitlines() if len(ln.strip()) >= 20 and not ln.strip().startswith("#")}
    public = {ln.strip() for ln in source.splitlines()}
    assert len(check_lines - public) >= 20, f"{lab}: its checks hold almost nothing of their own"
    release_lines = {ln.strip() for ln in code.splitlines()}
    assert not (check_lines - public) & release_lines, f"check lines in the release: {(check_lines - public) & release_lines}"


@pytest.mark.parametrize("lab", labs())
def test_release_opens_in_colab(lab):
    nb = nbformat.read(ROOT / "release" / lab / f"{lab}.ipynb", as_version=4)
    with open(ROOT / "pyproject.toml", "rb") as f:
        url = tomllib.load(f)["tool"]["course"]["student_repo"]
    first = nb.cells[0].source
    assert f"git+{url}" in first and 'find_spec("course_utils") is None' in first
    assert nb.metadata["accelerator"] == "GPU"


@pytest.mark.parametrize("lab", labs())
def test_notebook_answers_are_the_reference_solutions(lab):
    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    answers = {c.metadata.nbgrader["grade_id"]: c.source for c in nb.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    files = {p.stem for p in (ROOT / "solutions" / lab).glob("*.py")}
    assert set(answers) == files, "every answer cell has exactly one file in solutions/"
    for q, source in answers.items():
        assert source == grading.reference_cell(lab, q)


def test_course_utils_holds_no_graded_solution():
    library = "\n".join(p.read_text() for p in (ROOT / "course_utils").rglob("*.py"))
    library_lines = {ln.strip() for ln in library.splitlines()}
    for lab in labs():
        for q, lines in _solution_lines(lab):
            shared = lines & library_lines
            assert len(shared) < max(2, len(lines) / 2), f"course_utils contains the answer to {lab}/{q}: {shared}"


def test_every_lab_and_the_student_readme_say_what_sends_a_notebook_to_review():
    from tools.build_notebooks import REVIEW_NOTE

    readme = " ".join((ROOT / "student" / "README.md").read_text().split())
    assert " ".join(REVIEW_NOTE.split("** ", 1)[1].split()) in readme
    for lab in labs():
        nb = nbformat.read(ROOT / "release" / lab / f"{lab}.ipynb", as_version=4)
        assert any(c.cell_type == "markdown" and c.source == REVIEW_NOTE for c in nb.cells[:4]), lab
