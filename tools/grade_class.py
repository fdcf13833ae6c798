"""Autograde a lab's class (reference, blank release, every mutant) and print the table.

Usage: ``python -m tools.grade_class LAB`` — what the grading tests check, for a person.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tools import grading


def grade(lab: str, course: Path, extra: dict | None = None) -> tuple[dict, dict, float]:
    """Autograde the class of ``lab`` in ``course``; returns (scores, max scores, seconds)."""
    subs = {**grading.class_submissions(lab), **(extra or {})}
    grading.make_course(course, [lab])
    grading.nbgrader(course, "generate_assignment", lab, "--force")
    grading.submit(course, lab, subs)
    start = time.perf_counter()
    grading.nbgrader(course, "autograde", lab, "--force")
    seconds = time.perf_counter() - start
    return grading.scores(course, lab, list(subs)), grading.max_scores(course, lab), seconds


def main(argv: list[str]) -> int:
    (lab,) = argv
    with tempfile.TemporaryDirectory() as tmp:
        got, best, seconds = grade(lab, Path(tmp))
    print(f"{lab}: autograded {len(got)} submissions in {seconds:.0f} s ({seconds / len(got):.1f} s each)")
    for student, cells in got.items():
        lost = sorted(k for k, v in cells.items() if v < best[k])
        print(f"  {student:48s} {sum(cells.values()):5.2f}/{sum(best.values()):g}  lost: {', '.join(lost) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
