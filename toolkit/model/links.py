"""Links between documents: ``implements:`` (a 対策基準 / 実施手順 clause carries out a 基本方針
clause) and cross-document references ``{ref:basic-policy:measure-physical}`` in text.

Both name a clause as ``document-id:clause-id`` and resolve against the target
document's text in force (``Document.current``), so a renumbering shows through
as it does within a document.  Pure functions on the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model import Document, Node, PolicySet
from toolkit.model.numbering import place
from toolkit.model.refs import XREF_RE


@dataclass(frozen=True)
class Link:
    """One clause, as another clause's link shows it."""

    doc_id: str
    doc_title: str
    rev_id: str
    node_id: str
    ref: str  # the clause's number in its revision, e.g. 6(4)
    heading: str | None

    @property
    def label(self) -> str:
        """「情報セキュリティ基本方針 6(4) 物理的セキュリティ」."""
        return f"{self.doc_title} {self.ref}" + (f" {self.heading}" if self.heading else "")


def split_target(target: str) -> tuple[str, str] | None:
    """``"basic-policy:measure-x"`` → ("basic-policy", "measure-x"); None when not of that form."""
    doc_id, sep, node_id = target.partition(":")
    return (doc_id, node_id) if sep and doc_id and node_id and ":" not in node_id else None


def xref_targets(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in XREF_RE.finditer(text)]


def clause(doc: Document, node_id: str) -> Link | None:
    """The clause ``node_id`` of ``doc``'s text in force, or None."""
    if not doc.revisions or doc.withheld:
        return None
    rev = doc.current
    for p in place(doc, rev):
        if p.node.id == node_id:
            return Link(doc.id, doc.title, rev.id, node_id, p.ref, p.node.heading)
    return None


def _nodes(doc: Document) -> list[tuple[Node, Link]]:
    if not doc.revisions or doc.withheld:
        return []
    rev = doc.current
    return [(p.node, Link(doc.id, doc.title, rev.id, p.node.id, p.ref, p.node.heading)) for p in place(doc, rev)]


def implementers(policy: PolicySet) -> dict[tuple[str, str], list[Link]]:
    """(document id, clause id) → the clauses of other documents' text in force that implement it."""
    out: dict[tuple[str, str], list[Link]] = {}
    for doc in policy.documents:
        for node, link in _nodes(doc):
            for target in node.implements:
                key = split_target(target)
                if key is not None and key[0] != doc.id:
                    out.setdefault(key, []).append(link)
    return out


def implemented(policy: PolicySet) -> dict[tuple[str, str], list[Link]]:
    """(document id, clause id) → the clauses it implements (that the policy shows)."""
    docs = {d.id: d for d in policy.documents}
    out: dict[tuple[str, str], list[Link]] = {}
    for doc in policy.documents:
        for node, _link in _nodes(doc):
            for target in node.implements:
                key = split_target(target)
                target_doc = docs.get(key[0]) if key else None
                found = clause(target_doc, key[1]) if key and target_doc else None
                if found is not None:
                    out.setdefault((doc.id, node.id), []).append(found)
    return out
