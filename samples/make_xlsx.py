"""Writes samples/seed.xlsx: the sheets of samples/seed.txt as an Excel workbook.

    python samples/make_xlsx.py        (or `make samples`)

One worksheet per 事務事業評価表, named by its number as make_pdfs.py names them; each line
of the text export is a worksheet row (its blank lines blank rows) and each tab-separated
cell a worksheet cell. Numbers are stored as numbers, in the number format that prints them
as the export does (1,724,813 is 1724813 in ``#,##0``, 17,032.3 is 17032.3 in ``#,##0.0``),
so the xlsx extractor has to render formats to give the export's text back. Every cell of
a line is ruled, its empty ones too, as a printed table's are. Cells are
merged the way a printed sheet's are: a label or a text over the empty cells after it, and
the empty cells that open a row (the 実績 row of an indicator) into the labels above them;
a position a merge covers reads as empty, as in the export. A hidden worksheet holds a
stale copy of sheet 1 with other numbers: a reader that does not leave hidden sheets out
reads a sixth sheet.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side

from shakyo_eval.checker import read_document
from shakyo_eval.extract import read_grid

HERE = Path(__file__).resolve().parent
_THIN = Side(style="thin", color="000000")
RULED = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NUMBER = re.compile(r"(?P<int>\d{1,3}(?:,\d{3})+|0|[1-9]\d*)(?:\.(?P<frac>\d+))?")


def sheet_lines(source: Path) -> list[dict[int, list[str]]]:
    """Per sheet, its lines (numbered from 1 at the sheet's first line) and their cells."""
    starts = [sheet.location.line for sheet in read_document(source).sheets]
    sheets: list[dict[int, list[str]]] = [{} for _ in starts]
    for row in read_grid(source).rows:
        line = row.location.line
        index = sum(start <= line for start in starts) - 1
        if index >= 0:
            sheets[index][line - starts[index] + 1] = row.texts
    return sheets


def cell_value(text: str) -> tuple[object, str | None]:
    """What to store for a printed text, and the number format that prints it again."""
    match = _NUMBER.fullmatch(text)
    if not match:
        return (text or None), None
    digits = match["int"].replace(",", "")
    decimals = len(match["frac"] or "")
    code = ("#,##0" if "," in match["int"] else "0") + ("." + "0" * decimals if decimals else "")
    return (float(text.replace(",", "")) if decimals else int(digits)), code


def write_sheet(worksheet, lines: dict[int, list[str]]) -> None:
    down: dict[int, tuple[int, int]] = {}  # column → first and last row of a merge down it
    for number, texts in sorted(lines.items()):
        above = lines.get(number - 1)
        leading = next((i for i, text in enumerate(texts) if text), len(texts))
        for column, (first, _) in list(down.items()):
            if above is not None and column <= leading:
                down[column] = (first, number)
            else:
                _merge(worksheet, first, column, down.pop(column)[1], column)
        for column in range(1, leading + 1):
            if above is not None and column not in down and _opens_down(above, column):
                down[column] = (number - 1, number)
        for column, text in enumerate(texts, start=1):
            value, code = cell_value(text)
            cell = worksheet.cell(number, column, value)
            cell.border = RULED  # every cell of a table is ruled, the empty ones too
            if code:
                cell.number_format = code
            elif value is not None:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if value is not None and not code:  # a label or a text over the empty cells after it
                end = column
                while end < len(texts) and not texts[end]:
                    end += 1
                _merge(worksheet, number, column, number, end)
    for column, (first, last) in down.items():
        _merge(worksheet, first, column, last, column)


def _opens_down(above: list[str], column: int) -> bool:
    """Whether the cell above an empty one is a label spanning one column only."""
    text = above[column - 1] if column <= len(above) else ""
    alone = column == len(above) or bool(above[column])  # not merged over the next cell
    return bool(text) and cell_value(text)[1] is None and alone


def _merge(worksheet, top: int, left: int, bottom: int, right: int) -> None:
    if (bottom, right) != (top, left):
        worksheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def main() -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = sheet_lines(HERE / "seed.txt")
    for number, lines in enumerate(sheets, start=1):
        write_sheet(workbook.create_sheet(str(number)), lines)
    stale = workbook.create_sheet("作業用")
    write_sheet(stale, {n: [re.sub(r"\d", "9", t) for t in ts] for n, ts in sheets[0].items()})
    stale.sheet_state = "hidden"
    target = HERE / "seed.xlsx"
    workbook.save(target)
    print(f"{target.relative_to(HERE.parent)}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
