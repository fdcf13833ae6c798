"""Write the student edition: everything students get, and nothing else.

This repository is the instructor's and is private: it holds the solutions, the hidden
tests and the mutants. Students get the *student edition*, the content of the public
student repository named in ``[tool.course]`` of ``pyproject.toml``:

* ``release/<lab>/``  the release notebooks (what nbgrader generates);
* ``course_utils/``   the helper library, with a ``pyproject.toml`` (package
  ``course-utils``, this repository's version) so that
  ``pip install "course-utils[labs] @ git+<student repo>@<tag>"`` installs it;
* ``README.md``       for students, in Portuguese (``student/README.md`` filled in);
* ``LICENSE``         (``student/LICENSE``).

Before anything is written, :func:`scan` looks through the new tree for every line of
every solution region, hidden test and mutant, and every value the hidden tests expect
(see :func:`secrets`), and refuses instructor folders. A tree with a hit is not written.

Usage: ``python -m tools.publish [DEST]`` (default ``dist/student``). DEST must be
absent, empty, or a former edition (a clone of the student repository: ``.git`` kept).
"""
from __future__ import annotations

import io
import json
import re
import shutil
import string
import sys
import tarfile
import tempfile
import textwrap
import tokenize
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tools.build_notebooks import ROOT, course_config, install_requirement, labs

STUDENT = ROOT / "student"  # templates of the student edition
DEFAULT_DEST = ROOT / "dist" / "student"
# The whole top level of an edition. Anything else is refused by the scan.
EDITION_ENTRIES = {"README.md", "LICENSE", "pyproject.toml", "course_utils", "release"}
# Kept in DEST when it is rewritten (a clone of the student repository).
KEEP = {".git"}
# Instructor-only names: never anywhere in what students get.
INSTRUCTOR_NAMES = {
    "source", "solutions", "tests", "tools", "autograded", "submitted", "feedback", "student",
    "gradebook.db", "grades.csv", "autograde-report.csv", "nbgrader_config.py",
}
SECRET_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
SOLUTION_RE = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", re.S | re.M)
HIDDEN_RE = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n(.*?)^[ \t]*### END HIDDEN TESTS", re.S | re.M)


# --------------------------------------------------------------------------- the edition

