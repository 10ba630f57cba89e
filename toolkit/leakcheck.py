"""Leak check (漏えい検査): prove that no text an audience may not see is in a folder.

DESIGN.md invariant 3: every public build ends with this check.

* **Fingerprints** come from :func:`toolkit.view.redact.hidden_nodes`, so the
  check follows the same rules as redaction by construction: the titles,
  terms, notes and body text of every hidden node, the real titles of withheld
  documents and the summaries and notes of revisions the audience is not
  shown.  Long texts become overlapping shingles of :data:`SHINGLE`
  characters; short ones (titles, terms) are matched whole.  Anything that
  also occurs in the audience's own view is dropped: a reconstructed revision
  shares most of its text with the public one, and that is not a leak.
  Short texts are too common to be evidence (目的, 定義, サンプル): see
  :data:`MIN_HEADING` and :data:`MIN_FRAGMENT`.
* **Canary tokens** (planted by tests) are matched wherever they occur.
* **Every file** under the folder is read, and its name: HTML and XML (tags
  stripped, entities decoded), JavaScript and JSON (``\\uXXXX`` escapes decoded,
  ``searchindex.js`` parsed), percent-encoded URLs, Sphinx ``objects.inv``
  (zlib after the header), and inside .zip/.docx/.apkg archives recursively
  (an .apkg's SQLite collection is read with :mod:`sqlite3`).
* Text is normalised on both sides (NFKC, case-folded, all white space and
  zero-width characters removed) so HTML line wrapping, full-width digits and
  Sphinx's lower-cased search terms cannot hide a match.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import LeakError, Location, Problem, ToolkitError
from toolkit.leakcheck_readers import LIMITS, CannotVerify, file_texts, text_variants
from toolkit.model import PUBLIC

if TYPE_CHECKING:
    from toolkit.model import PolicySet
    from toolkit.view.visibility import Text as _Text
# The model helpers, redaction and the archive readers are imported where used, so that
# a publish with nothing changed (which only needs Report and clean_key) starts fast.

SHINGLE = 12  # characters of normalised text per body-text shingle
MIN_HEADING = 4  # a hidden title or term this long is matched whole (管理区域, 機密性3)
MIN_FRAGMENT = 6  # shorter runs between punctuation are too common to be evidence (サンプル, 平成19年)
MIN_ASCII = 8  # Latin letters and digits only: longer still
MIN_LEN = MIN_HEADING  # the shortest fingerprint of any kind (the prefix the scan indexes by)
MAX_HITS_PER_FILE = 20

_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_SEP = "\x00"  # between variants and archive members: no fingerprint spans it


def normalise(text: str) -> str:
    """NFKC, case-folded, without white space: the form both sides are compared in."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).casefold())


# ---------------------------------------------------------------- fingerprints


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

    def digest(self) -> str:
        """Identifies this exact set (a clean result holds only for the same fingerprints)."""
        h = hashlib.sha256(Path(__file__).read_bytes())  # and the same checker and readers
        h.update(Path(__file__).with_name("leakcheck_readers.py").read_bytes())
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


HEADING, TEXT = "heading", "text"


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


_BREAKS: dict[str, bool] = {}  # a text repeats few distinct characters: ask unicodedata once each


def _is_break(c: str) -> bool:
    known = _BREAKS.get(c)
    if known is None:
        known = _BREAKS[c] = unicodedata.category(c)[0] in "PSZC"
    return known


def _fragments_at(n: str) -> Iterator[tuple[int, str]]:
    """(offset, fragment) of an already normalised text (see :func:`fragments`)."""
    start = 0
    for i, c in enumerate(n + _SEP):
        if c == _SEP or _is_break(c):
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
    return [f for f in "".join(_SEP if _is_break(c) else c for c in n).split(_SEP) if f]


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
    view_n = [normalise(t.text) for t in shown]
    blob = _SEP.join(view_n)
    public_shingles = {v[i : i + SHINGLE] for v in view_n for i in range(len(v) - SHINGLE + 1)}
    hidden = [t for t in left_out(policy, view) if t.text]
    found = quotes(hidden, shown, view_n, public_shingles, same_clause=declassified_in(policy))
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
        for offset, f in _fragments_at(n):
            add(f, t.origin, MIN_FRAGMENT, spans, offset)
    for token in canaries:
        n = normalise(token)
        if not n:
            raise ValueError(f"canary token {token!r} is empty after normalisation")
        fps.canaries[n] = token
    return fps


# ---------------------------------------------------------------- quoted hidden text (a source-level leak)


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
        for a, b in _merged(parts):
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
            spans.setdefault((idx, s_idx), []).extend((start + a, start + b) for a, b in _spans(found, SHINGLE))


def _coverage(sentence: str, shown: Callable[[str], bool]) -> float:
    """The share of ``sentence``'s characters inside a :data:`SHINGLE`-character run that ``shown`` holds."""
    covered = end = 0
    for i in range(len(sentence) - SHINGLE + 1):
        if shown(sentence[i : i + SHINGLE]):
            covered += i + SHINGLE - max(i, end)
            end = i + SHINGLE
    return covered / len(sentence) if sentence else 0.0


