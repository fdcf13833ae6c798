import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

from course_utils import plots, training  # noqa: E402


def test_to_image_undoes_normalisation():
    x = torch.full((3, 2, 2), 0.5)
    mean, std = (0.5, 0.5, 0.5), (0.25, 0.25, 0.25)
    img = plots.to_image((x - 0.5) / 0.25, mean, std)
    assert img.shape == (2, 2, 3) and abs(img.max() - 0.5) < 1e-6
    assert plots.to_image(torch.full((3, 1, 1), 255.0)).max() == 1.0


def test_plots_return_figures():
    x = torch.rand(5, 3, 8, 8)
    fig = plots.show_batch(x, torch.eye(2)[[0, 1, 0, 1, 0]], classes=["cat", "dog"], n=5, preds=torch.tensor([0, 0, 0, 1, 1]))
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles[0] == "cat / pred: cat" and len(titles) == 5
    fig = plots.plot_history([{"epoch": 1, "train_loss": 1.0, "val_loss": 1.2, "train_acc": 0.5, "val_acc": 0.4},
                              {"epoch": 2, "train_loss": 0.5, "val_loss": 0.9, "train_acc": 0.8, "val_acc": 0.6}])
    assert len(fig.axes) == 2
    fig = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["a", "b"])
    assert fig.axes[0].get_xlabel() == "previsto"
    fig = plots.plot_bars({"a": 1.0, "b": 2.0}, "img/s")
    assert len(fig.axes[0].patches) == 2


def test_most_confused_counts_the_off_diagonal_pairs_most_frequent_first():
    y_true = [0, 0, 0, 1, 1, 2, 2, 2, 2]
    y_pred = [1, 1, 0, 0, 1, 0, 1, 1, 2]
    assert plots.most_confused(y_true, y_pred, ["a", "b", "c"]) == [("a", "b", 2), ("c", "b", 2), ("b", "a", 1),
                                                                     ("c", "a", 1)]
    assert plots.most_confused(y_true, y_pred, ["a", "b", "c"], k=1) == [("a", "b", 2)]
    assert plots.most_confused([0, 1], [0, 1], ["a", "b"]) == []


def test_plot_top_losses_shows_the_most_confident_mistakes_first():
    logits = torch.tensor([[5.0, 0.0], [0.0, 1.0], [0.0, 4.0], [2.0, 0.0]])
    targets = torch.tensor([0, 0, 0, 1])  # errors: 1 (loss ~1.3), 2 (~4.0), 3 (~2.1)
    images = [torch.rand(3, 4, 4) for _ in range(4)]
    fig = plots.plot_top_losses(images, logits, targets, ["gato", "cão"], k=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 2 and titles[0].startswith("gato / cão\nperda 4.02") and titles[1].startswith("cão / gato")
    fig = plots.plot_top_losses(np.zeros((4, 4, 4, 3), dtype=np.uint8), logits.numpy(), targets.numpy(),
                                ["gato", "cão"], only_errors=False)
    assert len([ax for ax in fig.axes if ax.get_title()]) == 4
    fig = plots.plot_top_losses(images, logits[:1], targets[:1], ["gato", "cão"])
    assert fig.axes[0].texts[0].get_text() == "nenhum erro"


def _toy_loaders():
    torch.manual_seed(0)
    x = torch.randn(256, 2)
    y = (x[:, 0] > 0).long()
    return DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True), DataLoader(TensorDataset(x, y), batch_size=64)


def test_fit_learns_a_separable_problem():
    train, val = _toy_loaders()
    model = nn.Linear(2, 2)
    history = training.fit(model, train, val, epochs=5, optimizer=torch.optim.SGD(model.parameters(), lr=0.5))
    assert len(history) == 5
    assert history[-1]["val_acc"] > 0.95 and history[-1]["train_loss"] < history[0]["train_loss"]
    assert {"epoch", "train_loss", "train_acc", "val_loss", "val_acc", "seconds"} <= set(history[0])
    preds, targets = training.predict(model, val)
    assert preds.shape == targets.shape == (256,)
    assert training.evaluate(model, val)["acc"] == (preds == targets).float().mean().item()


def test_fit_accepts_one_hot_targets_and_caps_steps():
    model = nn.Linear(2, 2)
    x, y = torch.randn(64, 2), torch.eye(2)[torch.randint(0, 2, (64,))]
    history = training.fit(model, DataLoader(TensorDataset(x, y), batch_size=8), epochs=1, max_steps=3)
    assert history[0]["train_acc"] <= 1.0 and "val_loss" not in history[0]


