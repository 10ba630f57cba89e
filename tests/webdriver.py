"""A minimal W3C WebDriver client for Debian's chromium (chromium-driver), over urllib.

Shared by the browser tests (the public site, the self-check quiz page), so
the flags and the protocol live in one place and no extra dependency is needed.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from conftest import require

# Without the background-networking flags chromium keeps dialling out, which this machine refuses.
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--lang=ja"]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C WebDriver element key


# Browser.wait's poll inside the page: the check's value once true as Python reads it (an empty
# list or object is false there, not in JavaScript), {error} when the check throws, or {timeout}
# when arguments[0] ms have passed.
_WAIT = """
const timeout = arguments[0], done = arguments[arguments.length - 1];
const check = () => { /*CHECK*/ };
const truthy = v => Array.isArray(v) ? v.length > 0 : (v !== null && typeof v === 'object' && !(v instanceof Node))
    ? Object.keys(v).length > 0 : Boolean(v);
const end = performance.now() + timeout;
(function poll() {
  let value;
  try { value = check(); } catch (e) { done({error: String(e)}); return; }
  if (truthy(value)) { done({value}); }
  else if (performance.now() > end) { done({timeout: true}); }
  else { setTimeout(poll, 10); }
})();
"""


class WebDriverError(RuntimeError):
    pass


class Browser:
    """Just the WebDriver commands the tests use."""

    def __init__(self, base: str, chromium: str, profile: Path, extra_args: tuple[str, ...] = (),
                 prefs: dict | None = None) -> None:
        self.base = base
        options: dict = {"binary": chromium, "args": [*CHROME_FLAGS, *extra_args, f"--user-data-dir={profile}"]}
        if prefs:
            options["prefs"] = prefs  # the reader's settings, e.g. {"webkit.webprefs.default_font_size": 24}
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]
        self._first_rect = self.cmd("GET", "/window/rect")
        # an async script's limit, set once: axe on a long page, and Browser.wait (its own timeout ends it first)
        self.cmd("POST", "/timeouts", {"script": 300_000})

    def reset(self) -> None:
        """A blank page at the first window size: a shared session as a fresh one starts."""
        self.get("about:blank")
        self.cmd("POST", "/window/rect", self._first_rect)

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                payload = json.loads(resp.read())
        except urllib.error.HTTPError as e:
            raise WebDriverError(e.read().decode(errors="replace")) from None
        return payload["value"]

    def cmd(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    @property
    def url(self) -> str:
        return self.cmd("GET", "/url")

    def find(self, css: str) -> str:
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def click(self, element: str) -> None:
        self.cmd("POST", f"/element/{element}/click")

    def type(self, element: str, text: str) -> None:
        self.cmd("POST", f"/element/{element}/value", {"text": text})

    def clear(self, element: str) -> None:
        self.cmd("POST", f"/element/{element}/clear")

    def text(self, element: str) -> str:
        return self.cmd("GET", f"/element/{element}/text")

    def js(self, script: str, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def size(self, width: int, height: int) -> None:
        self.cmd("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self) -> bytes:
        return base64.b64decode(self.cmd("GET", "/screenshot"))

    def wait(self, script: str, timeout: float = 20.0):
        """``script``'s value once it is true (as Python reads it); polled inside the page, so a
        wait is one round trip and ends within milliseconds of the change.  A page that unloads
        meanwhile (a navigation) is polled from here on the next page."""
        end = time.monotonic() + timeout
        try:
            found = self.cmd("POST", "/execute/async", {"script": _WAIT.replace("/*CHECK*/", script),
                                                        "args": [timeout * 1000]})
        except WebDriverError as e:  # chromedriver's answer when the page navigates away meanwhile
            if '"script timeout"' not in str(e) or time.monotonic() > end:
                raise
        else:
            if "error" in found:
                raise WebDriverError(f"javascript error in {script!r}: {found['error']}")
            if "value" in found:
                return found["value"]
            raise TimeoutError(script)
        while True:
            value = self.js(script)
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(script)
            time.sleep(0.05)

    def quit(self) -> None:
        with contextlib.suppress(Exception):
            self._call("DELETE", f"/session/{self.session}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chromium_session(why: str, extra_args: tuple[str, ...] = (), prefs: dict | None = None) -> Iterator[Browser]:
    """A chromedriver on a free loopback port and one headless chromium session with a fresh profile."""
    chromium = require("chromium", why)
    driver = require("chromedriver", "the test speaks WebDriver to chromium (chromium-driver)")
    port = _free_port()
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
    proc = subprocess.Popen([driver, f"--port={port}", "--allowed-ips=127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), urllib.request.urlopen(base + "/status", timeout=1):
                break
            time.sleep(0.1)
        browser = Browser(base, chromium, profile, extra_args, prefs)
        try:
            yield browser
        finally:
            browser.quit()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # a file of the tests' own served beside every folder (axe-core: tests/axe.py), so chromium caches
    # and compiles it once, not once per page; its path is one no built site has
    extra: ClassVar[dict[str, Path]] = {}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path: str) -> str:
        own = self.extra.get(urllib.parse.urlsplit(path).path)
        return str(own) if own is not None else super().translate_path(path)


def serve_also(url_path: str, file: Path) -> None:
    """Serve ``file`` at ``url_path`` beside the folder of every :func:`serve`."""
    _QuietHandler.extra[url_path] = file


class _Server(http.server.ThreadingHTTPServer):
    """A thread per request, each one ended when the server is: Chromium opens connections it never
    sends a request on, and their threads would wait on them for good.  A process with a thread left
    cannot fork (the site build's Sphinx child; tests/forkserver.py), so later tests would differ."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self._open: dict[threading.Thread, socket.socket] = {}

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        thread = threading.Thread(target=self._handle, args=(request, client_address), daemon=True)
        with self._lock:
            self._open[thread] = request
        thread.start()

    def _handle(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open.pop(threading.current_thread(), None)

    def end(self) -> None:
        self.shutdown()
        with self._lock:
            open_ = list(self._open.items())
        for thread, request in open_:
            with contextlib.suppress(OSError):
                request.shutdown(socket.SHUT_RDWR)
            thread.join(10)
        self.server_close()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yields the base URL.  On exit
    every thread it started has ended."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.end()
        thread.join(10)
