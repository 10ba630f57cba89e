"""The 部分開示 view and edition: what is withheld, and that withheld text is nowhere in the file.

Every part of each .docx is read with the leak check's reader
(:func:`toolkit.leakcheck.file_texts`: unzips, strips tags, decodes) so
"absent" means absent from the XML, properties, headers, footers and names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from conftest import SRC
from docx import Document as open_docx

from toolkit.cli import main
from toolkit.commands import disclose as disclose_cmd
from toolkit.errors import LeakError, Location, RedactionError
from toolkit.leakcheck import Fingerprints, file_texts, normalise, scan_folder
from toolkit.model import DisclosureGround, Document, Node, PolicySet, Revision, number_tree
from toolkit.model.numbering import place, ref_labels
from toolkit.model.refs import resolve
from toolkit.render.docx_disclosure import withheld_parts, write_disclosure
from toolkit.render.official_layout import BAR
from toolkit.view.disclose import disclose, withheld_nodes, withheld_texts


def content(path: Path) -> str:
    """Every text in every part of the file, and the file's name, normalised and joined."""
    return "\x00".join(normalise(t) for _label, t in file_texts(path.name, path.read_bytes()))


# ---------------------------------------------------------------- the view's rules, on a small model


def small_policy(base: PolicySet, doc_disclosable: bool = False, ground: str | None = "ops") -> PolicySet:
    """One non-public document covering every rule (a fixture independent of the sample content)."""
    body = number_tree([
        Node("ch1", title="第一章の見出し", text=("章の説明文。",), disclosable=True, children=(
            Node("c1", title="秘密の条の見出し", text=("秘密の本文である。",), note="内部の注記"),
            Node("c2", title="開示できる条", text=("開示できる本文は{ref:c1}を参照する。",), disclosable=True),
            Node("c3", text=("公開区分の本文。",), classification="public"),
        )),
        Node("ch2", title="非開示の章の見出し", disclosable=False if doc_disclosable else None, children=(
            Node("c4", title="明示して開示する条", text=("明示開示の本文。",), disclosable=True),
            Node("c5", term="既定だけの用語", text=("既定では開示されない本文。",), ground="sec"),
        )),
    ])
    rev = Revision("r1", dt.date(2026, 4, 1), "策定", "sample", "内部の要約", body, note="内部の版注記")
    doc = Document("secret", "庁内での題名", "公開名の文書", "internal", ("1.", "(1)"), (rev,),
                   series="内部だけのシリーズ名", ground=ground, disclosable=doc_disclosable,
                   location=Location("secret/document.yaml", 1, 1))
    grounds = (DisclosureGround("ops", "行政運営情報", "行政運営に支障を及ぼすおそれがあるため", "試験条例第9条第1号"),
               DisclosureGround("sec", "対策情報", "不正アクセスを容易にするおそれがあるため", "試験条例第9条第2号"))
    return dataclasses.replace(base, grounds=grounds, documents=(doc,))


def nodes_of(view: PolicySet) -> dict[str, Node]:
    return {n.id: n for n in view.documents[0].revisions[0].walk()}


def test_withheld_nodes_are_bare_placeholders(policy):
    view = disclose(small_policy(policy), "secret")
    n = nodes_of(view)
    assert [k for k, v in n.items() if v.withheld] == ["c1", "ch2", "c5"]
    for k in ("c1", "ch2", "c5"):
        assert (n[k].title, n[k].term, n[k].text, n[k].note) == (None, None, (), None)
        assert n[k].seq > 0
    assert n["c1"].ground == "ops" and n["c5"].ground == "sec" and n["ch2"].ground == "ops"
    assert [c.id for c in n["ch2"].children] == ["c4", "c5"]  # children kept, so numbers stay


def test_readable_nodes_keep_their_own_text_only(policy):
    n = nodes_of(disclose(small_policy(policy), "secret"))
    assert n["ch1"].title == "第一章の見出し" and n["ch1"].text == ("章の説明文。",)
    assert n["c2"].text == ("開示できる本文は{ref:c1}を参照する。",)
    assert n["c3"].text == ("公開区分の本文。",)  # public classification: readable
    assert n["c4"].title == "明示して開示する条"  # explicit disclosable under a withheld chapter
    assert all(v.note is None for v in n.values())


