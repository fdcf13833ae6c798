"""Checks that run in the grading process and ask the student's kernel for data.

A lab's checks (``tools/verdict/labs/<lab>.py``) are plain functions registered with
:func:`check` under the grade id of a test cell. Each receives a :class:`Trial`, whose
methods call the student's code in the kernel through the data-only channel
(:meth:`Trial.call`, :meth:`Trial.forward`, ...) and return data, and whose
:meth:`Trial.expect` compares a value with what the same check obtained from the
reference solution's kernel. Every check runs twice: once on the reference notebook
(which records the expected values: the grading process never runs reference code
itself, and the kernel never sees a test or an expected value), then on each student's.
:meth:`Trial.require` states a property that both must hold.

A test cell earns its points when all of its checks pass in the grading process; a
check that raises :class:`Fail` (or meets an error, a broken rule, a kernel that does not
answer or a reply that is not data) costs the cell its points, with a Portuguese message.
"""
from __future__ import annotations

import math
import random
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from tools.verdict.wire import Array, BadReply, Fn, Lib, Name, Ref, decode, encode

__all__ = ["Array", "Check", "Fail", "Fn", "Lib", "Name", "Ref", "Trial", "check", "registry"]


class Fail(AssertionError):
    """A check failed; the message (Portuguese) is what the student reads."""


class NoAnswer(Fail):
    """The kernel did not answer (dead, timed out) or answered something that is not data."""


@dataclass
class Check:
    grade_id: str
    func: Callable
    states: str  # the sentence of the question's text that states what this check checks

    @property
    def name(self) -> str:
        return f"{self.grade_id}:{self.func.__name__}"


_REGISTRY: dict[str, list[Check]] = {}


def check(grade_id: str, states: str):
    """Register a check of the test cell ``grade_id``. ``states`` is the sentence of the
    question (as the release notebook writes it) that tells the student what is checked."""
    def register(func):
        _REGISTRY.setdefault(func.__module__.rsplit(".", 1)[-1], []).append(Check(grade_id, func, states))
        return func
    return register


def registry(lab: str) -> list[Check]:
    import importlib

    importlib.import_module(f"tools.verdict.labs.{lab}")
    return list(_REGISTRY.get(lab, []))


def _short(value) -> str:
    if isinstance(value, torch.Tensor):
        if value.device.type == "meta":
            return f"tensor {tuple(value.shape)} {value.dtype} no device meta"
        text = repr(value.detach()) if value.numel() <= 12 else f"tensor {tuple(value.shape)} {value.dtype}"
        return text.replace("\n", " ")[:160]
    if isinstance(value, Ref):
        return f"um objeto {value.type.rsplit('.', 1)[-1]}"
    return repr(value)[:160]


def tolerance(dtype: torch.dtype, terms: int = 1) -> float:
    """Relative tolerance for a float result that sums ``terms`` values: grows like the
    rounding error of a sum (sqrt of the terms, with a margin), from the dtype's epsilon."""
    eps = torch.finfo(dtype).eps if dtype.is_floating_point else 0.0
    return max(32 * eps * math.sqrt(max(terms, 1)), 1e-5 if dtype == torch.float64 else 10 * eps)


def _device(t: torch.Tensor) -> str:
    return getattr(t, "origin_device", t.device.type)


