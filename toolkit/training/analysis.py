"""Training results analysed (研修結果の分析), from what :mod:`toolkit.training.results` read.

The analysis keeps the quiz's answers and the card reviews apart (a review
remembered is not a test answered): for each, the share right per item
(facility) with its number of answers and a 95% Wilson interval, per clause and
per section; for quiz items the discrimination as Moodle's item analysis gives
it (share right in the upper 27% of participants by total score minus the lower
27%).  Nothing is ranked (most missed, looks broken) on fewer than
:data:`MIN_RANKED` answers.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from toolkit.training.results import Results

QUIZ, CARDS = "quiz", "cards"
MIN_RANKED = 5  # fewer answers than this: shown, never ranked (0/1 is no evidence)
GROUP_SHARE = 0.27  # the upper and lower groups of the item analysis, as Moodle's
Z95 = 1.959964  # the 95% interval
LOW_RATE = 0.2  # an item fewer than this share get right looks broken (or teaches something nobody knows)
LOW_DISCRIMINATION = 0.1  # upper and lower thirds within this of each other: the item does not tell them apart
MIN_ATTEMPTS = 6  # fewer participants than this: no discrimination


def _section_order(label: str) -> tuple[str, int, str]:
    doc, _, rest = label.partition(" ")
    m = re.match(r"(\d+)", rest)
    return (doc, int(m.group(1)) if m else 0, rest)


def wilson(right: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a share (95% by default): honest at small n and near 0 or 1."""
    if not total:
        return 0.0, 1.0
    p = right / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    """A share right (facility) with its number of answers, its 95% interval and, for a quiz
    item, its discrimination (upper 27% against lower 27%, with the group sizes)."""

    key: str
    label: str
    right: int
    total: int
    discrimination: float | None = None
    groups: int = 0  # people in each of the upper and lower groups

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.right, self.total)

    @property
    def ranked(self) -> bool:
        """Enough answers to be ranked (most missed, looks broken): at least MIN_RANKED."""
        return self.total >= MIN_RANKED


@dataclass
class Part:
    """One kind of evidence, analysed on its own: the quiz's answers (Moodle) or the flashcard
    reviews (Anki) — a review remembered and a test answered are not the same measure."""

    kind: str  # QUIZ / CARDS
    title: str
    people: int  # quiz: participants; cards: collections read
    answers: int
    questions: list[Rate]  # in the order given (slot, card)
    clauses: list[Rate]  # most missed first, the unranked (too few answers) last
    sections: list[Rate]
    suspicious: list[tuple[Rate, str]]

    @property
    def overall(self) -> Rate:
        return Rate(self.kind, self.title, sum(q.right for q in self.questions), sum(q.total for q in self.questions))

    def most_missed(self, n: int) -> list[Rate]:
        """The ``n`` clauses most often missed among those with at least MIN_RANKED answers."""
        return [c for c in self.clauses if c.ranked][:n]


@dataclass
class Analysis:
    parts: list[Part]
    sources: list[str]  # the files read, by name (never a local path)

    def part(self, kind: str) -> Part | None:
        return next((p for p in self.parts if p.kind == kind), None)


def _groups(answers: list[tuple[str, str, bool]]) -> tuple[set[str], set[str]]:
    """The upper and lower 27% of participants by share right (Moodle's item analysis)."""
    by_person: dict[str, list[bool]] = defaultdict(list)
    for _k, who, ok in answers:
        by_person[who].append(ok)
    if len(by_person) < MIN_ATTEMPTS:
        return set(), set()
    ranked = sorted(by_person, key=lambda w: (sum(by_person[w]) / len(by_person[w]), w))
    size = max(1, round(GROUP_SHARE * len(ranked)))
    return set(ranked[-size:]), set(ranked[:size])


def _discrimination(answers: list[tuple[str, str, bool]]) -> dict[str, tuple[float, int]]:
    """Item → (p(upper right) − p(lower right), group size)."""
    upper, lower = _groups(answers)
    per: dict[str, dict[str, list[bool]]] = defaultdict(lambda: {"u": [], "l": []})
    for key, who, ok in answers:
        if who in upper:
            per[key]["u"].append(ok)
        elif who in lower:
            per[key]["l"].append(ok)
    return {key: (sum(d["u"]) / len(d["u"]) - sum(d["l"]) / len(d["l"]), len(upper))
            for key, d in per.items() if d["u"] and d["l"]}


def _part(kind: str, title: str, results: Results, answers: list[tuple[str, str, bool]]) -> Part:
    disc = _discrimination(answers) if kind == QUIZ else {}
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, _who, ok in answers:
        tally[key][0] += ok
        tally[key][1] += 1
    order = {k: i for i, k in enumerate(results.items)}
    questions = [Rate(k, results.items[k].label, r, t, *disc.get(k, (None, 0))) for k, (r, t) in tally.items()]
    questions.sort(key=lambda q: (order.get(q.key, len(order)), q.key))

    def group(attr: str, label_attr: str) -> list[Rate]:
        g: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        labels: dict[str, str] = {}
        for key, (r, t) in tally.items():
            item = results.items[key]
            k = getattr(item, attr) or "（不明）"
            g[k][0] += r
            g[k][1] += t
            labels.setdefault(k, getattr(item, label_attr) or k)
        return [Rate(k, labels[k], r, t) for k, (r, t) in g.items()]

    clauses = sorted(group("clause", "where"), key=lambda x: (not x.ranked, x.rate, x.key))
    sections = sorted(group("section", "section"), key=lambda x: _section_order(x.key))
    suspicious = []
    for q in questions:
        if not q.ranked:
            continue  # too few answers to call an item broken
        if q.rate < LOW_RATE:
            suspicious.append((q, f"正答率 {q.rate:.0%}（{q.right}/{q.total}）: ほとんど誰も正解していない（設問か教え方を確認）"))
        elif q.discrimination is not None and q.discrimination <= LOW_DISCRIMINATION:
            suspicious.append((q, f"識別力 {q.discrimination:+.2f}: 成績上位と下位で正答率が変わらない"))
    people = len({who for _k, who, _ok in answers})
    return Part(kind, title, people, len(answers), questions, clauses, sections, suspicious)


def analyse(results: Results) -> Analysis:
    """The quiz's answers and the card reviews, each analysed apart (never one mixed rate)."""
    quiz = [a for a in results.answers if a[0].startswith("moodle:")]
    cards = [a for a in results.answers if a[0].startswith("anki:")]
    parts = []
    if quiz:
        parts.append(_part(QUIZ, "確認テスト（Moodle）", results, quiz))
    if cards:
        parts.append(_part(CARDS, "単語帳の復習（Anki）", results, cards))
    return Analysis(parts, [Path(s).name for s in results.sources])
