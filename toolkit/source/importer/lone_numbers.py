"""A section number alone on its line (PDF extraction: 「1」 / 「目的」) is read with the heading after it.

The ``markers`` rule already joins 「(1)」 and the like with the next line; a bare 「1」 reads as no number
at all (it could be text), so only a number of one to three digits alone on its line, followed by a
short unnumbered line without 。 (a heading), is joined: 「1 目的」.  Each join is in the report.
"""

from __future__ import annotations

import re

from toolkit.source.importer.state import Block, State
from toolkit.textforms.numbers import match_marker

_LONE = re.compile(r"^[0-9０-９]{1,3}$")
HEADING_MAX = 40


def run(state: State) -> None:
    out: list[Block] = []
    blocks = state.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is not None and b.kind == "para" and _LONE.match(b.text.strip()) and nxt.kind == "para" \
                and nxt.text and len(nxt.text) <= HEADING_MAX and "。" not in nxt.text \
                and match_marker(nxt.text) is None:
            joined = f"{b.text.strip()} {nxt.text}"
            state.repaired("lone_numbers", b.line, f"{b.source} / {nxt.source}", joined)
            nxt.text = joined
            nxt.source = f"{b.source} {nxt.source}"
            nxt.line = b.line
            i += 1
            continue
        out.append(b)
        i += 1
    state.blocks = out
