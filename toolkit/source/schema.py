"""Shape checks for composed YAML: required keys, types, unknown keys.

Every problem is collected with its location; nothing raises half-way, so a
run reports all of them together.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from typing import Any

from toolkit.errors import Location, Problems, quote
from toolkit.source.yamlnodes import Located

_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list", dict: "a mapping"}


class Fields:
    """Reads one YAML mapping against the keys it may have.

    >>> f = Fields(located, problems, "node")
    >>> node_id = f.req("id", str)
    >>> f.done()   # reports unknown keys (typos must not pass silently)
    """

    def __init__(self, value: Located, problems: Problems, what: str):
        self.problems = problems
        self.what = what
        self.loc = value.loc
        self.ok = isinstance(value.value, dict)
        self.map: dict[str, tuple[Located, Located]] = value.value if self.ok else {}
        self.seen: set[str] = set()
        if not self.ok:
            problems.add(value.loc, f"{what} must be a mapping, got {_kind(value)}", "key: value pairs")

    def _get(self, key: str, typ: type, required: bool) -> Any:
        self.seen.add(key)
        if key not in self.map:
            if required and self.ok:
                self.problems.add(self.loc, f"{self.what} is missing required key {quote(key)}")
            return None
        val = self.map[key][1]
        return check_type(val, typ, self.problems, f"{self.what}: {quote(key)}")

    def req(self, key: str, typ: type) -> Any:
        return self._get(key, typ, True)

    def opt(self, key: str, typ: type, default: Any = None) -> Any:
        v = self._get(key, typ, False)
        return default if v is None else v

    def located(self, key: str) -> Located | None:
        self.seen.add(key)
        return self.map[key][1] if key in self.map else None

    def loc_of(self, key: str) -> Location:
        return self.map[key][1].loc if key in self.map else self.loc

    def done(self) -> None:
        allowed = sorted(self.seen)
        for key, (knode, _v) in self.map.items():
            if key not in self.seen:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {quote(close[0])}?" if close else ""
                self.problems.add(
                    knode.loc, f"unknown key {quote(key)} in {self.what}{hint}", "one of " + ", ".join(allowed)
                )


def _kind(v: Located) -> str:
    if isinstance(v.value, dict):
        return "a mapping"
    if isinstance(v.value, list):
        return "a list"
    if v.value is None:
        return "nothing (null)"
    if isinstance(v.value, bool):
        return f"{quote(v.value)} (true/false)"
    return f"{quote(v.value)}"


def check_type(val: Located, typ: type, problems: Problems, what: str) -> Any:
    """Return the plain value if it has type ``typ``, else report and return None."""
    v = val.value
    if typ is str and isinstance(v, str) and val.tag in ("str", "timestamp"):
        return v
    if typ is str and isinstance(v, (int, float)) and not isinstance(v, bool):
        problems.add(val.loc, f"{what} must be text, got the number {quote(v)}", "a quoted string")
        return None
    if typ is int and isinstance(v, int) and not isinstance(v, bool):
        return v
    if typ is bool and isinstance(v, bool):
        return v
    if typ is list and isinstance(v, list):
        return v
    if typ is dict and isinstance(v, dict):
        return val
    if typ is _dt.date:
        s = str(v) if v is not None else ""
        try:
            return _dt.date.fromisoformat(s)
        except ValueError:
            problems.add(val.loc, f"{what} is not a date: {quote(s)}", "an ISO date YYYY-MM-DD")
            return None
    problems.add(val.loc, f"{what} must be {_TYPE_NAMES.get(typ, typ.__name__)}, got {_kind(val)}")
    return None


def str_list(val: Located | None, problems: Problems, what: str) -> list[str]:
    """A string or a list of strings (e.g. paragraphs)."""
    if val is None:
        return []
    if isinstance(val.value, str):
        return [val.value]
    items = check_type(val, list, problems, what)
    out = []
    for item in items or []:
        s = check_type(item, str, problems, f"{what} item")
        if s is not None:
            out.append(s)
    return out
