"""The classification a 新旧対照表 shows (区分表示): for its banner and for each change.

A diff is taken on an audience's view (:func:`toolkit.view.redact.redact`);
this says, of what that view left in, the most restricted level shown — the
banner every diff output carries — and the level of each clause.  It decides
nothing about visibility: that was done by the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.diff.changeset import ClauseChange
from toolkit.model import Classification, Document, PolicySet, Revision
from toolkit.view.levels import document_classification
from toolkit.view.visibility import node_classifications


@dataclass(frozen=True)
class Marking:
    """``highest``: the most restricted level in the output; ``document``: the document's own
    level; ``levels``: each clause's level by ``(revision id, node id)``; ``audience``: whose view."""

    highest: Classification
    document: Classification
    audience: str
    levels: dict[tuple[str, str], Classification] = field(default_factory=dict)
    draft: bool = False  # a side is a draft (案): unadopted text, never below the first non-public level

    @property
    def label(self) -> str:
        """「庁内限り」, 「案・庁内限り」 for a draft's table."""
        return ("案・" if self.draft else "") + self.highest.label

    def note(self, level: Classification) -> str:
        """「［関係者限り］」 for a clause more restricted than its document, else ''."""
        return f"［{level.label}］" if level.rank > self.document.rank else ""

    @property
    def banner(self) -> str:
        """One line naming the level: 「【庁内限り】庁内限り　この文書は…」 (label, then the policy's banner text)."""
        tail = self.highest.banner or ""
        return f"【{self.label}】{tail}"

    def of_change(self, change: ClauseChange, old_rev: str, new_rev: str) -> Classification:
        """The more restricted level of the clause's two sides."""
        sides = [self.levels[(rev, n.id)] for rev, n in ((old_rev, change.old_node), (new_rev, change.new_node))
                 if n is not None and (rev, n.id) in self.levels]
        return max(sides, key=lambda c: c.rank) if sides else self.highest


def marking(view: PolicySet, doc: Document, old: Revision, new: Revision) -> Marking:
    """The marking of a diff of ``old`` → ``new`` of ``doc`` taken on ``view``.

    The document's own level counts (its title is shown), so a 庁内限り
    document is never marked lower even if every clause shown is public; a draft's
    table (案) is never marked lower than the first non-public level (issue 21 §5).
    """
    by_id = {c.id: c for c in view.classifications}
    doc_level = by_id[document_classification(view, doc)]
    levels = {(rev.id, node_id): by_id[cls] for rev in (old, new)  # 附則 inherit the document's level too
              for node_id, cls in node_classifications(view, doc, rev).items()}
    highest = max([doc_level, *levels.values()], key=lambda c: c.rank)
    draft = old.is_draft or new.is_draft
    if draft:  # unadopted text is the committee's, not the public's, whatever its clauses' levels
        ranks = sorted(view.classifications, key=lambda c: c.rank)
        floor = ranks[1] if len(ranks) > 1 else ranks[0]
        highest = max(highest, floor, key=lambda c: c.rank)
    return Marking(highest, doc_level, view.audience_id or "", levels, draft)
