"""Publishing with nothing changed is verified, not rebuilt — and any changed input invalidates that.

Also: Sphinx in a child process (same bytes as in process, its errors reported,
it dies with its parent) and the leak check of downloads made ahead of the site.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SRC
from fixtures.canary.tools import fake_render_site, tree

from toolkit import leakcheck
from toolkit import publish as pub
from toolkit.errors import BuildError, LeakError
from toolkit.render.site import memo, render_site
from toolkit.render.site.build import SphinxProcess
from toolkit.source.load import load_policy
from toolkit.view import redact


@pytest.fixture
def quick(src_copy, tmp_path, monkeypatch):
    """A publish (fake renderer: no Sphinx) recorded with its inputs, and a helper to publish again."""
    monkeypatch.setattr(pub.site, "render", fake_render_site)
    dest, work = tmp_path / "site" / "public", tmp_path / "work"

    def again(canaries: tuple[str, ...] = ()) -> str:
        inputs = pub.inputs_digest([src_copy], "public", canaries)
        pub.publish(load_policy([src_copy]), "public", dest, work, downloads=(), canaries=canaries,
                    inputs=inputs)
        return inputs

    return src_copy, dest, work, again


def test_nothing_changed_is_verified_not_rebuilt(quick):
    src, dest, work, again = quick
    inputs = again()
    result = pub.current(dest, work, inputs)
    assert result is not None and result.files == len(tree(dest))
    assert result.leak is not None and result.leak.unchanged == result.leak.files == len(tree(dest)) - 1
    assert result.label  # the audience's label, remembered without loading the policy


@pytest.mark.parametrize("change", ["clause", "comment", "new file", "canary"])
def test_any_changed_input_means_a_full_publish(quick, change):
    src, dest, work, again = quick
    inputs = again()
    r8 = src / "basic-policy" / "r8.yaml"
    canaries: tuple[str, ...] = ()
    if change == "clause":
        r8.write_text(r8.read_text(encoding="utf-8").replace("実施する。", "実施するものとする。", 1), encoding="utf-8")
    elif change == "comment":  # not in the model, still an input
        r8.write_text(r8.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    elif change == "new file":
        (src / "basic-policy" / "notes.txt").write_text("x", encoding="utf-8")
    else:
        canaries = ("kanarinewx",)
    changed = pub.inputs_digest([src], "public", canaries)
    assert changed != inputs
    assert pub.current(dest, work, changed) is None
    assert pub.current(dest, work, inputs) is not None  # the old inputs still match the site as it is


def test_other_audience_or_toolkit_code_changes_the_inputs(quick, monkeypatch, tmp_path):
    src, _dest, _work, _again = quick
    base = pub.inputs_digest([src], "public")
    assert pub.inputs_digest([src], "staff") != base
    code = tmp_path / "toolkit-copy"
    shutil.copytree(pub.cache._TOOLKIT, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pub.cache, "_TOOLKIT", code)
    copied = pub.inputs_digest([src], "public")
    assert pub.inputs_digest([src], "public") == copied  # deterministic
    css = code / "render" / "site" / "static" / "site.css"
    css.write_bytes(css.read_bytes())
    assert pub.inputs_digest([src], "public") == copied  # same bytes rewritten: same inputs
    css.write_bytes(css.read_bytes() + b"\n/* changed */\n")  # CSS is code too
    assert pub.inputs_digest([src], "public") != copied
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    assert pub.inputs_digest([src], "public") != base


@pytest.mark.parametrize("tamper", ["edit", "add", "remove", "manifest", "clean record", "stamp"])
def test_a_site_that_is_not_as_published_is_rebuilt(quick, tamper):
    """Verification reads every published file: anything not exactly as published (and leak-checked) fails it."""
    src, dest, work, again = quick
    inputs = again()
    if tamper == "edit":
        page = dest / "index.html"
        page.write_bytes(page.read_bytes() + b"<!-- -->")
    elif tamper == "add":
        (dest / "extra.html").write_text("hello", encoding="utf-8")
    elif tamper == "remove":
        (dest / "index.html").unlink()
    elif tamper == "manifest":  # a consistent site and manifest, but not the manifest recorded
        (dest / "extra.html").write_text("hello", encoding="utf-8")
        pub.write_manifest(dest)
    elif tamper == "clean record":  # the leak check's record belongs to other fingerprints
        (work / pub.CLEAN_CACHE).write_text('{"fingerprints": "other", "clean": []}', encoding="utf-8")
    else:
        (work / pub.PUBLISHED_STAMP).unlink()
    assert pub.current(dest, work, inputs) is None
    again()  # and a full publish makes it current again
    assert pub.current(dest, work, inputs) is not None


@pytest.mark.slow
def test_the_command_verifies_then_rebuilds_after_a_change(src_copy, tmp_path, capsys):
    from toolkit.cli import main

    argv = ["--src", str(src_copy), "publish", "--out", str(tmp_path / "public"), "--work", str(tmp_path / "w")]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert "nothing changed" not in first
    built = tree(tmp_path / "public")
    assert main(argv) == 0
    second = capsys.readouterr().out
    assert "nothing changed since the last publish" in second and "leak check passed" in second
    assert tree(tmp_path / "public") == built
    r8 = src_copy / "basic-policy" / "r8.yaml"
    r8.write_text(r8.read_text(encoding="utf-8").replace("実施する。", "実施するものとする。", 1), encoding="utf-8")
    assert main(argv) == 0
    third = capsys.readouterr().out
    assert "nothing changed" not in third
    assert "実施するものとする" in (tmp_path / "public" / "basic-policy" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- Sphinx in a child process


@pytest.fixture(scope="module")
def public_view():
    return redact(load_policy([SRC]), "public")


def test_sphinx_process_builds_the_same_bytes(public_view, tmp_path):
    render_site(public_view, tmp_path / "a", tmp_path / "wa")
    memo.forget()  # else the second build is the first one's output again (test_a_site_built_before_…)
    called = []
    sphinx = SphinxProcess.start()
    assert sphinx is not None, "pytest runs one thread here: the child can be forked"
    with sphinx:
        render_site(public_view, tmp_path / "b", tmp_path / "wb", sphinx=sphinx, meanwhile=lambda: called.append(1))
    assert called == [1]
    assert (tmp_path / "wb" / "doctrees").is_dir(), "Sphinx built it"
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_the_templates_a_build_child_compiled_are_kept_by_its_parent(public_view, tmp_path):
    """The next child forked is given them (jinja would compile the page templates again in each)."""
    memo.forget()
    memo.TEMPLATES.clear()
    for name in ("a", "b"):
        sphinx = SphinxProcess.start()
        assert sphinx is not None
        with sphinx:
            render_site(public_view, tmp_path / name, tmp_path / f"w{name}", sphinx=sphinx)
        assert memo.TEMPLATES, "the parent has the child's compiled templates"
        memo.forget()
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_a_site_built_before_is_given_again_to_a_fresh_work_folder_only(public_view, tmp_path, monkeypatch):
    """toolkit.render.site.memo: the same stamp in an empty work folder is the first build's output, Sphinx
    not run; an edit in the first work folder does not come back; a work folder with a build of its own
    is left to Sphinx."""
    from toolkit.render.site import build

    render_site(redact(load_policy([SRC]), "staff"), tmp_path / "c0", tmp_path / "wc")  # another site's build
    render_site(public_view, tmp_path / "a", tmp_path / "wa")
    page = next((tmp_path / "wa" / "html").glob("*.html"))
    page.write_text("作業フォルダで書き換えた", encoding="utf-8")  # after the build: not what the memo holds

    def no_sphinx(*_args: object) -> None:
        raise AssertionError("Sphinx ran")

    monkeypatch.setattr(build, "run_sphinx", no_sphinx)
    render_site(public_view, tmp_path / "b", tmp_path / "wb")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert not (tmp_path / "wb" / "doctrees").exists()
    with pytest.raises(AssertionError, match="Sphinx ran"):  # Sphinx updates the other site's build
        render_site(public_view, tmp_path / "c", tmp_path / "wc")
    memo.forget()
    with pytest.raises(AssertionError, match="Sphinx ran"):
        render_site(public_view, tmp_path / "d", tmp_path / "wd")


def test_sphinx_process_reports_a_failed_build(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("", encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\n:unknownrole:`x`\n", encoding="utf-8")
    sphinx = SphinxProcess.start()
    assert sphinx is not None
    with sphinx:
        assert sphinx.submit(src, tmp_path / "html", tmp_path / "doctrees")
        with pytest.raises(BuildError) as e:
            sphinx.result()
    assert "unknownrole" in str(e.value) and "site build:" in str(e.value)


@pytest.mark.parametrize("kept", [False, True], ids=["sphinx", "memo"])
def test_failure_meanwhile_stops_sphinx_and_leaves_no_finished_look(public_view, tmp_path, kept):
    work = tmp_path / "w"
    memo.forget()
    if kept:  # the site is in the memo: no Sphinx runs, and still nothing may look finished
        render_site(public_view, tmp_path / "first", tmp_path / "w-first")
    sphinx = SphinxProcess.start()
    assert sphinx is not None

    def fail() -> None:
        raise RuntimeError("docx on fire")

    with pytest.raises(RuntimeError):
        render_site(public_view, tmp_path / "out", work, sphinx=sphinx, meanwhile=fail)
    assert sphinx.pid == 0  # ended and collected
    assert not (work / "build.stamp").exists() and not (work / "html").exists()


_ORPHAN = """
import sys, time
from toolkit.render.site.build import SphinxProcess
sphinx = SphinxProcess.start()
print(sphinx.pid, flush=True)
time.sleep(600)
"""


def test_the_sphinx_child_dies_with_its_parent(tmp_path):
    """A SIGKILL of ``policy publish`` must not leave a Sphinx build running."""
    proc = subprocess.Popen([sys.executable, "-c", _ORPHAN], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        os.kill(child, 0)  # alive
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and "Z" not in _state(child):
        assert time.monotonic() < deadline, "the Sphinx child outlived its parent"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
    except (OSError, IndexError):
        return "Z"


# ---------------------------------------------------------------- leak check of files read ahead


def test_files_read_ahead_are_not_read_again_but_their_hits_count(tmp_path):
    policy = load_policy([SRC])
    fps = leakcheck.fingerprints(policy, "public", ["kanariaheadx"])
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "index.html").write_text("<p>公開</p>", encoding="utf-8")
    early = tmp_path / "early.txt"
    early.write_text("leak: kanariaheadx", encoding="utf-8")
    ahead = leakcheck.scan_files([("downloads/a.txt", early)], fps, tmp_path)
    assert [h.origin for h in ahead.hits] == ["canary kanariaheadx"]
    shutil.copyfile(early, site / "downloads" / "a.txt")
    report = leakcheck.scan_folder(site, fps, ahead=ahead)
    assert [h.file for h in report.hits] == ["downloads/a.txt"]  # carried over, not lost
    assert report.files == 2 and report.characters >= ahead.characters
    # the same path with other bytes than were read ahead is read again
    (site / "downloads" / "a.txt").write_text("kanariaheadx changed", encoding="utf-8")
    clean_ahead = leakcheck.scan_files([("downloads/a.txt", site / "index.html")], fps, tmp_path)
    report = leakcheck.scan_folder(site, fps, ahead=clean_ahead)
    assert [h.file for h in report.hits] == ["downloads/a.txt"]
    with pytest.raises(LeakError):
        leakcheck.raise_on_leak(report)
