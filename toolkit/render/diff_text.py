"""The change set as terminal text: one block per changed clause, with its number.

Without colour (a pipe or a file) changed parts are marked the way ``wdiff``
does, ``[-削除-]{+追加+}``; with colour (a terminal) deletions are red and
insertions green, and the markers are left out.  Lines of a clause without a
change are shortened to ``…``.
"""

from __future__ import annotations

from toolkit.diff import (
    ADDED,
    DELETE,
    INSERT,
    MODIFIED,
    MOVED,
    RECLASSIFIED,
    REMOVED,
    RENUMBERED,
    ChangeSet,
    ClauseChange,
)
from toolkit.diff.marking import Marking
from toolkit.diff.table import supplementary_counts, whole_revision_note
from toolkit.model import Document
from toolkit.model.provenance import provenance_text
from toolkit.model.wareki import wareki

KIND_LABELS = {
    ADDED: "新設",
    MODIFIED: "改正",
    REMOVED: "削除",
    RENUMBERED: "番号",
    MOVED: "移動",
    RECLASSIFIED: "区分",
}

_RED, _GREEN, _BOLD, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render(doc: Document, changeset: ChangeSet, *, colour: bool = False, marking: Marking | None = None) -> str:
    """The whole report: the marking banner (when given), a heading line, the counts, then each
    changed clause (one more restricted than its document is tagged 「［関係者限り］」)."""
    out = [marking.banner] if marking else []
    out.append(_heading(doc, changeset, colour))
    whole = whole_revision_note(doc, changeset)
    if whole:
        out.append(f"（{whole}）")
    c = changeset.counts()
    out.append(
        f"新設 {c['added']}  改正 {c['modified']}（うち表記のみ {changeset.formatting_only}）"
        f"  削除 {c['removed']}  番号変更 {c['renumbered']}  移動 {c['moved']}"
        + (f"  区分の変更 {c['reclassified']}" if c["reclassified"] else "") + f"  変更なし {c['unchanged']}"
    )
    if changeset.has_supplementary:
        out.append(supplementary_counts(changeset, "  "))
    changed = list(changeset.changed())
    if not changed:
        out.append("変更はありません。")
    for ch in changed:
        out.append("")
        tag = marking.note(marking.of_change(ch, changeset.old_rev, changeset.new_rev)) if marking else ""
        out.extend(_clause(ch, colour, tag))
    return "\n".join(out) + "\n"


def _heading(doc: Document, cs: ChangeSet, colour: bool) -> str:
    line = f"{doc.title}（{doc.id}） {_rev(doc, cs.old_rev)} → {_rev(doc, cs.new_rev)}"
    return f"{_BOLD}{line}{_RESET}" if colour else line


def _rev(doc: Document, rev_id: str) -> str:
    try:
        rev = doc.revision(rev_id)
    except KeyError:
        return rev_id
    label = provenance_text(rev.provenance)
    prov = f"・{label.word}" if label else ""
    return f"{rev_id}（{wareki(rev.date)} {rev.kind}{prov}）"


def _where(ch: ClauseChange) -> str:
    old, new = ch.old_ref, ch.new_ref
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or ""


def _clause(ch: ClauseChange, colour: bool, tag: str = "") -> list[str]:
    kind = KIND_LABELS.get(ch.kind, ch.kind)
    if ch.formatting_only:
        kind = "表記"
    node = ch.new_node or ch.old_node
    assert node is not None
    title = f" {node.heading}" if node.heading and not ch.supplementary else ""  # a 附則's heading is its ref
    head = f"{kind}  {_where(ch)}{title}{tag}"
    if ch.matched_by == "text":
        head += f"（id {ch.old_node.id if ch.old_node else ''} → {ch.id}）"
    lines = [f"{_BOLD}{head}{_RESET}" if colour else head]
    if ch.reclassified:  # whatever else changed: a change of classification is said on its own line
        lines.append(f"  {_BOLD}{ch.level_change}{_RESET}" if colour else f"  {ch.level_change}")
    if ch.kind == ADDED:
        lines.extend(_prefixed("+ ", ch.new_text, _GREEN if colour else ""))
    elif ch.kind == REMOVED:
        lines.extend(_prefixed("- ", ch.old_text, _RED if colour else ""))
    elif ch.kind == MODIFIED:
        lines.extend(_inline(ch, colour))
    return lines


def _prefixed(prefix: str, text: str, colour: str) -> list[str]:
    end = _RESET if colour else ""
    return [f"  {colour}{prefix}{line}{end}" for line in text.split("\n")]


def _inline(ch: ClauseChange, colour: bool) -> list[str]:
    """The clause's lines (as they read now) with edits marked in place; lines
    without an edit are shortened to ``…``.  A deleted line break shows as ``↵``."""
    lines: list[list[str]] = [[]]
    touched = [False]
    for seg in ch.segments:
        if seg.op == DELETE:
            lines[-1].append(_mark(DELETE, seg.text.replace("\n", "↵"), colour))
            touched[-1] = True
            continue
        for k, part in enumerate(seg.text.split("\n")):
            if k:
                lines.append([])
                touched.append(False)
            if seg.op == INSERT:
                # an inserted paragraph touches its own line, not the one it follows
                if part or not seg.text.strip("\n"):
                    touched[-1] = True
                lines[-1].append(_mark(INSERT, part, colour))
            else:
                lines[-1].append(part)
    out: list[str] = []
    for text, hit in zip(lines, touched, strict=True):
        if hit:
            out.append("  " + "".join(text))
        elif not out or out[-1] != "  …":
            out.append("  …")
    return out


def _mark(op: str, text: str, colour: bool) -> str:
    if not text:
        return ""
    if colour:
        return f"{_RED if op == DELETE else _GREEN}{text}{_RESET}"
    return f"[-{text}-]" if op == DELETE else f"{{+{text}+}}"


__all__ = ["KIND_LABELS", "render"]
