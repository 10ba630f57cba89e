"""改定履歴 (``history``): per document, a timeline of every date of its ledger, newest first — the
revisions shown (linked, with their changes counted and their 新旧対照表), those announced, and those
whose text this site does not show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from toolkit.diff import ADDED, MODIFIED, MOVED, REMOVED, RENUMBERED, ChangeSet, history
from toolkit.model import Document, LedgerEntry, Revision
from toolkit.model.wareki import wareki
from toolkit.render import diff_html
from toolkit.render.site import rst
from toolkit.render.site.naming import doc_target, revision_docname
from toolkit.render.site.page import Page

if TYPE_CHECKING:
    from toolkit.render.site.writer import SiteWriter

# A ledger date with no text anywhere (a history-only entry): how every list of versions marks it.
NO_TEXT = "（本文なし）"


def history_page(w: SiteWriter) -> Iterable[Page]:
    if w.docs:
        yield Page("history", _history(w))


def _history(w: SiteWriter) -> str:
    """改定履歴: per document, a timeline of the revisions in this view, newest first."""
    out = [rst.heading("改定履歴", 1), ""]
    out.append(rst.escape("各文書の策定・改定の記録です。本文を掲載している版は、日付をクリックするとその版を"
                          "表示します。日付にリンクのない版は、本文を表示できない理由（本文なし、このサイトに"
                          "掲載していない、施行予定）をその版の欄に記載しています。") + "\n")
    if any(d.history_only for d in w.docs):
        out.append(rst.escape(f"「{NO_TEXT}」の版は、策定・改定の日付と種別だけが記録されているもので、"
                              "本文は残っていません。") + "\n")
    if any(len(d.revisions) > 1 for d in w.docs):
        out.append(rst.escape("「…からの変更」は、このサイトに掲載している一つ前の版と比べて、新設・改正・削除"
                              "された条項（号を含む）の数です。") + "\n")
    diff_slugs = {p.slug for p in w.extra_pages}
    for doc in w.docs:
        out.append(rst.heading(rst.escape(doc.title), 2))
        shown = {rev.id: (rev, cs) for rev, cs in history(doc)}
        announced = {a.id: a for a in doc.announced}
        entries = []
        for e in doc.ledger:  # every date of the ledger, also where the text is not on this site
            if e.id in shown:
                entries.append(_history_entry(w, doc, *shown.pop(e.id), diff_slugs))
            elif e.id in announced:
                entries.append(_announced_entry(w, doc, announced.pop(e.id), diff_slugs))
            elif not e.has_text:
                entries.append(_history_only_entry(e))
            else:
                entries.append(_unpublished_entry(e))
        entries += [_history_entry(w, doc, rev, cs, diff_slugs) for rev, cs in shown.values()]
        entries += [_announced_entry(w, doc, a, diff_slugs) for a in announced.values()]
        out.append(rst.directive("container", "timeline", body="\n".join(reversed(entries))))
    for doc in w.withheld:
        out.append(rst.heading(rst.escape(doc.public_name), 2))
        out.append(rst.escape("この文書は公開していません。") + " "
                   + rst.role("doc", "詳しく", doc_target(f"{doc.id}/index")) + "\n")
    return "\n".join(out)


def _history_entry(w: SiteWriter, doc: Document, rev: Revision, cs: ChangeSet | None, diff_slugs: set[str]) -> str:
    """One revision on the timeline: date, kind, provenance, summary, and the clauses
    changed since the revision before it *in this view* (so a site showing one
    revision of a document shows no counts), linked to its 新旧対照表 page."""
    def para(cls: str, text: str) -> str:
        return rst.directive("rst-class", cls) + "\n" + text + "\n"

    current = rev.id == doc.current.id
    date = rst.role("doc", wareki(rev.date), doc_target(revision_docname(doc, rev)))
    body = [para("tl-date", f"{date} {rst.escape('（' + rev.date.isoformat() + '）')}")]
    head = [rst.escape(rev.kind)]
    if current:
        head.append(rst.role("current-badge", "現行の版"))
    if w.banner_badge(rev):
        head.append(w.banner_badge(rev))
    body.append(para("tl-kind", " ".join(head)))
    if rev.summary:
        body.append(para("tl-summary", rst.escape(rev.summary)))
    if cs is not None:
        old = doc.revision(cs.old_rev)
        c = cs.counts()
        counts = [rst.role("count-from", f"{wareki(old.date)}の版からの変更："),
                  rst.role("count-added", f"新設 {c[ADDED]}"),
                  rst.role("count-modified", f"改正 {c[MODIFIED]}"),
                  rst.role("count-removed", f"削除 {c[REMOVED]}")]
        more = [f"{label} {n}" for label, n in (("改正のうち表記のみ", cs.formatting_only),
                                               ("番号の変更", c[RENUMBERED]), ("移動", c[MOVED])) if n]
        if more:
            counts.append(rst.role("count-note", "（" + "・".join(more) + "）"))
        body.append(para("tl-counts", " ".join(counts)))
        slug = diff_html.site_slug(doc.id, old.id, rev.id)
        if slug in diff_slugs:
            body.append(para("tl-link", rst.role("doc", "新旧対照表を見る", doc_target(slug))))
    elif rev.kind != "策定" and not any(e.date < rev.date for e in doc.ledger):
        body.append(para("tl-counts tl-first", rst.escape("これより前の版は、このサイトには掲載していません。")))
    return rst.directive("container", "tl-entry tl-current" if current else "tl-entry", body="\n".join(body))


def _announced_entry(w: SiteWriter, doc: Document, rev: Revision, diff_slugs: set[str]) -> str:
    """An adopted revision not yet in force (issue 23): 施行予定 with its date and decision, and
    its 新旧対照表 when the site has one; no link on the date (its text is not in force yet)."""
    def para(cls: str, text: str) -> str:
        return rst.directive("rst-class", cls) + "\n" + text + "\n"

    decided = f"（{wareki(rev.adopted_on)}決定）" if rev.adopted_on else ""
    body = [para("tl-date", rst.escape(f"{wareki(rev.date)}（{rev.date.isoformat()}）")),
            para("tl-kind", rst.escape(rev.kind) + " " + rst.role("badge", "施行予定")),
            para("tl-counts tl-first", rst.escape(f"{wareki(rev.date)}から施行されます{decided}。"
                                                  "それまでは現行の版が適用されます。"))]
    if rev.summary:
        body.insert(2, para("tl-summary", rst.escape(rev.summary)))
    slug = diff_html.site_slug(doc.id, doc.current.id, rev.id)
    if slug in diff_slugs:
        body.append(para("tl-link", rst.role("doc", "新旧対照表を見る", doc_target(slug))))
    return rst.directive("container", "tl-entry tl-announced", body="\n".join(body))


def _history_only_entry(e: LedgerEntry) -> str:
    """A ledger date known without its text (history only): its date and kind, marked
    「（本文なし）」, no link (there is no page).  As README promises, only the date and kind: the
    summary of such an entry tends to repeat 「本文なし」."""
    def para(cls: str, text: str) -> str:
        return rst.directive("rst-class", cls) + "\n" + rst.escape(text) + "\n"

    body = [para("tl-date", f"{wareki(e.date)}（{e.date.isoformat()}）"), para("tl-kind", f"{e.kind}{NO_TEXT}"),
            para("tl-counts tl-first", "この版は日付と種別だけを記録しており、本文はありません。")]
    return rst.directive("container", "tl-entry tl-unpublished tl-no-text", body="\n".join(body))


def _unpublished_entry(e: LedgerEntry) -> str:
    """A ledger date whose text this site does not show (e.g. a reconstructed revision on the public site)."""
    body = [rst.directive("rst-class", "tl-date") + "\n" + rst.escape(f"{wareki(e.date)}（{e.date.isoformat()}）") + "\n",
            rst.directive("rst-class", "tl-kind") + "\n" + rst.escape(e.kind) + "\n",
            rst.directive("rst-class", "tl-counts tl-first") + "\n"
            + rst.escape("この版の本文は、このサイトには掲載していません。") + "\n"]
    return rst.directive("container", "tl-entry tl-unpublished", body="\n".join(body))
