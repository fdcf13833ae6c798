"""MNIST through torchvision, with a stand-in in MNIST's own on-disk format for smoke mode.

Smoke mode has no network, so scikit-learn's bundled handwritten digits (1,797
images of 8x8 pixels, 0-16 grey levels) are scaled up to MNIST's 28x28 (the digit
in the central 20x20 box, as in MNIST), written as the four IDX files that
torchvision's ``MNIST`` reads, and read back with torchvision's own parser.
"""
from __future__ import annotations

import shutil
import struct
import tempfile
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torchvision import datasets

from .config import data_root, is_smoke

MNIST_CLASSES = tuple(str(i) for i in range(10))
_FILES = {  # split: (images file, labels file), as torchvision names them
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def digits_arrays(n_test: int = 297) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """scikit-learn's digits as MNIST-like arrays: ((train images, labels), (test images, labels)).

    Images are (N, 28, 28) uint8 with white digits on black; labels int64. The last
    ``n_test`` digits form the test split.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    small = torch.from_numpy(digits.images).float().unsqueeze(1) / 16.0  # (N, 1, 8, 8) in [0, 1]
    big = F.interpolate(small, size=(20, 20), mode="bilinear", align_corners=False)
    big = F.pad(big, (4, 4, 4, 4))  # 20x20 digit centred in 28x28, like MNIST
    images = (big.squeeze(1).clamp(0, 1) * 255).round().to(torch.uint8).numpy()
    labels = digits.target.astype(np.int64)
    split = len(images) - n_test
    return (images[:split], labels[:split]), (images[split:], labels[split:])


def _write_idx_images(path: Path, images: np.ndarray) -> None:
    n, rows, cols = images.shape
    with open(path, "wb") as f:
        f.write(struct.pack(">IIII", 0x0803, n, rows, cols))  # magic: unsigned bytes, 3 dimensions
        f.write(np.ascontiguousarray(images, dtype=np.uint8).tobytes())


def _write_idx_labels(path: Path, labels: np.ndarray) -> None:
    with open(path, "wb") as f:
        f.write(struct.pack(">II", 0x0801, len(labels)))  # magic: unsigned bytes, 1 dimension
        f.write(np.asarray(labels, dtype=np.uint8).tobytes())


def write_fake_mnist(root: str | Path) -> Path:
    """Write the digits stand-in as ``root/MNIST/raw/*-ubyte`` (MNIST's IDX files); returns ``root``."""
    raw = Path(root) / "MNIST" / "raw"
    if all((raw / name).is_file() for pair in _FILES.values() for name in pair):
        return Path(root)
    raw.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so concurrent readers never see a half-written set.
    tmp = Path(tempfile.mkdtemp(prefix=".raw-", dir=raw.parent))
    for train, (images, labels) in zip((True, False), digits_arrays()):
        image_file, label_file = _FILES[train]
        _write_idx_images(tmp / image_file, images)
        _write_idx_labels(tmp / label_file, labels)
    try:
        tmp.rename(raw)
    except OSError:  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
    return Path(root)


def mnist_dataset(train: bool = True, transform=None, root: str | Path | None = None, smoke: bool | None = None):
    """A torchvision ``MNIST`` dataset: the real one (downloaded once) or, in smoke mode, the digits stand-in."""
    smoke = is_smoke() if smoke is None else smoke
    root = Path(root) if root is not None else data_root(smoke)
    if not smoke:
        return datasets.MNIST(str(root), train=train, transform=transform, download=True)
    write_fake_mnist(root)
    return datasets.MNIST(str(root), train=train, transform=transform, download=False)
