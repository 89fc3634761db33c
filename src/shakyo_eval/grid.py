"""The format-neutral grid every extractor produces: rows of cells, each with its location.

A PDF's ruled cells, an HTML table's ``<td>`` and a text export's tab-separated fields all
end up here; the assembler turns any grid into records without knowing the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shakyo_eval.messages import render_error
from shakyo_eval.model import Location

_A1 = re.compile(r"^([A-Z]+)(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Addend:
    """A cell or a range that a sum formula adds (``sign`` +1) or subtracts (-1)."""

    sign: int
    first: str  # A1 reference without $: "B3"
    last: str  # the range's last cell; the same as first for a single cell
    sheet: str | None = None  # None: the formula's own worksheet

    def cells(self, most: int = 100_000) -> list[str]:
        """Every cell of the range, in A1 notation: B3:C4 → B3, C3, B4, C4; none for a
        range of more than ``most`` cells (=SUM(A1:XFD1048576) names 17 billion)."""
        first, last = _A1.match(self.first), _A1.match(self.last)
        if first is None or last is None:
            return []
        left, right = sorted((_column_number(first[1]), _column_number(last[1])))
        top, bottom = sorted((int(first[2]), int(last[2])))
        if (right - left + 1) * (bottom - top + 1) > most:
            return []
        return [f"{_letters(c)}{r}" for r in range(top, bottom + 1) for c in range(left, right + 1)]


@dataclass(frozen=True, slots=True)
class CellFormula:
    """A spreadsheet cell's formula; the cell's text is the value the file cached for it.

    ``addends`` when the formula only adds and subtracts cells and ranges (``=SUM(B3:B9)``,
    ``=B3+B4-B5``, ``=SUM(B3:B5)-B6``), so that a rule can compare the cached value with the
    cells; empty for any other formula, which is kept as text.
    """

    text: str  # as written, with its "=": "=SUM(B3:B9)"
    addends: tuple[Addend, ...] = ()


@dataclass(slots=True)
class Cell:
    text: str
    location: Location
    # True for a position inside a merged cell: its text belongs to the spanning cell.
    covered: bool = False
    formula: CellFormula | None = None
    header: str | None = None  # the name of its column in the file's header record (CSV)


class PlacedCell(Cell):
    """A cell whose Location (line, column and sheet name) is made when first asked for.

    For the formats with many cells that are mostly never pointed at (a CSV of 1.7 million
    fields, a worksheet 210 columns wide): a Location is a pydantic model, and one per cell
    would cost more than reading the file.
    """

    __slots__ = ("_column", "_line", "_sheet_name")

    def __init__(
        self,
        text: str,
        column: int,
        line: int,
        sheet_name: str | None = None,
        header: str | None = None,
        covered: bool = False,
        formula: CellFormula | None = None,
    ) -> None:
        self.text = text
        self.covered = covered
        self.formula = formula
        self.header = header
        self._column = column
        self._line = line
        self._sheet_name = sheet_name

    @property
    def location(self) -> Location:  # type: ignore[override]
        return Location(line=self._line, column=self._column, sheet_name=self._sheet_name)


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    location: Location

    @property
    def texts(self) -> list[str]:
        """The cells' texts in order: all a reader of values needs, and for a CSV record
        (whose cells are made only when asked for) far cheaper than the cells."""
        return [cell.text for cell in self.cells]

    def location_of(self, index: int) -> Location:
        """Where the cell at ``index`` was printed (a CSV record makes it without its cells)."""
        return self.cells[index].location

    def formula_of(self, index: int) -> CellFormula | None:
        return self.cells[index].formula


@dataclass
class Grid:
    path: str
    format: str
    rows: Iterable[Row]
    notes: list[str] = field(default_factory=list)
    # Why only part of the file could be read (pages of a damaged PDF), the rows being those
    # of the rest; an extractor whose rows are a generator sets it once they are all read.
    partial: ExtractError | None = None


class ExtractError(Exception):
    """A file that cannot be read: a key of messages.ERRORS and its parameters. ``str()`` is
    the English line; :meth:`text` the line in the user's language."""

    def __init__(self, message_id: str, **params: Any) -> None:
        self.message_id = message_id
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "ja") -> str:
        return render_error(self.message_id, self.params, lang)
