"""Full mode, rehearsed at full size on a machine that cannot download (``make rehearse``).

Usage: ``python -m tools.rehearse [LAB ...] [--root DIR] [--max-steps N] [--cell-timeout S] [--small]``

1. Puts stand-ins where full mode's downloads land, in their real formats (``tools/standins.py``):
   CIFAR-10 (50,000 + 10,000, torchvision's pickles), MNIST (60,000 + 10,000, IDX files),
   Oxford-IIIT Pet (7,349 JPEGs, its folders and annotation files, also where fastai's
   ``untar_data`` extracts it), torchvision's ResNet-18 file under its real name in the torch
   hub cache, ``google/vit-base-patch16-224`` in the Hugging Face hub cache (its configuration
   and processor configuration, random weights) and CIFAR-10 in the ``datasets`` cache. They
   are generated once under ``--root`` (default ``/tmp/course-rehearsal``) and reused.
2. Executes each lab's source notebook (``source/<lab>/<lab>.ipynb``) in **full mode** (no
   ``COURSE_SMOKE``, no ``NBGRADER_EXECUTION``) with nbclient, one fresh kernel per lab, with
   ``COURSE_DATA``, ``TORCH_HOME``, ``HF_HOME``, ``FASTAI_HOME`` pointing at the stand-ins,
   ``HF_HUB_OFFLINE=1``, ``COURSE_MAX_STEPS`` (``--max-steps``, default 2: every loop of
   ``course_utils`` runs that many batches per pass) and ``COURSE_REHEARSAL=1`` (the only thing
   it changes: CIFAR's files are checked against their own MD5 sums, not the official ones).
   Each cell gets ``--cell-timeout`` seconds; a cell past it is interrupted and reported as
   "cut at the timeout" (a loop written in the notebook, which the cap cannot reach), and the
   run goes on.
3. Prints per lab: cells run (ok / failed / cut), wall time, training loops run (optimizers that
   stepped, fastai's included) and their steps, seconds per step on this machine (median
   interval between optimizer steps), the kernel's peak memory (RSS), and for the lab's main
   model at its real size and batch (``tools/measure.py``): FLOPs per step, the projected time
   per epoch and for the lab on a T4 and an H100 at 30% of peak, and the memory a training
   step needs (saved activations + parameters, gradients and AdamW state) next to the T4's 15 GB.
   Each failing cell is printed with its error, the cell's first line and the traceback's last lines.

``--small`` writes a few hundred images per set (same formats): what the test suite uses for Lab 01
(Lab 04 selects 5,000 + 1,000 CIFAR images and needs the full-size set).
``--json FILE`` also writes the results as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABS = tuple(sorted(p.name for p in (ROOT / "source").glob("lab*") if (p / f"{p.name}.ipynb").is_file()))

# Run in the kernel before the notebook (not a cell of it): counts optimizer steps, torch's and fastai's.
PROBE = r'''
import json as _rj, resource as _rr, time as _rt
from torch.optim.optimizer import register_optimizer_step_post_hook as _rreg
_REHEARSAL = {}
def _rehearsal_step(opt, *_):
    row = _REHEARSAL.get(id(opt))
    if row is None:
        try:
            n = sum(p.numel() for g in opt.param_groups for p in g["params"])
        except Exception:
            n = sum(p.numel() for pl in getattr(opt, "param_lists", []) for p in pl)
        row = _REHEARSAL[id(opt)] = {"optimizer": type(opt).__name__, "params": n, "times": []}
    row["times"].append(_rt.perf_counter())
_rreg(_rehearsal_step)
'''
FASTAI_PROBE = r'''
try:
    import fastai.optimizer as _rfo
    _rfo_step = _rfo.Optimizer.step
    def _rfo_counted(self, *a, **k):
        out = _rfo_step(self, *a, **k)
        _rehearsal_step(self)
        return out
    _rfo.Optimizer.step = _rfo_counted
except ImportError:
    pass
'''
REPORT = r'''
print("@@REHEARSAL@@" + _rj.dumps({"loops": list(_REHEARSAL.values()),
      "rss_self": _rr.getrusage(_rr.RUSAGE_SELF).ru_maxrss * 1024,
      "rss_children": _rr.getrusage(_rr.RUSAGE_CHILDREN).ru_maxrss * 1024}))
'''


def kernel_env(root: Path, max_steps: int, small: bool = False, labs=None) -> dict:
    from tools import standins

    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_SMOKE", "NBGRADER_EXECUTION")}
    env.update(standins.write_all(root, small=small, labs=labs))
    env["COURSE_MAX_STEPS"] = str(max_steps)
    env.setdefault("PYTHONPATH", "")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env["PYTHONPATH"]) if p)
    return env


def _outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
    return "".join(parts)


def _error(cell) -> dict | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            import re

            tb = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out.get("traceback", [])]
            tail = [line for chunk in tb for line in chunk.splitlines() if line.strip()][-6:]
            return {"ename": out.get("ename"), "evalue": str(out.get("evalue"))[:300], "traceback": tail}
    return None


RETRY_S = 30  # a failed cell quicker than this is run again without the cap, to tell the cap's doing from full mode's


def _passes_without_cap(client, cell, index: int) -> bool:
    """Runs ``cell`` again with COURSE_MAX_STEPS unset in the kernel (restored after); True if it passes then."""
    import copy

    import nbformat

    lift = nbformat.v4.new_code_cell("import os as _ro; _rcap = _ro.environ.pop('COURSE_MAX_STEPS', None)")
    back = nbformat.v4.new_code_cell("if _rcap is not None: _ro.environ['COURSE_MAX_STEPS'] = _rcap")
    again = copy.deepcopy(cell)
    saved = client.nb.cells[index]
    try:
        client.nb.cells[index] = lift
        client.execute_cell(lift, index)
        client.nb.cells[index] = again
        client.execute_cell(again, index)
        ok = _error(again) is None
        client.nb.cells[index] = back
        client.execute_cell(back, index)
        return ok
    except Exception:  # noqa: BLE001 (any failure of the retry: not cap-only)
        return False
    finally:
        client.nb.cells[index] = saved


def run_lab(lab: str, env: dict, workdir: Path, cell_timeout: int) -> dict:
    """Executes ``source/<lab>/<lab>.ipynb`` cell by cell in a fresh kernel; returns what happened."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "source" / lab / f"{lab}.ipynb", as_version=4)
    own = list(nb.cells)
    uses_fastai = any("fastai" in cell.source for cell in own)  # fastai's own optimizer is counted too
    probe = nbformat.v4.new_code_cell(PROBE + (FASTAI_PROBE if uses_fastai else ""))
    report = nbformat.v4.new_code_cell(REPORT)
    nb.cells = [probe, *own, report]  # the probe and the report run around the notebook, in the same kernel
    workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(nb, timeout=cell_timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(workdir)}})
    cells, start = [], time.perf_counter()
    with client.setup_kernel(env=env):
        client.execute_cell(probe, 0)
        for index, cell in enumerate(own):
            if cell.cell_type != "code":
                continue
            t0 = time.perf_counter()
            try:
                client.execute_cell(cell, index + 1)
                error = _error(cell)
            except Exception as exc:  # noqa: BLE001 (the kernel died, or nbclient gave up on the cell)
                error = {"ename": type(exc).__name__, "evalue": str(exc)[:300], "traceback": []}
            seconds = time.perf_counter() - t0
            status = "ok"
            if error:
                status = "cut" if error["ename"] == "KeyboardInterrupt" or seconds >= cell_timeout else "failed"
            if status == "failed" and any(c["status"] == "cut" for c in cells):
                status = "after-cut"  # may be a knock-on of the cut cell (a name it never defined)
            elif status == "failed" and seconds < RETRY_S and _passes_without_cap(client, cell, index + 1):
                status = "cap-only"  # a check that counts batches: the cap, not full mode, fails it
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append({"index": index, "status": status, "seconds": seconds, "first_line": first[:90],
                          "grade_id": cell.metadata.get("nbgrader", {}).get("grade_id"), "error": error})
            if error and error["ename"] == "DeadKernelError":
                break
        try:
            client.execute_cell(report, len(nb.cells) - 1)
            line = next(l for l in _outputs_text(report).splitlines() if l.startswith("@@REHEARSAL@@"))
            probe_data = json.loads(line[len("@@REHEARSAL@@"):])
        except Exception as exc:  # noqa: BLE001 (no report: the table says so)
            probe_data = {"loops": [], "rss_self": 0, "rss_children": 0, "probe_error": repr(exc)}
    return {"lab": lab, "cells": cells, "wall_s": time.perf_counter() - start, **probe_data}


