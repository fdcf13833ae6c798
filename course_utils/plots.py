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
