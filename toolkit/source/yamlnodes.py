"""Fast YAML composition that keeps every value's file:line:column.

ruamel.yaml's round-trip loader is slow (DESIGN.md, "Where the speed
goes"); composing with the safe (C, when ruamel.yaml.clib is present) parser
keeps marks at a fraction of the cost.  Values are wrapped just enough for
the schema code to say where a problem is.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.resolver import VersionedResolver

from toolkit.errors import Location, Problem, Problems, SourceError, quote

_BOOL = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


class Located:
    """A composed YAML value: ``value`` is str / int / bool / None / list / dict of Located.

    The location is kept as numbers and made a :class:`Location` only when
    asked for (most values are never reported on; see bench/bench_load.py).
    """

    __slots__ = ("value", "file", "line", "column", "tag")

    def __init__(self, value: Any, file: str, line: int, column: int, tag: str):
        self.value = value
        self.file = file
        self.line = line
        self.column = column
        self.tag = tag

    @property
    def loc(self) -> Location:
        return Location(self.file, self.line, self.column)

    def __repr__(self) -> str:
        return f"Located({self.value!r}, {self.loc}, {self.tag!r})"


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:  # the file itself is not resolved: a symlink is named as the link, not its target
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _typed(tag: str, raw: str) -> Any:
    """A plain scalar's value for its resolved tag."""
    if tag == "int":
        try:
            return int(raw)
        except ValueError:  # e.g. more digits than Python converts (sys.get_int_max_str_digits)
            return raw
    if tag == "bool":
        return _BOOL.get(raw.lower(), raw)
    if tag == "null":
        return None
    if tag == "float":
        return float(raw)
    return raw


class _Implicit:
    """YAML 1.2 implicit types of plain scalars (int, float, bool, null, timestamp).

    Looked up once by first character: most of a policy is Japanese text,
    which no implicit type starts with, so it costs one dict lookup.
    """

    table: dict[str, list[tuple[str, Any]]] = {}

    @classmethod
    def first_chars(cls) -> frozenset[str]:
        if not cls.table:
            versioned = VersionedResolver(version=(1, 2)).versioned_resolver
            extra = versioned.get(None, [])
            cls.table = {k: [(str(t).rsplit(":", 1)[-1], r) for t, r in [*v, *extra]]
                         for k, v in versioned.items() if k is not None}
        return frozenset(cls.table)

    @classmethod
    def tag(cls, value: str) -> str:
        for tag, regexp in cls.table.get(value[:1], ()):
            if regexp.match(value):
                return tag
        return "str"


# Limits on every source file (README, "What the toolkit guarantees").  A policy
# is tens of kilobytes and six levels deep; these leave room for generated
# test sources (bench/: 3,000 clauses in about 400 KB) and stop a hostile file
# before it costs memory or time.
MAX_SOURCE_BYTES = 4 * 1024 * 1024
MAX_YAML_DEPTH = 32  # nested mappings and lists; a node 8 levels deep needs 18
# Values (scalars, mappings, lists) in one file: 3,000 clauses are about 24,000.  Without
# it 4 MiB of "a," (two million values) took 46 s and 0.9 GB to refuse.
MAX_YAML_VALUES = 200_000
_CORE_TAGS = frozenset({"str", "int", "bool", "null", "float", "timestamp", "map", "seq"})

# Characters refused anywhere in a source file, raw or written as an escape:
# C0 controls but tab and line breaks, DEL, C1 controls, lone surrogates,
# non-characters, invisible format characters that can hide or reorder text
# (zero width, bidi overrides, a BOM after the start) and the line/paragraph
# separators.  They break the .docx (XML forbids most of them) or let text
# read differently from what it is.
_FORBIDDEN = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
)
# One character class, with every character beyond the BMP as one range: listing the
# sixteen non-character pairs there made the search seven times slower (the 400 KB of
# bench/bench_load.py: 31 ms against 5); :func:`forbidden` lets the other astral ones pass.
_RAW = re.compile(f"[{_FORBIDDEN}\U00010000-\U0010ffff]")
_IN_VALUE = re.compile(f"[\r{_FORBIDDEN}\U00010000-\U0010ffff]")


def forbidden(text: str, in_value: bool = False) -> re.Match[str] | None:
    """The first forbidden character in ``text`` (raw file text, or a decoded value where
    a carriage return is refused too), or None."""
    for m in (_IN_VALUE if in_value else _RAW).finditer(text):
        ch = ord(m.group(0))
        if ch < 0x10000 or ch & 0xFFFE == 0xFFFE:  # U+nFFFE and U+nFFFF are non-characters
            return m
    return None


