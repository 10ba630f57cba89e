"""The 前文 and the instrument in the outputs (issue 20): the public site, the official .docx and PDF
edition, the 部分開示 edition; a non-public 前文 paragraph never reaches a public file (a canary, with
the positive control that the internal site shows it)."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from test_import_preamble import INSTRUMENT

from toolkit.leakcheck import file_texts, normalise
from toolkit.model import Node
from toolkit.source.dump import dump_document, dump_revision
from toolkit.source.load import load_policy
from toolkit.view import redact

PUBLIC_TEXT = "市民に示す前文の段落である。"
CANARY = "前文カナリア庁内限りQ7ZX"


def _planted(src: Path):
    """The fixture's current 基本方針 with a 前文 of a public and an internal paragraph and an instrument."""
    doc = load_policy([src]).document("basic-policy")
    old = doc.current
    pre = (Node("preamble-1", text=(PUBLIC_TEXT,), seq=1),
           Node("preamble-2", text=(f"{CANARY}の段落である。",), seq=2, classification="internal"))
    new = replace(old, preamble=pre, instrument=replace(INSTRUMENT, promulgated=old.date - dt.timedelta(days=10),
                                                      replaces=None))
    (src / "basic-policy" / f"{old.id}.yaml").write_text(dump_revision(new), encoding="utf-8")
    revisions = tuple(new if r.id == old.id else r for r in doc.revisions)
    (src / "basic-policy" / "document.yaml").write_text(dump_document(replace(doc, revisions=revisions)),
                                                        encoding="utf-8")
    return load_policy([src]), new


def _texts(root: Path) -> str:
    return "\n".join(normalise(t) for p in sorted(root.rglob("*")) if p.is_file()
                     for _label, t in file_texts(str(p.relative_to(root)), p.read_bytes()))


def test_the_view_judges_preamble_paragraphs_like_clauses(src_copy: Path):
    policy, rev = _planted(src_copy)
    public = redact(policy, "public").document("basic-policy").revision(rev.id)
    assert [n.id for n in public.preamble] == ["preamble-1"]
    staff = redact(policy, "staff").document("basic-policy").revision(rev.id)
    assert [n.id for n in staff.preamble] == ["preamble-1", "preamble-2"]


def test_the_official_docx_and_the_pdf_data_hold_the_preamble_and_the_instrument_line(src_copy: Path):
    from toolkit.render.docx_official import official_document
    from toolkit.render.pdf import edition_data

    policy, rev = _planted(src_copy)
    view = redact(policy, "public")
    d = official_document(view, "basic-policy", rev.id)
    paras = [p.text for p in d.paragraphs]
    label = "令和8年3月22日\u3000訓令第16号／教育委員会訓令第10号"
    assert label in paras
    assert any(PUBLIC_TEXT in p for p in paras) and not any(CANARY in p for p in paras)
    assert paras.index(label) < next(k for k, p in enumerate(paras) if PUBLIC_TEXT in p)
    data = edition_data(view, view.document("basic-policy"), view.document("basic-policy").revision(rev.id))
    assert label in data["ledger"]
    assert len(data["preamble"]) == 1 and PUBLIC_TEXT in str(data["preamble"][0]["pieces"])
    assert CANARY not in str(data)


@pytest.mark.poppler
def test_the_pdf_edition_reads_the_preamble_and_the_instrument_line(src_copy: Path):
    """The PDF as a reader gets its text (pdftotext): the 前文 and the instrument line, never the canary."""
    from conftest import require

    from toolkit.render.pdf import pdf_bytes

    exe = require("pdftotext", "reads the PDF edition's text (poppler-utils)")
    policy, rev = _planted(src_copy)
    view = redact(policy, "public")
    out = src_copy.parent / "edition.pdf"
    out.write_bytes(pdf_bytes(view, "basic-policy", rev.id))
    text = subprocess.run([exe, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert normalise(PUBLIC_TEXT) in normalise(text) and "訓令第16号" in text and CANARY not in text


@pytest.mark.slow
def test_a_non_public_preamble_paragraph_never_reaches_the_public_site(src_copy: Path, tmp_path: Path):
    from toolkit.publish.site import publish

    policy, _rev = _planted(src_copy)
    publish(policy, "public", tmp_path / "public", tmp_path / "work-public", canaries=(CANARY,))
    public = _texts(tmp_path / "public")
    assert normalise(PUBLIC_TEXT) in public and normalise("訓令第16号") in public
    assert normalise(CANARY) not in public
    publish(policy, "staff", tmp_path / "staff", tmp_path / "work-staff")  # the positive control
    assert normalise(CANARY) in _texts(tmp_path / "staff")


def test_the_preamble_is_compared_in_the_shinkyu_table(src_copy: Path):
    from toolkit.diff import compare

    policy, rev = _planted(src_copy)
    doc = policy.document("basic-policy")
    old = doc.revisions[-2]
    changed = replace(rev, id="r9", preamble=(replace(rev.preamble[0], text=("市民に示す前文の段落を改めた。",)),))
    cs = compare(doc, rev, changed)
    pre = [c for c in cs.changes if c.old is not None and c.old.node.id.startswith("preamble-")]
    assert [(c.old.ref, c.kind) for c in pre] == [("前文第1段", "modified"), ("前文第2段", "removed")]
    assert old.preamble == () and not [c for c in compare(doc, old, old).changes if c.kind != "unchanged"]
    from toolkit.render.diff_html import page

    html = page(doc, cs)  # the 新旧対照表 shows the 前文's row, old text and new
    assert "段落<ins>を改めた</ins>。" in html and "段落<del>である</del>。" in html


def test_training_facts_read_the_preamble_the_audience_may_see(src_copy: Path):
    from toolkit.training.facts import document_facts
    from toolkit.training.settings import TrainingSettings

    policy, rev = _planted(src_copy)
    for audience, canary in (("public", False), ("staff", True)):
        view = redact(policy, audience)
        doc = view.document("basic-policy")
        facts = document_facts(view, doc, doc.revision(rev.id), TrainingSettings("t", 1, 1), [])
        pre = [(src.ref, t) for src, t in facts.passages if src.ref == "前文"]
        assert (PUBLIC_TEXT in [t for _r, t in pre]) and any(CANARY in t for _r, t in pre) == canary


def test_the_disclosure_edition_withholds_a_preamble_paragraph_as_it_withholds_a_clause(policy):
    """部分開示: a 前文 paragraph marked disclosable is shown, the other one is a bar with its ground."""
    from test_disclose import small_policy

    from toolkit.render.docx_disclosure import disclosure_document
    from toolkit.view.disclose import disclose

    base = small_policy(policy)
    doc = base.documents[0]
    pre = (Node("preamble-1", text=("開示できる前文の段落。",), seq=1, disclosable=True),
           Node("preamble-2", text=(f"{CANARY}非開示の前文。",), seq=2))
    rev = replace(doc.revisions[0], preamble=pre, instrument=replace(INSTRUMENT, replaces=None))
    planted = replace(base, documents=(replace(doc, revisions=(rev,)),))
    view = disclose(planted, "secret")
    shown = view.documents[0].revisions[0]
    assert [(n.id, n.withheld) for n in shown.preamble] == [("preamble-1", False), ("preamble-2", True)]
    paras = [p.text for p in disclosure_document(view, "secret", "r1").paragraphs]
    assert "開示できる前文の段落。" in paras
    assert not any(CANARY in p for p in paras) and any("〔不開示：行政運営情報〕" in p for p in paras)
