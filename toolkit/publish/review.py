"""The committee's review package of a draft as an audience sees it, and its impact on the
public site: what ``policy review`` writes and what the staff site shows (審議資料).

:mod:`toolkit.review` makes the :class:`~toolkit.review.Review` from a view (pure); here the
package is assembled from the policy as published — the training items the trainer must
reissue, and :func:`public_impact`, found by rendering the public site before and after.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.model import PUBLIC, PolicySet
from toolkit.review import as_adopted
from toolkit.view.redact import redact

if TYPE_CHECKING:
    from toolkit.review import Review


def draft_review(policy: PolicySet, view: PolicySet, doc_id: str, rev_id: str, training: Path | None,
                 day: datetime.date | None) -> Review:
    """The :class:`~toolkit.review.Review` of draft ``rev_id`` of ``doc_id`` in ``view`` (the audience's
    view of ``policy`` on ``day``), with its training and public-site impact."""
    # looked up at call time: bench/bench_training.py times training_items
    from toolkit.review import make_review, training_items

    items: list = []
    note = ""
    if training is not None and (training / "decks.yaml").is_file():
        from toolkit.training.settings import load_training

        items = training_items(view, load_training(training), doc_id, rev_id)
    else:
        note = f"研修の設定（{training}/decks.yaml）がないため、教材への影響は調べていません。"
    files = public_impact(policy, doc_id, rev_id, day)
    return make_review(view, doc_id, rev_id, training=items, public_files=files, training_note=note, source=policy)


def public_impact(policy: PolicySet, doc_id: str, rev_id: str, as_of: object = None) -> list[str]:
    """The public site's files that change when the draft takes effect: every page whose source differs
    between the public view now and once the draft is adopted and in force (the renderer's pages and
    every producer of :data:`toolkit.publish.pages.EXTRA_PAGES`, as ``policy publish`` makes them), the
    search index with them, and the official editions (.docx and PDF) that appear or go, named as
    :func:`toolkit.publish.site.official_download_names` names them: derived from what publish writes,
    so an output added there is listed here too."""
    from toolkit.publish.pages import SiteInputs, extra_pages
    from toolkit.publish.site import official_download_names
    from toolkit.render.site.writer import SiteWriter

    draft = policy.document(doc_id).revision(rev_id)
    day = as_of if isinstance(as_of, datetime.date) else draft.date
    effective = max(draft.date, day)  # the draft's own effect: the day before its 施行日 against that day
    sides = [(policy, effective - datetime.timedelta(days=1)), (as_adopted(policy, doc_id, rev_id), effective)]
    pages, downloads = [], []
    for source, when in sides:
        view = redact(source, PUBLIC, as_of=when)
        # the public site's producers read no training inputs (the self-check quiz is the staff site's)
        site = SiteInputs(source, PUBLIC, view, Path("training"), when)
        pages.append(SiteWriter(view, extra_pages(site)).render())
        downloads.append({f"downloads/{name}" for name in official_download_names(view)})
    old, new = pages
    files = {f"{name}.html" for name in old.keys() | new.keys() if old.get(name) != new.get(name)}
    if files:
        files.add("searchindex.js")
    files |= downloads[0] ^ downloads[1]
    return sorted(files)
