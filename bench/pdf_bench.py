"""How fast `shakyo-eval check` reads a big PDF, beside plain extraction on the same file.

    python bench/pdf_bench.py [--sheets 100 400] [--source reportlab] [--peers]   (make bench)

Builds N-sheet PDFs from a sample (``libreoffice``: samples/seed.pdf, its five sheets on
eight pages, cover left out; ``reportlab``: samples/seed-reportlab.pdf, ten pages),
repeated, then measures on each, in the same run:

- ``pypdfium2 text``: the reference, PDFium's plain text of every page
  (``page.get_textpage().get_text_range()``): the floor for any reader of text;
- ``check (1 process)``: the whole `shakyo-eval check --format json`, every page read in the
  one process (``SHAKYO_EVAL_PDF_PROCESSES=1``);
- ``check (workers)``: the same, its pages read by as many processes as the machine has
  cores (the default);
- with ``--peers``, once each (they take minutes): ``check (pdfplumber)``, the same as the
  first with the reference reader, and ``pdfplumber extract_tables``, pdfplumber's own table
  extraction page by page.

Each measurement runs in a fresh process, started the same way for every tool, so its peak
memory (max RSS) is its own (``workers MB``: the largest of the page-reading processes it
started, if any); the time counts from importing the tool to its last output, and ``cpu s``
is the processor time it took, its workers' included (on a machine shared with other work,
the one-process ratio is better judged by it: wall time swings with the neighbours' load).
The fast rows are the median of ``--repeats`` runs (3 by default).

Under the table: each check's time as a multiple of the reference's (goals: ≤ 3× in one
process, ≤ 2× with workers at the largest size), the peak memory of the largest size
against the smallest (goal: ≤ 1.5×), and the start-up: the wall time of the whole command
`shakyo-eval check` on a one-sheet text export, interpreter included, with its bytecode
cached as an installed package has it (goal: < 0.3 s).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from resource import RUSAGE_CHILDREN, RUSAGE_SELF, getrusage

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# sample → (file, index of its first sheet page, sheets in it)
SOURCES = {
    "libreoffice": (SAMPLES / "seed.pdf", 1, 5),  # page 1 is a cover
    "reportlab": (SAMPLES / "seed-reportlab.pdf", 0, 5),
}
REFERENCE = "pypdfium2-text"
TOOLS = ("pypdfium2-text", "check-pdfium-1", "check-pdfium")
PEERS = ("check-pdfplumber", "pdfplumber-tables")
LABELS = {
    "check-pdfium": "check (workers)",
    "check-pdfium-1": "check (1 process)",
    "check-pdfplumber": "check (pdfplumber)",
    "pdfplumber-tables": "pdfplumber extract_tables",
    "pypdfium2-text": "pypdfium2 text",
}
GOALS = {"check-pdfium-1": 3.0, "check-pdfium": 2.0}
MEMORY_GOAL = 1.5
START_UP_GOAL = 0.3


def build(source: str, sheets: int, folder: Path) -> tuple[Path, int]:
    """A PDF with ``sheets`` sheets: the sample's sheet pages, repeated."""
    import pypdfium2

    sample, first_page, per_copy = SOURCES[source]
    pdf = pypdfium2.PdfDocument(sample)
    target = pypdfium2.PdfDocument.new()
    # One import, so the copies share their fonts as a real document's pages do (importing
    # copy by copy would embed the fonts once per copy: 60 times the file size).
    target.import_pages(pdf, list(range(first_page, len(pdf))) * (sheets // per_copy))
    path = folder / f"bench-{source}-{sheets}.pdf"
    target.save(path)
    pages = len(target)
    target.close()
    pdf.close()
    return path, pages


def measure(tool: str, path: Path) -> dict:
    """Runs in the child process: one tool over the whole file."""
    started = time.perf_counter()
    sheets = None
    if tool.startswith("check-"):
        reader, _, processes = tool.removeprefix("check-").partition("-")
        os.environ["SHAKYO_EVAL_PDF_READER"] = reader
        if processes:
            os.environ["SHAKYO_EVAL_PDF_PROCESSES"] = processes
        from shakyo_eval.cli import main

        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.suppress(SystemExit):
            main(["check", str(path), "--format", "json"])
        sheets = json.loads(output.getvalue())["summary"]["sheets"]
    elif tool == "pdfplumber-tables":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
    else:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    seconds = time.perf_counter() - started
    own, workers = (getrusage(who) for who in (RUSAGE_SELF, RUSAGE_CHILDREN))
    return {
        "seconds": seconds,
        "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
        "peak_mb": own.ru_maxrss / 1024,
        "workers_mb": workers.ru_maxrss / 1024,
        "sheets": sheets,
    }


# Every child runs with its bytecode cached, as an installed package does (a session may
# forbid writing it: then each run of check would compile the tool's modules anew).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(tool: str, path: Path, repeats: int) -> dict:
    """The median run of ``repeats`` fresh processes (its time, and its peak memory): a
    single run on a shared 2-core machine swings by a third."""
    results = []
    for _ in range(repeats):
        completed = subprocess.run(
            [sys.executable, __file__, "--measure", tool, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env=ENVIRONMENT,
        )
        results.append(json.loads(completed.stdout))
    results.sort(key=lambda result: result["seconds"])
    return results[len(results) // 2]


def one_sheet_export(folder: Path) -> Path:
    """The seed's text export cut after its first sheet."""
    lines = (SAMPLES / "seed.txt").read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("事務事業名")]
    path = folder / "one-sheet.txt"
    path.write_text("\n".join(lines[: starts[1] - 1]) + "\n", encoding="utf-8")
    return path


def start_up(path: Path, repeats: int) -> float:
    """The median wall time of `shakyo-eval check PATH`, as a user runs it."""
    command = [str(Path(sys.executable).with_name("shakyo-eval")), "check", str(path)]
    subprocess.run(command, env=ENVIRONMENT, capture_output=True)  # writes the bytecode cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        completed = subprocess.run(command, env=ENVIRONMENT, capture_output=True)
        times.append(time.perf_counter() - started)
        if completed.returncode not in (0, 1):
            sys.exit(f"start-up run failed: {completed.stderr.decode()}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--source", choices=sorted(SOURCES), default="libreoffice")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each fast tool; the median is shown"
    )
    parser.add_argument("--peers", action="store_true", help="also the pdfplumber rows (slow)")
    parser.add_argument("--measure", nargs=2, metavar=("TOOL", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    print(f"sample: {args.source}, medians of {args.repeats} runs")
    print(
        f"{'tool':<27} {'sheets':>6} {'pages':>6} {'seconds':>8} {'× ref':>6} {'cpu s':>6}"
        f" {'pages/s':>8} {'peak MB':>8} {'workers MB':>10}"
    )
    peaks: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for sheets in args.sheets:
            path, pages = build(args.source, sheets, Path(folder))
            results = {tool: run(tool, path, args.repeats) for tool in TOOLS}
            if args.peers:
                results |= {tool: run(tool, path, 1) for tool in PEERS}
            reference = results[REFERENCE]["seconds"]
            for tool, result in results.items():
                if result["sheets"] is not None and result["sheets"] != sheets:
                    sys.exit(f"{tool} read {result['sheets']} sheets of {sheets}")
                workers = f"{result['workers_mb']:>10.1f}" if result["workers_mb"] else ""
                print(
                    f"{LABELS[tool]:<27} {sheets:>6} {pages:>6} {result['seconds']:>8.2f}"
                    f" {result['seconds'] / reference:>6.2f} {result['cpu']:>6.2f}"
                    f" {pages / result['seconds']:>8.1f}"
                    f" {result['peak_mb']:>8.1f} {workers}"
                )
                peaks.setdefault(tool, []).append(result["peak_mb"])
            for tool, goal in GOALS.items():
                if tool == "check-pdfium" and sheets != max(args.sheets):
                    continue
                ratio = results[tool]["seconds"] / reference
                verdict = "ok" if ratio <= goal else "over"
                print(f"  {LABELS[tool]}: {ratio:.2f}× the reference (goal ≤ {goal:g}×: {verdict})")
            print()
        if len(args.sheets) > 1:
            small, large = min(args.sheets), max(args.sheets)
            for tool in ("check-pdfium-1", "check-pdfium"):
                by_size = dict(zip(args.sheets, peaks[tool], strict=True))
                first, last = by_size[small], by_size[large]
                verdict = "ok" if last <= MEMORY_GOAL * first else "over"
                print(
                    f"peak memory, {LABELS[tool]}: {first:.1f} MB at {small} sheets, {last:.1f} MB"
                    f" at {large}: {last / first:.2f}× (goal ≤ {MEMORY_GOAL:g}×: {verdict})"
                )
        seconds = start_up(one_sheet_export(Path(folder)), max(args.repeats, 5))
        verdict = "ok" if seconds < START_UP_GOAL else "over"
        print(
            f"start-up, `shakyo-eval check` on a one-sheet text export: {seconds:.3f} s"
            f" (goal < {START_UP_GOAL:g} s: {verdict})"
        )


if __name__ == "__main__":
    main()