def step_seconds(loops: list[dict]) -> float | None:
    """Median interval between consecutive steps of the same optimizer (data loading included)."""
    gaps = [b - a for loop in loops for a, b in zip(loop["times"], loop["times"][1:])]
    return statistics.median(gaps) if gaps else None


def model_figures(lab: str) -> dict:
    from tools.measure import MODELS, PEAK, also_flops, flops_per_step, projection, step_memory

    spec = MODELS[lab]
    flops, also = flops_per_step(spec), also_flops(spec)
    memory = step_memory(spec)
    return {"model": spec.name, "batch": spec.batch, "note": spec.note, "flops": flops, "memory": memory,
            **{gpu: projection(flops, spec, peak, also=also) for gpu, peak in PEAK.items()}}


def print_table(results: list[dict], max_steps: int, cell_timeout: int) -> None:
    from tools.measure import T4_MEMORY, UTILISATION, fmt_seconds

    print(f"\nFull-mode rehearsal: COURSE_MAX_STEPS={max_steps}, cell timeout {cell_timeout} s, "
          f"{os.cpu_count()} CPU cores, no GPU" + ("" if not _cuda() else " (a GPU is present: see make gpu-check)"))
    head = (f"{'lab':<6} {'cells ok/fail/cut/cap':>21} {'wall':>8} {'loops':>5} {'steps':>5} {'s/step':>7} "
            f"{'peak RSS':>8} | {'GFLOP/step':>10} {'T4 epoch':>9} {'T4 lab':>8} {'H100 epoch':>10} "
            f"{'H100 lab':>8} {'step mem':>8} {'of T4':>5}")
    print(head)
    print("-" * len(head))
    for r in results:
        cells = r["cells"]
        counts = "/".join(str(sum(c["status"] in s for c in cells))
                          for s in (("ok",), ("failed", "after-cut"), ("cut",), ("cap-only",)))
        loops = [loop for loop in r["loops"] if loop["times"]]
        per_step = step_seconds(loops)
        rss = max(r["rss_self"], r["rss_children"]) / 1e9
        m = r["model"]
        mem = m["memory"]["total"]
        print(f"{r['lab']:<6} {counts:>21} {fmt_seconds(r['wall_s']):>8} {len(loops):>5} "
              f"{sum(len(l['times']) for l in loops):>5} {(f'{per_step:.2f}' if per_step else '-'):>7} "
              f"{rss:>6.1f}GB | {m['flops'] / 1e9:>10.1f} {fmt_seconds(m['T4']['epoch_s']):>9} "
              f"{fmt_seconds(m['T4']['lab_s']):>8} {fmt_seconds(m['H100']['epoch_s']):>10} "
              f"{fmt_seconds(m['H100']['lab_s']):>8} {mem / 1e9:>6.2f}GB {100 * mem / T4_MEMORY:>4.0f}%")
    print(f"\nProjections: FLOPs of one forward + backward step of each lab's main model at its real input and batch "
          f"(torch.utils.flop_counter), at {UTILISATION:.0%} of peak (T4 65 TFLOP/s fp16, H100 990 TFLOP/s bf16); "
          "evaluation passes and data loading not included. Step memory: float32 activations saved for backward "
          "(saved-tensor hooks) + parameters, gradients and AdamW state; mixed precision saves about half the "
          "activations. s/step: median interval between optimizer steps on this machine, data loading included.")
    for r in results:
        m = r["model"]
        print(f"  {r['lab']}: {m['model']}, batch {m['batch']}: {m['note']}; {m['memory']['params'] / 1e6:.1f}M "
              f"parameters, activations {m['memory']['activations'] / 1e9:.2f} GB")
    for r in results:
        for c in r["cells"]:
            if c["status"] == "ok":
                continue
            label = {"cut": "cut at the timeout", "failed": "FAILED",
                     "after-cut": "failed after a cut (perhaps its knock-on)",
                     "cap-only": "fails only under COURSE_MAX_STEPS (passes run again without it)"}[c["status"]]
            err = c["error"] or {}
            print(f"\n{r['lab']} cell {c['index']} ({c['grade_id'] or 'given code'}): {label} after {c['seconds']:.0f} s"
                  f" | {c['first_line']}")
            if c["status"] not in ("cut",):
                print(f"  {err.get('ename')}: {err.get('evalue')}")
                for line in err.get("traceback", [])[-4:]:
                    print(f"    {line[:160]}")


