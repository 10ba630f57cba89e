"""ウェブアクセシビリティ方針 (``accessibility``): what the site aims at, its conformance as the WAIC
guideline lets it be stated, and the automated tests actually run."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from toolkit.model.wareki import wareki
from toolkit.render.site import rst
from toolkit.render.site.page import Page

if TYPE_CHECKING:
    from toolkit.render.site.writer import SiteWriter

AXE_VERSION = "4.14.1"  # the axe-core the test suite runs on every page (tests/vendor/axe-core)


def accessibility_page(w: SiteWriter) -> Iterable[Page]:
    yield Page("accessibility", _accessibility(w))


def _accessibility(w: SiteWriter) -> str:
    """ウェブアクセシビリティ方針: target and deadline, conformance (対応度) and the tests actually run.

    対応度 follows the WAIC 対応度表記ガイドライン: 準拠 / 一部準拠 only with a JIS X 8341-3 附属書JB
    test whose results are published (``site.test_report_url``, checked when the source is read);
    otherwise 配慮, and the page says which automated tests were run, on what and when.
    """
    site, org = w.view.site, w.view.organisation
    date = w.date
    out = [rst.heading("ウェブアクセシビリティ方針", 1), ""]
    if site.shows_sample:
        out.append(rst.directive("admonition", "見本", {"class": "provenance provenance-sample"}, rst.escape(
            "ページ下部の問い合わせ先と目標達成期限などの値は、ツールが用意した見本です。市が確認して設定します。")) + "\n")
    out.append(rst.escape(
        f"{org}は、このサイト「{w.title}」を、高齢の方や障害のある方を含む誰もが利用しやすいものとするため、"
        "日本産業規格 JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－情報通信における機器，ソフトウェア及び"
        "サービス－第3部：ウェブコンテンツ」に対応するよう取り組みます。") + "\n")
    out.append(rst.heading("対象範囲", 2))
    out.append(rst.escape("このサイトのすべてのページ。ダウンロード用のPDF・Word文書は、下記の試験の対象外です。") + "\n")
    out.append(rst.heading("目標とする適合レベルと達成期限", 2))
    target = (f"目標達成期限：{wareki(site.target_date)}（{site.target_date.isoformat()}）" if site.target_date
              else "目標達成期限：未定（市が定めて、このページに掲載します）")
    out.append("\n".join(f"* {rst.escape(t)}" for t in ("目標：JIS X 8341-3:2016 の適合レベルAAに準拠", target)) + "\n")
    out.append(rst.heading("対応度", 2))
    out.append(rst.directive("container", "conformance",
                             body=rst.escape(f"JIS X 8341-3:2016 の適合レベルAAに{site.conformance}")) + "\n")
    if site.test_report_url and site.tested_on:
        out.append(rst.escape(f"JIS X 8341-3:2016 附属書JB による試験を{wareki(site.tested_on)}"
                              f"（{site.tested_on.isoformat()}）に行いました。試験結果は ")
                   + rst.link("試験結果のページ", site.test_report_url) + rst.escape(" に掲載しています。") + "\n")
    else:
        out.append(rst.escape(
            "JIS X 8341-3:2016 附属書JB による試験（達成基準ごとの人による確認を含み、結果を公開するもの）は"
            "行っていません。そのため、ウェブアクセシビリティ基盤委員会の「対応度表記ガイドライン」に従い、"
            "対応度を「配慮」としています。下記は、行った自動試験の内容です。") + "\n")
    out.append(rst.heading("行った自動試験", 2))
    items = [
        "試験の種類：自動試験のみ（JIS X 8341-3:2016 附属書JB による試験ではありません）",
        f"使用したツール：axe-core {AXE_VERSION}（ブラウザ Chromium で実行）",
        "検査した規則：axe-core が標準で有効にするすべての規則（WCAG 2.0・2.1・2.2 の適合レベルA・AAの項目と"
        "ベストプラクティス）",
        "検査したページ：このサイトを作成したツールの試験で、試験用の文書から作った公開サイトと庁内サイトの"
        "すべてのページ（このサイトと同じテンプレート）。画面の幅 375px と 1280px",
        "あわせて自動で確かめた項目：キーボードによる「本文へ移動」、フォーカス表示と背景のコントラスト比"
        "（3:1以上）、ブラウザの文字サイズ設定による文字の拡大",
        "結果：違反 0 件（ツールの試験は、違反が0件であることを合格の条件にしています）",
        f"試験日：このサイトの作成日（{wareki(date)}、{date.isoformat()}）に使ったツールの版で、上記の試験に合格"
        "しています。このサイトそのものを作成後に試験したものではありません。",
        "代替テキストや見出しの内容が適切か、読み上げの順序が自然かなど、自動試験では判定できない達成基準は"
        "確認していません。",
    ]
    out.append("\n".join(f"* {rst.escape(t)}" for t in items) + "\n")
    out.append(rst.heading("お気づきの点", 2))
    out.append(rst.escape("このサイトの使いやすさについてお気づきの点は、ページ下部の問い合わせ先までお知らせください。") + "\n")
    return "\n".join(out)
