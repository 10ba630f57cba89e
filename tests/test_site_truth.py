"""Issue 23, 「Nothing false goes public」: placeholder ``site:`` values (a 000-000-0000 phone, an
@example.lg.jp mail, a 情報公開請求 link to the top page) never reach a public site unnoticed, the
accessibility statement claims only what was tested, and the contact block carries the usual fields."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, Run, run_cli
from lxml import html as lhtml

from toolkit.errors import SourceError
from toolkit.model import Contact, SiteInfo
from toolkit.render.site import render_site
from toolkit.source.load import load_policy
from toolkit.view.redact import redact

SAMPLE_BLOCK = """
site:
  provenance: sample
  city_url: https://www.city.example.lg.jp/
  disclosure_url: https://www.city.example.lg.jp/
  contact:
    section: 総務部 情報政策課
    phone: 000-000-0000
    mail: a@example.lg.jp
"""


def with_site(src: Path, block: str) -> Path:
    ps = src / "policyset.yaml"
    ps.write_text(ps.read_text(encoding="utf-8").rstrip("\n") + "\n" + block, encoding="utf-8")
    return src


def line_of(src: Path, needle: str) -> int:
    lines = (src / "policyset.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def publish(src: Path, out: Path, *args: str) -> Run:
    return run_cli("--src", str(src), "publish", "--out", str(out), "--work", str(out.parent / (out.name + "-work")),
                   *args, cwd=ROOT)


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_a_public_build_with_sample_site_values_refuses_with_located_errors(src_copy, tmp_path):
    with_site(src_copy, SAMPLE_BLOCK)
    out = tmp_path / "public"
    r = publish(src_copy, out)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    for key, needle in (("contact.phone", "000-000-0000"), ("contact.mail", "a@example.lg.jp"),
                        ("disclosure_url", "disclosure_url:")):
        assert f"policyset.yaml:{line_of(src_copy, needle)}:" in r.stderr and f"site: {key} is a sample value" in r.stderr
    assert "--allow-sample-site" in r.stderr
    assert not out.exists()  # nothing was published


def test_allowed_sample_values_are_announced_on_every_page(src_copy, tmp_path):
    with_site(src_copy, SAMPLE_BLOCK)
    out = tmp_path / "public"
    r = publish(src_copy, out, "--allow-sample-site")
    assert r.returncode == 0, r.stderr
    assert "SAMPLE values" in r.stderr and "policyset.yaml:" in r.stderr
    for page in pages(out):
        banner = lhtml.fromstring(page.read_bytes()).xpath('//section[@class="sample-site-banner"]')
        assert banner and "見本" in text(banner[0]) and "実際の連絡先" in text(banner[0]), page
    notice = lhtml.fromstring((out / "standards" / "index.html").read_bytes())
    link = notice.xpath('//div[contains(@class,"disclosure-request")]//a')[0]
    assert "見本" in text(link)  # the top-page placeholder is marked as one


def test_the_flag_is_part_of_what_a_publish_is_made_from(src_copy, tmp_path):
    """A site published with --allow-sample-site is not taken for the refused publish's result."""
    with_site(src_copy, SAMPLE_BLOCK)
    out = tmp_path / "public"
    assert publish(src_copy, out, "--allow-sample-site").returncode == 0
    assert publish(src_copy, out).returncode == 2


def test_authoritative_values_publish_without_banner(src_copy, tmp_path):
    with_site(src_copy, SAMPLE_BLOCK.replace("provenance: sample", "provenance: authoritative")
              .replace("disclosure_url: https://www.city.example.lg.jp/", "disclosure_url: https://www.city.example.lg.jp/kokai/"))
    out = tmp_path / "public"
    r = publish(src_copy, out)
    assert r.returncode == 0, r.stderr
    assert "sample-site-banner" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_source_without_site_values_has_nothing_to_refuse(tmp_path, policy):
    assert not redact(policy, "public").site.sample_values()


def test_authoritative_disclosure_link_to_the_top_page_is_a_located_error(src_copy):
    with_site(src_copy, SAMPLE_BLOCK.replace("provenance: sample", "provenance: authoritative"))
    with pytest.raises(SourceError) as e:
        load_policy([src_copy])
    p = next(p for p in e.value.problems if "top page" in p.message)
    assert p.location and p.location.line == line_of(src_copy, "disclosure_url:")


def test_tested_conformance_needs_the_published_results(src_copy):
    block = SAMPLE_BLOCK + "  conformance: 一部準拠\n"
    with_site(src_copy, block)
    with pytest.raises(SourceError) as e:
        load_policy([src_copy])
    assert any("附属書JB" in p.message for p in e.value.problems)
    (src_copy / "policyset.yaml").write_text((src_copy / "policyset.yaml").read_text(encoding="utf-8") +
                                             "  test_report_url: https://www.city.example.lg.jp/a11y/\n"
                                             "  tested_on: 2026-05-01\n  target_date: 2027-03-31\n", encoding="utf-8")
    site = load_policy([src_copy]).site
    assert (site.conformance, site.tested_on.isoformat(), site.target_date.isoformat()) == (
        "一部準拠", "2026-05-01", "2027-03-31")


# ------------------------------------------------------------ pages, built from a view


def build(view, root: Path) -> Path:
    render_site(view, root / "out", root / "work")
    return root / "out"


