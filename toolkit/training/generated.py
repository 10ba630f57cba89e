"""Quiz questions (確認テスト) generated from the facts of a view.

Generated questions are rebuilt from the current wording on every run, so a
clause that changed gets a fresh question and one that vanished gets none.

What makes an item worth asking:

* **distractors of the same category** as the answer: other definitions for a
  definition, roles for a role, threats for a threat (the categories of
  ``training/decks.yaml``), bodies from a checked pool for a body;
* **believable false statements**: a role swapped for another role (a duty
  moved to another actor), a term of the same category swapped in a
  definition, the wording of another revision — never an unrelated sentence;
* **blanks on whole words** (:mod:`toolkit.training.words`);
* a 「次のように定めている項目はどれか」 item only when the clause text does not
  share a word with its own title (else it is answered by matching words).

Each question draws from its own random stream (seed + question id), so a set
is reproducible and one changed clause does not reshuffle the others.  Every
question is checked with :func:`toolkit.training.model.problems_with` when the
pool is made (:mod:`toolkit.training.questions`).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from toolkit.model import Document, Revision
from toolkit.model.refs import resolve
from toolkit.model.wareki import wareki
from toolkit.training.facts import (
    Clause,
    Definition,
    DocumentFacts,
    EnumerationFact,
    KeySentenceFact,
    NonPublic,
    SubjectItem,
    labels_in,
    placed_in,
    sections,
    source_of,
)
from toolkit.training.model import (
    BLANK_MARK,
    CHOICES,
    Blank,
    Choice,
    Question,
    Source,
    TrueFalse,
    normal,
)
from toolkit.training.settings import Category, TrainingSettings
from toolkit.training.textindex import TextIndex
from toolkit.training.words import GENERIC, noun_phrases, on_boundaries, tokens

T = TypeVar("T")
_PAREN = re.compile(r"^(.+?)（(.+?)）$")
NEIGHBOURS = 8  # titles either side a 「次のように定めている項目」 item draws its distractors from


def _rng(seed: int, qid: str) -> random.Random:
    return random.Random(f"{seed}:{qid}")


def choice_question(qid: str, prompt: str, src: Source, right: str, others: Sequence[str], seed: int, *,
                    rationale: str = "", origin: str = "generated", topic: str = "clause",
                    prefer: Sequence[str] = ()) -> Choice | None:
    """A multiple-choice question: ``right`` and three of ``others`` (those equal to it set aside);
    those also in ``prefer`` (the same category as the answer) are taken first."""
    rng = _rng(seed, qid)
    distinct: dict[str, str] = {}
    for o in sorted(others, key=normal):
        if normal(o) != normal(right):
            distinct.setdefault(normal(o), o)
    pool = list(distinct.values())
    if len(pool) < CHOICES - 1:
        return None
    first = _near(right, [o for o in pool if o in prefer])
    rest = _near(right, [o for o in pool if o not in prefer])
    picked = rng.sample(first, min(len(first), CHOICES - 1))
    picked += rng.sample(rest, CHOICES - 1 - len(picked))
    options = [right, *picked]
    rng.shuffle(options)
    return Choice(id=qid, prompt=prompt, source=src, options=tuple(options), correct=options.index(right),
                  rationale=rationale, origin=origin, topic=topic)


def _near(right: str, options: list[str], room: int = 2) -> list[str]:
    """The options closest in length to ``right`` (twice as many as needed, to draw from):
    a right answer much longer or shorter than its distractors is a tell."""
    ranked = sorted(options, key=lambda o: (abs(len(o) - len(right)), normal(o)))
    return ranked[:max(room * (CHOICES - 1), 0)]


def _term_answers(term: str) -> list[str]:
    """「マイナンバー利用事務系（個人番号利用事務系）」 accepts either name too."""
    m = _PAREN.match(term)
    return [term, m.group(1), m.group(2)] if m else [term]


def _qid(src: Source, kind: str) -> str:
    return f"{src.doc_id}/{src.clause_id or '-'}/{kind}"


def category_of(word: str, categories: Sequence[Category]) -> Category | None:
    return next((c for c in categories if word in c.words), None)


def definition_questions(defs: Sequence[Definition], categories: Sequence[Category],
                         seed: int) -> Iterable[Question | None]:
    meanings = {d.term: d.meaning for d in defs}
    for d in defs:
        src, where = d.source, d.source.where
        cat = category_of(d.term, categories)
        kin = [t for t in (cat.words if cat else ()) if t in meanings and t != d.term]  # 機密性 ↔ 完全性, 可用性
        yield choice_question(_qid(src, "term-meaning"), f"{where}で、「{d.term}」の意味として正しいものはどれか。", src,
                      d.meaning, list(meanings.values()), seed, topic="definition", prefer=[meanings[t] for t in kin])
        yield choice_question(_qid(src, "meaning-term"), f"{src.doc_name}で、次のように定義されている用語はどれか。\n「{d.meaning}」",
                      src, d.term, list(meanings), seed, topic="definition", prefer=kin)
        yield Blank(id=_qid(src, "blank-term"), prompt=f"{src.doc_name}の定義：「{BLANK_MARK}」とは、{d.meaning}",
                    source=src, answers=tuple(dict.fromkeys(_term_answers(d.term))), topic="definition")
        # false only with the meaning of a term of the same category (機密性 ↔ 完全性), never an unrelated one
        siblings = sorted(t for t in (cat.words if cat else ()) if t in meanings and t != d.term)
        qid = _qid(src, "tf-definition")
        rng = _rng(seed, qid)
        truth = not siblings or rng.random() < 0.5
        meaning = d.meaning if truth else meanings[rng.choice(siblings)]
        yield TrueFalse(id=qid, prompt=f"{src.doc_name}の定義で、「{d.term}」とは、{meaning}", source=src, truth=truth,
                        corrected=f"「{d.term}」とは、{d.meaning}", topic="definition")


def clause_questions(clauses: Sequence[Clause], seed: int,
                     ask: Collection[str | None] | None = None) -> Iterable[Question | None]:
    """「次のように定めている項目はどれか」: the options are titles of the same parent,
    or of the same depth when the parent has fewer than four titled clauses.  Left
    out when the text shares a word with its title (matching words would answer it)."""
    by_parent: dict[str | None, list[Clause]] = defaultdict(list)
    by_depth: dict[int, list[Clause]] = defaultdict(list)
    index_of: dict[int, dict[int, int]] = {}  # group → clause → its place in the group
    for c in clauses:
        by_parent[c.parent_id].append(c)
        by_depth[c.depth].append(c)
    contents = {id(c): normal(c.content) for c in clauses}
    for c in clauses:
        if ask is not None and c.source.clause_id not in ask:
            continue  # a distractor, not asked
        content = contents[id(c)]
        if normal(c.title) in content or any(normal(w) in content for w in title_words(c.title)):
            continue
        group = by_parent[c.parent_id]
        if len(group) < CHOICES:
            group = by_depth[c.depth]
        places = index_of.get(id(group))
        if places is None:
            places = index_of[id(group)] = {id(o): n for n, o in enumerate(group)}
        # the titles nearest in the document (its own chapter first): believable, and a
        # bounded number whatever the size of the policy (a 3,000-article 規程 is one group)
        i = places[id(c)]
        near = group[max(0, i - NEIGHBOURS):i + NEIGHBOURS + 1]
        # a clause saying the same as this one would make its title right too
        others = [o.title for o in near if o is not c and contents[id(o)] != content]
        yield choice_question(_qid(c.source, "which-title"),
                      f"{c.source.doc_name}で、次のように定めている項目はどれか。\n「{c.content}」", c.source,
                      c.title, others, seed)


def title_words(title: str) -> list[str]:
    """The words of a title a reader could match against the text (nouns of two or more characters)."""
    return [surface for surface, pos in tokens(title)
            if pos.startswith("名詞") and len(surface) >= 2 and surface not in GENERIC]


def subject_questions(items: Sequence[SubjectItem], seed: int) -> Iterable[Question | None]:
    groups: dict[str, list[SubjectItem]] = defaultdict(list)
    for s in items:
        groups[s.group].append(s)
    for group in groups.values():
        subjects = [s.subject for s in group]
        true_sentences = {normal(s.sentence) for s in group}
        for s in group:
            qid = _qid(s.source, "tf-subject")
            rng = _rng(seed, qid)
            others = sorted(x for x in subjects if x != s.subject)
            if not others or rng.random() < 0.5:
                yield TrueFalse(id=qid, prompt=s.sentence, source=s.source, truth=True)
                continue
            false = rng.choice(others) + s.until + s.rest
            if normal(false) in true_sentences:
                continue
            yield TrueFalse(id=qid, prompt=false, source=s.source, truth=False, corrected=s.sentence)
            yield choice_question(_qid(s.source, "which-subject"), f"「{s.rest}」\nこの対策を講じるのはどれか。", s.source,
                          s.subject, subjects, seed)


def enumeration_questions(e: EnumerationFact, pool: Sequence[str], seed: int) -> Iterable[Question | None]:
    label, src = e.enumeration.label, e.source
    pool = [p for p in pool if all(normal(p) != normal(i) for i in e.items)]
    base = f"enum-{e.enumeration.id}"
    if pool:
        qid = _qid(src, f"{base}-in")
        right = _rng(seed, qid + "/right").choice(e.items)
        yield choice_question(qid, f"次のうち、{label}に含まれるものはどれか。", src, right, pool, seed)
        qid = _qid(src, f"{base}-out")
        right = _rng(seed, qid + "/right").choice(sorted(pool))
        yield choice_question(qid, f"次のうち、{label}に含まれないものはどれか。", src, right, e.items, seed)
    qid = _qid(src, f"{base}-tf")
    rng = _rng(seed, qid)
    truth = not pool or rng.random() < 0.5
    item = rng.choice(e.items) if truth else rng.choice(sorted(pool))
    yield TrueFalse(id=qid, prompt=f"{item}は、{label}に含まれる。", source=src, truth=truth,
                    corrected=f"{label}は、{'、'.join(e.items)}。")


def key_sentence_questions(k: KeySentenceFact) -> Iterable[Question | None]:
    for i, phrase in enumerate(k.hide, start=1):
        prompt = f"{k.source.where}：" + k.sentence.replace(phrase, BLANK_MARK, 1)
        yield Blank(id=_qid(k.source, f"blank-{k.key.name}-{i}"), prompt=prompt, source=k.source, answers=(phrase,))


def non_public_questions(n: NonPublic, seed: int) -> Iterable[Question | None]:
    qid = _qid(n.source, f"tf-nonpublic-{n.doc_id}")
    truth = _rng(seed, qid).random() < 0.5
    statement = f"「{n.name}」は非公開とされている。" if truth else f"「{n.name}」は公開されている。"
    why = f"{n.name}は非公開（{n.ground_text}）。" if n.ground_text else f"{n.name}は非公開。"
    yield TrueFalse(id=qid, prompt=statement, source=n.source, truth=truth, corrected=why)


def _word_spans(text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where category words stand in ``text`` as whole words, longest first, not overlapping
    (「統括情報セキュリティ責任者」 is not also 「情報セキュリティ責任者」)."""
    taken: list[tuple[int, int, str]] = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        start = text.find(w)
        while start >= 0:
            end = start + len(w)
            if all(end <= a or start >= b for a, b, _ in taken) and on_boundaries(text, start, end):
                taken.append((start, end, w))
            start = text.find(w, end)
    return sorted(taken)


