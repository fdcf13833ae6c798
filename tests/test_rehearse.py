"""Full mode, rehearsed: stand-ins in the real formats are read by full mode's own loaders, a lab's
notebook runs top to bottom in full mode on them, and the GPU check runs (and says so) without a GPU."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import rehearse, standins

ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh interpreter: the Hugging Face libraries read their cache folders when imported.
LOADERS = r'''
import json, warnings
warnings.simplefilter("ignore")
from course_utils import config, hf
from course_utils.cifar import cifar_dataset
from course_utils.digits import mnist_dataset
from course_utils.data import pets_images
from course_utils.transfer import resnet18_state_dict, example_photo
from torchvision.datasets import OxfordIIITPet
from fastai.data.external import URLs, untar_data
from transformers import ViTForImageClassification, ViTImageProcessor
assert not config.is_smoke() and config.is_rehearsal()
out = {}
out["cifar"] = [len(cifar_dataset("cifar10", train=t)) for t in (True, False)]
out["mnist"] = [len(mnist_dataset(train=t)) for t in (True, False)]
pets = OxfordIIITPet(config.data_root(), download=True)
out["pets"] = [len(pets), len(list(pets_images().glob("*.jpg"))), str(untar_data(URLs.PETS))]
out["resnet18"] = len(resnet18_state_dict())
out["photo"] = list(example_photo().size)
raw = hf.load_cifar10()
out["hf_cifar"] = [raw["train"].num_rows, raw["test"].num_rows, raw["train"].features["label"].names[:2]]
processor = ViTImageProcessor.from_pretrained(hf.vit_checkpoint())
model = ViTForImageClassification.from_pretrained(hf.vit_checkpoint())
out["vit"] = [processor.size["height"], list(processor.image_mean), model.config.num_labels,
              model.config.hidden_size, model.config.num_hidden_layers]
print("@@" + json.dumps(out))
'''


def test_stand_ins_lie_where_full_mode_looks_and_its_own_loaders_read_them(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_SMOKE", "NBGRADER_EXECUTION")}
    env.update(standins.write_all(tmp_path, small=True))
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", LOADERS], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("@@"))[2:])
    small = standins.SMALL
    assert out["cifar"] == list(small["cifar"]) and out["mnist"] == list(small["mnist"])
    assert out["pets"][:2] == [small["pets"][0], sum(small["pets"])]  # trainval split, all images
    assert out["pets"][2] == str(tmp_path / "fastai" / "data" / "oxford-iiit-pet")
    assert out["resnet18"] == 122 and out["photo"] == [546, 640]
    assert out["hf_cifar"] == [*small["cifar"], ["airplane", "automobile"]]
    assert out["vit"] == [224, [0.5, 0.5, 0.5], 1000, 768, 12]
    assert (tmp_path / "torch" / "hub" / "checkpoints" / "resnet18-f37072fd.pth").is_file()
    assert not (tmp_path / "data" / "cifar-10-batches-py" / "SYNTHETIC.txt").exists()  # the real layout


def test_stand_in_formats_match_the_real_files(tmp_path):
    """IDX magic numbers and sizes, Pets' annotation lines, 37 breeds with cats capitalised."""
    import struct

    standins.write_mnist(tmp_path, 30, 10)
    raw = tmp_path / "MNIST" / "raw"
    magic, n, rows, cols = struct.unpack(">IIII", (raw / "train-images-idx3-ubyte").read_bytes()[:16])
    assert (magic, n, rows, cols) == (0x0803, 30, 28, 28)
    assert (raw / "train-images-idx3-ubyte").stat().st_size == 16 + 30 * 28 * 28
    assert struct.unpack(">II", (raw / "t10k-labels-idx1-ubyte").read_bytes()[:8]) == (0x0801, 10)
    pets = standins.write_pets(tmp_path, 37, 37, workers=1)
    lines = (pets / "annotations" / "trainval.txt").read_text().split("\n")[:-1]
    assert len(lines) == 37 and len(standins.PET_BREEDS) == 37
    name, class_id, species, breed_id = lines[5].split()
    assert name == "Bengal_1" and class_id == "6" and species == "1"  # cats are species 1
    assert lines[4].split()[2] == "2"  # beagle: a dog
    assert len(list((pets / "images").glob("*.jpg"))) == 74


def test_lab01_runs_top_to_bottom_in_full_mode_on_a_small_rehearsal_set(tmp_path, capsys):
    """Full mode's own path (fastai's untar_data, the JPEGs, workers, the capstone's sizes) on 148 Pets images."""
    rc = rehearse.main(["lab01", "--small", "--root", str(tmp_path), "--max-steps", "2", "--cell-timeout", "240",
                        "--json", str(tmp_path / "results.json")])
    out = capsys.readouterr().out
    result = json.loads((tmp_path / "results.json").read_text())[0]
    failed = [c for c in result["cells"] if c["status"] != "ok"]
    assert rc == 0 and not failed, failed
    assert len(result["cells"]) >= 30
    assert len([loop for loop in result["loops"] if loop["times"]]) == 2  # the capstone's two runs
    assert "lab01" in out and "T4 epoch" in out and "GFLOP/step" in out


def test_the_table_reports_failures_and_cuts_with_their_cells(capsys):
    cell = {"index": 7, "seconds": 3.0, "first_line": "x = y", "grade_id": None,
            "error": {"ename": "NameError", "evalue": "name 'y' is not defined", "traceback": ["NameError: y"]}}
    result = {"lab": "lab02", "wall_s": 10.0, "rss_self": 1e9, "rss_children": 0,
              "loops": [{"optimizer": "SGD", "params": 10, "times": [0.0, 0.5, 1.0]}],
              "cells": [{**cell, "status": "failed"}, {**cell, "index": 9, "status": "cut", "seconds": 240.0}],
              "model": rehearse.model_figures("lab02")}
    rehearse.print_table([result], max_steps=2, cell_timeout=240)
    out = capsys.readouterr().out
    assert "lab02 cell 7 (given code): FAILED" in out and "NameError: name 'y' is not defined" in out
    assert "lab02 cell 9 (given code): cut at the timeout" in out
    row = next(line for line in out.splitlines() if line.startswith("lab02 "))
    assert "0/1/1/0" in row and " 0.50 " in row  # cells ok/failed/cut, median seconds per step


def test_gpu_check_runs_on_the_cpu_and_says_no_gpu_was_found():
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tools.gpu_check", "lab01", "lab02"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("NO GPU FOUND")
    rows = [line for line in done.stdout.splitlines() if line.startswith("lab0")]
    assert [row.split()[0] for row in rows] == ["lab01", "lab02"] and all("n/a" in row for row in rows)


def test_flops_and_memory_of_a_step_are_counted_at_the_real_size():
    from tools.measure import MODELS, PEAK, flops_per_step, projection, step_memory

    spec = MODELS["lab04"]  # ViT-B/16 at 224: about 17.6 GMAC per image forward, x3 with backward, x2 FLOP/MAC
    flops = flops_per_step(spec)
    assert 3.0e12 < flops < 3.6e12 and flops_per_step(spec, batch=1) * 32 == pytest.approx(flops, rel=1e-6)
    memory = step_memory(spec)
    assert 85e6 < memory["params"] < 87e6 and memory["activations"] > 1e9
    t4 = projection(flops, spec, PEAK["T4"])
    assert t4["lab_s"] == pytest.approx(3 * t4["epoch_s"])
