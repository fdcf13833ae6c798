"""A timed few training steps of each lab's main model at its real size, on the GPU (``make gpu-check``).

Usage: ``python -m tools.gpu_check [LAB ...] [--steps N] [--warmup N] [--batch N]``

For each lab (``tools/measure.py``'s ``MODELS``: the model, input size and batch that full
mode trains) it builds the model on the device, runs ``--warmup`` untimed and ``--steps``
timed training steps (forward, backward, AdamW; mixed precision on CUDA: bfloat16 from
Ampere on, float16 with a gradient scaler before) on random batches already on the device,
and prints images per second, the peak GPU memory, the time per epoch and for the lab's
training at that rate, and the utilisation (MFU: FLOPs counted by
``torch.utils.flop_counter`` per step, over the time, over the card's dense peak). The input
pipeline is not part of it (``make bench`` measures that). The defaults (20 steps after 3)
keep all six labs within a few minutes on a T4.

Without a GPU it says so first, and runs on the CPU on a tiny cap (batch 2, 1 step): that
proves the script, not a speed.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time

import torch
from torch import nn

from tools.measure import MODELS, T4_MEMORY, flops_per_step, fmt_seconds

# Dense peak FLOP/s of the mixed-precision tensor cores, by a word of the device's name.
DEVICE_PEAK = {"T4": 65e12, "L4": 121e12, "A10G": 125e12, "A100": 312e12, "L40S": 362e12,
               "H100": 990e12, "H200": 990e12, "V100": 125e12}


def device_peak(name: str) -> float | None:
    return next((peak for key, peak in DEVICE_PEAK.items() if key in name.upper()), None)


def measure(lab: str, device: torch.device, steps: int, warmup: int, batch: int | None = None) -> dict:
    """Times ``steps`` training steps of ``lab``'s main model on ``device``; returns the figures."""
    spec = MODELS[lab]
    batch = batch or spec.batch
    cuda = device.type == "cuda"
    dtype = (torch.bfloat16 if torch.cuda.get_device_capability(device)[0] >= 8 else torch.float16) if cuda else None
    torch.manual_seed(0)
    model = spec.build().to(device)
    convnet = any(isinstance(m, nn.Conv2d) and m.kernel_size != m.stride for m in model.modules())
    memory_format = torch.channels_last if cuda and convnet else torch.contiguous_format
    model = model.to(memory_format=memory_format).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=cuda)
    scaler = torch.amp.GradScaler("cuda", enabled=dtype == torch.float16)
    x = torch.randn(batch, spec.in_chans, spec.size, spec.size, device=device).contiguous(memory_format=memory_format)
    y = torch.randint(0, 2 if lab == "lab01" else 10, (batch,), device=device)

    def step():
        with torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
            loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()

    for _ in range(warmup):
        step()
    if cuda:
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
    start = time.perf_counter()
    for _ in range(steps):
        step()
    if cuda:
        torch.cuda.synchronize(device)
    seconds = (time.perf_counter() - start) / steps
    flops = flops_per_step(spec, batch)
    peak = device_peak(torch.cuda.get_device_name(device)) if cuda else None
    images_per_s = batch / seconds
    epoch = spec.images_per_epoch / images_per_s
    return {"lab": lab, "model": spec.name, "batch": batch, "step_s": seconds, "images_per_s": images_per_s,
            "peak_memory": torch.cuda.max_memory_allocated(device) if cuda else None,
            "epoch_s": epoch, "lab_s": epoch * spec.epochs_in_lab, "flops": flops,
            "mfu": flops / seconds / peak if peak else None,
            "precision": str(dtype).replace("torch.", "") if dtype else "float32"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labs", nargs="*", default=list(MODELS), help="labs (default: all)")
    parser.add_argument("--steps", type=int, default=None, help="timed steps (GPU: 20; CPU: 1)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed steps first (GPU: 3; CPU: 1)")
    parser.add_argument("--batch", type=int, default=None, help="batch size (default: the lab's; CPU: 2)")
    parser.add_argument("--device", default=None, help="cuda or cpu (default: cuda when present)")
    args = parser.parse_args(argv)
    unknown = [lab for lab in args.labs if lab not in MODELS]
    if unknown:
        parser.error(f"unknown lab(s): {' '.join(unknown)}; choose from {' '.join(MODELS)}")
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    gpu = device.type == "cuda"
    if gpu:
        name = torch.cuda.get_device_name(device)
        total = torch.cuda.get_device_properties(device).total_memory
        peak = device_peak(name)
        print(f"GPU: {name}, {total / 1e9:.0f} GB, dense mixed-precision peak "
              f"{f'{peak / 1e12:.0f} TFLOP/s' if peak else 'unknown (no MFU)'} | torch {torch.__version__}")
        steps, warmup, batch = args.steps or 20, args.warmup if args.warmup is not None else 3, args.batch
    else:
        print("NO GPU FOUND: running on the CPU on a tiny cap (batch 2, 1 step) to prove the script; these are not "
              f"GPU figures. | {platform.machine()} | torch {torch.__version__}")
        steps, warmup, batch = args.steps or 1, args.warmup if args.warmup is not None else 1, args.batch or 2
    head = (f"{'lab':<6} {'model':<34} {'batch':>5} {'precision':>9} {'img/s':>8} {'peak mem':>9} {'of T4':>6} "
            f"{'epoch':>8} {'lab':>8} {'MFU':>6}")
    print(head)
    print("-" * len(head))
    for lab in args.labs:
        r = measure(lab, device, steps, warmup, batch)
        mem = f"{r['peak_memory'] / 1e9:.2f} GB" if r["peak_memory"] is not None else "n/a"
        of_t4 = f"{100 * r['peak_memory'] / T4_MEMORY:.0f}%" if r["peak_memory"] is not None else "n/a"
        mfu = f"{100 * r['mfu']:.0f}%" if r["mfu"] is not None else "n/a"
        print(f"{lab:<6} {r['model']:<34} {r['batch']:>5} {r['precision']:>9} {r['images_per_s']:>8,.0f} {mem:>9} "
              f"{of_t4:>6} {fmt_seconds(r['epoch_s']):>8} {fmt_seconds(r['lab_s']):>8} {mfu:>6}", flush=True)
        if gpu:
            torch.cuda.empty_cache()
    print(f"{steps} timed steps after {warmup}, random batches on the device (input pipeline not included); "
          "epoch and lab: the lab's images per epoch and epochs of training at this rate."
          + ("" if gpu else " CPU run: NO GPU FOUND, the figures say nothing about a GPU."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