def passage_questions(facts: DocumentFacts, categories: Sequence[Category], known: TextIndex,
                      seed: int) -> Iterable[Question | None]:
    """From every paragraph: a blank on a whole noun phrase; and for a category word
    (a role, a threat, a system) a choice among words of its category and a
    true/false item with another word of the category swapped in (a duty moved to
    another actor).  ``known`` indexes the view's whole text, normalised: a
    swapped sentence the policy really says elsewhere is not false, and is skipped."""
    in_view = {w for c in categories for w in c.words if normal(w) in known}
    terms = {d.term for d in facts.definitions}
    for n, (src, para) in enumerate(facts.passages):
        if "次の" in para and para.rstrip().endswith(("。", "：")) and len(para) < 60:
            continue  # 「次のとおりとする。」: the lead-in of a list says nothing on its own
        qbase = _qid(src, f"p{n}")
        rng = _rng(seed, qbase)
        # blanks: on whole noun phrases shown once in the paragraph; a defined term or category
        # word first, then the rarer in the view (a phrase found everywhere is given away by
        # other questions), then the longer; the two best, so assembly has a choice
        phrases = [p for p in noun_phrases(para) if para.count(p.text) == 1 and len(p.text) >= 3]
        ranked = sorted(phrases, key=lambda p: (not (p.text in terms or p.text in in_view),
                                                known.count(normal(p.text), 3) > 2, -len(p.text), p.start))
        for i, best in enumerate(ranked[:2]):
            prompt = f"{src.where}：{para[:best.start]}{BLANK_MARK}{para[best.end:]}"
            yield Blank(id=f"{qbase}/blank" + (f"-{i + 1}" if i else ""), prompt=prompt, source=src,
                        answers=(best.text,))
        for cat in categories:
            words = [w for w in cat.words if w in in_view]
            spans = [s for s in _word_spans(para, words) if para.count(s[2]) == 1]
            if len(words) < 2 or not spans:
                continue
            start, end, word = spans[rng.randrange(len(spans))]
            others = sorted(w for w in words if w != word and normal(para[:start] + w + para[end:]) not in known
                            and w not in para)
            if len(others) >= CHOICES - 1:
                yield choice_question(f"{qbase}/{cat.id}-which", f"{src.where}：{para[:start]}{BLANK_MARK}{para[end:]}\n"
                              f"［　　　］に入る{cat.label}はどれか。", src, word, others, seed, topic=cat.id)
            if others:
                qid = f"{qbase}/{cat.id}-swap"
                trng = _rng(seed, qid)
                if trng.random() < 0.5:
                    yield TrueFalse(id=qid, prompt=f"{src.where}：{para}", source=src, truth=True, topic=cat.id)
                else:
                    swapped = para[:start] + trng.choice(others) + para[end:]
                    yield TrueFalse(id=qid, prompt=f"{src.where}：{swapped}", source=src, truth=False,
                                    corrected=para, topic=cat.id)


