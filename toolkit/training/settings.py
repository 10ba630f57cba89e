"""Hand-written training inputs (``training/*.yaml``), loaded and checked like the policy source.

The folder holds text the toolkit team wrote for training — never the city's
wording — and each file says so with ``provenance: toolkit``:

``decks.yaml``
    titles, the quiz defaults (seed, count) and, per document, the roles some
    clauses play: *enumerations* (a list inside one sentence, e.g. the bodies in
    scope), *subject items* (list items that start with their subject, e.g. the
    three layers of 強靱性の向上) and *key sentences* (cloze cards and blanks).
``questions.yaml``
    hand-written questions, each naming the clause and revision it tests.
``distractors.yaml``
    pools of wrong answers of the same kind, e.g. bodies *not* in scope.
``blueprints.yaml``
    per audience, how a quiz is assembled: how many questions, which sections
    each need at least one, the most a topic (e.g. definitions) may take.
``scenarios.yaml``
    事例問題 for staff: a situation at work, the right action and three wrong
    ones, traced to every clause the answer applies.

Errors carry file:line:column (exit 2 from the CLI).  :func:`check_against`
then checks the inputs against the loaded policy: clause ids exist, a "not in
scope" item really is absent from the policy, hand-written questions are fit
to ask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from toolkit.errors import Location, Problems, SourceError
from toolkit.model import PolicySet
from toolkit.source.schema import Fields, check_type, str_list
from toolkit.source.yamlnodes import Located, compose_file
from toolkit.training.model import BLANK_MARK, Blank, Choice, TrueFalse, normal

T = TypeVar("T")

DEFAULT_DIR = Path("training")
FILES = ("decks.yaml", "questions.yaml", "distractors.yaml", "blueprints.yaml", "scenarios.yaml")
WRITTEN_KINDS = (Choice.kind, TrueFalse.kind, Blank.kind)  # what questions.yaml may hold (scenarios have their file)
PROVENANCE = "toolkit"  # written by the toolkit team, not adopted by the city
BLANK_IN_YAML = "___"  # how a hand-written blank is typed in questions.yaml


@dataclass(frozen=True)
class Enumeration:
    """A list inside one sentence: the items between ``before`` and ``after``, split on 、 and 及び."""

    id: str
    doc_id: str
    clause_id: str
    before: str
    after: str
    label: str  # what the items are, e.g. 「本基本方針が適用される実施機関」
    location: Location


@dataclass(frozen=True)
class SubjectItems:
    """Children of a clause whose sentence opens with a subject up to ``until`` (「…においては、」)."""

    doc_id: str
    clause_id: str
    until: str
    prompt: str  # with {subject}
    location: Location


@dataclass(frozen=True)
class KeySentence:
    """A sentence to learn word for word: ``hide`` are the phrases blanked out."""

    doc_id: str
    clause_id: str
    name: str  # distinguishes several key sentences of one clause (part of the note GUID)
    hide: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class Pool:
    """Wrong answers for an enumeration, e.g. bodies that are not in scope."""

    id: str
    enumeration: str
    items: tuple[tuple[str, Location], ...]
    location: Location


@dataclass(frozen=True)
class WrittenQuestion:
    """A hand-written question, written against ``revision`` of its clause."""

    id: str
    kind: str
    doc_id: str
    clause_id: str
    revision: str
    prompt: str
    options: tuple[str, ...] = ()  # choice: the right answer first, then three wrong ones
    truth: bool | None = None
    answers: tuple[str, ...] = ()
    explanation: str = ""
    location: Location = Location("")
    clause_at: Location = Location("")  # where 'clause:' (and 'revision:') are written


@dataclass(frozen=True)
class Category:
    """Words of one kind (roles, threats, systems …): distractors for each other,
    and swapped for each other to make a believable false statement."""

    id: str
    label: str  # what a reader calls them: 「役割」「脅威」
    words: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class ScenarioItem:
    """A hand-written scenario (事例問題): the right action first in ``options``."""

    id: str
    clauses: tuple[tuple[str, str], ...]  # (document id, clause id) the answer applies
    revisions: dict[str, str]  # document id → the revision it was written against
    situation: str
    prompt: str
    options: tuple[str, ...]
    rationale: str
    location: Location


@dataclass(frozen=True)
class Cover:
    """Every top-level section of ``doc_id`` at least ``each`` times."""

    doc_id: str
    each: int
    location: Location


@dataclass(frozen=True)
class Blueprint:
    """How one audience's quiz is assembled (出題設計)."""

    audience: str
    count: int
    cover: tuple[Cover, ...] = ()
    at_most: tuple[tuple[str, float], ...] = ()  # (topic, largest share of the set)
    scenarios: int = 0  # how many scenarios (after the hand-written questions)
    location: Location = Location("")


