"""The Word 新旧対照表 laid out as officials expect, checked in the XML and as LibreOffice prints it.

A made-up document (test text, not the city's) long enough to span pages:
rows never split across a page (cantSplit), a heading row stays with the row
below it, text under a heading is indented as in the policy, and a 全面改定
carries the statement instead of pretending to be a partial amendment.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import require
from lxml import etree
from office import office_env

from toolkit.diff import compare
from toolkit.diff.table import OMITTED, WHOLE_REVISION_NOTE, rows
from toolkit.model import Document, Node, Revision, number_tree
from toolkit.render import diff_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHAR = 210  # twips: one full-width character at 10.5 pt

# Test text (written for this test): long enough that a cell wraps over several lines.
LONG = "職員等は、情報資産を取り扱うに当たり、定められた手順に従い、その機密性、完全性及び可用性を維持しなければならない。"


def _bodies() -> tuple[list[Node], list[Node]]:
    old, new = [], []
    for s in range(1, 13):
        items_old, items_new = [], []
        for i in range(1, 6):
            text = f"{LONG}第{s}の{i}。" + LONG * (1 + (s + i) % 3)
            items_old.append(Node(f"s{s}i{i}", title=f"見出し{s}の{i}", text=(text,)))
            changed = text.replace("定められた", "別に定める") if i % 2 else text
            items_new.append(Node(f"s{s}i{i}", title=f"見出し{s}の{i}", text=(changed,)))
        old.append(Node(f"s{s}", title=f"第{s}の事項", text=(LONG,), children=tuple(items_old)))
        new.append(Node(f"s{s}", title=f"第{s}の事項", text=(LONG,), children=tuple(items_new)))
    return old, new


def _pair(kind: str):
    old, new = _bodies()
    revs = (Revision("v1", dt.date(2020, 4, 1), "策定", "sample", "t", number_tree(old)),
            Revision("v2", dt.date(2024, 4, 1), kind, "sample", "t", number_tree(new)))
    doc = Document("d", "試験用の方針", "試験用の方針", "public", ("1.", "(1)", "①"), revs)
    return doc, compare(doc, revs[0], revs[1])


def _xml(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    doc, cs = _pair("改定")
    path = diff_docx.write(doc, cs, tmp_path_factory.mktemp("dd") / "amended.docx")
    return doc, cs, path


def test_every_row_cant_split_and_heading_rows_keep_with_next(amended):
    doc, cs, path = amended
    root = _xml(path)
    trs = root.findall(f".//{W}tbl/{W}tr")[1:]  # after the repeated header row
    table = rows(cs)
    assert len(trs) == len(table) > 20
    for tr, row in zip(trs, table, strict=True):
        assert tr.find(f"{W}trPr/{W}cantSplit") is not None
        keep = [p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(W + "p")]
        heading_row = row.change is not None and row.change.kind == "unchanged"
        assert all(keep) if heading_row else not any(keep), _text(tr)
    assert any(r.change is not None and r.change.kind == "unchanged" for r in table)


def test_text_under_a_heading_is_indented_as_in_the_policy(amended):
    _, _, path = amended
    root = _xml(path)
    seen = 0
    for tc in root.iter(W + "tc"):
        ps = tc.findall(W + "p")
        texts = [_text(p) for p in ps]
        if len(ps) < 2 or not re.match(r"\(\d+\)\u3000見出し", texts[0]):
            continue
        head = ps[0].find(f"{W}pPr/{W}ind")
        body = ps[1].find(f"{W}pPr/{W}ind")
        assert int(head.get(W + "left")) == CHAR  # (n) at depth 2: one character in
        assert int(body.get(W + "left")) == 2 * CHAR and int(body.get(W + "firstLine")) == CHAR, texts[1]
        seen += 1
    assert seen > 10


def test_no_two_omissions_in_a_row(amended):
    _, cs, _ = amended
    table = rows(cs)
    for before, after in zip(table, table[1:], strict=False):
        ends = all(c.lines and [r.text for r in c.lines[-1]] == [OMITTED] for c in (before.new, before.old))
        assert not (ends and after.change is None), "a （略） row right under a clause ending in （略）"


def test_whole_revision_carries_the_statement(tmp_path, amended):
    doc, cs = _pair("全面改定")
    whole = _text(_xml(diff_docx.write(doc, cs, tmp_path / "whole.docx")))
    assert WHOLE_REVISION_NOTE in whole
    assert WHOLE_REVISION_NOTE not in _text(_xml(amended[2]))


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_rows_stay_on_one_page_as_printed(amended, tmp_path):
    """LibreOffice → PDF; the 改正後 column of each page read alone: every row's text is on one page."""
    soffice = require("soffice", "prints the .docx as a reader sees it")
    pdftotext = require("pdftotext", "reads the printed PDF (poppler-utils)")
    _, cs, path = amended
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=300, check=True, env=office_env())
    pdf = tmp_path / (path.stem + ".pdf")
    # landscape A4 is 842 x 595 pt: the left half holds the 改正後 column
    left = subprocess.run([pdftotext, "-layout", "-r", "72", "-x", "0", "-y", "0", "-W", "421", "-H", "595", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [re.sub(r"\s+", "", p) for p in left.split("\f") if p.strip()]
    assert len(pages) >= 3, "long enough to span pages"
    table = rows(cs)
    for i, row in enumerate(table):
        text = re.sub(r"\s+", "", row.new.text)
        on = [n for n, page in enumerate(pages) if text in page]
        assert on, f"row {i} split across pages: {row.new.text[:40]}"
        if row.change is not None and row.change.kind == "unchanged" and i + 1 < len(table):
            below = re.sub(r"\s+", "", table[i + 1].new.text)
            assert any(text in pages[n] and below in pages[n] for n in on), f"heading row {i} left alone"