def _merged(parts: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    start = end = -1
    for a, b in sorted(parts):
        if a > end:
            if start >= 0:
                yield start, end
            start = a
        end = max(end, b)
    if start >= 0:
        yield start, end


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


# ---------------------------------------------------------------- reading files


# ---------------------------------------------------------------- matching


@dataclass(frozen=True)
class Hit:
    """Non-public text found: where, what (with a little context) and whose text it is."""

    file: str
    matched: str
    origin: str
    unverified: bool = False  # not a match: the file could not be read within the readers' limits

    def __str__(self) -> str:
        if self.unverified:
            return f"{self.file}: cannot verify: {self.origin}"
        return f"{self.file}: «{self.matched}» ({self.origin})"


@dataclass
class Report:
    folder: Path
    files: int = 0
    characters: int = 0
    fingerprints: int = 0
    hits: list[Hit] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # path → sha256 of every file read
    unchanged: int = 0  # files skipped: the same bytes at the same path were clean before

    @property
    def ok(self) -> bool:
        return not self.hits

    @property
    def clean(self) -> set[str]:
        """Keys (:func:`clean_key`) of the files with no hit, for the next run's ``known_clean``."""
        dirty = {h.file.split("!", 1)[0] for h in self.hits}
        return {clean_key(rel, d) for rel, d in self.digests.items() if rel not in dirty}

    def summary(self) -> str:
        again = (f"; {self.unchanged} unchanged since their last clean check (hashed, not read again)"
                 if self.unchanged else "")
        return (f"{self.files} files checked against {self.fingerprints:,} fingerprints "
                f"({self.characters:,} characters read{again})")


def clean_key(rel: str, digest: str) -> str:
    return f"{digest}  {rel}"


def _spans(positions: Sequence[int], width: int) -> Iterator[tuple[int, int]]:
    """Merge overlapping matches into runs (a leaked paragraph is one hit, not fifty)."""
    start = end = -1
    for p in positions:
        if p > end:
            if start >= 0:
                yield start, end
            start = p
        end = max(end, p + width)
    if start >= 0:
        yield start, end


def scan_text(label: str, text: str, fps: Fingerprints, index: Index | None = None) -> list[Hit]:
    """Every fingerprint in one (already normalised) text: one pass over it."""
    index = index or fps.index()
    hits: list[Hit] = []
    h = text
    for token, given in fps.canaries.items():
        i = h.find(token)
        if i >= 0:
            hits.append(Hit(label, _context(h, i, i + len(token)), f"canary {given}"))
    m, k = MIN_LEN, SHINGLE
    heads, shingles, short = index.heads, fps.shingles, index.short
    found: list[int] = []
    for fp in index.direct:
        i = h.find(fp)
        while i >= 0:
            if fp in shingles:
                found.append(i)
            else:
                hits.append(Hit(label, _context(h, i, i + len(fp)), fps.short[fp]))
            i = h.find(fp, i + 1)
    for i in [i for a, b in _regions(h, index.reach) for i in range(a, b - m + 1) if h[i : i + m] in heads]:
        if h[i : i + k] in shingles:
            found.append(i)
        for fp in short.get(h[i : i + m], ()):
            if h.startswith(fp, i):
                hits.append(Hit(label, _context(h, i, i + len(fp)), fps.short[fp]))
    for start, end in _spans(sorted(found), k):
        hits.append(Hit(label, _context(h, start, end), shingles[h[start : start + k]]))
    return hits


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _regions(h: str, reach: int) -> Iterator[tuple[int, int]]:
    """Stretches of ``h`` a fingerprint with a non-ASCII character can lie in: most of a
    site's JS, CSS and XML markup is skipped."""
    start = end = -1
    for mt in _NON_ASCII.finditer(h):
        a, b = max(0, mt.start() - reach), min(len(h), mt.end() + reach)
        if a > end:
            if end >= 0:
                yield start, end
            start = a
        end = max(end, b)
    if end >= 0:
        yield start, end


def _context(h: str, start: int, end: int, around: int = 6) -> str:
    left = h[max(0, start - around) : start].rsplit(_SEP, 1)[-1]
    right = h[end : end + around].split(_SEP, 1)[0]
    return f"{left}[{h[start:end]}]{right}"


def scan_folder(folder: Path, fps: Fingerprints, max_hits_per_file: int | None = MAX_HITS_PER_FILE,
                known_clean: Collection[str] = (), ahead: Report | None = None) -> Report:
    """Read every file under ``folder`` once and report every fingerprint found.

    ``known_clean`` holds :func:`clean_key` s (path and content hash) found
    clean against these same fingerprints before (:attr:`Report.clean`):
    such files are hashed, not scanned again.  ``ahead`` is a report of some
    of these files read earlier (:func:`scan_files`, e.g. while the site was
    still being built): a file with the same path and hash is not read again,
    and ``ahead``'s hits and characters count as this report's.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ToolkitError([Problem(Location(str(folder)), "not a folder", "a built site folder")])
    files = [(p.relative_to(folder).as_posix(), p) for p in sorted(folder.rglob("*"))
             if not p.is_dir() or p.is_symlink()]  # a pipe or a device is named as such, never skipped
    return scan_files(files, fps, folder, max_hits_per_file, known_clean, ahead)


def scan_files(files: Iterable[tuple[str, Path]], fps: Fingerprints, folder: Path,
               max_hits_per_file: int | None = MAX_HITS_PER_FILE, known_clean: Collection[str] = (),
               ahead: Report | None = None) -> Report:
    """:func:`scan_folder` of the given (relative path, file) pairs, reported as if in ``folder``."""
    report = Report(Path(folder), fingerprints=len(fps))
    index: Index | None = None
    done = dict(ahead.digests) if ahead is not None else {}
    for rel, path in files:
        report.files += 1
        if path.is_symlink() or not path.is_file():
            what = "a symbolic link" if path.is_symlink() else "not a regular file (a pipe, socket or device)"
            report.hits.append(Hit(rel, "", f"{what}: a published folder holds files only", True))
            continue
        try:
            size = path.stat().st_size
            if size > LIMITS.member_bytes:
                raise CannotVerify(rel, f"{size:,} bytes, over the limit of {LIMITS.member_bytes:,} per file")
            data = path.read_bytes()
        except CannotVerify as e:
            report.hits.append(Hit(e.label, "", e.reason, True))
            continue
        report.digests[rel] = digest = hashlib.sha256(data).hexdigest()
        if ahead is not None and done.get(rel) == digest:
            del done[rel]
            report.hits.extend(h for h in ahead.hits if h.file.split("!", 1)[0] == rel)
            report.unchanged += clean_key(rel, digest) in known_clean
            continue
        if clean_key(rel, digest) in known_clean:
            report.unchanged += 1
            continue
        index = index or fps.index()
        per_file: list[Hit] = []
        texts: dict[str, list[str]] = {}
        try:
            for label, text in file_texts(rel, data):
                texts.setdefault(label, []).append(normalise(text))
        except CannotVerify as e:
            per_file.append(Hit(e.label, "", e.reason, True))  # what was read is still scanned below
        del data
        for label, variants in texts.items():
            joined = _SEP.join(dict.fromkeys(variants))
            report.characters += len(joined)
            per_file.extend(scan_text(label, joined, fps, index))
        unique = list(dict.fromkeys(per_file))
        cap = len(unique) if max_hits_per_file is None else max_hits_per_file
        report.hits.extend(unique[:cap])
        if len(unique) > cap:
            report.hits.append(Hit(rel, "…", f"and {len(unique) - cap} more in this file"))
    if ahead is not None:
        report.characters += ahead.characters
    return report


def scan_each(folder: Path, fps_by_file: dict[str, Fingerprints], reported_as: Path | None = None) -> Report:
    """Scan each file of ``folder`` against the fingerprints of its own view (one 部分開示 edition per file).

    A file with no fingerprints of its own is "cannot verify": nobody said what it may show.
    """
    folder = Path(folder)
    total = Report(reported_as or folder)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(folder).as_posix()
        if rel not in fps_by_file:
            total.files += 1
            total.hits.append(Hit(rel, "", "no view is known for this file (expected one of: "
                                  + ", ".join(sorted(fps_by_file)) + ")", True))
            continue
        report = scan_files([(rel, path)], fps_by_file[rel], total.folder)
        total.files += report.files
        total.characters += report.characters
        total.fingerprints = max(total.fingerprints, report.fingerprints)
        total.hits += report.hits
        total.digests.update(report.digests)
    return total


def leakcheck(folder: Path, policy: PolicySet, audience_id: str = PUBLIC, canaries: Iterable[str] = (),
              max_hits_per_file: int | None = MAX_HITS_PER_FILE) -> Report:
    """Check ``folder`` against what ``audience_id`` may not see (and any canary tokens)."""
    return scan_folder(folder, fingerprints(policy, audience_id, canaries), max_hits_per_file)


def raise_on_leak(report: Report) -> None:
    """Turn a failed report into a :class:`LeakError` (exit status 1), one problem per hit."""
    if report.hits:
        problems = []
        for h in report.hits:
            outer, _, member = h.file.partition("!")
            inside = f" (inside, at {member})" if member else ""
            if h.unverified:
                problems.append(Problem(Location(str(report.folder / outer)),
                                        f"cannot verify{inside}: {h.origin}; the leak check does not pass what it "
                                        "cannot read", "files within the leak check's limits"))
                continue
            problems.append(Problem(Location(str(report.folder / outer)),
                                    f"non-public text {h.matched}{inside} — {h.origin}"))
        raise LeakError(problems)


__all__ = [
    "MIN_LEN",
    "SHINGLE",
    "Fingerprints",
    "Hit",
    "Report",
    "CannotVerify",
    "file_texts",
    "text_variants",
    "fingerprints",
    "hidden_texts",
    "leakcheck",
    "normalise",
    "raise_on_leak",
    "scan_each",
    "scan_files",
    "scan_folder",
    "scan_text",
]
