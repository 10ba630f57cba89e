"""Where a string occurs in a fixed text, without scanning the text for each string.

The question pool asks, for every phrase of every paragraph, how often it occurs
in the whole view (a phrase found everywhere is given away by other questions)
and whether a swapped sentence is really said somewhere.  Asked with
``str.count`` / ``in`` on the whole text that is quadratic in the size of the
policy (189,000 scans of a 3,000-article text).  :class:`TextIndex` keeps the
positions of every two-character sequence once (linear in the text), and looks a
string up from the positions of its rarest pair, verifying each candidate in
place.
"""

from __future__ import annotations

from array import array


class TextIndex:
    """Occurrences of any string in ``text`` (counted as ``str.count`` does for strings
    that cannot overlap themselves; overlapping ones are counted at each start)."""

    def __init__(self, text: str) -> None:
        self.text = text
        pairs: dict[str, array] = {}
        for i in range(len(text) - 1):
            pair = text[i:i + 2]
            found = pairs.get(pair)
            if found is None:
                found = pairs[pair] = array("I")
            found.append(i)
        self._pairs = pairs

    def count(self, s: str, enough: int | None = None) -> int:
        """How many times ``s`` occurs (stopping at ``enough`` when given)."""
        if len(s) < 2:
            return self.text.count(s) if s else 0
        best, offset = None, 0
        for k in range(len(s) - 1):
            found = self._pairs.get(s[k:k + 2])
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
