"""One submission, graded alone: notebook in; scores, feedback and flags out.

:func:`grade_submission` is a plain function of picklable values, so it runs in a
local process pool or on a Dask cluster alike. It builds a scratch course that holds
this one notebook and a copy of the assignment's gradebook, runs nbgrader's own
``Autograde`` and ``GenerateFeedback`` converters there with the kernel in the
sandbox, scans the answers and the page, and returns a :class:`Result`. It never
touches the course's gradebook or folders: the caller records the result.
"""
from __future__ import annotations

import contextlib
import copy
import io
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from tools.autograde import execute, repair, sandbox, scan
from tools.autograde import report as report_mod


@dataclass
class Job:
    lab: str
    student: str
    raw: bytes  # the submitted file, as handed in
    gradebook: bytes  # SQLite gradebook that holds this assignment only
    release: str  # the release notebook (JSON), for repairs and what counts as given code
    secret: frozenset  # normalised hidden-test and solution lines, for the feedback scan
    protected: frozenset  # names the locked cells bind
    config: dict  # nbgrader config (a traitlets Config as a dict)
    limits: dict  # Sandbox traits
    notes: list = field(default_factory=list)  # from finding the file
    timestamp: str | None = None
    unsafe: bool = False
    threads: int = 1
    expected: dict = field(default_factory=dict)  # the reference's recorded values per check
    record: bool = False  # the reference's own run: record values (tools.verdict)


@dataclass
class Result:
    lab: str
    student: str
    status: str = "graded"  # graded | repaired | refused | flagged
    scores: dict = field(default_factory=dict)  # grade id -> (score, max score)
    reasons: list = field(default_factory=list)
    autograded: str | None = None  # notebook JSON
    feedback: str | None = None  # HTML page, None when withheld
    log: str = ""
    seconds: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)  # grade id -> messages of its failed checks
    recorded: dict = field(default_factory=dict)  # the reference's run: values per check
    sent: list = field(default_factory=list)  # what the verdict channel sent to the kernel

    @property
    def score(self) -> float:
        return sum(s for s, _ in self.scores.values())


def _config(job: Job, course: Path, ipc: Path, uid: int, cgroups: list[str] = ()):
    """nbgrader's configuration for the scratch course, with the sandboxed pipeline."""
    limits = sandbox.Sandbox(**job.limits)
    c = copy.deepcopy(job.config)
    c.CourseDirectory.root = str(course)
    c.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    c.CourseDirectory.assignment_id = job.lab
    c.CourseDirectory.student_id = job.student
    c.Autograde.create_student = True
    c.Autograde.autograde_preprocessors = [
        execute.SandboxedExecute, execute.StderrToStdout, execute.ApplyVerdict, execute.ScrubTracebacks,
        "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
        "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
        "nbgrader.preprocessors.CheckCellMetadata"]
    c.SandboxedExecute.timeout = limits.cell_seconds
    c.SandboxedExecute.shutdown_kernel = "immediate"  # the notebook is done: no graceful wait
    c.SandboxedExecute.budget_seconds = limits.seconds
    c.SandboxedExecute.output_bytes = limits.output_bytes
    c.SandboxedExecute.sandbox_env = sandbox.kernel_env(job.threads, limits.env)
    c.SandboxedExecute.verdict_lab = job.lab
    c.SandboxedExecute.verdict_expected = job.expected
    c.SandboxedExecute.verdict_record = job.record
    if not job.unsafe:
        c.SandboxedExecute.ipc_dir = str(ipc)
        c.SandboxedExecute.sandbox_argv = sandbox.command(ipc, uid, limits, cgroups)
        c.SandboxedExecute.sandbox_uid = uid
    c.ScrubTracebacks.paths = [str(course), str(Path.cwd())]
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades", "nbgrader.preprocessors.ClearHiddenTests",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]
    return c, limits


