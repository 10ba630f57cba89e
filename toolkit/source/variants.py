"""The spelling variants search reads as one word (表記ゆれ): ``search-variants.yaml``.

An optional file in the main source root::

    variants:
      - [漏えい, 漏洩]            # the first form is the one the policy uses
      - [ソーシャルメディア, SNS]

Each group is two or more forms; a form is letters and digits only (search
compares phrases without punctuation or spaces) and belongs to one group.
Forms are compared as search compares them (NFKC, lower case).  The file is
search configuration, not policy text: it never reaches a page.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from toolkit.errors import Location, Problems, SourceError
from toolkit.source.schema import Fields, check_type
from toolkit.source.yamlnodes import compose_file, display_path

VARIANTS_FILE = "search-variants.yaml"


def _fold(form: str) -> str:
    return unicodedata.normalize("NFKC", form).lower()


def load_variants(root: Path, problems: Problems) -> tuple[tuple[str, ...], ...]:
    """The variant groups of ``root/search-variants.yaml`` (none when the file is absent).

    Problems are added to ``problems`` with file:line:column.
    """
    path = Path(root) / VARIANTS_FILE
    if not path.is_file():
        return ()
    try:
        val = compose_file(path)
    except SourceError as e:
        problems.items.extend(e.problems)
        return ()
    if val is None:
        problems.add(Location(display_path(path), 1, 1), "file is empty", "a 'variants:' list of groups")
        return ()
    f = Fields(val, problems, VARIANTS_FILE)
    groups_val = f.located("variants")
    if groups_val is None and f.ok:
        problems.add(f.loc, f"{VARIANTS_FILE} is missing required key 'variants'")
    f.done()
    if groups_val is None or check_type(groups_val, list, problems, f"{VARIANTS_FILE}: 'variants'") is None:
        return ()
    seen: dict[str, Location] = {}
    groups = []
    for group in groups_val.value:
        if check_type(group, list, problems, "a variant group") is None:
            continue
        if len(group.value) < 2:
            problems.add(group.loc, f"a variant group needs two or more forms, got {len(group.value)}",
                         "a list such as [漏えい, 漏洩]")
            continue
        forms = []
        for item in group.value:
            if check_type(item, str, problems, "a variant form") is None:
                continue
            form = item.value.strip()
            folded = _fold(form)
            if not folded or not all(c.isalnum() for c in folded):
                problems.add(item.loc, f"variant form {form[:40]!r} has characters other than letters and digits",
                             "one word, no spaces or punctuation (search compares phrases without them)")
                continue
            if folded in seen:
                problems.add(item.loc, f"variant form {form!r} is listed twice (also at {seen[folded]})",
                             "each form in one group only")
                continue
            seen[folded] = item.loc
            forms.append(form)
        if len(forms) >= 2:
            groups.append(tuple(forms))
    return tuple(groups)
