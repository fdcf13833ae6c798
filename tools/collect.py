"""Collect: the LMS's download of a lab into ``submitted/<id>/<lab>/``, one row per file in ``collect-report.csv``.

``make collect LAB=lab01`` runs ``python -m tools.collect lab01``: every zip in
``downloaded/<lab>/archive/`` (Moodle's "Download all submissions", Canvas's "Download
submissions") is read member by member, without being extracted, and each participant's
notebooks are written to their student folder.

Why not ``nbgrader zip_collect`` (which this replaces): it unpacks every archive it finds,
students' uploads included, into the course folder and matches the file-name pattern at
any depth (an uploaded zip holding a folder named like a classmate's put a notebook under
the classmate's id); it looks at one file at a time, so two participants whose names lead
to one student id were merged in one folder or, with the same file name, stopped the whole
class ("Duplicate submission file"); one ``../`` entry stopped it with a traceback. This
module keeps nbgrader's pieces (the file-name pattern and extensions of
``c.FileNameCollectorPlugin`` in ``nbgrader_config.py``, ``CourseDirectory``'s submitted
folder, the gradebook's roster) and the grading engine's rules (``find.SAFE_ID``, the
``Sandbox.submission_mb`` cap, ``report.cell``), and adds what a class needs:

* a participant is the LMS's own: Moodle's participant number or Canvas's user id, read
  from the top of the entry's path (the participant's folder, or a flat name), never from
  a folder inside an upload; all of a participant's files stay together;
* a Moodle participant gets the roster id of the only roster student with that full name
  (``make roster``; accents, case and spacing aside), because Moodle's number changes from
  one assignment to the next; a name that is not in the roster keeps the number;
* a student id never receives files from two participants: when two participants lead to
  one roster id (a *collision*), both are collected under their own participant numbers
  and reported with both names; an id still shared after that is refused for all of them;
* an archive uploaded instead of a notebook is not unpacked ("archive"); an entry in a
  folder inside an upload, a link, an absolute or ``..`` path, a notebook over the cap and
  a member that cannot be read are refused by name, and the rest of the class is collected;
* several notebooks from one participant are all collected, under their own names: the
  engine's find step grades identical copies once and refuses different ones with the
  list, so the decision is made in one place;
* a download with more members than ``Collect.max_members``, or more notebook bytes than
  ``Collect.download_mb``, is not read at all (it is not a class's submissions).

The exit status is non-zero only when a download itself cannot be read.
"""
from __future__ import annotations

import argparse
import csv
import re
import shutil
import stat
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import Integer
from traitlets.config import Configurable

from tools.autograde import db_url, load_config
from tools.autograde.find import SAFE_ID
from tools.autograde.report import cell, plain
from tools.autograde.sandbox import Sandbox

REPORT = "collect-report.csv"
COLUMNS = ["lab", "download", "participant", "full_name", "student_id", "file", "bytes", "status", "reason"]
ARCHIVES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
MOODLE = "_assignsubmission_file_"


class Collect(Configurable):
    """Caps of one LMS download (``c.Collect.max_members = ...`` in ``nbgrader_config.py``)."""

    max_members = Integer(20000, help="most entries one download may have; a bigger one is not read").tag(config=True)
    download_mb = Integer(4000, help="most MB of notebooks in one download, all together; "
                                     "a bigger one is not read").tag(config=True)


