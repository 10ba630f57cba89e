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
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import replace

from toolkit.errors import Problems, RedactionError
from toolkit.model import Audience, Document, Node, PolicySet, Revision
from toolkit.model.numbering import ref_labels
from toolkit.model.refs import REF_RE

PUBLIC = "public"
PUBLISHABLE = frozenset({"authoritative"})


def audience_of(policy: PolicySet, audience_id: str) -> Audience:
    """The audience as redaction applies it (the public one never sees other provenances)."""
    audience = policy.audience(audience_id)
    if audience.id == PUBLIC and not audience.provenance <= PUBLISHABLE:
        audience = replace(audience, provenance=audience.provenance & PUBLISHABLE)
    return audience


def effective_classification(policy: PolicySet, inherited: str, node: Node, problems: Problems | None = None) -> str:
    """The node's own classification, else the inherited one; unknown → most restricted."""
    cls = node.classification or inherited
    known = {c.id for c in policy.classifications}
    if cls not in known:
        if problems is not None:
            problems.add(node.location, f"classification {cls!r} cannot be resolved; treated as "
                         f"{policy.most_restricted.label}", " / ".join(sorted(known)))
        return policy.most_restricted.id
    return cls


def redact(policy: PolicySet, audience_id: str, *, as_of: datetime.date | None = None) -> PolicySet:
    """Return the policy as ``audience_id`` may see it (see module docstring).

    ``as_of``: the date the view is taken on (accepted; its meaning — the
    revision in force on that date — is being added in issue 10).
    """
    audience = audience_of(policy, audience_id)
    problems = Problems()
    docs = tuple(_document(policy, audience, d, problems) for d in policy.documents)
    if problems and audience.id == PUBLIC:
        problems.raise_if_any(RedactionError)
    return replace(policy, documents=docs, audience_id=audience.id)


def _document(policy: PolicySet, audience: Audience, doc: Document, problems: Problems) -> Document:
    known = {c.id for c in policy.classifications}
    doc_cls = doc.classification if doc.classification in known else policy.most_restricted.id
    if doc.classification not in known and doc.revisions:
        problems.add(doc.location, f"document classification {doc.classification!r} cannot be resolved")
    if doc_cls not in audience.sees:
        return Document(doc.id, doc.public_name, doc.public_name, doc_cls, doc.numbering, (),
                        ground=doc.ground, withheld=True, location=doc.location)
    revisions = tuple(
        _revision(policy, audience, doc, rev, doc_cls, problems)
        for rev in doc.revisions
        if rev.provenance in audience.provenance
    )
    return replace(doc, revisions=revisions)


def _revision(policy: PolicySet, audience: Audience, doc: Document, rev: Revision, doc_cls: str,
              problems: Problems) -> Revision:
    labels = ref_labels(doc, rev)
    hidden = {n.id for n in _hidden(policy, audience, rev.body, doc_cls, problems)}

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
            out.append(replace(n, text=text, children=keep(n.children, cls)))
        return tuple(out)

    return replace(rev, body=keep(rev.body, doc_cls))


def _hidden(policy: PolicySet, audience: Audience, nodes: tuple[Node, ...], inherited: str,
            problems: Problems | None) -> Iterator[Node]:
    for n in nodes:
        cls = effective_classification(policy, inherited, n, problems)
        if cls not in audience.sees:
            yield from n.walk()
        else:
            yield from _hidden(policy, audience, n.children, cls, problems)


def hidden_nodes(policy: PolicySet, audience_id: str) -> Iterator[tuple[Document, Revision | None, Node | None]]:
    """Everything ``audience_id`` may not see: withheld documents, dropped revisions, hidden nodes.

    The leak check builds its fingerprints from this, so it follows the same
    rules as :func:`redact` by construction.
    """
    audience = audience_of(policy, audience_id)
    known = {c.id for c in policy.classifications}
    for doc in policy.documents:
        doc_cls = doc.classification if doc.classification in known else policy.most_restricted.id
        if doc_cls not in audience.sees:
            yield doc, None, None
            for rev in doc.revisions:
                yield doc, rev, None
                for n in rev.walk():
                    yield doc, rev, n
            continue
        for rev in doc.revisions:
            if rev.provenance not in audience.provenance:
                yield doc, rev, None
                for n in rev.walk():
                    yield doc, rev, n
                continue
            for n in _hidden(policy, audience, rev.body, doc_cls, None):
                yield doc, rev, n