def test_document_default_does_not_reach_into_a_withheld_part(policy):
    """Fail closed: with the document disclosable by default, a chapter marked not disclosable
    keeps its unmarked clauses withheld too."""
    n = nodes_of(disclose(small_policy(policy, doc_disclosable=True), "secret"))
    assert not n["ch1"].withheld and not n["c1"].withheld  # the default applies outside
    assert n["ch2"].withheld and n["c5"].withheld and not n["c4"].withheld


def test_public_name_only_and_no_internal_wording(policy):
    view = disclose(small_policy(policy), "secret")
    doc = view.documents[0]
    rev = doc.revisions[0]
    assert (doc.title, doc.public_name, doc.series) == ("公開名の文書", "公開名の文書", None)
    assert (rev.summary, rev.note) == ("", None)
    assert view.audience_id == "disclosure"


def test_withheld_without_ground_is_a_located_error(policy):
    policy = small_policy(policy, ground=None)
    with pytest.raises(RedactionError) as e:
        disclose(policy, "secret")
    assert "has no ground" in str(e.value) and "c1" in str(e.value)


def test_withheld_texts_lists_everything_not_shown(policy):
    texts = {t for t, _ in withheld_texts(small_policy(policy), "secret")}
    assert {"庁内での題名", "内部だけのシリーズ名", "内部の要約", "内部の版注記", "内部の注記", "秘密の条の見出し",
            "秘密の本文である。", "既定だけの用語", "既定では開示されない本文。", "非開示の章の見出し"} <= texts
    assert not texts & {"第一章の見出し", "開示できる条", "明示開示の本文。", "公開区分の本文。"}


def test_small_edition(policy, tmp_path):
    policy = small_policy(policy)
    path = write_disclosure(disclose(policy, "secret"), "secret", "r1", tmp_path)
    assert path.name == "secret-r1-disclosure.docx"
    text = content(path)
    for gone, _ in withheld_texts(policy, "secret"):
        assert normalise(gone) not in text, gone
    for shown in ("第一章の見出し", "開示できる条", "開示できる本文は1(1)を参照する。", "明示開示の本文。", "公開名の文書"):
        assert normalise(shown) in text, shown
    assert normalise(f"(1) {BAR}〔不開示：{policy.ground('ops').label}〕") in text
    assert normalise(f"(2) {BAR}〔不開示：{policy.ground('sec').label}〕") in text


# ---------------------------------------------------------------- the real sample 対策基準


@pytest.fixture(scope="module")
def editions(policy, tmp_path_factory):
    out = tmp_path_factory.mktemp("disclosure")
    built = {}
    for doc in policy.documents:
        if doc.revisions and doc.classification != "public":
            for rev in doc.revisions:
                built[(doc.id, rev.id)] = disclose_cmd.build(policy, doc.id, rev.id, out)
    assert built, "no non-public document with a source in policy_src"
    return built


def test_withheld_text_absent_readable_headings_present(policy, editions):
    for (doc_id, rev_id), path in editions.items():
        doc = policy.document(doc_id)
        rev = doc.revision(rev_id)
        labels = ref_labels(doc, rev)
        text = content(path)
        view_nodes = nodes_of(disclose(policy, doc_id, rev_id))
        withheld = list(withheld_nodes(policy, doc_id, rev_id))
        assert withheld, f"{doc_id} {rev_id}: nothing withheld?"
        shown = "\x00".join(normalise(s) for n in view_nodes.values() if not n.withheld
                             for s in (n.title, n.term, *n.text) if s)
        for node in withheld:
            for s in (node.title, node.term, node.note, *(resolve(t, labels) for t in node.text)):
                if s and normalise(s) not in shown:  # a phrase a readable part also says is not a leak
                    assert normalise(s) not in text, f"{path.name}: withheld {node.id} text {s!r}"
        readable = [n for n in view_nodes.values() if not n.withheld and n.heading]
        assert readable, "the sample has disclosable headings"
        for n in readable:
            assert normalise(n.heading) in text, n.heading


def test_internal_title_not_in_file_or_name(policy, editions):
    for (doc_id, _), path in editions.items():
        doc = policy.document(doc_id)
        assert path.name.isascii()
        if doc.title != doc.public_name:
            assert normalise(doc.title) not in content(path)
        core = open_docx(str(path)).core_properties
        assert core.title == f"{doc.public_name}（部分開示）"
        assert core.author == policy.organisation


