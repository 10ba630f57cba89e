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
from collections import Counter
from dataclasses import replace

from toolkit.model import Document, PolicySet
from toolkit.model.provenance import provenance_text
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
from toolkit.training.model import CLOZE_CLOSE, CLOZE_OPEN, Card, Source
from toolkit.training.settings import TrainingSettings
from toolkit.training.words import key_phrase, noun_phrases

BASIC, DEFINITION, CLOZE = "basic", "definition", "cloze"
SHORT_ANSWER = 40  # characters: the most a card's answer may hold (minimum-information principle)
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
    """Meaning → term (the note type asks only that way: a whole meaning is no answer one recalls)."""
    return Card(DEFINITION, "definition", d.source,
                (("用語", d.term), ("意味", d.meaning), ("出典", _cite(d.source, "定義"))), deck=d.source.doc_id)


def gap(phrase: str, number: int = 1) -> str:
    """A cloze gap on ``phrase`` (made Anki's ``{{c1::…}}`` by the renderer)."""
    return f"{CLOZE_OPEN}c{number}::{phrase}{CLOZE_CLOSE}"


def _cloze(key: str, src: Source, text: str, title: str | None = None) -> Card:
    return Card(CLOZE, key, src, (("本文", text), ("出典", _cite(src, title))), deck=src.doc_id)


def clause_cards(c: Clause) -> list[Card]:
    """A list whose items one can name (all of them in at most 40 characters): 「…に挙げられて
    いるものは何か」.  A longer clause is learnt a phrase at a time (:func:`passage_cards`)."""
    if not c.items:
        return []
    answer = "、".join(text for _label, text in c.items)
    if len(answer) > SHORT_ANSWER or c.items_withheld:
        return []  # each item is a passage card of its own; a list of withheld items cannot be recalled whole
    return [_basic("list", c.source, f"{_cite(c.source, c.title)}に挙げられているものは何か（{len(c.items)}項目）。",
                   answer, c.title)]


def passage_cards(facts: DocumentFacts) -> list[Card]:
    """One cloze note per paragraph, on its key phrase (:func:`toolkit.training.words.key_phrase`:
    a defined term first, then the longest noun phrase of at most 40 characters): the paragraph
    gives the context, the gap is the one thing to recall.  Definitions (term cards), key
    sentences (their own cloze notes) and list lead-ins (「次のとおりとする。」) get none."""
    terms = [d.term for d in facts.definitions]
    defined = {d.source.clause_id for d in facts.definitions}
    keys = {(k.source.clause_id, k.sentence) for k in facts.key_sentences}
    # a phrase found in three paragraphs or more is common: a gap on it asks nothing
    spread = Counter(p for _src, para in facts.passages for p in {s.text for s in noun_phrases(para)})
    common = {p for p, n in spread.items() if n >= 3}
    out: list[Card] = []
    seen: dict[str | None, int] = {}
    for src, para in facts.passages:
        n = seen[src.clause_id] = seen.get(src.clause_id, 0) + 1
        if src.clause_id in defined or (src.clause_id, para) in keys:
            continue
        if "次の" in para and para.rstrip().endswith(("。", "：")) and len(para) < 60:
            continue
        phrase = key_phrase(para, terms, common=common)
        if phrase is None:
            continue
        text = para[:phrase.start] + gap(phrase.text) + para[phrase.end:]
        out.append(_cloze(f"passage-{n}", src, text, src.heading or None))
    return out


def subject_card(s: SubjectItem) -> Card:
    """The measure → whose it is (「LGWAN接続系」): the subject is what one recalls."""
    return _basic("subject", s.source, f"{_cite(s.source, s.group_title)}で、次の対策を講じるとされているのはどこか。\n"
                  f"「{s.rest}」", s.subject, s.group_title)


def enumeration_card(e: EnumerationFact) -> Card:
    """The listed names with one gap per name: each card asks one of them, the others around it."""
    text = f"{e.enumeration.label}：" + "、".join(gap(item, i) for i, item in enumerate(e.items, start=1))
    return replace(_cloze(f"enumeration-{e.enumeration.id}", e.source, text), deck=e.source.doc_id)


def non_public_card(n: NonPublic) -> Card:
    answer = f"非公開（{n.ground_label}）" if n.ground_label else "非公開"
    card = _basic(f"nonpublic-{n.doc_id}", n.source, f"「{n.name}」は公開されているか。", answer)
    return replace(card, deck=OVERVIEW)


def cloze_card(k: KeySentenceFact) -> Card:
    text = k.sentence
    for i, phrase in enumerate(k.hide, start=1):
        text = text.replace(phrase, gap(phrase, i), 1)
    return _cloze(f"cloze-{k.key.name}", k.source, text)


def facts_cards(facts: DocumentFacts) -> list[Card]:
    """Every card of one revision of one document, without the revision fields (see :func:`finish`)."""
    out = [definition_card(d) for d in facts.definitions]
    for c in facts.clauses:
        out.extend(clause_cards(c))
    out.extend(passage_cards(facts))
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
    label = provenance_text(src.provenance)
    note = f"この本文は{label.study_word}です（{label.study_why}）。" if label else ""
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
