"""Issue 17 §5: concurrency and time.

* Two publishes into different ``--out`` folders shared the unlocked work
  folder: one folder got the other's ``--as-of`` content.
* After a build made with the clock a day ahead, a changed clause was not
  rebuilt (Sphinx compares mtimes with the time it last read a page).
* A page edited in ``build/.work`` together with its digest in
  ``work-digests.json`` was published, then vouched for by ``policy verify``.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import forkserver
from hostile import make_project, policy

DAY = 86400
CHANGED = "時計試験のために書き換えた文言"
ORIGINAL = "継続的かつ安全・安定的な行政サービスの実施を確保する"


def _start(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str] | forkserver.Job:
    """``policy ARGS`` started, not waited for: forked from the warm server (tests/forkserver.py), or a
    fresh interpreter where start-up matters (a sitecustomize on PYTHONPATH, another checkout)."""
    full = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", **(env or {})}
    full.pop("POLICY_PRIVATE_SRC", None)
    if "PYTHONPATH" not in (env or {}) and not os.environ.get("HOSTILE_TOOLKIT"):
        unlimited = resource.RLIM_INFINITY
        return forkserver.server().start(args, cwd=project, env=full, memory=unlimited, cpu=unlimited)
    if os.environ.get("HOSTILE_TOOLKIT"):
        full["PYTHONPATH"] = os.pathsep.join(p for p in (os.environ["HOSTILE_TOOLKIT"], full.get("PYTHONPATH")) if p)
    return subprocess.Popen([sys.executable, "-m", "toolkit", *args], cwd=project, env=full, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(p: subprocess.Popen[str] | forkserver.Job) -> tuple[int, str]:
    if isinstance(p, forkserver.Job):
        done = forkserver.server().wait(p, 600)
        return done.returncode, done.stdout + done.stderr
    out, err = p.communicate(timeout=600)
    return p.returncode, out + err


def _manifest(folder: Path) -> str:
    return (folder / "MANIFEST.sha256").read_text(encoding="utf-8")


def test_two_publishes_to_different_folders_do_not_mix(tmp_path):
    """Each folder holds what a publish of its own --as-of alone makes (builds are reproducible)."""
    project = make_project(tmp_path)
    dates = {"a": "2024-01-01", "b": "2026-06-01"}
    for name, day in dates.items():  # the reference: each alone, in a work folder of its own
        ref = policy(project, "publish", "--internal", "--as-of", day, "--out", f"ref-{name}",
                     "--work", f"build/.work/ref-{name}", wall=300, cpu=300)
        assert ref.returncode == 0, str(ref)
    assert _manifest(project / "ref-a") != _manifest(project / "ref-b"), "the two dates must give different sites"
    for attempt in range(2):  # both at once, sharing the default work folder (build/.work/staff)
        runs = {name: _start(project, "publish", "--internal", "--as-of", day, "--out", f"out-{name}-{attempt}")
                for name, day in dates.items()}
        for p in runs.values():
            rc, log = _finish(p)
            assert rc == 0, log
        for name in dates:
            assert _manifest(project / f"out-{name}-{attempt}") == _manifest(project / f"ref-{name}"), \
                f"out-{name}-{attempt} does not hold the site of --as-of {dates[name]}"


_CLOCK_AHEAD = f"""
import time
_time, _time_ns = time.time, time.time_ns
time.time = lambda: _time() + {DAY}
time.time_ns = lambda: _time_ns() + {DAY} * 1_000_000_000
"""


def test_a_build_with_the_clock_ahead_does_not_keep_a_changed_clause(tmp_path):
    project = make_project(tmp_path)
    ahead = tmp_path / "clock-ahead"
    ahead.mkdir()
    (ahead / "sitecustomize.py").write_text(_CLOCK_AHEAD, encoding="utf-8")
    rc, log = _finish(_start(project, "publish", env={"PYTHONPATH": str(ahead)}))
    assert rc == 0, log
    index_before = (project / "build" / "public" / "searchindex.js").read_bytes()
    later = time.time() + DAY  # what a clock a day ahead writes on every file
    for root, _dirs, files in os.walk(project / "build"):
        for name in files:
            os.utime(Path(root, name), (later, later), follow_symlinks=False)
    r8 = project / "policy_src" / "basic-policy" / "r8.yaml"
    text = r8.read_text(encoding="utf-8")
    assert ORIGINAL in text
    r8.write_text(text.replace(ORIGINAL, CHANGED), encoding="utf-8")
    run = policy(project, "publish", wall=300, cpu=300)
    assert run.returncode == 0, str(run)
    public = project / "build" / "public"
    pages = "".join(p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    assert CHANGED in pages, "the page kept the old text"
    assert ORIGINAL not in pages
    assert (public / "searchindex.js").read_bytes() != index_before, "the search index kept the old text"


def test_a_page_and_its_digest_edited_in_the_work_folder_are_not_published(tmp_path):
    """Edit a page in build/.work *and* its SHA-256 in work-digests.json (and the published-site record):
    the next publish must not publish the page, and verify must not vouch for it."""
    project = make_project(tmp_path)
    run = policy(project, "publish", wall=300, cpu=300)
    assert run.returncode == 0, str(run)
    work = project / "build" / ".work" / "public"
    record = work / "work-digests.json"
    raw = json.loads(record.read_text(encoding="utf-8"))
    sealed = isinstance(raw, dict) and "record" in raw
    digests = json.loads(raw["record"]) if sealed else raw
    defaced = "作業フォルダで書き換えた偽の文言"
    for rel in [r for r in digests if r.startswith("html/") and r.endswith(".html")]:
        page = work / rel
        page.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<p>{defaced}</p></body>"),
                        encoding="utf-8")
        digests[rel] = hashlib.sha256(page.read_bytes()).hexdigest()
    if sealed:  # what an attacker can do: re-write the record, without the key its seal needs
        raw["record"] = json.dumps(digests, sort_keys=True, ensure_ascii=False)
    else:
        raw = digests
    record.write_text(json.dumps(raw), encoding="utf-8")
    again = policy(project, "publish", "--canary", "ANOTHER-RUN-17", wall=300, cpu=300)
    assert again.returncode == 0, str(again)
    public = project / "build" / "public"
    assert defaced not in "".join(p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    verify = policy(project, "verify")
    assert verify.returncode == 0, str(verify)


def test_the_seal_key_lives_outside_build(tmp_path):
    """The key the records are sealed with is in the user's state folder (POLICY_STATE_DIR here), not in build/."""
    project = make_project(tmp_path)
    state = tmp_path / "state"
    env = {"POLICY_STATE_DIR": str(state)}
    run = policy(project, "publish", env=env, wall=300, cpu=300)
    assert run.returncode == 0, str(run)
    assert (state / "work-seal.key").is_file()
    assert oct((state / "work-seal.key").stat().st_mode & 0o777) == "0o600"
    assert not list((project / "build").rglob("work-seal.key"))


