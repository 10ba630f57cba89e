"""The leak check's limits (上限): how much one published file may hold once unpacked.

Every reader works within :class:`Limits` — bytes per member, total bytes per
published file (all members at every depth), compression ratio, members and
nesting depth.  Past a limit the reader raises :class:`CannotVerify`: the leak
check reports the file as a located failure ("cannot verify"), never as
clean, and memory stays bounded (members are inflated at most one byte past
their limit, whatever their headers claim).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """How much one published file may hold once unpacked, at every depth together."""

    member_bytes: int = 64 * MiB  # one file, or one member of an archive, unpacked
    total_bytes: int = 256 * MiB  # a published file and everything inside it, unpacked
    ratio: int = 200  # unpacked / packed, for members over ``ratio_floor`` (deflated XML: ~10)
    ratio_floor: int = 1 * MiB
    members: int = 20_000  # archive members, at every depth together
    depth: int = 8  # archives inside archives
    pdf_pages: int = 5_000
    pdf_objects: int = 500_000  # objects of one PDF walked for their strings (annotations, /Alt, JavaScript)


LIMITS = Limits()


class CannotVerify(Exception):  # noqa: N818 - a verdict, not a programming error
    """A file the leak check cannot read within its limits (or at all): never reported as clean."""

    def __init__(self, label: str, reason: str):
        self.label, self.reason = label, reason
        super().__init__(f"{label}: {reason}")


@dataclass
class Budget:
    """What is left of the limits while one published file is read."""

    limits: Limits = LIMITS
    total: int = 0
    members: int = 0

    def take(self, label: str, size: int) -> None:
        if size > self.limits.member_bytes:
            raise CannotVerify(label, f"{size:,} bytes unpacked, over the limit of {self.limits.member_bytes:,} "
                               "per member")
        self.total += size
        if self.total > self.limits.total_bytes:
            raise CannotVerify(label, f"over {self.limits.total_bytes:,} bytes unpacked in one published file "
                               "(an archive bomb, or far larger than any output of this toolkit)")

    def member(self, label: str) -> None:
        self.members += 1
        if self.members > self.limits.members:
            raise CannotVerify(label, f"over {self.limits.members:,} archive members in one published file")


Texts = Iterator[tuple[str, str]]


__all__ = ["LIMITS", "MiB", "Budget", "CannotVerify", "Limits", "Texts"]
