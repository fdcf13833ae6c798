"""The grading engine with a class of honest, damaged and hostile Lab 01 submissions side by
side, graded in parallel in the sandbox by the real nbgrader (property 6 and 7): honest
students keep full marks and their files; each damaged one gets its right grade or a
`refused` row; each hostile one gets what its work earns or is flagged; the gradebook,
the course folder and the network stay untouched."""
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from tools import autograde, grading
from tools.autograde import find, repair, sandbox, scan
from tools.autograde.__main__ import main as autograde_main

LAB = "lab01"
SECRET = "s3nha-do-professor"


def _files(root: Path) -> dict[str, str]:
    skip = {"autograded", "feedback"}
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] not in skip
            and p.name not in {"gradebook.db", autograde.REPORT, autograde.LOG}}


# Forgers (issue 16): a blank notebook plus code that, run in the student's kernel, tries to
# decide what the tests see. Each must earn nothing: the verdict is computed elsewhere.
FORGERY = {
    "patch-torch": "import torch as t, course_utils.checks as c\nt.equal = lambda *a, **k: True\n"
                   "t.allclose = lambda *a, **k: True\nt.Tensor.__eq__ = lambda *a: True\n"
                   "c.check_equal = c.check_close = lambda *a, **k: None",
    "mock-patch": "from unittest import mock\nmock.patch('torch.testing.assert_close', lambda *a, **k: None).start()\n"
                  "mock.patch('torch.equal', lambda *a, **k: True).start()",
    "liar-values": "import torch\nclass Liar(torch.Tensor):\n    @classmethod\n"
                   "    def __torch_function__(cls, func, types, args=(), kwargs=None):\n        return True\n"
                   "class Anything(dict):\n    __eq__ = lambda self, other: True\n"
                   "    __len__ = lambda self: 2\n"
                   "def make_label_map(labels):\n    return Anything(x=torch.zeros(2).as_subclass(Liar))",
    "settrace": "import sys, threading\ndef tracer(frame, event, arg):\n"
                "    for k in ('expected', 'want', 'esperado'):\n"
                "        if k in frame.f_locals:\n            frame.f_locals[k] = None\n    return tracer\n"
                "sys.settrace(tracer); threading.settrace(tracer)",
    "exception-hooks": "ip = get_ipython()\nip.set_custom_exc((BaseException,), lambda *a, **k: None)\n"
                       "import builtins\nbuiltins.AssertionError = type('Never', (Exception,), {})",
    "magic-cell": "x = %pwd\nimport course_utils.checks as c\nc.check_equal = lambda *a, **k: None",
}


def _forgers(questions):
    subs = {}
    for name, code in FORGERY.items():
        nb = grading.fill(LAB, {questions[0]: code} if name == "liar-values" else {})
        if name != "liar-values":  # an added cell, after the imports, that nbgrader knows nothing of
            nb.cells.insert(4, nbformat.v4.new_code_cell(code))
        subs[f"forger-{name}"] = nb
    nb = grading.fill(LAB, {})  # an edited given cell (no nbgrader metadata) that fakes the checks
    given = next(c for c in nb.cells if c.cell_type == "code" and "import" in c.source
                 and not c.metadata.get("nbgrader"))
    given.source += "\nimport course_utils.checks as _c\n_c.check_equal = _c.check_close = lambda *a, **k: None"
    subs["forger-given-cell"] = nb
    return subs


FAKE_RULES_SHORTCUT = """import sys, types, contextlib
from torch.utils.data import default_collate
fake = types.ModuleType("course_utils.rules")
fake.forbid = lambda *a, **k: contextlib.nullcontext()
fake.RuleBroken = AssertionError
sys.modules["course_utils.rules"] = fake
import course_utils
course_utils.rules = fake

def get_batch_at(self, idx):
    X, Y = default_collate([self.transform(i) for i in self.items[idx: idx + self.batch_size]])
    return self.batch_tfms((X.to(self.device), Y.to(self.device)))

SimpleDataLoader.get_batch_at = get_batch_at"""

THREAD_SHORTCUT = """from concurrent.futures import ThreadPoolExecutor
from torch.utils.data import default_collate as collate_in_a_thread

def get_batch_at(self, idx):
    items = self.items[idx: idx + self.batch_size]
    with ThreadPoolExecutor(1) as pool:
        X, Y = pool.submit(lambda: collate_in_a_thread([self.transform(i) for i in items])).result()
    return self.batch_tfms((X.to(self.device), Y.to(self.device)))

SimpleDataLoader.get_batch_at = get_batch_at"""


PLANTED = "owned-' + (6 * 7) + '"  # the page's title becomes owned-42 only if a planted script runs


def _scripter(nb):
    """Right answers, and active content in outputs and in a markdown cell of the student's."""
    js = f"document.title = '{PLANTED}'"
    html = f'<script>{js}</script><img src=x onerror="{js}"><a href="javascript:{js}">link</a>'
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" onload="{js}"><script>{js}</script></svg>'
    code = ("from IPython.display import HTML, Javascript, Markdown, SVG, display\n"
            f"display(HTML({html!r}))\ndisplay(Javascript({js!r}))\n"
            f"display(Markdown({'<script>' + js + '</script>'!r}))\ndisplay(SVG({svg!r}))")
    compile(code, "scripter", "exec")
    nb.cells.insert(3, nbformat.v4.new_code_cell(code))
    nb.cells.insert(3, nbformat.v4.new_markdown_cell(f'Minhas notas <script>{js}</script> <img src=x onerror="{js}">'))
    return nb


