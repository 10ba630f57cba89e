"""Anki decks as a learner meets them: imported into a real Anki collection.

The `anki` package (the desktop app's own backend) imports each .apkg; we
check notes, cards, deck names, fields and tags, then import the next
revision's deck and check that changed notes were updated in place, unchanged
ones left alone, and nothing duplicated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import TRAINING, require_module

from toolkit.publish.training import deck_names, write_changes_deck, write_deck
from toolkit.render import anki as render_anki
from toolkit.source.load import load_policy
from toolkit.training.cards import deck_cards
from toolkit.training.model import CLOZE_OPEN
from toolkit.training.settings import check_against, load_training
from toolkit.view.redact import redact

TITLE = "千曲市情報セキュリティポリシー"
STAFF = TITLE + "［庁内限り］"  # staff material names its classification


@pytest.fixture(scope="module")
def settings(policy):
    s = load_training(TRAINING)
    check_against(s, policy)
    return s


@pytest.fixture(scope="module")
def decks(policy, settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    paths = {}
    for audience in ("public", "staff"):
        paths[audience] = write_deck(redact(policy, audience), settings, out / f"{audience}.apkg", [])
    paths["changes"] = write_changes_deck(redact(policy, "staff"), settings, out)
    return paths


def _collection(path: Path):
    require_module("anki", "the Anki import tests open a real collection")
    from anki.collection import Collection

    return Collection(str(path))


def _import(col, apkg: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions()))


def _notes(col) -> dict[str, object]:
    return {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}


@pytest.mark.anki
def test_public_deck_imports_with_expected_notes_cards_and_decks(decks, policy, settings, tmp_path):
    cards = deck_cards(redact(policy, "public"), settings, [])
    col = _collection(tmp_path / "c.anki2")
    try:
        log = _import(col, decks["public"]).log
        assert len(log.new) == len(cards) and not log.updated and not log.duplicate and not log.conflicting
        assert col.note_count() == len(cards)
        # a definition note makes one card (意味→用語: the term is what one recalls); a cloze note one per gap
        expected_cards = sum(1 if c.note_type == "definition" else
                             c.field("本文").count(CLOZE_OPEN) if c.note_type == "cloze" else 1 for c in cards)
        assert col.card_count() == expected_cards
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert f"{TITLE}::基本方針" in names and f"{TITLE}::文書の公開・非公開" in names
        assert not any("対策基準" in n or "実施手順" in n for n in names), "no internal document in the all-staff deck"
        defs = col.find_notes('"note:千曲市ポリシー（用語）"')
        assert len(defs) == 12
        note = col.get_note(col.find_notes('"note:千曲市ポリシー（用語）" 用語:機密性')[0])
        assert note["意味"] == "情報にアクセスすることを認められた者だけが、情報にアクセスできる状態を確保することをいう。"
        assert note["出典"] == "基本方針 2(5)「定義」"
        assert "版" not in note.keys() and "令和5年" not in "".join(note.fields), "no old revision label"
        desc = col.decks.by_name(f"{TITLE}::基本方針")["desc"]
        assert "令和8年4月1日 全面改定の本文" in desc and "r8" not in desc, "no internal revision id shown"
        assert {"document::基本方針", "revision::r8", "section::2._定義"} <= set(note.tags)
        assert note.mod == render_anki.epoch(policy.document("basic-policy").revision("r8").date)
        # the three layers of 強靱性の向上 and their measures
        layer = col.get_note(col.find_notes("tag:kind::subject 無害化通信を実施する")[0])
        assert layer["答え"] == "LGWAN接続系", "the measure asks whose it is: one thing to recall"
        # cloze cards on key sentences
        purpose = col.find_cards('"note:千曲市ポリシー（穴埋め）" 機密性 tag:section::1._目的')
        assert len(purpose) == 3
        # which documents are non-public and why
        nonpublic = col.get_note(col.find_notes('"deck:千曲市情報セキュリティポリシー::文書の公開・非公開" 対策基準')[0])
        assert nonpublic["答え"].startswith("非公開（") and len(nonpublic["答え"]) <= 40
        assert nonpublic["出典"] == "基本方針 9"
        bodies = col.get_note(col.find_notes("tag:kind::enumeration")[0])
        # one gap per body: each card asks one name, the others around it
        assert bodies["本文"].count("{{c") == 8 and "{{c7::固定資産評価審査委員会}}" in bodies["本文"]
    finally:
        col.close()


@pytest.mark.anki
def test_staff_deck_covers_the_internal_documents(decks, policy, settings, tmp_path):
    col = _collection(tmp_path / "c.anki2")
    try:
        _import(col, decks["staff"])
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {f"{STAFF}::基本方針", f"{STAFF}::対策基準", f"{STAFF}::実施手順"} <= names
        standards = col.find_notes(f'"deck:{STAFF}::対策基準"')
        assert len(standards) > 30
        sample = col.get_note(standards[0])
        assert "provenance::sample" in sample.tags and "この本文は見本です" in sample["補足"]
        # both decks hold the same basic-policy notes (same GUIDs): importing the other adds none of them twice
        before = col.note_count()
        log = _import(col, decks["public"]).log
        assert not log.new and col.note_count() == before
    finally:
        col.close()


@pytest.mark.anki
def test_changes_deck(decks, tmp_path):
    assert decks["changes"].name == "changes-r8.apkg"
    col = _collection(tmp_path / "c.anki2")
    try:
        _import(col, decks["changes"])
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert f"{STAFF}::令和8年の改定点" in names
        mynumber = col.get_note(col.find_notes("tag:change::modified 6(3)①")[0])
        # a cloze on the new phrase, the old one beside it: one thing to recall
        assert "{{c1::多要素認証}}" in mynumber["本文"] and "（改正前は「二要素認証」）" in mynumber["本文"]
        assert mynumber["本文"].count("{{c") == 1 and "再構成" in mynumber["補足"]
        assert col.find_notes("tag:change::added") and col.find_notes("tag:change::removed")
        assert not col.find_notes("tag:change::renumbered") and not col.find_notes("tag:change::moved")
    finally:
        col.close()


def test_same_source_same_bytes(decks, policy, settings, tmp_path):
    again = write_deck(redact(policy, "public"), settings, tmp_path / "public.apkg", [])
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(decks["public"].read_bytes()).digest()
    with zipfile.ZipFile(again) as z:
        assert [i.filename for i in z.infolist()] == ["collection.anki2", "media"]
        assert {i.date_time for i in z.infolist()} == {(2026, 4, 1, 0, 0, 0)}


def _import_both(first: Path, second: Path, tmp_path: Path):
    col = _collection(tmp_path / "c.anki2")
    _import(col, first)
    before = _notes(col)
    before_fields = {g: list(n.fields) for g, n in before.items()}
    before_ids = {g: n.id for g, n in before.items()}
    log = _import(col, second).log
    after = _notes(col)
    return col, log, before_fields, before_ids, after


@pytest.mark.anki
def test_next_revision_updates_changed_notes_in_place(policy, settings, tmp_path):
    """r5 → r8 of the basic policy and the 対策基準 (staff view): update, never duplicate."""
    staff = redact(policy, "staff")
    r5 = {"basic-policy": "r5", "standards": "r5"}
    old_cards = deck_cards(staff, settings, [], r5)
    new_cards = deck_cards(staff, settings, [])
    old_path = render_anki.write_apkg(old_cards, tmp_path / "r5.apkg", deck_names(staff, settings))
    new_path = render_anki.write_apkg(new_cards, tmp_path / "r8.apkg", deck_names(staff, settings))
    old = {render_anki.guid(c): c for c in old_cards}
    new = {render_anki.guid(c): c for c in new_cards}
    # a note changes when its text does, or its section or provenance (its tags): its date moves on
    changed = {g for g in old.keys() & new.keys()
               if old[g].fields != new[g].fields or old[g].source.since != new[g].source.since}
    assert changed, "r5 and r8 differ in some clauses"
    col, log, before_fields, before_ids, after = _import_both(old_path, new_path, tmp_path)
    try:
        updated_ids = {n.id.nid for n in log.updated}
        assert updated_ids == {before_ids[g] for g in changed}
        assert len(log.new) == len(new.keys() - old.keys())
        assert col.note_count() == len(old.keys() | new.keys()), "no note duplicated"
        for g in changed:  # updated in place: same note id, the r8 wording
            assert after[g].id == before_ids[g]
            assert list(after[g].fields) == list(render_anki.note(new[g]).fields)
        for g in (old.keys() & new.keys()) - changed:
            assert list(after[g].fields) == before_fields[g]
        mynumber = next(g for g in changed if new[g].identity == ("basic-policy", "resilience-mynumber", "subject"))
        assert "多要素認証" in after[mynumber]["問題"] and "二要素認証" in before_fields[mynumber][0]
    finally:
        col.close()


@pytest.mark.anki
def test_modified_copy_of_the_source_updates_one_note(src_copy, settings, tmp_path):
    """A new authoritative revision r9 that changes one definition: the public deck updates that note only."""
    folder = src_copy / "basic-policy"
    r8 = (folder / "r8.yaml").read_text(encoding="utf-8")
    old = "コンピュータ、ネットワーク及び電磁的記録媒体で構成され、情報処理を行う仕組みをいう。"
    new = "コンピュータ、ネットワーク、クラウドサービス及び電磁的記録媒体で構成され、情報処理を行う仕組みをいう。"
    (folder / "r9.yaml").write_text(r8.replace("revision: r8", "revision: r9").replace(old, new), encoding="utf-8")
    with open(folder / "document.yaml", "a", encoding="utf-8") as f:
        f.write("  - id: r9\n    date: 2027-04-01\n    kind: 改定\n    provenance: authoritative\n    summary: テスト\n")
    policy = load_policy([src_copy])
    public = redact(policy, "public", as_of=dt.date(2027, 4, 1))  # r9 in force (issue 10)
    first = write_deck(public, settings, tmp_path / "r8.apkg", [], {"basic-policy": "r8"})
    second = write_deck(public, settings, tmp_path / "r9.apkg", [])
    col, log, before_fields, before_ids, after = _import_both(first, second, tmp_path)
    try:
        changed = [n.id.nid for n in log.updated]
        assert len(changed) == 1, "only the 情報システム definition changed"
        note = col.get_note(col.find_notes('"note:千曲市ポリシー（用語）" 用語:情報システム')[0])
        assert note.id in changed and note["意味"] == new
        assert "revision::r9" in note.tags
        assert col.note_count() == len(before_ids), "no note added, none duplicated"
        assert len(log.duplicate) == len(before_ids) - 1, "unchanged notes are not touched (same modification time)"
    finally:
        col.close()


def test_apkg_collection_is_plain_sqlite(decks):
    """What the leak check and Anki read: one SQLite collection with our fixed model ids."""
    with zipfile.ZipFile(decks["public"]) as z:
        data = z.read("collection.anki2")
    db = Path(decks["public"]).with_suffix(".sqlite")
    db.write_bytes(data)
    con = sqlite3.connect(db)
    try:
        mids = {row[0] for row in con.execute("select distinct mid from notes")}
        assert mids == {render_anki.MODEL_BASIC_ID, render_anki.MODEL_DEFINITION_ID, render_anki.MODEL_CLOZE_ID}
        mods = {row[0] for row in con.execute("select distinct mod from notes")}
        assert mods == {render_anki.epoch(dt.date(2026, 4, 1))}, "public view: every note dates from r8"
    finally:
        con.close()


@pytest.mark.anki
def test_cloze_syntax_in_the_source_stays_text(policy, settings, tmp_path, src_copy):
    """Issue 9 item 11: 「{{c9::…}}」 in a clause adds no card; the card's own gaps still work."""
    r8 = src_copy / "basic-policy" / "r8.yaml"
    text = r8.read_text(encoding="utf-8")
    sentence = "情報資産の機密性、完全性及び可用性を維持することを目的とする。"
    assert sentence in text
    r8.write_text(text.replace(sentence, sentence[:-1] + "{{c9::秘密}}と{{c1::x::hint}}。"), encoding="utf-8")
    view = redact(load_policy([src_copy]), "public")
    cards = [c for c in deck_cards(view, settings, []) if c.key.startswith("cloze-") and c.source.clause_id == "purpose"]
    assert len(cards) == 1 and cards[0].field("本文").count(CLOZE_OPEN) == 3  # 機密性, 完全性, 可用性
    path = render_anki.write_apkg(cards, tmp_path / "cloze.apkg", deck_names(view, settings))
    col = _collection(tmp_path / "c.anki2")
    try:
        _import(col, path)
        assert col.card_count() == 3, "one card per gap of ours, none from the source's braces"
        note = col.get_note(col.find_notes("")[0])
        assert "c9::" not in note["本文"].replace("&#123;", "{") or "{{c9" not in note["本文"]
        card = col.get_card(col.find_cards("")[0])
        shown = card.question()
        assert "{{c9::秘密}}" in __import__("html").unescape(shown), "the braces are shown as written"
    finally:
        col.close()