def revision_questions(doc: Document, rev: Revision, seed: int,
                       ask: Collection[str | None] | None = None) -> Iterable[Question | None]:
    """False statements from another revision's wording: 「現行の…では『old』と定めている」
    for a clause whose text changed since the previous revision in the view."""
    prev = doc.previous(rev.id)
    if prev is None:
        return
    labels_new, labels_old = labels_in(doc, rev), labels_in(doc, prev)
    old = {n.id: "\n".join(resolve(t, labels_old) for t in n.text) for n in prev.walk() if n.text}
    top = sections(doc, rev)
    for p in placed_in(doc, rev):
        if ask is not None and p.node.id not in ask:
            continue
        new = "\n".join(resolve(t, labels_new) for t in p.node.text)
        before = old.get(p.node.id)
        if not new or before is None or normal(before) == normal(new):
            continue
        src = source_of(doc, rev, p, top, labels_new)
        qid = _qid(src, "tf-revision")
        truth = _rng(seed, qid).random() < 0.5
        shown = new if truth else before
        yield TrueFalse(id=qid, prompt=f"現行の{src.where}は、次のとおり定めている。\n「{shown}」", source=src,
                        truth=truth, corrected=f"現行の文言は「{new}」（「{before}」は{wareki(prev.date)}の版の文言）。",
                        topic="revision")


