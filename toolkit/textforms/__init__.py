"""The written forms of a policy text that the exports print and ``policy import`` reads back.

A grammar both sides share, so neither imports the other: the writers (Markdown and editable Word
export) use it to know which of their lines the importer would read as something other than text
(a number, a date line, the 目次 heading) and to carry each clause's record; the importer reads by it.

* :mod:`.numbers` — the number in front of a heading or item, and which lines start a block;
* :mod:`.lines`   — 策定 / 改定 date lines and the 目次 heading;
* :mod:`.records` — the fields of a clause its printed text does not show (Markdown attribute block,
  Word custom XML part);
* :mod:`.word`    — the editable Word file's bookmarks and its 本文 style.
"""
