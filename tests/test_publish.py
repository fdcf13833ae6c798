"""Nothing students get holds a graded solution, a hidden test or a mutant.

Builds the student edition (``make publish``) into a temporary folder, builds the wheel
and the sdist of ``course_utils`` from it, and scans every file of all three (archives
opened, notebooks read as text and cell by cell) for what tools.publish.secrets() lists.
The scanner itself is proved by planting leaks in a copy of the edition.
"""
import collections
import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tools import publish
from tools.build_notebooks import ROOT, course_config, install_cell_source, labs

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(scope="module")
def needles():
    return publish.secrets()


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    dest = tmp_path_factory.mktemp("edition") / "student"
    publish.write_edition(dest)
    return dest


@pytest.fixture(scope="module")
def archives(edition, tmp_path_factory):
    """The wheel and the sdist of course_utils, built from a copy of the edition with
    setuptools' own PEP 517 backend (what pip runs; no network, no build isolation)."""
    work = tmp_path_factory.mktemp("build")
    shutil.copytree(edition, work / "src")
    out = work / "dist"
    out.mkdir()
    for hook in ("build_wheel", "build_sdist"):  # one process each, as pip and `build` do
        script = f"import sys; from setuptools import build_meta; print(build_meta.{hook}(sys.argv[1]))"
        proc = subprocess.run([sys.executable, "-c", script, str(out)], cwd=work / "src",
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return sorted(out.iterdir())


def test_edition_holds_what_students_get_and_nothing_else(edition):
    top = {p.name for p in edition.iterdir()}
    assert top == publish.EDITION_ENTRIES
    for lab in labs():
        assert (edition / "release" / lab / f"{lab}.ipynb").read_bytes() == \
            (ROOT / "release" / lab / f"{lab}.ipynb").read_bytes()
    assert {p.name for p in (edition / "release").iterdir()} == set(labs())
    library = {p.relative_to(ROOT) for p in (ROOT / "course_utils").rglob("*.py")}
    assert {p.relative_to(edition) for p in (edition / "course_utils").rglob("*") if p.is_file()} == library
    assert publish.refused_paths([str(p.relative_to(edition)) for p in edition.rglob("*")]) == []


def test_refuses_instructor_folders(tmp_path):
    names = ["README.md", "course_utils/core.py", "solutions/lab01/length.py", "release/lab01/source/x.ipynb",
             "tools/publish.py", "tests/test_release.py", "autograded/a/lab01/lab01.ipynb", "gradebook.db",
             "submitted/s/lab01/lab01.ipynb", "feedback/s/lab01/lab01.html", "grades.csv", "notes.txt",
             "dist/course_utils-0.1.0.tar.gz!course_utils-0.1.0/source/lab01/lab01.ipynb"]
    refused = {line.split(":")[0] for line in publish.refused_paths(names)}
    assert refused == set(names) - {"README.md", "course_utils/core.py"}


def test_student_pyproject_installs_course_utils_at_this_version(edition, archives):
    meta = tomllib.loads((edition / "pyproject.toml").read_text())
    assert meta["project"]["name"] == "course-utils" and meta["project"]["version"] == VERSION
    main = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["project"]["dependencies"] == main["dependencies"]
    assert meta["project"]["optional-dependencies"]["labs"] == main["optional-dependencies"]["labs"]
    assert set(meta["project"]["optional-dependencies"]) == {"labs"}, "the instructor's extras stay here"
    assert "course" not in meta.get("tool", {})
    wheel = next(p for p in archives if p.suffix == ".whl")
    sdist = next(p for p in archives if p.name.endswith(".tar.gz"))
    assert wheel.name == f"course_utils-{VERSION}-py3-none-any.whl" and sdist.name == f"course_utils-{VERSION}.tar.gz"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = z.read(f"course_utils-{VERSION}.dist-info/METADATA").decode()
    assert {f"course_utils/{p.name}" for p in (ROOT / "course_utils").glob("*.py")} <= names
    assert "Name: course-utils" in metadata and f"Version: {VERSION}" in metadata
    assert {n.split("/")[0] for n in names} == {"course_utils", f"course_utils-{VERSION}.dist-info"}


def test_install_cell_and_readme_name_the_student_repository_at_the_tag():
    conf = course_config()
    repo, tag = conf["student_repo"], conf["student_tag"]
    assert tag == f"v{VERSION}", "the tag comes from the version: library and notebooks cannot drift"
    assert repo.startswith("https://github.com/")
    cell = install_cell_source()
    assert f'"course-utils[labs] @ git+{repo}@{tag}"' in cell
    assert {url.rstrip(".") for url in re.findall(r"https?://[\w.-]+(?:/[\w.-]+)*", cell)} == {repo}
    readme = publish.student_readme()
    github = repo.removeprefix("https://github.com/")
    for lab in labs():
        url = f"https://colab.research.google.com/github/{github}/blob/{tag}/release/{lab}/{lab}.ipynb"
        assert f"]({url})" in readme
    for url in re.findall(r"https?://[^\s)\"']+", readme):
        assert url.startswith(("https://colab.research.google.com/github/" + github + "/", repo)), url
    for word in ("Colab", "não apague", "duplique", "smoke", "entregar", "COURSE_SMOKE=1"):
        assert word.lower() in readme.lower(), word


def _run_cell(source: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "IPython", "--no-banner", "--colors=NoColor", "-c", source],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)


