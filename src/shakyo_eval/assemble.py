"""Any grid → records, by the template that recognises each sheet.

The only module that knows where things stand on a sheet. It reads rows in order and keeps a
little state: which table it is in, which value columns that table printed, which row came
last. Rows are recognised by their labels (the template's patterns, and labels.py for what
every template shares), never by position alone, because real exports shift cells about: in
the seed, sheet 4 prints 支出合計 where other sheets print the 支出 group label.

A table row whose label the template does not list is still read, under a field made from
its label; what arithmetic its label prints (``計(a)+(b)+(c)``, ``(=フルコスト−特定財源)``,
``(f/g)``, a column ``H22/H21``) or its place says (a 計 row under the rows it closes)
becomes a relation of the sheet, beside the template's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from shakyo_eval import labels as L
from shakyo_eval.formulas import COLUMN_FORMULA, Expression, PrintedLabel, read_label
from shakyo_eval.grid import Cell, Grid, Row
from shakyo_eval.model import (
    Column,
    Document,
    Header,
    Indicator,
    IndicatorYear,
    Location,
    Number,
    Operand,
    Relation,
    Sheet,
    Table,
    TableRow,
    Text,
    UnknownRow,
    Unparsed,
)
from shakyo_eval.narrative import read_figures
from shakyo_eval.numbers import NotANumber, clean_text, fiscal_year, nfkc, parse_number
from shakyo_eval.templates import RowSpec, TableSpec, Template, built_in

_SHEET_NUMBER = re.compile(r"^(\d+)[\s.．、]*(.*)$", re.S)
_HUNDRED = Decimal(100)
_SCALES = {"千円": 1000, "円": 1}


def assemble(grid: Grid, templates: Sequence[Template] | None = None) -> Document:
    """The records of every sheet in the grid, in order, each read by its template."""
    document = Document(path=grid.path, format=grid.format, notes=list(grid.notes))
    positional = grid.format != "text"
    for template, lines in split_sheets(grid.rows, templates or built_in()):
        document.sheets.append(SheetBuilder(template, positional).build(lines))
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

    def filled(self) -> int:
        return sum(1 for k in self.keys if k)


def _line(row: Row) -> _Line:
    return _Line(row, [("" if c.covered else L.squash(c.text)) for c in row.cells])


@dataclass
class _Recogniser:
    template: Template
    start: re.Pattern[str]
    title: re.Pattern[str] | None


def split_sheets(
    rows: Iterable[Row], templates: Sequence[Template]
) -> Iterator[tuple[Template, list[_Line]]]:
    """Rows grouped per sheet, each with the template whose start row began it.

    A sheet starts at its template's start row (the seed's 事務事業名 row), or at the
    one-cell title just before it. Rows before the first sheet (a cover or an index page)
    belong to no sheet. The generic template, which recognises any evaluation sheet by its
    title, only counts in a document where no other template recognised a sheet: there its
    "sheets" before the first real one are covers and index pages."""
    recognisers = [
        _Recogniser(
            t,
            re.compile(t.sheet.start),
            re.compile(t.sheet.title) if t.sheet.title else None,
        )
        for t in templates
    ]
    current: list[_Line] | None = None
    template: Template | None = None
    pending: list[_Line] = []
    generic: list[tuple[Template, list[_Line]]] = []  # held until a real template shows up
    specific_seen = False

    def finish() -> Iterator[tuple[Template, list[_Line]]]:
        if current is None or template is None:
            return
        if template.id == "generic":
            generic.append((template, current))
        else:
            yield template, current

    for row in rows:
        line = _line(row)
        first = line.first_key()
        if not first:
            continue
        single = line.filled() == 1
        titled = next(
            (r for r in recognisers if r.title and single and r.title.search(first)), None
        )
        if titled and titled.template.id != "generic":
            pending = [line]
            continue
        started = next(
            (
                r
                for r in recognisers
                if r.start.fullmatch(first) and not (specific_seen and r.template.id == "generic")
            ),
            None,
        )
        if started:
            yield from finish()
            if started.template.id != "generic" and not specific_seen:
                specific_seen = True
                generic.clear()
            current, template = [*pending, line], started.template
            pending = []
            continue
        if pending:
            pending.append(line)  # rows between a title and its start row
        elif current is not None:
            current.append(line)
    yield from finish()
    if not specific_seen:
        yield from generic


# --- value columns -------------------------------------------------------------------------


def column_of(key: str) -> Column | None:
    """A squashed header cell that names a value column → the column, else None."""
    formula = COLUMN_FORMULA.match(key)
    if formula:
        return Column(label=key, formula=key)
    match = L.COLUMN_LABEL.match(key)
    if not match:
        return None
    if match["r"]:
        year = f"{match['r']}{int(match['n'])}"
    elif match["era"]:
        year = f"{match['era']}{match['en']}年度"
    elif match["western"]:
        year = f"{match['western']}年度"
    else:
        year = f"{int(match['plain'])}年度"
    kind = match["kind"] or match["kind2"]
    label = year + (kind or "") if match["r"] and not match["paren"] else key
    return Column(label=label, year=year, kind=kind, fiscal_year=fiscal_year(year))


@dataclass
class _Header:
    """A table's header row: its value columns and the grid positions they stand at."""

    columns: list[Column]
    positions: list[int]
    names: dict[str, int]  # the header's other labels (指標の根拠, 単位 …) and their positions

    @property
    def first(self) -> int:
        return self.positions[0]


