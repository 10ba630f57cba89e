"""The form the leak check compares texts in (比較の形): both sides are normalised alike.

NFKC, case-folded, all white space and zero-width characters removed, so HTML
line wrapping, full-width digits and Sphinx's lower-cased search terms cannot
hide a match.  A fingerprint never spans punctuation (:func:`fragments`) nor
:data:`SEP`, which joins the readings of a file and of its members.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

SHINGLE = 12  # characters of normalised text per body-text shingle

_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
SEP = "\x00"  # between variants and archive members: no fingerprint spans it


def normalise(text: str) -> str:
    """NFKC, case-folded, without white space: the form both sides are compared in."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).casefold())


_BREAKS: dict[str, bool] = {}  # a text repeats few distinct characters: ask unicodedata once each


def _is_break(c: str) -> bool:
    known = _BREAKS.get(c)
    if known is None:
        known = _BREAKS[c] = unicodedata.category(c)[0] in "PSZC"
    return known


def fragments_at(n: str) -> Iterator[tuple[int, str]]:
    """(offset, fragment) of an already normalised text (see :func:`fragments`)."""
    start = 0
    for i, c in enumerate(n + SEP):
        if c == SEP or _is_break(c):
            if i > start:
                yield start, n[start:i]
            start = i + 1


def fragments(text: str) -> list[str]:
    """Normalised runs of text between punctuation and symbols (、。「」（）・ …).

    Fingerprints never span punctuation: renderers join public strings with
    punctuation (「1. 目的」, 「情報セキュリティ対策基準（非公開）」), and such a
    join must not look like a hidden sentence.  A leaked sentence still shows
    every one of its fragments.
    """
    n = normalise(text)
    return [f for f in "".join(SEP if _is_break(c) else c for c in n).split(SEP) if f]


def merged_runs(positions: Sequence[int], width: int) -> Iterator[tuple[int, int]]:
    """Merge overlapping matches into runs (a leaked paragraph is one hit, not fifty)."""
    return merged_spans((p, p + width) for p in positions)


def merged_spans(spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(start, end) spans, in order of their starts, with those that overlap or touch made one."""
    start = end = -1
    for a, b in spans:
        if a > end:
            if start >= 0:
                yield start, end
            start = a
        end = max(end, b)
    if start >= 0:
        yield start, end


__all__ = ["SEP", "SHINGLE", "fragments", "fragments_at", "merged_runs", "merged_spans", "normalise"]
