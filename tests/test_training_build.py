"""``policy train`` as a trainer runs it: one folder per audience, marked, checked, reproducible, atomic."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import SRC, TRAINING
from fixtures.canary.tools import plant

from toolkit.cli import main
from toolkit.leakcheck import leakcheck
from toolkit.source.load import load_policy

pytestmark = pytest.mark.slow  # each test builds every audience's training material

QUIZ = (".moodle.xml", ".gift.txt", ".docx", "-answers.docx", ".html")
EXPECTED = {
    "public": {"deck.apkg", "MANIFEST.sha256", *(f"quiz{e}" for e in QUIZ)},
    "staff": {"deck.apkg", "changes-r8.apkg", "MANIFEST.sha256", *(f"quiz{e}" for e in QUIZ),
              *(f"changes-r8{e}" for e in QUIZ)},
}
EXPECTED["security"] = EXPECTED["staff"]


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def _train(*args: str, src: Path = SRC, training: Path = TRAINING) -> int:
    return main(["--src", str(src), "train", "--training", str(training), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("train") / "training"
    assert _train("--all", "-o", str(out)) == 0
    return out


def test_one_folder_per_audience_and_same_bytes_twice(built, tmp_path, capsys):
    assert {p.name for p in built.iterdir() if not p.name.startswith(".")} == set(EXPECTED)
    for audience, names in EXPECTED.items():
        assert {p.name for p in (built / audience).iterdir()} == names, audience
    again = tmp_path / "again"
    assert _train("--all", "-o", str(again)) == 0
    assert "ok: 30 files" in capsys.readouterr().out
    assert _digest(again) == _digest(built)
    assert not [p for p in again.iterdir() if ".new-" in p.name], "no staging folder left behind"


def test_each_folder_has_a_manifest_that_matches(built):
    for audience in EXPECTED:
        folder = built / audience
        lines = (folder / "MANIFEST.sha256").read_text(encoding="utf-8").split("\n")
        listed = {line.split(maxsplit=1)[1].lstrip("*") for line in lines if line.strip()}
        assert listed == EXPECTED[audience] - {"MANIFEST.sha256"}, audience


def test_staff_material_is_marked_and_public_is_not(built):
    for audience, label in (("staff", "庁内限り"), ("security", "関係者限り")):
        folder = built / audience
        assert label in (folder / "quiz.html").read_text(encoding="utf-8")
        assert f"［{label}］" in (folder / "quiz.moodle.xml").read_text(encoding="utf-8")
        assert f"［{label}］" in (folder / "quiz.gift.txt").read_text(encoding="utf-8")
    public = built / "public"
    for name in ("quiz.html", "quiz.moodle.xml", "quiz.gift.txt"):
        text = (public / name).read_text(encoding="utf-8")
        assert "庁内限り" not in text and "関係者限り" not in text, name


def test_sample_and_reconstructed_text_is_labelled_in_every_format(built):
    import docx

    staff = built / "staff"
    r5, r8 = "令和5年7月4日の版", "令和8年4月1日の版"
    for stem, labels in (("quiz", [f"対策基準（{r8}）の本文は見本です"]),
                         ("changes-r8", [f"（{r5}）の本文は", f"対策基準（{r8}）の本文は見本です"])):
        texts = {ext: (staff / f"{stem}{ext}").read_text(encoding="utf-8") for ext in (".html", ".moodle.xml", ".gift.txt")}
        texts[".docx"] = "\n".join(p.text for p in docx.Document(str(staff / f"{stem}.docx")).paragraphs)
        for ext, text in texts.items():
            for label in labels:
                assert label in text, (stem, ext, label)
    for name in ("quiz.html", "quiz.moodle.xml", "quiz.gift.txt"):
        text = (built / "public" / name).read_text(encoding="utf-8")
        assert "見本です" not in text and "再構成です" not in text, name


def test_selfcheck_fragment_for_the_internal_site_is_the_built_one(built, policy):
    from toolkit.publish.training import selfcheck
    from toolkit.training.settings import load_training

    title, html = selfcheck(policy, load_training(TRAINING), "staff")
    page = (built / "staff" / "quiz.html").read_text(encoding="utf-8")
    assert html.startswith('<section class="selfcheck"') and html in page
    assert f"<title>{title}</title>" in page


def test_public_folder_passes_the_public_check_and_staff_would_not(built, policy):
    report = leakcheck(built / "public", policy, "public")
    assert report.ok and report.files >= 7, [str(h) for h in report.hits]
    # the check is not vacuous: the staff deck and quiz carry text the public may not see
    staff_report = leakcheck(built / "staff", policy, "public")
    assert not staff_report.ok
    assert any(h.file.startswith("deck.apkg") for h in staff_report.hits)
    # and the staff folder holds nothing 関係者限り
    assert leakcheck(built / "staff", policy, "staff").ok


def test_planted_canaries_stay_out_of_public_outputs(tmp_path, policy, capsys):
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    planted = plant(src, policy)
    tokens = sorted(planted.tokens)
    canaries = [a for t in tokens for a in ("--canary", t)]
    out = tmp_path / "out"
    status = _train("--all", "-o", str(out), *canaries, src=src)
    err = capsys.readouterr().err
    # the staff folders read the planted parts, so their own check (with the canaries) stops them
    assert status == 1 and "canary" in err.lower(), err
    assert not (out / "staff").exists()
    assert _train("--all", "-o", str(out), src=src) == 0
    report = leakcheck(out / "public", load_policy([src]), "public", tokens)
    assert report.ok, [str(h) for h in report.hits]
    staff_text = b"".join(p.read_bytes() for p in (out / "staff").glob("quiz*.xml"))
    assert any(t.encode() in staff_text for t in tokens), "the staff quiz does read the planted parts"


def test_a_leak_stops_the_build_and_keeps_the_previous_one(built, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(built, out)  # the previous build (a fresh one has the same bytes: the test above)
    before = _digest(out)
    training = tmp_path / "training"
    shutil.copytree(TRAINING, training)
    q = training / "questions.yaml"
    token = "kanaritrainingleakx"
    text = q.read_text(encoding="utf-8")
    q.write_text(text.replace("    answers: [リスク]", f"    answers: [リスク]\n    explanation: {token}"),
                 encoding="utf-8")
    capsys.readouterr()
    status = _train("--all", "-o", str(out), "--canary", token, training=training)
    err = capsys.readouterr().err
    assert status == 1, err
    assert token in err and "public" in err
    assert _digest(out) == before, "the previous build is untouched"
    assert not [p for p in out.iterdir() if ".new-" in p.name], "no staging folder left behind"


def test_trainer_draws_a_fresh_set(built, tmp_path):
    out = tmp_path / "fresh"
    shutil.copytree(built, out)
    before = _digest(out)
    assert _train("--audience", "staff", "--seed", "7", "--count", "5", "-o", str(out)) == 0
    new = {n: d for n, d in _digest(out).items() if n not in before}
    assert set(new) == {f"staff-seed7/quiz{ext}" for ext in QUIZ} | {"staff-seed7/MANIFEST.sha256"}
    assert {n: d for n, d in _digest(out).items() if n in before} == before, "other files left alone"
    xml = (out / "staff-seed7" / "quiz.moodle.xml").read_text(encoding="utf-8")
    assert xml.count("<question type=") == 6  # the category and five questions
    assert _train("--audience", "staff", "--seed", "8", "--count", "5", "-o", str(out)) == 0
    assert (out / "staff-seed8" / "quiz.gift.txt").read_text(encoding="utf-8") != \
        (out / "staff-seed7" / "quiz.gift.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (("--audience", "citizens"), "unknown audience 'citizens'"),
    (("--audience", "public", "--count", "0"), "--count must be at least 1"),
    ((), "say what to build: --all, --audience ID, or report FILE…"),
    (("publish",), "unknown action 'publish'"),
    (("report",), "policy train report needs files"),
])
def test_bad_options_exit_2(args, message, tmp_path, capsys):
    assert _train(*args, "-o", str(tmp_path / "o")) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