def _table_header(line: _Line) -> _Header | None:
    columns, positions = [], []
    for index, key in enumerate(line.keys):
        column = column_of(key) if key else None
        if column is not None:
            columns.append(column.model_copy(update={"location": line.cells[index].location}))
            positions.append(index)
    if not columns:
        return None
    names = {key: i for i, key in enumerate(line.keys) if key and i < positions[0]}
    return _Header(columns, positions, names)


def _kinds_row(line: _Line, header: _Header) -> bool:
    """A second header row printing 予算/決算 under year columns that did not print it."""
    keys = [k for k in line.keys if k]
    return (
        bool(keys)
        and all(L.COLUMN_KIND.fullmatch(k) for k in keys)
        and all(c.kind is None and c.formula is None for c in header.columns)
    )


# --- the sheet -----------------------------------------------------------------------------


@dataclass
class _TableState:
    """The table being read: its record, its template spec, its header geometry."""

    table: Table
    spec: TableSpec | None
    header: _Header
    row_specs: list[tuple[re.Pattern[str], RowSpec]]
    in_items: bool = False
    unit_scale: int | None = None  # a 千円/円 printed in the table's unit column, carried down
    group: tuple[str, ...] = ()  # the block the rows are in, as its label printed it last


class SheetBuilder:
    def __init__(self, template: Template, positional: bool = False) -> None:
        self.template = template
        self.positional = positional
        self.sheet = Sheet(template=template.id)
        self.section = "header"
        self.state: _TableState | None = None
        self.indicator: Indicator | None = None
        self.above: str | None = None  # the field of the row just read (業務量 follows its row)
        self.header_patterns = [(re.compile(p), a) for p, a in template.header.items()]
        self.section_patterns = [(re.compile(p), s) for p, s in template.sections.items()]
        self.title = re.compile(template.sheet.title) if template.sheet.title else None
        self.start = re.compile(template.sheet.start)
        self.code = re.compile(template.sheet.code) if template.sheet.code else None
        self.after_start = False
        self.generic_tables = 0
        self.fields: set[str] = set()  # the row fields read so far

    # --- entry ----------------------------------------------------------------------------

    def build(self, lines: list[_Line]) -> Sheet:
        for line in lines:
            self._feed(line)
        self._finish()
        return self.sheet

    def _feed(self, line: _Line) -> None:
        first = line.first_key()
        name_row, self.after_start = self.after_start, False
        if self.code and self.sheet.code is None and (match := self.code.search(first)):
            self.sheet.code = match["code"]
            if "name" in match.groupdict() and match["name"] and not self.sheet.name:
                self.sheet.name = L.tidy(match["name"])
            return
        if self.title and self.title.search(first) and self.sheet.header.fiscal_year is None:
            self._title(line)
            return
        if self.start.fullmatch(first) and not self.sheet.name and self.section == "header":
            self._start_row(line)
            return
        if name_row and not self.sheet.name and line.filled() <= 2 and self.state is None:
            self.sheet.name = L.tidy(line.cells[line.first_index()].text)
            return
        if self._header_label(first) is not None or self._is_number_label(first):
            self.section = "header"
            self._header_row(line)
            return
        if self.state and _kinds_row(line, self.state.header):
            self._merge_kinds(line)
            return
        if (header := _table_header(line)) is not None:
            spec = next((t for t in self.template.tables if re.search(t.header, first)), None)
            if spec is not None or len(header.columns) >= 2:
                self._start_table(spec, header, line)
                return
        section = next((s for p, s in self.section_patterns if p.match(first)), None)
        if section:
            self._text_section(section, line)
            return
        if self.state is not None and self.section == "table":
            if self.state.spec is not None and self.state.spec.layout == "indicators":
                self._indicator_row(line)
            else:
                self._table_row(line)
        elif self.template.unknown_rows == "report":
            self._unknown(line)
        else:
            self._loose_text(line)

    def _finish(self) -> None:
        activities = self.sheet.header.activities
        if activities:
            self.sheet.figures = read_figures(activities.text, activities.location)
        seen: dict[str, Column] = {}
        for indicator in self.sheet.indicators:
            for year in indicator.years:
                seen.setdefault(year, Column(label=year, fiscal_year=fiscal_year(year)))
        for table in self.sheet.tables:
            for column in table.columns:
                if column.formula is None:
                    seen.setdefault(column.label, column)
        self.sheet.years = list(seen.values())
        present = {t.name for t in self.sheet.tables}
        self.sheet.missing = [
            t.name for t in self.template.tables if t.required and t.name not in present
        ]
        self.sheet.expected_letters = {r.field: r.letter for r in self.template.rows if r.letter}
        self.sheet.names = {
            r.field: (r.name, r.name_en or r.name) for r in self.template.rows if r.name
        }
        self.sheet.relations = RelationFinder(self.sheet, self.template).relations()

    # --- header ---------------------------------------------------------------------------

    def _header_label(self, key: str) -> str | None:
        return next((a for p, a in self.header_patterns if p.fullmatch(key)), None)

    def _is_number_label(self, key: str) -> bool:
        number = self.template.sheet.number
        return bool(number and re.fullmatch(number, key))

    def _title(self, line: _Line) -> None:
        cell = line.cells[line.first_index()]
        text = clean_text(cell.text)
        self.sheet.header.fiscal_year = fiscal_year(text)
        self.sheet.header.fiscal_year_text = Text(text=text, location=cell.location)
        self.sheet.location = cell.location

    def _start_row(self, line: _Line) -> None:
        """The row that started the sheet: a header row (事務事業名 | 1 ボランティア推進事業)
        or the sheet's title (平成28年度 管理事業評価調書), which may print the fiscal year."""
        if self._header_label(line.first_key()) or self._is_number_label(line.first_key()):
            self._header_row(line)
            return
        cell = line.cells[line.first_index()]
        if self.sheet.header.fiscal_year is None and fiscal_year(cell.text):
            self._title(line)
        if self.sheet.location == Location():
            self.sheet.location = cell.location
        rest = [i for i, k in enumerate(line.keys) if k][1:]
        if rest:
            self.sheet.name = L.tidy(line.cells[rest[0]].text)
        else:
            self.after_start = self.template.sheet.name_row

    def _header_row(self, line: _Line) -> None:
        index = 0
        while index < len(line.cells):
            key = line.keys[index]
            if key and (self._header_label(key) or self._is_number_label(key)):
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
            if self._header_label(key) or self._is_number_label(key):
                return None
            return j
        return None

    def _header_field(self, key: str, cell: Cell) -> None:
        text = Text(text=clean_text(cell.text), location=cell.location)
        if self._is_number_label(key):
            match = _SHEET_NUMBER.match(text.text)
            if match:
                self.sheet.number = int(match[1])
                self.sheet.name = L.tidy(match[2])
            else:
                self.sheet.name = L.tidy(text.text)
            if self.sheet.location == Location():
                self.sheet.location = cell.location
            return
        attribute = self._header_label(key)
        if attribute is None:
            return
        header: Header = self.sheet.header
        setattr(header, attribute, text)
        if attribute == "start_year_text":
            header.start_year = fiscal_year(text.text)

    def _loose_text(self, line: _Line) -> None:
        """A labelled text outside every table (担当課 | 総務部 人事課): kept, not checked."""
        keyed = [i for i, k in enumerate(line.keys) if k]
        if len(keyed) >= 2:
            label = L.tidy(line.cells[keyed[0]].text)
            cell = line.cells[keyed[1]]
            self.sheet.texts.setdefault(
                label, Text(text=clean_text(cell.text), location=cell.location)
            )

    # --- tables ---------------------------------------------------------------------------

    def _start_table(self, spec: TableSpec | None, header: _Header, line: _Line) -> None:
        first_cell = line.cells[line.first_index()]
        title = L.tidy(first_cell.text) if column_of(line.first_key()) is None else ""
        if spec is not None:
            name = spec.name
            scale = _SCALES.get(spec.scale or "") or (
                1000 if L.THOUSAND_YEN in line.first_key() else 1
            )
        else:
            self.generic_tables += 1
            name = f"table{self.generic_tables}"
            scale = 1000 if L.THOUSAND_YEN in line.first_key() else 1
        table = Table(
            name=name,
            title=title,
            columns=header.columns,
            scale=scale,
            location=line.row.location,
        )
        self.sheet.tables.append(table)
        patterns = [(re.compile(r.label), r) for r in self.template.rows_of(name)]
        self.state = _TableState(table, spec, header, patterns, in_items=bool(spec and spec.items))
        self.section = "table"
        self.indicator = None
        self.above = None

    def _merge_kinds(self, line: _Line) -> None:
        """Put 予算/決算 printed under the year columns into the columns' labels."""
        assert self.state is not None
        header = self.state.header
        kinds = {i: k for i, k in enumerate(line.keys) if k}
        if not self.positional and len(kinds) == len(header.columns):
            # a text export keeps no column grid: the n-th word is the n-th column's
            kinds = dict(zip(header.positions, kinds.values(), strict=True))
        columns = []
        for column, position in zip(header.columns, header.positions, strict=True):
            kind = kinds.get(position)
            columns.append(
                column.model_copy(update={"label": column.label + kind, "kind": kind})
                if kind
                else column
            )
        header.columns = columns
        self.state.table.columns = columns

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
        """Each value column of the current table with the cell printed under it.

        A grid with real columns (HTML, PDF) puts each value under its header; a text export
        keeps no column grid: a row may carry an empty filler cell before its values (sheet
        4: ``支出 | 正規職員人件費 | | 2,442,900``) or an extra one after them. Of the windows
        that leave no value outside, the one under the header wins in a grid with real
        columns; in a text export the one starting on a value, then the one under the
        header's first column."""
        assert self.state is not None
        header = self.state.header
        labels = [c.label for c in header.columns]
        if self.positional and len(line.cells) > header.positions[-1]:
            outside = [
                i
                for i, key in enumerate(line.keys)
                if key and i >= label_end and i not in header.positions
            ]
            if not outside:
                return [
                    (lab, line.cells[p]) for lab, p in zip(labels, header.positions, strict=True)
                ]
        region = line.cells[label_end:]
        filled = [bool(key) for key in line.keys[label_end:]]
        header_offset = max(0, header.first - label_end)
        offset = 0
        if len(region) > len(labels):
            fits = [
                k
                for k in range(len(region) - len(labels) + 1)
                if not any(filled[:k]) and not any(filled[k + len(labels) :])
            ]
            starts_on_value = [k for k in fits if filled[k]]
            if self.positional and header_offset in fits:
                offset = header_offset
            elif starts_on_value:
                offset = starts_on_value[0]
            elif header_offset in fits or not fits:
                offset = min(header_offset, len(region) - len(labels))
                if not fits:
                    self._unknown(line)
            else:
                offset = fits[0]
        cells = region[offset : offset + len(labels)]
        padded: list[Cell | None] = [*cells, *[None] * (len(labels) - len(cells))]
        return list(zip(labels, padded, strict=True))

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

    def _label_cells(
        self, line: _Line, label_end: int
    ) -> tuple[list[str], tuple[str, ...], str | None, Cell]:
        """The row's own label parts, its group labels, a unit it prints, its label cell."""
        assert self.state is not None
        groups = set(self.state.spec.groups) if self.state.spec else set()
        parts: list[str] = []
        group: list[str] = []
        unit = None
        label_cell = line.cells[0]
        for cell, key in zip(line.cells[:label_end], line.keys[:label_end], strict=True):
            if not key:
                continue
            if L.UNIT_CELL.fullmatch(key):
                unit = key.strip("()")
                continue
            bare, _ = L.split_letter(key)
            if not bare and parts:  # a letter in a cell of its own: 支出合計 | (f)
                parts[-1] += key
                continue
            if bare in groups:
                group.append(bare)
                if not parts:
                    label_cell = cell
                continue
            parts.append(key)
            label_cell = cell
        if len(parts) > 1 and not groups:
            # without a template's group words, the labels before the last one name its block
            group += [L.split_letter(p)[0] for p in parts[:-1]]
            parts = parts[-1:]
        return parts, tuple(group), unit, label_cell

    def _table_row(self, line: _Line) -> None:
        state = self.state
        assert state is not None
        text_spec = next(
            (r for p, r in state.row_specs if r.text and p.fullmatch(line.first_key())), None
        )
        if text_spec is not None:
            self._text_row(line, text_spec)
            return
        label_end = self._label_end(line)
        parts, group, unit, label_cell = self._label_cells(line, label_end)
        if not parts:
            if group and not any(k for k in line.keys[label_end:]):
                state.group = group  # a block's label on a row of its own (財源 | 内訳)
                return
            if any(line.keys):
                self._unknown(line)
            return
        printed = read_label("".join(parts))
        if group and group != state.group:
            state.group = group
        spec = next(
            (
                r
                for p, r in state.row_specs
                if not r.text and p.fullmatch(printed.name) and r.after in (None, self.above)
            ),
            None,
        )
        field_path, name, name_en = self._field_of(spec, printed, line, label_cell)
        if field_path is None:
            return
        if printed.letter and spec is not None:
            self.sheet.printed_letters[field_path] = Text(
                text=f"({printed.letter})", location=label_cell.location
            )
        if unit in (L.THOUSAND_YEN, "円"):
            state.unit_scale = 1000 if unit == L.THOUSAND_YEN else 1
        scale = self._scale(spec, unit)
        row = TableRow(
            field=field_path,
            label=L.tidy(label_cell.text),
            name=name,
            name_en=name_en,
            group=state.group,
            letter=Text(text=f"({printed.letter})", location=label_cell.location)
            if printed.letter
            else None,
            formula=Text(text=printed.formula_text, location=label_cell.location)
            if printed.formula_text
            else None,
            unit=unit or (spec.unit if spec is not None else None),
            location=line.row.location,
        )
        for column, cell in self._value_cells(line, label_end):
            number = self._number(cell, field_path, column, scale)
            if number is not None:
                row.values[column] = number
        state.table.rows.append(row)
        self.fields.add(field_path)
        self.above = field_path

    def _field_of(
        self, spec: RowSpec | None, printed: PrintedLabel, line: _Line, label_cell: Cell
    ) -> tuple[str | None, str, str]:
        """The row's field, and its names: the template's, or made from the printed label."""
        state = self.state
        assert state is not None
        table = state.table
        if spec is not None:
            field_path = spec.field
            if (state.spec and state.spec.items_until == field_path) or (
                state.in_items and not field_path.startswith(state.spec.items or "\0")
            ):
                state.in_items = False
            return field_path, spec.name or "", spec.name_en or ""
        label = L.tidy(label_cell.text)
        if state.in_items and state.spec and state.spec.items:
            return f"{state.spec.items}[{label}]", label, label
        if state.spec is not None and state.spec.unknown_rows == "report":
            self._unknown(line)
            return None, "", ""
        key = L.tidy(nfkc(printed.name)) or label
        path = f"{table.name}.rows[{key}]"
        if path in self.fields:  # the same label twice: the second is told by its place
            path = f"{table.name}.rows[{key}#{len(table.rows) + 1}]"
        return path, "", ""

    def _scale(self, spec: RowSpec | None, unit: str | None) -> int:
        """A row's scale to yen: the template's word, else the unit it prints, else the 千円
        or 円 printed last in the table's unit column, else the table's."""
        state = self.state
        assert state is not None
        if spec is not None:
            if not spec.amount:
                return 1
            return _SCALES.get(spec.scale or "") or state.table.scale
        if unit is not None:
            return _SCALES.get(unit, 1)
        return state.unit_scale or state.table.scale

    def _text_row(self, line: _Line, spec: RowSpec) -> None:
        text = self._text_after(line, line.first_index())
        if text is not None:
            text = text.model_copy(update={"text": L.tidy(text.text)})
        if spec.field == "unit_cost.definition":
            self.sheet.unit_definition = text
        elif text is not None:
            self.sheet.texts[spec.field] = text

    # --- indicators -----------------------------------------------------------------------

    def _indicator_row(self, line: _Line) -> None:
        assert self.state is not None
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
        assert self.state is not None
        columns = self.state.header.names
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
            years={c.label: IndicatorYear() for c in self.state.header.columns},
            location=line.row.location,
        )
        self.sheet.indicators.append(self.indicator)

    # --- free text ------------------------------------------------------------------------

    @staticmethod
    def _text_after(line: _Line, index: int) -> Text | None:
        """The first non-empty cell after the label at ``index``."""
        for cell, key in zip(line.cells[index + 1 :], line.keys[index + 1 :], strict=True):
            if key:
                return Text(text=clean_text(cell.text), location=cell.location)
        return None

    def _text_section(self, section: str, line: _Line) -> None:
        self.section = section
        self.state = None
        value = self._text_after(line, line.first_index())
        if section == "remarks":
            self.sheet.remarks = value
        elif section == "evaluation":
            self.sheet.evaluation = value
        else:
            self.sheet.direction = value
            label_cell = line.cells[line.first_index()]
            for text in (nfkc(label_cell.text), value.text if value else ""):
                match = L.DIRECTION_LABEL.search(text)
                if match:
                    self.sheet.direction_label = match["label"].strip()
                    break

    def _unknown(self, line: _Line) -> None:
        self.above = None  # an unknown row between a staff row and its 業務量
        texts = [clean_text(c.text) for c, k in zip(line.cells, line.keys, strict=True) if k]
        if not texts:
            return
        section = self.state.table.name if self.state and self.section == "table" else self.section
        self.sheet.unknown_rows.append(
            UnknownRow(section=section, label=texts[0], cells=texts, location=line.row.location)
        )


