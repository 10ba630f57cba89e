"""Running the ``policy`` command on hostile sources, under limits.

Every run is a subprocess with an address-space and CPU limit
(``resource.setrlimit``) and a wall-clock timeout, so a blow-up (an alias
bomb, unbounded recursion, a read that never ends) fails the test instead of
taking the machine.  Tests build a project folder from the fixture source
(``conftest.SRC``), break it, run the command, and check what the user sees.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import forkserver
from conftest import SRC

MEMORY = 1 << 30  # 1 GiB of address space
CPU_SECONDS = 30
WALL_SECONDS = 60
# "error: FILE:LINE[:COL]: …" — the located form every source problem takes
LOCATED = re.compile(r"^error: (?P<file>[^\s:]+):(?P<line>\d+)(?::(?P<col>\d+))?: ", re.M)


@dataclass
class Run:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"policy {' '.join(self.args)} → {self.returncode}\n--- stdout\n{self.stdout[-2000:]}\n--- stderr\n{self.stderr[-2000:]}"


def policy(project: Path, *args: str, memory: int = MEMORY, cpu: int = CPU_SECONDS,
           wall: int = WALL_SECONDS, stdin: IO[bytes] | None = None, env: dict[str, str] | None = None) -> Run:
    """``policy ARGS`` in ``project`` under the limits (standard input from ``stdin`` when given);
    a timeout is a failed run (-9), not a hang; ``env``: variables added.  The process is forked from a warm server
    (tests/forkserver.py), or started afresh to run another checkout (``HOSTILE_TOOLKIT``)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", **(env or {})}
    env.pop("POLICY_PRIVATE_SRC", None)
    if not os.environ.get("HOSTILE_TOOLKIT"):
        done = forkserver.server().run(args, cwd=project, env=env, memory=memory, cpu=cpu, wall=wall, stdin=stdin)
        if done.timed_out:
            return Run(args, -9, done.stdout, f"timed out after {wall} s")
        return Run(args, done.returncode, done.stdout, done.stderr)
    env["PYTHONPATH"] = os.environ["HOSTILE_TOOLKIT"]  # run the command from another checkout (to show a test failed before a fix)
    try:
        p = subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=project, env=env, capture_output=True,
                           text=True, errors="replace", timeout=wall,
                           preexec_fn=functools.partial(forkserver.limit, memory, cpu),
                           stdin=stdin)
    except subprocess.TimeoutExpired as e:
        return Run(args, -9, str(e.stdout or ""), f"timed out after {wall} s")
    return Run(args, p.returncode, p.stdout, p.stderr)


def make_project(base: Path, depth: int = 3) -> Path:
    """A project folder ``depth`` levels below ``base`` holding a copy of the fixture source
    (deep, so a path that steps out with ``../`` still lands inside ``base`` where a test can see it)."""
    project = base.joinpath(*[f"d{i}" for i in range(depth)], "project")
    shutil.copytree(SRC, project / "policy_src", symlinks=True)
    return project


def snapshot(base: Path, project: Path) -> dict[str, str]:
    """Every file and link under ``base`` except the project's build/ (path → digest or link target)."""
    build = project / "build"
    out: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(base):
        d = Path(dirpath)
        dirs[:] = [x for x in dirs if d / x != build]
        for name in [*files, *[x for x in dirs if (d / x).is_symlink()]]:
            p = d / name
            rel = str(p.relative_to(base))
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        out.update({str((d / x).relative_to(base)) + "/": "dir" for x in dirs})
    return out


def assert_refused(run: Run, file: str | None = None, line: int | None = None) -> re.Match[str]:
    """Exit status 2, no traceback, and a located error (in ``file`` at ``line`` when given)."""
    assert run.returncode == 2, str(run)
    assert "Traceback" not in run.stderr, str(run)
    found = [m for m in LOCATED.finditer(run.stderr)
             if (file is None or m["file"].endswith(file)) and (line is None or int(m["line"]) == line)]
    assert found, f"no located error for {file}:{line}\n{run}"
    return found[0]


def assert_no_traceback(run: Run) -> None:
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, str(run)
    assert run.returncode in (0, 1, 2), str(run)


def edit_yaml(path: Path, change) -> None:
    """Load ``path`` round-trip, let ``change(data)`` alter it, write it back."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of ``path`` containing ``needle``."""
    for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


def first_node(data) -> dict:
    """The first clause of a revision file's body (loaded round-trip)."""
    return data["body"][0]


def public_document(src: Path) -> Path:
    """The folder of a document the public audience sees (its document.yaml says classification: public)."""
    for folder in sorted(p for p in src.iterdir() if (p / "document.yaml").is_file()):
        if re.search(r"^classification:\s*public\s*$", (folder / "document.yaml").read_text(encoding="utf-8"), re.M):
            return folder
    raise AssertionError(f"no public document in {src}")


def non_public_document(src: Path) -> Path:
    for folder in sorted(p for p in src.iterdir() if (p / "document.yaml").is_file()):
        if not re.search(r"^classification:\s*public\s*$", (folder / "document.yaml").read_text(encoding="utf-8"), re.M):
            return folder
    raise AssertionError(f"no non-public document in {src}")


def revision_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != "document.yaml")


def current_revision(folder: Path) -> Path:
    """The revision file of the last ledger entry (the one a public view shows)."""
    from ruamel.yaml import YAML

    ledger = YAML(typ="safe").load((folder / "document.yaml").read_text(encoding="utf-8"))["revisions"]
    return folder / f"{ledger[-1]['id']}.yaml"


def assert_refused_file(run: Run, file: str, member: str | None = None) -> re.Match[str]:
    """Exit status 2, no traceback, and an error naming ``file`` (a binary input has no lines: the
    location is the file, or ``FILE/MEMBER[:LINE]`` for a part of an archive such as a Word file)."""
    assert run.returncode == 2, str(run)
    assert "Traceback" not in run.stderr, str(run)
    where = re.escape(file) + (f"/{re.escape(member)}" if member else "")
    found = re.search(rf"^error: (?:\S*/)?{where}(?::\d+){{0,2}}: ", run.stderr, re.M)
    assert found, f"no error naming {file}{'/' + member if member else ''}\n{run}"
    return found


def patch_zip_member(path: Path, name: str, *, flag: int = 0, method: int | None = None) -> None:
    """Set general-purpose flag bits (0x1: encrypted) and / or the compression method of member
    ``name`` in both its local header and its central-directory entry."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        local = z.getinfo(name).header_offset
        central = z.start_dir  # type: ignore[attr-defined]
    while bytes(data[central + 46: central + 46 + struct.unpack_from("<H", data, central + 28)[0]]) != name.encode():
        central += 46 + sum(struct.unpack_from("<3H", data, central + 28))  # name, extra, comment lengths
    for at in (local + 6, central + 8):  # where (flags, method) sit in each header
        old_flag, old_method = struct.unpack_from("<2H", data, at)
        struct.pack_into("<2H", data, at, old_flag | flag, old_method if method is None else method)
    path.write_bytes(bytes(data))
