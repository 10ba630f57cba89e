"""The fork server (tests/forkserver.py) runs ``policy`` as ``python -m toolkit`` would: same exit status,
same output, its own limits and wall-clock timeout.  The adversarial tests rely on it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from hostile import make_project, policy


def _fresh(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("POLICY_PRIVATE_SRC", None)
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=project, env=env, capture_output=True,
                          text=True)


def test_a_forked_run_says_and_exits_as_a_fresh_process(tmp_path):
    project = make_project(tmp_path)
    broken = project / "policy_src" / "policyset.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n: [unclosed\n", encoding="utf-8")
    for args in (("check",), ("no-such-command",), ("--help",)):
        forked, fresh = policy(project, *args), _fresh(project, *args)
        assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert policy(project, "check").returncode == 2


def test_a_run_past_its_wall_clock_is_killed(tmp_path):
    project = make_project(tmp_path)
    read, write = os.pipe()  # standard input that never ends and never closes
    try:
        with os.fdopen(read, "rb") as never:
            started = time.monotonic()
            run = policy(project, "import", "-", "--doc", "x", "--rev", "r1", "-o", "-", wall=2, stdin=never)
    finally:
        os.close(write)
    assert run.returncode == -9 and "timed out after 2 s" in run.stderr
    assert time.monotonic() - started < 30
    assert policy(project, "--help").returncode == 0  # the server goes on after a killed run


def test_two_children_run_at_once(tmp_path):
    """One waits on its standard input while the other runs to its end (test_concurrency_time needs both)."""
    import forkserver

    project = make_project(tmp_path)
    server = forkserver.server()
    env = {k: v for k, v in os.environ.items() if k != "POLICY_PRIVATE_SRC"}
    read, write = os.pipe()
    with os.fdopen(read, "rb") as waiting:
        first = server.start(("import", "-", "--doc", "x", "--rev", "r1", "-o", "-"), cwd=project, env=env,
                             memory=1 << 30, cpu=30, stdin=waiting)
    second = server.run(("check",), cwd=project, env=env, memory=1 << 30, cpu=30, wall=60)
    assert second.returncode == 0 and not second.timed_out, second.stderr
    os.write(write, "# 規程\n\n## 第1条\n\n本文。\n".encode())
    os.close(write)
    done = server.wait(first, 60)
    assert not done.timed_out and "Traceback" not in done.stderr, done.stderr


def test_a_script_runs_as_python_c_would(tmp_path):
    """``code=``: a test's own script (test_publish's SIGKILL tests) gets ``-c`` and its arguments, and
    exits, prints and fails as ``python -c`` does; ``poll`` sees it running, then ended."""
    import resource

    import forkserver

    server = forkserver.server()
    env = dict(os.environ)
    unlimited = resource.RLIM_INFINITY
    script = "import sys, time\nprint(sys.argv)\ntime.sleep(float(sys.argv[1]))\nsys.exit(int(sys.argv[2]))\n"
    job = server.start(("0.5", "3"), cwd=tmp_path, env=env, memory=unlimited, cpu=unlimited, code=script)
    assert server.poll(job) is None
    done = server.wait(job, 60)
    fresh = subprocess.run([sys.executable, "-c", script, "0", "3"], capture_output=True, text=True)
    assert (done.returncode, done.stdout.replace("0.5", "0")) == (fresh.returncode, fresh.stdout) == (3, "['-c', '0', '3']\n")
    failing = server.run(("x",), cwd=tmp_path, env=env, memory=unlimited, cpu=unlimited, wall=60, code="1/0")
    assert failing.returncode == 1 and "ZeroDivisionError" in failing.stderr
