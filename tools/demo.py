"""The instructor's whole loop on a small class, with no network.

Generates the release of every lab, builds a class of submissions (the reference
answers, the blank release, one wrong answer per question), checks them for lost
metadata, autogrades them, generates feedback, exports ``grades.csv`` and prints
who got what. Runs in this repository's course folders (``submitted/``,
``autograded/``, ``feedback/``) with the gradebook from ``nbgrader_config.py``
(SQLite here, or ``NBGRADER_DB_URL``).

Usage: ``python -m tools.demo [LAB ...]``
"""
from __future__ import annotations

import csv
import os
import shutil
import sys
import time

from tools import grading, submissions
from tools.build_notebooks import labs

os.environ.setdefault("COURSE_SMOKE", "1")


def demo_class(lab: str) -> dict:
    """Reference, blank, and the first mutant of each question."""
    chosen, seen = [], set()
    for m in grading.load_mutants(lab):
        if m.question not in seen:
            seen.add(m.question)
            chosen.append(m)
    return grading.class_submissions(lab, chosen)


def main(argv: list[str]) -> int:
    course = grading.ROOT
    lab_names = argv or labs()
    for folder in ("submitted", "autograded", "feedback"):
        shutil.rmtree(course / folder, ignore_errors=True)
    students: dict[str, list[str]] = {}
    for lab in lab_names:
        start = time.perf_counter()
        grading.nbgrader(course, "generate_assignment", lab, "--force")
        subs = demo_class(lab)
        grading.submit(course, lab, subs)
        problems = submissions.check(lab, course, fix=True)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        grading.nbgrader(course, "autograde", lab, "--force")
        grading.nbgrader(course, "generate_feedback", lab, "--force")
        students[lab] = list(subs)
        print(f"{lab}: {len(subs)} submissions released, autograded and given feedback "
              f"in {time.perf_counter() - start:.0f} s")
    grading.nbgrader(course, "export", "--to", str(course / "grades.csv"))

    with open(course / "grades.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["assignment"] in lab_names]
    table: dict[str, dict[str, float]] = {}
    for r in rows:
        table.setdefault(r["student_id"], {})[r["assignment"]] = float(r["score"])
    print(f"\ngrades.csv written; gradebook: {grading.db_url(course)}\n")
    print(f"{'student':44s}" + "".join(f"{lab:>8s}" for lab in lab_names))
    for student in sorted(table, key=lambda s: (s != "solution", s != "blank", s)):
        print(f"{student:44s}" + "".join(
            f"{table[student][lab]:8.2f}" if lab in table[student] else f"{'-':>8s}" for lab in lab_names))
    print(f"\nfeedback pages: {course / 'feedback'}/<student>/<lab>/<lab>.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