def compare(got, want, what: str, terms: int = 1, rtol: float | None = None, exact: bool = False,
            dtype: bool = True) -> None:
    """Raise :class:`Fail` unless ``got`` equals ``want`` (the reference's value)."""
    if isinstance(want, torch.Tensor):
        if not isinstance(got, torch.Tensor):
            raise Fail(f"{what}: esperava um torch.Tensor, veio {_short(got)}.")
        if dtype and got.dtype != want.dtype:
            raise Fail(f"{what}: dtype incorreto. Esperado: {want.dtype}; obtido: {got.dtype}.")
        if tuple(got.shape) != tuple(want.shape):
            raise Fail(f"{what}: shape incorreto. Esperado: {tuple(want.shape)}; obtido: {tuple(got.shape)}.")
        if _device(got) != _device(want):
            raise Fail(f"{what}: device incorreto. Esperado: {_device(want)}; obtido: {_device(got)}.")
        if want.device.type == "meta" or got.device.type == "meta":
            return
        g, w = got.detach(), want.detach()
        if not (w.is_floating_point() or w.is_complex()) or exact:
            if not torch.equal(g.to(w.dtype) if not dtype else g, w):
                raise Fail(f"{what}: valores incorretos. Esperado: {_short(w)}; obtido: {_short(g)}.")
            return
        g, w = g.double(), w.double()
        if not torch.equal(torch.isnan(g), torch.isnan(w)):
            raise Fail(f"{what}: NaN onde não devia (ou falta um NaN).")
        g, w = torch.nan_to_num(g), torch.nan_to_num(w)
        tol = rtol if rtol is not None else tolerance(want.dtype, terms)
        scale = max(float(w.abs().max()) if w.numel() else 0.0, 1e-12)
        err = float((g - w).abs().max()) if w.numel() else 0.0
        if err > tol * scale:
            if err <= 100 * tol * scale:
                raise Fail(f"{what}: quase igual ao esperado, mas fora da tolerância (erro relativo "
                           f"{err / scale:.1e}, tolerância {tol:.1e}). Parece diferença de precisão numérica: "
                           "some em partes ou em float64 (ou use a operação do PyTorch que a questão indica).")
            raise Fail(f"{what}: valores incorretos. Esperado: {_short(want)}; obtido: {_short(got)} "
                       f"(maior diferença {err:.3g}).")
        return
    if isinstance(want, Array):
        if not isinstance(got, Array):
            raise Fail(f"{what}: esperava um array NumPy, veio {_short(got)}.")
        return compare(got.tensor, want.tensor, what, terms, rtol, exact, dtype)
    if isinstance(want, dict):
        if not isinstance(got, dict):
            raise Fail(f"{what}: esperava um dicionário, veio {_short(got)}.")
        if set(got) != set(want):
            raise Fail(f"{what}: chaves incorretas. Esperado: {sorted(map(repr, want))}; "
                       f"obtido: {sorted(map(repr, got))}.")
        for key in want:
            compare(got[key], want[key], f"{what}[{key!r}]", terms, rtol, exact, dtype)
        return
    if isinstance(want, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            raise Fail(f"{what}: esperava uma sequência de {len(want)} elementos, veio {_short(got)}.")
        if len(got) != len(want):
            raise Fail(f"{what}: esperava {len(want)} elementos, vieram {len(got)}.")
        for i, (g, w) in enumerate(zip(got, want)):
            compare(g, w, f"{what}[{i}]", terms, rtol, exact, dtype)
        return
    if isinstance(want, Ref):
        if not isinstance(got, Ref) or got.type != want.type:
            raise Fail(f"{what}: esperava {_short(want)}, veio {_short(got)}.")
        return
    if isinstance(want, bool) or want is None or isinstance(want, str):
        if type(got) is not type(want) or got != want:
            raise Fail(f"{what}: esperado {want!r}; obtido {_short(got)}.")
        return
    if isinstance(want, (int, float)):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            raise Fail(f"{what}: esperava um número, veio {_short(got)}.")
        if isinstance(want, int) and isinstance(got, int) or exact:
            if got != want:
                raise Fail(f"{what}: esperado {want!r}; obtido {got!r}.")
            return
        tol = rtol if rtol is not None else tolerance(torch.float32, terms)
        if not (math.isfinite(got) and abs(got - want) <= tol * max(abs(want), 1e-12)):
            raise Fail(f"{what}: esperado {want:.6g}; obtido {got!r}.")
        return
    raise Fail(f"{what}: valor de tipo inesperado {type(got).__name__}.")


class StudentError(Fail):
    pass


@dataclass
class Trial:
    """One check's view of one kernel. ``expected`` is None for the reference's run."""

    send: Callable[[dict], dict]
    expected: list | None = None
    name: str = ""
    recorded: list = field(default_factory=list)

    def __post_init__(self):
        # the check's own random inputs: the same draws in the reference's run and every student's
        self.rng = random.Random(zlib.crc32(self.name.encode()))

    # -- calls into the kernel (all data; see tools.verdict.agent) ---------------------------
    def _op(self, what: str, **req):
        reply = self.send(req)
        if not isinstance(reply, dict) or set(reply) not in ({"value"}, {"error"}):
            raise NoAnswer(f"{what}: o kernel não respondeu com dados ({_short(reply)}).")
        if "error" in reply:
            err = reply["error"] if isinstance(reply["error"], dict) else {}
            message = str(err.get("message", ""))[:600]
            if err.get("rule") is True:
                raise StudentError(message)
            raise StudentError(f"{what}: a sua resposta levantou {str(err.get('type', 'um erro'))[:60]}: {message}")
        try:
            return decode(reply["value"])
        except BadReply as exc:
            raise NoAnswer(f"{what}: a resposta do kernel não é um valor válido ({exc}).") from None

    @staticmethod
    def _target(f):
        return Name(f) if isinstance(f, str) else f

    def call(self, f, *args, what: str | None = None, seed: int | None = 0, keep: bool = False,
             forbid: dict | None = None, **kwargs):
        """``f(*args, **kwargs)`` in the kernel (``f`` a notebook name, a :class:`Ref`, :class:`Lib`
        or :class:`Fn`); its result as data, or as a :class:`Ref` with ``keep``."""
        what = what or (f if isinstance(f, str) else "a chamada")
        return self._op(what, op="call", f=encode(self._target(f)), args=encode(list(args)), kwargs=encode(kwargs),
                        seed=seed, keep=keep, forbid=forbid)

    def new(self, cls, *args, what: str | None = None, seed: int | None = 0, **kwargs) -> Ref:
        """An instance left in the kernel."""
        return self.call(cls, *args, what=what, seed=seed, keep=True, **kwargs)

    def method(self, obj, name: str, *args, what: str | None = None, **kwargs):
        return self.call(self.getattr(obj, name, keep=True), *args, what=what or name, **kwargs)

    def getattr(self, obj, name: str, keep: bool = False):
        return self._op(name, op="getattr", obj=encode(self._target(obj)), name=name, keep=keep)

    def setattr(self, obj, name: str, value) -> None:
        self._op(name, op="setattr", obj=encode(self._target(obj)), name=name, value=encode(value))

    def log(self, name: str) -> list:
        return self._op("registro", op="log", name=name)

    def params(self, module, values: bool = False) -> list:
        """``[name, shape or values, requires_grad]`` of ``module.named_parameters()``, in order."""
        return self._op("named_parameters", op="params", module=encode(module), values=values)

    def state(self, module) -> dict:
        return dict(self._op("state_dict", op="state", module=encode(module)))

    def forward(self, module, *args, what: str = "forward", backward: bool = False, weight=None,
                input_grads: bool = False, seed: int | None = 0, forbid: dict | None = None, **kwargs) -> dict:
        """``module(*args)``; with ``backward``, the gradients of ``sum(output * weight)`` of the
        inputs (``input_grads``) and of the parameters. Returns a dict: output, input_grads,
        param_grads (``[[name, grad]]``)."""
        return self._op(what, op="forward", module=encode(self._target(module)), args=encode(list(args)),
                        kwargs=encode(kwargs), backward=backward, weight=encode(weight), input_grads=input_grads,
                        seed=seed, forbid=forbid)

    # -- verdicts -------------------------------------------------------------------------------
    def expect(self, value, what: str, **tolerance) -> None:
        """``value`` must equal what the reference's run of this check gave here."""
        if self.expected is None:
            self.recorded.append(_snapshot(value))
            return
        index = len(self.recorded)
        self.recorded.append(None)
        if index >= len(self.expected):
            raise Fail(f"{what}: (erro da correção) sem valor de referência.")
        compare(value, decode(self.expected[index]), what, **tolerance)

    @staticmethod
    def require(condition, message: str) -> None:
        if not condition:
            raise Fail(message)


def _snapshot(value):
    """A reference value as JSON data, with each tensor's device in the kernel kept."""
    if isinstance(value, torch.Tensor):
        body = encode(value)
        body["$tensor"]["device"] = _device(value)
        return body
    if isinstance(value, Array):
        return {"$array": _snapshot(value.tensor)["$tensor"]}
    if isinstance(value, (list, tuple)):
        items = [_snapshot(v) for v in value]
        return items if isinstance(value, list) else {"$tuple": items}
    if isinstance(value, dict):
        return {"$dict": [[encode(k), _snapshot(v)] for k, v in value.items()]}
    if isinstance(value, Ref):
        return {"$ref": value.id, "type": value.type}
    return encode(value)


def run_checks(lab: str, send: Callable[[dict], dict], expected: dict | None = None,
               grade_ids: set[str] | None = None):
    """Run every check of ``lab`` (or of its test cells ``grade_ids``) against one kernel.

    Returns ``(failures, recorded)``: ``failures`` maps each grade id to the messages of its
    failed checks (empty: the cell earns its points); ``recorded`` maps each check's name to
    the values it recorded (the reference's run, ``expected`` None) for later runs.
    """
    # The checks' own tensors are small. One thread also keeps torch usable in a grading worker
    # forked after this process used its thread pool (an OpenMP pool does not survive a fork:
    # the child's first parallel op would wait for ever).
    torch.set_num_threads(1)
    failures: dict[str, list[str]] = {}
    recorded: dict[str, list] = {}
    for chk in registry(lab):
        if grade_ids is not None and chk.grade_id not in grade_ids:
            continue
        failures.setdefault(chk.grade_id, [])
        want = None if expected is None else expected.get(chk.name, [])
        trial = Trial(send, want, chk.name)
        try:
            chk.func(trial)
        except Fail as exc:
            failures[chk.grade_id].append(str(exc))
        except Exception as exc:  # noqa: BLE001  (a check that breaks on odd data is a failed check, never a pass)
            where = traceback.extract_tb(exc.__traceback__)[-1]
            failures[chk.grade_id].append(f"um teste oculto falhou: valor inesperado ({type(exc).__name__} "
                                          f"na linha {where.lineno} do teste)")
        recorded[chk.name] = trial.recorded
    return failures, recorded
