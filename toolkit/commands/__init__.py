"""``policy`` sub-commands, one module each (see :mod:`toolkit.cli`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model import PolicySet


def load(args: argparse.Namespace) -> PolicySet:
    """Load the policy from the roots the global options name."""
    from toolkit.source.load import load_policy, source_roots  # here: importing a command stays cheap

    return load_policy(source_roots(args.src, args.private_src))
