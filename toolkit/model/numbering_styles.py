"""The numbering styles, one entry each, every face of a style in its entry.

A style is named as the source names it (``numbering: ["1.", "(1)", "①"]``).  Its entry says

* how it is printed: ``form``, with ``{n}`` the number in the style's ``digits`` (① ア （１） …) and
  ``{parent}`` the parent's number (the compound ``1―1``); ``branch_form`` for a 枝番 (第16条の2);
* how it is cited in running text, where not as printed: ``cite`` (``1.`` → 「上記1」, a 項 → 第2項);
* how the importer reads it in front of a line: ``reads``, patterns tried in ``rank`` order over every
  style (first match wins, so a compound form comes before the simple form it starts with), the number
  in the group ``n`` (``parent``, ``branch`` where the form has them); ``starts``, the characters such
  a number can start with;
* how Word prints it in a list: ``word_format``, Word's number format for ``{n}`` (the level text is
  ``form``); None where Word lists cannot print it.  The Word writer and reader take it from here.

A new style is a new entry here (and its tests): :mod:`toolkit.model.numbering` prints it, the
importer (:mod:`toolkit.textforms.numbers`) reads it, the editable Word export writes it as a list and
the Word reader reads that list back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

IROHA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DECIMAL = frozenset("0123456789０１２３４５６７８９")
_WS = r"[ \t\u3000]"
_CIRCLED = "".join(chr(c) for c in (*range(0x2460, 0x2474), *range(0x3251, 0x3260), *range(0x32B1, 0x32C0)))
_PARENTHESIZED = "".join(chr(c) for c in range(0x2474, 0x2488))


def circled(n: int) -> str:
    """① … ㊿ (1–50)."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    raise ValueError(f"no circled number for {n}")


def full_width(n: int) -> str:
    return str(n).translate(_FW_DIGITS)


def _parenthesized(n: int) -> str:
    return chr(0x2474 + n - 1) if n <= 20 else f"({n})"


def roman(n: int) -> str:
    """Ⅰ … Ⅻ (1–12), the single-character Roman numerals Japanese documents number chapters with."""
    if 1 <= n <= 12:
        return chr(0x2160 + n - 1)
    raise ValueError(f"no Roman numeral character for {n}")


def _iroha(n: int) -> str:
    return IROHA[n - 1]


