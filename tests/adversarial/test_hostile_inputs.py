"""Issue 17 §4: files given to ``policy import`` that are not what they seem — broken or bomb Word
files, PDFs built to exhaust the parser, devices, pipes, links and folders — are refused with a
message naming the file, exit status 2 and no traceback, inside the suite's limits (1 GiB, 30 s CPU).

Each hostile file is made here, small on disk (a bomb is its compressed form)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hostile import assert_refused_file, make_project, patch_zip_member, policy


def _import(project: Path, file: str | Path, **limits):
    return policy(project, "import", str(file), "--doc", "imported", "--rev", "r1", "--date", "2024-04-01",
                  "--kind", "策定", "-o", "-", **limits)


# --- Word -------------------------------------------------------------------------------------

def _base_docx() -> dict[str, bytes]:
    """The members of a small Word file python-docx writes (one paragraph)."""
    import docx

    d = docx.Document()
    d.add_paragraph("第1条　この規程は、情報資産の取扱いを定める。")
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write_docx(path: Path, replace: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    members = {**_base_docx(), **replace}
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


_DOC_OPEN = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">')


def test_a_docx_with_malformed_xml_is_refused(tmp_path):
    project = make_project(tmp_path)
    f = _write_docx(tmp_path / "broken.docx", {"word/document.xml": _DOC_OPEN + b"<w:body><w:p><w:r><w:t>x</w:p>"})
    run = _import(project, f)
    assert_refused_file(run, "broken.docx", "word/document.xml")


def test_a_truncated_docx_is_refused(tmp_path):
    project = make_project(tmp_path)
    whole = _write_docx(tmp_path / "whole.docx", {}).read_bytes()
    f = tmp_path / "cut.docx"
    f.write_bytes(whole[: len(whole) // 2])
    assert_refused_file(_import(project, f), "cut.docx")


def test_a_docx_whose_document_part_is_cut_short_is_refused(tmp_path):
    """A member cut mid-element (a download that stopped, re-zipped): the zip is whole, the XML is not."""
    project = make_project(tmp_path)
    xml = _base_docx()["word/document.xml"]
    f = _write_docx(tmp_path / "short.docx", {"word/document.xml": xml[: len(xml) // 2]})
    assert_refused_file(_import(project, f), "short.docx", "word/document.xml")


def test_a_billion_laughs_docx_is_refused(tmp_path):
    project = make_project(tmp_path)
    entities = b'<!ENTITY l0 "ha">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
    xml = (b'<?xml version="1.0"?>\n<!DOCTYPE w:document [' + entities + b"]>\n"
           + _DOC_OPEN.split(b"\n", 1)[1] + b"<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>")
    f = _write_docx(tmp_path / "laughs.docx", {"word/document.xml": xml})
    run = _import(project, f)
    assert_refused_file(run, "laughs.docx", "word/document.xml")
    assert "DOCTYPE" in run.stderr


def _spaces_deflated(total: int, start: bytes = b"", zlib_header: bool = False) -> bytes:
    """``start`` and then ``total`` bytes of spaces, deflated.  Each 1 MiB block ends with a full
    flush, so every block is the same ~1 KB of output: a gigabyte costs nothing to make.  The
    checksum at the end is not the content's (readers are to stop before they get there)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 15 if zlib_header else -15)
    head = c.compress(start) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(b" " * (1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return head + block * (total >> 20) + c.flush()


def _zip_with_lying_size(path: Path, name: str, inflated: int, declared: int) -> Path:
    """A Word file whose ``name`` inflates to ``inflated`` bytes of spaces but whose headers say
    ``declared`` (the classic bomb hides its size; the stream is ~1/1000 of it on disk)."""
    members = _base_docx()
    members.pop(name, None)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    stream = _spaces_deflated(inflated, _DOC_OPEN)
    crc = zlib.crc32(_DOC_OPEN)  # wrong on purpose: nothing honest has this member
    # append the member by hand: local header + data, then rewrite the central directory with it
    body = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        infos = z.infolist()
        cd_start = z.start_dir  # type: ignore[attr-defined]
    head = body[:cd_start]
    offset = len(head)
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), declared,
                        len(name), 0) + name.encode()
    head += local + stream
    central = b""
    for i in infos:
        raw = i.filename.encode()
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, i.CRC, i.compress_size,
                               i.file_size, len(raw), 0, 0, 0, 0, 0, i.header_offset) + raw
    central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(stream), declared,
                           len(name), 0, 0, 0, 0, 0, offset) + name.encode()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(infos) + 1, len(infos) + 1, len(central), len(head), 0)
    path.write_bytes(head + central + end)
    return path


