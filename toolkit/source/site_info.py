"""``site:`` in policyset.yaml: the contact, the city's site, the disclosure-request page and the
accessibility claim (see :mod:`toolkit.model.site`).  Every value ends up in HTML, so URLs must
be http(s) and the rest plain, short text."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection

from toolkit.errors import Location, Problems
from toolkit.model.site import CONFORMANCE, TESTED_CONFORMANCE, Contact, SiteInfo
from toolkit.source.schema import Fields
from toolkit.source.yamlnodes import Located

_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?")
_MAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"[0-9０-９()（）\- ー－]{6,20}")
_MAX_TEXT = 200
_PROVENANCES = ("authoritative", "sample")


def parse_site(val: Located | None, problems: Problems, documents: Collection[str] = ()) -> SiteInfo:
    """The ``site:`` mapping (optional: without it pages show no contact); ``documents``: the
    listed document ids ``withheld_topics`` may name."""
    if val is None:
        return SiteInfo()
    f = Fields(val, problems, "site")
    locations: list[tuple[str, Location]] = [("site", val.loc)]
    contact = None
    c_val = f.located("contact")
    if c_val is not None:
        c = Fields(c_val, problems, "site contact")
        contact = Contact(section=_text(c, "section", problems, required=True) or "",
                          phone=_checked(c, "phone", _PHONE, "a phone number: digits, hyphens, brackets", problems),
                          mail=_checked(c, "mail", _MAIL, "a mail address such as johosei@example.lg.jp", problems),
                          form_url=_url(c, "form_url", problems),
                          address=_text(c, "address", problems),
                          fax=_checked(c, "fax", _PHONE, "a fax number: digits, hyphens, brackets", problems),
                          hours=_text(c, "hours", problems))
        locations += [(f"contact.{k}", c.loc_of(k)) for k in sorted(c.map)]
        c.done()
    conformance = f.opt("conformance", str, "配慮")
    if conformance not in CONFORMANCE:
        problems.add(f.loc_of("conformance"), f"unknown accessibility conformance {conformance!r}",
                     " / ".join(CONFORMANCE) + " (JIS X 8341-3:2016 対応度)")
    provenance = f.opt("provenance", str, "sample")
    if provenance not in _PROVENANCES:
        problems.add(f.loc_of("provenance"), f"unknown provenance {provenance!r}", " / ".join(_PROVENANCES))
    report = _url(f, "test_report_url", problems)
    tested_on = f.opt("tested_on", datetime.date)
    if conformance in TESTED_CONFORMANCE and (report is None or tested_on is None):
        # WAIC 対応度表記ガイドライン: 準拠 / 一部準拠 only with a 附属書JB test whose results are published
        problems.add(f.loc_of("conformance"), f"accessibility conformance {conformance!r} needs a JIS X 8341-3 "
                     "附属書JB test with published results",
                     "test_report_url (the published results) and tested_on (the date of the test), or conformance: 配慮")
    city_url, disclosure_url = _url(f, "city_url", problems), _url(f, "disclosure_url", problems)
    if disclosure_url is not None and disclosure_url == city_url and provenance == "authoritative":
        problems.add(f.loc_of("disclosure_url"), "disclosure_url is the city's top page, not its page on "
                     "情報公開請求", "the address of the page that says how to make a 情報公開請求")
    topics = _topics(f, problems, documents)
    locations += [(k, f.loc_of(k)) for k in sorted(f.map)]
    info = SiteInfo(contact=contact, city_url=city_url, disclosure_url=disclosure_url,
                    conformance=conformance, provenance=provenance,
                    target_date=f.opt("target_date", datetime.date), test_report_url=report, tested_on=tested_on,
                    withheld_topics=topics, locations=tuple(locations))
    f.done()
    return info


def _topics(f: Fields, problems: Problems, documents: Collection[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``withheld_topics: {standards: [パスワード, …]}``: short public words, per listed document."""
    val = f.located("withheld_topics")
    if val is None:
        return ()
    t = Fields(val, problems, "site withheld_topics")
    out = []
    for doc_id in sorted(t.map):
        words = t.req(doc_id, list) or []
        if doc_id not in documents:
            problems.add(t.loc_of(doc_id), f"withheld_topics names {doc_id!r}, which is not a listed document",
                         "the id of a document listed under documents:")
        good = []
        for item in words:
            w = item.value if isinstance(item, Located) else item
            if not isinstance(w, str) or not w.strip() or len(w) > 40 or "\n" in w:
                where = item.loc if isinstance(item, Located) else t.loc_of(doc_id)
                problems.add(where, f"withheld_topics of {doc_id!r}: {str(w)[:60]!r} is not a short word",
                             "words of at most 40 characters, one a line")
            else:
                good.append(w.strip())
        out.append((doc_id, tuple(good)))
    t.done()
    return tuple(out)


def _text(f: Fields, key: str, problems: Problems, required: bool = False) -> str | None:
    v = f.req(key, str) if required else f.opt(key, str)
    if v is not None and (len(v) > _MAX_TEXT or "\n" in v.strip()):
        problems.add(f.loc_of(key), f"{f.what}: {key!r} is too long or spans lines", f"one line of at most {_MAX_TEXT} characters")
        return None
    return v


def _checked(f: Fields, key: str, pattern: re.Pattern[str], expected: str, problems: Problems) -> str | None:
    v = _text(f, key, problems)
    if v is not None and not pattern.fullmatch(v):
        problems.add(f.loc_of(key), f"{f.what}: {key!r} is not valid: {v[:60]!r}", expected)
        return None
    return v


def _url(f: Fields, key: str, problems: Problems) -> str | None:
    return _checked(f, key, _URL, "an http:// or https:// address", problems)