# --- relations -----------------------------------------------------------------------------


class RelationFinder:
    """The relations a sheet must satisfy: its template's, then what its labels print, then
    the 計 rows under the blocks they close; a field that one source relates is not related
    again by a later one."""

    def __init__(self, sheet: Sheet, template: Template) -> None:
        self.sheet = sheet
        self.template = template
        self.found: list[Relation] = []
        self.results: set[tuple[str, str | None]] = set()

    def relations(self) -> list[Relation]:
        self._template()
        for table in self.sheet.tables:
            self._printed(table)
            self._column_formulas(table)
            self._blocks(table)
        return self.found

    def _add(self, relation: Relation) -> None:
        key = (relation.result, relation.column)
        if key in self.results:
            return
        self.results.add(key)
        self.found.append(relation)

    def _template(self) -> None:
        for spec, formula in self.template.formulas():
            operands = []
            for sign, name in formula.expression.terms:
                for field_path in self._expand(name):
                    operands.append(Operand(field=field_path, sign=sign))
            expression = formula.expression
            self._add(
                Relation(
                    kind=expression.kind,
                    rule=spec.rule or default_rule(expression, self._unit(formula.result)),
                    result=formula.result,
                    operands=operands,
                    factor=expression.factor,
                    source="template",
                    formula=spec.formula,
                    text=spec.text or self._describe(expression, formula.result, "ja"),
                    text_en=spec.text_en or self._describe(expression, formula.result, "en"),
                )
            )

    def _expand(self, name: str) -> list[str]:
        if name.endswith("[*]"):
            family = name[:-3] + "["
            return [r.field for r in self.sheet.rows() if r.field.startswith(family)]
        return [name]

    def _unit(self, field_path: str) -> str | None:
        row = self.sheet.row(field_path)
        return row.unit if row else None

    def _describe(self, expression: Expression, result: str, lang: str) -> str:
        """How a message writes the formula: in the rows' letters where every row has one
        (``(a) + (b)``), else in their names."""
        letters = self.sheet.expected_letters
        names = self.sheet.field_names()
        operands = [name for _, name in expression.terms]
        if all(o in letters for o in operands):
            words = [f"({letters[o]})" for o in operands]
        else:
            index = 0 if lang == "ja" else 1
            words = [
                L.ROW_LETTER_SUFFIX.sub("", names[o][index]) if o in names else o for o in operands
            ]
        return _join(expression, words)

    def _printed(self, table: Table) -> None:
        """Formulas the labels print: 計(a)+(b)+(c), (f)=(d)+(e), (=フルコスト−特定財源), (f/g)."""
        letters = self._letters()
        for row in table.rows:
            if row.formula is None:
                continue
            printed = read_label(L.squash(row.label))
            expression = printed.formula
            if expression is None:
                continue
            resolve = self._by_letter if printed.operands_are == "letters" else self._by_name
            fields = [resolve(name, letters, table) for name in expression.operands]
            if any(f is None for f in fields) or row.field in fields:
                continue
            factor = expression.factor
            if expression.kind == "quotient" and _is_percent(row):
                factor *= _HUNDRED
            words = [
                f"({n})" if printed.operands_are == "letters" else n for n in expression.operands
            ]
            self._add(
                Relation(
                    kind=expression.kind,
                    rule=default_rule(expression, "%" if factor == _HUNDRED else row.unit),
                    result=row.field,
                    operands=[
                        Operand(field=f, sign=s)  # type: ignore[arg-type]
                        for f, (s, _) in zip(fields, expression.terms, strict=True)
                    ],
                    factor=factor,
                    source="label",
                    formula=printed.formula_text,
                    text=_join(expression, words),
                    text_en=_join(expression, words),
                    location=row.formula.location,
                )
            )

    def _letters(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for row in self.sheet.rows():
            if row.letter is not None and "/" not in row.letter.text:
                found.setdefault(row.letter.text.strip("()"), []).append(row.field)
        return found

    @staticmethod
    def _by_letter(letter: str, letters: dict[str, list[str]], _table: Table) -> str | None:
        fields = letters.get(letter, [])
        return fields[0] if len(fields) == 1 else None

    def _by_name(self, name: str, _letters: dict, table: Table) -> str | None:
        key = L.squash(name)
        for rows in (table.rows, list(self.sheet.rows())):
            found = [r.field for r in rows if read_label(L.squash(r.label)).name == key]
            if len(found) == 1:
                return found[0]
            if found:
                return None
        return None

    def _column_formulas(self, table: Table) -> None:
        """A column H22/H21: each row's value there is its 22 column over its 21 column."""
        for column in table.columns:
            match = COLUMN_FORMULA.match(column.formula or "")
            if not match:
                continue
            top = _column_for(table, match["top"])
            bottom = _column_for(table, match["bottom"])
            if top is None or bottom is None:
                continue
            expression = Expression("quotient", ((1, top), (1, bottom)), _HUNDRED)
            for row in table.rows:
                if column.label not in row.values:
                    continue
                self._add(
                    Relation(
                        kind="quotient",
                        rule="SE202",
                        result=row.field,
                        column=column.label,
                        operands=[
                            Operand(field=row.field, column=top),
                            Operand(field=row.field, column=bottom),
                        ],
                        factor=_HUNDRED,
                        source="label",
                        formula=column.label,
                        text=_join(expression, [top, bottom]),
                        text_en=_join(expression, [top, bottom]),
                        location=column.location,
                    )
                )

    def _blocks(self, table: Table) -> None:
        """A 計/合計/小計 row is the sum of the amount rows of the block it closes."""
        for first, last in _blocks_of(table):
            total = table.rows[last]
            parts = [
                r
                for r in table.rows[first:last]
                if r.values
                and r.unit in (None, L.THOUSAND_YEN, "円")
                and not L.BLOCK_TOTAL.fullmatch(read_label(L.squash(r.label)).name)
            ]
            if len(parts) < 2:
                continue
            words = [L.ROW_LETTER_SUFFIX.sub("", p.name or p.label) for p in parts]
            expression = Expression("sum", tuple((1, w) for w in words))
            self._add(
                Relation(
                    kind="sum",
                    rule="SE101",
                    result=total.field,
                    operands=[Operand(field=p.field) for p in parts],
                    source="block",
                    formula=" + ".join(words),
                    text=_join(expression, words),
                    text_en=_join(expression, words),
                    location=total.location,
                )
            )


def _blocks_of(table: Table) -> list[tuple[int, int]]:
    """(first row, 計 row) of each block a 計 row closes: the rows above it back to the
    previous 計 row, the start of the table or the start of its group."""
    blocks = []
    start = 0
    for index, row in enumerate(table.rows):
        if index and row.group != table.rows[index - 1].group:
            start = index
        match = L.BLOCK_TOTAL.fullmatch(read_label(L.squash(row.label)).name)
        if match and row.formula is None:
            # 特定財源合計 closes the block of 特定財源; a bare 計 whatever block it ends
            if not match["of"] or (row.group and row.group[-1] == match["of"]):
                blocks.append((start, index))
            start = index + 1
    return blocks


def _column_for(table: Table, year: str) -> str | None:
    """The value column a column formula names (22 → 22年度(決算), H21 → H21)."""
    number = int(re.sub(r"\D", "", year))
    found = [
        c.label
        for c in table.columns
        if c.formula is None and c.year and _year_number(c.year) == number
    ]
    return found[0] if len(found) == 1 else None


def _year_number(year: str) -> int | None:
    digits = re.search(r"\d+", year)
    return int(digits.group()) if digits else None


def _is_percent(row: TableRow) -> bool:
    label = nfkc(row.label)
    return row.unit == "%" or "%" in label or any(n.text.endswith("%") for n in row.values.values())


def default_rule(expression: Expression, unit: str | None) -> str:
    """The rule a relation's findings go under when its template names none."""
    if expression.kind == "quotient":
        return "SE202" if unit == "%" or expression.factor == _HUNDRED else "SE201"
    if expression.kind == "product":
        return "SE107"
    if any(sign < 0 for sign, _ in expression.terms):
        return "SE106"
    return "SE105"


def _join(expression: Expression, words: list[str]) -> str:
    if expression.kind == "quotient":
        text = f"{words[0]} ÷ {words[1]}"
        return f"{text} × {expression.factor.normalize():f}" if expression.factor != 1 else text
    if expression.kind == "product":
        text = " × ".join(words)
        return f"{text} × {expression.factor.normalize():f}" if expression.factor != 1 else text
    out = words[0] if expression.terms[0][0] > 0 else f"− {words[0]}"
    for (sign, _), word in zip(expression.terms[1:], words[1:], strict=True):
        out += f" {'+' if sign > 0 else '−'} {word}"
    return out
