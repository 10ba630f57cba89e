"""Who sees what (閲覧範囲): the questions the rest of the toolkit asks instead of deciding visibility itself.

:func:`toolkit.view.redact.redact` (and :func:`toolkit.view.disclose.disclose`)
make the view; this module answers questions about the same rules and about
the difference between a view and the full policy:

* :func:`document_classification`, :func:`node_classifications`: the
  effective classification (own, else inherited; unknown → most restricted);
* :func:`sees` / :func:`node_visibility`: whether an audience sees a level,
  and every node of a revision with its classification and that answer (for
  exporters, importers and validators that must not re-encode inheritance);
* :func:`shown_texts`: every text a renderer may show from a view, with where
  it came from;
* :func:`left_out`: every text of the full policy the view leaves out, with
  where it came from and whether it was left out *because of a
  classification* (as opposed to a revision the audience is simply not shown:
  a reconstructed revision shares most of its text with the public one).

The leak check is built from :func:`left_out` and :func:`shown_texts`, so it
checks exactly what the view leaves out, whatever rules made the view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.errors import Location
from toolkit.model import PUBLIC, Document, Node, PolicySet, Revision
from toolkit.view.levels import classified_nodes, document_classification

HEADING, TEXT = "heading", "text"


def node_classifications(policy: PolicySet, doc: Document, rev: Revision) -> dict[str, str]:
    """Node id → effective classification (own, else inherited from the parent, else the document's)."""
    return {n.id: cls for n, cls, _ in classified_nodes(policy, rev.parts,
                                                        document_classification(policy, doc))}  # 附則 too


def _unseen(policy: PolicySet, seen: frozenset[str], doc: Document, rev: Revision) -> set[str]:
    """Ids of the nodes of ``rev`` whose level (or an ancestor's) is not in ``seen``."""
    return {n.id for n, _, hidden in classified_nodes(policy, rev.parts,
                                                      document_classification(policy, doc), seen) if hidden}


def sees(policy: PolicySet, audience_id: str, classification: str) -> bool:
    """Whether ``audience_id`` may see text of ``classification`` (an unknown level: no)."""
    from toolkit.view.redact import audience_of

    return classification in audience_of(policy, audience_id).sees


@dataclass(frozen=True)
class NodeVisibility:
    node: Node
    classification: str  # effective
    visible: bool  # the audience sees this level (and every ancestor's)


def node_visibility(policy: PolicySet, audience_id: str, doc: Document, rev: Revision) -> Iterator[NodeVisibility]:
    """Every node of ``rev`` in document order with its effective classification and whether
    ``audience_id`` sees it (a node under a hidden one is hidden).  Revision-level rules
    (provenance, dates) are :func:`toolkit.view.redact.redact`'s: ask the view for those."""
    from toolkit.view.redact import audience_of

    seen = audience_of(policy, audience_id).sees
    for n, cls, hidden in classified_nodes(policy, rev.parts,
                                           document_classification(policy, doc), seen):
        yield NodeVisibility(n, cls, not hidden)


@dataclass(frozen=True)
class Text:
    """One text of the policy, and where it came from.

    ``key`` is (document id, node id) for a node's text, else None, and ``rev``
    the revision it is of; ``classified`` (for :func:`left_out`) says the text
    was left out because the reader may not see its classification.
    """

    kind: str  # HEADING (titles, terms: matched whole too) or TEXT (sentences)
    text: str
    origin: str  # "text of standards r8 node x (standards/r8.yaml:12:5)"
    location: Location | None = None
    key: tuple[str, str] | None = None
    classified: bool = False
    rev: str | None = None


def _where(doc: Document, rev: Revision, node: Node) -> str:
    return f"{doc.id} {rev.id} node {node.id}" + (f" ({node.location})" if node.location else "")


def _resolver(doc: Document, rev: Revision) -> dict[str, str]:
    from toolkit.model.numbering import ref_labels

    return ref_labels(doc, rev)


def resolved(text: str, labels: dict[str, str], cross: dict[tuple[str, str], str] | None = None) -> str:
    """``{ref:id}`` as the number a reader would see, ``{ref:doc:id}`` as the document's title and the number
    (``cross``): a leak shows those, never ids (a raw id matched the public pages' anchors, issue 17)."""
    if "{ref:" not in text:
        return text
    from toolkit.model.refs import REF_RE, XREF_RE

    text = REF_RE.sub(lambda m: labels.get(m.group(1), ""), text)
    return XREF_RE.sub(lambda m: (cross or {}).get((m.group(1), m.group(2)), ""), text)


def _cross_labels(policy: PolicySet) -> dict[tuple[str, str], str]:
    """(document id, clause id) → 「情報セキュリティ基本方針6(4)」 in each document's current text."""
    from toolkit.model.numbering import ref_labels

    return {(doc.id, nid): f"{doc.title}{label}" for doc in policy.documents if doc.revisions
            for nid, label in ref_labels(doc, doc.current).items()}


# Node fields that are not prose a reader could see: ids and the keys of other tables.
_NOT_PROSE = frozenset({"id", "classification", "ground"})
_HEADINGS = ("title", "term")


def _prose(node: Node) -> Iterator[tuple[str, str]]:
    """(field, value) of every text field of a node but its paragraphs: title, term, note and any field the
    model gains later (e.g. a 改正理由), so a new field is evidence without anyone listing it here."""
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if f.name not in _NOT_PROSE and isinstance(value, str) and value:
            yield f.name, value


def _node_texts(doc: Document, rev: Revision, node: Node, labels: dict[str, str] | None,
                classified: bool, cross: dict[tuple[str, str], str] | None = None) -> Iterator[Text]:
    where = _where(doc, rev, node)
    key = (doc.id, node.id)
    for name, value in _prose(node):
        yield Text(HEADING if name in _HEADINGS else TEXT, value, f"{name} of {where}", node.location, key,
                   classified, rev.id)
    for para in node.text:
        text = (resolved(para, labels if labels is not None else _resolver(doc, rev), cross) if "{ref:" in para
                else para)
        yield Text(TEXT, text, f"text of {where}", node.location, key, classified, rev.id)


def shown_texts(view: PolicySet) -> Iterator[Text]:
    """Every text of a view that a renderer may show, with where it came from."""
    from toolkit.model.wareki import wareki

    yield Text(TEXT, view.organisation, "organisation")
    for c in view.classifications:
        yield Text(HEADING, c.label, f"label of classification {c.id}")
        if c.banner:
            yield Text(TEXT, c.banner, f"banner of classification {c.id}")
    for a in view.audiences:
        yield Text(HEADING, a.label, f"label of audience {a.id}")
    for g in view.grounds:
        yield Text(HEADING, g.label, f"label of ground {g.id}")
        yield Text(TEXT, g.text, f"text of ground {g.id}")
    for doc in view.documents:
        where = f"document {doc.id}" + (f" ({doc.location})" if doc.location else "")
        for text in (doc.title, doc.public_name):
            yield Text(HEADING, text, f"title of {where}", doc.location)
            yield Text(HEADING, view.organisation + text, f"title of {where}", doc.location)  # 「千曲市」+ title
        if doc.series:
            yield Text(HEADING, doc.series, f"series of {where}", doc.location)
            yield Text(HEADING, view.organisation + doc.series, f"series of {where}", doc.location)
        for entry in getattr(doc, "ledger", ()):  # dates the city prints even for dropped revisions
            yield Text(TEXT, wareki(entry.date), f"ledger of {where}", doc.location)
            yield Text(TEXT, entry.kind, f"ledger of {where}", doc.location)
            if not entry.has_text and entry.summary:  # a history-only entry (本文なし): its summary is its only text
                yield Text(TEXT, entry.summary, f"summary of history-only entry {doc.id} {entry.id}", entry.location)
        for rev in (*doc.revisions, *doc.announced):  # announced: adopted, in force later (issue 10)
            rwhere = f"revision {doc.id} {rev.id}" + (f" ({rev.location})" if rev.location else "")
            yield Text(TEXT, rev.summary, f"summary of {rwhere}", rev.location)
            yield Text(TEXT, wareki(rev.date), f"date of {rwhere}", rev.location)
            if rev.note:
                yield Text(TEXT, rev.note, f"note of {rwhere}", rev.location)
            labels: dict[str, str] | None = None
            for node in rev.walk():
                if any("{ref:" in p for p in node.text) and labels is None:
                    labels = _resolver(doc, rev)
                yield from _node_texts(doc, rev, node, labels, False)


def view_texts(view: PolicySet) -> Iterator[str]:
    """The text alone of every :func:`shown_texts` (what the site's search may index, what a test looks for)."""
    for t in shown_texts(view):
        yield t.text


def left_out(policy: PolicySet, view: PolicySet) -> Iterator[Text]:
    """Every text of ``policy`` that ``view`` does not show (its :attr:`Text.classified` says why).

    Compared by id: a document the view withholds or lacks, a revision it
    drops, a node it drops or shows as a withheld placeholder, and any title,
    series, summary or note it shows differently (e.g. a withheld document's
    real title, or the notes a disclosure edition drops).  Left out *because
    of a classification*: everything of a withheld document, a node missing
    from (or withheld in) a revision the view shows, and a node of a dropped
    revision whose classification the view's audience may not see.
    """
    from toolkit.view.redact import audience_of
    from toolkit.view.reference import is_reference

    shown_docs = {d.id: d for d in view.documents}
    cross: dict[tuple[str, str], str] | None = None  # made when a left-out text cites another document
    try:
        seen = audience_of(policy, view.audience_id or PUBLIC).sees
    except KeyError:  # a view for no audience of policyset.yaml (the disclosure edition): its reader is the public
        seen = audience_of(policy, PUBLIC).sees
    for doc in policy.documents:
        vdoc = shown_docs.get(doc.id)
        if is_reference(doc):  # the publisher's public text, which city clauses may quote word for word (the
            continue  # guideline's 例文): no fingerprint; that no view holds it is redact's rule (view.reference)
        doc_hidden = vdoc.withheld if vdoc is not None else document_classification(policy, doc) not in seen
        elsewhere = vdoc is None and not doc_hidden  # a document the reader may see, just not in this artifact
        where = f"{doc.id}" + (f" ({doc.location})" if doc.location else "")
        if not elsewhere and (vdoc is None or vdoc.title != doc.title):
            yield Text(HEADING, doc.title, f"title of withheld document {where}", doc.location, None, doc_hidden)
        if not elsewhere and doc.series and (vdoc is None or vdoc.series != doc.series):
            yield Text(HEADING, doc.series, f"series of withheld document {where}", doc.location, None, doc_hidden)
        vrevs = ({r.id: r for r in (*vdoc.revisions, *vdoc.announced)}  # announced revisions are shown too
                 if vdoc is not None and not vdoc.withheld else {})
        vhistory = ({e.id: e.summary for e in vdoc.history_only}
                    if vdoc is not None and not vdoc.withheld else {})
        for entry in doc.history_only:  # 本文なし: the summary is the entry's one text
            if not elsewhere and entry.summary and vhistory.get(entry.id) != entry.summary:
                yield Text(TEXT, entry.summary, f"summary of history-only entry {doc.id} {entry.id}"
                           + (f" ({entry.location})" if entry.location else ""), entry.location, None, doc_hidden)
        for rev in doc.revisions:
            vrev = vrevs.get(rev.id)
            rwhere = f"{doc.id} {rev.id}" + (f" ({rev.location})" if rev.location else "")
            if not elsewhere and (vrev is None or vrev.summary != rev.summary):
                yield Text(TEXT, rev.summary, f"summary of revision {rwhere}", rev.location, None, doc_hidden)
            if not elsewhere and rev.note and (vrev is None or vrev.note != rev.note):
                yield Text(TEXT, rev.note, f"note of revision {rwhere}", rev.location, None, doc_hidden)
            vnodes = {n.id: n for n in vrev.walk()} if vrev is not None else {}
            unseen = _unseen(policy, seen, doc, rev) if vrev is None and not doc_hidden else set()
            labels: dict[str, str] | None = None
            for node in rev.walk():
                vn = vnodes.get(node.id)
                if vn is not None and not vn.withheld:
                    shown_prose = dict(_prose(vn))
                    for name, value in _prose(node):  # a field the view drops (a note, a 改正理由)
                        if shown_prose.get(name) != value:
                            yield Text(HEADING if name in _HEADINGS else TEXT, value,
                                       f"{name} of {_where(doc, rev, node)}", node.location, (doc.id, node.id), False,
                                       rev.id)
                    continue
                classified = doc_hidden or vrev is not None or node.id in unseen
                if elsewhere and not classified:
                    continue
                if labels is None and any("{ref:" in p for p in node.text):
                    labels = _resolver(doc, rev)
                if cross is None and any("{ref:" in p for p in node.text):
                    cross = _cross_labels(policy)
                yield from _node_texts(doc, rev, node, labels, classified, cross)


__all__ = ["HEADING", "TEXT", "NodeVisibility", "Text", "document_classification", "left_out",
           "node_classifications", "node_visibility", "resolved", "sees", "shown_texts", "view_texts"]
