"""The 例規 parts of the model as readers meet them: 附則, history-only ledger dates (本文なし) and
numbering exceptions, in the public and staff sites, the official .docx, the PDF edition and the
部分開示 edition.

Everything is built by the ``policy`` command a user runs, from a copy of tests/fixtures/reiki_src
(``rules``: public, 附則 in r5 and r8, history-only h14 / h20, ア/イ items in r8; ``handbook``:
internal, numbered by its own styles 第1 / 1 / (1), with a 附則 no public output may show).  The
expected headings, numbers and date lines are computed from the model (numbering.place,
supplementary_heading / supplementary_paragraphs, ledger_lines), never typed twice.  The .docx are
read as a reader reads them (LibreOffice → PDF → pdftotext), the PDF with pdftotext and pypdf, the
sites with lxml and, for accessibility and search, in chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pytest
from conftest import REIKI, Run, require, require_module, run_cli
from lxml import html as lhtml
from office import office_env

from toolkit.leakcheck import file_texts
from toolkit.model import Node, PolicySet, number_tree
from toolkit.model.numbering import place, supplementary_heading, supplementary_paragraphs
from toolkit.model.wareki import ledger_lines, wareki
from toolkit.render.official_layout import BAR
from toolkit.source.load import load_policy
from toolkit.view.redact import redact

pytestmark = pytest.mark.slow  # builds both sites, every edition and a disclosure edition

EPOCH = "1775001600"  # 2026-04-01: r8 is in force, the build date fixed (same bytes every run)
NO_TEXT = "（本文なし）"
HANDBOOK_QUERY = "令和6年4月1日から適用"  # words of the internal handbook's 附則 only


def squash(text: str) -> str:
    """No white space at all (the full-width space of 附　則 included): PDF text wraps and spaces freely."""
    return re.sub(r"\s+", "", text)


def cli(*args: str, cwd: Path) -> Run:
    return run_cli(*args, cwd=cwd, env={"SOURCE_DATE_EPOCH": EPOCH})


def ok(r: Run) -> Run:
    assert r.returncode == 0, r.stdout + r.stderr
    return r


@dataclass
class Built:
    root: Path
    src: Path
    policy: PolicySet
    public: Path  # the public site
    internal: Path  # the staff site
    docx: Path  # public editions of rules (.docx + .pdf, every revision)
    docx_internal: Path  # the staff edition of handbook
    disclosure: Path  # the 部分開示 edition of handbook (body readable, 附則 withheld)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("reiki")
    src = root / "src"
    shutil.copytree(REIKI, src)
    # r8's last 附則 in two paragraphs (numbered 1, 2 when printed); the second is test wording
    r8 = src / "rules" / "r8.yaml"
    one = "    title: 令和8年3月27日訓令第2号\n    text: この訓令は、令和8年4月1日から施行する。\n"
    assert one in r8.read_text(encoding="utf-8")
    r8.write_text(r8.read_text(encoding="utf-8").replace(one, (
        "    title: 令和8年3月27日訓令第2号\n    text:\n      - この訓令は、令和8年4月1日から施行する。\n"
        "      - この訓令の施行の際現に置かれている補助者は、この訓令により置かれたものとみなす。\n")), encoding="utf-8")
    # the disclosure copy: the handbook's body readable, its 附則 withheld (disclosable: false on it)
    dsrc = root / "dsrc"
    shutil.copytree(REIKI, dsrc)
    doc_yaml = dsrc / "handbook" / "document.yaml"
    doc_yaml.write_text(doc_yaml.read_text(encoding="utf-8").replace(
        "ground: administrative-operations\n", "ground: administrative-operations\ndisclosable: true\n"),
        encoding="utf-8")
    r1 = dsrc / "handbook" / "r1.yaml"
    text = r1.read_text(encoding="utf-8")
    assert "  - id: suppl-r1\n" in text
    r1.write_text(text.replace("  - id: suppl-r1\n", "  - id: suppl-r1\n    disclosable: false\n"), encoding="utf-8")
    ok(cli("--src", str(dsrc), "check", cwd=root))

    b = Built(root, src, load_policy([src]), root / "public", root / "internal", root / "docx", root / "docx-int",
              root / "disclosure")
    ok(cli("--src", str(src), "publish", "--out", str(b.public), "--work", str(root / "w-public"), cwd=root))
    ok(cli("--src", str(src), "publish", "--internal", "--out", str(b.internal), "--work", str(root / "w-internal"),
           cwd=root))
    ok(cli("--src", str(src), "docx", "--doc", "rules", "--all", "-o", str(b.docx), cwd=root))
    ok(cli("--src", str(src), "docx", "--internal", "--doc", "handbook", "-o", str(b.docx_internal), cwd=root))
    ok(cli("--src", str(dsrc), "disclose", "--doc", "handbook", "-o", str(b.disclosure), cwd=root))
    return b


def main_of(path: Path):
    return lhtml.fromstring(path.read_bytes()).xpath('//*[@role="main"]')[0]


def text_of(el) -> str:
    """An element's text, ASCII white space folded (the full-width space of 附　則 is the city's)."""
    text = "".join(el.xpath('.//text()[not(ancestor::a[contains(@class, "headerlink")])]'))  # not the ¶ link
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def headings(page: Path, tag: str = "h2") -> list[str]:
    return [text_of(h) for h in main_of(page).iter(tag)]


# ------------------------------------------------------------------ the site


def test_site_puts_each_supplementary_after_the_body_under_a_heading_of_its_own(built):
    rules = built.policy.document("rules")
    for rev_id, page in (("r8", built.public / "rules" / "index.html"), ("r5", built.public / "rules" / "r5.html")):
        rev = rules.revision(rev_id)
        chapters = [f"{p.label} {p.node.heading}" for p in place(rules, rev) if p.depth == 1]
        wanted = [supplementary_heading(n) for n in rev.supplementary]
        assert len(wanted) == {"r8": 3, "r5": 2}[rev_id]
        assert headings(page) == chapters + wanted, page  # real <h2>, after the body, in source order
        main = main_of(page)
        for node in rev.supplementary:
            section = main.xpath(f'.//section[@id="rules-{"" if rev_id == "r8" else "r5-"}{node.id}"]')[0]
            assert text_of(section.xpath("./h2")[0]) == supplementary_heading(node)
            paras = [text_of(p) for p in section.xpath(".//p")]
            assert paras == [f"{n} {t}".strip() for n, t in supplementary_paragraphs(node)]
        # after the last article's text in reading order
        body = text_of(main)
        assert body.index(rev.body[-1].children[-1].text[0]) < body.index(rev.supplementary[0].text[0])
    last = rules.revision("r8").supplementary[-1]
    assert [n for n, _ in supplementary_paragraphs(last)] == ["1", "2"]  # the copy's two-paragraph 附則
    # r5's page does not show the 附則 r8 added
    assert supplementary_heading(rules.revision("r8").supplementary[-1]) not in headings(
        built.public / "rules" / "r5.html")


def test_history_page_lists_dates_without_text_in_date_order_marked_and_unlinked(built):
    rules = built.policy.document("rules")
    main = main_of(built.public / "history.html")
    section = next(s for s in main.iter("section") if s.xpath("./h2") and text_of(s.xpath("./h2")[0]) == rules.title)
    entries = section.xpath('.//div[contains(@class, "tl-entry")]')
    dates = [squash(text_of(e.xpath('.//p[contains(@class, "tl-date")]')[0])) for e in entries]
    # newest first: every ledger date, the history-only ones in their place
    assert dates == [f"{wareki(e.date)}（{e.date.isoformat()}）" for e in reversed(rules.ledger)], dates
    assert [e.id for e in rules.history_only] == ["h14", "h20"]
    for entry, ledger in zip(entries, reversed(rules.ledger), strict=True):
        kind = text_of(entry.xpath('.//p[contains(@class, "tl-kind")]')[0])
        links = entry.xpath(".//a")
        if ledger.has_text:
            assert NO_TEXT not in text_of(entry) and links, ledger.id
        else:
            assert kind == f"{ledger.kind}{NO_TEXT}", kind
            assert links == [], f"{ledger.id} has no page to link to"


def test_current_page_lists_past_revisions_with_the_dates_without_text(built):
    rules = built.policy.document("rules")
    main = main_of(built.public / "rules" / "index.html")
    items = main.xpath('.//div[contains(@class, "past-revisions")]//li')
    got = [(text_of(li), bool(li.xpath(".//a"))) for li in items]
    assert got == [("令和5年4月1日 改定", True), (f"平成20年4月1日 改定{NO_TEXT}", False),
                   (f"平成14年8月1日 策定{NO_TEXT}", False)]
    assert [e.date for e in rules.ledger] == sorted(e.date for e in rules.ledger)


def test_date_lines_under_the_title_are_the_citys_dates_and_kinds(built):
    """平成14年8月1日　策定 … : every ledger date up to the revision, history-only ones included, no marks."""
    rules = built.policy.document("rules")
    public = redact(built.policy, "public", as_of=rules.revision("r8").date)
    view = public.document("rules")
    assert ledger_lines(view, view.revision("r8")) == [
        "平成14年8月1日\u3000策定", "平成20年4月1日\u3000改定", "令和5年4月1日\u3000改定", "令和8年4月1日\u3000改定"]
    assert ledger_lines(view, view.revision("r5")) == ledger_lines(view, view.revision("r8"))[:3]
    for rev_id, page in (("r8", "index.html"), ("r5", "r5.html")):
        lines = main_of(built.public / "rules" / page).xpath('.//div[contains(@class, "doc-ledger")]//div[@class="line"]')
        assert [text_of(x) for x in lines] == ledger_lines(view, view.revision(rev_id))


def test_numbering_exceptions_print_as_the_model_says_on_both_sites(built):
    rules, handbook = built.policy.document("rules"), built.policy.document("handbook")
    r8 = rules.revision("r8")
    items = {text_of(p) for p in main_of(built.public / "rules" / "index.html").xpath('.//p[contains(@class, "item")]')}
    placed = {p.node.id: p for p in place(rules, r8)}
    assert [placed[i].label for i in ("duty-ledger", "duty-check")] == ["ア", "イ"]
    assert {"ア 台帳の整備", "イ 点検の実施"} <= items, items
    assert "（1） 情報資産 情報及び情報を扱う機器をいう。" in items  # the depth's own style elsewhere
    page = built.internal / "handbook" / "index.html"
    r1 = handbook.revision("r1")
    want = {p.node.id: f"{p.label} {p.node.heading}" for p in place(handbook, r1) if p.node.heading}
    assert headings(page, "h2")[:2] == [want["scope"], want["steps"]] == ["第1 対象", "第2 手順"]
    assert headings(page, "h3") == [want["step-open"], want["step-close"]] == ["1 点検の準備", "2 点検の記録"]
    items = [text_of(p) for p in main_of(page).xpath('.//p[contains(@class, "item")]')]
    assert items == ["(1) 前回の点検表を確かめる。"]


def public_texts(folder: Path) -> list[str]:
    """Every text a public folder gives a reader, as the leak check reads it (pages, search index,
    the .docx and PDF downloads unpacked), white space removed."""
    out = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out += [squash(t) for _label, t in file_texts(path.name, path.read_bytes())]
    return out


def test_the_internal_handbooks_supplementary_is_in_no_public_output(built):
    handbook = built.policy.document("handbook")
    (suppl,) = handbook.revision("r1").supplementary
    secret = squash(suppl.text[0])
    # the staff site shows it, after the body, under its heading
    page = built.internal / "handbook" / "index.html"
    assert headings(page)[-1] == supplementary_heading(suppl)
    assert secret in squash(text_of(main_of(page)))
    # no public file holds it; the same reading finds the public 附則 (so the search can find)
    texts = public_texts(built.public) + public_texts(built.docx)
    assert not [t for t in texts if secret in t]
    public_suppl = squash(built.policy.document("rules").revision("r8").supplementary[-1].text[0])
    assert any(public_suppl in t for t in public_texts(built.public / "downloads"))
    assert any(public_suppl in t for t in public_texts(built.docx))
    # the leak check passes on both public folders, and would fail on the handbook's 附則
    ok(cli("--src", str(built.src), "leakcheck", str(built.public), cwd=built.root))
    ok(cli("--src", str(built.src), "leakcheck", str(built.docx), cwd=built.root))
    planted = built.root / "planted"
    shutil.copytree(built.public, planted)
    index = planted / "index.html"
    page_html = index.read_text(encoding="utf-8")
    assert "</body>" in page_html
    index.write_text(page_html.replace("</body>", f"<p>{suppl.text[0]}</p></body>", 1), encoding="utf-8")
    r = cli("--src", str(built.src), "leakcheck", str(planted), cwd=built.root)
    assert r.returncode == 1 and "index.html" in r.stdout + r.stderr, r.stdout + r.stderr


def split_site(built: Built, out: Path) -> tuple[Node, ...]:
    """A public site whose rules r8 is large enough to be split into pages (three chapters), with
    r8's 附則 and one of two paragraphs; returns the 附則."""
    from toolkit.render.site import render_site
    from toolkit.render.site.naming import SPLIT_THRESHOLD

    public = redact(built.policy, "public", as_of=built.policy.document("rules").revision("r8").date)
    rules = public.document("rules")
    r8 = rules.revision("r8")
    per = SPLIT_THRESHOLD // 3 + 1
    chapters = tuple(Node(id=f"ch{c}", title=f"章{c}", children=tuple(
        Node(id=f"ch{c}-a{k}", title=f"見出し{k}", text=(f"第{c}章の規定{k}。",)) for k in range(1, per + 1)))
        for c in range(1, 4))
    suppl = (*r8.supplementary, Node(id="suppl-two", title="令和8年3月27日訓令第3号",
                                     text=("この訓令は、公布の日から施行する。", "前項の規定にかかわらず、別に定める。")))
    big = replace(r8, body=number_tree(chapters), supplementary=suppl)
    view = replace(public, documents=(replace(rules, revisions=(big,), ledger=rules.ledger),))
    render_site(view, out, out.parent / (out.name + "-work"))
    return suppl


