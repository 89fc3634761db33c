"""The records every extractor ends in: Document ▸ Sheet ▸ header, indicators, costs, unit costs.

Every value keeps the text it was read from and where it came from, so a finding can point
back at the printed cell. Field paths (``costs.staff.contract.cost``…) follow DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

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
        return self.value * self.scale


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


class YearColumn(BaseModel):
    """A year column as printed (``R4``) and the fiscal year it stands for (2022)."""

    label: str
    fiscal_year: int | None = None


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


class StaffCost(BaseModel):
    cost: Number | None = None
    fte: Number | None = None


class CostYear(BaseModel):
    """One year column of the cost table (コスト内訳)."""

    year: str
    revenue_items: dict[str, Number | None] = Field(default_factory=dict)
    specific_total: Number | None = None  # (a) 特定財源合計
    general: Number | None = None  # (b) 一般財源
    revenue_total: Number | None = None  # (c) 収入合計
    project: Number | None = None  # (d) 事業費
    staff: dict[str, StaffCost] = Field(default_factory=dict)  # regular / contract / temporary
    staff_total: Number | None = None  # (e) 人件費合計
    total: Number | None = None  # (f) 支出合計

    def is_empty(self) -> bool:
        amounts = [
            self.specific_total,
            self.general,
            self.revenue_total,
            self.project,
            self.staff_total,
            self.total,
            *self.revenue_items.values(),
        ]
        amounts += [s.cost for s in self.staff.values()]
        return all(a is None for a in amounts)


class UnitCostYear(BaseModel):
    """One year column of the unit-cost table (単位当たりコスト)."""

    year: str
    units: Number | None = None  # (g) 実績数値
    per_unit: Number | None = None  # (f/g)
    ratio: Number | None = None  # (c/f) 実質収支比率 (%)

    def is_empty(self) -> bool:
        return self.units is None and self.per_unit is None and self.ratio is None


class Sheet(BaseModel):
    """One 事務事業評価表: what one project's sheet prints."""

    number: int | None = None
    name: str = ""
    location: Location = Field(default_factory=Location)
    header: Header = Field(default_factory=Header)
    years: list[YearColumn] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    remarks: Text | None = None  # 備考
    cost_scale: int = 1  # 1 for 円, 1000 for 千円
    costs: list[CostYear] = Field(default_factory=list)
    unit_definition: Text | None = None  # 単位の定義
    unit_costs: list[UnitCostYear] = Field(default_factory=list)
    evaluation: Text | None = None  # 実施状況に対する評価
    direction: Text | None = None  # 今後の方向性
    direction_label: str | None = None  # 拡充 / 継続 / 縮小 / 廃止 …
    printed_letters: dict[str, Text] = Field(default_factory=dict)  # field path → "(b)"
    figures: list[TextFigure] = Field(default_factory=list)  # stated in 実施内容
    unparsed: list[Unparsed] = Field(default_factory=list)
    unknown_rows: list[UnknownRow] = Field(default_factory=list)

    def printed_numbers(self) -> Iterator[tuple[str, str, Number]]:
        """(field, year, number) for every number of the tables; indicators by name, so that
        two sheets of the same project can be compared whatever their order."""
        for cost in self.costs:
            values = {
                **{f"costs.revenue.items[{k}]": v for k, v in cost.revenue_items.items()},
                "costs.revenue.specific_total": cost.specific_total,
                "costs.revenue.general": cost.general,
                "costs.revenue.total": cost.revenue_total,
                "costs.expenditure.project": cost.project,
                "costs.staff_total": cost.staff_total,
                "costs.expenditure.total": cost.total,
            }
            for category, staff in cost.staff.items():
                values[f"costs.staff.{category}.cost"] = staff.cost
                values[f"costs.staff.{category}.fte"] = staff.fte
            yield from ((f, cost.year, n) for f, n in values.items() if n is not None)
        for unit_cost in self.unit_costs:
            for name in ("units", "per_unit", "ratio"):
                number = getattr(unit_cost, name)
                if number is not None:
                    yield f"unit_cost.{name}", unit_cost.year, number
        for indicator in self.indicators:
            for year, values in indicator.years.items():
                for part in ("target", "actual"):
                    number = getattr(values, part)
                    if number is not None:
                        yield f"indicator[{indicator.name}].{part}", year, number

    def cost_year(self, year: str) -> CostYear | None:
        return next((c for c in self.costs if c.year == year), None)

    def unit_cost_year(self, year: str) -> UnitCostYear | None:
        return next((u for u in self.unit_costs if u.year == year), None)


class Document(BaseModel):
    path: str
    format: str  # pdf | html | text
    sheets: list[Sheet] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # what the reader decided (encoding …)
