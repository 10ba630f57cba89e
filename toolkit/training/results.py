"""Training results back to the policy's owners (研修結果の分析): read (this module), then analyse
(:mod:`toolkit.training.analysis`).

Inputs, told apart by their content:

* the quiz as given, ``quiz.moodle.xml`` (what ``policy train`` wrote): the
  order of its questions is the order of the slots in Moodle, and each carries
  its clause (``clause:`` / ``document:`` / ``section:`` tags and ``idnumber``);
* Moodle's quiz results export, CSV: the Grades report (「評定」: one row per
  attempt, a column ``Q. N /M`` per slot with the marks, ``-`` when not
  answered) or the Responses report (「解答」: ``Response N`` with ``Right answer
  N``; a response is right when it is one of the accepted ways of writing the right
  answer, as Moodle judged it: :func:`toolkit.training.model.is_right`);
* an Anki collection with its review history: an exported ``.colpkg`` or an
  ``.apkg`` exported *with scheduling* (the ``revlog`` table; 「もう一度」 =
  wrong, anything else right).  Notes are matched to clauses by the
  ``clause::<document>/<id>`` tag the toolkit's decks carry.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from toolkit.errors import Location, Problem, SourceError

MAX_BYTES = 200 * 1024 * 1024  # an input (or a member of an Anki package) larger than this is refused
# Cells of a Moodle CSV: 1,000 staff × 100 questions × 2 (response, right answer) are 200,000.  Each cell
# read is a Python string (~60 bytes): 2 M of them is ~120 MB; 200 MB of "a," would be 100 M (6 GB).
MAX_CSV_CELLS = 2_000_000
# SQLite steps (virtual-machine instructions) for reading the reviews: a million reviews of 10,000 cards
# took 11 M steps (1.5 s); 200 M steps are about 3 s of CPU, so a query that would run for ever (a view in
# place of a table, refused before it runs; or anything else) stops well inside the 30 s a run may take.
MAX_SQL_STEPS = 200_000_000
_SQL_STEPS_PER_CHECK = 100_000  # how often the budget is checked (the progress handler's interval)
_TABLES = ("revlog", "cards", "notes")  # what the report reads: tables, as Anki writes them, never views
_SLOT = re.compile(r"^Q\.\s*(\d+)\s*/\s*([\d.,]+)$")
_RESPONSE = re.compile(r"^(Response|Right answer)\s+(\d+)$")


@dataclass(frozen=True)
class Item:
    """A question (a Moodle slot) or a card (an Anki note) and where it comes from."""

    key: str  # "moodle:3" / "anki:<note guid>"
    label: str  # what the owners read: 「03 基本方針 2(6) 穴埋め」 or the card's question
    doc: str
    clause: str  # "<document>/<clause id>"
    where: str  # 「基本方針 2(6)」
    section: str  # 「2. 定義」


@dataclass
class Results:
    """Every answer read: (item key, participant, right?)."""

    items: dict[str, Item] = field(default_factory=dict)
    answers: list[tuple[str, str, bool]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _section(where: str, section: str) -> str:
    """「基本方針 2. 定義」: sections are numbered per document, so the document is named."""
    return f"{where.split(' ', 1)[0]} {section}".strip() if section else ""



def _error(path: Path, what: str, expected: str = "") -> SourceError:
    return SourceError([Problem(Location(str(path)), what, expected)])


def _read(path: Path) -> bytes:
    if not path.exists() and not path.is_symlink():
        raise _error(path, "file not found", "a results file (quiz .moodle.xml, Moodle .csv, Anki .colpkg/.apkg)")
    if path.is_symlink() or not path.is_file():
        raise _error(path, "not a regular file", "a results file (quiz .moodle.xml, Moodle .csv, Anki .colpkg/.apkg)")
    if path.stat().st_size > MAX_BYTES:
        raise _error(path, f"larger than {MAX_BYTES // 2**20} MiB", "a results export")
    return path.read_bytes()


def read_quiz_xml(path: Path, data: bytes) -> list[Item]:
    """The quiz's questions in slot order (category entries skipped)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise _error(path, f"not well-formed XML: {e}", "the quiz.moodle.xml policy train wrote") from None
    items: list[Item] = []
    for el in root.findall("question"):
        if el.get("type") == "category":
            continue
        tags = {}
        for t in el.findall("tags/tag/text"):
            k, _, v = (t.text or "").partition(":")
            tags[k] = v
        name = el.findtext("name/text") or ""
        slot = len(items) + 1
        doc, clause = tags.get("document", ""), tags.get("clause", "")
        where = " ".join(name.split(" ")[1:-1]) if " " in name else name
        items.append(Item(f"moodle:{slot}", name, doc, f"{doc}/{clause}", where,
                          _section(where, tags.get("section", ""))))
    if not items:
        raise _error(path, "no questions in this Moodle XML", "the quiz.moodle.xml policy train wrote")
    return items