def test_a_split_revision_gives_its_supplementary_a_page_listed_after_the_chapters(built, tmp_path):
    """A large revision is split into pages (one per chapter); the 附則 get a page of their own,
    listed last on the revision's page, each still a heading."""
    out = tmp_path / "out"
    suppl = split_site(built, out)
    pages = sorted(p.name for p in (out / "rules").iterdir())
    assert pages == ["ch1.html", "ch2.html", "ch3.html", "index.html", f"{suppl[0].id}.html"], pages
    index = main_of(out / "rules" / "index.html")
    toc = [text_of(a) for a in index.xpath('.//div[contains(@class, "toctree-wrapper")]//a')]
    assert toc[-1] == "附則" and toc[:3] == ["第1章 章1", "第2章 章2", "第3章 章3"], toc
    page = out / "rules" / f"{suppl[0].id}.html"
    assert headings(page, "h1") == ["附則"]
    assert headings(page) == [supplementary_heading(n) for n in suppl]
    last = main_of(page).xpath('.//section[@id="rules-suppl-two"]')[0]
    # two paragraphs: numbered 1, 2 as supplementary_paragraphs gives them
    assert [text_of(p) for p in last.xpath(".//p")] == [f"{n} {t}" for n, t in supplementary_paragraphs(suppl[-1])]
    assert [n for n, _ in supplementary_paragraphs(suppl[-1])] == ["1", "2"]
    # the numbers hang (CSS on the container's class), a single paragraph is indented instead
    assert {"supplementary", "numbered"} <= set(last.xpath('.//div[contains(@class, "supplementary")]')[0]
                                                .get("class").split())
    first = main_of(page).xpath(f'.//section[@id="rules-{suppl[0].id}"]//div[contains(@class, "supplementary")]')
    assert "numbered" not in first[0].get("class")