class _RecordingScaler:
    """Stands in for torch.amp.GradScaler on the CPU: counts how many are made."""

    made = 0

    def __init__(self, device="cuda", enabled=True, **kwargs):
        type(self).made += 1
        self.enabled, self.steps = enabled, 0

    def is_enabled(self):
        return self.enabled

    def scale(self, loss):
        return loss

    def step(self, optimizer):
        self.steps += 1
        optimizer.step()

    def update(self):
        pass


def test_fit_keeps_one_grad_scaler_for_all_epochs(monkeypatch):
    # A new GradScaler every epoch would restart the loss scale at 2**16 each time.
    monkeypatch.setattr(torch.amp, "GradScaler", _RecordingScaler)
    _RecordingScaler.made = 0
    train, _ = _toy_loaders()
    training.fit(nn.Linear(2, 2), train, epochs=3, amp=True)
    assert _RecordingScaler.made == 1


def test_train_epoch_keeps_one_scaler_per_optimizer(monkeypatch):
    monkeypatch.setattr(torch.amp, "GradScaler", _RecordingScaler)
    _RecordingScaler.made = 0
    train, _ = _toy_loaders()
    model = nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        training.train_epoch(model, train, optimizer)
    assert _RecordingScaler.made == 1 and training.grad_scaler(optimizer, enabled=False).steps == 3 * len(train)
    training.train_epoch(model, train, torch.optim.SGD(model.parameters(), lr=0.1))  # a new optimizer, a new scaler
    assert _RecordingScaler.made == 2
    given = _RecordingScaler()
    training.train_epoch(model, train, optimizer, scaler=given)
    assert given.steps == len(train) and training.grad_scaler(optimizer, enabled=False).steps == 3 * len(train)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="AMP's loss scaling needs CUDA")
def test_loss_scale_carries_over_to_the_next_epoch_on_cuda():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2)).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
    train, _ = _toy_loaders()
    huge = lambda logits, y: nn.functional.cross_entropy(logits, y) * 1e4  # noqa: E731  overflows float16 at 2**16
    training.train_epoch(model, train, optimizer, loss_fn=huge)
    after_first = training.grad_scaler(optimizer).get_scale()
    assert after_first < 2.0 ** 16  # it backed off
    weights = model[0].weight.detach().clone()
    training.train_epoch(model, train, optimizer, loss_fn=huge, max_steps=1)
    assert training.grad_scaler(optimizer).get_scale() >= after_first  # not reset to 2**16 and backed off again
    assert not torch.equal(model[0].weight, weights)  # so the first step of epoch 2 was not skipped


def test_train_epoch_returns_the_step_losses_and_counts():
    train, _ = _toy_loaders()
    model = nn.Linear(2, 2)
    out = training.train_epoch(model, train, torch.optim.SGD(model.parameters(), lr=0.5), amp=False)
    assert isinstance(out, list) and len(out) == len(train) and all(isinstance(v, float) for v in out)
    assert out.seen == 256 and 0 <= out.correct <= 256 and out.acc == out.correct / 256
    assert np.mean(out) == pytest.approx(sum(out) / len(out))  # a plain list for NumPy too
    assert len(training.train_epoch(model, train, torch.optim.SGD(model.parameters(), lr=0.5), max_steps=2)) == 2


def test_evaluate_reports_loss_accuracy_and_macro_f1_like_sklearn():
    from sklearn.metrics import f1_score

    torch.manual_seed(0)
    x, y = torch.randn(90, 4), torch.randint(0, 3, (90,))
    model = nn.Linear(4, 3)
    loader = DataLoader(TensorDataset(x, y), batch_size=16)
    result = training.evaluate(model, loader)
    preds, targets = training.predict(model, loader)
    assert targets.tolist() == y.tolist() and preds.dtype == torch.int64
    assert result["acc"] == pytest.approx((preds == y).float().mean().item())
    assert result["f1_macro"] == pytest.approx(f1_score(y, preds, average="macro", zero_division=0))
    assert result["loss"] == pytest.approx(nn.functional.cross_entropy(model(x), y).item(), rel=1e-5)
    assert training.f1_macro(torch.tensor([0, 0, 1]), torch.tensor([0, 0, 2])) == pytest.approx(
        f1_score([0, 0, 1], [0, 0, 2], average="macro", zero_division=0))


def test_transfer_reexports_the_one_copy():
    from course_utils import transfer

    assert transfer.train_epoch is training.train_epoch
    assert transfer.evaluate is training.evaluate
    assert transfer.predict is training.predict
