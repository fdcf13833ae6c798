"""Isolate: the kernel of a submission runs in a bubblewrap sandbox.

Inside the sandbox the kernel:

* runs as an unprivileged user of its own (no capabilities, no new privileges);
* has no network (a network namespace with nothing in it) and no IPC with the host;
* sees the system libraries and the Python environment read-only, an empty working
  folder and ``/tmp`` (small tmpfs), and nothing of the course: not ``source/``,
  ``solutions/``, the gradebook, other submissions, nor the instructor's environment
  variables (the environment is rebuilt from scratch);
* lives under limits of memory, processes, file size and CPU time (``prlimit``).

The kernel talks to the grader over ZeroMQ's ``ipc`` transport: unix sockets in one
folder that is the only thing the sandbox shares with the host. The limits are traits
of :class:`Sandbox`, so ``nbgrader_config.py`` sets them (``c.Sandbox.memory_mb = ...``).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Dict, Integer, List, Unicode
from traitlets.config import Configurable

HOME = "/home/aluno"
# What a Python kernel needs from /etc; the rest of /etc stays out of sight.
ETC = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "fonts", "ssl", "localtime", "passwd", "group",
       "nsswitch.conf", "hosts", "mime.types", "alternatives"]
HOW_TO_FIX = ("To fix it: install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`, which `make setup` does "
              "where it runs as root) and run the grader as root so that it can give each kernel a user of its "
              "own; or pass --unsafe to grade without isolation (only for submissions you trust).")


class Sandbox(Configurable):
    """Limits of one submission's kernel. Set them in ``nbgrader_config.py``."""

    memory_mb = Integer(6144, help="memory of the whole sandbox, MiB: all its processes together (a memory "
                                   "cgroup per kernel) where the machine allows, and each process's address "
                                   "space (RLIMIT_AS) everywhere").tag(config=True)
    processes = Integer(64, help="processes and threads of the whole sandbox (a pids cgroup) where the machine "
                                 "allows, and of the kernel's user (RLIMIT_NPROC) everywhere").tag(config=True)
    ipc_mb = Integer(64, help="size of the folder the kernel shares with the grader (its own tmpfs, as root), MiB"
                     ).tag(config=True)
    file_mb = Integer(256, help="largest file the kernel may write, MiB").tag(config=True)
    tmp_mb = Integer(1024, help="size of the kernel's /tmp and working folder (tmpfs), MiB").tag(config=True)
    seconds = Integer(300, help="wall time of the whole submission, all cells together").tag(config=True)
    cell_seconds = Integer(120, help="wall time of one cell").tag(config=True)
    output_bytes = Integer(2_000_000, help="output the kernel may send back, all cells together").tag(config=True)
    feedback_bytes = Integer(4_000_000, help="largest feedback page written for a student").tag(config=True)
    submission_mb = Integer(50, help="largest notebook handed in, MB: a bigger one is refused unread").tag(config=True)
    first_uid = Integer(61000, help="kernels run as uids first_uid .. first_uid + UIDS - 1").tag(config=True)
    env = Dict(help="extra environment variables for the kernel").tag(config=True)


UIDS = 5000  # kernel users that one machine hands out
UID_LOCKS = Path(tempfile.gettempdir()) / "course-kernel-uids"


@contextlib.contextmanager
def kernel_user(first_uid: int, start: int | None = None) -> Iterator[int]:
    """A uid for one kernel that no other kernel on this machine has while it is held.

    Each uid is claimed by an exclusive ``flock`` on its own file in a root-only folder, so two
    grading processes (pool workers, Dask workers, two ``make autograde`` at once) never run
    their kernels as the same user, and a crashed process frees its uid with its file
    descriptors. The search starts at the process's own slot, so claims rarely collide."""
    UID_LOCKS.mkdir(mode=0o700, exist_ok=True)
    info = os.lstat(UID_LOCKS)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise RuntimeError(f"{UID_LOCKS} is not a private folder of the grader's user (someone else made it, "
                           "or made it a link): remove it and grade again")
    start = os.getpid() % UIDS if start is None else start
    for k in range(UIDS):
        slot = (start + k) % UIDS
        fd = os.open(UID_LOCKS / str(slot), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            yield first_uid + slot
        finally:
            os.close(fd)
        return
    raise RuntimeError(f"all {UIDS} kernel users of this machine are in use")


CGROUP = Path("/sys/fs/cgroup")
GROUP = "course-grader"  # the folder of the kernels' cgroups, one per kernel user


def _cgroup_v2() -> bool:
    return (CGROUP / "cgroup.controllers").exists()


def _cgroup_dirs(uid: int) -> list[Path]:
    """The cgroups that cap one sandbox as a whole where this machine lets the grader make them:
    one group with memory and pids (cgroup v2), or one in each of v1's memory and pids hierarchies."""
    if os.geteuid() != 0:
        return []
    if _cgroup_v2():
        controllers = set((CGROUP / "cgroup.controllers").read_text().split())
        return [CGROUP / GROUP / str(uid)] if {"memory", "pids"} <= controllers else []
    return [CGROUP / c / GROUP / str(uid) for c in ("memory", "pids") if (CGROUP / c / "cgroup.procs").exists()]


def _kill_all(group: Path) -> None:
    """Every process still in the cgroup killed, then the cgroup removed (a memory cgroup stays
    busy for a moment after its last process exits: killed and tried again, for up to 5 s)."""
    for _ in range(250):
        try:
            pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
        except OSError:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        try:
            group.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.02)


