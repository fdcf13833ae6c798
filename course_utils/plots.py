"""Plots students would rather look at than read."""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch


def to_image(x: torch.Tensor, mean: Sequence[float] | None = None, std: Sequence[float] | None = None) -> np.ndarray:
    """A (C, H, W) tensor as an (H, W, C) array in [0, 1] for ``imshow``, undoing normalisation."""
    x = x.detach().float().cpu()
    if mean is not None and std is not None:
        x = x * torch.tensor(std).view(-1, 1, 1) + torch.tensor(mean).view(-1, 1, 1)
    elif x.max() > 1.0:
        x = x / 255.0
    return x.clamp(0, 1).permute(1, 2, 0).numpy()


def _label_text(y, classes: Sequence[str] | None) -> str:
    if isinstance(y, torch.Tensor):
        y = int(y.argmax()) if y.ndim > 0 and y.numel() > 1 else int(y)
    return classes[y] if classes is not None else str(y)


def show_batch(x: torch.Tensor, y=None, classes: Sequence[str] | None = None, n: int = 8, ncols: int = 4,
               mean=None, std=None, preds=None, figsize_per: float = 2.2):
    """Grid of the first ``n`` images of a batch with their labels (and predictions, if given).

    Labels may be class indices or one-hot rows; wrong predictions are titled in red.
    """
    n = min(n, len(x))
    nrows = max(1, int(np.ceil(n / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(figsize_per * ncols, figsize_per * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(to_image(x[i], mean, std))
        title, color = "", "black"
        if y is not None:
            title = _label_text(y[i], classes)
        if preds is not None:
            p = _label_text(preds[i], classes)
            color = "green" if p == title else "red"
            title = f"{title} / pred: {p}" if title else p
        ax.set_title(title, color=color, fontsize=9)
    fig.tight_layout()
    return fig


def plot_history(history: Sequence[dict], metrics: Sequence[str] = ("loss", "acc")):
    """Training curves from a list of per-epoch dicts (``train_loss``, ``val_loss``, ``train_acc``...)."""
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    epochs = [h.get("epoch", i + 1) for i, h in enumerate(history)]
    for ax, metric in zip(axes.flat, metrics):
        for split in ("train", "val"):
            key = f"{split}_{metric}"
            if any(key in h for h in history):
                ax.plot(epochs, [h.get(key, np.nan) for h in history], marker="o", label=split)
        ax.set_xlabel("época")
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    return fig


def plot_confusion_matrix(y_true, y_pred, classes: Sequence[str], normalize: str | None = None, title: str = ""):
    """Confusion matrix with class names (scikit-learn's display)."""
    from sklearn.metrics import ConfusionMatrixDisplay

    fig, ax = plt.subplots(figsize=(0.6 * len(classes) + 3, 0.6 * len(classes) + 2.5))
    ConfusionMatrixDisplay.from_predictions(
        np.asarray(y_true), np.asarray(y_pred), labels=list(range(len(classes))), display_labels=list(classes),
        normalize=normalize, ax=ax, xticks_rotation=45, colorbar=False,
        values_format=".2f" if normalize else "d")
    ax.set_xlabel("previsto")
    ax.set_ylabel("verdadeiro")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_bars(values: dict[str, float], ylabel: str, title: str = ""):
    """A labelled bar chart, for comparing strategies or timings."""
    fig, ax = plt.subplots(figsize=(1.2 * len(values) + 2, 3.5))
    bars = ax.bar(list(values), list(values.values()), color="tab:blue")
    ax.bar_label(bars, fmt="%.3g")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.tick_params(axis="x", rotation=20)
    fig.tight_layout()
    return fig


def most_confused(y_true, y_pred, classes: Sequence[str], k: int = 5) -> list[tuple[str, str, int]]:
    """The ``k`` most frequent errors as ``(true class, predicted class, count)``, most frequent first.

    The largest off-diagonal cells of the confusion matrix (fastai's ``most_confused``); ties keep
    the matrix's row-major order.
    """
    y_true, y_pred = np.asarray(y_true).astype(int).ravel(), np.asarray(y_pred).astype(int).ravel()
    n = len(classes)
    counts = np.bincount(y_true * n + y_pred, minlength=n * n).reshape(n, n)
    np.fill_diagonal(counts, 0)
    order = np.argsort(-counts.ravel(), kind="stable")[:k]
    return [(classes[i // n], classes[i % n], int(counts.flat[i])) for i in order if counts.flat[i] > 0]


def plot_top_losses(images, logits, targets, classes: Sequence[str], k: int = 8, ncols: int = 4,
                    mean=None, std=None, only_errors: bool = True, figsize_per: float = 2.2):
    """The ``k`` images with the largest cross-entropy loss (by default only the wrong ones).

    ``images[i]`` is a ``(C, H, W)`` tensor (normalised with ``mean``/``std``, or in [0, 1] or
    0-255) or a PIL image / ``(H, W, C)`` array; ``logits`` is ``(N, classes)``, ``targets`` ``(N,)``.
    Each title reads ``true / predicted``, then the loss and the probability given to the true
    class: confident mistakes first, and now and then a wrong label in the data set itself.
    """
    logits = torch.as_tensor(np.asarray(logits), dtype=torch.float32)
    targets = torch.as_tensor(np.asarray(targets), dtype=torch.long)
    log_probs = torch.log_softmax(logits, dim=-1)
    losses = -log_probs[torch.arange(len(targets)), targets]
    preds = logits.argmax(dim=-1)
    candidates = torch.nonzero(preds != targets).ravel() if only_errors else torch.arange(len(targets))
    chosen = candidates[losses[candidates].argsort(descending=True)][:k].tolist()
    n = max(1, len(chosen))
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(figsize_per * ncols, (figsize_per + 0.4) * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    if not chosen:
        axes[0, 0].text(0.5, 0.5, "nenhum erro", ha="center", va="center")
    for ax, i in zip(axes.flat, chosen):
        image = images[i]
        ax.imshow(to_image(image, mean, std) if isinstance(image, torch.Tensor) else np.asarray(image))
        ax.set_title(f"{classes[int(targets[i])]} / {classes[int(preds[i])]}\nperda {float(losses[i]):.2f}, "
                     f"p(real) {float(log_probs[i, targets[i]].exp()):.2f}", fontsize=8,
                     color="red" if preds[i] != targets[i] else "green")
    fig.suptitle("maiores perdas (real / previsto)", fontsize=10)
    fig.tight_layout()
    return fig
