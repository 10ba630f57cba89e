"""The committee's review package (見直しの審議資料) for a draft revision.

What the 情報セキュリティ委員会 needs to decide on a draft (案): the 新旧対照表
of the draft against the text in force, the reason (改正理由) for each change
— a change without one is listed as missing, so the draft is not ready; a clause whose
only change is its number shifting (a clause inserted or removed before it) needs none — and
its impact (a change of a clause's classification is a change like any other, with its reason
required; ``policy adopt`` then asks for ``--declassify`` where one is lowered): the clauses of other documents that implement or cite each changed
clause, the flashcards and quiz questions built from changed clauses (what the
trainer must reissue), and the public files that change when it takes effect.  Its front for a
meeting (:class:`Cover`): 作成日, 会議名 and 改定の概要.

Pure: model in, :class:`Review` out (the renderers are
:mod:`toolkit.render.review_html` and :mod:`toolkit.render.review_docx`; the public files
are found by rendering the public site, in :func:`toolkit.publish.review.public_impact`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from toolkit.diff import REMOVED, ChangeSet, ClauseChange, compare
from toolkit.model import ADOPTED, Document, PolicySet, Revision
from toolkit.model.numbering import ref_labels
from toolkit.model.refs import XREF_RE


@dataclass(frozen=True)
class Referrer:
    """A clause of another document that carries out (implements) or cites a changed clause."""

    doc_id: str
    doc_title: str
    rev_id: str
    clause_id: str
    ref: str  # its number, e.g. 3(2)
    how: str  # "implements" / "cites"


@dataclass(frozen=True)
class ReviewItem:
    """One changed clause: the change, its reason (None: missing) and what it touches."""

    change: ClauseChange
    reason: str | None
    referrers: tuple[Referrer, ...] = ()
    training: tuple[str, ...] = ()  # "カード …" / "問題 …" built from this clause

    @property
    def needs_reason(self) -> bool:
        """Every change needs a reason but a number shifted by an insertion or removal before it."""
        return not self.change.renumbered_only


@dataclass(frozen=True)
class Review:
    doc: Document  # as the review's audience sees it
    draft: Revision
    in_force: Revision  # the adopted text the draft amends (in force, or announced)
    changes: ChangeSet
    items: tuple[ReviewItem, ...]
    public_files: tuple[str, ...]  # public files that change when the draft takes effect
    training_note: str = ""  # why no training impact is listed, when none could be computed

    @property
    def missing(self) -> tuple[ReviewItem, ...]:
        """Changes with no reason that need one: the draft is not ready for decision."""
        return tuple(i for i in self.items if i.needs_reason and not i.reason)

    @property
    def renumbered_only(self) -> tuple[ReviewItem, ...]:
        """Changes that only shift a number (no reason needed), unless one was given."""
        return tuple(i for i in self.items if not i.needs_reason and not i.reason)

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Cover:
    """The front of the package as a meeting's 審議資料: 作成日, 会議名 and 改定の概要 (its paragraphs)."""

    made: datetime.date
    meeting: str = ""
    summary: tuple[str, ...] = ()


