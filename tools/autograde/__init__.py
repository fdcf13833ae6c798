"""The grading engine: every submission alone, in a sandbox, in parallel, with a report.

It keeps nbgrader, its gradebook and its folders, and reads as a pipeline of small
steps, each a module with one job:

* :mod:`~tools.autograde.find`: which file each student handed in;
* :mod:`~tools.autograde.repair`: read it as a notebook, restore lost metadata, refuse what is not one;
* :mod:`~tools.autograde.sandbox` (isolate): the kernel's jail and limits;
* :mod:`~tools.autograde.execute`: nbgrader's execution with budgets, stderr that does not zero,
  tracebacks that show no hidden test;
* :mod:`~tools.autograde.scan`: tampering in the answers, hidden lines on the feedback page;
* :mod:`~tools.autograde.record`: scores into the gradebook, by this process only;
* :mod:`~tools.autograde.report`: one row per student and lab, ``autograde-report.csv``.

:mod:`~tools.autograde.job` strings the per-submission steps together, and :func:`grade`
runs the jobs of a class in a process pool (or on a Dask cluster) and records them.
"""
from __future__ import annotations

import copy
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
from tqdm.auto import tqdm
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from tools.autograde import report as report_mod
from tools.autograde import sandbox, scan
from tools.autograde.find import find_submissions
from tools.autograde.job import Job, Result, grade_submission
from tools.autograde.record import record

REPORT = "autograde-report.csv"
LOG = "autograde.log"


class SandboxUnavailable(RuntimeError):
    pass


class GradebookUnavailable(RuntimeError):
    pass


class CanaryFailed(RuntimeError):
    """The reference did not get full marks, or the blank release got points: nothing is recorded."""


def check_gradebook(url: str) -> None:
    """Open the gradebook once, so that a wrong URL fails here with a clear message
    (nbgrader's own says to upgrade the database), before any work is done."""
    from nbgrader.api import Gradebook
    from sqlalchemy.engine import make_url

    try:
        with Gradebook(url):
            pass
    except Exception as exc:  # noqa: BLE001  (any driver error: the instructor gets one plain line)
        shown = make_url(url).render_as_string(hide_password=True)
        raise GradebookUnavailable(f"cannot open the gradebook {shown}: {type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0][:200]}") from None


def load_config(course: Path) -> Config:
    """The course's ``nbgrader_config.py``, as nbgrader reads it."""
    path = course / "nbgrader_config.py"
    return PyFileConfigLoader(path.name, path=str(course)).load_config() if path.exists() else Config()


def db_url(course: Path, config: Config | None = None) -> str:
    config = load_config(course) if config is None else config
    return os.environ.get("NBGRADER_DB_URL") or config.CourseDirectory.get(
        "db_url", f"sqlite:///{course / 'gradebook.db'}")


