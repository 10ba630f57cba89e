"""import → export → import is stable, over generated documents (hypothesis).

The generator writes a Markdown policy the way a PDF extraction or a person
would (any numbering styles, PDF damage R1–R7, wrapped lines, escapes) and
keeps the tree it meant.  The property: the import understands the intended
tree, and exporting and importing again gives the same revision, ids and all,
and the same Markdown.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass, field

import pytest
from conftest import ROOT, SRC, Run, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.model import Document, Revision
from toolkit.model.numbering import number, place, ref_form
from toolkit.model.refs import resolve
from toolkit.model.wareki import wareki
from toolkit.render.markdown import render_markdown
from toolkit.source.importer import Imported, import_text
from toolkit.source.load import load_policy

DEPTH_STYLES = (
    ("1.", "1", "第1章", "(1)"),  # 第1条 (例規: 項, 号 under the first 項) has its own tests
    ("(1)", "（１）", "⑴", "1―1", "第1節", "①"),
    ("①", "ア", "(ア)", "⑴"),
)
PHRASES = ("情報資産を保護する", "職員等は規程を遵守する", "必要な措置を講じる", "外部サービスを利用する",
           "委託事業者を選定する", "定期的に自己点検を実施する", "インターネット接続系を分離する",
           "重大な支障を及ぼすおそれがある", "市民の信頼を維持する", "記録媒体を管理する")
LATIN = ("LGWAN", "USB", "Web", "Windows Server", "ICT-BCP")
KANJI = "情報資産管理規程対策基準運用監査点検契約締結委託事業者確保必要措置講"
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
TITLES = ("目的", "適用範囲", "組織体制", "物理的セキュリティ", "人的セキュリティ", "運用", "評価・見直し",
          "情報資産の分類と管理", "業務委託と外部サービス（クラウドサービス）の利用", "Web会議の利用")
ODD = "*_[]<>&|~`!\"'#%+=-"  # Markdown punctuation: fine inside a line, escaped at its start
# styles one section's items may take where the others' are their depth's (mixed numbering)
ALT_STYLES = ("ア", "(ア)", "①", "⑴", "（１）", "(1)", "（1）")
SUPPLEMENTARY_EXTRA = ("改正前の様式は、当分の間使用することができる。", "経過措置は、別に定める。",
                       "この規程の施行に関し必要な事項は、所管課長が定める。")


@dataclass
class Gen:
    """An intended node: what the import should understand."""

    title: str | None
    text: list[str]
    children: list[Gen] = field(default_factory=list)
    numbering: str | None = None  # its children's style, where not their depth's (mixed numbering)


@st.composite
def paragraph(draw, sentence: bool = True) -> str:
    parts = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3))
    if draw(st.booleans()):  # a Latin word, set without spaces in Japanese text
        at = draw(st.integers(0, len(parts)))
        parts.insert(at, draw(st.sampled_from(LATIN)) + "を" + draw(st.sampled_from(PHRASES)))
    if draw(st.booleans()):
        parts.append(draw(st.text(alphabet=KANJI + KANA + ODD + "（）「」・0123456789", min_size=1, max_size=12)).strip())
    text = "、".join(p for p in parts if p)
    if text[0] in KANJI + KANA and draw(st.integers(0, 6)) == 0:  # starts like a number or Markdown: stays text
        text = draw(st.sampled_from(["(2)", "1. ", "- ", "# ", "① ", "ア ", "・", "> ", "第3条", "\\"])) + text
    return text + "。" if sentence else text


# strategies made once: one made anew for each draw is validated anew (much of the drawing time)
SOME_PARAGRAPHS = st.lists(paragraph(), max_size=2)
PARAGRAPHS = st.lists(paragraph(), min_size=1, max_size=2)
DEPTH2_COUNT = st.integers(1, 4) | st.just(11)


def nodes(draw, depth: int, maxdepth: int, top: bool = False) -> list[Gen]:
    count = draw(DEPTH2_COUNT) if depth == 2 else draw(st.integers(1, 4 if top else 3))
    out = []
    for _ in range(count):
        heading = top or draw(st.booleans())
        children = nodes(draw, depth + 1, maxdepth) if depth < maxdepth and draw(st.booleans()) else []
        if heading:
            title = draw(st.sampled_from(TITLES))
            paras = draw(SOME_PARAGRAPHS)
        else:
            title = None
            paras = draw(PARAGRAPHS)
        if paras and draw(st.booleans()):  # the last paragraph may end without 。 (item text, lists)
            paras[-1] = paras[-1].removesuffix("。")
        out.append(Gen(title, paras, children))
    return out


def _damage_spaces(draw, text: str) -> str:
    """R4: spaces inserted between Latin and Japanese."""
    out = []
    for c, nxt in zip(text, text[1:] + " ", strict=True):
        out.append(c)
        latin = (c.isascii() and c.isalpha(), nxt.isascii() and nxt.isalpha())
        if latin[0] != latin[1] and (c in KANJI + KANA or nxt in KANJI + KANA) and draw(st.booleans()):
            out.append(" ")
    return "".join(out)


def _wrap(draw, text: str) -> str:
    """Soft line wraps between Japanese characters (a plain-text layout)."""
    cut = [i for i in range(1, len(text)) if text[i - 1] in KANJI + KANA and text[i] in KANJI + KANA]
    if not cut or not draw(st.booleans()):
        return text
    i = draw(st.sampled_from(cut))
    return text[:i] + "\n" + text[i:]


def walk(gens: list[Gen]):
    for g in gens:
        yield g
        yield from walk(g.children)


def _escape(text: str) -> str:
    from toolkit.render.markdown import escape

    return escape(text)


@st.composite
def documents(draw) -> tuple[str, tuple[str, ...], list[Gen], str | None, str, list[tuple[dt.date, str]],
                             list[tuple[str | None, list[str]]]]:
    maxdepth = draw(st.integers(1, 3))
    styles: list[str] = []
    for d in range(maxdepth):
        choices = [s for s in DEPTH_STYLES[d] if s not in styles and not (d == 0 and s == "1―1")]
        styles.append(draw(st.sampled_from(choices)))
    tree = nodes(draw, 1, maxdepth, top=True)
    # mixed numbering: after the first clause at a depth is numbered in its depth's style, another parent's
    # children may be in a style of their own (one not used at any depth, nor above them)
    seen: set[int] = set()

    def mix(gens: list[Gen], depth: int, above: tuple[str, ...]) -> None:
        for g in gens:
            if g.children:
                free = [s for s in ALT_STYLES if s not in styles and s not in above]
                if depth + 1 in seen and free and draw(st.integers(0, 2)) == 0:
                    g.numbering = draw(st.sampled_from(free))
                else:
                    seen.add(depth + 1)
                mix(g.children, depth + 1, (*above, g.numbering or styles[depth]))

    mix(tree, 1, (styles[0],))
    # cross-references: 「上記3の…」 citing a section by its number
    paras = [(g, i) for g in walk(tree) for i in range(len(g.text))]
    for n in draw(st.lists(st.integers(0, len(paras) - 1), max_size=2, unique=True)) if paras else []:
        g, i = paras[n]
        k = draw(st.integers(1, len(tree)))
        g.text[i] = f"上記{ref_form(styles[0], k)}の" + g.text[i]
    series = draw(st.none() | st.just("千曲市情報セキュリティポリシー"))
    title = draw(st.sampled_from(["情報セキュリティ基本方針", "情報セキュリティ対策基準", "USB メモリ管理規程"]))
    n_dates = draw(st.integers(1, 3))
    start = draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))
    dates = [(start + dt.timedelta(days=400 * i), ("策定", "改定", "全面改定")[min(i, 2)]) for i in range(n_dates)]

    lines: list[str] = []
    if series:
        lines += [f"# {series}", ""]
    lines += [f"{'##' if series else '#'} {title}", ""]
    for i, (date, kind) in enumerate(dates):
        w = wareki(date)
        if draw(st.booleans()):  # R6: PDF spacing
            w = " ".join(w.replace("年", " 年 ").replace("月", " 月 ").replace("日", " 日").split())
            kind = " ".join(kind) if len(kind) == 2 else kind
        lines.append(f"{w} {kind}" + ("  " if i < n_dates - 1 else ""))
    lines.append("")
    if draw(st.booleans()):  # R7: a 目次 with dot leaders and page numbers
        lines += ["## 目次", ""]
        lines += [f"{number(styles[0], k)} {g.title}.....\t{k}" for k, g in enumerate(tree, start=1)]
        lines.append("")

    def emit(gens: list[Gen], depth: int, parent_seq: int, own: str | None = None) -> None:
        for k, g in enumerate(gens, start=1):
            style = own or styles[depth - 1]
            label = number(style, k, parent_seq)
            if style == "(1)" and k >= 10 and draw(st.booleans()):
                label = "(" + " ".join(str(k)) + ")"  # R1
            paras = list(g.text)
            if g.title is not None:
                level = draw(st.integers(2, 4))  # R5: levels wander
                lines.extend([f"{'#' * level} {label} {g.title}", ""])
            else:
                lines.extend([f"- {label} {_damage_spaces(draw, paras[0])}", ""])
                paras = paras[1:]
            for p in paras:
                text = _escape(_damage_spaces(draw, p))
                if text == p and draw(st.integers(0, 3)) == 0:  # R2/R3: broken by a page break
                    cut = [i for i in range(1, len(p)) if p[i - 1] in KANJI + KANA and p[i] in KANJI + KANA]
                    if cut:
                        i = draw(st.sampled_from(cut))
                        lines.extend([p[:i], "", p[i:], ""])
                        continue
                lines.extend([_wrap(draw, text), ""])
            emit(g.children, depth + 1, k, g.numbering)

    emit(tree, 1, 0)
    # 附則: the first (制定) plain, later ones titled by the 訓令 of an amendment, each 施行 on a ledger date
    supplementary: list[tuple[str | None, list[str]]] = []
    if draw(st.booleans()):
        for i, (date, _kind) in enumerate(dates):
            if i and not draw(st.booleans()):
                continue
            heading = None if i == 0 else f"{wareki(date - dt.timedelta(days=10))}訓令第{i}号"
            paras = [f"この規程は、{wareki(date)}から施行する。",
                     *draw(st.lists(st.sampled_from(SUPPLEMENTARY_EXTRA), max_size=2, unique=True))]
            supplementary.append((heading, paras))
            lines.extend([f"附　則（{heading}）" if heading else "附　則", ""])
            first_unnumbered = draw(st.booleans())  # 項 style: 「…」, 「2　…」; else 1　…, 2　…
            for k, p in enumerate(paras, start=1):
                numbered = len(paras) > 1 and not (k == 1 and first_unnumbered)
                lines.extend([f"{k}\u3000{p}" if numbered else p, ""])
    return "\n".join(lines), tuple(styles), tree, series, title.replace("USB メモリ", "USBメモリ"), dates, supplementary


def as_document(imp: Imported) -> Document:
    history = tuple(Revision(f"h{i}", d.date, d.kind, "authoritative", "") for i, d in enumerate(imp.history))
    return Document("gen", imp.title or "", imp.title or "", "public", imp.numbering, (*history, imp.revision),
                    imp.series)


def understood(imp: Imported) -> list:
    doc = as_document(imp)
    labels = {p.node.id: p.ref for p in place(doc, imp.revision)}

    def go(ns):
        return [(n.title, [resolve(t, labels) for t in n.text], go(n.children)) for n in ns]

    return go(imp.revision.body)


def depth(gens: list[Gen]) -> int:
    return 1 + max((depth(g.children) for g in gens), default=0) if gens else 0


def intended(gens: list[Gen]) -> list:
    return [(g.title, g.text, intended(g.children)) for g in gens]


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_import_export_import_is_stable(generated):
    md, styles, tree, series, title, dates, supplementary = generated
    first = import_text(md, "gen.md", "r1")
    # the import understood what was meant, damage repaired
    assert first.warnings == ()
    assert first.numbering == styles[: depth(tree)]
    assert understood(first) == intended(tree)
    assert [n.numbering for n in first.revision.walk() if n.children] == [g.numbering for g in walk(tree) if g.children]
    assert [(n.title, list(n.text)) for n in first.revision.supplementary] == supplementary
    assert (first.series, first.title) == (series, title)
    assert [(d.date, d.kind) for d in (*first.history, first.revision)] == dates
    cited = sum(t.count("上記") for g in walk(tree) for t in g.text)
    assert sum(t.count("{ref:") for n in first.revision.walk() for t in n.text) == cited

    exported = render_markdown(as_document(first), first.revision)
    second = import_text(exported, "gen.md", "r1")
    assert second.revision == first.revision  # ids, references, text, structure
    assert (second.numbering, second.title, second.series, second.history) == \
        (first.numbering, first.title, first.series, first.history)
    assert not [r for r in second.repairs if r.rule != "R7"]  # the export has no damage to repair
    assert render_markdown(as_document(second), second.revision) == exported


def test_r8_exports_and_imports_back_through_the_cli(tmp_path):
    out = tmp_path / "r8.md"
    r = run_cli("--src", str(SRC), "export", "--doc", "basic-policy", "--rev", "r8", "--format", "md", "-o", str(out))
    assert r.returncode == 0, r.stderr
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 千曲市情報セキュリティポリシー\n\n## 情報セキュリティ基本方針\n\n平成16年12月20日 策定  \n")
    # each clause's line ends with its record: its id, and where its text cites another clause (上記「3」: threats)
    assert "## 6. 情報セキュリティ対策 {#measures refs=threats@0:2}\n\n上記3の脅威から" in md
    assert "- ② LGWAN接続系においては" in md
    back = tmp_path / "r8.yaml"
    r = run_cli("--src", str(SRC), "import", str(out), "--doc", "basic-policy", "--rev", "r8", "--like", "r8",
                "-o", str(back))
    assert r.returncode == 0, r.stderr
    from toolkit.source.revision_file import parse_revision

    body, _ = parse_revision(back.read_text(encoding="utf-8"), "r8.yaml", "r8")
    assert body == load_policy(SRC).document("basic-policy").revision("r8").body
    # same source, same bytes
    again = run_cli("--src", str(SRC), "export", "--doc", "basic-policy", "--rev", "r8")
    assert again.stdout == md


def test_export_of_a_view_leaves_out_what_the_audience_may_not_see(tmp_path):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    policy = load_policy(SRC)
    hidden = [d for d in policy.documents if d.revisions and d.classification != "public"]
    assert hidden, "policy_src has a non-public document"
    r = subprocess.run([sys.executable, "-m", "toolkit", "--src", str(SRC), "export", "--doc", hidden[0].id,
                        "--audience", "public"], capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"document {hidden[0].id!r} has no text for public" in r.stderr
    assert r.stdout == ""



# ---- 附則, history-only entries and numbering exceptions (tests/fixtures/reiki_src) ------------------------

REIKI_SRC = ROOT / "tests" / "fixtures" / "reiki_src"


def test_every_revision_of_the_reiki_source_exports_and_imports_back_whole():
    """Body, 附則 (ids included), the revision's own numbering and a section whose 号 are ア, イ."""
    policy = load_policy(REIKI_SRC)
    seen = set()
    for doc in policy.documents:
        for rev in doc.revisions:
            md = render_markdown(doc, rev)
            again = import_text(md, f"{rev.id}.md", rev.id, like=(doc, rev))
            assert again.warnings == ()
            assert again.revision.body == rev.body
            assert again.revision.supplementary == rev.supplementary
            assert again.revision.numbering == rev.numbering
            assert (again.revision.date, again.revision.kind) == (rev.date, rev.kind)
            # the ledger's dates before it, history-only ones included, are its history
            assert [h.date for h in again.history] == [e.date for e in doc.ledger if e.date < rev.date]
            assert render_markdown(doc, again.revision) == md
            seen |= {"附則" for _ in rev.supplementary} | {"own" for _ in rev.numbering[:1]} | \
                {"exception" for n in rev.walk() if n.numbering}
    assert seen == {"附則", "own", "exception"}  # the fixture still holds each case