@dataclass(frozen=True)
class TrainingAudience:
    """An audience that gets a deck and a quiz, and how training material names it (全職員 …)."""

    id: str
    label: str
    location: Location


@dataclass(frozen=True)
class TrainingSettings:
    title: str
    seed: int
    count: int
    audiences: tuple[TrainingAudience, ...] = ()
    enumerations: tuple[Enumeration, ...] = ()
    subject_items: tuple[SubjectItems, ...] = ()
    key_sentences: tuple[KeySentence, ...] = ()
    pools: tuple[Pool, ...] = ()
    questions: tuple[WrittenQuestion, ...] = ()
    categories: tuple[Category, ...] = ()
    scenarios: tuple[ScenarioItem, ...] = ()
    blueprints: tuple[Blueprint, ...] = ()

    def blueprint(self, audience_id: str) -> Blueprint | None:
        return next((b for b in self.blueprints if b.audience == audience_id), None)

    def audience_label(self, audience_id: str) -> str:
        return next((a.label for a in self.audiences if a.id == audience_id), audience_id)

    def pool_for(self, enumeration_id: str) -> tuple[str, ...]:
        return tuple(item for p in self.pools if p.enumeration == enumeration_id for item, _loc in p.items)


def load_training(folder: Path | str = DEFAULT_DIR) -> TrainingSettings:
    """Load and shape-check ``training/*.yaml``; raise :class:`SourceError` listing every problem."""
    folder = Path(folder)
    problems = Problems()
    if not folder.is_dir():
        raise SourceError(f"{folder}: training folder not found (run from the project folder, or pass --training DIR)")
    vals: dict[str, Located | None] = {}
    for name in FILES:
        path = folder / name
        if not path.is_file():
            problems.add(Location(str(path)), "file not found", f"{name} in {folder}")
            continue
        try:
            vals[name] = compose_file(path)
        except SourceError as e:
            problems.items.extend(e.problems)
    problems.raise_if_any()

    title, seed, count = "", 1, 20
    audiences: list[TrainingAudience] = []
    enums: list[Enumeration] = []
    subjects: list[SubjectItems] = []
    keys: list[KeySentence] = []
    categories: list[Category] = []
    f = _root(vals["decks.yaml"], folder / "decks.yaml", problems)
    if f:
        title = f.req("title", str) or ""
        quiz = f.located("quiz")
        if quiz is None:
            problems.add(f.loc, "decks.yaml is missing required key 'quiz'", "quiz: {seed: N, count: N}")
        else:
            q = Fields(quiz, problems, "quiz settings")
            seed = q.req("seed", int) or 1
            count = q.req("count", int) or 20
            if count < 1:
                problems.add(q.loc_of("count"), f"count must be at least 1, got {count}")
            q.done()
        for item in f.req("audiences", list) or []:
            a = Fields(item, problems, "audience")
            aid, label = a.req("id", str), a.req("label", str)
            if aid and label:
                audiences.append(TrainingAudience(aid, label, a.loc))
            a.done()
        for item in f.req("documents", list) or []:
            _document_roles(item, problems, enums, subjects, keys)
        for item in f.opt("categories", list, []):
            c = Fields(item, problems, "category")
            words = tuple(str_list(c.located("words"), problems, "'words'"))
            if len(words) < 2:
                problems.add(c.loc_of("words"), "a category needs at least two words", "words: [a, b, …]")
            categories.append(Category(c.req("id", str) or "", c.req("label", str) or "", words, c.loc))
            c.done()
        f.done()

    pools: list[Pool] = []
    f = _root(vals["distractors.yaml"], folder / "distractors.yaml", problems)
    if f:
        for item in f.req("pools", list) or []:
            p = Fields(item, problems, "distractor pool")
            pid = p.req("id", str) or ""
            enum_id = p.req("enumeration", str) or ""
            items_val = p.located("items")
            items = []
            if items_val is None:
                problems.add(p.loc, "distractor pool is missing required key 'items'")
            elif isinstance(items_val.value, list):
                for v in items_val.value:
                    word = check_type(v, str, problems, "pool item")
                    if word is not None and word.strip():
                        items.append((word.strip(), v.loc))
                    elif word is not None:
                        problems.add(v.loc, "empty pool item", "a word or phrase")
            else:
                problems.add(items_val.loc, "'items' must be a list", "- one wrong answer per line")
            p.opt("note", str)
            p.done()
            pools.append(Pool(pid, enum_id, tuple(items), p.loc))
        f.done()

    questions = _entries(vals, folder, "questions", _question, problems)
    blueprints = _entries(vals, folder, "blueprints", _blueprint, problems)
    scenarios = _entries(vals, folder, "scenarios", _scenario, problems)

    _unique(problems, "audience", [(a.id, a.location) for a in audiences])
    _unique(problems, "category", [(c.id, c.location) for c in categories])
    _unique(problems, "blueprint", [(b.audience, b.location) for b in blueprints])
    _unique(problems, "scenario", [(sc.id, sc.location) for sc in scenarios])
    _unique(problems, "enumeration", [(e.id, e.location) for e in enums])
    _unique(problems, "pool", [(p.id, p.location) for p in pools])
    _unique(problems, "question", [(q.id, q.location) for q in questions])
    _unique(problems, "key sentence", [(f"{k.doc_id}/{k.clause_id}/{k.name}", k.location) for k in keys])
    known_enums = {e.id for e in enums}
    for pool in pools:
        if pool.enumeration and pool.enumeration not in known_enums:
            problems.add(pool.location, f"pool {pool.id!r} is for unknown enumeration {pool.enumeration!r}",
                         " / ".join(sorted(known_enums)) or "an enumeration in decks.yaml")
    problems.raise_if_any()
    return TrainingSettings(title, seed, count, tuple(audiences), tuple(enums), tuple(subjects), tuple(keys), tuple(pools),
                            tuple(questions), tuple(categories), tuple(scenarios), tuple(blueprints))


