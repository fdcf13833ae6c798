"""Record: a graded submission's scores, notebook and page, written by the grading process.

The student's kernel has exited before anything here runs, and it never sees the
course's gradebook: scores reach the gradebook (SQLite or PostgreSQL) only from the
:class:`~tools.autograde.job.Result` that the job returned. Only this process
writes to the gradebook, one submission at a time, so parallel grading cannot lock
or corrupt it.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from nbgrader.api import Gradebook

from tools.autograde.job import Result


def record(result: Result, course: Path, db_url: str) -> None:
    """Write ``result`` into the gradebook, ``autograded/`` and ``feedback/``."""
    lab, student = result.lab, result.student
    with warnings.catch_warnings(), Gradebook(db_url) as gb:
        warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's sessions: routine noise
        gb.update_or_create_student(student)
        gb.update_or_create_submission(lab, student)
        notebook = gb.find_submission_notebook(lab, lab, student)
        for grade in notebook.grades:
            score, _ = result.scores.get(grade.name, (0.0, 0.0))
            grade.auto_score = score
            grade.needs_manual_grade = False
        notebook.flagged = result.status == "flagged"
        gb.db.commit()
    for folder, text, name in (("autograded", result.autograded, f"{lab}.ipynb"),
                               ("feedback", result.feedback, f"{lab}.html")):
        out = course / folder / student / lab
        shutil.rmtree(out, ignore_errors=True)
        if text is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text)