def test_numbers_kept_and_closing_table_covers_every_withheld_part(policy, editions):
    (doc_id, rev_id), path = next(iter(editions.items()))
    view = disclose(policy, doc_id, rev_id)
    doc, rev = view.documents[0], view.documents[0].revisions[0]
    placed = {p.node.id: p for p in place(doc, rev)}
    parts = withheld_parts(doc, rev)
    listed = {p.ref: p for p in parts}
    for p in placed.values():
        if not p.node.withheld:
            continue
        covered = p.ref in listed or any(
            placed[a.node.id].ref in listed and listed[placed[a.node.id].ref].with_children
            for a in placed.values() if p.ref.startswith(a.ref) and a.ref != p.ref and a.node.withheld)
        assert covered, f"withheld {p.ref} is not in the closing table"
    body = "\n".join(para.text for para in open_docx(str(path)).paragraphs)
    first = next(p for p in placed.values() if p.node.withheld)
    assert f"{first.label} {BAR}" in body  # the number stays, the text is a bar
    cells = [c.text for t in open_docx(str(path)).tables for r in t.rows for c in r.cells]
    for part in parts:
        assert any(part.label in c.replace("\u200b", "") for c in cells), part.label
    grounds = {g.label for g in policy.grounds}
    assert {c for c in cells if c.split("\n")[0] in grounds}, "the table names the grounds"
    assert any(g.text in cells for g in policy.grounds)


def test_deterministic_and_dated(policy, tmp_path, monkeypatch):
    """作成日 is the disclosure decision's date (--date); without it, a blank to fill in — not the revision date."""
    from toolkit.render.docx_disclosure import BLANK_DATE

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = disclose_cmd.build(policy, "standards", "r8", tmp_path / "a")
    b = disclose_cmd.build(policy, "standards", "r8", tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    cover = [p.text for p in open_docx(str(a)).paragraphs]
    assert f"作成日\u3000{BLANK_DATE}" in cover
    assert not any(t.startswith("作成日\u3000令和8年4月1日") for t in cover)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 6, 15, tzinfo=dt.UTC).timestamp())))
    c = disclose_cmd.build(policy, "standards", "r8", tmp_path / "c")
    assert f"作成日\u3000{BLANK_DATE}" in [p.text for p in open_docx(str(c)).paragraphs]  # a build date is no decision date
    d = disclose_cmd.build(policy, "standards", "r8", tmp_path / "d", dt.date(2026, 7, 1))
    assert "作成日\u3000令和8年7月1日" in [p.text for p in open_docx(str(d)).paragraphs]
    with zipfile.ZipFile(d) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_self_check_stops_a_leaking_renderer(policy, tmp_path, monkeypatch):
    """If a renderer bug put withheld text in the file, `policy disclose` fails and writes nothing."""
    secret = next(t for n in withheld_nodes(policy, "standards") for t in n.text if len(t) > 20)

    def leaky(view, doc_id, rev_id, out_dir, issued=None):
        from toolkit.render import docx_disclosure

        doc = docx_disclosure.disclosure_document(view, doc_id, rev_id, issued)
        doc.core_properties.comments = secret  # a hidden place: the properties
        from toolkit.render.docx_common import save

        return save(doc, Path(out_dir) / "standards-r8-disclosure.docx")

    monkeypatch.setattr(disclose_cmd, "write_disclosure", leaky)
    with pytest.raises(LeakError) as e:
        disclose_cmd.build(policy, "standards", "r8", tmp_path / "out")
    assert "non-public text" in str(e.value) and "standards-r8-disclosure.docx" in str(e.value)
    assert not (tmp_path / "out").exists()


