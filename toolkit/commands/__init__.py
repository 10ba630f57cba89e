"""``policy`` sub-commands, one module each (see :mod:`toolkit.cli`)."""

from __future__ import annotations

import argparse

from toolkit.model import PolicySet
from toolkit.source.load import load_policy, source_roots


def load(args: argparse.Namespace) -> PolicySet:
    """Load the policy from the roots the global options name."""
    return load_policy(source_roots(args.src, args.private_src))