def _blueprint(val: Located, problems: Problems) -> Blueprint | None:
    f = Fields(val, problems, "blueprint")
    if not f.ok:
        return None
    audience = f.req("audience", str) or ""
    count = f.req("count", int) or 1
    if count < 1:
        problems.add(f.loc_of("count"), f"count must be at least 1, got {count}")
    cover = []
    for c_val in f.opt("cover", list, []):
        c = Fields(c_val, problems, "cover rule")
        each = c.opt("each", int, 1)
        if each < 1:
            problems.add(c.loc_of("each"), f"each must be at least 1, got {each}")
        cover.append(Cover(c.req("document", str) or "", each, c.loc))
        c.done()
    at_most = []
    limits = f.located("at_most_percent")
    if limits is not None:
        if not isinstance(limits.value, dict):
            problems.add(limits.loc, "'at_most_percent' must map a topic to a percentage",
                         "at_most_percent: {definition: 25}")
        else:
            lf = Fields(limits, problems, "at_most_percent")
            for key in list(limits.value):
                share = lf.req(str(key), int)
                if share is not None and not 0 <= share <= 100:
                    problems.add(lf.loc_of(str(key)), f"{share}% is not between 0 and 100", "e.g. 25")
                elif share is not None:
                    at_most.append((str(key), share / 100))
            lf.done()
    scenarios = f.opt("scenarios", int, 0)
    f.done()
    return Blueprint(audience, count, tuple(cover), tuple(at_most), scenarios, f.loc)


