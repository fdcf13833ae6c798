"""The on-device data path: batches, CIFAR as tensors, and batch augmentations that do what the per-image ones do."""
import re

import pytest
import torch
import torch.nn.functional as F
from torchvision.transforms import v2

from course_utils import device_data as dd
from course_utils import train_vit
from course_utils.cifar import cifar_dataset, write_fake_cifar

MEAN, STD = (0.5, 0.4, 0.3), (0.2, 0.25, 0.3)


def images(n=64, seed=0, size=32):
    return torch.randint(0, 256, (n, 3, size, size), dtype=torch.uint8, generator=torch.Generator().manual_seed(seed))


def windows(image, padding, mode):
    """Every crop that padding ``image`` and cutting an H x W window can give."""
    h, w = image.shape[-2:]
    padded = F.pad(image[None].float(), (padding,) * 4, mode=mode)[0]
    return [padded[:, i:i + h, j:j + w] for i in range(2 * padding + 1) for j in range(2 * padding + 1)]


# --- TensorBatches -------------------------------------------------------------------------------------------------

def test_shuffled_batches_cover_every_example_once_per_epoch():
    x = torch.arange(103)
    batches = dd.TensorBatches(x, x * 10, batch_size=16, shuffle=True, transform=lambda t: t + 1000)
    assert len(batches) == 7
    epochs = []
    for _ in range(2):
        xs, ys = zip(*batches)
        assert [len(b) for b in xs] == [16] * 6 + [7]
        seen = torch.cat(xs) - 1000
        assert torch.equal(torch.cat(ys), seen * 10)  # labels travel with their images
        assert sorted(seen.tolist()) == list(range(103))
        epochs.append(seen)
    assert not torch.equal(epochs[0], epochs[1])  # a new order every epoch


def test_order_follows_the_generator_and_options():
    x = torch.arange(50)
    a, b = (dd.TensorBatches(x, x, 8, shuffle=True, seed=3) for _ in range(2))
    assert [t.tolist() for t, _ in a] == [t.tolist() for t, _ in b]
    generator = torch.Generator().manual_seed(5)
    c = dd.TensorBatches(x, x, 8, shuffle=True, generator=generator)
    state = generator.get_state()
    first = [t.tolist() for t, _ in c]
    generator.set_state(state)  # what --resume does
    assert [t.tolist() for t, _ in c] == first
    assert len(dd.TensorBatches(x, x, 8, drop_last=True)) == 6
    assert len(dd.TensorBatches(x, x, 8, max_batches=2)) == 2
    assert torch.equal(torch.cat([t for t, _ in dd.TensorBatches(x, x, 8)]), x)  # no shuffle: in order
    with pytest.raises(ValueError, match="mesmo número"):
        dd.TensorBatches(x, x[:3], 8)


def test_cifar_tensors_hold_what_torchvision_reads(tmp_path):
    x, y = dd.cifar_tensors("cifar100", train=False, root=tmp_path, smoke=True)
    dataset = cifar_dataset("cifar100", train=False, root=tmp_path, smoke=True)
    assert x.shape == (len(dataset), 3, 32, 32) and x.dtype == torch.uint8 and y.dtype == torch.long
    for i in (0, 7, len(dataset) - 1):
        image, label = dataset[i]
        assert torch.equal(x[i], v2.functional.pil_to_tensor(image)) and y[i] == label


def test_a_synthetic_full_size_set_is_read_in_full_mode_with_a_warning(tmp_path):
    write_fake_cifar(tmp_path, "cifar10", n_train=1000, n_test=200)
    with pytest.warns(UserWarning, match="SINTÉTICO"):
        x, _ = dd.cifar_tensors("cifar10", train=True, root=tmp_path, smoke=False)
    assert x.shape == (1000, 3, 32, 32)


# --- augmentations ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["reflect", "constant"])
def test_random_crop_is_a_window_of_the_padded_image_drawn_per_image(mode):
    torch.manual_seed(0)
    x = images(48, size=12)
    out = dd.RandomCrop(3, mode)(x)
    assert out.shape == x.shape and out.dtype == torch.uint8
    offsets = set()
    for image, crop in zip(x, out):
        matches = [k for k, window in enumerate(windows(image, 3, mode)) if torch.equal(window, crop.float())]
        assert matches, "a crop that no padding window gives"
        offsets.add(matches[0])
    assert len(offsets) > 20  # 49 possible shifts, drawn independently per image
    same = dd.RandomCrop(3, mode)(x[:1].expand(32, -1, -1, -1))
    assert len({tuple(t.flatten().tolist()) for t in same}) > 10


def test_flip_mirrors_about_half_the_images():
    torch.manual_seed(0)
    x = images(2000, size=4)
    out = dd.RandomFlip()(x)
    flipped = (out == x.flip(-1)).flatten(1).all(1)
    assert ((out == x).flatten(1).all(1) | flipped).all()
    assert 850 < int(flipped.sum()) < 1150
    assert torch.equal(dd.RandomFlip(p=1.0)(x), x.flip(-1)) and torch.equal(dd.RandomFlip(p=0.0)(x), x)


def test_trivial_augment_draws_per_group():
    torch.manual_seed(0)
    x = images(1)[0].expand(64, -1, -1, -1)  # 64 copies of one image
    out = dd.TrivialAugment(group=8)(x)
    assert out.shape == x.shape and out.dtype == torch.uint8
    groups = out.split(8)
    assert all((g == g[0]).all() for g in groups)  # one operation and strength per group
    assert len({tuple(g[0].flatten().tolist()) for g in groups}) >= 4  # and a new draw for each group


