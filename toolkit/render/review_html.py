"""The committee's review package as HTML: a fragment for the staff site and a whole page.

Model in (a :class:`toolkit.review.Review` made from the staff view), HTML out.
The 新旧対照表 is :mod:`toolkit.render.diff_html`'s, so both agree row for row.
"""

from __future__ import annotations

from html import escape

from toolkit.diff import ADDED, MODIFIED, MOVED, RECLASSIFIED, REMOVED, RENUMBERED, ClauseChange
from toolkit.diff.marking import Marking
from toolkit.model.wareki import wareki
from toolkit.render import diff_html
from toolkit.review import Cover, Review, ReviewItem

KIND_LABELS = {ADDED: "新設", MODIFIED: "改正", REMOVED: "削除", RENUMBERED: "番号の変更", MOVED: "移動",
               RECLASSIFIED: "区分の変更"}
MISSING = "（改正理由が未記入）"
NOT_NEEDED = "（番号の変更のみ：改正理由は不要）"


def reason_text(item: ReviewItem) -> str:
    """The reason, or why there is none: missing, or not needed (a number shifted by an insertion)."""
    return item.reason or (MISSING if item.needs_reason else NOT_NEEDED)


def kind_label(change: ClauseChange) -> str:
    """「改正」, and the change of classification when there is one: 「改正（区分の変更：関係者限り → 公開）」."""
    label = KIND_LABELS.get(change.kind, change.kind)
    if change.reclassified and change.kind != RECLASSIFIED:
        return f"{label}（{change.level_change}）"
    return change.level_change if change.reclassified else label


def title(review: Review) -> str:
    """「情報セキュリティ基本方針 改定案（令和9年4月1日施行予定）審議資料」: versions by date, never by id."""
    return f"{review.doc.title} 改定案（{wareki(review.draft.date)}施行予定）審議資料"


def where(item: ReviewItem) -> str:
    """A clause as the committee reads it: number and title (6(9) 生成AIの利用), or the start of its
    text when it has no number — never its internal id (issue 23)."""
    c = item.change
    old, new = c.old_ref, c.new_ref
    node = c.new_node or c.old_node
    name = (node.heading or node.term or "") if node else ""
    if not name and node and node.text:
        first = " ".join(node.text[0].split())
        name = "「" + (first if len(first) <= 30 else first[:29] + "…") + "」"
    number = f"{new}（現行 {old}）" if old and new and old != new else new or old or ""
    if name and name in number:  # a 附則's number names its instrument already
        name = ""
    return f"{number} {name}".strip() or "（番号のない条項）"


def status_line(review: Review) -> str:
    if not review.items:
        return "採択済みの版との違いはありません。"
    if review.ready:
        shifted = len(review.renumbered_only)
        extra = f"（ほかに番号の変更のみ {shifted} 件）" if shifted else ""
        return f"すべての改正（{len(review.items) - shifted}件）に改正理由があります{extra}。"
    return (f"改正理由のない改正が {len(review.missing)} 件あります（{len(review.items)} 件中）。"
            "この案はまだ審議に付せる状態ではありません。")


