"""Any grid → records, by the template that recognises each sheet.

The only module that knows where things stand on a sheet. It reads rows in order and keeps a
little state: which table it is in, which value columns that table printed and where, which
block (収入, 特定財源, 人件費 …) the rows are in, which row came last. Rows are recognised by
their labels (the template's patterns, and labels.py for what every template shares), never by
position alone, because real exports shift cells about: in the seed, sheet 4 prints 支出合計
where other sheets print the 支出 group label.

A table row whose label the template does not list is still read, under a field made from
its label, so that what its label prints can be checked (relations.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from shakyo_eval import labels as L
from shakyo_eval.cellsums import FormulaValues
from shakyo_eval.formulas import COLUMN_FORMULA, read_label
from shakyo_eval.grid import Cell, Grid, Row
from shakyo_eval.model import (
    Column,
    Document,
    Header,
    Indicator,
    IndicatorYear,
    Location,
    Number,
    Sheet,
    Table,
    TableRow,
    Text,
    UnknownRow,
    Unparsed,
)
from shakyo_eval.narrative import read_figures
from shakyo_eval.numbers import (
    NotANumber,
    clean_text,
    fiscal_year,
    nfkc,
    number_at,
    parse_number,
)
from shakyo_eval.records import RecordReader, header_of
from shakyo_eval.relations import find_relations
from shakyo_eval.templates import RowSpec, TableSpec, Template, built_in

_SHEET_NUMBER = re.compile(r"^(\d+)[\s.．、]*(.*)$", re.S)
_SCALES = {"千円": 1000, "円": 1}
GENERIC = "generic"


def assemble(grid: Grid, templates: Sequence[Template] | None = None) -> Document:
    """The records of every sheet in the grid, in order, each read by its template."""
    document = Document(path=grid.path, format=grid.format, notes=list(grid.notes))
    document.sheets = list(read_sheets(grid, templates))
    return document


# A data file's header row comes first, or after a title or two: looked for in this many rows.
_HEADER_ROWS = 20


def read_sheets(grid: Grid, templates: Sequence[Template] | None = None) -> Iterator[Sheet]:
    """The grid's sheets one by one, as they are read: a check need not hold them all. A
    data file (a records template's header row among its first rows) gives a sheet per
    record; any other, a sheet per printed sheet its templates recognise."""
    templates = templates or built_in()
    records = [t for t in templates if t.records is not None]
    rows = iter(grid.rows)
    head: list[Row] = []
    for row in rows if records else ():
        template = header_of(row, records)
        if template is not None:
            yield from RecordReader(template, row).read(rows)
            return
        head.append(row)
        if len(head) >= _HEADER_ROWS:
            break
    positional = grid.format != "text"
    for template, lines in split_sheets(chain(head, rows), templates):
        yield SheetBuilder(template, positional).build(lines)


@dataclass(slots=True)
class _Line:
    """A row with its cells' comparable labels, and the first of them, computed once."""

    row: Row
    keys: list[str]
    first: int = 0

    def __post_init__(self) -> None:
        for index, key in enumerate(self.keys):
            if key:
                self.first = index
                break

    @property
    def cells(self) -> list[Cell]:
        return self.row.cells

    def first_index(self) -> int:
        return self.first

    def first_key(self) -> str:
        return self.keys[self.first] if self.keys else ""

    def filled(self) -> list[int]:
        return [i for i, k in enumerate(self.keys) if k]


def _line(row: Row) -> _Line:
    return _Line(row, [("" if c.covered else L.squash(c.text)) for c in row.cells])


@dataclass
class _Recogniser:
    template: Template
    start: re.Pattern[str]
    title: re.Pattern[str] | None

    @property
    def generic(self) -> bool:
        return self.template.id == GENERIC


def split_sheets(
    rows: Iterable[Row], templates: Sequence[Template]
) -> Iterator[tuple[Template, list[_Line]]]:
    """Rows grouped per sheet, each with the template whose start row began it.

    A sheet starts at its template's start row (the seed's 事務事業名 row), with the one-cell
    title just before it (令和6年度 事務事業評価表). Rows before the first sheet (a cover or
    an index page) belong to no sheet. The generic template, which recognises any evaluation
    sheet by its title, only counts in a document where no other template recognised a
    sheet: there its "sheets" before the first real one are covers and index pages."""
    recognisers = [
        _Recogniser(
            t, re.compile(t.sheet.start), re.compile(t.sheet.title) if t.sheet.title else None
        )
        for t in templates
        if t.sheet is not None  # a records template reads data files, not printed sheets
    ]
    specific = [r for r in recognisers if not r.generic]
    generic = [r for r in recognisers if r.generic]
    current: list[_Line] | None = None
    template: Template | None = None
    pending: list[_Line] = []
    held: list[tuple[Template, list[_Line]]] = []  # generic sheets, until a real one shows up
    specific_seen = False

    def finish() -> Iterator[tuple[Template, list[_Line]]]:
        if current is None or template is None:
            return
        if template.id == GENERIC:
            held.append((template, current))
        else:
            yield template, current

    # (starts a sheet of, a title of a specific template) for each first label seen: the same
    # labels come back on every sheet
    seen: dict[str, tuple[_Recogniser | None, bool, _Recogniser | None]] = {}
    for row in rows:
        line = _line(row)
        first = line.first_key()
        if not first:
            continue
        if first not in seen:
            seen[first] = (
                next((r for r in specific if r.start.fullmatch(first)), None),
                any(r.title and r.title.search(first) for r in specific),
                next((r for r in generic if r.start.fullmatch(first)), None),
            )
        started, titled, generic_start = seen[first]
        if started is None and not pending and titled and len(line.filled()) == 1:
            pending = [line]
            continue
        if started is None and not specific_seen and not pending:
            started = generic_start
        if started is not None:
            yield from finish()
            if not started.generic and not specific_seen:
                specific_seen = True
                held.clear()
            current, template = [*pending, line], started.template
            pending = []
            continue
        if pending:
            if titled and len(line.filled()) == 1:
                pending = [line]  # a cover's title, then the sheet's own
            else:
                pending.append(line)  # rows between a title and its start row
        elif current is not None:
            current.append(line)
    yield from finish()
    if not specific_seen:
        yield from held


# --- value columns -------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)  # every cell of every row is asked; callers copy what they keep
def column_of(key: str) -> Column | None:
    """A squashed header cell that names a value column → the column, else None."""
    if COLUMN_FORMULA.match(key):
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
    label = key if match["paren"] else year + (kind or "")
    return Column(label=label, year=year, kind=kind, fiscal_year=fiscal_year(year))


@dataclass
class _Header:
    """A table's header row: its value columns, the grid positions each spans (a year over
    予算 and 決算 spans two), the header's other labels (指標の根拠, 単位 …) by position, and
    where the value columns end (a notes column after them, コスト・指標の増減分析).

    What every row of the table asks of it is worked out once, here."""

    columns: list[Column]
    spans: list[tuple[int, int]]
    names: dict[str, int]
    width: int  # cells in the header row
    labels: list[str] = field(init=False)
    formulas: set[str] = field(init=False)  # the labels of the columns that print a formula
    first: int = field(init=False)  # the position of the first value column
    end: int = field(init=False)  # the position after the last one
    named: set[int] = field(init=False)  # the positions of the header's other labels

    def __post_init__(self) -> None:
        self.labels = [c.label for c in self.columns]
        self.formulas = {c.label for c in self.columns if c.formula}
        self.first = self.spans[0][0]
        self.end = self.spans[-1][1]
        self.named = set(self.names.values())

    @property
    def positions(self) -> list[int]:
        return [start for start, _ in self.spans]


_PLAIN_NUMBER = re.compile(r"[▲△\-−]?[\d,]+(?:\.\d+)?")


def _table_header(line: _Line) -> _Header | None:
    found = []
    for index, key in enumerate(line.keys):
        if not key:
            continue
        if not found and _PLAIN_NUMBER.fullmatch(key):
            return None  # a row of values, not of headings
        column = column_of(key)
        if column is not None:
            found.append(
                (index, column.model_copy(update={"location": line.cells[index].location}))
            )
    if not found:
        return None
    spans = []
    for number, (index, _) in enumerate(found):
        end = found[number + 1][0] if number + 1 < len(found) else index + 1
        if number + 1 == len(found):
            while end < len(line.cells) and line.cells[end].covered:
                end += 1  # the last column's own colspan
        spans.append((index, end))
    names = {key: i for i, key in enumerate(line.keys) if key and i < found[0][0]}
    return _Header([c for _, c in found], spans, names, len(line.cells))


def _kinds_row(line: _Line, header: _Header) -> bool:
    """A second header row printing 予算/決算 under year columns that did not print it."""
    if not L.COLUMN_KIND.fullmatch(line.first_key()):
        return False
    return all(L.COLUMN_KIND.fullmatch(k) for k in line.keys if k) and all(
        c.kind is None and c.formula is None for c in header.columns
    )


# --- the sheet -----------------------------------------------------------------------------


@dataclass
class _TableState:
    """The table being read: its record, its template spec, its header geometry, the blocks
    its rows are in (group labels by the grid position that printed them)."""

    table: Table
    spec: TableSpec | None
    header: _Header
    text_rows: list[tuple[re.Pattern[str], RowSpec]]  # the template's rows of text in it
    in_items: bool = False
    unit_scale: int | None = None  # a 千円/円 printed in the table's unit column, carried down
    groups: list[tuple[int, str]] = field(default_factory=list)
    group_words: set[str] = field(init=False)  # the template's words for the table's blocks

    def __post_init__(self) -> None:
        self.group_words = set(self.spec.groups) if self.spec else set()


@dataclass(slots=True)
class _Label:
    """A row's label cells read: its name (with its letter or formula), the block labels at
    its left, a unit it prints, and the cell that names it."""

    text: str
    groups: list[tuple[int, str]]
    unit: str | None
    cell: Cell


@dataclass(frozen=True, slots=True)
class _FirstKey:
    """What a row's first label can be to a template: the sheet's code or name (the match
    that finds it), its title, its start row, a header label, the heading of a text section, or
    the title of tables (with the pattern their first value column must match)."""

    code: re.Match[str] | None
    name: re.Match[str] | None
    title: bool
    start: bool
    header: bool
    section: str | None
    tables: list[tuple[re.Pattern[str] | None, TableSpec]]


def _optional(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


class _Reading:
    """A template's patterns compiled once, with what was looked up in them remembered: the
    same labels come back on every sheet of a document."""

    def __init__(self, template: Template) -> None:
        self.template = template
        spec = template.sheet
        self.header = [(re.compile(p), a) for p, a in template.header.items()]
        self.sections = [(re.compile(p), s) for p, s in template.sections.items()]
        self.tables = [(re.compile(t.header), _optional(t.columns), t) for t in template.tables]
        self.rows = {
            t.name: [(re.compile(r.label), _optional(r.group), r) for r in template.rows_of(t.name)]
            for t in template.tables
        }
        self.text_rows = {
            name: [(label, spec) for label, _, spec in rows if spec.text]
            for name, rows in self.rows.items()
        }
        self.title = _optional(spec.title)
        self.start = re.compile(spec.start)
        self.code = _optional(spec.code)
        self.name_pattern = _optional(spec.name_pattern)
        self.code_label = _optional(spec.code_label)
        self.code_value = _optional(spec.code_value)
        self.number_label = _optional(spec.number)
        self.name_label = _optional(spec.name)
        self.names = {r.field: (r.name, r.name_en or r.name) for r in template.rows if r.name}
        self.letters = {r.field: r.letter for r in template.rows if r.letter}
        self._labels: dict[str, str | None] = {}
        self._first_keys: dict[str, _FirstKey] = {}
        self._specs: dict[tuple[str, str], list[tuple[re.Pattern[str] | None, RowSpec]]] = {}

    def specs(self, table: str, name: str) -> list[tuple[re.Pattern[str] | None, RowSpec]]:
        """The row specs of a table whose label matches a row's name, with their group pattern."""
        key = (table, name)
        if key not in self._specs:
            self._specs[key] = [
                (group, spec)
                for label, group, spec in self.rows.get(table, [])
                if not spec.text and label.fullmatch(name)
            ]
        return self._specs[key]

    def first_key(self, key: str) -> _FirstKey:
        """What a row's first key can be; remembered for labels, which come back on every
        sheet (a figure that starts a row is looked at anew)."""
        found = self._first_keys.get(key)
        if found is not None:
            return found
        found = _FirstKey(
            code=self.code.search(key) if self.code else None,
            name=self.name_pattern.search(key) if self.name_pattern else None,
            title=bool(self.title and self.title.search(key)),
            start=bool(self.start.fullmatch(key)),
            header=bool(key) and self.header_label(key) is not None,
            section=next((s for p, s in self.sections if p.match(key)), None),
            tables=[(columns, t) for p, columns, t in self.tables if p.search(key)],
        )
        if L.is_label(key):
            self._first_keys[key] = found
        return found

    def header_label(self, key: str) -> str | None:
        """What a header label is (its Header attribute, or number/code/name), if anything."""
        if key not in self._labels:
            found = next(
                (
                    what
                    for pattern, what in (
                        (self.number_label, "number"),
                        (self.code_label, "code"),
                        (self.name_label, "name"),
                    )
                    if pattern is not None and pattern.fullmatch(key)
                ),
                None,
            )
            self._labels[key] = found or next((a for p, a in self.header if p.fullmatch(key)), None)
        return self._labels[key]


_READINGS: dict[int, tuple[Template, _Reading]] = {}


def _reading(template: Template) -> _Reading:
    found = _READINGS.get(id(template))
    if found is None or found[0] is not template:
        found = _READINGS[id(template)] = (template, _Reading(template))
    return found[1]


class SheetBuilder:
    def __init__(self, template: Template, positional: bool = False) -> None:
        self.template = template
        self.reading = _reading(template)
        self.positional = positional
        self.sheet = Sheet(template=template.id)
        self.section = "header"
        self.state: _TableState | None = None
        self.indicator: Indicator | None = None
        self.above: str | None = None  # the field of the row just read (業務量 follows its row)
        self.fields: set[str] = set()  # the row fields read so far
        self.after_start = False
        self.generic_tables = 0
        self.formula_values = FormulaValues()

    # --- entry ----------------------------------------------------------------------------

    def build(self, lines: list[_Line]) -> Sheet:
        for line in lines:
            self._feed(line)
        self._finish()
        self.sheet.cell_sums = self.formula_values.resolve(c for line in lines for c in line.cells)
        return self.sheet

    def _feed(self, line: _Line) -> None:
        first = line.first_key()
        facts = self.reading.first_key(first)
        name_row, self.after_start = self.after_start, False
        if facts.code is not None and self.sheet.code is None:
            self.sheet.code = facts.code["code"]
            return
        if facts.name is not None and not self.sheet.name:
            self.sheet.name = _name(facts.name["name"])
            return
        if facts.title and self.sheet.header.fiscal_year is None:
            self._title(line)
            return
        if self.section == "header" and facts.start and not self.sheet.name:
            self._start_row(line)
            return
        if name_row and not self.sheet.name and len(line.filled()) == 1:
            self.sheet.name = _name(line.cells[line.first_index()].text)
            return
        if facts.header:
            self.section = "header"
            self.state = None
            self._header_row(line)
            return
        if self.state and not self.state.table.rows and _kinds_row(line, self.state.header):
            self._merge_kinds(line)
            return
        if (header := _table_header(line)) is not None:
            spec = next(
                (
                    t
                    for columns, t in facts.tables
                    if columns is None or columns.fullmatch(header.columns[0].label)
                ),
                None,
            )
            if spec is not None or len(header.columns) >= 2:
                self._start_table(spec, header, line)
                return
        if facts.section:
            self._text_section(facts.section, line)
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
        self.sheet.lacking = [
            r.field
            for r in self.template.rows
            if r.required and r.table in present and r.field not in self.fields
        ]
        self.sheet.expected_letters = self.reading.letters  # the template's, shared by its sheets
        self.sheet.names = self.reading.names
        self.sheet.table_titles = self.template.table_titles
        self.sheet.relations = find_relations(self.sheet, self.template)

    # --- header ---------------------------------------------------------------------------

    def _is_header_label(self, key: str) -> bool:
        return bool(key) and self.reading.header_label(key) is not None

    def _title(self, line: _Line) -> None:
        cell = line.cells[line.first_index()]
        text = clean_text(cell.text)
        self.sheet.header.fiscal_year = fiscal_year(text)
        self.sheet.header.fiscal_year_text = Text(text=text, location=cell.location)
        self.sheet.location = cell.location

    def _start_row(self, line: _Line) -> None:
        """The row that started the sheet: a header row (事務事業名 | 1 ボランティア推進事業)
        or the sheet's title (平成28年度 管理事業評価調書), which may print the fiscal year."""
        if self._is_header_label(line.first_key()):
            self._header_row(line)
            return
        cell = line.cells[line.first_index()]
        if self.sheet.header.fiscal_year is None and fiscal_year(cell.text):
            self._title(line)
        if self.sheet.location == Location():
            self.sheet.location = cell.location
        rest = line.filled()[1:]
        if rest:
            self.sheet.name = _name(line.cells[rest[0]].text)
        else:
            self.after_start = self.template.sheet.name_row

    def _header_row(self, line: _Line) -> None:
        index = 0
        while index < len(line.cells):
            key = line.keys[index]
            if self._is_header_label(key):
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
            return None if self._is_header_label(key) else j
        return None

    def _header_field(self, key: str, cell: Cell) -> None:
        text = Text(text=clean_text(cell.text), location=cell.location)
        what = self.reading.header_label(key)
        if what == "number":
            match = _SHEET_NUMBER.match(text.text)
            if match:
                self.sheet.number = int(match[1])
                self.sheet.name = L.tidy(match[2])
            else:
                self.sheet.name = L.tidy(text.text)
        elif what == "code":
            value = nfkc(text.text).strip()
            pattern = self.reading.code_value
            match = pattern.search(value) if pattern else None
            self.sheet.code = match["code"] if match else value
        elif what == "name":
            self.sheet.name = self.sheet.name or _name(text.text)
        else:
            if what is None:
                return
            header: Header = self.sheet.header
            setattr(header, what, text)
            if what == "start_year_text":
                header.start_year = fiscal_year(text.text)
            return
        if self.sheet.location == Location():
            self.sheet.location = cell.location

    def _loose_text(self, line: _Line) -> None:
        """A labelled text outside every table (担当課 | 総務部 人事課): kept, not checked."""
        keyed = line.filled()
        if len(keyed) >= 2:
            label = L.tidy(line.cells[keyed[0]].text)
            cell = line.cells[keyed[1]]
            text = Text(text=clean_text(cell.text), location=cell.location)
            self.sheet.texts.setdefault(label, text)

    # --- tables ---------------------------------------------------------------------------

    def _start_table(self, spec: TableSpec | None, header: _Header, line: _Line) -> None:
        first = line.first_key()
        title = L.tidy(line.cells[line.first_index()].text) if column_of(first) is None else ""
        printed_scale = 1000 if L.THOUSAND_YEN in first else 1
        if spec is not None:
            name = spec.name
            scale = _SCALES.get(spec.scale or "") or printed_scale
        else:
            self.generic_tables += 1
            name = f"table{self.generic_tables}"
            scale = printed_scale
        table = Table(
            name=name, title=title, columns=header.columns, scale=scale, location=line.row.location
        )
        self.sheet.tables.append(table)
        text_rows = self.reading.text_rows.get(name, [])
        self.state = _TableState(table, spec, header, text_rows, in_items=bool(spec and spec.items))
        self.section = "table"
        self.indicator = None
        self.above = None

    def _merge_kinds(self, line: _Line) -> None:
        """Put 予算/決算 printed under the year columns into the columns' labels: a year over
        two kinds (27年度 over 予算 and 決算) becomes two columns."""
        assert self.state is not None
        header = self.state.header
        kinds = [(i, k) for i, k in enumerate(line.keys) if k]
        if not self.positional and len(kinds) == len(header.columns):
            # a text export keeps no column grid: the n-th word is the n-th column's
            kinds = list(zip(header.positions, (k for _, k in kinds), strict=True))
        columns, spans = [], []
        for column, (start, end) in zip(header.columns, header.spans, strict=True):
            inside = [(i, k) for i, k in kinds if start <= i < end]
            if not inside:
                columns.append(column)
                spans.append((start, end))
                continue
            for number, (position, kind) in enumerate(inside):
                kind = kind.strip("()").removesuffix("額")
                label = f"{column.year}{kind}"
                columns.append(column.model_copy(update={"label": label, "kind": kind}))
                stop = inside[number + 1][0] if number + 1 < len(inside) else end
                spans.append((position if number else start, stop))
        self.state.header = _Header(columns, spans, header.names, header.width)
        self.state.table.columns = columns

    def _exact(self, line: _Line) -> bool:
        """Whether a row stands on the header's grid: a row of the same width in a grid with
        real columns (HTML, PDF, a workbook), with no value left of the first value column. A
        table that runs onto the next page of a PDF, a text export, or a workbook that packs
        each row's cells as a text export does, has rows off that grid."""
        assert self.state is not None
        header = self.state.header
        if not self.positional or len(line.cells) != header.width:
            return False
        keys, cells, first = line.keys, line.cells, header.first
        named = header.named  # columns the header names (単位, 目標値 …) hold anything
        for index, key in enumerate(keys[:first]):
            if key and index not in named and not (L.is_label(key) or L.UNIT_CELL.fullmatch(key)):
                return False
        for key in keys[first : header.end]:
            if key and L.is_label(key):
                return False
        # a label merged over the first value column pushed the values off the grid
        return not (cells[first].covered and _anchor(cells, first) < first)

    def _value_cells(
        self, line: _Line, label_end: int, exact: bool
    ) -> list[tuple[str, list[Cell]]]:
        """Each value column of the current table with the cells printed under it (none, one,
        or two where a column prints a count beside its amount: 0.10人 | 840); ``exact``
        when the row stands on the header's grid.

        A grid with real columns (HTML, PDF) puts each value under its header; a text export
        keeps no column grid: a row may carry an empty filler cell before its values (sheet
        4: ``支出 | 正規職員人件費 | | 2,442,900``) or an extra one after them. Of the windows
        that leave no value outside, the one starting on a value wins, then the one under the
        header's first column."""
        assert self.state is not None
        header = self.state.header
        labels = header.labels
        if exact:
            keys, cells = line.keys, line.cells
            return [
                (label, [cells[i] for i in range(start, end) if keys[i]])
                for label, (start, end) in zip(labels, header.spans, strict=True)
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
            if starts_on_value:
                offset = starts_on_value[0]
            elif header_offset in fits or not fits:
                offset = min(header_offset, len(region) - len(labels))
                if not fits:
                    self._unknown(line)
            else:
                offset = fits[0]
        cells = region[offset : offset + len(labels)]
        padded = [[c] if c.text.strip() and not c.covered else [] for c in cells]
        padded += [[] for _ in range(len(labels) - len(cells))]
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
        number = number_at(parsed, cell.text, cell.location, scale)
        if cell.formula is not None:  # a workbook's cell; most are not
            self.formula_values.note(cell.formula, field, year, number)
        return number

    def _label(self, line: _Line, label_end: int) -> _Label | None:
        """The row's label cells read; None for a row that prints no label."""
        assert self.state is not None
        spec_groups = self.state.group_words
        parts: list[tuple[int, str, Cell]] = []
        groups: list[tuple[int, str]] = []
        unit = None
        for index, key in enumerate(line.keys[:label_end]):
            if not key:
                continue
            if L.UNIT_CELL.fullmatch(key):
                unit = key.strip("()")
                continue
            if not L.is_label(key):
                continue  # a figure in a column the header names (目標値 40.0)
            bare = L.split_letter(key)[0]
            if not bare and parts:  # a letter in a cell of its own: 支出合計 | (f)
                parts[-1] = (parts[-1][0], parts[-1][1] + key, parts[-1][2])
                continue
            if bare in spec_groups:
                groups.append((index, bare))
                continue
            parts.append((index, key, line.cells[index]))
        if not parts:
            if groups:
                self._enter_groups(groups)
            return None
        if len(parts) > 1 and not spec_groups:
            # without the template's group words: the part with the row letter names the
            # row (活動実績 (g) | 延べ利用者数(人)), else the last one; those before it name
            # its block (人件費 | 直接人件費)
            lettered = [p for p in parts if L.split_letter(p[1])[1]]
            chosen = lettered[0] if len(lettered) == 1 else parts[-1]
            groups += [(i, L.split_letter(k)[0]) for i, k, _ in parts if i < chosen[0]]
            parts = [chosen]
        index, _, cell = parts[-1]
        if groups:
            self._enter_groups(groups)
        inside = [(i, g) for i, g in self.state.groups if i < index]
        text = parts[0][1] if len(parts) == 1 else "".join(k for _, k, _ in parts)
        return _Label(text, inside, unit, cell)

    def _enter_groups(self, printed: list[tuple[int, str]]) -> None:
        """Block labels a row prints replace those printed at or right of their position."""
        assert self.state is not None
        for index, label in printed:
            self.state.groups = [(i, g) for i, g in self.state.groups if i < index]
            self.state.groups.append((index, label))

    def _table_row(self, line: _Line) -> None:
        state = self.state
        assert state is not None
        if state.text_rows:
            first = line.first_key()
            text_spec = next((r for p, r in state.text_rows if p.fullmatch(first)), None)
            if text_spec is not None:
                self._text_row(line, text_spec)
                return
        exact = self._exact(line)
        label_end = state.header.first if exact else _labels_end(line)
        values = self._value_cells(line, label_end, exact)
        if self.positional and _heading(line, state.header.first):
            # a row of column headings over the value columns (主要な指標 | 区分 | 目標値 …):
            # another table printed in the same ruled grid
            self.state, self.section = None, "header"
            self._loose_text(line)
            return
        if any(_is_text(c) for _, cells in values for c in cells):
            # words where numbers belong: a labelled text among the table's lines
            self._loose_text(line)
            return
        label = self._label(line, label_end)
        if label is None:
            if any(cells for _, cells in values):
                self._unknown(line)
            return
        if _is_prose(label.cell):
            # prose after a label (事業の対象者や受益者の反応 | 多くの利用者に…), not a row
            self._loose_text(line)
            return
        printed = read_label(label.text)
        group = tuple(g for _, g in label.groups)
        spec = self._spec_for(printed.name, group)
        field_path, name, name_en = self._field_of(spec, printed.name, line, label.cell)
        if field_path is None:
            return
        letter = (
            Text(text=f"({printed.letter})", location=label.cell.location)
            if printed.letter
            else None
        )
        if letter is not None and spec is not None:
            self.sheet.printed_letters[field_path] = letter
        if label.unit in _SCALES:
            state.unit_scale = _SCALES[label.unit]
        row = TableRow(
            field=field_path,
            label=L.tidy(label.cell.text),
            name=name,
            name_en=name_en,
            group=group,
            letter=letter,
            formula=Text(text=printed.formula_text, location=label.cell.location)
            if printed.formula_text
            else None,
            unit=label.unit or (spec.unit if spec is not None else None),
            location=line.row.location,
        )
        scale = self._scale(spec, label.unit)
        formulas = state.header.formulas
        companions: dict[str, TableRow] = {}
        for column, cells in values:
            main, extra = _split(cells)
            # a column that prints a ratio (H22/H21) holds percents, not the row's amounts
            number = self._number(main, field_path, column, 1 if column in formulas else scale)
            if number is not None:
                row.values[column] = number
            for unit, cell in extra:
                companion = companions.get(unit) or self._companion(row, unit, group, label)
                companions[unit] = companion
                value = self._number(cell, companion.field, column, 1)
                if value is not None:
                    companion.values[column] = value
        state.table.rows.append(row)
        if companions:
            state.table.rows += companions.values()
        self.fields.add(field_path)
        self.above = field_path

    def _spec_for(self, name: str, group: tuple[str, ...]) -> RowSpec | None:
        assert self.state is not None
        for group_pattern, spec in self.reading.specs(self.state.table.name, name):
            if spec.after not in (None, self.above):
                continue
            if group_pattern and not any(group_pattern.fullmatch(g) for g in group):
                continue
            if spec.field in self.fields:
                continue  # the first row of that label is the template's row; the others its own
            return spec
        return None

    def _companion(
        self, row: TableRow, unit: str, group: tuple[str, ...], label: _Label
    ) -> TableRow:
        """The row of the counts a row prints beside its amounts (非常勤職員 0.10人 | 840)."""
        name = f"{read_label(label.text).name}({unit})"
        spec = self._spec_for(name, group)
        field_path, spec_name, spec_name_en = self._field_of(spec, name, None, label.cell)
        self.fields.add(field_path or "")
        return TableRow(
            field=field_path or f"{row.field}({unit})",
            label=f"{row.label}({unit})",
            name=spec_name,
            name_en=spec_name_en,
            group=group,
            unit=unit,
            location=row.location,
        )

    def _field_of(
        self, spec: RowSpec | None, name: str, line: _Line | None, label_cell: Cell
    ) -> tuple[str | None, str, str]:
        """The row's field and its names: the template's, or made from the printed label."""
        state = self.state
        assert state is not None
        if spec is not None:
            if (
                state.spec
                and state.in_items
                and not spec.field.startswith(state.spec.items or "\0")
            ):
                state.in_items = False
            return spec.field, spec.name or "", spec.name_en or ""
        label = L.tidy(label_cell.text)
        if state.in_items and state.spec and state.spec.items:
            return f"{state.spec.items}[{label}]", label, label
        if state.spec is not None and state.spec.unknown_rows == "report" and line is not None:
            self._unknown(line)
            return None, "", ""
        key = L.tidy(nfkc(name)) or label
        path = f"{state.table.name}.rows[{key}]"
        if path in self.fields:  # the same label twice: the second is told by its place
            path = f"{state.table.name}.rows[{key}#{len(state.table.rows) + 1}]"
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
        field_path = f"indicators[{self.indicator.index}].{part}"
        years = self.indicator.years
        for year, cells in self._value_cells(line, kind_index + 1, self._exact(line)):
            number = self._number(cells[0] if cells else None, field_path, year)
            values = years.get(year)
            if values is None:
                values = years[year] = IndicatorYear()
            setattr(values, part, number)

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


def _anchor(cells: list[Cell], index: int) -> int:
    """The position of the cell whose merged area covers ``index`` from the left (or above:
    then the first position to its left that is not covered)."""
    while index > 0 and cells[index].covered:
        index -= 1
    return index


def _name(text: str) -> str:
    """A sheet's name as printed; a name printed twice side by side (事務事業名 and 予算事業名,
    ``文化財保護事業 文化財保護事業``) once."""
    words = clean_text(text).split()
    if len(words) == 2 and words[0] == words[1]:
        return L.tidy(words[0])
    return L.tidy(text)


def _is_text(cell: Cell) -> bool:
    """Words, not a number (not even a mistyped one such as 2,O61): a labelled text."""
    key = L.squash(cell.text)
    return L.is_label(key) and len(key) > 3


def _labels_end(line: _Line) -> int:
    """The index just after the last label cell before the first value."""
    end = 0
    for index, key in enumerate(line.keys):
        if not key:
            continue
        if not L.is_label(key):
            break  # a value, or text where a value belongs (reported when parsed)
        end = index + 1
    return end


def _heading(line: _Line, first_value: int) -> bool:
    """A row of at least three labels, one of them where values stand, and no number."""
    labels = 0
    over_values = False
    for index, key in enumerate(line.keys):
        if key:
            if not L.is_label(key):
                return False  # most rows of a table: a label, then figures
            labels += 1
            over_values = over_values or index >= first_value
    return labels >= 3 and over_values


def _is_prose(cell: Cell) -> bool:
    """A sentence rather than a row's label: one that ends in 。, or a long one with 、."""
    text = L.squash(cell.text)
    return "。" in text or (len(text) >= 30 and "、" in text)


def _split(cells: list[Cell]) -> tuple[Cell | None, list[tuple[str, Cell]]]:
    """The amount a column prints for a row, and counts printed beside it with their unit."""
    if len(cells) <= 1:
        return (cells[0] if cells else None), []
    counted = [(L.count_unit(c.text), c) for c in cells]
    amounts = [c for unit, c in counted if unit is None]
    counts = [(unit, c) for unit, c in counted if unit is not None]
    if len(amounts) == 1:
        return amounts[0], counts  # type: ignore[return-value]
    return cells[0], [(f"#{n}", c) for n, c in enumerate(cells[1:], start=2)]
