"""Execute: nbgrader preprocessors that run a submission and clean what it produced.

* :class:`SandboxedExecute` runs the kernel in the sandbox, with one time budget for
  the whole submission, an output budget, and a kernel that may die: cells after a
  death or past the budget get an error instead of running, so the points earned
  before stay earned.
* :class:`StderrToStdout`: nbgrader zeroes a test cell that wrote to stderr; a
  library's chatter or a student's debug print is not a failure, so it is shown as
  ordinary output. Errors are ``error`` outputs and still zero the cell.
* :class:`ScrubTracebacks`: a failing hidden test shows its message, never its source
  (IPython quotes the lines around the failing one), and no traceback shows the
  instructor's paths.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Dict, Integer, List, Unicode

from tools.autograde.sandbox import SandboxedKernelManager

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"


KERNEL_ERROR = "[no seu kernel] "  # how a test cell's own error is shown once a verdict scores the cell


def error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class SandboxedExecute(Execute):
    """nbgrader's Execute, with the kernel in the sandbox and budgets for the whole run."""

    budget_seconds = Integer(300, help="wall time of the whole notebook").tag(config=True)
    output_bytes = Integer(2_000_000, help="output kept, all cells together").tag(config=True)
    ipc_dir = Unicode("", help="folder of the kernel's ipc sockets (empty: tcp, no sandbox)").tag(config=True)
    sandbox_argv = List(Unicode(), help="argv prefix that enters the sandbox").tag(config=True)
    sandbox_env = Dict(help="the kernel's whole environment").tag(config=True)
    sandbox_uid = Integer(-1).tag(config=True)
    verdict_lab = Unicode("", help="lab whose checks (tools/verdict/labs) decide the test cells").tag(config=True)
    verdict_expected = Dict(help="the reference's recorded values per check").tag(config=True)
    verdict_record = Bool(False, help="the reference's run: record the values instead of comparing").tag(config=True)
    verdict_seconds = Integer(240, help="wall time of all the checks of a submission").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        self.incidents: list[str] = []
        self.timing: dict[str, float] = {}
        self.cells: list[tuple[int, float]] = []
        self.verdict: dict | None = None
        self.cells_sent: list[str] = []

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self.ipc_dir:
            km.transport = "ipc"
            km.ip = os.path.join(self.ipc_dir, "kernel")
            km.connection_file = os.path.join(self.ipc_dir, "kernel.json")
        km.sandbox_argv, km.sandbox_env, km.sandbox_uid = self.sandbox_argv, self.sandbox_env, self.sandbox_uid
        return km

    def preprocess(self, nb, resources=None, km=None):
        self._deadline = time.monotonic() + self.budget_seconds
        self._stopped: NotebookNode | None = None
        self._sent = 0
        self._cut = False
        self._started = time.perf_counter()
        self.timing = {"kernel start": 0.0}
        self.cells: list[tuple[int, float]] = []  # (cell index, seconds) of every executed cell
        self.cells_sent: list[str] = []  # the code the kernel received, cell by cell
        self._channel = None
        self._failures: dict[str, list[str]] = {}
        self._recorded: dict[str, list] = {}
        self._verdict_seconds = 0.0
        self.timeout_func = self._cell_timeout
        # Last resort for a kernel that ignores interrupts: kill it a little after the budget.
        watchdog = threading.Timer(self.budget_seconds + 20, self._kill)
        watchdog.daemon = True
        watchdog.start()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            watchdog.cancel()

    def _cell_timeout(self, cell) -> int:
        return max(1, min(self.timeout or self.budget_seconds, int(self._deadline - time.monotonic()) + 1))

    def _kill(self) -> None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            self.incidents.append(f"o kernel passou de {self.budget_seconds} s e foi encerrado à força")
            os.kill(process.pid, signal.SIGKILL)

    def preprocess_cell(self, cell, resources, index):
        try:
            return self._preprocess_cell(cell, resources, index)
        finally:
            if self.verdict_lab:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
                    self._judge(meta.get("grade_id"))
                if index == len(self.nb.cells) - 1:
                    self._verdict_done(resources)

    def _judge(self, grade_id) -> None:
        """A test cell has run: the grading process asks the kernel for data and decides it
        (:mod:`tools.verdict`), on the kernel's state at this cell, as the visible test saw it.
        Nothing of the checks reaches the kernel; a kernel already dead earns nothing here."""
        from tools.verdict.channel import Channel
        from tools.verdict.session import run_checks

        if self._channel is None:
            alive = self._stopped is None
            self._channel = Channel(self.kc if alive else None, self.km, request_seconds=min(self.timeout or 60, 60),
                                    budget_seconds=self.verdict_seconds)
        if not isinstance(grade_id, str) or grade_id in self._failures:
            return  # a cell id seen twice (a duplicated test cell) is judged once
        start = time.perf_counter()
        dead = self._stopped is not None or not self._channel.alive
        failures, recorded = run_checks(self.verdict_lab, self._channel.send,
                                        None if self.verdict_record else dict(self.verdict_expected),
                                        grade_ids={grade_id})
        for gid, messages in failures.items():
            self._failures[gid] = messages or (["o kernel parou antes desta verificação: nada pôde ser conferido"]
                                               if dead else [])
        self._recorded.update(recorded)
        self._verdict_seconds += time.perf_counter() - start

    def _verdict_done(self, resources) -> None:
        channel = self._channel
        self.incidents += channel.incidents if channel else []
        self.verdict = {"failures": self._failures, "recorded": self._recorded,
                        "sent": channel.sent if channel else [], "seconds": self._verdict_seconds}
        resources["verdict"] = self.verdict

    def _preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._stopped is None and time.monotonic() >= self._deadline:
            self._stop("TempoEsgotado", f"a submissão passou do tempo total de {self.budget_seconds} s; "
                                        "esta célula e as seguintes não foram executadas")
        if self._stopped is not None:
            cell.outputs = [self._stopped]
            return cell, resources
        start, limit = time.perf_counter(), self._cell_timeout(cell)
        self.cells_sent.append(cell.source)
        if not self.timing["kernel start"]:
            self.timing["kernel start"] = start - self._started
        try:
            return self._guarded_cell(cell, resources, index)
        finally:
            elapsed = time.perf_counter() - start
            self.cells.append((index, elapsed))
            if elapsed >= limit:
                self.incidents.append(f"cell {index} passed {limit} s and was interrupted")

    def _guarded_cell(self, cell, resources, index):
        try:
            return super().preprocess_cell(cell, resources, index)
        except (CellTimeoutError, TimeoutError):
            # The kernel was interrupted (or would not answer): this cell fails, the next ones run
            # until the submission's budget is spent.
            cell.outputs.append(error_output("TempoEsgotado", f"a célula passou de {self.timeout} s e foi interrompida"))
            return cell, resources
        except DeadKernelError:
            self._stop("KernelMorreu", "o kernel parou durante esta célula (os._exit, falta de memória ou "
                                       "limite de processos); as células seguintes não foram executadas")
            cell.outputs.append(self._stopped)
            return cell, resources

    def _stop(self, ename: str, evalue: str) -> None:
        self._stopped = error_output(ename, evalue)
        self.incidents.append(f"{ename}: {evalue}")

    def output(self, outs, msg, display_id, cell_index):
        """Keep errors always; drop other output past the budget, saying so once."""
        if msg["msg_type"] != "error":
            self._sent += len(json.dumps(msg.get("content", {})))
            if self._sent > self.output_bytes:
                if not self._cut:
                    self._cut = True
                    self.incidents.append(f"saída cortada: passou de {self.output_bytes} bytes")
                    outs.append(NotebookNode(output_type="stream", name="stdout",
                                             text=f"\n[saída cortada: passou de {self.output_bytes} bytes]\n"))
                return None
        return super().output(outs, msg, display_id, cell_index)


