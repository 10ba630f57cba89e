"""What there is to learn in one revision of a document, read from a (redacted) view.

Facts are read from structure, so any document yields them: every defined
term (定義), every titled clause with its text and list items, the documents
withheld from the public and their ground.  ``training/decks.yaml`` names the
few roles structure cannot show: enumerations inside a sentence, list items
that open with their subject, key sentences.  The text is the policy's,
word for word (references resolved to the current numbers); a role whose
clause or wording is gone is dropped with a message, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from toolkit.model import PUBLIC, Document, Node, PolicySet, Revision
from toolkit.model.numbering import Placed, place
from toolkit.model.refs import resolve
from toolkit.training.model import Source
from toolkit.training.settings import Enumeration, KeySentence, SubjectItems, TrainingSettings
from toolkit.view.redact import redact

_ENUM_SPLIT = re.compile(r"、|及び|並びに")


@dataclass(frozen=True)
class Definition:
    """A defined term (用語) and its meaning."""

    source: Source
    term: str
    meaning: str


@dataclass(frozen=True)
class Clause:
    """A titled clause: its text and, when it lists items, the items with their numbers."""

    source: Source
    parent_id: str | None
    depth: int
    title: str
    text: tuple[str, ...]
    items: tuple[tuple[str, str], ...] = ()  # (printed number, text)
    items_withheld: bool = False  # the view left out some items (their numbers skip)

    @property
    def content(self) -> str:
        """What the clause says: its text, then its items with their numbers."""
        return "\n".join([*self.text, *(f"{label} {text}" for label, text in self.items)])


@dataclass(frozen=True)
class SubjectItem:
    """A list item that opens with its subject: 「マイナンバー利用事務系においては、…」."""

    source: Source
    group: str  # the parent clause id: items of one group are alternatives to each other
    group_title: str
    subject: str
    rest: str  # the sentence after the subject and ``until``
    sentence: str
    until: str
    prompt: str


@dataclass(frozen=True)
class EnumerationFact:
    """The items of an enumeration in the current wording."""

    source: Source
    enumeration: Enumeration
    items: tuple[str, ...]


@dataclass(frozen=True)
class NonPublic:
    """A document the public may know only by name, and the ground for withholding it."""

    source: Source  # the clause that says it is non-public
    doc_id: str
    name: str
    ground_label: str
    ground_text: str


@dataclass(frozen=True)
class KeySentenceFact:
    """A paragraph to learn word for word, with the phrases to blank out."""

    source: Source
    key: KeySentence
    sentence: str
    hide: tuple[str, ...]


@dataclass
class DocumentFacts:
    """Everything to learn in one revision of one document."""

    doc: Document
    revision: Revision
    definitions: list[Definition] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    subjects: list[SubjectItem] = field(default_factory=list)
    enumerations: list[EnumerationFact] = field(default_factory=list)
    key_sentences: list[KeySentenceFact] = field(default_factory=list)
    non_public: list[NonPublic] = field(default_factory=list)
    passages: list[tuple[Source, str]] = field(default_factory=list)  # every paragraph, with its clause


def short_name(doc: Document) -> str:
    """基本方針 for 情報セキュリティ基本方針: how staff cite a document."""
    name = doc.public_name or doc.title
    return name.removeprefix("情報セキュリティ") or name


def source_of(doc: Document, rev: Revision, placed: Placed | None, top: dict[str, str],
              labels: dict[str, str] | None = None) -> Source:
    """Where an item comes from, with the clause's heading and wording (references resolved)."""
    text = ""
    if placed is not None:
        labels = labels_in(doc, rev) if labels is None else labels
        text = "\n".join(resolve(t, labels) for t in placed.node.text)
    return Source(
        doc_id=doc.id,
        doc_name=short_name(doc),
        clause_id=placed.node.id if placed else None,
        ref=placed.ref if placed else "",
        section=top.get(placed.node.id, "") if placed else "",
        revision=rev.id,
        revision_date=rev.date,
        provenance=rev.provenance,
        since=rev.id,
        since_date=rev.date,
        path=placed.path if placed else (),
        heading=(placed.node.heading or "") if placed else "",
        text=text,
    )


