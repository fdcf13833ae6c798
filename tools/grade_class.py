"""Autograde a lab's class (reference, blank release, every mutant) and print the table.

Usage: ``python -m tools.grade_class LAB [--jobs N]`` — what the grading tests check, for a person.
The class is graded by :mod:`tools.autograde`, in the sandbox, in parallel.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from tools import autograde, grading


def grade(lab: str, course: Path, extra: dict | None = None, jobs: int | None = None):
    """Autograde the class of ``lab`` in a new course at ``course``.

    Returns (scores per student and cell, max score per cell, seconds, report).
    """
    subs = {**grading.class_submissions(lab), **(extra or {})}
    grading.make_course(course, [lab])
    grading.submit(course, lab, subs)
    start = time.perf_counter()
    report = autograde.grade(course, [lab], jobs=jobs or os.cpu_count(), progress=False)
    seconds = time.perf_counter() - start
    graded = [r.student_id for r in report.rows if r.status != "refused"]
    return grading.scores(course, lab, graded), grading.max_scores(course, lab), seconds, report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lab")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        got, best, seconds, report = grade(args.lab, Path(tmp), jobs=args.jobs)
    print(f"{args.lab}: autograded {len(report.rows)} submissions in {seconds:.0f} s")
    status = {r.student_id: r.status for r in report.rows}
    for student, cells in got.items():
        lost = sorted(k for k, v in cells.items() if v < best[k])
        print(f"  {student:48s} {status[student]:9s} {sum(cells.values()):5.2f}/{sum(best.values()):g}  "
              f"lost: {', '.join(lost) or '-'}")
    for r in report.rows:
        if r.status == "refused":
            print(f"  {r.student_id:48s} refused: {'; '.join(r.reasons)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
