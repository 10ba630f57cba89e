"""The property behind the adversarial suite (issue 9, §3): whatever is done to a valid
source — keys, values, ids, nesting, encodings, links, aliases — ``policy check`` either
exits 2 naming file:line, or passes and then ``policy publish`` succeeds with the leak
check passing; never a traceback, never a blow-up (each run is limited to 1 GiB and
30 s CPU), and nothing written outside build/.

Mutations work on the text and the files of a copy of the fixture source
(``conftest.SRC``), as a careless editor or an attacker would.  The examples are
derandomized (the same every run, so CI is stable) and bounded: most run only
``check``; a few go on to ``publish``.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hostile import LOCATED, Run, make_project, policy, snapshot
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

HOSTILE_VALUES = [
    "../x", "../../../../../../escape", "/tmp/absolute-id", '"r8\\n"', '"\\x07"', '"\\e[2J"', '"\\u202e逆"',
    '"\\ud800"', '"\\uffff"', "*a", "&a x", "!!python/object:os.system x", "!local x", "[" * 60 + "]" * 60,
    "{}", "[]", "null", "~", "yes", "1e999", "9" * 5000, "2026-13-45", "'unterminated", '"unterminated',
    "|", ">", "- x", "x: y", "public", "internal", "restricted", "security", "../standards/r8", "r5",
    "<script>alert(1)</script>", "{ref:nosuch}", "{ref:purpose}", "{{c1::x}}", "", "\t", "ｒ８", "R8", "a/b",
    "x" * 65, "basic-policy", "「」", "<<", "? x",
]
HOSTILE_KEYS = ["id", "ｉｄ", "Id", "title", "term", "text", "children", "classification", "ground", "<<",
                "&a id", "*a", "? [x]", "revision", "body", "note", "x" * 300]
RAW_BYTES = [b"\x00", b"\x07", b"\x1b", b"\x7f", b"\xff", b"\xe3\x81", b"\xc2\x85", "\u202e".encode(),
             "\u200b".encode(), "\ufeff".encode(), b"\r", b"\t", b"\xef\xbb\xbf", b"&a ", b"*a", b"\n  - "]
KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s:#][^:#]*?):(?P<rest>\s.*|)$")


def _files(src: Path) -> list[Path]:
    return sorted(p for p in src.rglob("*.yaml") if p.is_file() and not p.is_symlink())


@st.composite
def mutation(draw, src: Path):
    """One change to the source in ``src``; returns its description (for the failure report)."""
    files = _files(src)
    path = draw(st.sampled_from(files))
    rel = str(path.relative_to(src))
    kind = draw(st.sampled_from([
        "value", "value", "id", "key", "duplicate", "delete", "indent", "bytes", "nest",
        "encoding", "truncate", "file-link", "folder-link", "alias",
    ]))
    if kind in ("value", "id", "key", "duplicate", "delete", "indent", "nest"):
        lines = path.read_text(encoding="utf-8", errors="surrogateescape").split("\n")
        candidates = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
        if kind == "id":
            candidates = [i for i in candidates if KEY_LINE.match(lines[i])["key"] == "id"] or candidates
        if not candidates:  # an earlier mutation left no "key: value" line (e.g. re-encoded)
            return f"{kind} {rel}: nothing to change"
        i = draw(st.sampled_from(candidates))
        m = KEY_LINE.match(lines[i])
        assert m is not None
        if kind in ("value", "id"):
            lines[i] = f"{m['lead']}{m['key']}: {draw(st.sampled_from(HOSTILE_VALUES))}"
        elif kind == "key":
            lines[i] = f"{m['lead']}{draw(st.sampled_from(HOSTILE_KEYS))}:{m['rest']}"
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "delete":
            del lines[i]
        elif kind == "indent":
            lines[i] = (" " * draw(st.sampled_from([1, 2, 4]))) + lines[i] if draw(st.booleans()) else lines[i][2:]
        else:
            n = draw(st.integers(1, 3000))
            lines[i] = f"{m['lead']}{m['key']}: " + "[" * n + "x" + "]" * n
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogateescape")
        return f"{kind} {rel}:{i + 1}: {lines[i][:80] if i < len(lines) else ''!r}"
    if kind == "bytes":
        data = path.read_bytes()
        at = draw(st.integers(0, len(data)))
        raw = draw(st.sampled_from(RAW_BYTES))
        path.write_bytes(data[:at] + raw + data[at:])
        return f"bytes {raw!r} at {rel}@{at}"
    if kind == "encoding":
        enc = draw(st.sampled_from(["utf-16", "utf-32", "shift_jis", "euc_jp", "utf-8-sig"]))
        path.write_bytes(path.read_text(encoding="utf-8", errors="replace").encode(enc, errors="replace"))
        return f"{rel} re-encoded as {enc}"
    if kind == "truncate":
        data = path.read_bytes()
        at = draw(st.integers(0, len(data)))
        path.write_bytes(data[:at])
        return f"{rel} cut at byte {at}"
    if kind == "file-link":
        target = draw(st.sampled_from(files))
        path.unlink()
        path.symlink_to(os.path.relpath(target, path.parent))
        return f"{rel} → symlink to {target.relative_to(src)}"
    if kind == "folder-link":
        folders = sorted(p for p in src.iterdir() if p.is_dir() and not p.is_symlink())
        target = draw(st.sampled_from(folders))
        name = draw(st.sampled_from([f.name for f in folders] + ["extra"]))
        link = src / name
        if link.exists():
            import shutil

            shutil.rmtree(link)
        link.symlink_to(target.name if target.name != name else "../" + src.name + "/" + target.name)
        return f"folder {name} → symlink to {target.name}"
    bomb = "\nbomb0: &b0 [x, x, x, x, x, x, x, x]\n" + "".join(
        f"bomb{k}: &b{k} [{', '.join([f'*b{k - 1}'] * 8)}]\n" for k in range(1, 9))
    with path.open("a", encoding="utf-8") as f:
        f.write(bomb)
    return f"alias bomb appended to {rel}"


# Values that are valid YAML and valid policy text, but hostile to what comes after check:
# markup, Anki cloze syntax, lookalike characters, very long text, the other levels.
VALID_HOSTILE_TEXT = [
    '"<script>alert(1)</script>"', '"<img src=x onerror=alert(1)>"', '"{{c1::答え}}"', '"ｒ８　「」"',
    '"' + "長い本文。" * 2000 + '"', '"\t字下げ"', "'&amp; &lt;b&gt;'", '"]]></w:t><w:t>"', "'\\'",
]
TEXT_KEYS = {"title", "term", "text", "summary", "label", "public_name", "note", "banner", "organisation"}
LIST_TEXT = re.compile(r"^(?P<lead>\s*-\s+)(?![\w-]+:)(?P<text>\S.*)$")


@st.composite
def valid_mutation(draw, src: Path):
    """A change check should accept: hostile text in a text field, or another known level."""
    path = draw(st.sampled_from(_files(src)))
    lines = path.read_text(encoding="utf-8").split("\n")
    texts = [i for i, line in enumerate(lines)
             if (m := KEY_LINE.match(line)) and m["key"].strip("- ") in TEXT_KEYS and m["rest"].strip() not in ("", "|", ">")
             or LIST_TEXT.match(line)]
    levels = [i for i, line in enumerate(lines) if (m := KEY_LINE.match(line)) and m["key"] == "classification"]
    if levels and draw(st.booleans()):
        i = draw(st.sampled_from(levels))
        m = KEY_LINE.match(lines[i])
        assert m is not None
        lines[i] = f"{m['lead']}classification: {draw(st.sampled_from(['public', 'internal', 'restricted']))}"
    elif texts:
        i = draw(st.sampled_from(texts))
        value = draw(st.sampled_from(VALID_HOSTILE_TEXT))
        m = KEY_LINE.match(lines[i])
        lines[i] = f"{m['lead']}{m['key']}: {value}" if m else f"{LIST_TEXT.match(lines[i])['lead']}{value}"
    else:
        return f"{path.relative_to(src)}: nothing to change"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"valid {path.relative_to(src)}:{i + 1}: {lines[i][:80]!r}"


def _check_outcome(run: Run, what: str, linked_folder: bool) -> None:
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, f"{what}\n{run}"
    assert run.returncode in (0, 2), f"{what}\n{run}"
    if run.returncode == 2:
        errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
        assert errors, f"{what}\n{run}"
        for line in errors:
            assert line.startswith("error: policy_src/"), f"{what}: an error that names no source file\n{run}"
        if not linked_folder:
            assert LOCATED.search(run.stderr), f"{what}: no file:line\n{run}"


def _mutated_project(base: Path, data, valid: bool = False) -> tuple[Path, list[str]]:
    project = make_project(base, depth=8)
    src = project / "policy_src"
    done = [data.draw(valid_mutation(src) if valid else mutation(src)) for _ in range(data.draw(st.integers(1, 3)))]
    return project, done


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_check_refuses_with_file_and_line_or_passes(data):
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        base = Path(tmp)
        project, done = _mutated_project(base, data)
        before = snapshot(base, project)
        run = policy(project, "check")
        event(f"check exit {run.returncode}")
        _check_outcome(run, "; ".join(done), any(d.startswith("folder ") for d in done))
        assert snapshot(base, project) == before, "check wrote something"


@pytest.mark.slow
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_what_check_passes_publishes_with_the_leak_check_passing(data):
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        base = Path(tmp)
        project, done = _mutated_project(base, data, valid=data.draw(st.integers(0, 3)) > 0)
        what = "; ".join(done)
        before = snapshot(base, project)
        checked = policy(project, "check")
        run = policy(project, "publish")
        event(f"publish exit {run.returncode}")
        assert "Traceback" not in run.stderr, f"{what}\n{run}"
        if checked.returncode == 0:
            assert run.returncode == 0 and "leak check passed" in run.stdout + run.stderr, f"{what}\n{run}"
        else:  # check may refuse more than one publish needs (e.g. quotes seen by another audience)
            assert run.returncode in (0, 1, 2), f"{what}\n{run}"
            assert run.returncode == 0 or not (project / "build" / "public").exists(), what
        assert snapshot(base, project) == before, f"{what}: something was written outside build/"
