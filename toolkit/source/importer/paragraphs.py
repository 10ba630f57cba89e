"""項 (paragraphs of an article): the first is not numbered, then 2, 3 … .

例規 write an article's second and later paragraphs with a bare number::

    第5条　職員は、…遵守しなければならない。
    2　前項の規定にかかわらず、…
    （1）　…

The first paragraph becomes 項 1 (printed without a number) as soon as the
article has a 項 2 or 号 under it, so 号 (1)(2) always sit under their 項;
an article of one paragraph keeps its text.  ``２`` (full-width, as 例規集
print it) or ``2``: the style follows the text (項２ / 項).
"""

from __future__ import annotations

import re

from toolkit.source.importer.state import Block, Marker, State
from toolkit.textforms.word import FIRST_ITEM_PREFIX

_NUMBER = re.compile(r"^([0-9]{1,3}|[０-９]{1,3})[ \t\u3000]+(?=\S)")
_FW = str.maketrans("０１２３４５６７８９", "0123456789")
_ENDS_ARTICLE = ("第1章", "第1節", "第1条")


def run(state: State) -> None:
    blocks = state.blocks
    if not any(b.marker is not None and b.marker.style == "第1条" for b in blocks):
        return
    first_kou = next((m for b in blocks if b.marker is None or b.marker.style == "1"
                      for m in [_NUMBER.match(b.source)] if m), None)
    style = "項２" if first_kou is not None and not first_kou.group(1).isascii() else "項"
    out: list[Block] = []
    article: Block | None = None
    article_at = 0  # its index in ``out``
    following = 2
    split = False  # the article's first 項 is its own block

    def split_first() -> None:
        nonlocal split
        if article is None or split:
            return
        split = True
        at = article_at + 1
        keys = (article.key or "").split()  # a Word bookmark of the first 項 shares the article's paragraph
        article.key = " ".join(k for k in keys if not k.startswith(FIRST_ITEM_PREFIX)) or None
        first = Block("item", article.text, article.line, marker=Marker(style, 1, ""), source=article.text,
                      key=next((k for k in keys if k.startswith(FIRST_ITEM_PREFIX)), None))
        out.insert(at, first)
        article.text = ""
        state.decided("level", article.line, article.source, "the article's first 項 (printed without a number)")

    for b in blocks:
        m = b.marker
        if m is not None and m.style in _ENDS_ARTICLE:
            article = b if m.style == "第1条" else None
            article_at, following, split = len(out), 2, False
            out.append(b)
            continue
        if article is not None and b.kind in ("para", "ordered") and (m is None or m.style == "1"):
            num = _NUMBER.match(b.text) if m is None else None
            value = m.number if m is not None else int(num.group(1).translate(_FW)) if num else 0
            if value == following:
                split_first()
                rest = b.text if m is not None else b.text[num.end():].strip()  # type: ignore[union-attr]
                b.kind, b.marker, b.text = "item", Marker(style, following, str(value)), rest
                following += 1
                out.append(b)
                continue
        if article is not None and m is not None and not split:
            split_first()  # a 号 under the article: it belongs to the first 項
        out.append(b)
    state.blocks = out