def _csv_rows(path: Path, data: bytes) -> list[list[str]]:
    """The rows of a CSV, within :data:`MAX_CSV_CELLS`; a row the csv module cannot read (a field
    longer than its 131,072-character limit, a NUL byte) is an error at its line."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in reader:
            cells += len(row)
            if cells > MAX_CSV_CELLS:
                raise SourceError([Problem(Location(str(path), reader.line_num),
                                           f"more than {MAX_CSV_CELLS:,} cells", "Moodle's quiz results export")])
            rows.append(row)
    except csv.Error as e:
        raise SourceError([Problem(Location(str(path), reader.line_num), f"not CSV that can be read: {e}",
                                   "Moodle's quiz results export, as CSV")]) from None
    return rows


def read_moodle_csv(path: Path, data: bytes, quiz: list[Item], results: Results) -> None:
    """Moodle's Grades export: ``Q. N /M`` columns hold each slot's marks."""
    rows = _csv_rows(path, data)
    if not rows:
        raise _error(path, "empty CSV", "Moodle's quiz Grades export")
    head = rows[0]
    slots = {}
    for i, h in enumerate(head):
        m = _SLOT.match(h.strip())
        if m:
            slots[i] = (int(m.group(1)), float(m.group(2).replace(",", ".")))
    responses: dict[int, dict[str, int]] = defaultdict(dict)
    for i, h in enumerate(head):
        m = _RESPONSE.match(h.strip())
        if m:
            responses[int(m.group(2))][m.group(1)] = i
    if not slots and responses:
        _read_responses(path, rows, responses, quiz, results)
        return
    if not slots:
        raise _error(path, "no 'Q. N /M' or 'Response N' columns in the header",
                     "Moodle's quiz Grades or Responses export, as CSV")
    missing = [n for n, _m in slots.values() if n > len(quiz)]
    if missing:
        raise _error(path, f"slot Q. {missing[0]} but the quiz has {len(quiz)} questions",
                     "the quiz.moodle.xml this Moodle quiz was made from")
    email = next((i for i, h in enumerate(head) if "mail" in h.lower() or "メール" in h), None)
    for n, row in enumerate(rows[1:], start=2):
        if not row or len(row) < len(head) or not any(row[i].strip() not in ("", "-") for i in slots):
            continue  # blank rows and the 'Overall average' footer (no per-person marks)
        if row[0].strip().lower().startswith(("overall average", "全体平均")):
            continue
        who = f"moodle:{row[email] if email is not None else n}:{n}"
        for i, (slot, top) in slots.items():
            value = row[i].strip()
            if value in ("", "-") or not re.fullmatch(r"[\d.,]+", value):
                continue  # not answered / requires grading
            mark = float(value.replace(",", "."))
            results.answers.append((f"moodle:{slot}", who, top > 0 and mark >= top - 1e-9))
    for item in quiz:
        results.items.setdefault(item.key, item)
    results.sources.append(str(path))


def _read_responses(path: Path, rows: list[list[str]], columns: dict[int, dict[str, int]], quiz: list[Item],
                    results: Results) -> None:
    """The Responses export: right when the response equals the right answer, normalised."""
    from toolkit.training.model import accepted, is_right

    lacking = sorted(n for n, c in columns.items() if "Right answer" not in c or "Response" not in c)
    if lacking:
        raise _error(path, f"question {lacking[0]} has no 'Right answer {lacking[0]}' column",
                     "the Responses export with 'Right answer' included (or the Grades export)")
    if max(columns) > len(quiz):
        raise _error(path, f"Response {max(columns)} but the quiz has {len(quiz)} questions",
                     "the quiz.moodle.xml this Moodle quiz was made from")
    head = rows[0]
    email = next((i for i, h in enumerate(head) if "mail" in h.lower() or "メール" in h), None)
    for n, row in enumerate(rows[1:], start=2):
        if len(row) < len(head) or row[0].strip().lower().startswith(("overall average", "全体平均")):
            continue
        who = f"moodle:{row[email] if email is not None else n}:{n}"
        for slot, c in columns.items():
            given, right = row[c["Response"]].strip(), row[c["Right answer"]].strip()
            if given in ("", "-") or not right:
                continue
            results.answers.append((f"moodle:{slot}", who, is_right(given, accepted(right))))
    for item in quiz:
        results.items.setdefault(item.key, item)
    results.sources.append(str(path))


def _write_collection(path: Path, data: bytes, db: Path) -> str:
    """Unpack the SQLite collection inside an Anki package (.colpkg / .apkg) to ``db``, within
    :data:`MAX_BYTES` (see :mod:`toolkit.archives`); its name in messages, ``FILE/MEMBER``, is returned."""
    from toolkit.archives import copy_member, open_package, read_member

    with open_package(data, str(path), "an Anki package (zip)", "an exported .colpkg, or .apkg with scheduling") as z:
        names = set(z.namelist())
        name = next((n for n in ("collection.anki21b", "collection.anki21", "collection.anki2") if n in names), None)
        if name is None:
            raise _error(path, "no collection in this package", "an exported .colpkg, or .apkg with scheduling")
        where = f"{path}/{name}"
        with db.open("wb") as out:
            if not name.endswith("b"):
                copy_member(z, name, str(path), out, MAX_BYTES)
                return where
            raw = read_member(z, name, str(path), MAX_BYTES)
            _unzstd(raw, where, out)
    return where


def _unzstd(raw: bytes, where: str, out: BinaryIO) -> None:
    """A zstd-compressed collection (Anki's format today) into ``out``: a size past the limit, said in
    the frame or reached while decompressing, is refused; so is a frame that ends early."""
    try:
        import zstandard
    except ImportError:  # pragma: no cover - a runtime dependency
        raise _error(Path(where), "a zstd-compressed collection and no zstandard module",
                     "pip install zstandard, or export with 'support older Anki versions'") from None
    from toolkit.archives import spool_limit

    try:
        declared = zstandard.frame_content_size(raw)
        if declared > MAX_BYTES:
            raise _error(Path(where), f"unpacks to more than the limit of {MAX_BYTES:,} bytes (it says {declared:,})")
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw))
        size = spool_limit(reader, out, MAX_BYTES, where)
    except zstandard.ZstdError as e:
        raise _error(Path(where), f"cannot be decompressed ({e})", "an undamaged package (export it again)") from None
    if declared >= 0 and size != declared:
        raise _error(Path(where), f"unpacks to {size:,} of the {declared:,} bytes it declares (cut short?)",
                     "an undamaged package (export it again)")


def _reviews(db: Path, where: str) -> list[tuple]:
    """The reviews of notes, read only; the tables must be tables and the query keeps to :data:`MAX_SQL_STEPS`."""
    steps = 0

    def budget() -> int:
        nonlocal steps
        steps += _SQL_STEPS_PER_CHECK
        return 1 if steps > MAX_SQL_STEPS else 0  # non-zero interrupts the statement

    try:
        con = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    except sqlite3.DatabaseError as e:
        raise _error(Path(where), f"the collection cannot be read: {e}", "an Anki collection") from None
    try:
        con.set_progress_handler(budget, _SQL_STEPS_PER_CHECK)
        kinds = dict(con.execute("select name, type from sqlite_master where name in (?, ?, ?)", _TABLES).fetchall())
        for table in _TABLES:
            if kinds.get(table, "table") != "table":  # a missing table is the query's "no such table"
                raise _error(Path(where), f"'{table}' is a {kinds[table]}, not a table",
                             "an Anki collection as Anki writes it")
        return con.execute(
            "select n.guid, n.tags, n.flds, r.ease, r.type from revlog r join cards c on c.id = r.cid "
            "join notes n on n.id = c.nid order by r.id").fetchall()
    except sqlite3.DatabaseError as e:
        why = (f"reading it took more than {MAX_SQL_STEPS:,} SQLite steps" if steps > MAX_SQL_STEPS
               else f"the collection cannot be read: {e}")
        raise _error(Path(where), why, "an Anki collection") from None
    finally:
        con.close()


_CLOZE_GAP = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.S)


def card_text(field: str) -> str:
    """A note's field as a reader sees it: cloze gaps as 「［phrase］」, no markup, entities decoded."""
    text = _CLOZE_GAP.sub(lambda m: f"［{m.group(1)}］", field)
    text = re.sub(r"<br\s*/?>", " ", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def read_anki(path: Path, data: bytes, results: Results) -> None:
    """Reviews from the package's ``revlog``: each review of a card is one answer of its note."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.sqlite"
        where = _write_collection(path, data, db)
        rows = _reviews(db, where)
    reviewed = 0
    for guid, tags, flds, ease, kind in rows:
        if kind not in (0, 1, 2, 3) or ease not in (1, 2, 3, 4):
            continue  # manual rescheduling ("4") and cram entries are not answers
        tag = {t.partition("::")[0]: t.partition("::")[2] for t in tags.split()}
        clause = tag.get("clause", "")
        if not clause:
            continue  # not a toolkit card
        doc = clause.split("/", 1)[0]
        first = card_text(flds.split("\x1f", 1)[0])[:60]
        doc_name = tag.get("document", "").replace("_", " ")
        # the 出典 field (「基本方針 2(6)「定義」」) is the one that starts with the document's name
        fields = [card_text(f) for f in flds.split("\x1f")]
        where = next((f for f in fields[1:] if doc_name and f.startswith(doc_name + " ")), doc_name)
        where = where.split("「", 1)[0].split("（", 1)[0].strip()
        section = _section(doc_name, tag.get("section", "").replace("_", " "))
        key = f"anki:{guid}"
        results.items.setdefault(key, Item(key, first, doc, clause, where, section))
        results.answers.append((key, f"anki:{path.name}", ease != 1))  # one collection, one learner
        reviewed += 1
    if not reviewed:
        raise _error(path, "no reviews of toolkit cards in this collection",
                     "a collection with review history (.colpkg, or .apkg exported with scheduling)")
    results.sources.append(str(path))


def read_results(paths: list[Path]) -> Results:
    """Read every file (quiz XML first, so a CSV knows its slots); raise SourceError on the first bad one."""
    results = Results()
    blobs = [(p, _read(p)) for p in paths]
    quiz: list[Item] = []
    for p, data in blobs:
        if data.lstrip().startswith(b"<?xml") or data.lstrip().startswith(b"<quiz"):
            quiz = read_quiz_xml(p, data)
    for p, data in blobs:
        if data[:2] == b"PK":
            read_anki(p, data, results)
        elif data.lstrip().startswith((b"<?xml", b"<quiz")):
            continue
        else:
            if not quiz:
                raise _error(p, "a Moodle results CSV needs the quiz it came from",
                             "also give the quiz.moodle.xml that policy train wrote")
            read_moodle_csv(p, data, quiz, results)
    if not results.answers:
        raise SourceError([Problem(Location(" ".join(str(p) for p in paths)), "no answers found",
                                   "a Moodle results CSV (with its quiz.moodle.xml) or an Anki collection")])
    return results
