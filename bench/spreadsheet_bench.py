"""Times the xlsx and CSV readers on the real files beside the bare read of the same file.

    python bench/spreadsheet_bench.py [--repeat N]        (or `make bench`)

The files are the real ones in ../shared/corpus/real (the 大船渡 workbook, 407 projects ×
210 columns; the RS summary CSV zip, 37,981 records × 44 fields); without that folder the
benchmark says so and stops. Each reader runs N times, alternating with its bare
counterpart in the same process; the median processor time of each is printed (the
machine is shared, and processor time is what another job's load disturbs least).

- bare xlsx: openpyxl's read-only, cached-values workbook, ``iter_rows(values_only=True)``,
  every value touched;
- bare CSV: zipfile + the csv module over the UTF-8 text, every field touched;
- ours, texts: ``read_grid`` and every row's ``texts`` touched (what a reader of values
  needs; a CSV record makes no cell objects then);
- ours, cells: ``read_grid`` and every cell's text touched (every cell made);
- check: the whole ``check`` of the file (records read by its template, every rule run),
  as a user runs it, without the report.

Peak memory is Python's own allocation peak (tracemalloc), in a separate, untimed run.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from shakyo_eval.checker import check
from shakyo_eval.extract import read_grid

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
WORKBOOK = CORPUS / "ofunato_jimujigyo_report.xlsx"
CSV_ZIP = CORPUS / "rs2024_2-1_yosan_shikko_summary.zip"
GOAL = 2.0  # times the bare read


def bare_xlsx(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    values = 0
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows(values_only=True):
            for value in row:
                values += value is not None
    workbook.close()
    return values


def bare_csv(path: Path) -> int:
    fields = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            with archive.open(name) as member:
                text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                for record in csv.reader(text):
                    for field in record:
                        fields += field is not None
    return fields


def ours_texts(path: Path) -> int:
    texts = 0
    for row in read_grid(path).rows:
        for text in row.texts:
            texts += text is not None
    return texts


def ours_cells(path: Path) -> int:
    cells = 0
    for row in read_grid(path).rows:
        for cell in row.cells:
            cells += cell.text is not None
    return cells


def ours_check(path: Path) -> int:
    (document,) = check([path]).documents
    return document.sheets


def cpu_seconds(function: Callable[[Path], int], path: Path) -> float:
    start = time.process_time()
    function(path)
    return time.process_time() - start


def peak_mb(function: Callable[[Path], int], path: Path) -> float:
    tracemalloc.start()
    function(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def compare(label: str, path: Path, bare: Callable[[Path], int], repeat: int) -> float:
    """Prints each reader's time and peak; returns the texts reader's ratio."""
    readers = {
        "bare read": bare,
        "ours, texts": ours_texts,
        "ours, cells": ours_cells,
        "check": ours_check,
    }
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(repeat):
        for name, reader in readers.items():
            times[name].append(cpu_seconds(reader, path))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(label)
    for name, reader in readers.items():
        ratio = medians[name] / medians["bare read"]
        peak = peak_mb(reader, path)
        print(f"  {name:12} {medians[name]:7.3f} s   {ratio:5.2f}×   peak {peak:6.1f} MB")
    return medians["ours, texts"] / medians["bare read"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not WORKBOOK.exists() or not CSV_ZIP.exists():
        print(f"spreadsheet bench: the real files are not in {CORPUS}; nothing to time")
        return
    ratios = [
        compare(f"{WORKBOOK.name} (xlsx)", WORKBOOK, bare_xlsx, args.repeat),
        compare(f"{CSV_ZIP.name} (CSV in a zip)", CSV_ZIP, bare_csv, args.repeat),
    ]
    worst = max(ratios)
    verdict = "met" if worst <= GOAL else "not met"
    print(f"goal: texts within {GOAL:.0f}× of the bare read: {verdict} (worst {worst:.2f}×)")
    print("(check: the whole check of the file, beside the same bare read)")


if __name__ == "__main__":
    main()
