"""Self-check page (セルフチェック): the quiz as HTML that scores itself in the browser.

:func:`fragment` is a ``<section>`` with its own style and script, for a page
of the internal site (several may share a page); :func:`page` wraps it in a
complete document.  The fragment has no title: the page around it shows
``quiz.title`` as its one ``<h1>`` (the site's ``ExtraPage.title``, or
:func:`page`'s own heading).  No server and no external files: the answers
and the explanations travel in ``data-`` attributes (so a site search shows
no answer in its snippets) and a small script marks each answer ○/×, writes
in the explanation (clause number and text) as text, and shows the score.

Accessible (WCAG 2.1 level A): each question is a ``<fieldset>`` whose
``<legend>`` is the question; a blank's text box has a label naming its
question; the score is announced once, from one live region; the true/false
choices read 「正しい」「誤り」 (no ○ glyph that looks like a second radio
button).  A blank is right when it is one of the accepted ways of writing its
answer (:func:`toolkit.training.model.accepted_forms`), compared as Moodle does
(:func:`toolkit.training.model.is_right`): the same list Moodle and GIFT get.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import assert_never

from toolkit.training.model import (
    FALSE_LABEL,
    TRUE_LABEL,
    Blank,
    Choice,
    Question,
    Quiz,
    Scenario,
    TrueFalse,
    accepted_forms,
    explanation,
    right_answer,
    title_parts,
)

STYLE = """
.selfcheck { font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  line-height: 1.8; max-width: 48em; }
.selfcheck .sc-banner { border: 2px solid #b3261e; color: #8c1d18; background: #fdf3f2; padding: 0.3em 0.6em;
  font-weight: bold; }
