"""The change set (変更一覧) between two revisions of one document.

A :class:`ChangeSet` lists every clause of both revisions exactly once, as a
:class:`ClauseChange`, in reading order: the new revision's order, with each
removed clause placed where it stood in the old one.  That is the row order of
a 新旧対照表, so renderers walk ``changes`` top to bottom.

A clause's *content* is what a reader sees of it, number aside: the heading
(title or defined term) on the first line when it has one, then one line per
paragraph, with ``{ref:id}`` resolved to the number current in that revision
(so 「上記3」 becoming 「上記4」 is a change of wording, as it is in print).

A clause's *level* (区分: 公開 / 庁内限り / 関係者限り, its effective classification) is compared too:
a clause whose level changed is :attr:`ClauseChange.reclassified` whatever else changed, and one that
reads the same in the same place is of kind ``reclassified`` (区分の変更), not unchanged: lowering a
classification is a change someone decides, never a side effect.

The 附則 (supplementary provisions) follow the body's clauses, compared among
themselves (:attr:`ClauseChange.supplementary`); :meth:`ChangeSet.counts` counts
the body's clauses (条項) unless asked for the 附則.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.model import Classification, Node
from toolkit.model.numbering import SUPPLEMENTARY, Placed

# Segment operations.
EQUAL = "="
DELETE = "-"  # only in the old text (改正前)
INSERT = "+"  # only in the new text (改正後)

# Clause kinds, in the order counts are reported.
ADDED = "added"  # 新設
MODIFIED = "modified"  # 改正 (wording changed)
REMOVED = "removed"  # 削る
RENUMBERED = "renumbered"  # same wording, own number changed (e.g. (8) → (9))
MOVED = "moved"  # same wording, another parent or another place among its siblings
RECLASSIFIED = "reclassified"  # same wording, number and place; its classification (区分) changed
UNCHANGED = "unchanged"
KINDS = (ADDED, MODIFIED, REMOVED, RENUMBERED, MOVED, RECLASSIFIED, UNCHANGED)


@dataclass(frozen=True)
class Segment:
    """A run of characters: ``op`` is ``"="`` (in both), ``"-"`` (old only) or ``"+"`` (new only)."""

    op: str
    text: str


@dataclass(frozen=True)
class ClauseChange:
    """One clause of the old revision, the new one, or both.

    ``old`` / ``new`` are the clause as placed in each revision
    (:class:`~toolkit.model.numbering.Placed`: node, depth, printed label,
    citation form, parent id); one of them is ``None`` for an added or removed
    clause.  ``segments`` cover the whole content: joining the ``=`` and ``-``
    texts gives the old content, the ``=`` and ``+`` texts the new one (an
    added clause is one ``+`` segment, a removed one one ``-`` segment).
    ``formatting_only`` is set on a modified clause whose two contents differ
    only in width, 、/， style or spacing.  ``matched_by`` says how the two
    sides were paired: ``"id"``, ``"text"`` (similar wording, different ids) or
    ``None`` (one side only).
    """

    kind: str
    old: Placed | None
    new: Placed | None
    segments: tuple[Segment, ...]
    formatting_only: bool = False
    matched_by: str | None = None
    # the clause's effective classification on each side (None: that side is absent)
    old_level: Classification | None = None
    new_level: Classification | None = None

    @property
    def reclassified(self) -> bool:
        """Both sides present and their classifications differ (区分の変更)."""
        return self.old_level is not None and self.new_level is not None and self.old_level.id != self.new_level.id

    @property
    def lowered(self) -> bool:
        """Reclassified to a less restricted level (e.g. 関係者限り → 公開): a declassification."""
        return self.reclassified and self.new_level.rank < self.old_level.rank  # type: ignore[union-attr]

    @property
    def level_change(self) -> str:
        """「区分の変更：関係者限り → 公開」, or '' when the classification did not change."""
        if not self.reclassified:
            return ""
        return f"区分の変更：{self.old_level.label} → {self.new_level.label}"  # type: ignore[union-attr]

    @property
    def id(self) -> str:
        """The clause id (the new one when an id changed)."""
        placed = self.new or self.old
        assert placed is not None
        return placed.node.id

    @property
    def supplementary(self) -> bool:
        """A 附則 (placed by :func:`toolkit.diff.supplementary_placed`), not a clause of the body."""
        placed = self.new or self.old
        return placed is not None and placed.style == SUPPLEMENTARY

    @property
    def old_node(self) -> Node | None:
        return self.old.node if self.old else None

    @property
    def new_node(self) -> Node | None:
        return self.new.node if self.new else None

    @property
    def old_label(self) -> str | None:
        """The number as printed in the old revision, e.g. ``(8)``."""
        return self.old.label if self.old else None

    @property
    def new_label(self) -> str | None:
        """The number as printed in the new revision, e.g. ``(9)``."""
        return self.new.label if self.new else None

    @property
    def old_ref(self) -> str | None:
        """The full citation form in the old revision, e.g. ``6(8)``."""
        return self.old.ref if self.old else None

    @property
    def new_ref(self) -> str | None:
        """The full citation form in the new revision, e.g. ``6(9)``."""
        return self.new.ref if self.new else None

    @property
    def old_text(self) -> str:
        """The old content (empty for an added clause)."""
        return "".join(s.text for s in self.segments if s.op != INSERT)

    @property
    def new_text(self) -> str:
        """The new content (empty for a removed clause)."""
        return "".join(s.text for s in self.segments if s.op != DELETE)

    @property
    def changed(self) -> bool:
        """True unless the clause is unchanged in wording, number and place."""
        return self.kind != UNCHANGED

    @property
    def renumbered_only(self) -> bool:
        """Only its own number shifted, because a clause was inserted or removed before it (wording,
        place among its siblings and classification kept): a consequence, not a decision — it needs
        no 改正理由 of its own."""
        return self.kind == RENUMBERED and not self.reclassified

    @property
    def text_changed(self) -> bool:
        """True when some character differs (added, removed or modified)."""
        return any(s.op != EQUAL for s in self.segments)


@dataclass(frozen=True)
class ChangeSet:
    """Every clause of two revisions of one document, classified (see module docstring)."""

    doc_id: str
    old_rev: str
    new_rev: str
    changes: tuple[ClauseChange, ...]

    def counts(self, *, supplementary: bool = False) -> dict[str, int]:
        """Clauses of the body per kind, every kind present: added, modified, removed, renumbered,
        moved, unchanged; with ``supplementary``, the 附則 per kind instead."""
        out = dict.fromkeys(KINDS, 0)
        for c in self.changes:
            if c.supplementary == supplementary:
                out[c.kind] += 1
        return out

    @property
    def has_supplementary(self) -> bool:
        """Whether either revision has 附則 (then outputs count them apart)."""
        return any(c.supplementary for c in self.changes)

    @property
    def formatting_only(self) -> int:
        """How many modified clauses of the body differ in formatting only."""
        return sum(1 for c in self.changes if c.formatting_only and not c.supplementary)

    def changed(self) -> Iterator[ClauseChange]:
        """The changes a reader needs to see (everything but unchanged clauses)."""
        return (c for c in self.changes if c.changed)

    @property
    def is_empty(self) -> bool:
        """True when the two revisions read the same, clause by clause."""
        return all(not c.changed for c in self.changes)
