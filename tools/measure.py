"""Each lab's main model at its real input size and batch size: FLOPs, memory of a training step, projections.

* :data:`MODELS`: per lab, the model that its training time goes to, the input size and batch
  size full mode uses, the images of one epoch and the epochs the lab trains (its runs summed).
* :func:`flops_per_step`: forward + backward FLOPs of one training step, counted by
  ``torch.utils.flop_counter.FlopCounterMode`` on the ``meta`` device (shapes only: no memory,
  no time, so ViT-B/16 at batch 32 costs nothing to count).
* :func:`step_memory`: the bytes a training step holds: the tensors autograd saves for the
  backward pass (``torch.autograd.graph.saved_tensors_hooks``, float32, parameters and their
  views left out) plus parameters, gradients and AdamW's two moments (4 x the parameters).
* :func:`projection`: time per epoch and for the lab at a stated utilisation of a GPU's peak.

Used by ``tools/rehearse.py`` (``make rehearse``) and ``tools/gpu_check.py`` (``make gpu-check``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

# Dense peak throughput, FLOP/s: T4 fp16 tensor cores; H100 SXM bf16 dense.
PEAK = {"T4": 65e12, "H100": 990e12}
UTILISATION = 0.30  # the share of peak a well-fed training step reaches (stated, not measured)
T4_MEMORY = 15e9


def _small_cnn(num_classes: int = 2) -> nn.Module:  # Lab 01's capstone CNN (the notebook's small_cnn)
    def block(c_in, c_out):
        return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out),
                             nn.ReLU(inplace=True), nn.MaxPool2d(2))
    return nn.Sequential(block(3, 32), block(32, 64), block(64, 128), block(128, 256),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, num_classes))


def _deep_net(num_blocks: int = 16, width: int = 16) -> nn.Module:  # Lab 02's residual study (deep_net(16, True))
    from torchvision.models.resnet import BasicBlock

    layers = [nn.Conv2d(1, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
    layers += [BasicBlock(width, width) for _ in range(num_blocks)]
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, 10))


def _resnet18(num_classes: int = 10, cifar_stem: bool = False) -> nn.Module:
    from torchvision.models import resnet18

    model = resnet18(num_classes=num_classes)
    if cifar_stem:  # Lab 06's second run: 3x3 stride-1 stem, no max-pool
        model.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        model.maxpool = nn.Identity()
    return model


def _vit_b16() -> nn.Module:  # Lab 04: google/vit-base-patch16-224 with a 10-class head
    from transformers import ViTConfig, ViTForImageClassification

    class Logits(nn.Module):
        def __init__(self):
            super().__init__()
            self.model = ViTForImageClassification(ViTConfig(num_labels=10))

        def forward(self, x):
            return self.model(pixel_values=x).logits

    return Logits()


def _lab05_vit() -> nn.Module:  # Lab 05's train_vit run: dim 192, depth 6, 3 heads, patch 4 on 32x32
    from course_utils.vit import build_vit

    return build_vit(img_size=32, patch=4, num_classes=10, dim=192, depth=6, heads=3, mlp_ratio=4)


@dataclass(frozen=True)
class LabModel:
    name: str
    build: Callable[[], nn.Module]
    in_chans: int
    size: int
    batch: int
    images_per_epoch: int
    epochs_in_lab: float  # epochs of this model over the lab's training runs, summed
    note: str
    also: tuple = ()  # other models the lab trains on the same data: (name, build, epochs), added to the lab's time


MODELS = {
    "lab01": LabModel("small CNN, Pets 64x64", _small_cnn, 3, 64, 64, 5880, 2 * 6,
                      "capstone: 2 runs x 6 epochs of 5,880 images"),
    "lab02": LabModel("deep_net(16 blocks), digits 14x14", _deep_net, 1, 14, 64, 64 * 200, 2,
                      "plain vs residual: 2 runs x 200 steps of 64"),
    "lab03": LabModel("ResNet-18, MNIST 112x112", _resnet18, 3, 112, 256, 55000, 5 * 3 + 32 * 1000 / 55000,
                      "5 strategies x 3 epochs of 55,000 (fastai's included) + L2-SP 4 x 8 x 1,000"),
    "lab04": LabModel("ViT-B/16, CIFAR-10 224x224", _vit_b16, 3, 224, 32, 4500, 3,
                      "Trainer: 3 epochs of 4,500"),
    "lab05": LabModel("ViT dim 192 x 6, CIFAR-10 32x32", _lab05_vit, 3, 32, 256, 45000, 2 * 25 + 5,
                      "train_vit: 2 recipes x 25 epochs + yours x 5, of 45,000"),
    "lab06": LabModel("ResNet-18 CIFAR stem, CIFAR-10 32x32", lambda: _resnet18(cifar_stem=True), 3, 32, 256, 45000,
                      15, "Lightning: 2 runs x up to 15 epochs of 45,000; the CIFAR-stem run (shown) costs 8x "
                      "the ImageNet-stem one (added to the lab)",
                      also=(("ResNet-18 ImageNet stem", _resnet18, 15),)),
}


def _step(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, torch.zeros(len(x), dtype=torch.long, device=x.device))
    loss.backward()
    return loss


def flops_per_step(spec: LabModel, batch: int | None = None) -> int:
    """Forward + backward FLOPs of one training step at the lab's size (counted on the meta device)."""
    from torch.utils.flop_counter import FlopCounterMode

    with torch.device("meta"):
        model = spec.build()
        x = torch.empty(batch or spec.batch, spec.in_chans, spec.size, spec.size)
    with FlopCounterMode(display=False) as counter:
        _step(model, x)
    return int(counter.get_total_flops())


def step_memory(spec: LabModel, batch: int | None = None) -> dict:
    """Bytes of one float32 training step: saved activations, and parameters + gradients + AdamW state."""
    with torch.device("meta"):
        model = spec.build()
        x = torch.empty(batch or spec.batch, spec.in_chans, spec.size, spec.size)
    params = {id(p) for p in model.parameters()}
    saved = [0]

    def pack(t: torch.Tensor):
        base = t._base if t._base is not None else t
        if id(t) not in params and id(base) not in params:
            saved[0] += t.numel() * t.element_size()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        _step(model, x)
    n_params = sum(p.numel() for p in model.parameters())
    return {"activations": saved[0], "params": n_params, "states": 4 * 4 * n_params,
            "total": saved[0] + 4 * 4 * n_params}


def also_flops(spec: LabModel) -> list[tuple[int, float]]:
    """(FLOPs per step, epochs) of the other models ``spec.also`` names."""
    from dataclasses import replace

    return [(flops_per_step(replace(spec, build=build, also=())), epochs) for _, build, epochs in spec.also]


def projection(flops: int, spec: LabModel, peak: float, utilisation: float = UTILISATION,
               also: list[tuple[int, float]] = ()) -> dict:
    """Seconds per epoch (of the main model) and for the lab's training on a GPU of ``peak`` FLOP/s at ``utilisation``."""
    steps = -(-spec.images_per_epoch // spec.batch)
    rate = peak * utilisation
    epoch = steps * flops / rate
    return {"epoch_s": epoch, "lab_s": epoch * spec.epochs_in_lab + sum(steps * f * e for f, e in also) / rate}


def fmt_seconds(s: float) -> str:
    if s < 1:
        return f"{s * 1e3:.0f} ms"
    if s < 120:
        return f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    return f"{s / 3600:.1f} h"
