"""Links between documents: implements: and {ref:doc:id}, checked with file:line, shown to staff
(per clause and in a matrix), never naming or counting a clause the reader may not see."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, Run, policy_process

from toolkit.model.links import implemented, implementers
from toolkit.render import links_html
from toolkit.render.site.writer import SiteWriter
from toolkit.source.load import load_policy
from toolkit.view.redact import redact


def _check(src: Path) -> Run:
    return policy_process("--src", "policy_src", "check", cwd=src.parent, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def _line(path: Path, needle: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(needle) + 1


def test_every_measure_of_the_fixture_is_implemented(policy, src_copy):
    links = implementers(policy)
    measures = [n.id for n in policy.document("basic-policy").current.node("measures").children]
    assert measures and all(("basic-policy", m) in links for m in measures)
    assert [lk.doc_id for lk in links[("basic-policy", "measure-physical")]] == ["standards"]
    r = _check(src_copy)
    assert r.returncode == 0 and "warning" not in r.stdout, r.stdout


def test_check_warns_about_a_measure_nothing_implements(src_copy):
    std = src_copy / "standards" / "r8.yaml"
    std.write_text(std.read_text(encoding="utf-8").replace("    implements:\n      - basic-policy:measure-physical\n",
                                                           "", 1), encoding="utf-8")
    r = _check(src_copy)
    line = _line(src_copy / "basic-policy" / "r8.yaml", "      - id: measure-physical")
    assert r.returncode == 0  # a warning, not an error
    assert (f"warning: policy_src/basic-policy/r8.yaml:{line}:9: 基本方針 6(4) 物理的セキュリティ (measure-physical): "
            "no clause of another document implements it") in r.stdout


def test_check_refuses_a_link_to_nothing(src_copy):
    std = src_copy / "standards" / "r8.yaml"
    text = std.read_text(encoding="utf-8")
    text = text.replace("      - basic-policy:measure-physical\n", "      - basic-policy:measure-physicle\n", 1)
    text = text.replace("      - basic-policy:measure-personnel\n", "      - procedure:measure-personnel\n", 1)
    std.write_text(text, encoding="utf-8")
    r = _check(src_copy)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "implements 'basic-policy:measure-physicle': basic-policy has no clause 'measure-physicle'" in r.stderr
    assert "implements 'procedure:measure-personnel': no document 'procedure' with a source" in r.stderr
    assert "policy_src/standards/r8.yaml:" in r.stderr


def _with_citations(src: Path) -> None:
    """A 対策基準 clause cites the 基本方針 (text written for this test, not the city's)."""
    std = src / "standards" / "r8.yaml"
    text = std.read_text(encoding="utf-8")
    anchor = "    implements:\n      - basic-policy:measure-physical\n"
    assert anchor in text
    std.write_text(text.replace(anchor, anchor + "    text: 本章は{ref:basic-policy:measure-physical}を実施する。\n", 1),
                   encoding="utf-8")


def test_a_citation_shows_the_current_number_and_follows_a_renumbering(src_copy):
    _with_citations(src_copy)
    staff = redact(load_policy([src_copy]), "staff")
    para = staff.document("standards").current.node("physical").text[0]
    assert para == "本章は情報セキュリティ基本方針6(4)を実施する。"
    # a new 基本方針 clause before it: the citation and the link follow the new number
    bp = src_copy / "basic-policy" / "r8.yaml"
    anchor = "      - id: measure-organisation\n"
    bp.write_text(bp.read_text(encoding="utf-8").replace(
        anchor, "      - id: measure-new\n        text: 試験用の新しい条項。\n" + anchor, 1), encoding="utf-8")
    staff = redact(load_policy([src_copy]), "staff")
    assert staff.document("standards").current.node("physical").text[0] == "本章は情報セキュリティ基本方針6(5)を実施する。"
    assert [lk.ref for lk in implemented(staff)[("standards", "physical")]] == ["6(5)"]


def test_public_view_names_no_hidden_clause(src_copy):
    _with_citations(src_copy)
    policy = load_policy([src_copy])
    public = redact(policy, "public")
    assert implementers(public) == {} and implemented(public) == {}
    assert links_html.fragment(public) is None
    pages = SiteWriter(public).render()
    assert not any("実施している規定" in text or "対策基準 4" in text for text in pages.values())
    staff_pages = SiteWriter(redact(policy, "staff")).render()
    assert "実施している規定" in staff_pages["basic-policy/index"]
    matrix = links_html.fragment(redact(policy, "staff"))
    assert matrix is not None and "6(4) 物理的セキュリティ" in matrix and "4 物理的セキュリティ" in matrix


def test_a_public_text_citing_a_hidden_clause_keeps_only_the_public_name(src_copy):
    bp = src_copy / "basic-policy" / "r8.yaml"
    text = bp.read_text(encoding="utf-8")
    old = "情報セキュリティ対策を推進する全庁的な組織体制を確立する。"
    assert old in text
    bp.write_text(text.replace(old, old + "詳細は{ref:standards:organisation}に定める。", 1), encoding="utf-8")
    policy = load_policy([src_copy])
    public = redact(policy, "public").document("basic-policy").current.node("measure-organisation").text[0]
    standards = policy.document("standards")
    assert public.endswith(f"詳細は{standards.public_name}に定める。")
    staff = redact(policy, "staff").document("basic-policy").current.node("measure-organisation").text[0]
    assert staff.endswith(f"詳細は{standards.title}1に定める。")
