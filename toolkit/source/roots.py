"""Where the canonical source is: the main root and the optional private root.

Kept apart from :mod:`toolkit.source.load` (which imports the YAML parser) so
that a command can name its inputs without loading them — ``policy publish``
with nothing changed only hashes them.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_ENV = "POLICY_PRIVATE_SRC"
DEFAULT_ROOT = Path("policy_src")


def source_roots(main: Path | None = None, private: Path | str | None = None) -> list[Path]:
    """The main root and, if given by option or environment, the private root."""
    roots = [Path(main) if main else DEFAULT_ROOT]
    extra = private if private is not None else os.environ.get(PRIVATE_ENV) or None
    if extra:
        roots.append(Path(extra))
    return roots