@contextlib.contextmanager
def confine(uid: int, limits: Sandbox, ipc_dir: Path) -> Iterator[list[str]]:
    """The host-side limits of one sandbox, for as long as it runs.

    * memory and processes of the whole sandbox, every process of it together, in cgroups
      made for this kernel user (v2 where the machine has it, else v1's memory and pids
      hierarchies): seven children of 1 GiB each no longer fit in a 6 GiB sandbox;
    * the ipc folder, the only one the kernel shares with the host, on a tmpfs of its own
      (``ipc_mb``), so a kernel that fills it fills nobody else's ``/dev/shm``.

    Yields the ``cgroup.procs`` files that the sandbox's first process joins before it execs
    (:func:`command`), so all its descendants are counted. Where the machine allows neither
    (no root, no writable cgroups), the per-process limits of :func:`command` (``prlimit``)
    stand alone; :func:`confinement` says which. Afterwards every process left in the groups
    is killed and the groups and the mount are removed."""
    mb = 1024 * 1024
    settings = {"memory.limit_in_bytes": limits.memory_mb * mb, "memory.max": limits.memory_mb * mb,
                "memory.swap.max": 0, "pids.max": limits.processes}  # v1 and v2 names: those present are set
    made: list[Path] = []
    mounted = False
    try:
        for group in _cgroup_dirs(uid):
            try:
                if _cgroup_v2():  # the controllers are delegated down to the kernel's group
                    (CGROUP / "cgroup.subtree_control").write_text("+memory +pids")
                    group.parent.mkdir(exist_ok=True)
                    (group.parent / "cgroup.subtree_control").write_text("+memory +pids")
                group.mkdir(parents=True, exist_ok=True)
                for name, value in settings.items():
                    if (group / name).exists():
                        (group / name).write_text(str(value))
                made.append(group)
            except OSError:
                with contextlib.suppress(OSError):
                    group.rmdir()
        if os.geteuid() == 0 and shutil.which("mount"):
            done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={limits.ipc_mb * mb},mode=0700,nosuid,nodev",
                                   "tmpfs", str(ipc_dir)], capture_output=True)
            mounted = done.returncode == 0
        yield [str(g / "cgroup.procs") for g in made]
    finally:
        for group in made:
            _kill_all(group)
        if mounted:
            subprocess.run(["umount", "-l", str(ipc_dir)], capture_output=True)


