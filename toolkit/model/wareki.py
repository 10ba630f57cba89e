"""Japanese era dates (和暦): ``2026-04-01`` → 令和8年4月1日."""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model import Document, Revision

# The one era table: (first day, era name, ASCII letter), newest first.  The letter names an era year in ids
# and file names as the city names its revisions (平成16年 → h16, 令和8年 → r8).
ERAS: tuple[tuple[_dt.date, str, str], ...] = (
    (_dt.date(2019, 5, 1), "令和", "r"),
    (_dt.date(1989, 1, 8), "平成", "h"),
    (_dt.date(1926, 12, 25), "昭和", "s"),
    (_dt.date(1912, 7, 30), "大正", "t"),
    (_dt.date(1868, 1, 25), "明治", "m"),  # 明治元年 counts from 1868 (慶応4年1月1日, the era set retroactively)
)
# Japan took the Gregorian calendar on 明治6年1月1日: an earlier date is another calendar's, never converted here
GREGORIAN = _dt.date(1873, 1, 1)
# an era name, for the patterns that read a wareki date
ERA_NAMES = "|".join(name for _start, name, _letter in ERAS)


def _era(date: _dt.date) -> tuple[_dt.date, str, str]:
    era = next((e for e in ERAS if date >= e[0]), None)
    if era is None or date < GREGORIAN:
        raise ValueError(f"{date.isoformat()} is before 明治6年 (the Gregorian calendar in Japan)")
    return era


def era_year(date: _dt.date) -> tuple[str, int]:
    start, name, _letter = _era(date)
    return name, date.year - start.year + 1


def era_code(date: _dt.date) -> str:
    """``r8`` for 令和8年, ``h16`` for 平成16年: an era year in ASCII, for ids and file names."""
    start, _name, letter = _era(date)
    return f"{letter}{date.year - start.year + 1}"


def wareki_year(date: _dt.date) -> str:
    """令和8年; the first year of an era is 元年 (令和元年)."""
    era, year = era_year(date)
    return f"{era}{'元' if year == 1 else year}年"


def wareki(date: _dt.date) -> str:
    """令和8年4月1日; the first year of an era is 元年 (令和元年5月1日)."""
    return f"{wareki_year(date)}{date.month}月{date.day}日"


_WAREKI_RE = re.compile(
    rf"({ERA_NAMES})\s*(元|\d+|[０-９]+)\s*年\s*(\d+|[０-９]+)\s*月\s*(\d+|[０-９]+)\s*日"
)


def parse_wareki(text: str) -> _dt.date:
    """Parse 令和8年4月1日 (spaces and full-width digits allowed) into a date."""
    m = _WAREKI_RE.search(text)
    if not m:
        raise ValueError(f"no Japanese era date in {text!r}")
    era, y, mo, d = m.groups()
    fw = str.maketrans("０１２３４５６７８９", "0123456789")
    year = 1 if y == "元" else int(y.translate(fw))
    start = next(s for s, name, _letter in ERAS if name == era)
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
