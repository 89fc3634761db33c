"""Data files of records → sheets: a workbook of one project per row, an open-data CSV.

A records template (``[records]``) names the header row by a column it has (事務事業ID), the
column that identifies a record (its code) and the one that names it. Each record becomes a
sheet with one table: its rows are the template's rows, found by their column headers; its
value columns are either the values of a column (予算年度: 2024, 2023 …, the rows of one
record and year being a summary row and its detail rows) or the blocks a row repeats its
fields in (大船渡市: 全体計画, then six yearly blocks of the same 19 columns). A detail row
(one that fills the template's ``detail`` column: 会計区分) gives the rows whose field has
``[#]``, numbered from 1 within its record and column. Every number keeps its cell (line,
column, worksheet, A1 reference), so a finding points at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from shakyo_eval import labels as L
from shakyo_eval.cellsums import FormulaValues
from shakyo_eval.grid import Row
from shakyo_eval.model import Column, Number, Sheet, Table, TableRow, Text, Unparsed
from shakyo_eval.numbers import NotANumber, clean_text, number_at, parse_number
from shakyo_eval.relations import find_relations
from shakyo_eval.templates import RecordSpec, RowSpec, Template

_SCALES = {"千円": 1000, "円": 1}


def header_of(row: Row, templates: list[Template]) -> Template | None:
    """The records template whose header row this is, if any: a row with the template's
    header, and every column it names (a zip's other CSV, with other columns, is not)."""
    names = [L.squash(t) for t in row.texts]
    for template in templates:
        spec = template.records
        assert spec is not None
        wanted = [p for p in (spec.header, spec.key, spec.name, spec.column, spec.detail) if p]
        if all(_index(names, pattern) is not None for pattern in wanted):
            return template
    return None


def _index(names: list[str], pattern: str | None) -> int | None:
    if pattern is None:
        return None
    compiled = re.compile(pattern)
    return next((i for i, n in enumerate(names) if n and compiled.fullmatch(n)), None)


@dataclass
class _Place:
    """Where a template row's values stand: (value column label or None, grid index) pairs;
    None when the label comes from the row's own column value."""

    spec: RowSpec
    places: list[tuple[str | None, int]]
    scale: int


@dataclass
class _Record:
    key: str
    sheet: Sheet
    rows: dict[str, TableRow] = field(default_factory=dict)
    details: dict[str, int] = field(default_factory=dict)  # detail rows seen per column
    columns: set[str] = field(default_factory=set)  # the value columns that printed a value
    lines: list[Row] = field(default_factory=list)  # its rows, where its formulas' cells are
    formula_values: FormulaValues = field(default_factory=FormulaValues)


class RecordReader:
    """The sheets of a data file, one per record, from its header row on."""

    def __init__(self, template: Template, header: Row) -> None:
        spec = template.records
        assert spec is not None
        self.template = template
        self.spec: RecordSpec = spec
        self.table = template.tables[0]
        self.source = header.location.sheet_name  # the CSV of a zip, or the worksheet
        self._map(header)

    def _map(self, header: Row) -> None:
        """Where each column the template reads stands, from a header row."""
        spec = self.spec
        names = [L.squash(t) for t in header.texts]
        key = _index(names, spec.key)
        assert key is not None
        self.key = key
        self.name = _index(names, spec.name)
        self.column = _index(names, spec.column)
        self.detail = _index(names, spec.detail)
        self.header_columns = {
            attribute: index
            for pattern, attribute in self.template.header.items()
            if (index := _index(names, pattern)) is not None
        }
        scale = _SCALES.get(self.table.scale or "", 1)
        read: list[_Place] = []
        for row in self.template.rows_of(self.table.name):
            label = re.compile(row.label)
            found = [i for i, n in enumerate(names) if n and label.fullmatch(n)]
            if self.column is not None:
                places: list[tuple[str | None, int]] = [(None, i) for i in found[:1]]
            else:
                places = list(zip(spec.blocks, found, strict=False))
            row_scale = _SCALES.get(row.scale or "", scale) if row.amount else 1
            read.append(_Place(row, places, row_scale))
        self.detail_places = [p for p in read if "[#]" in p.spec.field]
        self.summary_places = [p for p in read if "[#]" not in p.spec.field]
        # a detail row fills a detail field's column (and a summary row leaves them empty)
        self.detail_columns = [i for place in self.detail_places for _, i in place.places]

    def read(self, rows: Iterator[Row]) -> Iterator[Sheet]:
        """The records of the rows after the header. The first row of another CSV of a zip
        (or another worksheet) is its header: its columns are read anew, or, for a file of
        other columns, its rows are passed over."""
        record: _Record | None = None
        reading, source = True, self.source
        for row in rows:
            if row.location.sheet_name != source:
                source = row.location.sheet_name
                reading = header_of(row, [self.template]) is not None
                if reading:
                    self._map(row)
                continue
            texts = row.texts
            key = texts[self.key].strip() if reading and self.key < len(texts) else ""
            if not key:
                continue
            if record is None or key != record.key:
                if record is not None:
                    yield self._finish(record)
                record = self._start(key, row, texts)
            self._add(record, row, texts)
        if record is not None:
            yield self._finish(record)

    def _start(self, key: str, row: Row, texts: list[str]) -> _Record:
        sheet = Sheet(code=key, template=self.template.id, location=row.location_of(self.key))
        if self.name is not None and self.name < len(texts):
            sheet.name = L.tidy(texts[self.name])
        for attribute, index in self.header_columns.items():
            if index < len(texts) and texts[index].strip():
                text = Text(text=clean_text(texts[index]), location=row.location_of(index))
                setattr(sheet.header, attribute, text)
        table = Table(name=self.table.name, title=self.table.title or "", location=row.location)
        table.columns = [Column(label=block) for block in self.spec.blocks]  # in their order
        sheet.tables.append(table)
        return _Record(key, sheet)

    def _add(self, record: _Record, row: Row, texts: list[str]) -> None:
        record.lines.append(row)
        table = record.sheet.tables[0]
        value_column = texts[self.column].strip() if self.column is not None else None
        if self.detail is not None:
            is_detail = bool(texts[self.detail].strip())
        else:
            is_detail = any(i < len(texts) and texts[i].strip() for i in self.detail_columns)
        ordinal = 0
        if is_detail:
            ordinal = record.details.get(value_column or "", 0) + 1
            record.details[value_column or ""] = ordinal
        # a detail row's fields come from detail rows, the others from the rest
        for place in self.detail_places if is_detail else self.summary_places:
            spec = place.spec
            field_path = spec.field.replace("[#]", f"[{ordinal}]") if is_detail else spec.field
            for label, index in place.places:
                label = label or value_column or ""
                text = texts[index] if index < len(texts) else ""
                if not text:
                    continue
                number = self._number(record, row, index, text, field_path, label, place)
                if number is None:
                    continue
                table_row = record.rows.get(field_path)
                if table_row is None:
                    name = (spec.name or spec.label).replace("#", str(ordinal))
                    table_row = TableRow(
                        field=field_path,
                        label=name,
                        name=name,
                        name_en=(spec.name_en or name).replace("#", str(ordinal)),
                        unit=spec.unit,
                        location=row.location,
                    )
                    record.rows[field_path] = table_row
                    table.rows.append(table_row)
                table_row.values[label] = number
                if label not in record.columns:
                    record.columns.add(label)
                    if not self.spec.blocks:
                        table.columns.append(Column(label=label))

    def _number(
        self,
        record: _Record,
        row: Row,
        index: int,
        text: str,
        field_path: str,
        column: str,
        place: _Place,
    ) -> Number | None:
        spec, scale = place.spec, place.scale
        try:
            parsed = parse_number(text)
        except NotANumber:
            record.sheet.unparsed.append(
                Unparsed(field=field_path, year=column, text=text, location=row.location_of(index))
            )
            return None
        if parsed is None:
            return None
        number = number_at(parsed, text, row.location_of(index), scale, spec.decimals or 0)
        record.formula_values.note(row.formula_of(index), field_path, column, number)
        return number

    def _finish(self, record: _Record) -> Sheet:
        sheet = record.sheet
        sheet.years = [c for c in sheet.tables[0].columns]
        sheet.expected_letters = {r.field: r.letter for r in self.template.rows if r.letter}
        sheet.names = {
            r.field: (r.name, r.name_en or r.name)
            for r in self.template.rows
            if r.name and "[#]" not in r.field
        }
        sheet.table_titles = self.template.table_titles
        sheet.relations = find_relations(sheet, self.template)
        sheet.cell_sums = record.formula_values.resolve(c for r in record.lines for c in r.cells)
        return sheet