def _scenario(val: Located, problems: Problems) -> ScenarioItem | None:
    f = Fields(val, problems, "scenario")
    if not f.ok:
        return None
    sid = f.req("id", str) or ""
    revision = f.req("revision", str) or ""
    clauses = []
    for ref in str_list(f.located("clauses"), problems, "'clauses'"):
        doc_id, sep, clause_id = ref.partition("/")
        if not sep or not doc_id or not clause_id:
            problems.add(f.loc_of("clauses"), f"clause reference {ref!r} is not document/clause", "standards/duty-take-out")
            continue
        clauses.append((doc_id, clause_id))
    if not clauses:
        problems.add(f.loc_of("clauses"), "a scenario applies at least one clause", "clauses: [document/clause, …]")
    situation = f.req("situation", str) or ""
    prompt = f.req("prompt", str) or ""
    right = f.req("answer", str) or ""
    wrong = str_list(f.located("wrong"), problems, "'wrong'")
    if len(wrong) != 3:
        problems.add(f.loc_of("wrong"), f"a scenario needs three wrong answers, got {len(wrong)}", "wrong: [a, b, c]")
    options = (right, *wrong)
    if len({normal(o) for o in options}) != len(options):
        problems.add(f.loc_of("wrong"), "duplicate options (the same answer twice)", "four different options")
    rationale = f.req("rationale", str) or ""
    f.done()
    return ScenarioItem(sid, tuple(clauses), {d: revision for d, _ in clauses}, situation, prompt, options, rationale,
                        f.loc)


def _entries(vals: dict[str, Located | None], folder: Path, key: str,
             parse: Callable[[Located, Problems], T | None], problems: Problems) -> list[T]:
    """The entries of ``KEY.yaml``'s ``KEY:`` list, each read by ``parse`` (None: its problems are recorded)."""
    entries: list[T] = []
    f = _root(vals[f"{key}.yaml"], folder / f"{key}.yaml", problems)
    if f:
        for item in f.req(key, list) or []:
            entry = parse(item, problems)
            if entry is not None:
                entries.append(entry)
        f.done()
    return entries


def _root(val: Located | None, path: Path, problems: Problems) -> Fields | None:
    if val is None:
        problems.add(Location(str(path)), "file is empty")
        return None
    f = Fields(val, problems, path.name)
    if not f.ok:
        return None
    prov = f.req("provenance", str)
    if prov is not None and prov != PROVENANCE:
        problems.add(f.loc_of("provenance"), f"provenance {prov!r}: training inputs are the toolkit team's text",
                     f"provenance: {PROVENANCE}")
    return f


def _document_roles(item: Located, problems: Problems, enums: list[Enumeration], subjects: list[SubjectItems],
                    keys: list[KeySentence]) -> None:
    d = Fields(item, problems, "document roles")
    doc_id = d.req("document", str) or ""
    for e_val in d.opt("enumerations", list, []):
        e = Fields(e_val, problems, "enumeration")
        between = str_list(e.located("between"), problems, "'between'")
        if len(between) != 2:
            problems.add(e.loc_of("between"), "'between' needs two markers", "[text before the list, text after it]")
            between = ["", ""]
        enums.append(Enumeration(e.req("id", str) or "", doc_id, e.req("clause", str) or "", between[0], between[1],
                                 e.req("label", str) or "", e.loc))
        e.done()
    for s_val in d.opt("subject_items", list, []):
        s = Fields(s_val, problems, "subject items")
        prompt = s.req("prompt", str) or ""
        if prompt and "{subject}" not in prompt:
            problems.add(s.loc_of("prompt"), "prompt does not contain {subject}", "e.g. 「{subject}において講じる対策は？」")
        subjects.append(SubjectItems(doc_id, s.req("clause", str) or "", s.req("until", str) or "", prompt, s.loc))
        s.done()
    for k_val in d.opt("key_sentences", list, []):
        k = Fields(k_val, problems, "key sentence")
        hide = tuple(str_list(k.located("hide"), problems, "'hide'"))
        if not hide:
            problems.add(k.loc_of("hide"), "key sentence hides nothing", "hide: [phrase, …]")
        keys.append(KeySentence(doc_id, k.req("clause", str) or "", k.opt("name", str, "1"), hide, k.loc))
        k.done()
    d.done()