def fold(name: str) -> str:
    """A name compared without accents, case or extra spaces: 'João  da Conceição' -> 'joao da conceicao'."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare).strip().casefold()


@dataclass
class Row:
    """One file of the download: where it went, or why not."""
    lab: str
    download: str
    file: str
    size: int | None = None
    participant: str = ""
    full_name: str = ""
    student_id: str = ""
    status: str = "refused"
    reason: list[str] = field(default_factory=list)


@dataclass
class Participant:
    lms: str  # "Moodle" or "Canvas"
    number: str  # Moodle's participant number, Canvas's user id
    full_name: str
    rows: list[Row] = field(default_factory=list)
    data: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # id(row) -> file name, the notebook's bytes
    target: str = ""
    status: str = "collected"
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"'{self.full_name}' ({self.lms} participant {self.number})"


def roster(url: str) -> dict[str, list[str]] | None:
    """Folded full name -> the roster ids with that name; None when no roster can be read."""
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return None  # no gradebook yet: do not create one here
    from nbgrader.api import Gradebook

    names: dict[str, list[str]] = {}
    try:
        with Gradebook(url) as gb:
            for s in gb.students:
                if s.first_name or s.last_name:
                    names.setdefault(fold(f"{s.first_name or ''} {s.last_name or ''}"), []).append(s.id)
    except Exception as exc:  # noqa: BLE001  (an unreadable gradebook: collect by number, and say so)
        print(f"collect: cannot read the roster ({type(exc).__name__}): Moodle participants keep their numbers")
        return None
    return names


def read_download(path: Path, lab: str, pattern: str, exts: tuple[str, ...], cap: int, caps: Collect,
                  people: dict[tuple[str, str], Participant], rows: list[Row]) -> bool:
    """Read one LMS zip into ``people`` (the files of each participant) and ``rows``; False
    when the download itself cannot be read (one row says why)."""
    whole = Row(lab, path.name, "", path.stat().st_size if path.is_file() else None)
    try:
        if path.is_symlink() or not path.is_file():
            raise ValueError("not a file")
        archive = zipfile.ZipFile(path)
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        whole.reason.append(f"the download cannot be read as a zip ({exc}); put the LMS's zip here as it came")
        rows.append(whole)
        return False
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        notebook_bytes = sum(m.file_size for m in members if m.filename.lower().endswith(exts) and m.file_size <= cap)
        if len(members) > caps.max_members or notebook_bytes > caps.download_mb * 10 ** 6:
            whole.reason.append(f"the download has {len(members)} files and {notebook_bytes / 1e6:.0f} MB of notebooks, "
                                f"over the caps ({caps.max_members} files, {caps.download_mb} MB: Collect.max_members, "
                                "Collect.download_mb in nbgrader_config.py); nothing of it was read")
            rows.append(whole)
            return False
        for member in members:
            row = Row(lab, path.name, member.filename, member.file_size)
            rows.append(row)
            name = member.filename.replace("\\", "/")
            parts = name.split("/")
            if name.startswith("/") or re.match(r"[A-Za-z]:", name) or ".." in parts:
                row.reason.append("its path leads outside the download (absolute, or '..'): not read")
                continue
            # The participant is read from the top of the path only (a flat name, or Moodle's
            # folder with a neutral file name in place of the student's): no folder or file
            # name inside an upload can make the file another participant's.
            head, file_name, inner = "/" + parts[0], None, parts[1:]
            match = re.match(pattern, head)
            if match is None and inner:
                head, file_name, inner = f"/{parts[0]}/{lab}.ipynb", parts[1], parts[2:]
                match = re.match(pattern, head)
            if not match:
                row.status = "skipped"
                row.reason.append("not a file handed in (the name is not a Moodle or Canvas submission's, "
                                  "c.FileNameCollectorPlugin.named_regexp)")
                continue
            lms = "Moodle" if head[match.end("student_id"):].startswith(MOODLE) else "Canvas"
            full_name = match.group("full_name") or ""
            late = lms == "Canvas" and full_name.endswith("_LATE")
            person = people.setdefault((lms, match.group("student_id")),
                                       Participant(lms, match.group("student_id"), full_name.removesuffix("_LATE")))
            person.rows.append(row)
            file_name = file_name or match.group("file_id")
            if stat.S_ISLNK(member.external_attr >> 16):
                row.reason.append("a link, not a file: not read")
                continue
            if late:
                row.reason.append("handed in late (Canvas)")
            if inner:
                row.reason.append("inside a folder of the upload: only the files handed in are collected")
            elif file_name.lower().endswith(ARCHIVES):
                row.status = "archive"
                row.reason.append("uploaded an archive, not a notebook: not unpacked (ask for the .ipynb, "
                                  "or open it yourself and check whose work it holds)")
            elif not file_name.lower().endswith(exts):
                row.status = "skipped"
                row.reason.append("not a notebook")
            elif member.file_size > cap:
                row.reason.append(f"{member.file_size / 1e6:.1f} MB, over the {cap / 1e6:g} MB cap "
                                  "(Sandbox.submission_mb): not read; ask for it with its outputs cleared")
            elif file_name.startswith(".") or plain(file_name) != file_name or len(file_name.encode()) > 200:
                row.reason.append("the file name is hidden, too long or has control characters: not written")
            else:
                try:
                    with archive.open(member) as f:
                        data = f.read(cap + 1)
                except Exception as exc:  # noqa: BLE001  (one unreadable member refuses that member only)
                    row.reason.append(f"cannot be read from the zip ({type(exc).__name__}: {plain(exc)})")
                    continue
                if len(data) > cap:
                    row.reason.append(f"over the {cap / 1e6:g} MB cap (Sandbox.submission_mb): not read")
                    continue
                person.data[id(row)] = (file_name, data)
    return True


def assign(people: list[Participant], names: dict[str, list[str]] | None, lab: str) -> None:
    """Each participant's student id: the roster's for a Moodle name, else the LMS's number;
    never one id for two participants."""
    for p in people:
        p.target = p.number
        if p.lms != "Moodle":
            continue
        ids = (names or {}).get(fold(p.full_name), [])
        if len(ids) == 1 and SAFE_ID.fullmatch(ids[0]):
            p.target = ids[0]
        elif len(ids) == 1:
            p.notes.append(f"the roster id '{ids[0]}' is not a plain name (letters, digits, '.', '_', '@', '-'): "
                           "collected under the participant number; fix the roster and collect again")
        elif ids:
            p.notes.append(f"{len(ids)} roster students have this name ({', '.join(ids)}): "
                           "collected under the participant number")
        elif names is None:
            p.notes.append("no roster imported (make roster): collected under the participant number")
        else:
            p.notes.append("not in the roster: collected under the participant number "
                           "(Moodle's numbers change from one lab to the next)")
    for target, group in _claims(people).items():
        mapped = [p for p in group if p.target != p.number]
        for p in mapped:
            p.target, p.status = p.number, "collision"
            p.notes.append(f"{' and '.join(map(str, group))} all lead to student {target}: each is collected under "
                           f"the participant number; find out who is who, then move the right folder to "
                           f"submitted/{target}/{lab}/")
    for target, group in _claims(people).items():  # the same number from two downloads (Moodle and Canvas)
        for p in group:
            p.status = "refused"
            p.notes.append(f"{' and '.join(map(str, group))} have the same id {target}: not collected")
    for p in people:
        if p.status != "refused" and not SAFE_ID.fullmatch(p.target):
            p.status = "refused"
            p.notes.append(f"the id '{p.target}' is not a plain name (letters, digits, '.', '_', '@', '-'): not collected")


def _claims(people: list[Participant]) -> dict[str, list[Participant]]:
    """The ids that more than one participant would go to."""
    claims: dict[str, list[Participant]] = {}
    for p in people:
        if p.status != "refused":
            claims.setdefault(p.target, []).append(p)
    return {t: g for t, g in claims.items() if len(g) > 1}


def write(p: Participant, coursedir: CourseDirectory, lab: str) -> None:
    """The participant's notebooks into their folder, which this download replaces."""
    for row in p.rows:
        row.participant, row.full_name = f"{p.lms} {p.number}", p.full_name
        row.reason[:0] = p.notes
    if p.status == "refused":
        for row in p.rows:
            row.status = "refused"
        return
    for row in p.rows:
        row.student_id = p.target
    folder = Path(coursedir.format_path(coursedir.submitted_directory, p.target, lab))
    if folder.exists():
        shutil.rmtree(folder)
    by_name: dict[str, set[bytes]] = {}
    for name, data in p.data.values():
        by_name.setdefault(name, set()).add(data)
    written = {name: data for name, (data, *more) in by_name.items() if not more}
    for row in p.rows:
        if id(row) not in p.data:
            continue
        name, data = p.data[id(row)]
        if name not in written:
            row.reason.append(f"different files named '{name}' from this participant: none of them collected")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        row.status = p.status
        if len(written) > 1:
            row.reason.append(f"{len(written)} notebooks from this participant ({', '.join(sorted(written))}): "
                              + ("copies of one notebook, graded once" if len(set(written.values())) == 1 else
                                 "make autograde refuses the folder until only the one to grade is left"))
        elif name != f"{lab}.ipynb":
            row.reason.append(f"saved as '{name}': graded as {lab}.ipynb")


