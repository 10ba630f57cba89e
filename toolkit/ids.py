"""Stable ids (識別子) and the one way an id becomes part of a path.

Every id in the source — document, revision, node, audience, classification,
disclosure ground — is checked against :data:`ID_RE` with a *full* match
(``re.fullmatch``: a trailing newline does not pass, as it would with ``$``)
by ``policy check`` before anything is read or written through it.
:func:`id_path` is the defence in depth where paths are built from ids: it
refuses anything that is not a plain name, whatever got past the check.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from toolkit.errors import BuildError, Problem

ID_MAX = 64
# \Z (not $, which also matches before a final newline): so ID_RE.match() is a full match too,
# for code written against the old anchored pattern.
ID_RE = re.compile(rf"[a-z0-9][a-z0-9-]{{0,{ID_MAX - 1}}}\Z")
ID_EXPECTED = f"lower-case ASCII letters, digits and '-', starting with a letter or digit, at most {ID_MAX} characters (e.g. r8, basic-policy)"


def is_id(value: object) -> bool:
    """True when ``value`` is a well-formed id (full match, no trailing newline)."""
    return isinstance(value, str) and ID_RE.fullmatch(value) is not None


def id_path(folder: Path, *names: str, suffix: str = "") -> Path:
    """``folder / "-".join(names) + suffix``, refusing any name that is not a plain id.

    Raises :class:`BuildError` (not a path outside ``folder``) for ``..``,
    separators, absolute paths, empty names or anything else :func:`is_id` rejects.
    """
    for name in names or ("",):
        if not is_id(name):
            raise BuildError([Problem(None, f"refusing to make a path from the id {name!r:.80}", ID_EXPECTED)])
    return Path(folder) / ("-".join(names) + suffix)


def inside(folder: Path, relative: str) -> Path:
    """``folder / relative`` for a generated relative path (``basic-policy/index.rst``),
    refusing one that is absolute or steps out with ``..``."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative or "\0" in relative:
        raise BuildError([Problem(None, f"refusing to write outside {folder}: {relative!r:.80}",
                                  "a path made of ids, inside the output folder")])
    return Path(folder).joinpath(*parts)