# ------------------------------------------------------------------ .docx through a real reader


@dataclass
class Read:
    text: dict[str, str]  # key → pdftotext of LibreOffice's PDF of the .docx
    files: dict[str, Path]


@pytest.fixture(scope="module")
def read_docx(built) -> Read:
    soffice = require("soffice", "the .docx are opened in LibreOffice as a reader opens them")
    pdftotext = require("pdftotext", "reads the PDF LibreOffice prints (poppler-utils)")
    files = {"rules": built.docx / "rules-r8.docx", "handbook": built.docx_internal / "handbook-r1-sample.docx",
             "disclosure": built.disclosure / "handbook-r1-disclosure.docx"}
    out = built.root / "lo"
    run = subprocess.run([soffice, f"-env:UserInstallation={(built.root / 'lo-profile').as_uri()}", "--headless",
                          "--norestore", "--convert-to", "pdf", "--outdir", str(out), *map(str, files.values())],
                         capture_output=True, text=True, timeout=300, env=office_env())
    pdfs = {k: out / (p.stem + ".pdf") for k, p in files.items()}
    assert all(p.is_file() for p in pdfs.values()), run.stdout + run.stderr
    # -layout: lines as printed, top to bottom (without it pdftotext groups the indented 附則 headings
    # into a block of their own and the right-aligned dates apart from their kinds)
    text = {k: subprocess.run([pdftotext, "-layout", str(p), "-"], capture_output=True, text=True, check=True).stdout
            for k, p in pdfs.items()}
    return Read(text, files)


