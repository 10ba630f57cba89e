"""The title: unnumbered lines before the dates, the 目次 or the first section.

One line is the document title (情報セキュリティ基本方針); with two, the first
is the series (千曲市情報セキュリティポリシー) and the second the title.
"""

from __future__ import annotations

from toolkit.source.importer.dates import DATE_LINE
from toolkit.source.importer.state import State
from toolkit.source.importer.toc import is_toc_heading


def run(state: State) -> None:
    lines = []
    for b in state.blocks:
        if b.marker is not None or is_toc_heading(b.text) or DATE_LINE.match(b.text):
            break
        if b.kind != "heading" and (len(b.text) > 60 or "。" in b.text):
            break  # a sentence: preamble text, not a title (reported by the tree rule)
        lines.append(b)
    if not lines:
        return
    if len(lines) > 2:
        state.error(lines[1].line, f"{len(lines)} title lines before the text; cannot tell series from title",
                    "at most two: the series (# …) and the document title (## …)")
        return
    del state.blocks[: len(lines)]
    state.title = lines[-1].text
    if len(lines) == 2:
        state.series = lines[0].text