def _malformed(sol):
    """Notebooks whose metadata has the wrong shapes, and an old nbformat 3 file: each is graded."""
    nulls = grading.fill(LAB, sol)
    answers = [c for c in nulls.cells if c.metadata.get("nbgrader", {}).get("solution")]
    answers[0].metadata["nbgrader"] = None
    answers[1].metadata["nbgrader"] = {**answers[1].metadata.nbgrader, "grade_id": ["a", "list"]}
    answers[2].metadata["nbgrader"] = "a string"
    nulls.metadata = {"kernelspec": nulls.metadata.get("kernelspec", {})}
    return {"null-metadata": nulls}


def _colab(nb):
    """As Colab may save it: no nbgrader metadata, no cell ids, an extra cell, a moved markdown cell."""
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
        cell.pop("id", None)
    nb.cells.insert(3, nbformat.v4.new_code_cell("print('minha célula de rascunho')"))
    moved = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and i > 5)
    nb.cells.append(nb.cells.pop(moved))
    return nb


# Five children of 1.5 GiB (7.5 GiB in all, each under the 6 GiB address-space cap), then 100 MiB
# written into the folder the kernel shares with the host.
HOG = """import os, time, ipykernel.connect
kids = []
for _ in range(5):
    pid = os.fork()
    if pid == 0:
        b = bytearray(1536 * 1024 * 1024)
        for j in range(0, len(b), 4096):
            b[j] = 1
        time.sleep(2)
        os._exit(0)
    kids.append(pid)
print('mortos', sum(os.waitpid(k, 0)[1] == 9 for k in kids))
ipc = os.path.dirname(ipykernel.connect.get_connection_file())
try:
    with open(os.path.join(ipc, 'lixo'), 'wb') as f:
        for _ in range(100):
            f.write(b'x' * 1024 * 1024)
    print('ipc: 100 MB escritos')
except OSError as e:
    print('ipc cheio', e.errno)
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the class once; the tests below read what happened."""
    course = grading.make_course(tmp_path_factory.mktemp("course"), [LAB])
    with open(course / "nbgrader_config.py", "a") as f:  # a short leash for the looping student
        f.write("\nc.Sandbox.cell_seconds = 30\nc.Sandbox.seconds = 200\n")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    port = server.getsockname()[1]
    contacts = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                contacts.append(server.accept())
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    sol = grading.solution_answers(LAB)
    q = grading.questions(LAB)
    gb = course / "gradebook.db"

    def plus(question, code, base=None):
        return grading.fill(LAB, {**(sol if base is None else base), question: sol[question] + "\n" + code})

    subs = {
        "honest": grading.fill(LAB, sol),
        "hooks": grading.fill(LAB, {q[0]: "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n"
                                          "get_ipython().events.register('post_run_cell', lambda r: None)"}),
        "noop-checks": grading.fill(LAB, {q[0]: "import course_utils.checks as C\n"
                                                "C.check_equal = C.check_close = lambda *a, **k: None\n"
                                                "check_equal = check_close = C.check_equal\n"
                                                "def make_label_map(labels):\n    return {}"}),
        "sqlite": plus(q[0], f"try:\n    import sqlite3\n    con = sqlite3.connect({str(gb)!r})\n"
                             "    con.execute('update grade set auto_score = 0'); con.commit()\nexcept Exception as e:\n"
                             "    print('falhou', e)"),
        "vandal": plus(q[1], "import os\nfor p in [{!r}, {!r}]:\n    try:\n        os.remove(p)\n    except Exception as e:\n"
                             "        print('falhou', e)".format(
                                 str(course / "submitted" / "honest" / LAB / f"{LAB}.ipynb"),
                                 str(course / "autograded" / "honest" / LAB / f"{LAB}.ipynb"))),
        "reader": plus(q[0], f"try:\n    print(open({str(course / 'source' / LAB / f'{LAB}.ipynb')!r}).read())\n"
                             "except Exception as e:\n    print('falhou', e)"),
        "network": plus(q[0], f"try:\n    import socket\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)"
                              ".sendall(b'lab01.ipynb')\nexcept Exception as e:\n    print('falhou', e)"),
        "snoop": plus(q[0], "import os\nprint('uid', os.getuid(), 'env', dict(os.environ))"),
        "venv-writer": plus(q[0], f"try:\n    open({sys.prefix + '/pwned'!r}, 'w').write('x')\nexcept Exception as e:\n"
                                  "    print('falhou', e)"),
        "history": plus(q[-1], "print(In)"),
        "exiter": plus(q[-1], "import os\nos._exit(1)"),
        "looper": plus(q[0], "while True:\n    pass"),
        "chatty": plus(q[0], "print('x' * 30_000_000)"),
        "colab": _colab(grading.fill(LAB, sol)),
    }
    subs.update(_forgers(q))
    subs.update(_malformed(sol))
    subs["scripter"] = _scripter(grading.fill(LAB, sol))
    subs["hog"] = plus(q[-1], HOG)
    # What the kernel leaves where the grader reads its output: a FIFO (a read would hang), a link
    # to a host file (root would copy it into the log).
    leave = ("import os, ipykernel.connect\n_log = os.path.join(os.path.dirname(ipykernel.connect.get_connection_file()), "
             "'kernel-output.log')\nos.remove(_log)\n")
    subs["fifo"] = plus(q[-1], leave + "os.mkfifo(_log)")
    subs["symlink"] = plus(q[-1], leave + f"os.symlink({sys.prefix + '/pyvenv.cfg'!r}, _log)")
    # A shortcut under cover: the rules module faked, and the forbidden work done in a thread.
    subs["fake-rules"] = grading.fill(LAB, {**sol, "get_batch_at": FAKE_RULES_SHORTCUT})
    subs["thread-shortcut"] = grading.fill(LAB, {**sol, "get_batch_at": THREAD_SHORTCUT})
    deleted = grading.fill(LAB, sol)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "length"]
    subs["deleted-answer"] = deleted
    grading.submit(course, LAB, subs)
    raw = (course / "submitted" / "honest" / LAB / f"{LAB}.ipynb").read_text()
    for student, name, text in (("truncated", f"{LAB}.ipynb", raw[: len(raw) // 2]), ("empty", f"{LAB}.ipynb", ""),
                                ("picture", f"{LAB}.ipynb", "\x89PNG\r\n\x1a\n not a notebook"),
                                ("renamed", f"Cópia de {LAB}.ipynb", raw),
                                ("old-format", f"{LAB}.ipynb", nbformat.writes(nbformat.convert(nbformat.reads(raw, 4), 3)))):
        (course / "submitted" / student / LAB).mkdir(parents=True)
        (course / "submitted" / student / LAB / name).write_text(text)

    before = _files(course)
    os.environ["COURSE_SECRET_TEST"] = SECRET
    sent, record = {}, autograde.record
    autograde.record = lambda result, *a: (sent.__setitem__(result.student, result.sent), record(result, *a))[1]
    try:
        report = autograde.grade(course, [LAB], jobs=2, progress=False)
    finally:
        autograde.record = record
        os.environ.pop("COURSE_SECRET_TEST")
        stop.set()
        thread.join()
        server.close()
    rows = {r.student_id: r for r in report.rows}
    scores = grading.scores(course, LAB, [s for s, r in rows.items() if r.status != "refused"])
    best = grading.max_scores(course, LAB)
    return dict(course=course, rows=rows, scores=scores, best=best, before=before, contacts=contacts, report=report,
                sent=sent)


def total(graded, student):
    return sum(graded["scores"][student].values())


def test_every_submission_has_a_row(graded):
    handed_in = {p.name for p in (graded["course"] / "submitted").iterdir()}
    assert set(graded["rows"]) == handed_in
    assert (graded["course"] / autograde.REPORT).read_text().startswith(
        "student_id,assignment,status,score,max_score,reasons")
    assert graded["report"].exit_code == 1, "refused and flagged rows need the instructor"


def test_honest_students_keep_full_marks_and_files(graded):
    for student in ("honest", "snoop"):
        assert graded["rows"][student].status == "graded", graded["rows"][student].reasons
        assert total(graded, student) == 10
    assert _files(graded["course"]) == graded["before"], "grading changed the course folder or a submission"
    assert (graded["course"] / "autograded" / "honest" / LAB / f"{LAB}.ipynb").exists()


def test_the_sandbox_hides_the_course_the_network_root_and_secrets(graded):
    course = graded["course"]
    snoop = (course / "autograded" / "snoop" / LAB / f"{LAB}.ipynb").read_text()
    assert SECRET not in snoop and "NBGRADER_DB_URL" not in snoop and str(course) not in snoop
    uid = int(snoop.split("uid ", 1)[1].split()[0])
    assert uid != 0, "the kernel ran as root"
    assert not graded["contacts"], "a kernel reached a server on 127.0.0.1"
    assert not Path(sys.prefix, "pwned").exists()
    reader = nbformat.read(course / "autograded" / "reader" / LAB / f"{LAB}.ipynb", as_version=4)
    printed = json.dumps([c.get("outputs", []) for c in reader.cells])
    assert "BEGIN HIDDEN TESTS" not in printed and "falhou" in printed


@pytest.mark.parametrize("student", ["hooks", "noop-checks", "sqlite", "vandal", "reader", "network", "venv-writer",
                                     "history", "exiter"])
def test_tampering_is_flagged_with_evidence(graded, student):
    row = graded["rows"][student]
    assert row.status == "flagged", row.reasons
    assert any(" line " in reason for reason in row.reasons), row.reasons


@pytest.mark.parametrize("student", [f"forger-{name}" for name in (*FORGERY, "given-cell")] + ["hooks", "noop-checks"])
def test_forgers_earn_no_point(graded, student):
    assert graded["rows"][student].status != "refused", graded["rows"][student].reasons
    assert total(graded, student) == 0, graded["scores"][student]


@pytest.mark.parametrize("student", ["fake-rules", "thread-shortcut"])
def test_a_shortcut_under_cover_loses_its_question_only(graded, student):
    lost = {k for k, v in graded["scores"][student].items() if v < graded["best"][k]}
    assert lost and {grading.question_of(k) for k in lost} == {"get_batch_at"}, lost


def test_kernels_got_requests_and_no_line_of_the_checks(graded):
    """What the grading process sent to each kernel (notebook cells, the agent, requests) holds no
    line of the checks: neither the tests nor the expected values reach the student's process."""
    checks = (grading.ROOT / "tools" / "verdict" / "labs" / f"{LAB}.py").read_text()
    secret = {ln.strip() for ln in checks.splitlines() if len(ln.strip()) > 25}
    assert len(secret) > 50
    assert set(graded["sent"]) >= {"honest", "forger-patch-torch"}
    for student, sent in graded["sent"].items():
        seen = {ln.strip() for code in sent for ln in code.splitlines()}
        assert not secret & seen, f"{student}'s kernel received {sorted(secret & seen)[:2]}"
    honest = "\n".join(graded["sent"]["honest"])
    assert "__course_agent__(" in honest and "__course_rules_source__" in honest


def test_forged_passes_do_not_reach_a_grade_unflagged(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded['course'] / 'gradebook.db'}") as gb:
        for student in ("hooks", "noop-checks"):
            assert gb.find_submission_notebook(LAB, LAB, student).flagged


def test_damaged_submissions_get_their_grade_or_a_refusal_by_name(graded):
    rows, best = graded["rows"], graded["best"]
    for student, why in (("truncated", "invalid JSON"), ("empty", "empty file"), ("picture", "invalid JSON")):
        assert rows[student].status == "refused" and any(why in r for r in rows[student].reasons), rows[student]
    for student in ("colab", "renamed"):
        assert rows[student].status == "repaired" and total(graded, student) == 10, rows[student].reasons
    assert any("Cópia de" in r for r in rows["renamed"].reasons)
    lost = {k for k, v in graded["scores"]["deleted-answer"].items() if v < best[k]}
    assert rows["deleted-answer"].status == "repaired"
    assert {grading.question_of(k) for k in lost} == {"length"}, lost


def test_a_dying_kernel_keeps_the_points_earned_before(graded):
    best = graded["best"]
    last = grading.questions(LAB)[-1]
    expected = sum(v for k, v in best.items() if grading.question_of(k) != last)
    assert total(graded, "exiter") == pytest.approx(expected)
    assert any("KernelMorreu" in r for r in graded["rows"]["exiter"].reasons)


def test_loops_and_floods_are_bounded(graded):
    course = graded["course"]
    looper = graded["rows"]["looper"]
    assert looper.status == "graded" and total(graded, "looper") == 10, looper.reasons
    assert any("passed 30 s and was interrupted" in r for r in looper.reasons)
    chatty = graded["rows"]["chatty"]
    assert chatty.status == "graded" and total(graded, "chatty") == 10, chatty.reasons
    assert any("saída cortada" in r for r in chatty.reasons)
    page = course / "feedback" / "chatty" / LAB / f"{LAB}.html"
    assert page.exists() and page.stat().st_size < sandbox.Sandbox().feedback_bytes


def test_a_sandbox_is_capped_as_a_whole(graded):
    """Memory is capped for the whole sandbox, not per process: of five children of 1.5 GiB
    (7.5 GiB in all, each within the per-process cap) in a 6 GiB sandbox, some are killed; and the
    ipc folder, the only one the kernel shares with the host, is full at ``ipc_mb``. Both where
    the grader can make cgroups and mount a tmpfs (root on Linux), as on this machine and CI's."""
    if "per sandbox" not in sandbox.confinement():
        pytest.skip(sandbox.confinement())
    nb = nbformat.read(graded["course"] / "autograded" / "hog" / LAB / f"{LAB}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    killed = re.search(r"mortos (\d+)", printed)
    assert killed and 1 <= int(killed.group(1)) < 5, printed[-500:]
    assert "ipc cheio 28" in printed, printed[-500:]  # ENOSPC
    assert total(graded, "honest") == 10


def test_confine_caps_kills_what_is_left_and_cleans_up(tmp_path):
    """A process that joined a sandbox's cgroups is held to its memory cap; whatever is left
    running when the sandbox ends is killed, and its cgroups and ipc mount are gone."""
    if "per sandbox" not in sandbox.confinement():
        pytest.skip(sandbox.confinement())
    ipc = tmp_path / "ipc"
    ipc.mkdir()
    with sandbox.kernel_user(61000) as uid, \
            sandbox.confine(uid, sandbox.Sandbox(memory_mb=256, processes=16, ipc_mb=1), ipc) as procs:
        join = "".join(f'echo $$ > "{p}" && ' for p in procs)
        hog = subprocess.run(["sh", "-c", join + 'exec "$@"', "hog", sys.executable, "-c",
                              "b = bytearray(400 * 2**20)\nfor j in range(0, len(b), 4096): b[j] = 1"])
        assert hog.returncode == -9, "400 MiB ran in a 256 MiB sandbox"
        stray = subprocess.Popen(["sh", "-c", join + "exec sleep 600"])
        reaper = threading.Thread(target=stray.wait)  # reaped as the sandbox's init reaps its own
        reaper.start()
        with pytest.raises(OSError):
            (ipc / "big").write_bytes(b"x" * 2 * 2**20)
    reaper.join(timeout=10)
    assert stray.returncode == -9
    assert not any(Path(p).parent.exists() for p in procs)
    assert not os.path.ismount(ipc)


def test_feedback_never_shows_hidden_tests(graded):
    course = graded["course"]
    # The student who prints every cell the kernel received (In) finds no check there to quote.
    checks = (grading.ROOT / "tools" / "verdict" / "labs" / f"{LAB}.py").read_text()
    secret = {ln.strip() for ln in checks.splitlines() if len(ln.strip()) > 25}
    history = (course / "feedback" / "history" / LAB / f"{LAB}.html").read_text()
    assert "SimpleDataLoader" in history and not {ln.strip() for ln in history.splitlines()} & secret
    for page in (course / "feedback").rglob("*.html"):
        text = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in text, page
        own = (course / "submitted" / page.parts[-3]).rglob("*.ipynb")
        if not any(str(course) in nb.read_text() for nb in own):  # else the student wrote the path
            assert str(course) not in text, page


def test_no_sandbox_no_grading(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sandbox, "unavailable", lambda: "bubblewrap is not installed")
    with pytest.raises(autograde.SandboxUnavailable, match="bubblewrap"):
        autograde.grade(tmp_path, [LAB])
    assert autograde_main([LAB, "--course", str(tmp_path)]) == 2
    assert "--unsafe" in capsys.readouterr().err


# The steps on their own, without a kernel.

def test_find_uses_a_single_renamed_notebook_and_refuses_ambiguity(tmp_path):
    for student, names in (("ana", ["lab01.ipynb", "notas.txt"]), ("bia", ["Cópia de lab01.ipynb"]),
                           ("caio", ["a.ipynb", "b.ipynb"]), ("davi", ["lab01.pdf"]),
                           ("eva", ["lab01.ipynb", "Cópia de lab01.ipynb"]), ("fabio", ["lab01.ipynb", "lab01 (1).ipynb"]),
                           ("glob[*]?", ["lab01.ipynb"]), ("=cmd|x", ["lab01.ipynb"]), ("hugo", ["big.ipynb"])):
        folder = tmp_path / "submitted" / student / LAB
        folder.mkdir(parents=True)
        for name in names:
            (folder / name).write_text("{}" if student != "eva" else name)
    (tmp_path / "submitted" / "hugo" / LAB / "big.ipynb").write_text("x" * 2000)
    (tmp_path / "submitted" / "ines" / LAB).mkdir(parents=True)
    (tmp_path / "submitted" / "ines" / LAB / "lab01.ipynb").symlink_to(Path(sys.prefix) / "pyvenv.cfg")
    found = {f.student: f for f in find.find_submissions(tmp_path, LAB, None, max_bytes=1000)}
    assert found["ana"].path.name == "lab01.ipynb" and not found["ana"].notes
    assert found["bia"].path.name == "Cópia de lab01.ipynb" and found["bia"].notes
    assert "lab01.pdf" in found["davi"].refused
    # several notebooks: two different ones are refused with the list, copies graded once and said
    assert found["caio"].path.name == "a.ipynb" and "copies" in found["caio"].notes[0]
    assert "2 different notebooks" in found["eva"].refused and "Cópia de lab01.ipynb" in found["eva"].refused
    assert found["fabio"].path.name == "lab01.ipynb" and "copies" in found["fabio"].notes[0]
    assert "not a plain name" in found["glob[*]?"].refused and "not a plain name" in found["=cmd|x"].refused
    assert "over the" in found["hugo"].refused and "link" in found["ines"].refused


def test_repair_restores_metadata_by_content_with_moved_and_extra_cells():
    release = grading.fill(LAB, {})
    sub = _colab(grading.fill(LAB, grading.solution_answers(LAB)))
    notes = repair.repair(sub, release)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in sub.cells if "nbgrader" in c.metadata]
    want = [c.metadata["nbgrader"]["grade_id"] for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id")]
    assert sorted(ids) == sorted(want) and "restored" in notes[0]
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in sub.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    assert answers == grading.solution_answers(LAB), "each answer cell got its own question's metadata"


def test_repair_puts_a_deleted_answer_back_blank():
    release = grading.fill(LAB, {})
    sub = grading.fill(LAB, grading.solution_answers(LAB))
    sub.cells = [c for c in sub.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "length"]
    notes = repair.repair(sub, release)
    back = [c for c in sub.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "length"]
    assert len(back) == 1 and "NotImplementedError" in back[0].source and "length missing" in notes[-1]


@pytest.mark.parametrize("raw, why", [(b"", "empty"), (b'{"cells": [', "invalid JSON"), (b"[1, 2]", "not a Jupyter"),
                                      (json.dumps({"cells": [{"cell_type": "code"}]}).encode(), "not a readable")])
def test_parse_refuses_what_is_not_a_notebook(raw, why):
    nb, reason = repair.parse(raw)
    assert nb is None and why in reason


def test_scan_finds_tampering_and_spares_honest_code():
    given = "def f(x):\n    # SEU CÓDIGO AQUI\n    raise NotImplementedError()\n\nC.f = f"
    honest = ("def f(x):\n    import sys, math\n    print('debug', file=sys.stderr)\n"
              "    torch.backends.cudnn.benchmark = False\n    return getattr(x, 'shape')\n\nC.f = f")
    assert scan.tampering({"q": honest}, {"torch", "C", "check_close"}, {"q": given}) == []
    bad = {
        "get_ipython().events.register('post_run_cell', f)": "get_ipython",
        "check_close = lambda *a, **k: None": "rebinds check_close",
        "torch.allclose = lambda *a, **k: True": "replaces torch.allclose",
        "import builtins": "builtins",
        "import IPython.display\nIPython.get_ipython()": "IPython",
        "from IPython.core import interactiveshell": "IPython",
        "sys.modules['course_utils'] = None": "sys.modules",
        "exec('x = 1')": "exec",
        "sys.settrace(f)": "sys.settrace",
        "x = %pwd": "get_ipython",
        "def f(:\n    pass": "does not parse",
        "import unittest.mock as m": "mock",
        "import gc\ngc.get_objects()": "garbage collector",
        "open('/work/course/gradebook.db')": "outside",
        "import subprocess": "subprocesses",
        "import sqlite3": "databases",
        "import socket": "network",
        "!cat ../../source/lab01.ipynb": "shell",
        "print(In[3])": "history",
        "f.__code__ = g.__code__": "__code__",
    }
    for code, why in bad.items():
        found = scan.tampering({"q": code}, {"torch", "C", "check_close"}, {"q": given})
        assert found and why in " ".join(found), (code, found)


# Honest code written in unusual but ordinary ways (issue 17): none of it is evidence.
HONEST = [
    "for n, batch in enumerate(loader):\n    print(f'{n}/{len(loader)}', end='\\r')",
    "import glob\nfiles = sorted(glob.glob('images/*.jpg'))",
    "from IPython.display import Image, Markdown, display\ndisplay(Markdown(f'**acurácia**: {0.9:.1%}'))",
    "import IPython.display as ipd\nipd.display(ipd.HTML('<b>ok</b>'))",
    "with open('notas.txt', 'w') as f:\n    f.write('ok')",
    "rows = open('data/labels.csv').read().splitlines()",
    "import json\ncfg = json.load(open('config.json'))",
    "lr = getattr(cfg, name)\nvalue = getattr(model, 'fc' + str(i))",
    "setattr(cfg, 'lr', 0.1)",
    "import threading\nt = threading.Thread(target=print, args=('lendo',))\nt.start(); t.join()",
    "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor(4) as ex:\n"
    "    imgs = list(ex.map(open_image, files))",
    "import sys\nsys.path.append('.')\nimport meus_utils",
    "import shutil, tempfile\nd = tempfile.mkdtemp()\nshutil.copy('a.png', d)",
    "import os\nnames = os.listdir('.')\nfor root, dirs, fs in os.walk('images'):\n    pass",
    "from pathlib import Path\np = Path('images') / 'cat.jpg'",
    "from tqdm.auto import tqdm\nfor x in tqdm(range(3), desc='época'):\n    pass",
    "import logging\nlogging.basicConfig(level=logging.INFO)\nlogging.info('passo %d', 1)",
    "import time\nt0 = time.perf_counter()\nprint(f'{time.perf_counter() - t0:.2f} s')",
    "import warnings\nwarnings.filterwarnings('ignore', category=UserWarning)",
    "import itertools, functools, collections\ncounts = collections.Counter(labels)",
    "import random\nrandom.seed(0)\nimport numpy as np\nnp.random.seed(0)",
    "print('batch', X.shape, '/', Y.shape)\nprint('a/b')",
    "import copy\nbest = copy.deepcopy(model.state_dict())",
    "torch.save(model.state_dict(), 'modelo.pt')\nmodel.load_state_dict(torch.load('modelo.pt'))",
    "import matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.savefig('curva.png')",
    "x = x.to(device, non_blocking=True)\ntorch.backends.cudnn.benchmark = True",
]


def _honest_corpus() -> dict[str, str]:
    from tools.build_notebooks import labs

    corpus = {f"honest-{i}": code for i, code in enumerate(HONEST)}
    for lab in labs():
        for m in grading.load_mutants(lab, include_extra=True) + grading.load_blind(lab):
            if m.kind == "correct":
                corpus[f"{lab}-{m.student}"] = grading.mutant_code(m)
        corpus.update({f"{lab}-solution-{q}": code for q, code in grading.solution_answers(lab).items()})
    return corpus


def test_the_scan_flags_no_honest_answer():
    """The scan over honest answers: the HONEST list, every right answer written another way
    (the mutants' and the blind ones), and the reference answers; none is flagged."""
    from tools.build_notebooks import labs

    corpus = _honest_corpus()
    assert len(corpus) >= 60
    flagged = {}
    for lab in labs():
        release = grading.fill(lab, {})
        locked = [c.source for c in release.cells if c.cell_type == "code" and not c.metadata.get("nbgrader", {}).get("solution")]
        given = {f"cell {n}": c.source for n, c in enumerate(release.cells) if c.cell_type == "code"}
        for name, code in corpus.items():  # each answer beside each lab's locked names: stricter
            found = scan.tampering({name: code}, scan.imported_names(locked), given)
            if found:
                flagged[f"{lab}:{name}"] = found
    assert not flagged, "\n".join(f"{k}: {v[:2]}" for k, v in list(flagged.items())[:10])


def test_scan_finds_secret_lines_on_a_page_but_not_the_students_own():
    secret = scan.secret_lines(["### BEGIN HIDDEN TESTS\ncheck_equal(hidden_value(), 42)\n### END HIDDEN TESTS",
                                "### BEGIN SOLUTION\nreturn sorted(set(labels))\n### END SOLUTION"],
                               ["check_equal(visible_value(), 1)"])
    page = "<pre>check_equal( hidden_value(),42 )  # comentário</pre>\n<pre>return sorted(set(labels))</pre>"
    assert scan.leaks(page, secret, "") == sorted(secret)
    assert scan.leaks(page, secret, "    return sorted(set(labels)) + []") == ["check_equal(hidden_value(),42)"]
    as_repr = "<pre>['import torch\\ncheck_equal(hidden_value(), 42)\\n']</pre>"  # print(In)
    assert scan.leaks(as_repr, secret, "") == ["check_equal(hidden_value(),42)"]


def test_feedback_written_again_is_scanned_too(graded):
    course = graded["course"]
    report = autograde.regenerate_feedback(course, [LAB])
    rows = {r.student_id: r for r in report.rows}
    assert (course / "feedback" / "honest" / LAB / f"{LAB}.html").exists() and not rows["honest"].reasons
    assert all(not r.reasons for r in rows.values() if r.student_id in ("history", "forger-patch-torch")), rows


def test_flagged_points_stay_out_of_the_export(graded):
    """`make grades`: a flagged submission's row is pending review, with no score, until the
    instructor decides; the others carry the grading process's scores."""
    import csv

    course = graded["course"]
    grading.nbgrader(course, "export", "--to", "grades.csv", env={"PYTHONPATH": str(grading.ROOT)})
    with open(course / "grades.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    flagged = [s for s, r in graded["rows"].items() if r.status == "flagged"]
    assert flagged and all(rows[s]["status"] == "pending review" and rows[s]["score"] == "" for s in flagged)
    assert rows["honest"]["status"] == "graded" and float(rows["honest"]["score"]) == 10


def test_no_error_on_the_page_shows_the_graders_paths():
    """A kernel error quotes the library's path (an ImportError names the file); the verdict
    relays it; neither reaches the page with the instructor's folders in it."""
    import course_utils
    from nbformat.v4 import new_code_cell, new_output

    from tools.autograde import execute

    library = str(Path(course_utils.__file__).resolve().parent)
    evalue = f"cannot import name 'X' from 'course_utils.vit' ({library}/vit.py)"
    cell = new_code_cell("check()", metadata={"nbgrader": {"grade": True, "grade_id": "t1", "points": 1}},
                         outputs=[new_output("error", ename="ImportError", evalue=evalue, traceback=[evalue])])
    nb = nbformat.v4.new_notebook(cells=[cell])
    resources = {"verdict": {"failures": {"t1": [f"forward: a sua resposta levantou ImportError: {evalue}"]}}}
    for step in (execute.ApplyVerdict(), execute.ScrubTracebacks(paths=["/nowhere"])):
        nb, resources = step.preprocess(nb, resources)
    page = json.dumps(nb.cells[0].outputs)
    assert "TesteFalhou" in page and "ImportError" in page and "vit.py" in page
    assert library not in page and str(grading.ROOT) not in page


def test_notebooks_of_the_wrong_shape_are_graded_beside_the_others(graded):
    """Null, string and list metadata where nbgrader keeps a mapping, and an nbformat 3 file
    (converted by nbformat): each is graded on its work; the class goes on."""
    for student in ("null-metadata", "old-format"):
        row = graded["rows"][student]
        assert row.status in ("graded", "repaired") and total(graded, student) == 10, (student, row.status, row.reasons)


def test_the_grader_follows_no_link_or_fifo_the_kernel_left(graded):
    """The kernel's output file replaced by a FIFO (a read would hang the class) or by a link to
    a host file (root would copy it into the log): the class finished, and nothing was read."""
    for student in ("fifo", "symlink"):
        row = graded["rows"][student]
        assert row.status != "refused" and total(graded, student) == 10, (student, row.status, row.reasons)
    venv = (Path(sys.prefix) / "pyvenv.cfg").read_text().splitlines()[0]
    assert venv not in (graded["course"] / autograde.LOG).read_text()


def _inert(page: str) -> list[str]:
    """Active content carrying the planted script: a script element, an event handler, a
    javascript: link."""
    found = [s[:80] for s in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S | re.I) if "owned-" in s]
    found += re.findall(r"<[^>]*\son\w+\s*=[^>]*owned-[^>]*>", page, re.I)
    found += re.findall(r"href\s*=\s*[\"']?\s*javascript:[^>]*owned", page, re.I)
    return found


def test_pages_run_no_script_of_the_student(graded, tmp_path):
    """The feedback page and the formgrader's view of a notebook with scripts in its outputs
    (HTML, Javascript, Markdown, SVG) and in a markdown cell: the content is there, inert; in
    a real browser (headless Chromium) no planted script ran."""
    from nbconvert import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    course, student = graded["course"], "scripter"
    row = graded["rows"][student]
    assert row.status == "graded" and total(graded, student) == 10, (row.status, row.reasons)
    config = autograde.load_config(course)  # what the formgrader reads
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    formgrade, _ = HTMLExporter(config=config).from_filename(
        str(course / "autograded" / student / LAB / f"{LAB}.ipynb"),
        resources=dict(assignment_id=LAB, notebook_id=LAB, submission_id="x", index=0, total=1, base_url="",
                       student=student, last_name="", first_name="", notebook_path=""))
    pages = {"feedback": (course / "feedback" / student / LAB / f"{LAB}.html").read_text(), "formgrader": formgrade}
    for name, page in pages.items():
        assert "Minhas notas" in page and "owned-" in page, f"the {name} page lost the student's content"
        assert not _inert(page), f"the {name} page keeps active content: {_inert(page)[:3]}"
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("no Chromium: the pages were checked as text only (tools/system_deps.sh installs it)")
    for name, page in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(page)
        dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                              "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120).stdout
        assert "</html>" in dom, f"Chromium rendered nothing for the {name} page"
        assert "owned-42" not in dom, f"a planted script ran in the {name} page"


def test_terminal_table_and_csv_neutralise_what_a_student_wrote(tmp_path):
    """Escape codes in a quoted line cannot rewrite the terminal; a reason or an id that starts
    like a formula stays text in a spreadsheet."""
    import csv

    from tools.autograde import report as report_mod

    report = report_mod.Report()
    report.add(report_mod.Row("=HYPERLINK(\"x\")", LAB, "flagged", 0.0, 10,
                              ["cell 3 line 1: print('\x1b[2K\r' + 'ana  lab01 graded 10.00/10')", "fim"]))
    table = report.table()
    assert "\x1b" not in table and "\r" not in table and "\\x1b[2K\\r" in table
    report.write_csv(tmp_path / "r.csv")
    row = next(r for r in csv.DictReader(open(tmp_path / "r.csv")))
    assert row["student_id"].startswith("'=") and "\x1b" not in row["reasons"]
    assert report_mod.plain("a\x1b[31mb\nc", lines=True) == "a\\x1b[31mb\nc"


_SEES = "import sys, course_utils; print(sys.prefix, course_utils.__file__, sep='|')"


@pytest.mark.skipif(sandbox.unavailable() is not None, reason="no sandbox on this machine")
def test_a_venv_reached_through_a_link_starts_in_the_sandbox(tmp_path):
    """A `.venv` that is a symbolic link (a common layout): the kernel, started by the linked path
    that the grader's own sys.executable names, finds its interpreter and the same course_utils."""
    link = tmp_path / "linked-venv"
    link.symlink_to(os.path.realpath(sys.prefix))
    ipc = tmp_path / "ipc"
    ipc.mkdir()
    os.chown(ipc, 61999, 61999)
    script = ("import subprocess, sys\nfrom pathlib import Path\nfrom tools.autograde import sandbox\n"
              f"argv = sandbox.command(Path({str(ipc)!r}), 61999, sandbox.Sandbox())\n"
              f"done = subprocess.run([*argv, sys.executable, '-c', {_SEES!r}], env=sandbox.kernel_env(1),\n"
              "                      capture_output=True, text=True)\n"
              "print(sys.executable, done.returncode, done.stdout.strip(), done.stderr[-300:], sep='\\n')")
    out = subprocess.run([str(link / "bin" / "python"), "-c", script], cwd=grading.ROOT, capture_output=True,
                         text=True, timeout=120)
    executable, code, seen, *_ = out.stdout.splitlines() + ["", "", ""]
    assert executable.startswith(str(link)), out.stdout + out.stderr
    import course_utils
    assert code == "0" and seen == f"{link}|{course_utils.__file__}", out.stdout + out.stderr


def test_kernels_graded_at_once_never_share_a_user(monkeypatch, tmp_path):
    """Two grading processes whose pids fall on the same slot still get different uids, a
    released uid is handed out again, and a lock folder someone else made is refused."""
    import multiprocessing

    from tools.autograde import sandbox

    monkeypatch.setattr(sandbox, "UID_LOCKS", tmp_path / "uids")
    with sandbox.kernel_user(61000, 4242) as first, sandbox.kernel_user(61000, 4242) as second:  # one slot
        assert first == 61000 + 4242 and second != first
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(1) as pool:  # another process sees both uids taken
            other = pool.apply(_claim_one, (tmp_path / "uids",))
        assert other not in (first, second)
    with sandbox.kernel_user(61000, 4242) as again:
        assert again == first
    (tmp_path / "uids").chmod(0o755)
    with pytest.raises(RuntimeError, match="not a private folder"):
        with sandbox.kernel_user(61000):
            pass


def _claim_one(folder):
    from tools.autograde import sandbox

    sandbox.UID_LOCKS = folder
    with sandbox.kernel_user(61000, 4242) as uid:
        return uid