def in_order(flat: str, pieces: list[str]) -> bool:
    at = 0
    for piece in pieces:
        found = flat.find(squash(piece), at)
        if found < 0:
            return False
        at = found + len(squash(piece))
    return True


def body_then_supplementary(doc, rev) -> list[str]:
    """What a reader sees, in order: every heading and paragraph of the body, then each 附則."""
    out = []
    for p in place(doc, rev):
        if p.node.heading:
            out.append(f"{p.label}{p.node.heading}")
        out += list(p.node.text) if p.node.heading else [f"{p.label}{t}" for t in p.node.text[:1]]
    for n in rev.supplementary:
        out.append(supplementary_heading(n))
        out += [f"{num}{t}" for num, t in supplementary_paragraphs(n)]
    return out


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_official_docx_reads_body_then_supplementary_with_the_citys_date_lines(built, read_docx):
    rules = built.policy.document("rules")
    rev = rules.revision("r8")
    flat = squash(read_docx.text["rules"])
    want = body_then_supplementary(rules, rev)
    assert in_order(flat, want), [w for w in want if squash(w) not in flat]
    assert in_order(flat, ["ア台帳の整備", "イ点検の実施"])
    # the title block: every ledger date, history-only ones too, as date and kind only
    assert in_order(flat, ["平成14年8月1日策定", "平成20年4月1日改定", "令和5年4月1日改定", "令和8年4月1日改定", "目次"])
    assert "本文なし" not in flat
    # the 目次 lists the 附則 too; in the body they are headings as the body's chapters are
    toc = flat[flat.index("目次"):flat.index(squash(rev.body[0].children[0].text[0]))]
    assert all(squash(supplementary_heading(n)) in toc for n in rev.supplementary)
    paragraphs = docx.Document(str(read_docx.files["rules"])).paragraphs
    styles = {p.text: p.style.name for p in paragraphs}
    assert [styles[supplementary_heading(n)] for n in rev.supplementary] == ["Heading 1"] * 3
    assert styles["第1章 総則"] == "Heading 1"


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_staff_docx_numbers_the_handbook_by_its_own_styles(built, read_docx):
    handbook = built.policy.document("handbook")
    rev = handbook.revision("r1")
    flat = squash(read_docx.text["handbook"])
    assert in_order(flat, body_then_supplementary(handbook, rev))
    assert in_order(flat, ["第1対象", "第2手順", "1点検の準備", "(1)前回の点検表を確かめる。", "2点検の記録", "附則",
                           rev.supplementary[0].text[0]])
    assert "1.対象" not in flat  # not the document's 1. / (1) / ①


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_disclosure_docx_bars_a_withheld_supplementary_and_lists_it(built, read_docx):
    handbook = built.policy.document("handbook")
    rev = handbook.revision("r1")
    flat = squash(read_docx.text["disclosure"])
    (suppl,) = rev.supplementary
    assert squash(suppl.text[0]) not in flat
    assert in_order(flat, ["第1対象", rev.body[0].text[0], "第2手順", "附則", BAR + "〔不開示：行政運営情報〕",
                           "不開示部分一覧", "不開示部分1箇所", "附則", "行政運営情報"])
    rows = [[c.text for c in r.cells] for r in docx.Document(str(read_docx.files["disclosure"])).tables[0].rows]
    assert rows[1][0] == supplementary_heading(replace(suppl, title=None))  # named by its heading, nothing more
    body = flat[flat.index("第1対象"):flat.rindex("不開示部分一覧")]
    assert body.count(BAR) == 1  # the one withheld part: the 附則 (the count above says 1箇所)