# The numbered nodes of a revision and their citation forms, worked out once per revision object:
# the facts, each item's source, the sections, a quiz's draw and the scenarios all read them.
# Keyed by identity (hashing a frozen 3,000-article tree costs more than numbering it), the
# objects held so their ids are never reused.
_PLACED: dict[tuple[int, int], tuple[Document, Revision, tuple[Placed, ...], dict[str, str]]] = {}
_PLACED_KEPT = 8


def _placed(doc: Document, rev: Revision) -> tuple[Document, Revision, tuple[Placed, ...], dict[str, str]]:
    hit = _PLACED.get((id(doc), id(rev)))
    if hit is None or hit[0] is not doc or hit[1] is not rev:
        placed = tuple(place(doc, rev))
        if len(_PLACED) >= _PLACED_KEPT:
            del _PLACED[next(iter(_PLACED))]
        hit = _PLACED[(id(doc), id(rev))] = (doc, rev, placed, {p.node.id: p.ref for p in placed})
    return hit


def placed_in(doc: Document, rev: Revision) -> tuple[Placed, ...]:
    """Every node of ``rev`` in reading order with its number (:func:`toolkit.model.numbering.place`)."""
    return _placed(doc, rev)[2]


def labels_in(doc: Document, rev: Revision) -> dict[str, str]:
    """id → citation form (:func:`toolkit.model.numbering.ref_labels`), for resolving ``{ref:id}``; read only."""
    return _placed(doc, rev)[3]


def sections(doc: Document, rev: Revision) -> dict[str, str]:
    """node id → its top-level section, e.g. 「2. 定義」."""
    out: dict[str, str] = {}
    current = ""
    for p in placed_in(doc, rev):
        if p.depth == 1:
            current = f"{p.label} {p.node.heading or ''}".strip()
        out[p.node.id] = current
    return out


def _is_item(node: Node) -> bool:
    return node.title is None and node.term is None and bool(node.text)


def enumeration_items(enum: Enumeration, rev: Revision) -> tuple[str, ...]:
    """The items between the markers, split on 、/及び/並びに ((): markers or clause not found)."""
    try:
        node = rev.node(enum.clause_id)
    except KeyError:
        return ()
    for para in node.text:
        start = para.find(enum.before)
        if start < 0:
            continue
        start += len(enum.before)
        end = para.find(enum.after, start)
        if end < 0:
            continue
        return tuple(i.strip() for i in _ENUM_SPLIT.split(para[start:end]) if i.strip())
    return ()


