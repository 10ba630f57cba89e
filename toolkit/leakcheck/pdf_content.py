"""A PDF page's content stream as pypdf's operations, parsed fast (内容ストリームの高速解析).

pypdf's pure-Python tokeniser (``ContentStream.operations``) was three quarters of the leak
check's time on a machine without ``pdftotext``: it reads one byte at a time.  This parser reads
the common subset of the syntax with one regular expression and builds the very objects pypdf
builds, with pypdf's own constructors (numbers, names, strings); so pypdf's text extraction runs
unchanged on them.  Anything outside the subset (a comment, an inline image, nested arrays, a
``1 0 R`` pypdf would misread, a stream near pypdf's parsing limits …) returns ``None``, and
pypdf parses the stream itself, with its own errors and limits: the extracted text is the same
either way (tests/test_leakcheck_pdf_content.py compares both on every stream it can make).
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from pypdf._configuration import get_configuration
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    create_string_object,
    read_hex_string_from_stream,
)
from pypdf.generic._utils import __ESCAPE_DICT__ as _ESCAPES  # pypdf's own escapes, whatever they are

_WS = b" \t\n\r\x0c"  # pypdf's white space, less NUL (a stream holding NUL or \v is left to pypdf)
_REGULAR = rb"[^" + _WS + rb"()<>\[\]{}/%]"  # pypdf's delimiters end names and operators
_TOKEN = re.compile(
    rb"[" + _WS + rb"]*(?:"
    rb"(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?![+,\-.0-9])"  # (pypdf reads +,-. and digits as one number)
    rb"|(?P<name>/" + _REGULAR + rb"{0,1000})(?!" + _REGULAR + rb")"
    rb"|(?P<str>\()"  # to its balanced end: _string_end
    rb"|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<open>\[|<<)|(?P<close>\]|>>)"
    rb"|(?P<op>[A-Za-z'\x22]" + _REGULAR + rb"{0,15})(?!" + _REGULAR + rb"))"
)
_OCTAL_OR_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.?)", re.S)
_INDIRECT = re.compile(rb"\d\s+\d+\s+R(?![a-zA-Z])")  # pypdf reads it as a reference (and fails: no PDF)
_PARENS = re.compile(rb"[()\\]")
_MAX_DEPTH = 16  # deeper nesting: pypdf (and its recursion limit) decides


class _Outside(Exception):  # noqa: N818 - not an error: "let pypdf parse this one"
    pass


def operations(data: bytes, forced_encoding: Any) -> list[tuple[Any, bytes]] | None:
    """pypdf's ``ContentStream(…).operations`` for ``data``, or None where pypdf must parse it itself."""
    if b"\x00" in data or b"\x0b" in data or _INDIRECT.search(data):
        return None
    try:
        return _parse(data, forced_encoding)
    except _Outside:
        return None


def _parse(data: bytes, encoding: Any) -> list[tuple[Any, bytes]]:
    config = get_configuration()
    budget = config.stream_parsing_work_maximum_count - 16  # near pypdf's limit, it decides
    max_array, max_dict = config.array_maximum_element_count, config.dictionary_maximum_element_count
    ops: list[tuple[Any, bytes]] = []
    operands: list[Any] = []
    stack: list[Any] = []  # open arrays (ArrayObject) and dictionaries ([dict, pending key])
    known: dict[bytes, Any] = {}  # token → object (names, numbers and strings repeat)
    work = at = 0
    match, size = _TOKEN.match, len(data)
    while at < size:
        m = match(data, at)
        if m is None:
            if data[at:].strip(_WS):
                raise _Outside  # a byte no token of the subset reads (a comment, a brace …)
            break
        kind, at = m.lastgroup or "", m.end()
        if kind == "op":
            tok = m.group(kind)
            if stack or tok == b"BI":  # an inline image: pypdf's own reader
                raise _Outside
            work += 1
            ops.append((operands, tok))
            operands = []
            continue
        if kind == "open":
            if len(stack) >= _MAX_DEPTH:
                raise _Outside
            stack.append(ArrayObject() if m.group(kind) == b"[" else [{}, None])
            continue
        if kind == "close":
            if not stack or isinstance(stack[-1], ArrayObject) != (m.group(kind) == b"]"):
                raise _Outside
            obj = stack.pop()
            if not isinstance(obj, ArrayObject):
                if obj[1] is not None or data[at:].lstrip(_WS)[:1] == b"s":  # pypdf would look for a stream
                    raise _Outside
                obj = DictionaryObject(obj[0])
        else:
            if kind == "str":
                end = _string_end(data, at - 1)
                tok, at = data[at - 1 : end], end
            else:
                tok = m.group(kind)
            obj = known.get(tok)
            if obj is None:
                obj = known[tok] = _scalar(kind, tok, encoding)
        if not stack:
            work += 1
            operands.append(obj)
        elif isinstance(stack[-1], ArrayObject):
            if len(stack[-1]) >= max_array:
                raise _Outside
            work += 1
            stack[-1].append(obj)
        else:
            entries, key = stack[-1]
            if key is None:
                if not isinstance(obj, NameObject) or obj in entries or len(entries) >= max_dict:
                    raise _Outside
                work += 2
                stack[-1][1] = obj
            else:
                entries[key] = obj
                stack[-1][1] = None
        if work >= budget:
            raise _Outside
    if stack or work >= budget:
        raise _Outside  # unterminated, or near pypdf's limit: pypdf decides
    return ops


def _string_end(data: bytes, start: int) -> int:
    """Where the literal string at ``start`` ends, as pypdf reads it: parentheses balance, and a
    backslash takes the next byte whatever it is (octal digits after it are never parentheses)."""
    depth, i = 0, start
    search = _PARENS.search
    while True:
        m = search(data, i)
        if m is None:
            raise _Outside  # unterminated: pypdf's error
        c, i = m.group(), m.end()
        if c == b"\\":
            i += 1
        elif c == b"(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return i


def _unescape(m: re.Match[bytes]) -> bytes:
    code = m.group(1)
    if code[:1].isdigit() and int(code, 8) <= 255:
        return bytes((int(code, 8),))
    if code not in _ESCAPES:  # over 255, an escaped line end, an unknown escape: pypdf's way
        raise _Outside
    return bytes((_ESCAPES[code],))


def _scalar(kind: str, tok: bytes, encoding: Any) -> Any:
    """The object pypdf reads for one token, built by pypdf's own code."""
    if kind == "num":
        return FloatObject(tok) if b"." in tok else NumberObject(tok)
    if kind == "name":
        return NameObject.read_from_stream(BytesIO(tok), None)
    if kind == "hex":
        return read_hex_string_from_stream(BytesIO(tok), encoding)
    return create_string_object(_OCTAL_OR_ESCAPE.sub(_unescape, tok[1:-1]), encoding)


__all__ = ["operations"]
