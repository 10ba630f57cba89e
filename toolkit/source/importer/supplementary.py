"""附則 (supplementary provisions): kept in the revision, and their dates read.

A 例規 ends with one 附則 per enactment and amendment::

    附　則
    この訓令は、平成14年8月1日から施行する。
    附　則（令和5年3月31日訓令第5号）
    1　この訓令は、令和5年4月1日から施行する。
    2　前項の規定にかかわらず、…

Each becomes a :class:`~toolkit.source.importer.state.Supplement` (then a
node of ``Revision.supplementary``): ``title`` is the parenthesis of its
heading (None for a plain 附　則), ``text`` its paragraphs.  A numbered 項
(「1　…」「2　…」, or 「2　…」 after an unnumbered first) is a paragraph
without its number: :func:`toolkit.model.numbering.supplementary_paragraphs`
derives it (one paragraph: none; several: 1, 2 …), so the number is not kept.
A line that is numbered otherwise, or out of sequence, is kept verbatim.

The date in a 附則's heading is an amendment (→ the history, if the date
lines above the text did not list it); 「…から施行する。」 in the last 附則 is
the imported revision's effective date (施行日).  Every heading, every number
dropped and every date read is in the import report.
"""

from __future__ import annotations

import re

from toolkit.source.importer.dates import NUMBERED, parse_date
from toolkit.source.importer.state import Block, DateLine, State, Supplement
from toolkit.textforms.lines import DATE as _DATE

HEADING = re.compile(r"^附[\s\u3000]*則(?:[\s\u3000]*[（(](?P<inner>[^）)]*)[）)])?$")
ENFORCED = re.compile(rf"(?P<date>{_DATE})から(?:施行|適用)")
_DATE_IN = re.compile(rf"(?P<date>{_DATE})")
# 項 of a 附則: 1　… / １　… (the number a reader sees; derived again on output)
_NUMBER = re.compile(r"^([0-9]{1,3}|[０-９]{1,3})[ \t\u3000]+(?=\S)")
_FW = str.maketrans("０１２３４５６７８９", "0123456789")


def is_heading(text: str) -> bool:
    return HEADING.match(text.strip()) is not None


def run(state: State) -> None:
    start = next((i for i, b in enumerate(state.blocks)
                  if b.marker is None and is_heading(b.text) and not b.source.startswith("\\")), None)
    if start is None:
        return
    effective = None
    current: Supplement | None = None
    for b in state.blocks[start:]:
        h = HEADING.match(b.text.strip()) if b.marker is None and not b.source.startswith("\\") else None
        if h:
            current = _heading(state, b, h.group("inner"))
            continue
        assert current is not None  # the first block from ``start`` is a heading
        text = _paragraph(state, b, current)
        current.text.append(text)
        e = ENFORCED.search(text)
        if e:
            try:
                date = parse_date(e.group("date"))
            except ValueError:
                continue
            effective = (date, b)
            current.enforced = current.enforced or date
            if current.date is None:
                current.date = date
    if effective is not None:
        state.effective = effective[0]
        state.decided("effective", effective[1].line, effective[1].source, f"施行日 {effective[0].isoformat()}")
    for s in state.supplementary:
        if not s.text:
            state.warn(s.line, "a 附則 without text; kept as a 附則 of its heading only", s.source,
                       "附　則 followed by its paragraphs")
    del state.blocks[start:]


def _heading(state: State, b: Block, inner: str | None) -> Supplement:
    title = inner.strip() if inner is not None and inner.strip() else None
    s = Supplement(b.line, title, key=b.key, source=b.source)
    state.supplementary.append(s)
    d = _DATE_IN.search(title or "")
    if d:
        try:
            s.date = parse_date(d.group("date"))
        except ValueError:
            d = None
    s.heading_date = s.date
    rest = title[d.end():].strip() if d and title else ""
    if d and s.date is not None and (not rest or NUMBERED.match(rest)):
        known = {x.date for x in state.dates}
        if s.date not in known and (not state.dates or s.date > state.dates[-1].date):
            state.dates.append(DateLine(s.date, "改定", b.line))
            state.decided("date", b.line, b.source, f"{s.date.isoformat()} 改定 (from the 附則)")
    state.decided("supplementary", b.line, b.source,
                  f"附則 {len(state.supplementary)}" + (f", titled {title}" if title else "") + ": kept as a 附則")
    return s


def _paragraph(state: State, b: Block, s: Supplement) -> str:
    """A paragraph of the 附則 ``s``; a 項 number in sequence is dropped (derived again), and reported."""
    k = len(s.text) + 1
    if b.marker is None:
        if b.source.startswith("\\"):  # escaped by the export: the text is literal
            return b.text
        m = _NUMBER.match(b.text)
        if m is not None and int(m.group(1).translate(_FW)) == k:
            state.decided("supplementary", b.line, b.source, f"項 {k} of the 附則: its number is derived, not kept")
            return b.text[m.end():].strip()
        return b.text
    if b.marker.style == "1" and b.marker.number == k and b.text:
        state.decided("supplementary", b.line, b.source, f"項 {k} of the 附則: its number is derived, not kept")
        return b.text
    return b.source  # numbered in another way, or out of sequence: kept as written
