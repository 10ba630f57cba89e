"""Reference documents in the source (issue 24): ``kind: reference`` and ``publisher:`` on a
``documents:`` entry of policyset.yaml, and the ``follows:`` links of city clauses to them.

A reference document (the 総務省 guideline) is a document like any other in the source: a folder,
a ledger of revisions (its editions, provenance ``external``), full snapshots.  What makes it
not the city's is decided once, in :mod:`toolkit.view.reference`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

from toolkit.errors import Problem, Problems, quote
from toolkit.model import POLICY, REFERENCE, Document, PolicySet, Revision
from toolkit.model.links import split_target
from toolkit.source.schema import Fields

KINDS = (POLICY, REFERENCE)
EXTERNAL = "external"  # the provenance of a reference document's editions

DocumentKind = tuple[str, str | None]  # (kind, publisher)


def document_kind(d: Fields, problems: Problems) -> DocumentKind:
    """``kind`` (policy / reference) and ``publisher`` of a policyset.yaml document entry."""
    kind = d.opt("kind", str, POLICY)
    publisher = d.opt("publisher", str)
    if kind not in KINDS:
        problems.add(d.loc_of("kind"), f"unknown document kind {quote(kind)}", " / ".join(KINDS))
        kind = REFERENCE  # fail closed: an unreadable kind is never city policy
    if kind == REFERENCE and not publisher:
        problems.add(d.loc_of("kind"), "a reference document needs its publisher", "publisher: 総務省")
    if kind == POLICY and publisher is not None:
        problems.add(d.loc_of("publisher"), "'publisher' is for reference documents (kind: reference)",
                     "kind: reference, or no publisher")
    return kind, publisher


def with_kind(doc: Document, kind: DocumentKind | None) -> Document:
    return doc if kind is None or kind == (POLICY, None) else replace(doc, kind=kind[0], publisher=kind[1])


def edition_on(doc: Document, day: _dt.date) -> Revision | None:
    """The edition of a reference document in force on ``day`` (the newest published by then)."""
    return doc.in_force_on(day)


def validate_references(policy: PolicySet, problems: Problems) -> None:
    """A reference document's editions are ``external`` and it links to nothing; ``follows:`` names a
    section of a reference document that some edition has; ``implements:`` never names a reference."""
    refs = {d.id: d for d in policy.documents if d.kind == REFERENCE}
    ids = {d.id: {n.id for r in d.revisions for n in r.walk()} for d in refs.values()}
    for doc in policy.documents:
        for rev in doc.revisions:
            if doc.kind == REFERENCE and rev.provenance != EXTERNAL:
                problems.add(rev.location, f"edition {quote(rev.id)} of reference document {quote(doc.id)} has "
                             f"provenance {quote(rev.provenance)}", f"provenance: {EXTERNAL} (it is not the city's text)")
            if doc.kind != REFERENCE and rev.provenance == EXTERNAL:
                problems.add(rev.location, f"revision {quote(rev.id)} of {quote(doc.id)} has provenance "
                             f"{quote(EXTERNAL)}, which is for reference documents", "authoritative / reconstructed / sample")
            for node in rev.walk():
                if doc.kind == REFERENCE and (node.follows or node.implements):
                    problems.add(node.location, f"a section of reference document {quote(doc.id)} links to "
                                 "another document", "follows: / implements: on the city's clauses only")
                for t in node.implements:
                    target = split_target(t)
                    if target and target[0] in refs:
                        problems.add(node.location, f"implements {t!r} names reference document {target[0]!r}",
                                     f"follows: - {t}")
                for t in node.follows:
                    target = split_target(t)
                    if target is None:
                        problems.add(node.location, f"follows {t!r} is not a section of a reference document",
                                     "reference-id:section-id, e.g. guideline:org-ciso")
                    elif target[0] not in refs:
                        problems.add(node.location, f"follows {t!r}: no reference document {target[0]!r}",
                                     " / ".join(sorted(refs)) or "a documents: entry with kind: reference")
                    elif target[1] not in ids[target[0]]:
                        problems.add(node.location, f"follows {t!r}: no edition of {target[0]} has a section "
                                     f"{target[1]!r}", f"the id of a section of {target[0]}")
            if doc.kind != REFERENCE:
                seen: set[tuple[str, str]] = set()
                for node in rev.walk():
                    for t in node.follows:
                        if (node.id, t) in seen:
                            problems.add(node.location, f"follows {t!r} listed twice", "each section once")
                        seen.add((node.id, t))


def stale_follows(policy: PolicySet, day: _dt.date) -> list[Problem]:
    """Warnings: ``follows:`` of the city's current text naming a section that the edition in force
    on ``day`` does not have (removed by a new edition: review the link)."""
    out: list[Problem] = []
    refs = {d.id: d for d in policy.documents if d.kind == REFERENCE}
    for doc in policy.documents:
        if doc.kind == REFERENCE or not doc.revisions:
            continue
        for node in doc.current.walk():
            for t in node.follows:
                target = split_target(t)
                if not target or target[0] not in refs:
                    continue
                edition = edition_on(refs[target[0]], day)
                if edition is None:
                    out.append(Problem(node.location, f"follows {t!r}: no edition of {target[0]} is in force on {day}",
                                       "an edition dated on or before that day"))
                elif target[1] not in {n.id for n in edition.walk()}:
                    out.append(Problem(node.location, f"follows {t!r}: not in the edition in force on {day} "
                                       f"({target[0]} {edition.id}: {edition.summary})",
                                       "a section of that edition (policy coverage --changes lists what moved)"))
    return out
