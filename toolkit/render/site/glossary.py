"""The glossary (用語集): the defined terms of the view, the auto-linker that links their first
occurrence in running text, and the glossary page."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.model import Document, Node
from toolkit.model.numbering import place
from toolkit.render.site import rst
from toolkit.render.site.naming import anchor, doc_target
from toolkit.render.site.page import Page

if TYPE_CHECKING:
    from toolkit.render.site.writer import SiteWriter

# html_search_options key carrying the glossary terms (search_index.PhraseJapanese ignores it: phrases hold them whole)
WHOLE_WORDS_OPTION = "whole_words"


@dataclass(frozen=True)
class GlossaryEntry:
    """A defined term (用語): the node that defines it and where."""

    doc: Document
    node: Node
    ref: str  # citation form of the defining clause, e.g. "2(12)"
    anchor: str  # the clause on the document page
    label: str  # the entry on the glossary page

    @property
    def keys(self) -> tuple[str, ...]:
        return term_keys(self.node.term or "")


def term_keys(term: str) -> tuple[str, ...]:
    """The forms of a term a reader types or meets in text.

    ``マイナンバー利用事務系（個人番号利用事務系）`` → the whole term, the main
    part and the parenthesised alias.
    """
    keys = [term]
    m = re.fullmatch(r"(.+?)\s*[（(](.+)[）)]", term)
    if m:
        keys += [m.group(1).strip(), m.group(2).strip()]
    return tuple(dict.fromkeys(k for k in keys if k))


def search_keys(entries: Iterable[GlossaryEntry]) -> list[str]:
    """Words the search index and the query splitter keep whole (NFKC, sorted)."""
    keys = {unicodedata.normalize("NFKC", k) for e in entries for k in e.keys}
    return sorted(k for k in keys if len(k) > 1)


@dataclass(frozen=True)
class _Target:
    """Where a phrase in running text links to: a glossary entry or a document."""

    role: str  # "ref" (glossary entry) or "doc"
    target: str
    doc_id: str
    node_id: str | None = None


class Linker:
    """Links, per chapter, the first occurrence of each glossary term and document name."""

    def __init__(self, entries: list[GlossaryEntry], docs: Iterable[Document]) -> None:
        self.by_key: dict[str, list[_Target]] = {}
        for e in entries:
            for k in e.keys:
                self.by_key.setdefault(k, []).append(_Target("ref", e.label, e.doc.id, e.node.id))
        for d in docs:  # 「情報セキュリティ対策基準」 is a document, not the term 情報セキュリティ + 対策基準
            for k in dict.fromkeys((d.public_name, d.title)):
                self.by_key.setdefault(k, []).append(_Target("doc", doc_target(f"{d.id}/index"), d.id))
        self.pattern = None
        if self.by_key:
            keys = sorted(self.by_key, key=lambda k: (-len(k), k))  # longest first
            self.pattern = re.compile("|".join(re.escape(k) for k in keys))

    def pieces(self, text: str, doc_id: str, self_id: str | None, seen: set[str]) -> list[tuple[bool, str]]:
        if self.pattern is None:
            return [(False, rst.escape(text))]
        out: list[tuple[bool, str]] = []
        pos = 0
        for m in self.pattern.finditer(text):
            candidates = self.by_key[m.group(0)]
            t = next((c for c in candidates if c.doc_id == doc_id), candidates[0])
            if t.doc_id == doc_id and (t.node_id == self_id or t.role == "doc") or t.target in seen:
                continue  # not to itself, not twice in a chapter
            seen.add(t.target)
            out.append((False, rst.escape(text[pos:m.start()])))
            out.append((True, rst.role(t.role, m.group(0), t.target)))
            pos = m.end()
        out.append((False, rst.escape(text[pos:])))
        return out


def glossary_entries(docs: Iterable[Document]) -> list[GlossaryEntry]:
    """Every defined term of the current revisions shown, in document and clause order."""
    entries = []
    for doc in docs:
        rev = doc.current
        for p in place(doc, rev):
            if p.node.term and not p.node.withheld:
                entries.append(GlossaryEntry(doc, p.node, p.ref, anchor(doc, rev, p.node.id),
                                             f"term-{doc.id}-{p.node.id}".lower()))
    return entries


def glossary_page(w: SiteWriter) -> Iterable[Page]:
    """``glossary``: each term, its definition, and a link to the clause that defines it."""
    if not w.glossary:
        return
    out = [rst.heading("用語集", 1), ""]
    out.append(rst.escape("方針の中で定義している用語です。各用語の下の番号から、定義している箇所へ移動できます。") + "\n")
    for doc in w.docs:
        entries = [e for e in w.glossary if e.doc.id == doc.id]
        if not entries:
            continue
        if len(w.docs) > 1:
            out.append(rst.heading(rst.escape(doc.title), 2))
        level = 3 if len(w.docs) > 1 else 2
        rev = doc.current
        labels = {p.node.id: p.ref for p in place(doc, rev)}
        for e in entries:
            out.append(rst.heading(f"{rst.role('anchor', e.label)} {rst.escape(e.node.term or '')}", level))
            for t in e.node.text:
                out.append(w.inline(doc, rev, t, labels, e.node, set()) + "\n")
            out.append(rst.directive("container", "source",
                                     body=rst.escape("定義: ") + rst.role(
                                         "ref", f"{doc.title} {e.ref}", e.anchor)) + "\n")
    yield Page("glossary", "\n".join(out))
