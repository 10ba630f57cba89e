"""Self-check page (セルフチェック): the quiz as HTML that scores itself in the browser.

:func:`fragment` is a ``<section>`` with its own style and script, for a page
of the internal site (several may share a page); :func:`page` wraps it in a
complete document.  The fragment has no title: the page around it shows
``quiz.title`` as its one ``<h1>`` (the site's ``ExtraPage.title``, or
:func:`page`'s own heading).  No server and no external files: the answers travel in
``data-`` attributes and a small script marks each answer ○/×, shows the
explanation and the score.  Fill-in-the-blank answers are compared after
NFKC and with spaces and 、。「」（） set aside, as the toolkit compares options.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from toolkit.training.model import BLANK, CHOICE, TRUEFALSE, Question, Quiz

STYLE = """
.selfcheck { font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  line-height: 1.8; max-width: 48em; }
.selfcheck ol.sc-questions { padding-left: 2em; }
.selfcheck li.sc-q { margin: 1.2em 0; }
.selfcheck .sc-prompt { font-weight: bold; margin: 0 0 0.3em; }
.selfcheck label { display: block; margin: 0.15em 0; cursor: pointer; }
.selfcheck input[type=text] { font-size: 1em; width: 16em; }
.selfcheck .sc-mark { display: block; font-weight: bold; }
.selfcheck .sc-mark.sc-right { color: #137333; }
.selfcheck .sc-mark.sc-wrong { color: #b3261e; }
.selfcheck .sc-explain { color: #444; font-size: 0.9em; background: #f5f5f0; padding: 0.3em 0.6em; }
.selfcheck .sc-source { color: #666; font-size: 0.8em; }
.selfcheck .sc-score { font-size: 1.2em; font-weight: bold; }
"""

# the standalone page's title (on a site, the site draws the title)
PAGE_STYLE = """
.sc-title { font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  font-size: 1.4em; line-height: 1.5; max-width: 34em; }
"""

# Scores the section it sits in (document.currentScript), so fragments can share a page.
SCRIPT = r"""
(function (section) {
  function norm(s) {
    return (s || "").normalize("NFKC").replace(/[\s、。，．,.・「」『』（）()]+/g, "");
  }
  function judge(li) {
    var kind = li.dataset.kind;
    if (kind === "blank") {
      var given = norm(li.querySelector("input[type=text]").value);
      return given !== "" && JSON.parse(li.dataset.answers).some(function (a) { return norm(a) === given; });
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
      li.querySelector(".sc-explain").hidden = false;
      li.dataset.result = ok ? "right" : "wrong";
    });
    var out = section.querySelector(".sc-score");
    out.textContent = "採点結果: " + items.length + "問中 " + right + "問正解";
    section.dataset.score = right;
    section.dataset.total = items.length;
  }
  function reset() {
    section.querySelectorAll("li.sc-q").forEach(function (li) {
      li.querySelector(".sc-mark").textContent = "";
      li.querySelector(".sc-explain").hidden = true;
      delete li.dataset.result;
    });
    section.querySelector(".sc-score").textContent = "";
    delete section.dataset.score;
  }
  section.querySelector(".sc-submit").addEventListener("click", score);
  section.querySelector("form").addEventListener("reset", reset);
})(document.currentScript.closest("section.selfcheck"));
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _question(q: Question, number: int, prefix: str) -> str:
    name = f"{prefix}-q{number}"
    attrs = {"class": "sc-q", "id": name, "data-kind": q.kind, "data-qid": q.id, "data-show": q.right_answer}
    if q.kind == CHOICE:
        attrs["data-answer"] = str(q.correct)
        inputs = "".join(
            f'<label><input type="radio" name="{name}" value="{i}"> {_e(o)}</label>' for i, o in enumerate(q.options))
        prompt = _e(q.prompt)
    elif q.kind == TRUEFALSE:
        attrs["data-answer"] = "true" if q.truth else "false"
        inputs = (f'<label><input type="radio" name="{name}" value="true"> ○ 正しい</label>'
                  f'<label><input type="radio" name="{name}" value="false"> × 誤り</label>')
        prompt = "次の記述は正しいか。<br>" + _e(q.prompt)
    else:
        assert q.kind == BLANK
        attrs["data-answers"] = json.dumps(list(q.answers), ensure_ascii=False)
        inputs = f'<label>［　　　］に入る語句: <input type="text" name="{name}" autocomplete="off"></label>'
        prompt = _e(q.prompt)
    attr_html = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    src = q.source
    return (f'<li {attr_html}><p class="sc-prompt">{prompt}</p>{inputs}<span class="sc-mark" aria-live="polite">'
            f'</span><p class="sc-explain" hidden>{_e(q.explanation or src.where)}<br>'
            f'<span class="sc-source">出典: {_e(src.where)}（{_e(src.revision)}）</span></p></li>')


def fragment(quiz: Quiz, prefix: str = "sc") -> str:
    """The self-check as one ``<section class="selfcheck">`` (style and script included),
    without a title (the page gives it; the section is labelled with it for screen readers)."""
    questions = "\n".join(_question(q, i, prefix) for i, q in enumerate(quiz.questions, start=1))
    return (
        f'<section class="selfcheck" id="{prefix}" data-seed="{quiz.seed}" aria-label="{_e(quiz.title)}">\n'
        f"<style>{STYLE}</style>\n"
        f'<p class="sc-intro">全{len(quiz.questions)}問。答えを選ぶか書き入れて「採点する」を押すと、'
        f"その場で正誤と解説が表示されます（回答はどこにも送信されません）。</p>\n"
        f'<form onsubmit="return false"><ol class="sc-questions">\n{questions}\n</ol>\n'
        f'<p><button type="button" class="sc-submit">採点する</button> '
        f'<button type="reset" class="sc-reset">やり直す</button></p>\n'
        f'<p class="sc-score" aria-live="polite"></p></form>\n'
        f"<script>{SCRIPT}</script>\n</section>"
    )


def page(quiz: Quiz) -> str:
    """A complete HTML page: the quiz's title as its ``<h1>``, then :func:`fragment`."""
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(quiz.title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n"
        f'<h1 class="sc-title">{_e(quiz.title)}</h1>\n{fragment(quiz)}\n</body>\n</html>\n'
    )


def write_page(quiz: Quiz, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(page(quiz), encoding="utf-8")
    os.replace(part, path)
    return path
