"""SE1xx: the sums of the cost table, per year column.

Yen amounts add up exactly; 千円 amounts within their rounding. When a sum fails, the rule
looks for the one cell whose correction would make it hold with a recognisable slip of the
pen (a dropped, extra, swapped or mistyped digit), leaving aside cells that another sum of
the same column confirms. Only when exactly one cell explains the failure does the finding
point at that cell; otherwise it points at the total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.labels import STAFF_CATEGORIES
from shakyo_eval.model import CostYear, Number, Sheet
from shakyo_eval.rules import rule
from shakyo_eval.rules.arith import ZERO, amount, digit_slip, round_half_up, rounding_slack


@dataclass
class Relation:
    """``total = Σ addends`` as printed in one year column."""

    formula: str
    total_field: str
    total: Number | None
    addends: list[tuple[str, Number | None]]

    def checkable(self) -> bool:
        return self.total is not None and any(n is not None for _, n in self.addends)

    def computed(self) -> Decimal:
        return sum((amount(n) for _, n in self.addends), start=ZERO)

    def holds(self) -> bool:
        assert self.total is not None
        return self._close(self.total.amount, self.computed())

    def holds_with(self, field: str, replacement: Decimal) -> bool:
        """Whether the sum would hold with ``field`` corrected to ``replacement`` yen."""
        total = replacement if field == self.total_field else amount(self.total)
        addends = sum(
            (replacement if f == field else amount(n) for f, n in self.addends), start=ZERO
        )
        return self._close(total, addends)

    def _close(self, total: Decimal, addends: Decimal) -> bool:
        numbers = [self.total, *(n for _, n in self.addends)]
        slack = sum((rounding_slack(n) for n in numbers if n is not None), start=ZERO)
        return abs(total - addends) <= slack

    def fields(self) -> set[str]:
        return {self.total_field, *(f for f, _ in self.addends)}


def relations(cost: CostYear) -> dict[str, Relation]:
    staff = [
        (f"costs.staff.{c}.cost", cost.staff[c].cost) for c in STAFF_CATEGORIES if c in cost.staff
    ]
    items = [(f"costs.revenue.items[{k}]", v) for k, v in cost.revenue_items.items()]
    return {
        "items": Relation("items", "costs.revenue.specific_total", cost.specific_total, items),
        "a+b": Relation(
            "a+b",
            "costs.revenue.total",
            cost.revenue_total,
            [
                ("costs.revenue.specific_total", cost.specific_total),
                ("costs.revenue.general", cost.general),
            ],
        ),
        "staff": Relation("staff", "costs.staff_total", cost.staff_total, staff),
        "d+e": Relation(
            "d+e",
            "costs.expenditure.total",
            cost.total,
            [("costs.expenditure.project", cost.project), ("costs.staff_total", cost.staff_total)],
        ),
    }


def _printed(needed: Decimal, number: Number) -> Decimal:
    """A yen amount expressed the way ``number`` is printed (its scale and decimals)."""
    value = needed / number.scale
    return round_half_up(value, number.decimals) if number.scale != 1 else value


def _check(sheet: Sheet, formula: str) -> Iterator[Problem]:
    for cost in sheet.costs:
        if cost.is_empty():
            continue
        checkable = [r for r in relations(cost).values() if r.checkable()]
        relation = next((r for r in checkable if r.formula == formula), None)
        if relation is None or relation.holds():
            continue
        others = [r for r in checkable if r is not relation]
        yield _explain(relation, cost.year, others)


class _Suspect(NamedTuple):
    field: str
    number: Number
    needed: Decimal  # the yen amount that would make the sum hold


def _explain(relation: Relation, year: str, others: list[Relation]) -> Problem:
    """Point at the cell that explains a failing sum, or at its total when none does alone.

    A cell that another sum of the column confirms is not a suspect. Of the suspects whose
    correction is a slip of the pen, one whose correction also mends another failing sum
    is preferred: in (a) = Σ items and (c) = (a) + (b), a wrong (a) breaks both.
    """
    total = relation.total
    assert total is not None
    computed = relation.computed()
    confirmed = set().union(*(r.fields() for r in others if r.holds()))
    failing = [r for r in others if not r.holds()]
    suspects = [_Suspect(relation.total_field, total, computed)] + [
        _Suspect(field, number, total.amount - (computed - number.amount))
        for field, number in relation.addends
        if number is not None
    ]
    suspects = [s for s in suspects if s.field not in confirmed]
    slips = [
        (s, slip)
        for s in suspects
        if (slip := digit_slip(s.number.value, _printed(s.needed, s.number))) is not None
    ]
    mending = [
        (s, slip)
        for s, slip in slips
        if any(s.field in r.fields() and r.holds_with(s.field, s.needed) for r in failing)
    ]
    if len(mending) == 1 or (not mending and len(slips) == 1):
        suspect, slip = (mending or slips)[0]
        expected = _printed(suspect.needed, suspect.number)
        if suspect.field == relation.total_field:
            context = {"formula": relation.formula}
            message = "sum.total_slip"
        else:
            context = {"total_field": relation.total_field, "total": total.value}
            message = "sum.addend"
        return Problem.at(
            suspect.field, year, suspect.number, message, expected, diagnosis=slip, **context
        )
    if len(suspects) == 1 and suspects[0].field != relation.total_field:
        (suspect,) = suspects
        expected = _printed(suspect.needed, suspect.number)
        return Problem.at(
            suspect.field,
            year,
            suspect.number,
            "sum.addend_only",
            expected,
            total_field=relation.total_field,
            total=total.value,
        )
    expected = _printed(computed, total)
    return Problem.at(
        relation.total_field,
        year,
        total,
        "sum.total",
        expected,
        formula=relation.formula,
        difference=total.value - expected,
    )


@rule(
    "SE101",
    "specific-revenue-sum",
    Severity.ERROR,
    "(a) equals the sum of the specific revenue items",
    "特定財源合計 (a) が各項目の合計と一致しない",
)
def specific_revenue_sum(sheet: Sheet) -> Iterator[Problem]:
    """特定財源合計 (a) must equal the sum of the specific-revenue items above it.

    Example (seed, sheet 2, R4): 一般募金配分金収入 1,172,959 + 歳末たすけあい配分金収入
    2,199,660 = 3,372,619, as printed in (a). Had (a) been printed 3,327,619, the finding
    would name two swapped digits.
    """
    yield from _check(sheet, "items")


@rule(
    "SE102",
    "revenue-total",
    Severity.ERROR,
    "(c) equals (a) + (b)",
    "収入合計 (c) が (a) + (b) と一致しない",
)
def revenue_total(sheet: Sheet) -> Iterator[Problem]:
    """収入合計 (c) must equal 特定財源合計 (a) + 一般財源 (b); an empty (b) counts as 0.

    Example (seed, sheet 1, R4): 440,000 + 1,284,813 = 1,724,813, as printed.
    Sheet 4 prints no (b) at all: (c) 8,665,825 = (a) 8,665,825.
    """
    yield from _check(sheet, "a+b")


@rule(
    "SE103",
    "staff-cost-total",
    Severity.ERROR,
    "(e) equals the sum of the staff costs",
    "人件費合計 (e) が各職員人件費の合計と一致しない",
)
def staff_cost_total(sheet: Sheet) -> Iterator[Problem]:
    """人件費合計 (e) must equal 正規 + 嘱託 + 臨時職員人件費.

    Example (seed, sheet 5, R4): (e) is printed 16,658,300, but 9,771,600 + 688,670 =
    10,460,270. (f) = (d) + (e) holds with the printed (e), so (e) is right, and
    16,658,300 − 9,771,600 = 6,886,700: 嘱託職員人件費 688,670 dropped a digit.
    """
    yield from _check(sheet, "staff")


@rule(
    "SE104",
    "expenditure-total",
    Severity.ERROR,
    "(f) equals (d) + (e)",
    "支出合計 (f) が (d) + (e) と一致しない",
)
def expenditure_total(sheet: Sheet) -> Iterator[Problem]:
    """支出合計 (f) must equal 事業費 (d) + 人件費合計 (e).

    Example (seed, sheet 1, R5): 1,328,898 + 4,172,190 = 5,501,088, as printed.
    """
    yield from _check(sheet, "d+e")
