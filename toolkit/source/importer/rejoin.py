"""R2, R3: a paragraph broken by a page break is rejoined.

A paragraph that does not end a sentence, followed by another paragraph of
the same clause, is the same paragraph: ``…接続された`` / ``情報システム…``
(R2) and the word ``締`` / ``結し`` (R3).  Item text (``- (1) …等``) does
not end with 。 either, so only paragraph → paragraph is joined.  Not in a file ``policy
export`` wrote (:attr:`State.exported`): there a paragraph ends where the source's does.
"""

from __future__ import annotations

import re

from toolkit.source.importer.blocks import join_wrapped
from toolkit.source.importer.state import Block, State

SENTENCE_END = re.compile(r"[。．.!?！？:：][）)」』】〉》\"'”’]*$")


def run(state: State) -> None:
    if state.exported:
        return
    out: list[Block] = []
    for b in state.blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "para" and prev.marker is None and b.kind == "para"
                and b.marker is None and prev.text and b.text and not SENTENCE_END.search(prev.text)
                and not (prev.text.startswith("|") or b.text.startswith("|"))):  # table rows stay rows
            rule = "R3" if _word_split(prev.text, b.text) else "R2"
            state.repaired(rule, b.line, f"{prev.text[-6:]} / {b.text[:6]}", join_wrapped(prev.text[-6:], b.text[:6]))
            prev.text = join_wrapped(prev.text, b.text)
            prev.source = join_wrapped(prev.source, b.source)
            continue
        out.append(b)
    state.blocks = out


def _word_split(a: str, b: str) -> bool:
    """A break inside a word (締 / 結し) rather than between phrases (…された / 情報…):
    both sides are kanji."""
    return _kanji(a[-1]) and _kanji(b[0])


def _kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"
