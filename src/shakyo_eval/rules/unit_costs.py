"""SE2xx: the unit-cost table, recomputed from the cost table at the printed precision.

単位当たりコスト = (f) ÷ (g) and 実質収支比率 = (c) ÷ (f) × 100. A printed value with k
decimals holds when the recomputed value, rounded half-up to k decimals, equals it; when the
inputs are themselves rounded (千円) the recomputed value is an interval, and any value in it
will do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.model import Document, Number, Sheet
from shakyo_eval.rules import rule
from shakyo_eval.rules.arith import round_half_up, rounding_slack, shown, unit

HUNDRED = Decimal(100)


@dataclass
class Derived:
    """A printed derived value and the interval the arithmetic allows for it."""

    field: str
    year: str
    written: Number
    low: Decimal
    high: Decimal
    params: dict

    @property
    def middle(self) -> Decimal:
        return (self.low + self.high) / 2

    def rounds_to(self, value: Decimal, decimals: int, factor: Decimal = Decimal(1)) -> bool:
        """Some value of the interval (× factor), rounded half-up, prints as ``value``."""
        half = unit(decimals) / 2
        # half-up: x prints as w when w - half <= x < w + half
        return self.low * factor < value + half and value - half <= self.high * factor

    def truncates_to(self, value: Decimal, decimals: int) -> bool:
        # cut off: x prints as w when w <= x < w + one unit
        return self.low < value + unit(decimals) and value <= self.high

    def holds(self) -> bool:
        return self.rounds_to(self.written.value, self.written.decimals)

    def expected(self, decimals: int | None = None) -> Decimal:
        return round_half_up(self.middle, self.written.decimals if decimals is None else decimals)


def _quotient(top: Number, bottom: Number, factor: Decimal) -> tuple[Decimal, Decimal] | None:
    """The interval of top ÷ bottom × factor, from the intervals the printed values stand for."""
    top_slack, bottom_slack = rounding_slack(top), rounding_slack(bottom)
    bottoms = (bottom.amount - bottom_slack, bottom.amount + bottom_slack)
    if bottoms[0] <= 0 <= bottoms[1]:
        return None
    tops = (top.amount - top_slack, top.amount + top_slack)
    values = [t / b * factor for t in tops for b in bottoms]
    return min(values), max(values)


def derived_values(sheet: Sheet) -> Iterator[Derived]:
    """Every printed f/g and c/f with the interval the cost table gives for it."""
    for unit_cost in sheet.unit_costs:
        cost = sheet.cost_year(unit_cost.year)
        if cost is None or cost.total is None:
            continue
        total = cost.total
        per_unit, units = unit_cost.per_unit, unit_cost.units
        if per_unit is not None and units is not None:
            bounds = _quotient(total, units, Decimal(1) / per_unit.scale)
            if bounds:
                yield Derived(
                    "unit_cost.per_unit",
                    unit_cost.year,
                    per_unit,
                    *bounds,
                    {"total": total.value, "units": units.value},
                )
        ratio, revenue = unit_cost.ratio, cost.revenue_total
        if ratio is not None and revenue is not None:
            bounds = _quotient(revenue, total, HUNDRED)
            if bounds:
                yield Derived(
                    "unit_cost.ratio",
                    unit_cost.year,
                    ratio,
                    *bounds,
                    {"revenue": revenue.value, "total": total.value},
                )


def _as_percent(derived: Derived) -> tuple[Decimal, int] | None:
    """A ratio printed as a fraction (0.987) read as the percent it stands for (98.7)."""
    written = derived.written
    if derived.field != "unit_cost.ratio" or written.decimals < 2:
        return None
    percent, decimals = written.value * HUNDRED, written.decimals - 2
    if derived.holds() or not derived.rounds_to(percent, decimals):
        return None
    return percent, decimals


def _problem(derived: Derived, message: str, expected: Decimal, **params) -> Problem:
    return Problem.at(
        derived.field,
        derived.year,
        derived.written,
        message,
        expected,
        exact=shown(derived.middle, derived.written.decimals),
        **derived.params,
        **params,
    )


def _wrong(derived: Derived) -> bool:
    written = derived.written
    return not derived.holds() and not derived.truncates_to(written.value, written.decimals)


@rule(
    "SE201",
    "unit-cost",
    Severity.ERROR,
    "cost per unit equals (f) / (g) at the printed precision",
    "単位当たりコスト (f/g) が (f) ÷ (g) と一致しない",
)
def unit_cost(sheet: Sheet) -> Iterator[Problem]:
    """単位当たりコスト must equal 支出合計 (f) ÷ 実績数値 (g), rounded to the printed decimals.

    Example (seed, sheet 1, R5): 5,501,088 ÷ 589 = 9,339.708, so one decimal gives 9,339.7;
    the sheet prints 9,340.0, the value rounded to whole yen and padded with a zero.
    """
    for derived in derived_values(sheet):
        if derived.field != "unit_cost.per_unit" or not _wrong(derived):
            continue
        written = derived.written
        padded = written.decimals > 0 and derived.rounds_to(written.value, 0)
        yield _problem(derived, "per_unit.padded" if padded else "per_unit", derived.expected())


@rule(
    "SE202",
    "ratio",
    Severity.ERROR,
    "revenue/expenditure ratio equals (c) / (f) × 100 at the printed precision",
    "実質収支比率 (c/f) が (c) ÷ (f) × 100 と一致しない",
)
def ratio(sheet: Sheet) -> Iterator[Problem]:
    """実質収支比率 (%) must equal 収入合計 (c) ÷ 支出合計 (f) × 100 at the printed decimals.

    Example (seed, sheet 3, R5): 1,556,180 ÷ 2,669,865 × 100 = 58.287, printed 58.3.
    A ratio printed as a fraction is SE203's, not this rule's.
    """
    for derived in derived_values(sheet):
        if derived.field == "unit_cost.ratio" and _wrong(derived) and not _as_percent(derived):
            yield _problem(derived, "ratio", derived.expected())


@rule(
    "SE203",
    "ratio-as-fraction",
    Severity.ERROR,
    "ratio printed as a fraction instead of a percent",
    "実質収支比率が百分率ではなく割合（小数）で記載されている",
)
def ratio_as_fraction(sheet: Sheet) -> Iterator[Problem]:
    """実質収支比率 (%) printed as a fraction: the value × 100 is the ratio.

    Example (seed, sheet 4, R4): 8,665,825 ÷ 8,779,198 = 0.98709; the sheet prints 0.987
    in a column headed (%), where 98.7 is meant. R5: 1.055 for 105.5.
    """
    for derived in derived_values(sheet):
        percent = _as_percent(derived)
        if percent:
            problem = _problem(derived, "ratio.fraction", derived.expected(percent[1]))
            yield problem.model_copy(update={"comparable": False})


@rule(
    "SE204",
    "mixed-precision",
    Severity.WARNING,
    "one row printed with different numbers of decimals",
    "同じ行で小数点以下の桁数が異なる",
    scope="document",
)
def mixed_precision(document: Document) -> Iterator[Problem]:
    """A row of the unit-cost table should print every year with the same decimals.

    Example (seed, sheet 1): 実質収支比率 R4 28.4 beside R5 24.15. The odd one out is the
    one that differs from the precision most of the document's sheets use for that row
    (one decimal for c/f in the seed), so 24.15 is named.
    """
    for field in ("per_unit", "ratio"):
        usual = Counter(
            getattr(u, field).decimals
            for sheet in document.sheets
            for u in sheet.unit_costs
            if getattr(u, field) is not None
        )
        for sheet in document.sheets:
            printed = [(u.year, getattr(u, field)) for u in sheet.unit_costs]
            printed = [(year, n) for year, n in printed if n is not None]
            if len({n.decimals for _, n in printed}) < 2:
                continue
            reference = max({n.decimals for _, n in printed}, key=lambda d: (usual[d], -d))
            computed = {d.year: d for d in derived_values(sheet) if d.field == f"unit_cost.{field}"}
            for year, number in printed:
                if number.decimals != reference:
                    expected = computed[year].expected(reference) if year in computed else None
                    problem = Problem.at(
                        f"unit_cost.{field}",
                        year,
                        number,
                        "mixed_precision",
                        expected,
                        decimals=number.decimals,
                        usual=reference,
                    )
                    yield problem.model_copy(update={"sheet": sheet})


@rule(
    "SE205",
    "truncated",
    Severity.INFO,
    "value truncated instead of rounded",
    "四捨五入ではなく切り捨てで記載されている",
)
def truncated(sheet: Sheet) -> Iterator[Problem]:
    """A derived value that matches the computation cut off, not rounded, at its decimals.

    Example (seed, sheet 1, R5): 実質収支比率 1,328,898 ÷ 5,501,088 × 100 = 24.1570;
    two decimals round to 24.16, the sheet prints 24.15. Tolerated, reported for information.
    """
    for derived in derived_values(sheet):
        written = derived.written
        if not derived.holds() and derived.truncates_to(written.value, written.decimals):
            yield _problem(derived, "truncated", derived.expected())
