"""scan_files remembers each file's result in this process (toolkit.leakcheck.scan._SCANNED), and gives it
again only for the same path, bytes, fingerprints, limits, readers and PDF reader."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest

from toolkit.leakcheck import Fingerprints
from toolkit.leakcheck.normal import normalise

scan = importlib.import_module("toolkit.leakcheck.scan")
SECRET = "関係者限りの秘密の手順書の文言"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files actually read (not given from memory) since the test began."""
    read: list[str] = []
    real = scan.file_texts

    def counting(rel: str, data: bytes):
        read.append(rel)
        return real(rel, data)

    monkeypatch.setattr(scan, "_SCANNED", type(scan._SCANNED)())
    monkeypatch.setattr(scan, "file_texts", counting)
    return read


def _fps(*texts: str) -> Fingerprints:
    return Fingerprints(canaries={normalise(t): t for t in texts})


def _scan(folder: Path, fps: Fingerprints) -> list[str]:
    return sorted(str(h) for h in scan.scan_folder(folder, fps).hits)


def test_the_same_file_against_the_same_fingerprints_is_not_read_again(tmp_path, reads):
    (tmp_path / "a.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>公開の文言</p>", encoding="utf-8")
    fps = _fps(SECRET)
    first = _scan(tmp_path, fps)
    assert first and reads == ["a.html", "b.html"]
    assert _scan(tmp_path, fps) == first and reads == ["a.html", "b.html"]


def test_changed_bytes_other_fingerprints_or_limits_are_read_again(tmp_path, reads, monkeypatch):
    page = tmp_path / "a.html"
    page.write_text("<p>公開の文言</p>", encoding="utf-8")
    fps = _fps(SECRET)
    assert _scan(tmp_path, fps) == []
    page.write_text(f"<p>{SECRET}</p>", encoding="utf-8")  # the same path, other bytes
    assert _scan(tmp_path, fps) and reads == ["a.html", "a.html"]
    other = _fps("別の非公開の文言がここにある")
    assert _scan(tmp_path, other) == [] and len(reads) == 3  # the same bytes, other fingerprints
    smaller = dataclasses.replace(scan.LIMITS, member_bytes=4)
    monkeypatch.setattr(scan, "LIMITS", smaller)  # the same bytes and fingerprints, other limits
    hits = _scan(tmp_path, other)
    assert len(reads) == 3 and hits and "over the limit" in hits[0]  # refused before reading, not served
    monkeypatch.setattr(scan, "LIMITS", scan.LIMITS)


def test_forget_reads_everything_again(tmp_path, reads):
    from toolkit import leakcheck

    (tmp_path / "a.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    fps = _fps(SECRET)
    first = _scan(tmp_path, fps)
    leakcheck.forget()
    assert _scan(tmp_path, fps) == first and reads == ["a.html", "a.html"]
