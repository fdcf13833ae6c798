"""The grading process's side of the wire: strict encoding and decoding of data.

Only data crosses: JSON scalars and lists, and the tagged objects of
:mod:`tools.verdict.agent`. Decoding never runs code, never unpickles, never imports:
a tensor is rebuilt from its declared dtype (one of :data:`DTYPES`) and shape, and its
bytes must have exactly the size they imply. Anything else is :class:`BadReply`.
"""
from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass

import torch

DTYPES = {name: getattr(torch, name) for name in (
    "float16", "bfloat16", "float32", "float64", "int8", "uint8", "int16", "int32", "int64", "bool",
    "complex64")}
MAX_DEPTH = 32


class BadReply(ValueError):
    """The kernel's reply is not data of the agreed shape."""


@dataclass(frozen=True)
class Ref:
    """An object that stays in the student's kernel; only its id and type name cross."""

    id: int
    type: str


@dataclass(frozen=True)
class Name:
    """A global of the student's notebook, by name (``SimpleDataLoader``)."""

    name: str


@dataclass(frozen=True)
class Lib:
    """An importable object, by dotted name (``torchvision.models.resnet18``), resolved in the kernel."""

    path: str


@dataclass(frozen=True)
class Fn:
    """A callable of the agent's vocabulary (see ``agent._fn``), built in the kernel from data."""

    kind: str
    args: tuple = ()


class Array:
    """A NumPy array that came back: its values as a CPU tensor, kept apart from tensors."""

    def __init__(self, tensor: torch.Tensor):
        self.tensor = tensor

    def __repr__(self):
        return f"Array({self.tensor!r})"


def encode(value, depth: int = 0):
    if depth > MAX_DEPTH:
        raise ValueError("value nested too deep")
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, torch.Tensor):
        return {"$tensor": _tensor_body(value)}
    if isinstance(value, torch.dtype):
        return {"$dtype": str(value).replace("torch.", "")}
    if isinstance(value, torch.device):
        return {"$device": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, depth + 1) for v in value]}
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, Ref):
        return {"$ref": value.id}
    if isinstance(value, Name):
        return {"$name": value.name}
    if isinstance(value, Lib):
        return {"$lib": value.path}
    if isinstance(value, Fn):
        return {"$fn": {"kind": value.kind, "args": encode(list(value.args), depth + 1)}}
    raise TypeError(f"cannot send {type(value).__name__} to the kernel")


def _tensor_body(t: torch.Tensor) -> dict:
    body = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "device": t.device.type,
            "requires_grad": bool(t.requires_grad), "data": None}
    if t.device.type != "meta":
        flat = t.detach().cpu().contiguous()
        if flat.dtype == torch.bfloat16:
            flat = flat.view(torch.int16)
        body["data"] = base64.b64encode(flat.numpy().tobytes()).decode()
    return body


def _tensor(body) -> torch.Tensor:
    if not isinstance(body, dict) or set(body) - {"dtype", "shape", "device", "requires_grad", "data"}:
        raise BadReply("malformed tensor")
    dtype = DTYPES.get(body.get("dtype"))
    shape = body.get("shape")
    if dtype is None or not isinstance(shape, list) or not all(type(s) is int and 0 <= s for s in shape):
        raise BadReply(f"tensor of dtype {body.get('dtype')!r} and shape {shape!r}")
    device = body.get("device")
    if not isinstance(device, str):
        raise BadReply("tensor without a device")
    data = body.get("data")
    count = math.prod(shape)
    if data is None:
        t = torch.empty(shape, dtype=dtype, device="meta")
    else:
        try:
            raw = bytearray(base64.b64decode(data, validate=True))
        except (binascii.Error, TypeError):
            raise BadReply("tensor bytes are not base64") from None
        stored = torch.int16 if dtype == torch.bfloat16 else dtype
        size = torch.empty(0, dtype=stored).element_size()
        if len(raw) != count * size:
            raise BadReply(f"tensor of shape {shape} with {len(raw)} bytes")
        flat = torch.frombuffer(raw, dtype=stored) if raw else torch.empty(0, dtype=stored)
        t = flat.view(dtype).reshape(shape).clone()
    t.origin_device = device  # where it lived in the kernel (cpu, meta, cuda...)
    t.origin_requires_grad = bool(body.get("requires_grad"))
    return t


def decode(value, depth: int = 0):
    """The data of a reply, rebuilt; :class:`BadReply` for anything else."""
    if depth > MAX_DEPTH:
        raise BadReply("reply nested too deep")
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [decode(v, depth + 1) for v in value]
    if type(value) is not dict or len(value) not in (1, 2):
        raise BadReply(f"unexpected {type(value).__name__}")
    if "$ref" in value:
        if set(value) != {"$ref", "type"} or type(value["$ref"]) is not int or type(value["type"]) is not str:
            raise BadReply("malformed reference")
        return Ref(value["$ref"], value["type"])
    if len(value) != 1:
        raise BadReply("malformed tagged value")
    (tag, body), = value.items()
    if tag == "$tensor":
        return _tensor(body)
    if tag == "$array":
        return Array(_tensor(body))
    if tag == "$tuple" and type(body) is list:
        return tuple(decode(v, depth + 1) for v in body)
    if tag == "$dict" and type(body) is list:
        out = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise BadReply("malformed dict entry")
            key = decode(pair[0], depth + 1)
            if isinstance(key, (list, dict, torch.Tensor, Array)):
                raise BadReply("unhashable dict key")
            out[key] = decode(pair[1], depth + 1)
        return out
    if tag == "$float" and body in ("nan", "inf", "-inf"):
        return float(body)
    if tag == "$dtype" and body in DTYPES:
        return DTYPES[body]
    if tag == "$device" and type(body) is str:
        return body
    raise BadReply(f"unexpected tag {tag!r}")
