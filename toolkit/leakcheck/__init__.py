"""Leak check (漏えい検査): prove that no text an audience may not see is in a folder.

DESIGN.md invariant 3: every public build ends with this check.  One concern per module:

* :mod:`~toolkit.leakcheck.fingerprints`: what must not appear, built from what
  the audience's view leaves out (:func:`toolkit.view.visibility.left_out`), so
  the check follows the same rules as redaction by construction; canaries.
* :mod:`~toolkit.leakcheck.quotes`: hidden text quoted by a shown part, a leak
  in the source itself (stops a build before anything is written).
* :mod:`~toolkit.leakcheck.scan`: every file under a folder read once against
  the fingerprints; the report.
* :mod:`~toolkit.leakcheck.readers`: every kind of file as text (HTML, XML,
  JavaScript, JSON, ``searchindex.js``, ``objects.inv``, .docx / .apkg / .zip,
  SQLite, PDF), within :mod:`~toolkit.leakcheck.limits`.
* :mod:`~toolkit.leakcheck.normal`: the form both sides are compared in (NFKC,
  case-folded, all white space and zero-width characters removed).
"""

from toolkit.leakcheck.fingerprints import (
    HEADING,
    MIN_ASCII,
    MIN_FRAGMENT,
    MIN_HEADING,
    MIN_LEN,
    TEXT,
    Fingerprints,
    Index,
    fingerprints,
    fingerprints_of,
    hidden_texts,
)
from toolkit.leakcheck.limits import LIMITS, CannotVerify, Limits
from toolkit.leakcheck.markup import text_variants
from toolkit.leakcheck.normal import SHINGLE, fragments, normalise
from toolkit.leakcheck.quotes import (
    COVERED,
    DECLASSIFY_FIX,
    MIN_SENTENCE,
    QUOTE_FIX,
    QUOTE_RUN,
    Quote,
    declassified_in,
    quotes,
    raise_on_quotes,
    source_quotes,
)
from toolkit.leakcheck.readers import file_texts
from toolkit.leakcheck.scan import (
    MAX_HITS_PER_FILE,
    Hit,
    Report,
    clean_key,
    leakcheck,
    raise_on_leak,
    scan_each,
    scan_files,
    scan_folder,
    scan_text,
)


def forget() -> None:
    """Drop what this process remembers of earlier checks (the files scanned, the fingerprints made,
    the PDFs read): the next check reads and computes everything again (a benchmark of the check)."""
    import importlib

    for module, memo in (("scan", "_SCANNED"), ("fingerprints", "_MADE"), ("pdf", "_READ")):
        # by module name: the package's names ``fingerprints`` and ``scan`` … may be its functions
        getattr(importlib.import_module(f"toolkit.leakcheck.{module}"), memo).clear()


__all__ = [
    "COVERED",
    "DECLASSIFY_FIX",
    "HEADING",
    "LIMITS",
    "MAX_HITS_PER_FILE",
    "MIN_ASCII",
    "MIN_FRAGMENT",
    "MIN_HEADING",
    "MIN_LEN",
    "MIN_SENTENCE",
    "QUOTE_FIX",
    "QUOTE_RUN",
    "SHINGLE",
    "TEXT",
    "CannotVerify",
    "Fingerprints",
    "Hit",
    "Index",
    "Limits",
    "Quote",
    "Report",
    "clean_key",
    "declassified_in",
    "file_texts",
    "fingerprints",
    "fingerprints_of",
    "forget",
    "fragments",
    "hidden_texts",
    "leakcheck",
    "normalise",
    "quotes",
    "raise_on_leak",
    "raise_on_quotes",
    "scan_each",
    "scan_files",
    "scan_folder",
    "scan_text",
    "source_quotes",
    "text_variants",
]
