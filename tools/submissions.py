"""Check submitted notebooks before autograding, and restore lost nbgrader metadata.

A notebook edited in Colab or VS Code can lose its cells' nbgrader metadata; nbgrader
then grades it as zero without any error. This finds such submissions and, where the
cells can still be matched to the release (difflib alignment of the cell sources),
puts the metadata back; otherwise it names the student and the missing cells and
fails, so nobody gets a silent zero.

Usage: ``python -m tools.submissions LAB [--fix] [--course DIR]``.
"""
from __future__ import annotations

import argparse
import difflib
import shutil
import sys
from pathlib import Path

import nbformat

from tools.grading import ROOT


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def missing_ids(release, submitted) -> list[str]:
    """Grade ids of the release that the submission no longer carries."""
    have = {_grade_id(c) for c in submitted.cells}
    return [gid for c in release.cells if (gid := _grade_id(c)) and gid not in have]


def restore(release, submitted) -> list[str]:
    """Copy nbgrader metadata from the release into the matching submitted cells.

    Unchanged cells (tests, given code) match by content; an answer cell is the
    one that changed between two matched neighbours. Returns the ids that could
    not be placed (empty when the submission is whole again).
    """
    rel, sub = release.cells, submitted.cells
    matcher = difflib.SequenceMatcher(None, [c.source for c in rel], [c.source for c in sub], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for r, s in zip(rel[i1:i2], sub[j1:j2]):
                if "nbgrader" in r.metadata and r.cell_type == s.cell_type:
                    s.metadata["nbgrader"] = r.metadata["nbgrader"]
    return missing_ids(release, submitted)


def check(lab: str, course: Path, fix: bool) -> list[str]:
    """Problems found in ``course/submitted/*/<lab>/<lab>.ipynb`` (after fixing, when asked)."""
    release = nbformat.read(course / "release" / lab / f"{lab}.ipynb", as_version=4)
    problems = []
    for path in sorted((course / "submitted").glob(f"*/{lab}/{lab}.ipynb")):
        student = path.parts[-3]
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # not a notebook at all
            problems.append(f"{student}: {path.name} is not a readable notebook ({exc})")
            continue
        missing = missing_ids(release, nb)
        if not missing:
            continue
        if fix and not restore(release, nb):
            shutil.copy(path, path.with_suffix(".ipynb.orig"))
            nbformat.write(nb, path)
            print(f"{student}: restored nbgrader metadata of {len(missing)} cells (original kept as .ipynb.orig)")
            continue
        problems.append(f"{student}: {len(missing)} graded cells lost their nbgrader metadata "
                        f"({', '.join(missing[:6])}{'...' if len(missing) > 6 else ''})"
                        + ("" if fix else "; run with --fix to restore them"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lab")
    parser.add_argument("--fix", action="store_true", help="restore lost metadata where cells can be matched")
    parser.add_argument("--course", type=Path, default=ROOT, help="course root (default: this repository)")
    args = parser.parse_args(argv)
    problems = check(args.lab, args.course, args.fix)
    for line in problems:
        print("PROBLEM", line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} submission(s) would be graded as zero: fix them (or ask the student "
              f"for a new copy of the release) before autograding.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