class ApplyVerdict(NbGraderPreprocessor):
    """Each test cell's score comes from the grading process's verdict, not from the kernel.

    The kernel's own errors in a test cell (its run of the visible tests) stay on the page
    as text; the cell gets an error output exactly when its checks failed, or when no
    verdict was reached (no point without proof)."""

    def preprocess(self, nb, resources):
        self._failures = (resources.get("verdict") or {}).get("failures")
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            return cell, resources
        outputs = []
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                out = NotebookNode(output_type="stream", name="stdout",
                                   text=f"{KERNEL_ERROR}{out.ename}: {out.evalue}\n")
            outputs.append(out)
        if self._failures is None:
            messages = ["a correção não chegou a um veredito para esta célula (o kernel não respondeu)"]
        else:
            messages = self._failures.get(meta.get("grade_id"), ["esta célula não tem verificação"])
        if messages:
            outputs.append(error_output("TesteFalhou", " | ".join(messages)[:4000]))
        cell.outputs = outputs
        return cell, resources


class StderrToStdout(NbGraderPreprocessor):
    """Show stderr as ordinary output, so that it does not zero a test cell."""

    def preprocess_cell(self, cell, resources, index):
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                out.name = "stdout"
        return cell, resources


class ScrubTracebacks(NbGraderPreprocessor):
    """A hidden test's error shows its message only; no error (the kernel's, or a verdict's message
    relayed from it) shows the grader's paths. Runs after :class:`ApplyVerdict`."""

    paths = List(Unicode(), help="absolute paths to hide in errors").tag(config=True)

    def _hide(self, text: str) -> str:
        import course_utils  # an editable install lives in the instructor's course folder

        library = os.path.dirname(os.path.dirname(os.path.abspath(course_utils.__file__)))
        for path in sorted({*self.paths, sys.prefix, sys.base_prefix, os.path.realpath(sys.prefix), library},
                           key=len, reverse=True):
            text = text.replace(path, "…")
        return text

    def preprocess_cell(self, cell, resources, index):
        hidden = HIDDEN_BEGIN in cell.get("source", "")
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.text.startswith(KERNEL_ERROR):
                out.text = self._hide(out.text)
            if out.output_type != "error":
                continue
            out.evalue = self._hide(out.evalue)
            if hidden:
                out.traceback = [f"{out.ename}: {out.evalue or 'um teste oculto falhou'}",
                                 "(teste oculto: o código do teste não é mostrado)"]
            else:
                out.traceback = [self._hide(line) for line in out.traceback]
        return cell, resources
