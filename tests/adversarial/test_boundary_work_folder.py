"""Hole 13 — the work folder is not trusted: a page (or a download) edited by hand in build/.work/ is not
published by the next build; what the toolkit reuses from there is what it last wrote itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SRC
from fixtures.canary.tools import _cli

DEFACED = "この文は作業フォルダで手作業により書き加えられた"


@pytest.fixture
def site(tmp_path) -> tuple[Path, Path]:
    out, work = tmp_path / "public", tmp_path / "work"
    rc, log = _cli(["--src", str(SRC), "publish", "--out", str(out), "--work", str(work)])
    assert rc == 0, log
    return out, work


def republish(out: Path, work: Path, canary: str) -> None:
    """Publish again with nothing in the source changed (a new canary makes it a build, not a verify)."""
    rc, log = _cli(["--src", str(SRC), "publish", "--out", str(out), "--work", str(work), "--canary", canary])
    assert rc == 0, log


def test_a_page_edited_in_the_work_folder_is_not_published(site):
    out, work = site
    pages = sorted((work / "html").glob("*.html"))
    assert pages, "the site renderer keeps its pages in the work folder"
    for page in pages:
        page.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<p>{DEFACED}</p></body>"),
                        encoding="utf-8")
    republish(out, work, "WORK-FOLDER-CANARY-1")
    published = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert DEFACED not in published
    assert (out / "index.html").is_file()


def test_a_download_edited_in_the_work_folder_is_not_published(site):
    out, work = site
    docx = sorted((work / "downloads").glob("*.docx"))
    assert docx
    assert list(out.rglob(docx[0].name)), "the public site offers the official .docx"
    docx[0].write_bytes(docx[0].read_bytes() + b"tampered")
    republish(out, work, "WORK-FOLDER-CANARY-2")
    published = list(out.rglob(docx[0].name))
    assert published and all(not p.read_bytes().endswith(b"tampered") for p in published)
