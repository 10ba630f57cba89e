"""Sphinx extension: the site's templates, CSS and item markup on top of the built-in ``basic`` theme.

Loaded by :mod:`.ext`; on its own it gives the look without the search fix
(the browser test builds such a site to show what stock search misses).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def item_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
              options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list, list]:
    """``:item:`INDENT ANCHOR LABEL``` starts a numbered item's paragraph: an explicit target
    (so ``:ref:`` finds it) and the number.  :class:`ItemParagraphs` moves the target onto the paragraph."""
    indent, label_name, *rest = text.split(" ", 2)
    number = rest[0] if rest else ""  # the first 項 of an article (例規) has none
    target = nodes.target("", "", names=[label_name], item_indent=indent)
    inliner.document.note_explicit_target(target, target)
    return [target, nodes.inline(number, number, classes=["num"])], []


def anchor_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list, list]:
    """``:anchor:`NAME``` in a section title: the section's label, as ``.. _NAME:`` before it would be.

    :class:`SectionAnchors` moves the target onto the section.  A ``.. _NAME:`` line costs docutils a
    nested state machine per section (a third of the parse of a 3,000-article document); a role does not.
    """
    target = nodes.target("", "", names=[text], section_anchor=True)
    inliner.document.note_explicit_target(target, target)
    return [target], []


def item_cont_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                   options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list, list]:
    """``:item-cont:`INDENT``` marks a further paragraph of the item above."""
    return [nodes.inline("", "", item_cont=text)], []


class ItemParagraphs(SphinxTransform):
    """Turn item marks into ``<p class="item indent-N" id="ANCHOR">`` / ``<p class="item-cont indent-N">``."""

    default_priority = 690

    def apply(self, **kwargs: Any) -> None:
        doc = self.document
        for target in list(doc.findall(nodes.target)):
            indent = target.get("item_indent")
            para = target.parent
            if indent is None or not isinstance(para, nodes.paragraph):
                continue
            for node_id in target["ids"]:
                doc.ids[node_id] = para
            para["ids"] = target["ids"] + para["ids"]
            para["classes"] += ["item", f"indent-{indent}"]
            para.remove(target)
        for mark in list(doc.findall(nodes.inline)):
            indent = mark.get("item_cont")
            if indent is not None and isinstance(mark.parent, nodes.paragraph):
                mark.parent["classes"] += ["item-cont", f"indent-{indent}"]
                mark.parent.remove(mark)


class SectionAnchors(SphinxTransform):
    """Give a section the id of the ``:anchor:`` in its title (``<section id="basic-policy-threats">``)."""

    default_priority = 690

    def apply(self, **kwargs: Any) -> None:
        doc = self.document
        for target in list(doc.findall(nodes.target)):
            if not target.get("section_anchor"):
                continue
            title = target.parent
            section = title.parent if title is not None else None
            if not isinstance(title, nodes.title) or not isinstance(section, nodes.section):
                continue
            for node_id in target["ids"]:
                doc.ids[node_id] = section
            section["ids"] = target["ids"] + section["ids"]
            section["names"] = target["names"] + section["names"]
            title.remove(target)
            if title.children and isinstance(title[0], nodes.Text) and title[0][:1].isspace():
                rest = title[0].lstrip()  # the space after the role (a 附則's heading is one Text with it)
                if rest:
                    title.replace(title[0], nodes.Text(rest))
                else:
                    title.remove(title[0])


class ExplicitIdsFirst(SphinxTransform):
    """Give a section the id of its label (``basic-policy-threats``), not one made from its title.

    docutils puts the first id on the element and the rest on empty spans; a
    title with Latin letters (「LGWAN接続系」) would otherwise put ``lgwan`` first.
    """

    default_priority = 700  # after targets are propagated onto their sections

    def apply(self, **kwargs: Any) -> None:
        doc = self.document
        explicit = {doc.nameids.get(name) for name, is_explicit in doc.nametypes.items() if is_explicit}
        for section in doc.findall(nodes.section):
            ids = section["ids"]
            section["ids"] = [i for i in ids if i in explicit] + [i for i in ids if i not in explicit]


_STYLE_RE = re.compile(r"<style\b[^>]*>.*?</style>\s*", re.IGNORECASE | re.DOTALL)
_VIEWPORT_RE = re.compile(r'<meta name="viewport"[^>]*>\s*', re.IGNORECASE)


def valid_head(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Keep the head valid: the layout's own viewport tag only (docutils adds a second one),
    and ``<style>`` blocks that extra-page fragments bring moved from the body into the head."""
    context["metatags"] = _VIEWPORT_RE.sub("", context.get("metatags", ""))
    body = context.get("body") or ""
    styles = _STYLE_RE.findall(body)
    if styles:
        context["body"] = _STYLE_RE.sub("", body)
        context["metatags"] += "\n" + "".join(s.strip() + "\n" for s in dict.fromkeys(styles))


def _paths(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.insert(0, str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _paths)
    app.connect("html-page-context", valid_head)
    app.add_role("item", item_role)
    app.add_role("item-cont", item_cont_role)
    app.add_role("anchor", anchor_role)
    app.add_transform(ItemParagraphs)
    app.add_transform(SectionAnchors)
    app.add_transform(ExplicitIdsFirst)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
