"""Japanese era dates (和暦): ``2026-04-01`` → 令和8年4月1日."""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model import Document, Revision

# (first day, era name), newest first
ERAS: tuple[tuple[_dt.date, str], ...] = (
    (_dt.date(2019, 5, 1), "令和"),
    (_dt.date(1989, 1, 8), "平成"),
    (_dt.date(1926, 12, 25), "昭和"),
    (_dt.date(1912, 7, 30), "大正"),
    (_dt.date(1873, 1, 1), "明治"),
)


def era_year(date: _dt.date) -> tuple[str, int]:
    for start, name in ERAS:
        if date >= start:
            return name, date.year - start.year + 1
    raise ValueError(f"{date.isoformat()} is before 明治6年 (the Gregorian calendar in Japan)")


def wareki(date: _dt.date) -> str:
    """令和8年4月1日; the first year of an era is 元年 (令和元年5月1日)."""
    era, year = era_year(date)
    y = "元" if year == 1 else str(year)
    return f"{era}{y}年{date.month}月{date.day}日"


_WAREKI_RE = re.compile(
    r"(明治|大正|昭和|平成|令和)\s*(元|\d+|[０-９]+)\s*年\s*(\d+|[０-９]+)\s*月\s*(\d+|[０-９]+)\s*日"
)


def parse_wareki(text: str) -> _dt.date:
    """Parse 令和8年4月1日 (spaces and full-width digits allowed) into a date."""
    m = _WAREKI_RE.search(text)
    if not m:
        raise ValueError(f"no Japanese era date in {text!r}")
    era, y, mo, d = m.groups()
    fw = str.maketrans("０１２３４５６７８９", "0123456789")
    year = 1 if y == "元" else int(y.translate(fw))
    start = next(s for s, name in ERAS if name == era)
    date = _dt.date(start.year + year - 1, int(mo.translate(fw)), int(d.translate(fw)))
    if era_year(date)[0] != era:
        raise ValueError(f"{m.group(0)} is not a date of the {era} era")
    return date


def ledger_lines(doc: Document, rev: Revision) -> list[str]:
    """The date lines the city prints under the title, oldest first, up to ``rev``:
    ``平成16年12月20日　策定``, ``令和5年7月4日　改定``, …  (shared by the site, the .docx and the PDF).

    Every ledger entry the view holds, history-only ones (本文なし) included: the city prints
    their date and kind like any other, with no mark (lists of versions say 「本文なし」, not these).
    Then the revision's instrument, when it was an 例規: 「平成18年3月20日　訓令第9号」.
    """
    lines = [f"{wareki(e.date)}\u3000{e.kind}" for e in sorted(doc.ledger, key=lambda e: e.date) if e.date <= rev.date]
    ins = rev.instrument
    if ins is not None and ins.promulgated is not None:  # as 例規集 print it: 「平成18年3月20日　訓令第9号」
        lines.append(f"{wareki(ins.promulgated)}\u3000{ins.label}")
    return lines
