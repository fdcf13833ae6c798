"""``python -m tools.autograde [LAB ...]``: grade the class, print the report.

Exit status: 0 when every submission was graded (or repaired), 1 when a row needs the
instructor (refused or flagged), 2 when grading could not start.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.autograde import REPORT, CanaryFailed, GradebookUnavailable, SandboxUnavailable, grade, regenerate_feedback
from tools.autograde.sandbox import confinement
from tools.build_notebooks import labs

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Autograde submitted/<student>/<lab>/ in a sandbox, in parallel.")
    parser.add_argument("labs", nargs="*", help="labs to grade (default: all)")
    parser.add_argument("--course", type=Path, default=ROOT, help="course root (default: this repository)")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="parallel submissions (default: cores)")
    parser.add_argument("--scheduler", default="", help="a Dask scheduler, e.g. tcp://host:8786")
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument("--unsafe", action="store_true", help="grade without the sandbox (trusted code only)")
    parser.add_argument("--feedback-only", action="store_true",
                        help="only write the feedback pages again, from autograded/ and the gradebook")
    args = parser.parse_args(argv)
    if args.feedback_only:
        report = regenerate_feedback(args.course, args.labs or labs())
        withheld = [r for r in report.rows if r.reasons]
        for r in withheld:
            print(f"{r.student_id} {r.assignment}: {'; '.join(r.reasons)}", file=sys.stderr)
        print(f"{len(report.rows) - len(withheld)} feedback page(s) written in {args.course / 'feedback'}")
        return report.exit_code
    if not args.unsafe:
        print(f"sandbox: {confinement()}")
    try:
        report = grade(args.course, args.labs or labs(), jobs=args.jobs or None, scheduler=args.scheduler or None,
                       unsafe=args.unsafe, students=args.student)
    except (SandboxUnavailable, GradebookUnavailable, CanaryFailed) as exc:
        print(f"autograde: {exc}", file=sys.stderr)
        return 2
    print(report.table())
    print(f"\nreport: {args.course / REPORT}; nbgrader's log: {report.log_path}")
    attention = report.needs_instructor()
    if attention:
        print(f"{len(attention)} submission(s) need you: see the 'refused' and 'flagged' rows.", file=sys.stderr)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