@dataclass(frozen=True)
class Style:
    """One numbering style (see the module docstring for its faces)."""

    name: str
    form: str
    digits: Callable[[int], str] = str
    cite: str | None = None  # as cited, {n} in ASCII digits; None: as printed
    branch_form: str | None = None  # 枝番: {n} and {branch}
    reads: tuple[tuple[int, str], ...] = ()  # (rank, pattern)
    starts: str = ""
    word_format: str | None = None
    through: bool = False  # numbered straight through the document, not restarting under each parent
    paragraph: bool = False  # 例規 項: the first is not numbered; its 号 are cited 第N号
    gou: bool = False  # may be a 号 (of an article or its 項): cited 第N号 there, whatever its printed form

    def label(self, n: int, parent: int = 0, branch: int = 0) -> str:
        """The number as printed before a heading or item."""
        if n < 1:
            raise ValueError("numbers start at 1")
        if self.paragraph and n == 1:
            return ""
        if branch and self.branch_form is not None:
            return self.branch_form.format(n=self.digits(n), branch=branch)
        if "{parent}" in self.form and not parent:
            return self.digits(n)  # a compound number at the top prints its own part
        return self.form.format(n=self.digits(n), parent=parent)

    def value(self, read: str) -> int:
        """The number a read ``n`` (or ``branch``) group stands for: ``３`` → 3, ``㉑`` → 21, ``ウ`` → 3."""
        if read and all(c in _DECIMAL for c in read):
            return int(read.translate(_ASCII_DIGITS))
        return self._inverse[read]

    @cached_property
    def _inverse(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for k in range(1, 100):
            try:
                out.setdefault(self.digits(k), k)
            except (ValueError, IndexError):  # past the last number the style's digits have
                break
        return out


_DIGIT = "0123456789"
_PARENS = "(（"

# in the order they are listed to a reader; ``reads`` ranks give the order they are tried in
STYLES: tuple[Style, ...] = (
    Style("1.", "{n}.", cite="{n}", reads=((80, rf"(?P<n>[0-9]+)[.](?![0-9]){_WS}*"),), starts=_DIGIT,
          word_format="decimal"),
    Style("1．", "{n}．", cite="{n}", reads=((70, rf"(?P<n>[0-9]+)．(?![0-9]){_WS}*"),), starts=_DIGIT,
          word_format="decimal"),
    Style("1", "{n}", reads=((90, rf"(?P<n>[0-9]+){_WS}+(?=\S)"),), starts=_DIGIT, word_format="decimal"),
    Style("(1)", "({n})", reads=((110, rf"[(（](?P<n>[0-9]+)[)）]{_WS}*"),), starts=_PARENS,
          word_format="decimal", gou=True),
    # full-width parentheses, as 例規集 print 号
    Style("（1）", "（{n}）", reads=((100, rf"（(?P<n>[0-9]+)）{_WS}*"),), starts="（", word_format="decimal",
          gou=True),
    Style("（１）", "（{n}）", full_width, reads=((120, rf"[(（](?P<n>[０-９]+)[)）]{_WS}*"),), starts=_PARENS,
          word_format="decimalFullWidth", gou=True),
    Style("⑴", "{n}", _parenthesized, reads=((140, rf"(?P<n>[\u2474-\u2487]){_WS}*"),), starts=_PARENTHESIZED,
          word_format="decimalEnclosedParen", gou=True),
    Style("①", "{n}", circled, reads=((150, rf"(?P<n>[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]){_WS}*"),),
          starts=_CIRCLED, word_format="decimalEnclosedCircle"),
    Style("ア", "{n}", _iroha, reads=((160, rf"(?P<n>[{IROHA}]){_WS}+(?=\S)"),), starts=IROHA,
          word_format="aiueoFullWidth"),
    Style("(ア)", "({n})", _iroha, reads=((130, rf"[(（](?P<n>[{IROHA}])[)）]{_WS}*"),), starts=_PARENS,
          word_format="aiueoFullWidth"),
    Style("1―1", "{parent}―{n}", reads=((60, rf"(?P<parent>[0-9]+)[―‐－-](?P<n>[0-9]+)(?:{_WS}+|$)"),),
          starts=_DIGIT, word_format="decimal"),
    Style("第1章", "第{n}章", reads=((10, rf"第(?P<n>[0-9０-９]+)章{_WS}*"),), starts="第", word_format="decimal"),
    Style("第1節", "第{n}節", reads=((20, rf"第(?P<n>[0-9０-９]+)節{_WS}*"),), starts="第", word_format="decimal"),
    Style("第1条", "第{n}条", branch_form="第{n}条の{branch}",
          reads=((30, rf"第(?P<n>[0-9０-９]+)条の(?P<branch>[0-9０-９]+){_WS}*"), (40, rf"第(?P<n>[0-9０-９]+)条{_WS}*")),
          starts="第", word_format="decimal", through=True),
    Style("第1", "第{n}", reads=((50, rf"第(?P<n>[0-9０-９]+)(?:{_WS}+|$)"),), starts="第", word_format="decimal"),
    # 項 are read by the importer's ``paragraphs`` rule (２　本文 under an article), not by a number pattern
    Style("項", "{n}", cite="第{n}項", paragraph=True),
    Style("項２", "{n}", full_width, cite="第{n}項", paragraph=True),
    # issue 20: shapes real texts use (「1)」 items, Ⅰ Ⅱ chapters)
    Style("1)", "{n})", cite="{n}", reads=((85, rf"(?P<n>[0-9]+)[)）](?![0-9]){_WS}*"),), starts=_DIGIT,
          word_format="decimal"),
    Style("Ⅰ", "{n}", roman, reads=((55, rf"(?P<n>[\u2160-\u216b])[.．]?{_WS}*"),), starts="ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ",
          word_format=None),  # Word's upperRoman prints I, II in Latin letters, not Ⅰ
)

BY_NAME: dict[str, Style] = {s.name: s for s in STYLES}


def style_named(name: str) -> Style:
    """The style of that name; ValueError naming the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown numbering style {name!r} (known: {', '.join(BY_NAME)})") from None


def word_digits(word_format: str) -> Callable[[int], str] | None:
    """The digits of the style a Word list format was written for (None: no style is written with it)."""
    return next((s.digits for s in STYLES if s.word_format == word_format), None)
