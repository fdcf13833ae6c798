"""Repair: read a submitted file as a notebook and give its cells back their nbgrader metadata.

A notebook edited in Colab or VS Code can lose its cells' metadata, and nbgrader then
grades it as zero without a word. Cells are matched to the release by content, so
moved and added cells do not matter:

* a locked cell (given code, a test) matches a cell with the same source;
* an answer cell matches the unmatched code cell between its matched neighbours that
  looks most like the released stub (its signature), or, failing that, anywhere;
* a cell that cannot be found is put back from the release, blank, so a deleted
  answer costs that question only.

A file that is empty, truncated or not a notebook is refused by name.
"""
from __future__ import annotations

import difflib
import json
import uuid

import nbformat
from nbformat.notebooknode import NotebookNode


def parse(raw: bytes) -> tuple[NotebookNode | None, str | None]:
    """The notebook in ``raw``, or None and why it is not one."""
    if not raw.strip():
        return None, "empty file"
    try:
        data = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return None, f"not a notebook: invalid JSON, truncated or damaged ({exc.msg} at byte {exc.pos} of {len(raw)})"
    except RecursionError:
        return None, "not a notebook: JSON nested too deep to read"
    if isinstance(data, dict) and data.get("nbformat") == 3:
        try:  # an old notebook (IPython 2): nbformat's own converter
            data = json.loads(nbformat.writes(nbformat.reads(json.dumps(data), as_version=4)))
        except Exception as exc:  # noqa: BLE001  (the reason goes to the report)
            return None, f"nbformat 3 notebook that nbformat cannot convert ({type(exc).__name__}: {str(exc)[:120]})"
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, "not a Jupyter notebook (no list of cells)"
    if not isinstance(data.get("metadata"), dict):
        data["metadata"] = {}
    for n, cell in enumerate(data["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw") \
                or not isinstance(cell.get("source"), (str, list)):
            return None, f"not a readable notebook (cell {n} has no type or no source)"
        if isinstance(cell["source"], list):
            cell["source"] = "".join(str(part) for part in cell["source"])
        _clean_metadata(cell)
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # noqa: BLE001  (nbformat raises several kinds for malformed cells)
        return None, f"not a readable notebook ({type(exc).__name__}: {str(exc)[:120]})"
    return nb, None


def _clean_metadata(cell: dict) -> None:
    """Drop metadata that is not of nbgrader's own shape (a null, a string or a list where a
    mapping belongs, a grade id that is not a name): :func:`repair` restores it by content."""
    if not isinstance(cell.get("metadata"), dict):
        cell["metadata"] = {}
    meta = cell["metadata"].get("nbgrader")
    if "nbgrader" in cell["metadata"] and not (
            isinstance(meta, dict) and isinstance(meta.get("grade_id", ""), str)
            and all(isinstance(meta.get(k, False), bool) for k in ("grade", "solution", "locked", "task"))
            and isinstance(meta.get("points", 0), (int, float)) and not isinstance(meta.get("points", 0), bool)):
        del cell["metadata"]["nbgrader"]
    if cell.get("cell_type") == "code" and not isinstance(cell.get("outputs", []), list):
        cell["outputs"] = []


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _key(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _rebuild(nb: NotebookNode, release: NotebookNode) -> list[str]:
    """A notebook that nbformat's schema refuses (an output or a field of the wrong shape) is
    rebuilt from its cells' types, sources and nbgrader metadata, under the release's
    kernel: outputs are dropped (the grader runs every cell again)."""
    if nb.get("nbformat_minor", 0) < 5:  # ids belong to nbformat 4.5; an editor may add one to an older file
        for cell in nb.cells:
            cell.pop("id", None)
    try:
        nbformat.validate(nb)
        return []
    except nbformat.ValidationError:
        pass
    make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
            "raw": nbformat.v4.new_raw_cell}
    cells = [make[c.cell_type](source=c.source, metadata={"nbgrader": c.metadata["nbgrader"]} if "nbgrader" in c.metadata
                               else {}) for c in nb.cells]
    fresh = nbformat.v4.new_notebook(cells=cells, metadata=json.loads(json.dumps(release.metadata)))
    nb.clear()
    nb.update(fresh)
    return ["notebook rebuilt from its cells: fields of the wrong shape (outputs, metadata) dropped"]


def repair(nb: NotebookNode, release: NotebookNode) -> list[str]:
    """Restore ``nb``'s nbgrader metadata in place from ``release``; returns what was done."""
    rebuilt = _rebuild(nb, release)
    wanted = [(i, c) for i, c in enumerate(release.cells) if _meta(c).get("grade_id")]
    ids = {_meta(c)["grade_id"] for _, c in wanted}
    match: dict[int, int] = {}  # release index -> submission index
    taken: set[int] = set()
    # Cells that kept their metadata; a copy of a cell (same id twice) keeps it once.
    by_id = {}
    for j, cell in enumerate(nb.cells):
        gid = _meta(cell).get("grade_id")
        if gid in ids and gid not in by_id:
            by_id[gid] = j
        elif "nbgrader" in cell.get("metadata", {}):
            del cell.metadata["nbgrader"]
    for i, cell in wanted:
        if _meta(cell)["grade_id"] in by_id:
            match[i] = by_id[_meta(cell)["grade_id"]]
            taken.add(match[i])
    restored = 0
    # Locked cells by content.
    for i, cell in wanted:
        if i in match or _meta(cell).get("solution"):
            continue
        for j, sub in enumerate(nb.cells):
            if j not in taken and sub.cell_type == cell.cell_type and _key(sub.source) == _key(cell.source):
                match[i], restored = j, restored + 1
                taken.add(j)
                break
    # Answer cells: between their matched neighbours first, then anywhere.
    for i, cell in wanted:
        if i in match:
            continue
        before = max((match[k] for k in match if k < i), default=-1)
        after = min((match[k] for k in match if k > i), default=len(nb.cells))
        free = [j for j, sub in enumerate(nb.cells) if j not in taken and sub.cell_type == cell.cell_type]
        near = [j for j in free if before < j < after]
        head = cell.source.strip().splitlines()[0] if cell.source.strip() else ""

        def likeness(j: int, head: str = head) -> float:
            return difflib.SequenceMatcher(None, head, nb.cells[j].source.strip()[:len(head) * 2]).ratio()

        pool = near or [j for j in free if likeness(j) > 0.6]
        if pool:
            best = max(pool, key=likeness)
            match[i], restored = best, restored + 1
            taken.add(best)
    notes = rebuilt
    for i, j in match.items():
        nb.cells[j].metadata["nbgrader"] = dict(release.cells[i].metadata["nbgrader"])
    if restored:
        notes.append(f"nbgrader metadata restored in {restored} cell(s) by content")
    # Whatever is still missing goes back from the release, after its matched predecessor.
    for i, cell in wanted:
        if i in match:
            continue
        before = max((match[k] for k in match if k < i), default=-1)
        copy = nbformat.from_dict(json.loads(json.dumps(cell)))
        copy["id"] = uuid.uuid4().hex[:8]
        nb.cells.insert(before + 1, copy)
        for k in match:
            if match[k] > before:
                match[k] += 1
        match[i] = before + 1
        kind = "answer" if _meta(cell).get("solution") else "test" if _meta(cell).get("grade") else "locked"
        notes.append(f"{kind} cell {_meta(cell)['grade_id']} missing: put back from the release"
                     + (" (blank: no points for it)" if kind == "answer" else ""))
    if nb.nbformat_minor >= 5:
        for cell in nb.cells:
            cell.setdefault("id", uuid.uuid4().hex[:8])
    return notes
