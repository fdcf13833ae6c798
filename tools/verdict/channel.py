"""The grading process's end of the channel to a student's kernel.

:class:`Channel` sends the agent (:mod:`tools.verdict.agent`, generic code with no test
in it) once, then one request at a time as ``__course_agent__("<base64 JSON>")``, and
reads the reply from the kernel's iopub messages for that request only: the first
``display_data`` of the agent's MIME type, capped in size, parsed as JSON (never
unpickled). A kernel that is dead, hangs past the per-request timeout (it is
interrupted) or past the verdict's whole budget, or answers anything else, gives
``None``, which the checks read as "no answer": no point without proof.
"""
from __future__ import annotations

import base64
import json
import time
from pathlib import Path

from nbclient.util import run_sync

from tools.verdict.agent import MIME

_HERE = Path(__file__).parent
# The agent, preceded by the rules it enforces as text: a module that the student's code imported
# (and could have patched) is never what watches it.
AGENT = (f"__course_rules_source__ = {(_HERE.parent.parent / 'course_utils' / 'rules.py').read_text()!r}\n"
         + (_HERE / "agent.py").read_text())


class Channel:
    def __init__(self, kc, km, request_seconds: float = 60, budget_seconds: float = 240,
                 reply_bytes: int = 64_000_000):
        self.kc, self.km = kc, km
        self.request_seconds, self.reply_bytes = request_seconds, reply_bytes
        self.deadline = time.monotonic() + budget_seconds
        self.sent: list[str] = []  # every code string the kernel received from this channel
        self.incidents: list[str] = []
        self.alive = kc is not None
        if self.alive and self._run(AGENT, want_reply=False) is None:
            self.alive = False

    def _run(self, code: str, want_reply: bool = True):
        self.sent.append(code)
        return run_sync(self._async_run)(code, want_reply)

    async def _async_run(self, code: str, want_reply: bool):
        remaining = min(self.request_seconds, self.deadline - time.monotonic())
        if remaining <= 0:
            self.incidents.append("a verificação passou do seu tempo total")
            self.alive = False
            return None
        msg_id = self.kc.execute(code, silent=False, store_history=False, allow_stdin=False)
        end = time.monotonic() + remaining
        reply, done, size = None, False, 0
        while not done:
            left = end - time.monotonic()
            if left <= 0:
                self.incidents.append(f"o kernel não respondeu a uma verificação em {remaining:.0f} s")
                try:
                    await self.km.interrupt_kernel()
                except Exception:  # noqa: BLE001 (a dead kernel: nothing to interrupt)
                    self.alive = False
                return None
            try:
                msg = await self.kc.get_iopub_msg(timeout=min(left, 1.0))
            except Exception:  # noqa: BLE001 (queue empty: look at the clock, wait again)
                if not await self.km.is_alive():
                    self.alive = False
                    self.incidents.append("o kernel morreu durante a verificação")
                    return None
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg.get("msg_type"), msg.get("content", {})
            if kind == "status" and content.get("execution_state") == "idle":
                done = True
            elif kind == "display_data" and want_reply and reply is None:
                data = content.get("data", {}).get(MIME)
                if isinstance(data, str):
                    size += len(data)
                    if size > self.reply_bytes:
                        self.incidents.append("resposta grande demais do kernel")
                        return None
                    try:
                        reply = json.loads(data)
                    except ValueError:
                        return None
        return reply if want_reply else True

    def send(self, request: dict):
        if not self.alive:
            return None
        code = f"__course_agent__({base64.b64encode(json.dumps(request).encode()).decode()!r})"
        return self._run(code)
