"""Markdown → blocks, with markdown-it-py.

markdown-it gives the block structure (headings, list items, paragraphs) and
source lines; inline markup is not interpreted (the raw text is the city's
wording, ``*`` and ``_`` included).  A paragraph is cut into several blocks
where a line starts with a number (``(2) …`` in plain text) or a date (the
策定/改定 lines), at hard line breaks, and otherwise its wrapped lines are joined.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from toolkit.source.importer.boilerplate import is_boilerplate
from toolkit.source.importer.state import Block, State
from toolkit.textforms.lines import is_date_line
from toolkit.textforms.numbers import match_marker, own_line, starts_block

# Indented code would swallow indented plain-text items; HTML blocks and link
# reference definitions would hide text.  Without them every line is text.
_DISABLED = ["code", "html_block", "reference"]
# A numbered line this short, with no 。, is a heading even without Markdown:
# the next line starts its text rather than continuing it.
HEADING_LINE_MAX = 30
# before the first number or date, a line this short with no 。 is a line of its own (a title)
FRONT_LINE_MAX = 40
_UNDERSTOOD = {
    "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "blockquote_open", "blockquote_close", "hr",
}


def parser() -> MarkdownIt:
    # inline markup is never interpreted (the raw text is the city's wording): no inline pass
    return MarkdownIt("commonmark").disable(_DISABLED).disable("inline")


def join_wrapped(a: str, b: str) -> str:
    """Join a line wrapped by layout: no space in Japanese, one between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_LINE = re.compile(r"^\s*</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>")
_TABLE_ROW = re.compile(r"^\|.*\|$")
# what Markdown containers put in front of a line (quote marks, bullets, indentation)
_CONTAINER = re.compile(r"^(?:[ \t>]|[-*+](?=[ \t]))*")
# a line of Markdown syntax only (rules, fences, setext underlines, table rules): no text to keep
SYNTAX_ONLY = re.compile(r"^[\s#>*+\-=_`~|:.]*$")
# the Markdown parser stops at its nesting limit; it reads on after such a line at most this often
MAX_REREADS = 20
_RAW = {"fence": "a fenced code block", "code_block": "an indented code block",
        "html_block": "an HTML block", "table_open": "a table"}


def read_blocks(text: str, state: State) -> list[Block]:
    """The blocks of a Markdown / plain-text document, in order.

    Nothing is lost: HTML comments are dropped and quoted in the report; code
    blocks, tables and anything else not understood are kept as paragraphs,
    line by line, with a warning; lines the Markdown parser did not return
    (it stops at nesting deeper than its limit) are read again on their own.
    """
    text = _drop_comments(text.replace("\r\n", "\n").replace("\r", "\n"), state)
    lines = text.split("\n")
    blocks: list[Block] = []
    offset = 0
    rereads = 0
    while offset < len(lines):
        rereads += 1
        if rereads > MAX_REREADS:  # hostile: nesting too deep again and again: the rest line by line
            blocks.extend(_kept(lines[i], i + 1, state, "nested too deep for the Markdown reader")
                          for i in range(offset, len(lines)) if not SYNTAX_ONLY.match(lines[i]))
            break
        covered: set[int] = set()
        part = "\n".join(lines[offset:])
        blocks.extend(_read(part, offset, lines, state, covered))
        if not covered:  # the parser returned nothing of the rest: read it line by line
            blocks.extend(_kept(lines[i], i + 1, state, "nested too deep for the Markdown reader")
                          for i in range(offset, len(lines)) if not SYNTAX_ONLY.match(lines[i]))
            break
        last = max(covered, default=offset - 1)
        for i in range(offset, last + 1):
            if i not in covered and not SYNTAX_ONLY.match(lines[i]):
                blocks.append(_kept(lines[i], i + 1, state, "not read as Markdown"))
        rest = next((i for i in range(last + 1, len(lines)) if not SYNTAX_ONLY.match(lines[i])), None)
        if rest is None:
            break
        # the parser stopped (nesting too deep): keep the line, read on after it
        blocks.append(_kept(lines[rest], rest + 1, state, "nested too deep for the Markdown reader"))
        offset = rest + 1
    blocks.sort(key=lambda b: b.line)  # stable: lines read again fall where they stood
    for b in blocks:
        if b.kind == "para" and _HTML_LINE.match(b.text):
            state.warn(b.line, "HTML kept as text", b.text, "policy text, not HTML markup")
        elif b.kind == "para" and _TABLE_ROW.match(b.text):
            state.warn(b.line, "a table row kept as text", b.text, "policy text; a table is not imported as one")
    return blocks


