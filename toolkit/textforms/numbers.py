"""Recognising the number in front of a heading or item (1. / (1) / （１） / ⑴ / ① / ア / 1―1 …).

Shared by the importer's block reader (a numbered line starts a new block) and ``markers`` rule, and by
the exports, which escape a paragraph that would read as a number (:func:`starts_block`).  Each style's
patterns are in its entry of :mod:`toolkit.model.numbering_styles`, beside the form it is printed in,
so an exported document reads back the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.model.numbering_styles import STYLES, Style


@dataclass(frozen=True)
class Marker:
    """A number in front of a heading or item: its style (``(1)``, ``①`` …) and value."""

    style: str
    number: int
    raw: str
    parent: int = 0  # the parent number a compound ``1―1`` carries
    branch: int = 0  # 枝番: 2 in 第16条の2


# (style, pattern) of every style, in rank order: first match wins, so compound forms come before simple ones
_PATTERNS: list[tuple[Style, re.Pattern[str]]] = [
    (style, re.compile(pattern))
    for _rank, style, pattern in sorted(((rank, s, p) for s in STYLES for rank, p in s.reads), key=lambda r: r[0])
]

# PDF extraction splits two-digit numbers: "(1 1)" for "(11)" (repair R1).
SPLIT_DIGITS = re.compile(r"^([(（])([0-9]+(?: +[0-9]+)+)([)）])")
BULLETS = "・●○■□◆◇◎"

# every marker starts with one of these: a quick refusal for the many lines that start with none
_FIRST = frozenset("".join(s.starts for s in STYLES))


def match_marker(text: str) -> tuple[Marker, str] | None:
    """``(marker, rest of the text)`` if ``text`` starts with a number, else None."""
    if text[:1] not in _FIRST:
        return None
    for style, pat in _PATTERNS:
        m = pat.match(text)
        if m:
            g = m.groupdict()
            marker = Marker(style.name, style.value(g["n"]), m.group(0).strip(),
                            parent=int(g["parent"]) if g.get("parent") else 0,
                            branch=style.value(g["branch"]) if g.get("branch") else 0)
            return marker, text[m.end():]
    return None


# lines of a 例規 that start a block of their own: 項 ２　…, the 附則 heading
_OWN_LINE = re.compile(r"^(?:[０-９]{1,3}[ \t\u3000]+\S|附[ \t\u3000]*則(?:[ \t\u3000]*[（(][^）)]*[）)])?$)")


def starts_block(line: str) -> bool:
    """Whether a line of a paragraph starts a new numbered or bulleted block."""
    return bool(line) and (
        line[0] in BULLETS or line[0] in _FIRST and (SPLIT_DIGITS.match(line) is not None
                                                     or match_marker(line) is not None)
        or line[0] in "０１２３４５６７８９附" and _OWN_LINE.match(line) is not None
    )


def own_line(line: str) -> bool:
    """A line that is a block of its own, and the line after it starts another (the 附則 heading)."""
    return line.startswith("附") and _OWN_LINE.match(line) is not None