def test_a_zip_bomb_docx_that_says_its_size_is_refused(tmp_path):
    project = make_project(tmp_path)
    f = _zip_with_lying_size(tmp_path / "bomb.docx", "word/document.xml", 1 << 30, 1 << 30)
    assert f.stat().st_size < 2 << 20
    run = _import(project, f)
    assert_refused_file(run, "bomb.docx")
    assert "unpack" in run.stderr


def test_a_zip_bomb_docx_that_hides_its_size_is_refused(tmp_path):
    project = make_project(tmp_path)
    f = _zip_with_lying_size(tmp_path / "bomb.docx", "word/document.xml", 1 << 30, 3000)
    run = _import(project, f)
    assert_refused_file(run, "bomb.docx", "word/document.xml")


@pytest.mark.parametrize("flag, method, says", [(0x1, zipfile.ZIP_DEFLATED, "encrypted"),
                                                (0, 99, "compression method")])
def test_an_encrypted_or_oddly_compressed_docx_is_refused(tmp_path, flag, method, says):
    project = make_project(tmp_path)
    f = _write_docx(tmp_path / "odd.docx", {})
    patch_zip_member(f, "word/document.xml", flag=flag, method=method)
    run = _import(project, f)
    assert_refused_file(run, "odd.docx", "word/document.xml")
    assert says in run.stderr


def test_a_docx_whose_directory_lists_too_many_files_is_refused(tmp_path):
    """The entry count is read from the end record before zipfile makes one object per entry."""
    from toolkit.archives import MAX_MEMBERS

    project = make_project(tmp_path)
    f = _write_docx(tmp_path / "crowded.docx", {})
    data = f.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<2L", data, end + 12)
    entries = 10 * MAX_MEMBERS  # a zip64 count: the classic record holds at most 65,535
    zip64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, cd_size, cd_offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    record = bytearray(data[end:])
    struct.pack_into("<2H", record, 8, 0xFFFF, 0xFFFF)  # "see the zip64 record"
    f.write_bytes(data[:end] + zip64 + locator + bytes(record))
    run = _import(project, f)
    assert_refused_file(run, "crowded.docx")
    assert f"more than {MAX_MEMBERS:,}" in run.stderr


def test_a_docx_with_a_bad_crc_is_refused(tmp_path):
    project = make_project(tmp_path)
    f = _write_docx(tmp_path / "crc.docx", {}, method=zipfile.ZIP_STORED)
    data = bytearray(f.read_bytes())
    at = data.index("この規程".encode())
    data[at] ^= 0x01  # one flipped bit in the stored document part
    f.write_bytes(bytes(data))
    run = _import(project, f)
    assert_refused_file(run, "crc.docx", "word/document.xml")


def test_a_docx_of_millions_of_elements_is_refused_early(tmp_path):
    from toolkit.source.importer.inputs import MAX_XML_ELEMENTS

    project = make_project(tmp_path)
    xml = _DOC_OPEN + b"<w:body>" + b"<w:p/>" * (MAX_XML_ELEMENTS + 1) + b"</w:body></w:document>"
    f = _write_docx(tmp_path / "many.docx", {"word/document.xml": xml})
    run = _import(project, f)
    assert_refused_file(run, "many.docx", "word/document.xml")
    assert f"more than {MAX_XML_ELEMENTS:,} XML elements" in run.stderr


@pytest.mark.parametrize("document", [
    _DOC_OPEN + b'<w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                b"<w:r><w:t>a</w:t></w:r></w:p></w:body></w:document>",
    _DOC_OPEN + b"</w:document>",
    b'<?xml version="1.0"?><x/>',
], ids=["level-not-a-number", "no-body", "not-a-word-document"])
def test_a_docx_that_is_well_formed_but_not_what_word_writes_is_refused(tmp_path, document):
    project = make_project(tmp_path)
    f = _write_docx(tmp_path / "odd.docx", {"word/document.xml": document})
    run = _import(project, f)
    assert_refused_file(run, "odd.docx")
    assert "cannot be followed" in run.stderr


