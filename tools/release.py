"""Regenerate ``release/<lab>/`` with ``nbgrader generate_assignment`` in a scratch course.

Usage: ``python -m tools.release [LAB ...]`` (default: every lab). Running in a
scratch folder keeps the instructor's gradebook untouched.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from tools.build_notebooks import labs
from tools.grading import ROOT, make_course, nbgrader


def generate(lab_names: list[str], out: Path) -> None:
    """Generate the releases of ``lab_names`` into ``out/<lab>/``."""
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), lab_names)
        for lab in lab_names:
            nbgrader(course, "generate_assignment", lab, "--force")
            shutil.rmtree(out / lab, ignore_errors=True)
            shutil.copytree(course / "release" / lab, out / lab)


def main(argv: list[str]) -> int:
    names = argv or labs()
    generate(names, ROOT / "release")
    print("release regenerated:", ", ".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