def collect(course: Path, labs: list[str]) -> tuple[list[Row], bool]:
    """Collect ``labs`` in ``course``; the rows of the report and whether every download was read."""
    config = load_config(course)
    plugin = FileNameCollectorPlugin(config=config)
    exts = tuple(e.lower() for e in plugin.valid_ext)
    cap = Sandbox(config=config).submission_mb * 10 ** 6
    caps = Collect(config=config)
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(course)
    names = roster(db_url(course, config))
    rows: list[Row] = []
    ok = True
    for lab in labs:
        archive = course / "downloaded" / lab / "archive"
        if not archive.is_dir():
            print(f"collect: no downloaded/{lab}/archive/, skipping {lab}")
            continue
        people: dict[tuple[str, str], Participant] = {}
        lab_rows: list[Row] = []
        for path in sorted(archive.iterdir()):
            ok &= read_download(path, lab, plugin.named_regexp, exts, cap, caps, people, lab_rows)
        assign(list(people.values()), names, lab)
        for p in people.values():
            write(p, coursedir, lab)
        rows += lab_rows
        print(summary(lab, lab_rows, len(people)))
    return rows, ok


def summary(lab: str, rows: list[Row], participants: int) -> str:
    counts = {s: sum(r.status == s for r in rows) for s in ("collected", "collision", "archive", "refused", "skipped")}
    lines = [f"collect {lab}: {participants} participants; " + ", ".join(f"{n} {s}" for s, n in counts.items())
             + f" (files; details in {REPORT})"]
    for r in rows:
        if r.status in ("collision", "archive", "refused"):
            who = plain(f"{r.participant} '{r.full_name}'" if r.participant else r.download)
            lines.append(f"  {r.status:9s} {who} {plain(r.file)}: {plain('; '.join(r.reason))[:200]}")
    return "\n".join(lines)


def write_csv(rows: list[Row], path: Path) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow([r.lab, cell(r.download), cell(r.participant), cell(r.full_name), cell(r.student_id),
                             cell(r.file), "" if r.size is None else r.size, r.status, cell("; ".join(r.reason))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labs", nargs="+")
    parser.add_argument("--course", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    course = args.course.resolve()
    rows, ok = collect(course, args.labs)
    if rows:
        write_csv(rows, course / REPORT)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
