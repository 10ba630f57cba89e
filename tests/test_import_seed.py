"""The seed (the city's published text, from PDF) imports to the canonical r8."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED, SRC, Run, run_cli

from toolkit.model import Node, PolicySet, Revision
from toolkit.model.refs import REF_RE
from toolkit.source.importer import import_text
from toolkit.source.load import load_policy
from toolkit.source.validate import ID_RE


def policy_cli(*args: str, cwd: Path) -> Run:
    return run_cli(*args, cwd=cwd)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def r8(policy: PolicySet):
    doc = policy.document("basic-policy")
    return doc, doc.revision("r8")


def test_seed_with_like_r8_is_exactly_r8(seed_text, r8):
    doc, rev = r8
    imp = import_text(seed_text, str(SEED), "r8", like=(doc, rev))
    assert imp.fresh == ()
    assert imp.revision.body == rev.body  # Node equality ignores `location`
    assert (imp.revision.date, imp.revision.kind, imp.revision.provenance) == (rev.date, rev.kind, rev.provenance)
    assert imp.title == doc.title and imp.series == doc.series
    assert imp.numbering == doc.numbering
    # the earlier date lines of the seed are the ledger's earlier revisions
    assert [(d.date, d.kind) for d in imp.history] == [(r.date, r.kind) for r in doc.revisions if r.date < rev.date]


def test_seed_through_the_cli_loads_as_the_same_policy(src_copy: Path, tmp_path: Path):
    """`policy import --like r8 -o FILE`, then FILE in place of r8.yaml: the whole policy model is unchanged."""
    out = tmp_path / "r8-imported.yaml"
    r = policy_cli("--src", str(src_copy), "import", str(SEED), "--doc", "basic-policy", "--rev", "r8",
                   "--like", "r8", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "every clause matched" in r.stderr
    (src_copy / "basic-policy" / "r8.yaml").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_policy(src_copy) == load_policy(SRC)


def _rename(nodes: tuple[Node, ...], ids: dict[str, str]) -> tuple[Node, ...]:
    return tuple(
        replace(n, id=ids[n.id], children=_rename(n.children, ids),
                text=tuple(REF_RE.sub(lambda m: "{ref:" + ids[m.group(1)] + "}", t) for t in n.text))
        for n in nodes
    )


def test_seed_without_like_is_r8_modulo_ids(seed_text, r8):
    doc, rev = r8
    imp = import_text(seed_text, "seed.txt", "r8")
    new = list(imp.revision.walk())
    old = list(rev.walk())
    assert len(new) == len(old)
    ids = {n.id: o.id for n, o in zip(new, old, strict=True)}
    assert _rename(imp.revision.body, ids) == rev.body
    # every id is fresh, ASCII and stable
    assert set(imp.fresh) == {n.id for n in new}
    assert all(ID_RE.match(n.id) and n.id.isascii() for n in new)
    again = import_text(seed_text, "elsewhere.md", "r8")
    assert [n.id for n in again.revision.walk()] == [n.id for n in new]


def test_fresh_ids_avoid_ids_the_document_used(seed_text):
    first = import_text(seed_text, "seed.txt", "r9")
    taken = {n.id for n in first.revision.walk()}
    second = import_text(seed_text, "seed.txt", "r9", reserved=taken)
    assert taken.isdisjoint(n.id for n in second.revision.walk())


def test_like_keeps_ids_of_edited_and_moved_clauses_and_lists_the_rest(src_copy: Path, tmp_path: Path):
    """An older revision that lacks 2(12), words 6(7) differently and has 6(4)/6(5) swapped."""
    r8_path = src_copy / "basic-policy" / "r8.yaml"
    text = r8_path.read_text(encoding="utf-8")
    start = text.index("      - id: def-sanitised-communication")
    end = text.index("\n\n", start)
    text = text[:start] + text[end + 1:]  # drop 2(12)
    text = text.replace("緊急時対策を講じる。", "緊急時の対策を講じる。")
    phys = text.index("      - id: measure-physical")
    pers = text.index("      - id: measure-personnel")
    tech = text.index("      - id: measure-technical")
    text = text[:phys] + text[pers:tech] + text[phys:pers] + text[tech:]
    r8_path.write_text(text, encoding="utf-8")
    edited = load_policy(src_copy).document("basic-policy").revision("r8")
    assert [c.id for c in edited.node("measures").children][3:5] == ["measure-personnel", "measure-physical"]

    out = tmp_path / "r9.yaml"
    r = policy_cli("--src", str(src_copy), "import", str(SEED), "--doc", "basic-policy", "--rev", "r9",
                   "--like", "r8", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "1 clauses matched nothing and got fresh ids" in r.stderr
    assert "2(12) 無害化通信" in r.stderr
    from toolkit.source.revision_file import parse_revision

    body, _ = parse_revision(out.read_text(encoding="utf-8"), "r9.yaml", "r9")
    got = Revision("r9", edited.date, "改定", "authoritative", "", body)
    canon = load_policy(SRC).document("basic-policy").revision("r8")
    # everything but 2(12) keeps its r8 id, in the seed's order; 2(12) has a fresh one
    assert [n.id for n in got.walk() if not n.id.startswith("n-")] == \
        [n.id for n in canon.walk() if n.id != "def-sanitised-communication"]
    assert got.node("measure-operation").text == canon.node("measure-operation").text
    fresh = [n for n in got.walk() if n.id.startswith("n-")]
    assert [n.term for n in fresh] == ["無害化通信"]
