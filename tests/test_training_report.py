"""``policy train report``: results in the real formats back to the owners.

An Anki collection with a review history is made with the `anki` package
(the desktop app's backend): the toolkit's deck imported, cards answered
through the scheduler, the collection exported as .colpkg.  The Moodle file is
the quiz Grades export as Moodle writes it (``Q. N /1.00`` columns, ``-`` for
unanswered, the ``Overall average`` footer), for the quiz.moodle.xml that
``policy train`` wrote.
"""

from __future__ import annotations

import csv
import os
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from conftest import SRC, TRAINING, require_module

from toolkit.cli import main
from toolkit.training.analysis import CARDS, MIN_RANKED, QUIZ, analyse, wilson
from toolkit.training.results import read_results


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("train") / "training"
    assert main(["--src", str(SRC), "train", "--training", str(TRAINING), "--all", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def colpkg(built, tmp_path_factory) -> tuple[Path, int, int]:
    """(package, reviews, of which 'again'): the staff deck studied for a while."""
    require_module("anki", "the review history is made by the Anki backend itself")
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    d = tmp_path_factory.mktemp("anki")
    col = Collection(str(d / "c.anki2"))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(built / "staff" / "deck.apkg"),
                                                     options=ImportAnkiPackageOptions()))
    rng = random.Random(3)
    reviews = again = 0
    for name in sorted(x.name for x in col.decks.all_names_and_ids()):
        col.decks.select(col.decks.id_for_name(name))
        for _ in range(30):
            card = col.sched.getCard()
            if card is None:
                break
            wrong = rng.random() < 0.3
            col.sched.answerCard(card, 1 if wrong else 3)
            reviews += 1
            again += wrong
    from anki.collection import ExportAnkiPackageOptions

    apkg = d / "reviews.apkg"  # a deck package exported with scheduling: the same review log
    col.export_anki_package(out_path=str(apkg), limit=None,
                            options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False,
                                                             with_media=False, legacy=True))
    path = d / "reviews.colpkg"
    # zstd-compressed, as Anki writes it today (exporting the collection closes it)
    col.export_collection_package(str(path), include_media=False, legacy=False)
    col.close()
    return path, reviews, again


@pytest.mark.anki
def test_a_deck_package_with_scheduling_reads_the_same_reviews(colpkg):
    pkg, reviews, again = colpkg
    apkg = pkg.with_suffix(".apkg")
    a, b = read_results([pkg]), read_results([apkg])
    assert len(b.answers) == reviews == len(a.answers)
    assert sorted((k, ok) for k, _w, ok in a.answers) == sorted((k, ok) for k, _w, ok in b.answers)


