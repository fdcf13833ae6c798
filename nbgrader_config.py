"""nbgrader configuration for the course (read from the course root)."""
import os
import sys

c = get_config()  # noqa: F821  (provided by traitlets)

_root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.root = _root
c.CourseDirectory.course_id = "cv-course"
# Authoring sources stay out of the student release.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.nb.py"]
# SQLite beside the course by default; NBGRADER_DB_URL selects another gradebook,
# e.g. postgresql://user:pass@host/gradebook.
c.CourseDirectory.db_url = os.environ.get("NBGRADER_DB_URL", f"sqlite:///{os.path.join(_root, 'gradebook.db')}")

# What students see in place of a solution.
c.ClearSolutions.code_stub = {"python": "# SEU CÓDIGO AQUI\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "SUA RESPOSTA AQUI"

# Autograding: create students on the fly, allow slow CPUs.
c.Autograde.create_student = True
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
# A test cell scores 0 if it writes to stderr. Library chatter (warnings, progress
# bars, Lightning's "Seed set to N") and a student's own debug prints are not
# failures: drop every stderr chunk from the graded notebook. A failing test is an
# 'error' output, which this does not touch, so a failure is never hidden.
c.IgnorePattern.pattern = r"[\s\S]*"
c.IgnorePattern.enabled = True

# Feedback must not show the hidden tests.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Pages made from a student's notebook (the feedback page, the formgrader's view) keep no
# active content of theirs: HTML and Markdown in outputs and markdown cells are sanitised
# (scripts, event handlers, javascript: links removed; text, tables, images and plots kept).
# nbgrader's templates render markdown cells themselves, so their filters are replaced too
# (tools/autograde/pages.py, nh3).
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.filters = {"clean_html": "tools.autograde.pages.clean",
                          "strip_files_prefix": "tools.autograde.pages.clean_markdown"}

# Limits of each submission's sandbox (tools/autograde/sandbox.py). A kernel that
# passes `seconds` is stopped; the cells after it get an error, those before keep their points.
c.Sandbox.memory_mb = 6144      # address space of the kernel
c.Sandbox.processes = 64        # processes and threads of the kernel's user
c.Sandbox.file_mb = 256         # largest file the kernel may write
c.Sandbox.tmp_mb = 1024         # its /tmp and working folder (memory-backed)
c.Sandbox.seconds = 300         # wall time of the whole submission
c.Sandbox.cell_seconds = 120    # wall time of one cell
c.Sandbox.output_bytes = 2_000_000    # output kept, all cells together
c.Sandbox.feedback_bytes = 4_000_000  # largest feedback page written
c.Sandbox.submission_mb = 50          # largest notebook handed in: a bigger one is refused unread

# ---------------------------------------------------------------------------------
# Collecting submissions from an LMS, the class roster, the exchange
# (tested in tests/test_collect.py; `make collect LAB=lab01`, `make roster ROSTER=students.csv`).
#
# Students work in Colab and hand in their .ipynb through the LMS. Put the LMS's
# "download all submissions" zip in downloaded/<lab>/archive/ and run `make collect LAB=<lab>`
# (tools/collect.py, which replaces `nbgrader zip_collect`: see its docstring for why). It reads
# the zip member by member, without extracting it, copies each participant's notebooks to
# submitted/<student id>/<lab>/ and writes one row per file to collect-report.csv.
# The pattern below is nbgrader's FileNameCollectorPlugin's; collect matches it against the
# top of each entry's path only (the participant's folder, or a flat name), in two layouts:
#   Moodle "Download all submissions":
#       <Full Name>_<participant id>_assignsubmission_file_/<file>  (or ..._assignsubmission_file_<file>)
#   Canvas "Download submissions":
#       <login>_<user id>_<submission id>_<file>  (or <login>_LATE_<user id>_<submission id>_<file>)
# The student id is Canvas's user id. Moodle's participant id changes from one assignment
# to the next, so a Moodle participant gets the id of the roster student with that full
# name (`make roster` first; accents and case aside); a name not in the roster, or two
# participants leading to one roster student, keep their participant ids. The largest
# notebook collected is c.Sandbox.submission_mb (above); c.Collect.max_members and
# c.Collect.download_mb cap one download (defaults in tools/collect.py).
if _root not in sys.path:  # tools.autograde.export for `nbgrader export` run from any shell
    sys.path.append(_root)
# `nbgrader export` (`make grades`): a flagged submission's row is "pending review", without a
# score, until the instructor unflags it in the formgrader (tools/autograde/export.py).
c.ExportApp.plugin_class = "tools.autograde.export.PendingCsvExport"
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<full_name>[^/]*?)_(?P<student_id>\d+)_(?:assignsubmission_file_/?|\d+_)(?P<file_id>[^/]+)$"
)
c.FileNameCollectorPlugin.valid_ext = [".ipynb"]

# The exchange (nbgrader's release/fetch/submit/collect between JupyterHub users) is not
# how this course moves notebooks: students open the labs in Colab from the student
# edition (`make publish`) and hand in through the LMS (make collect above). nbgrader's
# default exchange, /usr/local/share/nbgrader/exchange, does not exist, so the formgrader
# shows a banner about it; a private folder inside the course (git-ignored, never seen by
# students) silences it. Its "release"/"collect" buttons then only touch that folder.
c.Exchange.root = os.path.join(_root, "exchange")
try:
    os.makedirs(c.Exchange.root, exist_ok=True)
except OSError:  # a read-only checkout: the formgrader shows its banner, nothing else changes
    pass
