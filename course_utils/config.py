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


def max_steps() -> int | None:
    """The cap on batches per pass that ``COURSE_MAX_STEPS`` sets, or None (the default: no cap).

    Read here and only here. Every loop over data in ``course_utils`` honours it (the
    training and evaluation loops of :mod:`course_utils.training`, ``train_vit``'s
    epochs, and ``TensorBatches`` of ``device_data``, which Lab 03's study, Lab 06's
    Lightning module and fastai's learner iterate). It exists for the full-mode rehearsal
    (``make rehearse``) and a quick look on a slow machine; a student never needs it.
    Unset, empty or ``0`` means no cap.
    """
    raw = os.environ.get("COURSE_MAX_STEPS", "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"COURSE_MAX_STEPS precisa ser um número inteiro de passos, não {raw!r}.") from None
    if value < 0:
        raise ValueError(f"COURSE_MAX_STEPS precisa ser 0 (sem limite) ou positivo, não {value}.")
    return value or None


def capped(steps: int | None) -> int | None:
    """``steps`` (a caller's own cap, or None) lowered to :func:`max_steps` when that is set."""
    cap = max_steps()
    if cap is None:
        return steps
    return cap if steps is None else min(steps, cap)


def is_rehearsal() -> bool:
    """True under ``COURSE_REHEARSAL=1``: the full-mode rehearsal (``make rehearse``) runs on stand-ins.

    Its only effect: integrity checks of downloaded files that would reject the rehearsal's
    generated stand-ins (torchvision's hash in a weight file's name) are skipped. Full mode
    is otherwise unchanged.
    """
    return os.environ.get("COURSE_REHEARSAL", "").strip().lower() in _TRUE
