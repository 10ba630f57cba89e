"""Captions (見出し): a line ``（目的）`` just above a numbered article is that article's title.

Japanese 例規 put an article's heading in parentheses on the line before it::

    （目的）
    第1条　この規程は、…

Without this rule the caption would be read as the last paragraph of the
clause before.
"""

from __future__ import annotations

import re

from toolkit.source.importer.state import Block, State

CAPTION = re.compile(r"^[（(]([^（）()。]{1,30})[）)]$")


def run(state: State) -> None:
    out: list[Block] = []
    blocks = state.blocks
    for i, b in enumerate(blocks):
        m = CAPTION.match(b.text) if b.kind == "para" and b.marker is None else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if m and nxt is not None and nxt.marker is not None and nxt.kind != "heading" and nxt.caption is None:
            nxt.caption = m.group(1)
            state.decided("caption", b.line, b.source, f"the title of {nxt.source[:12]}")
            continue
        out.append(b)
    state.blocks = out