# ------------------------------------------------------------------ the PDF edition


@pytest.mark.poppler
def test_pdf_edition_tags_the_supplementary_as_headings_after_the_body(built):
    pdftotext = require("pdftotext", "reads the PDF edition (poppler-utils)")
    pypdf = require_module("pypdf", "reads the PDF's structure tree and outline")
    rules = built.policy.document("rules")
    rev = rules.revision("r8")
    path = built.docx / "rules-r8.pdf"
    flat = squash(subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True,
                                 check=True).stdout)
    assert in_order(flat, body_then_supplementary(rules, rev))
    assert in_order(flat, ["平成14年8月1日策定", "平成20年4月1日改定", "令和5年4月1日改定", "令和8年4月1日改定", "目次"])
    assert "本文なし" not in flat
    root = pypdf.PdfReader(path).trailer["/Root"]
    h1: list[str] = []

    def walk(k) -> None:
        k = k.get_object() if hasattr(k, "get_object") else k
        if isinstance(k, list):
            for x in k:
                walk(x)
        elif hasattr(k, "keys"):
            if k.get("/S") == "/H1":
                h1.append(str(k.get("/T")))
            if "/K" in k:
                walk(k["/K"])

    walk(root["/StructTreeRoot"]["/K"])
    chapters = [f"{p.label} {p.node.heading}" for p in place(rules, rev) if p.depth == 1]
    assert [t for t in h1 if t != "目次"] == chapters + [supplementary_heading(n) for n in rev.supplementary]
    # the handbook's PDF: its own numbering and its 附則
    hb = built.policy.document("handbook")
    text = squash(subprocess.run([pdftotext, "-layout", str(built.docx_internal / "handbook-r1-sample.pdf"), "-"],
                                 capture_output=True, text=True, check=True).stdout)
    assert in_order(text, body_then_supplementary(hb, hb.revision("r1")))
    assert in_order(text, ["第1対象", "1点検の準備", "(1)前回の点検表を確かめる。", "附則"])