FORBIDDEN_EXPECTED = "printable text (tabs and line breaks are fine; no control or invisible characters)"


def char_name(ch: str) -> str:
    """``U+0007`` plus the character's name when it has one, for messages."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        name = {"\x7f": "DELETE"}.get(ch, "control character" if ord(ch) < 0xA0 else "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _refuse(file: str, mark: Any, message: str, expected: str) -> SourceError:
    loc = Location(file, mark.line + 1, mark.column + 1) if mark is not None else Location(file)
    return SourceError([Problem(loc, message, expected)])


def _compose_events(events: Any, file: str) -> Located | None:
    """Build :class:`Located` values straight from parser events.

    Composing ruamel nodes first and converting them doubled the load time
    (DESIGN.md, "Where the speed goes"; bench/bench_load.py): each node and
    tag is a Python object, and the resolver looked up the YAML version per
    scalar.  Here a value is made once, typed only when it is plain.

    Hostile input is refused here, at the event level, before anything is
    expanded or nested: anchors, aliases and merge keys (a few lines of
    aliases expand to gigabytes), nesting past :data:`MAX_YAML_DEPTH`,
    tags outside the core schema, keys that are not plain text and
    control characters written as escapes.
    """
    root: Located | None = None
    stack: list[tuple[Located, list]] = []  # open containers; for a mapping, [pending key]
    dups: list[Problem] = []  # problems that leave the structure intact: all reported at the end
    documents = 0
    values = 0
    first_chars = _Implicit.first_chars()
    for ev in events:
        cls = type(ev)
        if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
            values += 1
            if values > MAX_YAML_VALUES:
                raise _refuse(file, ev.start_mark, f"more than {MAX_YAML_VALUES:,} values in one file",
                              "a smaller file (split a very long document)")
        if cls is AliasEvent or getattr(ev, "anchor", None) is not None:
            raise _refuse(file, ev.start_mark,
                          f"YAML {'alias *' if cls is AliasEvent else 'anchor &'}{str(ev.anchor)[:40]}: anchors and "
                          "aliases are not allowed in policy sources",
                          "the text written out in full where it is used")
        if cls is ScalarEvent:
            mark = ev.start_mark
            if ev.style == '"' and (bad := forbidden(ev.value, in_value=True)):  # reported with the others
                dups.extend(_refuse(file, mark, f"{char_name(bad.group(0))} (written as an escape) in a value",
                                    FORBIDDEN_EXPECTED).problems)
            if ev.tag is None:
                if ev.implicit[0] and not ev.style and ev.value[:1] in first_chars:
                    tag = _Implicit.tag(ev.value)
                    item = Located(_typed(tag, ev.value) if tag != "str" else ev.value, file,
                                   mark.line + 1, mark.column + 1, tag)
                else:  # quoted, or plain text no implicit type starts with (most of a policy)
                    item = Located(ev.value, file, mark.line + 1, mark.column + 1, "str")
            else:
                tag = _tag(ev, file, dups)
                plain = not ev.style
                item = Located(_typed(tag, ev.value) if plain else ev.value, file, mark.line + 1, mark.column + 1,
                               tag if plain else "str")
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            mark = ev.start_mark
            if ev.tag is not None:
                _tag(ev, file, dups)
            if len(stack) >= MAX_YAML_DEPTH:
                raise _refuse(file, mark, f"nesting deeper than {MAX_YAML_DEPTH} levels",
                              f"at most {MAX_YAML_DEPTH} levels of nested mappings and lists")
            container = Located({} if cls is MappingStartEvent else [], file, mark.line + 1, mark.column + 1,
                                "map" if cls is MappingStartEvent else "seq")
            stack.append((container, []))
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            item = stack.pop()[0]
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _refuse(file, ev.start_mark, "a second YAML document in one file", "one document per file")
            continue
        else:
            continue
        if not stack:
            root = item
            continue
        parent, pending = stack[-1]
        if parent.tag == "seq":
            parent.value.append(item)
        elif not pending:
            if cls is not ScalarEvent:
                raise _refuse(file, ev.start_mark, "a key that is a mapping or a list", "a plain text key")
            if item.value == "<<" and not ev.style:
                raise _refuse(file, ev.start_mark, "YAML merge key '<<' is not allowed in policy sources",
                              "every key written out in full")
            pending.append(item)
        else:
            key = pending.pop()
            name = str(key.value)
            if name in parent.value:
                dups.append(Problem(key.loc, f"duplicate key {quote(name)}", "each key once per mapping"))
            parent.value[name] = (key, item)
    if dups:
        raise SourceError(dups)
    return root


def _tag(ev: Any, file: str, problems: list[Problem]) -> str:
    """The short name of an explicit core tag (``!!str`` → ``str``); any other tag is reported
    (and the value read as text, which nothing will use: the run fails)."""
    tag = str(ev.tag)
    short = tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else ""
    if short not in _CORE_TAGS:
        problems.extend(_refuse(file, ev.start_mark, f"YAML tag {quote(tag, 40)} is not allowed in policy sources",
                                "plain values (quote text that would read as a number or date)").problems)
        return "str"
    return short


def _check_text(text: str, file: str) -> None:
    """Refuse a forbidden character anywhere in the decoded file, at its line and column."""
    m = forbidden(text)
    if m is None:
        return
    off = m.start()
    line = text.count("\n", 0, off) + 1
    column = off - (text.rfind("\n", 0, off) + 1) + 1
    raise SourceError([Problem(Location(file, line, column), f"{char_name(m.group(0))} in the file",
                               FORBIDDEN_EXPECTED)])


def compose_text(text: str, file: str) -> Located | None:
    """Compose YAML text; syntax errors become a located :class:`SourceError`."""
    if text.startswith("\ufeff"):  # a UTF-8 byte order mark (some Windows editors write one): ignored
        text = text[1:]
    _check_text(text, file)
    yaml = YAML(typ="safe", pure=False)
    try:
        return _compose_events(yaml.parse(text), file)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        raise SourceError([Problem(loc, f"YAML syntax error: {e.problem or e.context}")]) from None
    except SourceError:
        raise
    except Exception as e:  # ruamel raises a few unmarked errors (e.g. bad characters)
        raise SourceError([Problem(Location(file), f"cannot read YAML: {quote(str(e), 200)}")]) from None


def byte_location(file: str, data: bytes, offset: int) -> Location:
    """file:line:column (in characters) of a byte offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return Location(file, data.count(b"\n", 0, offset) + 1, column)


