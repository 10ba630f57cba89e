"""``python -m toolkit ARGS`` as a process of its own, forked from a warm one (a fork server).

The adversarial tests run the command as a separate process under an address-space and CPU limit
and a wall-clock timeout, and read its exit status, standard output and error.  Started afresh,
each such process spends most of its time importing (the toolkit, Sphinx in its build child, python-docx,
pypdf …): over two hundred runs, a third of the suite's time.  So one server process per test worker
imports all that once and, for each run, forks a child that does what ``python -m toolkit`` would:
its own working folder, environment, standard streams and resource limits, ``sys.argv`` as Python sets it,
the toolkit's ``__main__`` run as the main module, the exit status of ``sys.exit`` (1 and a traceback
for an uncaught exception).  The child is a real process: limits, signals and exit codes are its own.
A test's own script that drives the toolkit runs the same way, as ``python -c SCRIPT ARGS`` (``code=``).

What it does not have is a fresh interpreter: a test about start-up itself (a missing module, an
import-time failure, the bare machine) runs ``sys.executable -m toolkit`` (tests/test_bare.py), and so
does every run when ``HOSTILE_TOOLKIT`` names another checkout.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import resource
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Finished:
    returncode: int  # as subprocess gives it: negative for a signal
    stdout: str
    stderr: str
    timed_out: bool


def preload() -> None:
    """Import what the commands import lazily (the same modules, so nothing a run sees differs).

    Nothing more: no publish (Typst starts threads, and a process with threads must not fork), no
    source loaded (the seal key, janome's dictionary: a child would differ from a fresh process in
    its state folder and its memory headroom under the limits; tests saw both)."""
    import importlib
    import pkgutil

    import toolkit

    for mod in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)
    from sphinx.application import builtin_extensions

    for name in builtin_extensions:  # what Sphinx() loads in the site build's child
        importlib.import_module(name)
    import sphinx.builders.html  # noqa: F401


def limit(memory: int, cpu: int) -> None:
    """This process's address space, CPU seconds, and no core file (a hostile run's limits)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(request: dict, fds: list[int]) -> None:
    """In the forked child: become ``python -m toolkit ARGS``; never returns."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        limit(*request["limits"])
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        import runpy

        script = request.get("code")
        sys.argv = ["-c" if script is not None else str(ROOT / "toolkit" / "__main__.py"), *request["args"]]
        try:
            if script is not None:  # python -c SCRIPT ARGS
                exec(compile(script, "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
            else:
                runpy.run_module("toolkit", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as e:  # as the interpreter reads it
            if e.code is None:
                code = 0
            elif isinstance(e.code, int):
                code = e.code & 0xFF
            else:
                print(e.code, file=sys.stderr)
                code = 1
        except BaseException:  # noqa: BLE001 - what an uncaught exception does to a process
            import traceback

            traceback.print_exc()
            code = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve(sock: socket.socket) -> None:
    """The server: a child per request, answered with its pid; each child's status when it ends
    ("pid N" and "exit N STATUS" messages: several children may run at once)."""
    from toolkit.render.site.build import _die_with_parent

    _die_with_parent()  # as the site build's child does: no server outlives its test worker
    preload()
    if len(os.listdir("/proc/self/task")) > 1:  # a fork keeps one thread: a child would wait on the others
        raise RuntimeError("the fork server has threads after its preload: it cannot fork safely")
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # the handler is a no-op: the wake-up byte is the point
    signal.set_wakeup_fd(wake_w)
    while True:
        ready = select.select([sock, wake_r], [], [])[0]
        if wake_r in ready:
            os.read(wake_r, 4096)
            _reap(sock)
        if sock not in ready:
            continue
        try:
            data, fds, _flags, _addr = socket.recv_fds(sock, 1 << 20, 3)
        except OSError:
            return
        if not data:
            return
        request = pickle.loads(data)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for fd in (wake_r, wake_w):
                os.close(fd)
            sock.close()
            _child(request, fds)
        for fd in fds:
            os.close(fd)
        sock.sendall(f"pid {pid}".encode())
        _reap(sock)


def _reap(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        sock.sendall(f"exit {pid} {os.waitstatus_to_exitcode(status)}".encode())


@dataclass
class Job:
    """A child started by :meth:`ForkServer.start`: finish it with :meth:`ForkServer.wait`."""

    pid: int
    out: IO[bytes]
    err: IO[bytes]


class ForkServer:
    """One server per test worker, started on first use."""

    def __init__(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"), str(ROOT)])
        self._process = subprocess.Popen(
            [sys.executable, "-c", "import socket, sys, forkserver; "
             "forkserver.serve(socket.socket(fileno=int(sys.argv[1])))", str(child.fileno())],
            pass_fds=[child.fileno()], cwd=ROOT, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        child.close()
        self._sock = parent
        self._ended: dict[int, int] = {}  # pid → status, of children not waited for yet

    def start(self, args: tuple[str, ...], *, cwd: Path, env: dict[str, str], memory: int, cpu: int,
              stdin: IO[bytes] | None = None, code: str | None = None) -> Job:
        """Start ``policy ARGS`` in a forked child, standard input from ``stdin`` (else nothing);
        with ``code``, ``python -c CODE ARGS`` instead (a test's own script that drives the toolkit)."""
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        request = {"args": list(args), "cwd": str(cwd), "env": env, "limits": (memory, cpu), "code": code}
        with open(os.devnull, "rb") as devnull:
            source = stdin if stdin is not None else devnull
            socket.send_fds(self._sock, [pickle.dumps(request)], [source.fileno(), out.fileno(), err.fileno()])
        while True:
            kind, *values = self._message(None)
            if kind == "pid":
                return Job(int(values[0]), out, err)

    def wait(self, job: Job, wall: float | None = None) -> Finished:
        """The child's status and output; a child still running after ``wall`` seconds is killed."""
        timed_out = False
        deadline = None if wall is None else time.monotonic() + wall
        while job.pid not in self._ended:
            try:
                self._message(None if deadline is None else max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                timed_out, deadline = True, None
                with contextlib.suppress(ProcessLookupError):
                    os.kill(job.pid, signal.SIGKILL)
        status = self._ended.pop(job.pid)
        texts = []
        for f in (job.out, job.err):
            f.seek(0)
            texts.append(f.read().decode("utf-8", "replace"))
            f.close()
        return Finished(status, texts[0], texts[1], timed_out)

    def poll(self, job: Job) -> int | None:
        """The child's status if it has ended, else None (as Popen.poll)."""
        with contextlib.suppress(TimeoutError):
            while job.pid not in self._ended:
                self._message(0)
        return self._ended.get(job.pid)

    def run(self, args: tuple[str, ...], *, cwd: Path, env: dict[str, str], memory: int, cpu: int, wall: float,
            stdin: IO[bytes] | None = None, code: str | None = None) -> Finished:
        """Run ``policy ARGS`` (or ``python -c CODE ARGS``) in a forked child; a child still running after
        ``wall`` seconds is killed."""
        return self.wait(self.start(args, cwd=cwd, env=env, memory=memory, cpu=cpu, stdin=stdin, code=code), wall)

    def _message(self, timeout: float | None) -> list[str]:
        if timeout is not None and not select.select([self._sock], [], [], timeout)[0]:
            raise TimeoutError
        data = self._sock.recv(256)
        if not data:
            raise RuntimeError("the fork server ended")
        words = data.decode().split()
        if words[0] == "exit":
            self._ended[int(words[1])] = int(words[2])
        return words

    def close(self) -> None:
        self._sock.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=5)
        if self._process.poll() is None:
            self._process.kill()


_server: ForkServer | None = None


def server() -> ForkServer:
    global _server
    if _server is None or _server._process.poll() is not None:
        _server = ForkServer()
        atexit.register(_server.close)  # waited for, so its time counts in the worker's children
    return _server
