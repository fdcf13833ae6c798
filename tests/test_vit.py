"""course_utils.vit: timm's VisionTransformer shaped by ViTConfig, and the --model loader."""
import sys
import types

import pytest
import torch
from torch import nn

from course_utils.vit import ViTConfig, build_vit, count_parameters, model_from_spec


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
        model = build_vit(img_size=cfg["img"], patch=cfg["patch"], dim=cfg["dim"], depth=cfg["depth"],
                          heads=cfg["heads"], head_dim=cfg["head_dim"], mlp_ratio=cfg["mlp_ratio"],
                          num_classes=cfg["classes"])
    assert count_parameters(model) == expected_count(**cfg)


def test_it_is_timm_and_wide_heads_reach_the_attention():
    from timm.models.vision_transformer import VisionTransformer
    model = build_vit(img_size=16, patch=4, num_classes=7, dim=24, depth=2, heads=3, head_dim=16).eval()
    assert isinstance(model, VisionTransformer)
    attn = model.blocks[0].attn
    assert (attn.num_heads, attn.head_dim) == (3, 16)
    assert attn.qkv.weight.shape == (3 * 3 * 16, 24) and attn.proj.weight.shape == (24, 3 * 16)
    assert model(torch.randn(2, 3, 16, 16)).shape == (2, 7)


def test_seed_configuration_is_37_9_million_with_wide_heads_only():
    """The README's 37.9M CIFAR-100 model needs heads of width 192; its own command line gives 14.28M."""
    with torch.device("meta"):
        wide = build_vit(img_size=32, patch=4, num_classes=100, dim=384, depth=8, heads=12, head_dim=192)
        plain = build_vit(img_size=32, patch=4, num_classes=100, dim=384, depth=8, heads=12)
    assert count_parameters(wide) == 37_918_180
    assert count_parameters(plain) == 14_279_140


@pytest.mark.parametrize("kwargs", [dict(img_size=30, patch=4), dict(dim=100, heads=3)])
def test_impossible_configurations_raise(kwargs):
    with pytest.raises(ValueError):
        ViTConfig(**kwargs)


def test_wider_heads_allow_indivisible_dim():
    cfg = ViTConfig(dim=100, heads=3, head_dim=40)
    assert cfg.width == 120


def test_model_from_spec_passes_the_arguments_the_class_accepts(monkeypatch):
    class Tiny(nn.Module):
        def __init__(self, img_size, patch_size, num_classes, embed_dim=8):
            super().__init__()
            self.seen = dict(img_size=img_size, patch_size=patch_size, num_classes=num_classes, embed_dim=embed_dim)
            self.fc = nn.Linear(3, num_classes)

    module = types.ModuleType("tiny_models")
    module.Tiny = Tiny
    monkeypatch.setitem(sys.modules, "tiny_models", module)
    model = model_from_spec("tiny_models:Tiny", ViTConfig(img_size=16, patch=4, num_classes=5, dim=12, heads=3))
    assert model.seen == dict(img_size=16, patch_size=4, num_classes=5, embed_dim=12)
    with pytest.raises(ValueError, match="head_dim"):
        model_from_spec("tiny_models:Tiny", ViTConfig(dim=12, heads=3, head_dim=8))
    with pytest.raises(ValueError, match="modulo:Classe"):
        model_from_spec("tiny_models.Tiny", ViTConfig())


def test_library_holds_no_vit_pieces():
    """Lab 05 asks students to write these: the library must not offer them (issue 8)."""
    import course_utils.vit as lib
    for name in ("PatchEmbed", "SelfAttention", "Block", "ViT", "DropPath", "attention"):
        assert not hasattr(lib, name), name
