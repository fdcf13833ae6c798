"""Getting a class into nbgrader, with the real commands and the course's nbgrader_config.py:

- ``make collect LAB=lab01`` (``tools/collect.py``) reads an LMS download (Moodle's "Download
  all submissions" folders and Canvas's flat names) into ``submitted/<id>/<lab>/``, a notebook
  saved as ``Cópia de lab01.ipynb`` included, which the grading engine then finds and grades;
  a Moodle student gets the imported roster's id by full name, not the participant number
  Moodle makes per assignment;
- a hostile or unlucky class beside an honest one: two participants leading to one roster
  student (same and different file names), an uploaded archive holding a classmate's folder,
  a folder and a file name inside an upload named like a classmate's, ``../``, absolute and
  link entries, a notebook over the cap, two notebooks, an unsafe roster id, a formula in a
  name: each is reported by name in ``collect-report.csv``, nobody's files reach a classmate's
  folder, and the honest students are collected as they handed in;
- a download that cannot be read (not a zip, over the caps) is reported and makes the exit
  status non-zero, and the other downloads are still collected;
- ``make roster ROSTER=students.csv`` imports the class roster, so the formgrader shows
  names, not "None, None";
- the exchange is a folder inside the course, so the formgrader has no banner about it.
"""
from __future__ import annotations

import csv
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import nbformat

from tools import grading

LAB = "lab01"
ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"


def _make_in(course: Path) -> list[str]:
    """make's options to run this repository's Makefile in ``course`` with this environment
    (``-o``: the environment is not (re)made for a throw-away course)."""
    return ["-C", str(course), "-f", str(ROOT / "Makefile"), f"VENV={VENV}", "-o", str(VENV / ".installed")]


