"""The format-neutral grid every extractor produces: rows of cells, each with its location.

A PDF's ruled cells, an HTML table's ``<td>`` and a text export's tab-separated fields all
end up here; the assembler turns any grid into records without knowing the format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shakyo_eval.model import Location


@dataclass(slots=True)
class Cell:
    text: str
    location: Location
    # True for a position inside a merged cell: its text belongs to the spanning cell.
    covered: bool = False


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    location: Location


@dataclass
class Grid:
    path: str
    format: str
    rows: Iterable[Row]
    notes: list[str] = field(default_factory=list)


class ExtractError(Exception):
    """A file that cannot be read; the message is the one line the user sees."""
