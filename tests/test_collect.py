"""Getting a class into nbgrader, with the real commands and the course's nbgrader_config.py:

- ``nbgrader zip_collect`` reads an LMS download (Moodle's "Download all submissions"
  folders and Canvas's flat names) into ``submitted/<id>/<lab>/``, a notebook saved as
  ``Cópia de lab01.ipynb`` included, which the grading engine then finds and grades;
  a Moodle student gets the imported roster's id by full name (``tools.lms``), not the
  participant number Moodle makes per assignment; ``make collect LAB=lab01`` wraps it;
- ``make roster ROSTER=students.csv`` imports the class roster, so the formgrader shows
  names, not "None, None";
- the exchange is a folder inside the course, so the formgrader has no banner about it.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

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


def test_zip_collect_reads_moodle_and_canvas_downloads(tmp_path):
    course = _course(tmp_path)
    # The roster has university ids; Moodle names students by full name and a participant
    # number of this assignment, which the course's collector maps to the roster's id.
    _roster(course, [("2026001", "Maria", "Souza", "maria@example.edu"),
                     ("2026002", "João", "da Conceição", "joao@example.edu")])
    solution = nbformat.writes(grading.fill(LAB, grading.solution_answers(LAB)))
    blank = nbformat.writes(grading.fill(LAB, {}))
    archive = course / "downloaded" / LAB / "archive"
    archive.mkdir(parents=True)
    # Moodle 4: one folder per participant, files as the student named them.
    with zipfile.ZipFile(archive / "CV-2026-Lab 01-1234.zip", "w") as z:
        z.writestr("Maria Souza_1234567_assignsubmission_file_/lab01.ipynb", blank)
        z.writestr("JOAO DA CONCEICAO_7654321_assignsubmission_file_/Cópia de lab01.ipynb", solution)
        z.writestr("JOAO DA CONCEICAO_7654321_assignsubmission_onlinetext_/onlinetext.html", "<p>oi</p>")
        z.writestr("Aluno Ouvinte_3333333_assignsubmission_file_/lab01.ipynb", blank)  # not in the roster
    # Canvas: flat names, <login>_[LATE_]<user id>_<submission id>_<file>.
    with zipfile.ZipFile(archive / "submissions.zip", "w") as z:
        z.writestr("pedroalves_98765_4321_lab01.ipynb", solution)
        z.writestr("anarocha_LATE_55555_4322_lab01.ipynb", blank)

    proc = grading.nbgrader(course, "zip_collect", LAB, "--force", env={"PYTHONPATH": str(ROOT)})

    submitted = course / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["2026001", "2026002", "3333333", "55555", "98765"]
    assert (submitted / "2026001" / LAB / "lab01.ipynb").read_text() == blank
    assert (submitted / "3333333" / LAB / "lab01.ipynb").read_text() == blank
    assert "'Aluno Ouvinte' (Moodle participant 3333333) is not in the roster" in proc.stdout + proc.stderr
    assert (submitted / "98765" / LAB / "lab01.ipynb").read_text() == solution
    assert (submitted / "55555" / LAB / "lab01.ipynb").read_text() == blank
    assert [p.name for p in (submitted / "2026002" / LAB).glob("*.ipynb")] == ["Cópia de lab01.ipynb"]
    assert not list(submitted.rglob("*.html")), "only notebooks are collected"

    # Collecting again (a newer download) replaces what was collected: the make target.
    out = _make(course, "collect", f"LAB={LAB}").stdout
    assert "zip_collect" in out
    assert (submitted / "98765" / LAB / "lab01.ipynb").read_text() == solution

    # The engine grades the renamed copy and says so.
    from tools.autograde import grade

    report = grade(course, [LAB], jobs=1, students=["2026002"], progress=False)
    (row,) = report.rows
    assert (row.student_id, row.status, row.score) == ("2026002", "repaired", pytest.approx(10)), row
    assert any("Cópia de lab01.ipynb" in r for r in row.reasons), row.reasons


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
