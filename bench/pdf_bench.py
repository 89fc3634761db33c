"""How fast `shakyo-eval check` reads a big PDF, beside plain extraction on the same file.

    python bench/pdf_bench.py [--sheets 100 400]        (or `make bench`)

Builds N-sheet PDFs from samples/seed.pdf (its five sheets, cover left out, repeated), then
measures on each, in the same run:

- ``check (pdfium)``: the whole `shakyo-eval check --format json`, with the default reader,
  its pages read by as many processes as the machine has cores (the default);
- ``check (pdfium, 1 process)``: the same with every page read in the one process
  (``SHAKYO_EVAL_PDF_PROCESSES=1``);
- ``check (pdfplumber)``: the same as the first with the reference reader;
- ``pdfplumber extract_tables``: pdfplumber's own table extraction, page by page;
- ``pypdfium2 text``: PDFium's plain text of every page (the yardstick of DESIGN.md: a whole
  check should take at most 3× this).

Each measurement runs in a fresh process, so its peak memory (max RSS) is its own (``workers
MB``: the largest of the page-reading processes it started, if any); the time counts from
importing the tool to its last output, not the interpreter's start-up. The fast rows are the
median of ``--repeats`` runs (3 by default); the pdfplumber rows run once.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_PDF = ROOT / "samples" / "seed.pdf"
SHEETS_PER_COPY = 5
TOOLS = (
    "check-pdfium",
    "check-pdfium-1",
    "check-pdfplumber",
    "pdfplumber-tables",
    "pypdfium2-text",
)
FAST_TOOLS = frozenset({"check-pdfium", "check-pdfium-1", "pypdfium2-text"})
LABELS = {
    "check-pdfium": "check (pdfium)",
    "check-pdfium-1": "check (pdfium, 1 process)",
    "check-pdfplumber": "check (pdfplumber)",
    "pdfplumber-tables": "pdfplumber extract_tables",
    "pypdfium2-text": "pypdfium2 text",
}


def build(sheets: int, folder: Path) -> tuple[Path, int]:
    """A PDF with ``sheets`` sheets: the sample's sheet pages (not its cover), repeated."""
    import pypdfium2

    source = pypdfium2.PdfDocument(SEED_PDF)
    sheet_pages = list(range(1, len(source)))  # page 1 is the cover
    target = pypdfium2.PdfDocument.new()
    # One import, so the copies share their fonts as a real document's pages do (importing
    # copy by copy would embed the fonts once per copy: 60 times the file size).
    target.import_pages(source, sheet_pages * (sheets // SHEETS_PER_COPY))
    path = folder / f"bench-{sheets}.pdf"
    target.save(path)
    pages = len(target)
    target.close()
    source.close()
    return path, pages


def measure(tool: str, path: Path) -> dict:
    """Runs in the child process: one tool over the whole file."""
    started = time.perf_counter()
    if tool.startswith("check-"):
        import os

        from shakyo_eval.cli import main

        reader, _, processes = tool.removeprefix("check-").partition("-")
        os.environ["SHAKYO_EVAL_PDF_READER"] = reader
        if processes:
            os.environ["SHAKYO_EVAL_PDF_PROCESSES"] = processes
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.suppress(SystemExit):
            main(["check", str(path), "--format", "json"])
        sheets = json.loads(output.getvalue())["summary"]["sheets"]
    elif tool == "pdfplumber-tables":
        import pdfplumber

        sheets = None
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
    else:
        import pypdfium2

        sheets = None
        pdf = pypdfium2.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "workers_mb": workers_mb, "sheets": sheets}


def run(tool: str, path: Path, repeats: int) -> dict:
    """The run of median time among ``repeats`` fresh processes (one for the slow tools): a
    single run on a shared 2-core machine swings by a third."""
    times = repeats if tool in FAST_TOOLS else 1
    results = []
    for _ in range(times):
        completed = subprocess.run(
            [sys.executable, __file__, "--measure", tool, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(completed.stdout))
    results.sort(key=lambda result: result["seconds"])
    return results[len(results) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, nargs="+", default=[100, 400])
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each fast tool; the median is shown"
    )
    parser.add_argument("--measure", nargs=2, metavar=("TOOL", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    print(
        f"{'tool':<27} {'sheets':>6} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}"
        f" {'workers MB':>10}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for sheets in args.sheets:
            path, pages = build(sheets, Path(folder))
            results = {tool: run(tool, path, args.repeats) for tool in TOOLS}
            for tool, result in results.items():
                if result["sheets"] is not None and result["sheets"] != sheets:
                    sys.exit(f"{tool} read {result['sheets']} sheets of {sheets}")
                rate = pages / result["seconds"]
                workers = f"{result['workers_mb']:>10.1f}" if result["workers_mb"] else ""
                print(
                    f"{LABELS[tool]:<27} {sheets:>6} {pages:>6} {result['seconds']:>8.2f}"
                    f" {rate:>8.1f} {result['peak_mb']:>8.1f} {workers}"
                )
            for tool in ("check-pdfium", "check-pdfium-1"):
                ratio = results[tool]["seconds"] / results["pypdfium2-text"]["seconds"]
                print(f"  {LABELS[tool]} takes {ratio:.1f}× pypdfium2 text's time (goal: ≤ 3×)")
            print()


if __name__ == "__main__":
    main()
