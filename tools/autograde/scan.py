"""Scan: what a submission's answers reach for, and what a feedback page would show.

:func:`tampering` reads every code cell that runs (answer cells, given cells the student
edited, cells the student added; lines that are the release's own are not evidence) and
returns evidence lines for what reaches into the interpreter or the grading machinery, or
outside the submission: IPython's machinery and hooks, interpreter internals (tracing,
frames, the garbage collector, process memory), dynamic code, rebinding of the names the
tests use, files outside the working folder, sockets, subprocesses, databases, and a cell
that does not parse. Ordinary code is not evidence: reading files in the folder, ``glob``,
threads for I/O, progress prints, ``getattr`` on a config. Evidence does not change a score
(the grading process proves each point, :mod:`tools.verdict`): the submission is flagged for
an instructor to read, and its row is pending in the export until they decide.

:func:`leaks` looks for hidden-test and solution lines in a feedback page.
"""
from __future__ import annotations

import ast
import html
import re

# Modules whose import alone is evidence: interpreter internals, processes, network, databases.
MODULES = {
    "IPython": "IPython's machinery", "builtins": "builtins",
    "importlib": "dynamic import", "inspect": "introspection", "gc": "the garbage collector",
    "ctypes": "process memory", "types": "code objects", "code": "dynamic code",
    "codeop": "dynamic code", "marshal": "bytecode", "socket": "network", "ssl": "network",
    "http": "network", "urllib": "network", "requests": "network", "ftplib": "network", "smtplib": "network",
    "asyncio": "network/processes", "subprocess": "subprocesses", "multiprocessing": "subprocesses",
    "pty": "subprocesses", "signal": "signals", "sqlite3": "databases", "sqlalchemy": "databases",
    "psycopg": "databases", "psycopg2": "databases", "nbgrader": "the grader", "jupyter_client": "the kernel", "zmq": "the kernel",
    "ipykernel": "the kernel", "unittest": "mock/patch", "pytest": "the grader", "atexit": "exit hooks",
    "pickle": "deserialisation", "dill": "deserialisation",
}
# Parts of a listed package that only show things (display(HTML(...)), Image, Markdown).
SAFE_MODULES = {"IPython.display"}
CALLS = {"exec", "eval", "compile", "__import__", "globals", "vars", "breakpoint", "delattr", "input", "exit",
         "quit"}
NAMES = {"get_ipython", "In", "Out", "_ih", "_oh", "_dh", "__builtins__", "__loader__", "__spec__"}
DUNDERS = {"__code__", "__globals__", "__dict__", "__class__", "__subclasses__", "__bases__", "__mro__",
           "__builtins__", "__closure__", "__defaults__", "__kwdefaults__", "__getattribute__", "__setattr__",
           "__import__", "__reduce__", "__self__", "__func__", "__wrapped__"}
OS_ATTRS = re.compile(r"^(system|popen|exec\w*|spawn\w*|fork\w*|kill\w*|_exit|abort|remove|unlink|rmdir|"
                      r"removedirs|rename\w*|replace|chmod|chown|link|symlink|truncate|open|write|setuid|"
                      r"chdir|putenv|unsetenv)$")
# sys is imported to print to stderr; anything else of it reaches into the interpreter.
SYS_OK = {"stdout", "stderr", "version", "version_info", "platform", "maxsize", "float_info", "getsizeof",
          "path", "argv", "executable", "byteorder", "getrecursionlimit", "setrecursionlimit"}
# A string that names a place outside the submission's folder, as a call's argument (open, Path, os...).
PATH = re.compile(r"^(/[\w.~-]|~/|\.\./|\.\.\\|[A-Za-z]:\\)")
HISTORY = re.compile(r"^_i+\d*$|^_\d+$")


def _magics(source: str) -> tuple[str, list[tuple[int, str]]]:
    """The cell without IPython's shell escapes and magics, and the lines that had them."""
    lines, hits = [], []
    for n, line in enumerate(source.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith(("!", "%")):
            hits.append((n, stripped))
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines), hits


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _constant(node: ast.AST | None) -> bool:
    if node is None or isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _constant(node.operand)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_constant(e) for e in node.elts)
    return False


def _parse(source: str) -> tuple[ast.AST, list[tuple[int, str]]]:
    """The cell's syntax tree, as IPython would run it (magics become calls), and the lines
    with magics or shell escapes; a cell that does not parse is evidence in itself."""
    from IPython.core.inputtransformer2 import TransformerManager

    _, magic = _magics(source)
    found = [(n, f"shell command or IPython magic: {m[:60]}") for n, m in magic]
    try:
        code = TransformerManager().transform_cell(source)
        return ast.parse(code), found
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", 0) or 0
        found.append((line, f"the cell does not parse ({type(exc).__name__}): it cannot be read, so it is shown"))
        return ast.Module(body=[], type_ignores=[]), found


def _local_names(tree: ast.AST) -> set[ast.AST]:
    """Name nodes bound inside a function (a local ``scores`` is not the notebook's ``scores``),
    unless the function declares them ``global``."""
    local: set[ast.AST] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            declared = {n for g in ast.walk(fn) if isinstance(g, (ast.Global, ast.Nonlocal)) for n in g.names}
            local |= {n for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                      and n.id not in declared}
    return local


