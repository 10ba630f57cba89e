"""Write the generated sources into a work folder and run Sphinx on them.

Layout of ``work_dir`` (kept between builds so Sphinx rebuilds only what changed)::

    src/        conf.py and the generated .rst pages (rewritten only when their text changed)
    html/       Sphinx's own output folder (incremental)
    doctrees/   Sphinx's environment and doctrees

``out_dir`` receives a copy of ``html/`` without Sphinx's bookkeeping
(``.buildinfo``), plus the downloads under ``downloads/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import os
import re
import shutil
import signal
from collections.abc import Callable, Sequence
from pathlib import Path

from toolkit.dates import build_date
from toolkit.errors import BuildError, Problem
from toolkit.ids import inside
from toolkit.model import PolicySet
from toolkit.model.wareki import wareki
from toolkit.render.site import memo
from toolkit.render.site.glossary import WHOLE_WORDS_OPTION
from toolkit.render.site.page import ExtraPage
from toolkit.render.site.pages import PROLOG
from toolkit.render.site.search import BROWSER_DATA, VARIANTS_OPTION, browser_data, variants_option
from toolkit.render.site.writer import SiteWriter

HERE = Path(__file__).resolve().parent
STAMP = "build.stamp"
READINGS_CACHE = "readings.json"  # each text's noun runs (janome), kept between builds
# What Sphinx keeps for itself in its output folder; never published (it makes an
# empty _sources/ even with html_copy_source off).
_BOOKKEEPING = {".buildinfo", "_sources", ".doctrees"}


def render_site(view: PolicySet, out_dir: Path, work_dir: Path, *,
                extra_pages: Sequence[ExtraPage] = (), downloads: Sequence[Path] = (),
                sphinx: SphinxProcess | None = None, meanwhile: Callable[[], None] | None = None) -> None:
    """Render ``view`` (already redacted) as a static HTML site into ``out_dir``.

    Everything in the view is shown; visibility was decided before this call.
    ``work_dir`` holds the generated sources, doctrees and Sphinx's own output
    between builds (never inside ``out_dir``).  Raises :class:`BuildError`
    with Sphinx's warnings when the build is not clean.

    ``sphinx``: a :class:`SphinxProcess` started earlier to build in (else
    Sphinx runs in this process).  ``meanwhile`` is called while Sphinx
    builds (in this process when there is no ``sphinx`` process, after it),
    and also when nothing needs building; its exceptions end the build.
    """
    out_dir, work_dir = Path(out_dir).resolve(), Path(work_dir).resolve()
    if out_dir == work_dir or out_dir in work_dir.parents or work_dir in out_dir.parents:
        raise BuildError(f"the work folder {work_dir} and the output folder {out_dir} must not contain each other")
    downloads = [Path(p) for p in downloads]
    _check_downloads(downloads)

    writer = SiteWriter(view, extra_pages, downloads)
    sources = {f"{name}.rst": text for name, text in writer.render().items()}
    sources["conf.py"] = conf_py(writer)

    src, html, doctrees = work_dir / "src", work_dir / "html", work_dir / "doctrees"
    code = renderer_stamp()
    stamp_file, stamp = work_dir / STAMP, build_stamp(sources, code)
    previous = stamp_file.read_text(encoding="ascii").split() if stamp_file.is_file() else []
    if previous != [code, stamp] or not html.is_dir():
        # something changed: let Sphinx rebuild what did (it compares source mtimes)
        stamp_file.unlink(missing_ok=True)  # a build that dies half-way must not look finished
        if previous[:1] != [code]:
            # new renderer code (CSS, templates …): Sphinx would keep unchanged pages that
            # link the old site.css?v=…, so start clean — incremental must equal clean
            shutil.rmtree(html, ignore_errors=True)
            shutil.rmtree(doctrees, ignore_errors=True)
        removed = sync_sources(src, sources)
        for name in removed:  # Sphinx forgets removed pages but leaves their HTML behind
            stale = html / (name[: -len(".rst")] + ".html")
            stale.unlink(missing_ok=True)
        fresh = not html.exists() and not doctrees.exists()  # Sphinx writes every page: the memo may keep them
        restored = fresh and memo.restore(stamp, html)  # a site built before
        if restored:
            if sphinx is not None:
                sphinx.close()
            try:
                if meanwhile is not None:
                    meanwhile()
            except BaseException:
                shutil.rmtree(html, ignore_errors=True)  # as a build stopped half-way: nothing looks finished
                raise
        elif sphinx is not None and sphinx.submit(src, html, doctrees):
            try:
                if meanwhile is not None:
                    meanwhile()
            except BaseException:
                sphinx.close()  # killed half-way: its output must not look like a finished build
                shutil.rmtree(doctrees, ignore_errors=True)
                shutil.rmtree(html, ignore_errors=True)
                raise
            sphinx.result()
        else:
            run_sphinx(src, html, doctrees)
            if meanwhile is not None:
                meanwhile()
        if fresh and not restored:
            memo.keep(stamp, html)
        stamp_file.write_text(f"{code}\n{stamp}\n", encoding="ascii")
    else:
        if sphinx is not None:
            sphinx.close()  # nothing to build: do not keep it waiting
        if meanwhile is not None:
            meanwhile()
    publish_copy(html, out_dir)
    # the search's ranking, readings and non-public topics: outside Sphinx's config (see BROWSER_DATA)
    data = browser_data(view, writer.page_kinds, cache=work_dir / READINGS_CACHE)
    (out_dir / "_static" / BROWSER_DATA).write_text(data, encoding="utf-8")
    if downloads:
        target = out_dir / "downloads"
        target.mkdir(parents=True, exist_ok=True)
        for p in downloads:
            shutil.copyfile(p, target / p.name)


def renderer_stamp() -> str:
    """This renderer's code (Python, templates, CSS, JS) and the Sphinx and docutils versions."""
    h = hashlib.sha256()
    for dist in ("sphinx", "docutils"):
        h.update(f"{dist} {importlib.metadata.version(dist)}\n".encode())
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".css", ".js"}:
            h.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def build_stamp(sources: dict[str, str], code: str) -> str:
    """What a finished build was made from: the generated sources and the renderer's code.

    Equal stamps mean Sphinx would rebuild nothing, so it is not even started.
    """
    h = hashlib.sha256(code.encode())
    for rel, text in sorted(sources.items()):
        h.update(rel.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()


def _check_downloads(downloads: list[Path]) -> None:
    problems = []
    seen: set[str] = set()
    for p in downloads:
        if not p.is_file():
            problems.append(Problem(None, f"download {p} does not exist", "a file built before the site"))
        elif p.name in seen:
            problems.append(Problem(None, f"two downloads are both named {p.name}", "unique file names"))
        seen.add(p.name)
    if problems:
        raise BuildError(problems)


def conf_py(writer: SiteWriter) -> str:
    """The Sphinx configuration: constant except for what the view changes."""
    view = writer.view
    banner = _banner(view)
    settings: list[tuple[str, object]] = [
        ("project", writer.title),
        ("copyright", view.organisation),
        ("language", "ja"),
        ("root_doc", "index"),
        ("extensions", ["toolkit.render.site.ext"]),
        ("rst_prolog", PROLOG),
        ("smartquotes", False),
        ("html_theme", "basic"),
        ("html_title", writer.title),
        ("html_short_title", writer.title),
        ("html_css_files", ["site.css"]),
        ("html_sidebars", {"**": ["localtoc.html"], "index": [], "search": [], "glossary": [],
                           "history": []}),
        ("html_copy_source", False),
        ("html_show_sourcelink", False),
        ("html_use_index", False),
        ("html_domain_indices", False),
        ("html_show_sphinx", False),
        ("html_last_updated_fmt", None),
        ("html_permalinks_icon", "#"),
        ("html_search_language", "ja"),
        ("html_search_options", {WHOLE_WORDS_OPTION: "\n".join(writer.search_keys),
                                 VARIANTS_OPTION: variants_option(view)}),
        ("html_context", {"banner": banner, "audience": writer.audience_label if banner else "",
                          "search_example": writer.search_example, "contact": _contact(view),
                          "sample_notice": _sample_notice(view), "updated": _updated(view),
                          "print_css": _print_css(banner)}),
    ]
    lines = ["# Generated by toolkit.render.site for one view of the policy; rewritten on every build.", ""]
    lines += [f"{key} = {value!r}" for key, value in settings]
    return "\n".join(lines) + "\n"


def _contact(view: PolicySet) -> dict[str, object] | None:
    """The footer's 問い合わせ先 and the link to the city's site (``site:`` in policyset.yaml)."""
    site = view.site
    if site.contact is None and site.city_url is None:
        return None
    c = site.contact
    fields = ("phone", "fax", "mail", "form_url", "address", "hours")
    return {"organisation": view.organisation, "section": c.section if c else "",
            **{k: getattr(c, k) if c else None for k in fields},
            "site_url": site.city_url, "sample": site.is_sample, "has_contact": c is not None}


def _sample_notice(view: PolicySet) -> str | None:
    """The banner of a site showing placeholder ``site:`` values (issue 23: on every page, loudly)."""
    if not view.site.shows_sample:
        return None
    return (f"このサイトの問い合わせ先・情報公開請求の案内などは見本（仮の値）です。{view.organisation}の実際の連絡先や"
            "案内ではありません。")


def _css_string(text: str) -> str:
    """``text`` as a CSS string of ASCII only (every other letter a hex escape): safe in a <style>."""
    return '"' + "".join(ch if ch.isascii() and (ch.isalnum() or ch in " .,:;()-") else f"\\{ord(ch):06x}"
                         for ch in text) + '"'


def _print_css(banner: str | None) -> str:
    """Every printed page of a marked site carries its marking, and a draft's pages 【案】 too
    (issue 23): @page margin boxes, which Chromium repeats on each page (a header printed once
    at the top of page 1 said nothing on pages 2–9)."""
    if not banner:
        return ""
    mark, draft = _css_string(banner), _css_string("【案】")
    page = _css_string("ページ ")
    return ("@page { margin-top: 20mm; margin-bottom: 18mm; "
            f"@top-center {{ content: {mark}; font-size: 8pt; font-weight: bold; }} "
            f"@bottom-right {{ content: {page} counter(page) \" / \" counter(pages); font-size: 8pt; }} }} "
            "@page draft { margin-top: 20mm; "
            f"@top-left {{ content: {draft}; font-size: 12pt; font-weight: bold; }} "
            f"@top-center {{ content: {mark}; font-size: 8pt; font-weight: bold; }} }} "
            "body:has(div.draft-revision), body[class*=\"page-review-\"] { page: draft; }")


def _updated(view: PolicySet) -> str:
    """更新日 on every page: the build's date (reproducible: SOURCE_DATE_EPOCH or the ledger)."""
    day = build_date(view)
    return f"{wareki(day)}（{day.isoformat()}）"


def _banner(view: PolicySet) -> str | None:
    """The marking of the most restricted level the audience sees (庁内限り …), if it has one."""
    if view.audience_id is None:
        return None
    sees = view.audience(view.audience_id).sees
    levels = sorted((c for c in view.classifications if c.id in sees), key=lambda c: c.rank)
    marked = [c for c in levels if c.banner]
    return marked[-1].banner if marked else None


def sync_sources(src: Path, sources: dict[str, str]) -> list[str]:
    """Write each source only if its text changed (mtimes drive Sphinx's rebuild); drop stale ones.

    Returns the relative paths of removed sources.
    """
    src.mkdir(parents=True, exist_ok=True)
    for rel, text in sources.items():
        path = inside(src, rel)  # defence in depth (issue 9): a page name made from an id never steps out
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    removed = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src).as_posix()
        if path.is_file() and rel not in sources and (path.suffix == ".rst" or rel == "conf.py"):
            path.unlink()
            removed.append(rel)
    for path in sorted((p for p in src.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(path.iterdir()):
            path.rmdir()
    return removed


def run_sphinx(src: Path, html: Path, doctrees: Path) -> None:
    """An incremental Sphinx HTML build where any warning is an error."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    status, warnings = io.StringIO(), io.StringIO()
    try:
        with patch_docutils(src), docutils_namespace():
            app = Sphinx(str(src), str(src), str(html), str(doctrees), "html",
                         status=status, warning=warnings, freshenv=False, warningiserror=True,
                         verbosity=0)
            app.build()
            failed = app.statuscode != 0
    except Exception as e:  # Sphinx raises many kinds; the user needs the message, not a traceback
        failed = True
        warnings.write(f"{type(e).__name__}: {e}\n")
    if failed:
        # a failed build must not leave an environment that believes the pages are fine
        shutil.rmtree(doctrees, ignore_errors=True)
        shutil.rmtree(html, ignore_errors=True)
        text = re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())  # Sphinx colours its warnings
        lines = [ln for ln in text.splitlines() if ln.strip()] or ["sphinx-build failed"]
        raise BuildError([Problem(None, f"site build: {ln}") for ln in lines])


class SphinxProcess:
    """Sphinx in a child process, started before its sources exist.

    Importing Sphinx takes about as long as loading, checking and redacting
    the policy and writing the .docx; started first (:meth:`start`), the
    child imports it meanwhile, then runs one build (:meth:`submit`) while
    this process does other work (the leak check of the downloads), and
    reports (:meth:`result`).  The child dies with this process (a SIGKILL
    of ``policy publish`` must not leave a build running), and is never
    forked from a process with other threads.
    """

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self.pid, self._requests, self._replies = pid, requests, replies

    @classmethod
    def start(cls) -> SphinxProcess | None:
        """Fork the child (None where that is not safe or possible: then Sphinx runs in process)."""
        import threading

        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            status = 1
            try:
                os.close(req_w)
                os.close(rep_r)
                _die_with_parent()
                status = _serve(req_r, rep_w)
            finally:
                os._exit(status)
        os.close(req_r)
        os.close(rep_w)
        return cls(pid, req_w, rep_r)

    def submit(self, src: Path, html: Path, doctrees: Path) -> bool:
        """Start the build; False if the child is gone (then build in this process)."""
        import pickle

        if self._requests < 0:
            return False
        fd, self._requests = self._requests, -1
        try:
            with os.fdopen(fd, "wb") as fh:  # closed after the one request: the child sees its end
                pickle.dump((str(src), str(html), str(doctrees)), fh)
        except OSError:
            self.close()
            return False
        return True

    def result(self) -> None:
        """Wait for the build; raise its :class:`BuildError`, as :func:`run_sphinx` would."""
        import pickle

        fd, self._replies = self._replies, -1
        try:
            with os.fdopen(fd, "rb") as fh:
                problems, templates = pickle.load(fh)
            memo.TEMPLATES.update(templates)
        except (OSError, EOFError, pickle.UnpicklingError, TypeError, ValueError) as e:
            problems = [f"the Sphinx process ended without a result ({type(e).__name__})"]
        self.close()
        if problems:
            raise BuildError([Problem(None, f"site build: {ln}") for ln in problems])

    def close(self) -> None:
        """End the child (if still running) and collect it."""
        for fd in (self._requests, self._replies):
            if fd >= 0:
                os.close(fd)
        self._requests = self._replies = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0

    def __enter__(self) -> SphinxProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _die_with_parent() -> None:
    """Linux: SIGKILL this (child) process when its parent dies."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _serve(requests: int, replies: int) -> int:
    """The child's work: import Sphinx now, then build the one folder asked for."""
    import pickle

    from sphinx.application import Sphinx  # noqa: F401 - the point: imported before it is needed
    from sphinx.builders.html import StandaloneHTMLBuilder  # noqa: F401

    with os.fdopen(requests, "rb") as fh:
        try:
            src, html, doctrees = pickle.load(fh)
        except EOFError:
            return 0  # not needed after all
    problems: list[str] = []
    try:
        run_sphinx(Path(src), Path(html), Path(doctrees))
    except BuildError as e:
        problems = [p.message.removeprefix("site build: ") for p in e.problems]
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises
        problems = [f"{type(e).__name__}: {e}"]
    with os.fdopen(replies, "wb") as fh:  # and the templates it compiled: a child dies with what it learnt
        pickle.dump((problems, memo.TEMPLATES), fh)
    return 0


def publish_copy(html: Path, out_dir: Path) -> None:
    """Copy Sphinx's output to ``out_dir`` without its bookkeeping files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for root, dirs, files in os.walk(html):
        rel_root = Path(root).relative_to(html)
        if rel_root == Path("."):
            dirs[:] = [d for d in dirs if d not in _BOOKKEEPING]
            files = [f for f in files if f not in _BOOKKEEPING]
        dirs.sort()
        if files:
            (out_dir / rel_root).mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            shutil.copyfile(Path(root) / name, out_dir / rel_root / name)
