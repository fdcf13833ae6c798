"""Checks for test cells whose failures tell the student what went wrong.

Each check raises ``AssertionError`` with a message in Portuguese saying what was
expected and what came instead (CS231n style), instead of a bare ``assert``.
"""
from __future__ import annotations

from typing import Any, Sequence

import torch


def _fail(name: str, what: str, expected: Any, got: Any, hint: str = "") -> None:
    msg = f"{name}: {what} incorreto. Esperado: {expected}; obtido: {got}."
    if hint:
        msg += f" Dica: {hint}"
    raise AssertionError(msg)


def _as_tensor(value: Any, name: str) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value
    raise AssertionError(f"{name}: esperava um torch.Tensor, mas veio {type(value).__name__}.")


def _values(t: torch.Tensor, name: str) -> torch.Tensor:
    """The tensor's values on the CPU (a 'meta' tensor has none to compare)."""
    if t.device.type == "meta":
        raise AssertionError(f"{name}: está no device 'meta' e não tem valores para comparar.")
    return t.detach().cpu()


def check_type(value: Any, expected_type: type | tuple[type, ...], name: str = "valor") -> None:
    """The value is an instance of ``expected_type``."""
    if not isinstance(value, expected_type):
        names = getattr(expected_type, "__name__", None) or " ou ".join(t.__name__ for t in expected_type)
        _fail(name, "tipo", names, type(value).__name__)


def check_shape(tensor: Any, expected: Sequence[int], name: str = "tensor", hint: str = "") -> None:
    """``tensor.shape`` equals ``expected``."""
    t = _as_tensor(tensor, name)
    if tuple(t.shape) != tuple(expected):
        _fail(name, "shape", tuple(expected), tuple(t.shape), hint)


def check_dtype(tensor: Any, expected: torch.dtype, name: str = "tensor", hint: str = "") -> None:
    """``tensor.dtype`` equals ``expected``."""
    t = _as_tensor(tensor, name)
    if t.dtype != expected:
        _fail(name, "dtype", expected, t.dtype, hint)


def check_device(tensor: Any, expected: torch.device | str, name: str = "tensor", hint: str = "") -> None:
    """The tensor lives on the expected device type (``cpu``, ``cuda``, ``meta``...)."""
    t = _as_tensor(tensor, name)
    expected_type = torch.device(expected).type
    if t.device.type != expected_type:
        _fail(name, "device", expected_type, t.device.type,
              hint or "mova os tensores com .to(device) para o device pedido.")


def rel_error(a: torch.Tensor, b: torch.Tensor) -> float:
    """Largest relative error, ``|a - b| / max(1e-8, |a| + |b|)``."""
    a, b = a.detach().double().cpu(), b.detach().double().cpu()
    return float(((a - b).abs() / (a.abs() + b.abs()).clamp_min(1e-8)).max()) if a.numel() else 0.0


def check_close(actual: Any, expected: Any, name: str = "tensor", atol: float = 1e-5,
                rtol: float = 1e-5, hint: str = "") -> None:
    """Same shape and values within ``atol + rtol * |expected|`` everywhere."""
    a = _as_tensor(actual, name)
    e = expected if isinstance(expected, torch.Tensor) else torch.as_tensor(expected)
    if tuple(a.shape) != tuple(e.shape):
        _fail(name, "shape", tuple(e.shape), tuple(a.shape), hint)
    a_cmp = _values(a, name).double()
    e_cmp = _values(e, "esperado").double()
    bad = ~torch.isclose(a_cmp, e_cmp, atol=atol, rtol=rtol)
    if bad.any():
        idx = tuple(int(i) for i in bad.nonzero()[0])
        diff = float((a_cmp - e_cmp).abs().max())
        raise AssertionError(
            f"{name}: valores diferentes do esperado em {int(bad.sum())} de {bad.numel()} posições "
            f"(diferença máxima {diff:.3g}, tolerância atol={atol:g}, rtol={rtol:g}). "
            f"Primeira posição {list(idx)}: esperado {e_cmp[idx].item():.6g}, obtido {a_cmp[idx].item():.6g}."
            + (f" Dica: {hint}" if hint else ""))


def _dtype_kind(dtype: torch.dtype) -> str:
    if dtype == torch.bool:
        return "bool"
    if dtype.is_complex:
        return "complexo"
    if dtype.is_floating_point:
        return "ponto flutuante"
    return "inteiro"


def check_equal(actual: Any, expected: Any, name: str = "valor", hint: str = "") -> None:
    """Exact equality; tensors are compared by shape, then dtype, then element by element.

    An expected tensor must have exactly the same dtype. An expected Python value
    (a list, a number) only fixes the kind: bool, integer, floating point or complex,
    so ``check_equal(t, [1, 2])`` accepts an int32 or an int64 ``t`` but not a float one.
    """
    if isinstance(expected, torch.Tensor) or isinstance(actual, torch.Tensor):
        a = _as_tensor(actual, name)
        e = expected if isinstance(expected, torch.Tensor) else torch.as_tensor(expected)
        if tuple(a.shape) != tuple(e.shape):
            _fail(name, "shape", tuple(e.shape), tuple(a.shape), hint)
        if isinstance(expected, torch.Tensor):
            if a.dtype != e.dtype:
                _fail(name, "dtype", e.dtype, a.dtype, hint)
        elif _dtype_kind(a.dtype) != _dtype_kind(e.dtype):
            _fail(name, "dtype", f"um dtype {_dtype_kind(e.dtype)}", f"{a.dtype} ({_dtype_kind(a.dtype)})", hint)
        a_cpu, e_cpu = _values(a, name), _values(e, "esperado")
        if not torch.equal(a_cpu, e_cpu.to(a_cpu.dtype)):
            _fail(name, "valor", e.tolist(), a.tolist(), hint)
    elif actual != expected:
        _fail(name, "valor", repr(expected), repr(actual), hint)