@pytest.mark.anki
def test_staff_cards_carry_the_classification_footer(decks, tmp_path):
    col = _collection(tmp_path / "c.anki2")
    try:
        _import(col, decks["staff"])
        for nid in col.find_notes(""):  # on the FRONT of every card, before it is answered
            note = col.get_note(nid)
            assert note["区分"] == "庁内限り"
            for cid in note.card_ids():
                assert "庁内限り" in col.get_card(cid).question(), note.fields[0]
    finally:
        col.close()
    col = _collection(tmp_path / "p.anki2")
    try:
        _import(col, decks["public"])
        assert all(col.get_note(n)["区分"] == "" for n in col.find_notes(""))
    finally:
        col.close()


def test_a_list_with_items_withheld_is_no_card_to_recall_whole(settings, src_copy):
    """A list card asks for every item: when the audience may not see some, or the items are
    long, there is none; each item it may see is a card of its own, the hidden one in none."""
    r8 = src_copy / "basic-policy" / "r8.yaml"
    text = r8.read_text(encoding="utf-8")
    line = "      - id: threat-intentional\n"
    assert line in text
    r8.write_text(text.replace(line, line + "        classification: internal\n        ground: administrative-operations\n"),
                  encoding="utf-8")
    policy = load_policy([src_copy])
    public = deck_cards(redact(policy, "public"), settings, [])
    assert not [c for c in public if c.key == "list" and c.source.clause_id == "threats"]
    shown = {c.source.clause_id for c in public}
    assert {"threat-unintentional", "threat-disaster"} <= shown and "threat-intentional" not in shown
    hidden = policy.document("basic-policy").revision("r8").node("threat-intentional").text[0]
    assert not any(hidden[:20] in "".join(v for _k, v in c.fields) for c in public)