def moodle_grades_csv(quiz_xml: Path, path: Path, people: int = 18, broken: int = 2, flat: int = 3) -> Path:
    """A Grades export for the quiz: abler people score more; slot ``broken`` nobody gets right;
    slot ``flat`` is right for every other person whatever their ability (no discrimination)."""
    slots = len([q for q in ET.parse(quiz_xml).getroot().findall("question") if q.get("type") != "category"])
    rng = random.Random(7)
    head = ["Surname", "First name", "Email address", "State", "Started on", "Completed", "Time taken",
            f"Grade/{slots}.00", *(f"Q. {i} /1.00" for i in range(1, slots + 1))]
    rows = [head]
    for p in range(people):
        ability = (p + 1) / (people + 1)
        marks = []
        for i in range(1, slots + 1):
            if i == broken:
                ok = False
            elif i == flat:
                ok = p % 2 == 0
            else:
                ok = rng.random() < ability
            marks.append("1.00" if ok else "0.00")
        if p == 0:
            marks[-1] = "-"  # not answered
        total = sum(m == "1.00" for m in marks)
        rows.append([f"職員{p:02d}", "太郎", f"s{p}@example.jp", "Finished", "1 April 2026 10:00 AM",
                     "1 April 2026 10:20 AM", "20 mins", f"{total}.00", *marks])
    rows.append(["Overall average", "", "", "", "", "", "", "", *[""] * slots])
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.mark.anki
def test_analysis_of_real_result_files(built, colpkg, tmp_path):
    pkg, reviews, again = colpkg
    quiz_xml = built / "staff" / "quiz.moodle.xml"
    grades = moodle_grades_csv(quiz_xml, tmp_path / "grades.csv")
    results = read_results([quiz_xml, grades, pkg])
    anki = [a for a in results.answers if a[0].startswith("anki:")]
    assert len(anki) == reviews and sum(not ok for _k, _w, ok in anki) == again
    moodle = [a for a in results.answers if a[0].startswith("moodle:")]
    slots = len([q for q in ET.parse(quiz_xml).getroot().findall("question") if q.get("type") != "category"])
    assert len(moodle) == 18 * slots - 1, "one unanswered; the average row is not a person"
    analysis = analyse(results)
    # the quiz's answers and the card reviews apart: two parts, never one mixed rate
    quiz, cards = analysis.part(QUIZ), analysis.part(CARDS)
    assert quiz is not None and cards is not None
    assert (quiz.answers, quiz.people, cards.answers, cards.people) == (18 * slots - 1, 18, reviews, 1)
    assert not any(q.key.startswith("anki:") for q in quiz.questions)
    assert not any(q.key.startswith("moodle:") for q in cards.questions)
    by_key = {q.key: q for q in quiz.questions}
    assert by_key["moodle:2"].rate == 0 and by_key["moodle:3"].discrimination is not None
    why = {r.key: w for r, w in quiz.suspicious}
    assert "ほとんど誰も正解していない" in why["moodle:2"]
    assert "変わらない" in why["moodle:3"]
    assert all(k in ("moodle:2", "moodle:3") or by_key[k].discrimination is not None for k in why)
    # clauses and sections come from the quiz's tags and the cards' tags
    assert all(c.key.count("/") == 1 for c in quiz.clauses)
    assert "基本方針 2. 定義" in {s.label for s in quiz.sections}, "sections are named with their document"
    ranked = [c for c in quiz.clauses if c.ranked]
    assert ranked == sorted(ranked, key=lambda c: (c.rate, c.key)), "most missed first"
    # cloze markup is text: 「…［phrase］…」, never 「{{c1::…}}」
    assert all("{{" not in q.label and "<" not in q.label for q in cards.questions)
    assert any("［" in q.label for q in cards.questions)