def without_records(md: str) -> str:
    """The Markdown as a reader sees it: each clause's record ({#id …}, the fields the text does not show) taken off."""
    from toolkit.textforms.records import split_line

    return "\n".join(split_line(line)[0] for line in md.split("\n"))


def test_markdown_prints_the_supplementary_provisions_and_each_clause_in_its_own_style():
    policy = load_policy(REIKI_SRC)
    doc = policy.document("rules")
    full = render_markdown(doc, doc.revision("r8"))
    assert "第3条　管理者を置く。 {#manager} {#manager-p1}\n" in full  # the article, then its first 項
    assert "##### （1） 情報資産 {#term-asset term=true}\n" in full
    md = without_records(full)
    assert "平成14年8月1日 策定  \n平成20年4月1日 改定  \n令和5年4月1日 改定  \n令和8年4月1日 改定" in md  # h14, h20: no text
    assert "2　管理者は、次に掲げる事務を行う。\n\n- ア 台帳の整備\n- イ 点検の実施\n\n3　前項" in md
    assert md.endswith("附　則\n\nこの訓令は、平成14年8月1日から施行する。\n\n附　則（令和5年3月31日訓令第5号）\n\n"
                       "この訓令は、令和5年4月1日から施行する。\n\n附　則（令和8年3月27日訓令第2号）\n\n"
                       "この訓令は、令和8年4月1日から施行する。\n")
    handbook = policy.document("handbook")
    md = without_records(render_markdown(handbook, handbook.revision("r1")))
    assert "## 第1 対象" in md and "### 1 点検の準備" in md and "- (1) 前回の点検表を確かめる。" in md


