"""Benchmark: the per-image input pipeline against the batched on-device one, alone and under a training step.

Usage: ``python -m tools.bench [--device cuda] [--batch-size N] [--steps N] [--compile] [--epoch]``
(``make bench``). Prints, in one run, on whatever device is present:

* images per second of the input pipeline of ``train_vit``'s two recipes on CIFAR-100:
  ``DataLoader`` workers (2, as on a Colab T4) decoding and augmenting one image at a
  time, against :mod:`course_utils.device_data` (the set on the device, augmented a batch
  at a time), and their ratio;
* images per second of one training step of the seed's ViT (37.9M) and of ResNet-18 at
  CIFAR size (Lab 06's 3x3 stem, CIFAR-10), each fed by either pipeline, and the ratios;
  on a GPU also the model FLOP utilisation (MFU) of the ViT;
* with ``--compile``: the same steps under ``torch.compile``, its compile time (from an
  empty compile cache, as in a fresh Colab session) and after how many steps it pays for itself;
* with ``--epoch`` (a GPU): one timed epoch of the seed's configuration through
  ``train_vit`` itself (CIFAR-100, batch 256, AMP).

Data: ``--data synthetic`` (default) writes a full-size CIFAR look-alike in CIFAR's own
pickled format with :func:`course_utils.cifar.write_fake_cifar` (once, under ``--data-dir``)
and reads it with torchvision's loader, so it runs on machines that cannot download;
``--data real`` uses the real CIFAR (downloaded once). Timing does not depend on the pixels.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision.transforms import v2

from course_utils import train_vit
from course_utils.cifar import cifar_dataset, cifar_folder, write_fake_cifar
from course_utils.device_data import TensorBatches, cifar_tensors, cifar_transform
from course_utils.vit import ViTConfig, build_vit, count_parameters

ROOT = Path(__file__).resolve().parents[1]
SEED_VIT = ViTConfig(img_size=32, patch=4, num_classes=100, dim=384, depth=8, heads=12, head_dim=192, mlp_ratio=4)
# Dense bf16/fp16 tensor-core peaks (TFLOP/s) from the vendors' data sheets, for MFU.
PEAK_TFLOPS = {"H200": 989, "H100": 989, "A100": 312, "L4": 121, "A10G": 125, "T4": 65, "V100": 125}
EPOCH_IMAGES = 45_000  # CIFAR's training split less train_vit's 10% validation


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def per_image_batches(name: str, augment: str, root: Path, synthetic: bool, batch: int, workers: int,
                      device: torch.device):
    """train_vit's per-image path: torchvision dataset + transforms in DataLoader workers."""
    args = train_vit.parse_args(["--dataset", name, "--augment", augment])
    dataset = cifar_dataset(name, train=True, transform=train_vit.transforms(args, train=True), root=root,
                            smoke=synthetic)
    loader = DataLoader(dataset, batch, shuffle=True, drop_last=True, num_workers=workers,
                        pin_memory=device.type == "cuda", persistent_workers=workers > 0)
    while True:
        for x, y in loader:
            yield x.to(device, non_blocking=True), y.to(device, non_blocking=True)


def batched_batches(name: str, augment: str, root: Path, synthetic: bool, batch: int, device: torch.device):
    """train_vit's default path: the set on the device, augmented a batch at a time."""
    mean, std = train_vit.NORMALIZE[name]
    x, y = cifar_tensors(name, train=True, device=device, root=root, smoke=synthetic)
    batches = TensorBatches(x, y, batch, shuffle=True, drop_last=True, transform=cifar_transform(mean, std, augment))
    while True:
        yield from batches


def images_per_second(batches, step, n_steps: int, warmup: int, device: torch.device) -> float:
    """Images per second of ``step(x, y)`` over ``n_steps`` batches, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        step(*next(batches))
    sync(device)
    start, seen = time.perf_counter(), 0
    for _ in range(n_steps):
        x, y = next(batches)
        step(x, y)
        seen += len(x)
    sync(device)
    return seen / (time.perf_counter() - start)


def resnet18_cifar(num_classes: int) -> nn.Module:
    """torchvision's ResNet-18 with Lab 06's CIFAR stem (3x3 stride-1 conv, no max-pool)."""
    from torchvision.models import resnet18

    model = resnet18(num_classes=num_classes)
    model.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = nn.Identity()
    return model


def train_step(model: nn.Module, device: torch.device):
    """One AdamW step with AMP on CUDA (train_vit's choices), as a function of a batch."""
    dtype = train_vit.amp_dtype(device)
    autocast = torch.autocast(device.type, dtype=dtype) if dtype is not None else nullcontext()
    scaler = torch.amp.GradScaler("cuda", enabled=dtype == torch.float16)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=device.type == "cuda")
    loss_fn = nn.CrossEntropyLoss()

    def step(x, y):
        with autocast:
            loss = loss_fn(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    return step


def training_flops_per_image(model: nn.Module, device: torch.device) -> float:
    """Forward + backward FLOPs of one image (torch's FLOP counter: 3x the forward's matmuls and convolutions)."""
    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False)
    training = model.training
    model.eval()  # BatchNorm: a batch of one is fine in eval mode; the FLOPs are the same
    with counter, torch.no_grad():
        model(torch.randn(1, 3, 32, 32, device=device))
    model.train(training)
    return 3.0 * counter.get_total_flops()


