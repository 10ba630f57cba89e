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