def _question(val: Located, problems: Problems) -> WrittenQuestion | None:
    f = Fields(val, problems, "question")
    if not f.ok:
        return None
    qid = f.req("id", str) or ""
    kind = f.req("kind", str) or ""
    if kind and kind not in WRITTEN_KINDS:
        problems.add(f.loc_of("kind"), f"unknown question kind {kind!r}", " / ".join(WRITTEN_KINDS))
    doc_id = f.req("document", str) or ""
    clause = f.req("clause", str) or ""
    revision = f.req("revision", str) or ""
    explanation = f.opt("explanation", str, "")
    prompt = f.req("prompt", str) or ""
    options: tuple[str, ...] = ()
    truth = None
    answers: tuple[str, ...] = ()
    if kind == Choice.kind:
        right = f.req("answer", str)
        wrong = str_list(f.located("wrong"), problems, "'wrong'")
        if len(wrong) != 3:
            problems.add(f.loc_of("wrong"), f"a choice question needs three wrong answers, got {len(wrong)}",
                         "wrong: [a, b, c]")
        options = (right or "", *wrong)
        norm = [normal(o) for o in options]
        if len(set(norm)) != len(norm):
            problems.add(f.loc_of("wrong"), "duplicate options (the same answer twice)", "four different options")
    elif kind == TrueFalse.kind:
        truth = f.req("answer", bool)
    elif kind:
        answers = tuple(str_list(f.located("answers"), problems, "'answers'"))
        if not answers:
            problems.add(f.loc, "a blank question needs 'answers'", "answers: [accepted answer, …]")
        if prompt.count(BLANK_IN_YAML) != 1:
            problems.add(f.loc_of("prompt"), f"a blank question's prompt needs exactly one {BLANK_IN_YAML}",
                         f"{BLANK_IN_YAML} where the answer goes")
        prompt = prompt.replace(BLANK_IN_YAML, BLANK_MARK)
    f.done()
    return WrittenQuestion(qid, kind, doc_id, clause, revision, prompt, options, truth, answers, explanation, f.loc,
                           f.loc_of("clause"))


def _unique(problems: Problems, what: str, ids: list[tuple[str, Location]]) -> None:
    seen: dict[str, Location] = {}
    for i, loc in ids:
        if i in seen:
            problems.add(loc, f"{what} {i!r} defined twice (first at {seen[i]})")
        seen.setdefault(i, loc)


