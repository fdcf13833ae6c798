"""Build classes of submissions from reference answers and mutants, and read scores
back from the gradebook. Grading itself is :mod:`tools.autograde`'s job.

Used by the tests (``tests/test_grading.py``), ``python -m tools.grade_class`` and ``make demo``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
KINDS = ("wrong", "shortcut", "correct")


@dataclass(frozen=True)
class Mutant:
    """A variant of one question's reference answer: ``old`` replaced by ``new``.

    ``kind`` says what the autograder must do with it: a ``wrong`` answer and a
    ``shortcut`` (the work skipped: the library call, the copy from the installed
    package, the forbidden function) lose points in their own question and in no
    other; a ``correct`` answer (written another way) keeps full marks.
    """

    lab: str
    question: str
    name: str
    why: str
    old: str
    new: str
    kind: str = "wrong"
    extra: bool = False  # run only with COURSE_ALL_MUTANTS=1 (make test-all-mutants)
    code: str = ""  # a whole answer cell (the blind answers) instead of ``old`` -> ``new``

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"mutant {self.lab}/{self.name}: kind {self.kind!r} is not one of {KINDS}")

    @property
    def student(self) -> str:
        return f"{'blind' if self.code else 'mutant'}-{self.question}-{self.name}".replace("_", "-")


def question_of(grade_id: str) -> str:
    """The question a grade id belongs to: ``transform_t2`` -> ``transform``."""
    return grade_id.rsplit("_t", 1)[0]


def reference_cell(lab: str, question: str) -> str:
    """The instructor's answer cell, markers included."""
    return (ROOT / "solutions" / lab / f"{question}.py").read_text().strip("\n")


def strip_markers(code: str) -> str:
    """What a student who wrote the reference answer would hand in."""
    return "\n".join(line for line in code.splitlines() if line.strip() not in SOLUTION_MARKERS)


