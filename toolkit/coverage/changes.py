"""ガイドライン改定に伴う見直し対象: the city clauses that follow guideline sections a new edition changed.

The guideline's 新旧対照表 is :func:`toolkit.diff.compare` between its two editions (a reference
document's editions are revisions like any other); a section whose wording changed (改正), that was
removed (削除) or moved to another chapter or place (移動) asks every city clause following it to be
reviewed.  A renumbering alone does not (the link is by id, and the number shows through).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.coverage import CityClause, city_clauses
from toolkit.diff import MODIFIED, MOVED, REMOVED, ChangeSet, ClauseChange, compare
from toolkit.model import Document, Revision

REVIEW_KINDS = (MODIFIED, REMOVED, MOVED)


@dataclass(frozen=True)
class ReviewTarget:
    """One changed guideline section and the city clauses that follow it (none: nothing to review)."""

    change: ClauseChange
    clauses: tuple[CityClause, ...]


@dataclass(frozen=True)
class EditionChanges:
    reference: Document
    old: Revision
    new: Revision
    document: Document  # the city document (a view)
    revision: Revision  # its text in force
    changeset: ChangeSet  # the whole 新旧対照表 of the guideline
    targets: tuple[ReviewTarget, ...]  # every changed section, in the 新旧対照表's order

    @property
    def to_review(self) -> tuple[ReviewTarget, ...]:
        """The changed sections some city clause follows (見直し対象)."""
        return tuple(t for t in self.targets if t.clauses)

    @property
    def review_table(self) -> ChangeSet:
        """The guideline's 新旧対照表 reduced to the sections to review."""
        return replace(self.changeset, changes=tuple(t.change for t in self.to_review))

    def counts(self) -> dict[str, int]:
        kinds = {k: sum(1 for t in self.targets if t.change.kind == k) for k in REVIEW_KINDS}
        return {**kinds, "sections_to_review": len(self.to_review),
                "clauses_to_review": len({c.id for t in self.to_review for c in t.clauses})}


def edition_changes(reference: Document, old: Revision, new: Revision, doc: Document, rev: Revision) -> EditionChanges:
    """The changes from edition ``old`` to ``new`` of ``reference`` that ``rev`` of the city document follows."""
    changeset = compare(reference, old, new)
    clauses = city_clauses(doc, rev, reference.id)
    targets = []
    for change in changeset.changes:
        if change.kind not in REVIEW_KINDS or change.supplementary:
            continue
        node = change.new_node or change.old_node
        assert node is not None
        ids = {n.id for n in node.walk()}  # a clause following a part of a changed section follows it too
        targets.append(ReviewTarget(change, tuple(c for c in clauses if ids & set(c.follows))))
    return EditionChanges(reference, old, new, doc, rev, changeset, tuple(targets))
