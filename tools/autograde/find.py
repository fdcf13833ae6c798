"""Find: which file each student handed in for a lab.

Submissions live in ``submitted/<student>/<lab>/``. The expected name is
``<lab>.ipynb``; a single notebook saved under another name (``Cópia de lab01.ipynb``,
``lab01 (1).ipynb``) is used and reported. A folder with no notebook is refused by name.
Several notebooks that differ are never a silent choice: the folder is refused with the list
(they may be two people's work, or two drafts; the instructor keeps the one to grade and runs
``make autograde`` again for that student); copies of the same file are graded once, and said.
A student id that is not a plain name (nbgrader reads ids as glob patterns; a path separator, a
control character or a spreadsheet formula prefix has no place in one), a link instead of a
file, and a file over the size cap are refused by name before anything is read. Nothing in
``submitted/`` is ever changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


@dataclass
class Found:
    student: str
    lab: str
    path: Path | None = None
    notes: list[str] = field(default_factory=list)
    refused: str | None = None


def _notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name.lower().endswith(".ipynb") and not p.name.startswith("."))


def find_submissions(course: Path, lab: str, students: list[str] | None, max_bytes: int) -> list[Found]:
    """Every student folder that has a ``<lab>/`` folder, with the notebook to grade; ``max_bytes``
    is the size cap (``Sandbox.submission_mb``)."""
    root = course / "submitted"
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if students and folder.name not in students:
            continue
        lab_dir = folder / lab
        if not lab_dir.is_dir():
            continue
        item = Found(folder.name, lab)
        found.append(item)
        if not SAFE_ID.fullmatch(folder.name):
            item.refused = ("the student id is not a plain name (letters, digits, '.', '_', '@', '-'; "
                            "no '[', '*', '?', '/', spaces or control characters): rename the folder")
            continue
        links = sorted(p.name for p in lab_dir.iterdir() if p.is_symlink())
        notebooks = [p for p in _notebooks(lab_dir) if not p.is_symlink()]
        expected = lab_dir / f"{lab}.ipynb"
        if links and not notebooks:
            item.refused = f"a link, not a file: {', '.join(links[:5])}"
            continue
        if not notebooks:
            others = sorted(p.name for p in lab_dir.iterdir())
            item.refused = "no notebook in the folder" + (f" (found: {', '.join(others[:5])})" if others else "")
            continue
        big = [p for p in notebooks if p.stat().st_size > max_bytes]
        if big:
            item.refused = (f"'{big[0].name}' is {big[0].stat().st_size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB "
                            "cap (Sandbox.submission_mb); clear its outputs and hand it in again")
            continue
        if len({p.read_bytes() for p in notebooks}) > 1:
            item.refused = (f"{len(notebooks)} different notebooks in the folder: "
                            + ", ".join(p.name for p in notebooks) + "; keep the one to grade")
            continue
        item.path = expected if expected in notebooks else notebooks[0]
        if len(notebooks) > 1:
            item.notes.append(f"{len(notebooks)} copies of the same notebook: "
                              + ", ".join(p.name for p in notebooks) + f"; graded '{item.path.name}'")
        elif item.path != expected:
            item.notes.append(f"notebook saved as '{item.path.name}', graded as {lab}.ipynb")
    return found
