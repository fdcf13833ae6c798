"""The train_vit command line: a short real run in smoke mode, resuming, errors, the seed's size."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from course_utils import train_vit
from course_utils.vit import ViT

ROOT = Path(__file__).resolve().parents[1]
SEED_MODEL = ["--dataset", "cifar100", "--img-size", "32", "--patch", "4", "--model-dim", "384", "--depth", "8",
              "--heads", "12", "--head-dim", "192", "--mlp-ratio", "4"]


def cli(*args: str, smoke: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "COURSE_SMOKE": "1" if smoke else "0", "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "course_utils.train_vit", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def smoke(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "1")


def test_smoke_run_writes_log_plot_and_checkpoints(smoke, tmp_path, capsys):
    assert train_vit.main(["--dataset", "cifar10", "--epochs", "2", "--outdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("Epoch ")]
    assert len(lines) == 2
    assert lines[0].startswith("Epoch 1/2 | train: loss ") and " | val: loss " in lines[0] and "| best " in lines[0]
    assert lines[1].endswith("s")
    for name in ("log.csv", "curves.png", "best.pt", "last.pt", "config.json"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    log = train_vit.read_log(tmp_path / "log.csv")
    assert [row["epoch"] for row in log] == [1, 2]
    assert all(0.0 <= row["val_acc"] <= row["best_acc"] <= 1.0 for row in log)
    assert log[1]["best_acc"] == max(row["val_acc"] for row in log)
    last = torch.load(tmp_path / "last.pt", weights_only=False)
    best = torch.load(tmp_path / "best.pt", weights_only=False)
    assert last["epoch"] == 2 and best["best_acc"] == log[1]["best_acc"]
    model = train_vit.load_model(tmp_path / "last.pt")
    assert isinstance(model, ViT)
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, 10)


def test_resume_continues_where_it_stopped(smoke, tmp_path, capsys):
    train_vit.main(["--epochs", "1", "--outdir", str(tmp_path), "--recipe", "seed"])
    first = torch.load(tmp_path / "last.pt", weights_only=False)
    capsys.readouterr()
    train_vit.main(["--epochs", "2", "--outdir", str(tmp_path), "--recipe", "seed", "--resume"])
    out = capsys.readouterr().out
    assert "resumed from" in out
    assert "Epoch 1/2" not in out and "Epoch 2/2" in out
    log = train_vit.read_log(tmp_path / "log.csv")
    assert [row["epoch"] for row in log] == [1, 2]
    assert log[0]["val_acc"] == first["history"][0]["val_acc"]
    second = torch.load(tmp_path / "last.pt", weights_only=False)
    assert second["scheduler"]["last_epoch"] == 2 * first["scheduler"]["last_epoch"]
    assert not torch.equal(second["model"]["head.weight"], first["model"]["head.weight"])


def test_runs_as_a_module_and_counts_the_seed_model():
    proc = cli(*SEED_MODEL, "--count-params", smoke=False)
    assert proc.returncode == 0, proc.stderr
    assert "37.92M trainable parameters (37,918,180)" in proc.stdout


def test_seed_parameter_count_in_process():
    args = train_vit.parse_args(SEED_MODEL)
    with torch.device("meta"):
        model = ViT(train_vit.model_config(args, 100))
    n = sum(p.numel() for p in model.parameters())
    assert round(n / 1e6, 1) == 37.9  # the README's "37.9M" (it prints 37.94M; see Lab 05)


@pytest.mark.parametrize("args,message", [
    (["--model-dim", "100", "--heads", "3"], "não é divisível por --heads"),
    (["--img-size", "30", "--patch", "4"], "não é divisível por --patch"),
    (["--dataset", "imagenet"], "invalid choice"),
    (["--dataset", "folder"], "precisa de --data-dir"),
    (["--dataset", "folder", "--data-dir", "/no/such/folder"], "pasta não encontrada"),
    (["--resume", "/no/such.pt"], "checkpoint não encontrado"),
    (["--resume", "--outdir", "/no/such/run"], "checkpoint não encontrado: /no/such/run/last.pt"),
    (["--heads", "0"], "--heads precisa ser positivo"),
])
def test_impossible_settings_fail_like_argparse(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        train_vit.main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.splitlines()[-1].startswith("train_vit: error:")


def test_command_line_error_has_no_traceback():
    proc = cli("--model-dim", "100", "--heads", "3")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith("usage: train_vit")
    assert "--model-dim 100 não é divisível por --heads 3" in proc.stderr


def test_head_dim_makes_an_indivisible_width_possible():
    args = train_vit.parse_args(["--model-dim", "100", "--heads", "3", "--head-dim", "40"])
    assert train_vit.model_config(args, 10).width == 120


def test_recipe_defaults_and_overrides():
    better = train_vit.parse_args([])
    assert better.augment == "strong" and better.label_smoothing == 0.1 and better.mixup > 0
    seed = train_vit.parse_args(["--recipe", "seed"])
    assert seed.augment == "basic" and seed.label_smoothing == 0.0 and seed.mixup == 0.0
    mixed = train_vit.parse_args(["--recipe", "seed", "--label-smoothing", "0.2"])
    assert mixed.label_smoothing == 0.2 and mixed.augment == "basic"


def test_warmup_then_cosine_schedule():
    args = train_vit.parse_args(["--epochs", "10", "--warmup-epochs", "2", "--lr", "1e-3", "--min-lr", "1e-5"])
    f = train_vit.lr_lambda(args, steps_per_epoch=10)
    assert f(0) == pytest.approx(0.05) and f(19) == pytest.approx(1.0)
    values = [f(s) for s in range(20, 100)]
    assert all(a >= b for a, b in zip(values, values[1:]))
    assert f(100) == pytest.approx(1e-2)


def test_image_folder_dataset(smoke, tmp_path, capsys):
    from PIL import Image
    for split in ("train", "val"):
        for k, colour in enumerate(("red", "blue", "green")):
            folder = tmp_path / "data" / split / f"c{k}"
            folder.mkdir(parents=True)
            for i in range(4):
                Image.new("RGB", (40, 48), colour).save(folder / f"{i}.png")
    train_vit.main(["--dataset", "folder", "--data-dir", str(tmp_path / "data"), "--img-size", "16", "--patch", "4",
                    "--epochs", "1", "--outdir", str(tmp_path / "run")])
    assert "Epoch 1/1" in capsys.readouterr().out
    assert train_vit.load_model(tmp_path / "run" / "best.pt").config.num_classes == 3
