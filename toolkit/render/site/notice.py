"""The page of a withheld document (``<doc>/index``): its public name, the ground for not
publishing it, and how to ask for it (情報公開請求) — nothing else of it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from toolkit.errors import BuildError, Problem
from toolkit.model import Document
from toolkit.render.site import rst
from toolkit.render.site.page import Page

if TYPE_CHECKING:
    from toolkit.render.site.writer import SiteWriter


def withheld_pages(w: SiteWriter) -> Iterable[Page]:
    for doc in w.withheld:
        yield Page(f"{doc.id}/index", _notice(w, doc))


def _notice(w: SiteWriter, doc: Document) -> str:
    """A withheld document: its public name and the ground's text, nothing else."""
    out = [rst.heading(rst.escape(doc.public_name), 1), ""]
    out.append(rst.escape(f"「{doc.public_name}」は公開していません。") + "\n")
    if doc.ground:
        try:
            ground = w.view.ground(doc.ground)
        except KeyError:
            raise BuildError([Problem(doc.location, f"disclosure ground {doc.ground!r} of "
                                      f"{doc.id} is not in the policy set")]) from None
        out.append(".. rubric:: 公開しない理由\n")
        out.append(rst.directive("container", "ground", body=rst.escape(ground.text)))
    out.append(_disclosure_request(w, doc))
    return "\n".join(out)


def _disclosure_request(w: SiteWriter, doc: Document) -> str:
    """How to ask for a non-public document: 情報公開請求, linked to the city's page."""
    site = w.view.site
    body = rst.escape(f"「{doc.public_name}」の開示を希望する方は、情報公開請求をすることができます。"
                      "開示する範囲は請求を受けて決定します（公開しない理由に当たる部分は開示されない場合があります）。")
    if site.disclosure_url:
        label = "情報公開請求の案内（見本のリンク）" if site.is_sample else "情報公開請求の案内"
        body += "\n\n" + rst.escape("請求の方法は ") + rst.link(label, site.disclosure_url) \
            + rst.escape(" をご覧ください。")
    elif site.contact:
        body += "\n\n" + rst.escape(f"請求の方法は、{w.view.organisation} {site.contact.section}（ページ下部の"
                                    "問い合わせ先）にお問い合わせください。")
    return ".. rubric:: 開示を希望する場合（情報公開請求）\n\n" + rst.directive("container", "disclosure-request", body=body)
