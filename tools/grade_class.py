"""Autograde a lab's class (reference, blank release, every mutant) and print the table.

Usage: ``python -m tools.grade_class LAB [--jobs N] [--blind]`` — what the grading tests check, for
a person. With ``--blind``, the answers written blind (``solutions/mutants/blind/LAB``) instead, in
rounds of one answer per question, with the figures: wrong and shortcut answers caught, right
answers that kept their points. The class is graded by :mod:`tools.autograde`, in the sandbox,
in parallel.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from tools import autograde, grading


def grade(lab: str, course: Path, extra: dict | None = None, jobs: int | None = None, class_: dict | None = None):
    """Autograde the class of ``lab`` (or the submissions ``class_``) in a new course at ``course``.

    Returns (scores per student and cell, max score per cell, seconds, report).
    """
    subs = {**(grading.class_submissions(lab) if class_ is None else class_), **(extra or {})}
    grading.make_course(course, [lab])
    grading.submit(course, lab, subs)
    start = time.perf_counter()
    report = autograde.grade(course, [lab], jobs=jobs or os.cpu_count(), progress=False)
    seconds = time.perf_counter() - start
    graded = [r.student_id for r in report.rows if r.status != "refused"]
    return grading.scores(course, lab, graded), grading.max_scores(course, lab), seconds, report


def blind_rounds(lab: str) -> dict[str, dict[str, grading.Mutant]]:
    """The lab's blind answers in rounds of one answer per question (the reference elsewhere)."""
    return {f"blind-round-{k + 1}": r for k, r in enumerate(grading.rounds(grading.load_blind(lab)))}


def grade_blind(lab: str, course: Path, jobs: int | None = None):
    """Grade the lab's blind answers alone: ``(outcome, stray, seconds, report)``."""
    chosen = blind_rounds(lab)
    got, best, seconds, report = grade(lab, course, jobs=jobs, class_=grading.round_submissions(lab, chosen))
    return (*grading.round_outcome(got, best, chosen), seconds, report)


def where_time_went(report) -> str:
    """Mean seconds per submission: kernel start, the student's cells, the grading process's
    checks, nbgrader itself, the feedback page."""
    keys = ("kernel start", "cells", "verdict", "nbgrader itself", "feedback page")
    rows = [r for r in report.rows if r.seconds]
    return ", ".join(f"{k} {sum(r.seconds.get(k, 0.0) for r in rows) / max(len(rows), 1):.1f} s" for k in keys)


def blind_figures(outcome) -> dict[str, tuple[int, int]]:
    """(deserved, total) per kind: wrong and shortcut answers that lost points, right ones that did not."""
    figures = {}
    for kind in grading.KINDS:
        mine = [lost for m, lost in outcome if m.kind == kind]
        good = sum(bool(lost) != (kind == "correct") for lost in mine)
        figures[kind] = (good, len(mine))
    return figures


def print_outcome(outcome, stray) -> None:
    for m, lost in outcome:
        deserved = bool(lost) != (m.kind == "correct")
        print(f"  {'ok ' if deserved else 'BAD'} {m.kind:8s} {m.question}/{m.name:32s} lost: "
              f"{', '.join(lost) or '-'}  ({m.why[:70]})")
    for line in stray:
        print(f"  BAD lost outside the round's questions: {line}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lab")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--blind", action="store_true", help="the blind answers, with their figures")
    args = parser.parse_args(argv)
    if args.blind:
        with tempfile.TemporaryDirectory() as tmp:
            outcome, stray, seconds, report = grade_blind(args.lab, Path(tmp), jobs=args.jobs)
        print_outcome(outcome, stray)
        figures = blind_figures(outcome)
        print(f"{args.lab}: {len(outcome)} blind answers in {seconds:.0f} s; wrong caught "
              f"{'{}/{}'.format(*figures['wrong'])}, shortcuts caught {'{}/{}'.format(*figures['shortcut'])}, "
              f"correct kept full marks {'{}/{}'.format(*figures['correct'])}")
        print(f"per submission: {where_time_went(report)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        got, best, seconds, report = grade(args.lab, Path(tmp), jobs=args.jobs)
    print(f"{args.lab}: autograded {len(report.rows)} submissions in {seconds:.0f} s")
    print(f"per submission: {where_time_went(report)}")
    status = {r.student_id: r.status for r in report.rows}
    for student, cells in got.items():
        lost = sorted(k for k, v in cells.items() if v < best[k])
        print(f"  {student:48s} {status[student]:9s} {sum(cells.values()):5.2f}/{sum(best.values()):g}  "
              f"lost: {', '.join(lost) or '-'}")
    for r in report.rows:
        if r.status == "refused":
            print(f"  {r.student_id:48s} refused: {'; '.join(r.reasons)}")
    print_outcome(*grading.round_outcome(got, best, grading.class_rounds(args.lab)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
