"""A compact Vision Transformer for the ``train_vit`` command line.

Pre-norm ViT (Dosovitskiy et al., 2021) with a class token, learned position
embeddings, a fused qkv projection and PyTorch's fused attention kernel
(``F.scaled_dot_product_attention``: flash / memory-efficient on GPUs). The
per-head width is a setting of its own (``head_dim``), so the attention can be
wider than ``dim / heads``, as in the 37.9M CIFAR-100 model of Lab 05.

Lab 05 builds the same architecture from scratch; this module is the fast
library version that the trainer uses, and its parameters have the same names
(``patch_embed.proj``, ``blocks.N.attn.qkv``...), so weights move between them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class ViTConfig:
    """Everything that fixes the shape of a :class:`ViT`."""

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


class PatchEmbed(nn.Module):
    """Image -> sequence of tokens: class token first, then one token per patch, plus positions."""

    def __init__(self, img_size: int, patch: int, in_chans: int, dim: int):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, dim, kernel_size=patch, stride=patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, (img_size // patch) ** 2 + 1, dim))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        grid = self.proj(images)                                   # (B, D, H/P, W/P)
        tokens = torch.einsum("bdhw->bhwd", grid).flatten(1, 2)   # (B, N, D), row-major patches
        cls = self.cls_token.expand(tokens.size(0), 1, tokens.size(-1))
        return torch.cat((cls, tokens), dim=1).add(self.pos_embed)


class SelfAttention(nn.Module):
    """Multi-head self-attention on PyTorch's fused kernel.

    Signature and parameter names match Lab 05's ``MultiHeadSelfAttention``.
    """

    def __init__(self, dim: int, heads: int, head_dim: int | None = None, dropout: float = 0.0):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim or dim // heads
        self.qkv = nn.Linear(dim, 3 * heads * self.head_dim)
        self.proj = nn.Linear(heads * self.head_dim, dim)
        self.dropout = dropout

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        packed = self.qkv(tokens).unflatten(-1, (3, self.heads, self.head_dim))  # (B, N, 3, H, Dh)
        query, key, value = torch.einsum("bnthd->tbhnd", packed).unbind(0)     # 3 x (B, H, N, Dh)
        mixed = F.scaled_dot_product_attention(query, key, value,
                                               dropout_p=self.dropout if self.training else 0.0)
        return self.proj(torch.einsum("bhnd->bnhd", mixed).flatten(-2))


class DropPath(nn.Module):
    """Stochastic depth: drops a whole residual branch per sample while training."""

    def __init__(self, p: float = 0.0):
        super().__init__()
        self.p = p

    def forward(self, branch: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return branch
        keep = torch.empty(branch.size(0), *([1] * (branch.ndim - 1)), device=branch.device,
                           dtype=branch.dtype).bernoulli_(1 - self.p)
        return branch * keep / (1 - self.p)


class Block(nn.Module):
    """Pre-norm transformer encoder block: LayerNorm before each branch, residual around it."""

    def __init__(self, dim: int, heads: int, head_dim: int | None = None, mlp_ratio: float = 4.0,
                 dropout: float = 0.0, drop_path: float = 0.0):
        super().__init__()
        hidden = int(dim * mlp_ratio)
        self.norm1 = nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads, head_dim, dropout)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))
        self.drop = nn.Dropout(dropout)
        self.drop_path = DropPath(drop_path)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        branches = ((self.norm1, self.attn), (self.norm2, self.mlp))
        for norm, layer in branches:
            tokens = tokens + self.drop_path(self.drop(layer(norm(tokens))))
        return tokens


class ViT(nn.Module):
    """Vision Transformer classifier; reads the class token after the last block."""

    def __init__(self, config: ViTConfig | None = None, **overrides):
        super().__init__()
        cfg = config or ViTConfig(**overrides)
        self.config = cfg
        self.patch_embed = PatchEmbed(cfg.img_size, cfg.patch, cfg.in_chans, cfg.dim)
        rates = [cfg.drop_path * i / max(1, cfg.depth - 1) for i in range(cfg.depth)]  # deeper blocks drop more
        self.blocks = nn.ModuleList(
            Block(cfg.dim, cfg.heads, cfg.head_dim, cfg.mlp_ratio, cfg.dropout, rate) for rate in rates)
        self.norm = nn.LayerNorm(cfg.dim)
        self.head = nn.Linear(cfg.dim, cfg.num_classes)
        self.apply(_init_weights)

    def features(self, images: torch.Tensor) -> torch.Tensor:
        """All output tokens after the final norm, (B, 1 + N, D)."""
        tokens = self.patch_embed(images)
        for block in self.blocks:
            tokens = block(tokens)
        return self.norm(tokens)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(images).select(1, 0))


def _init_weights(module: nn.Module) -> None:
    if isinstance(module, nn.Linear):
        nn.init.trunc_normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.LayerNorm):
        nn.init.ones_(module.weight)
        nn.init.zeros_(module.bias)


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """Number of (trainable) parameters of ``model``."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