# ------------------------------------------------------------------ in chromium


@pytest.mark.browser
def test_revision_pages_with_supplementary_pass_axe_and_search_finds_the_supplementary(built, browser):
    from axe import audit_site, report
    from searchset import search
    from webdriver import serve

    rules = built.policy.document("rules").revision("r8")
    handbook = built.policy.document("handbook").revision("r1")
    with serve(built.public) as base:
        failures = audit_site(browser, base, ["rules/index.html", "rules/r5.html", "history.html"])
        assert not failures, report(failures)
        browser.get(base + "rules/index.html")
        names = browser.js("return [...document.querySelectorAll('[role=main] h2')].map(h => h.textContent)")
        assert [n.replace("#", "").strip() for n in names][-3:] == [supplementary_heading(n) for n in rules.supplementary]
        # the hit lands on the 附則 that says it (issue 23: results are clauses)
        suppl = {f"rules/index.html#rules-{n.id}".lower() for n in rules.supplementary}
        assert search(browser, base, "令和8年4月1日から施行")[0] in suppl
        assert search(browser, base, HANDBOOK_QUERY) == []  # the staff 附則: not on the public site
    split = built.root / "split"
    suppl = split_site(built, split)
    with serve(split) as base:  # the page of a split revision's 附則, and the revision's page listing it
        failures = audit_site(browser, base, [f"rules/{suppl[0].id}.html", "rules/index.html"])
        assert not failures, report(failures)
    with serve(built.internal) as base:
        failures = audit_site(browser, base, ["handbook/index.html", "rules/index.html"])
        assert not failures, report(failures)
        assert search(browser, base, HANDBOOK_QUERY)[:1] == ["handbook/index.html#handbook-suppl-r1"]  # its 附則
    assert HANDBOOK_QUERY in handbook.supplementary[0].text[0] and "令和8年4月1日から施行" in rules.supplementary[-1].text[0]


# ------------------------------------------------------------------ hostile text


HOSTILE_TITLE = "<img src=x onerror=alert(1)> *強調* `code` #set $x$"
HOSTILE_TEXT = "この訓令は、<script>alert(1)</script> :ref:`x` #pagebreak() [リンク](javascript:alert(1)) から施行する。"