def facts_questions(facts: DocumentFacts, settings: TrainingSettings, known: TextIndex, seed: int,
                    ask: Collection[str | None] | None = None) -> Iterable[Question | None]:
    """The generated questions of one document's facts; ``ask``: only about these clauses
    (None: every clause).  Every clause still serves as a distractor."""
    def asked(items: list[T]) -> list[T]:
        return items if ask is None else [x for x in items if x.source.clause_id in ask]  # type: ignore[attr-defined]

    if len(facts.definitions) >= CHOICES:
        defs = facts.definitions
        yield from (q for q in definition_questions(defs, settings.categories, seed)
                    if ask is None or q is None or q.source.clause_id in ask)
    yield from clause_questions(facts.clauses, seed, ask)
    yield from subject_questions(asked(facts.subjects), seed)
    for e in asked(facts.enumerations):
        yield from enumeration_questions(e, settings.pool_for(e.enumeration.id), seed)
    for k in asked(facts.key_sentences):
        yield from key_sentence_questions(k)
    for n in asked(facts.non_public):
        yield from non_public_questions(n, seed)
    sub = facts if ask is None else replace(facts, passages=[(s, p) for s, p in facts.passages if s.clause_id in ask])
    yield from passage_questions(sub, settings.categories, known, seed)
    yield from revision_questions(facts.doc, facts.revision, seed, ask)
