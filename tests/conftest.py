"""Shared fixtures.

Tests that need a real part (Chromium, LibreOffice, pdftotext, anki) call
:func:`require`: locally they skip with a reason that names the part and the
command that installs it; under CI (``CI=true``, set by .ci/run, which installs
the parts) a missing part is a failure.  A test that needs a part carries the
part's marker (``-m "not browser"`` leaves it out); :func:`require` fails a test
that lacks it, so the markers stay true.

Expensive things are made once per session and shared: the fixture builds
(``builds``), one chromium (``browser``); ``run_cli`` runs the ``policy`` command
in this process (a subprocess only where the test is about limits, signals, exit
codes or a fresh interpreter).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from toolkit.commands.doctor import PARTS as DOCTOR_PARTS

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


@dataclass(frozen=True)
class Part:
    """A real part some tests need: the marker those tests carry and the command that installs it."""

    marker: str | None  # None: installed by `make setup` with the toolkit, no marker
    install: str


# how each part is installed: policy doctor's table, the one place that says it
_INSTALL = {part.name: part.install for part in DOCTOR_PARTS}
_POPPLER = Part("poppler", _INSTALL["pdftotext"])
PROGRAMS: dict[str, Part] = {
    "chromium": Part("browser", _INSTALL["chromium"]),
    "chromedriver": Part("browser", _INSTALL["chromedriver"]),
    "soffice": Part("libreoffice", _INSTALL["soffice"]),
    "pdftotext": _POPPLER, "pdfinfo": _POPPLER, "pdffonts": _POPPLER, "pdftoppm": _POPPLER,
    # on the machine kind as it comes (not a part .ci/run installs); named for a machine without them
    "fc-match": Part(None, "apt-get install fontconfig"),
    "node": Part(None, "apt-get install nodejs"),
}
MODULES: dict[str, Part] = {
    "anki": Part("anki", _INSTALL["anki"]),
    "pypdf": Part(None, "make setup"),
    "mypy.api": Part(None, "make setup (pip install -e '.[test]')"),
}

_current: pytest.Item | None = None  # the test being set up or run (for the marker check)


HEAVY = ("slow", "browser", "libreoffice")


def _runs_here(marker: str) -> bool:
    """Whether tests with ``marker`` run on this machine (under CI they must; else their part is here)."""
    if marker == "slow" or os.environ.get("CI") == "true":
        return True
    return any(shutil.which(exe) for exe, part in PROGRAMS.items() if part.marker == marker)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules with heavy tests that run here first, each module's tests together and in order: on two
    workers (-n auto --dist loadgroup --no-loadscope-reorder) the long modules start early and the run
    ends evenly.  (xdist's own reordering, by number of tests, put the long modules of few tests last.)"""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    heavy_here = [k for k in HEAVY if _runs_here(k)]
    heavy = [m for m, its in modules.items() if any(i.get_closest_marker(k) for i in its for k in heavy_here)]
    light = [m for m in modules if m not in heavy]
    items[:] = [i for m in heavy + light for i in modules[m]]


def pytest_sessionstart(session: pytest.Session) -> None:
    """The old tmp folders pytest removes at exit (all but the newest three runs': some 15,000 files each,
    2–5 s of waiting on the disk after the last test) are removed by the controller while the tests run,
    with pytest's own rule and locks; pytest then finds nothing left to remove.  Only a controller that
    runs no test does it (xdist's): under ``-n0`` the tests run here, and a process with a thread must
    not fork (the site build's Sphinx child)."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not session.config.pluginmanager.has_plugin("dsession"):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    try:
        from _pytest.pathlib import LOCK_TIMEOUT, cleanup_numbered_dir
    except ImportError:  # another pytest: it cleans up at exit, as it always does
        return
    if factory is None or getattr(factory, "_given_basetemp", True) is not None:
        return
    current = factory.getbasetemp()
    keep = int(session.config.getini("tmp_path_retention_count"))
    if session.config.getini("tmp_path_retention_policy") == "none":
        keep = 0
    if keep:  # 0 would remove this run's folder too
        global _old_tmp_cleanup
        _old_tmp_cleanup = threading.Thread(target=cleanup_numbered_dir, daemon=True, name="old-tmp-cleanup",
                                            args=(current.parent, "pytest-", keep,
                                                  current.stat().st_mtime - LOCK_TIMEOUT))
        _old_tmp_cleanup.start()


_old_tmp_cleanup: threading.Thread | None = None


def pytest_unconfigure(config: pytest.Config) -> None:
    """A short run waits for the removal to end, as pytest's own would (a thread stopped half-way leaves
    a renamed ``garbage-*`` folder that pytest keeps for days)."""
    if _old_tmp_cleanup is not None:
        _old_tmp_cleanup.join()


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive after collection (the imported modules of the toolkit, Sphinx, janome, hypothesis …)
    lives to the end: moved out of the collector's sight, so each full collection walks only what the
    tests make (a worker's heap is large, and Python collects it again and again).

    Before that, what the commands import lazily is imported (forkserver.preload): a publish run in
    the test process then forks its Sphinx child with Sphinx already imported, as the fork server's do."""
    import gc

    import forkserver

    forkserver.preload()
    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """The heap the tests left (sites, memos) is collected once, then frozen: pytest's cleanup collects
    five times more to report what a finaliser raises, and would walk it all each time (seconds, after
    the last test).  What this one collection frees is still reported by pytest's hook."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """On several workers (-n auto --dist loadgroup), a module's tests run on one worker, and so do
    the modules of one ``xdist_group`` (those that read one session fixture, built once per worker)."""
    from xdist.scheduler import LoadGroupScheduling

    class ModuleOrGroup(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return scope if scope != nodeid else nodeid.split("::", 1)[0]

    return ModuleOrGroup(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A marked test's parts are looked for before its fixtures are built (a bare machine skips it
    without building the sites it would have read)."""
    global _current
    _current = item
    for name, part in PROGRAMS.items():
        if part.marker and item.get_closest_marker(part.marker):
            require(name, f"the tests marked {part.marker} use it")
    for name, part in MODULES.items():
        if part.marker and item.get_closest_marker(part.marker):
            require_module(name, f"the tests marked {part.marker} use it")


