"""Benchmark: a class of Lab 01 submissions graded one at a time, then JOBS at once, in one run.

Usage: ``python -m tools.bench_grading [--students 32] [--jobs N] [--lab lab01]`` (``make bench-grading``).
Prints the wall time of both runs, their ratio, and where one submission's seconds go
(scratch course, kernel start, the notebook's cells, nbgrader's own work, the feedback page).
Both runs grade the same class, in the sandbox, with the real nbgrader.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tools import autograde, grading


def make_class(course: Path, lab: str, students: int) -> None:
    """The reference, the blank release and the lab's mutants, repeated up to ``students``."""
    base = list(grading.class_submissions(lab).values())
    grading.make_course(course, [lab])
    grading.submit(course, lab, {f"aluno{i:03d}": base[i % len(base)] for i in range(students)})


def run(lab: str, students: int, jobs: int) -> tuple[float, autograde.report_mod.Report]:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        course = Path(tmp) / "course"
        make_class(course, lab, students)
        start = time.perf_counter()
        report = autograde.grade(course, [lab], jobs=jobs, progress=True)
        return time.perf_counter() - start, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lab", default="lab01")
    parser.add_argument("--students", type=int, default=32)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    if args.students < 2 or args.jobs < 2:
        parser.error("need at least 2 students and 2 jobs to compare")
    print(f"{args.lab}: {args.students} submissions on {os.cpu_count()} cores")
    sequential, report = run(args.lab, args.students, 1)
    parallel, _ = run(args.lab, args.students, args.jobs)
    print(f"\nsequential (1 job):   {sequential:7.1f} s  ({sequential / args.students:.2f} s per submission)")
    print(f"parallel ({args.jobs} jobs):    {parallel:7.1f} s  ({parallel / args.students:.2f} s per submission)")
    print(f"speed-up:             {sequential / parallel:7.2f}x")
    keys = sorted({k for r in report.rows for k in r.seconds if not k.startswith("slowest")})
    print("\nwhere one submission's seconds go (sequential run, median over the class):")
    for key in keys:
        values = [r.seconds[key] for r in report.rows if key in r.seconds]
        print(f"  {key:18s} {statistics.median(values):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