def document_facts(view: PolicySet, doc: Document, rev: Revision, settings: TrainingSettings,
                   messages: list[str], withheld: list[Document] | None = None) -> DocumentFacts:
    """The facts of ``rev`` of ``doc``, a document of ``view`` (hidden parts are already gone).

    ``withheld``: the documents withheld from the public (:func:`withheld_from_public`).
    """
    labels = labels_in(doc, rev)
    top = sections(doc, rev)
    placed = {p.node.id: p for p in placed_in(doc, rev)}
    facts = DocumentFacts(doc, rev)

    def text_of(node: Node) -> tuple[str, ...]:
        return tuple(resolve(t, labels) for t in node.text)

    for p in placed.values():
        node = p.node
        src = source_of(doc, rev, p, top, labels)
        facts.passages.extend((src, t) for t in text_of(node) if t.strip())
        if node.term is not None and node.text:
            facts.definitions.append(Definition(src, node.term, "\n".join(text_of(node))))
        elif node.title is not None and (node.text or any(_is_item(c) for c in node.children)):
            items = tuple((placed[c.id].label, "\n".join(text_of(c))) for c in node.children if _is_item(c))
            # numbers come from the full text (seq); a gap means the view hid an item
            seqs = [c.seq for c in node.children]
            gaps = bool(seqs) and seqs != list(range(1, len(seqs) + 1))
            facts.clauses.append(Clause(src, p.parent_id, p.depth, node.title, text_of(node), items, gaps))

    for i, n in enumerate(rev.preamble, start=1):  # 前文: passages to learn from, cited as 「前文」
        src = source_of(doc, rev, Placed(n, 1, (0, i), "", "前文", None, "前文"), top, labels)
        facts.passages.extend((src, t) for t in text_of(n) if t.strip())

    def where(loc_item: SubjectItems | Enumeration | KeySentence) -> str:
        return f"{loc_item.location}: {doc.id} {rev.id}"

    for s in (s for s in settings.subject_items if s.doc_id == doc.id):
        parent = placed.get(s.clause_id)
        if parent is None:
            messages.append(f"{where(s)}: clause {s.clause_id!r} is not in this revision; its subject cards are dropped")
            continue
        for child in parent.node.children:
            if not _is_item(child):
                continue
            sentence = "\n".join(text_of(child))
            subject, sep, rest = sentence.partition(s.until)
            if not sep or not subject or "\n" in subject:
                messages.append(f"{where(s)}: item {child.id!r} does not open with 「…{s.until}」; skipped")
                continue
            facts.subjects.append(SubjectItem(source_of(doc, rev, placed[child.id], top, labels), s.clause_id,
                                              parent.node.heading or "", subject, rest, sentence, s.until, s.prompt))

    for e in (e for e in settings.enumerations if e.doc_id == doc.id):
        if e.clause_id not in placed:
            messages.append(f"{where(e)}: clause {e.clause_id!r} is not in this revision; enumeration {e.id!r} dropped")
            continue
        names = enumeration_items(e, rev)
        if len(names) < 2:
            messages.append(f"{where(e)}: 「{e.before}」…「{e.after}」 not found in {e.clause_id!r}; "
                            f"enumeration {e.id!r} dropped")
            continue
        facts.enumerations.append(EnumerationFact(source_of(doc, rev, placed[e.clause_id], top, labels), e, names))

    for k in (k for k in settings.key_sentences if k.doc_id == doc.id):
        if k.clause_id not in placed:
            messages.append(f"{where(k)}: clause {k.clause_id!r} is not in this revision; key sentence dropped")
            continue
        paras = text_of(placed[k.clause_id].node)
        para = next((t for t in paras if all(h in t for h in k.hide)), None)
        if para is None:
            missing = [h for h in k.hide if not any(h in t for t in paras)]
            messages.append(f"{where(k)}: {k.clause_id!r} no longer says 「{'」「'.join(missing)}」 in one paragraph; "
                            "key sentence dropped")
            continue
        facts.key_sentences.append(KeySentenceFact(source_of(doc, rev, placed[k.clause_id], top, labels), k, para, k.hide))
    if withheld is None:
        withheld = withheld_from_public(view)
    facts.non_public = _non_public(doc, rev, view, withheld, placed, top)
    return facts


def withheld_from_public(view: PolicySet) -> list[Document]:
    """Documents the public may know only by name (stubs with their ground).

    Decided by :func:`toolkit.view.redact.redact` (the view redacted once more
    for the public), never here.
    """
    return [d for d in redact(view, PUBLIC).documents if d.withheld]


def _non_public(doc: Document, rev: Revision, view: PolicySet, withheld: list[Document],
                placed: dict[str, Placed], top: dict[str, str]) -> list[NonPublic]:
    """The withheld documents this revision says are non-public (e.g. 基本方針 9 and 10)."""
    out = []
    saying = [p for p in placed.values() if any("非公開" in t for t in p.node.text)]  # once, not once per stub
    for stub in withheld:
        for p in saying:
            if any(stub.public_name in t and "非公開" in t for t in p.node.text):
                ground = view.ground(stub.ground) if stub.ground else None
                out.append(NonPublic(source_of(doc, rev, p, top), stub.id, stub.public_name,
                                     ground.label if ground else "", ground.text if ground else ""))
                break
    return out


def revisions_up_to(doc: Document, rev_id: str | None) -> Iterator[Revision]:
    """The document's revisions, oldest first, up to and including ``rev_id`` (default: the text in
    force, ``doc.current``: a staff view also holds drafts, which are not taught — issue 10)."""
    last = rev_id if rev_id is not None else (doc.current.id if doc.revisions else None)
    for r in doc.revisions:
        yield r
        if r.id == last:
            return
    if rev_id is not None and rev_id not in {r.id for r in doc.revisions}:
        raise KeyError(f"{doc.id} has no revision {rev_id!r} in this view")
