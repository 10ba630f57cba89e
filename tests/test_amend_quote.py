"""Quotes in a 改め文 name one place: the unit rules of toolkit.amend.quote."""

from __future__ import annotations

from toolkit.amend.quote import REPLACE, Edit, edits, occurrences


def test_overlapping_occurrences_are_counted():
    assert occurrences("１０人１０人１０人", "１０人１０人") == 2
    assert "１０人１０人１０人".count("１０人１０人") == 1  # why str.count does not do
    assert occurrences("情報", "報") == 1
    assert occurrences("情報", "規程") == 0


def test_a_quote_that_overlaps_itself_is_widened_until_it_names_one_place():
    # found by the 章 round-trip property: 「１０人１０人」 stands twice, overlapping, and the
    # reader replaced the first where the last was meant
    old, new = "情報情報１０人１０人１０人", "情報情報１０人１０人情報人"
    (edit,) = edits(old, new)
    assert occurrences(old, edit.old) == 1
    assert old.replace(edit.old, edit.new) == new
    assert edit == Edit(REPLACE, "１０人１０人１０人", "１０人１０人情報人")
