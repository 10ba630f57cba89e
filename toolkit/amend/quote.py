"""The strings an 改め文 quotes: the shortest meaningful unit that is unique in the cited provision.

:func:`edits` turns the old and new own text of one provision into :class:`Edit` s, applied left to
right, each quoting a string that occurs exactly once in the provision's scope at that moment (so a
reader finds it without doubt).  The rules, in the order they apply (named, like a parser's rules):

1. ``hunks``: the character diff (:func:`toolkit.diff.textdiff.diff_chars`) gives the changed runs;
2. ``slide``: a pure insertion or deletion that could sit one character further left does so when it
   would otherwise end in 、 or 。 — a 読点 goes with the word after it, and the closing 句点 is never quoted;
3. ``words``: a quote never splits a word: runs of kanji, katakana, digits or latin letters are taken
   whole, a number with its unit (3条, 4月, 10人, 1万5,800円, 7円51銭), a rate (100分の113.5), a 条項 citation (第3条第2項) and a date
   (令和8年4月1日) too; an insertion is anchored on the word before it, or, when the one before is only a mark
   (never 「「」の下に… or 「、」の下に…), on the word after it, which is then rewritten (as 伊勢崎市 does:
   「「再任用短時間勤務職員」を「定年前再任用短時間勤務職員」に改める」);
4. ``unique``: a quote found more than once in the scope grows by one word, leftwards first;
5. ``merge``: quotes that touch or overlap become one.

The kinds follow the manuals: 「A」を「B」に改める, 「A」を削る, 「A」の下に「B」を加える
(「A」の上に… at the start of a text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from toolkit.diff.changeset import EQUAL
from toolkit.diff.textdiff import diff_chars

REPLACE = "改める"
DELETE = "削る"
INSERT_AFTER = "下に加える"
INSERT_BEFORE = "上に加える"

_UNITS = "条項号章節款目年月日時分秒円銭人件回個歳割％%"
_DIGITS = "0123456789０１２３４５６７８９"
_KANJI_DIGITS = "〇一二三四五六七八九十百千"
# an amount as 例規 print it: 1万5,800円, ２６万５，０００円, ７円５１銭 (one quote, never 「４８」 of 「４８万円」)
_NUMBER = (rf"[{_DIGITS}]+(?:[，,][{_DIGITS}]{{3}})*(?:[万億兆](?:[{_DIGITS}]+(?:[，,][{_DIGITS}]{{3}})*)?)*"
           rf"(?:[．.][{_DIGITS}]+)?")  # and a decimal: １１３．５
# spans never split: a 条項 citation, a date, a number with its unit
_WHOLE = re.compile(
    rf"(?:第[{_DIGITS}{_KANJI_DIGITS}]+[条項号章節款目](?:の[{_DIGITS}{_KANJI_DIGITS}]+)?)+"
    rf"|(?:明治|大正|昭和|平成|令和)(?:元|[{_DIGITS}]+)年(?:[{_DIGITS}]+月)?(?:[{_DIGITS}]+日)?"
    rf"|{_NUMBER}分の{_NUMBER}|{_NUMBER}(?:円{_NUMBER}銭|[{_UNITS}])"  # a rate 「１００分の１１３．５」 is one
)


class NoQuote(ValueError):
    """The change cannot be quoted (an empty text, or no unique string): the provision is rewritten whole."""


@dataclass(frozen=True)
class Edit:
    """One edit of a provision's text: ``kind`` (:data:`REPLACE` …), the quoted ``old`` (the anchor, for
    an insertion) and the quoted ``new`` (what is inserted, for an insertion; '' for a deletion)."""

    kind: str
    old: str
    new: str


@dataclass(frozen=True)
class _Change:
    """One change of the character diff: ``old[start:end]`` becomes ``repl`` (an insertion has start == end)."""

    start: int
    end: int
    repl: str


def _cls(ch: str) -> str:
    if ch in _DIGITS:
        return "digit"
    if "\u3041" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a0" <= ch <= "\u30ff" or ch == "ー":
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆":
        return "kanji"
    if ch.isascii() and ch.isalpha() or "Ａ" <= ch <= "ｚ":
        return "latin"
    return "other:" + ch  # each mark is its own word


def boundaries(text: str) -> list[int]:
    """Positions a quote may start or end at (rule ``words``), ascending."""
    inside: set[int] = set()
    edges: set[int] = set()  # a citation is a word of its own: 「法第38条」 quotes 「第38条」
    for m in _WHOLE.finditer(text):
        inside.update(range(m.start() + 1, m.end()))
        edges.update((m.start(), m.end()))
    return [i for i in range(len(text) + 1)
            if i not in inside and (i in (0, len(text)) or i in edges or _cls(text[i - 1]) != _cls(text[i]))]


def _changes(old: str, new: str) -> list[_Change]:
    """Rule ``hunks``: the changed runs of the character diff, each a deletion followed by its insertion."""
    out: list[_Change] = []
    pos = 0
    for seg in diff_chars(old, new):
        if seg.op == EQUAL:
            pos += len(seg.text)
        elif out and out[-1].end == pos:
            last = out.pop()
            out.append(_Change(last.start, pos + (len(seg.text) if seg.op == "-" else 0),
                               last.repl + (seg.text if seg.op == "+" else "")))
            pos = out[-1].end
        else:
            out.append(_Change(pos, pos + (len(seg.text) if seg.op == "-" else 0), seg.text if seg.op == "+" else ""))
            pos = out[-1].end
    return [_slide(old, c) for c in out]


def _slide(old: str, c: _Change) -> _Change:
    """Rule ``slide``: move a pure insertion or deletion left while it ends in 、 or 。 and can."""
    while c.start > 0:
        moved = c.repl if c.start == c.end else old[c.start:c.end]
        if c.repl and c.start != c.end or not moved or moved[-1] not in "、。" or old[c.start - 1] != moved[-1]:
            break
        if c.start == c.end:
            c = _Change(c.start - 1, c.start - 1, moved[-1] + moved[:-1])
        else:
            c = _Change(c.start - 1, c.end - 1, "")
    return c


def _repl(old: str, start: int, end: int, changes: list[_Change]) -> str:
    """What ``old[start:end]`` becomes with the changes that fall inside it."""
    parts, pos = [], start
    for c in changes:
        if start <= c.start and c.end <= end and (c.start < end or c.start == c.end == end or c.start > start):
            parts += [old[pos:c.start], c.repl]
            pos = c.end
    return "".join(parts) + old[pos:end]


def _spans(old: str, changes: list[_Change], bounds: list[int]) -> list[list[int]]:
    """Rules ``words`` and ``merge``: each change grown to whole words (an insertion between two words
    takes the word before it, or after it at the start, as its anchor); touching spans joined."""
    spans = []
    for c in changes:
        start = max(b for b in bounds if b <= c.start)
        end = min(b for b in bounds if b >= c.end)
        if start == end:
            if start > 0:
                start = max(b for b in bounds if b < start)
                if _okurigana(old, start):
                    start = max(b for b in bounds if b < start)  # okurigana: 置く, not く
                if end < len(old) and all(_cls(ch).startswith("other:") for ch in old[start:end]):
                    start, end = end, min(b for b in bounds if b > end)  # a mark (「, 、) is no word: the next one is
            elif old:
                end = min(b for b in bounds if b > end)
        spans.append([start, end])
    return _merged(spans)


def occurrences(text: str, quoted: str) -> int:
    """How often ``quoted`` stands in ``text``, overlaps counted: 「１０人１０人」 stands twice in
    「１０人１０人１０人」, so it does not say which one is meant (str.count finds one)."""
    n, at = 0, text.find(quoted)
    while at >= 0:
        n, at = n + 1, text.find(quoted, at + 1)
    return n


def _okurigana(text: str, at: int) -> bool:
    """Whether a quote starting at ``at`` would start with the okurigana of the kanji before it."""
    return 0 < at < len(text) and _cls(text[at]) == "hiragana" and _cls(text[at - 1]) == "kanji"


def _merged(spans: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for s in sorted(spans):
        if out and s[0] <= out[-1][1]:
            out[-1][1] = max(out[-1][1], s[1])
        else:
            out.append(list(s))
    return out


def edits(old: str, new: str, scope: str | None = None) -> list[Edit]:
    """The edits turning ``old`` (a provision's own text) into ``new``, quotes unique in ``scope``
    (the provision's text and what lies below it; ``old`` by default) as each edit is applied."""
    scope = old if scope is None else scope
    if not old or not new:
        raise NoQuote("an empty text is rewritten whole")
    if not scope.startswith(old):
        raise ValueError("a provision's scope starts with its own text")
    tail = scope[len(old):]
    bounds = boundaries(old)
    changes = _changes(old, new)
    spans = _spans(old, changes, bounds)
    i = 0
    while i < len(spans):  # rule ``unique``, on the text as the earlier edits leave it
        start, end = spans[i]
        current = _applied(old, spans[:i], changes) + tail
        quoted = old[start:end]
        if quoted and occurrences(current, quoted) == 1:
            i += 1
            continue
        lower = [b for b in bounds if b < start]
        higher = [b for b in bounds if b > end]
        if lower:
            spans[i][0] = lower[-1]
            if _okurigana(old, lower[-1]) and len(lower) > 1:
                spans[i][0] = lower[-2]  # 「定める職員」, not 「める職員」
        elif higher:
            spans[i][1] = higher[0]
        else:
            raise NoQuote(f"no unique quote for {quoted!r} in {scope!r}")
        count = len(spans)
        spans = _merged(spans)
        if len(spans) != count:
            i = 0
    result = [_edit(old[s:e], _repl(old, s, e, changes), at_start=s == 0) for s, e in spans]
    if _applied(old, spans, changes) != new:
        raise NoQuote(f"edits do not rebuild the new text: {old!r} → {new!r}")
    return result


def _applied(old: str, spans: list[list[int]], changes: list[_Change]) -> str:
    parts, pos = [], 0
    for s, e in spans:
        parts += [old[pos:s], _repl(old, s, e, changes)]
        pos = e
    return "".join(parts) + old[pos:]


def _edit(quoted: str, repl: str, at_start: bool = False) -> Edit:
    if not repl:
        return Edit(DELETE, quoted, "")
    if repl.startswith(quoted) and len(repl) > len(quoted):
        return Edit(INSERT_AFTER, quoted, repl[len(quoted):])
    if at_start and repl.endswith(quoted) and len(repl) > len(quoted):
        return Edit(INSERT_BEFORE, quoted, repl[: len(repl) - len(quoted)])
    return Edit(REPLACE, quoted, repl)


RULES: tuple[tuple[str, Callable[..., object]], ...] = (
    ("hunks", _changes), ("slide", _slide), ("words", _spans), ("unique", edits), ("merge", _merged))
