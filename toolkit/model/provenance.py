"""What readers are told about text that is not the city's adopted wording (出典の表示): the one table.

A revision's provenance is ``authoritative`` (the city's adopted text), ``reconstructed`` (rebuilt for
history from what national guidance said at the time), ``sample`` (written for the toolkit) or
``external`` (an edition of a reference document such as the national guideline).  Every
output that shows a reconstructed or sample text says so, in the words below: the site, the .docx and
PDF editions, the disclosure edition, the 新旧対照表, ``policy diff`` and the training material.
Sample text is 見本 everywhere (it was サンプル on the site and in the diffs, 例示 in training, 見本 in
the editions), as the site already calls its placeholder contact values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProvenanceText:
    """The words for one provenance, by where a reader meets them."""

    word: str  # the short word (`policy diff`'s revision line: r5（… 改定・再構成）)
    badge: str  # the site's badge and the title of its notice (出典: …)
    site_note: str  # the site's notice on such a revision
    notice: str  # the boxed notice opening a .docx or PDF edition (and a disclosure edition)
    header: str  # an edition's page header, and its title's suffix
    table_note: str  # the 新旧対照表's revision heading: 令和5年7月4日改定（…）
    study_word: str  # a study card or quiz: この条文は…です
    study_why: str  # … and why it is not the city's text


PROVENANCE_TEXTS: dict[str, ProvenanceText] = {
    "reconstructed": ProvenanceText(
        word="再構成",
        badge="再構成（市の採択文ではない）",
        site_note=("この版は、当時の国のガイドライン等から履歴のために再構成した文案です。"
                   "市が採択した文ではありません。"),
        notice=("【再構成版】この文書は千曲市が採択した本文ではありません。"
                "過去の版を、当時の国のガイドラインの記述をもとに本ツールキットの担当者が再構成したものです。"
                "市の採択した本文として引用・公開しないでください。"),
        header="再構成版（千曲市の採択文ではありません）",
        table_note="再構成版：市の公表文ではない",
        study_word="再構成",
        study_why="当時の国のガイドライン等から復元した本文で、市の公表文ではありません",
    ),
    "sample": ProvenanceText(
        word="見本",
        badge="見本",
        site_note="この文書はツールの動作確認・研修用に作成した見本です。市が採択した文ではありません。",
        notice="【見本】この文書の本文は本ツールキットのために作成した見本であり、千曲市が採択した本文ではありません。",
        header="見本（千曲市の採択文ではありません）",
        table_note="見本：市の採択文ではない",
        study_word="見本",
        study_why="ツールキット担当が作成した見本で、市が定めた本文ではありません",
    ),
    # a reference document's edition (the national guideline, issue 24): never shown as the city's text
    "external": ProvenanceText(
        word="参照文書",
        badge="参照文書（市の規程ではない）",
        site_note="この文書は国等が公表した参照文書です。千曲市の規程ではありません。",
        notice="【参照文書】この文書は千曲市の規程ではなく、国等が公表した文書です。",
        header="参照文書（千曲市の規程ではありません）",
        table_note="参照文書：市の規程ではない",
        study_word="参照文書",
        study_why="国等が公表した文書で、市の規程ではありません",
    ),
}
# The site's badge for the city's own text (shown where a site shows provenance at all: the staff site)
AUTHORITATIVE_BADGE = "市の採択文"


def provenance_text(provenance: str) -> ProvenanceText | None:
    """The words for a text that is not the city's adopted wording; None for the city's own."""
    return PROVENANCE_TEXTS.get(provenance)


def edition_text(provenance: str) -> ProvenanceText:
    """The words an edition of a revision that is not the city's carries (any unknown provenance is
    taken as not the city's: the stricter notice)."""
    return PROVENANCE_TEXTS.get(provenance, PROVENANCE_TEXTS["reconstructed"])


def badge(provenance: str) -> str:
    """The site's badge for a revision of ``provenance``."""
    if provenance == "authoritative":
        return AUTHORITATIVE_BADGE
    text = provenance_text(provenance)
    return text.badge if text else provenance


__all__ = ["AUTHORITATIVE_BADGE", "PROVENANCE_TEXTS", "ProvenanceText", "badge", "edition_text", "provenance_text"]
