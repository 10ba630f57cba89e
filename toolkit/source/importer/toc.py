"""R7: the 目次 (table of contents) is dropped: it is derived from the sections.

It runs from its heading to the next Markdown heading or list item, or, in
plain text, to where its entries' numbers start again (the real sections).
"""

from __future__ import annotations

from toolkit.source.importer.state import State
from toolkit.textforms.lines import is_toc_heading


def run(state: State) -> None:
    blocks = state.blocks
    start = next((i for i, b in enumerate(blocks) if b.marker is None and is_toc_heading(b.text)), None)
    if start is None or any(b.marker is not None for b in blocks[:start]):
        return  # no 目次, or the word appears inside the text
    end = start + 1
    style, last = None, 0
    while end < len(blocks):
        b = blocks[end]
        if b.kind in ("heading", "item") or b.marker is None and "。" in b.text:
            break  # the text starts (a bullet item or a sentence is never a 目次 entry)
        if b.marker is not None:
            if style is None:
                style = b.marker.style
            if b.marker.style == style:
                if b.marker.number <= last:
                    break  # the numbers start again: the real sections
                last = b.marker.number
        end += 1
    state.repaired("R7", blocks[start].line, f"目次 ({end - start - 1} entries)", "dropped (derived)")
    for b in blocks[start:end]:
        state.decided("dropped", b.line, b.source, "目次 (derived from the sections)")
    del blocks[start:end]
