"""A workbook's sum formulas beside the figures they add, for SE109.

A workbook keeps, with each formula, the value it had when the file was last calculated. A
file saved with calculation set to manual, or written by a program that stores values and
not results, shows a total that its cells no longer add up to. For each value read from a
cell whose formula only adds and subtracts cells, the readers of sheets (the assembler, the
record reader) note it here with the cells it names; once the sheet is read, the cells are
looked up among its rows and parsed, and the rule only adds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shakyo_eval.grid import Cell, CellFormula
from shakyo_eval.model import CellSum, Number
from shakyo_eval.numbers import NotANumber, number_at, parse_number


@dataclass
class FormulaValues:
    """The formula cells read into one sheet, until the sheet's cells can be looked up."""

    pending: list[tuple[str, str | None, Number, CellFormula]] = field(default_factory=list)

    def note(
        self, formula: CellFormula | None, field: str, year: str | None, number: Number
    ) -> None:
        if formula is not None and formula.addends:
            self.pending.append((field, year, number, formula))

    def resolve(self, cells: Iterable[Cell]) -> list[CellSum]:
        """The noted sums whose every cell is among ``cells`` (the rows the sheet was read
        from) or a blank of those rows; a formula naming another worksheet, a row outside
        the sheet or a cell of text is left out: there is nothing to add it up from."""
        if not self.pending:
            return []
        by_reference: dict[tuple[str | None, str], Cell] = {}
        lines: set[tuple[str | None, int | None]] = set()
        for cell in cells:
            location = cell.location
            if location.cell is not None:
                by_reference[(location.sheet_name, location.cell)] = cell
                lines.add((location.sheet_name, location.line))
        sums = []
        for field_path, year, number, formula in self.pending:
            worksheet = number.location.sheet_name
            terms: list[tuple[int, Number]] = []
            for addend in formula.addends:
                if addend.sheet is not None and addend.sheet != worksheet:
                    break
                named = [_number(by_reference, lines, worksheet, r) for r in addend.cells()]
                if not named or any(n is False for n in named):
                    break
                terms += [(addend.sign, n) for n in named if isinstance(n, Number)]
            else:
                sums.append(
                    CellSum(
                        field=field_path, year=year, formula=formula.text, total=number, terms=terms
                    )
                )
        return sums


def _number(
    by_reference: dict[tuple[str | None, str], Cell],
    lines: set[tuple[str | None, int | None]],
    worksheet: str | None,
    reference: str,
) -> Number | bool | None:
    """The number in a named cell; None for a blank; False when it cannot be added (not
    among the sheet's rows, or text)."""
    cell = by_reference.get((worksheet, reference))
    if cell is None:
        row = int(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        return None if (worksheet, row) in lines else False
    if cell.covered:
        return None
    try:
        parsed = parse_number(cell.text)
    except NotANumber:
        return False
    if parsed is None:
        return None
    return number_at(parsed, cell.text, cell.location)
