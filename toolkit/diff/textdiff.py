"""Character-level diff of one clause's text (文字単位の差分), cleaned up for readers.

Japanese has no spaces, so the unit is the character.  A raw character diff
scatters single-character matches (「の」「を」) through a rewritten phrase;
:func:`cleanup_semantic` folds such short equalities into the edits around
them, as diff-match-patch's ``diff_cleanupSemantic`` does, so a reader sees
whole changed phrases.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from toolkit.diff.changeset import DELETE, EQUAL, INSERT, Segment

Op = tuple[str, str]  # (op, text) while cleaning up; frozen into Segment at the end

# NFKC folds full/half width; these fold the two punctuation styles of 公用文.
_PUNCT = str.maketrans({",": "、", ".": "。"})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text with formatting set aside: width (NFKC), 、/， and ．/。, spacing.

    Two texts with equal normal forms differ in formatting only (表記の違い).
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(_PUNCT))


def diff_chars(old: str, new: str) -> tuple[Segment, ...]:
    """Segments turning ``old`` into ``new``: equal (``=``), deleted (``-``), inserted (``+``).

    Joining the ``=`` and ``-`` texts gives ``old``; the ``=`` and ``+`` texts give ``new``.
    Within one run of edits, deletions come before insertions.
    """
    if old == new:
        return (Segment(EQUAL, old),) if old else ()
    # the matcher is quadratic at worst: give it only the part between the
    # common prefix and suffix (most edits are small)
    p = _common_prefix(old, new)
    s = _common_suffix(old[p:], new[p:])
    a, b = old[p : len(old) - s], new[p : len(new) - s]
    ops: list[Op] = [(EQUAL, old[:p])] if p else []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, a[i1:i2]))
            continue
        if i2 > i1:
            ops.append((DELETE, a[i1:i2]))
        if j2 > j1:
            ops.append((INSERT, b[j1:j2]))
    if s:
        ops.append((EQUAL, old[len(old) - s :]))
    ops = cleanup_lossless(cleanup_semantic(merge(ops)))
    return tuple(Segment(op, text) for op, text in ops)


def cleanup_semantic(ops: list[Op]) -> list[Op]:
    """Fold an equality into the edits around it when it is no longer than the edits
    on either side (diff-match-patch's semantic cleanup), then merge."""
    ops = list(ops)
    equalities: list[int] = []  # indices of equalities seen, newest last
    last_equality: str | None = None
    ins_before = del_before = ins_after = del_after = 0
    i = 0
    while i < len(ops):
        op, text = ops[i]
        if op == EQUAL:
            equalities.append(i)
            ins_before, del_before = ins_after, del_after
            ins_after = del_after = 0
            last_equality = text
        else:
            if op == INSERT:
                ins_after += len(text)
            else:
                del_after += len(text)
            if (
                last_equality
                and len(last_equality) <= max(ins_before, del_before)
                and len(last_equality) <= max(ins_after, del_after)
            ):
                at = equalities.pop()
                # the equality becomes a deletion and an insertion of the same text
                ops[at] = (DELETE, last_equality)
                ops.insert(at + 1, (INSERT, last_equality))
                if equalities:  # the previous equality must be looked at again
                    equalities.pop()
                i = equalities[-1] if equalities else -1
                ins_before = del_before = ins_after = del_after = 0
                last_equality = None
        i += 1
    return merge(ops)


def cleanup_lossless(ops: list[Op]) -> list[Op]:
    """Slide each single edit between two equalities to the best boundary nearby
    (diff-match-patch's ``diff_cleanupSemanticLossless``), so 「る。\n外部…定め」
    reads as 「\n外部…定める。」: whole paragraphs and sentences, not shifted ones."""
    ops = list(ops)
    i = 1
    while i < len(ops) - 1:
        (op1, eq1), (op, edit), (op2, eq2) = ops[i - 1], ops[i], ops[i + 1]
        if op1 != EQUAL or op2 != EQUAL or op == EQUAL:
            i += 1
            continue
        shift = _common_suffix(eq1, edit)  # first as far left as it goes
        if shift:
            common = edit[len(edit) - shift:]
            eq1, edit, eq2 = eq1[: len(eq1) - shift], common + edit[: len(edit) - shift], common + eq2
        best = (eq1, edit, eq2)
        best_score = _boundary(eq1, edit) + _boundary(edit, eq2)
        while edit and eq2 and edit[0] == eq2[0]:  # then step right, keeping the best
            eq1, edit, eq2 = eq1 + edit[0], edit[1:] + eq2[0], eq2[1:]
            score = _boundary(eq1, edit) + _boundary(edit, eq2)
            if score >= best_score:
                best, best_score = (eq1, edit, eq2), score
        if best[0] != ops[i - 1][1]:
            replacement = [(EQUAL, best[0])] if best[0] else []
            replacement.append((op, best[1]))
            if best[2]:
                replacement.append((EQUAL, best[2]))
            ops[i - 1 : i + 2] = replacement
            i += len(replacement) - 2
        i += 1
    return merge(ops)


_OPENING = "（「『［【〔(["
_CLOSING = "）」』］】〕)]"


def _boundary(one: str, two: str) -> int:
    """How good a place the join of ``one`` and ``two`` is for an edit to start or end."""
    if not one or not two:
        return 6
    a, b = one[-1], two[0]
    if a == "\n" or b == "\n":
        return 5  # paragraph
    if a in "。．.":
        return 4  # sentence
    if a in "、，," or a in _CLOSING or b in _OPENING:
        return 3  # phrase
    if _script(a) != _script(b):
        return 1  # 漢字 / かな / カナ / Latin
    return 0


def _script(ch: str) -> str:
    if "\u3040" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a0" <= ch <= "\u30ff":
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆":
        return "kanji"
    return "other" if not ch.isalnum() else "latin"


def merge(ops: list[Op]) -> list[Op]:
    """Join neighbouring segments of one kind; in each run of edits put the deletion
    first; move a prefix or suffix shared by a run's deletion and insertion out
    into the equalities around it."""
    out: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        d, n = "".join(deleted), "".join(inserted)
        deleted.clear()
        inserted.clear()
        if d and n:
            p = _common_prefix(d, n)
            if p:
                _push(out, EQUAL, d[:p])
                d, n = d[p:], n[p:]
            s = _common_suffix(d, n)
            tail = d[len(d) - s:] if s else ""
            if s:
                d, n = d[: len(d) - s], n[: len(n) - s]
        else:
            tail = ""
        _push(out, DELETE, d)
        _push(out, INSERT, n)
        _push(out, EQUAL, tail)

    for op, text in ops:
        if op == DELETE:
            deleted.append(text)
        elif op == INSERT:
            inserted.append(text)
        else:
            flush()
            _push(out, EQUAL, text)
    flush()
    return out


def _push(out: list[Op], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + text)
    else:
        out.append((op, text))


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def similarity(a: str, b: str, floor: float = 0.0, *, normalised: bool = False) -> float:
    """0–1 likeness of two texts (difflib's ratio on the normal forms).

    Below ``floor`` the cheap upper bound may be returned instead of the exact
    value (enough to tell that the pair is not alike).  ``normalised``: the
    texts are already in normal form.
    """
    if not normalised:
        a, b = normalise(a), normalise(b)
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for bound in (matcher.real_quick_ratio(), matcher.quick_ratio()):
        if bound < floor:
            return bound
    return matcher.ratio()
