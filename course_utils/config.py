"""Run modes and where data lives.

* full (default): real datasets and pretrained weights, downloaded once.
* smoke (``COURSE_SMOKE=1``): tiny generated data and random weights, no network.
* grading (``NBGRADER_EXECUTION`` set by nbgrader): behaves like smoke, so that
  autograding never downloads and never trains for long.
"""
from __future__ import annotations

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}


def is_grading() -> bool:
    """True while nbgrader executes the notebook (autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def is_smoke() -> bool:
    """True in smoke mode (``COURSE_SMOKE=1``) and while grading."""
    return os.environ.get("COURSE_SMOKE", "").strip().lower() in _TRUE or is_grading()


def data_root(smoke: bool | None = None) -> Path:
    """Folder for datasets and weights, created if needed.

    ``COURSE_DATA`` wins; on Colab it is ``/content/data``; elsewhere
    ``~/.cache/course_utils``. Smoke data go to a ``smoke`` sub-folder so they
    never mix with real downloads.
    """
    if os.environ.get("COURSE_DATA"):
        root = Path(os.environ["COURSE_DATA"]).expanduser()
    elif Path("/content").is_dir():
        root = Path("/content/data")
    else:
        root = Path.home() / ".cache" / "course_utils"
    if is_smoke() if smoke is None else smoke:
        root = root / "smoke"
    root.mkdir(parents=True, exist_ok=True)
    return root
