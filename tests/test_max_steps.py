"""COURSE_MAX_STEPS: one cap on batches per pass, read in one place, honoured by every loop of course_utils."""
import warnings

import pytest
import torch
from torch.optim.optimizer import register_optimizer_step_post_hook
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course_utils import config, training, train_vit
from course_utils.cifar import write_fake_cifar
from course_utils.device_data import TensorBatches


@pytest.fixture
def step_count():
    """Counts every optimizer step taken anywhere while the test runs (a global optimizer hook)."""
    steps = []
    handle = register_optimizer_step_post_hook(lambda opt, args, kwargs: steps.append(opt))
    yield steps
    handle.remove()


def tiny_task(n=64):
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(n, 4, generator=g), torch.randint(0, 3, (n,), generator=g)
    return nn.Linear(4, 3), x, y


@pytest.mark.parametrize("raw, expected", [(None, None), ("", None), ("0", None), (" 3 ", 3), ("12", 12)])
def test_max_steps_is_off_by_default_and_reads_the_variable(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("COURSE_MAX_STEPS", raising=False)
    else:
        monkeypatch.setenv("COURSE_MAX_STEPS", raw)
    assert config.max_steps() == expected


@pytest.mark.parametrize("raw", ["dois", "1.5", "-1"])
def test_a_bad_cap_is_refused_with_a_message(monkeypatch, raw):
    monkeypatch.setenv("COURSE_MAX_STEPS", raw)
    with pytest.raises(ValueError, match="COURSE_MAX_STEPS"):
        config.max_steps()


def test_capped_keeps_the_smaller_of_the_callers_cap_and_the_variable(monkeypatch):
    monkeypatch.delenv("COURSE_MAX_STEPS", raising=False)
    assert config.capped(None) is None and config.capped(5) == 5
    monkeypatch.setenv("COURSE_MAX_STEPS", "3")
    assert config.capped(None) == 3 and config.capped(5) == 3 and config.capped(2) == 2


def test_train_epoch_fit_evaluate_and_predict_honour_the_cap(monkeypatch, step_count):
    model, x, y = tiny_task()
    loader = DataLoader(TensorDataset(x, y), batch_size=4)  # 16 batches
    monkeypatch.setenv("COURSE_MAX_STEPS", "3")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    assert len(training.train_epoch(model, loader, optimizer)) == 3
    assert len(training.train_epoch(model, loader, optimizer, max_steps=2)) == 2  # the caller's smaller cap wins
    history = training.fit(model, loader, loader, epochs=2, optimizer=optimizer)
    assert len(history) == 2 and len(step_count) == 3 + 2 + 2 * 3
    preds, targets = training.predict(model, loader)
    assert len(preds) == len(targets) == 3 * 4
    assert set(training.evaluate(model, loader)) == {"loss", "acc", "f1_macro"}


def test_without_the_variable_nothing_is_capped(monkeypatch, step_count):
    monkeypatch.delenv("COURSE_MAX_STEPS", raising=False)
    model, x, y = tiny_task()
    loader = DataLoader(TensorDataset(x, y), batch_size=4)
    assert len(training.train_epoch(model, loader, torch.optim.SGD(model.parameters(), lr=0.1))) == 16
    assert len(training.predict(model, loader)[0]) == 64
    assert len(TensorBatches(x, y, 4)) == 16


def test_tensor_batches_caps_length_and_iteration_so_foreign_loops_stop_too(monkeypatch):
    _, x, y = tiny_task()
    monkeypatch.setenv("COURSE_MAX_STEPS", "2")
    batches = TensorBatches(x, y, 4, shuffle=True)
    assert len(batches) == 2 and len(list(batches)) == 2
    assert len(TensorBatches(x, y, 4, max_batches=1)) == 1
    assert len(TensorBatches(x[:6], y[:6], 4)) == 2  # fewer batches than the cap: unchanged


@pytest.mark.parametrize("pipeline", ["device", "workers"])
def test_train_vit_in_full_mode_takes_the_capped_steps(monkeypatch, tmp_path, step_count, capsys, pipeline):
    """Full mode (not smoke) on a generated CIFAR: each epoch trains COURSE_MAX_STEPS batches."""
    monkeypatch.delenv("COURSE_SMOKE", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("COURSE_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("COURSE_MAX_STEPS", "2")
    write_fake_cifar(tmp_path / "data", "cifar10", n_train=400, n_test=64)
    argv = ["--dataset", "cifar10", "--model-dim", "16", "--depth", "1", "--heads", "2", "--batch-size", "8",
            "--epochs", "2", "--pipeline", pipeline, "--workers", "0", "--outdir", str(tmp_path / "run")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "synthetic CIFAR" warning
        assert train_vit.main(argv) == 0
    assert len(step_count) == 2 * 2
    assert "Teste (best.pt" in capsys.readouterr().out


def test_the_hugging_face_trainer_gets_the_cap_or_minus_one(monkeypatch):
    from course_utils import hf

    monkeypatch.delenv("COURSE_MAX_STEPS", raising=False)
    assert hf.trainer_max_steps() == -1  # TrainingArguments' default: the epochs decide
    monkeypatch.setenv("COURSE_MAX_STEPS", "4")
    assert hf.trainer_max_steps() == 4
