"""Pairing the clauses of two revisions (対応付け) and classifying each pair.

1. Same id → same clause (ids are stable across revisions).
2. Clauses left over on both sides are paired by similar wording, best pair
   first, when the likeness reaches :data:`SIMILARITY` (an id changed by hand,
   or a clause rewritten under a new id).
3. What is still left over is added or removed.

A paired clause is *modified* when its content differs, else *moved* when its
parent differs or it changed place among its paired siblings, else
*renumbered* when its own printed number differs, else *unchanged*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from toolkit.diff.changeset import (
    ADDED,
    DELETE,
    INSERT,
    MODIFIED,
    MOVED,
    REMOVED,
    RENUMBERED,
    UNCHANGED,
    ClauseChange,
    Segment,
)
from toolkit.diff.textdiff import diff_chars, normalise, similarity
from toolkit.model.numbering import Placed

SIMILARITY = 0.6  # least likeness (0–1) for pairing clauses whose ids differ
_MIN_SHARED = 0.3  # bigram overlap (Dice) below which a pair is not even compared
_CANDIDATES = 8  # old clauses compared in full with each unpaired new one, likeliest first
_DIRECT_PAIRS = 250_000  # up to this many leftover pairs, compare every pair's bigram sets


def pair_by_id(old: Sequence[Placed], new: Sequence[Placed]) -> dict[int, int]:
    """old index → new index for clauses whose ids match."""
    at = {p.node.id: j for j, p in enumerate(new)}
    return {i: at[p.node.id] for i, p in enumerate(old) if p.node.id in at}


def pair_by_text(old: Sequence[Placed], new: Sequence[Placed], old_text: Sequence[str], new_text: Sequence[str],
                 old_free: Sequence[int], new_free: Sequence[int],
                 threshold: float = SIMILARITY) -> dict[int, int]:
    """old index → new index for unpaired clauses with similar wording, best pair first."""
    if not old_free or not new_free:
        return {}
    old_norm = {i: normalise(old_text[i]) for i in old_free}
    grams = {i: _bigrams(t) for i, t in old_norm.items()}
    index: dict[str, list[int]] | None = None
    if len(old_free) * len(new_free) > _DIRECT_PAIRS:
        # many leftovers: find sharers through an index of bigrams, skipping the
        # bigrams most clauses share (「情報」「する」), which tell nothing apart
        index = defaultdict(list)
        for i, gs in grams.items():
            for g in gs:
                index[g].append(i)
        common = max(8, len(old_free) // 10)
        index = {g: ids for g, ids in index.items() if len(ids) <= common}
    candidates: list[tuple[float, int, int]] = []
    for j in new_free:
        nt = normalise(new_text[j])
        ng = _bigrams(nt)
        if index is None:
            sharers: Iterable[int] = grams
        else:
            sharers = {i for g in ng for i in index.get(g, ())}
        shared = {i: len(grams[i] & ng) for i in sharers}
        dice = sorted(((2 * n / ((len(grams[i]) + len(ng)) or 1), i) for i, n in shared.items() if n),
                      reverse=True)
        # the full comparison is dear: only for the few likeliest by shared bigrams
        for d, i in dice[:_CANDIDATES]:
            if d < _MIN_SHARED:
                break
            score = similarity(old_norm[i], nt, threshold, normalised=True)
            if score >= threshold:
                # ties: prefer the same depth, then the earlier clauses (deterministic)
                same_depth = old[i].depth == new[j].depth
                candidates.append((-(score + (1e-9 if same_depth else 0)), i, j))
    candidates.sort()
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _neg, i, j in candidates:
        if i in pairs or j in taken:
            continue
        pairs[i] = j
        taken.add(j)
    return pairs


def _bigrams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[k : k + 2] for k in range(len(text) - 1)}


def classify(old: Sequence[Placed], new: Sequence[Placed], old_text: Sequence[str], new_text: Sequence[str],
             pairs: dict[int, int], by_text: set[int]) -> list[ClauseChange]:
    """One :class:`ClauseChange` per clause of either side, in 新旧対照表 row order."""
    old_id_to_new_id = {old[i].node.id: new[j].node.id for i, j in pairs.items()}
    moved = _moved(old, new, pairs, old_id_to_new_id)
    back = {j: i for i, j in pairs.items()}
    rows: list[ClauseChange] = []
    pending_removed = sorted(i for i in range(len(old)) if i not in pairs)
    # old index of the next paired clause at or after each new position: a removed
    # clause is placed before the first row that comes after it in the old order,
    # so where one clause is struck out and another put in, 削る comes before 新設
    next_paired = [len(old)] * (len(new) + 1)
    for j in range(len(new) - 1, -1, -1):
        next_paired[j] = back.get(j, next_paired[j + 1])
    k = 0  # next removed clause to place
    for j, p in enumerate(new):
        i = back.get(j)
        while k < len(pending_removed) and pending_removed[k] < next_paired[j]:
            r = pending_removed[k]
            rows.append(ClauseChange(REMOVED, old[r], None, _whole(DELETE, old_text[r])))
            k += 1
        if i is None:
            rows.append(ClauseChange(ADDED, None, p, _whole(INSERT, new_text[j])))
            continue
        while k < len(pending_removed) and pending_removed[k] < i:
            r = pending_removed[k]
            rows.append(ClauseChange(REMOVED, old[r], None, _whole(DELETE, old_text[r])))
            k += 1
        a, b = old_text[i], new_text[j]
        how = "text" if i in by_text else "id"
        if a != b:
            rows.append(ClauseChange(MODIFIED, old[i], p, diff_chars(a, b), normalise(a) == normalise(b), how))
        elif i in moved:
            rows.append(ClauseChange(MOVED, old[i], p, diff_chars(a, b), False, how))
        elif old[i].label != p.label:
            rows.append(ClauseChange(RENUMBERED, old[i], p, diff_chars(a, b), False, how))
        else:
            rows.append(ClauseChange(UNCHANGED, old[i], p, diff_chars(a, b), False, how))
    for r in pending_removed[k:]:
        rows.append(ClauseChange(REMOVED, old[r], None, _whole(DELETE, old_text[r])))
    return rows


def _whole(op: str, text: str) -> tuple[Segment, ...]:
    return (Segment(op, text),) if text else ()


def _moved(old: Sequence[Placed], new: Sequence[Placed], pairs: dict[int, int],
           old_to_new: dict[str, str]) -> set[int]:
    """Old indices of paired clauses that changed parent or place among siblings."""
    moved: set[int] = set()
    # siblings kept under the same parent: those off the longest common order moved
    groups: dict[str | None, list[tuple[int, int]]] = defaultdict(list)
    for i, j in pairs.items():
        op, np = old[i].parent_id, new[j].parent_id
        same_parent = (op is None and np is None) or (op is not None and old_to_new.get(op) == np)
        if not same_parent:
            moved.add(i)
        else:
            groups[np].append((i, j))
    for members in groups.values():
        members.sort()  # by old position
        keep = _longest_increasing([j for _i, j in members])
        moved.update(i for n, (i, _j) in enumerate(members) if n not in keep)
    return moved


def _longest_increasing(seq: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []  # value ends
    tails_at: list[int] = []  # position of each tail
    prev = [-1] * len(seq)
    for n, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_at.append(n)
        else:
            tails[k] = v
            tails_at[k] = n
        prev[n] = tails_at[k - 1] if k else -1
    out: set[int] = set()
    n = tails_at[-1] if tails_at else -1
    while n >= 0:
        out.add(n)
        n = prev[n]
    return out
