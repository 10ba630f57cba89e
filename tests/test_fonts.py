"""The fonts ship with the project (issue 18): every build draws with toolkit/fonts, never the machine's.

- The PDF edition: Typst sees the two shipped files and nothing else, so the
  bytes are the same on a machine with no fonts at all and on one whose fonts
  include an impostor of the same family name.
- The report chart: matplotlib is given the file, not a family its font cache
  may or may not know; a label the font cannot draw is an error, not a □.
- The .docx editions name the fonts a city PC has; the shipped fontconfig maps
  those names to the shipped files for LibreOffice here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import ROOT, SRC, require
from office import office_env

from toolkit import fonts
from toolkit.errors import BuildError
from toolkit.render import pdf
from toolkit.render.docx_common import DEFAULT_FONTS
from toolkit.training.analysis import QUIZ, Part, Rate

# The PDF edition of the fixture's basic policy, written to stdout: run in a child whose machine we shape.
BUILD_PDF = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from toolkit.source.load import load_policy
from toolkit.view.redact import redact
from toolkit.render.pdf import pdf_bytes
view = redact(load_policy([{str(SRC)!r}]), "public")
sys.stdout.buffer.write(pdf_bytes(view, "basic-policy", view.document("basic-policy").current.id))
"""


def test_the_shipped_files_are_the_ipaex_fonts_with_their_licence():
    assert fonts.missing() == []
    from matplotlib.ft2font import FT2Font

    assert FT2Font(str(fonts.MINCHO)).family_name == fonts.MINCHO_FAMILY
    assert FT2Font(str(fonts.GOTHIC)).family_name == fonts.GOTHIC_FAMILY
    licence = fonts.LICENSE.read_text(encoding="utf-8")
    assert "IPA Font License Agreement v1.0" in licence and "IPAフォントライセンスv1.0" in licence


def test_typst_is_given_the_shipped_fonts_and_nothing_else():
    fonts_seen = pdf.typst_fonts()
    assert sorted(fonts_seen.families()) == [fonts.GOTHIC_FAMILY, fonts.MINCHO_FAMILY]
    assert {Path(f.path) for f in fonts_seen.fonts()} == {fonts.MINCHO, fonts.GOTHIC}


def _impostor(folder: Path) -> None:
    """A system font calling itself IPAexMincho that is really the ゴシック: what a machine may have."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(fonts.GOTHIC))
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            record.string = fonts.MINCHO_FAMILY
    folder.mkdir(parents=True, exist_ok=True)
    font.save(str(folder / "impostor.ttf"))


def _build_with_system_fonts(system_fonts: Path, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    """The PDF edition built in a child that sees ``system_fonts`` as /usr/share/fonts (a private mount)."""
    unshare, mount = shutil.which("unshare"), shutil.which("mount")
    if os.geteuid() != 0 or not unshare or not mount:
        pytest.skip("replacing /usr/share/fonts for one process needs root, unshare and mount")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    empty_conf = tmp_path / "empty-fonts.conf"
    empty_conf.write_text("<?xml version='1.0'?><fontconfig></fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "FONTCONFIG_FILE": str(empty_conf), "SOURCE_DATE_EPOCH": "1775001600"}
    script = 'mount --bind "$1" /usr/share/fonts && exec "$2" -c "$3"'
    run = subprocess.run([unshare, "--mount", "sh", "-c", script, "sh", str(system_fonts), sys.executable, BUILD_PDF],
                         capture_output=True, env=env, timeout=300)
    if run.returncode != 0 and b"mount" in run.stderr and b"%PDF" not in run.stdout:
        pytest.skip(f"cannot mount here: {run.stderr.decode(errors='replace')[:200]}")
    return run


def test_the_pdf_is_the_same_bytes_with_no_system_fonts_and_with_an_impostor(tmp_path, monkeypatch):
    """Issue 18: byte-identical on every machine, whatever fonts it has (here: none; a wrong one)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")
    from toolkit.source.load import load_policy
    from toolkit.view.redact import redact

    view = redact(load_policy([SRC]), "public")
    here = pdf.pdf_bytes(view, "basic-policy", view.document("basic-policy").current.id)
    (tmp_path / "none").mkdir()
    bare = _build_with_system_fonts(tmp_path / "none", tmp_path)
    assert bare.returncode == 0, bare.stderr.decode(errors="replace")
    _impostor(tmp_path / "impostor")
    odd = _build_with_system_fonts(tmp_path / "impostor", tmp_path)
    assert odd.returncode == 0, odd.stderr.decode(errors="replace")
    assert bare.stdout[:5] == b"%PDF-"
    assert bare.stdout == here, "no system fonts: other bytes"
    assert odd.stdout == here, "an impostor font among the system fonts: other bytes"


