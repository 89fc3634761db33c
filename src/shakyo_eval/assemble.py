"""Any grid → records. The only module that knows where things stand on a sheet.

The assembler reads rows in order and keeps a little state: which table it is in, which year
columns that table printed, which indicator or staff row came last. Rows are recognised by
their labels (labels.py), never by position alone, because real exports shift cells about:
in the seed, sheet 4 prints 支出合計 where other sheets print the 支出 group label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from shakyo_eval import labels as L
from shakyo_eval.grid import Cell, Grid, Row
from shakyo_eval.model import (
    CostYear,
    Document,
    Header,
    Indicator,
    IndicatorYear,
    Location,
    Number,
    Sheet,
    StaffCost,
    Text,
    UnitCostYear,
    UnknownRow,
    Unparsed,
    YearColumn,
)
from shakyo_eval.narrative import read_figures
from shakyo_eval.numbers import NotANumber, clean_text, fiscal_year, nfkc, parse_number

_SHEET_NUMBER = re.compile(r"^(\d+)[\s.．、]*(.*)$", re.S)


def assemble(grid: Grid) -> Document:
    """The records of every sheet in the grid, in order."""
    document = Document(path=grid.path, format=grid.format, notes=list(grid.notes))
    for rows in split_sheets(grid.rows):
        document.sheets.append(SheetBuilder().build(rows))
    return document


@dataclass(slots=True)
class _Line:
    """A row with its cells' comparable labels computed once."""

    row: Row
    keys: list[str]

    @property
    def cells(self) -> list[Cell]:
        return self.row.cells

    def first_index(self) -> int:
        return next((i for i, k in enumerate(self.keys) if k), 0)

    def first_key(self) -> str:
        return self.keys[self.first_index()] if self.keys else ""


def _line(row: Row) -> _Line:
    return _Line(row, [("" if c.covered else L.squash(c.text)) for c in row.cells])


def split_sheets(rows: Iterable[Row]) -> Iterator[list[_Line]]:
    """Rows grouped per sheet: a sheet starts at its 事務事業名 row (or the title just before it).

    Rows before the first sheet (a cover or an index page) belong to no sheet.
    """
    current: list[_Line] | None = None
    pending_titles: list[_Line] = []
    for row in rows:
        line = _line(row)
        first = line.first_key()
        if not first:
            continue
        if L.DOCUMENT_TITLE.search(first) and len([k for k in line.keys if k]) == 1:
            pending_titles = [line]
            continue
        if first == L.SHEET_TITLE:
            if current:
                yield current
            current = [*pending_titles, line]
            pending_titles = []
            continue
        if pending_titles:
            pending_titles.append(line)  # rows between a title and its 事務事業名 row
        elif current is not None:
            current.append(line)
    if current:
        yield current


@dataclass
class _Table:
    """A table's header: its year columns and where the first year is printed."""

    years: list[str]
    first_year_column: int
    scale: int = 1
    columns: dict[str, int] = field(default_factory=dict)


def year_label(key: str) -> str | None:
    """A squashed cell that names a year column → its printed form (``R4``), else None."""
    match = L.YEAR_LABEL.match(key)
    if not match:
        return None
    if match["r"]:
        return f"{match['r']}{int(match['n'])}"
    return f"{match['era']}{match['en']}年度"


def _table_header(line: _Line) -> _Table | None:
    years: list[str] = []
    first = -1
    for index, key in enumerate(line.keys):
        label = year_label(key)
        if label:
            years.append(label)
            if first < 0:
                first = index
    if not years:
        return None
    columns = {key: i for i, key in enumerate(line.keys) if key and i < first}
    return _Table(years, first, columns=columns)


