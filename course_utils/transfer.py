"""Helpers for the ResNet-18 and transfer-learning labs (none of them is a graded answer).

* ``resnet18_state_dict``: ImageNet weights in full mode, seeded random ones (with
  non-trivial BatchNorm statistics) in smoke mode, same keys either way.
* ``example_photo``, ``example_photos``: real photos in full mode, drawn ones in smoke mode.
* ``TensorBatches`` (from :mod:`course_utils.device_data`): batches cut from tensors
  already on the device (the whole of MNIST fits in a few hundred MB), preprocessed
  there in one go per batch.
* ``train_epoch``, ``evaluate``, ``extract_features``, ``timed``: the small training
  and measuring tools the study uses.
"""
from __future__ import annotations

import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .device_data import TensorBatches  # noqa: F401  (one copy, re-exported here)
from .training import evaluate, predict, train_epoch  # noqa: F401  (one copy, re-exported here)
from .config import data_root, is_smoke

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# A photo that PyTorch Hub's own examples use (a Samoyed), at a long-lived address.
PHOTO_URL = "https://github.com/pytorch/hub/raw/master/images/dog.jpg"


def resnet18_state_dict(smoke: bool | None = None, seed: int = 0) -> dict[str, torch.Tensor]:
    """The weights of torchvision's ``resnet18``: ImageNet (``IMAGENET1K_V1``) or seeded random ones.

    The random stand-in also draws BatchNorm's scale, shift and running statistics,
    so that a model that mixes up train and eval mode, or skips a BatchNorm, gives
    visibly different outputs (freshly initialised BatchNorm is the identity in eval).
    """
    from torchvision.models import ResNet18_Weights, resnet18

    if not (is_smoke() if smoke is None else smoke):
        return ResNet18_Weights.IMAGENET1K_V1.get_state_dict(progress=False)
    generator = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = resnet18()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=generator))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=generator))
                m.running_mean.copy_(0.1 * torch.randn(m.running_mean.shape, generator=generator))
                m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=generator))
    state = model.state_dict()
    return state


def imagenet_categories() -> list[str]:
    """The 1000 ImageNet class names, in the order of the logits (shipped with torchvision)."""
    from torchvision.models import ResNet18_Weights

    return list(ResNet18_Weights.IMAGENET1K_V1.meta["categories"])


def example_photo(smoke: bool | None = None, root: str | Path | None = None):
    """A PIL photo to classify: downloaded once in full mode, drawn in smoke mode."""
    from PIL import Image, ImageDraw

    smoke = is_smoke() if smoke is None else smoke
    if smoke:
        img = Image.new("RGB", (320, 240), (90, 140, 200))
        draw = ImageDraw.Draw(img)
        draw.rectangle((0, 170, 320, 240), fill=(70, 150, 60))
        draw.ellipse((110, 70, 230, 190), fill=(235, 230, 220))
        draw.ellipse((190, 50, 260, 120), fill=(240, 235, 225))
        return img
    path = Path(root or data_root(False)) / "photo_dog.jpg"
    if not path.is_file():
        tmp = path.with_suffix(".part")
        urllib.request.urlretrieve(PHOTO_URL, tmp)
        tmp.rename(path)
    with Image.open(path) as img:
        return img.convert("RGB")


def example_photos(smoke: bool | None = None, root: str | Path | None = None) -> dict:
    """A few photos for a zero-shot look at an ImageNet model: {name: PIL image}.

    Full mode: the Samoyed of :func:`example_photo` (downloaded once) and the two real
    photos that scikit-learn ships (``china.jpg``, a temple, and ``flower.jpg``), so
    only one needs the network. Smoke mode: drawn stand-ins, no network.
    """
    from PIL import Image, ImageDraw

    smoke = is_smoke() if smoke is None else smoke
    if smoke:
        house = Image.new("RGB", (320, 240), (150, 190, 230))
        draw = ImageDraw.Draw(house)
        draw.rectangle((90, 110, 230, 220), fill=(180, 70, 50))
        draw.polygon([(80, 110), (160, 50), (240, 110)], fill=(90, 60, 40))
        flower = Image.new("RGB", (240, 240), (40, 110, 40))
        draw = ImageDraw.Draw(flower)
        for dx, dy in [(-45, 0), (45, 0), (0, -45), (0, 45)]:
            draw.ellipse((120 + dx - 35, 120 + dy - 35, 120 + dx + 35, 120 + dy + 35), fill=(230, 120, 170))
        draw.ellipse((95, 95, 145, 145), fill=(240, 210, 60))
        return {"cão (desenho)": example_photo(smoke=True), "casa (desenho)": house, "flor (desenho)": flower}
    from sklearn.datasets import load_sample_images

    sample = load_sample_images()
    photos = {"cão": example_photo(smoke=False, root=root)}
    for filename, array in zip(sample.filenames, sample.images):
        photos[Path(filename).stem] = Image.fromarray(array)
    return photos


def mnist_to_imagenet(x: torch.Tensor, size: int) -> torch.Tensor:
    """uint8 (N, 28, 28) digits -> float (N, 3, size, size), ImageNet-normalised, on x's device.

    Grey becomes RGB by repeating the channel: a pretrained network expects 3 channels.
    """
    x = x.unsqueeze(1).float().div_(255)
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    mean = torch.tensor(IMAGENET_MEAN, device=x.device).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, device=x.device).view(1, 3, 1, 1)
    return (x.expand(-1, 3, -1, -1) - mean) / std


def scores(y_true, y_pred) -> dict[str, float]:
    """Accuracy and macro F1 (each class weighs the same, however many examples it has)."""
    from sklearn.metrics import accuracy_score, f1_score

    return {"acc": float(accuracy_score(y_true, y_pred)),
            "f1_macro": float(f1_score(y_true, y_pred, average="macro", zero_division=0))}


@torch.no_grad()
def extract_features(model: nn.Module, batches, amp: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Pooled features (the input of ``model.fc``) and labels over ``batches``."""
    device = next(model.parameters()).device
    head, model.fc = model.fc, nn.Identity()
    model.eval()
    try:
        feats, labels = [], []
        for x, y in batches:
            with torch.autocast(device.type, enabled=amp and device.type == "cuda"):
                feats.append(model(x.to(device)).float().cpu())
            labels.append(y.cpu())
    finally:
        model.fc = head
    return torch.cat(feats).numpy(), torch.cat(labels).numpy()


def count_parameters(module: nn.Module, trainable_only: bool = False) -> int:
    """Number of parameters (optionally only those with ``requires_grad``)."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad or not trainable_only)


@contextmanager
def timed(results: dict, key: str = "seconds"):
    """``with timed(row): ...`` stores the elapsed wall time in ``row[key]`` (GPU work included)."""
    def sync():
        if torch.cuda.is_available():
            torch.cuda.synchronize()
    sync()
    start = time.perf_counter()
    try:
        yield results
    finally:
        sync()
        results[key] = time.perf_counter() - start
