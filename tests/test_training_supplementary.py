"""Training material and the 例規 parts of the model: 附則 are not rules to learn, history-only
revisions have no text.

On tests/fixtures/reiki_src (sample text written for the tests) with a small training folder
written here (provenance: toolkit, test settings), and on a copy of tests/fixtures/policy_src with a
history-only entry added to the basic policy's ledger.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, SRC

from toolkit.cli import main
from toolkit.diff import compare
from toolkit.errors import SourceError
from toolkit.source.load import load_policy
from toolkit.training.cards import deck_cards
from toolkit.training.changes import change_cards, change_questions
from toolkit.training.questions import question_pool
from toolkit.training.review import questions_affected
from toolkit.training.settings import check_against, load_training
from toolkit.view.redact import redact

REIKI = FIXTURES / "reiki_src"
SUPPLEMENTARY_TEXT = "から施行する"  # every 附則 of reiki_src says when the text takes effect

# Test settings for reiki_src (provenance: toolkit; no city text): one key sentence, one question.
DECKS = """\
# provenance: toolkit — test settings for tests/fixtures/reiki_src
provenance: toolkit
title: サンプル市情報管理規程
quiz:
  seed: 1
  count: 5
audiences:
  - id: public
    label: 全職員
  - id: staff
    label: 職員
documents:
  - document: rules
    key_sentences:
      - clause: purpose
        hide: [情報の管理]
"""
QUESTIONS = """\
provenance: toolkit
questions:
  - id: written-manager
    document: rules
    clause: {clause}
    revision: {revision}
    kind: truefalse
    prompt: 管理者を置くこととされている。
    answer: true
