"""The site renderer (toolkit.render.site) on the real policy source.

Each site is built once per session; tests read the HTML as a reader would
(lxml), not the generated reST.
"""

from __future__ import annotations

import filecmp
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TRAINING
from lxml import html as lhtml

from toolkit.diff import compare
from toolkit.diff.table import title as diff_title
from toolkit.errors import BuildError
from toolkit.model import Document, Node, PolicySet, Revision, number_tree
from toolkit.model.wareki import wareki
from toolkit.render import diff_html, quiz_html
from toolkit.render.site import ExtraPage, render_site
from toolkit.render.site.build import run_sphinx
from toolkit.render.site.glossary import term_keys
from toolkit.view.redact import redact

pytestmark = pytest.mark.slow  # builds the public and the staff site



def build(view: PolicySet, root: Path, **kw) -> Path:
    out = root / "out"
    render_site(view, out, root / "work", **kw)
    return out


@pytest.fixture(scope="session")
def public_view(policy) -> PolicySet:
    return redact(policy, "public")


@pytest.fixture(scope="session")
def staff_view(policy) -> PolicySet:
    return redact(policy, "staff")


def extra_pages(policy, view: PolicySet) -> list[ExtraPage]:
    """What a publish adds for this view: its 新旧対照表 pages, and on a staff site the self-check."""
    from toolkit.publish.pages import SiteInputs, diff_pages, selfcheck_page

    site = SiteInputs(policy, view.audience_id or "", view, TRAINING, None)
    return [*diff_pages(site), *selfcheck_page(site)]


@pytest.fixture(scope="session")
def public_pages(policy, public_view) -> list[ExtraPage]:
    return extra_pages(policy, public_view)


@pytest.fixture(scope="session")
def staff_pages(policy, staff_view) -> list[ExtraPage]:
    return extra_pages(policy, staff_view)


@pytest.fixture(scope="session")
def public_site(public_view, public_pages, tmp_path_factory) -> Path:
    return build(public_view, tmp_path_factory.mktemp("public"), extra_pages=public_pages)


@pytest.fixture(scope="session")
def staff_site(staff_view, staff_pages, tmp_path_factory) -> Path:
    return build(staff_view, tmp_path_factory.mktemp("staff"), extra_pages=staff_pages)


def page(site: Path, rel: str):
    return lhtml.fromstring((site / rel).read_bytes())


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def body(site: Path, rel: str):
    return page(site, rel).xpath('//div[@role="main"]')[0]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------- numbering and references


def test_headings_carry_derived_numbers(public_site):
    doc = page(public_site, "basic-policy/index.html")
    h2 = [text(h).rstrip("#").strip() for h in doc.xpath("//h2")]
    assert h2[:3] == ["1. 目的", "2. 定義", "3. 対象とする脅威"]
    h3 = [text(h).rstrip("#").strip() for h in doc.xpath('//section[@id="basic-policy-definitions"]//h3')]
    assert h3[0] == "(1) ネットワーク" and h3[-1] == "(12) 無害化通信"
    # untitled items get their number from position in the item style of their depth
    items = doc.xpath('//section[@id="basic-policy-threats"]/p[contains(@class,"item")]')
    assert [text(i)[:3] for i in items] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert text(doc.get_element_by_id("basic-policy-threat-intentional")).startswith("(1) 不正アクセス")
    resilience = doc.get_element_by_id("basic-policy-resilience-lgwan")
    assert text(resilience).startswith("② LGWAN接続系")


def test_cross_reference_is_current_number_linked_to_target(public_site):
    doc = page(public_site, "basic-policy/index.html")
    measures = doc.get_element_by_id("basic-policy-measures")
    para = measures.xpath("./p")[0]
    assert text(para).startswith("上記3の脅威から")
    link = para.xpath('.//a[@href="#basic-policy-threats"]')
    assert [text(a) for a in link] == ["3"]
    target = doc.get_element_by_id("basic-policy-threats")
    assert text(target.xpath("./h2")[0]).startswith("3. 対象とする脅威")


