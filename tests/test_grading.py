"""Property 3, with the real `nbgrader autograde` and the gradebook it writes:
the reference gets full marks, the blank release zero, and each known wrong answer
loses points in its own question and in no other."""
import html
import re
from pathlib import Path

import nbformat
import pytest

from tools import grading, submissions
from tools.build_notebooks import labs
from tools.grade_class import grade

MIN_MUTANTS_PER_QUESTION = 3
# Library noise on stderr after every cell, test cells included: a warning, then a
# progress bar, then a lone newline, each flushed as a stream message of its own.
NOISE = """
import sys as _sys
def _noise(_result):
    for _text in ("/site-packages/lib.py:3: UserWarning: barulho de biblioteca", " 50%|#####  | 5/10 [00:01<00:01, 4.98it/s]", "\\n"):
        _sys.stderr.write(_text)
        _sys.stderr.flush()
get_ipython().events.register("post_run_cell", _noise)
"""


def _colab_copy(lab):
    """The reference, as Colab might save it: no nbgrader metadata, no cell ids."""
    nb = grading.fill(lab, grading.solution_answers(lab))
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
        cell.pop("id", None)
    return nb


@pytest.mark.parametrize("lab", labs())
def test_autograder_scores_the_class(lab, tmp_path):
    questions = grading.questions(lab)
    mutants = grading.load_mutants(lab)
    for q in questions:
        n = sum(m.question == q for m in mutants)
        assert n >= MIN_MUTANTS_PER_QUESTION, f"{lab}/{q} has {n} mutants"

    solution = grading.solution_answers(lab)
    first = questions[0]
    extra = {"noisy": grading.fill(lab, {**solution, first: solution[first] + NOISE})}
    course = tmp_path / "course"
    if lab == labs()[0]:
        # Metadata lost in Colab: caught and restored before autograding.
        grading.make_course(course, [lab])
        grading.nbgrader(course, "generate_assignment", lab, "--force")
        grading.submit(course, lab, {"colab": _colab_copy(lab)})
        assert submissions.check(lab, course, fix=False), "lost metadata must be reported"
        assert submissions.check(lab, course, fix=True) == []
    got, best, seconds = grade(lab, course, extra)
    students = ["solution", "noisy"]
    if lab == labs()[0]:
        got.update(grading.scores(course, lab, ["colab"]))
        students.append("colab")
    print(f"{lab}: {len(got)} submissions autograded in {seconds:.0f} s")
    total = sum(best.values())
    assert total == pytest.approx(10), f"{lab} is worth {total} points, not 10"

    problems = []
    for student in students:
        lost = sorted(k for k, v in got[student].items() if v < best[k])
        if lost:
            problems.append(f"{student} (a correct answer) lost points in {lost}")
    if sum(got["blank"].values()) != 0:
        problems.append(f"blank release scored {sum(got['blank'].values())}")
    for m in mutants:
        lost = {k for k, v in got[m.student].items() if v < best[k]}
        if not lost:
            problems.append(f"mutant {m.question}/{m.name} ({m.why}) lost no points")
        elif {grading.question_of(k) for k in lost} != {m.question}:
            problems.append(f"mutant {m.question}/{m.name} lost points outside its question: {sorted(lost)}")
    assert not problems, "\n".join(problems)

    # Feedback shows the visible tests and the score, never the hidden tests.
    grading.nbgrader(course, "generate_feedback", lab, "--student", "solution")
    page = (course / "feedback" / "solution" / lab / f"{lab}.html").read_text()
    source = nbformat.read(grading.ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    hidden_re = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
    tests = [c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")]
    visible = {ln.strip() for src in tests for ln in hidden_re.sub("", src).splitlines() if len(ln.strip()) > 20}
    hidden = {ln.strip() for src in tests for b in hidden_re.findall(src) for ln in b.splitlines()
              if len(ln.strip()) > 20} - visible
    shown = {ln.strip() for ln in html.unescape(re.sub(r"<[^>]+>", "", page)).splitlines()}
    assert visible & shown, "feedback should show the visible tests"
    assert not hidden & shown, f"feedback shows hidden tests: {sorted(hidden & shown)}"


def test_unrepairable_submission_is_reported_by_name(tmp_path, capsys):
    lab = labs()[0]
    nb = _colab_copy(lab)
    answer = next(i for i, c in enumerate(grading.fill(lab, {}).cells) if c.metadata.get("nbgrader", {}).get("solution"))
    del nb.cells[answer]  # the student deleted an answer cell
    course = grading.make_course(tmp_path, [lab])
    grading.nbgrader(course, "generate_assignment", lab, "--force")
    grading.submit(course, lab, {"maria": nb})
    assert submissions.main([lab, "--fix", "--course", str(course)]) == 1
    err = capsys.readouterr().err
    assert "maria" in err and "would be graded as zero" in err
    assert not Path(course / "submitted" / "maria" / lab / f"{lab}.ipynb.orig").exists()


def test_mutant_that_does_not_apply_is_an_error():
    m = grading.Mutant(lab=labs()[0], question=grading.questions(labs()[0])[0], name="x", why="", old="no such code",
                       new="")
    with pytest.raises(ValueError, match="occurs 0 times"):
        grading.mutant_code(m)
