"""course_utils.hf: the smoke CIFAR-10 DatasetDict and the tiny local ViT checkpoint of Lab 04."""
import os

import numpy as np
import pytest
import torch

datasets = pytest.importorskip("datasets")
transformers = pytest.importorskip("transformers")

from course_utils import hf  # noqa: E402
from course_utils.cifar import CIFAR10_CLASSES  # noqa: E402


def test_fake_cifar10_has_the_hub_features():
    raw = hf.fake_cifar10_dict(n_train=30, n_test=20)
    assert set(raw) == {"train", "test"}
    assert (len(raw["train"]), len(raw["test"])) == (30, 20)
    features = raw["train"].features
    assert isinstance(features["img"], datasets.Image)
    assert isinstance(features["label"], datasets.ClassLabel)
    assert features["label"].names == list(CIFAR10_CLASSES)
    example = raw["train"][0]
    assert example["img"].size == (32, 32) and example["img"].mode == "RGB"
    assert 0 <= example["label"] < 10


def test_fake_cifar10_is_balanced_and_repeatable():
    a, b = hf.fake_cifar10_dict(n_train=50, n_test=10), hf.fake_cifar10_dict(n_train=50, n_test=10)
    assert np.bincount(a["train"]["label"], minlength=10).tolist() == [5] * 10
    assert a["train"]["label"] == b["train"]["label"]
    assert np.array_equal(np.asarray(a["train"][3]["img"]), np.asarray(b["train"][3]["img"]))
    # Train and test are different images.
    assert not np.array_equal(np.asarray(a["train"][0]["img"]), np.asarray(a["test"][0]["img"]))


def test_fake_cifar10_supports_the_labs_stratified_split():
    raw = hf.load_cifar10(smoke=True)
    splits = raw["train"].select(range(100)).train_test_split(test_size=20, seed=42, stratify_by_column="label")
    assert (len(splits["train"]), len(splits["test"])) == (80, 20)
    assert np.bincount(splits["test"]["label"], minlength=10).tolist() == [2] * 10


def test_full_mode_loads_cifar10_from_the_hub(monkeypatch):
    calls = []
    monkeypatch.setattr(datasets, "load_dataset", lambda *args, **kw: calls.append((args, kw)) or "hub")
    assert hf.load_cifar10(smoke=False) == "hub"
    assert calls == [(("uoft-cs/cifar10",), {})]


def test_vit_checkpoint_names():
    assert hf.vit_checkpoint(smoke=False) == "google/vit-base-patch16-224"
    local = hf.vit_checkpoint(smoke=True)
    assert os.path.isdir(local) and local == hf.tiny_vit_checkpoint()


def test_tiny_checkpoint_loads_like_the_real_one():
    from transformers import ViTForImageClassification, ViTImageProcessor

    folder = hf.tiny_vit_checkpoint()
    model = ViTForImageClassification.from_pretrained(folder)
    processor = ViTImageProcessor.from_pretrained(folder)
    assert model.classifier.out_features == 1000 and len(model.config.id2label) == 1000
    assert model.config.image_size == processor.size["height"] == processor.size["width"] == 48
    assert list(processor.image_mean) == list(processor.image_std) == [0.5, 0.5, 0.5]
    assert sum(p.numel() for p in model.parameters()) < 100_000
    images = [hf.fake_cifar10_dict(n_train=2, n_test=1)["train"][i]["img"] for i in range(2)]
    pixels = processor(images=images, return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        assert model(pixel_values=pixels).logits.shape == (2, 1000)


def test_tiny_checkpoint_is_written_once_and_repeatable(tmp_path):
    folder = hf.tiny_vit_checkpoint()
    stamp = os.path.getmtime(os.path.join(folder, "config.json"))
    assert hf.tiny_vit_checkpoint() == folder
    assert os.path.getmtime(os.path.join(folder, "config.json")) == stamp
    from transformers import ViTForImageClassification

    a = ViTForImageClassification.from_pretrained(hf.make_tiny_vit(tmp_path / "a"))
    b = ViTForImageClassification.from_pretrained(hf.make_tiny_vit(tmp_path / "b"))
    assert torch.equal(a.vit.embeddings.patch_embeddings.projection.weight,
                       b.vit.embeddings.patch_embeddings.projection.weight)


def test_new_head_loads_silently_after_quiet_transformers(capfd):
    from transformers import ViTForImageClassification

    hf.quiet_transformers()
    folder = hf.tiny_vit_checkpoint()
    capfd.readouterr()
    model = ViTForImageClassification.from_pretrained(folder, num_labels=3, id2label={0: "a", 1: "b", 2: "c"},
                                                      label2id={"a": 0, "b": 1, "c": 2},
                                                      ignore_mismatched_sizes=True)
    assert model.classifier.out_features == 3
    assert capfd.readouterr().err == ""


def test_go_offline_sets_the_hub_switches(monkeypatch):
    for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    hf.go_offline()
    assert all(os.environ[name] == "1" for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"))
