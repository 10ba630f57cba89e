"""Issue 23, staff pages: the 対応表 links each cell to its clause, names versions by date, has a
caption and a column for the 実施手順 (its clauses implementing a 対策基準 clause listed under the
基本方針 clause that one implements)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lhtml

from toolkit.cli import main

PROC_IMPLEMENTS = "    implements:\n      - standards:physical\n"


def staff_site(src: Path, tmp: Path) -> Path:
    assert main(["--src", str(src), "publish", "--internal", "--out", str(tmp / "staff"), "--work", str(tmp / "w")]) == 0
    return tmp / "staff"


def test_the_links_matrix_links_every_cell_names_dates_and_has_the_procedures(src_copy, tmp_path):
    # a 実施手順 clause implementing the 対策基準's 4 物理的セキュリティ (text written for this test)
    proc = src_copy / "procedures" / "r8.yaml"
    text = proc.read_text(encoding="utf-8")
    anchor = "  - id: media-take-out\n"
    assert anchor in text
    proc.write_text(text.replace(anchor, anchor + PROC_IMPLEMENTS, 1), encoding="utf-8")
    site = staff_site(src_copy, tmp_path)
    page = lhtml.fromstring((site / "links.html").read_bytes())
    table = page.xpath('//table[contains(@class,"links-matrix")]')[0]
    caption = table.xpath("./caption")
    assert caption and "現行の版" in caption[0].text_content()
    heads = [h.text_content() for h in table.xpath(".//thead//th")]
    assert any("実施手順" in h for h in heads), heads
    assert all(re.search(r"令和\d+年\d+月\d+日", h) for h in heads), heads
    assert not any(re.search(r"\br\d+\b|（r\d+）", h) for h in heads), heads  # never a revision id
    for cell in table.xpath(".//tbody//td | .//tbody//th"):
        links = cell.xpath(".//a/@href")
        if cell.text_content().strip() == "—":
            continue
        assert links, cell.text_content()
        for href in links:
            target, _, anchor_id = href.partition("#")
            doc = lhtml.fromstring((site / target).read_bytes())
            assert anchor_id and doc.xpath(f'//*[@id="{anchor_id}"]'), href
    proc_col = heads.index(next(h for h in heads if "実施手順" in h))
    row = next(r for r in table.xpath(".//tbody/tr") if "物理的セキュリティ" in r.xpath("./th")[0].text_content())
    cell = row.xpath("./th|./td")[proc_col]
    assert "外部記録媒体の持出し手順" in cell.text_content(), cell.text_content()
