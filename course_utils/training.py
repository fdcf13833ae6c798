"""A small, readable training loop with progress bars."""
from __future__ import annotations

import time
from typing import Callable

import torch
from torch import nn
from tqdm.auto import tqdm

from .config import is_grading


def _accuracy_count(logits: torch.Tensor, y: torch.Tensor) -> int:
    target = y.argmax(dim=1) if y.ndim == 2 else y  # one-hot or class indices
    return int((logits.argmax(dim=1) == target).sum())


@torch.no_grad()
def evaluate(model: nn.Module, loader, loss_fn: Callable | None = None, device=None) -> dict:
    """Mean loss and accuracy of ``model`` over ``loader``."""
    device = device or next(model.parameters()).device
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    model.eval()
    total, loss_sum, correct = 0, 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        logits = model(x)
        loss_sum += float(loss_fn(logits, y)) * len(x)
        correct += _accuracy_count(logits, y)
        total += len(x)
    return {"loss": loss_sum / max(total, 1), "acc": correct / max(total, 1)}


@torch.no_grad()
def predict(model: nn.Module, loader, device=None) -> tuple[torch.Tensor, torch.Tensor]:
    """Predicted class indices and true class indices over ``loader`` (on the CPU)."""
    device = device or next(model.parameters()).device
    model.eval()
    preds, targets = [], []
    for x, y in loader:
        preds.append(model(x.to(device)).argmax(dim=1).cpu())
        targets.append((y.argmax(dim=1) if y.ndim == 2 else y).cpu())
    return torch.cat(preds), torch.cat(targets)


def train_epoch(model: nn.Module, batches, optimizer, scheduler=None, penalty: Callable | None = None,
                amp: bool = True, loss_fn: Callable | None = None, max_steps: int | None = None) -> dict:
    """One pass over ``batches``: per-step losses, and the count of right and seen examples.

    ``scheduler`` steps after every batch (as ``OneCycleLR`` expects); ``penalty()`` is
    added to the loss (a regulariser such as L2-SP); ``amp`` uses float16 autocast on
    CUDA; ``max_steps`` caps the number of batches.
    """
    device = next(model.parameters()).device
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    use_amp = amp and device.type == "cuda"
    scaler = torch.amp.GradScaler("cuda", enabled=use_amp)
    model.train()
    losses, correct, seen = [], 0, 0
    for step, (x, y) in enumerate(batches):
        if max_steps is not None and step >= max_steps:
            break
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        with torch.autocast(device.type, enabled=use_amp):
            logits = model(x)
            loss = loss_fn(logits, y)
        if penalty is not None:
            loss = loss + penalty()
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
        correct += _accuracy_count(logits.detach(), y)
        seen += len(x)
    return {"losses": losses, "correct": correct, "seen": seen}


def fit(model: nn.Module, train_loader, val_loader=None, epochs: int = 1, optimizer=None, loss_fn=None,
        scheduler=None, device=None, amp: bool = False, max_steps: int | None = None) -> list[dict]:
    """Train ``model`` and return one dict per epoch (losses, accuracies, seconds).

    ``scheduler`` is stepped after every batch (as ``OneCycleLR`` expects); ``amp``
    enables mixed precision on CUDA; ``max_steps`` caps batches per epoch.
    """
    if device is not None:
        model.to(device)
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    optimizer = optimizer or torch.optim.AdamW((p for p in model.parameters() if p.requires_grad), lr=1e-3)
    history = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        bar = tqdm(train_loader, desc=f"época {epoch}/{epochs}", leave=False, disable=is_grading())
        stats = train_epoch(model, bar, optimizer, scheduler, amp=amp, loss_fn=loss_fn, max_steps=max_steps)
        row = {"epoch": epoch, "train_loss": sum(stats["losses"]) / max(len(stats["losses"]), 1),
               "train_acc": stats["correct"] / max(stats["seen"], 1)}
        if val_loader is not None:
            val = evaluate(model, val_loader, loss_fn)
            row.update(val_loss=val["loss"], val_acc=val["acc"])
        row["seconds"] = time.perf_counter() - start
        history.append(row)
        print("  ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
    return history
