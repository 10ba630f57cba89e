"""Fast YAML composition that keeps every value's file:line:column.

ruamel.yaml's round-trip loader is slow (DESIGN.md, "Where the speed
goes"); composing with the safe (C, when ruamel.yaml.clib is present) parser
keeps marks at a fraction of the cost.  Values are wrapped just enough for
the schema code to say where a problem is.
"""

from __future__ import annotations

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

from toolkit.errors import Location, Problem, SourceError

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
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _typed(tag: str, raw: str) -> Any:
    """A plain scalar's value for its resolved tag."""
    if tag == "int":
        return int(raw)
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


def _compose_events(events: Any, file: str) -> Located | None:
    """Build :class:`Located` values straight from parser events.

    Composing ruamel nodes first and converting them doubled the load time
    (DESIGN.md, "Where the speed goes"; bench/bench_load.py): each node and
    tag is a Python object, and the resolver looked up the YAML version per
    scalar.  Here a value is made once, typed only when it is plain.
    """
    root: Located | None = None
    stack: list[tuple[Located, list]] = []  # open containers; for a mapping, [pending key]
    anchors: dict[str, Located] = {}
    dups: list[Problem] = []
    documents = 0
    first_chars = _Implicit.first_chars()
    for ev in events:
        cls = type(ev)
        if cls is ScalarEvent:
            mark = ev.start_mark
            if ev.tag is None:
                if ev.implicit[0] and not ev.style and ev.value[:1] in first_chars:
                    tag = _Implicit.tag(ev.value)
                    item = Located(_typed(tag, ev.value) if tag != "str" else ev.value, file,
                                   mark.line + 1, mark.column + 1, tag)
                else:  # quoted, or plain text no implicit type starts with (most of a policy)
                    item = Located(ev.value, file, mark.line + 1, mark.column + 1, "str")
            else:
                tag = str(ev.tag).rsplit(":", 1)[-1]
                plain = not ev.style
                item = Located(_typed(tag, ev.value) if plain else ev.value, file, mark.line + 1, mark.column + 1,
                               tag if plain else "str")
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            mark = ev.start_mark
            container = Located({} if cls is MappingStartEvent else [], file, mark.line + 1, mark.column + 1,
                                "map" if cls is MappingStartEvent else "seq")
            if ev.anchor is not None:
                anchors[ev.anchor] = container
            stack.append((container, []))
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            item = stack.pop()[0]
        elif cls is AliasEvent:
            mark = ev.start_mark
            if ev.anchor not in anchors:
                raise SourceError([Problem(Location(file, mark.line + 1, mark.column + 1),
                                           f"alias *{ev.anchor} names no anchor", f"&{ev.anchor} earlier in the file")])
            item = anchors[ev.anchor]
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = ev.start_mark
                raise SourceError([Problem(Location(file, mark.line + 1, mark.column + 1),
                                           "a second YAML document in one file", "one document per file")])
            continue
        else:
            continue
        if cls is ScalarEvent and ev.anchor is not None:
            anchors[ev.anchor] = item
        if not stack:
            root = item
            continue
        parent, pending = stack[-1]
        if parent.tag == "seq":
            parent.value.append(item)
        elif not pending:
            pending.append(item)
        else:
            key = pending.pop()
            name = str(key.value)
            if name in parent.value:
                dups.append(Problem(key.loc, f"duplicate key {name!r}", "each key once per mapping"))
            parent.value[name] = (key, item)
    if dups:
        raise SourceError(dups)
    return root


def compose_text(text: str, file: str) -> Located | None:
    """Compose YAML text; syntax errors become a located :class:`SourceError`."""
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
        raise SourceError([Problem(Location(file), f"cannot read YAML: {e}")]) from None


def byte_location(file: str, data: bytes, offset: int) -> Location:
    """file:line:column (in characters) of a byte offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return Location(file, data.count(b"\n", 0, offset) + 1, column)


def compose_file(path: Path) -> Located | None:
    file = display_path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError([Problem(byte_location(file, data, e.start),
                                   f"not UTF-8 text: {e.reason} (byte 0x{data[e.start]:02x})",
                                   "UTF-8 (save the file as UTF-8)")]) from None
    return compose_text(text, file)
