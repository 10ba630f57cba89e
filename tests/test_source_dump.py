"""The model → canonical YAML (toolkit.source.dump): reads back as the same model, same bytes every time."""

from __future__ import annotations

import io

import yaml
from conftest import SRC
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from toolkit.model import Node, Revision, number_tree
from toolkit.source.clause_fields import CLAUSE_FIELDS
from toolkit.source.dump import dump_document, dump_revision, scalar
from toolkit.source.load import load_policy
from toolkit.source.revision_file import parse_revision


def test_every_revision_in_policy_src_dumps_back_to_itself(policy):
    count = 0
    for doc in policy.documents:
        for rev in doc.revisions:
            text = dump_revision(rev)
            body, note = parse_revision(text, f"{rev.id}.yaml", rev.id)
            assert (body, note) == (rev.body, rev.note)
            assert dump_revision(rev) == text
            count += 1
    assert count >= 3


def test_r8_yaml_is_in_canonical_form(policy):
    """policy_src's r8.yaml is exactly what dump writes, apart from its comment lines."""
    rev = policy.document("basic-policy").revision("r8")
    on_disk = (SRC / "basic-policy" / "r8.yaml").read_text(encoding="utf-8")
    without_comments = "".join(line for line in on_disk.splitlines(True) if not line.lstrip().startswith("#"))
    assert dump_revision(rev) == without_comments


def test_document_file_dumps_to_the_same_ledger(tmp_path, policy):
    doc = policy.document("basic-policy")
    folder = tmp_path / "policy_src"
    import shutil

    shutil.copytree(SRC, folder)
    (folder / "basic-policy" / "document.yaml").write_text(dump_document(doc, ["regenerated"]), encoding="utf-8")
    again = load_policy(folder).document("basic-policy")
    assert again == doc


def test_header_lines_become_comments():
    rev = Revision("r1", __import__("datetime").date(2026, 4, 1), "改定", "authoritative", "x",
                   number_tree([Node("a", title="目的", text=("本文。",))]))
    text = dump_revision(rev, ["first line", "two\nlines"])
    assert text.splitlines()[:4] == ["# first line", "# two", "# lines", "revision: r1"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_scalar_reads_back_as_the_same_string(s):
    for loader in (YAML(typ="safe", pure=False), YAML(typ="rt")):
        assert loader.load(io.StringIO(f"k: {scalar(s)}\n"))["k"] == s
    assert yaml.load(f"k: {scalar(s)}\n", Loader=yaml.CSafeLoader)["k"] == s


ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
# any text the loader accepts: no control, format or non-characters (tests/adversarial/ covers those)
source_texts = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf", "Cn", "Zl", "Zp"), include_characters="\t\n"))
paras = source_texts.filter(bool).map(str.strip).filter(lambda t: t and "\n" not in t)


# a value for each kind of clause field (toolkit.source.clause_fields): a field added to the table is
# drawn here too, so the round trips below cover it without being told
FIELD_VALUES = {
    "prose": st.none() | source_texts,
    "key": st.none() | st.sampled_from(["public", "internal", "yes", "null"]) | ids,
    "bool": st.none() | st.booleans(),
    "flag": st.sampled_from([0, 1]),  # branch: true reads back as 1 (numbering.through() gives the rest)
    "style": st.none() | st.sampled_from(["1.", "(1)", "ア", "①", "第1条", "yes"]),
    "list": st.lists(st.tuples(ids, ids).map(":".join), max_size=2).map(tuple),
}


HEADINGS = st.sampled_from(["title", "term", None])
PARAGRAPHS = st.lists(paras, max_size=3)


def _forest(draw, depth: int) -> tuple[Node, ...]:
    # a plain function, not a strategy per level: a strategy made anew for each draw is validated anew
    out = []
    for _ in range(draw(st.integers(1 if depth == 0 else 0, 3))):
        heading = draw(HEADINGS)
        fields = {f.attr: draw(FIELD_VALUES[f.kind]) for f in CLAUSE_FIELDS
                  if f.kind in FIELD_VALUES and f.attr not in ("title", "term")}
        out.append(Node(
            id=draw(ids),
            title=draw(source_texts) if heading == "title" else None,
            term=draw(source_texts) if heading == "term" else None,
            text=tuple(draw(PARAGRAPHS)),
            children=_forest(draw, depth + 1) if depth < 2 else (),
            **fields,
        ))
    return tuple(out)


@st.composite
def trees(draw):
    """Clause trees with any value of every field of the table."""
    return _forest(draw, 0)


def test_the_trees_cover_every_kind_of_clause_field():
    assert {f.kind for f in CLAUSE_FIELDS} <= {*FIELD_VALUES, "id", "text", "children"}


@settings(max_examples=100, deadline=None)
@given(trees(), st.none() | source_texts)
def test_any_model_dumps_and_loads_back(body, note):
    import datetime as dt

    rev = Revision("r1", dt.date(2026, 4, 1), "改定", "authoritative", "", number_tree(body), note)
    text = dump_revision(rev)
    got, got_note = parse_revision(text, "r1.yaml", "r1")
    assert got == rev.body and got_note == note
