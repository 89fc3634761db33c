"""The format-neutral grid every extractor produces: rows of cells, each with its location.

A PDF's ruled cells, an HTML table's ``<td>`` and a text export's tab-separated fields all
end up here; the assembler turns any grid into records without knowing the format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shakyo_eval.messages import render_error
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
