"""Large documents on the site: a 例規-style text of bare articles (第N条, no chapters) is laid
out a fixed number of articles a page, not one page per article; chapters keep a page each."""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import html as lhtml

from toolkit.model import Document, Node, PolicySet, Revision, number_tree
from toolkit.render.site import render_site
from toolkit.render.site.naming import ARTICLES_PER_PAGE, MAX_CHAPTER_PAGES
from toolkit.view.redact import redact


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def articles_view(policy, n: int) -> PolicySet:
    """``n`` articles with 見出し, some with 項; article 150 cites article 2 (another page)."""
    public = redact(policy, "public")
    nodes = []
    for k in range(1, n + 1):
        body = ("第2条に定めるところによる。" if k != 150 else "{ref:a2}の規定にかかわらず、別に定める。",)
        kids = tuple(Node(id=f"a{k}-p{j}", text=(f"第{k}条第{j}項の本文。",)) for j in range(1, 3)) if k % 3 == 0 else ()
        nodes.append(Node(id=f"a{k}", title=f"（規定{k}）", text=body, children=kids))
    rev = Revision("r1", public.document("basic-policy").current.date, "策定", "authoritative",
                   "試験用の例規", body=number_tree(nodes))
    doc = Document("kitei", "試験用の規程", "試験用の規程", "public", ("第1条", "1", "(1)"), (rev,))
    return replace(public, documents=(doc,))


def test_bare_articles_get_a_fixed_number_a_page(policy, tmp_path):
    n = 2 * ARTICLES_PER_PAGE + 50
    out = tmp_path / "out"
    render_site(articles_view(policy, n), out, tmp_path / "work")
    pages = sorted(p.name for p in (out / "kitei").iterdir())
    assert pages == ["a1.html", f"a{ARTICLES_PER_PAGE + 1}.html", f"a{2 * ARTICLES_PER_PAGE + 1}.html", "index.html"]
    first = lhtml.fromstring((out / "kitei" / "a1.html").read_bytes())
    assert text(first.xpath("//h1")[0]).rstrip("#") == f"第1条～第{ARTICLES_PER_PAGE}条"
    assert len(first.xpath('//div[@role="main"]//h2')) == ARTICLES_PER_PAGE
    last = lhtml.fromstring((out / "kitei" / f"a{2 * ARTICLES_PER_PAGE + 1}.html").read_bytes())
    assert text(last.xpath("//h1")[0]).rstrip("#") == f"第{2 * ARTICLES_PER_PAGE + 1}条～第{n}条"
    # the index lists the pages by range, and a citation across pages links the article
    index = lhtml.fromstring((out / "kitei" / "index.html").read_bytes())
    assert [text(a) for a in index.xpath('//div[@role="main"]//li/a')][:3] == [
        f"第1条～第{ARTICLES_PER_PAGE}条", f"第{ARTICLES_PER_PAGE + 1}条～第{2 * ARTICLES_PER_PAGE}条",
        f"第{2 * ARTICLES_PER_PAGE + 1}条～第{n}条"]
    second = lhtml.fromstring((out / "kitei" / f"a{ARTICLES_PER_PAGE + 1}.html").read_bytes())
    assert [text(a) for a in second.xpath('//a[@href="a1.html#kitei-a2"]')] == ["第2条"]
    assert text(first.get_element_by_id("kitei-a2")).startswith("第2条 （規定2）")


def test_a_few_chapters_keep_a_page_each(policy, tmp_path):
    public = redact(policy, "public")
    chapters = tuple(Node(id=f"ch{c}", title=f"章{c}", children=tuple(
        Node(id=f"ch{c}-a{k}", text=(f"第{c}章の第{k}条。",)) for k in range(1, 41))) for c in range(1, 6))
    rev = Revision("r1", public.document("basic-policy").current.date, "策定", "authoritative", "試験",
                   body=number_tree(chapters))
    doc = Document("kitei", "試験用の規程", "試験用の規程", "public", ("第1章", "第1条"), (rev,))
    out = tmp_path / "out"
    render_site(replace(public, documents=(doc,)), out, tmp_path / "work")
    assert sorted(p.name for p in (out / "kitei").iterdir()) == [f"ch{c}.html" for c in range(1, 6)] + ["index.html"]


def test_the_switch_from_chapter_pages_to_article_pages(policy):
    """Up to MAX_CHAPTER_PAGES top-level parts: a page each; one more: fixed-size pages."""
    from toolkit.render.site.naming import page_groups

    at = articles_view(policy, MAX_CHAPTER_PAGES).documents[0].current
    assert [len(g) for g in page_groups(at)] == [1] * MAX_CHAPTER_PAGES
    over = articles_view(policy, MAX_CHAPTER_PAGES + 1).documents[0].current
    expected = [min(ARTICLES_PER_PAGE, MAX_CHAPTER_PAGES + 1 - i) for i in range(0, MAX_CHAPTER_PAGES + 1, ARTICLES_PER_PAGE)]
    assert [len(g) for g in page_groups(over)] == expected


def test_page_count_of_3000_articles(policy):
    """The issue's case: 3,000 bare articles → 30 pages (not 3,001)."""
    from toolkit.render.site.naming import page_groups

    rev = articles_view(policy, 3000).documents[0].current
    groups = page_groups(rev)
    assert len(groups) == 3000 // ARTICLES_PER_PAGE
    assert [n.id for g in groups for n in g] == [n.id for n in rev.body]
