"""The pages other renderers add to a site, each made from the audience's own view.

One list, :data:`EXTRA_PAGES`, of producers — ``(SiteInputs) -> Iterable[ExtraPage]`` — decides
which pages a site gets besides the documents (the renderer's own pages are
:data:`toolkit.render.site.pages.PAGES`): a new page is one producer added here, as a Sphinx
extension registers itself; ``policy publish`` only calls :func:`site_pages`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from toolkit.model import PolicySet
from toolkit.publish.site import PUBLIC
from toolkit.render.site.page import ExtraPage


@dataclass(frozen=True)
class SiteInputs:
    """What a producer of extra pages reads: the policy, the audience and its view, the training inputs."""

    policy: PolicySet
    audience: str
    view: PolicySet  # the one view every added page is made from
    training: Path
    as_of: datetime.date | None


def diff_pages(site: SiteInputs) -> Iterable[ExtraPage]:
    """The 新旧対照表 between consecutive revisions the audience sees."""
    from toolkit.render.diff_html import site_pages as diff_pages

    return [ExtraPage(*t) for t in diff_pages(site.view)]


def selfcheck_page(site: SiteInputs) -> Iterable[ExtraPage]:
    """On a staff site, the 自己チェック quiz (when the training inputs are present)."""
    if site.audience == PUBLIC or not (site.training / "decks.yaml").is_file():
        return []
    from toolkit.publish.training import selfcheck
    from toolkit.training.settings import check_against, load_training

    settings = load_training(site.training)
    check_against(settings, site.policy)
    title, html = selfcheck(site.policy, settings, site.audience, as_of=site.as_of)
    return [ExtraPage("selfcheck", title, html)]


def review_pages(site: SiteInputs) -> Iterable[ExtraPage]:
    """On a staff site, the committee's review package of each draft the view shows (issue 10)."""
    if site.audience == PUBLIC:
        return []
    from toolkit.publish.review import draft_review
    from toolkit.render import review_html

    out = []
    for doc in site.view.documents:
        for draft in doc.drafts:
            review = draft_review(site.policy, site.view, doc.id, draft.id, site.training, site.as_of)
            out.append(ExtraPage(f"review/{doc.id}-{draft.id}", "【案】" + review_html.title(review),
                                 review_html.fragment(review), review_html.status_line(review)))
    return out


def reference_pages(site: SiteInputs) -> Iterable[ExtraPage]:
    """On a staff site, each reference document (the national guideline, issue 24): apart, labelled with
    its publisher and edition, with the city clauses that follow each of its sections."""
    if site.audience == PUBLIC:
        return []
    from toolkit.render import reference_html
    from toolkit.view.asof import today
    from toolkit.view.reference import references

    day = site.as_of or today()
    return [ExtraPage(reference_html.slug(r), reference_html.title(r), reference_html.fragment(r, site.view, day))
            for r in references(site.policy, site.audience, day)]


def link_matrix(site: SiteInputs) -> Iterable[ExtraPage]:
    """The 対応表 of the links between documents (none when the view shows no link)."""
    from toolkit.render import links_html

    matrix = links_html.fragment(site.view)
    return [] if matrix is None else [ExtraPage(links_html.SLUG, links_html.TITLE, matrix)]


Producer = Callable[[SiteInputs], Iterable[ExtraPage]]

EXTRA_PAGES: list[Producer] = [diff_pages, selfcheck_page, review_pages, reference_pages, link_matrix]


def site_pages(policy: PolicySet, audience: str, training: Path, as_of: datetime.date | None = None) -> list[ExtraPage]:
    """Every extra page of ``audience``'s site, from each producer in :data:`EXTRA_PAGES` in turn."""
    from toolkit.view.redact import redact

    return extra_pages(SiteInputs(policy, audience, redact(policy, audience, as_of=as_of), training, as_of))


def extra_pages(site: SiteInputs) -> list[ExtraPage]:
    """Every extra page of the site ``site`` describes, from each producer in :data:`EXTRA_PAGES` in turn
    (also what :func:`toolkit.publish.review.public_impact` compares before and after a draft)."""
    return [page for produce in EXTRA_PAGES for page in produce(site)]
