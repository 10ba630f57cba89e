"""Where a string occurs in a fixed text, without scanning the text for each string.

The question pool asks, for every phrase of every paragraph, how often it occurs
in the whole view (a phrase found everywhere is given away by other questions)
and whether a swapped sentence is really said somewhere.  Asked with
``str.count`` / ``in`` on the whole text that is quadratic in the size of the
policy (189,000 scans of a 3,000-article text).  :class:`TextIndex` keeps the
positions of every three-character sequence once (linear in the text), and looks a
string up from the positions of its rarest triple, verifying each candidate in
place (pairs grow common as a policy grows: 「第12345条」 shares 「45」 with thousands).
"""

from __future__ import annotations

from array import array

GRAM = 3  # characters per indexed sequence


class TextIndex:
    """Occurrences of any string in ``text`` (counted as ``str.count`` does for strings
    that cannot overlap themselves; overlapping ones are counted at each start)."""

    def __init__(self, text: str) -> None:
        self.text = text
        grams: dict[str, array] = {}
        for i in range(len(text) - GRAM + 1):
            gram = text[i:i + GRAM]
            found = grams.get(gram)
            if found is None:
                found = grams[gram] = array("I")
            found.append(i)
        self._grams = grams

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
        n = 0
        assert best is not None
        for start in best:
            if self.text.startswith(s, start - offset):
                n += 1
                if enough is not None and n >= enough:
                    break
        return n

    def __contains__(self, s: str) -> bool:
        return self.count(s, 1) > 0