def _cells(nb) -> dict[str, str]:
    """Every code cell that runs, by a label: answer cells by their question, the others by place."""
    out = {}
    for n, c in enumerate(nb.cells, 1):
        if c.cell_type == "code":
            meta = c.metadata.get("nbgrader", {})
            label = meta["grade_id"] if meta.get("solution") and isinstance(meta.get("grade_id"), str) else f"cell {n}"
            out[label if label not in out else f"cell {n}"] = c.source
    return out


def read_submission(raw: bytes, release_json: str, protected) -> tuple:
    """What grading needs before any kernel: ``(notebook, why refused, repairs, code cells,
    tampering evidence)``; the notebook is None, with the reason, when the file is not one."""
    nb, why = repair.parse(raw)
    if nb is None:
        return None, why, [], {}, []
    release = nbformat.reads(release_json, as_version=4)
    fixes = repair.repair(nb, release)
    cells = _cells(nb)
    return nb, None, fixes, cells, scan.tampering(cells, set(protected), _cells(release))


def tail_of_regular_file(path: Path, cap: int = 4000) -> str | None:
    """The last ``cap`` bytes of ``path``, read as the student's kernel left it: never through a
    link, never from a FIFO or a device (it would hang or read a host file), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        os.lseek(fd, max(0, info.st_size - cap), os.SEEK_SET)
        return os.read(fd, cap).decode(errors="replace")
    finally:
        os.close(fd)


def grade_submission(job: Job) -> Result:
    """Grade one submission in a scratch course of its own; see the module's docstring.

    Warnings of the libraries (SQLAlchemy's, nbconvert's) go to the submission's log, not
    to the instructor's terminal. Whatever the notebook holds, the result is a row: an error
    of the engine refuses this submission by name and the class goes on."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            user = contextlib.nullcontext(-1) if job.unsafe else sandbox.kernel_user(sandbox.Sandbox(**job.limits).first_uid)
            with user as uid:
                result = _grade(job, uid)
        except Exception as exc:  # noqa: BLE001  one notebook never stops the class: it gets a row that says why
            result = Result(job.lab, job.student, status="refused", reasons=[
                *job.notes, f"the grading engine failed on this notebook ({type(exc).__name__}: {str(exc)[:200]}); "
                "grade it by hand and report the file"])
    if caught:
        result.log += "\n".join(f"[WARNING] {w.category.__name__}: {w.message}" for w in caught) + "\n"
    return result


