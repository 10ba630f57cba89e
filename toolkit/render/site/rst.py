"""Small reStructuredText writing helpers (the only place that knows reST syntax rules).

Generated text is never parsed as markup: every ASCII punctuation character is
backslash-escaped, so the city's wording reaches the page exactly as written.
Inline constructs (links, the item number) are glued to Japanese text with
escaped spaces (``\\ ``), which docutils removes, because reST inline markup
otherwise needs whitespace around it.
"""

from __future__ import annotations

import unicodedata

_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_ESCAPE = str.maketrans({c: "\\" + c for c in _PUNCT})
_ESCAPE_ROLE = str.maketrans({c: "\\" + c for c in "\\`<>"})
# section underline characters by level (1 = page title, drawn with an overline too)
_UNDERLINES = "=-~^\"'"


def escape(text: str) -> str:
    """Literal text: every ASCII punctuation escaped, line breaks folded."""
    return " ".join(text.splitlines()).translate(_ESCAPE)


def _escape_role_text(text: str) -> str:
    """Text inside a role (``:ref:`text <target>```): escape what would end or split it."""
    return " ".join(text.splitlines()).translate(_ESCAPE_ROLE)


def role(name: str, text: str, target: str | None = None) -> str:
    """An interpreted-text role, e.g. ``:ref:`3 <basic-policy-threats>```."""
    body = _escape_role_text(text)
    if target is not None:
        body = f"{body} <{target}>"
    return f":{name}:`{body}`"


def link(text: str, url: str) -> str:
    """An anonymous external/relative hyperlink (anonymous: no duplicate-name warnings)."""
    return f"`{_escape_role_text(text)} <{url}>`__"


def join(parts: list[tuple[bool, str]]) -> str:
    """Join (is_markup, text) pieces; markup is glued to neighbours with escaped spaces."""
    out: list[str] = []
    prev_markup = False
    for markup, piece in parts:
        if not piece:
            continue
        if (markup or prev_markup) and out:
            out.append("\\ ")
        out.append(piece)
        prev_markup = markup
    return "".join(out)


def width(text: str) -> int:
    """Display columns, as docutils counts them for title underlines (wide = 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def heading(text: str, level: int) -> str:
    """A section title at ``level`` (1 = page title); ``text`` is already reST."""
    line = _UNDERLINES[level - 1] * (width(text) + 2)
    if level == 1:
        return f"{line}\n{text}\n{line}\n"
    return f"{text}\n{line}\n"


def indent(block: str, n: int = 3) -> str:
    pad = " " * n
    return "\n".join(pad + line if line.strip() else "" for line in block.splitlines())


def directive(name: str, argument: str = "", options: dict[str, str] | None = None, body: str = "") -> str:
    """A directive block, e.g. ``.. container:: item``."""
    head = f".. {name}::" + (f" {argument}" if argument else "")
    lines = [head]
    for key, value in (options or {}).items():
        lines.append(f"   :{key}:" + (f" {value}" if value else ""))
    text = "\n".join(lines) + "\n"
    if body:
        text += "\n" + indent(body) + "\n"
    return text


def label(name: str) -> str:
    """An explicit target before a section: ``.. _name:``."""
    return f".. _{name}:\n"
