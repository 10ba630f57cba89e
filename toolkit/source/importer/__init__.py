"""``policy import``: a Markdown / plain-text policy → the canonical model.

Shaped like markdown-it-py: markdown-it reads the blocks, then an ordered
list of small named rules (one module each) turns them into a revision.
Nothing is lost: what a rule does not understand stays a paragraph where it
stood with a warning naming its line (before the first section: a 前文 paragraph);
only page furniture is dropped, each line quoted in the report; ``strict=True`` makes every warning an error.  Every
decision is in :attr:`Imported.report`.
Rules that repair PDF-extraction damage are named after the repair list in
``policy_src/basic-policy/r8.yaml`` (R1–R7) and record each repair they make.

    digits       R1  "(1 1)" → "(11)"
    lone_numbers     a PDF's 「1」 alone on its line, joined with the heading after it (「1 目的」)
    markers          the number in front of a heading or item (1. (1) （１） ⑴ ① ア 1―1 …)
    boilerplate      web-page lines (ここから本文です。 更新日 …) dropped, quoted in the report
    furniture        more page furniture (ページID, 印刷ページ表示, share buttons …) dropped, quoted in the report
    title            series and title lines
    instrument       the 例規 header (平成18年3月20日 訓令第9号, joint numbers, 全部改正) → Revision.instrument
    dates        R6  策定 / 改定 date lines → the ledger
    toc          R7  the 目次 is dropped (derived)
    latin_space  R4  "LGWAN 接続系" → "LGWAN接続系"
    attributes       {#id .restricted ground=…} at the end of a line: the clause's record (Markdown export)
    escapes          a leading backslash that kept text from reading as a number
    supplementary    附則: kept (Revision.supplementary), dates read (施行日, amendments)
    captions         （目的） above 第1条: the article's title
    paragraphs       項: the first unnumbered, then 2, 3 … (and 号 under their 項)
    levels       R5  depth from the numbering style, not from '#'; numbers checked
    preamble         unnumbered paragraphs before the first section → Revision.preamble (前文)
    rejoin       R2, R3  paragraphs and words broken by page breaks
    tree             blocks → nodes
    terms            definitions (定義): term + meaning
    refs             「上記3の脅威」 → 上記{ref:threats}の脅威
    ids              ids from --like REV, else fresh (deterministic, ASCII); 附則 ids from their dates
    fields           classification, ground, note … from the clause's record, else from its --like match
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from toolkit.errors import Location, Problem, Problems, SourceError
from toolkit.model import Document, Instrument, Node, Revision, number_tree
from toolkit.source.importer import (
    attributes,
    boilerplate,
    captions,
    dates,
    digits,
    escapes,
    fields,
    furniture,
    ids,
    instrument,
    latin_space,
    levels,
    lone_numbers,
    markers,
    paragraphs,
    preamble,
    refs,
    rejoin,
    supplementary,
    terms,
    title,
    toc,
    tree,
)
from toolkit.source.importer.blocks import read_blocks
from toolkit.source.importer.build import nodes
from toolkit.source.importer.inputs import Input, read_input, read_input_file
from toolkit.source.importer.state import DateLine, Decision, Draft, Repair, State, Supplement
from toolkit.textforms.word import bookmark_name, first_item_bookmark

Rule = Callable[[State], None]

RULES: list[tuple[str, Rule]] = [
    ("attributes", attributes.run),
    ("digits", digits.run),
    ("lone_numbers", lone_numbers.run),
    ("markers", markers.run),
    ("boilerplate", boilerplate.run),
    ("furniture", furniture.run),
    ("title", title.run),
    ("instrument", instrument.run),
    ("dates", dates.run),
    ("toc", toc.run),
    ("latin_space", latin_space.run),
    ("escapes", escapes.run),
    ("supplementary", supplementary.run),
    ("captions", captions.run),
    ("paragraphs", paragraphs.run),
    ("levels", levels.run),
    ("preamble", preamble.run),
    ("rejoin", rejoin.run),
    ("tree", tree.run),
    ("terms", terms.run),
    ("refs", refs.run),
    ("ids", ids.run),
    ("fields", fields.run),
]


@dataclass(frozen=True)
class Imported:
    """What an import found: the revision (ledger entry and text) and what it did to get there."""

    revision: Revision
    title: str | None
    series: str | None
    numbering: tuple[str, ...]
    history: tuple[DateLine, ...]  # the earlier 策定 / 改定 lines
    repairs: tuple[Repair, ...]
    fresh: tuple[str, ...]  # ids of nodes that matched nothing in --like (or all, without it)
    report: tuple[Decision, ...] = ()  # every decision, in input order (see :class:`Decision`)
    effective: _dt.date | None = None  # 施行日 read from the text (附則 / 施行 line)
    enacted: Instrument | None = None  # the header's instrument when it is the 制定's (later 改正 lines follow)

    @property
    def warnings(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.report if d.kind == "warning")


def import_text(
    text: str,
    file: str,
    rev_id: str,
    *,
    like: tuple[Document, Revision] | None = None,
    reserved: set[str] | None = None,
    date: _dt.date | None = None,
    kind: str | None = None,
    provenance: str = "authoritative",
    summary: str | None = None,
    rules: list[tuple[str, Rule]] | None = None,
    strict: bool = False,
    source: Input | None = None,
    keyed: dict[str, str] | None = None,
    styles: tuple[str, ...] = (),
) -> Imported:
    """Run the rules over ``text``.

    Lenient (the default): what is not understood is kept as text, with a
    warning in the report.  ``strict``: every warning is an error.  Raises
    :class:`SourceError` listing every problem, the missing date (if any) last.

    ``source``: what a reader made of an HTML / Word / PDF file (``text`` is its
    text): locations are given in the file's own lines or paragraphs, and what
    the reader dropped is in the report.  ``keyed``: Word bookmark key → id.

    ``styles``: the numbering of the document the text goes into (default: that of ``like``'s).
    The text's styles per depth are stored as the exceptions they are, against whichever of the
    document's styles, ``like``'s revision's own or the text's takes the fewest: where a section's
    items are in another style, the parent's ``numbering``; where the text numbers its depths
    otherwise than the document, ``Revision.numbering``.
    """
    problems = Problems()
    state = State(file, [], problems)
    state.blocks = read_blocks(text, state)
    if source is not None and source.ids:
        for b in state.blocks:
            b.key = source.ids.get(b.line)
    state.keyed = dict(keyed or {})
    if source is not None:
        state.attributes = source.kind == "text"  # a Word file's records are in a part of their own
        state.records = dict(source.records)
        for key, record in source.records.items():  # a record names its clause: its id, when the source has none
            if key in (bookmark_name(record.id), first_item_bookmark(record.id)):
                state.keyed.setdefault(key, record.id)
    state.like = like
    state.reserved = set(reserved or ())
    for _name, rule in rules if rules is not None else RULES:
        rule(state)
        if _name == "tree" and problems:
            break  # ids and references of a tree that is not understood would only add noise
    origin: Callable[[int], int] = source.origin if source is not None else (lambda n: n)
    if source is not None:  # lines of the text the reader made → lines (paragraphs) of the file
        state.report = [replace(d, line=source.origin(d.line)) for d in state.report] + list(source.report)
        problems.items = [replace(p, location=Location(file, source.origin(p.location.line)))
                          if p.location is not None and p.location.file == file else p for p in problems.items]
    if strict:
        for w in state.report:
            if w.kind == "warning":
                problems.add(Location(file, w.line), f"{w.detail} [--strict: every warning is an error]")
    last = state.dates[-1] if state.dates else None
    from_effective = date is None and last is not None and state.effective is not None \
        and state.effective >= last.date
    if from_effective:
        # the ledger's date is the 施行日 (issue 10); the newest 改正 line is this revision's promulgation
        assert state.effective is not None and last is not None
        if state.effective != last.date:
            state.decided("date", origin(last.line), "", f"the revision's date is its 施行日 "
                          f"{state.effective.isoformat()} (附則), not the {last.date.isoformat()} line")
        date = state.effective
    if date is None and last is None and state.effective is not None:  # 「平成25年2月14日施行」 alone
        date = state.effective
    date = date or (last.date if last else None)
    if kind is None and last is None and date is not None:  # --date alone is enough (issue 20)
        kind = "改定" if like is not None else "策定"
        state.decided("date", 1, "", f"kind {kind}: no 策定 / 改定 line and no --kind; {kind} for "
                      f"{'a further revision (--like)' if like is not None else 'a new document'}")
    kind = kind or (last.kind if last else None)
    if not state.drafts and not state.preamble and not problems:
        problems.add(Location(file, 1), "no numbered sections found", "headings like '## 1. 目的'")
    if date is None or kind is None:
        # asked for last, after every other problem: the one a person fixes with an option
        missing = Problem(Location(file, 1), "no 策定 / 改定 date line found before the first section; "
                          "give the revision's date with --date YYYY-MM-DD (--kind is optional: "
                          "策定 for a new document, 改定 with --like)",
                          "a line like '令和8年4月1日 全面改定' above the first section, or --date")
        others = sorted(problems.items, key=lambda p: (p.location or Location(""), p.message))
        raise SourceError([*others, missing])
    problems.raise_if_any(SourceError)
    if any(not s.id for s in state.supplementary):  # a rule list without ``ids``
        ids.supplementary_ids(state, {d.id for d in state.walk()})
    history = _in_force(state, origin, state.dates[:-1] if last and (last.date == date or from_effective) else state.dates)
    from toolkit.model.wareki import wareki

    target = styles or (like[0].numbering if like else ())  # the document's styles per depth
    own = _own_numbering(state, origin, target, like[1] if like else None)
    rev = Revision(
        id=rev_id,
        date=date,
        kind=kind,
        provenance=provenance,
        summary=summary if summary is not None else f"{wareki(date)} {kind}",
        body=nodes(state.drafts, file, own or target or state.numbering),
        numbering=own,
        supplementary=number_tree([_supplement(s, file) for s in state.supplementary]),
        location=Location(file, (source.origin(last.line) if source else last.line) if last else 1),
        preamble=_preamble(state, file, origin),
        instrument=_instrument(state, last),
    )
    fresh = tuple(d.id for d in state.fresh)
    report = tuple(sorted(state.report, key=lambda d: d.line))
    enacted = state.instrument if rev.instrument is None else None
    return Imported(rev, state.title, state.series, tuple(state.numbering), history, tuple(state.repairs), fresh,
                    report, state.effective, enacted)


def _instrument(state: State, last: DateLine | None) -> Instrument | None:
    """The header's instrument is this revision's when its line is the revision's date line; under later
    改正 lines it is the 制定's (history), reported."""
    if state.instrument is None or last is None or last.line == state.instrument_line:
        return state.instrument
    state.decided("date", state.instrument_line, "", f"{state.instrument.label}: the 制定's instrument, "
                  "not this revision's (later 改正 lines follow)")
    return None


def _preamble(state: State, file: str, origin: Callable[[int], int]) -> tuple[Node, ...]:
    """The 前文's paragraphs as nodes: ids by position (preamble-1 …), never shown, the text verbatim."""
    from toolkit.model.numbering import ref_labels
    from toolkit.textforms.records import ClauseRecord

    old = {n.id: n for n in state.like[1].preamble} if state.like is not None else {}
    out = []
    for k, b in enumerate(state.preamble, 1):
        # exported (Markdown record / Word bookmark): the paragraph's own id and fields
        record = next((state.records[x] for x in (b.key or "").split() if x in state.records), None)
        key_id = next((state.keyed[x] for x in (b.key or "").split() if x in state.keyed), None)
        node = Node(key_id or f"preamble-{k}", text=(b.text,), seq=k, location=Location(file, origin(b.line)))
        if record is None and node.id in old and state.like is not None:  # --like: its classification, ground …
            record = ClauseRecord.of(old[node.id], ref_labels(*state.like))
            state.decided("fields", b.line, "", f"前文 {node.id}: its fields from {state.like[1].id}")
        out.append(replace(record.apply(node), text=node.text) if record is not None else node)
    return tuple(out)


def _supplement(s: Supplement, file: str) -> Node:
    node = Node(s.id, title=s.title, text=tuple(s.text), location=Location(file, s.line))
    return s.record.apply(node) if s.record is not None else node


def _in_force(state: State, origin: Callable[[int], int], lines: list[DateLine]) -> tuple[DateLine, ...]:
    """The earlier date lines, each dated by its 施行日 where a 附則 gives it (the ledger's date is the
    施行日): 附　則（令和5年3月31日訓令第5号） 「…令和5年4月1日から施行する。」 dates that 改正 line
    2023-04-01; the plain first 附　則 dates the 制定."""
    enforced = {s.heading_date: s.enforced for s in state.supplementary if s.heading_date and s.enforced}
    first = state.supplementary[0] if state.supplementary else None
    out: list[DateLine] = []
    for k, d in enumerate(lines):
        when = enforced.get(d.date)
        if when is None and k == 0 and first is not None and first.heading_date is None and d.kind == "策定":
            when = first.enforced
        if when is not None and when != d.date and (not out or when > out[-1].date):
            state.decided("date", origin(d.line), "", f"{d.date.isoformat()} {d.kind}: in force from {when.isoformat()} "
                          "(its 附則), the date the ledger keeps")
            d = replace(d, date=when)
        out.append(d)
    return tuple(out)


def _own_numbering(state: State, origin: Callable[[int], int], doc_styles: tuple[str, ...],
                   like: Revision | None) -> tuple[str, ...]:
    """The revision's own styles per depth (() for the document's), the drafts' exceptions set against them."""
    text = tuple(state.numbering)
    if not doc_styles:
        levels.restyle(state.drafts, text)
        return ()
    candidates = [doc_styles]
    if like is not None and like.numbering:
        candidates.append(like.numbering)
    if text[: len(doc_styles)] == doc_styles[: len(text)] and len(text) > len(doc_styles):
        candidates.append(doc_styles + text[len(doc_styles):])  # deeper than the document numbers
    candidates.append(text)
    counts = [(c, levels.restyle(state.drafts, c)) for c in candidates]
    best = min(((n, k) for k, (_c, n) in enumerate(counts) if n is not None), default=(0, len(counts) - 1))[1]
    chosen = counts[best][0]
    levels.restyle(state.drafts, chosen)
    if chosen != doc_styles:
        state.decided("numbering", origin(state.drafts[0].line) if state.drafts else 1, "", f"the text numbers its depths {list(chosen)} where the document's are "
                      f"{list(doc_styles)}: stored as the revision's own numbering")
    return () if chosen == doc_styles else chosen


__all__ = ["RULES", "Decision", "Draft", "Imported", "Input", "import_text", "read_input", "read_input_file"]
