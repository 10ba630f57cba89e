"""The site's downloads (the official editions and other files): which document revision each is
an edition of, and their links as municipal sites label them 「情報セキュリティ基本方針（PDF形式：123KB）」."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from toolkit.model import Document, Revision
from toolkit.model.wareki import wareki
from toolkit.render.site import rst

# File formats as municipal sites name them in a link: 「情報セキュリティ基本方針（PDF形式：123KB）」.
DOWNLOAD_KINDS = {".pdf": "PDF形式", ".docx": "Word形式", ".zip": "ZIP形式", ".apkg": "Ankiデッキ形式",
                  ".xml": "XML形式", ".txt": "テキスト形式", ".json": "JSON形式", ".gift": "GIFT形式"}
# Order of a document's downloads: the PDF edition first, as municipal sites list them.
_DOWNLOAD_ORDER = {".pdf": 0, ".docx": 1}


def size_text(size: int) -> str:
    """A file size as municipal sites print it: 123KB, 1.2MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}KB"
    return f"{size / 1048576:.1f}MB"


def download_label(p: Path, edition: tuple[Document, Revision] | None) -> str:
    """The link text of a download: what it is, its format and size."""
    kind = DOWNLOAD_KINDS.get(p.suffix.lower(), (p.suffix.lstrip(".").upper() or "ファイル") + "形式")
    if edition is None:
        name = p.name
    else:
        doc, rev = edition
        name = doc.title if rev.id == doc.current.id else f"{doc.title}（{wareki(rev.date)}{rev.kind}）"
    return f"{name}（{kind}：{size_text(p.stat().st_size)}）"



class Downloads:
    """The files a site offers, each placed with the document revision it is an edition of."""

    def __init__(self, docs: Sequence[Document], paths: Sequence[Path]) -> None:
        self.docs = docs
        self.paths = tuple(paths)

    def edition_of(self, p: Path) -> tuple[Document, Revision] | None:
        """The document revision a download is an edition of (``basic-policy-r8.pdf``), if any."""
        for doc in self.docs:
            for rev in doc.revisions:
                if p.stem == f"{doc.id}-{rev.id}":
                    return doc, rev
        return None

    def owned(self, doc: Document) -> list[Path]:
        """Downloads of one document (its revisions' editions), newest revision first, PDF before Word."""
        order = {r.id: i for i, r in enumerate(reversed(doc.revisions))}
        mine = [(e[1], p) for p in self.paths if (e := self.edition_of(p)) and e[0].id == doc.id]
        mine.sort(key=lambda rp: (order[rp[0].id], _DOWNLOAD_ORDER.get(rp[1].suffix.lower(), 9), rp[1].name))
        return [p for _r, p in mine]

    def unowned(self) -> list[Path]:
        return [p for p in self.paths if self.edition_of(p) is None]

    def link(self, p: Path, depth: int) -> str:
        """「情報セキュリティ基本方針（PDF形式：123KB）」; a past revision's edition names its date."""
        url = "../" * depth + "downloads/" + quote(p.name)
        return rst.link(download_label(p, self.edition_of(p)), url)

    def listing(self, paths: list[Path], depth: int) -> str:
        if not paths:
            return ""
        body = "\n".join(f"* {self.link(p, depth)}" for p in paths) + "\n"
        return rst.directive("container", "downloads", body=".. rubric:: ダウンロード\n\n" + body) + "\n"