def _generate(course: Path, lab: str, url: str, config: Config) -> nbformat.NotebookNode:
    """``generate_assignment`` of ``lab`` into the gradebook at ``url``, in a scratch course
    (so the course's committed ``release/`` is never touched); returns the release."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    with tempfile.TemporaryDirectory(prefix="assignment-") as tmp:
        shutil.copytree(course / "source" / lab, Path(tmp) / "source" / lab)
        c = copy.deepcopy(config)
        c.CourseDirectory.root = tmp
        c.CourseDirectory.db_url = url
        c.CourseDirectory.assignment_id = lab
        app = GenerateAssignment(coursedir=CourseDirectory(config=c), config=c)
        app.force = True
        app.start()
        return nbformat.read(Path(tmp) / "release" / lab / f"{lab}.ipynb", as_version=4)


def prepare(course: Path, lab: str, url: str, config: Config) -> dict:
    """What every job of ``lab`` shares: a gradebook template, the release, the secret lines."""
    release = _generate(course, lab, url, config)  # the course gradebook knows the assignment
    with tempfile.TemporaryDirectory(prefix="template-") as tmp:
        _generate(course, lab, f"sqlite:///{tmp}/gradebook.db", config)
        template = (Path(tmp) / "gradebook.db").read_bytes()
    source = nbformat.read(course / "source" / lab / f"{lab}.ipynb", as_version=4)
    locked = [c.source for c in release.cells
              if c.cell_type == "code" and not c.metadata.get("nbgrader", {}).get("solution")]
    return dict(gradebook=template, release=nbformat.writes(release),
                secret=frozenset(scan.secret_lines([c.source for c in source.cells], [c.source for c in release.cells])),
                protected=frozenset(scan.imported_names(locked)))


SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def reference_notebook(course: Path, lab: str, release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The release with every answer cell holding the instructor's solution (markers removed)."""
    source = nbformat.read(course / "source" / lab / f"{lab}.ipynb", as_version=4)
    answers = {c.metadata.nbgrader["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = "\n".join(ln for ln in answers[grade_id].splitlines() if ln.strip() not in SOLUTION_MARKERS)
    return nb


def _cache_key(lab: str, release: str, reference: str) -> str:
    import hashlib

    import course_utils

    h = hashlib.sha256()
    here = Path(__file__).resolve().parents[1]
    files = [*sorted((here / "verdict").rglob("*.py")), *sorted(Path(course_utils.__file__).parent.glob("*.py")),
             *sorted(Path(__file__).parent.glob("*.py"))]
    for data in (lab, release, reference, sys.prefix, *(p.read_text() for p in files)):
        h.update(data.encode() + b"\0")
    return h.hexdigest()[:24]


def expected_values(course: Path, lab: str, shared: dict, job_args: dict, workers: int) -> dict:
    """The canaries and the reference's values, cached per assignment version.

    The reference solution is graded first, recording what every check obtains from it
    (its checks' own requirements must hold); then the blank release and the reference
    again are graded against those values. Unless the reference gets full marks and the
    blank gets zero (a kernel that imports another ``course_utils``, a check that is not
    deterministic, a broken check), :class:`CanaryFailed` stops the run before anything
    is recorded for any student."""
    import json

    release = nbformat.reads(shared["release"], as_version=4)
    reference = nbformat.writes(reference_notebook(course, lab, release))
    cache = Path(os.environ.get("COURSE_VERDICT_CACHE") or Path.home() / ".cache" / "course-verdict")
    path = cache / f"{lab}-{_cache_key(lab, shared['release'], reference)}.json"
    if path.exists():
        return json.loads(path.read_text())
    first = grade_submission(Job(lab=lab, student="canary-reference", raw=reference.encode(), record=True,
                                 **job_args, **shared))
    broken = {g: m for g, m in first.failures.items() if m}
    if first.status == "refused" or broken or not first.recorded:
        raise CanaryFailed(f"{lab}: the reference solution does not pass its own checks: "
                           + ("; ".join(f"{g}: {m[0][:200]}" for g, m in broken.items()) or
                              "; ".join(first.reasons) or "no verdict") + "\n" + first.log[-2000:])
    jobs = [Job(lab=lab, student=name, raw=raw.encode(), expected=first.recorded, **job_args, **shared)
            for name, raw in (("canary-blank", shared["release"]), ("canary-reference", reference))]
    for result in _run(jobs, workers, None, False):
        if result.student == "canary-blank" and (result.score != 0 or result.status == "refused"):
            raise CanaryFailed(f"{lab}: the blank release scores {result.score} (must be 0): "
                               + "; ".join(g for g, m in result.failures.items() if not m))
        if result.student == "canary-reference":
            lost = {g: m for g, m in result.failures.items() if m}
            if lost or result.status == "refused":
                raise CanaryFailed(f"{lab}: the reference loses points against its own recorded values "
                                   "(a check that is not deterministic?): "
                                   + "; ".join(f"{g}: {m[0][:200]}" for g, m in lost.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(first.recorded))
    tmp.replace(path)
    return first.recorded


def _limits(config: Config) -> dict:
    return {k: v for k, v in config.get("Sandbox", {}).items() if k in sandbox.Sandbox.class_trait_names()}


def _row(result: Result, max_score: float) -> report_mod.Row:
    graded = result.status != "refused"
    return report_mod.Row(result.student, result.lab, result.status, result.score if graded else None,
                          max_score, result.reasons, result.seconds)


def _run(jobs: list[Job], workers: int, scheduler: str | None, progress: bool):
    """Yield results as they finish: a Dask cluster, a process pool, or this process."""
    bar = tqdm(total=len(jobs), desc="grading", unit="sub", disable=not progress, smoothing=0)
    if scheduler:
        import hashlib
        import pickle

        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed

        def remote(job: bytes) -> bytes:
            """On a worker: one pickled Job in, its pickled Result out."""
            import pickle

            from tools.autograde.job import grade_submission

            return pickle.dumps(grade_submission(pickle.loads(job)))

        def probe(want: str) -> str:
            """On a worker: '' when it imports this engine with the same code, else why not.
            (Nested, so that Dask ships it by value: it runs on workers that lack `tools`.)"""
            import hashlib
            import importlib
            from pathlib import Path as _Path

            try:
                package = _Path(importlib.import_module("tools.autograde.job").__file__).parent
            except Exception as exc:  # noqa: BLE001  (reported to the instructor)
                return f"cannot import tools.autograde ({type(exc).__name__}: {exc})"
            digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(package.glob("*.py")))).hexdigest()
            return "" if not want or digest == want else f"another version of tools/autograde at {package}"

        with Client(scheduler) as client:
            # A worker that cannot import the engine never runs its tasks (they wait forever):
            # every worker must be started from a checkout of this course with its environment,
            # e.g. `cd <course> && PYTHONPATH=$PWD .venv/bin/dask worker tcp://host:8786`.
            # (The scheduler needs only Dask.)
            client.wait_for_workers(1, timeout=120)
            here = Path(__file__).resolve().parent
            want = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(here.glob("*.py")))).hexdigest()
            broken = {w: why for w, why in client.run(probe, want).items() if why}
            if broken:
                raise RuntimeError(
                    f"{len(broken)} Dask worker(s) cannot grade: "
                    + "; ".join(f"{w}: {why}" for w, why in sorted(broken.items()))
                    + ". Start each worker from a checkout of this course (same commit) with its "
                    "environment: `cd <course> && PYTHONPATH=$PWD .venv/bin/dask worker " + scheduler + "`")
            # Jobs and results travel pickled, through a function shipped by value: the
            # scheduler passes bytes along and needs nothing of this course.
            futures = client.map(remote, [pickle.dumps(job) for job in jobs], pure=False)
            for future in dask_completed(futures):
                bar.update()
                yield pickle.loads(future.result())
    elif workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            for future in as_completed([pool.submit(grade_submission, j) for j in jobs]):
                bar.update()
                yield future.result()
    else:
        for job in jobs:
            yield grade_submission(job)
            bar.update()
    bar.close()


