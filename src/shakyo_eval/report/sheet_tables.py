"""A sheet's tables as they were read, for inputs with no page image (HTML pages, text exports).

The file is read again into the format-neutral grid (extract.read_grid) and split into sheets
the way the assembler splits it, so that a sheet here is the sheet of the same index in the
report. A finding's Location is its cell's Location, so the cell it names is found by
equality. Cells an HTML span covers are folded back into the span (``colspan``/``rowspan``);
rows of one HTML ``<table>`` stay one table, and a text export's sheet is one table.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from shakyo_eval.assemble import split_sheets
from shakyo_eval.extract import read_grid
from shakyo_eval.grid import Row
from shakyo_eval.model import Location


@dataclass(frozen=True)
class DrawnCell:
    text: str
    location: Location
    colspan: int = 1
    rowspan: int = 1


DrawnTable = list[list[DrawnCell]]


def sheet_tables(path: Path, **options) -> list[list[DrawnTable]]:
    """Per sheet of the file (in order), its tables; ExtractError when it cannot be read."""
    grid = read_grid(path, **options)
    try:
        return [_tables([line.row for line in lines]) for lines in split_sheets(grid.rows)]
    finally:
        if isinstance(grid.rows, Generator):
            grid.rows.close()


def _table_key(row: Row) -> str | None:
    """The HTML table a row comes from (``table[3]`` of ``table[3]/tr[5]``); None for text."""
    element = row.location.element
    return element.split("/", 1)[0] if element else None


def _tables(rows: list[Row]) -> list[DrawnTable]:
    groups: list[list[Row]] = []
    for row in rows:
        if groups and _table_key(groups[-1][-1]) == _table_key(row):
            groups[-1].append(row)
        else:
            groups.append([row])
    return [_fold_spans(group) for group in groups]


def _fold_spans(rows: list[Row]) -> DrawnTable:
    """Each cell that is not covered, with the span of the positions it covers."""
    table: DrawnTable = []
    for r, row in enumerate(rows):
        drawn = []
        for c, cell in enumerate(row.cells):
            if cell.covered:
                continue
            colspan = 1
            while c + colspan < len(row.cells) and _covers(row, c + colspan, cell.location):
                colspan += 1
            rowspan = 1
            while r + rowspan < len(rows) and _covers(rows[r + rowspan], c, cell.location):
                rowspan += 1
            drawn.append(DrawnCell(cell.text, cell.location, colspan, rowspan))
        table.append(drawn)
    return table


def _covers(row: Row, column: int, location: Location) -> bool:
    cells = row.cells
    return column < len(cells) and cells[column].covered and cells[column].location == location
