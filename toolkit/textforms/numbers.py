"""Recognising the number in front of a heading or item (1. / (1) / （１） / ⑴ / ① / ア / 1―1 …).

Shared by the importer's block reader (a numbered line starts a new block) and ``markers`` rule, and by
the exports, which escape a paragraph that would read as a number (:func:`starts_block`).  Each style is the one :mod:`toolkit.model.numbering`
prints, so an exported document reads back the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.model.numbering import IROHA


@dataclass(frozen=True)
class Marker:
    """A number in front of a heading or item: its style (``(1)``, ``①`` …) and value."""

    style: str
    number: int
    raw: str
    parent: int = 0  # the parent number a compound ``1―1`` carries
    branch: int = 0  # 枝番: 2 in 第16条の2


_WS = r"[ \t\u3000]"
_FW = str.maketrans("０１２３４５６７８９", "0123456789")

# (style, pattern); first match wins, so compound forms come before simple ones.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (style, re.compile(pat))
    for style, pat in (
        ("第1章", rf"第([0-9０-９]+)章{_WS}*"),
        ("第1節", rf"第([0-9０-９]+)節{_WS}*"),
        ("第1条の2", rf"第([0-9０-９]+)条の([0-9０-９]+){_WS}*"),
        ("第1条", rf"第([0-9０-９]+)条{_WS}*"),
        ("第1", rf"第([0-9０-９]+)(?:{_WS}+|$)"),
        ("1―1", rf"([0-9]+)[―‐－-]([0-9]+)(?:{_WS}+|$)"),
        ("1．", rf"([0-9]+)．(?![0-9]){_WS}*"),
        ("1.", rf"([0-9]+)[.](?![0-9]){_WS}*"),
        ("1", rf"([0-9]+){_WS}+(?=\S)"),
        ("（1）", rf"（([0-9]+)）{_WS}*"),  # full-width parentheses, as 例規集 print 号
        ("(1)", rf"[(（]([0-9]+)[)）]{_WS}*"),
        ("（１）", rf"[(（]([０-９]+)[)）]{_WS}*"),
        ("(ア)", rf"[(（]([{IROHA}])[)）]{_WS}*"),
        ("⑴", rf"([\u2474-\u2487]){_WS}*"),
        ("①", rf"([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]){_WS}*"),
        ("ア", rf"([{IROHA}]){_WS}+(?=\S)"),
    )
]

# PDF extraction splits two-digit numbers: "(1 1)" for "(11)" (repair R1).
SPLIT_DIGITS = re.compile(r"^([(（])([0-9]+(?: +[0-9]+)+)([)）])")
BULLETS = "・●○■□◆◇◎"


def _value(style: str, s: str) -> int:
    if style in ("⑴",):
        return ord(s) - 0x2474 + 1
    if style == "①":
        c = ord(s)
        if c <= 0x2473:
            return c - 0x2460 + 1
        if c <= 0x325F:
            return c - 0x3251 + 21
        return c - 0x32B1 + 36
    if style in ("ア", "(ア)"):
        return IROHA.index(s) + 1
    return int(s.translate(_FW))


# every marker starts with one of these: a quick refusal for the many lines that start with none
_FIRST = frozenset("第0123456789０１２３４５６７８９(（" + IROHA + "".join(chr(c) for c in range(0x2460, 0x2488))
                   + "".join(chr(c) for c in range(0x3251, 0x3260)) + "".join(chr(c) for c in range(0x32B1, 0x32C0)))


def match_marker(text: str) -> tuple[Marker, str] | None:
    """``(marker, rest of the text)`` if ``text`` starts with a number, else None."""
    if text[:1] not in _FIRST:
        return None
    for style, pat in _PATTERNS:
        m = pat.match(text)
        if m:
            if style == "1―1":
                marker = Marker(style, int(m.group(2)), m.group(0).strip(), parent=int(m.group(1)))
            elif style == "第1条の2":  # 枝番: the article's style, numbered after the one before
                marker = Marker("第1条", _value("第1条", m.group(1)), m.group(0).strip(),
                                branch=_value("第1条", m.group(2)))
            else:
                marker = Marker(style, _value(style, m.group(1)), m.group(0).strip())
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
