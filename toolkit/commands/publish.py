"""``policy publish``: the public site (build/public/), or with ``--internal`` the staff site.

The site is built beside the destination, leak-checked and swapped in only
when everything passed; a failure leaves the previous site as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.commands import add_as_of, as_of, load
from toolkit.errors import BuildError
from toolkit.publish import MANIFEST, PUBLIC, Published, current, inputs_digest
from toolkit.source.roots import source_roots

if TYPE_CHECKING:
    from toolkit.model import PolicySet
# (the renderers are imported when a site is really built: a publish with nothing changed starts fast)

HELP = "build the public site into build/public/ (leak-checked), or --internal the staff site into build/internal/"
BUILD = Path("build")
TRAINING = Path("training")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--internal", action="store_true",
                        help="build the staff site (default audience 'staff', into build/internal/)")
    parser.add_argument("--audience", default=None,
                        help="audience id from policyset.yaml (default: public; with --internal: staff)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="destination folder (default: build/public, build/internal)")
    parser.add_argument("--work", type=Path, default=None, metavar="DIR",
                        help="private work folder for generated sources and caches (default: build/.work/AUDIENCE)")
    parser.add_argument("--canary", metavar="TOKEN", action="append", default=[],
                        help="a token the leak check must not find (repeatable; tests plant these)")
    parser.add_argument("--allow-sample-site", action="store_true",
                        help="publish the public site although its site: values (contact, 情報公開請求の案内) are "
                             "samples; every page then says so in a banner")
    add_as_of(parser)


def destination(internal: bool, audience: str) -> Path:
    if not internal:
        return BUILD / "public"
    return BUILD / ("internal" if audience == "staff" else f"internal-{audience}")


def site_pages(policy: PolicySet, audience: str, training: Path = TRAINING, as_of: datetime.date | None = None) -> list:
    """Pages other renderers add to the site, each made from the audience's own view:
    the 新旧対照表 between consecutive revisions the audience sees, and on a staff site
    the 自己チェック quiz (when the training inputs are present)."""
    from toolkit.render import links_html
    from toolkit.render.diff_html import site_pages as diff_pages
    from toolkit.render.site import ExtraPage
    from toolkit.view.redact import redact

    view = redact(policy, audience, as_of=as_of)  # the one view the added pages are made from
    pages = [ExtraPage(*t) for t in diff_pages(view)]
    if audience != PUBLIC and (training / "decks.yaml").is_file():
        from toolkit.training.build import selfcheck
        from toolkit.training.settings import check_against, load_training

        settings = load_training(training)
        check_against(settings, policy)
        title, html = selfcheck(policy, settings, audience, as_of=as_of)
        pages.append(ExtraPage("selfcheck", title, html))
    if audience != PUBLIC:  # the committee's review package of each draft (issue 10)
        pages.extend(review_pages(policy, audience, view, training, as_of))
    if audience != PUBLIC:  # the guideline (a reference, issue 24): apart, labelled, only where it may be read
        pages.extend(reference_pages(policy, audience, view, as_of))
    matrix = links_html.fragment(view)  # none when the view shows no link
    if matrix is not None:
        pages.append(ExtraPage(links_html.SLUG, links_html.TITLE, matrix))
    return pages


def reference_pages(policy: PolicySet, audience: str, view: PolicySet, as_of: datetime.date | None) -> list:
    from toolkit.render import reference_html
    from toolkit.render.site import ExtraPage
    from toolkit.view.asof import build_date
    from toolkit.view.reference import references

    day = as_of or build_date()
    return [ExtraPage(reference_html.slug(r), reference_html.title(r), reference_html.fragment(r, view, day))
            for r in references(policy, audience, day)]


def review_pages(policy: PolicySet, audience: str, view: PolicySet, training: Path,
                 as_of: datetime.date | None) -> list:
    """The review package of each draft ``view`` (the audience's) shows."""
    from toolkit.commands.review import build_review
    from toolkit.render import review_html
    from toolkit.render.site import ExtraPage

    out = []
    for doc in view.documents:
        for draft in doc.drafts:
            review = build_review(policy, doc.id, draft.id, training, as_of, audience=audience)
            out.append(ExtraPage(f"review/{doc.id}-{draft.id}", "【案】" + review_html.title(review),
                                 review_html.fragment(review), review_html.status_line(review)))
    return out


def run(args: argparse.Namespace) -> int:
    audience = args.audience or ("staff" if args.internal else PUBLIC)
    if args.internal and audience == PUBLIC:
        raise BuildError("--internal builds a staff site; for the public site run 'policy publish' without --internal")
    if not args.internal and audience != PUBLIC:
        raise BuildError(f"audience {audience!r} is not public: add --internal (its site goes to build/internal/)")
    dest = args.out or destination(args.internal, audience)
    work = args.work or BUILD / ".work" / audience
    day = as_of(args)
    # Nothing changed since the last publish into dest: verify it instead of rebuilding it.
    inputs = inputs_digest(source_roots(args.src, args.private_src), audience, args.canary,
                           [TRAINING] if audience != PUBLIC and TRAINING.is_dir() else [], as_of=day,
                           allow_sample_site=args.allow_sample_site)
    result = current(dest, work, inputs)
    if result is not None and result.audience_id == audience:
        _report(result, result.label, "nothing changed since the last publish; every file verified "
                "against its manifest and its leak-check record")
        if "sample-site-banner" in (dest / "index.html").read_text(encoding="utf-8", errors="replace"):
            print("warning: the site shows SAMPLE site: values on every page (a banner says so); fill in the "
                  "city's values (README 「問い合わせ先と情報公開請求の案内」)", file=sys.stderr)
        return 0
    from toolkit.publish import publish
    from toolkit.render.site.build import SphinxProcess

    with contextlib.ExitStack() as stack:
        sphinx = SphinxProcess.start()  # imports Sphinx while this process loads the policy
        if sphinx is not None:
            stack.enter_context(sphinx)
        policy = load(args)
        label = _label(audience, policy)
        result = publish(policy, audience, dest, work, canaries=args.canary,
                         extra_pages=site_pages(policy, audience, as_of=day), inputs=inputs, sphinx=sphinx, as_of=day,
                         allow_sample_site=args.allow_sample_site)
    _report(result, label)
    _warn_sample(policy, audience)
    return 0


def _label(audience: str, policy: PolicySet) -> str:
    try:
        return policy.audience(audience).label
    except KeyError as e:
        raise BuildError(str(e.args[0])) from None


def _warn_sample(policy: PolicySet, audience: str) -> None:
    """Said loudly after a site showing sample site: values was published (--allow-sample-site)."""
    samples = policy.site.sample_values()
    if not samples:
        return
    where = policy.site.location("provenance") or policy.site.location("site")
    print(f"warning: {where}: the site shows SAMPLE values on every page ({', '.join(k for k, _v, _l in samples)}); "
          "a banner on every page says so.  Fill in the city's values and set 'provenance: authoritative' "
          "(README 「問い合わせ先と情報公開請求の案内」) before the site goes online.", file=sys.stderr)


def _report(result: Published, label: str, note: str = "") -> None:
    print(f"published {label}: {result.dest}/ ({result.files} files, {MANIFEST})" + (f" — {note}" if note else ""))
    if result.leak is not None:
        print(f"leak check passed: {result.leak.summary()}")
    print(f"open: {(result.dest / 'index.html').resolve().as_uri()}")