def _marked(name: str, part: Part) -> None:
    """Fail a test that needs ``part`` but lacks its marker (outside pytest, e.g. in bench/, nothing)."""
    if part.marker and _current is not None and _current.get_closest_marker(part.marker) is None:
        pytest.fail(f"{_current.nodeid} needs {name}: mark it @pytest.mark.{part.marker}", pytrace=False)


def _missing(message: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require(executable: str, why: str) -> str:
    """Path of ``executable``; skip (locally) or fail (CI) when it is missing."""
    part = PROGRAMS[executable]  # a new part gets its marker and install command above
    _marked(executable, part)
    path = shutil.which(executable)
    if path:
        return path
    _missing(f"{executable} not found: {why} (install it: {part.install})")


def require_module(name: str, why: str):
    part = MODULES[name]
    _marked(f"the python package {name}", part)
    try:
        return __import__(name)  # the top package, as `import a.b` binds it
    except ImportError:
        _missing(f"python package {name} not installed: {why} (install it: {part.install})")


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
    non-public field kind), made once per session and shared by test_canary / test_publish
    (both in the xdist_group "canary-builds": one worker builds them)."""
    from fixtures.canary.tools import session_builds

    return session_builds(tmp_path_factory.mktemp("canary"), SRC)


@pytest.fixture(scope="session")
def official_editions(tmp_path_factory) -> Path:
    """``policy docx --all`` of SRC (every authoritative revision's .docx and PDF edition, and the
    MANIFEST), built once per session: read it, or copy it (``shutil.copytree``) to change it."""
    out = tmp_path_factory.mktemp("official") / "docx"
    run = run_cli("--src", str(SRC), "docx", "--all", "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="session")
def search_sites(tmp_path_factory) -> dict[str, Path]:
    """The public and staff sites of SRC with the query set's variants, built once per session and
    read by test_search_queries / test_search_clauses (both in the xdist_group "search-sites")."""
    import searchset

    return searchset.build_sites(tmp_path_factory.mktemp("search-sites"), SRC)


@pytest.fixture(scope="session")
def planted_policy(builds):
    from toolkit.source.load import load_policy

    return load_policy([builds.src, builds.private])


# ---------------------------------------------------------------- the command, in process


@dataclass(frozen=True)
class Run:
    """What ``policy ARGS`` did: the fields of subprocess.CompletedProcess the tests read."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            stdin: str = "") -> Run:
    """``policy ARGS`` in this process: ``cwd``, ``env`` (variables added) and ``stdin`` for the
    call, output captured.  Start-up is paid once per session; a test about limits, signals or a
    process's exit runs :func:`policy_process`, one about start-up ``python -m toolkit`` itself."""
    from toolkit.cli import main

    saved = {k: os.environ.get(k) for k in env or {}}
    here, saved_stdin = os.getcwd(), sys.stdin
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.update(env or {})
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as e:  # argparse's usage errors
                code = e.code if isinstance(e.code, int) else 2
    finally:
        os.chdir(here)
        sys.stdin = saved_stdin
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Run(args, code, out.getvalue(), err.getvalue())


def policy_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """``python -m toolkit ARGS`` as a process of its own, forked from a warm server (tests/forkserver.py):
    its exit status and output as a fresh process gives them.  ``env`` is its whole environment
    (default: this one's); ``cwd`` defaults to the project folder."""
    import resource

    import forkserver

    unlimited = resource.RLIM_INFINITY
    done = forkserver.server().run(args, cwd=cwd or ROOT, env=dict(os.environ) if env is None else env,
                                   memory=unlimited, cpu=unlimited, wall=600)
    if done.timed_out:
        raise AssertionError(f"policy {' '.join(args)} still ran after 600 s")
    return Run(args, done.returncode, done.stdout, done.stderr)


# ---------------------------------------------------------------- one chromium for the session


@pytest.fixture(scope="session")
def chromium_for_session():
    from webdriver import chromium_session

    with chromium_session("the browser tests drive Debian's headless chromium") as b:
        yield b


@pytest.fixture
def browser(chromium_for_session):
    """The session's chromium, on a blank page at its first window size for each test."""
    chromium_for_session.reset()
    return chromium_for_session
