"""``policy train`` as a trainer runs it: every output, reproducible, leak-checked, atomic."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SRC
from fixtures.canary.tools import plant

from toolkit.cli import main
from toolkit.leakcheck import leakcheck
from toolkit.source.load import load_policy

TRAINING = ROOT / "training"
EXPECTED = {
    "public.apkg", "staff.apkg", "changes-r8.apkg",
    *(f"quiz-{a}{ext}" for a in ("public", "staff")
      for ext in (".moodle.xml", ".gift.txt", ".docx", "-answers.docx", ".html")),
}


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _train(*args: str, src: Path = SRC, training: Path = TRAINING) -> int:
    return main(["--src", str(src), "train", "--training", str(training), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("train") / "training"
    assert _train("--all", "-o", str(out)) == 0
    return out


def test_all_outputs_and_same_bytes_twice(built, tmp_path, capsys):
    assert {p.name for p in built.iterdir()} == EXPECTED
    again = tmp_path / "again"
    assert _train("--all", "-o", str(again)) == 0
    assert "ok: 13 files" in capsys.readouterr().out
    assert _digest(again) == _digest(built)
    assert not list(tmp_path.glob(".again*")), "no temporary folder left behind"


def test_selfcheck_fragment_for_the_internal_site_is_the_built_one(built, policy):
    from toolkit.training.build import selfcheck
    from toolkit.training.settings import load_training

    title, html = selfcheck(policy, load_training(TRAINING), "staff")
    page = (built / "quiz-staff.html").read_text(encoding="utf-8")
    assert html.startswith('<section class="selfcheck"') and html in page
    assert f"<title>{title}</title>" in page


def test_public_outputs_pass_the_leak_check_and_staff_ones_would_not(built, policy, tmp_path):
    public, staff = tmp_path / "public", tmp_path / "staff"
    public.mkdir()
    staff.mkdir()
    for p in built.iterdir():
        shutil.copy(p, (public if "public" in p.name else staff) / p.name)
    report = leakcheck(public, policy, "public")
    assert report.ok and report.files == 6, [str(h) for h in report.hits]
    # the check is not vacuous: the staff deck and quiz carry text the public may not see
    staff_report = leakcheck(staff, policy, "public")
    assert not staff_report.ok
    assert any(h.file.startswith("staff.apkg") for h in staff_report.hits)


def test_planted_canaries_stay_out_of_public_outputs(tmp_path, policy, capsys):
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    planted = plant(src, policy)
    tokens = sorted(planted.tokens)
    canaries = [a for t in tokens for a in ("--canary", t)]
    out = tmp_path / "out"
    assert _train("--all", "-o", str(out), *canaries, src=src) == 0, capsys.readouterr().err
    staff_text = b"".join(p.read_bytes() for p in out.glob("quiz-staff*.xml"))
    assert any(t.encode() in staff_text for t in tokens), "the staff quiz does read the planted parts"
    report = leakcheck(out, load_policy([src]), "public", tokens)
    leaked = {h.file.split("!", 1)[0] for h in report.hits}
    assert leaked and all("staff" in f or f.startswith("changes-") for f in leaked), leaked


def test_a_leak_stops_the_build_and_keeps_the_previous_one(built, tmp_path, capsys):
    out = tmp_path / "out"
    assert _train("--all", "-o", str(out)) == 0
    before = _digest(out)
    training = tmp_path / "training"
    shutil.copytree(TRAINING, training)
    q = training / "questions.yaml"
    token = "kanaritrainingleakx"
    text = q.read_text(encoding="utf-8")
    q.write_text(text.replace("    answers: [リスク]", f"    answers: [リスク]\n    explanation: {token}"),
                 encoding="utf-8")
    capsys.readouterr()
    # --count: every question, so the hand-written one is surely in the quiz
    status = _train("--all", "-o", str(out), "--count", "1000", "--canary", token, training=training)
    err = capsys.readouterr().err
    assert status == 1, err
    assert token in err and "quiz-public" in err
    assert _digest(out) == before, "the previous build is untouched"
    assert not list(tmp_path.glob(".out.*")), "no temporary folder left behind"


def test_trainer_draws_a_fresh_set(built, tmp_path, capsys):
    out = tmp_path / "fresh"
    shutil.copytree(built, out)
    before = _digest(out)
    assert _train("--audience", "staff", "--seed", "7", "--count", "5", "-o", str(out)) == 0
    new = {n: d for n, d in _digest(out).items() if n not in before}
    assert set(new) == {f"quiz-staff-seed7{ext}" for ext in (".moodle.xml", ".gift.txt", ".docx", "-answers.docx",
                                                              ".html")}
    assert {n: d for n, d in _digest(out).items() if n in before} == before, "other files left alone"
    xml = (out / "quiz-staff-seed7.moodle.xml").read_text(encoding="utf-8")
    assert xml.count("<question type=") == 6  # the category and five questions
    assert (out / "quiz-staff-seed7.moodle.xml").read_bytes() != (out / "quiz-staff.moodle.xml").read_bytes()
    assert _train("--audience", "staff", "--seed", "8", "--count", "5", "-o", str(out)) == 0
    assert (out / "quiz-staff-seed8.gift.txt").read_text(encoding="utf-8") != \
        (out / "quiz-staff-seed7.gift.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (("--audience", "citizens"), "unknown audience 'citizens'"),
    (("--audience", "public", "--count", "0"), "--count must be at least 1"),
])
def test_bad_options_exit_2(args, message, tmp_path, capsys):
    assert _train(*args, "-o", str(tmp_path / "o")) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