class SheetBuilder:
    def __init__(self) -> None:
        self.sheet = Sheet()
        self.section = "header"
        self.table: _Table | None = None
        self.indicator: Indicator | None = None
        self.staff_category: str | None = None
        self.in_revenue = False

    # --- entry ----------------------------------------------------------------------------

    def build(self, lines: list[_Line]) -> Sheet:
        for line in lines:
            self._feed(line)
        self._finish()
        return self.sheet

    def _feed(self, line: _Line) -> None:
        first = line.first_key()
        if L.DOCUMENT_TITLE.search(first) and self.sheet.header.fiscal_year is None:
            self._title(line)
            return
        if first == L.SHEET_TITLE or first in L.HEADER_FIELDS:
            self.section = "header"
            self._header_row(line)
            return
        if first in (L.INDICATOR_HEADER, L.INDICATOR_HEADER + "名") and (
            header := _table_header(line)
        ):
            self._start_table("indicators", header)
            return
        if L.COST_HEADER.match(first) and (header := _table_header(line)):
            header.scale = 1000 if L.THOUSAND_YEN in first else 1
            self.sheet.cost_scale = header.scale
            self._start_table("costs", header)
            self.in_revenue = True
            return
        if L.UNIT_COST_HEADER.match(first) and (header := _table_header(line)):
            header.scale = 1000 if L.THOUSAND_YEN in first else 1
            self._start_table("unit_costs", header)
            return
        if first == L.REMARKS:
            self.section = "remarks"
            self.sheet.remarks = self._text_after(line, line.first_index())
            return
        if first.startswith(L.EVALUATION):
            self.section = "evaluation"
            self.sheet.evaluation = self._text_after(line, line.first_index())
            return
        if first.startswith(L.DIRECTION):
            self.section = "direction"
            self._direction(line)
            return
        handler = {
            "indicators": self._indicator_row,
            "costs": self._cost_row,
            "unit_costs": self._unit_cost_row,
        }.get(self.section)
        if handler:
            handler(line)
        else:
            self._unknown(line)

    def _finish(self) -> None:
        activities = self.sheet.header.activities
        if activities:
            self.sheet.figures = read_figures(activities.text, activities.location)
        seen: dict[str, None] = {}
        for indicator in self.sheet.indicators:
            seen.update(dict.fromkeys(indicator.years))
        seen.update(dict.fromkeys(c.year for c in self.sheet.costs))
        seen.update(dict.fromkeys(u.year for u in self.sheet.unit_costs))
        self.sheet.years = [YearColumn(label=y, fiscal_year=fiscal_year(y)) for y in seen]

    # --- header ---------------------------------------------------------------------------

    def _title(self, line: _Line) -> None:
        cell = line.cells[line.first_index()]
        text = clean_text(cell.text)
        self.sheet.header.fiscal_year = fiscal_year(text)
        self.sheet.header.fiscal_year_text = Text(text=text, location=cell.location)
        self.sheet.location = cell.location

    def _header_row(self, line: _Line) -> None:
        index = 0
        while index < len(line.cells):
            key = line.keys[index]
            if key == L.SHEET_TITLE or key in L.HEADER_FIELDS:
                value_index = self._next_value(line, index)
                if value_index is not None:
                    self._header_field(key, line.cells[value_index])
                    index = value_index
            index += 1

    def _next_value(self, line: _Line, index: int) -> int | None:
        for j in range(index + 1, len(line.cells)):
            key = line.keys[j]
            if not key:
                continue
            if key == L.SHEET_TITLE or key in L.HEADER_FIELDS:
                return None
            return j
        return None

    def _header_field(self, key: str, cell: Cell) -> None:
        text = Text(text=clean_text(cell.text), location=cell.location)
        header: Header = self.sheet.header
        if key == L.SHEET_TITLE:
            match = _SHEET_NUMBER.match(text.text)
            if match:
                self.sheet.number = int(match[1])
                self.sheet.name = L.tidy(match[2])
            else:
                self.sheet.name = L.tidy(text.text)
            if self.sheet.location == Location():
                self.sheet.location = cell.location
            return
        attribute = L.HEADER_FIELDS[key]
        setattr(header, attribute, text)
        if attribute == "start_year_text":
            header.start_year = fiscal_year(text.text)

    # --- tables ---------------------------------------------------------------------------

    def _start_table(self, section: str, table: _Table) -> None:
        self.section = section
        self.table = table
        self.indicator = None
        self.staff_category = None
        if section == "costs":
            self.sheet.costs = [CostYear(year=y) for y in table.years]
        elif section == "unit_costs":
            self.sheet.unit_costs = [UnitCostYear(year=y) for y in table.years]

    def _label_end(self, line: _Line) -> int:
        """The index just after the last label cell before the first value."""
        end = 0
        for index, key in enumerate(line.keys):
            if not key:
                continue
            if not L.is_label(key):
                break  # a value, or text where a value belongs (reported when parsed)
            end = index + 1
        return end

    def _value_cells(self, line: _Line, label_end: int) -> list[tuple[str, Cell | None]]:
        """Each year of the current table with the cell printed under it (None if missing).

        A text export keeps no column grid: a row may carry an empty filler cell before its
        values (sheet 4: ``支出 | 正規職員人件費 | | 2,442,900``) or an extra one after them.
        Of the windows that leave no value outside, the one starting on a value wins, then
        the one under the header's first year.
        """
        assert self.table is not None
        years = self.table.years
        region = line.cells[label_end:]
        filled = [bool(key) for key in line.keys[label_end:]]
        header_offset = max(0, self.table.first_year_column - label_end)
        offset = 0
        if len(region) > len(years):
            fits = [
                k
                for k in range(len(region) - len(years) + 1)
                if not any(filled[:k]) and not any(filled[k + len(years) :])
            ]
            starts_on_value = [k for k in fits if filled[k]]
            if starts_on_value:
                offset = starts_on_value[0]
            elif header_offset in fits or not fits:
                offset = min(header_offset, len(region) - len(years))
                if not fits:
                    self._unknown(line)
            else:
                offset = fits[0]
        cells = region[offset : offset + len(years)]
        padded: list[Cell | None] = [*cells, *[None] * (len(years) - len(cells))]
        return list(zip(years, padded, strict=True))

    def _number(self, cell: Cell | None, field: str, year: str, scale: int = 1) -> Number | None:
        if cell is None or cell.covered:
            return None
        try:
            parsed = parse_number(cell.text)
        except NotANumber:
            self.sheet.unparsed.append(
                Unparsed(field=field, year=year, text=cell.text, location=cell.location)
            )
            return None
        if parsed is None:
            return None
        scale = 1000 if parsed.unit == L.THOUSAND_YEN else scale
        return Number(
            text=cell.text.strip(),
            value=parsed.value,
            decimals=parsed.decimals,
            scale=scale,
            location=cell.location,
        )

    def _label_cells(self, line: _Line, label_end: int) -> tuple[list[str], str | None, Cell]:
        """The row's own label parts (group labels dropped), its printed letter, its cell."""
        parts: list[str] = []
        letter = None
        label_cell = line.cells[0]
        for cell, key in zip(line.cells[:label_end], line.keys[:label_end], strict=True):
            if not key:
                continue
            key, found = L.split_letter(key)
            letter = letter or found
            if key and key not in L.COST_GROUPS:
                parts.append(key)
                label_cell = cell
            elif key and not parts:
                label_cell = cell
        return parts, letter, label_cell

    # --- indicators -----------------------------------------------------------------------

    def _indicator_row(self, line: _Line) -> None:
        assert self.table is not None
        kind_index = next((i for i, k in enumerate(line.keys) if k in (L.TARGET, L.ACTUAL)), None)
        if kind_index is None:
            self._unknown(line)
            return
        row_kind = line.keys[kind_index]
        if row_kind == L.TARGET or self.indicator is None:
            self._new_indicator(line, kind_index)
        assert self.indicator is not None
        part = "target" if row_kind == L.TARGET else "actual"
        index = self.indicator.index
        for year, cell in self._value_cells(line, kind_index + 1):
            number = self._number(cell, f"indicators[{index}].{part}", year)
            setattr(self.indicator.years.setdefault(year, IndicatorYear()), part, number)

    def _new_indicator(self, line: _Line, kind_index: int) -> None:
        assert self.table is not None
        columns = self.table.columns
        offset = kind_index - columns.get(L.INDICATOR_ROW_KIND, kind_index)

        def column_text(name: str) -> tuple[int | None, str]:
            if name not in columns:
                return None, ""
            index = columns[name] + offset
            if 0 <= index < kind_index:
                return index, L.tidy(line.cells[index].text)
            return None, ""

        basis_index, basis = column_text(L.INDICATOR_BASIS)
        unit_index, unit = column_text(L.INDICATOR_UNIT)
        used = {basis_index, unit_index}
        texts = [
            (i, L.tidy(line.cells[i].text))
            for i in range(kind_index)
            if line.keys[i] and i not in used
        ]
        kind = texts[0][1] if texts else ""
        name = " ".join(t for _, t in texts[1:])
        if len(texts) == 1:  # a kind column that is missing or merged away
            kind, name = "", texts[0][1]
        self.indicator = Indicator(
            index=len(self.sheet.indicators) + 1,
            kind=kind,
            name=name,
            basis=basis,
            unit=unit,
            years={y: IndicatorYear() for y in self.table.years},
            location=line.row.location,
        )
        self.sheet.indicators.append(self.indicator)

    # --- costs ----------------------------------------------------------------------------

    def _cost_row(self, line: _Line) -> None:
        label_end = self._label_end(line)
        parts, letter, label_cell = self._label_cells(line, label_end)
        if not parts:
            if any(line.keys):
                self._unknown(line)
            return
        key = "".join(parts)
        field_path = next((f for p, f in L.COST_ROWS if p.fullmatch(key)), None)
        if field_path is None:
            if self.in_revenue:
                self._revenue_item(line, label_end, label_cell)
            else:
                self._unknown(line)
            return
        if field_path == "costs.staff.*.fte":
            if self.staff_category is None:
                self._unknown(line)
                return
            field_path = f"costs.staff.{self.staff_category}.fte"
        elif field_path.startswith("costs.staff.") and field_path.endswith(".cost"):
            self.staff_category = field_path.split(".")[2]
        if field_path != "costs.revenue.specific_total" and not field_path.startswith(
            "costs.revenue."
        ):
            self.in_revenue = False
        if letter:
            self.sheet.printed_letters[field_path] = Text(
                text=f"({letter})", location=label_cell.location
            )
        is_fte = field_path.endswith(".fte")
        for year, cell in self._value_cells(line, label_end):
            cost_year = self.sheet.cost_year(year)
            assert cost_year is not None
            scale = 1 if is_fte else self.table.scale  # type: ignore[union-attr]
            _set_cost(cost_year, field_path, self._number(cell, field_path, year, scale))

    def _revenue_item(self, line: _Line, label_end: int, label_cell: Cell) -> None:
        name = L.tidy(label_cell.text)
        field_path = f"costs.revenue.items[{name}]"
        for year, cell in self._value_cells(line, label_end):
            cost_year = self.sheet.cost_year(year)
            assert cost_year is not None
            number = self._number(cell, field_path, year, self.table.scale)  # type: ignore[union-attr]
            cost_year.revenue_items[name] = number

    # --- unit costs -----------------------------------------------------------------------

    def _unit_cost_row(self, line: _Line) -> None:
        label_end = self._label_end(line)
        parts, letter, label_cell = self._label_cells(line, label_end)
        if parts and parts[0] == L.UNIT_DEFINITION:
            definition = self._text_after(line, line.first_index())
            if definition:
                definition = definition.model_copy(update={"text": L.tidy(definition.text)})
            self.sheet.unit_definition = definition
            return
        key = "".join(parts)
        field_path = next((f for p, f in L.UNIT_COST_ROWS if p.fullmatch(key)), None)
        if field_path is None:
            if any(line.keys):
                self._unknown(line)
            return
        if letter:
            self.sheet.printed_letters[field_path] = Text(
                text=f"({letter})", location=label_cell.location
            )
        attribute = field_path.split(".")[1]
        scale = self.table.scale if attribute == "per_unit" else 1  # type: ignore[union-attr]
        for year, cell in self._value_cells(line, label_end):
            unit_cost = self.sheet.unit_cost_year(year)
            assert unit_cost is not None
            setattr(unit_cost, attribute, self._number(cell, field_path, year, scale))

    # --- free text ------------------------------------------------------------------------

    @staticmethod
    def _text_after(line: _Line, index: int) -> Text | None:
        """The first non-empty cell after the label at ``index``."""
        for cell, key in zip(line.cells[index + 1 :], line.keys[index + 1 :], strict=True):
            if key:
                return Text(text=clean_text(cell.text), location=cell.location)
        return None

    def _direction(self, line: _Line) -> None:
        label_cell = line.cells[line.first_index()]
        value = self._text_after(line, line.first_index())
        self.sheet.direction = value
        for text in (nfkc(label_cell.text), value.text if value else ""):
            match = L.DIRECTION_LABEL.search(text)
            if match:
                self.sheet.direction_label = match["label"].strip()
                break

    def _unknown(self, line: _Line) -> None:
        self.staff_category = None  # an unknown row between a staff row and its 業務量
        texts = [clean_text(c.text) for c, k in zip(line.cells, line.keys, strict=True) if k]
        if not texts:
            return
        self.sheet.unknown_rows.append(
            UnknownRow(
                section=self.section, label=texts[0], cells=texts, location=line.row.location
            )
        )


def _set_cost(cost_year: CostYear, field_path: str, number: Number | None) -> None:
    parts = field_path.split(".")
    if parts[1] == "staff":
        staff = cost_year.staff.setdefault(parts[2], StaffCost())
        setattr(staff, parts[3], number)
        return
    attribute = {
        "costs.revenue.specific_total": "specific_total",
        "costs.revenue.general": "general",
        "costs.revenue.total": "revenue_total",
        "costs.expenditure.project": "project",
        "costs.staff_total": "staff_total",
        "costs.expenditure.total": "total",
    }[field_path]
    setattr(cost_year, attribute, number)
