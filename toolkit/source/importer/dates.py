"""R6: the 策定 / 改定 date lines (``平成 16 年 12 月 20 日 策 定``) → the revision ledger.

They are read only before the first numbered section.  The last one is the
date and kind of the imported revision; earlier ones are its history.
"""

from __future__ import annotations

import datetime as _dt
import re

from toolkit.model import REVISION_KINDS
from toolkit.model.wareki import parse_wareki
from toolkit.source.importer.state import DateLine, State

_ERA = r"(?:明治|大正|昭和|平成|令和)"
DATE_LINE = re.compile(
    rf"^\s*(?P<date>{_ERA}\s*(?:元|[0-9０-９]+)\s*年\s*[0-9０-９]+\s*月\s*[0-9０-９]+\s*日"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2})\s*(?P<kind>.*?)\s*$"
)
# the words Japanese municipalities use, onto the ledger's three kinds
KINDS = {"策定": "策定", "制定": "策定", "改定": "改定", "改正": "改定", "一部改正": "改定", "一部改定": "改定",
         "全面改定": "全面改定", "全部改正": "全面改定", "全部改定": "全面改定", "全面改正": "全面改定"}


def run(state: State) -> None:
    keep = []
    front = True
    for b in state.blocks:
        m = DATE_LINE.match(b.text) if front and b.marker is None else None
        if b.marker is not None:
            front = False
        if m is None:
            keep.append(b)
            continue
        kind_raw = re.sub(r"[\s\u3000]", "", m.group("kind"))
        kind = KINDS.get(kind_raw)
        if kind is None:
            state.error(b.line, f"date line with unknown kind {m.group('kind')!r}", " / ".join(REVISION_KINDS))
            continue
        try:
            date = parse_wareki(m.group("date")) if not m.group("date")[0].isdigit() \
                else _dt.date.fromisoformat(m.group("date"))
        except ValueError as e:
            state.error(b.line, f"not a date: {e}", "e.g. 令和8年4月1日")
            continue
        if state.dates and date <= state.dates[-1].date:
            state.error(b.line, f"date lines out of order: {date} is not after {state.dates[-1].date}",
                        "策定 first, the newest 改定 last")
        state.dates.append(DateLine(date, kind, b.line))
        if b.text != f"{m.group('date')} {kind}":
            state.repaired("R6", b.line, b.text, f"{date.isoformat()} {kind} (ledger)")
    state.blocks = keep