def test_cross_reference_follows_renumbering(public_view, tmp_path):
    """Insert a section before 3: the sentence now cites 4, still linked to the same section."""
    doc = public_view.document("basic-policy")
    rev = doc.current
    body_nodes = number_tree((Node(id="inserted", title="挿入した節", text=("試験用の本文。",)),) + rev.body)
    doc2 = replace(doc, revisions=(replace(rev, body=body_nodes),))
    view = replace(public_view, documents=(doc2,))
    out = build(view, tmp_path)
    html = page(out, "basic-policy/index.html")
    para = html.get_element_by_id("basic-policy-measures").xpath("./p")[0]
    assert text(para).startswith("上記4の脅威から")
    assert [text(a) for a in para.xpath('.//a[@href="#basic-policy-threats"]')] == ["4"]
    assert text(html.get_element_by_id("basic-policy-threats").xpath("./h2")[0]).startswith("4. 対象とする脅威")


# ---------------------------------------------------------------- glossary


def test_glossary_has_every_term_and_links_back(public_site, public_view):
    terms = [n for n in public_view.document("basic-policy").current.walk() if n.term]
    assert len(terms) >= 10
    gl = page(public_site, "glossary.html")
    for n in terms:
        entry = gl.get_element_by_id(f"term-basic-policy-{n.id}")
        assert text(entry.xpath("./h2")[0]).rstrip("#").strip() == n.term
        back = entry.xpath('.//div[contains(@class,"source")]//a/@href')
        assert back == [f"basic-policy/index.html#basic-policy-{n.id}"]


def test_terms_are_linked_where_they_appear(public_site):
    doc = page(public_site, "basic-policy/index.html")
    purpose = doc.get_element_by_id("basic-policy-purpose")
    links = {text(a): a.get("href") for a in purpose.xpath(".//p//a")}
    assert links["機密性"] == "../glossary.html#term-basic-policy-def-confidentiality"
    assert links["完全性"] == "../glossary.html#term-basic-policy-def-integrity"
    # 6(3)②: the alias-free part of a term and another term in the same sentence
    lgwan = doc.get_element_by_id("basic-policy-resilience-lgwan")
    hrefs = {text(a): a.get("href") for a in lgwan.xpath(".//a")}
    assert hrefs["無害化通信"].endswith("#term-basic-policy-def-sanitised-communication")
    # a definition does not link to itself
    own = doc.get_element_by_id("basic-policy-def-sanitised-communication")
    assert not own.xpath('.//p//a[contains(@href,"def-sanitised-communication")]')
    # the name of a (non-public) document links to its page, not to the term 情報セキュリティ
    nine = doc.get_element_by_id("basic-policy-standards")
    assert "standards/index.html" in " ".join(nine.xpath(".//p//a/@href"))


def test_term_keys_split_an_alias():
    assert term_keys("マイナンバー利用事務系（個人番号利用事務系）") == (
        "マイナンバー利用事務系（個人番号利用事務系）", "マイナンバー利用事務系", "個人番号利用事務系")
    assert term_keys("機密性") == ("機密性",)


