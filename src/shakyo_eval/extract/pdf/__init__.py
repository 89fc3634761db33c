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
from collections.abc import Iterator
from pathlib import Path

from shakyo_eval.extract.pdf.cells import find_tables, page_rows
from shakyo_eval.extract.pdf.debug import draw_page
from shakyo_eval.grid import ExtractError, Grid, Row

READERS = {
    "pdfium": "shakyo_eval.extract.pdf.pdfium",
    "pdfplumber": "shakyo_eval.extract.pdf.plumber",
}
READER_VARIABLE = "SHAKYO_EVAL_PDF_READER"


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
    document = importlib.import_module(READERS[name]).Document(path, password)
    pages = len(document)
    if pages == 0:
        document.close()
        raise ExtractError("pdf.no_pages")
    notes = [f"reader: {name}", f"pages: {pages}"]
    return Grid(str(path), "pdf", _rows(document, debug), notes=notes)


def _rows(document, debug: Path | None) -> Iterator[Row]:
    text_runs = 0
    try:
        for page in document.pages():
            text_runs += len(page.runs)
            tables = find_tables(page.segments)
            if debug is not None:
                draw_page(page, tables, debug)
            yield from page_rows(page, tables)
    finally:
        document.close()
    if text_runs == 0:
        raise ExtractError("pdf.no_text")
