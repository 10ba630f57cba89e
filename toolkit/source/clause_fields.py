"""The source fields of a clause (章・項・号 in a revision file): one table, read by the loader's fast and
checked paths (:mod:`toolkit.source.revision_file`), the dumper (:mod:`toolkit.source.dump`) and the checks
(:mod:`toolkit.source.validate`).

Adding a field to a clause is a row here and the attribute on :class:`toolkit.model.Node` (the model
knows nothing of YAML; this table is where its attributes meet the source's keys); a field that must
travel through the editable export also goes into its record (:mod:`toolkit.textforms.records`).
A ``prose`` field is text a reader could see: the leak check takes any text field of the model as evidence
by itself (:func:`toolkit.view.visibility._prose`), so a new one needs no listing there.

The order of the rows is the order the dumper writes the keys in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How a field is read and written:
#   id        the clause's stable id, required (``- id: …`` opens the clause)
#   prose     optional text a reader could see (title, note, 改正理由 …)
#   key       optional id of an entry of another table (a classification, a disclosure ground)
#   style     optional numbering style; written as a JSON string ("(1)", "ア")
#   bool      optional true / false (None when absent)
#   flag      true in the source, a count in the model (0 when absent)
#   list      a list of strings (or one string); () when absent
#   text      the paragraphs: a string or a list, each split at blank lines; () when absent
#   children  the clauses under this one
Kind = Literal["id", "prose", "key", "style", "bool", "flag", "list", "text", "children"]


@dataclass(frozen=True)
class SourceField:
    """One key of a clause in the source and the :class:`~toolkit.model.Node` attribute it fills."""

    key: str  # the YAML key
    attr: str  # the Node attribute
    kind: Kind


CLAUSE_FIELDS: tuple[SourceField, ...] = (
    SourceField("id", "id", "id"),
    SourceField("title", "title", "prose"),
    SourceField("term", "term", "prose"),  # a defined term (用語) as the heading
    SourceField("classification", "classification", "key"),
    SourceField("ground", "ground", "key"),
    SourceField("disclosable", "disclosable", "bool"),
    SourceField("note", "note", "prose"),  # provenance note
    SourceField("branch", "branch", "flag"),  # 枝番 (第16条の2): numbering.through() gives its number
    SourceField("numbering", "numbering", "style"),
    SourceField("reason", "reason", "prose"),  # 改正理由 (issue 10)
    SourceField("implements", "implements", "list"),  # "basic-policy:measure-x"
    SourceField("follows", "follows", "list"),  # "guideline:section-x": a reference document's clause (issue 24)
    SourceField("text", "text", "text"),
    SourceField("children", "children", "children"),  # last: the dumper writes the subtree after the fields
)

PROSE: tuple[str, ...] = tuple(f.attr for f in CLAUSE_FIELDS if f.kind == "prose")
