"""What the importer reads: a file's bytes → text the rules read, and what reading it decided.

Markdown / plain text is read as it is; HTML (a saved 例規集 page or a city web
page), Word (.docx) and PDF are first turned into the same kind of text by
their reader (``from_html``, ``from_docx``, ``from_pdf``), which also says what
it dropped (navigation, page numbers …: quoted in the report), where each line
came from (the line of the HTML, the paragraph of the Word file, the page of
the PDF) and, for a Word file written by ``policy export --editable``, which
clause each paragraph was (its id, kept in a bookmark).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import Location, Problem, SourceError
from toolkit.source.importer.state import Decision
from toolkit.textforms.records import ClauseRecord

# Limits on a file given to ``policy import`` (each stops a hostile file before it costs memory or
# time; a real policy is far below each).  The file itself: a Word or PDF policy is a few hundred KB,
# a few MB with pictures; 32 MiB also bounds what a zip's directory or a PDF's objects can take.
MAX_INPUT_BYTES = 32 * 1024 * 1024
# XML elements in one part of a Word file: the 対策基準 exported for editing is 1,219 for 152 paragraphs;
# Word's own files split runs, ~30 per paragraph, so a 300-page policy (10,000 paragraphs) is ~300,000.
# Without it 3 M empty paragraphs (18 MB, 62 KB zipped) took 77 s and 430 MB to get through.
MAX_XML_ELEMENTS = 1_000_000

# lines that would read as Markdown syntax: written with a backslash (the escapes rule drops it)
_MARKDOWN = re.compile(r"^(?:[#>*+\-`~=_|]|[0-9]{1,9}\))")
_CLOSING_HASHES = re.compile(r"(?:^|\s)#+$")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@dataclass
class Input:
    """The text to import, in the form the rules read, and what reading it found."""

    text: str
    kind: str = "text"  # text / html / docx / pdf
    # per line of ``text``: the line of the input it came from (HTML line, Word paragraph); empty: the same
    where: list[int] = field(default_factory=list)
    unit: str = "line"  # what a location's number counts: line (text, HTML, PDF text) / paragraph (Word)
    ids: dict[int, str] = field(default_factory=dict)  # line of ``text`` → the clause key from a Word bookmark
    report: list[Decision] = field(default_factory=list)  # what the reader decided (dropped navigation …)
    records: dict[str, ClauseRecord] = field(default_factory=dict)  # bookmark name → the clause's fields (Word)

    def origin(self, line: int) -> int:
        """The input's line (or paragraph) that line ``line`` of the text came from."""
        if not self.where:
            return line
        return self.where[line - 1] if 0 < line <= len(self.where) else 0


class Writer:
    """Builds an :class:`Input`: one block per paragraph, a blank line between blocks."""

    def __init__(self, kind: str, unit: str = "line") -> None:
        self.kind = kind
        self.unit = unit
        self.lines: list[str] = []
        self.where: list[int] = []
        self.ids: dict[int, str] = {}
        self.report: list[Decision] = []
        self.records: dict[str, ClauseRecord] = {}

    def block(self, text: str, where: int, key: str | None = None, heading: int = 0, escape: bool = True) -> None:
        text = text.strip()
        if not text:
            return
        if escape and _MARKDOWN.match(text):
            text = "\\" + text
        if heading:
            if _CLOSING_HASHES.search(text):  # 「1 #」: Markdown reads a last run of # as the heading's end,
                text += " #"  # so give it one to take
            text = "#" * min(heading, 6) + " " + text
        if self.lines:
            self.lines.append("")
            self.where.append(where)
        for k, line in enumerate(text.split("\n")):
            if key is not None and k == 0:
                self.ids[len(self.lines) + 1] = key
            self.lines.append(line)
            self.where.append(where)

    def dropped(self, text: str, where: int, why: str) -> None:
        text = text.strip()
        if text:
            self.report.append(Decision("dropped", where, text, why))

    def warn(self, text: str, where: int, message: str) -> None:
        """Something the reader could not keep as it was: said in the report (an error with --strict)."""
        self.report.append(Decision("warning", where, text.strip(), message))

    def done(self) -> Input:
        return Input("\n".join(self.lines) + "\n", self.kind, self.where, self.unit, self.ids, self.report,
                     self.records)


def collapse(text: str) -> str:
    """HTML / Word whitespace: runs of ASCII white space are one space; the ideographic space is kept."""
    return _SPACES.sub(" ", text)


