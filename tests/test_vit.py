"""The library ViT (course_utils.vit): shapes, attention maths, parameter counts."""
import math

import pytest
import torch

from course_utils.vit import Block, PatchEmbed, SelfAttention, ViT, ViTConfig, count_parameters


def naive_attention(module: SelfAttention, x: torch.Tensor) -> torch.Tensor:
    """Multi-head attention written out with matmul and softmax, on the module's weights."""
    B, N, _ = x.shape
    H, Dh = module.heads, module.head_dim
    q, k, v = module.qkv(x).split(H * Dh, dim=-1)
    q, k, v = (t.reshape(B, N, H, Dh).transpose(1, 2) for t in (q, k, v))
    weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(Dh), dim=-1)
    return module.proj((weights @ v).transpose(1, 2).reshape(B, N, H * Dh))


@pytest.mark.parametrize("dim,heads,head_dim", [(32, 4, None), (24, 3, 16)])
def test_attention_matches_the_textbook_formula(dim, heads, head_dim):
    torch.manual_seed(0)
    attn = SelfAttention(dim, heads, head_dim).eval()
    x = torch.randn(2, 7, dim)
    torch.testing.assert_close(attn(x), naive_attention(attn, x), atol=1e-5, rtol=1e-5)


def test_patch_embed_tokens_are_row_major_patches():
    torch.manual_seed(0)
    embed = PatchEmbed(img_size=8, patch=4, in_chans=3, dim=5)
    x = torch.randn(2, 3, 8, 8)
    tokens = embed(x)
    assert tokens.shape == (2, 5, 5)
    # Token 1 + r*2 + c is the patch at row r, column c.
    patch = x[:, :, 4:8, 0:4]  # row 1, column 0 -> token 3
    expected = torch.einsum("bchw,dchw->bd", patch, embed.proj.weight) + embed.proj.bias + embed.pos_embed[0, 3]
    torch.testing.assert_close(tokens[:, 3], expected, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(tokens[:, 0], (embed.cls_token + embed.pos_embed[:, :1]).expand(2, 1, 5)[:, 0])


def test_block_is_pre_norm():
    torch.manual_seed(0)
    block = Block(16, 2).eval()
    x = torch.randn(3, 5, 16)
    h = x + block.attn(block.norm1(x))
    torch.testing.assert_close(block(x), h + block.mlp(block.norm2(h)))


def test_vit_forward_shape_and_class_token_readout():
    torch.manual_seed(0)
    model = ViT(img_size=16, patch=4, num_classes=7, dim=32, depth=2, heads=4).eval()
    x = torch.randn(3, 3, 16, 16)
    logits = model(x)
    assert logits.shape == (3, 7)
    torch.testing.assert_close(logits, model.head(model.features(x)[:, 0]))


def expected_count(img, patch, dim, depth, heads, head_dim, mlp_ratio, classes, chans=3):
    width = heads * (head_dim or dim // heads)
    hidden = int(dim * mlp_ratio)
    n = (img // patch) ** 2
    embed = chans * patch * patch * dim + dim + dim + (n + 1) * dim
    block = 2 * 2 * dim + (dim * 3 * width + 3 * width) + (width * dim + dim) + (dim * hidden + hidden) + (hidden * dim + dim)
    return embed + depth * block + 2 * dim + dim * classes + classes


@pytest.mark.parametrize("cfg", [
    dict(img=32, patch=4, dim=192, depth=6, heads=3, head_dim=None, mlp_ratio=4, classes=10),
    dict(img=32, patch=4, dim=384, depth=8, heads=12, head_dim=192, mlp_ratio=4, classes=100),
    dict(img=64, patch=8, dim=96, depth=3, heads=4, head_dim=40, mlp_ratio=2.5, classes=37),
])
def test_parameter_count_formula(cfg):
    with torch.device("meta"):
        model = ViT(img_size=cfg["img"], patch=cfg["patch"], dim=cfg["dim"], depth=cfg["depth"], heads=cfg["heads"],
                    head_dim=cfg["head_dim"], mlp_ratio=cfg["mlp_ratio"], num_classes=cfg["classes"])
    assert count_parameters(model) == expected_count(**cfg)


def test_seed_configuration_is_37_9_million():
    """The README's 37.9M CIFAR-100 model: dim 384, depth 8, 12 heads of width 192."""
    with torch.device("meta"):
        model = ViT(img_size=32, patch=4, num_classes=100, dim=384, depth=8, heads=12, head_dim=192, mlp_ratio=4)
    n = count_parameters(model)
    assert n == 37_918_180
    assert round(n / 1e6, 1) == 37.9
    with torch.device("meta"):  # the textbook width dim / heads = 32 would be far smaller
        assert count_parameters(ViT(img_size=32, patch=4, num_classes=100, dim=384, depth=8, heads=12)) < 15e6


@pytest.mark.parametrize("kwargs", [dict(img_size=30, patch=4), dict(dim=100, heads=3)])
def test_impossible_configurations_raise(kwargs):
    with pytest.raises(ValueError):
        ViTConfig(**kwargs)


def test_wider_heads_allow_indivisible_dim():
    cfg = ViTConfig(dim=100, heads=3, head_dim=40)
    assert cfg.width == 120
