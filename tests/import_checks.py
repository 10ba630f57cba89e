"""The never-drops check shared by the import tests: every non-blank input line is in the revision or the report."""

from __future__ import annotations

import re
import unicodedata

from toolkit.model import Document
from toolkit.model.numbering import place, ref_labels, supplementary_heading, supplementary_paragraphs
from toolkit.model.refs import resolve
from toolkit.source.importer import Imported
from toolkit.textforms.records import split_line

_WS = re.compile(r"\s+")
# what Markdown puts in front of a line's text: indentation, quote marks, bullets, '#'s
_PREFIX = re.compile(r"^(?:[ \t>]|[-*+](?=[ \t]|$)|#{1,6}(?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]+[-*+>]))*")
_SYNTAX_ONLY = re.compile(r"^[\s#>*+\-=_`~|:.]*$")
# a list item holding only syntax ("1) ___" is an item with a thematic break): its number is all there is to keep
_MARKER_ONLY = re.compile(r"^([0-9]{1,9}[.)])[ \t]+[\s#>*+\-=_`~|:.]*$")


def _norm(s: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", s))


def kept_text(imp: Imported) -> str:
    """Everything the revision shows (numbers, headings, text, 附則) and everything the report quotes."""
    rev = imp.revision
    doc = Document("d", imp.title or "", "", "public", imp.numbering or ("1.",), (rev,))
    labels = ref_labels(doc, rev)
    parts = [imp.title or "", imp.series or ""]
    placed = list(place(doc, rev))
    for k, p in enumerate(placed):
        text = "".join(resolve(t, labels) for t in p.node.text)
        parts.append(p.label + (p.node.heading or "") + text)
        parts.append(p.label + text)  # 第1条　本文 under its （見出し）: the caption is quoted in the report
        nxt = placed[k + 1] if k + 1 < len(placed) else None
        if nxt is not None and nxt.parent_id == p.node.id and not nxt.label:  # the first 項, on its article's line
            parts.append(p.label + "".join(resolve(t, labels) for t in nxt.node.text))
    for n in rev.supplementary:  # 附則: in the revision (a 項's number is derived, printed before it)
        parts.append(supplementary_heading(n))
        parts.extend(num + text for num, text in supplementary_paragraphs(n))
        parts.extend(n.text)
    parts.extend(d.text for d in imp.report)
    return "\n".join(_norm(x) for x in parts)


def lost_lines(md: str, imp: Imported) -> list[str]:
    kept = kept_text(imp)
    lost = []
    for raw in md.split("\n"):
        if _SYNTAX_ONLY.match(raw):
            continue
        marker = _MARKER_ONLY.match(raw.lstrip(" \t>"))
        line = marker.group(1) if marker else raw[_PREFIX.match(raw).end():]  # type: ignore[union-attr]
        line = re.sub(r"[ \t]#+[ \t]*$", "", line)  # an ATX heading's closing '#'s
        line = line.strip().removeprefix("\\").removesuffix("\\")
        # a clause's record at the end of its line ({#id .restricted …}) is quoted in the report, the text kept
        line, records = split_line(line)
        # a comment inside a line is quoted in the report, the text around it kept: each piece somewhere
        pieces = [x for x in [*re.split(r"(<!--.*?-->)", line), *records] if _norm(x)]
        if any(_norm(x) not in kept for x in pieces):
            lost.append(raw)
    return lost