# ---------------------------------------------------------------- the report chart

def _analysis(*labels: str) -> Part:
    """The quiz part of an analysis whose sections carry these labels (what the chart draws)."""
    sections = [Rate(key=f"s{i}", label=label, right=i % 5, total=4) for i, label in enumerate(labels)]
    return Part(kind=QUIZ, title="小テスト", people=4, answers=4 * len(sections), questions=[], clauses=[],
                sections=sections, suspicious=[])


@pytest.fixture
def stale_font_cache(monkeypatch):
    """matplotlib's font cache as a machine may have it: made before any Japanese font was installed."""
    from matplotlib import font_manager

    latin = [f for f in font_manager.fontManager.ttflist if "DejaVu" in f.name]
    assert latin, "matplotlib ships DejaVu"
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    font_manager.fontManager._findfont_cached.cache_clear()
    yield
    font_manager.fontManager._findfont_cached.cache_clear()


def test_the_chart_draws_japanese_with_the_shipped_file_whatever_the_font_cache(stale_font_cache):
    from toolkit.render.quiz_report import plot_png

    analysis = _analysis("1. 目的", "2. 定義", "6. 情報セキュリティ対策")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = plot_png(analysis)
    boxes = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert boxes == [], f"labels drawn as □: {boxes}"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chart_is_the_same_bytes_with_any_font_cache(request):
    from toolkit.render.quiz_report import plot_png

    analysis = _analysis("1. 目的", "2. 定義")
    with_cache = plot_png(analysis)
    request.getfixturevalue("stale_font_cache")
    assert plot_png(analysis) == with_cache


@pytest.mark.parametrize("char", ["🔒", "𠮷"], ids=["emoji", "tsuchiyoshi"])
def test_a_label_the_font_cannot_draw_is_an_error(char):
    from matplotlib.ft2font import FT2Font

    from toolkit.render.quiz_report import plot_png

    assert ord(char) not in FT2Font(str(fonts.GOTHIC)).get_charmap(), "the test needs a character the font lacks"
    with pytest.raises(BuildError) as e:
        plot_png(_analysis("1. 目的", f"2. 鍵{char}の管理"))
    message = str(e.value.problems[0])
    assert f"U+{ord(char):04X}" in message and "鍵" in message, message


LONG_LABELS = (
    "1. 目的",
    "6. 情報セキュリティ対策のうち外部委託事業者に対する情報資産の取扱いに関する遵守事項の確認及び監査",
    "第12章　クラウドサービスの利用における情報セキュリティ管理者及び情報システム管理者の責務",
    "基本方針 前文",
    "7. 評価・見直し（情報セキュリティ監査及び自己点検の結果に基づく情報セキュリティポリシーの見直し）",
    "附則（令和8年3月31日訓令第9号）",
    "対策基準 2.(3) 業務システムへのログイン時の多要素認証の必須化と生体認証装置の管理手順",
    "8. 情報セキュリティポリシーの例外措置",
)


