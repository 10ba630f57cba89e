"""Numbers in front of headings and items → ``Block.marker``; the text keeps the rest.

The number itself is not kept (numbering is derived, R7); the ``levels`` rule
checks that it is the one position would give.  A number alone on its line
(PDF layout) takes the next paragraph as its text.
"""

from __future__ import annotations

from toolkit.source.importer.state import Block, State
from toolkit.textforms.numbers import BULLETS, match_marker

TITLE_MARKS = "○◯〇◎"


def run(state: State) -> None:
    out: list[Block] = []
    front = True  # before the first number: ○ marks a 例規's title (the title rule reads it)
    for b in state.blocks:
        if out and out[-1].marker is not None and not out[-1].text and out[-1].kind != "heading" \
                and b.kind == "para" and match_marker(b.text) is None:
            out[-1].text = b.text
            out[-1].source = f"{out[-1].source} {b.source}"
            continue
        m = match_marker(b.text)
        front = front and m is None
        if b.text[:1] in BULLETS and not (front and b.text[:1] in TITLE_MARKS):
            state.warn(b.line, f"an item without a number: {b.text[:20]!r}; kept as a paragraph", b.text,
                       "a numbered item (1. / (1) / ① / ア …); every clause gets a number")
            b.kind = "para"
        elif m is not None:
            b.marker, b.text = m[0], m[1].strip()
        elif b.kind == "item":
            state.warn(b.line, f"a list item without a number: {b.text[:20]!r}; kept as a paragraph", b.text,
                       "'- (1) …', '- ① …': every clause gets a number")
            b.kind = "para"
        out.append(b)
    state.blocks = out