.selfcheck ol.sc-questions { padding-left: 0; list-style: none; }
.selfcheck li.sc-q { margin: 1.2em 0; }
.selfcheck fieldset { border: 1px solid #ccc; border-radius: 4px; padding: 0.5em 1em; margin: 0; }
.selfcheck legend { font-weight: bold; padding: 0 0.3em; }
.selfcheck .sc-situation { font-weight: normal; display: block; }
.selfcheck .sc-option { display: block; margin: 0.15em 0; cursor: pointer; }
.selfcheck .sc-blank-label { display: block; font-size: 0.9em; }
.selfcheck input[type=text] { font-size: 1em; width: 16em; }
.selfcheck .sc-mark { font-weight: bold; margin: 0.3em 0 0; }
.selfcheck .sc-mark.sc-right { color: #137333; }
.selfcheck .sc-mark.sc-wrong { color: #b3261e; }
.selfcheck .sc-explain { color: #333; font-size: 0.9em; background: #f5f5f0; padding: 0.3em 0.6em; }
.selfcheck .sc-score { font-size: 1.2em; font-weight: bold; }
.selfcheck .sc-provenance { color: #7a3e00; font-size: 0.9em; }
"""

# the standalone page's title (on a site, the site draws the title)
PAGE_STYLE = """
.sc-title { font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  font-size: 1.4em; line-height: 1.5; max-width: 34em; }
.sc-title .sc-part { display: inline-block; }
"""

# Whether a typed answer is right: the rule of toolkit.training.model.is_right, as Moodle applies it
# (NFC, PHP's trim(), case set aside, equal to one of the listed accepted forms).  The list is
# the one Moodle and GIFT get (accepted()), so exactly the same inputs are right everywhere.
JUDGE = """function answerKey(s) {
    return (s || "").normalize("NFC").replace(/^[ \\t\\n\\r\\0\\x0B]+|[ \\t\\n\\r\\0\\x0B]+$/g, "").toLowerCase();
  }
  function isRight(typed, accepted) {
    var given = answerKey(typed);
    return given !== "" && accepted.some(function (a) { return answerKey(a) === given; });
  }"""

# Scores the section it sits in (document.currentScript), so fragments can share a page.
SCRIPT = r"""
(function (section) {
  __JUDGE__
  function judge(li) {
    if (li.dataset.kind === "blank") {
      return isRight(li.querySelector("input[type=text]").value, JSON.parse(li.dataset.answers));
    }
    var checked = li.querySelector("input[type=radio]:checked");
    return checked !== null && checked.value === li.dataset.answer;
  }
  function score() {
    var items = section.querySelectorAll("li.sc-q"), right = 0;
    items.forEach(function (li) {
      var ok = judge(li), mark = li.querySelector(".sc-mark");
      if (ok) { right += 1; }
      mark.textContent = ok ? "○ 正解" : "× 不正解（正解: " + li.dataset.show + "）";
      mark.className = "sc-mark " + (ok ? "sc-right" : "sc-wrong");
      mark.hidden = false;
      var explain = li.querySelector(".sc-explain");
      if (!explain.hasChildNodes()) {  // written in on scoring, as text: no search snippet shows it before
        JSON.parse(explain.dataset.explain).forEach(function (line, i) {
          if (i) { explain.appendChild(document.createElement("br")); }
          explain.appendChild(document.createTextNode(line));
        });
      }
      explain.hidden = false;
      li.dataset.result = ok ? "right" : "wrong";
    });
    section.querySelector(".sc-score").textContent = "採点結果: " + items.length + "問中 " + right + "問正解";
    section.dataset.score = right;
    section.dataset.total = items.length;
  }
  function reset() {
    section.querySelectorAll("li.sc-q").forEach(function (li) {
      var mark = li.querySelector(".sc-mark");
      mark.textContent = "";
      mark.hidden = true;
      li.querySelector(".sc-explain").hidden = true;
      delete li.dataset.result;
    });
    section.querySelector(".sc-score").textContent = "";
    delete section.dataset.score;
  }
  section.querySelector(".sc-submit").addEventListener("click", score);
  section.querySelector("form").addEventListener("reset", reset);
})(document.currentScript.closest("section.selfcheck"));
""".replace("__JUDGE__", JUDGE)


def _e(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _radios(name: str, labels: list[tuple[str, str]]) -> str:
    return "".join(f'<label class="sc-option"><input type="radio" name="{name}" value="{v}"> {_e(text)}</label>'
                   for v, text in labels)


def _question(q: Question, number: int, prefix: str) -> str:
    name = f"{prefix}-q{number}"
    attrs = {"class": "sc-q", "id": name, "data-kind": q.kind, "data-qid": q.id, "data-show": right_answer(q)}
    head = f"問{number}　"
    match q:
        case Choice() | Scenario():
            attrs["data-answer"] = str(q.correct)
            inputs = _radios(name, [(str(i), o) for i, o in enumerate(q.options)])
            situation = (f'<span class="sc-situation">【事例】{_e(q.situation)}</span>'
                         if isinstance(q, Scenario) else "")
            legend = f"{head}{situation}{_e(q.prompt)}"
        case TrueFalse():
            attrs["data-answer"] = "true" if q.truth else "false"
            inputs = _radios(name, [("true", TRUE_LABEL), ("false", FALSE_LABEL)])
            legend = f"{head}次の記述は正しいか。<br>{_e(q.prompt)}"
        case Blank():
            attrs["data-answers"] = json.dumps(list(accepted_forms(q)), ensure_ascii=False)
            inputs = (f'<label class="sc-blank-label" for="{name}-answer">問{number}の［　　　］に入る語句</label>'
                      f'<input type="text" id="{name}-answer" name="{name}" autocomplete="off">')
            legend = f"{head}{_e(q.prompt)}"
        case _:
            assert_never(q)
    attr_html = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    # the explanation travels as data and is written in as text on scoring (like the answers), so the
    # site's search does not show answers in its snippets; the leak check reads attributes too
    explain = html.escape(json.dumps(explanation(q), ensure_ascii=False), quote=True)
    return (f'<li {attr_html}><fieldset><legend>{legend}</legend>{inputs}</fieldset>'
            f'<p class="sc-mark" hidden></p><p class="sc-explain" hidden data-explain="{explain}"></p></li>')


def title_html(title: str) -> str:
    """The title with each part kept whole (a line breaks between 「…ポリシー」 and 「確認テスト（全職員）」)."""
    return " ".join(f'<span class="sc-part">{_e(p)}</span>' for p in title_parts(title))


def fragment(quiz: Quiz, prefix: str = "sc") -> str:
    """The self-check as one ``<section class="selfcheck">`` (style and script included),
    without a title (the page gives it; the section is labelled with it for screen readers)."""
    questions = "\n".join(_question(q, i, prefix) for i, q in enumerate(quiz.questions, start=1))
    banner = f'<p class="sc-banner">{_e(quiz.marking_text or quiz.marking)}</p>\n' if quiz.marking else ""
    banner += "".join(f'<p class="sc-provenance">{_e(n)}</p>\n' for n in quiz.notes)
    return (
        f'<section class="selfcheck" id="{prefix}" data-seed="{quiz.seed}" aria-label="{_e(quiz.title)}">\n'
        f"<style>{STYLE}</style>\n{banner}"
        f'<p class="sc-intro">全{len(quiz.questions)}問。答えを選ぶか書き入れて「採点する」を押すと、'
        f"その場で正誤と解説が表示されます（回答はどこにも送信されません）。</p>\n"
        f'<form onsubmit="return false"><ol class="sc-questions">\n{questions}\n</ol>\n'
        f'<p><button type="button" class="sc-submit">採点する</button> '
        f'<button type="reset" class="sc-reset">やり直す</button></p>\n'
        f'<p class="sc-score" role="status" aria-live="polite"></p></form>\n'
        f"<script>{SCRIPT}</script>\n</section>"
    )


def page(quiz: Quiz) -> str:
    """A complete HTML page: the quiz's title as its ``<h1>``, then :func:`fragment`."""
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(quiz.title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f'<h1 class="sc-title">{title_html(quiz.title)}</h1>\n{fragment(quiz)}\n</main>\n</body>\n</html>\n'
    )


def write_page(quiz: Quiz, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # into a staging folder, swapped in as a whole (publish_checked): a plain write
    path.write_text(page(quiz), encoding="utf-8")
    return path
