"""Published cases (issue 21 §4(b)): real amendments of municipal 例規 against what the generator writes.

Each case in tests/fixtures/amend/published/<id>/ has the old and the new text as `policy import` reads
them (old.txt, new.txt) and, in cases.yaml, the 改正規定 the city published (its sentences and the
provisions they bring, in order).  SOURCES.yaml gives every case's addresses and how its texts were made.

What is compared: the 改正規定 only — each sentence and the lines of the provisions it brings — not the
frame (title, enacting sentence, 附則, instrument number and date).  Both sides are NFKC-normalised,
because the published 改め文 prints every number full-width (「第２４条」) and the generator prints
citations half-width (「第24条」); nothing else is normalised.

The texts are reconstructed from the published 改め文 (SOURCES.yaml says how): the changed provisions
with the quoted words, unchanged wording as （略）, as a 新旧対照表 shows it.  So the cases test the
sentences' form — citations, 同条・同項・同号, chaining, joins, additions, deletions, renumbering, the
quoted unit around a number — against real instruments; where only （略） surrounds a change the
generator's choices depend on text the fixture does not have, and cases.yaml says so.

Every case either matches exactly (status: exact) or is listed with the reason it differs (status:
differs); the exact count is pinned, so a regression fails, and a case that starts to match must be moved
to the exact list.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from toolkit.amend import NotExpressible, instrument
from toolkit.diff import compare
from toolkit.model import Document, Node
from toolkit.source.importer import import_text

HERE = Path(__file__).parent / "fixtures" / "amend"
CASES = yaml.safe_load((HERE / "published" / "cases.yaml").read_text(encoding="utf-8"))
SOURCES = yaml.safe_load((HERE / "SOURCES.yaml").read_text(encoding="utf-8"))
EXACT = 13  # pinned: raise it when a case moves to the exact list, never lower it silently
NUMBERING = ("第1条", "項", "（1）")


def _norm(lines: list[str]) -> list[str]:
    return [unicodedata.normalize("NFKC", x) for x in lines]


def _keep_ids(old: tuple[Node, ...], new: tuple[Node, ...], old_ids: set[str], new_ids: set[str]) -> tuple[Node, ...]:
    """A provision the import could not match (the fixture shows little besides the change, so --like's
    similarity is low) keeps the id of the unmatched old provision in its place, as `policy revise`
    keeps ids when a revision is edited: else an edited article would read as removed and added."""
    out = []
    for k, n in enumerate(new):
        o = old[k] if k < len(old) else None
        if o is not None and n.id not in old_ids and o.id not in new_ids:
            n = replace(n, id=o.id)
        out.append(replace(n, children=_keep_ids(o.children if o else (), n.children, old_ids, new_ids)))
    return tuple(out)


def _same_shape(old: tuple[Node, ...], new: tuple[Node, ...]) -> bool:
    return len(old) == len(new) and all(_same_shape(a.children, b.children) for a, b in zip(old, new, strict=True))


def _ids_by_place(old: tuple[Node, ...], new: tuple[Node, ...]) -> tuple[Node, ...]:
    """Where no provision was added or removed, old and new pair by place, as the rows of a 新旧対照表
    do (--like pairs by likeness, which text that is mostly （略） can mislead)."""
    return tuple(replace(n, id=o.id, children=_ids_by_place(o.children, n.children)) for o, n in zip(old, new, strict=True))


def generated(case_id: str) -> list[str]:
    """The 改正規定 the generator writes for the case: each sentence, then the lines it brings."""
    d = HERE / "published" / case_id
    old = import_text((d / "old.txt").read_text(encoding="utf-8"), "old.txt", "r1", date=dt.date(2020, 1, 1),
                      kind="改定").revision
    doc = Document("d", "t", "t", "public", old.numbering or NUMBERING, (old,))
    new = import_text((d / "new.txt").read_text(encoding="utf-8"), "new.txt", "r2", like=(doc, old),
                      date=dt.date(2021, 1, 1), kind="改定").revision
    # one numbering for both (as `policy import` into a document keeps them): the styles the texts use
    numbering = new.numbering or old.numbering or NUMBERING
    old, new = replace(old, numbering=()), replace(new, numbering=())
    if _same_shape(old.body, new.body):
        new = replace(new, body=_ids_by_place(old.body, new.body))
    else:
        old_ids, new_ids = {n.id for n in old.walk()}, {n.id for n in new.walk()}
        new = replace(new, body=_keep_ids(old.body, new.body, old_ids, new_ids))
    doc = Document("d", "t", "t", "public", numbering, (old, new))
    try:
        inst = instrument(doc, old, new, compare(doc, old, new))
    except NotExpressible as e:
        return [f"NotExpressible: {e}"]
    if inst.whole:
        return ["全部改正"]
    return [line for s in inst.sentences for line in (s.text, *s.body)]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_published_case(case):
    assert case["id"] in SOURCES, f"{case['id']}: no entry in SOURCES.yaml"
    matches = _norm(generated(case["id"])) == _norm(case["published"])
    if case["status"] == "exact":
        assert matches, "\n".join(generated(case["id"]))
    else:
        assert case["status"] == "differs" and case.get("reason"), case["id"]
        assert not matches, f"{case['id']} now matches exactly: move it to status: exact and raise EXACT"


def test_exact_count_is_pinned():
    assert len(CASES) == len({c["id"] for c in CASES}) == len(SOURCES)
    assert sum(c["status"] == "exact" for c in CASES) == EXACT
