"""Every writer of an audience-limited artifact goes through the boundary: the official .docx (build/docx/
had no leak check), the 部分開示 editions (each checked against its own view), and none replaces a folder it
did not make."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SRC
from fixtures.canary.tools import _cli, tree

from toolkit.commands import docx as docx_cmd
from toolkit.publish import MANIFEST
from toolkit.view import hidden_nodes


def run(*argv: str) -> tuple[int, str]:
    return _cli(["--src", str(SRC), *argv])


def test_a_leaking_docx_renderer_is_stopped(policy, official_editions, tmp_path, monkeypatch):
    out = tmp_path / "docx"
    shutil.copytree(official_editions, out)  # the previous, clean build
    before = tree(out)
    secret = next(n.text[0] for d, _r, n in hidden_nodes(policy, "public")
                  if n is not None and n.text and len(n.text[0]) > 30 and d.id == "standards")
    real = docx_cmd.write_official

    def leaky(view, doc_id, rev_id, out_dir):
        path = real(view, doc_id, rev_id, out_dir)
        (Path(out_dir) / "notes.xml").write_text(f"<w:t>{secret}</w:t>", encoding="utf-8")
        return path

    monkeypatch.setattr(docx_cmd, "write_official", leaky)
    rc, out_text = run("docx", "--all", "-o", str(out))
    assert rc == 1 and "non-public text" in out_text and "notes.xml" in out_text, out_text
    assert tree(out) == before


def test_docx_output_has_a_manifest_and_verifies(official_editions):
    out = official_editions
    assert (out / MANIFEST).is_file()
    assert _cli(["verify", str(out)])[0] == 0


def test_a_folder_the_toolkit_did_not_make_is_never_replaced(tmp_path):
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "letter.txt").write_text("mine")
    for argv in (("docx", "-o", str(mine)), ("disclose", "--all", "-o", str(mine))):
        rc, out = run(*argv)
        assert rc == 2 and "not published here" in out, out
    assert tree(mine) == {"letter.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documents"]  # not even a lock file beside it


def test_editions_of_an_earlier_run_stay_and_a_tampered_one_is_dropped(tmp_path):
    out = tmp_path / "disclosure"
    assert run("disclose", "--doc", "standards", "-o", str(out))[0] == 0
    assert run("disclose", "--doc", "procedures", "-o", str(out))[0] == 0
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names == ["procedures-r8-disclosure.docx", "standards-r8-disclosure.docx"]
    standards = out / "standards-r8-disclosure.docx"
    standards.write_bytes(standards.read_bytes() + b"\0")  # changed by hand: not carried over
    assert run("disclose", "--doc", "procedures", "-o", str(out))[0] == 0
    assert sorted(p.name for p in out.glob("*.docx")) == ["procedures-r8-disclosure.docx"]
    assert _cli(["verify", str(out)])[0] == 0


def test_leakcheck_reads_a_disclosure_folder_edition_by_edition(tmp_path):
    out = tmp_path / "disclosure"
    assert run("disclose", "--all", "-o", str(out))[0] == 0
    rc, text = run("leakcheck", str(out), "--audience", "disclosure")
    assert rc == 0, text
    # the editions' readable headings are still non-public: never on the public site
    assert run("leakcheck", str(out))[0] == 1
    (out / "stray.html").write_text("<p>x</p>")
    rc, text = run("leakcheck", str(out), "--audience", "disclosure")
    assert rc == 1 and "stray.html" in text and "cannot verify" in text, text


@pytest.mark.parametrize("audience", ["nobody", "../public"])
def test_an_unknown_audience_is_a_message(tmp_path, audience):
    rc, text = run("leakcheck", str(tmp_path), "--audience", audience)
    assert rc == 2 and "no audience" in text and "Traceback" not in text, text
