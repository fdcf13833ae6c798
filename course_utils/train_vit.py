"""Train a Vision Transformer from scratch on CIFAR-10/100 or an image folder.

Run it as ``train_vit ...`` (console script) or ``python -m course_utils.train_vit ...``.
The model is timm's ``VisionTransformer`` (see :mod:`course_utils.vit`), or any
class given with ``--model module:Class`` (Lab 05 trains the students' own).

The seed's two command lines (the README of Lab 05's seed)::

    # CIFAR-100, 100 epochs: the README reports 54.84% best validation accuracy
    train_vit --dataset cifar100 --img-size 32 --patch 4 --model-dim 384 --depth 8 \\
        --heads 12 --mlp-ratio 4 --batch-size 256 --epochs 100 --amp --recipe seed
    # CIFAR-10, a smaller model
    train_vit --dataset cifar10 --depth 6 --heads 8 --model-dim 256 --epochs 50 --amp --recipe seed

The first line builds a 14.28M-parameter model, not the 37.9M the README states;
``--head-dim 192`` (12 heads of width 192) gives 37.92M. That width is our
reconstruction from the parameter count, the README never states it. The README
does not give its optimiser settings or augmentation either: ``--recipe seed``
(AdamW, lr 1e-3, weight decay 0.01, 5 warm-up epochs, crop and flip) is a guess.

A better recipe for small data (``--recipe better``, the default): stronger
augmentation (random crop, flip, TrivialAugment, random erasing), MixUp/CutMix,
label smoothing 0.1, stochastic depth 0.1, weight decay 0.05, with warm-up and a
cosine schedule. Explicit options override the recipe's values.

Data: CIFAR is loaded once into the device's memory as uint8 and augmented there a
batch at a time (``--pipeline device``, the default for CIFAR: see
:mod:`course_utils.device_data`); ``--pipeline workers`` decodes and augments one
image at a time in ``DataLoader`` workers, the only path for ``--dataset folder``.
Both apply the same recipe. ``--val-fraction`` of the training split (10% by default, a fixed draw of
``--seed``) is held out for validation; ``best.pt`` is the epoch with the best
validation accuracy. The test split (CIFAR's test set, the folder's ``val/``) is
used once, at the end, to report the test accuracy of ``best.pt``.

Every epoch prints one line (train/val loss and accuracy, best so far, seconds)
and appends it to ``OUTDIR/log.csv``; ``OUTDIR/curves.png`` plots the curves;
``OUTDIR/last.pt`` (every epoch) and ``OUTDIR/best.pt`` (best val accuracy) are
checkpoints; ``OUTDIR/test.json`` holds the final test result. ``--resume``
continues from ``last.pt`` with every random state restored (shuffling, augmentation,
MixUp, dropout, CUDA), so that an interrupted run ends with the same weights as
an uninterrupted one; ``--stop-after N`` stops a session after N epochs (the
schedule still spans ``--epochs``).

With ``COURSE_SMOKE=1`` (tests, CI) the data are a tiny CIFAR look-alike, the
model is shrunk to a toy and each epoch runs a few steps, on the CPU, in seconds.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets
from torchvision.transforms import v2

from .cifar import cifar_dataset
from .config import capped, is_smoke
from .core import set_seed
from .device_data import TensorBatches, cifar_tensors, cifar_transform
from .vit import ViTConfig, build_vit, count_parameters, model_from_spec

NORMALIZE = {
    "cifar10": ((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
    "cifar100": ((0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)),
    "folder": ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
}
NUM_CLASSES = {"cifar10": 10, "cifar100": 100}

# Recipes set defaults; any option given on the command line wins.
RECIPES = {
    # A guess at what the seed used: its README gives the model and the epochs, not these.
    # Plain crop+flip, no regularisation to speak of.
    "seed": dict(augment="basic", label_smoothing=0.0, mixup=0.0, drop_path=0.0, weight_decay=0.01,
                 warmup_epochs=5),
    # Regularised for a 50k-image dataset: a ViT has no convolutional prior, so it
    # must be kept from memorising the training set.
    "better": dict(augment="strong", label_smoothing=0.1, mixup=0.8, drop_path=0.1, weight_decay=0.05,
                   warmup_epochs=5),
}
LOG_FIELDS = ("epoch", "train_loss", "train_acc", "val_loss", "val_acc", "best_acc", "lr", "seconds")
SMOKE_MODEL = dict(model_dim=32, depth=1, heads=2, head_dim=None, mlp_ratio=2.0)
SEED_MODEL = "--model-dim 384 --depth 8 --heads 12 --mlp-ratio 4"


# What students read is Portuguese: the help, the epoch lines, the notes and the errors.
DESCRIPTION = "Treina um Vision Transformer do zero no CIFAR-10/100 ou numa pasta de imagens."
BY_RECIPE = "(padrão: definido pela --recipe)"
# argparse's own messages (Python's gettext ships no Portuguese catalogue), matched and translated.
_ARGPARSE_ERRORS = (
    (re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"), r"argumento \1: valor inválido: \2 (escolha entre \3)"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"), r"argumento \1: valor inválido para \2: \3"),
    (re.compile(r"argument (\S+): expected one argument"), r"argumento \1: falta o valor"),
    (re.compile(r"unrecognized arguments: (.*)"), r"argumentos não reconhecidos: \1"),
    (re.compile(r"ambiguous option: (.*)"), r"opção ambígua: \1"),
)


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows defaults in Portuguese, except where there is none (None/False) or the recipe sets it."""

    def _get_help_string(self, action):
        text = action.help or ""
        if action.default is None or action.default is False or action.default == argparse.SUPPRESS \
                or "%(default)" in text:
            return text
        return text + " (padrão: %(default)s)"

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are written in Portuguese (exit status 2, as argparse's)."""

    def error(self, message):
        for pattern, portuguese in _ARGPARSE_ERRORS:
            if pattern.fullmatch(message):
                message = pattern.sub(portuguese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: erro: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="train_vit", description=DESCRIPTION, add_help=False,
        epilog="Receitas: 'seed' é o nosso palpite para o treino do README do experimento (recorte + espelhamento, "
               "AdamW, weight decay 0,01: o README não os informa); 'better' (o padrão) acrescenta TrivialAugment "
               "+ random erasing, MixUp/CutMix em 80 por cento dos batches, label smoothing 0,1, drop-path 0,1 e "
               "weight decay 0,05. O modelo do experimento no CIFAR-100: --dataset cifar100 "
               f"{SEED_MODEL} --batch-size 256 --epochs 100 --amp (14,28 M de parâmetros; acrescente --head-dim 192 "
               "para os 37,9 M do README, uma largura que reconstruímos a partir dessa contagem). O modelo menor, no "
               "CIFAR-10: --dataset cifar10 --model-dim 256 --depth 6 --heads 8 --epochs 50 --amp.",
        formatter_class=_HelpFormatter)
    p._optionals.title = "opções"
    p.add_argument("-h", "--help", action="help", help="mostra esta ajuda e sai")
    data = p.add_argument_group("dados")
    data.add_argument("--dataset", default="cifar10", choices=["cifar10", "cifar100", "folder"],
                      help="'folder': uma árvore de ImageFolder em --data-dir, com subpastas train/ e val/ "
                           "(val/ é o teste, usado uma vez, no fim)")
    data.add_argument("--data-dir", type=Path, default=None, help="raiz da pasta de imagens (com --dataset folder)")
    data.add_argument("--img-size", type=int, default=32, help="lado das imagens de entrada (quadradas)")
    data.add_argument("--val-fraction", type=float, default=0.1,
                      help="fração do treino separada para a validação (que escolhe o best.pt)")
    data.add_argument("--pipeline", default=None, choices=["device", "workers"],
                      help="device: o conjunto inteiro no device, aumentado lá mesmo um batch por vez (o padrão "
                           "para o CIFAR); workers: uma imagem por vez em workers do DataLoader (a única opção "
                           "com --dataset folder)")
    data.add_argument("--workers", type=int, default=None,
                      help="workers do DataLoader em --pipeline workers (padrão: um por CPU, até 8)")
    model = p.add_argument_group("modelo")
    model.add_argument("--model", default=None, metavar="MODULO:CLASSE",
                       help="treina esta classe em vez do VisionTransformer do timm (por exemplo "
                            "__main__:VisionTransformer, a de um notebook); ela recebe as opções abaixo que o seu "
                            "__init__ aceitar")
    model.add_argument("--patch", type=int, default=4, help="lado dos patches (quadrados)")
    model.add_argument("--model-dim", type=int, default=192, help="largura dos tokens")
    model.add_argument("--depth", type=int, default=6, help="número de blocos do Transformer")
    model.add_argument("--heads", type=int, default=3, help="cabeças de atenção por bloco")
    model.add_argument("--head-dim", type=int, default=None,
                       help="largura de cada cabeça (padrão: model-dim / heads); 192 dá os 37,9 M do README do "
                            "experimento (reconstrução nossa: o README não a informa)")
    model.add_argument("--mlp-ratio", type=float, default=4.0, help="largura oculta do MLP / model-dim")
    model.add_argument("--dropout", type=float, default=0.0, help="dropout nas saídas da atenção e do MLP")
    model.add_argument("--drop-path", type=float, default=None,
                       help=f"taxa de stochastic depth do último bloco {BY_RECIPE}")
    train = p.add_argument_group("treino")
    train.add_argument("--recipe", default="better", choices=sorted(RECIPES),
                       help="valores padrão de aumento de dados e regularização (as opções dadas explicitamente "
                            "valem mais)")
    train.add_argument("--batch-size", type=int, default=256, help="batch de treino (a validação usa o dobro)")
    train.add_argument("--epochs", type=int, default=100, help="total de épocas (também com --resume)")
    train.add_argument("--stop-after", type=int, default=None, metavar="N",
                       help="para esta sessão depois de N épocas (a agenda continua cobrindo --epochs); "
                            "continue com --resume")
    train.add_argument("--lr", type=float, default=1e-3, help="taxa de aprendizado de pico (AdamW)")
    train.add_argument("--min-lr", type=float, default=1e-5, help="taxa de aprendizado no fim do cosseno")
    train.add_argument("--weight-decay", type=float, default=None, help=f"weight decay do AdamW {BY_RECIPE}")
    train.add_argument("--warmup-epochs", type=float, default=None,
                       help=f"épocas de warm-up linear antes do decaimento em cosseno {BY_RECIPE}")
    train.add_argument("--label-smoothing", type=float, default=None,
                       help=f"label smoothing da loss de treino {BY_RECIPE}")
    train.add_argument("--augment", default=None, choices=["none", "basic", "strong"],
                       help=f"basic: recorte + espelhamento; strong: + TrivialAugment e random erasing {BY_RECIPE}")
    train.add_argument("--mixup", type=float, default=None,
                       help=f"probabilidade de MixUp/CutMix num batch, 0 desliga {BY_RECIPE}")
    train.add_argument("--amp", action="store_true",
                       help="precisão mista em CUDA (bf16 onde a GPU o suporta nativamente, senão fp16)")
    train.add_argument("--compile", action="store_true",
                       help="torch.compile no modelo; desligado por padrão: só compensa quando os passos "
                            "economizados pagam o tempo de compilação (compare os segundos por época com e sem)")
    train.add_argument("--max-steps", type=int, default=None,
                       help="limite de batches por época (modo smoke: 2; COURSE_MAX_STEPS, quando definido, o reduz)")
    train.add_argument("--seed", type=int, default=0, help="semente do Python, do NumPy e do torch")
    train.add_argument("--device", default=None, help="cpu, cuda, mps (padrão: o melhor disponível)")
    out = p.add_argument_group("saída")
    out.add_argument("--outdir", type=Path, default=Path("runs/vit"),
                     help="onde ficam log.csv, curves.png, last.pt, best.pt e test.json")
    out.add_argument("--resume", nargs="?", const="last", default=None, metavar="CKPT",
                     help="continua de CKPT (padrão: OUTDIR/last.pt), com todos os estados aleatórios restaurados")
    out.add_argument("--count-params", action="store_true", help="imprime o número de parâmetros e sai")
    return p


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    for key, value in RECIPES[args.recipe].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    for name in ("model_dim", "depth", "heads", "patch", "img_size", "batch_size"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} precisa ser positivo.")
    if args.head_dim is not None and args.head_dim <= 0:
        parser.error("--head-dim precisa ser positivo.")
    if args.img_size % args.patch:
        parser.error(f"--img-size {args.img_size} não é divisível por --patch {args.patch}: "
                     f"a imagem precisa ser cortada em patches inteiros.")
    if args.head_dim is None and args.model_dim % args.heads:
        parser.error(f"--model-dim {args.model_dim} não é divisível por --heads {args.heads}: "
                     "escolha outro número de cabeças ou dê --head-dim explicitamente.")
    if args.epochs < 1:
        parser.error("--epochs precisa ser pelo menos 1.")
    if not 0.0 < args.val_fraction < 1.0:
        parser.error("--val-fraction precisa estar entre 0 e 1 (exclusive).")
    if args.stop_after is not None and args.stop_after < 1:
        parser.error("--stop-after precisa ser pelo menos 1.")
    if args.pipeline is None:
        args.pipeline = "workers" if args.dataset == "folder" else "device"
    if args.dataset == "folder" and args.pipeline == "device":
        parser.error("--pipeline device é só para CIFAR; uma pasta de imagens usa --pipeline workers.")
    if args.dataset == "folder" and not args.count_params:
        if args.data_dir is None:
            parser.error("--dataset folder precisa de --data-dir PASTA (com subpastas train/ e val/).")
        for split in ("train", "val"):
            if not (args.data_dir / split).is_dir():
                parser.error(f"pasta não encontrada: {args.data_dir / split} "
                             "(--data-dir deve ter subpastas train/ e val/, uma subpasta por classe).")
    if args.resume is not None:
        resume = args.outdir / "last.pt" if args.resume == "last" else Path(args.resume)
        if not resume.is_file():
            parser.error(f"checkpoint não encontrado: {resume} (--resume continua de um last.pt ou best.pt "
                         "escrito por uma execução anterior)")
    return args


def model_config(args: argparse.Namespace, num_classes: int) -> ViTConfig:
    return ViTConfig(img_size=args.img_size, patch=args.patch, num_classes=num_classes, dim=args.model_dim,
                     depth=args.depth, heads=args.heads, head_dim=args.head_dim, mlp_ratio=args.mlp_ratio,
                     dropout=args.dropout, drop_path=args.drop_path)


def transforms(args: argparse.Namespace, train: bool) -> v2.Compose:
    mean, std = NORMALIZE[args.dataset]
    size = args.img_size
    steps = [v2.ToImage()]
    if args.dataset == "folder" or size != 32:
        steps.append(v2.Resize((size, size), antialias=True))
    if train and args.augment != "none":
        steps += [v2.RandomCrop(size, padding=size // 8, padding_mode="reflect"), v2.RandomHorizontalFlip()]
        if args.augment == "strong":
            steps.append(v2.TrivialAugmentWide())
    steps += [v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean, std)]
    if train and args.augment == "strong":
        steps.append(v2.RandomErasing(p=0.25))
    return v2.Compose(steps)


def datasets_for(args: argparse.Namespace):
    """(train set, validation set, test set, number of classes).

    Validation is a fixed share of the training split (drawn with ``--seed``), seen
    through the evaluation transforms; the test split is only used at the end.
    """
    if args.dataset == "folder":
        def split(name, train):
            return datasets.ImageFolder(str(args.data_dir / name), transform=transforms(args, train))
        train_full, train_eval, test = split("train", True), split("train", False), split("val", False)
        num_classes = len(train_full.classes)
    else:
        def split(train, augment):
            return cifar_dataset(args.dataset, train=train, transform=transforms(args, augment))
        train_full, train_eval, test = split(True, True), split(True, False), split(False, False)
        num_classes = NUM_CLASSES[args.dataset]
    train_idx, val_idx = split_indices(len(train_full), args)
    return Subset(train_full, train_idx), Subset(train_eval, val_idx), test, num_classes


def split_indices(n: int, args: argparse.Namespace) -> tuple[list[int], list[int]]:
    """(training, validation) indices of a training split of ``n`` images: a fixed draw of ``--seed``."""
    n_val = max(1, round(args.val_fraction * n))
    order = torch.randperm(n, generator=torch.Generator().manual_seed(args.seed)).tolist()
    return order[n_val:], order[:n_val]


def loaders(args, train_set, val_set, test_set, device: torch.device):
    """(train, val, test) loaders and the generator that shuffles the training set."""
    workers = args.workers if args.workers is not None else (0 if is_smoke() else min(8, os.cpu_count() or 1))
    # No persistent workers: each epoch's workers are seeded from `generator`, so that
    # --resume, which restores it, repeats the augmentation exactly.
    common = dict(num_workers=workers, pin_memory=device.type == "cuda")
    generator = torch.Generator().manual_seed(args.seed)
    train = DataLoader(train_set, args.batch_size, shuffle=True, drop_last=len(train_set) > args.batch_size,
                       generator=generator, **common)
    val = DataLoader(val_set, args.batch_size * 2, shuffle=False, **common)
    test = DataLoader(test_set, args.batch_size * 2, shuffle=False, **common)
    return train, val, test, generator


def device_batches(args: argparse.Namespace, device: torch.device):
    """(train, val, test) batches of CIFAR held on ``device``, the generator that shuffles, number of classes.

    The same split as :func:`datasets_for` and the same recipe as :func:`transforms`,
    applied to whole batches on the device.
    """
    mean, std = NORMALIZE[args.dataset]
    x, y = cifar_tensors(args.dataset, train=True, device=device)
    x_test, y_test = cifar_tensors(args.dataset, train=False, device=device)
    train_idx, val_idx = (torch.tensor(i, device=device) for i in split_indices(len(x), args))
    generator = torch.Generator().manual_seed(args.seed)
    evaluate = cifar_transform(mean, std, "none", args.img_size)
    train = TensorBatches(x[train_idx], y[train_idx], args.batch_size, shuffle=True, generator=generator,
                          drop_last=len(train_idx) > args.batch_size,
                          transform=cifar_transform(mean, std, args.augment, args.img_size))
    val = TensorBatches(x[val_idx], y[val_idx], args.batch_size * 2, transform=evaluate)
    test = TensorBatches(x_test, y_test, args.batch_size * 2, transform=evaluate)
    return train, val, test, generator, NUM_CLASSES[args.dataset]


def n_images(loader) -> int:
    return len(loader.x) if isinstance(loader, TensorBatches) else len(loader.dataset)


def make_model(args: argparse.Namespace, cfg: ViTConfig) -> nn.Module:
    """timm's VisionTransformer, or the class of ``--model``."""
    return model_from_spec(args.model, cfg) if args.model else build_vit(cfg)


def rng_state(generator: torch.Generator) -> dict:
    """Every random state a training epoch draws from (all tensors and plain numbers)."""
    np_state = np.random.get_state()
    return dict(torch=torch.get_rng_state(), loader=generator.get_state(),
                cuda=torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
                python=random.getstate(),
                numpy=dict(keys=torch.from_numpy(np_state[1].astype(np.int64)), pos=int(np_state[2]),
                           has_gauss=int(np_state[3]), cached=float(np_state[4])))


def set_rng_state(state: dict, generator: torch.Generator) -> None:
    torch.set_rng_state(state["torch"])
    generator.set_state(state["loader"])
    if state["cuda"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
    random.setstate(state["python"])
    np_state = state["numpy"]
    np.random.set_state(("MT19937", np_state["keys"].numpy().astype(np.uint32), np_state["pos"],
                         np_state["has_gauss"], np_state["cached"]))


def param_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    """Weight decay on matrices only: not on biases, norms, class token or positions."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (no_decay if p.ndim < 2 or name.endswith(("cls_token", "pos_embed")) else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def lr_lambda(args, steps_per_epoch: int):
    """Linear warm-up, then cosine decay to ``min_lr``; a factor of the peak ``lr`` per step."""
    total = max(1, args.epochs * steps_per_epoch)
    warmup = min(int(args.warmup_epochs * steps_per_epoch), total - 1)
    floor = args.min_lr / args.lr

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = (step - warmup) / max(1, total - warmup)
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
    return factor


def amp_dtype(device: torch.device) -> torch.dtype | None:
    if device.type != "cuda":
        return None
    # bf16 needs no loss scaling but is native only from Ampere (8.x) on; a T4 (7.5) gets fp16.
    return torch.bfloat16 if torch.cuda.get_device_capability(device)[0] >= 8 else torch.float16


def run_epoch(model, loader, device, *, optimizer=None, scheduler=None, scaler=None, loss_fn, dtype=None,
              mix=None, max_steps=None) -> tuple[float, float]:
    """One pass over ``loader``; trains when an optimizer is given. Returns (mean loss, accuracy)."""
    training = optimizer is not None
    model.train(training)
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), device=device, dtype=torch.long)
    seen = 0
    autocast = torch.autocast(device.type, dtype=dtype) if dtype is not None else nullcontext()
    with torch.set_grad_enabled(training):
        for step, (x, y) in enumerate(loader):
            if max_steps is not None and step >= max_steps:
                break
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            target = y
            if training and mix is not None:
                x, target = mix(x, y)
            with autocast:
                logits = model(x)
                loss = loss_fn(logits, target)
            if training:
                optimizer.zero_grad(set_to_none=True)
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
                nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                scaler.step(optimizer)
                scaler.update()
                scheduler.step()
            # Accumulate on the device: no GPU->CPU sync per step.
            loss_sum += loss.detach().float() * len(y)
            correct += (logits.argmax(1) == y).sum()
            seen += len(y)
    seen = max(seen, 1)
    return float(loss_sum) / seen, float(correct) / seen


def save_curves(history: list[dict], path: Path, title: str) -> None:
    """Loss and accuracy curves as a PNG (no pyplot: safe inside notebooks and without a display)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 3.8))
    FigureCanvasAgg(fig)
    epochs = [h["epoch"] for h in history]
    for i, (metric, label) in enumerate((("loss", "loss"), ("acc", "acurácia (%)"))):
        ax = fig.add_subplot(1, 2, i + 1)
        scale = 100 if metric == "acc" else 1
        for split, name in (("train", "treino"), ("val", "validação")):
            ax.plot(epochs, [h[f"{split}_{metric}"] * scale for h in history], marker=".", label=name)
        ax.set_xlabel("época")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def write_log(history: list[dict], path: Path) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=LOG_FIELDS)
        writer.writeheader()
        writer.writerows({k: h[k] for k in LOG_FIELDS} for h in history)


