"""The train_vit command line: a short real run in smoke mode, resuming, errors, the seed's size."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from course_utils import train_vit
from course_utils.vit import build_vit

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
    lines = [line for line in out.splitlines() if line.startswith("Época ")]
    assert len(lines) == 2
    assert lines[0].startswith("Época 1/2 | treino: loss ") and " | validação: loss " in lines[0]
    assert "| melhor " in lines[0] and lines[1].endswith("s")
    assert "Teste (best.pt, época" in out
    for name in ("log.csv", "curves.png", "best.pt", "last.pt", "config.json", "test.json"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    log = train_vit.read_log(tmp_path / "log.csv")
    assert [row["epoch"] for row in log] == [1, 2]
    assert all(0.0 <= row["val_acc"] <= row["best_acc"] <= 1.0 for row in log)
    assert log[1]["best_acc"] == max(row["val_acc"] for row in log)
    last = torch.load(tmp_path / "last.pt", weights_only=True)
    best = torch.load(tmp_path / "best.pt", weights_only=True)
    assert last["epoch"] == 2 and best["best_acc"] == log[1]["best_acc"]
    test = json.loads((tmp_path / "test.json").read_text())
    assert test["epoch"] == best["epoch"] and 0.0 <= test["test_acc"] <= 1.0
    model = train_vit.load_model(tmp_path / "last.pt")
    from timm.models.vision_transformer import VisionTransformer
    assert isinstance(model, VisionTransformer)
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, 10)


def test_validation_is_carved_from_the_training_split(smoke):
    args = train_vit.parse_args(["--dataset", "cifar10", "--val-fraction", "0.2", "--seed", "3"])
    train_set, val_set, test_set, classes = train_vit.datasets_for(args)
    assert classes == 10
    assert len(val_set) == round(0.2 * (len(train_set) + len(val_set)))
    assert set(train_set.indices).isdisjoint(val_set.indices)
    assert train_set.dataset.train and val_set.dataset.train and not test_set.train
    # validation sees the evaluation transforms: no augmentation
    assert torch.equal(val_set[0][0], val_set[0][0])
    again = train_vit.datasets_for(args)[1]
    assert again.indices == val_set.indices


@pytest.mark.parametrize("recipe,pipeline", [("better", "device"), ("seed", "device"), ("better", "workers")])
def test_resume_continues_identically(smoke, tmp_path, capsys, recipe, pipeline):
    """2 epochs in one go, and 1 epoch + --resume for the second, end with the same weights and log.

    The 'better' recipe draws from every generator: shuffling, TrivialAugment,
    random erasing, MixUp/CutMix, stochastic depth.
    """
    common = ["--epochs", "2", "--recipe", recipe, "--dropout", "0.1", "--pipeline", pipeline]
    train_vit.main([*common, "--outdir", str(tmp_path / "once")])
    train_vit.main([*common, "--outdir", str(tmp_path / "twice"), "--stop-after", "1"])
    first = torch.load(tmp_path / "twice" / "last.pt", weights_only=True)
    assert first["epoch"] == 1 and not (tmp_path / "twice" / "test.json").exists()
    capsys.readouterr()
    train_vit.main([*common, "--outdir", str(tmp_path / "twice"), "--resume"])
    out = capsys.readouterr().out
    assert "retomado de" in out
    assert "Época 1/2" not in out and "Época 2/2" in out
    once = torch.load(tmp_path / "once" / "last.pt", weights_only=True)
    twice = torch.load(tmp_path / "twice" / "last.pt", weights_only=True)
    assert once["model"].keys() == twice["model"].keys()
    for name, weight in once["model"].items():
        assert torch.equal(weight, twice["model"][name]), name
    assert twice["scheduler"]["last_epoch"] == 2 * first["scheduler"]["last_epoch"]
    assert not torch.equal(twice["model"]["head.weight"], first["model"]["head.weight"])
    logs = [train_vit.read_log(tmp_path / run / "log.csv") for run in ("once", "twice")]
    strip = [[{k: v for k, v in row.items() if k != "seconds"} for row in log] for log in logs]
    assert strip[0] == strip[1] and [row["epoch"] for row in logs[1]] == [1, 2]
    assert (json.loads((tmp_path / "once" / "test.json").read_text())
            == json.loads((tmp_path / "twice" / "test.json").read_text()))


def test_runs_as_a_module_and_counts_the_seed_model():
    proc = cli(*SEED_MODEL, "--count-params", smoke=False)
    assert proc.returncode == 0, proc.stderr
    assert "37.92M parâmetros treináveis (37,918,180)" in proc.stdout


def test_seed_parameter_count_in_process():
    args = train_vit.parse_args(SEED_MODEL)
    with torch.device("meta"):
        model = build_vit(train_vit.model_config(args, 100))
    n = sum(p.numel() for p in model.parameters())
    assert round(n / 1e6, 1) == 37.9  # the README's "37.9M" (it prints 37.94M; see Lab 05)


def test_the_seeds_own_command_line_gives_14_28_million():
    """Without --head-dim (the README never names one) the seed's command builds 14.28M parameters."""
    proc = cli(*[a for a in SEED_MODEL if a not in ("--head-dim", "192")], "--count-params", smoke=False)
    assert proc.returncode == 0, proc.stderr
    assert "14.28M parâmetros treináveis (14,279,140)" in proc.stdout


