"""Cards for "what changed" (改定点): one note per changed clause between two revisions.

Built from :func:`toolkit.diff.compare`, so the deck says what the 新旧対照表
says.  A note's identity is the clause and the revision step
(``change-r5-r8``): the next revision's changes are new notes, not edits of
these.
"""

from __future__ import annotations

from dataclasses import replace

from toolkit.diff import compare
from toolkit.diff.changeset import ADDED, DELETE, EQUAL, INSERT, MODIFIED, REMOVED, ClauseChange
from toolkit.model import Document, PolicySet, Revision
from toolkit.model.numbering import place
from toolkit.model.wareki import era_year, wareki
from toolkit.training.cards import finish, tag
from toolkit.training.facts import sections, short_name
from toolkit.training.model import Card, Source

CHANGES = "changes"  # deck key


def era_code(rev: Revision) -> str:
    """r8 for 令和8年, h16 for 平成16年: the step's name in file names."""
    era, year = era_year(rev.date)
    return {"令和": "r", "平成": "h", "昭和": "s"}.get(era, "x") + str(year)


def era_label(rev: Revision) -> str:
    """令和8年 (元年 for the first year)."""
    era, year = era_year(rev.date)
    return f"{era}{'元' if year == 1 else year}年"


def last_step(doc: Document) -> tuple[Revision, Revision] | None:
    """The text in force and the revision before it in a view (None when there is none before);
    drafts after it are not taught (issue 10)."""
    ids = [r.id for r in doc.revisions]
    i = ids.index(doc.current.id) if doc.revisions else 0
    if i < 1:
        return None
    return doc.revisions[i - 1], doc.revisions[i]


def phrases(change: ClauseChange, context: int = 3) -> list[str]:
    """The changed phrases: 「old」→「new」, 「new」を追加, 「old」を削除.

    A change shorter than ``context`` characters (「二」→「多」) is shown with
    up to ``context`` characters either side (「への二要素」→「への多要素」).
    """
    runs: list[tuple[str, str, str]] = []  # (equal text | "", deleted, inserted)
    for s in change.segments:
        if s.op == EQUAL:
            runs.append((s.text, "", ""))
        elif runs and not runs[-1][0]:
            eq, o, n = runs[-1]
            runs[-1] = (eq, o + (s.text if s.op == DELETE else ""), n + (s.text if s.op == INSERT else ""))
        else:
            runs.append(("", s.text if s.op == DELETE else "", s.text if s.op == INSERT else ""))
    out = []
    for i, (eq, o, n) in enumerate(runs):
        if eq:
            continue
        if max(len(o), len(n)) < context:
            before = runs[i - 1][0][-context:] if i > 0 else ""
            after = runs[i + 1][0][:context] if i + 1 < len(runs) else ""
            before, after = before.rsplit("\n", 1)[-1], after.split("\n", 1)[0]
            o, n = (before + o + after if o else ""), (before + n + after if n else "")
            if not o and n:
                o = before + after  # an insertion in context reads as a replacement
            if not n and o:
                n = before + after
        o, n = o.replace("\n", "／"), n.replace("\n", "／")
        if o and n:
            out.append(f"「{o}」→「{n}」")
        elif n:
            out.append(f"「{n}」を追加")
        else:
            out.append(f"「{o}」を削除")
    return out


def _headings(doc: Document, rev: Revision) -> dict[str, str]:
    """id → the clause's heading, else its nearest titled ancestor's (for items like 6(3)①)."""
    out: dict[str, str] = {}
    for p in place(doc, rev):
        own = p.node.heading
        out[p.node.id] = own if own is not None else out.get(p.parent_id or "", "")
    return out


def change_cards(doc: Document, old: Revision, new: Revision) -> list[Card]:
    """One card per changed clause from ``old`` to ``new`` (unchanged clauses get none)."""
    cs = compare(doc, old, new)
    heads = {**_headings(doc, old), **_headings(doc, new)}
    tops_new, tops_old = sections(doc, new), sections(doc, old)
    step = f"{wareki(new.date)}の{new.kind}"
    name = short_name(doc)
    provenance = new.provenance if old.provenance == "authoritative" else old.provenance
    out = []
    for c in cs.changed():
        ref = c.new_ref or c.old_ref or ""
        head = heads.get(c.id, "")
        what = f"{name} {ref}" + (f"「{head}」" if head else "")
        if c.kind == ADDED:
            q, a = f"{step}で新設された{what}は、何を定めているか。", c.new_text
        elif c.kind == REMOVED:
            q, a = f"{step}で削られた{name} {c.old_ref}" + (f"「{head}」" if head else "") + "は、何を定めていたか。", \
                c.old_text
        elif c.kind == MODIFIED:
            note = "（表記のみの変更）" if c.formatting_only else ""
            q = f"{step}で、{what}はどう変わったか。"
            a = "\n".join([f"変更点{note}: " + "、".join(phrases(c)), f"改正後: {c.new_text}", f"改正前: {c.old_text}"])
        else:  # renumbered / moved: same wording, another number or place
            q = f"{step}で、{name} {c.old_ref}" + (f"「{head}」" if head else "") + "の番号はどうなったか。"
            a = f"{c.old_ref} → {c.new_ref}（内容は変わらない）"
        section = (tops_new if c.new else tops_old).get(c.id, "")
        placed = c.new or c.old
        src = Source(doc.id, name, c.id, ref, section, new.id, new.date, provenance, new.id, new.date,
                     placed.path if placed else ())
        card = Card("basic", f"change-{old.id}-{new.id}", src,
                    (("問題", q), ("答え", a), ("出典", f"{name} {ref}（{old.id} → {new.id}）")), deck=CHANGES)
        card = finish(card, doc)
        out.append(replace(card, tags=tuple(sorted((*card.tags, tag("change", c.kind))))))
    return out


def changes_cards(view: PolicySet) -> tuple[list[Card], Revision | None]:
    """Change cards for the newest year of change (e.g. 令和8年) and that year's newest revision.

    Each document whose last revision in the view falls in that year
    contributes its last step (previous revision → last revision).
    """
    steps = [(doc, step) for doc in view.documents if not doc.withheld and (step := last_step(doc)) is not None]
    if not steps:
        return [], None
    newest = max((new for _doc, (_old, new) in steps), key=lambda r: r.date)
    out: list[Card] = []
    for doc, (old, new) in steps:
        if era_label(new) == era_label(newest):
            out.extend(change_cards(doc, old, new))
    return out, newest
