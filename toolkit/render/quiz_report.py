"""The training results report (研修結果報告) for the policy's owners and the trainer: HTML and .docx.

From :class:`toolkit.training.results.Analysis`: a plot of the correct rate by
section (matplotlib, PNG, drawn with the shipped IPAexゴシック file, no
timestamps so the bytes repeat), the clauses most often missed, the items that
look broken, and the correct rate of every question and clause.  Marked with
its classification (the report names staff quiz items).
"""

from __future__ import annotations

import base64
import html
import io
import os
from pathlib import Path

from docx.shared import Mm

from toolkit.fonts import draw_with_shipped_font
from toolkit.render.docx_common import add_page_number_footer, add_text_header, new_document, save
from toolkit.training.results import Analysis, Rate

TITLE = "情報セキュリティ研修 結果報告"
MOST_MISSED = 10


def plot_png(analysis: Analysis) -> bytes:
    """Correct rate by section, as a horizontal bar chart (PNG bytes)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    family = "sans-serif"  # the face itself is the shipped file: draw_with_shipped_font below
    sections = analysis.sections
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(3, len(sections)) + 1), dpi=100)
    labels = [s.label for s in sections]
    ax.barh(range(len(sections)), [s.rate * 100 for s in sections], color="#2f6f9f")
    ax.set_yticks(range(len(sections)), labels, fontfamily=family, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("正答率（%）", fontfamily=family)
    ax.set_title("章ごとの正答率", fontfamily=family)
    for i, s in enumerate(sections):
        ax.text(min(s.rate * 100 + 1, 92), i, f"{s.rate:.0%}（{s.total}）", va="center", fontsize=8, fontfamily=family)
    draw_with_shipped_font(fig)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _pct(r: Rate) -> str:
    return f"{r.rate:.0%}"


def _rows(rates: list[Rate], disc: bool = False) -> str:
    out = []
    for r in rates:
        d = f"<td>{r.discrimination:+.2f}</td>" if disc and r.discrimination is not None else ("<td>—</td>" if disc else "")
        out.append(f"<tr><td>{html.escape(r.label)}</td><td>{_pct(r)}</td><td>{r.right}/{r.total}</td>{d}</tr>")
    return "\n".join(out)


def page(analysis: Analysis, marking: str, png: bytes) -> str:
    img = base64.b64encode(png).decode("ascii")
    missed = analysis.clauses[:MOST_MISSED]
    suspicious = "\n".join(f"<li>{html.escape(r.label)}：{html.escape(why)}</li>" for r, why in analysis.suspicious) \
        or "<li>なし</li>"
    banner = f'<p class="banner">{html.escape(marking)}</p>\n' if marking else ""
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{TITLE}</title>
<style>body{{font-family:"IPAexGothic","Noto Sans CJK JP",sans-serif;max-width:60em;margin:1em auto;line-height:1.6}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .5em}}
.banner{{border:2px solid #b3261e;color:#8c1d18;font-weight:bold;padding:.3em .6em}}</style></head>
<body><main>{banner}<h1>{TITLE}</h1>
<p>集計元: {html.escape("、".join(analysis.sources))}</p>
<h2>章ごとの正答率</h2><img src="data:image/png;base64,{img}" alt="章ごとの正答率の棒グラフ（数値は下の表）">
<table><tr><th>章</th><th>正答率</th><th>正答/回答</th></tr>
{_rows(analysis.sections)}</table>
<h2>間違いの多い条項</h2><table><tr><th>条項</th><th>正答率</th><th>正答/回答</th></tr>
{_rows(missed)}</table>
<h2>見直しが必要と思われる設問</h2><ul>{suspicious}</ul>
<h2>設問ごとの正答率</h2><table><tr><th>設問</th><th>正答率</th><th>正答/回答</th><th>識別力</th></tr>
{_rows(analysis.questions, disc=True)}</table>
</main></body></html>
"""


def _table(doc, head: list[str], rows: list[list[str]]) -> None:
    t = doc.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, head, strict=True):
        cell.text = text
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def write(analysis: Analysis, folder: Path, marking: str = "", date=None) -> list[Path]:
    """``report.html``, ``report.docx`` and ``correct-rate-by-section.png`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    png = plot_png(analysis)
    (folder / "correct-rate-by-section.png").write_bytes(png)
    part = folder / "report.html.part"
    part.write_text(page(analysis, marking, png), encoding="utf-8")
    os.replace(part, folder / "report.html")
    doc = new_document()
    if marking:
        add_text_header(doc.sections[0], marking)
        add_page_number_footer(doc.sections[0], f"{marking}　- {{page}} -")
    else:
        add_page_number_footer(doc.sections[0])
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph("集計元: " + "、".join(analysis.sources))
    doc.add_heading("章ごとの正答率", level=1)
    doc.add_picture(io.BytesIO(png), width=Mm(150))
    _table(doc, ["章", "正答率", "正答/回答"], [[r.label, _pct(r), f"{r.right}/{r.total}"] for r in analysis.sections])
    doc.add_heading("間違いの多い条項", level=1)
    _table(doc, ["条項", "正答率", "正答/回答"],
           [[r.label, _pct(r), f"{r.right}/{r.total}"] for r in analysis.clauses[:MOST_MISSED]])
    doc.add_heading("見直しが必要と思われる設問", level=1)
    for r, why in analysis.suspicious or []:
        doc.add_paragraph(f"{r.label}：{why}", style="List Bullet")
    if not analysis.suspicious:
        doc.add_paragraph("なし")
    doc.add_heading("設問ごとの正答率", level=1)
    _table(doc, ["設問", "正答率", "正答/回答", "識別力"],
           [[r.label, _pct(r), f"{r.right}/{r.total}",
             f"{r.discrimination:+.2f}" if r.discrimination is not None else "—"] for r in analysis.questions])
    save(doc, folder / "report.docx")
    return [folder / "report.html", folder / "report.docx", folder / "correct-rate-by-section.png"]
