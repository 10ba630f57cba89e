"""Hand-written training inputs (``training/*.yaml``), loaded and checked like the policy source.

The folder holds text the toolkit team wrote for training — never the city's
wording — and each file says so with ``provenance: toolkit``:

``decks.yaml``
    titles, the quiz defaults (seed, count) and, per document, the roles some
    clauses play: *enumerations* (a list inside one sentence, e.g. the bodies in
    scope), *subject items* (list items that start with their subject, e.g. the
    three layers of 強靱性の向上) and *key sentences* (cloze cards and blanks).
``questions.yaml``
    hand-written questions, each naming the clause and revision it tests.
``distractors.yaml``
    pools of wrong answers of the same kind, e.g. bodies *not* in scope.
``blueprints.yaml``
    per audience, how a quiz is assembled: how many questions, which sections
    each need at least one, the most a topic (e.g. definitions) may take.
``scenarios.yaml``
    事例問題 for staff: a situation at work, the right action and three wrong
    ones, traced to every clause the answer applies.

Errors carry file:line:column (exit 2 from the CLI).  :func:`check_against`
then checks the inputs against the loaded policy: clause ids exist, a "not in
scope" item really is absent from the policy, hand-written questions are fit
to ask.

One module per concern: :mod:`.model` the settings as data, :mod:`.load`
reading the files, :mod:`.check` the check against the policy; this package
is what the rest of the toolkit imports.
"""


from __future__ import annotations

from toolkit.training.settings.check import check_against
from toolkit.training.settings.load import load_training
from toolkit.training.settings.model import (
    BLANK_IN_YAML,
    DEFAULT_DIR,
    FILES,
    PROVENANCE,
    WRITTEN_KINDS,
    Blueprint,
    Category,
    Cover,
    Enumeration,
    KeySentence,
    Pool,
    ScenarioItem,
    SubjectItems,
    TrainingAudience,
    TrainingSettings,
    WrittenQuestion,
)

__all__ = ["BLANK_IN_YAML", "DEFAULT_DIR", "FILES", "PROVENANCE", "WRITTEN_KINDS", "Blueprint", "Category", "Cover",
           "Enumeration", "KeySentence", "Pool", "ScenarioItem", "SubjectItems", "TrainingAudience",
           "TrainingSettings", "WrittenQuestion", "check_against", "load_training"]
