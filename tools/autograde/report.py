"""Report: one row per student and lab, on the terminal and in ``autograde-report.csv``."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ["student_id", "assignment", "status", "score", "max_score", "reasons"]
NEEDS_INSTRUCTOR = {"refused", "flagged"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(text: str, lines: bool = False) -> str:
    """``text`` with control characters shown as escapes (``lines``: newlines and tabs kept): a
    student's line quoted as evidence, or a kernel's output in the log, cannot move the
    terminal's cursor, erase a row or print a fake one."""
    keep = "\n\t" if lines else ""
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else m.group().encode("unicode_escape").decode(),
                        str(text))


def cell(text: str) -> str:
    """A CSV field that a spreadsheet takes as text, never as a formula (OWASP's CSV injection rule)."""
    text = plain(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


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
                writer.writerow([cell(r.student_id), r.assignment, r.status,
                                 "" if r.score is None else f"{r.score:g}", f"{r.max_score:g}", cell("; ".join(r.reasons))])

    def table(self) -> str:
        width = max([len(plain(r.student_id)) for r in self.rows] + [10])
        lines = [f"{'student':{width}s}  {'lab':6s} {'status':9s} {'score':>11s}  reasons"]
        for r in sorted(self.rows, key=lambda r: (r.assignment, r.status not in NEEDS_INSTRUCTOR, r.student_id)):
            score = "-" if r.score is None else f"{r.score:.2f}/{r.max_score:g}"
            reasons = plain("; ".join(r.reasons))
            lines.append(f"{plain(r.student_id):{width}s}  {r.assignment:6s} {r.status:9s} {score:>11s}  "
                         f"{reasons[:150] + ('…' if len(reasons) > 150 else '')}")
        counts = {s: sum(r.status == s for r in self.rows) for s in ("graded", "repaired", "flagged", "refused")}
        lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
        return "\n".join(lines)

    @property
    def exit_code(self) -> int:
        """Non-zero only when a row needs the instructor (refused or flagged)."""
        return 1 if self.needs_instructor() else 0