def _item_analysis(csv_path: Path, slot: int) -> tuple[float, float]:
    """Facility and discrimination of a slot, computed here from the CSV alone (upper and lower 27%)."""
    with open(csv_path, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head, people = rows[0], [r for r in rows[1:] if r[2]]
    cols = [i for i, h in enumerate(head) if h.startswith("Q. ")]
    marks = {f"moodle:{r[2]}:{n}": [r[i] for i in cols] for n, r in enumerate(people, start=2)}
    share = {w: sum(m == "1.00" for m in ms) / sum(m != "-" for m in ms) for w, ms in marks.items()}
    order = sorted(share, key=lambda w: (share[w], w))
    size = max(1, round(0.27 * len(order)))
    lower, upper = order[:size], order[-size:]

    def p(group: list[str]) -> float:
        answered = [marks[w][slot - 1] for w in group if marks[w][slot - 1] != "-"]
        return sum(m == "1.00" for m in answered) / len(answered)

    answered = [ms[slot - 1] for ms in marks.values() if ms[slot - 1] != "-"]
    return sum(m == "1.00" for m in answered) / len(answered), p(upper) - p(lower)


def test_facility_and_discrimination_are_moodles_item_analysis(built, tmp_path):
    quiz_xml = built / "staff" / "quiz.moodle.xml"
    grades = moodle_grades_csv(quiz_xml, tmp_path / "grades.csv", people=30)
    quiz = analyse(read_results([quiz_xml, grades])).part(QUIZ)
    by_key = {q.key: q for q in quiz.questions}
    for slot in (1, 4, 5, 9):
        facility, discrimination = _item_analysis(grades, slot)
        q = by_key[f"moodle:{slot}"]
        assert q.rate == pytest.approx(facility) and q.discrimination == pytest.approx(discrimination)
        assert q.groups == round(0.27 * 30) and q.total == 30
        lo, hi = q.interval
        assert lo <= q.rate <= hi and 0 < hi - lo < 0.5


def test_the_wilson_interval():
    assert wilson(0, 10)[0] == 0 and wilson(0, 10)[1] == pytest.approx(0.2775, abs=1e-3)
    assert wilson(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-3)
    assert wilson(1, 1)[0] == pytest.approx(0.2065, abs=1e-3), "one right answer says little"


def test_nothing_is_ranked_on_fewer_than_the_minimum(built, tmp_path):
    """An item answered once (0/1) is shown, never the 「most missed」 nor 「looks broken」."""
    quiz_xml = built / "staff" / "quiz.moodle.xml"
    grades = moodle_grades_csv(quiz_xml, tmp_path / "grades.csv", people=18)
    with open(grades, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("Q. 5 /1.00")
    for i, r in enumerate(rows[1:-1], start=1):
        r[col] = "0.00" if i == 1 else "-"  # slot 5: one answer, wrong
    with open(grades, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    quiz = analyse(read_results([quiz_xml, grades])).part(QUIZ)
    five = next(q for q in quiz.questions if q.key == "moodle:5")
    assert (five.right, five.total, five.ranked) == (0, 1, False) and MIN_RANKED >= 5
    assert five.key not in {r.key for r, _why in quiz.suspicious}
    assert all(c.total >= MIN_RANKED for c in quiz.most_missed(10))
    unranked = [c for c in quiz.clauses if not c.ranked]
    assert unranked and quiz.clauses[-len(unranked):] == unranked, "the unranked come last, unranked"


@pytest.mark.slow
@pytest.mark.anki
def test_policy_train_report_writes_html_and_docx(built, colpkg, tmp_path, capsys):
    pkg, _reviews, _again = colpkg
    quiz_xml = built / "staff" / "quiz.moodle.xml"
    grades = moodle_grades_csv(quiz_xml, tmp_path / "grades.csv")
    out = tmp_path / "report"
    assert main(["--src", str(SRC), "train", "report", str(quiz_xml), str(grades), str(pkg), "-o", str(out)]) == 0
    assert "ok: report on 確認テスト（Moodle）" in capsys.readouterr().out
    assert {p.name for p in out.iterdir()} == {"report.html", "report.docx", "correct-rate-by-section.png",
                                               "MANIFEST.sha256"}
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "庁内限り" in page and "間違いの多い条項" in page and "data:image/png;base64," in page
    assert "識別力" in page and "95%信頼区間" in page and "{{c" not in page
    assert str(tmp_path) not in page and "/tmp" not in page, "no local file path"
    assert (out / "correct-rate-by-section.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    d = docx.Document(str(out / "report.docx"))
    assert "庁内限り" in d.sections[0].header.paragraphs[0].text
    assert len(d.inline_shapes) == 1, "the plot is in the Word report"
    text = "\n".join(p.text for p in d.paragraphs)
    assert "見直しが必要と思われる設問" in text and "ほとんど誰も正解していない" in text
    assert str(tmp_path) not in text and "/tmp" not in text
    # page 1: the summary a 課長 reads — what was measured, by how many, the three clauses most missed
    first = []
    for p in d.paragraphs:
        first.append(p.text)
        if 'w:type="page"' in p._p.xml:
            break
    page1 = "\n".join(first)
    assert "概要" in page1 and "18人が受験" in page1 and "1人分の記録" in page1
    assert len([p for p in first if "　正答率 " in p]) == 3
    assert len(first) < len(d.paragraphs) / 2, "the details come after page 1"
    again = tmp_path / "again"
    assert main(["--src", str(SRC), "train", "report", str(quiz_xml), str(grades), str(pkg), "-o", str(again)]) == 0
    assert (again / "correct-rate-by-section.png").read_bytes() == (out / "correct-rate-by-section.png").read_bytes()
    assert (again / "report.html").read_bytes() == (out / "report.html").read_bytes()
    assert (again / "report.docx").read_bytes() == (out / "report.docx").read_bytes()


@pytest.mark.parametrize("make,message", [
    (lambda d: (d / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8"), "needs the quiz"),
    (lambda d: (d / "x.colpkg").write_bytes(b"PK\x03\x04broken"), "not an Anki package"),
    (lambda d: os.symlink("/etc/passwd", d / "x.csv"), "not a regular file"),
    (lambda d: os.symlink(d / "gone.csv", d / "x.csv"), "not a regular file"),
    (lambda d: (d / "x.xml").write_text("<quiz><question", encoding="utf-8"), "not well-formed XML"),
])
def test_bad_result_files_are_located_errors(make, message, tmp_path, capsys):
    make(tmp_path)
    status = main(["--src", str(SRC), "train", "report", str(tmp_path / next(iter(os.listdir(tmp_path)))),
                   "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2 and message in err and "Traceback" not in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.anki
def test_a_package_that_unpacks_too_far_is_refused(colpkg, monkeypatch):
    """The collection is decompressed with a limit: past it, a located error, not unbounded memory."""
    from toolkit.errors import SourceError
    from toolkit.training import results

    pkg, _r, _a = colpkg
    monkeypatch.setattr(results, "MAX_BYTES", 64 * 1024)  # the real collection is larger than this
    with pytest.raises(SourceError) as e:
        read_results([pkg])
    assert "unpacks to more than" in str(e.value) or "larger than" in str(e.value)
    assert str(pkg) in str(e.value)


def moodle_responses_csv(quiz_xml: Path, path: Path, people: int = 8) -> tuple[Path, int, int]:
    """A Responses export ('Response N' / 'Right answer N'): person p answers slot i right when
    (p + i) % 3; a right short answer is typed with ・ for 、 and full-width letters."""
    import html as _html

    questions = [q for q in ET.parse(quiz_xml).getroot().findall("question") if q.get("type") != "category"]
    rights, wrongs = [], []
    for q in questions:
        answers = q.findall("answer")
        right = next(a for a in answers if a.get("fraction") == "100")
        wrong = next((a for a in answers if a.get("fraction") == "0" and a.findtext("text") != "*"), None)
        text = lambda a: _html.unescape((a.findtext("text") or "").replace("<br>", "\n"))  # noqa: E731
        if q.get("type") == "truefalse":
            rights.append(text(right).capitalize())
            wrongs.append("False" if text(right) == "true" else "True")
        else:
            rights.append(text(right))
            wrongs.append(text(wrong) if wrong is not None else "わからない")
    head = ["Surname", "First name", "Email address", "State", "Started on", "Completed", "Time taken",
            f"Grade/{len(questions)}.00"]
    for i in range(1, len(questions) + 1):
        head += [f"Response {i}", f"Right answer {i}"]
    rows, right_count = [head], 0
    for p in range(people):
        row = [f"職員{p}", "花子", f"r{p}@example.jp", "Finished", "", "", "", ""]
        for i, (r, w) in enumerate(zip(rights, wrongs, strict=True), start=1):
            ok = (p + i) % 3 != 0
            right_count += ok
            typed = r.replace("、", "・").replace("LGWAN", "ＬＧＷＡＮ") if ok else w
            row += [typed, r]
        rows.append(row)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path, people * len(questions), right_count


def test_responses_export_is_read_with_the_one_normalisation(built, tmp_path):
    quiz_xml = built / "staff" / "quiz.moodle.xml"
    path, total, right = moodle_responses_csv(quiz_xml, tmp_path / "responses.csv")
    results = read_results([quiz_xml, path])
    assert len(results.answers) == total
    assert sum(ok for _k, _w, ok in results.answers) == right, "variants of a right answer count as right"
