"""Stand-ins for what full mode downloads, written where the real downloads land, in their real formats.

Used by the full-mode rehearsal (``tools/rehearse.py``, ``make rehearse``) on machines that
cannot download: the notebooks then run their own full-mode code (torchvision's loaders,
fastai's ``untar_data``, Hugging Face's ``from_pretrained`` and ``load_dataset`` offline)
against these files. Images are generated (any content), weights are random: nothing
trained on them means anything.

Under a scratch root ``ROOT``::

    ROOT/data/                 COURSE_DATA
      cifar-10-batches-py/     CIFAR-10: data_batch_1..5, test_batch, batches.meta (torchvision's pickles)
      MNIST/raw/               MNIST: the four IDX files torchvision reads
      oxford-iiit-pet/         Oxford-IIIT Pet: images/*.jpg (37 breeds), annotations/{list,trainval,test}.txt, trimaps/
      photo_dog.jpg            the photo ``course_utils.transfer.example_photo`` downloads
    ROOT/torch/hub/checkpoints/resnet18-f37072fd.pth   TORCH_HOME: torchvision's ResNet-18 file, its real name
    ROOT/fastai/data/oxford-iiit-pet -> ROOT/data/oxford-iiit-pet   FASTAI_HOME: where untar_data(URLs.PETS) extracts
    ROOT/hf/hub/models--google--vit-base-patch16-224/  HF_HOME: the hub cache (refs/main, snapshots/<sha>/)
    ROOT/hf/datasets/uoft-cs___cifar10/plain_text/0.0.0/<sha>/  the datasets cache an online load_dataset leaves

Every stand-in is written aside and renamed into place, and skipped when already there.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import struct
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

# The 37 breeds of Oxford-IIIT Pet in the order of its class ids (cats capitalised, as in the file names).
PET_BREEDS = (
    "Abyssinian", "american_bulldog", "american_pit_bull_terrier", "basset_hound", "beagle", "Bengal", "Birman",
    "Bombay", "boxer", "British_Shorthair", "chihuahua", "Egyptian_Mau", "english_cocker_spaniel", "english_setter",
    "german_shorthaired", "great_pyrenees", "havanese", "japanese_chin", "keeshond", "leonberger", "Maine_Coon",
    "miniature_pinscher", "newfoundland", "Persian", "pomeranian", "pug", "Ragdoll", "Russian_Blue", "saint_bernard",
    "samoyed", "scottish_terrier", "shiba_inu", "Siamese", "Sphynx", "staffordshire_bull_terrier", "wheaten_terrier",
    "yorkshire_terrier",
)
PETS_TRAINVAL, PETS_TEST = 3680, 3669  # 7,349 annotated images, as in the real set

RESNET18_FILE = "resnet18-f37072fd.pth"  # torchvision's ResNet18_Weights.IMAGENET1K_V1 url, last part
VIT_REPO = "google/vit-base-patch16-224"
CIFAR10_HUB = "uoft-cs/cifar10"
STANDIN_SHA = "0" * 40  # the snapshot's commit: any 40 hex digits do

# google/vit-base-patch16-224's config.json and preprocessor_config.json (the Hub's files, field by field;
# the 1000 ImageNet names are torchvision's spelling of the same classes, in the same order).
VIT_CONFIG = {
    "architectures": ["ViTForImageClassification"], "attention_probs_dropout_prob": 0.0, "hidden_act": "gelu",
    "hidden_dropout_prob": 0.0, "hidden_size": 768, "image_size": 224, "initializer_range": 0.02,
    "intermediate_size": 3072, "layer_norm_eps": 1e-12, "model_type": "vit", "num_attention_heads": 12,
    "num_channels": 3, "num_hidden_layers": 12, "patch_size": 16, "qkv_bias": True,
    "transformers_version": "4.13.0.dev0",
}
VIT_PREPROCESSOR = {
    "do_normalize": True, "do_resize": True, "feature_extractor_type": "ViTFeatureExtractor",
    "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "resample": 2, "size": 224,
}

FULL = dict(cifar=(50_000, 10_000), mnist=(60_000, 10_000), pets=(PETS_TRAINVAL, PETS_TEST))
SMALL = dict(cifar=(300, 100), mnist=(300, 100), pets=(74, 74))  # a few hundred images, the same formats


def _aside(final: Path) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))


def _into_place(tmp: Path, final: Path) -> None:
    try:
        tmp.rename(final)
    except OSError:  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)


def write_cifar10(data: Path, n_train: int, n_test: int) -> Path:
    """CIFAR-10 as torchvision downloads it (``cifar-10-batches-py``), without the SYNTHETIC marker."""
    from course_utils.cifar import SYNTHETIC_MARKER, write_fake_cifar

    final = data / "cifar-10-batches-py"
    if not final.is_dir():
        tmp_root = _aside(data / ".cifar10-root")
        write_fake_cifar(tmp_root, "cifar10", n_train=n_train, n_test=n_test)
        (tmp_root / "cifar-10-batches-py" / SYNTHETIC_MARKER).unlink()  # the real download has no marker
        _into_place(tmp_root / "cifar-10-batches-py", final)
        shutil.rmtree(tmp_root, ignore_errors=True)
    return final


def mnist_arrays(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` MNIST-like digits (N, 28, 28) uint8: scikit-learn's digits, shifted by up to 2 pixels."""
    from course_utils.digits import digits_arrays

    (x, y), (xt, yt) = digits_arrays()
    x, y = np.concatenate([x, xt]), np.concatenate([y, yt])
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(x), n)
    out = x[pick].copy()
    shifts = rng.integers(-2, 3, size=(n, 2))
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            rows = (shifts[:, 0] == dy) & (shifts[:, 1] == dx)
            out[rows] = np.roll(out[rows], (dy, dx), axis=(1, 2))
    return out, y[pick]


