"""course_utils.rules.forbid: a forbidden route fails while the student's code runs."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import RandomSampler, default_collate
from torchvision.models.resnet import BasicBlock

from course_utils.rules import RuleBroken, forbid

NORMS = ["batch_norm", "instance_norm", "group_norm", "layer_norm"]


@pytest.mark.parametrize("route", [
    lambda bn, x: bn(x),
    lambda bn, x: bn.eval()(x),
    lambda bn, x: F.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, True, 0.1, 1e-5),
    lambda bn, x: torch.batch_norm(x, bn.weight, bn.bias, bn.running_mean, bn.running_var, True, 0.1, 1e-5, False),
    lambda bn, x: F.instance_norm(x.transpose(0, 1).reshape(1, 3, -1)),
])
def test_every_route_to_a_forbidden_operator_fails_with_the_rule(route):
    bn, x = nn.BatchNorm2d(3), torch.randn(4, 3, 5, 5)
    with pytest.raises(RuleBroken, match="Regra da questão: BN à mão."):
        with forbid("BN à mão.", ops=NORMS):
            route(bn, x)


def test_code_by_hand_passes_and_keeps_its_result():
    x = torch.randn(4, 3, 5, 5)
    with forbid("BN à mão.", ops=NORMS, modules=["torch.utils.data"], functions=[BasicBlock.forward]):
        out = (x - x.mean((0, 2, 3), keepdim=True)) / x.var((0, 2, 3), keepdim=True, unbiased=False).add(1e-5).sqrt()
    assert torch.allclose(out.mean((0, 2, 3)), torch.zeros(3), atol=1e-5)


@pytest.mark.parametrize("route", [
    lambda: default_collate([(torch.tensor(1), torch.tensor(2))] * 3),
    lambda: list(RandomSampler(range(5))),
    lambda: next(iter(torch.utils.data.DataLoader([1, 2, 3], batch_size=2))),
])
def test_a_forbidden_module_fails_whatever_name_it_was_imported_under(route):
    with pytest.raises(RuleBroken, match="torch.utils.data"):
        with forbid("sem torch.utils.data.", modules=["torch.utils.data"]):
            route()


def test_a_forbidden_function_fails_through_an_alias_but_its_neighbours_do_not():
    block, x = BasicBlock(3, 3), torch.randn(1, 3, 4, 4)
    alias = BasicBlock.forward
    with pytest.raises(RuleBroken, match="BasicBlock.forward"):
        with forbid("bloco seu.", functions=[BasicBlock.forward]):
            alias(block, x)
    with forbid("bloco seu.", functions=[BasicBlock.forward]):
        block.conv1(x)  # the same module's layers are allowed


def test_an_error_of_the_students_code_comes_through_unchanged():
    with pytest.raises(ZeroDivisionError):
        with forbid("regra.", ops=NORMS, modules=["torch.utils.data"]):
            _ = 1 / 0


def test_threads_and_processes_are_refused_while_a_rule_runs():
    import concurrent.futures
    import subprocess
    import threading
    for start in (lambda: threading.Thread(target=print).start(),
                  lambda: concurrent.futures.ThreadPoolExecutor(1).submit(print).result(),
                  lambda: subprocess.run(["true"])):
        with pytest.raises(RuleBroken, match="não pode iniciar"):
            with forbid("sem torch.utils.data.", modules=["torch.utils.data"]):
                start()
    threading.Thread(target=print).start()  # outside the block threads work again


def test_switching_the_profile_off_breaks_the_rule():
    import sys
    with pytest.raises(RuleBroken, match="desvio"):
        with forbid("sem torch.utils.data.", modules=["torch.utils.data"]):
            sys.setprofile(None)


NUMPY_ROUTES = {
    "ufunc method under another name": lambda x: __import__("numpy").add.reduce(x.numpy(), axis=0),
    "np.asarray then a ufunc": lambda x: __import__("numpy").sqrt(__import__("numpy").asarray(x)),
    "tensor.numpy() alone": lambda x: x.detach().numpy().sum(),
    "a numpy function written in Python": lambda x: __import__("numpy").mean(x.tolist()),
}


@pytest.mark.parametrize("route", NUMPY_ROUTES, ids=list(NUMPY_ROUTES))
def test_numpy_is_seen_through_its_c_functions_and_the_tensors_door(route):
    """A rule on NumPy sees its C functions (ufunc methods, np.asarray) and a tensor's .numpy(),
    not only its functions written in Python; torch's own work inside the block is not NumPy."""
    x = torch.rand(4, 3)
    with pytest.raises(RuleBroken, match="sem NumPy"):
        with forbid("sem NumPy.", modules=["numpy"]):
            NUMPY_ROUTES[route](x)
    with forbid("sem NumPy.", modules=["numpy"]):
        total = (x * x).sum(0) + torch.sqrt(x).mean()
    assert total.shape == (3,)
