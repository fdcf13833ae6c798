"""Build instructor notebooks from their percent-format sources.

``source/<lab>/<lab>.nb.py`` is the text a course author edits; this tool writes
``source/<lab>/<lab>.ipynb`` with the nbgrader metadata, taking every answer cell
verbatim from ``solutions/<lab>/<question>.py`` (so the reference answers and the
notebook cannot drift apart) and putting the Colab install cell first.

Cell markers (one per line, as in jupytext's percent format)::

    # %% [markdown]            markdown; the following lines start with "# "
    # %%                       plain code
    # %% answer QUESTION       autograded answer cell, body read from solutions/
    # %% test QUESTION POINTS  autograded test cell, grade id QUESTION_t1, _t2...

Usage: ``python -m tools.build_notebooks [--check] [LAB ...]``.
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^# %%(?:\s+(.*))?$")


def course_config() -> dict:
    """``[tool.course]`` of pyproject.toml, with ``student_tag`` formatted from the version."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        meta = tomllib.load(f)
    conf = dict(meta["tool"]["course"])
    conf["student_repo"] = conf["student_repo"].rstrip("/")
    conf["student_tag"] = conf["student_tag"].format(version=meta["project"]["version"])
    return conf


def install_requirement() -> str:
    """What the install cell asks pip for: course_utils from the student repository, at its tag."""
    conf = course_config()
    return f"course-utils[labs] @ git+{conf['student_repo']}@{conf['student_tag']}"


def install_cell_source() -> str:
    """The first cell of every notebook: installs course_utils on Colab, nothing elsewhere.

    Names the public student repository only (never this private one). pip runs with its
    output captured; if it fails (offline, wrong address or tag) the cell stops with a short
    Portuguese message: ``_render_traceback_`` makes IPython print just that, no traceback.
    """
    conf = course_config()
    repo, tag = conf["student_repo"], conf["student_tag"]
    return (
        f"# Configuração: no Colab, instala o course_utils ({tag}) do repositório da disciplina.\n"
        "# Não faz nada onde ele já está instalado (sua máquina, a correção automática).\n"
        "import importlib, importlib.util, subprocess, sys\n"
        "if importlib.util.find_spec(\"course_utils\") is None:\n"
        f"    print(\"Instalando o course_utils {tag}... (até um minuto)\")\n"
        "    pip = subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"-q\", \"--disable-pip-version-check\",\n"
        f"                          \"{install_requirement()}\"],\n"
        "                         capture_output=True, text=True)\n"
        "    if pip.returncode != 0:\n"
        "        class ErroDeInstalacao(Exception):\n"
        "            def _render_traceback_(self):  # o Jupyter mostra só a mensagem, sem traceback\n"
        "                return [str(self)]\n"
        "        raise ErroDeInstalacao(\n"
        f"            \"Não foi possível instalar o course_utils {tag} de {repo}.\\n\"\n"
        "            \"Verifique a conexão com a internet (no Colab: Ambiente de execução > Conectar) \"\n"
        "            \"e rode esta célula de novo. Se o erro continuar, avise o professor.\")\n"
        "    importlib.invalidate_caches()\n"
        "    print(\"course_utils instalado.\")"
    )


# How a notebook is graded and what sends it to review: every lab shows it under its title, and
# the student README holds the same list (tests/test_release.py checks both).
REVIEW_NOTE = """\
**Como este notebook é corrigido.** Os pontos de cada teste são conferidos pelo corretor fora do
seu kernel, com entradas que você não vê, a partir do que o enunciado de cada questão diz: os
testes visíveis são para você conferir o seu trabalho; os ocultos decidem. Seu notebook vai para
**revisão do professor** (a nota fica pendente até ele decidir) se o seu código:

- usa a maquinaria do Jupyter ou do corretor (`get_ipython`, linhas `%`/`!`, hooks, `nbgrader`, `unittest.mock`);
- mexe nos internos do Python (`sys.settrace`, frames, `gc`, `ctypes`, `__code__`, `__globals__`, `__class__`...);
- executa código dinâmico (`exec`, `eval`, `compile`, `importlib`) ou redefine nomes que os testes usam;
- acessa arquivos fora da pasta do notebook, a rede, subprocessos ou bancos de dados;
- tem uma célula que não é Python válido.

Ler arquivos da pasta, `glob`, prints e barras de progresso, threads para ler arquivos e `getattr` numa
configuração são normais e não contam."""


def labs() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "source").glob("*/*.nb.py"))


def _nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def parse(text: str) -> list[tuple[str, str]]:
    """Split a percent-format source into (header, body) pairs."""
    cells, header, body = [], None, []
    for line in text.splitlines():
        m = MARKER.match(line)
        if m:
            if header is not None:
                cells.append((header, "\n".join(body).strip("\n")))
            header, body = (m.group(1) or "").strip(), []
        elif header is not None:
            body.append(line)
    if header is not None:
        cells.append((header, "\n".join(body).strip("\n")))
    return cells


def build(lab: str) -> nbformat.NotebookNode:
    src = ROOT / "source" / lab / f"{lab}.nb.py"
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "accelerator": "GPU",
        "colab": {"provenance": [], "gpuType": "T4"},
    }
    cells = [nbformat.v4.new_code_cell(install_cell_source())]
    test_counts: dict[str, int] = {}
    for header, body in parse(src.read_text()):
        kind, *args = header.split() or [""]
        if kind == "[markdown]":
            text = "\n".join(re.sub(r"^# ?", "", line) for line in body.splitlines())
            cells.append(nbformat.v4.new_markdown_cell(text))
        elif kind == "answer":
            (question,) = args
            code = (ROOT / "solutions" / lab / f"{question}.py").read_text().strip("\n")
            cells.append(nbformat.v4.new_code_cell(code, metadata=_nbgrader(
                question, grade=False, solution=True, locked=False)))
        elif kind == "test":
            question, points = args
            test_counts[question] = test_counts.get(question, 0) + 1
            grade_id = f"{question}_t{test_counts[question]}"
            cells.append(nbformat.v4.new_code_cell(body, metadata=_nbgrader(
                grade_id, grade=True, solution=False, locked=True, points=float(points))))
        elif kind == "":
            cells.append(nbformat.v4.new_code_cell(body))
        else:
            raise ValueError(f"{src}: unknown cell marker '# %% {header}'")
    title = next(i for i, c in enumerate(cells) if c.cell_type == "markdown")
    cells.insert(title + 1, nbformat.v4.new_markdown_cell(REVIEW_NOTE))
    for i, cell in enumerate(cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = grade_id or f"{lab}-{i:03d}"
    nb.cells = cells
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labs", nargs="*", help="labs to build (default: all)")
    parser.add_argument("--check", action="store_true", help="only report notebooks that are out of date")
    args = parser.parse_args(argv)
    stale = []
    for lab in args.labs or labs():
        path = ROOT / "source" / lab / f"{lab}.ipynb"
        text = render(build(lab))
        if path.exists() and path.read_text() == text:
            continue
        stale.append(str(path.relative_to(ROOT)))
        if not args.check:
            path.write_text(text)
    if args.check and stale:
        print("Out of date (run `make notebooks`): " + ", ".join(stale), file=sys.stderr)
        return 1
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
