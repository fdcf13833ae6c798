"""Enforce what a question forbids while the student's code runs.

A question may say what not to use ("BatchNorm by hand, without ``F.batch_norm``",
"without ``torch.utils.data``"). Tests wrap the student's call in :func:`forbid`:
if the forbidden route runs inside the block, the block fails with a Portuguese
message that names the rule, even when the values came out right.

Three kinds of route can be forbidden:

* ``functions``: Python functions, matched by their code object, so an alias,
  a re-import or a function rebuilt from the same code is caught too;
* ``modules``: every Python function defined in these packages or modules
  (``"torch.utils.data"``);
* ``ops``: ATen operators whose name contains one of these strings
  (``"batch_norm"`` catches ``nn.BatchNorm2d``, ``F.batch_norm``,
  ``torch.batch_norm`` and ``torch.ops.aten`` alike), seen through a
  ``TorchDispatchMode``.
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable, Iterator

from torch.utils._python_dispatch import TorchDispatchMode


class RuleBroken(AssertionError):
    """The student's code used a route that the question forbids."""


def _module_paths(modules: Iterable[str]) -> tuple[str, ...]:
    paths = []
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        if spec.submodule_search_locations:  # a package: everything under its folder
            paths += [os.path.join(p, "") for p in spec.submodule_search_locations]
        elif spec.origin:
            paths.append(spec.origin)
    return tuple(paths)


class _OpWatch(TorchDispatchMode):
    def __init__(self, ops: tuple[str, ...], seen: list[str]):
        super().__init__()
        self.ops, self.seen = ops, seen

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        name = str(func)
        if any(op in name for op in self.ops):
            self.seen.append(f"o operador {name}")
        return func(*args, **(kwargs or {}))


@contextlib.contextmanager
def forbid(rule: str, *, functions: Iterable[Callable] = (), modules: Iterable[str] = (),
           ops: Iterable[str] = ()) -> Iterator[None]:
    """Fail with ``rule`` if a forbidden function, module or operator runs inside the block."""
    codes = {getattr(f, "__code__", None) for f in functions} - {None}
    paths = _module_paths(modules)
    ops = tuple(ops)
    seen: list[str] = []

    def profile(frame, event, arg):
        if event != "call" or seen:
            return
        code = frame.f_code
        if code in codes or (paths and code.co_filename.startswith(paths)):
            module = frame.f_globals.get("__name__", "?")
            seen.append(f"{module}.{getattr(code, 'co_qualname', code.co_name)}")

    previous = sys.getprofile()
    sys.setprofile(profile if (codes or paths) else previous)
    watch = _OpWatch(ops, seen) if ops else contextlib.nullcontext()
    error: BaseException | None = None
    try:
        with watch:
            yield
    except Exception as exc:  # report the rule first: it explains the failure better
        error = exc
    finally:
        sys.setprofile(previous)
    if seen:
        raise RuleBroken(f"Regra da questão: {rule} A sua resposta usou {seen[0]}, que a questão não permite.") \
            from error
    if error is not None:
        raise error