def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def _toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + "".join(f"    {_toml_value(v)},\n" for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    raise TypeError(f"no TOML for {value!r}")


def _toml_table(name: str, table: dict) -> str:
    lines = [f"[{name}]"] + [f"{key} = {_toml_value(v)}" for key, v in table.items()]
    return "\n".join(lines) + "\n"


def student_pyproject() -> str:
    """The student repository's pyproject.toml, derived from this one so that name, version
    and dependencies cannot drift: the instructor's extras and ``[tool.course]`` are left out."""
    meta = pyproject()
    project = {k: v for k, v in meta["project"].items() if k not in ("optional-dependencies", "scripts", "readme")}
    project["readme"] = "README.md"
    project["license"] = "MIT"
    project["license-files"] = ["LICENSE"]
    extras = {k: v for k, v in meta["project"].get("optional-dependencies", {}).items() if k == "labs"}
    parts = [
        "# The course_utils package of the student edition, written by the instructor's `make publish`.\n"
        "# Install it with the line of the README; do not edit it here.\n",
        # setuptools 77 reads `license` as an SPDX expression; pip's isolated build gets it.
        _toml_table("build-system", {**meta["build-system"], "requires": ["setuptools>=77"]}),
        _toml_table("project", project),
    ]
    if extras:
        parts.append(_toml_table("project.optional-dependencies", extras))
    if meta["project"].get("scripts"):
        parts.append(_toml_table("project.scripts", meta["project"]["scripts"]))
    parts.append(_toml_table("tool.setuptools.packages.find", {"include": ["course_utils*"]}))
    return "\n".join(parts)


def lab_title(lab: str) -> str:
    """The title of a release notebook (its first heading), without the "Lab NN —" prefix."""
    nb = json.loads((ROOT / "release" / lab / f"{lab}.ipynb").read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return re.sub(r"^Lab\s*\d+\s*[—–-]\s*", "", line[2:].strip())
    return lab


def colab_url(lab: str) -> str:
    conf = course_config()
    github = conf["student_repo"].removeprefix("https://github.com/").removesuffix(".git")
    return f"https://colab.research.google.com/github/{github}/blob/{conf['student_tag']}/release/{lab}/{lab}.ipynb"


def student_readme() -> str:
    conf = course_config()
    rows = "\n".join(
        f"| {lab.removeprefix('lab')} | {lab_title(lab)} | [abrir no Colab]({colab_url(lab)}) |" for lab in labs())
    template = string.Template((STUDENT / "README.md").read_text())
    return template.substitute(
        student_repo=conf["student_repo"], tag=conf["student_tag"], labs_table=rows,
        install=install_requirement(), version=pyproject()["project"]["version"])


def write_edition(dest: Path) -> None:
    """Write the edition into ``dest`` (an empty or new folder)."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    for lab in labs():
        shutil.copytree(ROOT / "release" / lab, dest / "release" / lab, ignore=ignore)
    shutil.copytree(ROOT / "course_utils", dest / "course_utils", ignore=ignore)
    (dest / "pyproject.toml").write_text(student_pyproject())
    (dest / "README.md").write_text(student_readme())
    shutil.copyfile(STUDENT / "LICENSE", dest / "LICENSE")


# --------------------------------------------------------------------------- what must not leak

def strip_comment(line: str) -> str:
    """``line`` without its ``#`` comment (a ``#`` inside a string literal stays)."""
    quote, i = None, 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 1
            elif line.startswith(quote, i):
                i += len(quote) - 1
                quote = None
        elif ch in "'\"":
            quote = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else ch
            i += len(quote) - 1
        elif ch == "#":
            return line[:i]
        i += 1
    return line


def normalize(line: str) -> str:
    """The form lines are compared in: no comment, no whitespace at all, one kind of quote,
    no trailing comma or semicolon (a line cut from a longer call), no line continuation."""
    text = (strip_comment(line) if "#" in line else line).replace("'", '"')
    text = re.sub(r"\s+", "", text)
    return text.rstrip("\\").rstrip(",;")


TOKEN_RE = re.compile(r"""[A-Za-z_]\w*|\d[\w.]*(?:[eE][-+]?\d+)?|"[^"]*"|'[^']*'|\*\*|//|->|[-+*/%@<>!=&|^~]=?|\S""")
PUNCTUATION = set("()[]{}.,:;=") | {"->"}


def meaningful_tokens(line: str) -> list[str]:
    """Names, keywords, literals and operators of a line: its tokens less brackets and punctuation."""
    return [t for t in TOKEN_RE.findall(strip_comment(line)) if t not in PUNCTUATION]


MIN_TOKENS = 3


IMPORT_RE = re.compile(r"^\s*(?:from\s+[\w.]+\s+)?import\s")


def is_trivial(line: str) -> bool:
    """A line that tells nothing about an answer:

    * fewer than MIN_TOKENS meaningful tokens: ``return x``, ``pass``, ``)``, ``else:``,
      ``super().__init__()``, ``model.eval()``; any line that does something
      (``return bn(x)``, ``x = torch.cat(...)``) has three or more;
    * a statement that does nothing: ``x = x``, ``model.fc = model.fc``;
    * an import: it only names a module; what an answer does with it is on other lines.
    """
    code = strip_comment(line).strip()
    if IMPORT_RE.match(code):
        return True
    sides = [re.sub(r"\s+", "", s) for s in re.split(r"(?<![=!<>])=(?!=)", code)]
    if len(sides) == 2 and sides[0] == sides[1]:
        return True
    return len(meaningful_tokens(line)) < MIN_TOKENS


@dataclass(frozen=True)
class Needle:
    """One thing students must not get: a line (compared after :func:`normalize`) or a value."""

    kind: str     # "solution", "hidden test", "mutant", "expected number", "expected string"
    origin: str   # where it comes from, e.g. "solutions/lab01/length.py"
    text: str     # as written there
    key: object   # normalized line, number, or normalized string


def _cells(lab: str) -> list[dict]:
    return json.loads((ROOT / "source" / lab / f"{lab}.ipynb").read_text())["cells"]


def public_code() -> list[str]:
    """What the instructor's sources show students: every source notebook with its solution
    regions and hidden tests cut out (what nbgrader makes the release from). Taken from the
    sources, not from the release, so that a leak into the release cannot whitelist itself."""
    public = []
    for lab in labs():
        for cell in _cells(lab):
            text = "".join(cell["source"])
            public.append(HIDDEN_RE.sub("", SOLUTION_RE.sub("", text)))
    return public


def _literals(code: str) -> list[tuple[str, str]]:
    """(type, text) of the NUMBER and STRING tokens of a piece of code."""
    code = textwrap.dedent(code)
    try:
        return [(tokenize.tok_name[t.type], t.string) for t in tokenize.generate_tokens(io.StringIO(code).readline)
                if t.type in (tokenize.NUMBER, tokenize.STRING)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [("NUMBER" if t[0].isdigit() else "STRING", t) for t in TOKEN_RE.findall(strip_comment(code))
                if t[0].isdigit() or t[0] in "'\""]


def number_value(text: str):
    try:
        value = float(text.replace("_", "")) if re.search(r"[.eE]", text) and not text.lower().startswith("0x") \
            else int(text.replace("_", ""), 0)
    except ValueError:
        return None
    return float(value)


def significant_digits(value: float) -> int:
    digits = re.sub(r"e.*$", "", f"{abs(value):.12g}").replace(".", "").strip("0")
    return len(digits)


MIN_DIGITS = 3   # 37_918_180, 0.8731 and 101 are evidence; 65, 1e-5 and 100 are not
MIN_STRING = 8   # characters, whitespace aside


def is_telling_number(value: float) -> bool:
    """A number is evidence of a hidden test only if it has MIN_DIGITS significant digits or
    more (a parameter count, 0.1234): 2, 65, 1e-5 or 100 turn up in any code by chance."""
    return significant_digits(value) >= MIN_DIGITS


def string_content(token: str) -> str | None:
    """Content of a string literal; None for f-strings and the like."""
    m = re.fullmatch(r"""(?i)([rbu]*)("{3}|'{3}|"|')(.*)\2""", token, re.S)
    if not m or "f" in m.group(1).lower():
        return None
    return m.group(3)


def string_value(token: str) -> str | None:
    """Content of a string literal, whitespace removed (the form strings are compared in)."""
    content = string_content(token)
    return None if content is None else re.sub(r"\s+", "", content)


def is_telling_string(content: str) -> bool:
    """A string is evidence only if it is a phrase or a formula: MIN_STRING characters or more,
    and not trivial when read as a line (:func:`is_trivial`). "tokens (CIFAR, patch 4)" is;
    "cuda", "weight" or "v2.RandomHorizontalFlip()" is a name."""
    return len(re.sub(r"\s+", "", content)) >= MIN_STRING and not is_trivial(content)


def vocabulary_sources() -> list[Path]:
    """The Python standard library, torch and torchvision: code every student already has."""
    import sysconfig  # noqa: PLC0415

    import torch  # noqa: PLC0415
    import torchvision  # noqa: PLC0415

    return [Path(sysconfig.get_paths()["stdlib"]), Path(torch.__file__).parent, Path(torchvision.__file__).parent]


def in_vocabulary(keys: set[str]) -> set[str]:
    """Those of ``keys`` (normalized lines) that are whole lines of :func:`vocabulary_sources`."""
    found = set()
    for root in vocabulary_sources():
        for path in root.rglob("*.py"):
            if "site-packages" in path.relative_to(root).parts:
                continue
            try:
                text = path.read_text(errors="replace")
            except OSError:
                continue
            # normalize(), done once per file for speed: quotes, whitespace, then comments
            squeezed = re.sub(r"[ \t\f\v\r]+", "", text.replace("'", '"'))
            lines = {strip_comment(ln) if "#" in ln else ln for ln in squeezed.split("\n")}
            found |= keys & {ln.rstrip("\\").rstrip(",;") for ln in lines}
    return found


def _line_needles(kind: str, origin: str, text: str, public: str) -> list[Needle]:
    """Needles for the lines of ``text``, less trivial lines and lines shown in ``public``
    (the normalized public lines, one per line: a needle found inside one of them is public)."""
    out = []
    for line in text.splitlines():
        key = normalize(line)
        if key and key not in public and not is_trivial(line):
            out.append(Needle(kind, origin, line.strip(), key))
    return out


def mutant_lines(lab: str) -> list[tuple[str, str]]:
    """(origin, text) for every mutant of ``solutions/mutants/<lab>.toml``, ``extra`` ones
    included: the lines of its answer that it changes (the answer cell with ``old`` replaced by
    ``new``, less the reference's lines), or its ``new`` text where ``old`` no longer applies."""
    path = ROOT / "solutions" / "mutants" / f"{lab}.toml"
    if not path.exists():
        return []
    with open(path, "rb") as f:
        entries = tomllib.load(f).get("mutant", [])
    out = []
    for m in entries:
        origin = f"solutions/mutants/{lab}.toml:{m.get('name', '?')}"
        ref_path = ROOT / "solutions" / lab / f"{m.get('question')}.py"
        reference = ref_path.read_text() if ref_path.exists() else ""
        old, new = m.get("old", ""), m.get("new", "")
        if old and reference.count(old) == 1:
            ref_keys = {normalize(line) for line in reference.splitlines()}
            changed = "\n".join(line for line in reference.replace(old, new).splitlines()
                                if normalize(line) not in ref_keys)
        else:
            changed = new
        out.append((origin, changed))
    return out


def secrets() -> list[Needle]:
    """Every line of every solution region (solutions/<lab>/*.py and the source notebooks),
    every line of every hidden test, every line a mutant changes, and every number and string
    the hidden tests hold, less what students see or have anyway:

    * what the public part of the sources shows (:func:`public_code`: given code, prose,
      signatures and docstrings of answer cells, visible tests), compared as the scan compares:
      a line found inside a public line, a string inside the public text, a number among its
      literals;
    * whole lines of the code students have installed before the course gives them anything
      (:func:`vocabulary_sources`: ``torch.manual_seed(seed)``, ``def __iter__(self):``);
    * trivial lines (:func:`is_trivial`), and numbers and strings that tell nothing
      (:func:`is_telling_number`, :func:`is_telling_string`).

    A mutant counts by the whole lines it changes in its answer: its ``new`` text alone may be a
    fragment ("F.relu(out)", "dtype=torch.long") that any code holds.
    """
    public_text = public_code()
    public = "\n".join(normalize(ln) for text in public_text for ln in text.splitlines())
    public_squeezed = re.sub(r"\s+", "", "\n".join(public_text))
    public_numbers, public_strings = set(), set()
    for text in public_text:
        for kind, tok in _literals(text):
            if kind == "NUMBER":
                public_numbers.add(number_value(tok))
            else:
                public_strings.add(string_value(tok))

    needles: list[Needle] = []
    hidden_blocks: list[tuple[str, str]] = []
    for lab in labs():
        for path in sorted((ROOT / "solutions" / lab).glob("*.py")):
            for region in SOLUTION_RE.findall(path.read_text()):
                needles += _line_needles("solution", str(path.relative_to(ROOT)), region, public)
        # The built notebook and its text source (the same regions, unless one is stale).
        texts = [(f"source/{lab}/{lab}.ipynb", "".join(cell["source"])) for cell in _cells(lab)]
        nb_py = ROOT / "source" / lab / f"{lab}.nb.py"
        if nb_py.exists():
            texts.append((str(nb_py.relative_to(ROOT)), nb_py.read_text()))
        for origin, text in texts:
            for region in SOLUTION_RE.findall(text):
                needles += _line_needles("solution", origin, region, public)
            for region in HIDDEN_RE.findall(text):
                needles += _line_needles("hidden test", origin, region, public)
                hidden_blocks.append((origin, region))
        checks = ROOT / "tools" / "verdict" / "labs" / f"{lab}.py"
        if checks.exists():  # the lab's hidden tests, run by the grading process: all of the file
            origin, text = str(checks.relative_to(ROOT)), checks.read_text()
            needles += _line_needles("hidden test", origin, text, public)
            hidden_blocks.append((origin, text))
        for origin, changed in mutant_lines(lab):
            needles += _line_needles("mutant", origin, changed, public)
    vocabulary = in_vocabulary({n.key for n in needles})
    needles = [n for n in needles if n.key not in vocabulary]

    for origin, region in hidden_blocks:
        for kind, tok in _literals(region):
            if kind == "NUMBER":
                value = number_value(tok)
                if value is not None and value not in public_numbers and is_telling_number(value):
                    needles.append(Needle("expected number", origin, tok, value))
            else:
                content, key = string_content(tok), string_value(tok)
                # one-line strings: a docstring tells how a check works, not what it expects
                if content is not None and "\n" not in content and key not in public_strings \
                        and key not in public_squeezed and is_telling_string(content):
                    needles.append(Needle("expected string", origin, tok, key))
    unique = {}
    for n in needles:
        unique.setdefault((n.kind, n.key), n)
    return list(unique.values())


# --------------------------------------------------------------------------- the scan

@dataclass(frozen=True)
class Hit:
    needle: Needle
    where: str   # file (and archive member), line number
    line: str    # the line found there

    def __str__(self) -> str:
        return f"{self.where}: {self.needle.kind} from {self.needle.origin}: {self.needle.text!r}\n    found: {self.line.strip()[:160]!r}"


def archive_members(name: str, data: bytes):
    """(member name, bytes) of a wheel/zip or a tar(.gz) archive; None if ``data`` is neither."""
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(i.filename, z.read(i)) for i in z.infolist() if not i.is_dir()]
    if name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            return [(m.name, t.extractfile(m).read()) for m in t.getmembers() if m.isfile()]
    return None


def text_views(name: str, data: bytes) -> list[tuple[str, str]]:
    """(where, text) views of a file: its text; for a notebook, also each cell's source and
    outputs as decoded from the JSON (escapes such as \\n or \\" would hide a line in the raw text)."""
    text = data.decode("utf-8", errors="replace")
    views = [(name, text)]
    if name.endswith(".ipynb"):
        try:
            nb = json.loads(text)
        except ValueError:
            return views
        for i, cell in enumerate(nb.get("cells", [])):
            src = cell.get("source", "")
            views.append((f"{name}#cell{i}", "".join(src) if isinstance(src, list) else src))
            for out in cell.get("outputs", []):
                for value in [out.get("text", "")] + list(out.get("data", {}).values()):
                    views.append((f"{name}#cell{i}-output", "".join(value) if isinstance(value, list) else str(value)))
    return views


def files_of(root: Path) -> list[tuple[str, bytes]]:
    """Every file under ``root`` (``.git`` aside), archives opened: (name, bytes)."""
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in KEEP or not path.is_file():
            continue
        data = path.read_bytes()
        out.append((str(rel), data))
        for member, content in archive_members(path.name, data) or []:
            out.append((f"{rel}!{member}", content))
    return out


def refused_paths(names: list[str], top_level: bool = True) -> list[str]:
    """Names that students must not get: instructor folders and files anywhere, nbgrader
    source notebooks, and (for the edition itself) anything outside EDITION_ENTRIES."""
    bad = []
    for name in names:
        parts = re.split(r"[/!]", name)
        if INSTRUCTOR_NAMES & set(parts):
            bad.append(f"{name}: instructor-only")
        elif top_level and "!" not in name and parts[0] not in EDITION_ENTRIES | KEEP:
            bad.append(f"{name}: not part of the student edition ({', '.join(sorted(EDITION_ENTRIES))})")
    return bad


def scan(files: list[tuple[str, bytes]], needles: list[Needle] | None = None) -> list[Hit]:
    """Look for every needle in every file (lines compared after :func:`normalize`, a needle
    line found inside a longer line counts; numbers and strings as literals of any line)."""
    needles = secrets() if needles is None else needles
    lines_ = [n for n in needles if isinstance(n.key, str) and n.kind not in ("expected string",)]
    numbers = {n.key: n for n in needles if n.kind == "expected number"}
    strings = [n for n in needles if n.kind == "expected string"]
    hits: list[Hit] = []
    for name, data in files:
        for where, text in text_views(name, data):
            for marker in SECRET_MARKERS:
                if f"### {marker}" in text:
                    hits.append(Hit(Needle("marker", "nbgrader", f"### {marker}", marker), where, marker))
            for no, line in enumerate(text.splitlines(), 1):
                key = normalize(line)
                if not key:
                    continue
                for n in lines_:
                    if n.key in key:
                        hits.append(Hit(n, f"{where}:{no}", line))
                for tok in re.findall(r"(?<![\w.])\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?", line):
                    value = number_value(tok)
                    if value in numbers:
                        hits.append(Hit(numbers[value], f"{where}:{no}", line))
                squeezed = re.sub(r"\s+", "", line)
                for n in strings:
                    if n.key in squeezed:
                        hits.append(Hit(n, f"{where}:{no}", line))
    return hits


# --------------------------------------------------------------------------- make publish

def _human(size: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def publish(dest: Path) -> int:
    dest = dest.resolve()
    if dest == ROOT or dest in ROOT.parents:
        print(f"publish: refusing to write into {dest}, which holds this repository", file=sys.stderr)
        return 2
    if dest.exists():
        stray = sorted(p.name for p in dest.iterdir() if p.name not in EDITION_ENTRIES | KEEP)
        if stray:
            print(f"publish: {dest} holds {', '.join(stray)}: not a student edition, refusing to overwrite it",
                  file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        new = Path(tmp) / "edition"
        write_edition(new)
        files = files_of(new)
        refused = refused_paths([name for name, _ in files])
        needles = secrets()
        hits = scan(files, needles)
        if refused or hits:
            print(f"publish: the student edition would leak; nothing written to {dest}", file=sys.stderr)
            for line in refused:
                print("  " + line, file=sys.stderr)
            for hit in hits:
                print("  " + str(hit), file=sys.stderr)
            return 1
        dest.mkdir(parents=True, exist_ok=True)
        for entry in dest.iterdir():
            if entry.name not in KEEP:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        for entry in new.iterdir():
            shutil.move(str(entry), dest / entry.name)
    written = [p for p in dest.rglob("*") if p.is_file() and p.relative_to(dest).parts[0] not in KEEP]
    size = sum(p.stat().st_size for p in written)
    conf = course_config()
    try:
        shown = dest.relative_to(Path.cwd())
    except ValueError:
        shown = dest
    print(f"publish: wrote {len(written)} files ({_human(size)}) to {shown}/")
    for entry in sorted(EDITION_ENTRIES):
        files_in = [p for p in written if p.relative_to(dest).parts[0] == entry]
        print(f"  {entry + ('/' if (dest / entry).is_dir() else ''):16} {len(files_in):3} files "
              f"{_human(sum(p.stat().st_size for p in files_in)):>10}")
    print(f"scan: {len(files)} files, {len(needles)} secrets looked for, 0 hits")
    print(f"next: push it to {conf['student_repo']} and tag the commit {conf['student_tag']} "
          "(the notebooks install that tag)")
    return 0


def main(argv: list[str]) -> int:
    dest = Path(argv[0]) if argv else DEFAULT_DEST
    return publish(dest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
