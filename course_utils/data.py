"""Datasets for the labs: real downloads in full mode, tiny look-alikes in smoke mode.

Smoke data are written in the same on-disk layout as the real data, so the real
loading code is what runs in CI.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import torch
import torch.utils.data
from PIL import Image

from .config import data_root, is_smoke

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")

# A few Oxford-IIIT Pet breeds: cat breeds are capitalised, dog breeds are not.
SMOKE_PET_BREEDS = ("Abyssinian", "Bengal", "Persian", "beagle", "pug", "boxer")


def get_image_files(folder: str | Path) -> list[Path]:
    """All image files under ``folder`` (recursively), sorted by path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"Pasta de imagens não encontrada: {folder}")
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS)


def pet_label(path: str | Path) -> str:
    """Label of an Oxford-IIIT Pet image from its file name: cat breeds start in upper case."""
    return "cat" if Path(path).name[0].isupper() else "dog"


def fake_pet_color(path: str | Path) -> tuple[int, int, int]:
    """The RGB colour that smoke mode paints over the whole image at ``path``.

    Derived from the file name only, so tests can know the exact pixel values
    (up to JPEG rounding, at most 2 levels).
    """
    digest = hashlib.sha256(Path(path).name.encode()).digest()
    return digest[0], digest[1], digest[2]


def make_fake_pets(folder: str | Path, per_breed: int = 6) -> Path:
    """Write a tiny Oxford-IIIT-Pet look-alike: ``{Breed}_{k}.jpg`` of one colour each.

    Sizes vary from image to image, as in the real set, so resizing matters.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for b, breed in enumerate(SMOKE_PET_BREEDS):
        for k in range(1, per_breed + 1):
            path = folder / f"{breed}_{k}.jpg"
            if not path.exists():
                size = (40 + 8 * k, 32 + 6 * b)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                Image.new("RGB", size, fake_pet_color(path)).save(tmp, format="JPEG", quality=95)
                os.replace(tmp, path)  # atomic: readers never see a half-written file
    return folder


def pets_images(smoke: bool | None = None) -> Path:
    """Folder of Oxford-IIIT Pet images (cats and dogs, labelled by file name).

    Full mode downloads the real set once with torchvision; smoke mode writes
    a tiny one with the same layout (``oxford-iiit-pet/images/*.jpg``).
    """
    smoke = is_smoke() if smoke is None else smoke
    root = data_root(smoke)
    images = root / "oxford-iiit-pet" / "images"
    if smoke:
        return make_fake_pets(images)
    if not images.is_dir() or not any(images.glob("*.jpg")):
        from torchvision.datasets import OxfordIIITPet

        print("Baixando Oxford-IIIT Pet (~800 MB, só na primeira vez)...")
        OxfordIIITPet(root=str(root), download=True)
    return images


class ItemsDataset(torch.utils.data.Dataset):
    """A ``torch.utils.data.Dataset`` over a list of items and an item transform.

    It lives in a module, not in a notebook, so that ``DataLoader`` workers started
    with the ``spawn`` method (the default on macOS and Windows) can unpickle it.
    ``transform`` must be picklable too: a function or class defined in a module,
    such as :class:`PetItem`, not a lambda or a function defined in the notebook.
    """

    def __init__(self, items, transform):
        self.items, self.transform = list(items), transform

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.transform(self.items[i])


class PetItem:
    """Picklable item transform for Oxford-IIIT Pet: path -> (uint8 image, label tensor).

    Opens the image in RGB, resizes it to ``size`` x ``size`` with torchvision's
    ``v2.Resize`` and converts it with ``v2.PILToTensor``; the label is
    ``label_to_tensor[pet_label(path)]``.
    """

    def __init__(self, size: int, label_to_tensor: dict):
        from torchvision.transforms import v2

        self.size, self.label_to_tensor = size, label_to_tensor
        self.to_tensor = v2.Compose([v2.Resize((size, size)), v2.PILToTensor()])

    def __call__(self, path):
        with Image.open(path) as img:
            x = self.to_tensor(img.convert("RGB"))
        return x, self.label_to_tensor[pet_label(path)]

    def __repr__(self):
        return f"PetItem(size={self.size})"
