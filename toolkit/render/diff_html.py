"""The 新旧対照表 as HTML: a self-contained fragment for the sites, or a whole page.

:func:`fragment` returns one ``<section class="pdiff">`` with its own
``<style>``; every class is prefixed ``pdiff-`` so it can sit inside any site
theme.  Changed parts are ``<ins>`` (改正後) and ``<del>`` (改正前), drawn
underlined (傍線) as in print, not struck through.

The fragment has no title: the page around it gives it, as its one ``<h1>``
(the site from ``ExtraPage.title``, :func:`page` from :func:`page_title`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from toolkit.diff import ChangeSet, compare
from toolkit.diff.marking import Marking
from toolkit.diff.table import (
    NOTE,
    Cell,
    column_headers,
    revision_line,
    rows,
    supplementary_counts,
    title,
    whole_revision_note,
)
from toolkit.model import Document, PolicySet
from toolkit.model.wareki import wareki

CSS = """\
.pdiff{font-family:"Noto Serif CJK JP","IPAexMincho",serif;line-height:1.7}
.pdiff-meta{margin:.2em 0;font-size:.9em}
.pdiff-counts{margin:.2em 0 .6em;font-size:.9em}
.pdiff-table{border-collapse:collapse;width:100%;table-layout:fixed}
.pdiff-table th,.pdiff-table td{border:1px solid #444;padding:.3em .5em;vertical-align:top;text-align:left}
.pdiff-table th{background:#eee;text-align:center}
.pdiff-line{margin:0}
.pdiff-heading{font-family:"Noto Sans CJK JP","IPAexGothic",sans-serif}
.pdiff ins,.pdiff del{text-decoration:underline;text-decoration-thickness:1px;text-underline-offset:.2em}
.pdiff ins{background:#e6ffec}
.pdiff del{background:#ffebe9}
.pdiff-mark{color:#333}
.pdiff-note{font-size:.9em;margin:.4em 0}
.pdiff-level{color:#b00;font-size:.85em}
"""
BANNER_CSS = ".pdiff-banner{border:2px solid #b00;color:#b00;font-weight:bold;padding:.3em .6em;margin:.4em 0}\n"
# the standalone page's title (on a site, the site draws the title)
PAGE_CSS = """\
.pdiff-title{font-family:"Noto Sans CJK JP","IPAexGothic",sans-serif;font-size:1.3em;margin:.5em 0}
""" + BANNER_CSS


def fragment(doc: Document, changeset: ChangeSet, *, new_first: bool = True, marking: Marking | None = None,
             banner: bool = True) -> str:
    """The 新旧対照表 of ``changeset`` as an HTML fragment (a ``<section>`` with its ``<style>``),
    without a title: see :func:`page_title`.

    ``new_first`` puts 改正後 in the left column (the national convention).  With
    ``marking``, a banner states the most restricted level shown, and each row
    more restricted than its document says so (``data-classification`` on every row).
    """
    parts = [f'<section class="pdiff" lang="ja">\n<style>\n{CSS}</style>\n']
    if marking is not None and banner:
        parts.append(f"<style>\n{BANNER_CSS}</style>\n{_banner(marking)}")
    new_header, old_header = column_headers(doc, changeset)
    sides = [f"{new_header}：{escape(revision_line(doc, changeset.new_rev))}",
             f"{old_header}：{escape(revision_line(doc, changeset.old_rev))}"]
    parts.append(f'<p class="pdiff-meta">{"　".join(sides if new_first else sides[::-1])}</p>\n')  # column order
    c = changeset.counts()
    parts.append(
        f'<p class="pdiff-counts">新設 {c["added"]}　改正 {c["modified"]}'
        f'（うち表記のみ {changeset.formatting_only}）　削除 {c["removed"]}'
        f'　番号の変更 {c["renumbered"]}　移動 {c["moved"]}'
        + (f'　区分の変更 {c["reclassified"]}' if c["reclassified"] else "") + f'　変更なし {c["unchanged"]}</p>\n'
    )
    if changeset.has_supplementary:
        parts.append(f'<p class="pdiff-counts">{escape(supplementary_counts(changeset))}</p>\n')
    whole = whole_revision_note(doc, changeset)
    if whole:  # a 全面改定: the table is for reference, as the .docx says too
        parts.append(f'<p class="pdiff-note pdiff-whole">（{escape(whole)}）</p>\n')
    parts.append(f'<p class="pdiff-note">（{NOTE}）</p>\n')
    headers = (new_header, old_header) if new_first else (old_header, new_header)
    parts.append('<table class="pdiff-table">\n<thead><tr>')
    parts.extend(f'<th scope="col">{h}</th>' for h in headers)
    parts.append("</tr></thead>\n<tbody>\n")
    for row in rows(changeset):
        cells = (row.new, row.old) if new_first else (row.old, row.new)
        kind = row.change.kind if row.change else "omitted"
        level = marking.of_change(row.change, changeset.old_rev, changeset.new_rev) if marking and row.change else None
        attr = f' data-classification="{escape(level.id)}"' if level else ""
        parts.append(f'<tr class="pdiff-{kind}"{attr}>')
        note = marking.note(level) if marking and level else ""
        for i, (cell, tag) in enumerate(zip(cells, ("ins", "del") if new_first else ("del", "ins"), strict=True)):
            parts.append(_cell(cell, tag, note if i == 0 else ""))
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>\n</section>\n")
    return "".join(parts)


def _banner(marking: Marking) -> str:
    return (f'<p class="pdiff-banner" role="note" data-classification="{escape(marking.highest.id)}">'
            f"{escape(marking.banner)}</p>\n")


def _cell(cell: Cell, tag: str, note: str = "") -> str:
    indent = max(cell.depth - 1, 0)
    style = f' style="padding-left:{0.5 + indent}em"' if indent else ""
    out = [f"<td{style}>"]
    if note:
        out.append(f'<span class="pdiff-level">{escape(note)}</span>')
    for line in cell.lines:
        cls = "pdiff-line"
        if any(r.kind == "heading" for r in line):
            cls += " pdiff-heading"
        out.append(f'<p class="{cls}">')
        for run in line:
            text = escape(run.text)
            if run.kind == "mark":
                text = f'<span class="pdiff-mark">{text}</span>'
            out.append(f"<{tag}>{text}</{tag}>" if run.underline else text)
        out.append("</p>")
    out.append("</td>")
    return "".join(out)


def page_title(doc: Document, changeset: ChangeSet) -> str:
    """「情報セキュリティ基本方針 新旧対照表（令和5年7月4日改定 → 令和8年4月1日全面改定）」."""
    return f"{title(changeset, doc.title)}（{_when(doc, changeset.old_rev)} → {_when(doc, changeset.new_rev)}）"


def _when(doc: Document, rev_id: str) -> str:
    try:
        rev = doc.revision(rev_id)
    except KeyError:
        return rev_id
    return f"{wareki(rev.date)}{rev.kind}"


def page(doc: Document, changeset: ChangeSet, *, new_first: bool = True, marking: Marking | None = None) -> str:
    """A whole HTML page: the marking banner first (when given), :func:`page_title` as its
    ``<h1>``, then :func:`fragment` (for ``policy diff --format html``)."""
    heading = escape(page_title(doc, changeset))
    level = f"【{escape(marking.label)}】" if marking else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{level}{heading}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>\n{PAGE_CSS}</style>\n"
        "</head>\n<body>\n"
        + (_banner(marking) if marking else "")  # the first thing on the page
        + f'<h1 class="pdiff-title">{heading}</h1>\n'
        + fragment(doc, changeset, new_first=new_first, marking=marking, banner=False)
        + "</body>\n</html>\n"
    )


def write(doc: Document, changeset: ChangeSet, path: Path, *, new_first: bool = True) -> Path:
    """Write :func:`page` to ``path`` (UTF-8)."""
    path.write_text(page(doc, changeset, new_first=new_first), encoding="utf-8")
    return path


def site_slug(doc_id: str, old_id: str, new_id: str) -> str:
    """Where the site's 新旧対照表 of ``old_id`` → ``new_id`` lives (``diff/basic-policy-r5-r8``)."""
    return f"diff/{doc_id}-{old_id}-{new_id}"


def site_pages(view: PolicySet, *, new_first: bool = True) -> list[tuple[str, str, str, str]]:
    """The 新旧対照表 pages for a site: ``(slug, title, html, summary)`` for every pair
    of consecutive revisions each document has *in this view* (``html`` without a
    title: the site shows ``title`` as the page heading).

    Give it the view of the site's audience (:func:`toolkit.view.redact.redact`):
    the public view holds only authoritative revisions, so the public site gets
    pages only between consecutive authoritative ones; the staff view gets
    every pair.  The tuples fit ``ExtraPage(*t)`` of the site renderer.
    """
    pages = []
    for doc in view.documents:
        pairs = list(zip(doc.revisions, doc.revisions[1:], strict=False))
        if doc.revisions:  # an adopted revision not yet in force: against the text in force (issue 10)
            pairs += [(doc.current, a) for a in doc.announced]
        for old, new in pairs:
            cs = compare(doc, old, new, policy=view)
            c = cs.counts()
            summary = f"新設 {c['added']}・改正 {c['modified']}・削除 {c['removed']}"
            title = page_title(doc, cs) + ("（案）" if new.is_draft else "")  # a draft says so on its page
            pages.append((site_slug(doc.id, old.id, new.id), title,
                          fragment(doc, cs, new_first=new_first), summary))
    return pages
