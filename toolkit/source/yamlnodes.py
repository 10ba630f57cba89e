"""Fast YAML composition that keeps every value's file:line:column.

ruamel.yaml's round-trip loader is slow (DESIGN.md, "Where the speed
goes"); composing with the safe (C, when ruamel.yaml.clib is present) parser
keeps marks at a fraction of the cost.  Values are wrapped just enough for
the schema code to say where a problem is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from toolkit.errors import Location, Problem, SourceError

_BOOL = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


@dataclass
class Located:
    """A composed YAML value: ``value`` is str / int / bool / None / list / dict of Located."""

    value: Any
    loc: Location
    tag: str


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _convert(node: Any, file: str) -> Located:
    loc = Location(file, node.start_mark.line + 1, node.start_mark.column + 1)
    tag = node.tag.rsplit(":", 1)[-1]
    if isinstance(node, ScalarNode):
        raw = node.value
        value: Any = raw
        if not node.style:  # plain scalars get their implicit type (style is None in pure mode, '' with clib)
            if tag == "int":
                value = int(raw)
            elif tag == "bool":
                value = _BOOL.get(raw.lower(), raw)
            elif tag == "null":
                value = None
            elif tag == "float":
                value = float(raw)
        return Located(value, loc, tag if not node.style else "str")
    if isinstance(node, SequenceNode):
        return Located([_convert(v, file) for v in node.value], loc, "seq")
    if isinstance(node, MappingNode):
        out: dict[str, tuple[Located, Located]] = {}
        dups: list[Problem] = []
        for k, v in node.value:
            key = _convert(k, file)
            name = str(key.value)
            if name in out:
                dups.append(Problem(key.loc, f"duplicate key {name!r}", "each key once per mapping"))
            out[name] = (key, _convert(v, file))
        if dups:
            raise SourceError(dups)
        return Located(out, loc, "map")
    raise SourceError([Problem(loc, f"unsupported YAML node {type(node).__name__}")])


def compose_text(text: str, file: str) -> Located | None:
    """Compose YAML text; syntax errors become a located :class:`SourceError`."""
    yaml = YAML(typ="safe", pure=False)
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        raise SourceError([Problem(loc, f"YAML syntax error: {e.problem or e.context}")]) from None
    except Exception as e:  # ruamel raises a few unmarked errors (e.g. bad characters)
        raise SourceError([Problem(Location(file), f"cannot read YAML: {e}")]) from None
    if root is None:
        return None
    return _convert(root, file)


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
