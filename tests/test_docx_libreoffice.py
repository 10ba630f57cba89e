"""A real reader: LibreOffice opens each .docx, prints it to PDF, and pdftotext reads the PDF back.

One LibreOffice run (a session fixture, a private profile) converts every
file: it is slow on small machines.  Checked as a reader sees it: the
Japanese text, wareki dates, numbering, fonts actually used (no fallback), and
for the 部分開示 edition that withheld text and planted canaries are absent
while the readable headings are present.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SRC, require
from office import office_env

from toolkit.commands import disclose as disclose_cmd
from toolkit.model.numbering import place, ref_labels
from toolkit.model.refs import resolve
from toolkit.render.docx_official import write_official
from toolkit.render.official_layout import BAR
from toolkit.view.disclose import disclose, withheld_nodes
from toolkit.view.redact import redact

pytestmark = [pytest.mark.libreoffice, pytest.mark.poppler]


def squash(text: str) -> str:
    """No white space at all: LibreOffice spaces digits from kana (平成 16 年) and wraps lines."""
    return re.sub(r"\s+", "", text)


def lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]


@dataclass
class Converted:
    docx: dict[str, Path]
    pdf: dict[str, Path]
    text: dict[str, str]
    canaries_absent: list[str]
    canaries_present: list[str]
    planted_policy: object


@pytest.fixture(scope="session")
def converted(tmp_path_factory, policy) -> Converted:
    soffice = require("soffice", "the real-reader test opens each .docx in LibreOffice")
    pdftotext = require("pdftotext", "reads the PDF LibreOffice prints (poppler-utils)")
    from fixtures.canary.tools import plant

    from toolkit.source.load import load_policy

    base = tmp_path_factory.mktemp("lo")
    out = base / "docx"
    docx = {
        "official": write_official(redact(policy, "public"), "basic-policy", "r8", out),
        "disclosure": disclose_cmd.build(policy, "standards", "r8", out / "d"),
    }
    recon = [r for r in policy.document("basic-policy").revisions if r.provenance == "reconstructed"]
    if recon:
        docx["reconstructed"] = write_official(redact(policy, "staff"), "basic-policy", recon[0].id, out)
    # A disclosure edition of a planted copy: canaries in every field kind.
    src = base / "policy_src"
    shutil.copytree(SRC, src)
    planted = plant(src, policy)
    planted_policy = load_policy([src])
    docx["canary"] = disclose_cmd.build(planted_policy, "standards", "r8", out / "c")
    readable = {n.id for n in disclose(planted_policy, "standards", "r8").documents[0].revisions[0].walk()
                if not n.withheld}
    absent, present = [], []
    for token, (kind, where) in planted.tokens.items():
        doc_part, _, node_path = where.partition("#")
        if doc_part not in ("standards", "standards/r8"):
            continue
        node_id = node_path.rsplit("#", 1)[-1] if node_path else None
        shown = kind in ("sectiontitle", "clausetitle", "term", "text", "listitem", "deep") and node_id in readable
        (present if shown else absent).append(token)

    pdf_dir = base / "pdf"
    profile = base / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(pdf_dir), *(str(p) for p in docx.values())]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=office_env())
    pdf = {k: pdf_dir / (p.stem + ".pdf") for k, p in docx.items()}
    missing = [str(p) for p in pdf.values() if not p.is_file()]
    assert not missing, f"LibreOffice made no PDF for {missing}: {run.stdout}{run.stderr}"
    text = {k: subprocess.run([pdftotext, str(p), "-"], capture_output=True, text=True, check=True).stdout
            for k, p in pdf.items()}
    return Converted(docx, pdf, text, absent, present, planted_policy)


def test_official_japanese_text_dates_and_numbers(converted, policy):
    text = converted.text["official"]
    flat = squash(text)
    got = lines(text)
    assert "千曲市情報セキュリティポリシー" in got and "情報セキュリティ基本方針" in got
    doc = policy.document("basic-policy")
    for entry in doc.ledger:  # 平成16年12月20日　策定 / 令和5年7月4日　改定 / 令和8年4月1日　全面改定
        from toolkit.model.wareki import wareki

        assert squash(f"{wareki(entry.date)}{entry.kind}") in flat, entry
    assert "令和8年4月1日全面改定" in flat
    assert "(11) 通信経路の分割" in got
    assert "6. 情報セキュリティ対策" in got
    assert "(3) 情報システム全体の強靱性の向上" in got
    assert any(line.startswith("(1) 不正アクセス、ウイルス攻撃") for line in got)
    assert any(line.startswith("① マイナンバー利用事務系においては") for line in got)
    assert "上記3の脅威から情報資産を保護するために" in flat
    assert "上記6、7及び8に規定する対策等を実施するために" in flat
    rev = doc.revision("r8")
    labels = ref_labels(doc, rev)
    for p in place(doc, rev):  # every heading, and every paragraph's wording, as in the source
        if p.node.heading:
            assert squash(f"{p.label}{p.node.heading}") in flat, p.ref
        for para in p.node.text:
            assert squash(resolve(para, labels)) in flat, p.ref
    assert "目次" in got
    assert re.search(r"^- ?2 ?-$", text, re.M), "page number in the footer"


def test_fonts_used_are_the_japanese_ones(converted):
    pdffonts = require("pdffonts", "lists the fonts embedded in the PDF (poppler-utils)")
    for key in ("official", "disclosure"):
        out = subprocess.run([pdffonts, str(converted.pdf[key])], capture_output=True, text=True, check=True).stdout
        names = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}
        assert {"IPAexMincho", "IPAexGothic"} <= names, out
        assert not any("DejaVu" in n for n in names), f"a fallback font was used: {out}"


def test_reconstructed_edition_says_so_on_page_one(converted):
    if "reconstructed" not in converted.text:
        pytest.skip("no reconstructed revision in policy_src yet")
    first_page = converted.text["reconstructed"].split("\f")[0]
    assert "【再構成版】この文書は千曲市が採択した本文ではありません。" in squash(first_page)
    assert "再構成版（千曲市の採択文ではありません）" in squash(first_page)


def test_disclosure_edition_as_read(converted, policy):
    text = converted.text["disclosure"]
    flat = squash(text)
    assert squash("部分開示") in flat and "不開示部分一覧" in flat
    assert BAR in flat and "〔不開示：行政運営情報〕" in flat
    doc = policy.document("standards")
    rev = doc.revision("r8")
    labels = ref_labels(doc, rev)
    assert squash(doc.title) not in flat or doc.title == doc.public_name
    view_rev = disclose(policy, "standards", "r8").documents[0].revisions[0]
    shown = [n for n in view_rev.walk() if not n.withheld]
    shown_blob = "\x00".join(squash(s) for n in shown for s in (n.heading, *n.text) if s)
    for n in shown:
        if n.heading:
            assert squash(n.heading) in flat, n.heading
    for node in withheld_nodes(policy, "standards", "r8"):
        for s in (node.title, node.term, *(resolve(t, labels) for t in node.text)):
            if s and squash(s) not in shown_blob:
                assert squash(s) not in flat, f"withheld {node.id}: {s}"
    numbers = [p for p in place(doc, rev) if p.node.id in {n.id for n in withheld_nodes(policy, "standards", "r8")}]
    assert numbers and any(line.startswith(f"{numbers[0].label} ■") for line in lines(text))


def test_disclosure_canaries_as_read(converted):
    flat = squash(converted.text["canary"]).casefold()
    assert converted.canaries_absent and converted.canaries_present
    leaked = [t for t in converted.canaries_absent if t in flat]
    assert not leaked, f"withheld canaries in the printed edition: {leaked}"
    missing = [t for t in converted.canaries_present if t not in flat]
    assert not missing, f"canaries of readable headings did not print: {missing}"


def test_official_toc_shows_the_page_of_each_heading(converted, policy):
    """The 目次 as LibreOffice prints it: every entry ends in the number of the page its heading is on."""
    text = converted.text["official"]
    pages = text.split("\f")
    doc = policy.document("basic-policy")
    tops = [p for p in place(doc, doc.revision("r8")) if p.depth == 1]
    toc_page = pages[0]
    for p in tops:
        heading = f"{p.label} {p.node.heading}"
        m = re.search(re.escape(heading) + r"\s*\.{3,}\s*(\d+)\s*$", toc_page, re.M)
        assert m, f"no page number after {heading!r} in the 目次:\n{toc_page}"
        body_page = next(n for n, page in enumerate(pages[1:], start=2) if heading in lines(page))
        assert int(m.group(1)) == body_page, heading


def test_disclosure_count_and_articles_as_printed(converted, policy):
    """As printed: the stated count equals the bars a reader counts, and each ground cites its article."""
    flat = squash(converted.text["disclosure"])
    m = re.search(r"不開示部分(\d+)箇所", flat)
    assert m, "the count is printed"
    assert int(m.group(1)) == flat.count(f"{BAR}〔不開示：") > 0
    used = {n.ground for n in disclose(policy, "standards", "r8").documents[0].revisions[0].walk() if n.withheld}
    for ground in policy.grounds:
        if ground.id in used:
            assert squash(f"（{ground.article}）") in flat, ground.id