@pytest.mark.parametrize("labels", [LONG_LABELS, LONG_LABELS[:2], LONG_LABELS * 3], ids=["eight", "two", "many"])
def test_the_charts_labels_fit_inside_the_figure(labels):
    """Every text of the chart (tick labels, title, axis label, the rates beside the bars) lies inside
    the figure as laid out, and no two section labels overlap: long Japanese labels included."""
    from matplotlib import pyplot as plt

    from toolkit.render.quiz_report import chart

    fig = chart(_analysis(*labels))
    try:
        renderer = fig.canvas.get_renderer()
        (ax,) = fig.axes
        texts = [*ax.get_yticklabels(), *ax.get_xticklabels(), ax.title, ax.xaxis.label, *ax.texts]
        shown = [t for t in texts if t.get_visible() and t.get_text()]
        assert len([t for t in ax.get_yticklabels() if t.get_text()]) == len(labels)
        figure = fig.bbox
        for t in shown:
            box = t.get_window_extent(renderer)
            assert figure.x0 <= box.x0 and box.x1 <= figure.x1 and figure.y0 <= box.y0 and box.y1 <= figure.y1, \
                f"{t.get_text()!r} at {box.bounds} is cut off by the figure {figure.bounds}"
        ticks = sorted((t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()),
                       key=lambda b: b.y0)
        for lower, upper in zip(ticks, ticks[1:], strict=False):
            assert lower.y1 <= upper.y0, f"section labels overlap: {lower.bounds} and {upper.bounds}"
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- the .docx editions and LibreOffice

def test_the_shipped_fontconfig_draws_the_windows_names_with_the_shipped_files():
    fc_match = require("fc-match", "asks fontconfig which file a family name draws with (fontconfig)")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts.FONTCONFIG)}
    want = {DEFAULT_FONTS.body_face: fonts.MINCHO, DEFAULT_FONTS.heading_face: fonts.GOTHIC}
    for face, file in want.items():
        for name in (face.name, face.alt_name):
            got = subprocess.run([fc_match, "-f", "%{file}", name], capture_output=True, text=True, env=env,
                                 check=True).stdout
            assert Path(got) == file, (name, got)
    listed = subprocess.run([shutil.which("fc-list") or "fc-list", "-f", "%{file}\n"], capture_output=True,
                            text=True, env=env, check=True).stdout.split()
    assert sorted(map(Path, listed)) == sorted([fonts.MINCHO, fonts.GOTHIC]), "no system font is visible"


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_libreoffice_prints_the_official_docx_with_the_shipped_fonts_only(policy, tmp_path):
    """LibreOffice → PDF: the Windows names resolve to the shipped IPAex files, embedded, no fallback font."""
    soffice = require("soffice", "prints the .docx as a reader's Word would (LibreOffice)")
    pdffonts = require("pdffonts", "lists the fonts embedded in the PDF (poppler-utils)")
    from toolkit.render.docx_official import write_official
    from toolkit.view.redact import redact

    view = redact(policy, "public")
    path = write_official(view, "basic-policy", view.document("basic-policy").current.id, tmp_path / "docx")
    run = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                         capture_output=True, text=True, timeout=300, env=office_env())
    printed = tmp_path / (path.stem + ".pdf")
    assert printed.is_file(), run.stdout + run.stderr
    listing = subprocess.run([pdffonts, str(printed)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert {row[0].split("+")[-1] for row in rows} == {fonts.MINCHO_FAMILY, fonts.GOTHIC_FAMILY}, listing
    assert all(row[-5] == "yes" for row in rows), f"every font embedded: {listing}"


def test_the_docx_font_table_declares_the_windows_fonts_for_words_matching(policy, tmp_path):
    """ＭＳ 明朝 / ＭＳ ゴシック with what Word matches a font by: English name, panose, JIS charset, pitch, signature."""
    import zipfile

    from lxml import etree

    from toolkit.render.docx_official import write_official
    from toolkit.view.redact import redact

    view = redact(policy, "public")
    path = write_official(view, "basic-policy", view.document("basic-policy").current.id, tmp_path)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    table = etree.fromstring(zipfile.ZipFile(path).read("word/fontTable.xml"))
    declared = {f.get(w + "name"): {child.tag.removeprefix(w): child for child in f} for f in table.iter(w + "font")}
    for face in (DEFAULT_FONTS.body_face, DEFAULT_FONTS.heading_face):
        font = declared[face.name]
        assert font["altName"].get(w + "val") == face.alt_name
        assert font["panose1"].get(w + "val") == face.panose and len(face.panose) == 20
        assert font["charset"].get(w + "val") == "80", "SHIFTJIS_CHARSET"
        assert font["pitch"].get(w + "val") == "fixed"
        assert font["sig"].get(w + "csb0") == "0002009F", "code page 932 (Japanese) among those covered"
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert "IPAex" not in styles, "the .docx names the fonts a city PC has, not the ones this machine has"
