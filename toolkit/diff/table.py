"""The 新旧対照表 layout, independent of the output format.

A change set becomes rows of two cells (改正後 / 改正前).  Each cell is lines
of runs; a run is underlined (傍線) when it is a changed part.  The national
conventions this follows:

* a whole clause added shows 「（新設）」 in the 改正前 cell; a whole clause
  removed shows 「（削る）」 in the 改正後 cell;
* unchanged clauses are shortened to 「（略）」 (a run of them to one row, and no
  row of its own right after a clause whose cells already end in 「（略）」), but an
  unchanged clause that holds a change keeps its number and heading, so the
  reader knows where the change sits;
* within a changed clause, a paragraph without a change is shortened to
  「（略）」; a changed number is underlined;
* a clause whose classification changed says so under its text, 「区分の変更：関係者限り → 公開」
  (改正後) and 「区分：関係者限り」 (改正前), underlined as a change;
* the 附則 follow the body's rows, each headed by its printed heading
  (附　則（令和8年3月27日訓令第2号）), which is kept like a clause's heading.

The HTML and Word renderers both draw this, so they agree row for row.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.diff.changeset import (
    ADDED,
    DELETE,
    EQUAL,
    INSERT,
    MODIFIED,
    MOVED,
    REMOVED,
    UNCHANGED,
    ChangeSet,
    ClauseChange,
)
from toolkit.model import Document
from toolkit.model.provenance import provenance_text
from toolkit.model.wareki import wareki

NEW_CLAUSE = "（新設）"
DELETED_CLAUSE = "（削る）"
OMITTED = "（略）"
NOTE = "傍線部分は改正部分"
# A 全面改定 (全部改正) replaces the whole text; practice either omits the table or keeps it with a
# statement.  The toolkit keeps the table (reviewers still want to see what moved) and says so.
WHOLE_REVISION_NOTE = ("本改定は全面改定であり、改正後の全文をもって改正前の全文に代える。"
                       "以下の対照表は、条項の対応を参考として示すものである。")
NEW_HEADER = "改正後"
OLD_HEADER = "改正前"
# a draft against the text it amends, as a committee's 審議資料 heads its columns
DRAFT_NEW_HEADER = "改正案"
DRAFT_OLD_HEADER = "現行"


@dataclass(frozen=True)
class Run:
    """Characters in one style: ``underline`` marks a changed part (傍線); ``kind`` is
    ``"label"`` (the number), ``"heading"``, ``"text"`` or ``"mark"`` (（新設） etc.)."""

    text: str
    underline: bool = False
    kind: str = "text"


@dataclass(frozen=True)
class Cell:
    """One side of a row: lines of runs, and the clause's depth (for indenting)."""

    lines: tuple[tuple[Run, ...], ...]
    depth: int = 1

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in line) for line in self.lines)


@dataclass(frozen=True)
class Row:
    """One row of the table; ``change`` is ``None`` for a row of omitted clauses."""

    new: Cell
    old: Cell
    change: ClauseChange | None = None


def rows(changeset: ChangeSet) -> list[Row]:
    """The table rows for ``changeset``, top to bottom."""
    context = _holding_changes(changeset)
    out: list[Row] = []
    for ch in changeset.changes:
        if ch.kind == UNCHANGED and ch.id not in context:
            if out and (out[-1].change is None or _ends_omitted(out[-1])):
                continue  # one （略） for a run of unchanged text, across rows too
            omitted = Cell(((Run(OMITTED, kind="mark"),),))
            out.append(Row(omitted, omitted, None))
            continue
        out.append(_row(ch))
    return out


def _ends_omitted(row: Row) -> bool:
    """Both cells end in a line that is only （略）: an omitted row below it would repeat it."""
    return all(cell.lines and [r.text for r in cell.lines[-1]] == [OMITTED] for cell in (row.new, row.old))


def _holding_changes(changeset: ChangeSet) -> set[str]:
    """Ids of clauses (on either side) that are ancestors of a changed clause."""
    parents_new: dict[str, str | None] = {}
    parents_old: dict[str, str | None] = {}
    for ch in changeset.changes:
        if ch.new:
            parents_new[ch.new.node.id] = ch.new.parent_id
        if ch.old:
            parents_old[ch.old.node.id] = ch.old.parent_id
    held: set[str] = set()
    for ch in changeset.changed():
        for placed, parents in ((ch.new, parents_new), (ch.old, parents_old)):
            p = placed.parent_id if placed else None
            while p is not None and p not in held:
                held.add(p)
                p = parents.get(p)
    return held


def _row(ch: ClauseChange) -> Row:
    if ch.kind == ADDED:
        assert ch.new is not None
        return Row(_cell(ch, INSERT, whole=True), Cell(((Run(NEW_CLAUSE, kind="mark"),),), ch.new.depth), ch)
    if ch.kind == REMOVED:
        assert ch.old is not None
        return Row(Cell(((Run(DELETED_CLAUSE, kind="mark"),),), ch.old.depth), _cell(ch, DELETE, whole=True), ch)
    return Row(_cell(ch, INSERT), _cell(ch, DELETE), ch)


