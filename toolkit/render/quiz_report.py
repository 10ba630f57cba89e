"""The training results report (研修結果報告) for the policy's owners and the trainer: HTML and .docx.

From :class:`toolkit.training.analysis.Analysis`, each kind of evidence apart (the
quiz's answers, the flashcard reviews).  Page 1 is a summary a 課長 reads: what was
measured, how many people, the three clauses most often missed.  Then, per kind: a
plot of the share right by section (matplotlib, PNG, drawn with the IPAex font the
Word editions use, no timestamps so the bytes repeat), the clauses most often missed,
the items that look broken, and every item's facility with its number of answers,
its 95% interval and (quiz items) its discrimination.  Nothing is ranked on fewer
than :data:`toolkit.training.analysis.MIN_RANKED` answers; no local path is shown.
Marked with its classification (the report names staff quiz items).
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from docx.enum.text import WD_BREAK
from docx.shared import Mm

from toolkit.fonts import draw_with_shipped_font
from toolkit.render.docx_common import add_page_number_footer, add_text_header, new_document, save
from toolkit.training.analysis import MIN_RANKED, QUIZ, Analysis, Part, Rate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TITLE = "情報セキュリティ研修 結果報告"
MOST_MISSED = 10
SUMMARY_MISSED = 3  # clauses named on page 1
LABEL_WIDTH = 16  # characters per line of a chart label (wrapped, never cut off)


def chart(part: Part) -> Figure:
    """Share right by section, as a horizontal bar chart with 95% intervals, laid out (a matplotlib
    figure: :func:`plot_png` saves it).  Labels are wrapped and the figure sized to them, so none is cut off."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    family = "sans-serif"  # the face itself is the shipped file: draw_with_shipped_font below
    sections = part.sections
    labels = [textwrap.fill(s.label, LABEL_WIDTH) for s in sections]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = plt.subplots(figsize=(8, 0.2 * max(8, lines) + 1.4), dpi=100)
    rates = [s.rate * 100 for s in sections]
    low = [max(0.0, (s.rate - s.interval[0]) * 100) for s in sections]
    high = [max(0.0, (s.interval[1] - s.rate) * 100) for s in sections]
    ax.barh(range(len(sections)), rates, xerr=[low, high], color="#2f6f9f", ecolor="#555555", capsize=3)
    ax.set_yticks(range(len(sections)), labels, fontfamily=family, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("正答率（%）　横線は95%信頼区間、括弧内は回答数", fontfamily=family)
    ax.set_title(f"{part.title}　章ごとの正答率", fontfamily=family)
    for i, s in enumerate(sections):
        ax.text(101, i, f"{s.rate:.0%}（{s.total}）", va="center", fontsize=8, fontfamily=family)
    draw_with_shipped_font(fig)
    fig.tight_layout()
    fig.canvas.draw()
    return fig


def plot_png(part: Part) -> bytes:
    """:func:`chart` as PNG bytes (no timestamps, so the bytes repeat)."""
    from matplotlib import pyplot as plt

    fig = chart(part)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return buf.getvalue()


def _pct(r: Rate) -> str:
    return f"{r.rate:.0%}"


def _interval(r: Rate) -> str:
    lo, hi = r.interval
    return f"{lo:.0%}〜{hi:.0%}"


def _disc(r: Rate) -> str:
    return f"{r.discrimination:+.2f}（各{r.groups}人）" if r.discrimination is not None else "—"


def summary(analysis: Analysis) -> tuple[str, list[str], list[str]]:
    """Page 1: (lead sentence, what was measured and by how many, the clauses most often missed)."""
    measured = []
    for part in analysis.parts:
        whole = part.overall
        if part.kind == QUIZ:
            measured.append(f"{part.title}: {part.people}人が受験、{len(part.questions)}問、回答{part.answers}件。"
                            f"全体の正答率 {_pct(whole)}（95%信頼区間 {_interval(whole)}）。")
        else:
            measured.append(f"{part.title}: {part.people}人分の記録、{len(part.questions)}枚のカードを"
                            f"{part.answers}回復習。覚えていた割合 {_pct(whole)}（95%信頼区間 {_interval(whole)}）。")
    main = next((p for p in analysis.parts if p.kind == QUIZ and p.most_missed(1)), None) \
        or next((p for p in analysis.parts if p.most_missed(1)), None)
    missed = []
    if main is not None:
        missed = [f"{c.label}　正答率 {_pct(c)}（{c.right}/{c.total}、95%信頼区間 {_interval(c)}）"
                  f"　［{main.title}］" for c in main.most_missed(SUMMARY_MISSED)]
    lead = (f"情報セキュリティ研修の結果を、確認テストの回答と単語帳の復習記録に分けて集計した。"
            f"回答が{MIN_RANKED}件に満たない設問・条項は、順位付けに使っていない。")
    return lead, measured, missed


def _rows(rates: list[Rate], disc: bool = False) -> str:
    out = []
    for r in rates:
        d = f"<td>{html.escape(_disc(r))}</td>" if disc else ""
        out.append(f"<tr><td>{html.escape(r.label)}</td><td>{_pct(r)}</td><td>{_interval(r)}</td>"
                   f"<td>{r.right}/{r.total}</td>{d}</tr>")
    return "\n".join(out)


_HEAD = "<tr><th>{}</th><th>正答率</th><th>95%信頼区間</th><th>正答/回答</th>{}</tr>"


def _part_html(part: Part, img: str) -> str:
    missed = [c for c in part.clauses if c.ranked][:MOST_MISSED]
    suspicious = "\n".join(f"<li>{html.escape(r.label)}：{html.escape(why)}</li>" for r, why in part.suspicious) \
        or "<li>なし</li>"
    chart = (f'<img src="data:image/png;base64,{img}" alt="章ごとの正答率の棒グラフ（数値は下の表）">' if img else "")
    disc = part.kind == QUIZ
    return f"""<section><h2>{html.escape(part.title)}</h2>
<h3>章ごとの正答率</h3>{chart}
<table>{_HEAD.format("章", "")}
{_rows(part.sections)}</table>
<h3>間違いの多い条項（回答{MIN_RANKED}件以上）</h3><table>{_HEAD.format("条項", "")}
{_rows(missed) or '<tr><td colspan="4">回答が足りる条項はまだない</td></tr>'}</table>
<h3>見直しが必要と思われる{"設問" if disc else "カード"}</h3><ul>{suspicious}</ul>
<h3>{"設問" if disc else "カード"}ごとの正答率</h3><table>{_HEAD.format("設問" if disc else "カード",
                                                                    "<th>識別力（上位27%−下位27%）</th>" if disc else "")}
{_rows(part.questions, disc=disc)}</table></section>"""


def page(analysis: Analysis, marking: str, png: bytes) -> str:
    img = base64.b64encode(png).decode("ascii") if png else ""
    banner = f'<p class="banner">{html.escape(marking)}</p>\n' if marking else ""
    lead, measured, missed = summary(analysis)
    parts = "\n".join(_part_html(p, img if i == 0 else "") for i, p in enumerate(analysis.parts))
    missed_html = "".join(f"<li>{html.escape(m)}</li>" for m in missed) or \
        f"<li>回答が{MIN_RANKED}件以上ある条項がまだないため、順位は付けていない</li>"
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{TITLE}</title>
<style>body{{font-family:"IPAexGothic","Noto Sans CJK JP",sans-serif;max-width:60em;margin:1em auto;line-height:1.6}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .5em}}img{{max-width:100%}}
.banner{{border:2px solid #b3261e;color:#8c1d18;font-weight:bold;padding:.3em .6em}}</style></head>
<body><main>{banner}<h1>{TITLE}</h1>
<section class="summary"><h2>概要</h2><p>{html.escape(lead)}</p>
<h3>何を、何人分</h3><ul>{"".join(f"<li>{html.escape(m)}</li>" for m in measured)}</ul>
<h3>間違いの多い条項（上位{SUMMARY_MISSED}）</h3><ol>{missed_html}</ol></section>
{parts}
<h2>集計元ファイル</h2><p>{html.escape("、".join(analysis.sources))}</p>
</main></body></html>
"""


def _picture_size(png: bytes, width_mm: float = 150, height_mm: float = 200) -> dict[str, Mm]:
    """150 mm wide, or less so the chart fits one A4 page (never cut at the foot)."""
    import struct

    w, h = struct.unpack(">II", png[16:24])  # the PNG header's size
    return {"height": Mm(height_mm)} if width_mm * h / w > height_mm else {"width": Mm(width_mm)}


def _table(doc, head: list[str], rows: list[list[str]]) -> None:
    t = doc.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, head, strict=True):
        cell.text = text
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _rate_row(r: Rate) -> list[str]:
    return [r.label, _pct(r), _interval(r), f"{r.right}/{r.total}"]


def write(analysis: Analysis, folder: Path, marking: str = "", date=None) -> list[Path]:
    """``report.html``, ``report.docx`` and ``correct-rate-by-section.png`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    png = plot_png(analysis.parts[0]) if analysis.parts else b""
    (folder / "correct-rate-by-section.png").write_bytes(png)
    (folder / "report.html").write_text(page(analysis, marking, png), encoding="utf-8")  # a staging folder
    doc = new_document()
    if marking:
        add_text_header(doc.sections[0], marking)
        add_page_number_footer(doc.sections[0], f"{marking}　- {{page}} -")
    else:
        add_page_number_footer(doc.sections[0])
    doc.add_paragraph(TITLE, style="Title")
    lead, measured, missed = summary(analysis)
    doc.add_heading("概要", level=1)
    doc.add_paragraph(lead)
    doc.add_heading("何を、何人分", level=2)
    for m in measured:
        doc.add_paragraph(m, style="List Bullet")
    doc.add_heading(f"間違いの多い条項（上位{SUMMARY_MISSED}）", level=2)
    for m in missed or [f"回答が{MIN_RANKED}件以上ある条項がまだないため、順位は付けていない。"]:
        doc.add_paragraph(m, style="List Number" if missed else None)
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)  # page 1 is the summary alone
    for i, part in enumerate(analysis.parts):
        disc = part.kind == QUIZ
        doc.add_heading(part.title, level=1)
        if i == 0:
            doc.add_heading("章ごとの正答率", level=2)
            doc.add_picture(io.BytesIO(png), **_picture_size(png))
        _table(doc, ["章", "正答率", "95%信頼区間", "正答/回答"], [_rate_row(r) for r in part.sections])
        doc.add_heading(f"間違いの多い条項（回答{MIN_RANKED}件以上）", level=2)
        _table(doc, ["条項", "正答率", "95%信頼区間", "正答/回答"],
               [_rate_row(r) for r in [c for c in part.clauses if c.ranked][:MOST_MISSED]])
        doc.add_heading(f"見直しが必要と思われる{'設問' if disc else 'カード'}", level=2)
        for r, why in part.suspicious:
            doc.add_paragraph(f"{r.label}：{why}", style="List Bullet")
        if not part.suspicious:
            doc.add_paragraph("なし")
        doc.add_heading(f"{'設問' if disc else 'カード'}ごとの正答率", level=2)
        head = ["設問" if disc else "カード", "正答率", "95%信頼区間", "正答/回答"] + (["識別力"] if disc else [])
        _table(doc, head, [_rate_row(r) + ([_disc(r)] if disc else []) for r in part.questions])
    doc.add_heading("集計元ファイル", level=1)
    doc.add_paragraph("、".join(analysis.sources))
    save(doc, folder / "report.docx")
    return [folder / "report.html", folder / "report.docx", folder / "correct-rate-by-section.png"]
