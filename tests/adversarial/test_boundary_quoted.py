"""Hole 1 — copied hidden text: a part the audience sees that quotes a 関係者限り part (verbatim, or split
across two clauses) is a leak, reported with both places, at publish time and by ``policy leakcheck``.

Shared boilerplate (「情報セキュリティ管理者は、」) is not: the shipped sources have none over the limit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CITY_SRC
from fixtures.canary.tools import _cli

from toolkit import leakcheck
from toolkit.errors import LeakError
from toolkit.model import Node, PolicySet
from toolkit.publish import publish_checked
from toolkit.source.load import load_policy
from toolkit.view import redact


def restricted_clause(policy: PolicySet) -> Node:
    """The longest 関係者限り sentence-bearing clause of the 対策基準 (any valid source has one to quote)."""
    doc = policy.document("standards")
    nodes = [n for n in doc.current.walk() if n.classification == "restricted" and n.text]
    assert nodes, "the fixture source has a 関係者限り clause"
    return max(nodes, key=lambda n: len(n.text[0]))


def append_nodes(yaml_file: Path, nodes: list[tuple[str, str]], extra: str = "") -> None:
    """Append top-level clauses (id, text) to a revision file (JSON strings are valid YAML scalars)."""
    lines = [f"\n  - id: {nid}\n    title: 引用のある条{i}\n{extra}    text: {json.dumps(text, ensure_ascii=False)}\n"
             for i, (nid, text) in enumerate(nodes)]
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(lines),
                         encoding="utf-8")


@pytest.fixture
def secret(policy) -> Node:
    return restricted_clause(policy)


@pytest.fixture(params=["verbatim", "split", "pieces"])
def quoting_src(request, src_copy, secret) -> Path:
    """A copy of the source whose public 基本方針 quotes the 関係者限り clause: whole, in two halves, or in
    pieces each too short to be a quote by itself (under QUOTE_RUN, no whole sentence)."""
    text = secret.text[0]
    if request.param == "verbatim":
        nodes = [("quoting", f"対策基準では「{text}」と定めている。")]
    elif request.param == "split":
        half = len(text) // 2
        nodes = [("quoting-a", f"前段として、{text[:half]}"), ("quoting-b", f"{text[half:]}（後段）")]
    else:
        size = leakcheck.QUOTE_RUN - 8
        pieces = [text[i : i + size] for i in range(0, len(text), size)]
        assert len(pieces) >= 3 and all(len(leakcheck.normalise(p)) < leakcheck.QUOTE_RUN for p in pieces)
        nodes = [(f"quoting-{i}", f"第{i}の段落では{p}と書く") for i, p in enumerate(pieces)]
    append_nodes(src_copy / "basic-policy" / "r8.yaml", nodes)
    return src_copy


def test_publish_checked_refuses_a_quote_naming_both_places(quoting_src, secret, tmp_path):
    policy = load_policy([quoting_src])
    dest = tmp_path / "out"
    with pytest.raises(LeakError) as e:
        publish_checked(policy, "public", dest, lambda view, stage: (stage / "x.txt").write_text("x"))
    message = str(e.value)
    assert f"standards/r8.yaml:{secret.location.line}" in message  # the hidden clause
    assert "basic-policy/r8.yaml:" in message  # where it is quoted
    assert "classification" in message  # what a person does about it
    assert not dest.exists()


def test_policy_publish_fails_before_building(quoting_src, secret, tmp_path):
    rc, out = _cli(["--src", str(quoting_src), "publish", "--out", str(tmp_path / "public"),
                    "--work", str(tmp_path / "work")])
    assert rc == 1, out
    assert f"standards/r8.yaml:{secret.location.line}" in out and "basic-policy/r8.yaml:" in out
    assert "Traceback" not in out
    assert not (tmp_path / "public").exists()


def test_leakcheck_finds_the_quote_in_a_built_folder(quoting_src, tmp_path):
    """A folder made before the rule (or by hand) with the quoting clause in it fails ``policy leakcheck``."""
    policy = load_policy([quoting_src])
    view = redact(policy, "public")
    shown = [t for n in view.document("basic-policy").current.walk() if n.id.startswith("quoting") for t in n.text]
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("".join(f"<p>{t}</p>" for t in shown), encoding="utf-8")
    rc, out = _cli(["--src", str(quoting_src), "leakcheck", str(site)])
    assert rc == 1, out
    assert "quoted in" in out and "index.html" in out


def test_a_staff_clause_quoting_a_restricted_one_stops_the_staff_site(src_copy, secret):
    append_nodes(src_copy / "standards" / "r8.yaml", [("staff-quote", f"参考：{secret.text[0]}")])
    fps = leakcheck.fingerprints(load_policy([src_copy]), "staff")
    assert fps.quotes and all(q.hidden.key == ("standards", secret.id) for q in fps.quotes)
    with pytest.raises(LeakError):
        leakcheck.raise_on_quotes(fps)


def test_shared_boilerplate_is_not_a_quote(src_copy, secret):
    """A run shorter than QUOTE_RUN (and not a whole sentence) shared with a hidden clause is not evidence."""
    n = leakcheck.normalise(secret.text[0])
    run = secret.text[0][: leakcheck.QUOTE_RUN - 6]
    assert len(leakcheck.normalise(run)) < leakcheck.QUOTE_RUN and not n.startswith(leakcheck.normalise(run) + "。")
    append_nodes(src_copy / "basic-policy" / "r8.yaml", [("boiler", f"情報セキュリティ管理者は、{run}ものとする。")])
    assert leakcheck.fingerprints(load_policy([src_copy]), "public").quotes == []


@pytest.mark.parametrize("audience", ["public", "staff", "security"])
def test_no_quote_in_the_shipped_sources(policy, audience):
    """The shipped sources share phrases across documents; none is a quote (no false positive)."""
    assert leakcheck.fingerprints(policy, audience).quotes == []


def test_the_city_source_has_no_quote():
    assert leakcheck.fingerprints(load_policy([CITY_SRC]), "public").quotes == []


def test_policy_check_reports_the_quote(quoting_src, secret):
    rc, out = _cli(["--src", str(quoting_src), "check"])
    assert rc == 2, out
    assert f"standards/r8.yaml:{secret.location.line}" in out and "basic-policy/r8.yaml:" in out
    assert "classification" in out and "Traceback" not in out


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_an_export_for_an_audience_is_leak_checked_before_it_is_written(quoting_src, secret, tmp_path, fmt):
    """``policy export --audience public`` writes a file for the public too: the quote stops it, and nothing is
    written (neither the file nor standard output)."""
    out = tmp_path / f"export.{fmt}"
    extra = ["--format", "docx", "--editable"] if fmt == "docx" else []
    rc, said = _cli(["--src", str(quoting_src), "export", "--doc", "basic-policy", "--audience", "public",
                     *extra, "-o", str(out)])
    assert rc == 1 and "Traceback" not in said, said
    assert not out.exists() and not list(tmp_path.glob(".export*"))
    rc, said = _cli(["--src", str(quoting_src), "export", "--doc", "basic-policy", "--audience", "public"])
    assert rc == 1 and leakcheck.normalise(secret.text[0][:20]) not in leakcheck.normalise(said.split("error:")[0])


def test_an_export_for_an_audience_of_a_clean_source_is_written(src_copy, tmp_path):
    out = tmp_path / "public.md"
    rc, said = _cli(["--src", str(src_copy), "export", "--doc", "basic-policy", "--audience", "public", "-o", str(out)])
    assert rc == 0, said
    assert out.read_text(encoding="utf-8").startswith("#")


def test_an_export_reports_a_quote_in_the_source_as_publish_does(quoting_src, secret, tmp_path):
    """Issue 19: ``policy export --audience`` takes its view and its check from the publication boundary, so a
    shown part quoting a hidden one is the source's fault, named in the source before anything is rendered
    (not a hit in a temporary file the user never saw)."""
    rc, said = _cli(["--src", str(quoting_src), "export", "--doc", "basic-policy", "--audience", "public",
                     "-o", str(tmp_path / "export.md")])
    assert rc == 1, said
    assert "quoted in a part this audience sees" in said or "without a recorded declassification" in said, said
    assert f"standards/r8.yaml:{secret.location.line}" in said and ".export-" not in said, said