def write_mnist(data: Path, n_train: int, n_test: int) -> Path:
    """MNIST's four IDX files in ``MNIST/raw`` (what torchvision's ``MNIST(download=True)`` looks for)."""
    final = data / "MNIST" / "raw"
    if final.is_dir():
        return final
    tmp = _aside(final)
    for prefix, n, seed in (("train", n_train, 0), ("t10k", n_test, 1)):
        images, labels = mnist_arrays(n, seed)
        with open(tmp / f"{prefix}-images-idx3-ubyte", "wb") as f:
            f.write(struct.pack(">IIII", 0x0803, n, 28, 28) + images.astype(np.uint8).tobytes())
        with open(tmp / f"{prefix}-labels-idx1-ubyte", "wb") as f:
            f.write(struct.pack(">II", 0x0801, n) + labels.astype(np.uint8).tobytes())
    _into_place(tmp, final)
    return final


def _pet_image(args) -> None:
    path, breed_index, seed = args
    from PIL import Image

    rng = np.random.default_rng(seed)
    w, h = int(rng.integers(200, 501)), int(rng.integers(180, 501))
    base = np.array([(breed_index * 53) % 256, (breed_index * 97) % 256, (breed_index * 151) % 256], np.float32)
    ramp = np.linspace(0, 1, w, dtype=np.float32)[None, :, None] * rng.uniform(-80, 80, 3).astype(np.float32)
    img = np.clip(base + ramp + np.zeros((h, 1, 1), np.float32), 0, 255).astype(np.uint8)
    y0, x0 = int(rng.integers(0, h // 2)), int(rng.integers(0, w // 2))
    img[y0:y0 + h // 3, x0:x0 + w // 3] = rng.integers(0, 256, 3)
    Image.fromarray(img).save(path, format="JPEG", quality=85)


def write_pets(data: Path, n_trainval: int, n_test: int, workers: int = 2) -> Path:
    """Oxford-IIIT Pet's folder: ``images/{Breed}_{k}.jpg``, ``annotations/`` (list, trainval, test, trimaps)."""
    final = data / "oxford-iiit-pet"
    if final.is_dir():
        return final
    tmp = _aside(final)
    (tmp / "images").mkdir()
    (tmp / "annotations" / "trimaps").mkdir(parents=True)
    total = n_trainval + n_test
    rows, jobs = [], []
    for i in range(total):
        b = i % len(PET_BREEDS)
        breed = PET_BREEDS[b]
        name = f"{breed}_{i // len(PET_BREEDS) + 1}"
        species = 1 if breed[0].isupper() else 2  # 1 cat, 2 dog
        rows.append(f"{name} {b + 1} {species} {b + 1}")
        jobs.append((tmp / "images" / f"{name}.jpg", b, i))
    with ProcessPoolExecutor(max(1, workers)) as pool:
        list(pool.map(_pet_image, jobs, chunksize=64))
    ann = tmp / "annotations"
    header = ("#Image CLASS-ID SPECIES BREED ID\n#ID: 1:37 Class ids\n#SPECIES: 1:Cat 2:Dog\n"
              "#BREED ID: 1-25:Cat 1:12:Dog\n#All images with 1st letter as captial are cat images\n"
              "#images with small first letter are dog images\n")
    (ann / "list.txt").write_text(header + "\n".join(rows) + "\n")
    (ann / "trainval.txt").write_text("\n".join(rows[:n_trainval]) + "\n")
    (ann / "test.txt").write_text("\n".join(rows[n_trainval:]) + "\n")
    from PIL import Image

    for row in rows[:4]:  # a few trimaps, so the folder has its layout (segmentation is not used by the labs)
        Image.new("L", (32, 32), 2).save(ann / "trimaps" / f"{row.split()[0]}.png")
    _into_place(tmp, final)
    return final


def write_photo(data: Path) -> Path:
    """The photo that ``example_photo`` downloads in full mode (``photo_dog.jpg``)."""
    from PIL import Image

    path = data / "photo_dog.jpg"
    if not path.is_file():
        rng = np.random.default_rng(7)
        Image.fromarray(rng.integers(0, 256, (640, 546, 3), dtype=np.uint8)).save(path, format="JPEG")
    return path


def write_resnet18(torch_home: Path) -> Path:
    """torchvision's ResNet-18 ImageNet file under its real name in the hub cache, with random weights."""
    import torch

    from course_utils.transfer import resnet18_state_dict

    path = torch_home / "hub" / "checkpoints" / RESNET18_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        torch.save(resnet18_state_dict(smoke=True), tmp)
        os.replace(tmp, path)
    return path


def write_vit_snapshot(hf_home: Path) -> Path:
    """``google/vit-base-patch16-224`` in the hub cache: refs/main and a snapshot with its configs, random weights."""
    import torch

    repo = hf_home / "hub" / ("models--" + VIT_REPO.replace("/", "--"))
    snapshot = repo / "snapshots" / STANDIN_SHA
    if (snapshot / "model.safetensors").is_file():
        return snapshot
    from torchvision.models import ResNet18_Weights
    from transformers import ViTConfig, ViTForImageClassification

    names = ResNet18_Weights.IMAGENET1K_V1.meta["categories"]
    config = {**VIT_CONFIG, "id2label": {str(i): n for i, n in enumerate(names)},
              "label2id": {n: i for i, n in enumerate(names)}}
    tmp = _aside(snapshot)
    (tmp / "config.json").write_text(json.dumps(config, indent=2))
    (tmp / "preprocessor_config.json").write_text(json.dumps(VIT_PREPROCESSOR, indent=2))
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = ViTForImageClassification(ViTConfig.from_pretrained(tmp))
    model.save_pretrained(tmp / "weights")
    (tmp / "weights" / "model.safetensors").rename(tmp / "model.safetensors")
    shutil.rmtree(tmp / "weights")
    (tmp / "config.json").write_text(json.dumps(config, indent=2))  # the Hub's file, not save_pretrained's
    _into_place(tmp, snapshot)
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / "main").write_text(STANDIN_SHA)
    return snapshot


def write_hf_cifar10(hf_home: Path, n_train: int, n_test: int) -> Path:
    """CIFAR-10 in the ``datasets`` cache as an online ``load_dataset("uoft-cs/cifar10")`` leaves it.

    The Hub's files are parquet shards of PNG bytes (``plain_text/{train,test}-*.parquet``); the
    ``datasets`` parquet builder prepares them into the cache folder that ``load_dataset``
    reads offline (``HF_HUB_OFFLINE=1``): ``datasets/uoft-cs___cifar10/plain_text/0.0.0/<sha>/``.
    """
    cache = hf_home / "datasets"
    final = cache / "uoft-cs___cifar10"
    if final.is_dir():
        return final
    import pyarrow as pa
    import pyarrow.parquet as pq
    from PIL import Image

    from course_utils.cifar import CIFAR10_CLASSES, fake_cifar_arrays

    work = _aside(cache / ".cifar10-build")
    files = {}
    for split, n, seed in (("train", n_train, 0), ("test", n_test, 1)):
        images, labels = fake_cifar_arrays(n, 10, seed=seed)
        blobs = []
        for a in images:
            buf = io.BytesIO()
            Image.fromarray(a).save(buf, format="PNG")
            blobs.append({"bytes": buf.getvalue(), "path": None})
        table = pa.table({"img": pa.array(blobs, pa.struct([("bytes", pa.binary()), ("path", pa.string())])),
                          "label": pa.array(labels, pa.int64())})
        files[split] = [str(work / f"{split}-00000-of-00001.parquet")]
        pq.write_table(table, files[split][0])
    from datasets import ClassLabel, Features, Image as ImageFeature
    from datasets.packaged_modules.parquet.parquet import Parquet

    features = Features({"img": ImageFeature(), "label": ClassLabel(names=list(CIFAR10_CLASSES))})
    builder = Parquet(cache_dir=str(work / "cache"), dataset_name="cifar10", config_name="plain_text",
                      config_id="plain_text", hash=STANDIN_SHA, data_files=files, features=features)
    builder.download_and_prepare()
    _into_place(work / "cache" / "cifar10", final)
    shutil.rmtree(work, ignore_errors=True)
    return final


def write_all(root: str | Path, small: bool = False, workers: int = 2, labs: tuple[str, ...] | None = None) -> dict:
    """Every stand-in under ``root`` (``small``: a few hundred images per set); returns the environment to run with."""
    root = Path(root)
    sizes = SMALL if small else FULL
    data, torch_home, hf_home, fastai_home = root / "data", root / "torch", root / "hf", root / "fastai"
    need = set(labs or ("lab01", "lab02", "lab03", "lab04", "lab05", "lab06"))
    for d in (data, torch_home, hf_home, fastai_home / "data"):
        d.mkdir(parents=True, exist_ok=True)
    write_photo(data)
    if need & {"lab02", "lab03", "lab06"}:
        write_resnet18(torch_home)
    if need & {"lab05", "lab06"}:
        write_cifar10(data, *sizes["cifar"])
    if "lab03" in need:
        write_mnist(data, *sizes["mnist"])
    if need & {"lab01", "lab03"}:
        pets = write_pets(data, *sizes["pets"], workers=workers)
        link = fastai_home / "data" / "oxford-iiit-pet"
        if not link.exists():
            link.symlink_to(pets, target_is_directory=True)
    if "lab04" in need:
        write_vit_snapshot(hf_home)
        write_hf_cifar10(hf_home, *sizes["cifar"])
    return environment(root)


def environment(root: str | Path) -> dict:
    """The variables that point full mode at the stand-ins under ``root`` (offline Hugging Face)."""
    root = Path(root)
    return {"COURSE_DATA": str(root / "data"), "TORCH_HOME": str(root / "torch"), "HF_HOME": str(root / "hf"),
            "HF_DATASETS_CACHE": str(root / "hf" / "datasets"), "HF_HUB_CACHE": str(root / "hf" / "hub"),
            "FASTAI_HOME": str(root / "fastai"), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1", "COURSE_REHEARSAL": "1", "MPLBACKEND": "Agg"}
