"""Coverage against the guideline, and the review list of a new edition, as JSON (for tools).

Model in (:class:`toolkit.coverage.Coverage`, :class:`toolkit.coverage.changes.EditionChanges`),
sorted keys and no dates but the source's, so the same source gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from toolkit.coverage import CityClause, Coverage, Section
from toolkit.coverage.changes import EditionChanges
from toolkit.diff.marking import Marking


def _section(s: Section) -> dict[str, Any]:
    return {"id": s.id, "number": s.ref, "title": s.title}


def _clause(c: CityClause) -> dict[str, Any]:
    return {"id": c.id, "number": c.ref, "title": c.title, "follows": list(c.follows)}


def _reference(doc_id: str, title: str, publisher: str | None, edition: str, summary: str) -> dict[str, Any]:
    return {"id": doc_id, "title": title, "publisher": publisher, "edition": edition, "edition_name": summary}


def to_dict(cov: Coverage, marking: Marking) -> dict[str, Any]:
    ref = cov.reference
    right, total = cov.accuracy
    return {
        "classification": marking.highest.id, "marking": marking.banner,
        "reference": _reference(ref.document.id, ref.document.title, ref.document.publisher, ref.edition.id,
                                ref.edition.summary),
        "document": {"id": cov.document.id, "title": cov.document.title, "revision": cov.revision.id},
        "as_of": cov.as_of.isoformat(),
        "counts": cov.counts(),
        "chapters": [{**_section(ch.chapter),
                      "sections": len(ch.sections),
                      "uncovered": [_section(s) for s in ch.uncovered],
                      "followed_by": {s.id: [c.id for c in by] for s, by in ch.sections if by}}
                     for ch in cov.chapters],
        "following_nothing": [{**_clause(c), "suggestions": [{**_section(s.section), "score": s.score} for s in sug]}
                              for c, sug in cov.unlinked],
        "stale_links": [{**_clause(c), "section": sid} for c, sid in cov.stale],
        "suggestion_check": {"top1_right": right, "linked_clauses": total,
                             "method": "character-bigram TF-IDF cosine (toolkit.coverage.suggest)"},
    }


def changes_to_dict(ch: EditionChanges, marking: Marking) -> dict[str, Any]:
    return {
        "classification": marking.highest.id, "marking": marking.banner,
        "reference": {"id": ch.reference.id, "title": ch.reference.title, "publisher": ch.reference.publisher,
                      "old": ch.old.id, "old_name": ch.old.summary, "new": ch.new.id, "new_name": ch.new.summary},
        "document": {"id": ch.document.id, "title": ch.document.title, "revision": ch.revision.id},
        "counts": ch.counts(),
        "sections": [{"id": t.change.id, "kind": t.change.kind, "old_number": t.change.old_ref,
                      "new_number": t.change.new_ref, "old_text": t.change.old_text, "new_text": t.change.new_text,
                      "clauses": [_clause(c) for c in t.clauses]} for t in ch.targets],
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
