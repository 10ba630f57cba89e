"""What a reader of the site needs besides the policy text: whom to ask (問い合わせ先), how to ask
for a non-public document (情報公開請求), and the site's accessibility claim (対応度).

Set in ``policyset.yaml`` under ``site:``; all of it is public.  ``provenance: sample`` marks
values the toolkit's authors could not verify (the city replaces them); pages say so.
"""

from __future__ import annotations

from dataclasses import dataclass

# JIS X 8341-3:2016 対応度 wording (ウェブアクセシビリティ基盤委員会 対応度表記ガイドライン):
# 準拠 needs every AA criterion checked, including by people; automated tests alone give 一部準拠 at most.
CONFORMANCE = ("準拠", "一部準拠", "配慮")


@dataclass(frozen=True)
class Contact:
    """問い合わせ先: the responsible section (担当課) and how to reach it."""

    section: str  # 総務部 情報政策課
    phone: str | None = None
    mail: str | None = None
    form_url: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class SiteInfo:
    """The site's surroundings: contact, the city's site, disclosure requests, accessibility."""

    contact: Contact | None = None
    city_url: str | None = None  # the city's own web site
    disclosure_url: str | None = None  # 情報公開請求の案内 (how to request a non-public document)
    conformance: str = "一部準拠"  # 対応度 against JIS X 8341-3:2016 level AA
    provenance: str = "sample"  # authoritative (the city's values) or sample (placeholders)

    @property
    def is_sample(self) -> bool:
        return self.provenance != "authoritative"
