"""Errors a user can act on: located, collected, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

QUOTE_MAX = 80  # characters of a value quoted in a message
MESSAGE_MAX = 600  # characters of one message, as a last resort
MAX_PROBLEMS = 200  # problems reported by one run
# Characters that would act on a terminal (escape sequences, bidi overrides) or vanish:
# shown as escapes so a hostile value cannot rewrite the message around it.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def quote(value: object, limit: int = QUOTE_MAX) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters with the length said.

    A value quoted in an error can be a whole file (a symlink to a system file
    read as one YAML string); the user needs its start, not all of it.
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str | bytes | list | dict) else ""
    return f"{text[:limit]}…{size}"


def _printable(text: str, limit: int = MESSAGE_MAX) -> str:
    text = _UNPRINTABLE.sub(lambda m: ascii(m.group(0))[1:-1], text)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


@dataclass(frozen=True, order=True)
class Location:
    """Where something came from: a file and 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input."""

    location: Location | None
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        where = f"{_printable(str(self.location))}: " if self.location else ""
        tail = f" (expected {_printable(self.expected)})" if self.expected else ""
        return f"{where}{_printable(self.message)}{tail}"


class ToolkitError(Exception):
    """Base of every error the CLI turns into a message and exit status 2."""

    exit_status = 2

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(None, problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(ToolkitError):
    """The policy source (or a training input) is invalid."""


class RedactionError(ToolkitError):
    """Visibility could not be decided (fail closed)."""


class BuildError(ToolkitError):
    """A build step failed; the previous output was left as it was."""


class LeakError(ToolkitError):
    """Non-public text was found in a public output."""

    exit_status = 1


class Problems:
    """Collects problems so a run reports all of them together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, location: Location | None, message: str, expected: str | None = None) -> None:
        self.items.append(Problem(location, message, expected))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, cls: type[ToolkitError] = SourceError) -> None:
        if self.items:
            items = sorted(self.items, key=lambda p: (p.location or Location(""), p.message))
            if len(items) > MAX_PROBLEMS:  # a hostile file can make thousands; the first ones say enough
                rest = len(items) - MAX_PROBLEMS
                items = [*items[:MAX_PROBLEMS], Problem(None, f"… and {rest} more problems not shown")]
            raise cls(items)