_LOAD = """
import json, sys
from toolkit.source.load import load_policy
policy = load_policy([sys.argv[1]])
print(json.dumps(sorted(n.id for d in policy.documents for r in d.revisions for n in r.walk()
                        if n.classification == "restricted")))
"""


def _restricted(project: Path, cache: Path) -> list[str]:
    env = {**os.environ, "POLICY_CACHE_DIR": str(cache)}
    if os.environ.get("HOSTILE_TOOLKIT"):
        env["PYTHONPATH"] = os.environ["HOSTILE_TOOLKIT"]
    out = subprocess.run([sys.executable, "-c", _LOAD, str(project / "policy_src")], cwd=project, env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def _declassified(value):
    if isinstance(value, tuple):
        return tuple(_declassified(v) for v in value)
    return None if value == "restricted" else value


def test_a_parsed_source_edited_in_the_cache_is_not_loaded(tmp_path):
    """The cache of parsed revision files is in build/ too: an entry edited there (every 関係者限り taken out)
    must not become the source."""
    import marshal

    project = make_project(tmp_path)
    cache = project / "build" / ".cache" / "source"
    before = _restricted(project, cache)
    assert before
    forged = 0
    for entry in (p for p in cache.iterdir() if len(p.name) == 64):
        raw = entry.read_bytes()
        for offset in (0, 32):  # unsealed, or after a 32-byte seal
            try:
                value = marshal.loads(raw[offset:])
            except (ValueError, EOFError, TypeError):
                continue
            if isinstance(value, tuple) and len(value) >= 5:  # body, note, location, numbering, 附則 (, 前文)
                entry.write_bytes(raw[:offset] + marshal.dumps(_declassified(value)))
                forged += 1
                break
    assert forged
    assert _restricted(project, cache) == before


def test_a_cache_folder_of_the_users_is_not_pruned(tmp_path):
    """POLICY_CACHE_DIR naming a folder of the user's: nothing in it is removed (the cache prunes old entries)."""
    project = make_project(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    for i in range(300):
        (mine / f"{i:064x}").write_text("the user's own file\n", encoding="utf-8")
    _restricted(project, mine)
    assert len(list(mine.iterdir())) == 300
