"""Clause-aware diff of two revisions (改正前 → 改正後): the engine behind the 新旧対照表.

>>> cs = compare(doc, doc.revision("r5"), doc.revision("r8"))
>>> cs.counts()          # clauses per kind: added, modified, removed, renumbered, moved, unchanged
>>> for c in cs.changed():
...     print(c.kind, c.old_ref, "→", c.new_ref, c.segments)

See :mod:`toolkit.diff.changeset` for the result types, :mod:`toolkit.diff.align`
for how clauses are paired and classified, :mod:`toolkit.diff.textdiff` for the
character diff.  Renderers live in ``toolkit.render.diff_*``.

The 附則 (``Revision.supplementary``) are compared too, after the body and among
themselves (a 附則 is never paired with a clause): aligned by id only — the 附則
of two amendments read alike (「この訓令は、…から施行する。」), so likeness of
wording is no sign that they are the same one — placed by :func:`supplementary_placed` (no number; cited by their printed
heading), their content the heading and paragraphs as printed
(:func:`toolkit.model.numbering.supplementary_heading` /
:func:`~toolkit.model.numbering.supplementary_paragraphs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from toolkit.diff.align import SIMILARITY, classify, pair_by_id, pair_by_text
from toolkit.diff.changeset import (
    ADDED,
    DELETE,
    EQUAL,
    INSERT,
    KINDS,
    MODIFIED,
    MOVED,
    RECLASSIFIED,
    REMOVED,
    RENUMBERED,
    UNCHANGED,
    ChangeSet,
    ClauseChange,
    Segment,
)
from toolkit.diff.textdiff import normalise
from toolkit.model import Classification, Document, Node, PolicySet, Revision
from toolkit.model.numbering import (
    SUPPLEMENTARY,
    Placed,
    place,
    ref_labels,
    supplementary_heading,
    supplementary_paragraphs,
)
from toolkit.model.refs import resolve


def content(node: Node, labels: dict[str, str]) -> str:
    """What a reader sees of a clause, number aside: heading line, then paragraphs.

    ``{ref:id}`` is resolved with ``labels`` (the revision's citation forms).
    """
    lines = [node.heading] if node.heading is not None else []
    lines.extend(resolve(p, labels) for p in node.text)
    return "\n".join(lines)


def supplementary_placed(rev: Revision) -> list[Placed]:
    """The 附則 of ``rev`` as the diff places them: after the body, in source order, unnumbered
    (``label`` empty), cited by their printed heading (``ref``: 附　則（令和5年3月31日訓令第5号）),
    ``style`` :data:`~toolkit.model.numbering.SUPPLEMENTARY` (what marks them as 附則)."""
    return [Placed(n, 1, (i,), "", supplementary_heading(n), None, SUPPLEMENTARY)
            for i, n in enumerate(rev.supplementary, start=1)]


def preamble_placed(rev: Revision) -> list[Placed]:
    """The 前文's paragraphs as the diff places them: before the body, unnumbered, cited as 「前文」
    (「前文第2段」 when there are several); set apart from the body's clauses as the 附則 are."""
    many = len(rev.preamble) > 1
    return [Placed(n, 1, (i,), "", f"前文第{i}段" if many else "前文", None, SUPPLEMENTARY)
            for i, n in enumerate(rev.preamble, start=1)]


def is_supplementary(placed: Placed) -> bool:
    """Whether ``placed`` is a 附則 (see :func:`supplementary_placed`)."""
    return placed.style == SUPPLEMENTARY


def supplementary_content(node: Node, labels: dict[str, str]) -> str:
    """What a reader sees of a 附則: its heading line, then its paragraphs, numbered as printed
    (「2　…」 when it has several)."""
    lines = [supplementary_heading(node)]
    lines.extend(f"{num}\u3000{resolve(t, labels)}" if num else resolve(t, labels)
                 for num, t in supplementary_paragraphs(node))
    return "\n".join(lines)


def compare(doc: Document, old: Revision, new: Revision, *, threshold: float = SIMILARITY,
            policy: PolicySet | None = None) -> ChangeSet:
    """The :class:`ChangeSet` from ``old`` (改正前) to ``new`` (改正後) of ``doc``.

    ``threshold`` is the least likeness (0–1) for pairing clauses whose ids differ.
    The body's clauses come first, numbered by :func:`~toolkit.model.numbering.place`
    (so a change of numbering style alone shows as the renumbering it causes), then the 附則.
    Each change carries the clause's classification on both sides, as ``policy`` (the policy or the
    view the revisions come from) resolves it; without ``policy``, by inheritance alone, named by id.
    """
    old_placed = list(place(doc, old))
    new_placed = list(place(doc, new))
    # the citation forms, as ref_labels() gives them, without walking the tree again
    old_labels = {p.node.id: p.ref for p in old_placed}
    new_labels = {p.node.id: p.ref for p in new_placed}
    old_text = [content(p.node, old_labels) for p in old_placed]
    new_text = [content(p.node, new_labels) for p in new_placed]
    rows = _rows(old_placed, new_placed, old_text, new_text, threshold)
    if old.preamble or new.preamble:  # 前文, before the body: its paragraphs among themselves, by id
        old_p, new_p = preamble_placed(old), preamble_placed(new)
        rows = _rows(old_p, new_p, [content(p.node, old_labels) for p in old_p],
                     [content(p.node, new_labels) for p in new_p], None) + rows
    if old.supplementary or new.supplementary:  # compared among themselves, by id only: a 附則 is not a clause
        old_s, new_s = supplementary_placed(old), supplementary_placed(new)
        rows += _rows(old_s, new_s, [supplementary_content(p.node, old_labels) for p in old_s],
                      [supplementary_content(p.node, new_labels) for p in new_s], None)
    return ChangeSet(doc.id, old.id, new.id, tuple(_leveled(rows, levels(doc, old, policy), levels(doc, new, policy))))


def levels(doc: Document, rev: Revision, policy: PolicySet | None = None) -> dict[str, Classification]:
    """Node id → its effective classification (own, else inherited; 附則 the document's), resolved by
    ``policy`` (toolkit.view: unknown → the most restricted); without one, by inheritance, named by id."""
    if policy is not None:
        from toolkit.view.visibility import node_classifications

        return {nid: policy.classification(cls) for nid, cls in node_classifications(policy, doc, rev).items()}
    out: dict[str, Classification] = {}

    def go(nodes: tuple[Node, ...], inherited: str) -> None:
        for n in nodes:
            cls = n.classification or inherited
            out[n.id] = Classification(cls, cls, 0)
            go(n.children, cls)

    go(rev.parts, doc.classification)
    return out


def _leveled(rows: list[ClauseChange], old: dict[str, Classification],
             new: dict[str, Classification]) -> Iterator[ClauseChange]:
    """Each change with the clause's level on both sides; unchanged but for its level: reclassified."""
    for ch in rows:
        ch = replace(ch, old_level=old.get(ch.old.node.id) if ch.old else None,
                     new_level=new.get(ch.new.node.id) if ch.new else None)
        yield replace(ch, kind=RECLASSIFIED) if ch.kind == UNCHANGED and ch.reclassified else ch


def _rows(old_placed: list[Placed], new_placed: list[Placed], old_text: list[str], new_text: list[str],
          threshold: float | None) -> list[ClauseChange]:
    """Pair by id, then (with a ``threshold``) by likeness of wording; classify each pair."""
    pairs = pair_by_id(old_placed, new_placed)
    by_text: dict[int, int] = {}
    if threshold is not None:
        paired_new = set(pairs.values())
        old_free = [i for i in range(len(old_placed)) if i not in pairs]
        new_free = [j for j in range(len(new_placed)) if j not in paired_new]
        by_text = pair_by_text(old_placed, new_placed, old_text, new_text, old_free, new_free, threshold)
        pairs.update(by_text)
    return classify(old_placed, new_placed, old_text, new_text, pairs, set(by_text))


@dataclass(frozen=True)
class Clause:
    """A clause as the diff sees it: id, place, number and content (for :func:`apply`)."""

    id: str
    path: tuple[int, ...]
    ref: str
    content: str
    supplementary: bool = False  # a 附則 (after the body; ``path`` is its place among the 附則)


def clauses(doc: Document, rev: Revision) -> list[Clause]:
    """Every clause of ``rev`` in reading order, then its 附則, as the diff sees them."""
    labels = ref_labels(doc, rev)
    return ([Clause(p.node.id, p.path, p.ref, content(p.node, labels)) for p in place(doc, rev)]
            + [Clause(p.node.id, p.path, p.ref, supplementary_content(p.node, labels), True)
               for p in supplementary_placed(rev)])


def apply(old: Iterable[Clause], changeset: ChangeSet) -> list[Clause]:
    """Rebuild the new revision's clauses from the old ones and the change set.

    The old content of each change is checked against ``old`` (a change set
    applies only to the revision it was made from); the new content is built
    from it with the segments alone.  Raises ``ValueError`` on a mismatch.
    """
    by_id = {c.id: c for c in old}
    out = []
    for ch in changeset.changes:
        source = ""
        if ch.old is not None:
            if ch.old.node.id not in by_id:
                raise ValueError(f"change names old clause {ch.old.node.id!r}, which is not there")
            source = by_id.pop(ch.old.node.id).content
        text = patch_text(source, ch.segments)
        if ch.new is not None:
            out.append(Clause(ch.new.node.id, ch.new.path, ch.new.ref, text, ch.supplementary))
        elif text:
            raise ValueError(f"removed clause {ch.id!r} leaves text behind: {text!r}")
    if by_id:
        raise ValueError(f"old clauses not in the change set: {', '.join(sorted(by_id))}")
    # the change set's rows are in the new revision's reading order (body, then 附則): so is ``out``.
    # (Not sorted by path: an 枝番 article, 第3条の2, shares its path with 第3条.)
    return out


def patch_text(old: str, segments: Iterable[Segment]) -> str:
    """Apply segments to ``old``: ``=`` and ``-`` must match it in turn; ``=`` and ``+`` build the result."""
    pos = 0
    out = []
    for s in segments:
        if s.op in (EQUAL, DELETE):
            if old[pos : pos + len(s.text)] != s.text:
                raise ValueError(f"segment {s.op}{s.text!r} does not match the old text at {pos}")
            pos += len(s.text)
        if s.op in (EQUAL, INSERT):
            out.append(s.text)
    if pos != len(old):
        raise ValueError(f"segments cover {pos} of {len(old)} characters of the old text")
    return "".join(out)


def history(doc: Document) -> Iterator[tuple[Revision, ChangeSet | None]]:
    """Each revision with its change set against the one before (``None`` for the first).

    For the revision history page (改定履歴): ``cs.counts()`` gives the added /
    modified / removed clauses of each revision.
    """
    prev: Revision | None = None
    for rev in doc.revisions:
        yield rev, (compare(doc, prev, rev) if prev is not None else None)
        prev = rev


__all__ = [
    "ADDED",
    "DELETE",
    "EQUAL",
    "INSERT",
    "KINDS",
    "MODIFIED",
    "MOVED",
    "RECLASSIFIED",
    "REMOVED",
    "RENUMBERED",
    "SIMILARITY",
    "UNCHANGED",
    "ChangeSet",
    "Clause",
    "ClauseChange",
    "Placed",
    "Segment",
    "apply",
    "clauses",
    "compare",
    "content",
    "history",
    "is_supplementary",
    "levels",
    "normalise",
    "patch_text",
    "supplementary_content",
    "supplementary_placed",
]
