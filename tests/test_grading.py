"""The grade is right, with the real nbgrader through the grading engine (tools/autograde) and the
gradebook it writes: the reference gets full marks, the blank release zero; each ``wrong``
or ``shortcut`` mutant loses points in its own question and in no other; each ``correct``
mutant keeps full marks; and no feedback page shows a hidden test, failing students' included."""
import html
import os
import re

import nbformat
import pytest

from tools import grading
from tools.build_notebooks import labs
from tools.grade_class import blind_rounds, grade


def noisy(answer: str) -> str:
    """A correct answer that writes to stderr every time it runs: a debug print, a warning,
    a progress bar (each flushed on its own), as students and libraries do."""
    lines = answer.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(("def ", "class ")))
    body = next(ln for ln in lines[at + 1:] if ln.strip())
    pad = body[: len(body) - len(body.lstrip())]
    noise = (f"{pad}import sys, warnings; print('depurando...', file=sys.stderr); sys.stderr.flush(); "
             f"warnings.warn('aviso de biblioteca'); sys.stderr.write(' 50%|#####  | 5/10 [00:01<00:01]'); "
             f"sys.stderr.write('\\n')")
    return "\n".join([*lines[: at + 1], noise, *lines[at + 1:]])


def hidden_lines(lab: str) -> set[str]:
    """Lines of the lab's checks (tools/verdict/labs) and of any hidden test left in the source,
    long enough to mean something, that the release does not show."""
    source = nbformat.read(grading.ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    hidden_re = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
    tests = [c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")]
    checks = grading.ROOT / "tools" / "verdict" / "labs" / f"{lab}.py"
    blocks = [b for src in tests for b in hidden_re.findall(src)] + ([checks.read_text()] if checks.exists() else [])
    released = {ln.strip() for c in grading.fill(lab, {}).cells for ln in c.source.splitlines()}
    return {ln.strip() for b in blocks for ln in b.splitlines() if len(ln.strip()) > 20} - released


def own_lines(course, lab: str, student: str) -> set[str]:
    """The lines a student wrote in the answer cells: the page shows them as theirs."""
    nb = nbformat.read(course / "submitted" / student / lab / f"{lab}.ipynb", as_version=4)
    return {ln.strip() for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
            for ln in c.source.splitlines()}


def shown(page: str) -> set[str]:
    return {ln.strip() for ln in html.unescape(re.sub(r"<[^>]+>", "", page)).splitlines()}


@pytest.mark.parametrize("lab", labs())
def test_autograder_scores_the_class(lab, tmp_path):
    questions = grading.questions(lab)
    mutants = grading.load_mutants(lab)
    for q in questions:
        kinds = {m.kind for m in mutants if m.question == q}
        assert {"wrong", "correct"} <= kinds, f"{lab}/{q} needs wrong and correct mutants, has {sorted(kinds)}"

    solution = grading.solution_answers(lab)
    first = questions[0]
    # Mutants in rounds of one per question (COURSE_ALL_MUTANTS=1: each wrong one alone, extras too);
    # the blind answers (solutions/mutants/blind) are measured by `python -m tools.grade_class LAB --blind`.
    loud = grading.Mutant(lab=lab, question=first, name="noisy", why="writes to stderr each time it runs", old="",
                          new="", kind="correct", code=noisy(solution[first]))
    # One round of the blind answers each day (one per question); all of them with COURSE_BLIND=1.
    blind = blind_rounds(lab)
    chosen = {**grading.class_rounds(lab, [*mutants, loud]),
              **(blind if os.environ.get("COURSE_BLIND") == "1" else dict(list(blind.items())[:1]))}
    class_ = {"solution": grading.fill(lab, solution), "blank": grading.fill(lab, {}),
              **grading.round_submissions(lab, chosen)}
    course = tmp_path / "course"
    got, best, seconds, report = grade(lab, course, jobs=2, class_=class_)
    print(f"{lab}: {len(got)} submissions autograded in {seconds:.0f} s")
    total = sum(best.values())
    assert total == pytest.approx(10), f"{lab} is worth {total} points, not 10"

    rows = {r.student_id: r for r in report.rows}
    # Only a shortcut may be flagged for review: the scan must not hold an honest student's grade.
    cover = {s for s, r in chosen.items() if any(m.kind == "shortcut" for m in r.values())}
    problems = [f"{r.student_id}: {r.status} ({'; '.join(r.reasons)})" for r in report.rows
                if r.status == "refused" or (r.status == "flagged" and r.student_id not in cover)]
    lost = sorted(k for k, v in got["solution"].items() if v < best[k])
    if lost:
        problems.append(f"the reference lost points in {lost}")
    if sum(got["blank"].values()) != 0:
        problems.append(f"blank release scored {sum(got['blank'].values())}")
    # Each answer is judged in its own question: a right one keeps its points, a wrong one or a
    # shortcut loses some; no round loses points in a question it did not change.
    outcome, stray = grading.round_outcome(got, best, chosen)
    for m, lost in outcome:
        where = "blind answer" if m.code and m is not loud else "mutant"
        if m.kind == "correct" and lost:
            problems.append(f"right {where} {m.question}/{m.name} ({m.why}) lost {lost}")
        elif m.kind != "correct" and not lost:
            problems.append(f"{m.kind} {where} {m.question}/{m.name} ({m.why}) lost no points")
    problems += [f"lost points outside the questions it changed: {line}" for line in stray]
    assert not problems, "\n".join(problems)

    # Feedback: visible tests and the score, never a hidden test, for failing students too.
    hidden = hidden_lines(lab)
    pages = {s: (course / "feedback" / s / lab / f"{lab}.html") for s in rows}
    assert all(p.exists() for p in pages.values()), "every graded student gets a feedback page"
    failing = 0
    for student, path in pages.items():
        page = path.read_text()
        lines = shown(page) - own_lines(course, lab, student)
        assert not hidden & lines, f"{student}'s feedback shows hidden tests: {sorted(hidden & lines)[:3]}"
        assert "BEGIN HIDDEN TESTS" not in page and str(course) not in page and str(grading.ROOT) not in page
        failing += "TesteFalhou" in page
    assert failing, "some mutant fails a check, and its page shows the check's message"
    visible = shown(pages["solution"].read_text())
    tests = [c.source for c in grading.fill(lab, {}).cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert any(ln.strip() in visible for src in tests for ln in src.splitlines() if len(ln.strip()) > 20), \
        "feedback shows the visible tests"


@pytest.mark.parametrize("lab", labs())
def test_every_check_is_stated_to_the_student(lab):
    """Each check of the grading process names the sentence of its question that states it, and
    that sentence is in the release the student reads: no rule the text does not tell."""
    from tools.verdict.session import registry

    release = nbformat.read(grading.ROOT / "release" / lab / f"{lab}.ipynb", as_version=4)
    text = " ".join(" ".join(c.source.split()) for c in release.cells)
    checks = registry(lab)
    tests = {c.metadata.nbgrader["grade_id"] for c in release.cells
             if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata.nbgrader.get("solution")}
    assert tests <= {c.grade_id for c in checks}, f"test cells with no check: {sorted(tests - {c.grade_id for c in checks})}"
    unstated = [f"{c.name}: {c.states!r}" for c in checks if " ".join(c.states.split()) not in text]
    assert not unstated, "checks whose sentence is not in the release:\n" + "\n".join(unstated)


def test_mutant_that_does_not_apply_is_an_error():
    m = grading.Mutant(lab=labs()[0], question=grading.questions(labs()[0])[0], name="x", why="", old="no such code",
                       new="")
    with pytest.raises(ValueError, match="occurs 0 times"):
        grading.mutant_code(m)


def test_mutant_kind_is_checked():
    with pytest.raises(ValueError, match="kind"):
        grading.Mutant(lab="lab01", question="q", name="x", why="", old="a", new="b", kind="meh")


def test_mutants_are_grouped_one_per_question_per_round():
    ms = [grading.Mutant(lab="l", question=q, name=n, why="", old="a", new="b", kind=k)
          for q, n, k in (("a", "1", "wrong"), ("a", "2", "correct"), ("b", "1", "shortcut"), ("a", "3", "wrong"))]
    assert [sorted(r) for r in grading.rounds(ms)] == [["a", "b"], ["a"], ["a"]]
    every = grading.class_rounds("l", ms, alone=True)
    assert [sorted(r) for r in every.values()] == [["a"], ["b"], ["a"], ["a"]]
    assert set(every) == {ms[0].student, ms[2].student, ms[3].student, "correct-1"}
