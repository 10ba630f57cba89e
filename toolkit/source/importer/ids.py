"""Stable ids: from a Word bookmark (an edited ``export --editable`` file), else from ``--like REV``
where a clause matches, else fresh.

A fresh id is ``n-`` and the first 8 hex digits of the SHA-256 of what the
clause reads (heading and text): ASCII, the same for the same input, and
never one the document has used before (those are skipped).  References are
then rewritten from the temporary ids to the final ones.
"""

from __future__ import annotations

import hashlib

from toolkit.model.refs import REF_RE, resolve
from toolkit.source.importer.align import align
from toolkit.source.importer.build import labels, nodes
from toolkit.source.importer.state import Draft, State


def fresh_id(d: Draft, readable: list[str], taken: set[str], suffixes: dict[str, int] | None = None) -> str:
    """``suffixes`` remembers the last ``-k`` given per digest, so many identical clauses stay linear."""
    digest = hashlib.sha256("\x1f".join([d.heading or "", *readable]).encode()).hexdigest()
    for width in (8, 12, 16):
        cand = f"n-{digest[:width]}"
        if cand not in taken:
            return cand
    seen = suffixes if suffixes is not None else {}
    k = seen.get(digest, 1) + 1
    while f"n-{digest[:16]}-{k}" in taken:
        k += 1
    seen[digest] = k
    return f"n-{digest[:16]}-{k}"


def run(state: State) -> None:
    temp = state.temp_labels if state.temp_labels is not None else labels(state.drafts, state.numbering, state.file)
    matched: dict[str, str] = {}
    if state.like is not None:
        doc, old = state.like
        matched = align(nodes(state.drafts, state.file, state.numbering), temp, doc, old)
    if state.keyed:
        # a paragraph of a Word file exported with ids keeps its clause's id, wherever it moved;
        # the bookmark wins over a match by similarity, and only the first paragraph with a key has it
        keyed: dict[str, str] = {}
        for d in state.walk():
            old_id = state.keyed.get(d.key or "")
            if old_id is not None and old_id not in keyed.values():
                keyed[d.id] = old_id
        taken_by_key = set(keyed.values())
        matched = {k: v for k, v in matched.items() if v not in taken_by_key and k not in keyed} | keyed
    taken = set(state.reserved) | set(matched.values())
    final: dict[str, str] = {}
    suffixes: dict[str, int] = {}
    for d in state.walk():
        if d.id in matched:
            final[d.id] = matched[d.id]
        else:
            new = fresh_id(d, [resolve(t, temp) for t in d.text], taken, suffixes)
            taken.add(new)
            final[d.id] = new
            state.fresh.append(d)
    for d in state.walk():
        d.id = final[d.id]
        d.text = [REF_RE.sub(lambda m: "{ref:" + final[m.group(1)] + "}", t) for t in d.text]

