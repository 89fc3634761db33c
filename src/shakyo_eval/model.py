"""The records every extractor ends in: Document ▸ Sheet ▸ header, indicators, costs, unit costs.

Every value keeps the text it was read from and where it came from, so a finding can point
back at the printed cell. Field paths (``costs.staff.contract.cost``…) follow DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field


class Location(BaseModel):
    """Where a value was printed: page (PDF), line (text export), element (HTML), cell box."""

    model_config = ConfigDict(frozen=True)

    page: int | None = None
    line: int | None = None
    column: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    element: str | None = None
    sheet_name: str | None = None  # a workbook's worksheet; the CSV file inside a zip
    cell: str | None = None  # a worksheet cell in A1 notation: BX187


class Number(BaseModel):
    """A number as printed: ``value`` in the printed unit; ``scale`` (1000 for 千円) to yen."""

    model_config = ConfigDict(frozen=True)

    text: str
    value: Decimal
    decimals: int = 0
    scale: int = 1
    location: Location = Field(default_factory=Location)

    @property
    def amount(self) -> Decimal:
        """The value in base units (yen for money)."""
        return self.value if self.scale == 1 else self.value * self.scale


class Text(BaseModel):
    """A piece of printed text with its location."""

    model_config = ConfigDict(frozen=True)

    text: str
    location: Location = Field(default_factory=Location)


class Unparsed(BaseModel):
    """A cell where a number was expected but the text is not one; kept so nothing is lost."""

    field: str
    year: str | None = None
    text: str
    location: Location = Field(default_factory=Location)


class UnknownRow(BaseModel):
    """A row the assembler could not place; kept and reported rather than dropped."""

    section: str
    label: str
    cells: list[str]
    location: Location = Field(default_factory=Location)


class TextFigure(BaseModel):
    """A figure stated in 実施内容, as ``589名 (356名)``: this year's value and last year's.

    ``head`` is the line's own label, ``label`` the words just before the figure; a
    ``sub`` figure qualifies the one before it (``13名 新規8名``: 8 of the 13 are new).
    Figures joined by ``/`` share a ``group`` and are parts of one quantity.
    """

    value: Decimal
    unit: str
    text: str
    previous: Decimal | None = None
    heading: str = ""
    head: str = ""
    label: str = ""
    sub: bool = False
    group: int | None = None
    line: int = 0  # line of the text, counted from 1
    location: Location = Field(default_factory=Location)

    @property
    def context(self) -> str:
        """The words that name this figure: its line's label, or the heading if the line
        names nothing (``【ふれあい・いきいきサロンの実施】`` over ``471回 (403回)``)."""
        own = f"{self.head} {self.label}".strip()
        return own or self.heading


class Column(BaseModel):
    """A value column of a table as printed: ``R4``, ``H24決算``, ``27年度``, ``H22/H21``.

    ``label`` is the printed header, squashed (the ``year`` of a finding); ``kind`` the
    予算/決算/目標/実績/見込/計画 it prints, if any; ``formula`` is set for a column that
    prints how it is computed from two others (``H22/H21``: the 22 column over the 21)."""

    label: str
    year: str | None = None
    kind: str | None = None
    fiscal_year: int | None = None
    formula: str | None = None
    location: Location = Field(default_factory=Location)


class Header(BaseModel):
    """The header block; every field is optional because templates differ."""

    fiscal_year: int | None = None
    fiscal_year_text: Text | None = None
    department: Text | None = None  # 担当
    project_type: Text | None = None  # 事業種別
    start_year: int | None = None
    start_year_text: Text | None = None  # 開始年度
    plan: Text | None = None  # 計画体系
    legal_basis: Text | None = None  # 根拠法令等
    category: Text | None = None  # 事業区分
    service_category: Text | None = None  # サービス区分
    purpose: Text | None = None  # 事務事業目的
    activities: Text | None = None  # 実施内容


class IndicatorYear(BaseModel):
    target: Number | None = None
    actual: Number | None = None


class Indicator(BaseModel):
    index: int  # counts from 1 in sheet order, as in the field path indicators[<i>]
    kind: str  # 活動 / 成果
    name: str
    basis: str = ""  # 指標の根拠
    unit: str = ""
    years: dict[str, IndicatorYear] = Field(default_factory=dict)
    location: Location = Field(default_factory=Location)


class TableRow(BaseModel):
    """One printed row of a table: its label, what the template calls it, its values.

    ``field`` is the row's name in the record vocabulary (``costs.expenditure.total``) when
    the sheet's template knows the row, else a path built from the printed label
    (``costs.rows[直接事業費]``). ``letter`` is the row letter as printed (``(f)``), ``formula``
    a formula the label prints (``(d)+(e)``, ``=フルコスト−特定財源``). ``values`` maps each
    column label to the number printed under it; a blank cell has no entry (blank, not 0)."""

    field: str
    label: str
    name: str = ""  # the name reports print (Japanese); the label when the template has none
    name_en: str = ""
    group: tuple[str, ...] = ()  # the group labels printed at its left (収入, 特定財源 …)
    letter: Text | None = None
    formula: Text | None = None
    unit: str | None = None  # 千円, 円, 人, % … as printed or as the template says
    values: dict[str, Number] = Field(default_factory=dict)
    location: Location = Field(default_factory=Location)


class Table(BaseModel):
    """A labelled table: rows × value columns, as one block of the sheet prints it."""

    name: str  # the template's name for it (costs, unit_costs …), or table<n>
    title: str = ""  # its header's first label, as printed: コスト内訳(円)
    columns: list[Column] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)
    scale: int = 1  # 1 for 円, 1000 for 千円
    location: Location = Field(default_factory=Location)


class Operand(BaseModel):
    """A term of a relation: a row's value in the result's column, or in a named column."""

    field: str
    column: str | None = None  # None: the same column as the result
    sign: int = 1  # in a sum: +1 or -1


class Relation(BaseModel):
    """An arithmetic relation between printed rows that a sheet must satisfy.

    ``sum``: result = Σ sign × operand; ``product``: result = Π operands × factor;
    ``quotient``: result = operands[0] ÷ operands[1] × factor. It holds in every column
    where the result is printed (or only in ``column``). ``source`` says who stated it: the
    sheet's template, the sheet's own label (``計(a)+(b)+(c)``) or its block structure (a 計
    row under the rows it closes); ``rule`` is the id its findings are reported under."""

    kind: str  # sum | product | quotient
    rule: str
    result: str
    operands: list[Operand]
    factor: Decimal = Decimal(1)
    column: str | None = None
    source: str = "template"  # template | label | block
    formula: str = ""  # as the template writes it or the sheet prints it
    text: str = ""  # how messages write it: (a) + (b), フルコスト − 特定財源
    text_en: str = ""
    location: Location | None = None

    def fields(self) -> set[str]:
        return {self.result, *(o.field for o in self.operands)}


class CellSum(BaseModel):
    """A value read from a workbook cell whose formula only adds and subtracts cells
    (``=SUM(D22:D23)``, ``=C27+D34``): the value the file saved for it, and the numbers of
    the cells it names (a blank one is none), so that SE109 can add them again."""

    field: str
    year: str | None = None
    formula: str
    total: Number
    terms: list[tuple[int, Number]] = Field(default_factory=list)  # sign, number


class Sheet(BaseModel):
    """One 事務事業評価表: what one project's sheet prints, read by one template."""

    number: int | None = None
    code: str | None = None  # a code printed instead of a number (事務事業コード:020401060)
    name: str = ""
    template: str = ""  # the id of the template that read it
    location: Location = Field(default_factory=Location)
    header: Header = Field(default_factory=Header)
    years: list[Column] = Field(default_factory=list)  # every value column, in order
    indicators: list[Indicator] = Field(default_factory=list)
    remarks: Text | None = None  # 備考
    tables: list[Table] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    unit_definition: Text | None = None  # 単位の定義
    evaluation: Text | None = None  # 実施状況に対する評価
    direction: Text | None = None  # 今後の方向性
    direction_label: str | None = None  # 拡充 / 継続 / 縮小 / 廃止 …
    printed_letters: dict[str, Text] = Field(default_factory=dict)  # field path → "(b)"
    expected_letters: dict[str, str] = Field(default_factory=dict)  # field → its template letter
    figures: list[TextFigure] = Field(default_factory=list)  # stated in 実施内容
    texts: dict[str, Text] = Field(default_factory=dict)  # other labelled texts, by label
    unparsed: list[Unparsed] = Field(default_factory=list)
    cell_sums: list[CellSum] = Field(default_factory=list)  # a workbook's sum formulas
    unknown_rows: list[UnknownRow] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # tables the template has and the sheet lacks
    lacking: list[str] = Field(default_factory=list)  # rows it requires that a table lacks
    # the template's names of its rows and titles of its tables, for messages (not part of
    # what was read)
    names: dict[str, tuple[str, str]] = Field(default_factory=dict, exclude=True)
    table_titles: dict[str, tuple[str, str]] = Field(default_factory=dict, exclude=True)

    @property
    def identifier(self) -> int | str | None:
        """What names the sheet in a finding: its printed number, else its printed code."""
        return self.number if self.number is not None else self.code

    def rows(self) -> Iterator[TableRow]:
        for table in self.tables:
            yield from table.rows

    # Built on first use, once the sheet is read; a plain attribute, as the rules look rows up
    # hundreds of times per sheet.
    @cached_property
    def field_index(self) -> dict[str, tuple[TableRow, Table]]:
        index: dict[str, tuple[TableRow, Table]] = {}
        for table in self.tables:
            for row in table.rows:
                index.setdefault(row.field, (row, table))
        return index

    @cached_property
    def memo(self) -> dict:
        """What the rules compute once for all of them (the sums of each column, the derived
        values), kept with the sheet they were computed from."""
        return {}

    @cached_property
    def column_years(self) -> dict[str, str | None]:
        return {c.label: c.year for t in self.tables for c in t.columns}

    def _found(self, field: str) -> tuple[TableRow, Table] | None:
        return self.field_index.get(field)

    def row(self, field: str) -> TableRow | None:
        found = self._found(field)
        return found[0] if found else None

    def value(self, field: str, column: str) -> Number | None:
        """The number printed for ``field`` under ``column``; None where it is blank.

        A row of another table that labels its columns otherwise gives its value of the same
        year: 池田市's unit-cost column 20年度 reads the cost table's 20年度(決算) and the
        indicators' 20年度(実績), where each table has one column of that year."""
        found = self._found(field)
        if found is None:
            return None
        row, table = found
        if column in row.values or any(c.label == column for c in table.columns):
            return row.values.get(column)
        year = self.column_years.get(column)
        same = [c.label for c in table.columns if year and c.year == year and not c.formula]
        return row.values.get(same[0]) if len(same) == 1 else None

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    @cached_property
    def formula_columns(self) -> set[str]:
        """The columns that print a formula of their own (H22/H21), not a year's values."""
        return {c.label for t in self.tables for c in t.columns if c.formula}

    def columns_of(self, name: str) -> list[str]:
        """The column labels of a table, in order (none when the sheet lacks the table)."""
        table = self.table(name)
        return [c.label for c in table.columns] if table else []

    def field_names(self) -> dict[str, tuple[str, str]]:
        """Each field → the names reports print for it (Japanese, English): the template's
        names (of rows the sheet lacks too), else the printed label."""
        if "names" not in self.memo:
            printed = {
                r.field: (r.name or r.label, r.name_en or r.name or r.label) for r in self.rows()
            }
            self.memo["names"] = {**printed, **self.names}
        return self.memo["names"]

    def stub(self) -> Sheet:
        """The sheet's identity and the names its findings use, without its records: what a
        rule that compares sheets keeps to name them by once the sheet itself is let go."""
        return Sheet(
            number=self.number,
            code=self.code,
            name=self.name,
            template=self.template,
            names=self.field_names(),
            indicators=[
                Indicator(index=i.index, kind=i.kind, name=i.name) for i in self.indicators
            ],
        )

    def printed_numbers(self) -> Iterator[tuple[str, str, Number]]:
        """(field, column, number) for every number of the tables; indicators by name, so
        that two sheets of the same project can be compared whatever their order."""
        for row in self.rows():
            for column, number in row.values.items():
                yield row.field, column, number
        for indicator in self.indicators:
            for year, values in indicator.years.items():
                for part in ("target", "actual"):
                    number = getattr(values, part)
                    if number is not None:
                        yield f"indicator[{indicator.name}].{part}", year, number


class Document(BaseModel):
    path: str
    format: str  # pdf | html | text
    sheets: list[Sheet] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # what the reader decided (encoding …)
