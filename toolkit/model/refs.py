"""Cross-references stored as ``{ref:id}`` and shown as the current number."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

REF_RE = re.compile(r"\{ref:([A-Za-z0-9][A-Za-z0-9_-]*)\}")
# a clause of another document: {ref:basic-policy:measure-physical} (document id, clause id)
XREF_RE = re.compile(r"\{ref:([a-z0-9][a-z0-9-]*):([A-Za-z0-9][A-Za-z0-9_-]*)\}")


@dataclass(frozen=True)
class Ref:
    """A reference inside text, resolved to the target's citation label."""

    target: str
    label: str


def targets(text: str) -> list[str]:
    """Ids referenced by a text."""
    return REF_RE.findall(text)


def split(text: str, labels: dict[str, str]) -> Iterator[str | Ref]:
    """Text pieces and resolved :class:`Ref` s, for renderers that link them."""
    pos = 0
    for m in REF_RE.finditer(text):
        if m.start() > pos:
            yield text[pos : m.start()]
        yield Ref(m.group(1), labels[m.group(1)])
        pos = m.end()
    if pos < len(text):
        yield text[pos:]


def resolve(text: str, labels: dict[str, str]) -> str:
    """Plain text with every reference replaced by its label."""
    return REF_RE.sub(lambda m: labels[m.group(1)], text)