def test_a_supplementary_provision_of_several_paragraphs_is_numbered_and_read_back_without_numbers():
    from dataclasses import replace

    policy = load_policy(REIKI_SRC)
    doc = policy.document("rules")
    rev = doc.revision("r8")
    two = replace(rev.supplementary[-1], text=("この訓令は、令和8年4月1日から施行する。",
                                               "（1）の規定は、同日前の記録にも適用する。"))
    rev = replace(rev, supplementary=(*rev.supplementary[:-1], two))
    md = render_markdown(doc, rev)
    assert md.endswith("1　この訓令は、令和8年4月1日から施行する。\n\n2　（1）の規定は、同日前の記録にも適用する。\n")
    again = import_text(md, "r8.md", "r8", like=(doc, rev))
    assert again.revision.supplementary == rev.supplementary and again.warnings == ()
    decided = [d.detail for d in again.report if d.kind == "supplementary"]
    assert sum("its number is derived, not kept" in d for d in decided) == 2


def test_the_rules_document_round_trips_through_the_cli_into_a_source_copy(tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(REIKI_SRC, src)

    def cli(*args: str) -> Run:
        return run_cli("--src", str(src), *args, cwd=tmp_path)

    r = cli("export", "--doc", "rules", "--rev", "r8", "--format", "md", "-o", str(tmp_path / "r8.md"))
    assert r.returncode == 0, r.stderr
    r = cli("import", str(tmp_path / "r8.md"), "--doc", "rules", "--rev", "r9", "--like", "r8", "--date", "2027-04-01",
            "--kind", "改定")
    assert r.returncode == 0, r.stderr
    doc = load_policy(src).document("rules")
    r8, r9 = doc.revision("r8"), doc.revision("r9")
    assert (r9.body, r9.supplementary, r9.numbering) == (r8.body, r8.supplementary, r8.numbering)
    assert [e.id for e in doc.history_only] == ["h14", "h20"]  # nothing added: the ledger has those dates
    assert cli("check").returncode == 0
    diff = cli("diff", "--doc", "rules", "r8", "r9")
    assert diff.returncode == 0 and "変更はありません。" in diff.stdout, diff.stdout
