"""Every submission ends in a row, for any file a student can hand in (issue 18): the steps before a kernel (read,
repair, scan) never raise, whatever the notebook holds. Valid Lab 01 submissions are mutated
at random (seeded): the type of a metadata field or any other value changed, keys dropped or
added, nulls, huge values, deep nesting, duplicated cells and ids, bad UTF-8. Each one ends
as a refusal that says why, or as a notebook nbgrader can write back with every graded cell
of the release exactly once. (The engine itself, with kernels, grades malformed notebooks
beside honest ones in tests/test_autograde.py.)"""
import json
import random
import time

import nbformat
import pytest

from tools import grading
from tools.autograde import scan
from tools.autograde.job import read_submission

LAB = "lab01"
COUNT = 200


def _paths(node, at=()):
    """Every place in a JSON tree, as a path of keys and indices."""
    yield at
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield from _paths(child, (*at, key))


def _strange(rng: random.Random):
    deep = []
    for _ in range(rng.choice([10, 200, 900])):
        deep = [deep]
    return rng.choice([None, "", "x" * rng.choice([10, 1_000_000]), 10 ** 30, -1, 1.5e308, True, [], {}, deep,
                       {"grade_id": ["a"], "points": "dez"}, ["nbgrader"], "\ud800"[:0] + "\u0000\u202e"])


def _mutate(raw: dict, rng: random.Random) -> bytes:
    data = json.loads(json.dumps(raw))
    for _ in range(rng.randint(1, 4)):
        paths = [p for p in _paths(data) if p]
        # metadata first: that is where Colab, VS Code and hand edits leave the wrong shapes
        meta = [p for p in paths if "metadata" in p]
        at = rng.choice(meta if meta and rng.random() < 0.6 else paths)
        parent = data
        for key in at[:-1]:
            parent = parent[key]
        what = rng.random()
        if what < 0.55:
            parent[at[-1]] = _strange(rng)
        elif what < 0.7 and isinstance(parent, dict):
            parent.pop(at[-1], None)
        elif what < 0.8 and isinstance(parent, dict):
            parent[rng.choice(["extra", "nbgrader", "id", "grade_id", "outputs"])] = _strange(rng)
        elif isinstance(data.get("cells"), list) and data["cells"]:
            data["cells"].insert(rng.randrange(len(data["cells"]) + 1), json.loads(json.dumps(rng.choice(data["cells"]))))
    text = json.dumps(data).encode()
    if rng.random() < 0.1:  # bad UTF-8 inside a string
        cut = text.find(b'"source": "') + 11
        text = text[:cut] + b"\xff\xfe\xc3" + text[cut:]
    return text


def test_any_mutated_notebook_is_read_or_refused_by_name():
    sol = grading.solution_answers(LAB)
    release = grading.fill(LAB, {})
    release_json = nbformat.writes(release)
    protected = scan.imported_names([c.source for c in release.cells if c.cell_type == "code"
                                     and not c.metadata.get("nbgrader", {}).get("solution")])
    wanted = sorted(c.metadata.nbgrader["grade_id"] for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id"))
    honest = json.loads(nbformat.writes(grading.fill(LAB, sol)))
    rng = random.Random(18)
    start, refused, problems = time.perf_counter(), 0, []
    for n in range(COUNT):
        raw = _mutate(honest, rng)
        try:
            nb, why, fixes, cells, evidence = read_submission(raw, release_json, protected)
        except Exception as exc:  # noqa: BLE001  (the finding)
            problems.append(f"notebook {n}: {type(exc).__name__}: {str(exc)[:120]}")
            continue
        if nb is None:
            refused += 1
            if not (isinstance(why, str) and why):
                problems.append(f"notebook {n}: refused without a reason")
            continue
        nbformat.writes(nb)  # nbgrader writes it to the scratch course
        ids = sorted(c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id"))
        if ids != wanted:
            problems.append(f"notebook {n}: graded cells {ids} instead of the release's")
    seconds = time.perf_counter() - start
    print(f"{COUNT} mutated notebooks in {seconds:.1f} s: {refused} refused by name, {COUNT - refused} read")
    assert not problems, "\n".join(problems[:20])
    assert 0 < refused < COUNT, "the mutations make both kinds"


@pytest.mark.parametrize("raw, reason", [
    (b"[" * 100_000, "not a notebook"),
    (json.dumps({"nbformat": 3, "worksheets": "no"}).encode(), "nbformat 3"),
])
def test_what_cannot_be_read_is_refused_with_the_true_reason(raw, reason):
    nb, why, *_ = read_submission(raw, nbformat.writes(grading.fill(LAB, {})), set())
    assert nb is None and reason in why


def test_an_nbformat_3_notebook_is_converted():
    honest = grading.fill(LAB, grading.solution_answers(LAB))
    old = nbformat.writes(nbformat.convert(honest, 3)).encode()
    nb, why, fixes, cells, evidence = read_submission(old, nbformat.writes(grading.fill(LAB, {})), set())
    assert why is None and nb.nbformat == 4
    assert set(grading.solution_answers(LAB)) <= set(cells)
