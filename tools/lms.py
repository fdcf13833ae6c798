"""Submissions downloaded from an LMS, matched to the class roster (``nbgrader zip_collect``).

:class:`RosterCollector` is the course's ``c.ZipCollectApp.collector_plugin``
(``nbgrader_config.py``). It reads each extracted file's name with the course's
``c.FileNameCollectorPlugin.named_regexp``, like nbgrader's own plugin, and then fixes
one thing about Moodle: its "Download all submissions" names a student by full name and
a *participant number* that Moodle makes per assignment (the same student has another
number in the next lab). When the full name matches exactly one student of the roster
imported into the gradebook (``make roster``; accents, case and spacing aside), that
student's roster id is used instead, so every lab lands under the same id. A name that
matches nobody, or several, keeps the number, with a warning. Canvas's user id is the
same in every assignment and is kept as it is.
"""
from __future__ import annotations

import os
import re
import unicodedata

from nbgrader.plugins import FileNameCollectorPlugin

MOODLE = "_assignsubmission_file_"


def fold(name: str) -> str:
    """A name compared without accents, case or extra spaces: 'João  da Conceição' -> 'joao da conceicao'."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain).strip().casefold()


class RosterCollector(FileNameCollectorPlugin):
    """nbgrader's file-name collector, then Moodle's full name to the roster's id."""

    _roster: dict[str, str] | None = None

    def roster(self) -> dict[str, str]:
        """Folded full name -> student id, for the names that only one roster student has."""
        if self._roster is None:
            from nbgrader.api import Gradebook

            ids: dict[str, list[str]] = {}
            url = self.parent.coursedir.db_url
            if url.startswith("sqlite:///") and not os.path.exists(url[len("sqlite:///"):]):
                self.log.warning("no gradebook yet: Moodle submissions collected by participant number; "
                                 "`make roster` first to collect them by the roster's ids")
                self._roster = {}
                return self._roster
            try:
                with Gradebook(url) as gb:
                    for s in gb.students:
                        if s.first_name or s.last_name:
                            ids.setdefault(fold(f"{s.first_name or ''} {s.last_name or ''}"), []).append(s.id)
            except Exception as exc:  # noqa: BLE001  (no gradebook yet: collect by number)
                self.log.warning("no roster to match Moodle names against (%s); `make roster` first", exc)
            self._roster = {name: found[0] for name, found in ids.items() if len(found) == 1}
        return self._roster

    def collect(self, submitted_file: str) -> dict | None:
        info = super().collect(submitted_file)
        if not info or MOODLE not in submitted_file or not info.get("full_name"):
            return info
        student = self.roster().get(fold(info["full_name"]))
        if student:
            info["student_id"] = student
        else:
            self.log.warning("'%s' (Moodle participant %s) is not in the roster, or not once: collected as %s",
                             info["full_name"], info["student_id"], info["student_id"])
        return info
