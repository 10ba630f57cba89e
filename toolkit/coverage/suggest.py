"""Suggested ``follows:`` links: the guideline sections most like a city clause (issue 24 §5).

Similarity: cosine of character-bigram TF-IDF vectors.  Japanese has no spaces, so words would need
a tokenizer; character bigrams match 「パスワード」 in 「パスワードの管理」 and 「管理区域」 in 「管理区域
（情報システム室等）」 without one, and the IDF (over the edition's sections) keeps bigrams every
section has (「情報」「セキュ」) from deciding.  Whitespace and punctuation are dropped first.  A section
is its heading and text; a city clause its heading and the text of all its parts.  No dependency.

The suggestions are for a person to judge; nothing writes ``follows:`` from them.  :func:`accuracy`
measures them on the links people did write: each linked clause is matched as if it had no link, and
counts as right when the top suggestion is one of the sections it follows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.coverage import CityClause, Section, Suggestion

_NOISE = re.compile(r"[\s\u3000、。，．・「」『』（）()\[\]:：;；,.!?！？\-―ー]+")
TOP = 3  # suggestions per clause
FLOOR = 0.05  # below this a "suggestion" is noise: none is shown


def bigrams(text: str) -> Counter[str]:
    s = _NOISE.sub("", text)
    return Counter(s[i:i + 2] for i in range(len(s) - 1)) if len(s) > 1 else Counter(s)


class Index:
    """TF-IDF vectors of the guideline sections of one edition."""

    def __init__(self, sections: Sequence[Section]):
        self.sections = list(sections)
        grams = [bigrams(s.text) for s in self.sections]
        df: Counter[str] = Counter(g for c in grams for g in c)
        n = len(self.sections)
        self.idf = {g: math.log((1 + n) / (1 + d)) + 1.0 for g, d in df.items()}
        # postings (bigram → (section, weight)): a query touches only the sections sharing a bigram with it
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, c in enumerate(grams):
            for g, w in self._unit(c).items():
                self.postings.setdefault(g, []).append((i, w))

    def _unit(self, counts: Counter[str]) -> dict[str, float]:
        vec = {g: tf * self.idf.get(g, 0.0) for g, tf in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {g: v / norm for g, v in vec.items()} if norm else {}

    def scores(self, text: str) -> list[tuple[float, int]]:
        score = [0.0] * len(self.sections)
        for g, w in self._unit(bigrams(text)).items():
            for i, v in self.postings.get(g, ()):
                score[i] += w * v
        # ties broken by position in the edition, so the same source gives the same suggestions
        return sorted(((s, i) for i, s in enumerate(score)), key=lambda si: (-si[0], si[1]))

    def suggest(self, text: str, top: int = TOP) -> tuple[Suggestion, ...]:
        from toolkit.coverage import Suggestion

        return tuple(Suggestion(self.sections[i], round(score, 3)) for score, i in self.scores(text)[:top]
                     if score >= FLOOR)


def accuracy(index: Index, clauses: Sequence[CityClause]) -> tuple[int, int]:
    """(clauses whose top suggestion is a section they follow, clauses with a link to this edition)."""
    known = {s.id for s in index.sections}
    right = total = 0
    for c in clauses:
        follows = set(c.follows) & known
        if not follows:
            continue
        total += 1
        best = index.scores(c.text)[:1]
        right += bool(best and index.sections[best[0][1]].id in follows)
    return right, total
