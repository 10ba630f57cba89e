"""HTML → text: a saved 例規集 page or a city web page.

The main content is the first of ``<main>``, ``role="main"``, or an element
whose id or class names the content (main, contents, honbun …), else the
``<body>``.  Inside it, navigation, breadcrumbs, headers, footers, side
menus, scripts and forms are dropped.  Every dropped text, inside or outside
the main content, is quoted in the report with the HTML line it was on.
Block elements become paragraphs; ``<h1>``–``<h6>`` Markdown headings;
``<ol>`` items get the number the browser shows; table rows are written
``| a | b |`` (kept as text, with a warning), except a layout table's (one
cell a row, as older 例規集 pages lay out the text), whose content is read as blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from toolkit.source.importer.inputs import Input, Writer, collapse

MAX_DEPTH = 100  # deeper elements are read as part of the one at this depth (hostile nesting)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# inside the main content; a <header> there usually holds the page's title, so it stays
DROP_TAGS = {"script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
             "select", "iframe", "svg", "head", "title"}
DROP_NAMES = re.compile(r"(?:^|[-_\s])(?:g?nav\w*|breadcrumbs?|pankuzu|topicpath|menu|footer|side\w*|banner|"
                        r"skip\w*|sns|share|page-?top|utility|tool\w*|search)(?:$|[-_\s])", re.I)
# when no main content is marked (the whole body is read), the site's header (a child of the body) goes too
_HEADER = re.compile(r"(?:^|[-_\s])header(?:$|[-_\s])", re.I)
MAIN_NAMES = re.compile(r"^(?:main|contents?|honbun|main[-_]?contents?|article|tmp_contents|mainbody|main[-_]?area)$",
                        re.I)
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "main", "dd",
          "dt", "blockquote", "pre", "ul", "ol", "dl", "body", "address", "figure", "figcaption", "center"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element | tuple[str, int]] = field(default_factory=list)

    def names(self) -> str:
        return f"{self.attrs.get('id', '')} {self.attrs.get('class', '')}".strip()

    def text(self) -> str:
        out = []
        for c in self.children:
            out.append(c[0] if isinstance(c, tuple) else c.text() + ("\n" if c.tag in BLOCKS or c.tag == "br" else ""))
        return "".join(out)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, 1)
        self.stack = [self.root]
        self.comments: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) > MAX_DEPTH:
            if tag in BLOCKS or tag == "br":  # too deep to nest: a line break keeps its text apart
                self.stack[-1].children.append(("\n", self.getpos()[0]))
            return
        el = Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0])
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) <= MAX_DEPTH:
            self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_comment(self, data: str) -> None:
        self.comments.append((f"<!--{data}-->", self.getpos()[0]))

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append((data, self.getpos()[0]))


def _walk(el: Element):
    yield el
    for c in el.children:
        if isinstance(c, Element):
            yield from _walk(c)


def _main(root: Element) -> Element:
    els = list(_walk(root))
    for test in (lambda e: e.tag == "main", lambda e: e.attrs.get("role") == "main",
                 lambda e: MAIN_NAMES.match(e.attrs.get("id", "")) is not None,
                 lambda e: any(MAIN_NAMES.match(c) for c in e.attrs.get("class", "").split()),
                 lambda e: e.tag == "body"):
        found = next((e for e in els if test(e)), None)
        if found is not None:
            return found
    return root


def read_html(html: str, file: str) -> Input:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    main = _main(tree.root)
    w = Writer("html")
    if main is not tree.root:
        _outside(tree.root, main, w)
    lines: list[tuple[str, int, int]] = []  # text, html line, heading level
    _blocks(main, w, lines, main)
    for text, line, heading in lines:
        w.block(text, line, heading=heading, escape=not text.startswith("| "))
    for comment, line in tree.comments:
        w.dropped(comment, line, "HTML comment (not shown to a reader)")
    return w.done()


def _outside(el: Element, main: Element, w: Writer) -> None:
    """Everything outside the main content: dropped, quoted."""
    for c in el.children:
        if c is main:
            continue
        if isinstance(c, tuple):
            w.dropped(collapse(c[0]), c[1], "outside the main content")
        elif c.tag in ("script", "style", "head", "title", "noscript", "template"):
            continue  # not text a reader sees
        elif any(x is main for x in _walk(c)):
            _outside(c, main, w)
        else:
            for line in c.text().split("\n"):
                w.dropped(collapse(line), c.line, "outside the main content")


def _blocks(el: Element, w: Writer, out: list[tuple[str, int, int]], main: Element) -> None:
    run: list[str] = []
    start = el.line

    def flush() -> None:
        text = collapse("".join(run)).strip()
        if text:
            out.append((text, start, 0))
        run.clear()

    number = int(el.attrs.get("start", "1") or 1) if el.tag == "ol" and el.attrs.get("start", "").isdigit() else 1
    for c in el.children:
        if isinstance(c, tuple):
            if not run:
                start = c[1]
            run.append(c[0])
            continue
        if c.tag in ("script", "style", "template"):
            continue
        if c is not main and (c.tag in DROP_TAGS or DROP_NAMES.search(c.names())
                              or el is main and main.tag in ("body", "#root")
                              and (c.tag == "header" or _HEADER.search(c.names()))):
            flush()
            for line in c.text().split("\n"):
                w.dropped(collapse(line), c.line, f"<{c.tag}{' ' + c.names() if c.names() else ''}>")
            continue
        if c.tag == "br":
            flush()
            continue
        if c.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            flush()
            text = collapse(c.text().replace("\n", " ")).strip()
            if text:
                out.append((text, c.line, int(c.tag[1])))
            continue
        if c.tag == "tr":
            flush()
            tds = [x for x in c.children if isinstance(x, Element) and x.tag in ("td", "th")]
            cells = [collapse(x.text()).strip() for x in tds]
            if sum(1 for x in cells if x) <= 1:  # a layout table (one cell a row): its content, as blocks
                for x in tds:
                    _blocks(x, w, out, main)
            elif any(cells):
                out.append(("| " + " | ".join(cells) + " |", c.line, 0))
            continue
        if c.tag == "li" and el.tag == "ol":
            flush()
            inner: list[tuple[str, int, int]] = []
            _blocks(c, w, inner, main)
            if inner:
                first, at, level = inner[0]
                inner[0] = (f"{number}. {first}", at, level)
            number += 1
            out.extend(inner)
            continue
        if c.tag in BLOCKS:
            flush()
            _blocks(c, w, out, main)
            start = c.line
            continue
        if not run:
            start = c.line
        run.append(c.text())  # inline element (span, a, strong …): its text
    flush()