def test_cli(tmp_path, capsys):
    assert main(["--src", str(SRC), "disclose", "--doc", "standards", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "standards-r8-disclosure.docx").is_file()
    assert main(["--src", str(SRC), "disclose", "--doc", "nope", "-o", str(tmp_path)]) == 2
    assert main(["--src", str(SRC), "disclose", "--doc", "standards", "--rev", "r99", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no document 'nope'" in err and "r99" in err and "Traceback" not in err


def test_private_root_needed_message(src_copy, tmp_path, capsys):
    private = tmp_path / "private"
    private.mkdir()
    (src_copy / "standards").rename(private / "standards")
    assert main(["--src", str(src_copy), "disclose", "--doc", "standards", "-o", str(tmp_path / "o")]) == 2
    assert "--private-src" in capsys.readouterr().err
    assert main(["--src", str(src_copy), "--private-src", str(private), "disclose", "--doc", "standards",
                 "-o", str(tmp_path / "o")]) == 0


# ---------------------------------------------------------------- canaries in every field kind


@pytest.mark.slow
def test_canaries(src_copy, tmp_path, policy):
    """Plant a canary in every field kind of every non-public document (B1's planter), build every
    disclosure edition, and scan each with the leak check: withheld canaries are absent, canaries of
    readable parts are present (so the scan is not vacuous)."""
    from fixtures.canary.tools import plant

    from toolkit.source.load import load_policy

    planted = plant(src_copy, policy)
    out = tmp_path / "out"
    assert main(["--src", str(src_copy), "disclose", "--all", "-o", str(out)]) == 0
    planted_policy = load_policy([src_copy])
    files = sorted(out.glob("*.docx"))
    assert files
    checked_absent = checked_present = 0
    for path in files:
        doc_id, rev_id = re.fullmatch(r"(.+)-(r\w+)-disclosure\.docx", path.name).groups()
        readable = {n.id for n in nodes_of(disclose(planted_policy, doc_id, rev_id)).values() if not n.withheld}
        present, absent = [], []
        for token, (kind, where) in planted.tokens.items():
            doc_part, _, node_path = where.partition("#")
            if doc_part not in (doc_id, f"{doc_id}/{rev_id}"):
                continue  # another document or revision
            node_id = node_path.rsplit("#", 1)[-1] if node_path else None
            shown_kind = kind in ("sectiontitle", "clausetitle", "term", "text", "listitem", "deep")
            (present if node_id in readable and shown_kind else absent).append(token)
        assert absent, f"{path.name}: no withheld canary planted"
        folder = tmp_path / "scan" / path.stem
        folder.mkdir(parents=True)
        (folder / path.name).write_bytes(path.read_bytes())
        report = scan_folder(folder, Fingerprints(canaries={normalise(t): t for t in absent}))
        assert report.hits == [], f"{path.name}: withheld canaries leaked: {report.hits}"
        if present:
            found = scan_folder(folder, Fingerprints(canaries={normalise(t): t for t in present}))
            missing = {f"canary {t}" for t in present} - {h.origin for h in found.hits}
            assert not missing, f"{path.name}: canaries of readable parts not found: {missing}"
        checked_absent += len(absent)
        checked_present += len(present)
    kinds = {planted.tokens[t][0] for t in planted.tokens}
    assert {"doctitle", "summary", "revnote", "comment", "sectiontitle", "clausetitle", "term", "text",
            "listitem", "deep", "note"} <= kinds
    assert checked_absent > 20 and checked_present > 0, (checked_absent, checked_present)
    print(f"canaries: {checked_absent} absent, {checked_present} present in {len(files)} editions")


# ---------------------------------------------------------------- grounds cite their article; the count is the bars


def _small_edition(policy, tmp_path, **kw) -> Path:
    small = small_policy(policy, **kw)
    return write_disclosure(disclose(small, "secret"), "secret", "r1", tmp_path)


def test_grounds_cite_their_article(policy, tmp_path):
    word = open_docx(str(_small_edition(policy, tmp_path)))
    (table,) = word.tables
    reasons = [row.cells[1].text for row in table.rows[1:]]
    assert reasons and all(re.search(r"（試験条例第9条第[12]号）", r) for r in reasons), reasons
    assert any("行政運営情報" in r and "第9条第1号" in r for r in reasons)
    assert any("対策情報" in r and "第9条第2号" in r for r in reasons)


def test_a_ground_without_article_is_a_clear_error(policy, tmp_path):
    from toolkit.errors import BuildError

    small = small_policy(policy)
    bare = dataclasses.replace(small, grounds=tuple(dataclasses.replace(g, article=None) for g in small.grounds))
    with pytest.raises(BuildError, match="names no article"):
        write_disclosure(disclose(bare, "secret"), "secret", "r1", tmp_path)


@pytest.mark.parametrize("doc_disclosable", [False, True])
def test_stated_count_is_the_bars_shown(policy, tmp_path, doc_disclosable):
    path = _small_edition(policy, tmp_path, doc_disclosable=doc_disclosable)
    text = "\n".join(p.text for p in open_docx(str(path)).paragraphs)
    m = re.search(r"不開示部分\u3000(\d+)箇所", text)
    assert m
    assert int(m.group(1)) == text.count(f"{BAR}〔不開示：") > 0  # (the cover note and the count show one bar as a key)


def test_policy_source_grounds_have_articles(policy):
    """Every ground the city's source configures names the provision it rests on."""
    assert policy.grounds and all(re.fullmatch(r".+条例第\d+条(第\d+項)?第\d+号", g.article or "") for g in policy.grounds)