def test_trains_a_class_given_with_model(smoke, tmp_path, capsys, monkeypatch):
    """--model module:Class: the trainer builds and trains that class (Lab 05 passes the students' ViT)."""
    import types
    from torch import nn

    class MeanColour(nn.Module):
        def __init__(self, num_classes, dim=4):
            super().__init__()
            self.net = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(3, dim), nn.ReLU(),
                                     nn.Linear(dim, num_classes))

        def forward(self, x):
            return self.net(x)

    module = types.ModuleType("student_models")
    module.MeanColour = MeanColour
    monkeypatch.setitem(sys.modules, "student_models", module)
    train_vit.main(["--model", "student_models:MeanColour", "--epochs", "1", "--outdir", str(tmp_path)])
    out = capsys.readouterr().out
    assert "MeanColour: " in out
    assert "aviso: MeanColour não tem o argumento drop_path; drop_path=0.1 fica sem efeito" in out  # 'better' sets it
    model = train_vit.load_model(tmp_path / "best.pt")
    assert isinstance(model, MeanColour) and model.net[2].out_features == 32  # smoke mode's dim
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, 10)


@pytest.mark.parametrize("args,message", [
    (["--model-dim", "100", "--heads", "3"], "não é divisível por --heads"),
    (["--img-size", "30", "--patch", "4"], "não é divisível por --patch"),
    (["--dataset", "imagenet"], "argumento --dataset: valor inválido: 'imagenet'"),
    (["--epochs", "many"], "argumento --epochs: valor inválido para int: 'many'"),
    (["--lr"], "argumento --lr: falta o valor"),
    (["--no-such-option"], "argumentos não reconhecidos: --no-such-option"),
    (["--dataset", "folder"], "precisa de --data-dir"),
    (["--dataset", "folder", "--data-dir", "/no/such/folder"], "pasta não encontrada"),
    (["--resume", "/no/such.pt"], "checkpoint não encontrado"),
    (["--resume", "--outdir", "/no/such/run"], "checkpoint não encontrado: /no/such/run/last.pt"),
    (["--heads", "0"], "--heads precisa ser positivo"),
    (["--dataset", "folder", "--pipeline", "device"], "--pipeline device é só para CIFAR"),
])
def test_impossible_settings_fail_like_argparse(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        train_vit.main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.splitlines()[0].startswith("uso: train_vit")
    assert err.splitlines()[-1].startswith("train_vit: erro:")


def test_command_line_error_has_no_traceback():
    proc = cli("--model-dim", "100", "--heads", "3")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith("uso: train_vit")
    assert "--model-dim 100 não é divisível por --heads 3" in proc.stderr


def test_help_is_in_portuguese():
    """Students read --help: usage, headings, defaults and the epilog are Portuguese (argparse's are English)."""
    proc = cli("--help", smoke=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("uso: train_vit")
    text = " ".join(proc.stdout.split())  # argparse wraps lines at the terminal's width
    for words in ("Treina um Vision Transformer do zero", "opções:", "-h, --help", "mostra esta ajuda e sai",
                  "dados:", "modelo:", "treino:", "saída:", "(padrão: better)", "(padrão: runs/vit)",
                  "(padrão: definido pela --recipe)", "Receitas: 'seed' é o nosso palpite"):
        assert words in text, words
    for english in ("usage:", "options:", "(default:", "show this help"):
        assert english not in text, english


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
    out = capsys.readouterr().out
    assert "Época 1/1" in out and "(pipeline workers)" in out
    assert train_vit.load_model(tmp_path / "run" / "best.pt").vit_config.num_classes == 3