def _make(course: Path, *args: str) -> subprocess.CompletedProcess:
    """A target of the course's Makefile, run in ``course`` (a throw-away course folder that
    has no ``tools/``: this repository's is put on PYTHONPATH)."""
    proc = subprocess.run(["make", "--no-print-directory", *_make_in(course), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, f"make {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _course(tmp_path: Path) -> Path:
    course = grading.make_course(tmp_path / "course", [LAB])
    (course / "release" / LAB).mkdir(parents=True)
    shutil.copy(ROOT / "release" / LAB / f"{LAB}.ipynb", course / "release" / LAB / f"{LAB}.ipynb")
    return course


def _roster(course: Path, people: list[tuple[str, str, str, str]]) -> None:
    with open(course / "students.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "first_name", "last_name", "email"])
        writer.writerows(people)
    _make(course, "roster", "ROSTER=students.csv")


def _notebook(author: str, answers: dict[str, str] | None = None) -> str:
    """A release notebook filled with ``answers``, marked with its author (so a file found in
    the wrong folder shows whose it is)."""
    nb = grading.fill(LAB, answers or {})
    nb.metadata["autor"] = author
    return nbformat.writes(nb)


def _report(course: Path) -> dict[tuple[str, str], dict[str, str]]:
    """collect-report.csv by (participant, file inside the download)."""
    with open(course / "collect-report.csv", newline="") as f:
        return {(r["participant"], r["file"]): r for r in csv.DictReader(f)}


def _collect(course: Path) -> subprocess.CompletedProcess:
    """``make collect`` without asserting its exit status."""
    return subprocess.run(["make", "--no-print-directory", *_make_in(course), "collect", f"LAB={LAB}"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_make_collect_reads_moodle_and_canvas_downloads(tmp_path):
    course = _course(tmp_path)
    # The roster has university ids; Moodle names students by full name and a participant
    # number of this assignment, which collect maps to the roster's id.
    _roster(course, [("2026001", "Maria", "Souza", "maria@example.edu"),
                     ("2026002", "João", "da Conceição", "joao@example.edu")])
    solution = _notebook("joao", grading.solution_answers(LAB))
    archive = course / "downloaded" / LAB / "archive"
    archive.mkdir(parents=True)
    # Moodle 4: one folder per participant, files as the student named them.
    with zipfile.ZipFile(archive / "CV-2026-Lab 01-1234.zip", "w") as z:
        z.writestr("Maria Souza_1234567_assignsubmission_file_/lab01.ipynb", _notebook("maria"))
        z.writestr("JOAO DA CONCEICAO_7654321_assignsubmission_file_/Cópia de lab01.ipynb", solution)
        z.writestr("JOAO DA CONCEICAO_7654321_assignsubmission_onlinetext_/onlinetext.html", "<p>oi</p>")
        z.writestr("Aluno Ouvinte_3333333_assignsubmission_file_/lab01.ipynb", _notebook("ouvinte"))  # not in the roster
    # Canvas: flat names, <login>_[LATE_]<user id>_<submission id>_<file>.
    with zipfile.ZipFile(archive / "submissions.zip", "w") as z:
        z.writestr("pedroalves_98765_4321_lab01.ipynb", _notebook("pedro"))
        z.writestr("anarocha_LATE_55555_4322_lab01.ipynb", _notebook("ana"))

    out = _make(course, "collect", f"LAB={LAB}").stdout

    submitted = course / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["2026001", "2026002", "3333333", "55555", "98765"]
    assert (submitted / "2026001" / LAB / "lab01.ipynb").read_text() == _notebook("maria")
    assert (submitted / "3333333" / LAB / "lab01.ipynb").read_text() == _notebook("ouvinte")
    assert (submitted / "98765" / LAB / "lab01.ipynb").read_text() == _notebook("pedro")
    assert (submitted / "55555" / LAB / "lab01.ipynb").read_text() == _notebook("ana")
    assert [p.name for p in (submitted / "2026002" / LAB).iterdir()] == ["Cópia de lab01.ipynb"]
    assert not list(submitted.rglob("*.html")), "only notebooks are collected"
    assert "collect lab01: 5 participants; 5 collected, 0 collision, 0 archive, 0 refused, 1 skipped" in out
    report = _report(course)
    assert report[("Moodle 3333333", "Aluno Ouvinte_3333333_assignsubmission_file_/lab01.ipynb")]["reason"] == (
        "not in the roster: collected under the participant number (Moodle's numbers change from one lab to the next)")
    late = report[("Canvas 55555", "anarocha_LATE_55555_4322_lab01.ipynb")]
    assert (late["full_name"], late["student_id"], late["status"]) == ("anarocha", "55555", "collected")

    # Collecting again (a newer download) replaces what was collected.
    (submitted / "98765" / LAB / "old draft.ipynb").write_text("{}")
    _make(course, "collect", f"LAB={LAB}")
    assert [p.name for p in (submitted / "98765" / LAB).iterdir()] == ["lab01.ipynb"]

    # The engine's find step takes the renamed copy and says so (grading a renamed copy to
    # full marks is tested with the hostile class, tests/test_autograde.py).
    from tools.autograde.find import find_submissions

    (found,) = find_submissions(course, LAB, ["2026002"], 10 ** 6)
    assert found.refused is None and found.path.name == "Cópia de lab01.ipynb"
    assert any("Cópia de lab01.ipynb" in note for note in found.notes), found.notes


def test_make_collect_keeps_every_participant_apart(tmp_path):
    course = _course(tmp_path)
    with open(course / "nbgrader_config.py", "a") as f:
        f.write("\nc.Sandbox.submission_mb = 1\n")  # the engine's cap, which collect reads too
    _roster(course, [("2026001", "Maria", "Souza", "maria@example.edu"),
                     ("2026002", "João", "da Conceição", "joao@example.edu"),
                     ("2026003", "Ana", "Lima", "ana@example.edu"),
                     ("2026004", "Bruno", "Dias", "bruno@example.edu"),
                     ("2026005", "Carla", "Reis", "carla@example.edu"),
                     ("2026006", "Daniel", "Melo", "daniel@example.edu"),
                     ("2026007", "Eva", "Nunes", "eva@example.edu"),
                     ("2026*8", "Fábio", "Gomes", "fabio@example.edu")])  # an id that is a glob
    honest = {"maria": _notebook("maria"), "joao": _notebook("joao")}
    inside = zipfile.ZipInfo("Carla Reis_5555555_assignsubmission_file_/lab01.zip")
    nested = tmp_path / "nested.zip"  # Carla's upload: a zip holding a folder named like Maria's
    with zipfile.ZipFile(nested, "w") as z:
        z.writestr("Maria Souza_1234567_assignsubmission_file_/lab01.ipynb", _notebook("carla-as-maria"))
    link = zipfile.ZipInfo("Maria Souza_1234567_assignsubmission_file_/notas.ipynb")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    big = _notebook("eva")[:-2] + ', "pad": "' + "x" * 1_100_000 + '"}\n'
    archive = course / "downloaded" / LAB / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "CV-2026-Lab 01.zip", "w") as z:
        # the honest class
        z.writestr("Maria Souza_1234567_assignsubmission_file_/lab01.ipynb", honest["maria"])
        z.writestr("João da Conceição_7654321_assignsubmission_file_/Cópia de lab01.ipynb", honest["joao"])
        # two participants whose names fold to one roster student: the same file name, then different ones
        z.writestr("Ana Lima_1111111_assignsubmission_file_/lab01.ipynb", _notebook("ana-1"))
        z.writestr("ANA LIMA_1111112_assignsubmission_file_/lab01.ipynb", _notebook("ana-2"))
        z.writestr("Bruno Dias_2222221_assignsubmission_file_/lab01.ipynb", _notebook("bruno-1"))
        z.writestr("Bruno  Dias_2222222_assignsubmission_file_/Cópia de lab01.ipynb", _notebook("bruno-2"))
        # Carla: an archive, a folder and a file named like Maria's, a notebook of her own
        z.writestr(inside, nested.read_bytes())
        z.writestr("Carla Reis_5555555_assignsubmission_file_/Maria Souza_1234567_assignsubmission_file_/lab01.ipynb",
                   _notebook("carla-folder"))
        z.writestr("Carla Reis_5555555_assignsubmission_file_/Maria Souza_1234567_assignsubmission_file_lab01.ipynb",
                   _notebook("carla"))
        # Daniel: two different notebooks; Eva: one over the cap; Fábio: a roster id that is a glob
        z.writestr("Daniel Melo_6666661_assignsubmission_file_/lab01.ipynb", _notebook("daniel-1"))
        z.writestr("Daniel Melo_6666661_assignsubmission_file_/lab01 (1).ipynb", _notebook("daniel-2"))
        z.writestr("Eva Nunes_7777771_assignsubmission_file_/lab01.ipynb", big)
        z.writestr("Fabio Gomes_8888881_assignsubmission_file_/lab01.ipynb", _notebook("fabio"))
        # a name a spreadsheet would run, and entries that lead outside the download
        z.writestr("=HYPERLINK(\"x\")_9999991_assignsubmission_file_/lab01.ipynb", _notebook("formula"))
        z.writestr("../Maria Souza_1234567_assignsubmission_file_/lab01.ipynb", _notebook("dotdot"))
        z.writestr("/tmp/Maria Souza_1234567_assignsubmission_file_/lab01.ipynb", _notebook("absolute"))
        z.writestr(link, "/etc/passwd")

    out = _make(course, "collect", f"LAB={LAB}").stdout

    submitted = course / "submitted"
    folders = {p.name: sorted(q.name for q in (p / LAB).iterdir()) for p in submitted.iterdir()}
    assert folders == {
        "2026001": ["lab01.ipynb"], "2026002": ["Cópia de lab01.ipynb"],
        "1111111": ["lab01.ipynb"], "1111112": ["lab01.ipynb"],
        "2222221": ["lab01.ipynb"], "2222222": ["Cópia de lab01.ipynb"],
        "2026005": ["Maria Souza_1234567_assignsubmission_file_lab01.ipynb"],
        "2026006": ["lab01 (1).ipynb", "lab01.ipynb"],
        "8888881": ["lab01.ipynb"], "9999991": ["lab01.ipynb"]}, folders
    assert (submitted / "2026001" / LAB / "lab01.ipynb").read_text() == honest["maria"]
    assert (submitted / "2026002" / LAB / "Cópia de lab01.ipynb").read_text() == honest["joao"]
    assert (submitted / "1111112" / LAB / "lab01.ipynb").read_text() == _notebook("ana-2")
    assert (submitted / "2026005" / LAB / "Maria Souza_1234567_assignsubmission_file_lab01.ipynb"
            ).read_text() == _notebook("carla")
    assert not list(course.rglob("*carla-as-maria*")) and not (course / "downloaded" / LAB / "extracted").exists()

    report = _report(course)
    status = {key: r["status"] for key, r in report.items()}
    reason = {key: r["reason"] for key, r in report.items()}
    ana = ("Moodle 1111112", "ANA LIMA_1111112_assignsubmission_file_/lab01.ipynb")
    assert status[ana] == "collision" and report[ana]["student_id"] == "1111112"
    assert ("'Ana Lima' (Moodle participant 1111111) and 'ANA LIMA' (Moodle participant 1111112) "
            "all lead to student 2026003") in reason[ana]
    assert status[("Moodle 2222221", "Bruno Dias_2222221_assignsubmission_file_/lab01.ipynb")] == "collision"
    carla = "Carla Reis_5555555_assignsubmission_file_/"
    assert status[("Moodle 5555555", carla + "lab01.zip")] == "archive"
    assert "uploaded an archive" in reason[("Moodle 5555555", carla + "lab01.zip")]
    folder = ("Moodle 5555555", carla + "Maria Souza_1234567_assignsubmission_file_/lab01.ipynb")
    assert status[folder] == "refused" and "inside a folder of the upload" in reason[folder]
    daniel = ("Moodle 6666661", "Daniel Melo_6666661_assignsubmission_file_/lab01 (1).ipynb")
    assert status[daniel] == "collected" and "2 notebooks from this participant" in reason[daniel]
    eva = ("Moodle 7777771", "Eva Nunes_7777771_assignsubmission_file_/lab01.ipynb")
    assert status[eva] == "refused" and "over the 1 MB cap (Sandbox.submission_mb)" in reason[eva]
    fabio = ("Moodle 8888881", "Fabio Gomes_8888881_assignsubmission_file_/lab01.ipynb")
    assert "the roster id '2026*8' is not a plain name" in reason[fabio]
    formula = next(r for r in report.values() if r["participant"] == "Moodle 9999991")
    assert formula["full_name"] == "'=HYPERLINK(\"x\")" and formula["student_id"] == "9999991"
    for entry in ("../Maria Souza_1234567_assignsubmission_file_/lab01.ipynb",
                  "/tmp/Maria Souza_1234567_assignsubmission_file_/lab01.ipynb"):
        assert (status[("", entry)], reason[("", entry)]) == (
            "refused", "its path leads outside the download (absolute, or '..'): not read")
    assert reason[("Moodle 1234567", link.filename)] == "a link, not a file: not read"
    assert "11 participants; 7 collected, 4 collision, 1 archive, 5 refused, 0 skipped" in out, out

    # The engine sees what collect reported: the two different notebooks are refused with the list.
    from tools.autograde.find import find_submissions

    (found,) = find_submissions(course, LAB, ["2026006"], 10 ** 6)
    assert "2 different notebooks in the folder: lab01 (1).ipynb, lab01.ipynb" in found.refused


def test_make_collect_reports_a_download_it_cannot_read(tmp_path):
    course = _course(tmp_path)
    with open(course / "nbgrader_config.py", "a") as f:
        f.write("\nc.Collect.max_members = 3\n")
    archive = course / "downloaded" / LAB / "archive"
    archive.mkdir(parents=True)
    (archive / "broken.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    with zipfile.ZipFile(archive / "huge.zip", "w") as z:
        for n in range(4):
            z.writestr(f"aluno_{n}_4{n}_lab01.ipynb", _notebook(str(n)))
    with zipfile.ZipFile(archive / "submissions.zip", "w") as z:
        z.writestr("pedroalves_98765_4321_lab01.ipynb", _notebook("pedro"))

    proc = _collect(course)

    assert proc.returncode != 0, proc.stdout
    assert [p.name for p in (course / "submitted").iterdir()] == ["98765"]
    with open(course / "collect-report.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    by_download = {r["download"]: r for r in rows}
    assert "cannot be read as a zip" in by_download["broken.zip"]["reason"]
    assert "4 files" in by_download["huge.zip"]["reason"] and "Collect.max_members" in by_download["huge.zip"]["reason"]
    assert by_download["submissions.zip"]["status"] == "collected"


def test_make_collect_without_a_download_says_so(tmp_path):
    course = _course(tmp_path)
    out = _make(course, "collect", f"LAB={LAB}").stdout
    assert f"no downloaded/{LAB}/archive/" in out
    assert not (course / "submitted").exists()


def test_make_roster_imports_names(tmp_path):
    from nbgrader.api import Gradebook

    course = _course(tmp_path)
    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url) as gb:  # a student the autograder created before the roster came
        gb.update_or_create_student("1234567")
    people = [("1234567", "Maria", "Souza", "maria.souza@example.edu"),
              ("7654321", "João", "da Conceição", "joao.conceicao@example.edu"),
              ("98765", "Pedro", "Alves", "pedro.alves@example.edu")]

    _roster(course, people)  # make roster ROSTER=students.csv

    with Gradebook(url) as gb:
        gb.update_or_create_student("1234567")  # as the engine's record step does: names stay
        got = sorted((s.id, s.first_name, s.last_name, s.email) for s in gb.students)
    assert got == sorted(people)


def test_make_roster_needs_a_file(tmp_path):
    course = _course(tmp_path)
    proc = subprocess.run(["make", "-s", *_make_in(course), "roster"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "ROSTER=students.csv" in proc.stderr


def test_the_formgrader_finds_the_exchange(tmp_path):
    """The course's exchange folder exists, so the formgrader has no 'exchange missing' banner."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from tools.autograde import load_config

    course = _course(tmp_path)
    config = load_config(course)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    assert not api.exchange_missing
    assert Path(api.exchange_root) == course / "exchange"
