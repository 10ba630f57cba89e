"""What a reader of the site needs besides the policy text: whom to ask (問い合わせ先), how to ask
for a non-public document (情報公開請求), and the site's accessibility claim (対応度).

Set in ``policyset.yaml`` under ``site:``; all of it is public.  ``provenance: sample`` marks
values the toolkit's authors could not verify (the city replaces them): a public build with
such values stops (issue 23) unless the publisher allows it, and then every page says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from toolkit.errors import Location

# JIS X 8341-3:2016 対応度 wording (ウェブアクセシビリティ基盤委員会 対応度表記ガイドライン):
# 準拠 and 一部準拠 need a test under 附属書JB with its results published; without one, 配慮.
CONFORMANCE = ("準拠", "一部準拠", "配慮")
TESTED_CONFORMANCE = ("準拠", "一部準拠")


@dataclass(frozen=True)
class Contact:
    """問い合わせ先: the responsible section (担当課) and how to reach it; every field but the
    section is optional, as on a municipal page."""

    section: str  # 総務部 情報政策課
    phone: str | None = None
    mail: str | None = None
    form_url: str | None = None
    address: str | None = None  # 所在地
    fax: str | None = None
    hours: str | None = None  # 受付時間


@dataclass(frozen=True)
class SiteInfo:
    """The site's surroundings: contact, the city's site, disclosure requests, accessibility."""

    contact: Contact | None = None
    city_url: str | None = None  # the city's own web site
    disclosure_url: str | None = None  # 情報公開請求の案内 (how to request a non-public document)
    conformance: str = "配慮"  # 対応度 against JIS X 8341-3:2016 level AA
    provenance: str = "sample"  # authoritative (the city's values) or sample (placeholders)
    target_date: datetime.date | None = None  # 目標達成期限 of level AA
    test_report_url: str | None = None  # the published results of a 附属書JB test (準拠 / 一部準拠)
    tested_on: datetime.date | None = None  # the date of that test
    # document id → topics it covers, in public words (パスワード, テレワーク): what the public search
    # says is in a non-public document rather than "not found" (issue 23).  Hand-written and public:
    # never derived from the document's own (non-public) text
    withheld_topics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # where each value was set (``site.contact.phone`` → policyset.yaml:60:12), for located errors
    locations: tuple[tuple[str, Location], ...] = ()

    @property
    def is_sample(self) -> bool:
        return self.provenance != "authoritative"

    @property
    def has_values(self) -> bool:
        """Whether anything of it reaches a page (a source without ``site:`` has nothing to be false)."""
        return self.contact is not None or self.city_url is not None or self.disclosure_url is not None

    @property
    def shows_sample(self) -> bool:
        """Pages carry placeholder values: every page says so (see layout.html)."""
        return self.is_sample and self.has_values

    def location(self, key: str) -> Location | None:
        return next((loc for k, loc in self.locations if k == key), None)

    def sample_values(self) -> list[tuple[str, str, Location | None]]:
        """(key, value, where) of every placeholder value a page would show; none when authoritative."""
        if not self.shows_sample:
            return []
        c = self.contact
        values = [("city_url", self.city_url), ("disclosure_url", self.disclosure_url)]
        if c is not None:
            values += [(f"contact.{k}", getattr(c, k)) for k in ("section", "address", "phone", "fax", "mail",
                                                                  "hours", "form_url")]
        return [(k, v, self.location(k)) for k, v in values if v]