def cover(draft: Revision, made: datetime.date, *, meeting: str = "", summary: str | None = None) -> Cover:
    """The cover of the review of ``draft``: ``summary`` is the 改定の概要 as written for the meeting
    (paragraphs apart by a blank line; a line break inside one is no break in Japanese text); without it,
    the draft's ledger summary, when it says more than the kind of revision it is."""
    text = summary if summary is not None else ("" if draft.summary.strip() in ("", draft.kind) else draft.summary)
    paragraphs = ("".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", text))
    return Cover(made, " ".join(meeting.split()), tuple(p for p in paragraphs if p))


def referrers(view: PolicySet, doc_id: str, clause_ids: set[str]) -> dict[str, list[Referrer]]:
    """Clause id → clauses of the *other* documents' text in force that implement or cite it."""
    out: dict[str, list[Referrer]] = {}
    for other in view.documents:
        if other.id == doc_id or other.withheld or not other.revisions:
            continue
        rev = other.current
        labels = ref_labels(other, rev)
        for node in rev.walk():
            found = [(t, "implements") for t in node.implements]
            found += [(f"{m.group(1)}:{m.group(2)}", "cites") for p in node.text for m in XREF_RE.finditer(p)]
            for target, how in found:
                tdoc, _, tid = target.partition(":")
                if tdoc == doc_id and tid in clause_ids:
                    out.setdefault(tid, []).append(
                        Referrer(other.id, other.title, rev.id, node.id, labels.get(node.id, ""), how))
    return out


def make_review(view: PolicySet, doc_id: str, rev_id: str, *, training: Iterable[tuple[str, str, str]] = (),
                public_files: Iterable[str] = (), training_note: str = "", source: PolicySet | None = None) -> Review:
    """The review of draft ``rev_id`` of ``doc_id`` in ``view`` (a staff view: it holds drafts).

    ``training`` is (document id, clause id, description) of every study item
    built from the text in force or the draft (see :func:`training_items`);
    ``public_files`` what :func:`toolkit.publish.review.public_impact` found; ``source`` the full policy
    the view was made from (its citations are still ``{ref:doc:id}``).
    """
    doc = view.document(doc_id)
    draft = doc.revision(rev_id)
    if not draft.is_draft:
        raise ValueError(f"revision {rev_id} of {doc_id} is not a draft (status: {draft.status})")
    # the text the draft amends: in force, or adopted and announced (then the draft builds on it)
    in_force = doc.announced[-1] if doc.announced else doc.current
    cs = compare(doc, in_force, draft, policy=view)
    changed = list(cs.changed())
    ids = {c.id for c in changed} | {c.old_node.id for c in changed if c.old_node is not None}
    # citations {ref:doc:id} are resolved to plain text in a view: find them in the source, keep what the view shows
    shown = {(d.id, n.id) for d in view.documents if not d.withheld and d.revisions for n in d.current.walk()}
    refs = {k: [r for r in v if (r.doc_id, r.clause_id) in shown]
            for k, v in referrers(source or view, doc_id, ids).items()}
    study: dict[str, list[str]] = {}
    for d, clause, what in training:
        if d == doc_id and clause in ids:
            study.setdefault(clause, []).append(what)
    items = []
    for c in changed:
        keys = [c.id] + ([c.old_node.id] if c.old_node is not None and c.old_node.id != c.id else [])
        reason = draft.reason_for(c.id) if c.kind != REMOVED else dict(draft.reasons).get(c.id)
        items.append(ReviewItem(
            c, reason,
            tuple(r for k in keys for r in refs.get(k, [])),
            tuple(sorted({w for k in keys for w in study.get(k, [])})),
        ))
    return Review(doc, draft, in_force, cs, tuple(items), tuple(sorted(set(public_files))), training_note)


def as_adopted(policy: PolicySet, doc_id: str, rev_id: str) -> PolicySet:
    """The policy as it would be once the draft is adopted (for "what changes when it takes effect")."""
    docs = []
    for d in policy.documents:
        if d.id == doc_id:
            d = replace(d, revisions=tuple(replace(r, status=ADOPTED) if r.id == rev_id else r
                                           for r in d.revisions))
        docs.append(d)
    return replace(policy, documents=tuple(docs))


def training_items(view: PolicySet, settings: object, doc_id: str, rev_id: str) -> list[tuple[str, str, str]]:
    """(document id, clause id, description) of every flashcard and quiz question built from the
    text in force or from the draft (asked of :mod:`toolkit.training`, which owns how they are made)."""
    from toolkit.training.cards import deck_cards
    from toolkit.training.model import BLANK_MARK, CLOZE_CLOSE, CLOZE_OPEN
    from toolkit.training.questions import question_pool

    def shown(text: str) -> str:
        """The start of a card's or question's text, as a reader sees it (never its internal id)."""
        one = re.sub(f"{CLOZE_OPEN}c\\d+::(.*?){CLOZE_CLOSE}", r"\1", " ".join(text.replace(BLANK_MARK, "［　］").split()))
        return one if len(one) <= 40 else one[:39] + "…"

    out: list[tuple[str, str, str]] = []
    for pin in (None, {doc_id: rev_id}):  # the text in force, then the draft
        messages: list[str] = []
        for card in deck_cards(view, settings, messages, pin):  # type: ignore[arg-type]
            s = card.source
            if s.clause_id:
                out.append((s.doc_id, s.clause_id, f"カード「{shown(card.fields[0][1])}」（{s.where}）"))
        for q in question_pool(view, settings, settings.seed, messages, pin):  # type: ignore[arg-type, attr-defined]
            s = q.source
            if s.clause_id:
                out.append((s.doc_id, s.clause_id, f"問題「{shown(q.prompt)}」（{s.where}）"))
    return out
