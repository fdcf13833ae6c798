"""The grading engine with the other gradebook and scheduler it supports, for real.

- PostgreSQL: a private server (``initdb`` and ``pg_ctl`` in a temp folder, listening on
  a unix socket in that folder only) receives a small Lab 01 class graded in parallel
  through psycopg 3 (``postgresql+psycopg://user@/db?host=/socket/dir``); the grades are
  read back with nbgrader's own ``Gradebook``. Skipped, saying why, only where the
  PostgreSQL server binaries are absent (``tools/system_deps.sh`` installs them).
- A failed run (an unreachable gradebook) raises and leaves the course's committed
  ``release/`` notebook as it was.
- Dask: the same class graded on a ``dask.distributed.LocalCluster`` of two worker
  processes, into the SQLite gradebook.
"""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tools import autograde, grading
from tools.autograde import grade

LAB = "lab01"
ROOT = Path(__file__).resolve().parents[1]


def _wrong_mutant() -> grading.Mutant:
    return next(m for m in grading.load_mutants(LAB, include_extra=False) if m.kind == "wrong")


def _small_class(course: Path) -> grading.Mutant:
    """The reference, the blank release and one wrong answer, handed in to ``course``."""
    mutant = _wrong_mutant()
    grading.make_course(course, [LAB])
    grading.submit(course, LAB, grading.class_submissions(LAB, [mutant], alone=True))
    return mutant


def _check_grades(url: str, mutant: grading.Mutant, report) -> None:
    """Grades read back from the gradebook at ``url`` with nbgrader's own API."""
    from nbgrader.api import Gradebook

    assert sorted(r.student_id for r in report.rows) == sorted(["solution", "blank", mutant.student])
    assert {r.status for r in report.rows} == {"graded"}, [(r.student_id, r.status, r.reasons) for r in report.rows]
    with Gradebook(url) as gb:
        got = {s: {g.name: float(g.score) for g in gb.find_submission_notebook(LAB, LAB, s).grades}
               for s in ("solution", "blank", mutant.student)}
        best = {c.name: float(c.max_score) for c in gb.find_notebook(LAB, LAB).grade_cells}
    assert sum(best.values()) == pytest.approx(10)
    assert sum(got["solution"].values()) == pytest.approx(10), got["solution"]
    assert sum(got["blank"].values()) == 0, got["blank"]
    lost = {k for k, v in got[mutant.student].items() if v < best[k]}
    assert lost, f"mutant {mutant.name} lost no points: {got[mutant.student]}"
    assert {grading.question_of(k) for k in lost} == {mutant.question}, lost
    by_student = {r.student_id: r.score for r in report.rows}
    assert by_student == {s: pytest.approx(sum(v.values())) for s, v in got.items()}


# --------------------------------------------------------------------------- PostgreSQL

