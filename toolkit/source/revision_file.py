"""A revision file (``<doc-id>/<rev-id>.yaml``) → its body, note, own numbering and 附則 (supplementary).

Each clause is read by :func:`_fast_node` when it is well-formed (the common case, and most of the load
time of a big revision: bench/bench_load.py), else by :func:`_node`, which reports every problem with its
location.  Both read the keys :data:`toolkit.source.clause_fields.CLAUSE_FIELDS` lists.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from toolkit.errors import Location, Problem, Problems, SourceError, quote
from toolkit.model import Node
from toolkit.source.clause_fields import CLAUSE_FIELDS, SourceField
from toolkit.source.schema import Fields, str_list
from toolkit.source.validate import MAX_NODE_DEPTH
from toolkit.source.yamlnodes import Located, compose_reported, compose_text, display_path

_PARA_SPLIT = re.compile(r"\n\s*\n")


# body, note, location, own numbering, 附則, 前文
RevisionFile = tuple[tuple[Node, ...], str | None, Location, tuple[str, ...], tuple[Node, ...], tuple[Node, ...]]


def read_revision_file(path: Path, rid: str, problems: Problems) -> RevisionFile:
    """Body, note, location, own numbering and 附則 of the revision file ``path``; its problems go to ``problems``."""
    from toolkit.source import revcache  # 13c: a file parsed once without problems is not parsed again

    cached = revcache.key(path, rid)
    if cached is not None and (hit := revcache.get(cached[0], display_path(path))) is not None:
        return hit
    before = len(problems.items)
    val = compose_reported(path, problems)
    src = Location(display_path(path), 1, 1)
    if val is None:
        return (), None, src, (), (), ()
    parsed = _revision(val, path.name, rid, problems)
    if cached is not None and len(problems.items) == before:
        revcache.put(cached[0], parsed)
    return parsed


def parse_revision(text: str, file: str, rid: str) -> tuple[tuple[Node, ...], str | None]:
    """The body and note of a revision file's text (as :func:`load_policy` reads it);
    :func:`parse_revision_file` for its numbering and 附則 too."""
    body, note, _own, _supplementary = parse_revision_file(text, file, rid)
    return body, note


def parse_revision_file(text: str, file: str, rid: str) -> tuple[tuple[Node, ...], str | None, tuple[str, ...],
                                                                   tuple[Node, ...]]:
    """Body, note, own numbering and 附則 of a revision file's text (as :func:`load_policy` reads it)."""
    problems = Problems()
    val = compose_text(text, file)
    if val is None:
        raise SourceError([Problem(Location(file), "file is empty")])
    body, note, _src, own, supplementary, _preamble = _revision(val, Path(file).name, rid, problems)
    problems.raise_if_any()
    return body, note, own, supplementary


def _revision(val: Located, name: str, rid: str, problems: Problems) -> RevisionFile:
    path = Path(name)
    f = Fields(val, problems, f"revision file {name}")
    rev = f.req("revision", str)
    if rev is not None and rev != rid:
        problems.add(f.loc_of("revision"), f"file says revision {quote(rev)} but is named {path.name}",
                     f"revision: {rid}")
    note = f.opt("note", str)
    own = tuple(str_list(f.located("numbering"), problems, "numbering"))  # this revision's styles, if its own
    preamble = _nodes(f.opt("preamble", list, []), problems, 1)  # 前文: unnumbered paragraphs before the body
    body = _nodes(f.req("body", list) or [], problems, 1)
    supplementary = _nodes(f.opt("supplementary", list, []), problems, 1)  # 附則
    f.done()
    return body, note, val.loc, own, supplementary, preamble


