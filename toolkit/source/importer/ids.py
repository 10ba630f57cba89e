"""Stable ids: from a Word bookmark (an edited ``export --editable`` file), else from ``--like REV``
where a clause matches, else fresh.

A 附則 takes the id of the 附則 of ``--like REV`` with the same heading (or, for
the plain 附　則, the one without a parenthesis), else ``suppl-`` and the era
year of its date (``suppl-r5`` for 附　則（令和5年3月31日訓令第5号）, ``suppl-h14``
for the first, in force from 平成14年), else ``suppl-`` and its position.

A fresh id is ``n-`` and the first 8 hex digits of the SHA-256 of what the
clause reads (heading and text): ASCII, the same for the same input, and
never one the document has used before (those are skipped).  References are
then rewritten from the temporary ids to the final ones.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict, deque

from toolkit.model.refs import REF_RE, resolve
from toolkit.model.wareki import era_code
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
        taken_by_key: set[str] = set()  # (a set: every clause of an export has a key)
        for d in state.walk():
            old_id = next((state.keyed[k] for k in (d.key or "").split() if k in state.keyed), None)
            if old_id is not None and old_id not in taken_by_key:
                keyed[d.id] = old_id
                taken_by_key.add(old_id)
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
    supplementary_ids(state, set(final.values()))


def supplementary_ids(state: State, taken: set[str]) -> None:
    """Give each 附則 its id (see the module docstring); ``taken``: the body's ids."""
    old = list(state.like[1].supplementary) if state.like is not None else []
    old_ids = {n.id for n in old}
    # --like: the first 附則 not yet taken with the same heading, one with the same text first (queues, so
    # that thousands of 附則 stay linear)
    by_text: dict[tuple[str | None, tuple[str, ...]], deque[str]] = defaultdict(deque)
    by_title: dict[str | None, deque[str]] = defaultdict(deque)
    for node in old:
        by_text[(node.title, node.text)].append(node.id)
        by_title[node.title].append(node.id)

    def first_free(queue: deque[str]) -> str | None:
        while queue and queue[0] in taken:
            queue.popleft()
        return queue[0] if queue else None

    last: dict[str, int] = {}  # the last suffix given per base id: many 附則 of one date stay linear
    for k, s in enumerate(state.supplementary, start=1):
        cand = next((state.keyed[x] for x in (s.key or "").split() if x in state.keyed), None)
        if cand is None or cand in taken:
            cand = first_free(by_text[(s.title, tuple(s.text))]) or first_free(by_title[s.title])
        if cand is None:
            base = f"suppl-{era_code(s.date)}" if s.date is not None else f"suppl-{k}"
            cand, n = base, last.get(base, 1)
            while cand in taken or cand in old_ids:
                n += 1
                cand = f"{base}-{n}"
            last[base] = n
        s.id = cand
        taken.add(cand)