def _drop_comments(text: str, state: State) -> str:
    out: list[str] = []
    pos, line = 0, 1
    for m in _COMMENT.finditer(text):
        line += text.count("\n", pos, m.start())
        out.append(text[pos:m.start()])
        state.warn(line, "HTML comment dropped (not policy text)", m.group(0))
        state.decided("dropped", line, m.group(0), "HTML comment")
        out.append("\n" * m.group(0).count("\n"))  # keep the line numbers of what follows
        line += m.group(0).count("\n")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _kept(raw: str, line: int, state: State, why: str) -> Block:
    text = raw[_CONTAINER.match(raw).end():].strip()  # type: ignore[union-attr]
    state.warn(line, f"{why}; kept as a line of text", raw.strip())
    return Block("para", text, line)


def _read(text: str, offset: int, lines: list[str], state: State, covered: set[int]) -> list[Block]:
    tokens = parser().parse(text)
    blocks: list[Block] = []
    kind = "para"
    level = 0
    item_first = False  # the next inline is the first paragraph of a list item
    item_kind = "item"
    prefix = ""
    lists: list[str] = []  # enclosing list kinds, innermost last
    item_line = 0
    front, seen = True, 0  # no number or date yet (blocks[:seen] checked)
    skip_to: int | None = None  # inside a table: skip its tokens (its lines are kept raw)
    for k, tok in enumerate(tokens):
        if skip_to is not None:
            if k < skip_to:
                continue
            skip_to = None
        t = tok.type
        if tok.map and t in ("paragraph_open", "heading_open", "hr", *_RAW):
            covered.update(range(offset + tok.map[0], offset + tok.map[1]))
        if t not in _UNDERSTOOD:
            if tok.nesting == 1:  # a container we do not read: its lines, raw
                close = t.replace("_open", "_close")
                skip_to = next((j for j in range(k + 1, len(tokens))
                                if tokens[j].type == close and tokens[j].level == tok.level), len(tokens)) + 1
            if tok.map:
                what = _RAW.get(t, f"Markdown {t!r}")
                for i in range(offset + tok.map[0], offset + tok.map[1]):
                    covered.add(i)
                    raw = lines[i][_CONTAINER.match(lines[i]).end():].strip()  # type: ignore[union-attr]
                    if raw:
                        blocks.append(Block("para", raw, i + 1))
                state.warn(offset + tok.map[0] + 1, f"{what} kept as text, line by line",
                           "\n".join(lines[offset + tok.map[0]: offset + tok.map[1]]),
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
            item_line = offset + (tok.map[0] if tok.map else 0)
            if lists and lists[-1] == "ordered_list_open":
                # markdown-it's ordered lists are 1. and 1) — both numbering styles of the model
                item_kind, prefix = "ordered", f"{tok.info}{tok.markup} "
            else:
                item_kind, prefix = "item", ""
        elif t == "inline":
            start = offset + (tok.map[0] + 1 if tok.map else 0)
            if kind == "heading":
                blocks.append(Block("heading", tok.content.strip(), start, level=level))
            elif item_first:
                item_first = False
                # a bullet item's wrapped lines are its text, however short its first line
                first, *rest = _split_paragraph(prefix + tok.content, start, headings=item_kind != "item")
                blocks.append(Block(item_kind, first[1], first[0]))
                blocks.extend(Block("para", s, ln) for ln, s in rest)
            else:
                front = front and not any(b.kind != "para" or starts_block(b.text) or is_date_line(b.text)
                                          for b in blocks[seen:])
                seen = len(blocks)
                blocks.extend(Block("para", s, ln) for ln, s in _split_paragraph(tok.content, start, front=front))
        elif t == "list_item_close" and item_first:
            item_first = False  # an empty item: its number alone (PDF layout), a line of its own
            if prefix.strip():
                covered.add(item_line)
                blocks.append(Block("para" if item_kind == "item" else item_kind, prefix.strip(), item_line + 1))
    return blocks


def _heading_line(line: str) -> bool:
    m = match_marker(line)
    return m is not None and 0 < len(m[1].strip()) <= HEADING_LINE_MAX and "。" not in m[1]


def _split_paragraph(content: str, start: int, headings: bool = True, front: bool = False) -> list[tuple[int, str]]:
    """(line, text) pieces of a paragraph: cut at numbered lines and hard breaks.

    ``front``: the paragraph comes before any number or date: each short line
    without a sentence in it (a title, a web page's boilerplate) is its own piece.
    """
    out: list[tuple[int, str]] = []
    hard = True
    for n, raw in enumerate(content.split("\n")):
        brk = raw.endswith("  ") or raw.endswith("\\")
        line = raw.rstrip(" ").removesuffix("\\").rstrip(" ").lstrip(" \t\u3000")
        if hard or starts_block(line) or is_date_line(line) or is_boilerplate(line) \
                or front and len(line) <= FRONT_LINE_MAX and "。" not in line:
            out.append((start + n, line))
            # a short numbered line with no sentence in it is a heading: the text starts below
            hard = brk or headings and _heading_line(line) or own_line(line) or is_boilerplate(line) \
                or front and len(line) <= FRONT_LINE_MAX and "。" not in line
            continue
        ln, prev = out[-1]
        out[-1] = (ln, join_wrapped(prev, line))
        hard = brk
    return [(ln, s.strip()) for ln, s in out]
