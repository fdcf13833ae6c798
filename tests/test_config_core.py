import random

import numpy as np
import pytest
import torch

import course_utils
from course_utils import config


def test_smoke_and_grading_modes(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "0")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not config.is_smoke() and not config.is_grading()
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert config.is_smoke()
    monkeypatch.setenv("COURSE_SMOKE", "")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert config.is_grading() and config.is_smoke(), "grading must imply smoke data"


def test_data_root_separates_smoke_data(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path / "d"))
    assert config.data_root(smoke=False) == tmp_path / "d"
    assert config.data_root(smoke=True) == tmp_path / "d" / "smoke"
    assert (tmp_path / "d" / "smoke").is_dir()


def test_set_seed_repeats_python_numpy_and_torch():
    course_utils.set_seed(7)
    first = (random.random(), np.random.rand(), torch.rand(3))
    course_utils.set_seed(7)
    second = (random.random(), np.random.rand(), torch.rand(3))
    assert first[0] == second[0] and first[1] == second[1]
    assert torch.equal(first[2], second[2])


def test_get_device():
    assert course_utils.get_device("cpu") == torch.device("cpu")
    expected = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    assert course_utils.get_device().type == expected
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="GPU"):
            course_utils.get_device("cuda")


def test_quiet_notebook_sends_warnings_to_stdout(capsys):
    import warnings

    old = warnings.showwarning
    try:
        course_utils.quiet_notebook()
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("barulho de biblioteca", stacklevel=1)
    finally:
        warnings.showwarning = old
    out, err = capsys.readouterr()
    assert "barulho de biblioteca" in out and err == ""