def test_accessibility_statement_says_配慮_and_what_was_tested(policy, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")  # 2026-04-01
    view = redact(policy, "public")
    site = build(replace(view, site=SiteInfo(contact=Contact("情報政策課"), provenance="authoritative")), tmp_path)
    t = text(lhtml.fromstring((site / "accessibility.html").read_bytes()).xpath('//div[@role="main"]')[0])
    assert "適合レベルAAに配慮" in t and "一部準拠" not in t
    assert "附属書JB による試験" in t and "行っていません" in t
    assert "目標達成期限：未定" in t
    assert "axe-core 4.14.1" in t and "375px と 1280px" in t and "違反 0 件" in t
    assert "このサイトの作成日（令和8年4月1日、2026-04-01）" in t
    tested = SiteInfo(contact=Contact("情報政策課"), provenance="authoritative", conformance="一部準拠",
                      test_report_url="https://www.city.example.lg.jp/a11y/", tested_on=view.documents[0].current.date,
                      target_date=view.documents[0].current.date.replace(year=2030))
    t2 = lhtml.fromstring((build(replace(view, site=tested), tmp_path / "t") / "accessibility.html").read_bytes())
    assert "適合レベルAAに一部準拠" in text(t2) and "目標達成期限：令和12年" in text(t2)
    assert t2.xpath('//a[@href="https://www.city.example.lg.jp/a11y/"]')


def test_contact_block_shows_each_field_given_and_no_other(policy, tmp_path):
    view = redact(policy, "public")
    full = Contact("総務部 情報政策課", phone="026-000-0000", mail="j@example.lg.jp", form_url="https://f.example.jp/",
                   address="長野県千曲市杭瀬下", fax="026-000-0001", hours="平日 8時30分から17時15分まで")
    site = build(replace(view, site=SiteInfo(contact=full, provenance="authoritative")), tmp_path / "full")
    for page in pages(site):
        doc = lhtml.fromstring(page.read_bytes())
        footer = text(doc.xpath("//footer")[0])
        for label in ("所在地: 長野県千曲市杭瀬下", "電話: 026-000-0000", "FAX: 026-000-0001",
                      "受付時間: 平日 8時30分から17時15分まで", "メール: j@example.lg.jp", "お問い合わせフォーム"):
            assert label in footer, (page, label)
        if page.name != "search.html":
            assert re.search(r"更新日：令和\d+年\d+月\d+日（\d{4}-\d\d-\d\d）", text(doc.xpath('//div[@role="main"]')[0])), page
    bare = build(replace(view, site=SiteInfo(contact=Contact("情報政策課"), provenance="authoritative")), tmp_path / "b")
    footer = text(lhtml.fromstring((bare / "index.html").read_bytes()).xpath("//footer")[0])
    assert "情報政策課" in footer
    assert not any(label in footer for label in ("所在地", "電話", "FAX", "受付時間", "メール", "フォーム"))


# ------------------------------------------------------------ the public history (改定履歴)


def test_history_lists_an_adopted_revision_not_yet_in_force_as_施行予定(tmp_path):
    from test_asof import BEFORE, _source

    from toolkit.cli import main

    src = _source(tmp_path / "a", adopt=True)  # r9 adopted 2026-11-10, in force from 2027-04-01
    site = tmp_path / "public"
    assert main(["--src", str(src), "publish", "--as-of", BEFORE.isoformat(), "--out", str(site),
                 "--work", str(tmp_path / "w")]) == 0
    hist = lhtml.fromstring((site / "history.html").read_bytes())
    entry = hist.xpath('//div[contains(@class,"tl-announced")]')
    assert len(entry) == 1
    t = text(entry[0])
    assert "令和9年4月1日（2027-04-01）" in t and "施行予定" in t and "令和8年11月10日決定" in t, t
    assert entry[0].xpath('.//a[contains(@href,"diff/basic-policy-r8-r9.html")]')
    assert not entry[0].xpath('.//p[contains(@class,"tl-date")]//a')  # no text in force to show yet
    assert "本文は、このサイトには掲載していません" not in t


def test_every_dated_history_entry_links_its_text_or_says_why_not(tmp_path):
    from conftest import REIKI, SRC

    from toolkit.cli import main

    reasons = ("本文はありません", "このサイトには掲載していません", "施行されます")
    # (the reiki source has no training settings: its staff site would read the project's training/)
    for name, src, audiences in (("fixture", SRC, ((), ("--internal",))), ("reiki", REIKI, ((),))):
        for audience in audiences:
            site = tmp_path / f"{name}{len(audience)}"
            assert main(["--src", str(src), "publish", *audience, "--out", str(site),
                         "--work", str(tmp_path / f"w-{name}{len(audience)}")]) == 0
            hist = lhtml.fromstring((site / "history.html").read_bytes())
            intro = text(hist.xpath('//div[@role="main"]//p')[0])
            assert "日付をクリックするとその版を表示します" in intro and "リンクのない版" in intro
            entries = hist.xpath('//div[contains(@class,"tl-entry")]')
            assert entries
            for e in entries:
                links = e.xpath('.//p[contains(@class,"tl-date")]//a/@href')
                if links:
                    assert (site / links[0].split("#")[0]).is_file(), (name, links)
                else:
                    assert any(r in text(e) for r in reasons), (name, text(e))