def _grade(job: Job, uid: int) -> Result:
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde, GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    result = Result(job.lab, job.student, reasons=list(job.notes))
    clock = time.perf_counter()
    nb, why, fixes, cells, evidence = read_submission(job.raw, job.release, job.protected)
    if nb is None:
        result.status, result.reasons = "refused", [*result.reasons, why]
        return result
    result.reasons += fixes

    # In memory where the system has it: nbgrader commits to its gradebook many times per notebook.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    scratch = Path(tempfile.mkdtemp(prefix=f"grade-{job.lab}-", dir=shm))
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    logger = logging.getLogger(f"autograde.{job.lab}.{job.student}")
    logger.propagate, logger.level = False, logging.INFO
    logger.addHandler(handler)
    stack = contextlib.ExitStack()  # the sandbox's cgroups and ipc mount, released after its output is read
    try:
        (scratch / "gradebook.db").write_bytes(job.gradebook)
        sub = scratch / "submitted" / job.student / job.lab
        sub.mkdir(parents=True)
        nbformat.write(nb, sub / f"{job.lab}.ipynb")
        if job.timestamp:
            (sub / "timestamp.txt").write_text(job.timestamp)
        ipc = scratch / "ipc"
        ipc.mkdir()
        if not job.unsafe:
            cgroups = stack.enter_context(sandbox.confine(uid, sandbox.Sandbox(**job.limits), ipc))
            os.chown(ipc, uid, uid)
        config, limits = _config(job, scratch, ipc, uid, [] if job.unsafe else cgroups)
        coursedir = CourseDirectory(config=config)
        result.seconds["scratch course"] = time.perf_counter() - clock

        clock = time.perf_counter()
        autograde = Autograde(coursedir=coursedir, config=config, log=logger)
        autograde.force = True
        try:
            autograde.start()
        except Exception as exc:  # noqa: BLE001  (nbgrader raises after logging the cause: report the cause)
            causes = [ln for ln in log.getvalue().splitlines() if re.match(r"^\w+(\.\w+)*(Error|Exception): ", ln)]
            cause = causes[-1] if causes else f"{type(exc).__name__}: {exc}"
            result.reasons.append(f"nbgrader could not grade it: {cause[:200]}")
        elapsed = time.perf_counter() - clock
        runner = next((pp for pp in autograde.exporter._preprocessors if isinstance(pp, execute.SandboxedExecute)), None)
        if runner is not None:
            result.reasons += runner.incidents
            result.seconds["kernel start"] = runner.timing.get("kernel start", 0.0)
            result.seconds["cells"] = sum(sec for _, sec in runner.cells)
            verdict = runner.verdict or {}
            result.seconds["verdict"] = verdict.get("seconds", 0.0)
            result.failures, result.recorded = verdict.get("failures", {}), verdict.get("recorded", {})
            result.sent = list(runner.cells_sent) + verdict.get("sent", [])
            elapsed -= result.seconds["kernel start"] + result.seconds["cells"] + result.seconds["verdict"]
            if runner.cells:
                index, sec = max(runner.cells, key=lambda c: c[1])
                result.seconds[f"slowest cell ({index})"] = sec
        result.seconds["nbgrader itself"] = elapsed

        clock = time.perf_counter()
        graded = scratch / "autograded" / job.student / job.lab / f"{job.lab}.ipynb"
        if not graded.exists():
            result.status = "refused"
            return result
        with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as gb:
            notebook = gb.find_submission_notebook(job.lab, job.lab, job.student)
            result.scores = {g.name: (float(g.score), float(g.max_score)) for g in notebook.grades}
        executed = nbformat.read(graded, as_version=4)
        for cell in executed.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error" and out.get("ename") in ("KernelMorreu", "TempoEsgotado"):
                    result.reasons.append(f"{cell.metadata.get('nbgrader', {}).get('grade_id', 'a cell')}: "
                                          f"{out['ename']} ({out['evalue'][:90]})")
                    break
        result.autograded = graded.read_text()

        feedback = GenerateFeedback(coursedir=coursedir, config=config, log=logger)
        feedback.force = True
        try:
            feedback.start()
        except Exception as exc:  # noqa: BLE001  (no page is a reason on the row, not a stopped class)
            result.reasons.append(f"no feedback page: {type(exc).__name__}: {str(exc)[:200]}")
        page_path = scratch / "feedback" / job.student / job.lab / f"{job.lab}.html"
        page = page_path.read_text() if page_path.exists() else None
        leaked = scan.leaks(page, set(job.secret), "\n".join(cells.values())) if page else []
        if leaked:
            evidence.append(f"feedback page withheld: it would show {len(leaked)} hidden-test or solution "
                            f"line(s), e.g. `{leaked[0][:60]}`")
            page = None
        elif page and len(page.encode()) > limits.feedback_bytes:
            result.reasons.append(f"feedback page withheld: {len(page.encode()) // 1000} kB, over the "
                                  f"{limits.feedback_bytes // 1000} kB cap")
            page = None
        result.feedback = page
        result.seconds["feedback page"] = time.perf_counter() - clock
    finally:
        kernel_output = tail_of_regular_file(scratch / "ipc" / "kernel-output.log")
        if kernel_output:
            logger.info("kernel output:\n%s", report_mod.plain(kernel_output, lines=True))
        logger.removeHandler(handler)
        result.log = log.getvalue()
        stack.close()
        shutil.rmtree(scratch, ignore_errors=True)
    if evidence:
        result.status = "flagged"
        result.reasons = [*evidence, *result.reasons]
    elif fixes or job.notes:
        result.status = "repaired"
    return result
