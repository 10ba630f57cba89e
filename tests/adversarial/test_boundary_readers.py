"""The leak check's readers: every kind of file, within limits; past a limit "cannot verify", never "ok".

The bombs run in a child process under 1 GiB of address space and 30 s of CPU
(``resource.setrlimit``), so a reader that inflates them fails the test, not the machine.
"""

from __future__ import annotations

import gzip
import os
import resource
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, SRC

from toolkit.leakcheck import Fingerprints, normalise, scan_folder
from toolkit.leakcheck.readers import READERS, file_texts

MiB = 1 << 20
CANARY = "CANARYREADER7Q4"


# ---------------------------------------------------------------- archives made by hand (no gigabyte is ever written)


def zeros_deflate(mib: int) -> bytes:
    """Raw deflate of ``mib`` MiB of zero bytes, ~1 KB per MiB: one block repeated (each ends in a full flush)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * MiB
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    return first + block * (mib - 1) + c.flush(zlib.Z_FINISH)


def zeros_crc(mib: int) -> int:
    crc, chunk = 0, b"\0" * MiB
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return crc


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, crc32, declared size) members, written field by field."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        n = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(n), 0) + n + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(n), 0, 0, 0, 0, 0, offset) + n
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + eocd)


def deflated_zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = __import__("io").BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def bounded(code: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child limited to 1 GiB of memory and 30 s of CPU."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))

    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limits, env={**os.environ, "PYTHONPATH": str(ROOT / "tests")})


def check_cli(folder: Path) -> subprocess.CompletedProcess[str]:
    """``policy leakcheck DIR`` as a user runs it, under the limits."""
    return bounded(f"""
        import sys
        from toolkit.cli import main
        sys.exit(main(["--src", {str(SRC)!r}, "leakcheck", {str(folder)!r}]))
    """)


@pytest.fixture(scope="module")
def gib_docx(tmp_path_factory) -> Path:
    """A 1 MB .docx whose document.xml inflates to 1 GiB (its header says so)."""
    folder = tmp_path_factory.mktemp("bomb")
    data = raw_zip([("[Content_Types].xml", zlib.compress(b"<Types/>")[2:-4], zlib.crc32(b"<Types/>"), 8),
                    ("word/document.xml", zeros_deflate(1024), zeros_crc(1024), 1 << 30)])
    assert len(data) < 2 * MiB
    (folder / "bomb.docx").write_bytes(data)
    return folder


def test_a_gib_docx_cannot_be_verified_and_memory_stays_bounded(gib_docx):
    proc = check_cli(gib_docx)
    assert proc.returncode == 1, proc.stderr
    assert "cannot verify" in proc.stderr and "bomb.docx" in proc.stderr and "word/document.xml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_member_whose_header_lies_is_never_inflated_past_the_limit(tmp_path):
    """The header says 100 bytes; the data inflates to 1 GiB: read at most the limit + 1, then refuse."""
    (tmp_path / "liar.zip").write_bytes(raw_zip([("a.txt", zeros_deflate(1024), zeros_crc(1024), 100)]))
    proc = check_cli(tmp_path)
    assert proc.returncode == 1 and "cannot verify" in proc.stderr and "liar.zip" in proc.stderr, proc.stderr


def nested_bomb(levels: int = 5, fan: int = 16) -> bytes:
    """42.zip's shape: each level holds ``fan`` copies of the level below; the bottom 16 MiB of zeros each."""
    data = raw_zip([("zeros.bin", zeros_deflate(16), zeros_crc(16), 16 * MiB)])
    for level in range(levels):
        data = deflated_zip([(f"{level}-{i}.zip", data) for i in range(fan)])
        assert len(data) < 256 * 1024, "the bomb is built small at every level"
    return data


def test_a_small_nested_zip_fails_fast(tmp_path):
    data = nested_bomb()
    assert len(data) < 64 * 1024  # 16⁵ × 16 MiB = 16 TiB unpacked
    (tmp_path / "nested.zip").write_bytes(data)
    proc = check_cli(tmp_path)
    assert proc.returncode == 1 and "cannot verify" in proc.stderr, proc.stderr


def test_archives_nested_too_deep(tmp_path):
    data = f"<p>{CANARY}</p>".encode()
    for i in range(20):
        data = deflated_zip([(f"level{i}.zip", data)])
    (tmp_path / "deep.zip").write_bytes(data)
    report = scan_folder(tmp_path, Fingerprints(canaries={normalise(CANARY): CANARY}))
    assert not report.ok
    assert any(h.unverified and "nested deeper" in h.origin for h in report.hits)


def test_a_gzip_bomb(tmp_path):
    data = gzip.compress(b"\0" * (80 * MiB), compresslevel=1)
    (tmp_path / "data.json.gz").write_bytes(data)
    report = scan_folder(tmp_path, Fingerprints())
    assert [h.origin for h in report.hits if h.unverified], report.hits


