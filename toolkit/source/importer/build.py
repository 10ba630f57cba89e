"""Drafts → model nodes (and the labels their numbers give)."""

from __future__ import annotations

import datetime as _dt

from toolkit.errors import Location
from toolkit.model import Document, Node, Revision
from toolkit.model.numbering import ref_labels, through
from toolkit.source.importer.state import Draft


def nodes(drafts: list[Draft], file: str, numbering: list[str] | tuple[str, ...] = ()) -> tuple[Node, ...]:
    # seq from the position, as number_tree() gives it, set here (a second copy of every node cost a
    # third of the build); through() then numbers 第N条 straight through the chapters
    def one(d: Draft, seq: int) -> Node:
        # classification, ground … from the clause's record (the ``fields`` rule)
        extra = d.record.node_fields(d.title, d.term) if d.record is not None else {"title": d.title, "term": d.term}
        return Node(id=d.id, text=tuple(d.text), branch=int(d.branch), numbering=d.numbering,
                    children=tuple(one(c, k) for k, c in enumerate(d.children, start=1)),
                    location=Location(file, d.line), seq=seq, **extra)  # type: ignore[arg-type]
    return through(tuple(one(d, k) for k, d in enumerate(drafts, start=1)), numbering)


def labels(drafts: list[Draft], numbering: list[str], file: str) -> dict[str, str]:
    """id → citation label (``3``, ``6(3)②``), as the renderers will print it."""
    body = nodes(drafts, file, numbering)
    doc = Document("import", "", "", "", tuple(numbering) or ("1.",), ())
    return ref_labels(doc, Revision("import", _dt.date.min, "", "", "", body))