def peak_flops(device: torch.device, given: float | None) -> float | None:
    if given:
        return given * 1e12
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    return next((tflops * 1e12 for key, tflops in PEAK_TFLOPS.items() if key in name), None)


def ensure_data(args) -> tuple[Path, bool]:
    """(root, synthetic): where the CIFAR folders are, and whether they are the look-alike."""
    if args.data == "real":
        from course_utils.config import data_root
        return data_root(False), False
    root = args.data_dir
    for name in ("cifar10", "cifar100"):
        if not (root / cifar_folder(name)).is_dir():
            print(f"writing a synthetic {name} ({args.train_images:,} training images, CIFAR's pickled format) "
                  f"under {root} ...", flush=True)
        write_fake_cifar(root, name, n_train=args.train_images, n_test=args.train_images // 5)
    return root, True


def ratio(a: float, b: float) -> str:
    return f"{b / a:.1f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--data", default="synthetic", choices=["synthetic", "real"])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data" / "bench", help="where --data synthetic writes")
    parser.add_argument("--train-images", type=int, default=50_000,
                        help="training images of the synthetic set (CIFAR's 50,000; fewer only for a quick check)")
    parser.add_argument("--workers", type=int, default=2, help="DataLoader workers of the per-image path (Colab: 2)")
    parser.add_argument("--pipeline-batches", type=int, default=None, help="batches timed per input pipeline")
    parser.add_argument("--batch-size", type=int, default=None, help="training batch (default: 256 on a GPU, 32 on a CPU)")
    parser.add_argument("--steps", type=int, default=None, help="timed training steps (default: 30 on a GPU, 3 on a CPU)")
    parser.add_argument("--models", default="vit,resnet18", help="comma-separated: vit, resnet18 (none: '')")
    parser.add_argument("--compile", action="store_true", help="also time torch.compile (compile time included)")
    parser.add_argument("--epoch", action="store_true", help="a timed train_vit epoch of the seed's configuration")
    parser.add_argument("--peak-tflops", type=float, default=None, help="the device's peak, for MFU (default: a table)")
    args = parser.parse_args(argv)
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    gpu = device.type == "cuda"
    batch = args.batch_size or (256 if gpu else 32)
    steps = args.steps or (30 if gpu else 3)
    pipeline_batches = args.pipeline_batches or (40 if gpu else 20)
    if gpu:
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    name = torch.cuda.get_device_name(device) if gpu else f"CPU ({platform.processor() or platform.machine()})"
    print(f"device: {name} | {os.cpu_count()} CPU cores | torch {torch.__version__} | "
          f"per-image path: {args.workers} DataLoader workers", flush=True)
    root, synthetic = ensure_data(args)
    if args.compile:  # an empty compile cache, as in a fresh Colab session: the compile time counts in full
        cache = tempfile.TemporaryDirectory(prefix="bench-inductor-")
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = cache.name

    print(f"\nInput pipeline: CIFAR-100 training split, batch 256, {pipeline_batches} batches, images/s")
    print(f"{'recipe':<28}{'per-image workers':>18}{'batched on device':>19}{'ratio':>8}")
    for recipe in ("seed", "better"):
        augment, mix = train_vit.RECIPES[recipe]["augment"], train_vit.RECIPES[recipe]["mixup"] > 0
        label = f"{recipe} ({augment}{' + MixUp/CutMix' if mix else ''})"
        mix_only = v2.RandomChoice([v2.MixUp(num_classes=100), v2.CutMix(num_classes=100)]) if mix else None

        def consume(x, y, mix_only=mix_only):
            if mix_only is not None:
                mix_only(x, y)
        per = images_per_second(per_image_batches("cifar100", augment, root, synthetic, 256, args.workers, device),
                                consume, pipeline_batches, 3, device)
        dev = images_per_second(batched_batches("cifar100", augment, root, synthetic, 256, device),
                                consume, pipeline_batches, 3, device)
        print(f"{label:<28}{per:>18,.0f}{dev:>19,.0f}{ratio(per, dev):>8}", flush=True)

    # Both models with the seed recipe's augmentation (crop + flip).
    models = {"vit": ("ViT, the seed's (37.9M), CIFAR-100", "cifar100", lambda: build_vit(SEED_VIT)),
              "resnet18": ("ResNet-18, CIFAR stem, CIFAR-10", "cifar10", lambda: resnet18_cifar(10))}
    augment = train_vit.RECIPES["seed"]["augment"]
    chosen = [m for m in args.models.split(",") if m]
    if chosen:
        precision = f"AMP {train_vit.amp_dtype(device)}".replace("torch.", "") if gpu else "float32"
        print(f"\nOne training step with its input pipeline: batch {batch}, {precision}, {steps} timed steps, images/s")
        print(f"{'model':<38}{'params':>8}{'per-image':>11}{'batched':>10}{'ratio':>8}{'MFU':>7}")
    for key in chosen:
        label, dataset, build = models[key]
        torch.manual_seed(0)
        model = build().to(device)
        step = train_step(model, device)
        per = images_per_second(per_image_batches(dataset, augment, root, synthetic, batch, args.workers, device),
                                step, steps, 1, device)
        dev = images_per_second(batched_batches(dataset, augment, root, synthetic, batch, device), step, steps, 1, device)
        peak = peak_flops(device, args.peak_tflops)
        mfu = f"{100 * dev * training_flops_per_image(model, device) / peak:.0f}%" if peak else "n/a"
        print(f"{label:<38}{count_parameters(model) / 1e6:>7.1f}M{per:>11,.1f}{dev:>10,.1f}{ratio(per, dev):>8}"
              f"{mfu:>7}", flush=True)
        if args.compile:
            torch.manual_seed(0)
            fresh = build().to(device)
            compiled_step = train_step(torch.compile(fresh), device)
            batches = batched_batches(dataset, augment, root, synthetic, batch, device)
            sync(device)
            start = time.perf_counter()
            compiled_step(*next(batches))  # compiles forward and backward
            sync(device)
            first = time.perf_counter() - start
            fast = images_per_second(batches, compiled_step, steps, 2, device)
            eager_step, compiled_step_s = batch / dev, batch / fast
            compile_s = first - compiled_step_s
            gain = eager_step - compiled_step_s
            pays = f"pays off after {compile_s / gain:,.0f} steps" if gain > 0 else "never pays off"
            print(f"  + torch.compile: {fast:,.1f} img/s ({ratio(dev, fast)} of eager), compile {compile_s:.0f} s: "
                  f"{pays} ({EPOCH_IMAGES // batch} steps per epoch)", flush=True)
        if key == "vit" and not args.epoch:
            print(f"  one epoch of {EPOCH_IMAGES:,} images at this rate: {EPOCH_IMAGES / dev:,.0f} s "
                  f"(estimate from the steps above; --epoch times a real one)", flush=True)
        del model

    if args.epoch:
        print("\nOne epoch of the seed's configuration through train_vit (CIFAR-100, batch 256, --amp):", flush=True)
        if synthetic:
            os.environ["COURSE_DATA"] = str(root)
        outdir = args.data_dir / "runs" / "seed_epoch"
        train_vit.main(["--dataset", "cifar100", "--patch", "4", *train_vit.SEED_MODEL.split(), "--head-dim", "192",
                        "--batch-size", "256", "--epochs", "1", "--amp",
                        "--recipe", "seed", "--outdir", str(outdir), *(["--device", str(device)] if args.device else [])])
        seconds = train_vit.read_log(outdir / "log.csv")[-1]["seconds"]
        n_train = args.train_images if synthetic else 50_000
        n_train -= round(0.1 * n_train)  # train_vit's validation share
        rate = (n_train // 256) * 256 / seconds  # full batches only (drop_last)
        peak = peak_flops(device, args.peak_tflops)
        model = build_vit(SEED_VIT).to(device)
        mfu = f"{100 * rate * training_flops_per_image(model, device) / peak:.0f}%" if peak else "n/a"
        print(f"seed configuration: {seconds:.1f} s per epoch (validation included), {rate:,.0f} training images/s, "
              f"MFU {mfu}; the seed's README: 65 s per epoch on an L4")
    return 0


if __name__ == "__main__":
    sys.exit(main())
