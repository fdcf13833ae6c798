"""The kernel side of the verdict channel: answers data-only requests in the student's kernel.

This file is sent, as text, to the student's kernel after the notebook has run, and
defines one callable, ``__course_agent__``, which the grading process calls with a
request (base64 JSON) and which answers with a ``display_data`` of MIME type
:data:`MIME` holding a JSON reply. It is generic: it knows nothing of any lab's tests,
expected values or references, so nothing secret reaches the kernel. It runs in a
process the student controls; the grading process therefore trusts none of its replies
beyond their data, which it decodes strictly and compares itself
(:mod:`tools.verdict.wire`, :mod:`tools.verdict.session`).

Values on the wire (both ways): JSON scalars and lists, and tagged objects
``{"$tensor"}``, ``{"$tuple"}``, ``{"$dict"}`` (any keys), ``{"$float"}`` (nan/inf),
``{"$dtype"}``, ``{"$device"}``, ``{"$ref"}`` (an object left in the kernel). Requests may
also name ``{"$name"}`` (a global of the notebook), ``{"$lib"}`` (an importable dotted
name) and ``{"$fn"}`` (a callable of the small vocabulary in :func:`_fn`).
"""
import base64 as _b64
import json as _json

MIME = "application/vnd.course-verdict+json"


def _install(namespace, rules_source=None):
    import builtins
    import contextlib
    import importlib
    import random

    import numpy as np
    import torch

    if rules_source is None:
        from course_utils import rules
    else:  # the grader's own copy of course_utils.rules, not one the student's code could have replaced
        import types
        rules = types.ModuleType("course_verdict_rules")
        exec(compile(rules_source, "course_verdict_rules", "exec"), rules.__dict__)
    refs = {}
    logs = {}
    # What the student's code did to the interpreter before now is theirs; the agent keeps the
    # builtins it needs from the untouched builtins module's own dict.
    _isinstance, _type, _len, _list, _dict = builtins.isinstance, builtins.type, builtins.len, builtins.list, builtins.dict

    def keep(value):
        key = _len(refs) + 1
        refs[key] = value
        cls = _type(value)
        return {"$ref": key, "type": f"{cls.__module__}.{cls.__qualname__}"}

    def enc_tensor(t):
        t = torch.Tensor.as_subclass(t, torch.Tensor)  # no __torch_function__ of a subclass
        info = {"dtype": str(t.dtype).replace("torch.", ""), "shape": _list(t.shape), "device": t.device.type,
                "requires_grad": bool(t.requires_grad), "data": None}
        if t.device.type != "meta":
            flat = t.detach().to("cpu").contiguous()
            if flat.dtype == torch.bfloat16:
                flat = flat.view(torch.int16)
            info["data"] = _b64.b64encode(flat.numpy().tobytes()).decode()
        return {"$tensor": info}

    def enc(value, depth=0):
        if depth > 32:
            raise ValueError("value nested too deep")
        if value is None or _type(value) in (bool, int, str):
            return value
        if _type(value) is float:
            return value if value == value and abs(value) != float("inf") else {"$float": repr(value)}
        if _isinstance(value, torch.Tensor):
            return enc_tensor(value)
        if _isinstance(value, np.ndarray):
            return {"$array": enc_tensor(torch.from_numpy(np.ascontiguousarray(value)))["$tensor"]}
        if _isinstance(value, np.generic):
            return enc(value.item(), depth + 1)
        if _isinstance(value, torch.dtype):
            return {"$dtype": str(value).replace("torch.", "")}
        if _isinstance(value, torch.device):
            return {"$device": str(value)}
        if _type(value) is tuple:
            return {"$tuple": [enc(v, depth + 1) for v in value]}
        if _type(value) is _list:
            return [enc(v, depth + 1) for v in value]
        if _type(value) is _dict:
            return {"$dict": [[enc(k, depth + 1), enc(v, depth + 1)] for k, v in value.items()]}
        return keep(value)

    def dec(value):
        if _isinstance(value, _list):
            return [dec(v) for v in value]
        if not _isinstance(value, _dict):
            return value
        (tag, body), = value.items()
        if tag == "$tuple":
            return tuple(dec(v) for v in body)
        if tag == "$dict":
            return {dec(k): dec(v) for k, v in body}
        if tag == "$float":
            return float(body)
        if tag in ("$tensor", "$array"):
            dtype = getattr(torch, body["dtype"])
            if body["data"] is None:
                t = torch.empty(body["shape"], dtype=dtype, device="meta")
            else:
                raw = bytearray(_b64.b64decode(body["data"]))
                stored = torch.int16 if dtype == torch.bfloat16 else dtype
                t = torch.frombuffer(raw, dtype=stored) if raw else torch.empty(0, dtype=stored)
                t = t.view(dtype).reshape(body["shape"]).clone()
            if tag == "$array":
                return t.numpy()
            return t.requires_grad_() if body.get("requires_grad") else t
        if tag == "$dtype":
            return getattr(torch, body)
        if tag == "$device":
            return torch.device(body)
        if tag == "$ref":
            return refs[body]
        if tag == "$name":
            return namespace[body]
        if tag == "$lib":
            return lib(body)
        if tag == "$fn":
            return _fn(body["kind"], dec(body.get("args", [])))
        raise ValueError(f"unknown tag {tag}")

    def lib(path):
        """``pkg.module.attr``; also an attribute of a class (``pkg.module.Class.method``)."""
        module, _, attr = path.rpartition(".")
        try:
            return getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError:
            if "." not in module:
                raise
            return getattr(lib(module), attr)

    def _fn(kind, args):
        """Callables built from data: the arguments a test gives the student's code."""
        if kind == "identity":
            return lambda value: value
        if kind == "const":
            value, = args
            return lambda *a, **k: value
        if kind == "record":  # log every call's arguments (as data), then call the inner function
            name, inner = args
            entries = logs.setdefault(name, [])

            def record(*a, **k):
                entries.append(enc(_list(a)) if not k else enc([_list(a), k]))
                return inner(*a, **k)
            return record
        if kind == "pair":  # (x, y) -> (fx(x), fy(y))
            fx, fy = args
            return lambda pair: (fx(pair[0]), fy(pair[1]))
        if kind == "fanout":  # x -> (f1(x), f2(x), ...)
            funcs = args
            return lambda x: tuple(f(x) for f in funcs)
        if kind == "add":
            value, = args
            return lambda x: x + value
        if kind == "mul":
            value, = args
            return lambda x: x * value
        if kind == "index":
            index, = args
            return lambda x: x[index]
        if kind == "lookup":  # a table of values by key
            table, = args
            return lambda key: table[key]
        if kind == "compose":
            funcs = args

            def composed(value):
                for f in funcs:
                    value = f(value)
                return value
            return composed
        if kind == "partial":  # target(*args, *call_args, **kwargs)
            target, fixed, kwargs = args
            return lambda *a, **k: target(*fixed, *a, **{**kwargs, **k})
        if kind == "apply":  # target(*args, **kwargs), whatever the call's own arguments (builds objects in one request)
            target, fixed, kwargs = args
            return lambda *a, **k: target(*fixed, **kwargs)
        if kind == "method":  # x -> x.name(*args, **kwargs)
            name, fixed, kwargs = args
            return lambda x: getattr(x, name)(*fixed, **kwargs)
        if kind == "attr":  # x -> x.name
            name, = args
            return lambda x: getattr(x, name)
        if kind == "tap":  # log probe(arguments by name, as inner's signature binds them) as data, then call inner
            name, probe, inner = args
            entries = logs.setdefault(name, [])
            import inspect
            try:
                signature = inspect.signature(inner)
            except (TypeError, ValueError):
                signature = None

            def tap(*a, **k):
                bound = _dict(signature.bind(*a, **k).arguments) if signature is not None else {"args": a, "kwargs": k}
                entries.append(enc(probe(bound)))
                return inner(*a, **k)
            return tap
        raise ValueError(f"unknown callable kind {kind}")

    @contextlib.contextmanager
    def seeded(seed):
        """Seed the request, then give the notebook back its own random state: the cells after a
        test cell run as they would without grading."""
        if seed is None:
            yield
            return
        saved = random.getstate(), np.random.get_state(), torch.random.get_rng_state()
        random.seed(seed)
        np.random.seed(seed % 2**32)
        torch.manual_seed(seed)
        try:
            yield
        finally:
            random.setstate(saved[0])
            np.random.set_state(saved[1])
            torch.random.set_rng_state(saved[2])

    def watch(rule):
        if not rule:
            return contextlib.nullcontext()
        return rules.forbid(rule["rule"], modules=rule.get("modules", ()), ops=rule.get("ops", ()),
                            functions=[dec({"$lib": f}) for f in rule.get("functions", ())],
                            threads=rule.get("threads", True))

    def op_call(req):
        f = dec(req["f"])
        args, kwargs = dec(req.get("args", [])), dec(req.get("kwargs", {"$dict": []}))
        with seeded(req.get("seed")), watch(req.get("forbid")):
            result = f(*args, **kwargs)
        return keep(result) if req.get("keep") else enc(result)

    def op_getattr(req):
        value = getattr(dec(req["obj"]), req["name"])
        return keep(value) if req.get("keep") else enc(value)

    def op_setattr(req):
        setattr(dec(req["obj"]), req["name"], dec(req["value"]))
        return None

    def op_log(req):
        return logs.get(req["name"], [])

    def op_params(req):
        module = dec(req["module"])
        return [[name, enc_tensor(p.detach()) if req.get("values") else _list(p.shape), bool(p.requires_grad)]
                for name, p in module.named_parameters()]

    def op_state(req):
        return [[k, enc_tensor(v)] for k, v in dec(req["module"]).state_dict().items()]

    def op_forward(req):
        """Run a module (or callable) on inputs; optionally backward of sum(out * weights)."""
        module = dec(req["module"])
        inputs = [t.requires_grad_() if _isinstance(t, torch.Tensor) and t.is_floating_point() and req.get("input_grads")
                  else t for t in dec(req.get("args", []))]
        with seeded(req.get("seed")), watch(req.get("forbid")):
            out = module(*inputs, **dec(req.get("kwargs", {"$dict": []})))
            reply = {"output": enc(out)}
            if req.get("backward"):
                target = out if _isinstance(out, torch.Tensor) else out[0]
                weight = dec(req["weight"]) if req.get("weight") is not None else torch.ones_like(target)
                (target * weight).sum().backward()
        if req.get("backward"):
            reply["input_grads"] = [enc(t.grad) if _isinstance(t, torch.Tensor) else None for t in inputs]
            if hasattr(module, "named_parameters"):
                reply["param_grads"] = [[n, None if p.grad is None else enc_tensor(p.grad)]
                                        for n, p in module.named_parameters()]
        return {"$dict": [[k, v] for k, v in reply.items()]}

    ops = {"call": op_call, "getattr": op_getattr, "setattr": op_setattr, "log": op_log,
           "params": op_params, "state": op_state, "forward": op_forward}

    def agent(request):
        from IPython.display import display

        try:
            req = _json.loads(_b64.b64decode(request))
            reply = {"value": ops[req["op"]](req)}
        except BaseException as exc:  # noqa: BLE001  (the student's error, reported as data)
            reply = {"error": {"type": _type(exc).__name__, "message": str(exc)[:2000],
                               "rule": _type(exc).__name__ == "RuleBroken"}}
        display({MIME: _json.dumps(reply)}, raw=True)

    return agent


# The notebook's namespace: names in requests are its globals. The channel may send the text of
# course_utils.rules before this file, as __course_rules_source__.
__course_agent__ = _install(globals(), globals().pop("__course_rules_source__", None))