@pytest.mark.anki
def test_a_deck_of_the_previous_note_format_is_replaced_once(decks, policy, settings, tmp_path):
    """Decks before issue 12 had a 版 field and no 区分.  Imported with 「ノートタイプを統合」 and
    「ノートを更新：常に」 (as README says), the new deck updates every note once: none duplicated,
    none left with an old revision label."""
    import genanki

    cards = deck_cards(redact(policy, "public"), settings, [])
    old_models = {}
    for key, model in render_anki.MODELS.items():
        names = [f["name"] for f in model.fields if f["name"] != "区分"] + ["版"]
        old_models[key] = genanki.Model(model.model_id, model.name, fields=[{"name": n} for n in names],
                                        templates=model.templates, css=model.css, model_type=model.model_type)
    deck = genanki.Deck(render_anki.deck_id("basic-policy"), f"{TITLE}::基本方針")
    for c in cards:
        values = dict(c.fields) | {"版": "令和5年7月4日 改定（r5）"}
        model = old_models[c.note_type]
        deck.add_note(genanki.Note(model=model, guid=render_anki.guid(c),
                                   fields=[render_anki.field_html(values.get(f["name"], "")) for f in model.fields]))
    old = tmp_path / "old.apkg"
    genanki.Package([deck]).write_to_file(str(old))
    col = _collection(tmp_path / "c.anki2")
    try:
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        _import(col, old)
        always = 1  # ImportAnkiPackageUpdateCondition ALWAYS
        log = col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(decks["public"]),
            options=ImportAnkiPackageOptions(merge_notetypes=True, update_notes=always, update_notetypes=always))).log
        assert len(log.updated) == len(cards) and not log.new and not log.duplicate and not log.conflicting
        assert col.note_count() == len(cards)
        assert all("令和5年" not in "".join(col.get_note(n).fields) for n in col.find_notes(""))
    finally:
        col.close()
