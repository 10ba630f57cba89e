"""What a citizen expects around the text: download links named as municipal sites name them,
the contact in every footer, the accessibility statement, a complete 改定履歴, and how to ask
for a non-public document (情報公開請求).  Pages are read as HTML (lxml), built from a view."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html as lhtml

from toolkit.errors import SourceError
from toolkit.model import Contact, PolicySet, SiteInfo
from toolkit.model.wareki import wareki
from toolkit.render.site import accessibility, render_site
from toolkit.source.load import load_policy
from toolkit.view.redact import redact


def build(view: PolicySet, root: Path, **kw) -> Path:
    out = root / "out"
    render_site(view, out, root / "work", **kw)
    return out


def page(site: Path, rel: str):
    return lhtml.fromstring((site / rel).read_bytes())


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


@pytest.fixture(scope="module")
def public_view(policy) -> PolicySet:
    return redact(policy, "public")


def test_download_links_name_the_document_format_and_size(public_view, tmp_path):
    doc = next(d for d in public_view.documents if not d.withheld and d.revisions)
    rev = doc.current
    pdf, docx, other = (tmp_path / f"{doc.id}-{rev.id}.pdf", tmp_path / f"{doc.id}-{rev.id}.docx",
                        tmp_path / "notes.txt")
    pdf.write_bytes(b"%PDF" + b"x" * (123 * 1024 - 4))
    docx.write_bytes(b"PK" + b"x" * (45 * 1024 + 300))
    other.write_bytes(b"x" * 10)
    site = build(public_view, tmp_path / "site", downloads=[docx, pdf, other])
    on_page = [text(a) for a in page(site, f"{doc.id}/index.html").xpath('//div[contains(@class,"downloads")]//a')]
    # PDF first, then Word, as municipal sites list them; the file name appears only for a file of no document
    assert on_page == [f"{doc.title}（PDF形式：123KB）", f"{doc.title}（Word形式：45KB）", "notes.txt（テキスト形式：1KB）"]
    card = [text(a) for a in page(site, "index.html").xpath('//div[contains(@class,"doc-card")]//a[contains(@href,"downloads/")]')]
    assert card == on_page[:2]
    hrefs = page(site, "index.html").xpath('//a[contains(@href,"downloads/")]/@href')
    assert f"downloads/{pdf.name}" in hrefs and f"downloads/{docx.name}" in hrefs


def test_a_past_revisions_edition_names_its_date(policy, tmp_path):
    staff = redact(policy, "staff")
    doc = next(d for d in staff.documents if not d.withheld and len(d.revisions) > 1)
    old = doc.revisions[0]
    f = tmp_path / f"{doc.id}-{old.id}.pdf"
    f.write_bytes(b"x" * 3 * 1024 * 1024)
    site = build(staff, tmp_path / "site", downloads=[f])
    links = [text(a) for a in page(site, f"{doc.id}/index.html").xpath('//a[contains(@href,"downloads/")]')]
    assert links == [f"{doc.title}（{wareki(old.date)}{old.kind}）（PDF形式：3.0MB）"]


# ------------------------------------------------------------ contact, disclosure, history, statement

SAMPLE_SITE = SiteInfo(
    contact=Contact(section="総務部 情報政策課 <script>alert(1)</script>", phone="000-000-0000",
                    mail="johoseisaku@example.lg.jp"),
    city_url="https://www.city.example.lg.jp/", disclosure_url="https://www.city.example.lg.jp/joho-kokai/",
    conformance="配慮", provenance="sample")


@pytest.fixture(scope="module")
def citizen_site(public_view, tmp_path_factory) -> Path:
    view = replace(public_view, site=SAMPLE_SITE)
    return build(view, tmp_path_factory.mktemp("citizen"))


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_page_shows_the_contact_and_the_citys_site(citizen_site):
    pages = all_pages(citizen_site)
    assert len(pages) >= 6
    for rel in pages:
        footer = page(citizen_site, rel).xpath("//footer")[0]
        t = text(footer)
        assert "千曲市 総務部 情報政策課 <script>alert(1)</script>" in t, rel  # shown as text, not run
        assert "電話: 000-000-0000" in t and "johoseisaku@example.lg.jp" in t, rel
        assert "見本" in t, rel  # sample values say so
        assert "https://www.city.example.lg.jp/" in footer.xpath(".//a/@href"), rel
        assert footer.xpath(".//a[@href='mailto:johoseisaku@example.lg.jp']"), rel
        assert not footer.xpath(".//script"), rel


def test_authoritative_contact_is_not_marked_sample_and_no_contact_means_no_block(public_view, tmp_path):
    real = replace(public_view, site=replace(SAMPLE_SITE, provenance="authoritative"))
    t = text(page(build(real, tmp_path / "a"), "index.html").xpath("//footer")[0])
    assert "電話" in t and "見本" not in t
    bare = replace(public_view, site=SiteInfo())
    footer = page(build(bare, tmp_path / "b"), "index.html").xpath("//footer")[0]
    assert not footer.xpath(".//*[@class='contact']") and "電話" not in text(footer)


def test_non_public_notice_says_how_to_request_disclosure(citizen_site, public_view):
    withheld = [d for d in public_view.documents if d.withheld]
    assert withheld
    for doc in withheld:
        main = page(citizen_site, f"{doc.id}/index.html").xpath('//div[@role="main"]')[0]
        assert "情報公開請求" in text(main)
        assert main.xpath(".//a[@href='https://www.city.example.lg.jp/joho-kokai/']")


def test_public_history_lists_every_ledger_date_and_says_which_text_is_not_published(citizen_site, public_view):
    hist = page(citizen_site, "history.html")
    for doc in (d for d in public_view.documents if not d.withheld and d.revisions):
        section = hist.xpath(f'//section[h2[contains(., "{doc.title}")]]')[0]
        dates = [text(p) for p in section.xpath('.//p[contains(@class,"tl-date")]')]
        assert len(dates) == len(doc.ledger) > 0
        for e in doc.ledger:
            assert any(wareki(e.date) in d and e.date.isoformat() in d for d in dates), e
        shown = {r.id for r in doc.revisions}
        unpublished = section.xpath('.//div[contains(@class,"tl-unpublished")]')
        assert len(unpublished) == sum(1 for e in doc.ledger if e.id not in shown)
        for div in unpublished:
            assert "本文は、このサイトには掲載していません" in text(div)
            assert not div.xpath(".//a")  # nothing to link to


def test_public_history_of_the_real_ledger_has_more_dates_than_revisions(public_view):
    """The seed's basic policy: 策定 and 改定 are reconstructed (not public), r8 is — the case the issue names."""
    assert any(len(d.ledger) > len(d.revisions) for d in public_view.documents if not d.withheld)