def test_search_index_holds_every_glossary_term(public_site, public_view):
    """Every form of every term is inside a phrase the index holds for the glossary page
    (the search finds a typed term as part of a phrase; see toolkit/render/site/search.py)."""
    from toolkit.render.site.search import Variants, normalise, phrases

    raw = (public_site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    glossary = index["docnames"].index("glossary")
    keys = [k for table in ("terms", "titleterms") for k, v in index[table].items()
            if glossary in ([v] if isinstance(v, int) else v)]
    for n in public_view.document("basic-policy").current.walk():
        for key in term_keys(n.term or ""):
            for part in phrases(normalise(key, Variants(public_view.search_variants))):
                assert any(part in k for k in keys), f"{part} is in no phrase of the glossary page"
    # and the browser's search data is ours
    lang = (public_site / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "TOOLKIT_VARIANTS" in lang
    assert "ToolkitSearch" in (public_site / "_static" / "searchtools.js").read_text(encoding="utf-8")


# ---------------------------------------------------------------- pages and views


def test_top_page_links_every_document_and_guide(public_site, public_view):
    top = page(public_site, "index.html")
    hrefs = set(top.xpath('//div[@role="main"]//a/@href'))
    for d in public_view.documents:
        assert f"{d.id}/index.html" in hrefs
    assert {"glossary.html", "history.html"} <= hrefs
    assert "情報セキュリティポリシー" in text(top.xpath("//h1")[0])


def test_no_sources_and_no_source_links(public_site, staff_site):
    for site in (public_site, staff_site):
        assert not (site / "_sources").exists()
        assert not (site / ".buildinfo").exists()
        assert not list(site.rglob("*.rst")) and not list(site.rglob("*.txt"))
        assert not list(site.rglob("*.doctree")) and not list(site.rglob("*.pickle"))
        for p in html_pages(site):
            data = p.read_text(encoding="utf-8")
            assert "_sources" not in data, p
            assert "ソースコードを表示" not in data and "Show Source" not in data, p


def test_internal_banner_on_every_page(staff_site, staff_view):
    banner = staff_view.classification("internal").banner
    assert banner
    pages = html_pages(staff_site)
    assert len(pages) >= 8
    for p in pages:
        top = page(staff_site, p.relative_to(staff_site).as_posix())
        marks = top.xpath('//*[@class="classification-banner"]')
        assert marks and marks[0].text_content().strip() == banner, p


def test_public_pages_have_no_banner(public_site):
    for p in html_pages(public_site):
        assert "classification-banner" not in p.read_text(encoding="utf-8"), p


def test_withheld_document_notice_has_only_name_and_ground(public_site, public_view):
    for doc in (d for d in public_view.documents if d.withheld):
        main = body(public_site, f"{doc.id}/index.html")
        ground = public_view.ground(doc.ground).text
        expected = f"{doc.public_name}# 「{doc.public_name}」は公開していません。 公開しない理由 {ground}"
        # then only how to request it (情報公開請求), naming nothing but the public name
        request = main.xpath('.//div[contains(@class,"disclosure-request")]')
        notice = text(main).split(" 開示を希望する場合（情報公開請求）")[0]
        assert notice == expected
        assert len(request) == 1 and text(request[0]).startswith(f"「{doc.public_name}」の開示を希望する方は、情報公開請求")
        title = page(public_site, f"{doc.id}/index.html").xpath("//title")[0].text_content()
        assert title.startswith(doc.public_name)


def test_public_site_shows_only_revisions_in_view(public_site, public_view):
    doc = public_view.document("basic-policy")
    assert [r.provenance for r in doc.revisions] == ["authoritative"]
    assert sorted(p.name for p in (public_site / "basic-policy").iterdir()) == ["index.html"]
    assert "再構成" not in (public_site / "history.html").read_text(encoding="utf-8")


def test_internal_site_shows_past_revisions_with_provenance(staff_site, staff_view):
    doc = staff_view.document("basic-policy")
    past = [r for r in doc.revisions if r.id != doc.current.id]
    assert past, "the source has reconstructed past revisions"
    for rev in past:
        main = body(staff_site, f"basic-policy/{rev.id}.html")
        if rev.provenance == "reconstructed":
            assert "再構成（市の採択文ではない）" in text(main)
        assert wareki(rev.date) in text(main)
    std = body(staff_site, "standards/index.html")
    assert "見本" in text(std.xpath('.//div[contains(@class,"doc-meta")]')[0])
    assert std.xpath('.//div[contains(@class,"provenance-sample")]')


def timeline(site: Path, doc: Document) -> dict[str, object]:
    """The history page's timeline entries of ``doc``, keyed by the revision page they link."""
    hist = body(site, "history.html")
    section = next(sec for sec in hist.xpath(".//section[h2]") if text(sec.xpath("./h2")[0]).rstrip("#").strip() == doc.title)
    entries = section.xpath('./div[contains(@class,"timeline")]/div[contains(@class,"tl-entry")]')
    # (ledger dates whose text the site does not show have no link: see test_site_citizen)
    return {e.xpath('./p[@class="tl-date"]/a/@href')[0]: e for e in entries if e.xpath('./p[@class="tl-date"]/a')}


def shown_counts(entry) -> dict[str, int] | None:
    """新設 / 改正 / 削除 as the entry shows them (None: no counts)."""
    found = {}
    for kind in ("added", "modified", "removed"):
        chips = entry.xpath(f'.//span[@class="count-{kind}"]')
        if chips:
            found[kind] = int(re.fullmatch(r"\S+ (\d+)", text(chips[0])).group(1))
    return found or None


def test_history_page_is_a_timeline_of_each_revision(staff_site, staff_view):
    for doc in (d for d in staff_view.documents if not d.withheld):
        entries = timeline(staff_site, doc)
        assert len(entries) == len(doc.revisions)
        hrefs = list(entries)
        # newest first; each entry links its revision's page and shows date, kind, provenance, summary
        for href, rev in zip(hrefs, reversed(doc.revisions), strict=True):
            assert href == (f"{doc.id}/index.html" if rev.id == doc.current.id else f"{doc.id}/{rev.id}.html")
            entry = text(entries[href])
            assert entry.startswith(f"{wareki(rev.date)} （{rev.date.isoformat()}）"), entry
            assert rev.kind in entry and rev.summary in entry
            assert {"authoritative": "市の採択文", "reconstructed": "再構成", "sample": "見本"}[rev.provenance] in entry
            assert ("現行の版" in entry) == (rev.id == doc.current.id)
        assert "tl-current" in entries[hrefs[0]].get("class")


def test_history_counts_are_the_diff_engines_against_the_previous_revision_shown(staff_site, staff_view):
    """h16 → r5 → r8 of the basic policy and r5 → r8 of the standards: the counts are
    compare(previous, this).counts(), and each links its 新旧対照表."""
    checked = []
    for doc_id in ("basic-policy", "standards"):
        doc = staff_view.document(doc_id)
        entries = list(timeline(staff_site, doc).values())[::-1]  # oldest first, as doc.revisions
        assert len(entries) == len(doc.revisions) >= 2
        assert shown_counts(entries[0]) is None, "the first revision shown has nothing to compare with"
        for old, new, entry in zip(doc.revisions[:-1], doc.revisions[1:], entries[1:], strict=True):
            c = compare(doc, old, new).counts()
            assert shown_counts(entry) == {k: c[k] for k in ("added", "modified", "removed")}
            assert f"{wareki(old.date)}の版からの変更" in text(entry)
            links = entry.xpath('./p[@class="tl-link"]/a/@href')
            assert links == [f"diff/{doc_id}-{old.id}-{new.id}.html"]
            assert (staff_site / links[0]).is_file()
            checked.append((doc_id, old.id, new.id, c["added"] + c["modified"] + c["removed"]))
    assert [x[:3] for x in checked] == [("basic-policy", "h16", "r5"), ("basic-policy", "r5", "r8"),
                                        ("standards", "r5", "r8")]
    assert all(n > 0 for *_, n in checked), "each pair changes something, so a zero would be a wrong count"


def test_public_history_shows_no_counts(public_site, public_view):
    """The public site shows only r8's text: nothing to compare it with, so no counts and no diff link."""
    doc = public_view.document("basic-policy")
    entries = timeline(public_site, doc)
    assert len(entries) == 1
    (entry,) = entries.values()
    assert shown_counts(entry) is None and not entry.xpath(".//a[contains(@href,'diff/')]")
    page_text = text(body(public_site, "history.html"))
    for word in ("新設", "削除", "からの変更", "新旧対照表"):
        assert word not in page_text
    assert not list(public_site.glob("diff/*"))


def test_counts_follow_the_view_not_the_source(staff_view, tmp_path):
    """Drop r5 from the view: r8 is then counted against h16, as the site shows it."""
    doc = staff_view.document("basic-policy")
    h16, r8 = doc.revision("h16"), doc.revision("r8")
    view = replace(staff_view, documents=(replace(doc, revisions=(h16, r8)),))
    out = build(view, tmp_path)
    entries = list(timeline(out, view.document("basic-policy")).values())
    c = compare(doc, h16, r8).counts()
    assert shown_counts(entries[0]) == {k: c[k] for k in ("added", "modified", "removed")}
    assert "平成16年12月20日の版からの変更" in text(entries[0])
    assert not entries[0].xpath('./p[@class="tl-link"]'), "no 新旧対照表 page in this build, so no link"


def test_extra_pages_have_one_title(staff_site, staff_pages, staff_view, policy):
    """新旧対照表 and 自己チェック: the site's <h1> is the only title on the page."""
    assert {p.slug for p in staff_pages} >= {"selfcheck", "diff/basic-policy-r5-r8"}
    for extra in staff_pages:
        doc = page(staff_site, f"{extra.slug}.html")
        h1 = doc.xpath("//h1")
        assert len(h1) == 1, extra.slug
        assert text(h1[0]).rstrip("#").strip() == extra.title
        main = text(body(staff_site, f"{extra.slug}.html"))
        assert main.count(extra.title) == 1, extra.slug
        if extra.slug.startswith("diff/"):  # the fragment used to repeat 「… 新旧対照表」 as a caption
            doc_id, old, new = extra.slug.split("/")[1].rsplit("-", 2)
            doc = staff_view.document(doc_id)
            cs = compare(doc, doc.revision(old), doc.revision(new))
            assert main.count(diff_title(cs, doc.title)) == 1, extra.slug


def test_standalone_diff_and_quiz_pages_keep_their_heading(staff_pages, staff_view, policy):
    doc = staff_view.document("basic-policy")
    cs = compare(doc, doc.revision("r5"), doc.revision("r8"))
    standalone = lhtml.fromstring(diff_html.page(doc, cs))
    assert [text(h) for h in standalone.xpath("//h1")] == [diff_html.page_title(doc, cs)]
    assert not lhtml.fromstring(diff_html.fragment(doc, cs)).xpath("//h1|//h2")
    selfcheck = next(p for p in staff_pages if p.slug == "selfcheck")
    assert not lhtml.fromstring(selfcheck.html).xpath("//h1|//h2")
    from toolkit.training.assemble import make_quiz
    from toolkit.training.settings import load_training

    quiz = make_quiz(staff_view, load_training(TRAINING), 7, 3, [])
    assert [text(h) for h in lhtml.fromstring(quiz_html.page(quiz)).xpath("//h1")] == [quiz.title]


def test_extra_pages_and_downloads(public_view, tmp_path):
    docx = tmp_path / "basic-policy-r8.docx"
    docx.write_bytes(b"PK\x03\x04 not really a docx" * 100)
    extra = ExtraPage("self-check", "自己チェック", '<p id="quiz">問1 正しいものを選んでください。</p>', "研修の確認問題")
    out = build(public_view, tmp_path / "site", extra_pages=[extra], downloads=[docx])
    assert (out / "downloads" / docx.name).read_bytes() == docx.read_bytes()
    top = page(out, "index.html")
    assert "downloads/basic-policy-r8.docx" in top.xpath("//a/@href")
    assert "self-check.html" in top.xpath("//a/@href")
    policy_page = page(out, "basic-policy/index.html")
    assert "../downloads/basic-policy-r8.docx" in policy_page.xpath("//a/@href")
    quiz = page(out, "self-check.html")
    assert text(quiz.get_element_by_id("quiz")) == "問1 正しいものを選んでください。"


def test_bad_extra_page_and_missing_download_are_clear_errors(public_view, tmp_path):
    with pytest.raises(BuildError, match="collides"):
        build(public_view, tmp_path / "a", extra_pages=[ExtraPage("glossary", "x", "<p>x</p>")])
    with pytest.raises(BuildError, match="brings its own <h1>"):
        build(public_view, tmp_path / "a", extra_pages=[ExtraPage("quiz", "問題", "<H1 class='t'>問題</H1><p>x</p>")])
    with pytest.raises(BuildError, match="does not exist"):
        build(public_view, tmp_path / "b", downloads=[tmp_path / "missing.docx"])
    assert not (tmp_path / "a" / "out").exists() and not (tmp_path / "b" / "out").exists()


def test_ids_equal_but_for_case_are_a_located_error(public_view, tmp_path):
    from toolkit.errors import Location

    doc = public_view.document("basic-policy")
    rev = doc.current
    extra = (Node(id="Audit_Log", title="a", text=("x",), location=Location("r8.yaml", 300, 5)),
             Node(id="audit-log", title="b", text=("y",), location=Location("r8.yaml", 310, 5)))
    view = replace(public_view, documents=(replace(doc, revisions=(replace(rev, body=number_tree(rev.body + extra)),)),))
    with pytest.raises(BuildError) as e:
        build(view, tmp_path)
    assert str(e.value).startswith("r8.yaml:310:5: clause id 'audit-log' differs from 'Audit_Log' (r8.yaml:300:5)")


def test_sphinx_warning_fails_the_build_and_forgets_the_environment(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['toolkit.render.site.ext']\nlanguage = 'ja'\n", encoding="utf-8")
    (src / "index.rst").write_text("題\n====\n\n:ref:`どこにもない <nowhere>`\n", encoding="utf-8")
    with pytest.raises(BuildError, match="nowhere"):
        run_sphinx(src, tmp_path / "html", tmp_path / "doctrees")
    assert not (tmp_path / "doctrees").exists()


TRICKY = (
    "*強調* **太字** `code` ``literal`` _target `link`_ |sub| [1]_ :role:`x` \\back\\slash",
    "1. 番号のように見える文",
    "- 箇条書きのように見える文",
    ".. comment:: ではない",
    "<b>タグ</b> & \"引用\" 'single' {ref} $ % ^ ~ #",
)


def test_text_reaches_the_page_exactly_as_written(public_view, tmp_path):
    """The city's wording is never read as markup: every character arrives as written."""
    doc = public_view.document("basic-policy")
    rev = doc.current
    extra = (Node(id="tricky", title="記号*_`|", text=TRICKY),
             Node(id="tricky-items", title="項目", children=tuple(
                 Node(id=f"tricky-{i}", text=(t,)) for i, t in enumerate(TRICKY))))
    view = replace(public_view, documents=(replace(doc, revisions=(
        replace(rev, body=number_tree(rev.body + extra)),)),))
    out = build(view, tmp_path)
    html = page(out, "basic-policy/index.html")
    section = html.get_element_by_id("basic-policy-tricky")
    assert section.xpath("./h2")[0].text_content().rstrip("#") == "11. 記号*_`|"
    assert [p.text_content() for p in section.xpath("./p")] == list(TRICKY)
    for i, t in enumerate(TRICKY):
        item = html.get_element_by_id(f"basic-policy-tricky-{i}")
        assert item.text_content() == f"({i + 1}) {t}"


def test_withheld_node_placeholder(public_view, tmp_path):
    doc = public_view.document("basic-policy")
    rev = doc.current
    hidden = Node(id="hidden-part", title="見せない節", text=("本文",), withheld=True)
    body_nodes = number_tree(rev.body + (hidden,))
    view = replace(public_view, documents=(replace(doc, revisions=(replace(rev, body=body_nodes),)),))
    out = build(view, tmp_path)
    el = page(out, "basic-policy/index.html").get_element_by_id("basic-policy-hidden-part")
    assert "表示していません" in text(el) and "本文" not in text(el)


# ---------------------------------------------------------------- large documents are split


def _big_view(public_view: PolicySet, chapters: int, per_chapter: int) -> PolicySet:
    body_nodes = []
    for c in range(1, chapters + 1):
        kids = tuple(Node(id=f"c{c}-k{k}", text=(f"第{c}章の第{k}項の本文。",)) for k in range(1, per_chapter + 1))
        text_ = ("上記{ref:c1-k2}を参照する。",) if c == 2 else ()
        body_nodes.append(Node(id=f"c{c}", title=f"章{c}", text=text_, children=kids))
    rev = Revision("r1", public_view.document("basic-policy").current.date, "策定", "authoritative", "試験",
                   body=number_tree(body_nodes))
    doc = Document("big", "大きな文書", "大きな文書", "public", ("1.", "(1)"), (rev,))
    return replace(public_view, documents=(doc,))


def test_large_document_is_split_into_chapter_pages(public_view, tmp_path):
    out = build(_big_view(public_view, 4, 50), tmp_path)
    assert sorted(p.name for p in (out / "big").iterdir()) == ["c1.html", "c2.html", "c3.html", "c4.html",
                                                              "index.html"]
    c2 = page(out, "big/c2.html")
    link = c2.xpath('//a[@href="c1.html#big-c1-k2"]')
    assert [text(a) for a in link] == ["1(2)"]
    assert text(page(out, "big/c1.html").get_element_by_id("big-c1-k2")).startswith("(2) 第1章の第2項")


# ---------------------------------------------------------------- reproducible and incremental


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_reproducible_bytes(staff_view, tmp_path):
    a = build(staff_view, tmp_path / "a")
    b = build(staff_view, tmp_path / "b")
    # an incremental rebuild in a's work folder must equal a fresh one as well
    c = tmp_path / "a" / "out2"
    render_site(staff_view, c, tmp_path / "a" / "work")
    files = _tree(a)
    assert files == _tree(b) == _tree(c)
    match, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert not mismatch and not errors
    match, mismatch, errors = filecmp.cmpfiles(a, c, files, shallow=False)
    assert not mismatch and not errors


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _content(mtimes: dict[str, int]) -> set[str]:
    return {k for k in mtimes if k.endswith(".html") and k != "search.html"}


def test_incremental_rebuild_touches_only_what_changed(public_view, tmp_path):
    work = tmp_path / "work"
    render_site(public_view, tmp_path / "o1", work)
    src0, html0 = _mtimes(work / "src"), _mtimes(work / "html")
    render_site(public_view, tmp_path / "o2", work)
    assert _mtimes(work / "src") == src0, "unchanged sources must keep their mtimes"
    html_again = _mtimes(work / "html")
    # Sphinx always rewrites search.html, the index and _static; the content pages stay
    assert not {k for k in _content(html_again) if html_again[k] != html0[k]}, "nothing changed: no page rewritten"

    doc = public_view.document("basic-policy")
    rev = doc.current

    def edit(n: Node) -> Node:
        if n.id == "audit":
            return replace(n, text=(n.text[0] + "（試験的な変更）",))
        return replace(n, children=tuple(edit(c) for c in n.children))

    view = replace(public_view, documents=tuple(
        replace(doc, revisions=(replace(rev, body=tuple(edit(n) for n in rev.body)),)) if d.id == doc.id else d
        for d in public_view.documents))
    render_site(view, tmp_path / "o3", work)
    src1, html1 = _mtimes(work / "src"), _mtimes(work / "html")
    assert {k for k in src1 if src1[k] != src0[k]} == {"basic-policy/index.rst"}
    rewritten = {k for k in _content(html1) if html1[k] != html0.get(k)}
    # the page itself, and the top page whose toctree holds it (Sphinx rewrites toctree parents)
    assert "basic-policy/index.html" in rewritten and rewritten <= {"basic-policy/index.html", "index.html"}
    assert "（試験的な変更）" in (tmp_path / "o3" / "basic-policy" / "index.html").read_text(encoding="utf-8")


def test_new_renderer_code_rebuilds_every_page(public_view, tmp_path, monkeypatch):
    """After a CSS or template change, an incremental build equals a clean one (no stale site.css?v=)."""
    from toolkit.render.site import build as site_build

    work = tmp_path / "work"
    render_site(public_view, tmp_path / "o1", work)
    before = _mtimes(work / "html")
    monkeypatch.setattr(site_build, "renderer_stamp", lambda: "other renderer code")
    render_site(public_view, tmp_path / "o2", work)
    after = _mtimes(work / "html")
    assert all(after[k] != before[k] for k in _content(after)), "every page is rewritten"


def test_policy_page_prints_the_ledger_dates_as_the_city_does(public_site, public_view):
    # The public view drops the reconstructed h16/r5 texts but the ledger dates stay, as on the city's PDF.
    main = body(public_site, "basic-policy/index.html")
    block = main.xpath('.//div[contains(@class,"doc-ledger")]')
    assert block, "no date lines under the title"
    lines = [el.text_content().strip() for el in block[0].xpath('.//div[@class="line"]')]
    assert lines == ["平成16年12月20日\u3000策定", "令和5年7月4日\u3000改定", "令和8年4月1日\u3000全面改定"]
