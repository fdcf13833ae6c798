"""Helpers of the ResNet-18 and transfer-learning labs."""
import time

import numpy as np
import pytest
import torch
import torchvision
from PIL import Image
from torch import nn
from torchvision.models import resnet18

from course_utils import transfer


def test_smoke_weights_have_torchvision_keys_and_real_batchnorm():
    state = transfer.resnet18_state_dict(smoke=True)
    reference = resnet18().state_dict()
    assert list(state) == list(reference)
    assert all(state[k].shape == reference[k].shape for k in state)
    again = transfer.resnet18_state_dict(smoke=True)
    assert all(torch.equal(state[k], again[k]) for k in state)  # seeded
    assert not torch.equal(state["bn1.running_var"], torch.ones(64))
    assert not torch.equal(state["layer4.0.downsample.1.running_mean"], torch.zeros(512))
    other = transfer.resnet18_state_dict(smoke=True, seed=1)
    assert not torch.equal(state["conv1.weight"], other["conv1.weight"])


def test_full_weights_come_from_torchvision(monkeypatch):
    class FakeWeights:
        class IMAGENET1K_V1:
            @staticmethod
            def get_state_dict(progress):
                return {"downloaded": torch.ones(1)}

    monkeypatch.setattr(torchvision.models, "ResNet18_Weights", FakeWeights)
    assert list(transfer.resnet18_state_dict(smoke=False)) == ["downloaded"]


def test_imagenet_categories():
    cats = transfer.imagenet_categories()
    assert len(cats) == 1000 and cats[0] == "tench"


@pytest.fixture
def downloads(monkeypatch):
    """Replaces the photo download by one that writes a 5x4 JPEG; returns the URLs asked for."""
    urls = []

    def fake_retrieve(url, path):
        urls.append(url)
        Image.new("RGB", (5, 4), (1, 2, 3)).save(path, format="JPEG")

    monkeypatch.setattr(transfer.urllib.request, "urlretrieve", fake_retrieve)
    return urls


def test_example_photo_smoke_and_full(tmp_path, downloads):
    img = transfer.example_photo(smoke=True)
    assert img.mode == "RGB" and img.size == (320, 240)
    urls = downloads
    photo = transfer.example_photo(smoke=False, root=tmp_path)
    assert photo.size == (5, 4) and urls == [transfer.PHOTO_URL]
    transfer.example_photo(smoke=False, root=tmp_path)
    assert len(urls) == 1  # cached


def test_example_photos_smoke_and_full(tmp_path, downloads):
    drawn = transfer.example_photos(smoke=True)
    assert len(drawn) == 3 and all(img.mode == "RGB" for img in drawn.values())
    urls = downloads
    photos = transfer.example_photos(smoke=False, root=tmp_path)
    assert list(photos) == ["cão", "china", "flower"] and urls == [transfer.PHOTO_URL]  # only the dog is downloaded
    assert photos["china"].size == (640, 427) and photos["flower"].mode == "RGB"


def test_mnist_to_imagenet():
    x = torch.zeros(2, 28, 28, dtype=torch.uint8)
    x[1] = 255
    out = transfer.mnist_to_imagenet(x, 40)
    assert out.shape == (2, 3, 40, 40) and out.dtype == torch.float32
    mean, std = torch.tensor(transfer.IMAGENET_MEAN), torch.tensor(transfer.IMAGENET_STD)
    assert torch.allclose(out[0, :, 5, 5], -mean / std)
    assert torch.allclose(out[1, :, 5, 5], (1 - mean) / std)


def test_tensor_batches():
    x, y = torch.arange(10).float(), torch.arange(10)
    batches = transfer.TensorBatches(x, y, 4)
    assert len(batches) == 3
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    shuffled = transfer.TensorBatches(x, y, 4, shuffle=True, transform=lambda t: 2 * t)
    epoch1 = torch.cat([b[1] for b in shuffled])
    epoch2 = torch.cat([b[1] for b in shuffled])
    assert sorted(epoch1.tolist()) == list(range(10)) and not torch.equal(epoch1, epoch2)
    xb, yb = next(iter(shuffled))
    assert torch.equal(xb, 2 * yb.float())
    assert len(transfer.TensorBatches(x, y, 4, max_batches=2)) == 2


def _task(n=128):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 4, generator=g)
    return transfer.TensorBatches(x, (x[:, 0] > 0).long(), 16, shuffle=True)


def test_train_epoch_learns_and_steps_scheduler():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1e-2, total_steps=5 * 8)
    history = [transfer.train_epoch(model, _task(), optimizer, scheduler) for _ in range(5)]
    assert all(len(h) == 8 for h in history)
    assert np.mean(history[-1]) < np.mean(history[0])
    assert scheduler.last_epoch == 40
    assert transfer.evaluate(model, _task())["acc"] > 0.8


def test_train_epoch_adds_penalty():
    model = nn.Linear(4, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
    plain = transfer.train_epoch(model, _task(), optimizer)
    with_penalty = transfer.train_epoch(model, _task(), optimizer, penalty=lambda: torch.tensor(10.0))
    assert np.allclose(np.array(with_penalty) - np.array(plain), 10.0, atol=1e-5)


def test_predict_scores_and_features():
    model = resnet18(num_classes=3).eval()
    batches = [(torch.randn(4, 3, 32, 32), torch.tensor([0, 1, 2, 0]))]
    preds, targets = transfer.predict(model, batches)
    assert preds.shape == (4,) and targets.tolist() == [0, 1, 2, 0]
    feats, labels = transfer.extract_features(model, batches)
    assert feats.shape == (4, 512) and labels.shape == (4,)
    assert isinstance(model.fc, nn.Linear)  # the head is put back
    s = transfer.scores(np.array([0, 1, 1, 2]), np.array([0, 1, 0, 2]))
    assert s["acc"] == pytest.approx(0.75)
    assert s["f1_macro"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)


def test_count_parameters_and_timed():
    model = nn.Linear(3, 2)
    model.bias.requires_grad = False
    assert transfer.count_parameters(model) == 8
    assert transfer.count_parameters(model, trainable_only=True) == 6
    row = {}
    with transfer.timed(row, "t"):
        time.sleep(0.05)
    assert 0.05 <= row["t"] < 5
    with pytest.raises(ZeroDivisionError), transfer.timed(row, "failed"):  # timed even when the work fails
        _ = 1 / 0
    assert row["failed"] >= 0 and row["t"] != row["failed"]
