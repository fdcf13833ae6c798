"""A small, readable training loop with progress bars.

``train_epoch``, ``evaluate`` and ``predict`` are the course's one copy of each
(``course_utils.transfer`` re-exports them); ``fit`` strings them together.
"""
from __future__ import annotations

import time
import weakref
from typing import Callable

import torch
from torch import nn
from tqdm.auto import tqdm

from .config import capped, is_grading


class EpochLosses(list):
    """The loss of every step of one epoch (a plain ``list`` of floats).

    It also carries how many training examples the model got right (``correct``)
    out of how many it saw (``seen``), measured on the fly during the epoch.
    """

    def __init__(self, losses=(), correct: int = 0, seen: int = 0):
        super().__init__(losses)
        self.correct, self.seen = correct, seen

    @property
    def acc(self) -> float:
        return self.correct / max(self.seen, 1)


def _targets(y: torch.Tensor) -> torch.Tensor:
    return y.argmax(dim=1) if y.ndim == 2 else y  # one-hot or class indices


def _accuracy_count(logits: torch.Tensor, y: torch.Tensor) -> int:
    return int((logits.argmax(dim=1) == _targets(y)).sum())


def f1_macro(y_true: torch.Tensor, y_pred: torch.Tensor) -> float:
    """Macro F1 over the classes present in ``y_true`` or ``y_pred`` (as scikit-learn, zero_division=0)."""
    y_true, y_pred = torch.as_tensor(y_true).flatten(), torch.as_tensor(y_pred).flatten()
    labels = torch.unique(torch.cat([y_true, y_pred]))
    if labels.numel() == 0:
        return 0.0
    f1s = []
    for c in labels:
        tp = int(((y_pred == c) & (y_true == c)).sum())
        fp = int(((y_pred == c) & (y_true != c)).sum())
        fn = int(((y_pred != c) & (y_true == c)).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


@torch.no_grad()
def predict(model: nn.Module, loader, device=None, amp: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Predicted and true class indices over ``loader``, as CPU tensors.

    ``loader`` yields ``(x, y)``; ``y`` is class indices or one-hot. ``amp`` uses
    float16 autocast on CUDA.
    """
    device = torch.device(device) if device is not None else next(model.parameters()).device
    model.eval()
    preds, targets = [], []
    cap = capped(None)
    for step, (x, y) in enumerate(loader):
        if cap is not None and step >= cap:
            break
        with torch.autocast(device.type, enabled=amp and device.type == "cuda"):
            preds.append(model(x.to(device)).argmax(dim=1).cpu())
        targets.append(_targets(y).cpu())
    return torch.cat(preds), torch.cat(targets)


@torch.no_grad()
def evaluate(model: nn.Module, loader, loss_fn: Callable | None = None, device=None, amp: bool = True) -> dict:
    """Mean loss, accuracy and macro F1 of ``model`` over ``loader``: ``{"loss", "acc", "f1_macro"}``."""
    device = torch.device(device) if device is not None else next(model.parameters()).device
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    model.eval()
    total, loss_sum, preds, targets = 0, 0.0, [], []
    cap = capped(None)
    for step, (x, y) in enumerate(loader):
        if cap is not None and step >= cap:
            break
        x, y = x.to(device), y.to(device)
        with torch.autocast(device.type, enabled=amp and device.type == "cuda"):
            logits = model(x)
        loss_sum += float(loss_fn(logits.float(), y)) * len(x)
        preds.append(logits.argmax(dim=1).cpu())
        targets.append(_targets(y).cpu())
        total += len(x)
    if not total:
        return {"loss": 0.0, "acc": 0.0, "f1_macro": 0.0}
    p, t = torch.cat(preds), torch.cat(targets)
    return {"loss": loss_sum / total, "acc": float((p == t).float().mean()), "f1_macro": f1_macro(t, p)}


# One GradScaler per optimizer, kept across epochs: a new scaler would start again from
# the initial loss scale (2**16) every epoch and skip steps until it has backed off.
_SCALERS: "weakref.WeakKeyDictionary[torch.optim.Optimizer, torch.amp.GradScaler]" = weakref.WeakKeyDictionary()


def grad_scaler(optimizer: torch.optim.Optimizer, enabled: bool = True) -> torch.amp.GradScaler:
    """The loss scaler that ``train_epoch`` uses with ``optimizer`` (one per optimizer, kept across epochs)."""
    scaler = _SCALERS.get(optimizer)
    if scaler is None or scaler.is_enabled() != enabled:
        scaler = _SCALERS[optimizer] = torch.amp.GradScaler("cuda", enabled=enabled)
    return scaler


def train_epoch(model: nn.Module, batches, optimizer, scheduler=None, penalty: Callable | None = None,
                amp: bool = True, loss_fn: Callable | None = None, max_steps: int | None = None,
                scaler: torch.amp.GradScaler | None = None) -> EpochLosses:
    """One pass over ``batches``; returns the loss of every step (an ``EpochLosses`` list).

    ``scheduler`` steps after every batch (as ``OneCycleLR`` expects); ``penalty()`` is
    added to the loss (a regulariser such as L2-SP); ``amp`` uses float16 autocast on
    CUDA; ``max_steps`` caps the number of batches (lowered to ``COURSE_MAX_STEPS`` when that is
    set: :func:`course_utils.config.max_steps`). The gradient scaler of AMP is kept
    from one epoch to the next (one per optimizer, or the ``scaler`` given).
    The returned list also counts the examples it got right (``.correct``, ``.seen``, ``.acc``).
    """
    device = next(model.parameters()).device
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    use_amp = amp and device.type == "cuda"
    if scaler is None:
        scaler = grad_scaler(optimizer, enabled=use_amp)
    max_steps = capped(max_steps)
    model.train()
    out = EpochLosses()
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
        out.append(loss.item())
        out.correct += _accuracy_count(logits.detach(), y)
        out.seen += len(x)
    return out


def fit(model: nn.Module, train_loader, val_loader=None, epochs: int = 1, optimizer=None, loss_fn=None,
        scheduler=None, device=None, amp: bool = False, max_steps: int | None = None) -> list[dict]:
    """Train ``model`` and return one dict per epoch (losses, accuracies, seconds).

    ``scheduler`` is stepped after every batch (as ``OneCycleLR`` expects); ``amp``
    enables mixed precision on CUDA (one gradient scaler for the whole run);
    ``max_steps`` caps batches per epoch (and ``COURSE_MAX_STEPS``, when set, caps every pass).
    """
    if device is not None:
        model.to(device)
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    optimizer = optimizer or torch.optim.AdamW((p for p in model.parameters() if p.requires_grad), lr=1e-3)
    use_amp = amp and next(model.parameters()).device.type == "cuda"
    scaler = torch.amp.GradScaler("cuda", enabled=use_amp)
    history = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        bar = tqdm(train_loader, desc=f"época {epoch}/{epochs}", leave=False, disable=is_grading())
        losses = train_epoch(model, bar, optimizer, scheduler, amp=amp, loss_fn=loss_fn, max_steps=max_steps,
                             scaler=scaler)
        row = {"epoch": epoch, "train_loss": sum(losses) / max(len(losses), 1), "train_acc": losses.acc}
        if val_loader is not None:
            val = evaluate(model, val_loader, loss_fn, amp=amp)
            row.update(val_loss=val["loss"], val_acc=val["acc"])
        row["seconds"] = time.perf_counter() - start
        history.append(row)
        print("  ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
    return history
