"""What a citizen expects around the text: download links named as municipal sites name them,
the contact in every footer, the accessibility statement, a complete 改定履歴, and how to ask
for a non-public document (情報公開請求).  Pages are read as HTML (lxml), built from a view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lhtml

from toolkit.model import PolicySet
from toolkit.model.wareki import wareki
from toolkit.render.site import render_site
from toolkit.view.redact import redact


def build(view: PolicySet, root: Path, **kw) -> Path:
    out = root / "out"
    render_site(view, out, root / "work", **kw)
    return out


def page(site: Path, rel: str):
    return lhtml.fromstring((site / rel).read_bytes())


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


@pytest.fixture(scope="module")
def public_view(policy) -> PolicySet:
    return redact(policy, "public")


def test_download_links_name_the_document_format_and_size(public_view, tmp_path):
    doc = next(d for d in public_view.documents if not d.withheld and d.revisions)
    rev = doc.current
    pdf, docx, other = (tmp_path / f"{doc.id}-{rev.id}.pdf", tmp_path / f"{doc.id}-{rev.id}.docx",
                        tmp_path / "notes.txt")
    pdf.write_bytes(b"%PDF" + b"x" * (123 * 1024 - 4))
    docx.write_bytes(b"PK" + b"x" * (45 * 1024 + 300))
    other.write_bytes(b"x" * 10)
    site = build(public_view, tmp_path / "site", downloads=[docx, pdf, other])
    on_page = [text(a) for a in page(site, f"{doc.id}/index.html").xpath('//div[contains(@class,"downloads")]//a')]
    # PDF first, then Word, as municipal sites list them; the file name appears only for a file of no document
    assert on_page == [f"{doc.title}（PDF形式：123KB）", f"{doc.title}（Word形式：45KB）", "notes.txt（テキスト形式：1KB）"]
    card = [text(a) for a in page(site, "index.html").xpath('//div[contains(@class,"doc-card")]//a[contains(@href,"downloads/")]')]
    assert card == on_page[:2]
    hrefs = page(site, "index.html").xpath('//a[contains(@href,"downloads/")]/@href')
    assert f"downloads/{pdf.name}" in hrefs and f"downloads/{docx.name}" in hrefs


def test_a_past_revisions_edition_names_its_date(policy, tmp_path):
    staff = redact(policy, "staff")
    doc = next(d for d in staff.documents if not d.withheld and len(d.revisions) > 1)
    old = doc.revisions[0]
    f = tmp_path / f"{doc.id}-{old.id}.pdf"
    f.write_bytes(b"x" * 3 * 1024 * 1024)
    site = build(staff, tmp_path / "site", downloads=[f])
    links = [text(a) for a in page(site, f"{doc.id}/index.html").xpath('//a[contains(@href,"downloads/")]')]
    assert links == [f"{doc.title}（{wareki(old.date)}{old.kind}）（PDF形式：3.0MB）"]
