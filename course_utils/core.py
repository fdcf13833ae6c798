"""Seeding, device selection and notebook hygiene."""
from __future__ import annotations

import logging
import random
import sys
import warnings

import numpy as np
import torch


def set_seed(seed: int = 42) -> None:
    """Seed Python, NumPy and torch (all devices) for repeatable runs."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def get_device(prefer: str | None = None) -> torch.device:
    """The best available device: CUDA, then Apple MPS, then CPU.

    ``prefer`` forces a device name ("cpu", "cuda", ...) when it is available.
    """
    if prefer is not None:
        device = torch.device(prefer)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError("Pediu-se 'cuda', mas nenhuma GPU está disponível. "
                               "No Colab: Ambiente de execução > Alterar o tipo de ambiente > GPU.")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def _warning_to_stdout(message, category, filename, lineno, file=None, line=None):
    print(f"[aviso] {category.__name__}: {message}", file=sys.stdout)


def quiet_notebook() -> None:
    """Send warnings to stdout and calm noisy loggers.

    nbgrader gives zero to a test cell that writes anything to stderr, so a
    library warning must never reach stderr while tests run.
    """
    warnings.showwarning = _warning_to_stdout
    for name in ("transformers", "datasets", "lightning", "lightning.pytorch", "pytorch_lightning"):
        logging.getLogger(name).setLevel(logging.ERROR)
