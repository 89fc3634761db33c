"""PDF: the ruled cells of each page, through a reader and the cell finder, as grid rows.

Two stages (DESIGN.md): a *reader* yields per page the text (runs of touching glyphs, with
their boxes) and the ruling segments, the *cell finder* (cells.py) turns those into rows of
cells. PDFium is the
default reader (fast); pdfplumber is the reference, selectable with
``SHAKYO_EVAL_PDF_READER=pdfplumber``, and draws the ``--debug`` images. Both give the same
grid on every sample (tests/test_extract_pdf.py).

Pages are read one at a time and closed after use; the rows are yielded as they are found,
so a 400-sheet file never sits in memory whole. Sheets are found later, by the assembler,
from their 事務事業名 rows: a sheet continued on the next page simply continues.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path

from shakyo_eval.extract import read_bytes
from shakyo_eval.extract.pdf import parallel
from shakyo_eval.extract.pdf.cells import find_tables, page_rows
from shakyo_eval.extract.pdf.debug import draw_page
from shakyo_eval.extract.pdf.objects import check_decoded_size
from shakyo_eval.extract.pdf.salvage import salvage
from shakyo_eval.grid import ExtractError, Grid, Row
from shakyo_eval.limits import MAX_PAGES, MAX_PDF_FILE_BYTES

READERS = {
    "pdfium": "shakyo_eval.extract.pdf.pdfium",
    "pdfplumber": "shakyo_eval.extract.pdf.plumber",
}
READER_VARIABLE = "SHAKYO_EVAL_PDF_READER"
# How many processes read a long PDF's pages (parallel.py; default: one per processor);
# 1 reads them in this process.
WORKERS_VARIABLE = "SHAKYO_EVAL_PDF_PROCESSES"


def read(
    path: Path,
    password: str | None = None,
    pdf_reader: str | None = None,
    debug: Path | None = None,
    **_options,
) -> Grid:
    """The grid of a PDF; ``debug`` is a folder for one PNG per page with the cells found."""
    if path.stat().st_size == 0:
        raise ExtractError("empty_file")
    name = "pdfplumber" if debug else (pdf_reader or os.environ.get(READER_VARIABLE) or "pdfium")
    if name not in READERS:
        raise ExtractError("pdf.unknown_reader", name=name, choices=", ".join(READERS))
    reader = importlib.import_module(READERS[name])
    data = read_bytes(path, MAX_PDF_FILE_BYTES)
    check_decoded_size(data)
    document, source, partial = _open(reader, path, data, password)
    pages = len(document)
    if pages == 0 or pages > MAX_PAGES:
        document.close()
        raise ExtractError("pdf.no_pages") if pages == 0 else _too_many_pages(pages)
    notes = [f"reader: {name}", f"pages: {pages}"]
    if source is not path:
        notes.append("repaired: the pages that survive, read from the objects found")
    workers = 1 if debug else parallel.worker_count(pages, _wanted_workers())
    if workers > 1:
        document.close()  # each worker opens the file itself
        chunks = parallel.read_pages(reader, source, password, pages, workers)
    else:
        chunks = _read_pages(document, debug)
    return Grid(str(path), "pdf", _rows(chunks), notes=notes, partial=partial)


def _open(reader, path: Path, data: bytes, password: str | None):
    """The reader's document, what it was opened from (the file, or the bytes of its salvaged
    pages), and which pages were lost."""
    try:
        return reader.Document(path, password), path, None
    except ExtractError as error:
        rescued = salvage(data) if error.message_id == "pdf.damaged" else None
        if rescued is None:
            raise
    return reader.Document(rescued.data, password), rescued.data, rescued.problem


def _too_many_pages(pages: int) -> ExtractError:
    return ExtractError("limit.pages", value=pages, limit=MAX_PAGES)


def _wanted_workers() -> int | None:
    value = os.environ.get(WORKERS_VARIABLE, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ExtractError("pdf.bad_processes", variable=WORKERS_VARIABLE, value=value)
    return int(value)


def _read_pages(document, debug: Path | None) -> Generator[tuple[list[Row], int]]:
    """Each page's rows and its count of text runs."""
    try:
        for page in document.pages():
            tables = find_tables(page.segments)
            if debug is not None:
                draw_page(page, tables, debug)
            yield page_rows(page, tables), len(page.runs)
    finally:
        document.close()


def _rows(chunks: Generator[tuple[list[Row], int]]) -> Iterator[Row]:
    text_runs = 0
    with closing(chunks):  # closes the file (or ends the workers) if the reading stops early
        for rows, runs in chunks:
            text_runs += runs
            yield from rows
    if text_runs == 0:
        raise ExtractError("pdf.no_text")