def questions(lab: str) -> list[str]:
    """Autograded answer cells of a lab's release notebook, in order."""
    nb = nbformat.read(ROOT / "release" / lab / f"{lab}.ipynb", as_version=4)
    return [c.metadata.nbgrader["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


def load_mutants(lab: str, include_extra: bool | None = None) -> list[Mutant]:
    """The lab's known wrong answers; those marked ``extra`` only when asked for
    (or with ``COURSE_ALL_MUTANTS=1``), to keep the everyday suite short."""
    path = ROOT / "solutions" / "mutants" / f"{lab}.toml"
    if not path.exists():
        return []
    if include_extra is None:
        include_extra = os.environ.get("COURSE_ALL_MUTANTS", "") == "1"
    with open(path, "rb") as f:
        entries = tomllib.load(f)["mutant"]
    return [m for m in (Mutant(lab=lab, **entry) for entry in entries) if include_extra or not m.extra]


BLIND = ROOT / "solutions" / "mutants" / "blind"


def load_blind(lab: str) -> list[Mutant]:
    """Answers written blind, from the release notebook alone, by someone who never read the
    tests or the solutions: ``blind/<lab>/<question>/<kind>-<name>.py``, each a whole answer
    cell headed by ``# kind: ...`` and ``# why: ...`` lines."""
    found = []
    for path in sorted((BLIND / lab).glob("*/*.py")):
        kind, _, name = path.stem.partition("-")
        head = dict(ln[2:].split(": ", 1) for ln in path.read_text().splitlines()[:2] if ": " in ln)
        found.append(Mutant(lab=lab, question=path.parent.name, name=name, why=head.get("why", ""), old="", new="",
                            kind=kind, code=path.read_text()))
    return found


def rounds(mutants: list[Mutant]) -> list[dict[str, Mutant]]:
    """Mutants grouped so that each round holds at most one per question: one submission per
    round, each question's verdict read on its own (a wrong answer must lose the points of its
    own question, and only those; a right one must keep them, beside the others)."""
    grouped: list[dict[str, Mutant]] = []
    for m in mutants:
        spot = next((r for r in grouped if m.question not in r), None)
        if spot is None:
            grouped.append(spot := {})
        spot[m.question] = m
    return grouped


def mutant_code(m: Mutant) -> str:
    if m.code:
        return m.code
    code = strip_markers(reference_cell(m.lab, m.question))
    count = code.count(m.old)
    if count != 1:
        raise ValueError(f"mutant {m.lab}/{m.name}: {m.old!r} occurs {count} times in {m.question}, expected 1")
    return code.replace(m.old, m.new)


def fill(lab: str, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The release notebook with the given answer cells replaced."""
    nb = nbformat.read(ROOT / "release" / lab / f"{lab}.ipynb", as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def solution_answers(lab: str) -> dict[str, str]:
    return {q: strip_markers(reference_cell(lab, q)) for q in questions(lab)}


def class_rounds(lab: str, mutants: list[Mutant] | None = None, alone: bool | None = None) -> dict[str, dict[str, Mutant]]:
    """The mutants of a class, by the submission that carries them. Each day, in :func:`rounds`
    (``round-N``: one mutant per question, the reference elsewhere), so a class is a handful of
    notebooks; ``alone`` (or ``COURSE_ALL_MUTANTS=1``) gives each ``wrong`` or ``shortcut`` mutant
    a notebook of its own, named after it, and the ``correct`` ones their rounds (``correct-N``)."""
    mutants = load_mutants(lab) if mutants is None else mutants
    if alone is None:
        alone = os.environ.get("COURSE_ALL_MUTANTS", "") == "1"
    if not alone:
        return {f"round-{k + 1}": r for k, r in enumerate(rounds(mutants))}
    return {**{m.student: {m.question: m} for m in mutants if m.kind != "correct"},
            **{f"correct-{k + 1}": r for k, r in enumerate(rounds([m for m in mutants if m.kind == "correct"]))}}


def round_outcome(got: dict, best: dict, chosen: dict[str, dict[str, Mutant]]):
    """``[(mutant, cells of its question it lost)]`` for the rounds ``chosen`` (by student), and
    the cells a round lost outside the questions it changed (none is right)."""
    outcome, stray = [], []
    for student, r in chosen.items():
        cells = got.get(student, {c: 0.0 for c in best})
        lost = {c for c, v in cells.items() if v < best[c]}
        outcome += [(m, sorted(c for c in lost if question_of(c) == q)) for q, m in r.items()]
        stray += [f"{student}: {c}" for c in sorted(lost) if question_of(c) not in r]
    return outcome, stray


def round_submissions(lab: str, chosen: dict[str, dict[str, Mutant]]) -> dict[str, nbformat.NotebookNode]:
    """Each round as a notebook: the reference with the round's answers in their cells."""
    solution = solution_answers(lab)
    return {s: fill(lab, {**solution, **{q: mutant_code(m) for q, m in r.items()}}) for s, r in chosen.items()}


def class_submissions(lab: str, mutants: list[Mutant] | None = None, alone: bool | None = None) -> dict[str, nbformat.NotebookNode]:
    """A class for ``lab``: the reference, the blank release and the mutants (see :func:`class_rounds`)."""
    return {"solution": fill(lab, solution_answers(lab)), "blank": fill(lab, {}),
            **round_submissions(lab, class_rounds(lab, mutants, alone))}


def nbgrader(course: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real nbgrader command line in ``course``."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    # nbgrader runs `alembic` from PATH: put this interpreter's scripts first.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    proc = subprocess.run(cmd, cwd=course, capture_output=True, text=True,
                          env={**os.environ, "PATH": path, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}")
    return proc


def make_course(course: Path, labs: list[str]) -> Path:
    """A throw-away course folder with the config and the source of ``labs``."""
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    for lab in labs:
        shutil.copytree(ROOT / "source" / lab, course / "source" / lab, dirs_exist_ok=True)
    return course


def submit(course: Path, lab: str, submissions: dict[str, nbformat.NotebookNode]) -> None:
    for student, nb in submissions.items():
        out = course / "submitted" / student / lab
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / f"{lab}.ipynb")


def db_url(course: Path) -> str:
    return os.environ.get("NBGRADER_DB_URL", f"sqlite:///{course / 'gradebook.db'}")


def scores(course: Path, lab: str, students: list[str]) -> dict[str, dict[str, float]]:
    """Per student, the autograded score of every test cell, read from the gradebook."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(db_url(course)) as gb:
        for student in students:
            nb = gb.find_submission_notebook(lab, lab, student)
            out[student] = {g.name: float(g.score) for g in nb.grades}
    return out


def max_scores(course: Path, lab: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course)) as gb:
        nb = gb.find_notebook(lab, lab)
        return {c.name: float(c.max_score) for c in nb.grade_cells}
