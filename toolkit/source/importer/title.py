"""The title: unnumbered lines before the dates, the 目次 or the first section.

One line is the document title (情報セキュリティ基本方針); with two, the first
is the series (千曲市情報セキュリティポリシー) and the second the title.  The
例規集 mark ○ before a title (○千曲市情報セキュリティ規程) is not part of it.
More lines than two: the last two are series and title, the ones before stay
where they were (the 前文's first paragraphs), with a warning.
"""

from __future__ import annotations

import re

from toolkit.source.importer.markers import TITLE_MARKS as MARKS
from toolkit.source.importer.state import State
from toolkit.textforms.lines import is_date_line, is_toc_heading

_ANNEX = re.compile(r"^[(（]?別紙[0-9０-９一二三四五六七八九十]*[)）]?$")
_CAPTION_OR_PREAMBLE = re.compile(r"^(?:[(（][^()（）]{1,20}[)）]|序文|前文|はじめに)$")


def run(state: State) -> None:
    lines = []
    for b in state.blocks:
        if b.marker is not None or is_toc_heading(b.text) or is_date_line(b.text):
            break
        if b.kind != "heading" and (len(b.text) > 60 or "。" in b.text):
            break  # a sentence: preamble text, not a title (the preamble rule keeps it)
        if _CAPTION_OR_PREAMBLE.match(b.text.strip()):
            break  # （趣旨） above 第1: the article's caption; 「序文」: the 前文's heading
        lines.append(b)
    marks = [b for b in lines if _ANNEX.match(b.text.strip())]  # 「別紙」「（別紙1）」: a mark, not the series
    for b in marks:
        state.decided("title", b.line, b.source, "a 別紙 mark: kept as a 前文 paragraph, not as the series")
    lines = [b for b in lines if all(b is not m for m in marks)]
    if not lines:
        return
    taken = {id(b) for b in lines[-2:]}  # the series and the title; every other line stays where it was
    state.blocks = [b for b in state.blocks if id(b) not in taken]
    for b in lines[:-2]:  # a page's site name, a 別紙 mark …: kept, as the 前文's first paragraphs
        state.warn(b.line, f"more than two title lines; {b.text[:30]!r} is kept as a 前文 paragraph", b.source,
                   "at most two: the series (# …) and the document title (## …)")
    title = lines[-1]
    state.title = title.text.lstrip(MARKS).strip() or title.text
    state.decided("title", title.line, title.source, f"title: {state.title}")
    if len(lines) >= 2:
        state.series = lines[-2].text.lstrip(MARKS).strip() or lines[-2].text
        state.decided("title", lines[-2].line, lines[-2].source, f"series: {state.series}")
