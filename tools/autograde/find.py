"""Find: which file each student handed in for a lab.

Submissions live in ``submitted/<student>/<lab>/``. The expected name is
``<lab>.ipynb``; a single notebook saved under another name (``Cópia de lab01.ipynb``,
``lab01 (1).ipynb``) is used and reported. A folder with no notebook, or with several
and none of the expected name, is refused by name. Nothing in ``submitted/`` is
ever changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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


def find_submissions(course: Path, lab: str, students: list[str] | None = None) -> list[Found]:
    """Every student folder that has a ``<lab>/`` folder, with the notebook to grade."""
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
        expected = lab_dir / f"{lab}.ipynb"
        notebooks = _notebooks(lab_dir)
        if expected.is_file():
            item.path = expected
        elif len(notebooks) == 1:
            item.path = notebooks[0]
            item.notes.append(f"notebook saved as '{notebooks[0].name}', graded as {lab}.ipynb")
        elif notebooks:
            item.refused = (f"{len(notebooks)} notebooks and none named {lab}.ipynb: "
                            + ", ".join(p.name for p in notebooks))
        else:
            others = sorted(p.name for p in lab_dir.iterdir())
            item.refused = "no notebook in the folder" + (f" (found: {', '.join(others[:5])})" if others else "")
        found.append(item)
    return found
