import numpy as np
import pytest
import torch
from PIL import Image

from course_utils import cifar, data


def test_fake_pets_layout_labels_and_known_colors(tmp_path):
    folder = data.make_fake_pets(tmp_path / "oxford-iiit-pet" / "images", per_breed=3)
    files = data.get_image_files(folder)
    assert len(files) == 3 * len(data.SMOKE_PET_BREEDS)
    assert {data.pet_label(p) for p in files} == {"cat", "dog"}
    assert data.pet_label(folder / "Persian_1.jpg") == "cat" and data.pet_label(folder / "pug_1.jpg") == "dog"
    sizes = set()
    for path in files:
        img = np.asarray(Image.open(path).convert("RGB")).astype(int)
        sizes.add(img.shape)
        assert np.abs(img - np.array(data.fake_pet_color(path))).max() <= 2, path.name
    assert len(sizes) > 1, "sizes should vary, as in the real set"


def test_get_image_files_skips_other_files_and_explains_missing_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "sub" / "a.PNG")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "annotation.mat").write_bytes(b"x")
    assert data.get_image_files(tmp_path) == [tmp_path / "sub" / "a.PNG"]
    with pytest.raises(FileNotFoundError, match="não encontrada"):
        data.get_image_files(tmp_path / "nope")


def test_pets_images_smoke_uses_the_smoke_root(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    folder = data.pets_images(smoke=True)
    assert folder == tmp_path / "smoke" / "oxford-iiit-pet" / "images"
    assert len(data.get_image_files(folder)) > 0


@pytest.mark.parametrize("name, classes", [("cifar10", 10), ("cifar100", 100)])
def test_smoke_cifar_is_read_by_torchvision(tmp_path, name, classes):
    train = cifar.cifar_dataset(name, train=True, root=tmp_path, smoke=True)
    test = cifar.cifar_dataset(name, train=False, root=tmp_path, smoke=True)
    assert len(train) == 500 and len(test) == 100
    assert len(train.classes) == classes
    img, label = train[0]
    assert isinstance(img, Image.Image) and img.size == (32, 32) and 0 <= label < classes
    assert train.data.shape == (500, 32, 32, 3) and train.data.dtype == np.uint8
    if name == "cifar10":
        assert train.classes == list(cifar.CIFAR10_CLASSES)


def test_fake_cifar_images_match_the_arrays(tmp_path):
    ds = cifar.cifar_dataset("cifar10", train=False, root=tmp_path, smoke=True)
    x, y = cifar.fake_cifar_arrays(100, 10, seed=1)
    assert np.array_equal(ds.data, x) and ds.targets == y.tolist()


def test_fake_cifar_classes_are_learnable():
    x, y = cifar.fake_cifar_arrays(400, 10)
    means = torch.tensor(x.reshape(400, -1, 3).mean(1))
    centroids = torch.stack([means[torch.tensor(y) == c].mean(0) for c in range(10)])
    nearest = torch.cdist(means, centroids).argmin(1)
    assert (nearest == torch.tensor(y)).float().mean() > 0.9


def test_unknown_cifar_name_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="cifar10"):
        cifar.cifar_dataset("cifar1000", root=tmp_path, smoke=True)


def test_pets_full_mode_downloads_once_with_torchvision(monkeypatch, tmp_path):
    """Full mode calls torchvision's real loader only while the images are missing."""
    import torchvision.datasets

    calls = []

    def fake_download(root, download):
        calls.append((root, download))
        data.make_fake_pets(tmp_path / "oxford-iiit-pet" / "images", per_breed=1)

    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    monkeypatch.setattr(torchvision.datasets, "OxfordIIITPet", fake_download)
    first = data.pets_images(smoke=False)
    second = data.pets_images(smoke=False)
    assert first == second == tmp_path / "oxford-iiit-pet" / "images"
    assert calls == [(str(tmp_path), True)]


def test_cifar_full_mode_asks_torchvision_to_download(monkeypatch, tmp_path):
    seen = {}

    class FakeCIFAR10:
        def __init__(self, root, train, transform, download):
            seen.update(root=root, train=train, download=download)

    monkeypatch.setitem(cifar._LAYOUT, "cifar10", (FakeCIFAR10, *cifar._LAYOUT["cifar10"][1:]))
    cifar.cifar_dataset("cifar10", train=False, root=tmp_path, smoke=False)
    assert seen == {"root": str(tmp_path), "train": False, "download": True}
