"""Where a string occurs in a fixed text, without scanning the text for each string.

The question pool asks, for every phrase of every paragraph, how often it occurs
in the whole view (a phrase found everywhere is given away by other questions)
and whether a swapped sentence is really said somewhere.  Asked with
``str.count`` / ``in`` on the whole text that is quadratic in the size of the
policy (189,000 scans of a 3,000-article text).  :class:`TextIndex` keeps the
positions of every three-character sequence once (linear in the text), and looks a
string up from the positions of its rarest triple, verifying each candidate in
place (pairs grow common as a policy grows: 「第12345条」 shares 「45」 with thousands).

On a large 規程 every triple of a sentence can be common: 「…責任者は、サーバ等の設定の
変更を行う場合には…」 stands in every fourth article, so a swapped sentence (another
責任者 before it, said nowhere) was checked against a quarter of the articles — quadratic
again.  A string whose rarest triple is common is looked up by its beginning instead,
three characters at a time: the positions of a beginning are split by the three
characters that follow it once, kept, and shared by every later string that begins so
(a prefix tree made only as deep as the strings asked need).
"""

from __future__ import annotations

from array import array

GRAM = 3  # characters per indexed sequence
FEW = 32  # candidates verified in place; more, and the string is looked up by its beginning


def _group(text: str, starts: range | array, at: int) -> dict[str, array]:
    """``starts`` grouped by the GRAM characters ``at`` characters after each."""
    groups: dict[str, array] = {}
    for i in starts:
        key = text[i + at:i + at + GRAM]
        found = groups.get(key)
        if found is None:
            found = groups[key] = array("I")
        found.append(i)
    return groups


class TextIndex:
    """Occurrences of any string in ``text`` (counted as ``str.count`` does for strings
    that cannot overlap themselves; overlapping ones are counted at each start)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._grams = _group(text, range(len(text) - GRAM + 1), 0)
        self._next: dict[str, dict[str, array]] = {}  # a beginning → its starts, by the triple that follows

    def _starts_of_beginning(self, s: str) -> array:
        """The starts of the longest beginning of ``s`` (whole triples) needed to leave FEW candidates."""
        starts = self._grams.get(s[:GRAM], array("I"))
        at = GRAM
        while len(starts) > FEW and at + GRAM <= len(s):
            beginning = s[:at]
            following = self._next.get(beginning)
            if following is None:
                following = self._next[beginning] = _group(self.text, starts, at)
            starts = following.get(s[at:at + GRAM], array("I"))
            at += GRAM
        return starts

    def count(self, s: str, enough: int | None = None) -> int:
        """How many times ``s`` occurs (stopping at ``enough`` when given)."""
        if len(s) < GRAM:
            n = self.text.count(s) if s else 0  # short strings are few (category words): scanned
            return n if enough is None else min(n, enough)
        best, offset = None, 0
        for k in range(len(s) - GRAM + 1):
            found = self._grams.get(s[k:k + GRAM])
            if found is None:
                return 0
            if best is None or len(found) < len(best):
                best, offset = found, k
        assert best is not None
        if len(best) > FEW and len(s) >= 2 * GRAM:
            best, offset = self._starts_of_beginning(s), 0
        n = 0
        for start in best:
            if self.text.startswith(s, start - offset):
                n += 1
                if enough is not None and n >= enough:
                    break
        return n

    def __contains__(self, s: str) -> bool:
        return self.count(s, 1) > 0
