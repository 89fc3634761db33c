"""Extractors: one module per input format, each turning a file into a :class:`Grid`."""

from __future__ import annotations

import importlib
from pathlib import Path

from shakyo_eval.grid import ExtractError, Grid

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
    return importlib.import_module(module).read(path, **options)


def read_bytes(path: Path) -> bytes:
    """A file's content, or the one-line reason it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ExtractError("unreadable", detail=error.strerror or error) from None