def fragment(review: Review) -> str:
    """The package as a body fragment (no ``<h1>``: the site shows the title)."""
    d, cur = review.draft, review.in_force
    out = ['<section class="review" lang="ja">\n']
    out.append(f'<p class="review-draft"><strong>案</strong>　{escape(review.doc.title)} 改定案'
               f"（{escape(wareki(d.date))}施行予定・{escape(d.kind)}）を、採択済みの版"
               f"（{escape(wareki(cur.date))} {escape(cur.kind)}）と比べます。</p>\n")
    out.append(f'<p class="review-status{"" if review.ready else " review-not-ready"}">{escape(status_line(review))}</p>\n')

    out.append("<h2>改正点と改正理由</h2>\n")
    if not review.items:
        out.append("<p>採択済みの版との違いはありません。</p>\n")
    else:
        out.append('<table class="review-reasons">\n<thead><tr><th scope="col">条項</th><th scope="col">種別</th>'
                   '<th scope="col">改正理由</th></tr></thead>\n<tbody>\n')
        for item in review.items:
            reason = (escape(item.reason) if item.reason else
                      f'<span class="review-{"missing" if item.needs_reason else "not-needed"}">'
                      f"{reason_text(item)}</span>")
            out.append(f"<tr><td>{escape(where(item))}</td><td>{escape(kind_label(item.change))}"
                       f"</td><td>{reason}</td></tr>\n")
        out.append("</tbody>\n</table>\n")
    if review.missing:
        out.append("<h3>改正理由が未記入の改正</h3>\n<ul>\n")
        out.extend(f"<li>{escape(where(i))}</li>\n" for i in review.missing)
        out.append("</ul>\n")

    out.append("<h2>影響</h2>\n<h3>他の文書で実施・引用している条項</h3>\n")
    refs = [(i, r) for i in review.items for r in i.referrers]
    if refs:
        out.append("<ul>\n")
        for i, r in refs:
            how = "実施" if r.how == "implements" else "引用"
            out.append(f"<li>{escape(where(i))} ← {escape(r.doc_title)} {escape(r.ref)}（{how}）</li>\n")
        out.append("</ul>\n")
    else:
        out.append("<p>ありません。</p>\n")
    out.append("<h3>作り直す研修教材（カード・問題）</h3>\n")
    study = [(i, t) for i in review.items for t in i.training]
    if study:
        out.append("<ul>\n")
        out.extend(f"<li>{escape(where(i))}: {escape(t)}</li>\n" for i, t in study)
        out.append("</ul>\n")
    else:
        out.append(f"<p>{escape(review.training_note or 'ありません。')}</p>\n")
    out.append("<h3>施行時に変わる公開ファイル</h3>\n")
    if review.public_files:
        out.append("<ul>\n")
        out.extend(f"<li><code>{escape(f)}</code></li>\n" for f in review.public_files)
        out.append("</ul>\n")
    else:
        out.append("<p>ありません（この文書は公開サイトに載りません）。</p>\n")

    out.append("<h2>新旧対照表</h2>\n")
    out.append(diff_html.fragment(review.doc, review.changes))
    out.append("</section>\n")
    return "".join(out)


def cover_lines(cover: Cover) -> list[tuple[str, str]]:
    """(label, value) of the cover's lines: 会議名 (when given) and 作成日 in 和暦."""
    return [("会議名", cover.meeting)] * bool(cover.meeting) + [("作成日", wareki(cover.made))]


def front(cover: Cover) -> str:
    """The package's front for the meeting: 会議名, 作成日, then the 改定の概要 when there is one."""
    out = ['<dl class="review-cover">\n']
    out.extend(f"<dt>{label}</dt><dd>{escape(value)}</dd>\n" for label, value in cover_lines(cover))
    out.append("</dl>\n")
    if cover.summary:
        out.append('<h2>改定の概要</h2>\n<div class="review-summary">\n')
        out.extend(f"<p>{escape(p)}</p>\n" for p in cover.summary)
        out.append("</div>\n")
    return "".join(out)


def page(review: Review, marking: Marking | None = None, cover: Cover | None = None) -> str:
    """A whole HTML page (``build/review/``), with 案 in its title; with ``marking`` (the draft's
    新旧対照表's: 「【案・庁内限り】…」) its level in the title and its banner first on the page;
    with ``cover``, its 会議名, 作成日 and 改定の概要 under the title."""
    heading = escape(title(review))
    level = f"【{marking.label}】" if marking else "【案】"
    shown = f'<p class="pdiff-banner" role="note">{escape(marking.banner)}</p>\n' if marking else ""
    return ("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(level)}{heading}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<style>\n{diff_html.PAGE_CSS}</style>\n</head>\n<body>\n"
            f"{shown}<h1>【案】{heading}</h1>\n{front(cover) if cover else ''}{fragment(review)}</body>\n</html>\n")
