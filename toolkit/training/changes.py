"""Cards for "what changed" (改定点): one note per changed clause between two revisions.

Built from :func:`toolkit.diff.compare`, so the deck says what the 新旧対照表
says.  A note's identity is the clause and the revision step
(``change-r5-r8``): the next revision's changes are new notes, not edits of
these.
"""

from __future__ import annotations

import re
from dataclasses import replace

from toolkit.diff import compare
from toolkit.diff.changeset import ADDED, DELETE, EQUAL, INSERT, MODIFIED, REMOVED, ClauseChange
from toolkit.model import Document, PolicySet, Revision
from toolkit.model.numbering import place, ref_labels
from toolkit.model.wareki import era_code, wareki, wareki_year
from toolkit.training.cards import finish, tag
from toolkit.training.facts import sections, short_name, source_of
from toolkit.training.model import (
    BLANK_MARK,
    CLOZE_CLOSE,
    CLOZE_OPEN,
    Blank,
    Card,
    Question,
    Quiz,
    Source,
    TrueFalse,
    normal,
    problems_with,
)
from toolkit.training.settings import TrainingSettings
from toolkit.training.words import key_phrase, noun_phrases, phrase_boundaries, whole_phrase

CHANGES = "changes"  # deck key


def last_step(doc: Document) -> tuple[Revision, Revision] | None:
    """The text in force and the revision before it in a view (None when there is none before);
    drafts after it are not taught (issue 10)."""
    ids = [r.id for r in doc.revisions]
    i = ids.index(doc.current.id) if doc.revisions else 0
    if i < 1:
        return None
    return doc.revisions[i - 1], doc.revisions[i]


def _edits(change: ClauseChange) -> list[tuple[int, int, int, int]]:
    """Each changed run as (old start, old end, new start, new end) offsets in the two contents."""
    out: list[tuple[int, int, int, int]] = []
    o = n = 0
    for s in change.segments:
        if s.op == EQUAL:
            o += len(s.text)
            n += len(s.text)
            continue
        start = (o, n)
        if s.op == DELETE:
            o += len(s.text)
        elif s.op == INSERT:
            n += len(s.text)
        if out and (out[-1][1], out[-1][3]) == start:  # a deletion right before an insertion: one run
            out[-1] = (out[-1][0], o, out[-1][2], n)
        else:
            out.append((start[0], o, start[1], n))
    return out


def phrases(change: ClauseChange) -> list[str]:
    """The changed phrases, as whole words: 「old」→「new」, 「new」を追加, 「old」を削除.

    Each changed run is widened on both sides to word boundaries
    (:mod:`toolkit.training.words`) of both wordings — 「二」→「多」 reads
    「二要素認証」→「多要素認証」 — and never across a line break; a line break in
    a change starts a new phrase (no raw separator).  The same phrase is listed once.
    """
    old_text, new_text = change.old_text or "", change.new_text or ""
    ob, nb = phrase_boundaries(old_text), phrase_boundaries(new_text)
    out: list[str] = []
    for os_, oe, ns, ne in _edits(change):
        # the text around a run is the same on both sides: widen both by the same amount
        while (os_ not in ob or ns not in nb) and os_ > 0 and ns > 0 and old_text[os_ - 1] != "\n":
            os_, ns = os_ - 1, ns - 1
        while ((oe not in ob or ne not in nb) and oe < len(old_text) and ne < len(new_text)
               and old_text[oe] != "\n"):
            oe, ne = oe + 1, ne + 1
        olds = [t.strip() for t in old_text[os_:oe].split("\n")]
        news = [t.strip() for t in new_text[ns:ne].split("\n")]
        for i in range(max(len(olds), len(news))):
            o = olds[i] if i < len(olds) else ""
            n = news[i] if i < len(news) else ""
            if o == n:
                continue
            if o and n:
                out.append(f"「{o}」→「{n}」")
            elif n:
                out.append(f"「{n}」を追加")
            else:
                out.append(f"「{o}」を削除")
    return list(dict.fromkeys(out))


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
        if c.supplementary or c.kind not in (ADDED, MODIFIED, REMOVED):
            continue  # a 附則 is no rule to learn; a renumbered or moved clause reads the same: no card
        ref = c.new_ref or c.old_ref or ""
        head = heads.get(c.id, "")
        section = (tops_new if c.new else tops_old).get(c.id, "")
        placed = c.new or c.old
        src = Source(doc.id, name, c.id, ref, section, new.id, new.date, provenance, new.id, new.date,
                     placed.path if placed else ())
        fields = change_card_fields(c, step, f"{name} {ref}" + (f"「{head}」" if head else ""))
        if fields is None:
            continue
        note_type, body = fields
        # the key names the note type: a note never changes type under one GUID (Anki would refuse the update)
        key = f"change-{old.id}-{new.id}" + ("" if note_type == "basic" else f"-{note_type}")
        card = Card(note_type, key, src,
                    (*body, ("出典", f"{name} {ref}（{wareki(old.date)}の版 → {wareki(new.date)}の版）")), deck=CHANGES)
        card = finish(card, doc)
        out.append(replace(card, tags=tuple(sorted((*card.tags, tag("change", c.kind))))))
    return out