@pytest.mark.poppler
def test_supplementary_markup_prints_as_written_in_every_edition(tmp_path):
    """A 附則's heading and text are the city's words: HTML, reST, Markdown and Typst markup in
    them print as written (never run, never formatted) on the site, in the .docx and in the PDF."""
    src = tmp_path / "src"
    shutil.copytree(REIKI, src)
    r8 = src / "rules" / "r8.yaml"
    old = "    title: 令和5年3月31日訓令第5号\n    text: この訓令は、令和5年4月1日から施行する。\n"
    text = r8.read_text(encoding="utf-8")
    assert old in text
    quoted = "'" + HOSTILE_TEXT.replace("'", "''") + "'"
    r8.write_text(text.replace(old, f"    title: '{HOSTILE_TITLE}'\n    text: {quoted}\n"), encoding="utf-8")
    ok(cli("--src", str(src), "check", cwd=tmp_path))
    ok(cli("--src", str(src), "publish", "--out", str(tmp_path / "site"), "--work", str(tmp_path / "w"), cwd=tmp_path))
    ok(cli("--src", str(src), "docx", "--doc", "rules", "-o", str(tmp_path / "docx"), cwd=tmp_path))
    node = load_policy([src]).document("rules").revision("r8").supplementary[1]
    heading = supplementary_heading(node)
    assert HOSTILE_TITLE in heading

    page = tmp_path / "site" / "rules" / "index.html"
    main = main_of(page)
    section = main.xpath('.//section[@id="rules-suppl-r5"]')[0]
    assert text_of(section.xpath("./h2")[0]) == heading
    assert [text_of(p) for p in section.xpath(".//p")] == [HOSTILE_TEXT]
    assert not main.xpath(".//script | .//img | .//em | .//code"), "markup in the text became elements"
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "docx" / "rules-r8.docx")).paragraphs]
    assert heading in paragraphs and HOSTILE_TEXT in paragraphs
    pdftotext = require("pdftotext", "reads the PDF edition (poppler-utils)")
    flat = squash(subprocess.run([pdftotext, "-layout", str(tmp_path / "docx" / "rules-r8.pdf"), "-"],
                                 capture_output=True, text=True, check=True).stdout)
    assert squash(heading) in flat and squash(HOSTILE_TEXT) in flat


def test_an_internal_supplementary_of_a_public_document_stays_on_the_staff_side(tmp_path):
    """One 附則 of the public rules marked internal: the public site, .docx and PDF show the others
    (headings, 目次, search index) and not it; the staff site shows it; the leak check passes."""
    src = tmp_path / "src"
    shutil.copytree(REIKI, src)
    r8 = src / "rules" / "r8.yaml"
    old = "  - id: suppl-r8\n"
    text = r8.read_text(encoding="utf-8")
    assert old in text
    r8.write_text(text.replace(old, old + "    classification: internal\n"), encoding="utf-8")
    policy = load_policy([src])
    internal = policy.document("rules").revision("r8").supplementary[-1]
    shown = policy.document("rules").revision("r8").supplementary[:-1]
    ok(cli("--src", str(src), "publish", "--out", str(tmp_path / "public"), "--work", str(tmp_path / "w"),
           cwd=tmp_path))
    ok(cli("--src", str(src), "publish", "--internal", "--out", str(tmp_path / "staff"), "--work",
           str(tmp_path / "ws"), cwd=tmp_path))
    ok(cli("--src", str(src), "docx", "--doc", "rules", "-o", str(tmp_path / "docx"), cwd=tmp_path))
    page = tmp_path / "public" / "rules" / "index.html"
    assert headings(page)[-2:] == [supplementary_heading(n) for n in shown]
    secret = [squash(supplementary_heading(internal)), squash(internal.text[0])]
    texts = public_texts(tmp_path / "public") + public_texts(tmp_path / "docx")
    assert not [t for t in texts for s in secret if s in t]
    assert any(squash(shown[-1].text[0]) in t for t in public_texts(tmp_path / "docx"))
    staff = tmp_path / "staff" / "rules" / "index.html"
    assert headings(staff)[-3:] == [supplementary_heading(n) for n in (*shown, internal)]
    ok(cli("--src", str(src), "leakcheck", str(tmp_path / "public"), cwd=tmp_path))
