"""Fingerprints (指紋): what a folder for an audience must not hold, built from what its view leaves out.

They come from :func:`toolkit.view.visibility.left_out`, so the check follows
the same rules as redaction by construction: the titles, terms, notes and body
text of every hidden node, the real titles of withheld documents and the
summaries and notes of revisions the audience is not shown.  Long texts become
overlapping shingles of :data:`~toolkit.leakcheck.normal.SHINGLE` characters;
short ones (titles, terms) are matched whole.  Anything that also occurs in the
audience's own view is dropped: a reconstructed revision shares most of its
text with the public one, and that is not a leak.  Short texts are too common
to be evidence (目的, 定義, サンプル): see :data:`MIN_HEADING` and
:data:`MIN_FRAGMENT`.  Canary tokens (planted by tests) are matched wherever
they occur.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.leakcheck.normal import SEP, SHINGLE, fragments_at, normalise
from toolkit.leakcheck.quotes import QUOTE_FIX, Quote, declassified_in, quotes
from toolkit.model import PUBLIC
from toolkit.view.visibility import HEADING, TEXT

if TYPE_CHECKING:
    from toolkit.model import PolicySet
    from toolkit.view.visibility import Text as _Text

MIN_HEADING = 4  # a hidden title or term this long is matched whole (管理区域, 機密性3)
MIN_FRAGMENT = 6  # shorter runs between punctuation are too common to be evidence (サンプル, 平成19年)
MIN_ASCII = 8  # Latin letters and digits only: longer still
MIN_LEN = MIN_HEADING  # the shortest fingerprint of any kind (the prefix the scan indexes by)


@dataclass
class Fingerprints:
    """What must not appear: shingles and short texts (each with where it came from), canaries."""

    shingles: dict[str, str] = field(default_factory=dict)
    short: dict[str, str] = field(default_factory=dict)
    canaries: dict[str, str] = field(default_factory=dict)  # normalised → as given
    skipped: int = 0  # hidden texts too short or wholly public
    quotes: list[Quote] = field(default_factory=list)  # hidden text quoted by a shown part (a source-level leak)

    def __len__(self) -> int:
        return len(self.shingles) + len(self.short) + len(self.canaries)

    @classmethod
    def union(cls, parts: Iterable[Fingerprints]) -> Fingerprints:
        """Everything any of ``parts`` must not show (a file that sees none of their views, such as the
        部分開示 folder's manifest, is checked against all of them); a later part's origin wins."""
        every = cls()
        for f in parts:
            every.shingles.update(f.shingles)
            every.short.update(f.short)
            every.canaries.update(f.canaries)
            every.skipped += f.skipped
            every.quotes.extend(f.quotes)
        return every

    def copy(self) -> Fingerprints:
        """A copy whose dictionaries and list can be changed without changing this one."""
        return Fingerprints(dict(self.shingles), dict(self.short), dict(self.canaries), self.skipped,
                            list(self.quotes))

    def digest(self) -> str:
        """Identifies this exact set (a clean result holds only for the same fingerprints)."""
        h = hashlib.sha256()
        for source in sorted(Path(__file__).parent.glob("*.py")):  # and the same checker and readers
            h.update(source.read_bytes())
        for part in (self.shingles, self.short, self.canaries):
            h.update("\x00".join(sorted(part)).encode("utf-8") + b"\x01")
        return h.hexdigest()

    def index(self) -> Index:
        short: dict[str, list[str]] = {}
        heads: set[str] = set()
        direct: list[str] = []
        reach = 0
        for fp in (*self.short, *self.shingles):
            if fp.isascii() or len(fp) < MIN_LEN:
                direct.append(fp)
            else:
                heads.add(fp[:MIN_LEN])
                reach = max(reach, len(fp))
                if fp in self.short:
                    short.setdefault(fp[:MIN_LEN], []).append(fp)
        return Index(frozenset(heads), short, tuple(direct), reach)


@dataclass(frozen=True)
class Index:
    """How a text is scanned in one pass.

    Fingerprints with a Japanese (non-ASCII) character can only lie near one,
    so only those stretches are walked, and at each position one set lookup
    of the first :data:`MIN_LEN` characters rules most of them out.  The few
    all-Latin (or very short) fingerprints are found with :meth:`str.find`,
    like canaries.
    """

    heads: frozenset[str]
    short: dict[str, list[str]]
    direct: tuple[str, ...]
    reach: int  # the longest indexed fingerprint: how far from a non-ASCII character one can start



def hidden_texts(policy: PolicySet, audience_id: str, *, as_of: datetime.date | None = None
                 ) -> Iterator[tuple[str, str, str]]:
    """(kind, text, origin) for everything ``audience_id`` may not see: what its view leaves out.

    ``kind`` is :data:`HEADING` for titles and terms (matched whole as well),
    :data:`TEXT` for sentences (matched by fragments and shingles).
    """
    from toolkit.view.redact import redact
    from toolkit.view.visibility import left_out

    for t in left_out(policy, redact(policy, audience_id, as_of=as_of)):
        yield t.kind, t.text, t.origin


def _evidence(text: str, minimum: int) -> bool:
    """Long enough to be evidence; Latin-only words need more (cisco, http occur in any site's code)."""
    return len(text) >= (max(minimum, MIN_ASCII) if text.isascii() else minimum)


def fingerprints(policy: PolicySet, audience_id: str = PUBLIC, canaries: Iterable[str] = (), *,
                 as_of: datetime.date | None = None) -> Fingerprints:
    """Fingerprints of what ``audience_id`` may not see (its view as of ``as_of`` leaves out)."""
    from toolkit.view.redact import redact

    return fingerprints_of(policy, redact(policy, audience_id, as_of=as_of), canaries)


def fingerprints_of(policy: PolicySet, view: PolicySet, canaries: Iterable[str] = ()) -> Fingerprints:
    """Fingerprints of what ``view`` leaves out of ``policy``, minus what the view itself shows.

    Text the view shows is not evidence (a reconstructed revision shares most
    of its wording with the public one; documents share phrases such as
    「情報セキュリティ管理者は、」) — except where a part left out *because of
    its classification* is quoted by a part the view shows (:func:`quotes`):
    those runs stay fingerprints, and :attr:`Fingerprints.quotes` lists them
    with both places.
    """
    from toolkit.view.visibility import left_out, shown_texts

    shown = [t for t in shown_texts(view) if t.text]
    hidden = [t for t in left_out(policy, view) if t.text]
    tokens = tuple(canaries)
    same = declassified_in(policy)
    key = (tuple(shown), tuple(hidden), tokens)
    made = _MADE.get(key)
    if made is not None and all(same(h, s) == answer for (h, s), answer in made[1].items()):
        return made[0].copy()
    asked: dict[tuple[_Text, _Text], bool] = {}

    def same_asked(h: _Text, s: _Text) -> bool:
        answer = asked[(h, s)] = same(h, s)
        return answer

    fps = _fingerprints_of(shown, hidden, tokens, same_asked)
    if len(_MADE) >= _MADE_KEEP:
        del _MADE[next(iter(_MADE))]
    _MADE[key] = (fps.copy(), asked)
    return fps


# fingerprints_of's results in this process (a process that publishes, trains and exports meets the same
# source again and again): keyed by every text it reads and the canaries, and served only while the
# policy gives every declassification answer it was asked (declassified_in) as it gave it then.
_MADE: dict[tuple[object, ...], tuple[Fingerprints, dict[tuple[_Text, _Text], bool]]] = {}
_MADE_KEEP = 8


def _fingerprints_of(shown: list[_Text], hidden: list[_Text], canaries: tuple[str, ...],
                     same: Callable[[_Text, _Text], bool]) -> Fingerprints:
    """:func:`fingerprints_of` of the texts the view shows and those it leaves out."""
    view_n = [normalise(t.text) for t in shown]
    blob = SEP.join(view_n)
    public_shingles = {v[i : i + SHINGLE] for v in view_n for i in range(len(v) - SHINGLE + 1)}
    found = quotes(hidden, shown, view_n, public_shingles, same_clause=same)
    fps = Fingerprints(quotes=found)
    quoted_spans: dict[int, list[tuple[int, int, Quote]]] = {}
    for q in found:
        quoted_spans.setdefault(q.hidden_index, []).append((q.start, q.end, q))

    def add(n: str, origin: str, minimum: int, spans: list[tuple[int, int, Quote]], offset: int) -> None:
        if not _evidence(n, minimum):
            fps.skipped += 1
        elif len(n) <= SHINGLE:
            if n in blob:
                fps.skipped += 1
            else:
                fps.short.setdefault(n, origin)
        else:
            kept = False
            for i in range(len(n) - SHINGLE + 1):
                s = n[i : i + SHINGLE]
                quote = (next((q for a, b, q in spans if a <= offset + i and offset + i + SHINGLE <= b), None)
                         if spans else None)
                if quote is not None:
                    fps.shingles[s] = f"{origin}, quoted in {quote.shown.origin} ({QUOTE_FIX})"
                    kept = True
                elif s not in public_shingles:
                    fps.shingles.setdefault(s, origin)
                    kept = True
            if not kept:
                fps.skipped += 1

    for i, t in enumerate(hidden):
        n = normalise(t.text)
        spans = quoted_spans.get(i, [])
        if t.kind == HEADING:
            add(n, t.origin, MIN_HEADING, spans, 0)
        for offset, f in fragments_at(n):
            add(f, t.origin, MIN_FRAGMENT, spans, offset)
    for token in canaries:
        n = normalise(token)
        if not n:
            raise ValueError(f"canary token {token!r} is empty after normalisation")
        fps.canaries[n] = token
    return fps


__all__ = ["HEADING", "MIN_ASCII", "MIN_FRAGMENT", "MIN_HEADING", "MIN_LEN", "TEXT", "Fingerprints", "Index",
           "fingerprints", "fingerprints_of", "hidden_texts"]
