"""SE1xx: sums, differences and products between the rows of a table, per value column.

The relations come with the sheet: its template's (the seed's (c) = (a) + (b); 貝塚市's
フルコスト = 直接人件費 + 間接人件費 + 直接事業費 + 間接事業費), the formulas its labels print
(``計(a)+(b)+(c)``, ``一般財源1(=フルコスト−特定財源)``) and the 計 rows under the blocks they
close. Yen amounts add up exactly; 千円 amounts within their rounding, and a difference no
larger than that rounding is reported apart, for information (SE108). When a sum fails, the
rule looks for the one cell whose correction would make it hold with a recognisable slip of the
pen (a dropped, extra, swapped or mistyped digit), leaving aside cells that another relation of
the same column confirms. Only when exactly one cell explains the failure does the finding
point at that cell; otherwise it points at the total. A workbook's sum formulas are also
added up again from the cells they name, whatever the template (SE109).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.model import Number, Relation, Sheet
from shakyo_eval.rules import rule
from shakyo_eval.rules.arith import (
    ZERO,
    amount,
    digit_slip,
    round_half_up,
    rounding_slack,
    shown,
)
from shakyo_eval.rules.derived import derived_values


@dataclass
class Instance:
    """A sum relation as printed in one value column: ``total = Σ sign × term``."""

    relation: Relation
    column: str
    total: Number | None
    terms: list[tuple[str, int, Number | None]]  # field, sign, number

    @property
    def total_field(self) -> str:
        return self.relation.result

    def __post_init__(self) -> None:
        # every rule of the family asks each sum whether it holds: computed once, here
        self._computed = sum((sign * amount(n) for _, sign, n in self.terms), start=ZERO)
        numbers = [self.total, *(n for _, _, n in self.terms)]
        self._slack = sum((rounding_slack(n) for n in numbers if n is not None), start=ZERO)
        self._holds = self.total is None or abs(self.difference()) <= self._slack

    def checkable(self) -> bool:
        return self.total is not None and any(n is not None for _, _, n in self.terms)

    def computed(self) -> Decimal:
        return self._computed

    def difference(self) -> Decimal:
        assert self.total is not None
        return self.total.amount - self._computed

    def slack(self) -> Decimal:
        return self._slack

    def holds(self) -> bool:
        return self._holds

    def holds_with(self, field: str, replacement: Decimal) -> bool:
        """Whether the sum would hold with ``field`` corrected to ``replacement`` yen."""
        total = replacement if field == self.total_field else amount(self.total)
        terms = sum(
            (sign * (replacement if f == field else amount(n)) for f, sign, n in self.terms),
            start=ZERO,
        )
        return abs(total - terms) <= self.slack()

    def fields(self) -> set[str]:
        return {self.total_field, *(f for f, _, _ in self.terms)}


def instances(sheet: Sheet) -> dict[str, list[Instance]]:
    """Every checkable sum of the sheet, per value column (computed once per sheet)."""
    if "sums" not in sheet.memo:
        sheet.memo["sums"] = _instances(sheet)
    return sheet.memo["sums"]


def _instances(sheet: Sheet) -> dict[str, list[Instance]]:
    found: dict[str, list[Instance]] = {}
    formulas = sheet.formula_columns
    for relation in sheet.relations:
        if relation.kind != "sum" or relation.column is not None:
            continue
        row = sheet.row(relation.result)
        if row is None:
            continue
        for column, total in row.values.items():
            if column in formulas:
                continue
            terms = [(o.field, o.sign, sheet.value(o.field, column)) for o in relation.operands]
            instance = Instance(relation, column, total, terms)
            if instance.checkable():
                found.setdefault(column, []).append(instance)
    return found


def _printed(needed: Decimal, number: Number) -> Decimal:
    """A yen amount expressed the way ``number`` is printed (its scale and decimals)."""
    value = needed / number.scale
    return round_half_up(value, number.decimals) if number.scale != 1 else value


def failing(sheet: Sheet, rule_id: str) -> Iterator[Problem]:
    """The findings of the sums reported under ``rule_id``, explained column by column."""
    for column, checked in instances(sheet).items():
        for instance in checked:
            if instance.relation.rule != rule_id or instance.holds():
                continue
            others = [i for i in checked if i is not instance]
            yield _explain(instance, column, others)


class _Suspect(NamedTuple):
    field: str
    number: Number
    needed: Decimal  # the yen amount that would make the sum hold


def _explain(instance: Instance, year: str, others: list[Instance]) -> Problem:
    """Point at the cell that explains a failing sum, or at its total when none does alone.

    A cell that another relation of the column confirms is not a suspect. Of the suspects
    whose correction is a slip of the pen, one whose correction also mends another failing
    sum is preferred: in (a) = Σ items and (c) = (a) + (b), a wrong (a) breaks both.
    """
    total = instance.total
    assert total is not None
    computed = instance.computed()
    confirmed = set().union(*(i.fields() for i in others if i.holds()))
    failing_others = [i for i in others if not i.holds()]
    suspects = [_Suspect(instance.total_field, total, computed)] + [
        _Suspect(field, number, sign * (total.amount - (computed - sign * number.amount)))
        for field, sign, number in instance.terms
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
        if any(s.field in i.fields() and i.holds_with(s.field, s.needed) for i in failing_others)
    ]
    if not slips:
        # no slip of the pen: a cell whose correction mends this sum and another failing one
        # (a wrong フルコスト breaks its sum and 一般財源1 = フルコスト − 特定財源) is the one
        mending = [
            (s, None)
            for s in suspects
            if any(
                s.field in i.fields() and i.holds_with(s.field, s.needed) for i in failing_others
            )
        ]
    formula = (instance.relation.text, instance.relation.text_en or instance.relation.text)
    if len(mending) == 1 or (not mending and len(slips) == 1):
        suspect, slip = (mending or slips)[0]
        expected = _printed(suspect.needed, suspect.number)
        if suspect.field == instance.total_field:
            context = {"formula": formula}
            message = "sum.total_slip" if slip else "sum.total"
            if not slip:
                context["difference"] = suspect.number.value - expected
        else:
            context = {"total_field": instance.total_field, "total": total.value}
            message = "sum.addend" if slip else "sum.mends"
        if slip:
            context["diagnosis"] = slip
        return Problem.at(suspect.field, year, suspect.number, message, expected, **context)
    if len(suspects) == 1 and suspects[0].field != instance.total_field:
        (suspect,) = suspects
        expected = _printed(suspect.needed, suspect.number)
        return Problem.at(
            suspect.field,
            year,
            suspect.number,
            "sum.addend_only",
            expected,
            total_field=instance.total_field,
            total=total.value,
        )
    expected = _printed(computed, total)
    # a total another relation confirms is right: one of its parts, not told which, is wrong
    message = "sum.parts" if instance.total_field in confirmed else "sum.total"
    return Problem.at(
        instance.total_field,
        year,
        total,
        message,
        expected,
        formula=formula,
        difference=total.value - expected,
    )


@rule(
    "SE101",
    "items-sum",
    Severity.ERROR,
    "a subtotal equals the sum of the item rows it closes",
    "小計・合計が、それが締めくくる各項目の合計と一致しない",
)
def items_sum(sheet: Sheet) -> Iterator[Problem]:
    """A subtotal must equal the sum of the items above it: 特定財源合計 (a) over the
    specific-revenue items, or a 計/合計/小計 row under the block of rows it closes.

    Example (seed, sheet 2, R4): 一般募金配分金収入 1,172,959 + 歳末たすけあい配分金収入
    2,199,660 = 3,372,619, as printed in (a). Had (a) been printed 3,327,619, the finding
    would name two swapped digits.
    """
    yield from failing(sheet, "SE101")


@rule(
    "SE102",
    "revenue-total",
    Severity.ERROR,
    "a revenue total equals its parts: (c) = (a) + (b)",
    "収入合計が内訳の合計と一致しない（(c) = (a) + (b)）",
)
def revenue_total(sheet: Sheet) -> Iterator[Problem]:
    """収入合計 (c) must equal 特定財源合計 (a) + 一般財源 (b); an empty (b) counts as 0.

    Example (seed, sheet 1, R4): 440,000 + 1,284,813 = 1,724,813, as printed.
    Sheet 4 prints no (b) at all: (c) 8,665,825 = (a) 8,665,825.
    """
    yield from failing(sheet, "SE102")


@rule(
    "SE103",
    "staff-cost-total",
    Severity.ERROR,
    "a staff-cost total equals the sum of the staff costs",
    "人件費合計が各職員人件費の合計と一致しない",
)
def staff_cost_total(sheet: Sheet) -> Iterator[Problem]:
    """人件費合計 (e) must equal 正規 + 嘱託 + 臨時職員人件費.

    Example (seed, sheet 5, R4): (e) is printed 16,658,300, but 9,771,600 + 688,670 =
    10,460,270. (f) = (d) + (e) holds with the printed (e), so (e) is right, and
    16,658,300 − 9,771,600 = 6,886,700: 嘱託職員人件費 688,670 dropped a digit.
    """
    yield from failing(sheet, "SE103")


@rule(
    "SE104",
    "expenditure-total",
    Severity.ERROR,
    "a cost total equals its parts: (f) = (d) + (e), フルコスト, 計(a)+(b)+(c)",
    "支出・コストの合計が内訳の合計と一致しない（(f) = (d) + (e)、フルコストなど）",
)
def expenditure_total(sheet: Sheet) -> Iterator[Problem]:
    """The total cost of a project must equal its parts: the seed's 支出合計 (f) = 事業費 (d)
    + 人件費合計 (e); 貝塚市's フルコスト = 直接人件費 + 間接人件費 + 直接事業費 + 間接事業費;
    a prefecture's 計(a)+(b)+(c); 池田市's 支出合計 = 事業費 + 人件費.

    Example (seed, sheet 1, R5): 1,328,898 + 4,172,190 = 5,501,088, as printed.
    """
    yield from failing(sheet, "SE104")


@rule(
    "SE105",
    "printed-sum",
    Severity.ERROR,
    "a row equals the sum its template or its own label states",
    "行の値が、様式またはラベルに書かれた和と一致しない",
)
def printed_sum(sheet: Sheet) -> Iterator[Problem]:
    """A row whose label prints a sum (``トータルコスト(A)+(B)``, ``計(a)+(b)+(c)`` on a sheet of
    no known template), or that its template defines as a sum of other rows, equals it.

    Example (a prefecture's 管理事業評価調書, 26年度): 計(a)+(b)+(c) prints 115,972 千円 and
    人件費(a) 108,054 + 事業費(b) 7,918 + 公債費(c) 0 = 115,972.
    """
    yield from failing(sheet, "SE105")


@rule(
    "SE106",
    "difference",
    Severity.ERROR,
    "a row equals the difference its template or its own label states",
    "行の値が、様式またはラベルに書かれた差と一致しない",
)
def difference(sheet: Sheet) -> Iterator[Problem]:
    """A row defined as a difference equals it: 一般財源1(=フルコスト−特定財源),
    一般財源2(=直接事業費−特定財源), 一般財源等 = 計 − 受益者負担額.

    Example (貝塚市 施策 市民参加による市政の推進, H24決算): フルコスト 55,690 − 特定財源
    (27 + 1,405 + 4,910) = 49,348, as printed in 一般財源1.
    """
    yield from failing(sheet, "SE106")


@rule(
    "SE107",
    "product",
    Severity.ERROR,
    "a row equals the product its template or its own label states",
    "行の値が、様式またはラベルに書かれた積と一致しない",
)
def product(sheet: Sheet) -> Iterator[Problem]:
    """A row defined as a product equals it at the printed precision, within what the
    factors' own rounding allows: staff cost = FTE × the rate per FTE a template states.

    Example (the seed's sheet 1, R4, with a template stating ``costs.staff.contract.cost =
    costs.staff.contract.fte * 4051000``, the council's rate per 嘱託 FTE): 0.87 × 4,051,000
    = 3,524,370, as printed. 0.87 stands for 0.865 to 0.875, so 3,504,115 to 3,544,625 would
    hold; a printed 3,254,370 (two digits swapped) does not.
    """
    for derived in derived_values(sheet, "product"):
        if derived.holds():
            continue
        yield Problem.at(
            derived.field,
            derived.year,
            derived.written,
            "product",
            derived.expected(),
            exact=shown(derived.middle, derived.written.decimals),
            formula=(derived.relation.text, derived.relation.text_en),
            **derived.params,
        )


@rule(
    "SE108",
    "rounding-difference",
    Severity.INFO,
    "a sum of rounded amounts off by no more than their rounding",
    "千円単位の丸めの範囲内で合計が一致しない",
)
def rounding_difference(sheet: Sheet) -> Iterator[Problem]:
    """A total of rounded amounts (千円) that differs from the sum of its parts by no more
    than the rounding of the printed figures: each was rounded from yen on its own, so the
    printed sum may miss by a unit or two. Reported for information, never as an error.

    Example (a prefecture's 管理事業評価調書, 27年度): 人件費(a) 121,937 + 事業費(b) 9,346 +
    公債費(c) 0 = 131,283, printed 131,284 千円: 1 千円 apart, within the rounding of
    four figures rounded to 千円.
    """
    for column, checked in instances(sheet).items():
        for instance in checked:
            total = instance.total
            assert total is not None
            difference = instance.difference()
            if difference == 0 or not instance.holds():
                continue
            expected = _printed(instance.computed(), total)
            yield Problem.at(
                instance.total_field,
                column,
                total,
                "sum.rounding",
                expected,
                formula=(instance.relation.text, instance.relation.text_en),
                difference=total.value - expected,
                slack=instance.slack() / total.scale,
            )


@rule(
    "SE109",
    "stale-formula",
    Severity.ERROR,
    "a workbook's saved formula value equals the cells the formula adds",
    "ブックに保存された数式の値が、その数式が足し合わせるセルの合計と一致しない",
)
def stale_formula(sheet: Sheet) -> Iterator[Problem]:
    """A workbook cell whose formula only adds and subtracts cells (``=SUM(D22:D23)``,
    ``=C27+D34``) shows the value saved when the file was last calculated. Saved with
    calculation set to manual, or written by a program that stores values but does not
    calculate, it can show a total that its cells no longer add up to; what a reader of the
    workbook (or of a PDF printed from it) sees is then not what the formula says.

    Example (samples/seed.xlsx's sheet 1, 地域保健福祉活動事業費補助金収入 R4 typed over as
    190,000 and the file saved without recalculating): 特定財源合計 (a) at D24 is
    =SUM(D22:D23) and shows 440,000, but 260,000 + 190,000 = 450,000.
    """
    for cell_sum in sheet.cell_sums:
        numbers = [cell_sum.total, *(n for _, n in cell_sum.terms)]
        computed = sum((sign * n.amount for sign, n in cell_sum.terms), start=ZERO)
        slack = sum((rounding_slack(n) for n in numbers), start=ZERO)
        if abs(cell_sum.total.amount - computed) <= slack:
            continue
        yield Problem.at(
            cell_sum.field,
            cell_sum.year,
            cell_sum.total,
            "sum.stale",
            _printed(computed, cell_sum.total),
            formula=cell_sum.formula,
        )
