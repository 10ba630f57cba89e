"""Word (.docx) → text, with python-docx.

* Word's automatic numbering (``w:numPr``, from the paragraph or its style)
  is resolved to the number a reader sees: the numbering part's level
  format (decimal, full-width, circled, アイウ, イロハ …) and text (``%1.``,
  ``(%2)``, ``第%1条``), counted per list as Word counts.
* Styles are hints for levels: 見出し 1 / Heading 1 … become Markdown headings,
  表題 / Title the title.
* Tables are written row by row (``| a | b |``) and kept as text, with a warning;
  text boxes likewise.  Footnotes, endnotes, comments, page headers and footers
  are not the text: each is quoted in the report (footnotes with a warning).
* A paragraph that starts with a bookmark ``_pid_…`` (written by ``policy export
  --format docx --editable``, :mod:`toolkit.textforms.word`) carries the clause key: the importer gives it
  the id the clause had (``_pik_…``: the article's first 項, on the article's line).
* The clauses' records (classification, ground, note … per bookmark, see
  :mod:`toolkit.textforms.records`) are read from the file's custom XML part.
* Tracked changes (``w:ins`` / ``w:del``) are refused, saying how to resolve
  them, unless ``accept_changes``: then insertions are kept and deletions dropped
  (the text as Word shows it with every change accepted).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from toolkit.errors import Location, Problem, SourceError
from toolkit.model.numbering_styles import word_digits
from toolkit.source.importer.inputs import Input, Writer, collapse
from toolkit.source.importer.state import Decision
from toolkit.textforms.word import BOOKMARK_PREFIX, FIRST_ITEM_PREFIX, TEXT_STYLE

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^(?:heading|見出し)\s*([1-9])$", re.I)
_TITLE = re.compile(r"^(?:title|表題|タイトル)$", re.I)
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
KANJI = "〇一二三四五六七八九"
MAX_BYTES = 50 * 1024 * 1024  # uncompressed: a Word policy is a few hundred KB


def _fmt(fmt: str, n: int) -> str:
    """The number ``n`` as Word prints it in the list format ``fmt`` (w:numFmt)."""
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt in ("aiueoFullWidth", "aiueo") and 1 <= n <= len(AIUEO):
        return AIUEO[n - 1]
    if fmt in ("irohaFullWidth", "iroha") and 1 <= n <= len(IROHA):
        return IROHA[n - 1]
    if fmt in ("japaneseCounting", "japaneseDigitalTenThousand", "ideographDigital", "chineseCounting"):
        return _kanji(n)
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt == "bullet" or fmt == "none":
        return ""
    digits = word_digits(fmt)  # a format only a numbering style of ours is written with: as that style prints it
    return digits(n) if digits is not None else str(n)


def _kanji(n: int) -> str:
    if n < 10:
        return KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI[tens]) + "十" + (KANJI[ones] if ones else "") if n < 100 else str(n)


def _roman(n: int) -> str:
    out = ""
    for v, r in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


class Numbering:
    """Word's list numbering, counted as Word counts it."""

    def __init__(self, part: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.restart: dict[str, dict[int, int | None]] = {}  # w:lvlRestart: 0 = never (第N条 through chapters)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if part is None:
            return
        root = part.element
        for a in root.findall(f"{_W}abstractNum"):
            lv = {}
            restart: dict[int, int | None] = {}
            for lvl in a.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                r = _val(lvl.find(f"{_W}lvlRestart"))
                restart[ilvl] = int(r) if r is not None and r.isdigit() else None
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or ""
                start = int(_val(lvl.find(f"{_W}start")) or "1")
                lv[ilvl] = (fmt, text, start)
            self.levels[a.get(f"{_W}abstractNumId", "")] = lv
            self.restart[a.get(f"{_W}abstractNumId", "")] = restart
        for num in root.findall(f"{_W}num"):
            overrides = {}
            for o in num.findall(f"{_W}lvlOverride"):
                s = o.find(f"{_W}startOverride")
                if s is not None:
                    overrides[int(o.get(f"{_W}ilvl", "0"))] = int(_val(s) or "1")
            self.nums[num.get(f"{_W}numId", "")] = (_val(num.find(f"{_W}abstractNumId")) or "", overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id in ("", "0") or num_id not in self.nums:
            return ""
        abs_id, overrides = self.nums[num_id]
        levels = self.levels.get(abs_id, {})
        if ilvl not in levels:
            return ""
        count = self.counters.setdefault(num_id, {})
        start = overrides.get(ilvl, levels[ilvl][2])
        count[ilvl] = count.get(ilvl, start - 1) + 1
        restart = self.restart.get(abs_id, {})
        for deeper in [k for k in count if k > ilvl]:
            r = restart.get(deeper)
            if r is None or (r != 0 and ilvl < r):  # restarts after a higher level, unless told otherwise
                del count[deeper]
        fmt, text, _start = levels[ilvl]
        if fmt == "bullet":
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            n = count.get(k, overrides.get(k, levels[k][2]))
            return _fmt(levels[k][0], n)

        return re.sub(r"%([1-9])", sub, text)


def _val(el: Any) -> str | None:
    return None if el is None else el.get(f"{_W}val")


def _tracked(body: Any) -> tuple[int, int]:
    ins = sum(1 for _ in body.iter(f"{_W}ins")) + sum(1 for _ in body.iter(f"{_W}moveTo"))
    dels = sum(1 for _ in body.iter(f"{_W}del")) + sum(1 for _ in body.iter(f"{_W}moveFrom"))
    return ins, dels


def _accept(body: Any) -> None:
    """Every tracked change accepted: deletions removed, insertions unwrapped (their runs kept), and a
    paragraph whose mark was deleted joined with the paragraph after it, as Word joins them."""
    joined = []
    for tag in ("del", "moveFrom"):
        for el in list(body.iter(f"{_W}{tag}")):
            parent = el.getparent()
            if parent is None:
                continue
            if parent.tag == f"{_W}rPr" and parent.getparent() is not None \
                    and parent.getparent().tag == f"{_W}pPr":  # the paragraph mark itself was deleted
                joined.append(parent.getparent().getparent())
            parent.remove(el)
    for para in joined:
        nxt = para.getnext()
        if para.getparent() is None or nxt is None or nxt.tag != f"{_W}p":
            continue
        for child in list(nxt):
            if child.tag != f"{_W}pPr":
                para.append(child)
        nxt.getparent().remove(nxt)
    for tag in ("ins", "moveTo"):
        for el in list(body.iter(f"{_W}{tag}")):
            parent = el.getparent()
            if parent is None:
                continue
            if parent.tag == f"{_W}rPr":  # an inserted paragraph mark: nothing to unwrap
                parent.remove(el)
                continue
            at = parent.index(el)
            for k, child in enumerate(list(el)):
                parent.insert(at + k, child)
            parent.remove(el)


def read_docx(data: bytes, file: str, *, accept_changes: bool = False) -> Input:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_BYTES:
                raise SourceError([Problem(Location(file), f"the Word file unpacks to more than {MAX_BYTES} bytes",
                                           "a policy document (a few hundred KB)")])
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as e:
        raise SourceError([Problem(Location(file), f"not a Word (.docx) file that can be read: {e}",
                                   "a .docx saved by Word or LibreOffice")]) from None
    body = document.element.body
    ins, dels = _tracked(body)
    if (ins or dels) and not accept_changes:
        raise SourceError([Problem(Location(file), f"the Word file has tracked changes ({ins} insertions, {dels} "
                                   "deletions) that are not accepted or rejected",
                                   "accept or reject them in Word (校閲 → 承諾 / 元に戻す) and save, or import with "
                                   "--accept-changes to take the text with every change accepted")])
    w = Writer("docx", unit="paragraph")
    if ins or dels:
        _accept(body)
        w.report.append(Decision("repair", 0, f"{ins} insertions, {dels} deletions",
                                 "tracked changes accepted (--accept-changes)"))
    try:
        part = document.part.numbering_part
    except (KeyError, NotImplementedError):
        part = None
    numbering = Numbering(part)
    styles = {s.style_id: s for s in document.styles}
    count = 0
    for el in _blocks(body):
        count += 1
        if el.tag == f"{_W}tbl":
            _table(el, w, count)
            continue
        text = collapse(_text(el)).strip()
        # the clause's key, and its first 項's when they share the paragraph ("_pid_… _pik_…")
        keys = [next((b.get(f"{_W}name") for b in el.iter(f"{_W}bookmarkStart")
                      if (b.get(f"{_W}name") or "").startswith(prefix)), None)
                for prefix in (BOOKMARK_PREFIX, FIRST_ITEM_PREFIX)]
        key = " ".join(k for k in keys if k) or None
        num_id, ilvl, style_name = _num(el, styles)
        label = numbering.label(num_id, ilvl) if num_id else ""
        if label:
            text = f"{label} {text}".strip()
        heading = 0
        h = _HEADING.match(style_name or "")
        if h:
            heading = int(h.group(1)) + 1
        elif _TITLE.match(style_name or ""):
            heading = 1
        as_text = style_name in (TEXT_STYLE, "本文")
        if as_text and text and not text.startswith("\\"):
            text = "\\" + text  # the escapes rule drops it: text, not a number
        w.block(text, count, key=key, heading=heading, escape=not label and not as_text)
        for box in el.iter(f"{_W}txbxContent"):  # a text box: its paragraphs after the one holding it
            for bp in box.iter(f"{_W}p"):
                inner = collapse(_text(bp)).strip()
                if inner:
                    w.block(inner, count)
                    w.warn(inner, count, "text in a Word text box, kept as a paragraph after the one holding it")
    _parts(data, w)
    _records(data, w)
    return w.done()


def _records(data: bytes, w: Writer) -> None:
    """The clause records of ``policy export --editable`` (a custom XML part): bookmark name → record.
    One that cannot be read is said in the report (the clause then takes its fields from ``--like``)."""
    from lxml import etree

    from toolkit.textforms.records import NAMESPACE, ClauseRecord

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if not re.fullmatch(r"customXml/item\d+\.xml", name):
                continue
            try:
                root = etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                      huge_tree=False))
            except etree.XMLSyntaxError:
                continue
            if root.tag != f"{{{NAMESPACE}}}clauses":
                continue
            for el in root.iter(f"{{{NAMESPACE}}}clause"):
                key = el.get("key") or ""
                try:
                    w.records[key] = ClauseRecord.from_json(el.text or "")
                except ValueError as e:
                    w.warn((el.text or "")[:200], 0, f"the record of clause {key!r} in {name} cannot be read ({e}); "
                           "its fields are taken from --like")


