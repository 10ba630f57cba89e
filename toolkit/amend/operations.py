"""The operations of an amendment (改める・削る・加える・移動), derived from the change set.

First the 目次 of a text divided into 章, where a 章名 or a 章's range of articles changed; then per unit
(an article, or a top-level section where the text has no articles), in document order:

* a unit kept in its place: its changed provisions as quoted edits (:mod:`toolkit.amend.quote`), its
  見出し too; 項・号 it gains, the later ones renumbered from the back (「第2条中第3号を第4号とし、第2号の
  次に次の1号を加える。」); a sentence it gains at the end of a provision, as 後段 or ただし書 (「第3条に後段
  として次のように加える。」); rewritten whole (「第N条を次のように改める。」) when its 項・号 were removed,
  reordered or restyled, when a change cannot be quoted, or when most of it changed
  (:data:`REWRITE_SHARE`); then its new number, if it has one (「同条を第N条とする」);
* a unit removed: 「第N条を削る」; a unit added (consecutive ones together): 「第N条の次に次の2条を加える。」;
* a unit whose place among the others changed: removed and added again (an 改め文 cannot reorder).

The order the operations are *done* in is found by simulation: the first pending action whose new
number is free goes next.  That gives the manuals' renumbering from the back (「第5条を第6条とし、第4条を
第5条とし、第2条の次に次の1条を加える。」) and from the front after a deletion (「第11条を削り、第12条を
第11条とする。」), and an action that had to wait joins the sentence of the one it waited for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.amend.printed import CONTENTS, SP, Provision, contents, provisions, scope_text, subtree, units
from toolkit.amend.quote import REPLACE, Edit, NoQuote, edits, occurrences
from toolkit.diff import ChangeSet
from toolkit.diff.changeset import EQUAL
from toolkit.diff.textdiff import diff_chars
from toolkit.model import Document, Revision

REWRITE_SHARE = 0.5  # a unit less alike than this (0–1) is rewritten whole: 「第N条を次のように改める。」


class NotExpressible(ValueError):
    """A change the 改め文 writer does not express (the 新旧対照表方式 or a 全部改正 can)."""


class NothingKept(NotExpressible):
    """No unit of the old text stays: nothing to cite, so the text is amended whole (全部改正)."""


@dataclass(frozen=True)
class Op:
    """One operation as the sentence names it.

    ``kind``: ``edit`` (quoted ``edits`` of ``cite``; ``part`` 見出し / 章名 for a caption), ``rewrite``
    (``cite`` replaced by ``body``), ``delete``, ``rename`` (``cite`` → ``to``), ``add`` (``count`` units
    ``body`` after ``cite``; before it: ``before``; at the end of 章 ``cite``: ``into``), ``append`` (``count``
    項・号 ``part`` after the last of ``cite``'s), ``insert`` (the same, after its 項・号 numbered ``after`` or
    before the first, the later ones moved up: ``shifted``), ``sentence`` (``body``, one sentence, added at
    the end of ``cite``'s text as its ``part``: 後段 or ただし書).
    """

    kind: str
    cite: str
    edits: tuple[Edit, ...] = ()
    part: str = ""
    to: str = ""
    body: tuple[str, ...] = ()
    count: int = 0
    before: bool = False
    into: bool = False
    after: int = 0  # insert: the number of the 項・号 the run follows (0: before the first)
    shifted: tuple[int, ...] = ()  # insert: the numbers of the later 項・号, moved up from the back


@dataclass
class Action:
    """What happens to one unit (or a run of added units): its ops, and the numbers it needs free."""

    ops: list[Op]
    needs: tuple[str, ...] = ()  # labels that must be free before it runs
    frees: str | None = None  # the label it gives up
    anchor: str | None = None  # id of the unit an addition follows (its label is read when it runs)
    anchor_before: str | None = None
    anchor_in: str | None = None  # id of the 章 at whose end it adds (none of its articles kept)
    unit_id: str | None = None
    new_label: str | None = None
    added: tuple[tuple[str, str], ...] = ()  # (id, label) of units it adds
    waited: bool = field(default=False)


def plan(doc: Document, old: Revision, new: Revision, changeset: ChangeSet) -> list[Action]:
    """The actions turning ``old`` into ``new``, in the order they are done."""
    old_p, new_p = provisions(doc, old), provisions(doc, new)
    pairs = {c.old.node.id: c.new.node.id for c in changeset.changes if c.old and c.new and not c.supplementary}
    old_units, new_units = list(units(old_p)), list(units(new_p))
    new_index = {u.id: i for i, u in enumerate(new_units)}
    kept = _kept([(u.id, new_index[pairs[u.id]]) for u in old_units if pairs.get(u.id) in new_index])
    if not kept:
        raise NothingKept("改正前の条が一つも残らない改正")
    _check_chapters(old_p, new_p, pairs)
    o_at = {p.id: i for i, p in enumerate(old_p)}
    n_at = {p.id: i for i, p in enumerate(new_p)}
    actions: list[Action] = [Action(ops) for ops in [_contents_edits(old_p, new_p)] if ops]
    actions += [Action(_chapter_edits(o, new_p[n_at[pairs[o.id]]]))
                for o in old_p if o.is_chapter and pairs.get(o.id) in n_at
                and _chapter_edits(o, new_p[n_at[pairs[o.id]]])]
    old_pos = {u.id: i for i, u in enumerate(old_units)}
    oi = 0
    reverse = {v: k for k, v in pairs.items()}
    added_run: list[Provision] = []
    prev_new: str | None = None

    def flush(next_id: str | None) -> None:
        nonlocal added_run
        if added_run:
            body = tuple(line for u in added_run for p in subtree(new_p, n_at[u.id]) for line in p.lines)
            anchor = _anchor_of(prev_new, added_run[0], new_units, new_p, pairs)
            before = None
            ch = _chapter_of(added_run[0], new_p)
            if anchor is None:  # before the next article of its 章, else before the next 章 (「第2章の前に」)
                same = next_id is not None and _chapter_of(new_p[n_at[pairs[next_id]]], new_p) == ch
                before = next_id if same else _next_chapter(added_run[-1], new_p, reverse)
            into = reverse.get(ch) if anchor is None and before is None and ch else None  # 「第2章に」
            actions.append(Action([Op("add", "", body=body, count=len(added_run))],
                                  needs=tuple(u.placed.label for u in added_run),
                                  anchor=anchor, anchor_before=before, anchor_in=into,
                                  added=tuple((u.id, u.placed.label) for u in added_run)))
            added_run = []

    for nu in [*new_units, None]:
        sync = nu is not None and reverse.get(nu.id) in kept
        if nu is not None and not sync:
            if added_run and _chapter_of(nu, new_p) != _chapter_of(added_run[-1], new_p):
                flush(None)  # a run ends with its 章: the next 章's first articles are added before its next one
            added_run.append(nu)
            continue
        target = old_pos[reverse[nu.id]] if nu is not None else len(old_units)
        while oi < target:  # old units before this sync point that are not kept: removed
            ou = old_units[oi]
            if ou.id not in kept:
                actions.append(Action([Op("delete", ou.cite)], frees=ou.placed.label, unit_id=ou.id))
            oi += 1
        flush(reverse[nu.id] if nu is not None else None)
        if nu is None:
            break
        ou = old_units[oi]
        oi += 1
        ops = _unit_ops(old_p[o_at[ou.id]:], new_p[n_at[nu.id]:], old_p, new_p, o_at, n_at, pairs, ou)
        rename = ou.placed.label != nu.placed.label
        if rename:
            ops.append(Op("rename", ou.cite, to=nu.cite))
        if ops:
            actions.append(Action(ops, needs=(nu.placed.label,) if rename else (), frees=ou.placed.label if rename
                                  else None, unit_id=ou.id, new_label=nu.placed.label if rename else None))
        prev_new = nu.id
    return _schedule(actions, old_units, [p for p in old_p if p.is_chapter])


def _kept(pairs: list[tuple[str, int]]) -> set[str]:
    """The old units that stay in order: the longest run whose new places increase."""
    best: list[list[str]] = []
    tails: list[int] = []
    for oid, ni in pairs:
        lo = next((k for k, t in enumerate(tails) if t >= ni), len(tails))
        chain = (best[lo - 1] if lo else []) + [oid]
        if lo == len(tails):
            tails.append(ni)
            best.append(chain)
        else:
            tails[lo], best[lo] = ni, chain
    return set(best[-1]) if best else set()


def _anchor_of(prev_new: str | None, first: Provision, new_units: list[Provision], new_p: list[Provision],
               pairs: dict[str, str]) -> str | None:
    """The old id of the unit an addition follows (None: it goes before the next one)."""
    if prev_new is None or _chapter_start(first, new_p):
        return None
    reverse = {v: k for k, v in pairs.items()}
    return reverse.get(prev_new)


def _chapter_of(p: Provision, provs: list[Provision]) -> str | None:
    chapter = None
    for q in provs:
        if q.is_chapter and q.placed.depth < p.placed.depth:
            chapter = q.id
        if q is p:
            return chapter
    return chapter


def _next_chapter(last: Provision, new_p: list[Provision], reverse: dict[str, str]) -> str | None:
    """The old id of the 章 after ``last`` (an article run at the end of its 章 goes before it)."""
    after = next((q for q in new_p[new_p.index(last) + 1:] if q.is_chapter), None)
    return reverse.get(after.id) if after is not None and after.placed.style == "第1章" else None


def _chapter_start(first: Provision, new_p: list[Provision]) -> bool:
    """Whether an added article opens its chapter (then it goes before the chapter's next article)."""
    i = new_p.index(first)
    return any(q.is_chapter for q in new_p[:i]) and next(
        (q.is_chapter for q in reversed(new_p[:i]) if q.is_chapter or q.is_article), False)


def _check_chapters(old_p: list[Provision], new_p: list[Provision], pairs: dict[str, str]) -> None:
    old_ch = [pairs.get(p.id) for p in old_p if p.is_chapter]
    new_ch = [p.id for p in new_p if p.is_chapter]
    if old_ch != new_ch:
        raise NotExpressible("章・節が加わり、除かれ、又は入れ替わる改正（新旧対照表方式か全部改正で）")
    for p in old_p:
        if p.is_article and pairs.get(p.id) in {q.id for q in new_p}:
            q = next(q for q in new_p if q.id == pairs[p.id])
            if pairs.get(_chapter_of(p, old_p) or "") != _chapter_of(q, new_p):
                raise NotExpressible(f"{p.cite}が他の章に移る改正（新旧対照表方式か全部改正で）")


def _contents_edits(old_p: list[Provision], new_p: list[Provision]) -> list[Op]:
    """The 目次 first, where a 章名 or the articles under a 章 changed.  Each changed entry is quoted
    whole (「第2章　管理（第3条・第4条）」), or only its range where the 章名 stays (「第3条・第4条」を
    「第3条―第4条」に): a range is one citation, never split.  (章 added or removed are refused before.)"""
    old, new = contents(old_p), contents(new_p)
    text = "\n".join(old[1:])  # as amended so far: each quote is unique when its edit is made
    out = []
    for o, n in zip(old[1:], new[1:], strict=True):
        if o == n:
            continue
        o, n = o.lstrip(SP), n.lstrip(SP)
        head_o, _, range_o = o.partition("（")
        head_n, _, range_n = n.partition("（")
        if head_o == head_n and range_o and range_n and occurrences(text, range_o[:-1]) == 1:
            o, n = range_o[:-1], range_n[:-1]
        if occurrences(text, o) != 1:
            raise NotExpressible("目次の改正（同じ見出しの章・節）")
        text = text.replace(o, n)
        out.append(Edit(REPLACE, o, n))
    return [Op("edit", CONTENTS, tuple(out))] if out else []


def _chapter_edits(o: Provision, n: Provision) -> list[Op]:
    if o.text == n.text:
        return []
    try:
        return [Op("edit", o.cite, tuple(edits(o.text, n.text)), part=o.cite[-1] + "名")]  # 章名 / 節名
    except NoQuote:
        raise NotExpressible(f"{o.cite}の章名の改正") from None


def _unit_ops(old_from: list[Provision], new_from: list[Provision], old_p: list[Provision],
              new_p: list[Provision], o_at: dict[str, int], n_at: dict[str, int], pairs: dict[str, str],
              ou: Provision) -> list[Op]:
    """The edits of one kept unit, or one rewrite of it."""
    olds, news = subtree(old_p, o_at[ou.id]), subtree(new_p, n_at[pairs[ou.id]])
    same_shape = (len(olds) == len(news)
                  and all(pairs.get(a.id) == b.id and a.placed.label == b.placed.label and a.placed.style ==
                          b.placed.style and (a.caption is None) == (b.caption is None) for a, b in
                          zip(olds[1:], news[1:], strict=True))
                  and (olds[0].caption is None) == (news[0].caption is None))
    old_all = "\n".join(line for p in olds for line in p.lines)
    new_all = "\n".join(line for p in news for line in p.lines)
    if old_all.replace(ou.placed.label, "", 1) == new_all.replace(news[0].placed.label, "", 1):
        return []
    rewrite = [Op("rewrite", ou.cite, body=_relabelled(news, ou.placed.label))]
    inserted = None if same_shape else _inserted(olds, news, pairs)
    if not same_shape and inserted is None:
        return rewrite
    kept = news if inserted is None else [p for p in news if p.id not in {q.id for g in inserted for q in g.run}]
    tails = {b.id: t for a, b in zip(olds, kept, strict=True) if (t := _added_sentence(a.text, b.text))}
    # how much of the unit changed is measured on what it kept: 項 or 号 added after the last are
    # 「第N条に次の1号を加える」 however long they are, not a reason to rewrite the unit; so is a 後段
    measured = "\n".join(line for p in kept for line in p.lines)
    for _, sentence, _ in tails.values():
        measured = measured.replace(sentence, "", 1)
    if _alike(old_all, measured) < REWRITE_SHARE:
        return rewrite
    # in document order, each at its provision; a run added goes after what precedes it, and what it
    # renumbers is amended just before it, while still cited by its old number
    where = _places(olds, inserted or [])
    keyed: list[tuple[float, Op]] = []
    try:
        if olds[0].caption != news[0].caption:
            keyed.append((-1, Op("edit", ou.cite, tuple(edits(olds[0].caption or "", news[0].caption or "")),
                                 part="見出し")))
        for k, (a, b) in enumerate(zip(olds, kept, strict=True)):
            text, tail = (tails[b.id][0], tails[b.id][1:]) if b.id in tails else (b.text, None)
            if a.text != text:
                keyed.append((where.get(a.id, k), Op("edit", a.cite, tuple(edits(a.text, text,
                                                                                  scope_text(subtree(olds, k)))))))
            if tail is not None:
                keyed.append((where.get(a.id, k), Op("sentence", a.cite, body=(tail[0],), part=tail[1])))
    except NoQuote:
        return rewrite
    for g in inserted or []:
        body = tuple(line for p in g.run for q in subtree(news, news.index(p)) for line in q.lines)
        kind = "append" if g.after is None else "insert"
        keyed.append((where[g.run[0].id], Op(kind, g.parent.cite, body=body, count=len(g.run),
                                             part=_COUNTERS[g.run[0].placed.style], after=g.after or 0,
                                             shifted=g.shifted)))
    return [op for _, op in sorted(keyed, key=lambda x: x[0])]


def _places(olds: list[Provision], inserted: list[Insertion]) -> dict[str, float]:
    """Where each run goes among the old provisions (after the subtree it follows), keyed by its first
    new id; and the provisions it renumbers (with all below them), just before it."""
    out: dict[str, float] = {}
    for g in inserted:
        siblings = [p for p in olds if p.placed.parent_id == g.parent.id]
        follows = next((p for p in siblings if p.placed.path[-1] == g.after), None) if g.after else \
            (siblings[-1] if g.after is None and siblings else None)
        anchor = follows if follows is not None else g.parent
        at = olds.index(anchor)
        key = (at if follows is None else at + len(subtree(olds, at)) - 1) + 0.5
        out[g.run[0].id] = key
        for p in siblings:
            if p.placed.path[-1] in g.shifted:
                i = olds.index(p)
                out.update((q.id, key - 0.25) for q in subtree(olds, i))
    return out


_OPENING, _CLOSING = "（「『(", "）」』)"


def _sentences(text: str) -> list[str]:
    """The text cut after each 。 outside brackets (「…という。）」 stays inside its sentence)."""
    out, cur, depth = [], "", 0
    for ch in text:
        cur += ch
        depth += (ch in _OPENING) - (ch in _CLOSING)
        if ch == "。" and depth <= 0:
            out.append(cur)
            cur = ""
    return out + ([cur] if cur else [])


def _added_sentence(old: str, new: str) -> tuple[str, str, str] | None:
    """Where ``new`` is ``old`` (edited or not) with one sentence more at its end: the text before it, the
    sentence, and what it is, ただし書 (「ただし、」) or 後段 (「第3条に後段として次のように加える。」)."""
    o, n = _sentences(old), _sentences(new)
    if not old.endswith("。") or len(n) != len(o) + 1 or "\n" in n[-1] or n[-1] == o[-1] \
            or _alike(o[-1], n[-2]) < _alike(o[-1], n[-1]):
        return None
    return new[: -len(n[-1])], n[-1], "ただし書" if n[-1].startswith("ただし、") else "後段"


def _alike(old: str, new: str) -> float:
    """0–1: the share of the two texts the character diff keeps (the diff the quotes are made from).
    Not difflib's ratio on the whole: on repetitive text (「（略）第2条第10項（略）…第2条第9項」) its
    longest-match-first alignment can miss most of what is kept."""
    kept = sum(len(s.text) for s in diff_chars(old, new) if s.op == EQUAL)
    return 2 * kept / (len(old) + len(new)) if old or new else 1.0


# the counter each 項・号 style is cited by; '' for 号の細分 ア・イ, cited by their kana (「イの次に次のように加える」)
_COUNTERS = {"項": "項", "項２": "項", "(1)": "号", "（1）": "号", "（１）": "号", "⑴": "号", "ア": ""}


@dataclass(frozen=True)
class Insertion:
    """A run of 項 or 号 a kept provision gains: ``after`` None after the last of its kind, 0 before the
    first, k after the one numbered k; ``shifted``: the old numbers of those after it, each moved up by
    the run's length, from the back (「同項中第5号を第6号とし、第4号の次に次の1号を加える」)."""

    parent: Provision  # as cited in the old text
    run: tuple[Provision, ...]
    after: int | None
    shifted: tuple[int, ...] = ()


def _inserted(olds: list[Provision], news: list[Provision], pairs: dict[str, str]) -> list[Insertion] | None:
    """Where a unit only gains 項 or 号 (one run under each parent, the later ones of the parent
    renumbered), the runs in document order; else None.  A run that renumbers must be the unit's last, so
    no later citation changes under an earlier one; a 項 is not put before the first (printed on the
    article's line)."""
    old_of = {v: k for k, v in pairs.items()}
    old_ids = [p.id for p in olds]
    kept = [p for p in news if old_of.get(p.id) in set(old_ids)]
    if [old_of[p.id] for p in kept] != old_ids:
        return None
    kept_ids = {p.id for p in kept}
    added_ids = {p.id for p in news if p.id not in kept_ids}
    old_by_id = {p.id: p for p in olds}
    out: list[Insertion] = []
    moved: set[str] = set()
    for parent in dict.fromkeys(p.placed.parent_id for p in news if p.id in added_ids):
        if parent in added_ids:
            continue  # inside an added provision: printed with it
        siblings = [q for q in news if q.placed.parent_id == parent]
        at = [i for i, q in enumerate(siblings) if q.id in added_ids]
        run = tuple(siblings[i] for i in at)
        if parent not in kept_ids or at != list(range(at[0], at[-1] + 1)) or any(
                q.placed.style not in _COUNTERS or q.placed.node.branch for q in run):
            return None
        later = siblings[at[-1] + 1:]
        before = old_by_id[old_of[siblings[at[0] - 1].id]].placed.path[-1] if at[0] else 0
        if later and (not before and _COUNTERS[run[0].placed.style] in ("項", "")):
            return None
        moved |= {q.id for q in later}
        out.append(Insertion(old_by_id[old_of[parent]], run, before if later else None,
                             tuple(old_by_id[old_of[q.id]].placed.path[-1] for q in reversed(later))))
    if any(g.shifted and g is not max(out, key=lambda x: news.index(x.run[0])) for g in out) or any(
            a.placed.style != b.placed.style or (a.caption is None) != (b.caption is None)
            or (a.placed.label != b.placed.label and b.id not in moved) for a, b in zip(olds[1:], kept[1:], strict=True)):
        return None
    return out or None


def _relabelled(news: list[Provision], label: str) -> tuple[str, ...]:
    """The new unit's printed lines under its number at the time it is rewritten (the old one: a new
    number comes after, by 「…とする」)."""
    lines = [line for p in news for line in p.lines]
    first = 1 if news[0].caption is not None else 0
    new_label = news[0].placed.label
    if new_label and lines[first].startswith(new_label):
        lines[first] = label + lines[first][len(new_label):]
    return tuple(lines)


def _schedule(actions: list[Action], old_units: list[Provision], chapters: list[Provision]) -> list[Action]:
    """Order the actions as they can be done: the first pending one whose numbers are free goes next."""
    held = {u.placed.label: u.id for u in old_units}
    label_of = {u.id: u.placed.label for u in [*old_units, *chapters]}
    pending = list(actions)
    out: list[Action] = []
    blocked: set[int] = set()
    while pending:
        ready = [a for a in pending if all(held.get(n) in (None, a.unit_id) for n in a.needs)]
        if not ready:
            raise NotExpressible("番号の付け替えが循環する改正")
        a = ready[0]
        a.waited = id(a) in blocked
        blocked = {id(x) for x in pending if x not in ready}
        pending.remove(a)
        if a.added:
            first = a.ops[0]
            if a.anchor is not None:
                a.ops[0] = Op("add", _cite_of(label_of[a.anchor], old_units), body=first.body, count=first.count)
            elif (at := a.anchor_before or a.anchor_in) is not None:  # before a unit or 章, or into a 章
                a.ops[0] = Op("add", _cite_of(label_of[at], old_units), body=first.body, count=first.count,
                              before=a.anchor_before is not None, into=a.anchor_before is None)
            else:
                raise NotExpressible("加える位置が定まらない改正")
            for nid, lab in a.added:
                held[lab] = nid
                label_of[nid] = lab
        elif a.frees is not None:
            held.pop(a.frees, None)
            if a.new_label is not None:
                held[a.new_label] = a.unit_id or ""
                label_of[a.unit_id or ""] = a.new_label
        out.append(a)
    return out


def _cite_of(label: str, old_units: list[Provision]) -> str:
    """A unit's citation from its printed number (第3条 → 第3条; 1. → 1)."""
    return label[:-1] if label.endswith((".", "．")) else label