def read_log(path: str | Path) -> list[dict]:
    """The per-epoch rows of a ``log.csv`` as dicts of numbers."""
    with open(path) as f:
        return [{k: (int(v) if k == "epoch" else float(v)) for k, v in row.items()} for row in csv.DictReader(f)]


def train(args: argparse.Namespace) -> list[dict]:
    """Train as ``args`` says; returns the per-epoch history (also in ``OUTDIR/log.csv``)."""
    smoke = is_smoke()
    if smoke:
        for key, value in SMOKE_MODEL.items():
            setattr(args, key, value)
        args.batch_size = min(args.batch_size, 8)
        args.epochs = min(args.epochs, 2)
        args.max_steps = args.max_steps or 2
        args.img_size, args.patch = (32, 8) if args.dataset != "folder" else (args.img_size, args.patch)
        print(f"modo smoke: modelo de brinquedo {SMOKE_MODEL}, {args.epochs} épocas de {args.max_steps} passos",
              flush=True)
    args.max_steps = capped(args.max_steps)  # COURSE_MAX_STEPS, when set, caps every pass
    set_seed(args.seed)
    device = torch.device(args.device) if args.device else (
        torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu"))
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True

    if args.pipeline == "device":
        train_loader, val_loader, test_loader, generator, num_classes = device_batches(args, device)
    else:
        train_set, val_set, test_set, num_classes = datasets_for(args)
        train_loader, val_loader, test_loader, generator = loaders(args, train_set, val_set, test_set, device)
    cfg = model_config(args, num_classes)
    model = make_model(args, cfg).to(device)
    print(f"{type(model).__name__}: {count_parameters(model) / 1e6:.2f}M parâmetros treináveis | {cfg.to_dict()} | "
          f"treino {n_images(train_loader)}, validação {n_images(val_loader)}, teste {n_images(test_loader)} "
          f"imagens (pipeline {args.pipeline})", flush=True)
    dtype = amp_dtype(device) if args.amp else None
    scaler = torch.amp.GradScaler("cuda", enabled=dtype == torch.float16)
    optimizer = torch.optim.AdamW(param_groups(model, args.weight_decay), lr=args.lr, betas=(0.9, 0.999),
                                  fused=device.type == "cuda")
    steps_per_epoch = min(len(train_loader), args.max_steps or len(train_loader))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda(args, steps_per_epoch))
    mix = None
    if args.mixup > 0:
        mix = v2.RandomApply([v2.RandomChoice([v2.MixUp(num_classes=num_classes),
                                               v2.CutMix(num_classes=num_classes)])], p=args.mixup)
    train_loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    eval_loss_fn = nn.CrossEntropyLoss()

    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    history, best, start_epoch = [], -1.0, 1  # the first epoch always saves best.pt
    if args.resume:
        path = outdir / "last.pt" if args.resume == "last" else Path(args.resume)
        ckpt = torch.load(path, map_location=device, weights_only=True)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        scaler.load_state_dict(ckpt["scaler"])
        history, best, start_epoch = ckpt["history"], ckpt["best_acc"], ckpt["epoch"] + 1
        set_rng_state(ckpt["rng"], generator)
        print(f"retomado de {path} na época {ckpt['epoch']} (melhor {100 * best:.2f}%)", flush=True)
    (outdir / "config.json").write_text(json.dumps({k: str(v) if isinstance(v, Path) else v
                                                    for k, v in vars(args).items()}, indent=2))
    compiled = torch.compile(model) if args.compile else model

    last_epoch = args.epochs if args.stop_after is None else min(args.epochs, start_epoch + args.stop_after - 1)
    for epoch in range(start_epoch, last_epoch + 1):
        start = time.perf_counter()
        train_loss, train_acc = run_epoch(compiled, train_loader, device, optimizer=optimizer, scheduler=scheduler,
                                          scaler=scaler, loss_fn=train_loss_fn, dtype=dtype, mix=mix,
                                          max_steps=args.max_steps)
        val_loss, val_acc = run_epoch(compiled, val_loader, device, loss_fn=eval_loss_fn, dtype=dtype,
                                      max_steps=args.max_steps)
        seconds = time.perf_counter() - start
        improved = val_acc > best
        best = max(best, val_acc)
        row = dict(epoch=epoch, train_loss=train_loss, train_acc=train_acc, val_loss=val_loss, val_acc=val_acc,
                   best_acc=best, lr=optimizer.param_groups[0]["lr"], seconds=seconds)
        history.append(row)
        print(f"Época {epoch}/{args.epochs} | treino: loss {train_loss:.4f} acc {100 * train_acc:.2f}% | "
              f"validação: loss {val_loss:.4f} acc {100 * val_acc:.2f}% | melhor {100 * best:.2f}% | {seconds:.1f}s",
              flush=True)
        ckpt = dict(model=model.state_dict(), optimizer=optimizer.state_dict(), scheduler=scheduler.state_dict(),
                    scaler=scaler.state_dict(), epoch=epoch, best_acc=best, history=history,
                    config=cfg.to_dict(), model_class=args.model or "", args={k: str(v) for k, v in vars(args).items()},
                    rng=rng_state(generator))
        torch.save(ckpt, outdir / "last.pt")
        if improved:
            torch.save(ckpt, outdir / "best.pt")
        write_log(history, outdir / "log.csv")
        save_curves(history, outdir / "curves.png", f"ViT {args.dataset} (receita {args.recipe})")

    if last_epoch < args.epochs:
        print(f"parado depois da época {last_epoch} (--stop-after); continue com --resume", flush=True)
        return history
    # The test split, once, on the checkpoint that validation chose.
    best_ckpt = torch.load(outdir / "best.pt", map_location=device, weights_only=True)
    model.load_state_dict(best_ckpt["model"])
    test_loss, test_acc = run_epoch(model, test_loader, device, loss_fn=eval_loss_fn, dtype=dtype,
                                    max_steps=args.max_steps)
    result = dict(epoch=best_ckpt["epoch"], val_acc=best_ckpt["best_acc"], test_loss=test_loss, test_acc=test_acc)
    (outdir / "test.json").write_text(json.dumps(result, indent=2))
    print(f"Teste (best.pt, época {result['epoch']}, escolhido pela validação): loss {test_loss:.4f} "
          f"acc {100 * test_acc:.2f}%", flush=True)
    return history


def load_model(checkpoint: str | Path, map_location="cpu") -> nn.Module:
    """The model of a ``train_vit`` checkpoint, with its weights (``model.vit_config`` has its shape)."""
    ckpt = torch.load(checkpoint, map_location=map_location, weights_only=True)
    cfg = ViTConfig(**ckpt["config"])
    model = model_from_spec(ckpt["model_class"], cfg) if ckpt.get("model_class") else build_vit(cfg)
    model.load_state_dict(ckpt["model"])
    return model


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.count_params:
        cfg = model_config(args, NUM_CLASSES.get(args.dataset, 1000))
        with torch.device("meta"):  # no memory, no time: shapes only
            n = count_parameters(make_model(args, cfg))
        print(f"ViT: {n / 1e6:.2f}M parâmetros treináveis ({n:,}) | {cfg.to_dict()}")
        return 0
    train(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