def _cuda() -> bool:
    try:
        import torch

        return torch.cuda.is_available()
    except Exception:  # noqa: BLE001 (no working torch: no GPU)
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labs", nargs="*", default=list(LABS), help=f"labs to run (default: {' '.join(LABS)})")
    parser.add_argument("--root", default="/tmp/course-rehearsal", help="scratch folder for the stand-ins and runs")
    parser.add_argument("--max-steps", type=int, default=2, help="COURSE_MAX_STEPS for the notebooks")
    parser.add_argument("--cell-timeout", type=int, default=240, help="seconds per cell before it is cut")
    parser.add_argument("--small", action="store_true", help="a few hundred images per set (tests)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--table", nargs="+", metavar="JSON", help="only print the table from earlier --json files")
    args = parser.parse_args(argv)
    if args.table:
        return table_from(args.table, args.max_steps, args.cell_timeout)
    unknown = [lab for lab in args.labs if lab not in LABS]
    if unknown:
        parser.error(f"unknown lab(s): {' '.join(unknown)}; choose from {' '.join(LABS)}")
    root = Path(args.root)
    t0 = time.perf_counter()
    env = kernel_env(root, args.max_steps, small=args.small, labs=tuple(args.labs))
    print(f"stand-ins ready under {root} ({'small' if args.small else 'full size'}) in {time.perf_counter() - t0:.0f} s",
          flush=True)
    results = []
    for lab in args.labs:
        print(f"running {lab} in full mode ...", flush=True)
        result = run_lab(lab, env, root / "work" / lab, args.cell_timeout)
        result["model"] = model_figures(lab)
        bad = [c for c in result["cells"] if c["status"] != "ok"]
        print(f"  {lab}: {len(result['cells'])} code cells in {result['wall_s']:.0f} s, {len(bad)} not ok", flush=True)
        results.append(result)
        if args.json:  # after each lab, so that an interrupted run keeps what it measured
            Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    print_table(results, args.max_steps, args.cell_timeout)
    return 0 if all(c["status"] != "failed" for r in results for c in r["cells"]) else 1


def table_from(files: list[str], max_steps: int, cell_timeout: int) -> int:
    """Prints the table again from results written by ``--json`` (several runs: the last result of a lab wins)."""
    by_lab = {}
    for file in files:
        for result in json.loads(Path(file).read_text()):
            result["model"] = model_figures(result["lab"])
            by_lab[result["lab"]] = result
    print_table([by_lab[lab] for lab in sorted(by_lab)], max_steps, cell_timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
