"""``nbgrader export`` that keeps a flagged submission's points out of the grades file.

The engine flags a submission when its code shows tampering evidence (:mod:`tools.autograde.scan`).
Its scores were proven by the grading process, yet the instructor has not decided on the evidence:
until they do (by unflagging the notebook in the formgrader), the row says ``pending review`` and
carries no score, so an LMS import cannot take it as final. Every other row is nbgrader's own.
"""
from __future__ import annotations

import csv
import os

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import CsvExportPlugin

PENDING = "pending review"


class PendingCsvExport(CsvExportPlugin):
    """nbgrader's CSV export, plus a ``status`` column; flagged rows are pending, without a score."""

    def export(self, gradebook: Gradebook) -> None:
        super().export(gradebook)
        dest = self.to or "grades.csv"
        with open(dest, newline="") as f:
            rows = list(csv.DictReader(f))
        fields = [*(rows[0].keys() if rows else []), "status"]
        for row in rows:
            try:
                submission = gradebook.find_submission(row["assignment"], row["student_id"])
            except MissingEntry:
                row["status"] = "missing"
                continue
            if any(nb.flagged for nb in submission.notebooks):
                row.update(raw_score="", score="", late_submission_penalty="", status=PENDING)
            else:
                row["status"] = "graded"
        tmp = f"{dest}.{os.getpid()}.tmp"
        with open(tmp, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields or ["status"])
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, dest)
