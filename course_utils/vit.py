"""The Vision Transformer that ``train_vit`` trains, built on timm.

This module holds no Vision Transformer of its own: :func:`build_vit` configures
``timm.models.vision_transformer.VisionTransformer`` (pre-norm blocks, a class
token, learned position embeddings), the implementation the field uses. Lab 05
asks students to write the pieces themselves; ``train_vit --model module:Class``
trains their class instead (see :func:`model_from_spec`).

The per-head width is a setting of its own (``head_dim``): timm's ``Attention``
takes ``attn_head_dim`` (timm >= 1.0), which :func:`build_vit` fixes in the
attention class it hands to ``attn_layer``. With 12 heads of width 192 on ``dim`` 384 the model of the Lab 05
seed has 37.9M parameters; the seed's README never gives that width, it is a
reconstruction that makes its parameter count come out (the README's own command
line, with ``dim / heads = 32``, gives 14.28M).
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import asdict, dataclass
from functools import partialmethod

from torch import nn


@dataclass
class ViTConfig:
    """Everything that fixes the shape of a Vision Transformer."""

    img_size: int = 32
    patch: int = 4
    in_chans: int = 3
    num_classes: int = 10
    dim: int = 192
    depth: int = 6
    heads: int = 3
    head_dim: int | None = None  # None: dim // heads
    mlp_ratio: float = 4.0
    dropout: float = 0.0
    drop_path: float = 0.0

    def __post_init__(self):
        if self.img_size % self.patch:
            raise ValueError(f"img_size={self.img_size} não é divisível por patch={self.patch}.")
        if self.head_dim is None and self.dim % self.heads:
            raise ValueError(f"dim={self.dim} não é divisível por heads={self.heads}; "
                             "escolha outro número de cabeças ou dê head_dim explicitamente.")

    @property
    def width(self) -> int:
        """Total width of the attention (all heads together)."""
        return self.heads * (self.head_dim or self.dim // self.heads)

    @property
    def num_patches(self) -> int:
        return (self.img_size // self.patch) ** 2

    def to_dict(self) -> dict:
        return asdict(self)


def build_vit(config: ViTConfig | None = None, **overrides) -> nn.Module:
    """timm's ``VisionTransformer`` with the shape of ``config`` (class-token readout, qkv bias)."""
    from timm.models import vision_transformer as timm_vit

    cfg = config or ViTConfig(**overrides)
    Attention = timm_vit.Attention  # noqa: N806 (timm's class)
    attn_layer = Attention
    if cfg.head_dim is not None and cfg.head_dim * cfg.heads != cfg.dim:
        if ("attn_head_dim" not in inspect.signature(Attention.__init__).parameters
                or "attn_layer" not in inspect.signature(timm_vit.VisionTransformer.__init__).parameters):
            raise RuntimeError("esta versão do timm não aceita cabeças de largura própria (attn_head_dim); "
                               "atualize o timm (pip install -U timm) ou não use --head-dim.")
        # timm wants a class here, not a partial: the same Attention with its head width fixed.
        attn_layer = type("Attention", (Attention,),
                          {"__init__": partialmethod(Attention.__init__, attn_head_dim=cfg.head_dim)})
    extra = {"attn_layer": attn_layer} if attn_layer is not Attention else {}
    model = timm_vit.VisionTransformer(
        img_size=cfg.img_size, patch_size=cfg.patch, in_chans=cfg.in_chans, num_classes=cfg.num_classes,
        global_pool="token", embed_dim=cfg.dim, depth=cfg.depth, num_heads=cfg.heads, mlp_ratio=cfg.mlp_ratio,
        qkv_bias=True, proj_drop_rate=cfg.dropout, drop_path_rate=cfg.drop_path, **extra)
    model.vit_config = cfg
    return model


def model_from_spec(spec: str, config: ViTConfig) -> nn.Module:
    """An instance of the class named by ``spec`` (``"package.module:Class"``), shaped by ``config``.

    The class is called with the keyword arguments of ``config`` that its
    ``__init__`` accepts, under their own names or the usual aliases
    (``patch_size``, ``embed_dim``, ``num_heads``). ``"__main__:Class"`` names a class
    defined in the running notebook or script.
    """
    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise ValueError(f"--model {spec!r}: use o formato modulo:Classe (por exemplo __main__:VisionTransformer).")
    cls = getattr(importlib.import_module(module_name), class_name)
    accepted = inspect.signature(cls.__init__).parameters
    aliases = {"patch": ("patch", "patch_size"), "dim": ("dim", "embed_dim"), "heads": ("heads", "num_heads")}
    kwargs = {}
    for field, value in config.to_dict().items():
        for name in aliases.get(field, (field,)):
            if name in accepted:
                kwargs[name] = value
                break
        else:
            if field == "head_dim" and value is not None:  # it changes the shape: refuse
                raise ValueError(f"--model {spec}: {class_name} não aceita head_dim={value!r}.")
            if field in ("dropout", "drop_path") and value:  # regularisation the class does not offer
                print(f"aviso: {class_name} não tem o argumento {field}; {field}={value} fica sem efeito", flush=True)
    model = cls(**kwargs)
    model.vit_config = config
    return model


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """Number of (trainable) parameters of ``model``."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
