"""Coverage against the guideline, and the review list of a new edition, as HTML pages (庁内限り).

Model in, HTML out; every text escaped.  The reference is always named with its publisher and edition
(it is not the city's text); the 新旧対照表 of the review list is :mod:`toolkit.render.diff_html`'s.
"""

from __future__ import annotations

from html import escape

from toolkit.coverage import CityClause, Coverage, Section
from toolkit.coverage.changes import EditionChanges
from toolkit.diff.marking import Marking
from toolkit.render import diff_html
from toolkit.render.review_html import KIND_LABELS

CSS = """body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.6}
.banner{border:2px solid #a00;color:#a00;padding:.3em .6em;font-weight:bold}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .5em;vertical-align:top}
.ref{color:#555}.none{color:#a00}.score{font-variant-numeric:tabular-nums}
"""


def _page(title: str, marking: Marking, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>【{escape(marking.highest.label)}】{escape(title)}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<style>\n{CSS}{diff_html.PAGE_CSS}</style>\n</head>\n<body>\n"
            f'<p class="banner" role="note" data-classification="{escape(marking.highest.id)}">'
            f"{escape(marking.banner)}</p>\n<h1>{escape(title)}</h1>\n{body}</body>\n</html>\n")


def _s(s: Section) -> str:
    return f"{escape(s.ref)} {escape(s.title)}"


def _c(c: CityClause) -> str:
    return f"{escape(c.ref)} {escape(c.title)}".strip()


def title(cov: Coverage) -> str:
    return f"{cov.document.title}のガイドライン対応状況"


def reference_line(publisher: str | None, title: str, edition: str) -> str:
    """「参照：総務省「…ガイドライン」（令和2年12月版）。市の規程ではありません。」"""
    return f"参照：{publisher or ''}「{title}」（{edition}）。市の規程ではありません。"


def page(cov: Coverage, marking: Marking) -> str:
    ref = cov.reference
    n = cov.counts()
    right, total = cov.accuracy
    out = [f'<p class="ref">{escape(reference_line(ref.document.publisher, ref.document.title, ref.edition.summary))}'
           f"（{escape(cov.as_of.isoformat())} 現在）</p>\n",
           f"<p>ガイドラインの項目 {n['sections']} のうち、対応する条項があるもの {n['covered']}、"
           f"ないもの {n['uncovered']}。{escape(cov.document.title)}の条項 {n['clauses']} のうち、"
           f"対応するガイドラインの項目を記していないもの {n['following_nothing']}。</p>\n",
           "<h2>章ごとの対応状況</h2>\n<table>\n<thead><tr><th>章</th><th>項目数</th><th>対応する条項のない項目</th>"
           "</tr></thead>\n<tbody>\n"]
    for ch in cov.chapters:
        missing = "<br>".join(_s(s) for s in ch.uncovered) or "なし"
        out.append(f"<tr><td>{_s(ch.chapter)}</td><td>{len(ch.sections)}</td><td>{missing}</td></tr>\n")
    out.append("</tbody>\n</table>\n<h2>ガイドラインの項目と対応する条項</h2>\n<table>\n<tbody>\n")
    for ch in cov.chapters:
        for s, by in ch.sections:
            cell = "<br>".join(_c(c) for c in by) or '<span class="none">なし</span>'
            out.append(f"<tr><td>{_s(s)}</td><td>{cell}</td></tr>\n")
    out.append("</tbody>\n</table>\n<h2>対応するガイドラインの項目を記していない条項（候補）</h2>\n")
    out.append("<p>候補は文字の2文字組（bigram）の TF-IDF 余弦類似度による機械的な提案です。"
               "採否は担当者が判断し、条項に follows: を記してください。"
               f"既に記された対応で試すと、第1候補が正しかったのは {right} / {total} 件でした。</p>\n<table>\n<tbody>\n")
    for c, sug in cov.unlinked:
        cands = "<br>".join(f'{_s(x.section)} <span class="score">({x.score:.3f})</span>' for x in sug) or "候補なし"
        out.append(f"<tr><td>{_c(c)}</td><td>{cands}</td></tr>\n")
    out.append("</tbody>\n</table>\n")
    if cov.stale:
        out.append("<h2>この版にない項目を記した条項</h2>\n<ul>\n")
        out.extend(f"<li>{_c(c)} → {escape(sid)}</li>\n" for c, sid in cov.stale)
        out.append("</ul>\n")
    return _page(title(cov), marking, "".join(out))


def changes_title(ch: EditionChanges) -> str:
    return f"ガイドライン改定に伴う見直し対象（{ch.old.summary} → {ch.new.summary}）"


def changes_page(ch: EditionChanges, marking: Marking) -> str:
    n = ch.counts()
    out = [f'<p class="ref">{escape(reference_line(ch.reference.publisher, ch.reference.title, ch.new.summary))}</p>\n',
           f"<p>改正 {n['modified']}、削除 {n['removed']}、移動 {n['moved']} の項目のうち、"
           f"{escape(ch.document.title)}（{escape(ch.revision.summary)}）の条項が対応しているもの "
           f"{n['sections_to_review']}（見直す条項 {n['clauses_to_review']}）。</p>\n<table>\n<thead><tr><th>項目</th>"
           "<th>種別</th><th>見直す条項</th></tr></thead>\n<tbody>\n"]
    for t in ch.targets:
        number = t.change.new_ref or t.change.old_ref or ""
        if t.change.old_ref and t.change.new_ref and t.change.old_ref != t.change.new_ref:
            number = f"{t.change.new_ref}（旧 {t.change.old_ref}）"
        node = t.change.new_node or t.change.old_node
        heading = node.heading if node is not None and node.heading else ""
        clauses = "<br>".join(_c(c) for c in t.clauses) or '<span class="ref">なし</span>'
        out.append(f"<tr><td>{escape(number)} {escape(heading)}</td><td>{KIND_LABELS.get(t.change.kind, '')}</td>"
                   f"<td>{clauses}</td></tr>\n")
    out.append("</tbody>\n</table>\n<h2>見直し対象の項目の新旧対照表（ガイドライン）</h2>\n")
    out.append(diff_html.fragment(ch.reference, ch.review_table, banner=False))
    return _page(changes_title(ch), marking, "".join(out))