def test_a_damaged_archive_is_not_ok(tmp_path):
    good = deflated_zip([("word/document.xml", f"<w:t>{CANARY}</w:t>".encode() * 50)])
    (tmp_path / "damaged.docx").write_bytes(good[: len(good) // 2])
    report = scan_folder(tmp_path, Fingerprints(canaries={normalise(CANARY): CANARY}))
    assert not report.ok and all(h.unverified for h in report.hits)


def test_a_symlink_in_a_published_folder_is_not_ok(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.txt").write_text(CANARY)
    (tmp_path / "site" / "page.html").symlink_to(tmp_path / "secret.txt")
    report = scan_folder(tmp_path / "site", Fingerprints())
    assert not report.ok and report.hits[0].unverified


def test_readers_are_a_registry_by_content():
    names = {r.name for r in READERS}
    assert {"zip (.docx, .apkg, .zip)", "SQLite", "PDF", "gzip", "Sphinx objects.inv"} <= names
    # by content, not by name: a .txt that is a zip is opened as one
    inner = deflated_zip([("word/document.xml", f"<w:t>{CANARY}</w:t>".encode())])
    texts = [t for _label, t in file_texts("notes.txt", inner)]
    assert any(CANARY in t for t in texts)


def minimal_pdf(text: str, compress: bool, flate: bytes | None = None) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica (written by hand: no PDF writer needed); ``flate``: the page's
    content stream as given (zlib data)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    extra = b""
    if compress:
        stream, extra = zlib.compress(stream), b" /Filter /FlateDecode"
    if flate is not None:
        stream, extra = flate, b" /Filter /FlateDecode"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d%s >>\nstream\n" % (len(stream), extra) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("poppler", [True, False], ids=["pdftotext", "pypdf"])
@pytest.mark.parametrize("compress", [False, True])
def test_pdf_text_is_read(tmp_path, compress, poppler, monkeypatch):
    import shutil

    if not poppler:  # the reader without poppler installed: pypdf extracts the text
        which = shutil.which
        monkeypatch.setattr(shutil, "which", lambda cmd, *a, **k: None if cmd == "pdftotext" else which(cmd, *a, **k))
    (tmp_path / "edition.pdf").write_bytes(minimal_pdf(f"Published {CANARY} text", compress))
    report = scan_folder(tmp_path, Fingerprints(canaries={normalise(CANARY): CANARY}))
    assert [h for h in report.hits if not h.unverified and "edition.pdf" in h.file], report.hits


def test_an_unreadable_pdf_is_not_ok(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    report = scan_folder(tmp_path, Fingerprints())
    assert not report.ok and report.hits[0].unverified


@pytest.mark.libreoffice
def test_a_japanese_pdf_from_libreoffice_is_read(policy, tmp_path):
    """A real PDF (Word → LibreOffice → PDF, CID fonts): a hidden 対策基準 sentence in it is found on its page."""
    from conftest import require
    from docx import Document as new_docx

    from toolkit.leakcheck import fingerprints
    from toolkit.view import hidden_nodes

    soffice = require("soffice", "converts a .docx to PDF")
    secret = next(n.text[0] for d, _r, n in hidden_nodes(policy, "public")
                  if n is not None and n.text and len(n.text[0]) > 40 and d.id == "standards")
    doc = new_docx()
    doc.add_paragraph("公開してよい前書き。")
    doc.add_paragraph(secret)
    doc.save(str(tmp_path / "edition.docx"))
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
                    str(tmp_path / "edition.docx")], check=True, capture_output=True, timeout=180)
    report = scan_folder(tmp_path / "out", fingerprints(policy, "public"))
    assert [h for h in report.hits if h.file.startswith("edition.pdf!page 1") and not h.unverified], report.hits


def test_a_file_over_the_limit_is_not_read(tmp_path):
    """A (sparse) file larger than a member may be is refused by its size, before any byte is read."""
    with open(tmp_path / "huge.js", "wb") as fh:
        fh.truncate(65 * MiB)
    report = scan_folder(tmp_path, Fingerprints())
    assert [h.file for h in report.hits if h.unverified] == ["huge.js"]
    assert report.characters == 0


def test_a_pdf_bomb_fails_fast(tmp_path):
    """A 1 MB PDF whose page content inflates to 1 GiB: cannot verify, within 1 GiB of memory."""
    adler = 1
    for _ in range(1024):
        adler = zlib.adler32(b"\0" * MiB, adler)
    flate = b"\x78\x9c" + zeros_deflate(1024) + struct.pack(">I", adler)
    (tmp_path / "bomb.pdf").write_bytes(minimal_pdf("x", False, flate))
    proc = check_cli(tmp_path)
    assert proc.returncode == 1 and "cannot verify" in proc.stderr and "bomb.pdf" in proc.stderr, proc.stderr
