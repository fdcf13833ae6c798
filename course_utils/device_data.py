"""A dataset that lives on the device, served in shuffled batches and augmented there, a batch at a time.

On a Colab T4 (2 virtual CPUs) decoding and augmenting one image at a time in
``DataLoader`` workers costs more than the GPU needs for the training step. CIFAR-10/100
is 154 MB as uint8 (the training split; 184 MB with the test split), so the whole set goes
to the device once; a batch is then an index into that tensor plus a few operations on the
whole batch. This is the idea of airbench
(https://github.com/KellerJordan/cifar10-airbench), which trains CIFAR-10 to 94% in
seconds.

* :class:`TensorBatches`: shuffled batches cut from tensors on the device, each passed
  through a batch transform (Lab 03 serves MNIST with it; ``train_vit`` and Lab 06, CIFAR).
* :func:`cifar_tensors`: CIFAR-10/100 read by torchvision's own loader (smoke mode: the
  tiny look-alike), as uint8 ``(N, 3, 32, 32)`` on the device.
* Batch augmentations, callables on a uint8 ``(N, C, H, W)`` batch, each image drawing its
  own parameters: :class:`RandomCrop` (pad and crop, ``reflect`` or zero padding),
  :class:`RandomFlip`, :class:`TrivialAugment`, :class:`RandomErasing`, and
  :class:`Normalize` (uint8 to normalised float). :func:`cifar_transform` puts them
  together as ``train_vit``'s recipes do. MixUp/CutMix are batch operations already:
  torchvision's ``v2.MixUp``/``v2.CutMix`` run on these batches as they are.

Where the batch version differs from torchvision's per-image one, and why:

* ``TrivialAugment`` draws one operation and strength per *group* of images (16 by
  default) rather than per image: each image still gets TrivialAugmentWide's
  distribution (the batch is shuffled, so a group is a random draw), and 16 calls of
  torchvision's operations per batch of 256 cost little where 256 would not.
* ``RandomErasing`` clips a rectangle that does not fit instead of drawing it again
  (torchvision tries 10 times), so very elongated rectangles are a little shorter.

Random draws use the device's global generator (``torch.manual_seed`` seeds it; its state
is what a checkpoint saves), shuffling uses the generator of :class:`TensorBatches`.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

import torch
from torchvision.transforms import v2

from .config import capped


class TensorBatches:
    """Batches of ``(transform(x[idx]), y[idx])`` cut from tensors that already live on the device.

    With the data on the GPU there is nothing for ``DataLoader`` workers to do: a batch
    is an index into a tensor plus batch operations, all on the GPU. ``shuffle`` draws a
    new order every epoch from ``generator`` (a CPU ``torch.Generator``, by default one
    seeded with ``seed``; save its state to resume exactly). ``drop_last`` drops a last,
    smaller batch; ``max_batches`` caps the batches of an epoch, and so does ``COURSE_MAX_STEPS``
    when set (:func:`course_utils.config.max_steps`): every loop that iterates these batches
    (``train_epoch``, fastai's learner, Lightning's ``Trainer``) then runs that many steps.
    """

    def __init__(self, x: torch.Tensor, y: torch.Tensor, batch_size: int, shuffle: bool = False,
                 transform: Callable | None = None, seed: int = 0, max_batches: int | None = None,
                 drop_last: bool = False, generator: torch.Generator | None = None):
        if len(x) != len(y):
            raise ValueError(f"x e y precisam ter o mesmo número de exemplos: {len(x)} != {len(y)}")
        if batch_size < 1:
            raise ValueError(f"batch_size precisa ser positivo, não {batch_size}")
        self.x, self.y, self.batch_size, self.shuffle = x, y, batch_size, shuffle
        self.transform = transform or (lambda t: t)
        self.generator = generator if generator is not None else torch.Generator().manual_seed(seed)
        self.max_batches, self.drop_last = max_batches, drop_last

    def __len__(self) -> int:
        n = len(self.x) // self.batch_size if self.drop_last else -(-len(self.x) // self.batch_size)
        cap = capped(self.max_batches)
        return n if cap is None else min(n, cap)

    def __iter__(self):
        order = (torch.randperm(len(self.x), generator=self.generator) if self.shuffle
                 else torch.arange(len(self.x))).to(self.x.device)
        for b in range(len(self)):
            idx = order[b * self.batch_size:(b + 1) * self.batch_size]
            yield self.transform(self.x[idx]), self.y[idx]


def cifar_tensors(name: str = "cifar10", train: bool = True, device: str | torch.device = "cpu",
                  root: str | Path | None = None, smoke: bool | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """CIFAR-10/100 (a split) as uint8 images ``(N, 3, 32, 32)`` and int64 labels on ``device``.

    The files are read by torchvision's loader (:func:`course_utils.cifar.cifar_dataset`:
    downloaded once in full mode, the tiny look-alike in smoke mode), then copied to the
    device once: 154 MB for a whole training split (50,000 x 3 x 32 x 32 bytes), 31 MB for the test split.
    """
    from .cifar import cifar_dataset

    dataset = cifar_dataset(name, train=train, root=root, smoke=smoke)
    x = torch.from_numpy(dataset.data).permute(0, 3, 1, 2).contiguous()  # NHWC -> NCHW
    return x.to(device), torch.as_tensor(dataset.targets, dtype=torch.long).to(device)


class RandomCrop:
    """Pads each image by ``padding`` and crops a random ``H x W`` window from it, per image.

    ``padding_mode``: ``"reflect"`` (mirror the border) or ``"constant"`` (zeros, as
    ``v2.RandomCrop(size, padding=p)``). No padded copy of the batch is made: each image's
    rows and columns are gathered from the original with shifted (reflected or masked)
    indices.
    """

    def __init__(self, padding: int = 4, padding_mode: str = "reflect"):
        if padding_mode not in ("reflect", "constant"):
            raise ValueError(f"padding_mode deve ser 'reflect' ou 'constant', não {padding_mode!r}")
        self.padding, self.padding_mode = padding, padding_mode

    def _indices(self, shift: torch.Tensor, size: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Source index of each output position (N, size) and whether it lies inside the image."""
        idx = shift[:, None] - self.padding + torch.arange(size, device=shift.device)
        inside = (idx >= 0) & (idx < size)
        if self.padding_mode == "reflect":
            idx = idx.abs()
            idx = torch.where(idx >= size, 2 * (size - 1) - idx, idx)
        return idx.clamp(0, size - 1), inside

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if self.padding == 0:
            return x
        n, device = x.shape[0], x.device
        _, c, h, w = x.shape
        shifts = torch.randint(0, 2 * self.padding + 1, (2, n), device=device)
        rows, rows_in = self._indices(shifts[0], h)
        cols, cols_in = self._indices(shifts[1], w)
        out = x[torch.arange(n, device=device)[:, None, None, None], torch.arange(c, device=device)[None, :, None, None],
                rows[:, None, :, None], cols[:, None, None, :]]
        if self.padding_mode == "constant":
            out = out * (rows_in[:, None, :, None] & cols_in[:, None, None, :])
        return out

    def __repr__(self):
        return f"RandomCrop(padding={self.padding}, padding_mode={self.padding_mode!r})"


