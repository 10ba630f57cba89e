"""Quiz questions (確認テスト) from the facts of a view, plus the hand-written ones.

Generated questions are rebuilt from the current wording on every run, so a
clause that changed gets a fresh question and one that vanished gets none.
A hand-written question is kept only while its clause reads as it did in
the revision it was written against; otherwise it is left out with a message.

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
question is checked with :func:`toolkit.training.model.problems_with`; the set
is drawn by :mod:`toolkit.training.assemble`.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from toolkit.model import Document, PolicySet, Revision
from toolkit.model.numbering import place, ref_labels
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
    document_facts,
    placed_in,
    revisions_up_to,
    sections,
    source_of,
    withheld_from_public,
)
from toolkit.training.model import (
    BLANK_MARK,
    CHOICES,
    Blank,
    Choice,
    Question,
    Scenario,
    Source,
    TrueFalse,
    normal,
    problems_with,
)
from toolkit.training.settings import Category, ScenarioItem, TrainingSettings, WrittenQuestion
from toolkit.training.textindex import TextIndex
from toolkit.training.words import GENERIC, noun_phrases, on_boundaries, tokens

T = TypeVar("T")
_PAREN = re.compile(r"^(.+?)（(.+?)）$")
NEIGHBOURS = 8  # titles either side a 「次のように定めている項目」 item draws its distractors from


def _rng(seed: int, qid: str) -> random.Random:
    return random.Random(f"{seed}:{qid}")


def _choice(qid: str, prompt: str, src: Source, right: str, others: Sequence[str], seed: int, *,
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
        yield _choice(_qid(src, "term-meaning"), f"{where}で、「{d.term}」の意味として正しいものはどれか。", src,
                      d.meaning, list(meanings.values()), seed, topic="definition", prefer=[meanings[t] for t in kin])
        yield _choice(_qid(src, "meaning-term"), f"{src.doc_name}で、次のように定義されている用語はどれか。\n「{d.meaning}」",
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
        yield _choice(_qid(c.source, "which-title"),
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
            yield _choice(_qid(s.source, "which-subject"), f"「{s.rest}」\nこの対策を講じるのはどれか。", s.source,
                          s.subject, subjects, seed)


def enumeration_questions(e: EnumerationFact, pool: Sequence[str], seed: int) -> Iterable[Question | None]:
    label, src = e.enumeration.label, e.source
    pool = [p for p in pool if all(normal(p) != normal(i) for i in e.items)]
    base = f"enum-{e.enumeration.id}"
    if pool:
        qid = _qid(src, f"{base}-in")
        right = _rng(seed, qid + "/right").choice(e.items)
        yield _choice(qid, f"次のうち、{label}に含まれるものはどれか。", src, right, pool, seed)
        qid = _qid(src, f"{base}-out")
        right = _rng(seed, qid + "/right").choice(sorted(pool))
        yield _choice(qid, f"次のうち、{label}に含まれないものはどれか。", src, right, e.items, seed)
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
                yield _choice(f"{qbase}/{cat.id}-which", f"{src.where}：{para[:start]}{BLANK_MARK}{para[end:]}\n"
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
    labels_new, labels_old = ref_labels(doc, rev), ref_labels(doc, prev)
    old = {n.id: "\n".join(resolve(t, labels_old) for t in n.text) for n in prev.walk() if n.text}
    top = sections(doc, rev)
    for p in place(doc, rev):
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


def written_question(wq: WrittenQuestion, doc: Document, rev: Revision, seed: int,
                     messages: list[str]) -> Question | None:
    """A hand-written question for ``rev`` of ``doc`` (a view), or None with a message why not."""
    where = f"{wq.location}: question {wq.id!r}"
    current = {p.node.id: p for p in place(doc, rev)}
    written_rev = next((r for r in doc.revisions if r.id == wq.revision), None)
    if written_rev is None:
        return None  # the revision it was written against is not shown to this audience
    written = {n.id: n for n in written_rev.walk()}
    if wq.clause_id not in written:
        return None  # hidden from this audience
    if wq.clause_id not in current:
        messages.append(f"{where}: clause {wq.clause_id!r} is not in {doc.id} {rev.id}; question dropped")
        return None
    old, new = written[wq.clause_id], current[wq.clause_id].node
    if (old.heading, old.text) != (new.heading, new.text):
        messages.append(f"{where}: clause {wq.clause_id!r} changed between {wq.revision} and {rev.id}; question "
                        f"left out until reviewed (update its 'revision' when it still holds)")
        return None
    src = source_of(doc, rev, current[wq.clause_id], sections(doc, rev))
    origin = str(wq.location)
    qid = f"{doc.id}/{wq.clause_id}/written-{wq.id}"
    if wq.kind == Choice.kind:
        return _choice(qid, wq.prompt, src, wq.options[0], wq.options[1:], seed, rationale=wq.explanation,
                       origin=origin, topic="written")
    if wq.kind == TrueFalse.kind:
        return TrueFalse(id=qid, prompt=wq.prompt, source=src, truth=bool(wq.truth), rationale=wq.explanation,
                         origin=origin, topic="written")
    return Blank(id=qid, prompt=wq.prompt, source=src, answers=tuple(dict.fromkeys(wq.answers)),
                 rationale=wq.explanation, origin=origin, topic="written")


def scenario_question(sc: ScenarioItem, view: PolicySet, seed: int, messages: list[str]) -> Scenario | None:
    """A scenario (事例問題) for a view: None when a clause it applies is hidden from the
    audience (silently) or no longer reads as written (with a message: review it)."""
    sources: list[Source] = []
    for doc_id, clause_id in sc.clauses:
        try:
            doc = view.document(doc_id)
        except KeyError:
            return None
        if doc.withheld or not doc.revisions:
            return None
        rev = doc.current
        placed = {p.node.id: p for p in place(doc, rev)}
        if clause_id not in placed:
            return None
        written = next((r for r in doc.revisions if r.id == sc.revisions.get(doc_id)), None)
        if written is None:
            return None
        try:
            old = written.node(clause_id)
        except KeyError:
            return None
        new = placed[clause_id].node
        if (old.heading, old.text) != (new.heading, new.text):
            messages.append(f"{sc.location}: scenario {sc.id!r}: clause {doc_id}/{clause_id} changed since "
                            f"{written.id}; left out until reviewed")
            return None
        sources.append(source_of(doc, rev, placed[clause_id], sections(doc, rev)))
    q = _choice(f"scenario/{sc.id}", sc.prompt, sources[0], sc.options[0], sc.options[1:], seed,
                rationale=sc.rationale, origin=str(sc.location), topic="scenario")
    if q is None:
        return None
    return Scenario(id=q.id, prompt=q.prompt, source=q.source, sources=tuple(sources[1:]), situation=sc.situation,
                    options=q.options, correct=q.correct, rationale=q.rationale, origin=q.origin, topic="scenario")


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


def view_text(view: PolicySet) -> str:
    """Every word of every revision in the view, normalised (to tell a swapped sentence from a real one)."""
    return "\n".join(normal(t) for d in view.documents for r in d.revisions for n in r.walk()
                     for t in (n.title or "", n.term or "", *n.text))


# Per-document questions, kept for the process: a staff publish asks for the pool of the same
# view two or three times (the self-check quiz, the review package's lists of the text in force
# and of each draft), and the documents a draft does not touch are the same each time.  Keyed by
# everything the questions are made from (the view's text, the document with its revisions, the
# revision, the seed, the settings object — held, so its id is never reused — and the withheld).
_POOLS: dict[tuple[object, ...], tuple[TrainingSettings, list[Question | None], list[str]]] = {}
_POOLS_KEPT = 16
_INDEXES: dict[str, TextIndex] = {}
BUILDS = {"documents": 0}  # how many documents' questions were made (tests: once per publish)


def _text_index(text: str) -> TextIndex:
    index = _INDEXES.get(text)
    if index is None:
        _INDEXES.clear()  # one view's text at a time
        index = _INDEXES[text] = TextIndex(text)
    return index


def drawn_clauses(doc: Document, rev: Revision, seed: int, audience: str, draw: int | None) -> frozenset[str] | None:
    """The clauses a quiz asks about in a document of more than ``draw`` clauses (None: every
    clause): dealt round the top-level sections in seeded order — one clause of each section,
    then a second of each … — so every section has its turn before any has two."""
    placed = [p.node.id for p in placed_in(doc, rev)]
    if draw is None or len(placed) <= draw:
        return None

    def order(key: str) -> str:
        return hashlib.sha256(f"{seed}:{audience}:{doc.id}:{key}".encode()).hexdigest()

    top = sections(doc, rev)
    by_section: dict[str, list[str]] = defaultdict(list)
    for clause in placed:
        by_section[top.get(clause, "")].append(clause)
    rounds = [sorted(ids, key=order) for _s, ids in sorted(by_section.items(), key=lambda kv: order(kv[0]))]
    dealt = [ids[n] for n in range(max(map(len, rounds))) for ids in rounds if n < len(ids)]
    return frozenset(dealt[:draw])


def document_questions(view: PolicySet, doc: Document, rev: Revision, settings: TrainingSettings, seed: int,
                       known_text: str, withheld: list[Document], messages: list[str],
                       ask: frozenset[str] | None = None) -> list[Question | None]:
    """The generated questions of ``rev`` of ``doc``, about the clauses ``ask`` (None: all);
    made once per process for the same inputs."""
    key = (known_text, doc, rev.id, seed, id(settings), tuple(w.id for w in withheld), ask)
    hit = _POOLS.get(key)
    if hit is not None and hit[0] is settings:
        messages.extend(hit[2])
        return hit[1]
    said: list[str] = []
    facts = document_facts(view, doc, rev, settings, said, withheld)
    terms = {d.source.clause_id for d in facts.definitions}
    made: list[Question | None] = []
    for q in facts_questions(facts, settings, _text_index(known_text), seed, ask):
        if q is not None and q.source.clause_id in terms and q.topic == "clause":
            q = replace(q, topic="definition")
        made.append(q)
    BUILDS["documents"] += 1
    if len(_POOLS) >= _POOLS_KEPT:
        del _POOLS[next(iter(_POOLS))]
    _POOLS[key] = (settings, made, said)
    messages.extend(said)
    return made


def question_pool(view: PolicySet, settings: TrainingSettings, seed: int, messages: list[str],
                  as_of: dict[str, str] | None = None, draw: int | None = None) -> list[Question]:
    """Every question the view allows, checked; unfit ones are left out with a message.

    Hand-written questions and scenarios come first, in the order they are written.
    The generated questions of a document are made once per process for the same
    inputs (:func:`document_questions`), however often a publish asks.  ``draw``: a quiz
    needs a few questions, not all: from a document larger than ``draw`` clauses, only
    questions about ``draw`` clauses drawn in seeded order (:func:`drawn_clauses`), so a
    3,000-article 規程 costs a quiz what a 240-clause one does.
    """
    as_of = as_of or {}
    withheld = withheld_from_public(view)
    known_text = view_text(view)
    written: list[Question | None] = []
    generated: list[Question | None] = []
    for doc in view.documents:
        if doc.withheld or not doc.revisions:
            continue
        rev = list(revisions_up_to(doc, as_of.get(doc.id)))[-1]
        ask = drawn_clauses(doc, rev, seed, view.audience_id or "", draw)
        generated.extend(document_questions(view, doc, rev, settings, seed, known_text, withheld, messages, ask))
        written.extend(written_question(wq, doc, rev, seed, messages)
                       for wq in settings.questions if wq.doc_id == doc.id)
    written.extend(scenario_question(sc, view, seed, messages) for sc in settings.scenarios)
    out: list[Question] = []
    seen: set[str] = set()
    for q in (*written, *generated):
        if q is None or q.id in seen:
            continue
        wrong = problems_with(q)
        if wrong:
            messages.append(f"{q.origin if q.written else q.id}: left out: {'; '.join(wrong)}")
            continue
        seen.add(q.id)
        out.append(q)
    return out
