"""Text files as a reader (or a search box) could see them (本文の読み方): HTML / XML with tags stripped
and entities decoded, JavaScript / JSON with escapes decoded and ``searchindex.js`` parsed,
percent-encoded URLs.  Every other reader ends here for the text it finds (a PDF's XMP metadata too).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from toolkit.leakcheck.limits import Texts
from toolkit.leakcheck.normal import SEP

_BLOCK_NAMES = """p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tr td th thead tbody caption br hr
section article header footer nav aside main title head body html script style pre blockquote figure
figcaption option select button label form tc tbl""".split()
# Block-level elements (HTML, and Word's paragraph / cell / break) end a run of text;
# inline ones (a, span, em, w:r, w:t) do not, so a linked term inside a sentence still matches.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:[\w.-]+:)?(?:" + "|".join(_BLOCK_NAMES) + r")(?![\w.:-])[^<>]*>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_JS_ESCAPE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})"
                        r"|\\x([0-9a-fA-F]{2})")
_JSONP = re.compile(r"^\s*[\w.$]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _js_unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            hi, lo = int(m.group(1), 16), int(m.group(2), 16)
            return chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
        return chr(int(m.group(3) or m.group(4), 16))

    return _JS_ESCAPE.sub(sub, text)


def _json_strings(value: object) -> Iterator[str]:
    stack = [value]  # iterative: a deeply nested JSON must not exhaust the stack
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            for k, item in reversed(list(v.items())):
                stack.append(item)
                stack.append(str(k))
        elif isinstance(v, list):
            stack.extend(reversed(v))


def _json_payload(text: str) -> object | None:
    """The JSON in a .json file or a JSONP-style call (``Search.setIndex({...})``)."""
    m = _JSONP.match(text)
    for candidate in ((m.group(1),) if m else ()) + (text,):
        try:
            return json.loads(candidate)
        except (ValueError, RecursionError):
            continue
    return None


def markup(text: str) -> str:
    """Text as read (tags removed: block ones end a run, inline ones do not), then every tag
    itself (attributes such as ``title=`` and ``content=`` are text too), entities decoded."""
    stripped = _TAG.sub("", _BLOCK_TAG.sub(SEP, text))
    return html.unescape(stripped + SEP + SEP.join(_TAG.findall(text)))


def text_variants(name: str, text: str) -> list[str]:
    """The readings of a text file a reader (or a search box) could see, each once."""
    from urllib.parse import unquote

    if name.endswith((".js", ".json")) and (payload := _json_payload(text)) is not None:
        variants = [SEP.join(_json_strings(payload))]  # searchindex.js: every string, unescaped
    elif "\\u" in text or "\\x" in text:
        variants = [_js_unescape(text)]
    else:
        variants = [text]
    if "<" in variants[0]:
        variants = [markup(variants[0])]
    elif "&" in variants[0]:
        variants = [html.unescape(variants[0])]
    encoded = _PERCENT.findall(text) if "%" in text else []  # Japanese in URLs: %E6%A9%9F…
    if encoded:
        variants.append(SEP.join(unquote(e) for e in encoded))
    return variants


def read_text(name: str, data: bytes) -> Texts:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        text = data.decode("utf-8", "replace")
    for variant in text_variants(name, text):
        yield name, variant



__all__ = ["markup", "read_text", "text_variants"]