def _nodes(items: list[Located], problems: Problems, depth: int) -> tuple[Node, ...]:
    """Sibling nodes at ``depth`` (1 = top level), numbered by position (``seq``).

    Deeper than :data:`MAX_NODE_DEPTH` is a located error (not a
    RecursionError somewhere in a renderer).

    Each is read by :func:`_fast_node` when it is well-formed (the common
    case, and most of the load time of a big revision: bench/bench_load.py),
    else by :func:`_node`, which reports every problem with its location.
    """
    out: list[Node] = []
    if depth > MAX_NODE_DEPTH and items:
        problems.add(items[0].loc, f"clauses nested deeper than {MAX_NODE_DEPTH} levels",
                     f"at most {MAX_NODE_DEPTH} levels (Japanese policies use at most six)")
        return ()
    for item in items:
        node = _fast_node(item, len(out) + 1, problems, depth=depth)
        if node is None:
            node = _node(item, problems, len(out) + 1, depth=depth)
        if node is not None:
            out.append(node)
    return tuple(out)


# what the fast path reads: key → (Node attribute, kind); a clause with any other key takes the checked path
_FAST = {f.key: (f.attr, f.kind) for f in CLAUSE_FIELDS}
_CHILDREN = next(f for f in CLAUSE_FIELDS if f.kind == "children")
_TEXTUAL = frozenset({"str", "timestamp"})


def _paragraphs(paras: list[str]) -> tuple[str, ...]:
    """Paragraphs as the source gives them (a string or a list), each split at blank lines."""
    text: list[str] = []
    for para in paras:
        if "\n" in para:
            text.extend(p.strip() for p in _PARA_SPLIT.split(para.strip()) if p.strip())
        elif para.strip():
            text.append(para.strip())
    return tuple(text)


def _fast_node(val: Located, seq: int, problems: Problems, depth: int = 1) -> Node | None:
    """A well-formed node without the checks' bookkeeping; None if anything is unusual."""
    m = val.value
    if type(m) is not dict or "id" not in m or not m.keys() <= _FAST.keys():
        return None
    fields: dict[str, Any] = {}
    for key, (_k, v) in m.items():
        attr, kind = _FAST[key]
        if kind == "text" or kind == "list":  # a string or a list of strings
            if v.tag == "seq":
                strings = []
                for p in v.value:
                    if p.tag not in _TEXTUAL or type(p.value) is not str:
                        return None
                    strings.append(p.value)
            elif v.tag in _TEXTUAL and type(v.value) is str:
                strings = [v.value]
            else:
                return None
            fields[attr] = _paragraphs(strings) if kind == "text" else tuple(strings)
        elif kind == "children":
            if v.tag != "seq":
                return None
        elif kind == "bool":
            if v.tag != "bool":
                return None
            fields[attr] = v.value
        elif kind == "flag":
            if v.tag != "bool":
                return None
            fields[attr] = int(v.value)
        elif v.tag not in _TEXTUAL or type(v.value) is not str:  # id, prose, key, style: a string
            return None
        else:
            fields[attr] = v.value
    if _CHILDREN.key in m:  # last: nothing can fall back to the slow path after this
        fields[_CHILDREN.attr] = _nodes(m[_CHILDREN.key][1].value, problems, depth + 1)
    return Node(seq=seq, location=val.loc, **fields)


def _node(val: Located, problems: Problems, seq: int = 0, depth: int = 1) -> Node | None:
    f = Fields(val, problems, "node")
    if not f.ok:
        return None
    node = Node(seq=seq, location=val.loc, **{s.attr: _checked(s, f, problems, depth) for s in CLAUSE_FIELDS})
    f.done()
    return node


def _checked(s: SourceField, f: Fields, problems: Problems, depth: int) -> Any:
    """The value of one field of a clause, each problem reported with its location."""
    if s.kind == "id":
        return f.req(s.key, str) or ""
    if s.kind in ("prose", "key", "style"):
        return f.opt(s.key, str)
    if s.kind == "bool":
        return f.opt(s.key, bool)
    if s.kind == "flag":
        return int(f.opt(s.key, bool, False) or False)
    if s.kind == "list":
        return tuple(str_list(f.located(s.key), problems, f"'{s.key}'"))
    if s.kind == "text":
        return _paragraphs(str_list(f.located(s.key), problems, f"'{s.key}'"))
    return _nodes(f.opt(s.key, list, []), problems, depth + 1)  # children