# --- PDF --------------------------------------------------------------------------------------

def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with these objects (numbered from 1) and a correct cross-reference table."""
    out = b"%PDF-1.7\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return out


def _stream(data: bytes, flate: bool = True) -> bytes:
    if flate:
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page_pdf(content: bytes, flate: bool = True) -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 _stream(content, flate), _FONT])


def test_a_pdf_compression_bomb_is_refused(tmp_path):
    project = make_project(tmp_path)
    f = tmp_path / "bomb.pdf"
    f.write_bytes(_one_page_pdf(_spaces_deflated(2 << 30, b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n", zlib_header=True)))
    assert f.stat().st_size < 4 << 20
    run = _import(project, f)
    assert_refused_file(run, "bomb.pdf")


def test_a_deeply_nested_pdf_is_refused(tmp_path):
    project = make_project(tmp_path)
    f = tmp_path / "deep.pdf"
    f.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 720 Td " + b"[" * 100_000 + b"]" * 100_000 + b" TJ ET", flate=False))
    assert_refused_file(_import(project, f), "deep.pdf")


def test_a_pdf_of_two_million_operators_is_refused(tmp_path):
    project = make_project(tmp_path)
    f = tmp_path / "ops.pdf"
    ops = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" + b"0 0 m\n" * 2_000_000
    f.write_bytes(_one_page_pdf(zlib.compress(ops, 9)))
    assert f.stat().st_size < 1 << 20
    run = _import(project, f)
    assert_refused_file(run, "ops.pdf")


def test_a_pdf_page_tree_with_a_parent_cycle_is_refused(tmp_path):
    """The page has no /Resources of its own: looking for inherited ones walks /Parent 2 → 4 → 2 …"""
    project = make_project(tmp_path)
    f = tmp_path / "cycle.pdf"
    f.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 4 0 R >>",
                        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
                        b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
                        _stream(b"BT /F1 12 Tf 72 720 Td (x) Tj ET", flate=False)]))
    assert_refused_file(_import(project, f), "cycle.pdf")


def test_a_small_honest_pdf_still_imports(tmp_path):
    """The hostile-PDF tests above are about their hostility: the same page, honest, imports."""
    project = make_project(tmp_path)
    f = tmp_path / "honest.pdf"
    f.write_bytes(_one_page_pdf(zlib.compress(b"BT /F1 12 Tf 72 720 Td (1. Purpose) Tj 0 -40 Td "
                                              b"(This policy applies.) Tj ET")))
    run = _import(project, f)
    assert run.returncode == 0, run
    assert "This policy applies." in run.stdout


# --- what is not a file -----------------------------------------------------------------------

def test_dev_zero_is_refused_not_read(tmp_path):
    project = make_project(tmp_path)
    run = _import(project, "/dev/zero")
    assert_refused_file(run, "/dev/zero")
    assert "not a regular file" in run.stderr


def test_a_pipe_is_refused_not_waited_on(tmp_path):
    project = make_project(tmp_path)
    fifo = tmp_path / "policy.md"
    os.mkfifo(fifo)
    run = _import(project, fifo, wall=20)
    assert_refused_file(run, "policy.md")
    assert "not a regular file" in run.stderr


def test_a_link_given_as_the_file_is_refused(tmp_path):
    project = make_project(tmp_path)
    (tmp_path / "real.md").write_text("第1条　この規程は、情報資産の取扱いを定める。\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "real.md")
    run = _import(project, link)
    assert_refused_file(run, "link.md")
    assert "symbolic link" in run.stderr


def test_a_folder_given_as_the_file_is_refused(tmp_path):
    project = make_project(tmp_path)
    run = _import(project, tmp_path)
    assert_refused_file(run, tmp_path.name)
    assert "is a folder" in run.stderr


def test_endless_standard_input_is_cut_at_the_limit(tmp_path):
    """``policy import -`` reads standard input up to the size limit, not until memory runs out."""
    project = make_project(tmp_path)
    with open("/dev/zero", "rb") as zero:
        run = _import(project, "-", stdin=zero)
    assert_refused_file(run, "<stdin>")
    assert "more than the limit" in run.stderr
