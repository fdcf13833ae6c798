"""CIFAR-10/100 through torchvision, with a tiny look-alike in CIFAR's own format for smoke mode."""
from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np
from torchvision import datasets

from .config import data_root, is_rehearsal, is_smoke

CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck")

_LAYOUT = {
    # name: (torchvision class, folder, train files, test file, meta file, label key, names key)
    "cifar10": (datasets.CIFAR10, "cifar-10-batches-py", [f"data_batch_{i}" for i in range(1, 6)],
                "test_batch", "batches.meta", "labels", "label_names"),
    "cifar100": (datasets.CIFAR100, "cifar-100-python", ["train"], "test", "meta",
                 "fine_labels", "fine_label_names"),
}


def fake_cifar_arrays(n: int, num_classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` CIFAR-shaped images (N, 32, 32, 3) uint8 and balanced labels.

    Each class has its own mean colour plus noise, so a model can learn it.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % num_classes
    rng.shuffle(labels)
    palette = np.random.default_rng(1234).integers(30, 226, size=(num_classes, 3))
    images = palette[labels][:, None, None, :] + rng.normal(0, 25, size=(n, 32, 32, 3))
    return np.clip(images, 0, 255).astype(np.uint8), labels.astype(np.int64)


SYNTHETIC_MARKER = "SYNTHETIC.txt"


def cifar_folder(name: str) -> str:
    """The folder torchvision's loader reads ``name`` from, under the data root."""
    return _LAYOUT[name][1]


def write_fake_cifar(root: str | Path, name: str = "cifar10", n_train: int = 500, n_test: int = 100) -> Path:
    """Write a CIFAR look-alike in the real pickled format under ``root``; returns ``root``.

    Tiny by default (smoke mode); ``n_train=50000, n_test=10000`` gives a full-size one
    (benchmarks on a machine that cannot download). The folder holds a ``SYNTHETIC.txt``
    marker, so that full mode reads it (with a warning) instead of downloading over it.
    """
    if name not in _LAYOUT:
        raise ValueError(f"Dataset desconhecido: {name!r}; use 'cifar10' ou 'cifar100'.")
    _, folder, train_files, test_file, meta_file, label_key, names_key = _LAYOUT[name]
    num_classes = 10 if name == "cifar10" else 100
    final = Path(root) / folder
    if final.is_dir():
        return Path(root)
    Path(root).mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so concurrent readers never see a half-written set.
    out = Path(tempfile.mkdtemp(prefix=f".{folder}-", dir=root))
    names = list(CIFAR10_CLASSES) if name == "cifar10" else [f"class_{i:03d}" for i in range(100)]

    def dump(path: Path, images: np.ndarray, labels: np.ndarray) -> None:
        data = images.transpose(0, 3, 1, 2).reshape(len(images), -1)  # CIFAR rows are CHW-flattened
        with open(path, "wb") as f:
            pickle.dump({"data": data, label_key: labels.tolist()}, f)

    x, y = fake_cifar_arrays(n_train, num_classes, seed=0)
    for i, chunk in enumerate(np.array_split(np.arange(n_train), len(train_files))):
        dump(out / train_files[i], x[chunk], y[chunk])
    x, y = fake_cifar_arrays(n_test, num_classes, seed=1)
    dump(out / test_file, x, y)
    with open(out / meta_file, "wb") as f:
        pickle.dump({names_key: names}, f)
    (out / SYNTHETIC_MARKER).write_text(f"Synthetic {name} written by course_utils.cifar.write_fake_cifar: "
                                        f"{n_train} training and {n_test} test images of coloured noise.\n")
    try:
        out.rename(final)
    except OSError:  # another process finished first
        shutil.rmtree(out, ignore_errors=True)
    return Path(root)


def cifar_dataset(name: str = "cifar10", train: bool = True, transform=None, root: str | Path | None = None,
                  smoke: bool | None = None):
    """A torchvision CIFAR-10/100 dataset.

    Full mode downloads once with torchvision; a synthetic set that
    :func:`write_fake_cifar` left at ``root`` is read instead, with a warning. Smoke
    mode writes a tiny set in the same pickled layout. Under ``COURSE_REHEARSAL=1`` (``make
    rehearse``) full mode checks the files against their own MD5 sums, not the official ones. Generated sets are read by
    torchvision's own parser, integrity checks included (against the MD5 sums of the
    generated files).
    """
    smoke = is_smoke() if smoke is None else smoke
    if name not in _LAYOUT:
        raise ValueError(f"Dataset desconhecido: {name!r}; use 'cifar10' ou 'cifar100'.")
    cls = _LAYOUT[name][0]
    root = Path(root) if root is not None else data_root(smoke)
    folder = root / cifar_folder(name)
    synthetic = (folder / SYNTHETIC_MARKER).is_file()
    if not smoke and not synthetic:
        if is_rehearsal() and folder.is_dir():
            # `make rehearse` (COURSE_REHEARSAL=1): generated stand-ins of the real files lie where the
            # download lands; only the MD5 check against the official sums is passed, the rest is full mode.
            cls = _with_local_checksums(cls, folder)
        return cls(str(root), train=train, transform=transform, download=True)
    if synthetic and not smoke:
        warnings.warn(f"{folder} é um {name} SINTÉTICO (ruído colorido) escrito pelo course_utils, "
                      "não o dataset real: apague a pasta para baixar o verdadeiro.", stacklevel=2)
    write_fake_cifar(root, name)
    return _with_local_checksums(cls, folder)(str(root), train=train, transform=transform,
                                                                download=False)


def _with_local_checksums(cls, folder: Path):
    """``cls`` with the MD5 sums of the files in ``folder`` in place of the official ones."""
    def md5(file: str) -> str:
        return hashlib.md5((folder / file).read_bytes()).hexdigest()

    return type(f"Smoke{cls.__name__}", (cls,), {
        "train_list": [[f, md5(f)] for f, _ in cls.train_list],
        "test_list": [[f, md5(f)] for f, _ in cls.test_list],
        "meta": {**cls.meta, "md5": md5(cls.meta["filename"])},
    })