class RandomFlip:
    """Mirrors each image left-right with probability ``p``."""

    def __init__(self, p: float = 0.5):
        self.p = p

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        n, device = x.shape[0], x.device
        flip = torch.rand(n, device=device) < self.p
        return torch.where(flip[:, None, None, None], x.flip(-1), x)

    def __repr__(self):
        return f"RandomFlip(p={self.p})"


class TrivialAugment:
    """torchvision's ``TrivialAugmentWide``: one operation and strength per group of ``group`` images."""

    def __init__(self, group: int = 16):
        self.group, self.augment = group, v2.TrivialAugmentWide()

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.augment(chunk) for chunk in x.split(self.group)])

    def __repr__(self):
        return f"TrivialAugment(group={self.group})"


class RandomErasing:
    """Fills a random rectangle of each image with ``value`` with probability ``p`` (after :class:`Normalize`,
    0 is the mean colour). Area: ``scale`` of the image; aspect ratio: log-uniform in ``ratio``.
    """

    def __init__(self, p: float = 0.25, scale: tuple[float, float] = (0.02, 0.33),
                 ratio: tuple[float, float] = (0.3, 3.3), value: float = 0.0):
        self.p, self.scale, self.ratio, self.value = p, scale, ratio, value

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        n, device = x.shape[0], x.device
        h, w = x.shape[-2:]
        area = h * w * torch.empty(n, device=device).uniform_(*self.scale)
        aspect = torch.exp(torch.empty(n, device=device).uniform_(math.log(self.ratio[0]), math.log(self.ratio[1])))
        eh = torch.sqrt(area * aspect).round().clamp(1, h)
        ew = torch.sqrt(area / aspect).round().clamp(1, w)
        top = (torch.rand(n, device=device) * (h - eh + 1)).floor()
        left = (torch.rand(n, device=device) * (w - ew + 1)).floor()
        rows = torch.arange(h, device=device)[None, :]
        cols = torch.arange(w, device=device)[None, :]
        inside = (((rows >= top[:, None]) & (rows < (top + eh)[:, None]))[:, :, None]
                  & ((cols >= left[:, None]) & (cols < (left + ew)[:, None]))[:, None, :])
        erase = (torch.rand(n, device=device) < self.p)[:, None, None] & inside
        return x.masked_fill(erase[:, None], self.value)

    def __repr__(self):
        return f"RandomErasing(p={self.p}, scale={self.scale}, ratio={self.ratio}, value={self.value})"


