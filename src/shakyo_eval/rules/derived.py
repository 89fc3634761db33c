"""Derived values: quotients and products recomputed from the rows they come from.

A printed value with k decimals holds when the recomputed value, rounded half-up to k
decimals, equals it; when the inputs are themselves rounded (千円, decimals) the recomputed
value is an interval, and any value in it will do. Shared by the SE1xx product rule and the
SE2xx quotient rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from shakyo_eval.model import Number, Relation, Sheet
from shakyo_eval.rules.arith import round_half_up, rounding_slack, unit

HUNDRED = Decimal(100)


@dataclass
class Derived:
    """A printed derived value and the interval the arithmetic allows for it."""

    relation: Relation
    field: str
    year: str
    written: Number
    low: Decimal
    high: Decimal
    params: dict

    @property
    def middle(self) -> Decimal:
        return (self.low + self.high) / 2

    @property
    def percent(self) -> bool:
        return self.relation.factor == HUNDRED

    def rounds_to(self, value: Decimal, decimals: int, factor: Decimal = Decimal(1)) -> bool:
        """Some value of the interval (× factor), rounded half-up, prints as ``value``. A
        value exactly halfway that binary floating point cannot hold (0.974985) may also come
        out below, as spreadsheets and databases compute it: 0.97498."""
        half = unit(decimals) / 2
        low, high = self.low * factor, self.high * factor
        if low < value + half and value - half <= high:
            return True
        tie = value + half
        return low == high == tie and Decimal(float(tie)) != tie

    def truncates_to(self, value: Decimal, decimals: int) -> bool:
        # cut off: x prints as w when w <= x < w + one unit
        return self.low < value + unit(decimals) and value <= self.high

    def holds(self) -> bool:
        return self.rounds_to(self.written.value, self.written.decimals)

    def expected(self, decimals: int | None = None) -> Decimal:
        return round_half_up(self.middle, self.written.decimals if decimals is None else decimals)


def _interval(number: Number) -> tuple[Decimal, Decimal]:
    slack = rounding_slack(number)
    return number.amount - slack, number.amount + slack


def _quotient(top: Number, bottom: Number, factor: Decimal) -> tuple[Decimal, Decimal] | None:
    """The interval of top ÷ bottom × factor, from the intervals the printed values stand for."""
    bottoms = _interval(bottom)
    if bottoms[0] <= 0 <= bottoms[1]:
        return None
    values = [t / b * factor for t in _interval(top) for b in bottoms]
    return min(values), max(values)


def _product(factors: list[Number], factor: Decimal) -> tuple[Decimal, Decimal]:
    """The interval of the product of the factors' intervals × factor."""
    lows, highs = [factor], [factor]
    for number in factors:
        low, high = _interval(number)
        candidates = [a * b for a in (min(lows), max(highs)) for b in (low, high)]
        lows, highs = [min(candidates)], [max(candidates)]
    return lows[0], highs[0]


def derived_values(sheet: Sheet, kind: str = "quotient") -> list[Derived]:
    """Every printed quotient (f/g, c/f, 受益者一人あたりコスト, H22/H21) or product with the
    interval its operands give for it, column by column (computed once per sheet)."""
    key = f"derived.{kind}"
    if key not in sheet.memo:
        sheet.memo[key] = list(_derived_values(sheet, kind))
    return sheet.memo[key]


def _derived_values(sheet: Sheet, kind: str) -> Iterator[Derived]:
    formulas = sheet.formula_columns
    for relation in sheet.relations:
        if relation.kind != kind:
            continue
        row = sheet.row(relation.result)
        if row is None:
            continue
        columns = (
            [relation.column] if relation.column else [c for c in row.values if c not in formulas]
        )
        for column in columns:
            written = row.values.get(column)
            operands = [sheet.value(o.field, o.column or column) for o in relation.operands]
            if written is None or any(o is None for o in operands):
                continue
            inputs: list[Number] = operands  # type: ignore[assignment]
            factor = relation.factor / written.scale
            if kind == "quotient":
                bounds = _quotient(inputs[0], inputs[1], factor)
                params = {
                    "numerator_field": relation.operands[0].field,
                    "numerator": inputs[0].value,
                    "denominator_field": relation.operands[1].field,
                    "denominator": inputs[1].value,
                    "times": relation.factor,
                }
                if relation.column:  # H22/H21: the same row in two columns
                    params |= {
                        "numerator_column": relation.operands[0].column,
                        "denominator_column": relation.operands[1].column,
                    }
            else:
                bounds = _product(inputs, factor)
                params = {
                    "factors": " × ".join(f"{n.value:,f}" for n in inputs),
                    "times": relation.factor,
                }
            if bounds:
                yield Derived(relation, relation.result, column, written, *bounds, params)
