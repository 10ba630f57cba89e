"""Which hand-written training items a revision puts up for review (見直し対象の設問).

A hand-written question or scenario names the clauses it applies and the
revision it was written against.  When one of those clauses changes (its
wording, or it is removed) in a new revision, the item no longer goes into
any quiz (see :mod:`toolkit.training.questions`) until someone reads it
again and updates its ``revision``.  :func:`questions_affected` lists them for
a change set, so the review package (見直し資料) can show the trainers' work
next to the clauses that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.diff.changeset import MODIFIED, REMOVED, ChangeSet
from toolkit.errors import Location
from toolkit.training.settings import DEFAULT_DIR, TrainingSettings, load_training

NEEDS_REVIEW = (MODIFIED, REMOVED)  # a renumbered or moved clause reads the same: items cite clauses by title


@dataclass(frozen=True)
class Affected:
    """A hand-written item to review: what it is, where it is written, which clause changed and how."""

    kind: str  # "question" (questions.yaml) or "scenario" (scenarios.yaml)
    id: str
    location: Location
    doc_id: str
    clause_id: str
    change: str  # modified / removed
    written_against: str  # the revision the item was written against

    def __str__(self) -> str:
        return (f"{self.location}: {self.kind} {self.id!r} applies {self.doc_id}/{self.clause_id}, "
                f"{self.change} in this revision (written against {self.written_against}): review it")


def questions_affected(changeset: ChangeSet, settings: TrainingSettings | None = None,
                       training_dir: Path | str = DEFAULT_DIR) -> list[Affected]:
    """The hand-written questions and scenarios that apply a clause ``changeset`` modifies or removes.

    ``settings`` defaults to the inputs in ``training_dir`` (``training/``).
    """
    if settings is None:
        settings = load_training(training_dir)
    # a 附則 (施行期日, 経過措置) is no rule an item applies: its change puts nothing up for review
    clauses = [c for c in changeset.changed() if c.kind in NEEDS_REVIEW and not c.supplementary]
    changed = {c.id: c.kind for c in clauses}
    # an id that changed keeps the old one on the old side
    changed.update({c.old.node.id: c.kind for c in clauses if c.old})
    out: list[Affected] = []
    new = changeset.new_rev  # an item written against the new revision has been reviewed already
    for q in settings.questions:
        if q.doc_id == changeset.doc_id and q.clause_id in changed and q.revision != new:
            out.append(Affected("question", q.id, q.location, q.doc_id, q.clause_id, changed[q.clause_id], q.revision))
    for sc in settings.scenarios:
        for doc_id, clause_id in sc.clauses:
            if doc_id == changeset.doc_id and clause_id in changed and sc.revisions[doc_id] != new:
                out.append(Affected("scenario", sc.id, sc.location, doc_id, clause_id, changed[clause_id],
                                    sc.revisions[doc_id]))
    return out