def test_random_erasing_fills_one_rectangle_per_image_with_probability_p():
    torch.manual_seed(0)
    x = torch.ones(4000, 3, 16, 16)
    out = dd.RandomErasing(p=0.25, value=0.0)(x)
    erased = out[:, 0] == 0
    hit = erased.flatten(1).any(1)
    assert 850 < int(hit.sum()) < 1150
    assert torch.equal(erased, (out == 0).all(1))  # every channel of a pixel together
    for mask in erased[hit][:200]:
        rows, cols = mask.any(1).nonzero().flatten(), mask.any(0).nonzero().flatten()
        assert int(mask.sum()) == len(rows) * len(cols)  # a filled rectangle
        assert len(rows) == rows[-1] - rows[0] + 1 and len(cols) == cols[-1] - cols[0] + 1
    areas = erased[hit].flatten(1).float().mean(1)
    assert areas.min() >= 0.01 and areas.max() <= 0.45 and areas.std() > 0.03
    assert torch.equal(dd.RandomErasing(p=0.0)(x), x)


def test_normalize_matches_torchvision():
    x = images(8)
    expected = v2.Compose([v2.ToDtype(torch.float32, scale=True), v2.Normalize(MEAN, STD)])(x)
    assert torch.allclose(dd.Normalize(MEAN, STD)(x), expected, atol=1e-6)


# --- the pipelines of train_vit --------------------------------------------------------------------------------------

@pytest.mark.parametrize("img_size", [32, 48])
def test_evaluation_pipeline_equals_the_per_image_one(img_size):
    x = images(6)
    args = train_vit.parse_args(["--dataset", "cifar10", "--img-size", str(img_size), "--patch", "4"])
    per_image = train_vit.transforms(args, train=False)
    mean, std = train_vit.NORMALIZE["cifar10"]
    batch = dd.cifar_transform(mean, std, "none", img_size)(x)
    assert batch.shape == (6, 3, img_size, img_size)
    for image, out in zip(x, batch):
        assert torch.allclose(per_image(v2.functional.to_pil_image(image)), out, atol=1e-5)


@pytest.mark.parametrize("augment", ["basic", "strong"])
def test_training_pipelines_augment_and_normalise(augment):
    torch.manual_seed(0)
    flat = torch.tensor([200, 100, 50], dtype=torch.uint8).view(1, 3, 1, 1).expand(64, 3, 32, 32)
    out = dd.cifar_transform(MEAN, STD, augment)(flat)
    assert out.dtype == torch.float32 and out.shape == (64, 3, 32, 32)
    colour = (torch.tensor([200, 100, 50]) / 255 - torch.tensor(MEAN)) / torch.tensor(STD)
    if augment == "basic":  # crop (reflect) and flip keep a flat image flat
        assert torch.allclose(out, colour.view(1, 3, 1, 1).expand_as(out), atol=1e-5)
    else:
        assert not torch.allclose(out, colour.view(1, 3, 1, 1).expand_as(out), atol=1e-3)
    halves = torch.zeros(256, 3, 32, 32, dtype=torch.uint8)
    halves[..., 16:] = 255  # black left, white right
    left = dd.cifar_transform(MEAN, STD, augment)(halves)[:, 0, 16, 2]
    white = (1 - MEAN[0]) / STD[0]
    assert ((left - white).abs() < 1e-4).float().mean() > 0.2  # mirrored images
    with pytest.raises(ValueError, match="augment"):
        dd.cifar_transform(MEAN, STD, "heavy")


def test_both_train_vit_pipelines_split_the_same_images(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    args = train_vit.parse_args(["--dataset", "cifar10", "--val-fraction", "0.2", "--seed", "4", "--batch-size", "16"])
    assert args.pipeline == "device"
    train, val, test, generator, classes = train_vit.device_batches(args, torch.device("cpu"))
    train_set, val_set, test_set, _ = train_vit.datasets_for(args)
    assert classes == 10 and train.generator is generator and train.shuffle and train.drop_last
    assert (len(train.x), len(val.x), len(test.x)) == (len(train_set), len(val_set), len(test_set))
    x_val, _ = next(iter(val))
    expected = torch.stack([val_set[i][0] for i in range(len(x_val))])
    assert torch.allclose(x_val, expected, atol=1e-5)


def test_the_benchmark_prints_its_table(tmp_path, capsys):
    """``make bench`` on a small synthetic set, few steps: every row and ratio is printed (no timing is checked)."""
    from tools import bench

    assert bench.main(["--data-dir", str(tmp_path), "--train-images", "1200", "--pipeline-batches", "2",
                       "--batch-size", "4", "--steps", "1", "--models", "resnet18", "--peak-tflops", "1"]) == 0
    out = capsys.readouterr().out
    assert "writing a synthetic cifar100 (1,200 training images" in out
    rows = [line for line in out.splitlines() if line.startswith(("seed ", "better ", "ResNet-18"))]
    assert [row.split()[0] for row in rows] == ["seed", "better", "ResNet-18,"]
    assert all(re.search(r"\d[\d,.]* +\d[\d,.]* +\d+\.\dx", row) for row in rows), rows
    assert re.search(r"\d+\.\dx +\d+%$", rows[-1]), rows[-1]  # MFU, given a peak