def read_source(path: Path, file: str | None = None, limit: int = MAX_SOURCE_BYTES,
                expected: str = "a YAML text file") -> bytes:
    """The bytes of a source file, refusing what is not one: a symlink, a folder, a device
    or pipe (opened without following links or blocking), or more than ``limit`` bytes.

    Symlinks are refused rather than followed: a public document's ``r8.yaml``
    linked to a non-public one would otherwise publish it (README, "What the
    toolkit guarantees").
    """
    file = file or display_path(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if path.is_symlink():
            raise SourceError([Problem(Location(file, 1, 1), f"is a symbolic link (to {quote(os.readlink(path), 60)})",
                                       "a regular file: copy the text in, do not link to it")])
        fd = os.open(path, flags)
    except SourceError:
        raise
    except OSError as e:
        why = "is a symbolic link" if e.errno == errno.ELOOP else f"cannot be read: {e.strerror}"
        raise SourceError([Problem(Location(file, 1, 1), why, "a readable regular file")]) from None
    st = os.fstat(fd)  # before fdopen, which refuses a folder with an IsADirectoryError of its own
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        what = "is a folder, not a regular file" if stat.S_ISDIR(st.st_mode) else "is not a regular file"
        raise SourceError([Problem(Location(file, 1, 1), what, expected)])
    with os.fdopen(fd, "rb") as f:
        if st.st_size > limit:
            raise SourceError([Problem(Location(file, 1, 1), f"is {st.st_size:,} bytes, more than the limit of {limit:,}",
                                       "a source file under the limit (split a very long document)")])
        data = f.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise SourceError([Problem(Location(file, 1, 1), f"is more than the limit of {limit:,} bytes", "a smaller file")])
    return data


def decode_source(data: bytes, file: str) -> str:
    """UTF-8 text (a leading byte order mark is kept for :func:`compose_text` to drop);
    anything else is a located error."""
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                      (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            raise SourceError([Problem(Location(file, 1, 1), f"{name} text (byte order mark {bom.hex(' ')})",
                                       "UTF-8 (save the file as UTF-8)")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError([Problem(byte_location(file, data, e.start),
                                   f"not UTF-8 text: {e.reason} (byte 0x{data[e.start]:02x})",
                                   "UTF-8 (save the file as UTF-8)")]) from None


def compose_file(path: Path) -> Located | None:
    """Read (see :func:`read_source`), decode and compose one source file."""
    file = display_path(path)
    return compose_text(decode_source(read_source(path, file), file), file)


def compose_reported(path: Path, problems: Problems) -> Located | None:
    """:func:`compose_file`, its problems (and an empty file) added to ``problems`` instead of raised."""
    try:
        val = compose_file(path)
    except SourceError as e:
        problems.items.extend(e.problems)
        return None
    if val is None:
        problems.add(Location(display_path(path), 1, 1), "file is empty")
    return val