def _text(p: Any) -> str:
    """What a reader sees of a paragraph: every w:t (runs, hyperlinks, fields' results, content controls),
    tabs and breaks; not field codes, not deleted text, not text boxes (read on their own)."""
    out: list[str] = []

    def go(el: Any) -> None:
        for c in el:
            tag = c.tag
            if tag in (f"{_W}txbxContent", f"{_W}instrText", f"{_W}delText", f"{_W}del", f"{_W}pPr", f"{_W}rPr"):
                continue
            if tag == f"{_W}t":
                out.append(c.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                out.append(" ")
            elif tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                out.append("-")
            else:
                go(c)

    go(p)
    return "".join(out)


def _parts(data: bytes, w: Writer) -> None:
    """Footnotes, endnotes, comments, headers and footers: not read as the text; each quoted in the report."""
    from lxml import etree
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            m = re.fullmatch(r"word/(footnotes|endnotes|comments|header\d*|footer\d*)\.xml", name)
            if not m:
                continue
            try:
                root = etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                continue
            what = {"footnotes": "footnote", "endnotes": "endnote", "comments": "comment (a reviewer's note)"}.get(
                m.group(1), "page header / footer")
            for para in root.iter(f"{_W}p"):
                text = collapse(_text(para)).strip()
                if text:
                    if what in ("footnote", "endnote"):
                        w.warn(text, 0, f"a Word {what}: not imported (quoted here)")
                    w.dropped(text, 0, f"Word {what}")


def _blocks(body: Any):
    for el in body:
        if el.tag in (f"{_W}p", f"{_W}tbl"):
            yield el
        elif el.tag == f"{_W}sdt":  # a content control around paragraphs
            content = el.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _num(p: Any, styles: dict[str, Any]) -> tuple[str, int, str | None]:
    """(numId, ilvl, style name) of a paragraph: its own numPr, else its style's (following basedOn)."""
    ppr = p.find(f"{_W}pPr")
    style_id = _val(ppr.find(f"{_W}pStyle")) if ppr is not None else None
    style = styles.get(style_id) if style_id else None
    name = style.name if style is not None else None
    num_id, ilvl = "", 0
    numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
    seen = set()
    while numpr is None and style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        sppr = style.element.find(f"{_W}pPr")
        numpr = sppr.find(f"{_W}numPr") if sppr is not None else None
        style = style.base_style
    if numpr is not None:
        num_id = _val(numpr.find(f"{_W}numId")) or ""
        ilvl = int(_val(numpr.find(f"{_W}ilvl")) or "0")
    return num_id, ilvl, name


def _table(tbl: Any, w: Writer, count: int) -> None:
    for tr in tbl.iter(f"{_W}tr"):
        cells = []
        for tc in tr.findall(f"{_W}tc"):
            cells.append(collapse(" ".join(_text(p) for p in tc.iter(f"{_W}p"))).strip())
        if any(cells):
            w.block("| " + " | ".join(cells) + " |", count, escape=False)
