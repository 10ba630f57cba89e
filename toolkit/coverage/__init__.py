"""Coverage of a reference document (the 総務省 guideline) by a city document (issue 24).

Pure functions on the model.  The city side is a *view* (:func:`toolkit.view.redact.redact` for the
report's audience), the reference side a :class:`toolkit.view.reference.Reference` (its edition in
force on the day), so this module decides no visibility itself.

Units:

* a **guideline section** is a child of a top-level chapter of the edition (1. 組織体制 → (1) CISO);
  it is *covered* when a city clause follows it or a part of it;
* a **city clause** is a child of a top-level section of the city text (a top-level section without
  children is one itself); it follows what ``follows:`` on it or on any part of it names.  A link on a
  top-level section covers the guideline section it names, but makes none of its clauses "following".
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from toolkit.model import Document, Node, Revision
from toolkit.model.links import split_target
from toolkit.model.numbering import place
from toolkit.view.reference import Reference


@dataclass(frozen=True)
class Section:
    """One guideline section (or chapter) of the edition."""

    id: str
    ref: str  # its number in the edition: 2(1)
    title: str
    text: str  # heading and paragraphs, for similarity


@dataclass(frozen=True)
class CityClause:
    doc_id: str
    id: str
    ref: str  # its number in the city text: 2(3)
    title: str
    text: str
    follows: tuple[str, ...]  # section ids of the reference it follows (its own links and its parts')
    location: str = ""


@dataclass(frozen=True)
class Suggestion:
    section: Section
    score: float  # cosine similarity, 0–1


@dataclass(frozen=True)
class ChapterCoverage:
    chapter: Section
    sections: tuple[tuple[Section, tuple[CityClause, ...]], ...]  # each section with the clauses following it

    @property
    def uncovered(self) -> tuple[Section, ...]:
        return tuple(s for s, by in self.sections if not by)


@dataclass(frozen=True)
class Coverage:
    reference: Reference
    document: Document  # the city document (a view)
    revision: Revision  # its text in force on ``as_of``
    as_of: _dt.date
    chapters: tuple[ChapterCoverage, ...]
    clauses: tuple[CityClause, ...]
    unlinked: tuple[tuple[CityClause, tuple[Suggestion, ...]], ...]  # clauses that follow nothing
    stale: tuple[tuple[CityClause, str], ...]  # a link to a section this edition does not have
    accuracy: tuple[int, int] = (0, 0)  # suggestions checked on the known links: (top-1 right, links)

    def counts(self) -> dict[str, int]:
        sections = [s for c in self.chapters for s, _ in c.sections]
        uncovered = [s for c in self.chapters for s in c.uncovered]
        return {"sections": len(sections), "covered": len(sections) - len(uncovered), "uncovered": len(uncovered),
                "clauses": len(self.clauses), "following": len(self.clauses) - len(self.unlinked),
                "following_nothing": len(self.unlinked), "stale_links": len(self.stale)}


def _text(node: Node) -> str:
    return "\n".join(p for n in node.walk() for p in ((n.heading or ""), *n.text) if p)


def _links(node: Node, reference_id: str) -> tuple[str, ...]:
    out: list[str] = []
    for n in node.walk():
        for t in n.follows:
            target = split_target(t)
            if target and target[0] == reference_id and target[1] not in out:
                out.append(target[1])
    return tuple(out)


def sections(reference: Reference) -> tuple[tuple[Section, tuple[Section, ...]], ...]:
    """Each chapter of the edition with its sections."""
    refs = {p.node.id: p.ref for p in place(reference.document, reference.edition)}

    def section(n: Node) -> Section:
        return Section(n.id, refs.get(n.id, ""), n.heading or "", _text(n))

    return tuple((section(ch), tuple(section(s) for s in ch.children)) for ch in reference.edition.body)


def city_clauses(doc: Document, rev: Revision, reference_id: str) -> tuple[CityClause, ...]:
    refs = {p.node.id: p.ref for p in place(doc, rev)}
    units = [c for top in rev.body for c in (top.children or (top,))]
    return tuple(CityClause(doc.id, n.id, refs.get(n.id, ""), n.heading or "", _text(n), _links(n, reference_id),
                            str(n.location or "")) for n in units)


def coverage(reference: Reference, doc: Document, rev: Revision, as_of: _dt.date, *,
             suggestions: bool = True) -> Coverage:
    """How ``rev`` of the city document ``doc`` covers the reference's edition in force on ``as_of``; with
    ``suggestions`` (the report), the suggested sections of each clause following nothing and their accuracy."""
    from toolkit.coverage.suggest import Index, accuracy

    chapters = sections(reference)
    clauses = city_clauses(doc, rev, reference.document.id)
    # every link of the city text, top-level sections' included: what covers a guideline section
    unit_of = {n.id: c for c in clauses for n in rev.node(c.id).walk()}
    linked: dict[str, list[CityClause]] = {}
    for top in rev.body:
        for n in top.walk():
            for sid in _links(Node(n.id, follows=n.follows), reference.document.id):
                # a link on a top-level section: the section itself, as a clause following nothing more
                unit = unit_of.get(n.id) or CityClause(doc.id, top.id, "", top.heading or "", "", ())
                if unit not in linked.setdefault(sid, []):
                    linked[sid].append(unit)
    known = {n.id for n in reference.edition.walk()}
    parts = {s.id: {n.id for n in s.walk()} for ch in reference.edition.body for s in ch.children}
    out = tuple(ChapterCoverage(ch, tuple((s, tuple(c for sid in sorted(parts[s.id]) for c in linked.get(sid, ())))
                                          for s in ss)) for ch, ss in chapters)
    index = Index([s for _ch, ss in chapters for s in ss]) if suggestions else None
    unlinked = tuple((c, index.suggest(c.text) if index else ()) for c in clauses if not c.follows)
    stale = tuple((c, sid) for c in clauses for sid in c.follows if sid not in known)
    return Coverage(reference, doc, rev, as_of, out, clauses, unlinked, stale,
                    accuracy(index, clauses) if index else (0, 0))

