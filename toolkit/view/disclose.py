"""The 部分開示 (partial disclosure) view: what a disclosure request gets to read.

Next to :mod:`toolkit.view.redact`, this is the only place that decides what is
withheld in the disclosure edition of a non-public document (対策基準, 実施手順).
Renderers receive its result and show everything in it.

Rules, per node of the one revision disclosed:

* A node is **readable** when its effective classification (own, else
  inherited) is one the public audience sees, or when it is *disclosable*
  (``disclosable: true`` on the node, else the document's default).
* Fail closed: under a withheld node only an explicit ``disclosable: true``
  makes a child readable; the document's default does not reach into a
  withheld part.
* A withheld node becomes a placeholder ``Node(id, seq, ground, withheld=True)``
  with placeholder children: no title, term, text or note, so its number stays
  (the reader sees that 3(2) was withheld) and nothing else does.
* Every withheld node needs a disclosure ground (own, else inherited from its
  parent or the document); one without is an error (``policy check`` reports
  it too).
* The document is shown under its public name; the series, revision summary
  and notes are dropped (they are internal wording).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, replace

from toolkit.errors import Problems, RedactionError
from toolkit.model import PUBLIC, Document, Node, PolicySet, Revision
from toolkit.view.asof import today
from toolkit.view.levels import document_classification, effective_classification
from toolkit.view.redact import cross_references
from toolkit.view.reference import refuse_disclosure

AUDIENCE_ID = "disclosure"


@dataclass(frozen=True)
class _Decision:
    node: Node  # the source node
    withheld: bool
    ground: str | None


def _decide(policy: PolicySet, doc: Document, rev: Revision, problems: Problems | None = None
            ) -> Iterator[tuple[_Decision, tuple]]:
    """(decision, path of decisions to the root) for every node in document order."""
    public = policy.audience(PUBLIC).sees

    def go(nodes: tuple[Node, ...], cls: str, ground: str | None, parent_withheld: bool, path: tuple):
        for node in nodes:
            c = effective_classification(policy, cls, node)
            g = node.ground or ground
            if parent_withheld:
                readable = c in public or node.disclosable is True
            else:
                readable = c in public or (doc.disclosable if node.disclosable is None else node.disclosable)
            d = _Decision(node, not readable, g)
            if d.withheld and g is None and problems is not None:
                problems.add(node.location, f"node {node.id!r} is withheld from disclosure but has no ground",
                             "'ground:' on the node, a parent or the document")
            yield d, path
            yield from go(node.children, c, g, d.withheld, path + (d,))

    yield from go(rev.parts, document_classification(policy, doc), doc.ground, False,
                  ())  # 附則 too


def _find(policy: PolicySet, doc_id: str, rev_id: str | None) -> tuple[Document, Revision]:
    try:
        doc = policy.document(doc_id)
    except KeyError as e:
        raise RedactionError(str(e.args[0])) from None
    refuse_disclosure(doc)  # the guideline is not the city's (toolkit.view.reference)
    if not doc.revisions:
        raise RedactionError(f"document {doc_id!r} has no source here (its folder is in the private source "
                             "root: give --private-src DIR or set POLICY_PRIVATE_SRC)")
    try:
        rev = doc.revision(rev_id) if rev_id else doc.current
    except KeyError as e:
        raise RedactionError(str(e.args[0])) from None
    if rev.is_draft:  # fail closed: a draft is not the city's text, and is never disclosed as such (issue 17)
        raise RedactionError(f"revision {rev.id} of {doc_id!r} is a draft: a 部分開示 edition is only made of "
                             "adopted text")
    return doc, rev


def disclose(policy: PolicySet, doc_id: str, rev_id: str | None = None,
             as_of: datetime.date | None = None) -> PolicySet:
    """The policy set as the disclosure edition of ``doc_id`` (one revision, default the current) shows it.

    The result holds that one document with that one revision; withheld
    nodes are placeholders.  The policy set's grounds stay (the closing
    table quotes them); ``audience_id`` is ``"disclosure"``.
    """
    doc, rev = _find(policy, doc_id, rev_id)
    problems = Problems()
    decisions = {d.node.id: d for d, _ in _decide(policy, doc, rev, problems)}
    problems.raise_if_any(RedactionError)
    # another document's clause as the public reads it (its name and number), never the raw {ref:doc:id}
    xref = cross_references(policy, PUBLIC, as_of or today())

    def build(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        out = []
        for n in nodes:
            d = decisions[n.id]
            children = build(n.children)
            if d.withheld:
                out.append(Node(id=n.id, seq=n.seq, branch=n.branch, ground=d.ground, withheld=True, children=children,
                                numbering=n.numbering))
            else:
                out.append(Node(id=n.id, title=n.title, term=n.term, text=tuple(xref(t) for t in n.text),
                                children=children, seq=n.seq,
                                branch=n.branch, numbering=n.numbering))
        return tuple(out)

    revision = Revision(rev.id, rev.date, rev.kind, rev.provenance, summary="", body=build(rev.body),
                        supplementary=build(rev.supplementary), numbering=rev.numbering,
                        preamble=build(rev.preamble), instrument=rev.instrument)
    # the dates and kinds the edition prints; no summary (as the revision's own, above: the toolkit's wording)
    ledger = tuple(replace(e, summary="") for e in doc.ledger if e.date <= rev.date)
    shown = Document(doc.id, doc.public_name, doc.public_name, doc.classification, doc.numbering, (revision,),
                     ground=doc.ground, disclosable=doc.disclosable, ledger=ledger)
    return replace(policy, documents=(shown,), audience_id=AUDIENCE_ID)


def withheld_nodes(policy: PolicySet, doc_id: str, rev_id: str | None = None) -> Iterator[Node]:
    """The source nodes the disclosure edition withholds (for leak fingerprints and tests)."""
    doc, rev = _find(policy, doc_id, rev_id)
    for d, _ in _decide(policy, doc, rev):
        if d.withheld:
            yield d.node


def withheld_texts(policy: PolicySet, doc_id: str, rev_id: str | None = None) -> Iterator[tuple[str, str]]:
    """(text, origin) for every text of the source the disclosure edition does not show.

    The titles, terms and paragraphs of withheld nodes, the notes of every
    node, the revision's summary and note, the document's internal title when
    it differs from the public name and its series unless a public document
    shares it.  ``{ref:…}`` stay unresolved here.
    """
    doc, rev = _find(policy, doc_id, rev_id)
    public = policy.audience(PUBLIC).sees
    if doc.title != doc.public_name:
        yield doc.title, f"internal title of {doc.id}"
    if doc.series and doc.series not in {d.series for d in policy.documents if d.classification in public}:
        yield doc.series, f"series of {doc.id}"
    if rev.summary:
        yield rev.summary, f"summary of {doc.id} {rev.id}"
    if rev.note:
        yield rev.note, f"note of {doc.id} {rev.id}"
    for d, _ in _decide(policy, doc, rev):
        node = d.node
        where = f"{doc.id} {rev.id} node {node.id}" + (f" ({node.location})" if node.location else "")
        if node.note:
            yield node.note, f"note of {where}"
        if not d.withheld:
            continue
        for kind, value in (("title", node.title), ("term", node.term)):
            if value:
                yield value, f"{kind} of {where}"
        for para in node.text:
            yield para, f"text of {where}"


__all__ = ["AUDIENCE_ID", "disclose", "withheld_nodes", "withheld_texts"]
