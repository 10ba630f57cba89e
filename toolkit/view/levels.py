"""Classification levels (区分) as the views apply them: the one statement of the inheritance rule.

A document's level is its own, or the most restricted one when it cannot be
resolved (fail closed); a node's is its own, else its parent's, else the
document's; a node is hidden from a reader when its level or an ancestor's is
not one the reader sees.  :mod:`toolkit.view.redact`,
:mod:`toolkit.view.visibility`, :mod:`toolkit.view.disclose` and the diff
marking all ask here instead of walking the tree themselves.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from toolkit.errors import Problems
from toolkit.model import Document, Node, PolicySet


def document_classification(policy: PolicySet, doc: Document) -> str:
    """The document's classification; unknown → the most restricted level (fail closed)."""
    known = {c.id for c in policy.classifications}
    return doc.classification if doc.classification in known else policy.most_restricted.id


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


def classified_nodes(policy: PolicySet, nodes: tuple[Node, ...], inherited: str,
                     sees: Collection[str] | None = None, problems: Problems | None = None
                     ) -> Iterator[tuple[Node, str, bool]]:
    """Every node under ``nodes`` in document order with its effective classification and whether it is
    hidden from a reader who sees the levels ``sees`` (its level or an ancestor's, ``inherited`` included,
    is not among them; ``sees`` None: nobody asked, nothing hidden).

    ``problems`` hears of each level that cannot be resolved, except inside a part already hidden (it is
    withheld whatever its level says)."""

    def go(nodes: tuple[Node, ...], inherited: str, hidden_above: bool) -> Iterator[tuple[Node, str, bool]]:
        for n in nodes:
            cls = effective_classification(policy, inherited, n, None if hidden_above else problems)
            hidden = hidden_above or (sees is not None and cls not in sees)
            yield n, cls, hidden
            yield from go(n.children, cls, hidden)

    yield from go(nodes, inherited, sees is not None and inherited not in sees)


__all__ = ["classified_nodes", "document_classification", "effective_classification"]
