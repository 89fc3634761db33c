"""Extractors: one module per input format, each turning a file into a :class:`Grid`."""

from __future__ import annotations

import importlib
from collections.abc import Generator, Iterable
from pathlib import Path

from shakyo_eval import limits
from shakyo_eval.grid import ExtractError, Grid, Row
from shakyo_eval.limits import MAX_CELL_CHARS, MAX_TEXT_FILE_BYTES

# suffix → module; modules are imported when first needed so that a
# text-only run never pays for importing pdfplumber.
_FORMATS: dict[str, str] = {
    ".txt": "shakyo_eval.extract.text",
    ".text": "shakyo_eval.extract.text",
    ".tsv": "shakyo_eval.extract.text",
    ".html": "shakyo_eval.extract.html",
    ".htm": "shakyo_eval.extract.html",
    ".pdf": "shakyo_eval.extract.pdf",
    ".xlsx": "shakyo_eval.extract.xlsx",
    ".xlsm": "shakyo_eval.extract.xlsx",
    ".csv": "shakyo_eval.extract.csv",
    ".zip": "shakyo_eval.extract.csv",  # the CSV files inside it
}

SUPPORTED_SUFFIXES = tuple(_FORMATS)
# Each extractor module and the suffixes it reads (the fuzzing harness runs each module).
EXTRACTORS: dict[str, tuple[str, ...]] = {
    module: tuple(s for s, m in _FORMATS.items() if m == module) for module in _FORMATS.values()
}
# Text without a declared encoding (the text export, CSV): the first that decodes it all.
TEXT_ENCODINGS = ("utf-8-sig", "cp932")


def read_grid(path: Path, **options) -> Grid:
    """The grid of one file, whatever its format; ExtractError when it cannot be read."""
    module = _FORMATS.get(path.suffix.lower())
    if module is None:
        raise ExtractError("unsupported_type", suffix=path.suffix or path.name)
    if not path.exists():
        raise ExtractError("not_found")
    if path.is_dir():
        raise ExtractError("is_directory")
    grid = importlib.import_module(module).read(path, **options)
    grid.rows = _cells_within_limit(grid.rows)
    return grid


def _cells_within_limit(rows: Iterable[Row]) -> Iterable[Row]:
    """The rows, ExtractError at a cell longer than :data:`MAX_CELL_CHARS` (the labels and
    numbers found in cells are matched by patterns that a megabyte of text would stall);
    a list is checked at once, a generator as it goes."""
    if isinstance(rows, list):
        for row in rows:
            _check_cells(row)
        return rows
    return _checked(rows)


def _checked(rows: Iterable[Row]) -> Generator[Row]:
    try:
        for row in rows:
            _check_cells(row)
            yield row
    finally:
        if isinstance(rows, Generator):
            rows.close()


def _check_cells(row: Row) -> None:
    # by the texts, at C speed: a CSV record makes its cells only when they are asked for
    texts = row.texts
    if not texts or max(map(len, texts)) <= MAX_CELL_CHARS:
        return
    index = next(i for i, text in enumerate(texts) if len(text) > MAX_CELL_CHARS)
    place = row.cells[index].location
    where = place.element or (f"p.{place.page}" if place.page else f"line {place.line}")
    if place.cell:
        where = f"{place.sheet_name}!{place.cell}"
    limits.check(len(texts[index]), MAX_CELL_CHARS, "limit.cell", where=where)


def read_bytes(path: Path, limit: int = MAX_TEXT_FILE_BYTES) -> bytes:
    """A file's content, or the one-line reason it cannot be read (one beyond ``limit`` bytes,
    too)."""
    try:
        limits.check(path.stat().st_size, limit, "limit.file_size")
        return path.read_bytes()
    except OSError as error:
        raise ExtractError("unreadable", detail=error.strerror or error) from None