def test_accessibility_statement_states_level_conformance_and_test_date(public_view, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")  # 2026-04-01
    site = build(replace(public_view, site=SAMPLE_SITE), tmp_path / "s")
    main = page(site, "accessibility.html").xpath('//div[@role="main"]')[0]
    t = text(main)
    assert "ウェブアクセシビリティ方針" in t
    assert "JIS X 8341-3:2016 の適合レベルAAに配慮" in t and "一部準拠" not in t
    assert "このサイトの作成日（令和8年4月1日、2026-04-01）" in t
    assert "axe-core 4.14.1" in t and "見本" in t
    for rel in all_pages(site):  # linked from every other page's footer
        if rel == "accessibility.html":
            continue
        assert page(site, rel).xpath("//footer//a[contains(@href,'accessibility.html')]"), rel
    again = build(replace(public_view, site=SAMPLE_SITE), tmp_path / "t")
    assert (again / "accessibility.html").read_bytes() == (site / "accessibility.html").read_bytes()


def test_accessibility_date_without_epoch_is_the_newest_revision_date(public_view, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    newest = max(r.date for d in public_view.documents for r in d.revisions)
    t = text(page(build(public_view, tmp_path / "s"), "accessibility.html"))
    assert f"このサイトの作成日（{wareki(newest)}、{newest.isoformat()}）" in t


def test_the_version_named_on_the_statement_is_the_vendored_axe():
    from axe import AXE_VERSION

    assert AXE_VERSION == accessibility.AXE_VERSION


# ------------------------------------------------------------ the site: block in policyset.yaml

SITE_BLOCK = """
site:
  provenance: sample
  city_url: https://www.city.example.lg.jp/
  disclosure_url: https://www.city.example.lg.jp/kokai/
  conformance: 配慮
  contact:
    section: 総務部 情報政策課
    phone: 000-000-0000
    mail: a@example.lg.jp
"""


def _with_site(src: Path, block: str) -> Path:
    ps = src / "policyset.yaml"
    text_ = ps.read_text(encoding="utf-8")
    text_ = re.sub(r"\n# ---- issue 13 \(site\).*", "", text_, flags=re.S)  # drop the city's own block
    ps.write_text(text_.rstrip("\n") + "\n" + block, encoding="utf-8")
    return src


def test_site_block_loads(src_copy):
    p = load_policy([_with_site(src_copy, SITE_BLOCK)])
    assert replace(p.site, locations=()) == SiteInfo(
        Contact("総務部 情報政策課", "000-000-0000", "a@example.lg.jp"),
        "https://www.city.example.lg.jp/", "https://www.city.example.lg.jp/kokai/", "配慮", "sample")


@pytest.mark.parametrize(("change", "message"), [
    (("https://www.city.example.lg.jp/kokai/", "javascript:alert(1)"), "'disclosure_url' is not valid"),
    (("conformance: 配慮", "conformance: 完全準拠"), "unknown accessibility conformance"),
    # issue 23: 一部準拠 without a 附属書JB test whose results are published is not true
    (("conformance: 配慮", "conformance: 一部準拠"), "needs a JIS X 8341-3 附属書JB test with published results"),
    (("phone: 000-000-0000", "phone: call us"), "'phone' is not valid"),
    (("mail: a@example.lg.jp", "mail: a@b"), "'mail' is not valid"),
    (("provenance: sample", "provenance: made-up"), "unknown provenance"),
    (("  city_url:", "  city_ulr:"), "unknown key 'city_ulr'"),
    (("    section: 総務部 情報政策課\n", ""), "missing required key 'section'"),
])
def test_bad_site_block_is_a_located_error(src_copy, change, message):
    _with_site(src_copy, SITE_BLOCK.replace(*change))
    with pytest.raises(SourceError) as e:
        load_policy([src_copy])
    problems = [p for p in e.value.problems if message in p.message]
    assert problems, [p.message for p in e.value.problems]
    assert problems[0].location and problems[0].location.file.endswith("policyset.yaml") and problems[0].location.line
