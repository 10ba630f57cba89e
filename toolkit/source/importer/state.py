"""What the import rules share: the blocks read from Markdown, and what they found.

A :class:`Block` is one numbered line, heading, list item or paragraph of the
input, with its source line.  Rules (one per module, run in order by
:mod:`toolkit.source.importer`) rewrite ``State.blocks`` and fill the other
fields; the ``tree`` rule turns blocks into :class:`Draft` nodes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from toolkit.errors import Location, Problems
from toolkit.model import Document, Instrument, Revision
from toolkit.textforms.numbers import Marker
from toolkit.textforms.records import ClauseRecord


@dataclass
class Block:
    """A piece of the input.  ``kind``: ``heading`` (Markdown ``#``), ``item``
    (a bullet list item ``- …``), ``ordered`` (a Markdown ordered-list item)
    or ``para`` (a paragraph line)."""

    kind: str
    text: str
    line: int
    level: int = 0  # Markdown heading level; cosmetic (see the ``levels`` rule)
    marker: Marker | None = None
    depth: int = 0  # set by the ``levels`` rule for numbered blocks
    caption: str | None = None  # （目的） above an article: its title (the ``captions`` rule)
    source: str = ""  # the line as written (verbatim), for keeping it as a paragraph when not understood
    key: str | None = None  # the clause this paragraph was, from a Word bookmark (policy export --editable)
    # numbered in another style than its depth's (set by ``levels``): its parent's ``numbering``
    exception: bool = False

    def __post_init__(self) -> None:
        if not self.source:
            self.source = self.text

    def as_paragraph(self) -> None:
        """Read this block as a plain paragraph, verbatim: what a rule did not understand is kept as text."""
        self.kind, self.marker, self.depth, self.caption, self.text = "para", None, 0, None, self.source
        self.exception = False


@dataclass(frozen=True)
class DateLine:
    """A 策定 / 改定 line: 令和8年4月1日 全面改定."""

    date: _dt.date
    kind: str
    line: int


@dataclass(frozen=True)
class Repair:
    """A repair of extraction damage, kept so the import can say what it changed."""

    rule: str
    line: int
    before: str
    after: str


@dataclass(frozen=True)
class Decision:
    """One line of the import report: what was decided about a line of the input.

    ``kind``: ``warning`` (not understood: kept as a paragraph, or dropped and
    quoted here), ``dropped`` (boilerplate, comments, the 目次: quoted verbatim),
    ``title``, ``date``, ``caption``, ``level``, ``repair``, ``effective``.
    """

    kind: str
    line: int
    text: str  # the input, verbatim
    detail: str = ""


@dataclass
class Draft:
    """A node under construction (mutable; becomes a model :class:`~toolkit.model.Node`)."""

    line: int
    depth: int
    style: str
    seq: int
    title: str | None = None
    term: str | None = None
    text: list[str] = field(default_factory=list)
    children: list[Draft] = field(default_factory=list)
    item: bool = False  # a list item (text only) rather than a heading
    branch: bool = False  # 枝番 (第16条の2)
    key: str | None = None  # from a Word bookmark: the id it had when exported
    id: str = ""
    numbering: str | None = None  # the style of its children, where it is not their depth's
    record: ClauseRecord | None = None  # its fields beyond the text (classification …): the ``fields`` rule

    @property
    def heading(self) -> str | None:
        return self.title if self.title is not None else self.term

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Supplement:
    """A 附則 under construction: its heading's parenthesis (None for a plain 附　則) and its paragraphs."""

    line: int
    title: str | None
    date: _dt.date | None = None  # what its id is made from: its heading's date, else its 施行日
    heading_date: _dt.date | None = None  # the date in its heading: the 改正 it belongs to
    enforced: _dt.date | None = None  # its 施行日 (…から施行する。)
    text: list[str] = field(default_factory=list)
    key: str | None = None  # from a Word bookmark on its heading
    id: str = ""
    source: str = ""  # its heading, verbatim
    record: ClauseRecord | None = None  # its fields beyond the text: the ``fields`` rule


@dataclass
class State:
    """Everything the rules read and write."""

    file: str
    blocks: list[Block]
    problems: Problems = field(default_factory=Problems)
    series: str | None = None
    title: str | None = None
    dates: list[DateLine] = field(default_factory=list)
    numbering: list[str] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    like: tuple[Document, Revision] | None = None  # --like: take ids from this revision
    reserved: set[str] = field(default_factory=set)  # ids fresh ones must not reuse
    fresh: list[Draft] = field(default_factory=list)  # nodes that got a fresh id
    report: list[Decision] = field(default_factory=list)  # every decision, for the import report
    effective: _dt.date | None = None  # 施行日 from the 附則 (この訓令は、…から施行する。)
    temp_labels: dict[str, str] | None = None  # temporary id → citation label (refs rule, read by ids)
    keyed: dict[str, str] = field(default_factory=dict)  # Word bookmark key → the id of the clause exported
    supplementary: list[Supplement] = field(default_factory=list)  # 附則, in order
    # key (a Word bookmark name, or the same name made from a Markdown attribute block's id) → the
    # clause's fields as exported (toolkit.textforms.records)
    records: dict[str, ClauseRecord] = field(default_factory=dict)
    attributes: bool = True  # read Markdown attribute blocks ({#id .restricted …}): Markdown / text input
    instrument: Instrument | None = None  # the 例規 header under the title (the ``instrument`` rule)
    instrument_line: int = 0  # its line: the revision's instrument only when it is the last date line
    preamble: list[Block] = field(default_factory=list)  # 前文: unnumbered paragraphs before the first section

    @property
    def exported(self) -> bool:
        """A file ``policy export`` wrote (it carries clause records): its text is the source's and the
        editor's, not an extraction — the repairs of PDF damage that change text (R2–R4) leave it alone."""
        return bool(self.records)

    def loc(self, line: int) -> Location:
        return Location(self.file, line)

    def error(self, line: int, message: str, expected: str | None = None) -> None:
        self.problems.add(self.loc(line), message, expected)

    def repaired(self, rule: str, line: int, before: str, after: str, report: bool = True) -> None:
        self.repairs.append(Repair(rule, line, before, after))
        if report:
            self.report.append(Decision("repair", line, before, f"{rule}: → {after}"))

    def warn(self, line: int, message: str, text: str, expected: str | None = None) -> None:
        """Something not understood: the caller keeps ``text`` as a paragraph (or drops it, quoted here).

        ``--strict`` turns every warning into an error."""
        detail = f"{message} (expected {expected})" if expected else message
        self.report.append(Decision("warning", line, text, detail))

    def decided(self, kind: str, line: int, text: str, detail: str = "") -> None:
        self.report.append(Decision(kind, line, text, detail))

    def walk(self):
        for d in self.drafts:
            yield from d.walk()
