"""The title: unnumbered lines before the dates, the 目次 or the first section.

One line is the document title (情報セキュリティ基本方針); with two, the first
is the series (千曲市情報セキュリティポリシー) and the second the title.  The
例規集 mark ○ before a title (○千曲市情報セキュリティ規程) is not part of it.
More lines than two: the last two are series and title, the ones before stay
where they were (the 前文's first paragraphs), with a warning.
"""

from __future__ import annotations

import re

from toolkit.source.importer.dates import is_date_line
from toolkit.source.importer.markers import TITLE_MARKS as MARKS
from toolkit.source.importer.state import State
from toolkit.source.importer.toc import is_toc_heading

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
    if not lines:
        return
    del state.blocks[max(0, len(lines) - 2): len(lines)]
    for b in lines[:-2]:  # a page's site name, a 別紙 mark …: kept, as the 前文's first paragraphs
        state.warn(b.line, f"more than two title lines; {b.text[:30]!r} is kept as a 前文 paragraph", b.source,
                   "at most two: the series (# …) and the document title (## …)")
    title = lines[-1]
    state.title = title.text.lstrip(MARKS).strip() or title.text
    state.decided("title", title.line, title.source, f"title: {state.title}")
    if len(lines) >= 2:
        state.series = lines[-2].text.lstrip(MARKS).strip() or lines[-2].text
        state.decided("title", lines[-2].line, lines[-2].source, f"series: {state.series}")
