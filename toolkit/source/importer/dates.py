"""R6: the 策定 / 改定 date lines (``平成 16 年 12 月 20 日 策 定``) → the revision ledger.

They are read only before the first numbered section, in the forms real texts
use: ``令和5年4月1日 改正``, ``改正　令和5年4月1日``, and the 例規 form
``平成14年8月1日訓令第12号`` (the first is the 制定, later ones — often on
lines of their own under ``改正`` — are 改正).  The last one is the date and
kind of the imported revision; earlier ones are its history.  A
``…施行`` line gives the effective date (施行日).  A line that reads as a date
but not as one of these is kept as text, with a warning.
"""

from __future__ import annotations

import datetime as _dt
import re

from toolkit.model import REVISION_KINDS
from toolkit.model.wareki import era_year, parse_wareki
from toolkit.source.importer.state import DateLine, State
from toolkit.textforms.lines import DATE_LINE, KIND_FIRST

# 訓令第12号, 千曲市告示第3号: the number an 例規 was promulgated under
NUMBERED = re.compile(r"^[（(]?(?:\S{0,6}?)(?:訓令|告示|規則|規程|要綱|条例|達)第[0-9０-９]+号[）)]?$")
# the words Japanese municipalities use, onto the ledger's three kinds
KINDS = {"策定": "策定", "制定": "策定", "改定": "改定", "改正": "改定", "一部改正": "改定", "一部改定": "改定",
         "全面改定": "全面改定", "全部改正": "全面改定", "全部改定": "全面改定", "全面改正": "全面改定"}
_WS = re.compile(r"[\s\u3000]")




def parse_date(raw: str) -> _dt.date:
    """A date line's date; ValueError for none, or one before 明治6年 (no ledger date is: the wareki of
    every ledger date is printed)."""
    date = _dt.date.fromisoformat(raw) if raw[0].isdigit() else parse_wareki(raw)
    era_year(date)  # raises before 明治6年 (1873), when Japan took the Gregorian calendar
    return date


def run(state: State) -> None:
    keep = []
    front = True
    for b in state.blocks:
        if b.marker is not None:
            front = False
        m = DATE_LINE.match(b.text) if front and b.marker is None else None
        k = KIND_FIRST.match(b.text) if front and b.marker is None and m is None else None
        if m is None and k is None:
            keep.append(b)
            continue
        g = m or k
        assert g is not None
        kind_raw = _WS.sub("", g.group("kind"))
        rest = _WS.sub("", k.group("rest")) if k else ""
        if rest and not NUMBERED.match(rest):
            kind_raw = "?" + rest
        promulgated = ""
        if NUMBERED.match(kind_raw):  # 平成14年8月1日訓令第12号: the 制定, or a 改正 after it
            promulgated, kind_raw = kind_raw, ("改正" if state.dates else "制定")
        elif rest:
            promulgated = rest
        try:
            date = parse_date(g.group("date"))
        except ValueError as e:
            state.warn(b.line, f"not a date: {e}; kept as text", b.source, "e.g. 令和8年4月1日")
            keep.append(b)
            continue
        if kind_raw == "施行":
            state.effective = date
            state.decided("effective", b.line, b.source, f"施行日 {date.isoformat()}")
            continue
        kind = KINDS.get(kind_raw)
        if kind is None:
            state.warn(b.line, f"date line with unknown kind {g.group('kind')!r}; kept as text", b.source,
                       " / ".join(REVISION_KINDS))
            keep.append(b)
            continue
        if state.dates and date <= state.dates[-1].date:
            state.warn(b.line, f"date lines out of order: {date} is not after {state.dates[-1].date}; kept as text",
                       b.source, "策定 first, the newest 改定 last")
            keep.append(b)
            continue
        state.dates.append(DateLine(date, kind, b.line))
        state.decided("date", b.line, b.source, f"{date.isoformat()} {kind}" + (f" ({promulgated})" if promulgated else ""))
        if b.text != f"{g.group('date')} {kind}":
            state.repaired("R6", b.line, b.text, f"{date.isoformat()} {kind} (ledger)", report=False)
    state.blocks = keep
