"""Hugging Face data and checkpoints for Lab 04 (ViT fine-tuning on CIFAR-10).

* full mode: CIFAR-10 from the Hub with ``datasets.load_dataset`` and the real
  ``google/vit-base-patch16-224`` checkpoint name (``from_pretrained`` downloads it).
* smoke mode: a small CIFAR-shaped ``DatasetDict`` built in memory with the same
  features as the Hub's (``img`` as an ``Image`` feature, ``label`` as a
  ``ClassLabel`` with CIFAR-10's names) and a tiny, randomly initialised ViT with a
  1000-class head, like the real one, saved with ``save_pretrained`` in a local
  folder. The lab loads that folder with the same ``from_pretrained`` calls, so the
  real loading code runs without a network.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import torch

from .cifar import CIFAR10_CLASSES, fake_cifar_arrays
from .config import data_root, is_smoke

VIT_CHECKPOINT = "google/vit-base-patch16-224"
CIFAR10_HUB = "uoft-cs/cifar10"

# The tiny stand-in: 48x48 images cut in 8x8 patches (36 tokens), 2 layers of width 32.
TINY_VIT = dict(image_size=48, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                intermediate_size=64)
_TINY_NAME = "tiny-vit-patch8-48"


def go_offline() -> None:
    """Forbid the Hugging Face libraries any network access (smoke mode, grading)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def quiet_transformers() -> None:
    """Keep transformers and datasets off stderr: no info/warning logs, no progress bars.

    nbgrader gives zero to a test cell that writes to stderr, and loading a model
    with a new head logs a (harmless, expected) report of the re-initialised weights.
    """
    import datasets
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    datasets.logging.set_verbosity_error()
    datasets.disable_progress_bars()


def fake_cifar10_dict(n_train: int = 200, n_test: int = 100):
    """A small ``DatasetDict`` with CIFAR-10's splits and features (``img``, ``label``)."""
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Image
    from PIL import Image as PILImage

    features = Features({"img": Image(), "label": ClassLabel(names=list(CIFAR10_CLASSES))})

    def split(n: int, seed: int) -> Dataset:
        images, labels = fake_cifar_arrays(n, len(CIFAR10_CLASSES), seed=seed)
        return Dataset.from_dict({"img": [PILImage.fromarray(a) for a in images], "label": labels.tolist()},
                                 features=features)

    return DatasetDict(train=split(n_train, 0), test=split(n_test, 1))


def load_cifar10(smoke: bool | None = None):
    """CIFAR-10 as a ``DatasetDict`` with ``train`` (50,000) and ``test`` (10,000) splits.

    Full mode downloads it once from the Hub (about 120 MB, cached by ``datasets``);
    smoke mode returns :func:`fake_cifar10_dict` (200 + 100 images, same features).
    """
    if is_smoke() if smoke is None else smoke:
        return fake_cifar10_dict()
    from datasets import load_dataset

    return load_dataset(CIFAR10_HUB)


def make_tiny_vit(folder: str | Path, num_labels: int = 1000, seed: int = 0) -> Path:
    """Save a tiny random ``ViTForImageClassification`` and its ``ViTImageProcessor`` in ``folder``.

    Like ``google/vit-base-patch16-224`` it has a ``num_labels``-class head and a
    processor with mean = std = 0.5; it is only much smaller (see ``TINY_VIT``).
    """
    from transformers import ViTConfig, ViTForImageClassification, ViTImageProcessor

    id2label = {i: f"imagenet_{i}" for i in range(num_labels)}
    config = ViTConfig(**TINY_VIT, num_labels=num_labels, id2label=id2label,
                       label2id={f"imagenet_{i}": i for i in range(num_labels)})
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = ViTForImageClassification(config)
    size = TINY_VIT["image_size"]
    processor = ViTImageProcessor(size={"height": size, "width": size}, image_mean=[0.5] * 3, image_std=[0.5] * 3)
    folder = Path(folder)
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


def tiny_vit_checkpoint() -> str:
    """The tiny local checkpoint (model + processor), written once under ``data_root(smoke=True)``.

    Written aside and renamed, so parallel runs never see half a folder. Tests use it
    in every mode: it loads in milliseconds and needs no network.
    """
    final = data_root(smoke=True) / _TINY_NAME
    if not (final / "config.json").is_file():
        tmp = Path(tempfile.mkdtemp(prefix=f".{_TINY_NAME}-", dir=final.parent))
        make_tiny_vit(tmp)
        try:
            tmp.rename(final)
        except OSError:  # another process finished first
            shutil.rmtree(tmp, ignore_errors=True)
    return str(final)


def vit_checkpoint(smoke: bool | None = None) -> str:
    """What to pass to ``from_pretrained``: the Hub name, or the tiny local folder in smoke mode."""
    return tiny_vit_checkpoint() if (is_smoke() if smoke is None else smoke) else VIT_CHECKPOINT


def trainer_max_steps() -> int:
    """``TrainingArguments(max_steps=...)`` for the cap of ``COURSE_MAX_STEPS``: that cap, or -1 (no cap, epochs decide).

    The notebook builds its own ``Trainer``; passing ``max_steps=hf.trainer_max_steps()`` lets
    the full-mode rehearsal (``make rehearse``) stop it after a few steps. Unset, full mode is unchanged.
    """
    from .config import max_steps

    return max_steps() or -1
