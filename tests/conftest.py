"""Shared fixtures.

Tests that need a real part (Chromium, LibreOffice, pdftotext, anki) call
:func:`require`: locally they skip with the reason; under CI (``CI=true``,
set by .ci/run, which installs the parts) a missing part is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Tests of behaviour read SRC, a frozen copy of policy_src/ (h16/r5/r8), so the suite
# still passes after the city cuts its next revision.  Only tests of the city's own
# text (the seed repairs, r8's wording, "the shipped source checks") read CITY_SRC.
SRC = FIXTURES / "policy_src"
CITY_SRC = ROOT / "policy_src"
SEED = FIXTURES / "seed" / "000_9b7ff9cff9a1b643.txt"  # copy of shared/seed
# a 例規-style source written for the tests: 附則, history-only entries, numbering exceptions (its README)
REIKI = FIXTURES / "reiki_src"
# Training tests of behaviour read TRAINING, a frozen copy of training/ (written for SRC), so
# the city's next question set cannot break them; only tests of the shipped set read CITY_TRAINING.
TRAINING = FIXTURES / "training"
CITY_TRAINING = ROOT / "training"


def require(executable: str, why: str) -> str:
    """Path of ``executable``; skip (locally) or fail (CI) when it is missing."""
    path = shutil.which(executable)
    if path:
        return path
    message = f"{executable} not found: {why} (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_module(name: str, why: str):
    try:
        return __import__(name)
    except ImportError:
        message = f"python package {name} not installed: {why} (make setup installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def policy():
    from toolkit.source.load import load_policy

    return load_policy([SRC])


@pytest.fixture
def src_copy(tmp_path: Path) -> Path:
    """A writable copy of the frozen fixture source (named policy_src/) to break or plant canaries in."""
    dst = tmp_path / "policy_src"
    shutil.copytree(SRC, dst)
    return dst


@pytest.fixture(scope="session")
def reiki():
    from toolkit.source.load import load_policy

    return load_policy([REIKI])


@pytest.fixture
def reiki_copy(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/reiki_src (named reiki_src/)."""
    dst = tmp_path / "reiki_src"
    shutil.copytree(REIKI, dst)
    return dst


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    """The canary builds (public sites from a source with canaries planted in every
    non-public field kind), made once per session and shared by test_canary / test_publish."""
    from fixtures.canary.tools import session_builds

    return session_builds(tmp_path_factory.mktemp("canary"), SRC)


@pytest.fixture(scope="session")
def planted_policy(builds):
    from toolkit.source.load import load_policy

    return load_policy([builds.src, builds.private])