def read_input(data: bytes, file: str, *, accept_changes: bool = False) -> Input:
    """The text of ``data`` (named ``file``), whatever its format."""
    name = file.lower()
    if data[:4] == b"PK\x03\x04" and (name.endswith(".docx") or b"word/" in data[:2000]):
        from toolkit.source.importer.from_docx import read_docx
        check_word_package(data, file)
        try:
            return read_docx(data, file, accept_changes=accept_changes)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
            # well-formed XML that is not what Word writes (a level "x", a document part without a body)
            raise SourceError([Problem(Location(file), f"a Word file whose content cannot be followed "
                                       f"({type(e).__name__}: {e})", "a .docx saved by Word or LibreOffice")]) from None
    if data[:5] == b"%PDF-":
        from toolkit.source.importer.from_pdf import read_pdf
        return read_pdf(data, file)
    text = _decode(data, file)
    head = text[:1000].lstrip().lower()
    if name.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html")):
        from toolkit.source.importer.from_html import read_html
        return read_html(text, file)
    return Input(text)


def read_input_file(name: str) -> tuple[bytes, str]:
    """The bytes of the file to import (``-``: standard input) and its name for messages, refusing
    what is not a regular file (a link, folder, device or pipe: checked without following or
    blocking) and more than :data:`MAX_INPUT_BYTES`."""
    from toolkit.source.yamlnodes import display_path, read_source

    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise SourceError([Problem(Location("<stdin>"), f"is more than the limit of {MAX_INPUT_BYTES:,} bytes",
                                       "a policy document (a Word, PDF, HTML or text file)")])
        return data, "<stdin>"
    path = Path(name)
    file = display_path(path)
    expected = "a policy document: a regular Word, PDF, HTML or text file"
    return read_source(path, file, limit=MAX_INPUT_BYTES, expected=expected), file


def check_word_package(data: bytes, file: str) -> None:
    """Refuse a Word file python-docx should not be given: a damaged or bomb zip (see
    :mod:`toolkit.archives`), an XML part that declares a DOCTYPE (entities: Word never writes one;
    the billion-laughs bomb needs it), that is not well-formed, or that has more elements than
    :data:`MAX_XML_ELEMENTS`.  Errors name ``FILE/PART:LINE``."""
    from toolkit.archives import open_package, read_members
    from toolkit.source.importer.from_docx import MAX_BYTES

    with open_package(data, file, "a Word (.docx) file", "a .docx saved by Word or LibreOffice") as z:
        parts = read_members(z, file, MAX_BYTES)
    for part, xml in sorted(parts.items()):
        if part.endswith((".xml", ".rels")):
            _check_xml(xml, f"{file}/{part}")


def _check_xml(xml: bytes, where: str) -> None:
    from lxml import etree

    if b"<!DOCTYPE" in xml:
        line = xml.count(b"\n", 0, xml.index(b"<!DOCTYPE")) + 1
        raise SourceError([Problem(Location(where, line), "declares a DOCTYPE (entities), which Word never writes",
                                   "a .docx saved by Word or LibreOffice")])
    parser = etree.XMLPullParser(events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
    elements = 0
    try:
        for at in range(0, len(xml), 1 << 20):
            parser.feed(xml[at:at + (1 << 20)])
            for _event, el in parser.read_events():
                elements += 1
                if elements > MAX_XML_ELEMENTS:
                    raise SourceError([Problem(Location(where, el.sourceline or 0),
                                               f"more than {MAX_XML_ELEMENTS:,} XML elements",
                                               "a policy document (split a very long one)")])
                el.clear()  # counted: its content is not needed (keeps memory flat)
                while el.getprevious() is not None:
                    del el.getparent()[0]
        root = parser.close()
    except etree.XMLSyntaxError as e:
        line, column = e.position if e.position else (0, 0)
        raise SourceError([Problem(Location(where, line or 0, column or 0), f"not well-formed XML: {e.msg}",
                                   "a .docx saved by Word or LibreOffice")]) from None
    if root.getroottree().docinfo.doctype:  # a DOCTYPE in another encoding than UTF-8
        raise SourceError([Problem(Location(where, 1), "declares a DOCTYPE (entities), which Word never writes",
                                   "a .docx saved by Word or LibreOffice")])


def _decode(data: bytes, file: str) -> str:
    from toolkit.source.yamlnodes import byte_location
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        # saved web pages are often Shift_JIS: use it when the page says so
        m = re.search(rb"charset=[\"']?(shift_jis|sjis|x-sjis|euc-jp|cp932|windows-31j)", data[:4000], re.I)
        if m:
            try:
                return data.decode("cp932" if m.group(1).lower() in (b"shift_jis", b"sjis", b"x-sjis", b"windows-31j",
                                                                      b"cp932") else "euc-jp")
            except UnicodeDecodeError:
                pass
        raise SourceError([Problem(byte_location(file, data, e.start), f"not UTF-8 text: {e.reason}",
                                   "UTF-8 (save the file as UTF-8), or an HTML page declaring its charset")]) from None


__all__ = ["MAX_INPUT_BYTES", "Input", "Writer", "check_word_package", "collapse", "read_input", "read_input_file"]
