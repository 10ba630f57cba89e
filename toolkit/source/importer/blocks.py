"""Markdown → blocks, with markdown-it-py.

markdown-it gives the block structure (headings, list items, paragraphs) and
source lines; inline markup is not interpreted (the raw text is the city's
wording, ``*`` and ``_`` included).  A paragraph is cut into several blocks
where a line starts with a number (``(2) …`` in plain text) or a date (the
策定/改定 lines), at hard line breaks, and otherwise its wrapped lines are joined.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from toolkit.errors import Location, Problems
from toolkit.source.importer.dates import DATE_LINE
from toolkit.source.importer.numbers import match_marker, starts_block
from toolkit.source.importer.state import Block

# Indented code would swallow indented plain-text items; HTML blocks and link
# reference definitions would hide text.  Without them every line is text.
_DISABLED = ["code", "html_block", "reference"]
# A numbered line this short, with no 。, is a heading even without Markdown:
# the next line starts its text rather than continuing it.
HEADING_LINE_MAX = 30
_UNDERSTOOD = {
    "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "blockquote_open", "blockquote_close", "hr",
}


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").disable(_DISABLED)


def join_wrapped(a: str, b: str) -> str:
    """Join a line wrapped by layout: no space in Japanese, one between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def read_blocks(text: str, file: str, problems: Problems) -> list[Block]:
    """The blocks of a Markdown / plain-text document, in order."""
    tokens = parser().parse(text)
    blocks: list[Block] = []
    kind = "para"
    level = 0
    item_first = False  # the next inline is the first paragraph of a list item
    item_kind = "item"
    prefix = ""
    lists: list[str] = []  # enclosing list kinds, innermost last
    for tok in tokens:
        t = tok.type
        if t not in _UNDERSTOOD:
            line = tok.map[0] + 1 if tok.map else 0
            what = {"fence": "a fenced code block", "code_block": "an indented code block",
                    "html_block": "an HTML block", "table_open": "a table"}.get(t, f"Markdown {t!r}")
            problems.add(Location(file, line), f"cannot import {what}",
                         "headings, numbered items and paragraphs of policy text")
            continue
        if t in ("bullet_list_open", "ordered_list_open"):
            lists.append(t)
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "heading_open":
            kind, level = "heading", int(tok.tag[1:])
        elif t == "heading_close":
            kind, level = "para", 0
        elif t == "list_item_open":
            item_first = True
            if lists and lists[-1] == "ordered_list_open":
                if tok.markup != ".":
                    problems.add(Location(file, tok.map[0] + 1 if tok.map else 0),
                                 f"numbering style '{tok.info}{tok.markup}' is not supported",
                                 "1. / 1 / (1) / （１） / ⑴ / ① / ア / (ア) / 1―1")
                item_kind, prefix = "ordered", f"{tok.info}. "
            else:
                item_kind, prefix = "item", ""
        elif t == "inline":
            start = tok.map[0] + 1 if tok.map else 0
            if kind == "heading":
                blocks.append(Block("heading", tok.content.strip(), start, level=level))
            elif item_first:
                item_first = False
                # a bullet item's wrapped lines are its text, however short its first line
                first, *rest = _split_paragraph(prefix + tok.content, start, headings=item_kind != "item")
                blocks.append(Block(item_kind, first[1], first[0]))
                blocks.extend(Block("para", s, ln) for ln, s in rest)
            else:
                blocks.extend(Block("para", s, ln) for ln, s in _split_paragraph(tok.content, start))
    return blocks


def _heading_line(line: str) -> bool:
    m = match_marker(line)
    return m is not None and 0 < len(m[1].strip()) <= HEADING_LINE_MAX and "。" not in m[1]


def _split_paragraph(content: str, start: int, headings: bool = True) -> list[tuple[int, str]]:
    """(line, text) pieces of a paragraph: cut at numbered lines and hard breaks."""
    out: list[tuple[int, str]] = []
    hard = True
    for n, raw in enumerate(content.split("\n")):
        brk = raw.endswith("  ") or raw.endswith("\\")
        line = raw.rstrip(" ").removesuffix("\\").rstrip(" ").lstrip(" \t\u3000")
        if hard or starts_block(line) or DATE_LINE.match(line):
            out.append((start + n, line))
            # a short numbered line with no sentence in it is a heading: the text starts below
            hard = brk or headings and _heading_line(line)
            continue
        ln, prev = out[-1]
        out[-1] = (ln, join_wrapped(prev, line))
        hard = brk
    return [(ln, s.strip()) for ln, s in out]
