"""The instructor's whole loop on a small class, with no network.

Builds a class for each lab (the reference answers, the blank release, a few known wrong
answers and shortcuts, a Colab copy that lost its metadata, a notebook saved as
``Cópia de <lab>.ipynb``, and one student who tampers with the grading), imports the
class roster, grades everything in the sandbox in parallel with :mod:`tools.autograde`,
exports ``grades.csv`` and prints who got what. One student hands in Lab 01 only: the
other labs show as missing, not as zero. Runs in this repository's course folders
(``submitted/``, ``autograded/``, ``feedback/``) with the gradebook from
``nbgrader_config.py`` (SQLite here, or ``NBGRADER_DB_URL``).

Usage: ``python -m tools.demo [LAB ...]`` (``make demo``).
"""
from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from tools import autograde, grading
from tools.build_notebooks import labs

os.environ.setdefault("COURSE_SMOKE", "1")
ROSTER = [("ana", "Ana", "Souza"), ("bruno", "Bruno", "Lima"), ("carla", "Carla", "Dias"), ("davi", "Davi", "Rocha"),
          ("eva", "Eva", "Melo"), ("fabio", "Fábio", "Reis"), ("gabi", "Gabriela", "Nunes"), ("hugo", "Hugo", "Pires"),
          ("iris", "Íris", "Costa")]


def demo_class(lab: str) -> dict[str, object]:
    """Submissions of ``lab`` by student id: nbformat notebooks, or raw text for damaged files."""
    solution = grading.solution_answers(lab)
    mutants = grading.load_mutants(lab)
    wrong = next(m for m in mutants if m.kind == "wrong")
    shortcut = next((m for m in mutants if m.kind == "shortcut"), wrong)
    first = grading.questions(lab)[0]
    colab = grading.fill(lab, solution)
    colab.nbformat_minor = 4
    for cell in colab.cells:
        cell.metadata.pop("nbgrader", None)
        cell.pop("id", None)
    return {
        "ana": grading.fill(lab, solution),
        "bruno": grading.fill(lab, {}),
        "carla": grading.fill(lab, {**solution, wrong.question: grading.mutant_code(wrong)}),
        "davi": grading.fill(lab, {**solution, shortcut.question: grading.mutant_code(shortcut)}),
        "eva": colab,
        "fabio": ("renamed", grading.fill(lab, solution)),
        "gabi": grading.fill(lab, {first: "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)"}),
        "hugo": ("truncated", grading.fill(lab, solution)),
    }


def submit(course: Path, lab: str, subs: dict) -> None:
    import nbformat

    for student, sub in subs.items():
        folder = course / "submitted" / student / lab
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(sub, tuple):
            how, nb = sub
            text = nbformat.writes(nb)
            if how == "renamed":
                (folder / f"Cópia de {lab}.ipynb").write_text(text)
            else:
                (folder / f"{lab}.ipynb").write_text(text[: len(text) // 3])
        else:
            nbformat.write(sub, folder / f"{lab}.ipynb")


def main(argv: list[str]) -> int:
    course = grading.ROOT
    lab_names = argv or labs()
    for folder in ("submitted", "autograded", "feedback"):
        shutil.rmtree(course / folder, ignore_errors=True)
    (course / "gradebook.db").unlink(missing_ok=True)
    url = autograde.db_url(course)
    print(f"gradebook: {make_url(url).render_as_string(hide_password=True)}")

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        csv.writer(f).writerows([("id", "first_name", "last_name", "email"),
                                 *[(i, first, last, f"{i}@example.edu") for i, first, last in ROSTER]])
    grading.nbgrader(course, "db", "student", "import", f.name)
    os.unlink(f.name)
    print(f"roster: {len(ROSTER)} students imported (make roster ROSTER=students.csv)")

    for lab in lab_names:
        submit(course, lab, demo_class(lab))
    # iris hands in Lab 01 only: her other labs are missing, not zero.
    submit(course, lab_names[0], {"iris": grading.fill(lab_names[0], grading.solution_answers(lab_names[0]))})

    report = autograde.grade(course, lab_names, jobs=int(os.environ.get("JOBS", 0)) or None)
    print(report.table())
    print(f"\nreport: {course / autograde.REPORT}; nbgrader's log: {report.log_path}")

    grading.nbgrader(course, "export", "--to", str(course / "grades.csv"))
    status = {(r.student_id, r.assignment): r for r in report.rows}
    print("\ngrades.csv written. Final table (missing: not handed in; refused: see the report):\n")
    print(f"{'student':10s}" + "".join(f"{lab:>10s}" for lab in lab_names))
    for student, *_ in ROSTER:
        cells = []
        for lab in lab_names:
            row = status.get((student, lab))
            cells.append("missing" if row is None else row.status if row.score is None
                         else f"{row.score:.2f}" + ("*" if row.status == "flagged" else ""))
        print(f"{student:10s}" + "".join(f"{c:>10s}" for c in cells))
    print("\n* flagged for review: the score stands until you read the evidence in the report.")
    print(f"feedback pages: {course / 'feedback'}/<student>/<lab>/<lab>.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
