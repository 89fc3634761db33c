"""The text export: one line per table row, cells separated by tabs, rich cells as HTML.

This is what a PDF-to-text export of the sheets looks like (the seed document). Markdown
left-overs are dropped here: a ``## `` before a heading and ``----`` separator lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from shakyo_eval.extract import TEXT_ENCODINGS, read_bytes
from shakyo_eval.extract.richtext import html_to_text
from shakyo_eval.grid import Cell, ExtractError, Grid, Row
from shakyo_eval.model import Location

_SEPARATOR = re.compile(r"^[\s\-|:]*-{3,}[\s\-|:]*$")
_HEADING = re.compile(r"^#{1,6}\s+")


def decode(data: bytes) -> tuple[str, str]:
    """The text of the file and the encoding that read it."""
    if b"\x00" in data[:4096]:
        raise ExtractError("text.binary")
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ExtractError("text.undecodable")


def read(path: Path, **_options) -> Grid:
    data = read_bytes(path)
    text, encoding = decode(data)
    return Grid(str(path), "text", _rows(text), notes=[f"encoding: {encoding}"])


def _rows(text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _SEPARATOR.match(line):
            continue
        line = _HEADING.sub("", line)
        cells = [
            Cell(
                html_to_text(field) if "<" in field else field.strip(),
                Location(line=number, column=column),
            )
            for column, field in enumerate(line.split("\t"), start=1)
        ]
        yield Row(cells, Location(line=number))
