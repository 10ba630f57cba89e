"""``--like REV``: match imported clauses to the most similar clauses of an existing revision.

Clauses are compared by what a reader sees (heading and text, references
printed as numbers).  Three passes, each one-to-one:

1. identical clauses whose wording occurs once on each side;
2. top-down by structure: the children of matched parents, most similar
   first (at least :data:`SIBLING_MIN` alike);
3. anything left, anywhere in the tree (a moved clause), if at least
   :data:`MOVED_MIN` alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from toolkit.model import Document, Node, Revision
from toolkit.model.numbering import ref_labels
from toolkit.model.refs import resolve

SIBLING_MIN = 0.5
MOVED_MIN = 0.7


@dataclass
class Side:
    """One tree, flattened in document order: what each node reads as, its parent, its position."""

    keys: list[tuple[str, ...]]
    parent: list[int]  # index of the parent, -1 for the top level
    pos: list[int]

    def text(self, i: int) -> str:
        return "\n".join(self.keys[i])


def side(nodes: tuple[Node, ...], labels: dict[str, str]) -> tuple[Side, list[Node]]:
    s = Side([], [], [])
    flat: list[Node] = []

    def go(children: tuple[Node, ...], parent: int) -> None:
        for k, n in enumerate(children):
            i = len(flat)
            flat.append(n)
            s.keys.append((n.heading or "", *(resolve(t, labels) for t in n.text)))
            s.parent.append(parent)
            s.pos.append(k)
            go(n.children, i)

    go(nodes, -1)
    return s, flat


def align(new_nodes: tuple[Node, ...], new_labels: dict[str, str], doc: Document, old: Revision) -> dict[str, str]:
    """new node id → id of the matching node of ``old``; unmatched nodes are absent."""
    new, new_flat = side(new_nodes, new_labels)
    old_side, old_flat = side(old.body, ref_labels(doc, old))
    match: dict[int, int] = {}
    taken: set[int] = set()

    def pair(i: int, j: int) -> None:
        match[i] = j
        taken.add(j)

    # 1. identical wording, unique on both sides
    new_by: dict[tuple[str, ...], list[int]] = defaultdict(list)
    old_by: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, k in enumerate(new.keys):
        new_by[k].append(i)
    for j, k in enumerate(old_side.keys):
        old_by[k].append(j)
    for k, ids in new_by.items():
        if len(ids) == 1 and len(old_by.get(k, ())) == 1:
            pair(ids[0], old_by[k][0])

    # 2. top-down: children of matched parents (the top level counts as matched)
    new_kids: dict[int, list[int]] = defaultdict(list)
    old_kids: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(new.parent):
        new_kids[p].append(i)
    for j, p in enumerate(old_side.parent):
        old_kids[p].append(j)
    for p in [-1, *range(len(new.keys))]:
        q = -1 if p == -1 else match.get(p)
        if q is None:
            continue
        ni = [i for i in new_kids[p] if i not in match]
        oj = [j for j in old_kids[q] if j not in taken]
        _greedy(ni, oj, new, old_side, SIBLING_MIN, pair)

    # 3. moved clauses: compared only with clauses sharing enough rare 4-grams
    ni = [i for i in range(len(new.keys)) if i not in match]
    oj = [j for j in range(len(old_side.keys)) if j not in taken]
    _greedy(ni, oj, new, old_side, MOVED_MIN, pair, candidates=_candidates(ni, oj, new, old_side))
    return {new_flat[i].id: old_flat[j].id for i, j in match.items()}


def _grams(text: str) -> set[str]:
    return {text[k:k + 4] for k in range(max(1, len(text) - 3))}


def _candidates(ni: list[int], oj: list[int], new: Side, old: Side) -> dict[int, set[int]]:
    """For each new clause, the old ones worth comparing: sharing rare 4-grams.

    Comparing every leftover pair is quadratic (a --like against the wrong
    revision would take minutes); two clauses at least MOVED_MIN alike share
    many 4-grams, and some of them are rare.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for j in oj:
        for g in _grams(old.text(j)):
            postings[g].append(j)
    common = max(8, len(oj) // 20)
    out: dict[int, set[int]] = {}
    for i in ni:
        hits: dict[int, int] = defaultdict(int)
        grams = _grams(new.text(i))
        for g in grams:
            js = postings.get(g)
            if js and len(js) <= common:
                for j in js:
                    hits[j] += 1
        need = max(1, len(grams) // 10)
        out[i] = {j for j, h in hits.items() if h >= need}
    return out


def _greedy(ni: list[int], oj: list[int], new: Side, old: Side, floor: float, pair,
            candidates: dict[int, set[int]] | None = None) -> None:
    """Pair the most alike first, each at most once, if at least ``floor`` alike."""
    if not ni or not oj:
        return
    used_i: set[int] = set()
    used_j: set[int] = set()
    # identical wording first (ratio 1.0, nearest position first, as the sort below would pair them),
    # without a SequenceMatcher: most clauses of a re-imported text are unchanged
    by_text: dict[str, list[int]] = defaultdict(list)
    for j in oj:
        by_text[old.text(j)].append(j)
    same = sorted((abs(new.pos[i] - old.pos[j]), i, j) for i in ni for j in by_text.get(new.text(i), ())
                  if candidates is None or j in candidates[i])
    for _d, i, j in same:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pair(i, j)
    ni = [i for i in ni if i not in used_i]
    oj = [j for j in oj if j not in used_j]
    if not ni or not oj:
        return
    scored = []
    sm = SequenceMatcher(None, autojunk=False)
    for j in oj:
        sm.set_seq2(old.text(j))  # the expensive side, prepared once
        for i in ni:
            if candidates is not None and j not in candidates[i]:
                continue
            sm.set_seq1(new.text(i))
            if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
                continue
            r = sm.ratio()
            if r >= floor:
                scored.append((-r, abs(new.pos[i] - old.pos[j]), i, j))
    scored.sort()
    for _r, _d, i, j in scored:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pair(i, j)
