"""One answer check everywhere, and an answer key a trainer can trust (issue 22 §3), on every generated set.

* A short answer is right in Moodle XML, in GIFT and on the self-check page for exactly the
  same inputs: the three formats carry the same list of accepted forms, and the page's script
  judges a typed answer as Moodle does (run here in node on a corpus of inputs, next to a model
  of Moodle's comparison and :func:`toolkit.training.model.is_right`).
* Every item has a 解説 and a 根拠, the 解説 citing no clause the 根拠 does not cite; no format
  shows staff an internal revision id (「（r8）」).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from conftest import TRAINING, require
from test_quiz_gift import parse_gift
from test_training_quality import generated_sets

from toolkit.render.quiz_gift import gift
from toolkit.render.quiz_html import JUDGE, SCRIPT, page
from toolkit.render.quiz_moodle import moodle_xml
from toolkit.training.model import Blank, accepted, accepted_forms, answer_texts, explanation, is_right
from toolkit.training.settings import load_training
from toolkit.view.redact import redact

REVISION_ID = re.compile(r"(?<![A-Za-z0-9])[rhRH]\d{1,2}(?![A-Za-z0-9])")


@pytest.fixture(scope="module")
def sets(policy):
    return generated_sets(policy, load_training(TRAINING))


def moodle_accepts(typed: str, answers: list[str]) -> bool:
    """Moodle's short answer, case-insensitive: NFC, PHP's trim(), then equal to an answer
    (``\\*`` is a literal asterisk; the catch-all ``*`` answer scores 0)."""
    key = unicodedata.normalize("NFC", typed).strip(" \t\n\r\0\x0b").lower()
    return any(unicodedata.normalize("NFC", a.replace("\\*", "*")).lower() == key for a in answers)


def inputs_for(answer: str) -> list[str]:
    """What staff type: every accepted form, and near misses and odd spellings around them."""
    forms = list(accepted(answer))
    tries = [*forms, f"　{answer}", f" {answer} ", f"{answer}。。", f"{answer}．", f"「{answer}」",
             answer[:1] + " " + answer[1:], answer.upper(), answer.lower(), answer[:-1], "わからない", "",
             unicodedata.normalize("NFKC", answer).translate({ord(c): ord(c) + 0xFEE0 for c in "abcdefgh"})]
    if len(answer) > 2:
        tries.append(answer[0].translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}) + answer[1:])
    return list(dict.fromkeys(tries))


def test_the_three_formats_carry_the_same_accepted_list(sets):
    checked = 0
    for name, quiz in sets:
        blanks = [(i, q) for i, q in enumerate(quiz.questions) if isinstance(q, Blank)]
        moodle = [el for el in ET.fromstring(moodle_xml(quiz)).findall("question") if el.get("type") != "category"]
        gifts = parse_gift(gift(quiz))
        text = page(quiz)
        shown = {m.group(1): json.loads(html.unescape(m.group(2)))
                 for m in re.finditer(r'id="sc-q(\d+)" data-kind="blank"[^>]*?data-answers="([^"]*)"', text)}
        for i, q in blanks:
            want = list(accepted_forms(q))
            in_moodle = [a.findtext("text").replace("\\*", "*") for a in moodle[i].findall("answer")
                         if a.get("fraction") == "100"]
            assert in_moodle == want, (name, q.id)
            assert gifts[i]["answers"] == want, (name, q.id)
            assert shown[str(i + 1)] == want, (name, q.id)
            checked += 1
    assert checked >= 20


def test_exactly_the_same_inputs_are_right_in_each_format(sets, tmp_path):
    """Moodle's rule, the page's script (in node) and is_right agree on every input; the
    forms the issue names are right everywhere (「リスク。」, half-width ｶﾀｶﾅ, spaces)."""
    node = require("node", "runs the self-check page's answer check outside a browser")
    cases: list[tuple[str, list[str]]] = []
    for _name, quiz in sets:
        for q in quiz.questions:
            if isinstance(q, Blank):
                forms = list(accepted_forms(q))
                cases.extend((typed, forms) for a in q.answers for typed in inputs_for(a))
    cases.extend((t, list(accepted("リスク"))) for t in ("リスク。", "ﾘｽｸ", " リスク", "リスク ", "ﾘｽｸ。", "リ スク"))
    assert len(cases) > 300
    script = tmp_path / "judge.js"
    script.write_text(JUDGE + "\nconst cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
                      "process.stdout.write(JSON.stringify(cases.map(c => isRight(c[0], c[1]))));\n", encoding="utf-8")
    out = subprocess.run([node, str(script)], input=json.dumps(cases), capture_output=True, text=True, check=True)
    page_says = json.loads(out.stdout)
    for (typed, forms), on_page in zip(cases, page_says, strict=True):
        assert moodle_accepts(typed, forms) == on_page == is_right(typed, forms), typed
    for typed in ("リスク。", "ﾘｽｸ", " リスク", "ﾘｽｸ。"):
        assert is_right(typed, accepted("リスク")) and moodle_accepts(typed, list(accepted("リスク")))
    assert JUDGE in SCRIPT


def _clause_headings(view) -> set[str]:
    return {n.heading for d in view.documents for r in d.revisions for n in r.walk() if n.heading}


def test_every_item_has_a_rationale_citing_the_clause_of_its_ground(policy, sets):
    headings = _clause_headings(redact(policy, "security"))
    for name, quiz in sets:
        for q in quiz.questions:
            lines = explanation(q)
            assert sum(line.startswith("解説: ") for line in lines) == 1 and lines[0].startswith("解説: "), q.id
            grounds = [line for line in lines if line.startswith("根拠: ")]
            assert len(grounds) == len(q.all_sources) >= 1, q.id
            said = lines[0]
            cited = {s.heading for s in q.all_sources} | {s.where for s in q.all_sources}
            answers = {*answer_texts(q), *(getattr(q, "options", ()))}  # the answer quoted is no citation
            named = {h for h in re.findall(r"「([^「」]+)」", said) if h in headings and h not in answers}
            assert named <= cited, (name, q.id, named - cited)
            refs = set(re.findall(r"(?:基本方針|対策基準|実施手順) [0-9][0-9()①-⑳ア-ン]*", said))
            assert refs <= cited, (name, q.id, refs - cited)


def _visible(quiz) -> dict[str, str]:
    """What staff read of a set, format by format (not tags, ids or source comments)."""
    root = ET.fromstring(moodle_xml(quiz))
    moodle = "\n".join(el.text or "" for q in root.findall("question")
                       for path in ("questiontext", "generalfeedback", "answer", "answer/feedback", "name",
                                    "correctfeedback", "incorrectfeedback", "info", "category")
                       for x in q.findall(path) for el in x.findall("text"))
    gift_text = "\n".join(ln for ln in gift(quiz).split("\n") if not ln.startswith("//"))
    page_html = page(quiz)
    shown = re.sub(r"<[^>]+>", " ", page_html) + "".join(re.findall(r'data-explain="([^"]*)"', page_html))
    return {"moodle": html.unescape(moodle), "gift": gift_text, "html": html.unescape(shown)}


def test_no_format_shows_an_internal_revision_id(sets, tmp_path):
    import docx

    from toolkit.render import quiz_docx

    for name, quiz in sets:
        for fmt, text in _visible(quiz).items():
            found = REVISION_ID.findall(text)
            assert found == [], (name, fmt, found)
        key = quiz_docx.answer_key(quiz, tmp_path / "key.docx")
        text = "\n".join(p.text for p in docx.Document(str(key)).paragraphs)
        assert REVISION_ID.findall(text) == [], name


def _items(path) -> list[list]:
    """The paragraphs of each printed item (from its 「問N」 to the next)."""
    import docx

    out: list[list] = []
    for p in docx.Document(str(path)).paragraphs:
        if re.match(r"問\d+　", p.text):
            out.append([])
        if out:
            out[-1].append(p)
    return out


def test_no_printed_item_is_orphaned_at_the_foot_of_a_page(sets, tmp_path):
    """Sheet and key: every paragraph of an item but its last keeps with the next, and none is
    split across pages (Word's and LibreOffice's keep-with-next / keep-lines-together)."""
    from toolkit.render import quiz_docx

    for name, quiz in sets:
        for kind, write in (("sheet", quiz_docx.question_sheet), ("key", quiz_docx.answer_key)):
            items = _items(write(quiz, tmp_path / f"{kind}.docx"))
            assert len(items) == len(quiz.questions), (name, kind)
            for paragraphs in items:
                assert all(p.paragraph_format.keep_together for p in paragraphs), (name, kind, paragraphs[0].text)
                if len(paragraphs) <= quiz_docx.KEEP_WHOLE + 1:
                    assert all(p.paragraph_format.keep_with_next for p in paragraphs[:-1]), (name, kind,
                                                                                             paragraphs[0].text)
                else:
                    assert paragraphs[0].paragraph_format.keep_with_next, (name, kind, paragraphs[0].text)


def test_a_title_breaks_between_its_parts_never_inside_the_audience(sets, tmp_path):
    import docx

    from toolkit.render import quiz_docx
    from toolkit.render.quiz_html import page

    for _name, quiz in sets:
        title = next(p for p in docx.Document(str(quiz_docx.question_sheet(quiz, tmp_path / "s.docx"))).paragraphs
                     if p.style.name == "Title")
        lines = [t for t in title.text.split("\n") if t]
        assert "".join(lines) == quiz.title.replace(" ", "")
        audience = quiz.title[quiz.title.index("（"):]
        assert audience in lines, lines  # 「（全職員）」 whole, on a line of its own
        assert '<span class="sc-part">' in page(quiz)