def confinement() -> str:
    """What :func:`confine` can do on this machine, in one line for the instructor."""
    if _cgroup_dirs(0):
        return (f"memory and processes capped per sandbox (cgroup {'v2' if _cgroup_v2() else 'v1'}), "
                "ipc folder on its own tmpfs")
    return ("memory and processes capped per process only (no writable cgroups here: run the grader as root "
            "on a machine with cgroups to cap each sandbox as a whole)")


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why no sandbox can run here, or None when one can."""
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {sys.platform})"
    for tool in ("bwrap", "setpriv", "prlimit"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed"
    if os.geteuid() != 0:
        return "the grader is not running as root, so kernels cannot get users of their own"
    probe = subprocess.run(["bwrap", *_namespaces(), "--ro-bind", "/", "/", "--", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here ({probe.stderr.strip()})"
    return None


def _namespaces() -> list[str]:
    return ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent"]


def _python_dirs() -> list[tuple[Path, Path]]:
    """Folders the kernel's interpreter reads (the base install, the venv, editable installs), as
    (real folder, where the kernel sees it). A venv reached through a symbolic link (``.venv`` a
    link, a common layout) is seen both at its real place and at the linked path that
    ``sys.prefix`` and ``sys.executable`` name, so the kernel starts by the same path as the grader."""
    import course_utils  # an editable install lives outside site-packages

    named = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.executable).parents[1],
             Path(os.path.realpath(sys.executable)).parents[1], Path(course_utils.__file__).parent}
    pairs = {(d.resolve(), d.resolve()) for d in named}
    pairs |= {(d.resolve(), Path(os.path.abspath(d))) for d in named}
    return sorted(pairs)


def _mkdirs(target: Path, seen: set[Path]) -> list[str]:
    """bwrap arguments that create the parents of ``target`` with mode 0755."""
    args = []
    for parent in reversed(target.parents):
        if parent != Path("/") and parent not in seen:
            seen.add(parent)
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def command(ipc_dir: Path, uid: int, limits: Sandbox, cgroups: list[str] = ()) -> list[str]:
    """The argv that runs a command (appended by the caller) in the sandbox; the first process
    joins ``cgroups`` (the ``cgroup.procs`` files of :func:`confine`) before anything else runs."""
    mb = 1024 * 1024
    # An interrupt (SIGINT to the process group) is for the kernel, which handles it; the
    # wrappers around it ignore it, or it would kill the sandbox with the kernel inside.
    join = "".join(f'echo $$ > "{procs}" && ' for procs in cgroups)
    args = ["sh", "-c", f'trap "" INT; {join}exec "$@"', "sandbox", "prlimit", f"--as={limits.memory_mb * mb}", f"--nproc={limits.processes}",
            f"--fsize={limits.file_mb * mb}", f"--cpu={limits.seconds * 2}", "--core=0", "--",
            "bwrap", *_namespaces(), "--hostname", "sandbox",
            # jupyter_client names its pid for the kernel to watch; in a pid namespace it reads as gone.
            "--unsetenv", "JPY_PARENT_PID"]
    for top in ("/bin", "/lib", "/lib64", "/sbin", "/usr"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in ETC:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    # The tmpfs mounts first: a bind below /tmp (the ipc folder) must land on top of them.
    args += ["--dev", "/dev", "--proc", "/proc",
             "--size", str(limits.tmp_mb * mb), "--perms", "1777", "--tmpfs", "/tmp",
             "--perms", "0755", "--dir", "/home",
             "--size", str(limits.tmp_mb * mb), "--perms", "1777", "--tmpfs", HOME]
    seen: set[Path] = {Path("/tmp"), Path("/home")}
    outside = [(real, seen_as) for real, seen_as in _python_dirs() if not str(seen_as).startswith("/usr/")]
    for d in [*(seen_as for _, seen_as in outside), ipc_dir.resolve()]:
        args += _mkdirs(d, seen)
    for real, seen_as in outside:
        args += ["--ro-bind", str(real), str(seen_as)]
    args += ["--bind", str(ipc_dir.resolve()), str(ipc_dir.resolve()), "--chdir", HOME]
    args += ["--", "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
             "--bounding-set=-all", "--no-new-privs", "--"]
    return args


def kernel_env(threads: int, extra: dict | None = None) -> dict[str, str]:
    """The kernel's whole environment: nothing is inherited from the grader's."""
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": HOME, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": "/tmp",
        "NBGRADER_EXECUTION": "autograde", "COURSE_SMOKE": "1", "COURSE_DATA": "/tmp/course-data",
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib", "PYTHONDONTWRITEBYTECODE": "1",
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
        "HF_HOME": "/tmp/hf", "TORCH_HOME": "/tmp/torch", "CUDA_VISIBLE_DEVICES": "",
        "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
        "TQDM_DISABLE": "1", "PYTHONWARNINGS": "ignore",
    }
    return {**env, **(extra or {})}


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel inside :func:`command`'s sandbox."""

    sandbox_argv = List(Unicode())
    sandbox_env = Dict()
    sandbox_uid = Integer(-1)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.sandbox_uid >= 0:  # the kernel reads its connection file as its own user
            os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)
        return [*self.sandbox_argv, *cmd]

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw["env"] = dict(self.sandbox_env)  # the whole environment: nothing of the grader's
        kw["cwd"] = os.path.dirname(self.connection_file)
        # What the kernel writes outside the notebook (crashes, C-level warnings) goes to a file.
        kw["stdout"] = kw["stderr"] = open(os.path.join(kw["cwd"], "kernel-output.log"), "ab")
        return await super()._async_launch_kernel(kernel_cmd, **kw)
