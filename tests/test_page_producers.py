"""A site's pages come from producers registered in one list each (issue 19): the renderer's own
(:data:`toolkit.render.site.pages.PAGES`, from the view) and the pages other renderers add
(:data:`toolkit.publish.pages.EXTRA_PAGES`, from the policy, audience and training inputs).
Adding a page is adding a producer, nothing else."""

from __future__ import annotations

import pytest

from toolkit.errors import BuildError
from toolkit.publish.pages import EXTRA_PAGES, SiteInputs, site_pages
from toolkit.render.site.page import ExtraPage, Page
from toolkit.render.site.pages import PAGES
from toolkit.render.site.writer import SiteWriter
from toolkit.view.redact import redact


def test_a_producer_added_to_the_list_adds_its_pages(policy):
    view = redact(policy, "public")

    def notes(w: SiteWriter):
        yield Page("notes/first", f"{w.title}\n", "current")
        yield Page("notes/second", "second\n")

    before = SiteWriter(view)
    pages = before.render()
    PAGES.append(notes)
    try:
        writer = SiteWriter(view)
        after = writer.render()
    finally:
        PAGES.remove(notes)
    assert set(after) - set(pages) == {"notes/first", "notes/second"}
    assert after["notes/first"] == f"{writer.title}\n"
    assert writer.page_kinds["notes/first"] == "current" and "notes/second" not in writer.page_kinds
    assert {k: v for k, v in after.items() if not k.startswith("notes/")} == pages  # nothing else changed


def test_a_producer_that_repeats_a_page_stops_the_build(policy):
    def again(w: SiteWriter):
        yield Page("history", "a second history\n")

    PAGES.append(again)
    try:
        with pytest.raises(BuildError, match=r"two site pages would both be history\.html"):
            SiteWriter(redact(policy, "public")).render()
    finally:
        PAGES.remove(again)


def test_an_extra_page_producer_decides_what_a_site_gets(policy, tmp_path):
    seen: list[SiteInputs] = []

    def notice(site: SiteInputs):
        seen.append(site)
        return [ExtraPage("notice", "お知らせ", "<p>x</p>")] if site.audience == "staff" else []

    EXTRA_PAGES.append(notice)
    try:
        staff = site_pages(policy, "staff", tmp_path)  # no training inputs there: no 自己チェック
        public = site_pages(policy, "public", tmp_path)
    finally:
        EXTRA_PAGES.remove(notice)
    assert staff[-1] == ExtraPage("notice", "お知らせ", "<p>x</p>")
    assert all(p.slug != "notice" for p in public)
    assert [s.audience for s in seen] == ["staff", "public"]
    assert seen[0].view.audience_id == "staff" and seen[1].view.audience_id == "public"  # each from its own view
