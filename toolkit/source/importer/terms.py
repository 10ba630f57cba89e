"""Definitions (定義): under a section or article titled …定義, the defined terms.

Two forms: a heading and its text (``### (1) 情報資産`` / ``情報及び機器をいう。``),
and an item written ``(1) 用語　説明`` (the term, a space, the meaning) —
also under an article's first 項 (第2条 (定義) … 次の各号).
"""

from __future__ import annotations

import re

from toolkit.source.importer.state import Draft, State

# a term: short, no sentence punctuation; then at least one space; then its meaning
_ITEM = re.compile(r"^(?P<term>[^\s\u3000。、，,]{1,30})[ \t\u3000]+(?P<meaning>\S.*)$")


def run(state: State) -> None:
    for d in state.walk():
        if d.title is not None and "定義" in d.title:
            for c in _definitions(d):
                if c.title is not None and c.text and not c.children:
                    c.term, c.title = c.title, None
                elif c.item and c.text and not c.children:
                    m = _ITEM.match(c.text[0])
                    if m is not None:
                        c.term, c.text[0] = m.group("term"), m.group("meaning")
                        state.decided("level", c.line, m.group(0), f"a definition: the term {c.term!r}")


def _definitions(d: Draft) -> list[Draft]:
    out = []
    for c in d.children:
        if c.item and c.children and c.style in ("項", "項２"):
            out.extend(c.children)  # 第2条 (定義) 用語の意義は、次の各号 …: the 号 under its first 項
        else:
            out.append(c)
    return out