def test_install_cell_does_nothing_where_course_utils_is_importable(tmp_path):
    """The grading kernel and a local install: no pip, no output."""
    guard = "import subprocess\ndef no(*a, **k): raise AssertionError('pip ran')\nsubprocess.run = no\n"
    proc = _run_cell(guard + install_cell_source() + "\nprint('ok')", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "ok" and proc.stderr == ""


def test_install_cell_fails_with_a_short_portuguese_message_on_a_wrong_address(tmp_path):
    """Where course_utils is missing and the address cannot be reached, the cell stops with
    our message only: no pip output, no traceback (a local path stands for the network)."""
    repo = course_config()["student_repo"]
    source = install_cell_source()
    broken = (source.replace('find_spec("course_utils")', 'find_spec("course_utils_not_installed")')
              .replace(f"git+{repo}@", f"git+file://{tmp_path}/no-such-repository@"))
    assert broken != source
    proc = _run_cell(broken + "\nprint('depois')", tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "Não foi possível instalar o course_utils" in output and "internet" in output
    assert "depois" not in output, "the cell must stop there"
    for noise in ("Traceback", "ERROR", "error:", "git clone", "pip install", "subprocess"):
        assert noise not in output, output
    assert len(output.strip().splitlines()) <= 4, output


def test_secrets_cover_every_lab(needles):
    kinds = collections.Counter(n.kind for n in needles)
    assert set(kinds) >= {"solution", "hidden test", "mutant", "expected string"}, kinds
    for lab in labs():
        for kind, folder in (("solution", f"solutions/{lab}/"), ("hidden test", f"tools/verdict/labs/{lab}.py"),
                             ("mutant", f"solutions/mutants/{lab}.toml")):
            if kind == "mutant" and not (ROOT / folder).exists():
                continue
            assert any(n.kind == kind and n.origin.startswith(folder) for n in needles), (lab, kind)


def test_student_edition_and_its_wheel_and_sdist_leak_nothing(edition, archives, needles):
    files = publish.files_of(edition)
    refused = publish.refused_paths([name for name, _ in files])
    for archive in archives:
        data = archive.read_bytes()
        members = [(f"{archive.name}!{name}", content) for name, content in publish.archive_members(archive.name, data)]
        refused += publish.refused_paths([name for name, _ in members], top_level=False)
        files += [(archive.name, data)] + members
    hits = publish.scan(files, needles)
    kinds = collections.Counter(n.kind for n in needles)
    print(f"\nscanned {len(files)} files ({sum(len(d) for _, d in files)} bytes, archives opened); "
          f"looked for {len(needles)} secrets: {dict(kinds)}; {len(hits)} hits")
    assert not refused, "\n".join(refused)
    assert not hits, "the student edition leaks:\n" + "\n".join(map(str, hits))


def _plant(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_scanner_finds_planted_leaks(edition, needles, tmp_path):
    """Plant one needle of each kind, disguised (other indentation and spacing, a comment,
    other quotes, inside a longer line, inside a notebook's JSON), and expect each found."""
    copy = tmp_path / "copy"
    shutil.copytree(edition, copy)
    by_kind = {kind: [n for n in needles if n.kind == kind] for kind in
               ("solution", "hidden test", "mutant", "expected number", "expected string")}
    solution = max(by_kind["solution"], key=lambda n: len(n.text))
    hidden = max(by_kind["hidden test"], key=lambda n: len(n.text))
    mutant = max(by_kind["mutant"], key=lambda n: len(n.text))
    # A solution line, re-indented, re-spaced and commented, in the library.
    respaced = re.sub(r"\s*([=,(])\s*", r" \1  ", solution.text).replace('"', "'")
    _plant(copy / "course_utils" / "core.py", f"\n\ndef helper():\n        {respaced}  # nada a ver\n")
    # A hidden-test line, with other whitespace and a comment, in a release notebook's cell.
    lab = labs()[-1]
    nb_path = copy / "release" / lab / f"{lab}.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"][-1]["source"] = "".join(nb["cells"][-1]["source"]) + "\n" + \
        "\t" + re.sub(r",\s*", " ,\t", hidden.text) + "   # dica\n"
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    # A mutant line inside a longer line of the README.
    _plant(copy / "README.md", f"\nExemplo: `y = 0; {mutant.text}`\n")
    planted = [("course_utils/core.py", solution), (f"release/{lab}/{lab}.ipynb", hidden), ("README.md", mutant)]
    if by_kind["expected number"]:
        number = by_kind["expected number"][0]
        _plant(copy / "course_utils" / "checks.py", f"\nLIMIT = {number.text}\n")
        planted.append(("course_utils/checks.py", number))
    string_needle = by_kind["expected string"][0]
    _plant(copy / "course_utils" / "plots.py", f"\nTITLE = {string_needle.text}\n")
    planted.append(("course_utils/plots.py", string_needle))

    before = set(publish.scan(publish.files_of(edition), needles))  # real leaks, if any: another test's business
    hits = [h for h in publish.scan(publish.files_of(copy), needles) if h not in before]
    for file, needle in planted:
        assert any(h.needle == needle and h.where.startswith(file) for h in hits), \
            f"planted {needle.kind} {needle.text!r} in {file} was not found"
    assert {h.where.split(":")[0].split("#")[0] for h in hits} == {file for file, _ in planted}, \
        "hits outside the planted files: " + "\n".join(map(str, hits))

    # An instructor folder, and a leak inside an archive.
    (copy / "solutions").mkdir()
    (copy / "solutions" / "x.py").write_text("")
    wheel = copy / "course_utils.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("course_utils/extra.py", f"    {solution.text}\n")
    files = publish.files_of(copy)
    assert any(r.startswith("solutions/x.py") for r in publish.refused_paths([n for n, _ in files]))
    assert any(h.where.startswith("course_utils.whl!course_utils/extra.py") and h.needle == solution
               for h in publish.scan(files, needles))


def test_normalisation_ignores_whitespace_comments_and_quotes():
    assert publish.normalize("  x = f(a, 'b')  # comentário") == publish.normalize('x=f(a,"b")')
    assert publish.normalize('s = "# não é comentário"') != publish.normalize("s =")
    assert publish.normalize("    nn.Linear(512, 10),") == publish.normalize("nn.Linear(512,10)")
    for line in ("return x", "pass", ")", "])", "else:", "super().__init__()", "x = x", "model.fc = model.fc",
                 "from torch import nn", "import math"):
        assert publish.is_trivial(line), line
    for line in ("return bn(x)", "x = torch.cat([cls, x], dim=1)", "return F.relu(out + identity)"):
        assert not publish.is_trivial(line), line


def test_make_publish_writes_the_edition_and_says_what(tmp_path, needles, monkeypatch, capsys):
    monkeypatch.setattr(publish, "secrets", lambda: needles)
    dest = tmp_path / "alunos"
    (dest / ".git").mkdir(parents=True)  # a clone of the student repository: kept
    (dest / "release").mkdir()
    (dest / "release" / "stale.ipynb").write_text("{}")
    assert publish.publish(dest) == 0
    out = capsys.readouterr().out
    count = sum(1 for p in dest.rglob("*") if p.is_file() and ".git" not in p.parts)
    assert f"wrote {count} files" in out and str(dest) in out and "KiB" in out
    assert (dest / ".git").is_dir() and not (dest / "release" / "stale.ipynb").exists()
    assert {p.name for p in dest.iterdir()} == publish.EDITION_ENTRIES | {".git"}
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert publish.publish(other) == 2 and (other / "notes.txt").exists()
