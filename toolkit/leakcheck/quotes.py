"""Hidden text quoted by a shown part (引用): a leak in the source itself, found before anything is built.

A part left out *because of its classification* whose sentence (or a long run
of it) a shown part repeats is a leak no renderer can avoid: the fingerprints
keep those runs (:func:`toolkit.leakcheck.fingerprints.fingerprints_of`), a
build stops on them (:func:`raise_on_quotes`) and ``policy check`` reports
them (:func:`source_quotes`), each with both places.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.errors import LeakError, Problem
from toolkit.leakcheck.normal import SHINGLE, merged_runs, merged_spans, normalise
from toolkit.view.visibility import TEXT

if TYPE_CHECKING:
    from toolkit.leakcheck.fingerprints import Fingerprints
    from toolkit.model import PolicySet
    from toolkit.view.visibility import Text as _Text

QUOTE_RUN = 30  # normalised characters shared with a shown text: more than boilerplate (shipped sources: ≤ 26)
MIN_SENTENCE = 16  # a hidden sentence (not a title) this long found whole in a shown text is a quote
COVERED = 0.9  # … or found in pieces, this much of it (the shipped sources' most covered hidden sentence: 0.63)
QUOTE_FIX = ("a person must decide which classification is right: classify the quoting part like the "
             "quoted one, or declassify the quoted one")
DECLASSIFY_FIX = ("restore the clause's classification in the newer revision, or record the decision to lower it "
                  "(policy adopt --declassify ID)")
_SENTENCE_END = "。.!?！？"


@dataclass(frozen=True)
class Quote:
    """A run of a text left out because of its classification, found in a text the view shows."""

    hidden: _Text
    shown: _Text
    run: str  # normalised
    hidden_index: int  # position of ``hidden`` in the list given to :func:`quotes`
    start: int  # the run's span in the normalised hidden text
    end: int

    def problem(self) -> Problem:
        run = self.run if len(self.run) <= 60 else self.run[:57] + "…"
        if self.hidden.key is not None and self.hidden.key == self.shown.key:  # one clause, two revisions
            return Problem(self.hidden.location, f"non-public text is shown in another revision of the same "
                           f"clause without a recorded declassification: «{run}» — {self.hidden.origin}, shown as "
                           f"{self.shown.origin}; {DECLASSIFY_FIX}")
        return Problem(self.hidden.location, f"non-public text is quoted in a part this audience sees: "
                       f"«{run}» — {self.hidden.origin}, quoted in {self.shown.origin}; {QUOTE_FIX}")


SameClause = Callable[["_Text", "_Text"], bool]


def declassified_in(policy: PolicySet) -> SameClause:
    """Whether a shown text is the hidden one's clause, declassified by decision (not a quote).

    The same clause (document and id) shown in an older revision than the one that withholds it was
    public then; shown at the same level as where it is withheld, it is shown by another rule of the
    view (a 部分開示 edition's ``disclosable`` heading).  Shown in a newer revision at a *lower* level,
    it is declassified only where the ledger says so: a revision after the withholding one, up to the
    one shown, records the clause in ``declassified:`` (``policy adopt --declassify``).  Anything else —
    a classification lost in an edit, an edited ledger — is a quote of non-public text (issue 17: the
    Word round trip made a restricted clause public).
    """
    from toolkit.view.visibility import node_classifications

    docs = {d.id: d for d in policy.documents}
    order = {d.id: [r.id for r in d.revisions] for d in policy.documents}
    recorded = {(d.id, r.id): frozenset(r.declassified) for d in policy.documents for r in d.revisions}
    ranks = {c.id: c.rank for c in policy.classifications}
    levels: dict[tuple[str, str], dict[str, str]] = {}

    def rank(doc_id: str, rev_id: str, node_id: str) -> int:
        if (doc_id, rev_id) not in levels:
            doc = docs[doc_id]
            levels[(doc_id, rev_id)] = node_classifications(policy, doc, doc.revision(rev_id))
        return ranks.get(levels[(doc_id, rev_id)].get(node_id, ""), policy.most_restricted.rank)

    def same(hidden: _Text, shown: _Text) -> bool:
        if hidden.key is None or hidden.key != shown.key:
            return False
        doc_id, node_id = hidden.key
        revs = order.get(doc_id, [])
        if hidden.rev not in revs or shown.rev not in revs:
            return False
        a, b = revs.index(hidden.rev), revs.index(shown.rev)  # type: ignore[arg-type]
        if b <= a or rank(doc_id, shown.rev, node_id) >= rank(doc_id, hidden.rev, node_id):  # type: ignore[arg-type]
            return True
        return any(node_id in recorded[(doc_id, r)] for r in revs[a + 1 : b + 1])

    return same


def _sentences(n: str) -> Iterator[tuple[int, str]]:
    """Complete sentences (ending in 。 or the like) of a normalised text, at least :data:`MIN_SENTENCE` long."""
    start = 0
    for i, c in enumerate(n):
        if c in _SENTENCE_END:
            if i + 1 - start >= MIN_SENTENCE:
                yield start, n[start : i + 1]
            start = i + 1


def quotes(hidden: Sequence[_Text], shown: Sequence[_Text], shown_n: Sequence[str] | None = None,
           shown_shingles: Collection[str] | None = None, *, same_clause: SameClause | None = None) -> list[Quote]:
    """Where a text left out because of its classification is quoted by a shown text.

    A quote is a whole hidden sentence of at least :data:`MIN_SENTENCE`
    normalised characters, or a run of :data:`QUOTE_RUN` characters, found in
    a shown text of another node (the same node shown in another revision is
    that clause declassified, not a quote, where ``same_clause`` says so: see
    :func:`declassified_in`; without it, no shown text is exempt); or a hidden sentence found in
    pieces: :data:`COVERED` of it or more in :data:`SHINGLE`-character runs of
    shown texts of other nodes.  Shorter shared runs are boilerplate
    (「情報セキュリティ管理者は、」) and not evidence.  ``shown_shingles``: every
    :data:`SHINGLE`-character run of the shown texts, when the caller has them.
    """
    shown_n = list(shown_n) if shown_n is not None else [normalise(t.text) for t in shown]
    exempt: SameClause = same_clause or (lambda _h, _s: False)
    runs: dict[str, list[tuple[int, int]]] = {}
    heads: dict[str, list[tuple[int, int, str]]] = {}
    for idx, t in enumerate(hidden):
        if not t.classified:
            continue
        n = normalise(t.text)
        for i in range(len(n) - QUOTE_RUN + 1):
            runs.setdefault(n[i : i + QUOTE_RUN], []).append((idx, i))
        for start, sentence in _sentences(n) if t.kind == TEXT else ():
            heads.setdefault(sentence[:MIN_SENTENCE], []).append((idx, start, sentence))
    if not runs and not heads:
        return []
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (hidden, shown) → spans in the hidden text
    for s_idx, (t, v) in enumerate(zip(shown, shown_n, strict=True)):
        if len(v) < MIN_SENTENCE:
            continue
        for i in range(len(v) - MIN_SENTENCE + 1):
            for idx, start, sentence in heads.get(v[i : i + MIN_SENTENCE], ()):
                if not exempt(hidden[idx], t) and v.startswith(sentence, i):
                    spans.setdefault((idx, s_idx), []).append((start, start + len(sentence)))
            if i <= len(v) - QUOTE_RUN:
                for idx, start in runs.get(v[i : i + QUOTE_RUN], ()):
                    if not exempt(hidden[idx], t):
                        spans.setdefault((idx, s_idx), []).append((start, start + QUOTE_RUN))
    _pieces(hidden, shown, shown_n, shown_shingles, spans, exempt)
    found = []
    for (idx, s_idx), parts in sorted(spans.items()):
        n = normalise(hidden[idx].text)
        for a, b in merged_spans(sorted(parts)):
            found.append(Quote(hidden[idx], shown[s_idx], n[a:b], idx, a, b))
    return found


def _pieces(hidden: Sequence[_Text], shown: Sequence[_Text], shown_n: Sequence[str],
            shown_shingles: Collection[str] | None, spans: dict[tuple[int, int], list[tuple[int, int]]],
            exempt: SameClause) -> None:
    """Add to ``spans`` the hidden sentences shown in pieces (each piece shorter than a quote by itself)."""
    candidates = []
    for idx, t in enumerate(hidden):
        if t.classified and t.kind == TEXT:
            n = normalise(t.text)
            candidates += [(idx, start, sentence) for start, sentence in _sentences(n)]
    if not candidates:
        return
    if shown_shingles is None:
        shown_shingles = {v[i : i + SHINGLE] for v in shown_n for i in range(len(v) - SHINGLE + 1)}
    for idx, start, sentence in candidates:
        if _coverage(sentence, lambda piece: piece in shown_shingles) < COVERED:
            continue  # (the usual case: one set lookup per position)
        parts: dict[int, list[int]] = {}
        for s_idx, (t, v) in enumerate(zip(shown, shown_n, strict=True)):
            if not exempt(hidden[idx], t):
                found = [i for i in range(len(sentence) - SHINGLE + 1) if sentence[i : i + SHINGLE] in v]
                if found:
                    parts[s_idx] = found
        elsewhere = {sentence[i : i + SHINGLE] for found in parts.values() for i in found}
        if _coverage(sentence, elsewhere.__contains__) < COVERED:
            continue  # covered only by the same clause in another revision, declassified by decision
        for s_idx, found in parts.items():
            spans.setdefault((idx, s_idx), []).extend((start + a, start + b) for a, b in merged_runs(found, SHINGLE))


def _coverage(sentence: str, shown: Callable[[str], bool]) -> float:
    """The share of ``sentence``'s characters inside a :data:`SHINGLE`-character run that ``shown`` holds."""
    covered = end = 0
    for i in range(len(sentence) - SHINGLE + 1):
        if shown(sentence[i : i + SHINGLE]):
            covered += i + SHINGLE - max(i, end)
            end = i + SHINGLE
    return covered / len(sentence) if sentence else 0.0


def source_quotes(policy: PolicySet) -> list[Problem]:
    """Every quote (:func:`quotes`) of a hidden part by a part some audience sees, for ``policy check``."""
    from toolkit.view.redact import redact
    from toolkit.view.visibility import left_out, shown_texts

    found: dict[Problem, None] = {}
    for audience in policy.audiences:
        view = redact(policy, audience.id)
        shown = [t for t in shown_texts(view) if t.text]
        for q in quotes([t for t in left_out(policy, view) if t.text], shown, same_clause=declassified_in(policy)):
            found.setdefault(q.problem())
    return list(found)


def raise_on_quotes(fps: Fingerprints) -> None:
    """A source-level leak (hidden text quoted by a shown part) stops a build before anything is written."""
    if fps.quotes:
        raise LeakError(dict.fromkeys(q.problem() for q in fps.quotes))


__all__ = ["COVERED", "DECLASSIFY_FIX", "MIN_SENTENCE", "QUOTE_FIX", "QUOTE_RUN", "Quote", "SameClause",
           "declassified_in", "quotes", "raise_on_quotes", "source_quotes"]
