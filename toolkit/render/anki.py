"""Anki decks (.apkg) from flashcards, with genanki.

What makes a re-import *update* notes instead of duplicating them:

* the note GUID comes from the document, the clause id and the card kind
  (:func:`guid`), never from the wording;
* the note types and decks have fixed ids (the constants below);
* each note's modification time is the date of the revision from which it
  reads as it does (``Card.source.since_date``), so Anki's default "update
  if newer" rewrites exactly the notes whose clause changed.

Same cards → same bytes: genanki's SQLite collection is written with a fixed
timestamp and zipped with fixed entry dates (genanki's own writer stamps the
file's mtime into the zip).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import genanki

from toolkit.training.model import CLOZE_CLOSE, CLOZE_OPEN, Card

GUID_NAMESPACE = "chikuma-infosec-policy"  # part of every note GUID; never change it

# Fixed ids (genanki: "stable explicit ids").  Never change or reuse them.
MODEL_BASIC_ID = 1718190001  # 千曲市ポリシー（問答）
MODEL_DEFINITION_ID = 1718190002  # 千曲市ポリシー（用語）
MODEL_CLOZE_ID = 1718190003  # 千曲市ポリシー（穴埋め）
DECK_ROOT_ID = 1718190100
DECK_OVERVIEW_ID = 1718190101  # facts about the policy as a whole (非公開文書 …)
DECK_CHANGES_ID = 1718190102  # 改定点
_DOC_DECK_BASE = 1718200000  # + a stable number from the document id (see deck_id)

CSS = """\
.card {
  font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", "IPAexGothic", sans-serif;
  font-size: 20px; line-height: 1.8; color: #1a1a1a; background: #fdfdfb;
  text-align: left; max-width: 40em; margin: 0 auto; padding: 0.5em 1em;
  word-break: normal; line-break: strict; overflow-wrap: anywhere;
}
.nightMode .card, .card.nightMode { color: #eee; background: #2b2b2b; }
.label { font-size: 0.75em; color: #666; letter-spacing: 0.1em; }
.term { font-size: 1.4em; font-weight: bold; }
.q { font-weight: bold; }
.a, .meaning { margin-top: 0.5em; }
.src { margin-top: 1em; font-size: 0.75em; color: #666; border-top: 1px solid #ddd; padding-top: 0.3em; }
.note { margin-top: 0.5em; font-size: 0.75em; color: #8a4b00; }
.cloze { font-weight: bold; color: #0b57d0; }
.mark { margin-bottom: 0.5em; font-size: 0.75em; font-weight: bold; color: #b3261e; border: 1px solid #b3261e;
  display: inline-block; padding: 0 0.4em; }
.nightMode .cloze { color: #8ab4f8; }
"""

# the classification (庁内限り …) heads the FRONT of every card: seen before the card is answered
_MARK = """{{#区分}}<div class="mark">{{区分}}</div>{{/区分}}"""
_SOURCE = """<div class="src">{{出典}}</div>{{#補足}}<div class="note">{{補足}}</div>{{/補足}}"""  # the card footer

BASIC_MODEL = genanki.Model(
    MODEL_BASIC_ID,
    "千曲市ポリシー（問答）",
    fields=[{"name": n} for n in ("問題", "答え", "出典", "補足", "区分")],
    templates=[{
        "name": "問答",
        "qfmt": _MARK + '<div class="q">{{問題}}</div>',
        "afmt": '{{FrontSide}}<hr id="answer"><div class="a">{{答え}}</div>' + _SOURCE,
    }],
    css=CSS,
)

DEFINITION_MODEL = genanki.Model(
    MODEL_DEFINITION_ID,
    "千曲市ポリシー（用語）",
    fields=[{"name": n} for n in ("用語", "意味", "出典", "補足", "区分")],
    # one card, meaning → term: the term is one thing to recall, a whole meaning is not
    templates=[
        {
            "name": "意味→用語",
            "qfmt": _MARK + '<div class="label">この意味の用語は？</div><div class="meaning">{{意味}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="term">{{用語}}</div>' + _SOURCE,
        },
    ],
    css=CSS,
)

CLOZE_MODEL = genanki.Model(
    MODEL_CLOZE_ID,
    "千曲市ポリシー（穴埋め）",
    fields=[{"name": n} for n in ("本文", "出典", "補足", "区分")],
    templates=[{
        "name": "穴埋め",
        "qfmt": _MARK + "{{cloze:本文}}",
        "afmt": _MARK + "{{cloze:本文}}" + _SOURCE,
    }],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)

MODELS = {"basic": BASIC_MODEL, "definition": DEFINITION_MODEL, "cloze": CLOZE_MODEL}


def guid(card: Card) -> str:
    """The note's GUID: namespace, document, clause id and card kind — never the wording."""
    doc_id, clause_id, key = card.identity
    return genanki.guid_for(GUID_NAMESPACE, doc_id, clause_id, key)


def deck_id(key: str) -> int:
    """A deck's fixed id: the constants above, else derived from the document id (stable)."""
    fixed = {"": DECK_ROOT_ID, "overview": DECK_OVERVIEW_ID, "changes": DECK_CHANGES_ID}
    if key in fixed:
        return fixed[key]
    return _DOC_DECK_BASE + int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 9_000_000


def epoch(date: _dt.date) -> int:
    """Seconds since the epoch at 00:00 UTC of ``date`` (a note's modification time)."""
    return int(_dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC).timestamp())


def _text_html(text: str) -> str:
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;").replace("\n", "<br>")


def field_html(text: str) -> str:
    """Plain text → the HTML Anki shows: escaped, line breaks kept.

    Braces become character references, so 「{{c9::…}}」 in the policy's text stays
    text (Anki would make it a cloze gap, and a card); the card's own gaps
    (``CLOZE_OPEN c1::phrase CLOSE``) become Anki's ``{{c1::phrase}}``, with a colon
    in the phrase escaped (``::`` would start a hint).
    """
    out = []
    rest = text
    while CLOZE_OPEN in rest:
        before, _, rest = rest.partition(CLOZE_OPEN)
        gap, _, rest = rest.partition(CLOZE_CLOSE)
        number, _, phrase = gap.partition("::")
        out.append(_text_html(before))
        out.append("{{" + number + "::" + _text_html(phrase).replace(":", "&#58;") + "}}")
    out.append(_text_html(rest))
    return "".join(out)


class _Note(genanki.Note):
    """A note whose modification time is its own (its revision date), not the package's."""

    def __init__(self, mod: int, **kwargs):
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # type: ignore[override]
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


def note(card: Card, due: int = 0) -> genanki.Note:
    model = MODELS[card.note_type]
    names = [f["name"] for f in model.fields]
    values = {"区分": "", **dict(card.fields)}  # 区分 (the classification footer) is empty for public material
    missing = [n for n in names if n not in values]
    if missing:
        raise ValueError(f"card {card.identity} lacks fields {missing} of note type {model.name}")
    assert card.source.since_date is not None or card.source.revision_date is not None
    mod = epoch(card.source.since_date or card.source.revision_date)
    return _Note(mod, model=model, fields=[field_html(values[n]) for n in names], tags=list(card.tags),
                 guid=guid(card), due=due)


def build_decks(cards: Iterable[Card], names: Mapping[str, str],
                descriptions: Mapping[str, str] | None = None) -> list[genanki.Deck]:
    """One genanki deck per deck key (``card.deck``), named by ``names`` (「…::基本方針」)."""
    descriptions = descriptions or {}
    decks: dict[str, genanki.Deck] = {}
    # reading order: new cards come up as the document reads (``due`` is the new-card position)
    for card in sorted(cards, key=lambda c: (c.deck, c.source.doc_id, c.source.path, c.key)):
        if card.deck not in names:
            raise KeyError(f"no deck name for {card.deck!r}")
        deck = decks.get(card.deck)
        if deck is None:
            deck = decks[card.deck] = genanki.Deck(deck_id(card.deck), names[card.deck],
                                                   descriptions.get(card.deck, ""))
        deck.add_note(note(card, due=len(deck.notes)))
    return [decks[k] for k in sorted(decks)]


def write_apkg(cards: Iterable[Card], path: Path, names: Mapping[str, str],
               descriptions: Mapping[str, str] | None = None) -> Path:
    """Write the cards as one .apkg; same cards → same bytes."""
    cards = list(cards)
    if not cards:
        raise ValueError(f"{path}: no cards to write")
    decks = build_decks(cards, names, descriptions)
    stamp = max(epoch(c.source.since_date or c.source.revision_date) for c in cards)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        # a throw-away file: no journal, no fsync (genanki's schema script commits statement by statement)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        genanki.Package(decks).write_to_db(conn.cursor(), stamp, itertools.count(stamp * 1000))
        conn.commit()
        conn.close()
        data = db.read_bytes()
    date = _dt.datetime.fromtimestamp(stamp, _dt.UTC).timetuple()[:6]
    path.parent.mkdir(parents=True, exist_ok=True)
    # into a staging folder, swapped in as a whole (publish_checked): a plain write
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, payload in (("collection.anki2", data), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=date)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, payload)
    return path
