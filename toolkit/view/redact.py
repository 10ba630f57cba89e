"""Redaction (マスキング): the model plus an audience → the model that audience may see.

This is the only place visibility is decided (DESIGN.md, invariant 1).
Renderers receive the result and show everything in it.

Rules, applied in order:

* A document whose classification the audience may not see becomes a
  *withheld* stub: its public name and disclosure ground only, no revisions.
* Revisions whose provenance the audience is not shown (e.g. reconstructed or
  sample text for citizens) are dropped.
* A node is visible when its effective classification (own, else inherited)
  is one the audience sees; a hidden node hides its whole subtree.
* Fail closed: an unknown or unresolvable classification counts as the most
  restricted level, and for the public audience it is an error.
* Only authoritative text is ever published as the city's: the public
  audience is shown authoritative revisions only, whatever policyset.yaml says.
* Every view is taken *as of* a date (default: :func:`~toolkit.view.asof.today`).  Its
  revisions are the adopted ones in force by then (the newest is
  ``Document.current``); adopted revisions not yet in force move to
  ``Document.announced`` (「…から施行されます」), never current; the ledger
  lines keep only what is in force.  Drafts (案) are shown to staff audiences
  (after the adopted revisions, ``Revision.is_draft`` for the 案 banner) and
  never to the public: anything not marked adopted counts as a draft.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from toolkit.errors import Problems, RedactionError
from toolkit.model import DRAFT, PUBLIC, Audience, Document, Node, PolicySet, Revision
from toolkit.model.numbering import ref_labels
from toolkit.model.refs import REF_RE, XREF_RE
from toolkit.view.asof import today
from toolkit.view.levels import classified_nodes, document_classification, effective_classification
from toolkit.view.reference import city_policy

PUBLISHABLE = frozenset({"authoritative"})


def audience_of(policy: PolicySet, audience_id: str) -> Audience:
    """The audience as redaction applies it (the public one never sees other provenances)."""
    audience = policy.audience(audience_id)
    if audience.id == PUBLIC and not audience.provenance <= PUBLISHABLE:
        audience = replace(audience, provenance=audience.provenance & PUBLISHABLE)
    return audience


def sees_drafts(audience: Audience) -> bool:
    """Drafts (案) are for staff reviewing them; the public never sees one."""
    return audience.id != PUBLIC


def redact(policy: PolicySet, audience_id: str, *, as_of: datetime.date | None = None) -> PolicySet:
    """Return the policy as ``audience_id`` may see it on ``as_of`` (see module docstring)."""
    audience = audience_of(policy, audience_id)
    day = as_of if as_of is not None else today()
    policy = city_policy(policy)  # a reference document (the guideline) is never the city's: toolkit.view.reference
    problems = Problems()
    links = _link_targets(policy, audience, day)
    docs = tuple(_document(policy, audience, d, problems, day, links) for d in policy.documents)
    if problems and audience.id == PUBLIC:
        problems.raise_if_any(RedactionError)
    return replace(policy, documents=docs, audience_id=audience.id)


def _link_targets(policy: PolicySet, audience: Audience, day: datetime.date) -> dict[tuple[str, str], str]:
    """(document id, clause id) → 「情報セキュリティ基本方針 6(4)」 for every clause another document may
    link to (``implements:``, ``{ref:doc:id}``) that the audience sees in the text in force on ``day``."""
    out: dict[tuple[str, str], str] = {}
    for doc in policy.documents:
        doc_cls = document_classification(policy, doc)
        in_force = [r for r in doc.revisions if r.in_force(day) and r.provenance in audience.provenance]
        if doc_cls not in audience.sees or not in_force:
            continue
        rev = in_force[-1]
        hidden = {n.id for n in _hidden(policy, audience, rev.parts, doc_cls, None)}
        for nid, ref in ref_labels(doc, rev).items():
            if nid not in hidden:
                out[(doc.id, nid)] = f"{doc.title}{ref}"
    return out


def cross_references(policy: PolicySet, audience_id: str, day: datetime.date) -> Callable[[str], str]:
    """A text with every ``{ref:doc:id}`` as ``audience_id`` reads it on ``day`` (the document's name and the
    clause's number, or the name alone for a clause it may not see): for views made outside :func:`redact`."""
    links = _link_targets(policy, audience_of(policy, audience_id), day)
    return lambda text: XREF_RE.sub(lambda m: _xref(policy, links, m), text) if "{ref:" in text else text


def _xref(policy: PolicySet, links: dict[tuple[str, str], str], m: re.Match[str]) -> str:
    """A cross-document reference as the reader sees it; a clause they may not see is
    named by its document's public name only (no number: it would count hidden clauses)."""
    label = links.get((m.group(1), m.group(2)))
    if label is not None:
        return label
    try:
        return policy.document(m.group(1)).public_name
    except KeyError:
        return ""


def _document(policy: PolicySet, audience: Audience, doc: Document, problems: Problems,
              day: datetime.date, links: dict[tuple[str, str], str]) -> Document:
    doc_cls = document_classification(policy, doc)
    if doc.classification not in {c.id for c in policy.classifications} and doc.revisions:
        problems.add(doc.location, f"document classification {doc.classification!r} cannot be resolved")
    if doc_cls not in audience.sees:
        return Document(doc.id, doc.public_name, doc.public_name, doc_cls, doc.numbering, (),
                        ground=doc.ground, withheld=True, location=doc.location)
    shown = [r for r in doc.revisions if r.provenance in audience.provenance]
    in_force = [r for r in shown if r.in_force(day)]
    announced = [r for r in shown if r.decided(day) and not r.in_force(day)]
    # a decision dated after ``day`` has not happened on that day: the revision is still a draft (issue 17)
    drafts = ([r if r.is_draft else replace(r, status=DRAFT, adoption=None) for r in shown if not r.decided(day)]
              if sees_drafts(audience) else [])
    # history-only entries (本文なし) are adopted past revisions: in the ledger once their date has come.
    # Every reader gets the dates and kinds the city prints; a summary only with what it summarises: a
    # revision the view shows, or a history-only entry whose provenance the reader is shown
    shown_ids = {r.id for r in in_force}
    ledger = tuple(e if (e.id in shown_ids if e.has_text else e.provenance in audience.provenance)
                   else replace(e, summary="")
                   for e in doc.ledger if (not e.has_text and e.date <= day)
                   or any(r.id == e.id and r.in_force(day) for r in doc.revisions))
    return replace(doc, revisions=tuple(_revision(policy, audience, doc, r, doc_cls, problems, links)
                                        for r in (*in_force, *drafts)),
                   announced=tuple(_revision(policy, audience, doc, r, doc_cls, problems, links) for r in announced),
                   ledger=ledger, as_of=day)


def _revision(policy: PolicySet, audience: Audience, doc: Document, rev: Revision, doc_cls: str,
              problems: Problems, links: dict[tuple[str, str], str]) -> Revision:
    hidden = {n.id for n in _hidden(policy, audience, rev.parts, doc_cls, problems)}
    labels = ref_labels(doc, rev) if hidden else {}  # numbers of hidden parts, for the sentences citing them

    def keep(nodes: tuple[Node, ...], inherited: str) -> tuple[Node, ...]:
        out = []
        for n in nodes:
            cls = effective_classification(policy, inherited, n)
            if cls not in audience.sees:
                continue
            text = n.text
            if hidden:  # a visible sentence citing a hidden part keeps the number, not a link
                text = tuple(
                    REF_RE.sub(lambda m: labels[m.group(1)] if m.group(1) in hidden else m.group(0), t)
                    for t in n.text
                )
            if any("{ref:" in p for p in text):  # another document's clause: its name and number
                text = tuple(XREF_RE.sub(lambda m: _xref(policy, links, m), p) for p in text)
            implements = tuple(i for i in n.implements if tuple(i.partition(":")[::2]) in links)
            children = keep(n.children, cls)
            reason = None if public else n.reason  # 改正理由: for the committee, not citizens
            same_children = len(children) == len(n.children) and all(
                a is b for a, b in zip(children, n.children, strict=True))
            if text == n.text and implements == n.implements and reason == n.reason and same_children:
                out.append(n)  # nothing to take out: the node itself (frozen), not a copy
            else:
                out.append(replace(n, text=text, children=children, implements=implements, reason=reason))
        return tuple(out)

    public = audience.id == PUBLIC
    return replace(rev, preamble=keep(rev.preamble, doc_cls), body=keep(rev.body, doc_cls),
                   supplementary=keep(rev.supplementary, doc_cls),  # 附則 (and 前文) too
                   reasons=() if public else rev.reasons)


def _hidden(policy: PolicySet, audience: Audience, nodes: tuple[Node, ...], inherited: str,
            problems: Problems | None) -> Iterator[Node]:
    return (n for n, _, hidden in classified_nodes(policy, nodes, inherited, audience.sees, problems) if hidden)


def hidden_nodes(policy: PolicySet, audience_id: str) -> Iterator[tuple[Document, Revision | None, Node | None]]:
    """Everything ``audience_id`` may not see: withheld documents, dropped revisions, hidden nodes.

    The leak check builds its fingerprints from this, so it follows the same
    rules as :func:`redact` by construction.
    """
    audience = audience_of(policy, audience_id)
    for doc in policy.documents:
        doc_cls = document_classification(policy, doc)
        if doc_cls not in audience.sees:
            yield doc, None, None
            for rev in doc.revisions:
                yield doc, rev, None
                for n in rev.walk():
                    yield doc, rev, n
            continue
        for rev in doc.revisions:
            if rev.provenance not in audience.provenance or (rev.is_draft and not sees_drafts(audience)):
                yield doc, rev, None
                for n in rev.walk():
                    yield doc, rev, n
                continue
            for n in _hidden(policy, audience, rev.parts, doc_cls, None):
                yield doc, rev, n
