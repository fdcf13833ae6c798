"""Report: one row per student and lab, on the terminal and in ``autograde-report.csv``."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ["student_id", "assignment", "status", "score", "max_score", "reasons"]
NEEDS_INSTRUCTOR = {"refused", "flagged"}


@dataclass
class Row:
    student_id: str
    assignment: str
    status: str
    score: float | None
    max_score: float
    reasons: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went (not in the CSV)


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    log_path: Path | None = None

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def needs_instructor(self) -> list[Row]:
        return [r for r in self.rows if r.status in NEEDS_INSTRUCTOR]

    def write_csv(self, path: Path) -> None:
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for r in sorted(self.rows, key=lambda r: (r.assignment, r.student_id)):
                writer.writerow([r.student_id, r.assignment, r.status,
                                 "" if r.score is None else f"{r.score:g}", f"{r.max_score:g}", "; ".join(r.reasons)])

    def table(self) -> str:
        width = max([len(r.student_id) for r in self.rows] + [10])
        lines = [f"{'student':{width}s}  {'lab':6s} {'status':9s} {'score':>11s}  reasons"]
        for r in sorted(self.rows, key=lambda r: (r.assignment, r.status not in NEEDS_INSTRUCTOR, r.student_id)):
            score = "-" if r.score is None else f"{r.score:.2f}/{r.max_score:g}"
            reasons = "; ".join(r.reasons)
            lines.append(f"{r.student_id:{width}s}  {r.assignment:6s} {r.status:9s} {score:>11s}  "
                         f"{reasons[:150] + ('…' if len(reasons) > 150 else '')}")
        counts = {s: sum(r.status == s for r in self.rows) for s in ("graded", "repaired", "flagged", "refused")}
        lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
        return "\n".join(lines)

    @property
    def exit_code(self) -> int:
        """Non-zero only when a row needs the instructor (refused or flagged)."""
        return 1 if self.needs_instructor() else 0
