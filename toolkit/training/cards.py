"""Flashcards (単語帳カード) from the facts of a view.

One note per fact; its identity is the document, the clause id and a kind
(``definition``, ``clause``, ``subject``, ``cloze-1`` …), never the wording.
Each note is built for every revision of its document in the view, and its
``since`` revision is the oldest from which it reads the same: that date is
the note's modification time, so importing the next revision's deck updates
exactly the notes that changed (see :mod:`toolkit.render.anki`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from toolkit.model import Document, PolicySet
from toolkit.model.wareki import wareki
from toolkit.training.facts import (
    Clause,
    Definition,
    DocumentFacts,
    EnumerationFact,
    KeySentenceFact,
    NonPublic,
    SubjectItem,
    document_facts,
    revisions_up_to,
    withheld_from_public,
)
from toolkit.training.model import CLOZE_CLOSE, CLOZE_OPEN, PROVENANCE_LABELS, Card, Source
from toolkit.training.settings import TrainingSettings

BASIC, DEFINITION, CLOZE = "basic", "definition", "cloze"
OVERVIEW = "overview"  # the deck for facts about the policy as a whole
_SPACE = re.compile(r"\s+")


def tag(kind: str, value: str) -> str:
    """An Anki tag (no spaces allowed): ``section::2._定義``."""
    return f"{kind}::{_SPACE.sub('_', value.strip())}"


def _cite(src: Source, title: str | None = None) -> str:
    return f"{src.where}「{title}」" if title else src.where


def _basic(key: str, src: Source, question: str, answer: str, title: str | None = None) -> Card:
    return Card(BASIC, key, src, (("問題", question), ("答え", answer), ("出典", _cite(src, title))), deck=src.doc_id)


def definition_card(d: Definition) -> Card:
    return Card(DEFINITION, "definition", d.source,
                (("用語", d.term), ("意味", d.meaning), ("出典", _cite(d.source, "定義"))), deck=d.source.doc_id)


def clause_cards(c: Clause) -> list[Card]:
    out = []
    if c.text:
        out.append(_basic("clause", c.source, f"{_cite(c.source, c.title)}では、何を定めているか。",
                          "\n".join(c.text), c.title))
    if c.items:
        lines = "\n".join(f"{label} {text}" for label, text in c.items)
        # the count is what the card shows; items this audience may not see are said to exist
        count = f"{len(c.items)}項目" + ("。ほかに、この教材には載せていない項目がある" if c.items_withheld else "")
        if c.items_withheld:
            lines += "\n（このほかの項目は、この教材の対象者には示していません。）"
        out.append(_basic("list", c.source, f"{_cite(c.source, c.title)}に挙げられているものは何か（{count}）。",
                          lines, c.title))
    return out


def subject_card(s: SubjectItem) -> Card:
    return _basic("subject", s.source, s.prompt.format(subject=s.subject), s.sentence, s.group_title)


def enumeration_card(e: EnumerationFact) -> Card:
    items = "、".join(e.items)
    return _basic(f"enumeration-{e.enumeration.id}", e.source,
                  f"{e.enumeration.label}をすべて挙げよ（{len(e.items)}）。", items)


def non_public_card(n: NonPublic) -> Card:
    answer = f"非公開。{n.ground_text}（{n.ground_label}）。" if n.ground_text else "非公開。"
    card = _basic(f"nonpublic-{n.doc_id}", n.source, f"「{n.name}」は公開されているか。その理由は。", answer)
    return replace(card, deck=OVERVIEW)


def cloze_card(k: KeySentenceFact) -> Card:
    text = k.sentence
    for i, phrase in enumerate(k.hide, start=1):
        text = text.replace(phrase, f"{CLOZE_OPEN}c{i}::{phrase}{CLOZE_CLOSE}", 1)
    return Card(CLOZE, f"cloze-{k.key.name}", k.source, (("本文", text), ("出典", _cite(k.source))), deck=k.source.doc_id)


def facts_cards(facts: DocumentFacts) -> list[Card]:
    """Every card of one revision of one document, without the revision fields (see :func:`finish`)."""
    out = [definition_card(d) for d in facts.definitions]
    for c in facts.clauses:
        out.extend(clause_cards(c))
    out.extend(subject_card(s) for s in facts.subjects)
    out.extend(enumeration_card(e) for e in facts.enumerations)
    out.extend(cloze_card(k) for k in facts.key_sentences)
    out.extend(non_public_card(n) for n in facts.non_public)
    return out


def revision_label(doc: Document, rev_id: str) -> str:
    """「令和8年4月1日 全面改定」 (staff never see an internal revision id)."""
    try:
        r = doc.revision(rev_id)
    except KeyError:
        return rev_id
    return f"{wareki(r.date)} {r.kind}"


def finish(card: Card, doc: Document | None) -> Card:
    """Add the 補足 field and the tags.

    A note names no revision: the deck's description names the one the deck
    was built from, so a note unchanged since an older revision shows no old
    label, and only notes whose text changed differ between two decks (see
    :mod:`toolkit.render.anki`).  ``since`` only dates the note.
    """
    src = card.source
    label = PROVENANCE_LABELS.get(src.provenance)
    note = f"この本文は{label[0]}です（{label[1]}）。" if label else ""
    tags = [tag("document", src.doc_name), tag("revision", src.revision)]
    if src.clause_id:  # how `policy train report` ties reviews back to the clause
        tags.append(tag("clause", f"{src.doc_id}/{src.clause_id}"))
    if src.section:
        tags.append(tag("section", src.section))
    tags.append(tag("kind", card.key.split("-")[0]))
    if src.provenance != "authoritative":
        tags.append(tag("provenance", src.provenance))
    return replace(card, fields=(*card.fields, ("補足", note)), tags=tuple(sorted(tags)))


def document_cards(view: PolicySet, doc: Document, settings: TrainingSettings, messages: list[str],
                   as_of: str | None = None) -> list[Card]:
    """The cards of ``doc`` as of revision ``as_of`` (default: its newest in the view).

    A card's ``since`` is the oldest revision, walking back without a gap, whose
    card reads the same (fields, section and provenance).
    """
    revs = list(revisions_up_to(doc, as_of))
    if not revs:
        return []
    withheld = withheld_from_public(view)
    history: list[dict[tuple[str, str, str], Card]] = []
    for i, rev in enumerate(revs):
        # messages only for the revision being built: older ones only date the cards
        sink: list[str] = messages if i == len(revs) - 1 else []
        facts = document_facts(view, doc, rev, settings, sink, withheld)
        history.append({c.identity: c for c in facts_cards(facts)})
    out = []
    for ident, card in history[-1].items():
        since = card.source
        for older in reversed(history[:-1]):
            prev = older.get(ident)
            if (prev is None or prev.fields != card.fields or prev.source.section != card.source.section
                    or prev.source.provenance != card.source.provenance):  # the 補足 field names the provenance
                break
            since = prev.source
        src = replace(card.source, since=since.revision, since_date=since.revision_date)
        out.append(finish(replace(card, source=src), doc))
    return out


def deck_cards(view: PolicySet, settings: TrainingSettings, messages: list[str],
               as_of: dict[str, str] | None = None) -> list[Card]:
    """Every card of a view, document by document.

    ``as_of`` maps document id → revision id, to build an earlier revision's deck.
    """
    as_of = as_of or {}
    out: list[Card] = []
    for doc in view.documents:
        if doc.withheld or not doc.revisions:
            continue
        out.extend(document_cards(view, doc, settings, messages, as_of.get(doc.id)))
    return out
