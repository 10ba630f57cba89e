"""Benchmark: the leak check of a built public site, against the same check reading PDFs as before.

The fixture's public site is published once (in this process); then, each timed (CPU seconds) as the median of
``--repeat`` runs in the same process (the PDF memo cleared before each, so every PDF is read):

1. PDF page text without ``pdftotext`` (a bare machine): pypdf's ``extract_text`` on every page
   (the baseline) against the leak check's ``_page_text`` (its content streams tokenised by
   ``toolkit.leakcheck.pdf_content``).  The texts must be equal.
2. the whole leak check of the site folder (fingerprints and scan), without ``pdftotext``:
   baseline (pypdf's own parsing) against now.  The reports must be equal.
3. the same with ``pdftotext``, when it is installed (for scale: what a machine with poppler does).
4. the fingerprints of the public view, of the source loaded again: made (the memo emptied before
   each, the baseline) against served from the process's memo (``fingerprints_of``).  Equal.

Run: ``make bench`` or ``.venv/bin/python bench/bench_leakcheck.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tests" / "fixtures" / "policy_src"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t = time.process_time()  # CPU seconds: the machine is shared, the wall clock is not ours
        result = fn()
        times.append(time.process_time() - t)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import shutil

    from pypdf import PdfReader

    from toolkit import cli
    from toolkit import leakcheck as leak
    from toolkit.leakcheck import pdf as leak_pdf
    from toolkit.source.load import load_policy

    tmp = Path(tempfile.mkdtemp(prefix="bench-leakcheck-"))
    try:
        out = tmp / "public"
        if cli.main(["--src", str(SRC), "publish", "--out", str(out), "--work", str(tmp / "work")]) != 0:
            sys.exit("publish failed")
        pdfs = sorted(out.rglob("*.pdf"))
        if not pdfs:
            sys.exit("the published site holds no PDF")
        datas = [p.read_bytes() for p in pdfs]
        policy = load_policy([SRC])

        def pypdf_text() -> list[list[str]]:
            return [[p.extract_text() or "" for p in PdfReader(BytesIO(d)).pages] for d in datas]

        def our_text() -> list[list[str]]:
            return [[leak_pdf._page_text(p) for p in PdfReader(BytesIO(d)).pages] for d in datas]

        base, base_texts = timed(pypdf_text, args.repeat)
        now, now_texts = timed(our_text, args.repeat)
        if base_texts != now_texts:
            sys.exit("the PDF texts differ")
        pages = sum(len(t) for t in now_texts)
        print(f"1. PDF text without pdftotext ({len(pdfs)} PDF, {pages} pages): pypdf {base:.3f} s, "
              f"now {now:.3f} s: {now / base:.2f}× the baseline")

        def check() -> list[str]:
            leak.forget()  # the whole check each time, nothing remembered from the run before
            report = leak.scan_folder(out, leak.fingerprints(policy))
            return [str(h) for h in report.hits] + [report.summary()]

        own_page_text, own_pdftotext = leak_pdf._page_text, leak_pdf._pdftotext
        try:
            leak_pdf._pdftotext = lambda *_a: None  # type: ignore[assignment]  # a bare machine
            leak_pdf._page_text = lambda page: page.extract_text() or ""  # type: ignore[assignment]
            base, base_report = timed(check, args.repeat)
            leak_pdf._page_text = own_page_text  # type: ignore[assignment]
            now, now_report = timed(check, args.repeat)
        finally:
            leak_pdf._page_text, leak_pdf._pdftotext = own_page_text, own_pdftotext  # type: ignore[assignment]
        if base_report != now_report:
            sys.exit("the leak check reports differ")
        print(f"2. leak check of the site without pdftotext ({base_report[-1]}): baseline {base:.3f} s, "
              f"now {now:.3f} s: {now / base:.2f}×")
        if shutil.which("pdftotext"):
            poppler, report = timed(check, args.repeat)
            if report != now_report:
                print("   (pdftotext reads the text otherwise: the report differs)")
            print(f"3. the same with pdftotext: {poppler:.3f} s ({poppler / base:.2f}× the bare baseline)")
        else:
            print("3. pdftotext is not installed: skipped")

        import importlib

        from toolkit.view import redact

        memo = importlib.import_module("toolkit.leakcheck.fingerprints")._MADE
        view = redact(policy, "public")

        def made() -> Any:
            memo.clear()
            return leak.fingerprints_of(policy, view)

        base, made_fps = timed(made, args.repeat)
        now, served_fps = timed(lambda: leak.fingerprints_of(policy, view), args.repeat)
        if (made_fps.shingles, made_fps.short, made_fps.quotes) != (served_fps.shingles, served_fps.short,
                                                                     served_fps.quotes):
            sys.exit("the fingerprints differ")
        print(f"4. fingerprints ({len(made_fps):,}): made {base:.4f} s, served again {now:.4f} s: {now / base:.2f}×")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