def _pg_bindir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` live: on PATH, or Debian's /usr/lib/postgresql/<N>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    for initdb in reversed(versions):
        if os.access(Path(initdb).parent / "pg_ctl", os.X_OK):
            return Path(initdb).parent
    return None


class _Server:
    """A private PostgreSQL server in ``folder``, reached only through its unix socket."""

    USER = "gradebook"

    def __init__(self, bindir: Path, folder: Path):
        self.bindir, self.folder = bindir, folder
        self.data = folder / "data"
        # initdb refuses to run as root: the server runs as the `postgres` user then.
        self.as_user = "postgres" if os.geteuid() == 0 else None
        if self.as_user:
            entry = pwd.getpwnam(self.as_user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        os.chmod(folder, 0o700)

    def _run(self, *cmd: str, timeout: float = 90) -> None:
        kwargs = dict(user=self.as_user, group=self.as_user, extra_groups=[]) if self.as_user else {}
        env = {"PATH": f"{self.bindir}:/usr/bin:/bin", "LC_ALL": "C", "HOME": str(self.folder)}
        proc = subprocess.run([str(self.bindir / cmd[0]), *cmd[1:]], cwd=self.folder, env=env,
                              capture_output=True, text=True, timeout=timeout, **kwargs)
        if proc.returncode != 0:
            log = self.folder / "server.log"
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}\n"
                               + (log.read_text()[-3000:] if log.exists() else ""))

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", self.USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = f"-c listen_addresses='' -k {self.folder} -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                  "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def create_database(self, name: str) -> str:
        """A new database; returns its SQLAlchemy URL (psycopg 3 driver, unix socket)."""
        import psycopg

        with psycopg.connect(host=str(self.folder), user=self.USER, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://{self.USER}@/{name}?host={self.folder}"


@pytest.fixture(scope="module")
def postgres():
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in "
                    "/usr/lib/postgresql/*/bin: install Debian's `postgresql` (tools/system_deps.sh)")
    # A short path: the socket's full name must fit in 107 bytes.
    folder = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))
    server = _Server(bindir, folder)
    try:
        server.start()
        yield server
    finally:
        try:
            if (server.data / "postmaster.pid").exists():
                server.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def test_grades_a_class_into_postgresql(postgres, tmp_path, monkeypatch):
    url = postgres.create_database("gradebook")
    monkeypatch.setenv("NBGRADER_DB_URL", url)
    course = tmp_path / "course"
    mutant = _small_class(course)
    report = grade(course, [LAB], jobs=2, progress=False)
    _check_grades(url, mutant, report)
    assert not (course / "gradebook.db").exists(), "graded into SQLite, not PostgreSQL"


def test_a_failed_run_keeps_the_committed_release(tmp_path, monkeypatch):
    """An unreachable gradebook stops the run, and the course's release/ is left as it was."""
    course = tmp_path / "course"
    grading.make_course(course, [LAB])
    committed = course / "release" / LAB / f"{LAB}.ipynb"
    committed.parent.mkdir(parents=True)
    shutil.copy(ROOT / "release" / LAB / f"{LAB}.ipynb", committed)
    before = committed.read_bytes()
    grading.submit(course, LAB, {"solution": grading.fill(LAB, grading.solution_answers(LAB))})
    handed_in = (course / "submitted" / "solution" / LAB / f"{LAB}.ipynb").read_bytes()
    nowhere = tmp_path / "no-server"
    nowhere.mkdir()
    monkeypatch.setenv("NBGRADER_DB_URL", f"postgresql+psycopg://nobody@/gradebook?host={nowhere}")
    with pytest.raises(autograde.GradebookUnavailable, match="cannot open the gradebook .*nobody@/gradebook"):
        grade(course, [LAB], jobs=1, progress=False)
    assert committed.read_bytes() == before, "a failed run changed release/lab01/lab01.ipynb"
    assert (course / "submitted" / "solution" / LAB / f"{LAB}.ipynb").read_bytes() == handed_in
    assert not (course / "gradebook.db").exists()


# --------------------------------------------------------------------------- Dask

def test_grades_a_class_on_a_dask_cluster(tmp_path, monkeypatch):
    distributed = pytest.importorskip("dask.distributed", reason="dask[distributed] is in the `instructor` extra")
    monkeypatch.delenv("NBGRADER_DB_URL", raising=False)
    course = tmp_path / "course"
    mutant = _small_class(course)

    from distributed.diagnostics.plugin import SchedulerPlugin

    class Finished(SchedulerPlugin):
        """Which worker computed each task."""

        def __init__(self):
            self.workers = []

        def transition(self, key, start, finish, *args, **kwargs):
            if finish == "memory":
                self.workers.append(kwargs.get("worker"))

    finished = Finished()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        cluster.scheduler.add_plugin(finished)  # the scheduler runs in this process
        report = grade(course, [LAB], scheduler=cluster.scheduler_address, progress=False)
        with distributed.Client(cluster.scheduler_address) as client:
            workers = client.run(os.getpid)
    assert len(workers) == 2 and os.getpid() not in workers.values()
    assert len(finished.workers) == 3 and set(finished.workers) <= set(workers), finished.workers
    _check_grades(f"sqlite:///{course / 'gradebook.db'}", mutant, report)
