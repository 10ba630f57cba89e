"""附則 (supplementary provisions): their dates are read; their text is quoted in the report.

A 例規 ends with one 附則 per enactment and amendment::

    附　則
    この訓令は、平成14年8月1日から施行する。
    附　則（令和5年3月31日訓令第5号）
    この訓令は、令和5年4月1日から施行する。

The date in a 附則's heading is an amendment (→ the history, if the date
lines above the text did not list it); 「…から施行する。」 in the last 附則 is
the imported revision's effective date (施行日).  The model keeps no 附則
text (it is not a clause); every line is quoted in the import report.
"""

from __future__ import annotations

import re

from toolkit.source.importer.dates import _DATE, NUMBERED, parse_date
from toolkit.source.importer.state import DateLine, State

HEADING = re.compile(r"^附[\s\u3000]*則(?:[\s\u3000]*[（(](?P<inner>[^）)]*)[）)])?$")
ENFORCED = re.compile(rf"(?P<date>{_DATE})から施行")
_DATE_IN = re.compile(rf"(?P<date>{_DATE})")


def run(state: State) -> None:
    start = next((i for i, b in enumerate(state.blocks) if b.marker is None and HEADING.match(b.text.strip())), None)
    if start is None:
        return
    effective = None
    for b in state.blocks[start:]:
        h = HEADING.match(b.text.strip()) if b.marker is None else None
        if h and h.group("inner"):
            d = _DATE_IN.search(h.group("inner"))
            rest = h.group("inner")[d.end():].strip() if d else ""
            if d and (not rest or NUMBERED.match(rest)):
                date = parse_date(d.group("date"))
                known = {x.date for x in state.dates}
                if date not in known and (not state.dates or date > state.dates[-1].date):
                    state.dates.append(DateLine(date, "改定", b.line))
                    state.decided("date", b.line, b.source, f"{date.isoformat()} 改定 (from the 附則)")
        e = ENFORCED.search(b.text)
        if e:
            effective = (parse_date(e.group("date")), b)
        state.decided("dropped", b.line, b.source, "附則 (its dates are read; the text is not a clause)")
    if effective is not None:
        state.effective = effective[0]
        state.decided("effective", effective[1].line, effective[1].source, f"施行日 {effective[0].isoformat()}")
    del state.blocks[start:]
