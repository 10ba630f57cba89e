"""The toolkit's structure (issue 19): arrows that must not come back, and no module over 450 lines.

Read from the source with :mod:`ast`, nothing imported: an import anywhere in a module counts,
also one made lazily inside a function.  Each rule is one row of :data:`ARROWS` or
:data:`OVERSIZE`; a rule not yet true on this branch is marked ``xfail(strict=True)`` with the
work that makes it true, so the day it becomes true the test says so and the mark is removed.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLKIT = ROOT / "toolkit"
MAX_LINES = 450


def module_name(path: Path, root: Path = ROOT) -> str:
    """``toolkit/render/site/pages.py`` → ``toolkit.render.site.pages`` (a package is its ``__init__``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def imported(path: Path, root: Path = ROOT) -> frozenset[str]:
    """Every module ``path`` imports, at the top or inside a function: ``from toolkit.render import anki``
    gives ``toolkit.render`` and ``toolkit.render.anki``; relative imports are resolved."""
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)


def modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted((root / "toolkit").rglob("*.py"))}


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@dataclass(frozen=True)
class Arrow:
    """Modules matching ``source`` (a glob over dotted names) must not import ``target`` or below it."""

    source: str
    target: str
    why: str

    def breaches(self, root: Path = ROOT) -> list[str]:
        return sorted(f"{name} imports {dep}" for name, path in modules(root).items()
                      if fnmatchcase(name, self.source) or name == self.source.removesuffix(".*")
                      for dep in imported(path, root) if under(dep, self.target))


def _pending(owner: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"not yet true on this branch: {owner}")


# (id, rule, None when it holds on this branch — else the work that makes it hold, then an xfail)
ARROWS: list[tuple[str, Arrow, str | None]] = [
    ("training-render", Arrow("toolkit.training.*", "toolkit.render",
                              "training content renders nothing: toolkit.publish.training writes it"), None),
    ("training-publish", Arrow("toolkit.training.*", "toolkit.publish", "training content publishes nothing"), None),
    ("review-render", Arrow("toolkit.review", "toolkit.render",
                            "review.py is pure: public_impact renders, in toolkit.publish.review"), None),
    ("review-publish", Arrow("toolkit.review", "toolkit.publish", "review.py is pure"), None),
    ("publish-command-review-command", Arrow("toolkit.commands.publish", "toolkit.commands.review",
                                             "commands do not import each other: what both use is in "
                                             "toolkit.publish"), None),
    ("render-importer", Arrow("toolkit.render.*", "toolkit.source.importer",
                              "the grammar renderers and the importer share has a neutral home"),
     None),
    ("search-leakcheck", Arrow("toolkit.render.site.search", "toolkit.leakcheck",
                               "the site's search does not depend on the leak checker"),
     None),
    ("pdf-docx_official", Arrow("toolkit.render.pdf", "toolkit.render.docx_official",
                                "the PDF edition takes its layout from a shared module, not the Word writer"),
     None),
]


def _arrow_params(pending_marks: bool) -> list:
    return [pytest.param(arrow, id=name, marks=[_pending(owner)] if owner and pending_marks else [])
            for name, arrow, owner in ARROWS]


# Modules still over MAX_LINES, each with the work that will split it (none left: issue 19).
OVERSIZE: dict[str, str] = {}


@pytest.mark.parametrize("arrow", _arrow_params(pending_marks=True))
def test_arrow_does_not_come_back(arrow: Arrow) -> None:
    assert arrow.breaches() == [], arrow.why


@pytest.mark.parametrize("arrow", _arrow_params(pending_marks=False))
def test_each_arrow_names_modules_that_exist(arrow: Arrow) -> None:
    """A rule whose source or target matches no module could never fail (update or remove it)."""
    names = modules()
    assert any(fnmatchcase(n, arrow.source) or n == arrow.source.removesuffix(".*") for n in names), arrow.source
    assert any(under(n, arrow.target) for n in names), arrow.target


def _length_params() -> list:
    params = []
    for path in sorted(TOOLKIT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        marks = [_pending(OVERSIZE[rel])] if rel in OVERSIZE else []
        params.append(pytest.param(path, id=rel, marks=marks))
    return params


@pytest.mark.parametrize("path", _length_params())
def test_no_module_over_450_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by concern"


def test_oversize_list_names_modules_that_exist() -> None:
    assert [rel for rel in OVERSIZE if not (ROOT / rel).is_file()] == []


def test_the_scanner_sees_every_form_of_import(tmp_path: Path) -> None:
    """The rules are only as good as the scan: top-level, lazy, ``from package import module``, relative."""
    pkg = tmp_path / "toolkit" / "training"
    pkg.mkdir(parents=True)
    (tmp_path / "toolkit" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "__init__.py").write_text("from . import cards\n", encoding="utf-8")
    (pkg / "cards.py").write_text("import toolkit.model\n", encoding="utf-8")
    (pkg / "build.py").write_text(
        "from toolkit.render import anki\n\n"
        "def later():\n    from ..publish import publish_checked\n    return publish_checked\n", encoding="utf-8")
    assert imported(pkg / "__init__.py", tmp_path) == {"toolkit.training", "toolkit.training.cards"}
    assert {"toolkit.render.anki", "toolkit.publish", "toolkit.publish.publish_checked"} <= imported(
        pkg / "build.py", tmp_path)
    rendered = Arrow("toolkit.training.*", "toolkit.render", "")
    published = Arrow("toolkit.training.*", "toolkit.publish", "")
    assert rendered.breaches(tmp_path) == ["toolkit.training.build imports toolkit.render",
                                           "toolkit.training.build imports toolkit.render.anki"]
    assert published.breaches(tmp_path) == ["toolkit.training.build imports toolkit.publish",
                                            "toolkit.training.build imports toolkit.publish.publish_checked"]
    assert Arrow("toolkit.training.*", "toolkit.model", "").breaches(tmp_path) == [
        "toolkit.training.cards imports toolkit.model"]


def test_every_folder_of_modules_is_a_package() -> None:
    """A folder of modules without ``__init__.py`` is a namespace package: no docstring says what it is."""
    folders = sorted({p.parent for p in TOOLKIT.rglob("*.py")})
    assert [f.relative_to(ROOT).as_posix() for f in folders if not (f / "__init__.py").is_file()] == []