def tampering(cells: dict[str, str], protected: set[str], given: dict[str, str]) -> list[str]:
    """Evidence lines, ``'<cell> line N: <code> (<why>)'``, for every code cell of a submission.

    ``protected`` holds the names that the locked cells import or define (``torch``,
    ``check_close``, ...): rebinding one of them, or an attribute of one, is evidence.
    ``given`` holds the release's code cells: their lines (the signature,
    ``SimpleDataLoader.__len__ = loader_len``) are the course's, not evidence.
    """
    evidence = []
    ours = {normalize(ln) for source in given.values() for ln in source.splitlines()}
    for question, source in cells.items():
        lines = source.splitlines()
        tree, found = _parse(source)
        local = _local_names(tree)
        for node in ast.walk(tree):
            why = _why(node, protected - {"*"} if node not in local else set())
            if why:
                found.append((getattr(node, "lineno", 0), why))
        for n, why in sorted(set(found)):
            line = lines[n - 1] if 0 < n <= len(lines) else ""
            if normalize(line) in ours and "parse" not in why:
                continue
            snippet = line.strip()[:80]
            evidence.append(f"{question} line {n}: `{snippet}` ({why})")
    return evidence


def _why(node: ast.AST, protected: set[str]) -> str | None:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        for name in names:
            top = name.split(".")[0]
            if name in SAFE_MODULES and (isinstance(node, ast.ImportFrom) or all(a.asname for a in node.names)):
                continue  # showing an image or a table; the bare `import IPython.display` binds IPython itself
            if top in MODULES:
                return f"imports {name}: {MODULES[top]}"
            if top == "os" and isinstance(node, ast.ImportFrom) and any(OS_ATTRS.match(a.name) for a in node.names):
                return "imports process/file functions of os"
        if isinstance(node, ast.ImportFrom) and node.level:
            return "relative import"
        return None
    if isinstance(node, ast.Name):
        if node.id in NAMES or HISTORY.match(node.id):
            return f"uses {node.id}: IPython's machinery or the cell history"
        if node.id in CALLS and isinstance(getattr(node, "ctx", None), ast.Load):
            return f"uses {node.id}: dynamic code, files or the interpreter"
        if isinstance(node.ctx, (ast.Store, ast.Del)) and node.id in protected:
            return f"rebinds {node.id}, which the tests use"
        return None
    if isinstance(node, ast.Attribute):
        dotted = _dotted(node)
        if node.attr in DUNDERS:
            return f"uses {node.attr}: interpreter internals"
        if dotted.startswith("sys.") and dotted.count(".") == 1 and node.attr not in SYS_OK:
            return f"uses {dotted}: the interpreter's internals"
        if dotted.startswith("os.") and OS_ATTRS.match(node.attr):
            return f"uses {dotted}: processes or files"
        if isinstance(node.ctx, ast.Del) and dotted.split(".")[0] in protected:
            return f"deletes {dotted}, which the tests use"
        return None
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and not _constant(node.value):
        # Setting a flag (torch.backends.cudnn.benchmark = False) is fine; putting a
        # function in place of one the tests call (checks.check_close = lambda ...) is not.
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and _dotted(target).split(".")[0] in protected:
                return f"replaces {_dotted(target)}, which the tests use"
        return None
    if isinstance(node, ast.Call):
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and PATH.match(arg.value):
                return f"a path outside the submission's folder: {arg.value[:40]!r}"
        return None
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in protected:
        return f"rebinds {node.name}, which the tests use"
    return None


def imported_names(sources: list[str]) -> set[str]:
    """Names that the locked cells bind: imports, and top-level functions and classes."""
    names = set()
    for source in sources:
        code, _ = _magics(source)
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
    return names - {"*"}


def normalize(line: str) -> str:
    """A line as compared: no comment, no spaces."""
    return re.sub(r"\s+", "", line.split("#", 1)[0])


def stream(text: str) -> str:
    """Text as compared for leaks: no whitespace, and escaped newlines and quotes undone, so
    that a hidden line printed inside a ``repr`` (``print(In)``) is still found."""
    for escaped, plain in (("\\n", "\n"), ("\\t", "\t"), ("\\'", "'"), ('\\"', '"'), ("\\\\", "\\")):
        text = text.replace(escaped, plain)
    return re.sub(r"\s+", "", text)


def secret_lines(source_cells: list[str], release_cells: list[str], min_chars: int = 12) -> set[str]:
    """Normalised lines of hidden tests and solutions that the release does not show,
    not even as part of a longer line."""
    released = stream("\n".join(release_cells))
    secret = set()
    for src in source_cells:
        inside = False
        for line in src.splitlines():
            marker = line.strip()
            if marker in ("### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION"):
                inside = True
            elif marker in ("### END HIDDEN TESTS", "### END SOLUTION"):
                inside = False
            elif inside:
                norm = normalize(line)
                if len(norm) >= min_chars and norm not in released:
                    secret.add(norm)
    return secret


def page_text(page: str) -> str:
    """What a feedback page shows, as one :func:`stream` (styles and scripts left out)."""
    page = re.sub(r"(?is)<(style|script)\b.*?</\1>", "", page)
    return stream(html.unescape(re.sub(r"<[^>]+>", "\n", page)))


def leaks(page: str, secret: set[str], own: str) -> list[str]:
    """Secret lines that a feedback page shows, apart from those found in ``own`` (the
    student's answers: a student who wrote a line of the solution sees their own line)."""
    shown, own = page_text(page), stream(own)
    return sorted(line for line in secret if line in shown and line not in own)
