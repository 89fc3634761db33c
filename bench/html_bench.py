"""Time and size of the HTML report and of the annotated PDF, on 100- and 400-sheet PDFs.

    python bench/html_bench.py [--sheets 100 400] [--source libreoffice]   (make bench)

The PDFs are pdf_bench.py's (samples/seed.pdf's sheets repeated: every sheet has findings,
on six of its eight pages). Each command runs in a fresh process; beside the HTML report's
time is the JSON report's, so the difference is what drawing the pages costs. Size and time
should grow with the findings (and the pages they are on), not with the pages: the per-image
columns stay flat from 100 to 400 sheets.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pdf_bench import SOURCES, build

TOOL = str(Path(sys.executable).parent / "shakyo-eval")
COMMANDS = {
    "check --format json": ["check", "{pdf}", "--format", "json", "-o", "{out}.json", "-q"],
    "check --format html": ["check", "{pdf}", "--format", "html", "-o", "{out}.html", "-q"],
    "annotate": ["annotate", "{pdf}", "-o", "{out}.pdf", "-q"],
}


def timed(arguments: list[str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run([TOOL, *arguments], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(arguments)}: exit {completed.returncode}\n{completed.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--source", choices=sorted(SOURCES), default="libreoffice")
    args = parser.parse_args()
    print(
        f"{'command':<20} {'sheets':>6} {'pages':>6} {'findings':>8} {'images':>6}"
        f" {'seconds':>8} {'MB':>7} {'ms/image':>8} {'kB/image':>8}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for sheets in args.sheets:
            pdf, pages = build(args.source, sheets, Path(folder))
            out = Path(folder) / f"report-{sheets}"
            seconds = {}
            for name, template in COMMANDS.items():
                arguments = [a.format(pdf=pdf, out=out) for a in template]
                seconds[name] = timed(arguments)
            report = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
            findings = sum(len(d["findings"]) for d in report["documents"])
            html = out.with_suffix(".html").read_text(encoding="utf-8")
            images = len(re.findall(r"<img src='data:image/png", html))
            drawing = seconds["check --format html"] - seconds["check --format json"]
            for name, size in (
                ("check --format json", out.with_suffix(".json").stat().st_size),
                ("check --format html", out.with_suffix(".html").stat().st_size),
                ("annotate", out.with_suffix(".pdf").stat().st_size),
            ):
                per_image = ""
                if name == "check --format html":
                    per_image = f" {drawing / images * 1000:>8.1f} {size / images / 1000:>8.1f}"
                print(
                    f"{name:<20} {sheets:>6} {pages:>6} {findings:>8} {images:>6}"
                    f" {seconds[name]:>8.2f} {size / 1e6:>7.2f}{per_image}"
                )
            print(f"  (the source PDF: {pdf.stat().st_size / 1e6:.2f} MB)\n")


if __name__ == "__main__":
    main()
