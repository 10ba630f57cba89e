"""Reading ``training/*.yaml`` into :class:`TrainingSettings`, every shape error located (file:line:column)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from toolkit.errors import Location, Problems, SourceError
from toolkit.source.schema import Fields, check_type, str_list
from toolkit.source.yamlnodes import Located, compose_file
from toolkit.training.model import BLANK_MARK, Choice, TrueFalse, normal
from toolkit.training.settings.model import (
    BLANK_IN_YAML,
    DEFAULT_DIR,
    FILES,
    PROVENANCE,
    WRITTEN_KINDS,
    Blueprint,
    Category,
    Cover,
    Enumeration,
    KeySentence,
    Pool,
    ScenarioItem,
    SubjectItems,
    TrainingAudience,
    TrainingSettings,
    WrittenQuestion,
)

T = TypeVar("T")
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

