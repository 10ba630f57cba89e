"""The 例規 header: the promulgation date and the instrument's number under the title → the ledger.

An 例規集 prints, under ○題名, the date and number the instrument was promulgated under, on one
line or two: 「平成18年3月20日訓令第9号」, 「令和元年11月1日」/「訓令甲第31号」, 「平成19年8月30日
告示第62号」, 「平成25年3月25日」/「教育委員会訓令第2号」, a joint number 「平成14年7月29日」/
「/訓令第16号/教育委員会訓令第10号」.  That is the revision's :class:`~toolkit.model.Instrument`
(its date the 制定 date line, :mod:`.dates`).  A 全部改正 line after it, 「…規程（平成16年…訓令第4号）の
全部を（次のように）改正する。」, names the instrument it replaces: the revision is a 全面改定.
Read only before the first numbered section and only once: later 改正 lines are the :mod:`.dates` rule's.
"""

from __future__ import annotations

import re

from toolkit.model import Instrument
from toolkit.source.importer.dates import NUMBERED, parse_date
from toolkit.source.importer.state import Block, State
from toolkit.textforms.lines import DATE as _DATE
from toolkit.textforms.lines import DATE_LINE, is_date_line

_WS = re.compile(r"[\s\u3000]")
# one number: an optional issuer (千曲市, 教育委員会, 水道事業管理…) and the instrument's name, 第N号
_ONE = r"(?P<kind>(?:[^\s/／・]{0,12}?)(?:訓令[甲乙]?|告示|規則|規程|要綱|条例|達))第(?P<number>[0-9０-９]+)号"
ONE = re.compile(_ONE)
# the number part of a header line: one number, or several joined by ／ / ・ (a leading slash as some 例規集 print)
NUMBERS = re.compile(rf"^[/／]?{_ONE}(?:[/／・]{_ONE.replace('?P<kind>', '').replace('?P<number>', '')})*$")
DATE_ONLY = re.compile(rf"^(?P<date>{_DATE})$")
HEADER = re.compile(rf"^(?P<date>{_DATE})(?P<numbers>[/／]?\S*第[0-9０-９]+号)$")
REPLACES = re.compile(r"^(?P<old>.+?(?:[（(][^（()）]*第[0-9０-９]+号[)）]))の全部を(?:次のように)?改正する。$")


def _read_as_written(text: str) -> bool:
    """A header line the dates rule reads as it stands: 「平成14年8月1日訓令第12号」 (its NUMBERED form)."""
    m = DATE_LINE.match(text)
    return m is not None and NUMBERED.match(_WS.sub("", m.group("kind"))) is not None


def parse_numbers(text: str) -> list[tuple[str, int]] | None:
    """「訓令第16号／教育委員会訓令第10号」 → [("訓令", 16), ("教育委員会訓令", 10)]; None for anything else."""
    s = _WS.sub("", text)
    if not NUMBERS.match(s):
        return None
    return [(m.group("kind"), int(m.group("number"))) for m in ONE.finditer(s)]


def run(state: State) -> None:
    blocks = state.blocks
    for i, b in enumerate(blocks):
        if b.marker is not None:
            return  # the header comes before the first section
        text = _WS.sub("", b.text)
        used: list[Block] = [b]
        m = HEADER.match(text)
        numbers = parse_numbers(m.group("numbers")) if m else None
        raw_date = m.group("date") if m and numbers else None
        if raw_date is None and DATE_ONLY.match(text) and i + 1 < len(blocks) and blocks[i + 1].marker is None:
            numbers = parse_numbers(blocks[i + 1].text)
            if numbers:
                raw_date = text
                used.append(blocks[i + 1])
        if raw_date is None or not numbers:
            continue
        try:
            date = parse_date(raw_date)
        except ValueError:
            return  # the dates rule reports it
        replaces = None
        nxt = i + len(used)
        while nxt < len(blocks) and blocks[nxt].marker is None and is_date_line(blocks[nxt].text):
            nxt += 1  # a 施行 line between the header and the 全部改正 line
        if nxt < len(blocks) and blocks[nxt].marker is None and (r := REPLACES.match(blocks[nxt].text.strip())):
            replaces = r.group("old")
            state.decided("date", blocks[nxt].line, blocks[nxt].source,
                          f"全部改正: replaces {replaces} (the instrument's 'replaces'; the revision a 全面改定)")
            del blocks[nxt]  # kept, verbatim, as the instrument's 'replaces' (after the header: indexes stand)
        state.instrument = Instrument(numbers[0][0], numbers[0][1], date, tuple(numbers[1:]), replaces)
        state.instrument_line = b.line
        label = state.instrument.label
        for u in used:
            state.decided("date", u.line, u.source, f"{date.isoformat()} {label}: promulgation date and "
                          "instrument number (the ledger's instrument)")
        # the dates rule reads it as the 制定 (a 改正 after earlier date lines; 全部改正: a 全面改定)
        earlier = any(is_date_line(x.text) for x in blocks[:i])
        if replaces or len(used) > 1 or not _read_as_written(text):  # else the dates rule reads it as written
            b.text = f"{date.isoformat()} {'全部改正' if replaces else '改正' if earlier else '制定'}"
        del blocks[i + 1: i + len(used)]
        return
