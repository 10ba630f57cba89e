"""training/*.yaml is checked like the policy source: file:line:column, what, expected; exit 2."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import SRC, TRAINING

from toolkit.cli import main
from toolkit.errors import SourceError
from toolkit.training.settings import check_against, load_training


@pytest.fixture
def training(tmp_path) -> Path:
    dst = tmp_path / "training"
    shutil.copytree(TRAINING, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) and return the 1-based line where the new text starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


def _errors(training: Path, capsys, out: Path) -> str:
    status = main(["--src", str(SRC), "train", "--all", "--training", str(training), "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    return err


def test_repository_inputs_are_valid(policy):
    s = load_training(TRAINING)
    check_against(s, policy)
    assert s.questions and s.pools and s.enumerations and s.key_sentences
    assert {a.id for a in s.audiences} == {"public", "staff", "security"}


# (file, old text, new text, expected message, column of the reported location)
CASES = [
    ("questions.yaml", "    prompt: 教育委員会において", "    promt: 教育委員会において",
     "unknown key 'promt' in question; did you mean 'prompt'?", 5),
    ("questions.yaml", "      - 情報資産を取り扱う部署の管理職の職員\n", "",
     "a choice question needs three wrong answers, got 2", 7),
    ("questions.yaml", "      - 情報資産を取り扱う部署の管理職の職員\n", "      - 正規の職員（臨時的に任用された職員を除く。）\n",
     "duplicate options (the same answer twice)", 7),
    ("questions.yaml", "    kind: blank\n", "    kind: essay\n", "unknown question kind 'essay'", 11),
    ("questions.yaml", "    prompt: 情報セキュリティポリシーを見直すときは、脅威の発生の可能性及び発生時の損失等を分析し、___を検討する。",
     "    prompt: 情報セキュリティポリシーを見直すときは、リスクを検討する。",
     "a blank question's prompt needs exactly one ___", 13),
    ("questions.yaml", "    answer: false\n", "    answer: いいえ\n", "'answer' must be true or false", 13),
    ("questions.yaml", "\nprovenance: toolkit\n", "\nprovenance: city\n",
     "provenance 'city': training inputs are the toolkit team's text", 13),
    ("distractors.yaml", "      - 公安委員会", "      - [公安委員会", "YAML syntax error", None),
    ("decks.yaml", "    between: [実施機関は、, とする。]", "    between: [実施機関は、]",
     "'between' needs two markers", 18),
    ("distractors.yaml", "    enumeration: bodies", "    enumeration: agencies",
     "pool 'bodies-not-in-scope' is for unknown enumeration 'agencies'", 5),
    ("blueprints.yaml", "      definition: 25\n    scenarios: 0", "      definition: 250\n    scenarios: 0",
     "250% is not between 0 and 100", 19),
    ("blueprints.yaml", "    count: 20\n", "    count: twenty\n", "'count' must be an integer", 12),
    ("scenarios.yaml", "    clauses: [standards/incident-report-staff, standards/def-incident]",
     "    clauses: [standards-incident-report-staff]", "is not document/clause", 14),
    ("scenarios.yaml", "      - 誰の物か分からないので、そのまま廃棄する\n", "", "a scenario needs three wrong answers, got 2", 7),
    ("decks.yaml", "    words: [機密性, 完全性, 可用性]", "    words: [機密性]", "a category needs at least two words", 12),
]


@pytest.mark.parametrize("file,old,new,message,column", CASES, ids=[c[3][:40] for c in CASES])
def test_shape_errors_are_located(training, tmp_path, capsys, file, old, new, message, column):
    line = _edit(training / file, old, new)
    err = _errors(training, capsys, tmp_path / "out")
    assert message in err, err
    where = [ln for ln in err.splitlines() if message in ln][0]
    assert f"{training / file}:" in where
    got_line = int(where.split(f"{training / file}:", 1)[1].split(":")[0])
    assert abs(got_line - line) <= 6, (got_line, line, where)  # the key's line or its mapping's first line
    if column is not None:
        assert f"{training / file}:{got_line}:{column}:" in where


CHECKS = [
    ("distractors.yaml", "      - 公安委員会", "      - 選挙管理委員会",
     "'選挙管理委員会' is meant to be wrong for 'bodies' but the policy (basic-policy) says it"),
    ("distractors.yaml", "      - 公安委員会", "      - 市議会", "'市議会' overlaps the in-scope item '議会'"),
    ("questions.yaml", "    clause: review\n", "    clause: reveiw\n", "clause 'reveiw' is in no revision of 'basic-policy'"),
    ("questions.yaml", "    clause: duties\n    revision: r8", "    clause: duties\n    revision: r9",
     "basic-policy has no revision 'r9'"),
    ("decks.yaml", "      - clause: audit\n", "      - clause: audits\n", "clause 'audits' is in no revision"),
    ("decks.yaml", "  - id: staff\n", "  - id: volunteers\n", "unknown audience 'volunteers'"),
    ("scenarios.yaml", "    clauses: [standards/malware-staff]", "    clauses: [standards/../../etc/passwd]",
     "clause '../../etc/passwd' is in no revision of 'standards'"),
    ("scenarios.yaml", "    clauses: [standards/malware-staff]", "    clauses: [rules/malware-staff]",
     "unknown document 'rules'"),
    ("decks.yaml", "    words: [機密性, 完全性, 可用性]", "    words: [機密性, 完全性, 秘匿性]",
     "category 'cia': '秘匿性' is not a word of the policy"),
    ("blueprints.yaml", "  - audience: security\n", "  - audience: auditors\n", "blueprint for unknown audience 'auditors'"),
    ("decks.yaml", "        hide: [自己点検]", "        hide: [己点検]", "「己点検」 cuts a word"),
]


@pytest.mark.parametrize("file,old,new,message", CHECKS, ids=[c[3][:40] for c in CHECKS])
def test_checks_against_the_policy_are_located(training, tmp_path, capsys, file, old, new, message):
    line = _edit(training / file, old, new)
    err = _errors(training, capsys, tmp_path / "out")
    assert message in err, err
    where = [ln for ln in err.splitlines() if message in ln][0]
    got_line = int(where.split(f"{training / file}:", 1)[1].split(":")[0])
    if file == "questions.yaml":  # located at the clause key itself
        assert got_line == line, (got_line, line, where)
    else:
        assert line - 6 <= got_line <= line, (got_line, line)


@pytest.mark.slow
def test_errors_leave_the_previous_build_untouched(training, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--src", str(SRC), "train", "--all", "--training", str(training), "-o", str(out)]) == 0
    def digest() -> dict[str, str]:
        return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*")
                if p.is_file()}

    before = digest()
    _edit(training / "distractors.yaml", "      - 公安委員会", "      - 教育委員会")
    _errors(training, capsys, out)
    assert digest() == before


def test_every_problem_is_reported_at_once(training, tmp_path, capsys):
    _edit(training / "questions.yaml", "    prompt: 教育委員会において", "    promt: 教育委員会において")
    _edit(training / "decks.yaml", "  count: 20", "  count: many")
    err = _errors(training, capsys, tmp_path / "out")
    assert "unknown key 'promt'" in err and "'count' must be an integer" in err


def test_missing_file_and_folder(tmp_path, capsys):
    (tmp_path / "training").mkdir()
    err = _errors(tmp_path / "training", capsys, tmp_path / "out")
    assert "decks.yaml: file not found" in err
    err = _errors(tmp_path / "nowhere", capsys, tmp_path / "out")
    assert "training folder not found" in err
    with pytest.raises(SourceError):
        load_training(tmp_path / "nowhere")