def _cell(ch: ClauseChange, side: str, whole: bool = False) -> Cell:
    """The 改正後 (``side == "+"``) or 改正前 (``"-"``) cell of a clause."""
    placed = ch.new if side == INSERT else ch.old
    assert placed is not None
    lines, changed = _side_lines(ch, side)
    has_heading = placed.node.heading is not None or ch.supplementary  # a 附則's first line is its heading
    # a number is underlined when it changed, and for a clause that moved (its place changed)
    label_changed = whole or ch.kind == MOVED or (ch.old is not None and ch.new is not None
                                                  and ch.old.label != ch.new.label)
    label = Run(placed.label, label_changed, "label")
    out: list[tuple[Run, ...]] = []
    for n, line in enumerate(lines):
        heading = has_heading and n == 0
        keep = whole or heading or changed[n] or (ch.kind == MODIFIED and not any(changed))
        if not keep:
            if out and out[-1] and out[-1][-1].text == OMITTED and len(out[-1]) == 1:
                continue  # one （略） for neighbouring unchanged paragraphs
            out.append((Run(OMITTED, kind="mark"),))
            continue
        kind = "heading" if heading else "text"
        out.append(tuple(Run(text, mark, kind) for text, mark in line if text))
    if not out:
        out.append(())
    if ch.reclassified and ch.old_level is not None:
        said = ch.level_change if side == INSERT else f"区分：{ch.old_level.label}"
        out.append((Run(f"（{said}）", True, "mark"),))
    # the number goes before the first line: 「(3)　見出し」 / 「(3)　（略）」
    first = (label, Run("\u3000", False, "label"), *out[0]) if placed.label else out[0]
    return Cell((first, *out[1:]), placed.depth)


def _side_lines(ch: ClauseChange, side: str) -> tuple[list[list[tuple[str, bool]]], list[bool]]:
    """Lines of (text, underlined) for one side, and for each line whether a change
    touches it on either side (a deletion touches the new line it was taken from)."""
    lines: list[list[tuple[str, bool]]] = [[]]
    changed = [False]
    for seg in ch.segments:
        if seg.op == EQUAL or seg.op == side:
            parts = seg.text.split("\n")
            only_breaks = not seg.text.strip("\n")
            for k, part in enumerate(parts):
                if k:
                    lines.append([])
                    changed.append(False)
                if part:
                    lines[-1].append((part, seg.op != EQUAL))
                # a whole paragraph added or removed touches its own line, not its neighbour
                if seg.op != EQUAL and (part or only_breaks):
                    changed[-1] = True
        elif not (seg.text.startswith("\n") or seg.text.endswith("\n")):
            changed[-1] = True  # the other side's edit inside this line
    return lines, changed


def revision_line(doc: Document, rev_id: str) -> str:
    """「令和5年7月4日改定（再構成版：市の公表文ではない）」: a revision as headed in the table."""
    try:
        rev = doc.revision(rev_id)
    except KeyError:
        return rev_id
    label = provenance_text(rev.provenance)
    return f"{wareki(rev.date)}{rev.kind}" + (f"（{label.table_note}）" if label else "")


def is_whole_revision(doc: Document, changeset: ChangeSet) -> bool:
    """Whether the newer revision is a 全面改定 (the table then carries :data:`WHOLE_REVISION_NOTE`)."""
    try:
        return doc.revision(changeset.new_rev).kind == "全面改定"
    except KeyError:
        return False


def column_headers(doc: Document, changeset: ChangeSet) -> tuple[str, str]:
    """The (newer, older) columns' headings: 改正後 / 改正前, or 改正案 / 現行 when the newer side is a draft."""
    try:
        draft = doc.revision(changeset.new_rev).is_draft
    except KeyError:
        draft = False
    return (DRAFT_NEW_HEADER, DRAFT_OLD_HEADER) if draft else (NEW_HEADER, OLD_HEADER)


def whole_revision_note(doc: Document, changeset: ChangeSet) -> str | None:
    """The statement a 全面改定's table carries (every format prints it), None for any other revision."""
    return WHOLE_REVISION_NOTE if is_whole_revision(doc, changeset) else None


def supplementary_counts(changeset: ChangeSet, sep: str = "\u3000") -> str:
    """「附則　新設 1　改正 0　削除 0　変更なし 2」: the 附則, counted apart from the clauses."""
    s = changeset.counts(supplementary=True)
    parts = [f"新設 {s[ADDED]}", f"改正 {s[MODIFIED]}", f"削除 {s[REMOVED]}"]
    parts += [f"移動 {s[MOVED]}"] if s[MOVED] else []
    return "附則\u3000" + sep.join([*parts, f"変更なし {s[UNCHANGED]}"])


def title(changeset: ChangeSet, doc_title: str) -> str:
    """The table's title, e.g. 「情報セキュリティ基本方針 新旧対照表」."""
    return f"{doc_title} 新旧対照表"


__all__ = ["DRAFT_NEW_HEADER", "DRAFT_OLD_HEADER", "WHOLE_REVISION_NOTE", "column_headers", "is_whole_revision", "whole_revision_note", "revision_line", "DELETED_CLAUSE", "NEW_CLAUSE", "NEW_HEADER", "NOTE", "OLD_HEADER", "OMITTED",
           "Cell", "Row", "Run", "rows", "supplementary_counts", "title"]