"""


def training_folder(root: Path, clause: str = "manager-p1", revision: str = "r5") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "decks.yaml").write_text(DECKS, encoding="utf-8")
    (root / "questions.yaml").write_text(QUESTIONS.format(clause=clause, revision=revision), encoding="utf-8")
    for name, key in (("blueprints", "blueprints"), ("distractors", "pools"), ("scenarios", "scenarios")):
        (root / f"{name}.yaml").write_text(f"provenance: toolkit\n{key}: []\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reiki():
    return load_policy([REIKI])


def supplementary_ids(policy) -> set[str]:
    return {n.id for d in policy.documents for r in d.revisions for s in r.supplementary for n in s.walk()}


def test_no_card_or_question_is_made_from_a_supplementary(reiki, tmp_path):
    settings = load_training(training_folder(tmp_path / "training"))
    check_against(settings, reiki)
    view = redact(reiki, "staff")
    messages: list[str] = []
    cards = deck_cards(view, settings, messages)
    questions = question_pool(view, settings, 1, messages)
    assert cards and questions  # the control: the text is there to learn from
    sources = [c.source for c in cards] + [q.source for q in questions]
    assert {s.clause_id for s in sources} & supplementary_ids(reiki) == set()
    assert {s.clause_id for s in sources} >= {"purpose"}


def test_change_cards_leave_out_the_supplementary_the_diff_shows(reiki):
    doc = reiki.document("rules")
    old, new = doc.revision("r5"), doc.revision("r8")
    changed = {c.id for c in compare(doc, old, new).changed()}
    assert {"suppl-r8", "assistant"} <= changed  # the 新旧対照表 has the new 附則 …
    cards = change_cards(doc, old, new)
    ids = {c.source.clause_id for c in cards}
    assert "assistant" in ids and "suppl-r8" not in ids  # … the 改定点 deck has no card for it
    assert not [c for c in cards if any(SUPPLEMENTARY_TEXT in v for _k, v in c.fields)]
    # nor a question of the 改定点 quiz
    questions = change_questions(doc, old, new, 1)
    assert "assistant" in {q.source.clause_id for q in questions}
    assert not [q for q in questions if q.source.clause_id in supplementary_ids(reiki) or "附\u3000則" in q.prompt]


def test_a_changed_supplementary_puts_no_question_up_for_review(tmp_path):
    src = tmp_path / "reiki_src"
    shutil.copytree(REIKI, src)
    r8 = src / "rules" / "r8.yaml"
    text = r8.read_text(encoding="utf-8")
    # a 附則 corrected, and the clause the written question applies reworded (the control)
    text = text.replace("この訓令は、令和5年4月1日から施行する。", "この訓令は、令和5年4月1日から施行し、同日以後の事務に適用する。")
    text = text.replace("            text: 管理者を置く。", "            text: 管理者を一人置く。")
    r8.write_text(text, encoding="utf-8")
    policy = load_policy([src])
    doc = policy.document("rules")
    cs = compare(doc, doc.revision("r5"), doc.revision("r8"))
    assert {c.id: c.kind for c in cs.changed()}["suppl-r5"] == "modified"
    settings = load_training(training_folder(tmp_path / "training"))
    affected = questions_affected(cs, settings)
    assert [(a.id, a.clause_id, a.change) for a in affected] == [("written-manager", "manager-p1", "modified")]


@pytest.mark.parametrize("clause,revision,message", [
    ("suppl-r5", "r5", "'suppl-r5' is a 附則 (supplementary provision) of 'rules', not a clause to train on"),
    ("manager-p1", "h14", "rules h14 is known by its date only (history only, no text)"),
])
def test_a_written_question_on_a_supplementary_or_a_history_only_revision_is_refused(reiki, tmp_path, capsys,
                                                                                    clause, revision, message):
    folder = training_folder(tmp_path / "training", clause, revision)
    with pytest.raises(SourceError) as e:
        check_against(load_training(folder), reiki)
    assert message in str(e.value) and f"{folder / 'questions.yaml'}:" in str(e.value)
    status = main(["--src", str(REIKI), "train", "--all", "--training", str(folder), "-o", str(tmp_path / "out")])
    assert status == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _texts(folder: Path) -> str:
    """Every text of the built material, the .apkg / .docx unzipped."""
    out = []
    for p in sorted(folder.rglob("*")):
        if p.suffix in (".apkg", ".docx"):
            with zipfile.ZipFile(p) as z:
                for name in z.namelist():
                    data = z.read(name)
                    if name.endswith(".xml") or name.startswith("collection"):
                        out.append(data.decode("utf-8", "replace"))
        elif p.is_file():
            out.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(out)


@pytest.mark.slow
def test_policy_train_on_the_reiki_source(tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["--src", str(REIKI), "train", "--all", "--training", str(training_folder(tmp_path / "t")),
                   "-o", str(out)])
    assert status == 0, capsys.readouterr()
    assert (out / "staff" / "quiz.moodle.xml").is_file() and (out / "staff" / "changes-r8.moodle.xml").is_file()
    text = _texts(out / "staff")
    assert "補助者を置くことができる" in text  # the new article is taught (the control)
    assert SUPPLEMENTARY_TEXT not in text and "訓令第" not in text


@pytest.mark.slow
def test_policy_train_with_a_history_only_entry_in_the_ledger(tmp_path, capsys):
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    ledger = src / "basic-policy" / "document.yaml"
    entry = ("  - id: h15\n    date: 2003-04-01\n    history_only: true\n    kind: 改定\n"
             "    provenance: authoritative\n    summary: 試験用の本文なしの記録\n")  # test text
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("revisions:\n", "revisions:\n" + entry, 1),
                      encoding="utf-8")
    policy = load_policy([src])
    assert [e.id for e in policy.document("basic-policy").history_only] == ["h15"]
    out = tmp_path / "out"
    status = main(["--src", str(src), "train", "--all", "-o", str(out)])
    assert status == 0, capsys.readouterr()
    for audience in ("public", "staff", "security"):
        assert (out / audience / "deck.apkg").is_file() and (out / audience / "quiz.html").is_file()
    assert "試験用の本文なしの記録" not in _texts(out)
