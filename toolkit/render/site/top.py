"""The top page (``index``): the site's title and lead, a card per document (with its downloads),
the guide to the other pages, and the table of contents Sphinx builds the navigation from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from toolkit.model.wareki import wareki
from toolkit.render.site import rst
from toolkit.render.site.naming import doc_target
from toolkit.render.site.page import Page

if TYPE_CHECKING:
    from toolkit.render.site.writer import SiteWriter


def top_page(w: SiteWriter) -> Iterable[Page]:
    yield Page("index", _index(w))


def _index(w: SiteWriter) -> str:
    org = w.view.organisation
    out = [rst.heading(rst.escape(w.title), 1), ""]
    if w.audience_label and w.show_provenance:
        out.append(rst.directive("container", "audience", body=rst.escape(w.audience_label)))
    out.append(rst.directive("container", "lead", body=rst.escape(
        # the site's own words (9b): a paraphrase of the 基本方針 here was flagged as reconstructed
        # h16 text once the current text was reworded (tests/adversarial/test_hostile_fuzz.py)
        f"{org}の情報資産を漏えい・改ざん・災害などから守るための基本的な考え方と対策を定めた"
        "「情報セキュリティポリシー」を掲載しています。")))
    out.append(rst.heading("文書", 2))
    for doc in w.view.documents:
        if doc.withheld:
            lines = [rst.role("doc", doc.public_name, doc_target(f"{doc.id}/index")),
                     rst.escape("非公開です。公開しない理由はリンク先をご覧ください。")]
            out.append(rst.directive("container", "doc-card withheld", body="\n\n".join(lines)))
        elif doc.revisions:
            rev = doc.current
            badge = w.banner_badge(rev)
            past = sum(1 for r in doc.revisions if r.id != rev.id and not r.is_draft)
            drafts = len(doc.drafts)
            meta = rst.join([(False, rst.escape(f"{wareki(rev.date)} {rev.kind} ")), (True, badge),
                             (False, rst.escape(f"（過去の版 {past} 件）" if past else "")),
                             (False, rst.escape(f"（改定案 {drafts} 件）" if drafts else ""))])
            lines = [rst.role("doc", doc.title, doc_target(f"{doc.id}/index")), meta]
            # an adopted revision not yet in force (issue 10): announced, never current
            lines += [rst.escape(f"{wareki(a.date)}から{a.kind}後の規定が施行されます。") for a in doc.announced]
            lines += [rst.escape("ダウンロード: ") + w.downloads.link(p, 0) for p in w.downloads.owned(doc)]
            out.append(rst.directive("container", "doc-card", body="\n\n".join(lines)))
    guide = []
    if w.glossary:
        guide.append(f"* {rst.role('doc', '用語集', doc_target('glossary'))} {rst.escape('— 方針で使う用語の意味')}")
    if w.docs:
        guide.append(f"* {rst.role('doc', '改定履歴', doc_target('history'))} {rst.escape('— いつ、どのように改められたか')}")
    for page in w.extra_pages:
        guide.append(f"* {rst.role('doc', page.title, doc_target(page.slug))}"
                     + (f" {rst.escape('— ' + page.summary)}" if page.summary else ""))
    guide.append(f"* {rst.role('doc', 'ウェブアクセシビリティ方針', doc_target('accessibility'))} "
                 + rst.escape("— このサイトの対応状況"))
    if guide:
        out.append(rst.heading("このサイトの案内", 2))
        out.append("\n".join(guide) + "\n")
        if w.glossary:
            out.append(rst.escape(f"ページ上部の検索欄に「{w.search_example}」などの言葉を入力すると、"
                                  "その言葉を含むページを探せます。") + "\n")
    out.append(w.downloads.listing(w.downloads.unowned(), 0))
    toc = [doc_target(f"{d.id}/index") for d in w.view.documents if d.withheld or d.revisions]
    if w.docs:
        toc.append(doc_target("history"))
    if w.glossary:
        toc.append(doc_target("glossary"))
    toc += [doc_target(p.slug) for p in w.extra_pages]
    toc.append(doc_target("accessibility"))
    out.append(rst.directive("toctree", options={"hidden": "", "maxdepth": "2"}, body="\n".join(toc)))
    return "\n".join(out)