def grade(course: Path, labs: list[str], jobs: int | None = None, scheduler: str | None = None,
          unsafe: bool = False, students: list[str] | None = None, progress: bool = True) -> report_mod.Report:
    """Grade every submission of ``labs`` in ``course`` and return the report.

    Also writes ``autograde-report.csv`` and nbgrader's raw log (``autograde.log``)
    at the course root. Raises :class:`SandboxUnavailable` when no sandbox can run
    here, unless ``unsafe``.
    """
    course = Path(course).resolve()
    # nbgrader runs `alembic` from PATH when it creates a gradebook: this interpreter's first.
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    why = None if unsafe else sandbox.unavailable()
    if why:
        raise SandboxUnavailable(f"refusing to grade without a sandbox: {why}. {sandbox.HOW_TO_FIX}")
    config = load_config(course)
    url = db_url(course, config)
    check_gradebook(url)
    job_config = copy.deepcopy(config)
    job_config.CourseDirectory.pop("db_url", None)  # jobs get a scratch gradebook, not the password
    workers = jobs or os.cpu_count() or 1
    threads = max(1, (os.cpu_count() or 1) // workers)
    report = report_mod.Report(log_path=course / LOG)
    limits = _limits(config)
    max_bytes = sandbox.Sandbox(**limits).submission_mb * 10 ** 6
    with open(course / LOG, "w") as log:
        for lab in labs:
            found = find_submissions(course, lab, students, max_bytes)
            shared = prepare(course, lab, url, config)
            max_score = sum(float(c.metadata.nbgrader.get("points", 0))
                            for c in nbformat.reads(shared["release"], as_version=4).cells
                            if c.metadata.get("nbgrader", {}).get("grade"))
            job_args = dict(config=job_config, limits=limits, unsafe=unsafe, threads=threads)
            expected = expected_values(course, lab, shared, job_args, workers) if found else {}
            todo = []
            for item in found:
                if item.refused:
                    report.add(report_mod.Row(item.student, lab, "refused", None, max_score,
                                              [*item.notes, item.refused]))
                    continue
                stamp = item.path.parent / "timestamp.txt"
                todo.append(Job(lab=lab, student=item.student, raw=item.path.read_bytes(), notes=item.notes,
                                expected=expected, timestamp=stamp.read_text() if stamp.exists() else None,
                                **job_args, **shared))
            start = time.perf_counter()
            for result in _run(todo, workers, scheduler, progress):
                if result.status != "refused":
                    record(result, course, url)
                report.add(_row(result, max_score))
                log.write(f"===== {lab} / {result.student}: {result.status} "
                          f"({', '.join(f'{k} {v:.1f} s' for k, v in result.seconds.items())})\n{result.log}\n")
            if todo:
                log.write(f"{lab}: {len(todo)} submissions in {time.perf_counter() - start:.1f} s "
                          f"with {workers} worker(s)\n")
    report.write_csv(course / REPORT)
    return report


def regenerate_feedback(course: Path, labs: list[str]) -> report_mod.Report:
    """Feedback pages again, from ``autograded/`` and the gradebook (after manual grading),
    each scanned like the engine's own: a page that would show a hidden-test or solution
    line, or is over the size cap, is withheld and its student flagged in the report."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    course = Path(course).resolve()
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    config = load_config(course)
    limits = sandbox.Sandbox(**_limits(config))
    report = report_mod.Report()
    for lab in labs:
        source = nbformat.read(course / "source" / lab / f"{lab}.ipynb", as_version=4)
        with tempfile.TemporaryDirectory(prefix="release-") as tmp:
            release = _generate(course, lab, f"sqlite:///{tmp}/gradebook.db", config)
        secret = scan.secret_lines([c.source for c in source.cells], [c.source for c in release.cells])
        c = copy.deepcopy(config)
        c.CourseDirectory.root = str(course)
        c.CourseDirectory.assignment_id = lab
        app = GenerateFeedback(coursedir=CourseDirectory(config=c), config=c)
        app.force = True
        app.start()
        for page in sorted((course / "feedback").glob(f"*/{lab}/{lab}.html")):
            student = page.parts[-3]
            graded = nbformat.read(course / "autograded" / student / lab / f"{lab}.ipynb", as_version=4)
            own = "\n".join(cell.source for cell in graded.cells if cell.metadata.get("nbgrader", {}).get("solution"))
            text = page.read_text()
            leaked = scan.leaks(text, secret, own)
            why = (f"feedback page withheld: it would show {len(leaked)} hidden-test or solution line(s)" if leaked
                   else f"feedback page withheld: over {limits.feedback_bytes // 1000} kB"
                   if len(text.encode()) > limits.feedback_bytes else None)
            if why:
                page.unlink()
            report.add(report_mod.Row(student, lab, "flagged" if leaked else "graded", None, 0.0, [why] if why else []))
    return report
