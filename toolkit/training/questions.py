"""Quiz questions (確認テスト) from the facts of a view, plus the hand-written ones.

Generated questions are rebuilt from the current wording on every run, so a
clause that changed gets a fresh question and one that vanished gets none.
A hand-written question is kept only while its clause reads as it did in
the revision it was written against; otherwise it is left out with a message.

Distractors are of the same kind as the answer: other definitions for a
definition, other clause titles of the same parent for a title, bodies from
a checked pool of bodies *not* in scope for a body.  Each question draws from
its own random stream (seed + question id), so a set is reproducible and one
changed clause does not reshuffle the others.  Every question is checked with
:func:`toolkit.training.model.problems_with` before it is offered.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from toolkit.model import Document, PolicySet, Revision
from toolkit.model.numbering import place
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
    sections,
    source_of,
    withheld_from_public,
)
from toolkit.training.model import (
    BLANK,
    BLANK_MARK,
    CHOICE,
    CHOICES,
    QUESTION_KINDS,
    TRUEFALSE,
    Question,
    Quiz,
    Source,
    normal,
    problems_with,
)
from toolkit.training.settings import TrainingSettings, WrittenQuestion

_PAREN = re.compile(r"^(.+?)（(.+?)）$")


def _rng(seed: int, qid: str) -> random.Random:
    return random.Random(f"{seed}:{qid}")


def _choice(qid: str, prompt: str, src: Source, right: str, others: Sequence[str], seed: int,
            explanation: str = "", origin: str = "generated") -> Question | None:
    """A multiple-choice question: ``right`` and three of ``others`` (those equal to it set aside)."""
    rng = _rng(seed, qid)
    pool = sorted({o for o in others if normal(o) != normal(right)}, key=normal)
    distinct: dict[str, str] = {}
    for o in pool:
        distinct.setdefault(normal(o), o)
    pool = list(distinct.values())
    if len(pool) < CHOICES - 1:
        return None
    options = [right, *rng.sample(pool, CHOICES - 1)]
    rng.shuffle(options)
    return Question(qid, CHOICE, prompt, src, tuple(options), options.index(right), explanation=explanation,
                    origin=origin)


def _truefalse(qid: str, statement: str, src: Source, truth: bool, explanation: str = "") -> Question:
    return Question(qid, TRUEFALSE, statement, src, truth=truth, explanation=explanation)


def _blank(qid: str, prompt: str, src: Source, answers: Iterable[str], explanation: str = "") -> Question:
    return Question(qid, BLANK, prompt, src, answers=tuple(dict.fromkeys(answers)), explanation=explanation)


def _term_answers(term: str) -> list[str]:
    """「マイナンバー利用事務系（個人番号利用事務系）」 accepts either name too."""
    m = _PAREN.match(term)
    return [term, m.group(1), m.group(2)] if m else [term]


def _qid(src: Source, kind: str) -> str:
    return f"{src.doc_id}/{src.clause_id or '-'}/{kind}"


def definition_questions(defs: Sequence[Definition], seed: int) -> Iterable[Question | None]:
    meanings = [d.meaning for d in defs]
    terms = [d.term for d in defs]
    for d in defs:
        src, where = d.source, d.source.where
        explain = f"{where}「{d.term}」: {d.meaning}"
        yield _choice(_qid(src, "term-meaning"), f"{where}で、「{d.term}」の意味として正しいものはどれか。", src,
                      d.meaning, meanings, seed, explain)
        yield _choice(_qid(src, "meaning-term"), f"{src.doc_name}で、次のように定義されている用語はどれか。\n「{d.meaning}」",
                      src, d.term, terms, seed, explain)
        yield _blank(_qid(src, "blank-term"), f"{src.doc_name}の定義：「{BLANK_MARK}」とは、{d.meaning}", src,
                     _term_answers(d.term), explain)
        qid = _qid(src, "tf-definition")
        rng = _rng(seed, qid)
        others = [m for m in meanings if normal(m) != normal(d.meaning)]
        truth = not others or rng.random() < 0.5
        meaning = d.meaning if truth else rng.choice(sorted(others))
        yield _truefalse(qid, f"{src.doc_name}の定義で、「{d.term}」とは、{meaning}", src, truth, explain)


def clause_questions(clauses: Sequence[Clause], seed: int) -> Iterable[Question | None]:
    """「次のように定めている項目はどれか」: the options are titles of the same parent,
    or of the same depth when the parent has fewer than four titled clauses."""
    by_parent: dict[str | None, list[Clause]] = defaultdict(list)
    by_depth: dict[int, list[Clause]] = defaultdict(list)
    for c in clauses:
        by_parent[c.parent_id].append(c)
        by_depth[c.depth].append(c)
    for c in clauses:
        group = by_parent[c.parent_id]
        if len(group) < CHOICES:
            group = by_depth[c.depth]
        mine = normal(c.content)
        # a clause saying the same as this one would make its title right too
        others = [o.title for o in group if o is not c and normal(o.content) != mine]
        yield _choice(_qid(c.source, "which-title"),
                      f"{c.source.doc_name}で、次のように定めている項目はどれか。\n「{c.content}」", c.source,
                      c.title, others, seed, f"{c.source.where}「{c.title}」")


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
            explain = f"{s.source.where}（{s.group_title}）: {s.sentence}"
            if not others or rng.random() < 0.5:
                yield _truefalse(qid, s.sentence, s.source, True, explain)
                continue
            false = rng.choice(others) + s.until + s.rest
            if normal(false) in true_sentences:
                continue
            yield _truefalse(qid, false, s.source, False, explain)
            yield _choice(_qid(s.source, "which-subject"), f"「{s.rest}」\nこの対策を講じるのはどれか。", s.source,
                          s.subject, subjects, seed, explain)


def enumeration_questions(e: EnumerationFact, pool: Sequence[str], seed: int) -> Iterable[Question | None]:
    label, src = e.enumeration.label, e.source
    explain = f"{src.where}: {e.enumeration.label}は、{'、'.join(e.items)}。"
    pool = [p for p in pool if all(normal(p) != normal(i) for i in e.items)]
    base = f"enum-{e.enumeration.id}"
    if pool:
        qid = _qid(src, f"{base}-in")
        right = _rng(seed, qid + "/right").choice(e.items)
        yield _choice(qid, f"次のうち、{label}に含まれるものはどれか。", src, right, pool, seed, explain)
        qid = _qid(src, f"{base}-out")
        right = _rng(seed, qid + "/right").choice(sorted(pool))
        yield _choice(qid, f"次のうち、{label}に含まれないものはどれか。", src, right, e.items, seed, explain)
    qid = _qid(src, f"{base}-tf")
    rng = _rng(seed, qid)
    truth = not pool or rng.random() < 0.5
    item = rng.choice(e.items) if truth else rng.choice(sorted(pool))
    yield _truefalse(qid, f"{item}は、{label}に含まれる。", src, truth, explain)


def key_sentence_questions(k: KeySentenceFact) -> Iterable[Question | None]:
    for i, phrase in enumerate(k.hide, start=1):
        prompt = f"{k.source.where}：" + k.sentence.replace(phrase, BLANK_MARK, 1)
        yield _blank(_qid(k.source, f"blank-{k.key.name}-{i}"), prompt, k.source, [phrase],
                     f"{k.source.where}: {k.sentence}")


def non_public_questions(n: NonPublic, seed: int) -> Iterable[Question | None]:
    qid = _qid(n.source, f"tf-nonpublic-{n.doc_id}")
    truth = _rng(seed, qid).random() < 0.5
    statement = f"「{n.name}」は非公開とされている。" if truth else f"「{n.name}」は公開されている。"
    why = f"{n.source.where}: {n.name}は非公開。{n.ground_text}。" if n.ground_text else f"{n.source.where}"
    yield _truefalse(qid, statement, n.source, truth, why)


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
    if wq.kind == CHOICE:
        return _choice(qid, wq.prompt, src, wq.options[0], wq.options[1:], seed, wq.explanation, origin)
    if wq.kind == TRUEFALSE:
        return replace(_truefalse(qid, wq.prompt, src, bool(wq.truth), wq.explanation), origin=origin)
    return replace(_blank(qid, wq.prompt, src, wq.answers, wq.explanation), origin=origin)


def facts_questions(facts: DocumentFacts, settings: TrainingSettings, seed: int) -> Iterable[Question | None]:
    if len(facts.definitions) >= CHOICES:
        yield from definition_questions(facts.definitions, seed)
    yield from clause_questions(facts.clauses, seed)
    yield from subject_questions(facts.subjects, seed)
    for e in facts.enumerations:
        yield from enumeration_questions(e, settings.pool_for(e.enumeration.id), seed)
    for k in facts.key_sentences:
        yield from key_sentence_questions(k)
    for n in facts.non_public:
        yield from non_public_questions(n, seed)


def question_pool(view: PolicySet, settings: TrainingSettings, seed: int, messages: list[str],
                  as_of: dict[str, str] | None = None) -> list[Question]:
    """Every question the view allows, checked; unfit ones are left out with a message."""
    as_of = as_of or {}
    withheld = withheld_from_public(view)
    out: list[Question] = []
    for doc in view.documents:
        if doc.withheld or not doc.revisions:
            continue
        rev = list(revisions_up_to(doc, as_of.get(doc.id)))[-1]
        facts = document_facts(view, doc, rev, settings, messages, withheld)
        candidates = list(facts_questions(facts, settings, seed))
        candidates.extend(written_question(wq, doc, rev, seed, messages)
                          for wq in settings.questions if wq.doc_id == doc.id)
        for q in candidates:
            if q is None:
                continue
            wrong = problems_with(q)
            if wrong:
                messages.append(f"{q.origin if q.origin != 'generated' else q.id}: left out: {'; '.join(wrong)}")
                continue
            out.append(q)
    seen: set[str] = set()
    unique = []
    for q in out:
        if q.id not in seen:
            seen.add(q.id)
            unique.append(q)
    return unique


def _order(seed: int, qid: str) -> str:
    return hashlib.sha256(f"{seed}:{qid}".encode()).hexdigest()


def select(pool: Sequence[Question], seed: int, count: int, messages: list[str] | None = None) -> list[Question]:
    """``count`` questions, taking the kinds in turn (choice, true/false, blank), in a seeded order."""
    by_kind: dict[str, list[Question]] = {k: [] for k in QUESTION_KINDS}
    for q in sorted(pool, key=lambda q: _order(seed, q.id)):
        by_kind[q.kind].append(q)
    out: list[Question] = []
    while len(out) < count and any(by_kind.values()):
        for kind in QUESTION_KINDS:
            if by_kind[kind] and len(out) < count:
                out.append(by_kind[kind].pop(0))
    if len(out) < count and messages is not None:
        messages.append(f"only {len(out)} questions available (asked for {count})")
    return out


def make_quiz(view: PolicySet, settings: TrainingSettings, seed: int, count: int, messages: list[str],
              as_of: dict[str, str] | None = None, title: str | None = None) -> Quiz:
    """A quiz for the view's audience: the pool, then ``count`` drawn with ``seed``."""
    pool = question_pool(view, settings, seed, messages, as_of)
    chosen = select(pool, seed, count, messages)
    label = settings.audience_label(view.audience_id or "")
    dates = [q.source.revision_date for q in chosen]
    newest = max(dates) if dates else max(r.date for d in view.documents for r in d.revisions)
    return Quiz(title or f"{settings.title} 確認テスト（{label}）", view.audience_id or "", seed, tuple(chosen),
                newest, view.organisation, tuple(messages))

