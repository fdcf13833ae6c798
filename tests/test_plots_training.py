import matplotlib

matplotlib.use("Agg")

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
