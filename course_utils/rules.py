"""Enforce what a question forbids while the student's code runs.

A question may say what not to use ("BatchNorm by hand, without ``F.batch_norm``",
"without ``torch.utils.data``"). Tests wrap the student's call in :func:`forbid`:
if the forbidden route runs inside the block, the block fails with a Portuguese
message that names the rule, even when the values came out right.

Three kinds of route can be forbidden:

* ``functions``: Python functions, matched by their code object, so an alias,
  a re-import or a function rebuilt from the same code is caught too;
* ``modules``: every Python function defined in these packages or modules
  (``"torch.utils.data"``), and every C function they own, called from Python: a NumPy
  ufunc's method (``np.add.reduce``), ``np.asarray``, and a tensor's ``.numpy()``, which is
  NumPy's door;
* ``ops``: ATen operators whose name contains one of these strings
  (``"batch_norm"`` catches ``nn.BatchNorm2d``, ``F.batch_norm``,
  ``torch.batch_norm`` and ``torch.ops.aten`` alike), seen through a
  ``TorchDispatchMode``.

The profile hook and the dispatch mode see the calling thread only, so with
``threads=True`` (the default) the block also refuses to start a thread or a
process (``threading``, ``_thread``, ``concurrent.futures``, ``multiprocessing``,
``subprocess``, ``os.fork``...): work moved elsewhere cannot slip past the rule.
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import _thread
import threading
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


_PROCESS_EVENTS = ("os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.exec", "os.system",
                   "subprocess.Popen", "pty.spawn")
_refusing: list[str] = []  # the rules now in force that refuse threads and processes
_hooked = False


def _refuse(what: str) -> None:
    raise RuleBroken(f"Regra da questão: {_refusing[-1]} Enquanto a regra é verificada, a resposta não pode "
                     f"iniciar {what}: faça o trabalho na própria chamada.")


def _audit(event: str, args) -> None:
    if _refusing and event.startswith(_PROCESS_EVENTS):
        _refuse("outro processo")


def _no_thread(*args, **kwargs):
    _refuse("outra thread")


@contextlib.contextmanager
def _no_threads(rule: str) -> Iterator[None]:
    global _hooked
    if not _hooked:  # an audit hook cannot be removed: one for the whole process, idle when no rule runs
        sys.addaudithook(_audit)
        _hooked = True
    saved = threading._start_new_thread, _thread.start_new_thread, getattr(_thread, "start_new", None)
    threading._start_new_thread = _thread.start_new_thread = _no_thread
    if saved[2] is not None:
        _thread.start_new = _no_thread
    _refusing.append(rule)
    try:
        yield
    finally:
        _refusing.pop()
        threading._start_new_thread, _thread.start_new_thread = saved[:2]
        if saved[2] is not None:
            _thread.start_new = saved[2]


def _c_owner(fn) -> str:
    """The module a C function belongs to: its own ``__module__`` (``numpy.asarray``), or that of
    the object it is bound to (``np.add.reduce`` is bound to a NumPy ufunc). A tensor's
    ``.numpy()`` is NumPy's door, so it counts as NumPy's."""
    owner = getattr(fn, "__module__", None)
    if owner:
        return owner
    bound = getattr(fn, "__self__", None)
    if bound is None:
        return ""
    if getattr(fn, "__name__", "") == "numpy" and type(bound).__module__.startswith("torch"):
        return "numpy"
    return getattr(type(bound), "__module__", "") or ""


@contextlib.contextmanager
def forbid(rule: str, *, functions: Iterable[Callable] = (), modules: Iterable[str] = (),
           ops: Iterable[str] = (), threads: bool = True) -> Iterator[None]:
    """Fail with ``rule`` if a forbidden function, module or operator runs inside the block.

    With ``threads`` the block may not start threads or processes either (see the module docstring).
    """
    codes = {getattr(f, "__code__", None) for f in functions} - {None}
    modules = tuple(modules)
    paths = _module_paths(modules)
    ops = tuple(ops)
    seen: list[str] = []

    def profile(frame, event, arg):
        if seen:
            return
        if event == "c_call" and modules:  # a function written in C: whose is it?
            name = _c_owner(arg)
            if any(name == m or name.startswith(m + ".") for m in modules):
                seen.append(f"{name}.{getattr(arg, '__qualname__', getattr(arg, '__name__', '?'))}")
            return
        if event != "call":
            return
        code = frame.f_code
        if code in codes or (paths and code.co_filename.startswith(paths)):
            module = frame.f_globals.get("__name__", "?")
            seen.append(f"{module}.{getattr(code, 'co_qualname', code.co_name)}")

    previous = sys.getprofile()
    sys.setprofile(profile if (codes or paths) else previous)
    watch = _OpWatch(ops, seen) if ops else contextlib.nullcontext()
    alone = _no_threads(rule) if threads else contextlib.nullcontext()
    error: BaseException | None = None
    try:
        with alone, watch:
            yield
    except Exception as exc:  # noqa: BLE001  (re-raised below, after the rule, which explains the failure better)
        error = exc
    finally:
        if (codes or paths) and sys.getprofile() is not profile:
            seen.append("um desvio da verificação (sys.setprofile)")
        sys.setprofile(previous)
    if seen:
        raise RuleBroken(f"Regra da questão: {rule} A sua resposta usou {seen[0]}, que a questão não permite.") \
            from error
    if error is not None:
        raise error