def check_against(settings: TrainingSettings, policy: PolicySet) -> None:
    """Check the training inputs against the full policy (not a view); raise :class:`SourceError`.

    * every document, clause and revision named exists (in some revision: a
      clause that vanished later is dropped with a message when building);
    * a pool item is absent from every revision of its document and is
      neither part of nor contains an item of the enumeration it is wrong for;
    * hand-written questions name a revision in the ledger.
    """
    from toolkit.training.facts import enumeration_items  # facts imports this module

    problems = Problems()
    docs = {d.id: d for d in policy.documents}
    known = [a.id for a in policy.audiences]
    for a in settings.audiences:
        if a.id not in known:
            problems.add(a.location, f"unknown audience {a.id!r}", "an audience of policyset.yaml: " + " / ".join(known))

    def clause_ok(doc_id: str, clause_id: str, loc: Location) -> bool:
        doc = docs.get(doc_id)
        if doc is None:
            problems.add(loc, f"unknown document {doc_id!r}", " / ".join(docs))
            return False
        if not doc.revisions:
            problems.add(loc, f"document {doc_id!r} has no source here (is the private root given?)")
            return False
        if not any(n.id == clause_id for r in doc.revisions for n in r.walk()):
            problems.add(loc, f"clause {clause_id!r} is in no revision of {doc_id!r}", "the id of a clause")
            return False
        if any(n.id == clause_id for r in doc.revisions for s in r.supplementary for n in s.walk()):
            # 附則 (施行期日, 経過措置) say when and how a text applies: they are not rules to learn
            problems.add(loc, f"{clause_id!r} is a 附則 (supplementary provision) of {doc_id!r}, not a clause "
                         "to train on", "the id of a clause of the body")
            return False
        return True

    def revision_ok(doc_id: str, rev_id: str, what: str, loc: Location) -> bool:
        ids = [r.id for r in docs[doc_id].revisions]
        if rev_id in ids:
            return True
        if any(e.id == rev_id and not e.has_text for e in docs[doc_id].ledger):
            problems.add(loc, f"{what}: {doc_id} {rev_id} is known by its date only (history only, no text)",
                         "a revision with text: " + " / ".join(ids))
        else:
            problems.add(loc, f"{what}: {doc_id} has no revision {rev_id!r}", " / ".join(ids))
        return False

    for e in settings.enumerations:
        clause_ok(e.doc_id, e.clause_id, e.location)
    for s in settings.subject_items:
        clause_ok(s.doc_id, s.clause_id, s.location)
    for k in settings.key_sentences:
        clause_ok(k.doc_id, k.clause_id, k.location)
    for sc in settings.scenarios:
        for doc_id, clause_id in sc.clauses:
            if clause_ok(doc_id, clause_id, sc.location):
                rev_id = sc.revisions[doc_id]
                if (revision_ok(doc_id, rev_id, f"scenario {sc.id!r}", sc.location)
                        and all(n.id != clause_id for n in docs[doc_id].revision(rev_id).walk())):
                    problems.add(sc.location, f"scenario {sc.id!r}: clause {clause_id!r} is not in {doc_id} {rev_id}")
    for b in settings.blueprints:
        if b.audience not in known:
            problems.add(b.location, f"blueprint for unknown audience {b.audience!r}", " / ".join(known))
        for c in b.cover:
            if c.doc_id not in docs:
                problems.add(c.location, f"unknown document {c.doc_id!r}", " / ".join(docs))
    every_text = "\n".join(t for d in policy.documents for r in d.revisions for n in r.walk()
                           for t in (n.title or "", n.term or "", *n.text))
    for cat in settings.categories:
        for w in cat.words:
            if w not in every_text:
                problems.add(cat.location, f"category {cat.id!r}: {w!r} is not a word of the policy",
                             "words the policy uses (a swapped-in word must be a real role, threat, system …)")
    for q in settings.questions:
        if clause_ok(q.doc_id, q.clause_id, q.clause_at):
            if (revision_ok(q.doc_id, q.revision, f"question {q.id!r}", q.clause_at)
                    and all(n.id != q.clause_id for n in docs[q.doc_id].revision(q.revision).walk())):
                problems.add(q.clause_at, f"question {q.id!r}: clause {q.clause_id!r} is not in revision {q.revision}",
                             "the revision the question was written against")
    problems.raise_if_any()

    _check_key_phrases(settings, docs, problems)
    problems.raise_if_any()

    by_id = {e.id: e for e in settings.enumerations}
    for pool in settings.pools:
        enum = by_id[pool.enumeration]
        doc = docs[enum.doc_id]
        texts = [t for r in doc.revisions for n in r.walk() for t in (n.title or "", n.term or "", *n.text)]
        in_scope = {i for r in doc.revisions for i in enumeration_items(enum, r)}
        for item, loc in pool.items:
            n = normal(item)
            hit = next((t for t in texts if item in t or (n and n in normal(t))), None)
            if hit is not None:
                problems.add(loc, f"{item!r} is meant to be wrong for {enum.id!r} but the policy ({doc.id}) says "
                             f"it: 「{hit[:40]}…」", "a word the policy does not use")
                continue
            clash = next((i for i in sorted(in_scope) if normal(i) in n or n in normal(i)), None)
            if clash is not None:
                problems.add(loc, f"{item!r} overlaps the in-scope item {clash!r} of {enum.id!r}",
                             "a clearly different word")
    problems.raise_if_any()


def _check_key_phrases(settings: TrainingSettings, docs: dict, problems: Problems) -> None:
    """A key sentence's hidden phrase is whole words where the clause says it (a blank that cuts a
    word, 「アクセスすることを［　］が」, teaches nothing).  A 等 right after it stays outside."""
    from toolkit.training.words import phrase_boundaries

    for k in settings.key_sentences:
        doc = docs.get(k.doc_id)
        if doc is None:
            continue
        for rev in doc.revisions:
            try:
                node = rev.node(k.clause_id)
            except KeyError:
                continue
            for text in node.text:
                b = phrase_boundaries(text)
                for phrase in k.hide:
                    i = text.find(phrase)
                    end = i + len(phrase)
                    if i >= 0 and (i not in b or (end not in b and text[end:end + 1] != "等")):
                        problems.add(k.location, f"{k.clause_id}: 「{phrase}」 cuts a word in 「{text[max(0, i - 8):end + 8]}」"
                                     f" ({k.doc_id} {rev.id})", "a phrase that starts and ends on word boundaries")