def change_card_fields(c: ClauseChange, step: str, what: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """What a change card asks, one recallable thing (None: nothing worth a card):

    * a changed phrase → a cloze on the new phrase in the new wording, the old one beside it
      (「改正前は『二要素認証』」); only whole phrases, never a cut fragment;
    * a new clause → a cloze on its key phrase;
    * a removed clause → that it was removed (its heading is the question).
    """
    if c.kind == REMOVED:
        if not c.old_ref:
            return None
        return "basic", (("問題", f"{step}で、{what}はどうなったか。"),
                         ("答え", "削られた"))
    text = c.new_text or ""
    if c.kind == ADDED:
        phrase = key_phrase(text)
        if phrase is None:
            return None
        return "cloze", (("本文", f"{step}で新設　{what}：{text[:phrase.start]}{CLOZE_OPEN}c1::{phrase.text}"
                                  f"{CLOZE_CLOSE}{text[phrase.end:]}"),)
    gaps: list[tuple[str, str]] = []
    for ph in phrases(c):
        m = _CHANGE.match(ph)
        if m and whole_phrase(m.group(1)) and whole_phrase(m.group(2)) and text.count(m.group(2)) == 1:
            gaps.append((m.group(1), m.group(2)))
    if not gaps or c.formatting_only:
        return None
    body = text
    for i, (_before, after) in enumerate(gaps, start=1):
        body = body.replace(after, f"{CLOZE_OPEN}c{i}::{after}{CLOZE_CLOSE}", 1)
    was = "、".join(f"「{before}」" for before, _after in gaps)
    return "cloze", (("本文", f"{step}で改正　{what}：{body}\n（改正前は{was}）"),)


def changes_cards(view: PolicySet) -> tuple[list[Card], Revision | None]:
    """Change cards for the newest year of change (e.g. 令和8年) and that year's newest revision.

    Each document whose last revision in the view falls in that year
    contributes its last step (previous revision → last revision).
    """
    steps, newest = _steps(view)
    out: list[Card] = []
    for doc, old, new in steps:
        out.extend(change_cards(doc, old, new))
    return out, newest


def _steps(view: PolicySet) -> tuple[list[tuple[Document, Revision, Revision]], Revision | None]:
    """The last step of every document whose last revision falls in the newest year of change."""
    steps = [(doc, step) for doc in view.documents if not doc.withheld and (step := last_step(doc)) is not None]
    if not steps:
        return [], None
    newest = max((new for _doc, (_old, new) in steps), key=lambda r: r.date)
    return [(doc, old, new) for doc, (old, new) in steps if wareki_year(new.date) == wareki_year(newest.date)], newest


def change_questions(doc: Document, old: Revision, new: Revision, seed: int) -> list[Question]:
    """Questions on what changed from ``old`` to ``new``: for each changed phrase a true/false
    item (「…は…に改められた」, or the change turned round: believable, and false) and a
    blank on the new phrase in the new wording; for a new clause, a blank in it."""
    import random

    cs = compare(doc, old, new)
    step = f"{wareki(new.date)}の{new.kind}"
    tops = sections(doc, new)
    labels = ref_labels(doc, new)
    out: list[Question] = []
    for c in cs.changed():
        if c.new is None or c.kind not in (ADDED, MODIFIED) or c.formatting_only or c.supplementary:
            continue  # (a 附則 is not a rule to learn)
        src = source_of(doc, new, c.new, tops, labels)
        if c.old is not None:
            old_src = source_of(doc, old, c.old, sections(doc, old))
            src_more: tuple[Source, ...] = (old_src,)
        else:
            src_more = ()
        qbase = f"{doc.id}/{c.id}/change-{old.id}-{new.id}"
        if c.kind == ADDED:
            text = c.new_text or ""
            spans = [s for s in noun_phrases(text) if text.count(s.text) == 1 and len(s.text) >= 3]
            if spans:
                best = max(spans, key=lambda s: (len(s.text), -s.start))
                out.append(Blank(id=f"{qbase}/blank", source=src, sources=src_more, topic="change", answers=(best.text,),
                                 prompt=f"{step}で新設された{src.where}：{text[:best.start]}{BLANK_MARK}{text[best.end:]}"))
            continue
        for i, ph in enumerate(phrases(c)):
            m = _CHANGE.match(ph)
            if not m:
                continue
            before, after = m.group(1), m.group(2)
            if not (whole_phrase(before) and whole_phrase(after)):
                continue  # a cut fragment (「…送付しては」) teaches nothing
            fact = f"change:{normal(before)}→{normal(after)}"  # the same change in three clauses is one fact
            rng = random.Random(f"{seed}:{qbase}/{i}")
            truth = rng.random() < 0.5
            a, b = (before, after) if truth else (after, before)
            out.append(TrueFalse(id=f"{qbase}/tf-{i}", source=src, sources=src_more, topic="change", truth=truth,
                                 fact=fact,
                                 prompt=f"{step}で、{src.where}の「{a}」は「{b}」に改められた。",
                                 corrected=f"「{before}」が「{after}」に改められた。"))
            text = c.new_text or ""
            if text.count(after) == 1 and before not in text and len(after) <= 15:
                k = text.index(after)
                out.append(Blank(id=f"{qbase}/blank-{i}", source=src, sources=src_more, topic="change",
                                 answers=(after,), fact=fact,
                                 prompt=f"{step}後の{src.where}：{text[:k]}{BLANK_MARK}{text[k + len(after):]}\n"
                                        f"（改正前は「{before}」）"))
    return out


_CHANGE = re.compile(r"^「(.+)」→「(.+)」$")


def change_quiz(view: PolicySet, settings: TrainingSettings, seed: int, marking: str = "",
                marking_text: str = "") -> tuple[Quiz, str] | None:
    """The quiz on what changed in the newest year of change, and its file stem
    (``changes-r8``); None when the view holds no earlier revision (the public's)."""
    from toolkit.training.assemble import assemble
    from toolkit.training.settings import Blueprint

    steps, newest = _steps(view)
    if newest is None:
        return None
    pool = [q for doc, old, new in steps for q in change_questions(doc, old, new, seed)
            if not problems_with(q)]
    if not pool:
        return None
    audience = view.audience_id or ""
    chosen = assemble(pool, Blueprint(audience, len(pool)), view, seed, len(pool), [])
    chosen.sort(key=lambda q: (q.source.doc_id, q.source.path, q.id))
    label = settings.audience_label(audience)
    quiz = Quiz(f"{settings.title} {wareki_year(newest.date)}の改定点 確認テスト（{label}）", audience, seed, tuple(chosen),
                newest.date, view.organisation, (), marking, marking_text)
    return quiz, f"changes-{era_code(newest.date)}"