class Normalize:
    """uint8 images in [0, 255] -> float32 ``(x / 255 - mean) / std``, per channel."""

    def __init__(self, mean, std):
        self.mean, self.std = tuple(mean), tuple(std)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        mean = torch.tensor(self.mean, device=x.device).view(-1, 1, 1)
        std = torch.tensor(self.std, device=x.device).view(-1, 1, 1)
        return (x.float() / 255 - mean) / std

    def __repr__(self):
        return f"Normalize(mean={self.mean}, std={self.std})"


class Resize:
    """Resizes the whole batch to ``size x size`` (antialiased), keeping uint8."""

    def __init__(self, size: int):
        self.size = size

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[-2:] == (self.size, self.size):
            return x
        return v2.functional.resize(x, [self.size, self.size], antialias=True)

    def __repr__(self):
        return f"Resize({self.size})"


def cifar_transform(mean, std, augment: str = "none", img_size: int = 32,
                    padding_mode: str = "reflect") -> v2.Compose:
    """The batch pipeline of a uint8 CIFAR batch, the same steps as ``train_vit``'s per-image ones.

    ``augment``: ``"none"`` (resize if needed, normalise: evaluation), ``"basic"`` (+ random
    crop with ``img_size // 8`` padding and flip) or ``"strong"`` (+ TrivialAugment before
    normalising and random erasing after).
    """
    if augment not in ("none", "basic", "strong"):
        raise ValueError(f"augment deve ser 'none', 'basic' ou 'strong', não {augment!r}")
    steps: list[Callable] = [Resize(img_size)] if img_size != 32 else []
    if augment != "none":
        steps += [RandomCrop(img_size // 8, padding_mode), RandomFlip()]
    if augment == "strong":
        steps.append(TrivialAugment())
    steps.append(Normalize(mean, std))
    if augment == "strong":
        steps.append(RandomErasing(p=0.25))
    return v2.Compose(steps)
