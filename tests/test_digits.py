"""The MNIST stand-in: scikit-learn's digits in MNIST's IDX files, read by torchvision."""
import os

import numpy as np
import pytest
from PIL import Image

from course_utils import digits


def test_digits_arrays_look_like_mnist():
    (x_train, y_train), (x_test, y_test) = digits.digits_arrays()
    assert x_train.shape == (1500, 28, 28) and x_test.shape == (297, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.int64
    assert set(np.unique(y_train)) == set(range(10)) and set(np.unique(y_test)) <= set(range(10))
    assert x_train.max() > 200  # strokes reach near white
    assert x_train[:, :4].max() == 0 and x_train[:, :, -4:].max() == 0  # the 4-pixel black border of MNIST


def test_torchvision_mnist_reads_the_stand_in(tmp_path):
    train = digits.mnist_dataset(train=True, root=tmp_path, smoke=True)
    test = digits.mnist_dataset(train=False, root=tmp_path, smoke=True)
    assert (len(train), len(test)) == (1500, 297)
    img, label = train[3]
    assert isinstance(img, Image.Image) and img.size == (28, 28) and img.mode == "L"
    assert label == 3  # load_digits cycles through 0..9 at the start
    (x_train, y_train), _ = digits.digits_arrays()
    assert np.array_equal(train.data.numpy(), x_train) and np.array_equal(train.targets.numpy(), y_train)
    assert sorted(os.listdir(tmp_path / "MNIST" / "raw")) == sorted(
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"])


def test_stand_in_is_written_once(tmp_path):
    digits.write_fake_mnist(tmp_path)
    path = tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte"
    before = path.stat().st_mtime_ns
    digits.write_fake_mnist(tmp_path)
    assert path.stat().st_mtime_ns == before
    assert [p.name for p in (tmp_path / "MNIST").iterdir()] == ["raw"]  # no temporary folder left


def test_full_mode_uses_torchvision_download(tmp_path, monkeypatch):
    calls = []

    class FakeMNIST:
        def __init__(self, root, train, transform, download):
            calls.append((root, train, transform, download))

    monkeypatch.setattr(digits.datasets, "MNIST", FakeMNIST)
    digits.mnist_dataset(train=False, root=tmp_path, smoke=False)
    assert calls == [(str(tmp_path), False, None, True)]
    assert not (tmp_path / "MNIST").exists()  # nothing fake was written


@pytest.mark.parametrize("train", [True, False])
def test_transform_is_applied(tmp_path, train):
    ds = digits.mnist_dataset(train=train, root=tmp_path, transform=lambda img: np.asarray(img).sum(), smoke=True)
    assert ds[0][0] == int(ds.data[0].sum())
