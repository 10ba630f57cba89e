"""The official edition's layout is one module that the Word and the PDF forms both import (issue 19)."""

from __future__ import annotations

import ast
from pathlib import Path

import toolkit.render.docx_official as docx_official
import toolkit.render.pdf as pdf
from toolkit.render.official_layout import CHAR, MARGINS_MM
from toolkit.view.redact import redact


def _imported_modules(module) -> set[str]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_neither_edition_imports_the_other():
    assert "toolkit.render.docx_official" not in _imported_modules(pdf)
    assert "toolkit.render.pdf" not in _imported_modules(docx_official)
    assert "toolkit.render.official_layout" in _imported_modules(pdf) & _imported_modules(docx_official)


def test_both_forms_take_the_page_from_the_layout(policy):
    view = redact(policy, "public")
    document = view.documents[0]
    rev = document.revisions[-1]
    section = docx_official.official_document(view, document.id, rev.id).sections[0]
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert tuple(round(m.mm) for m in margins) == MARGINS_MM  # stored in twips: 30 mm reads 30.004
    data = pdf.edition_data(view, document, rev)
    assert data["margins"] == list(MARGINS_MM) and data["char"] == CHAR


def test_the_downloads_are_remade_when_any_module_they_are_made_by_changes(policy, tmp_path, monkeypatch):
    """The official .docx and PDF are cached by a key over the code that makes them: after the split
    that code is a package (docx_common/*) and the layout module; a change to any must remake them."""
    import shutil

    import toolkit.render.docx_common as docx_common
    import toolkit.render.official_layout as official_layout
    from toolkit import publish as pub

    code = tmp_path / "code"
    shutil.copytree(Path(docx_common.__file__).parent, code / "docx_common")
    shutil.copy(official_layout.__file__, code / "official_layout.py")
    monkeypatch.setattr(docx_common, "__file__", str(code / "docx_common" / "__init__.py"))
    monkeypatch.setattr(official_layout, "__file__", str(code / "official_layout.py"))
    view = redact(policy, "public")
    folder = tmp_path / "downloads"
    key = folder.with_name(folder.name + ".key")
    pub.official_downloads(view, folder)
    for changed in (code / "docx_common" / "fonts.py", code / "docx_common" / "package.py",
                    code / "official_layout.py"):
        before = key.read_text(encoding="ascii")
        changed.write_text(changed.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        pub.official_downloads(view, folder)
        assert key.read_text(encoding="ascii") != before, f"{changed.name} changed, the downloads were kept"
