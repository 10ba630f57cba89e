"""The change set as JSON for tools (format ``policy-changeset/1``).

The format is documented in ``docs/changeset-json.md``; keys and their order
are fixed, so the same two revisions always give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from toolkit.diff import UNCHANGED, ChangeSet, ClauseChange, Placed
from toolkit.diff.marking import Marking
from toolkit.diff.table import whole_revision_note
from toolkit.model import Document, Revision

FORMAT = "policy-changeset/1"


def to_dict(doc: Document, changeset: ChangeSet, marking: Marking | None = None) -> dict[str, Any]:
    """The change set as plain data (see ``docs/changeset-json.md``); with ``marking``,
    the level the whole output shows and each change's level."""
    out: dict[str, Any] = {"format": FORMAT, "document": {"id": doc.id, "title": doc.title}}
    if marking is not None:
        out["classification"] = {"id": marking.highest.id, "label": marking.highest.label,
                                 "audience": marking.audience, **({"draft": True} if marking.draft else {})}
    out["old"] = _revision(doc, changeset.old_rev)
    out["new"] = _revision(doc, changeset.new_rev)
    whole = whole_revision_note(doc, changeset)
    if whole:  # a 全面改定's statement, as every format of the table prints it; the key only where there is one
        out["note"] = whole
    out.update({
        "counts": {**changeset.counts(), "formatting_only": changeset.formatting_only,
                   # 附則 apart from the clauses; the key only where there are any (older outputs stay as they were)
                   **({"supplementary": changeset.counts(supplementary=True)} if changeset.has_supplementary
                      else {})},
        "changes": [_change(c, _level(marking, c, changeset)) for c in changeset.changes],
    })
    return out


def _level(marking: Marking | None, change: ClauseChange, changeset: ChangeSet) -> str | None:
    return marking.of_change(change, changeset.old_rev, changeset.new_rev).id if marking else None


def dumps(doc: Document, changeset: ChangeSet, marking: Marking | None = None) -> str:
    """The JSON text: Japanese as is, one top-level key per line and one change per
    line (readable in a diff, and quick: each line goes through the C encoder)."""
    data = to_dict(doc, changeset, marking)
    changes = data.pop("changes")
    lines = [f" {json.dumps(k)}: {_compact(v)}," for k, v in data.items()]
    body = ",\n".join(f"  {_compact(c)}" for c in changes)
    return "{\n" + "\n".join(lines) + '\n "changes": [\n' + body + ("\n" if body else "") + " ]\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _revision(doc: Document, rev_id: str) -> dict[str, Any]:
    try:
        rev: Revision | None = doc.revision(rev_id)
    except KeyError:
        rev = None
    if rev is None:
        return {"id": rev_id}
    return {
        "id": rev.id,
        "date": rev.date.isoformat(),
        "kind": rev.kind,
        "provenance": rev.provenance,
        "summary": rev.summary,
    }


def _side(placed: Placed | None, text: str) -> dict[str, Any] | None:
    if placed is None:
        return None
    node = placed.node
    out: dict[str, Any] = {
        "id": node.id,
        "number": placed.ref,  # a 附則: its printed heading (附　則（令和5年3月31日訓令第5号）)
        "label": placed.label,
        "depth": placed.depth,
        "parent": placed.parent_id,
    }
    if node.title is not None:
        out["title"] = node.title
    if node.term is not None:
        out["term"] = node.term
    out["text"] = text
    return out


def _change(c: ClauseChange, level: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": c.kind,
        "id": c.id,
        **({"supplementary": True} if c.supplementary else {}),  # a 附則, after the body's clauses
        **({"classification": level} if level is not None else {}),
        "matched_by": c.matched_by,
        "formatting_only": c.formatting_only,
        "old": _side(c.old, c.old_text),
        "new": _side(c.new, c.new_text),
    }
    if c.reclassified:  # 区分の変更, whatever else changed
        assert c.old_level is not None and c.new_level is not None
        out["classification_change"] = {"old": c.old_level.id, "new": c.new_level.id, "old_label": c.old_level.label,
                                        "new_label": c.new_level.label, "lowered": c.lowered}
    if c.kind != UNCHANGED:
        out["segments"] = [[s.op, s.text] for s in c.segments]
    return out
