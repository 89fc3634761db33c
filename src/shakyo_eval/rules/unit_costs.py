"""SE2xx: unit costs and ratios, recomputed from the rows they divide, at the printed precision.

単位当たりコスト = (f) ÷ (g) and 実質収支比率 = (c) ÷ (f) × 100 on the seed's sheets; on
other templates whatever quotient the template or the label states (受益者一人あたりコスト,
単位コスト, a column H22/H21). A printed value with k decimals holds when the recomputed
value, rounded half-up to k decimals, equals it; when the inputs are themselves rounded (千円)
the recomputed value is an interval, and any value in it will do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.model import Number, Sheet
from shakyo_eval.rules import Kept, rule
from shakyo_eval.rules.arith import shown
from shakyo_eval.rules.derived import HUNDRED, Derived, derived_values


def _as_percent(derived: Derived) -> tuple[Decimal, int] | None:
    """A ratio printed as a fraction (0.987) read as the percent it stands for (98.7)."""
    written = derived.written
    if not derived.percent or written.decimals < 2:
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


def _quotients(sheet: Sheet, rule_id: str) -> Iterator[Derived]:
    return (d for d in derived_values(sheet) if d.relation.rule == rule_id)


@rule(
    "SE201",
    "unit-cost",
    Severity.ERROR,
    "a cost per unit equals its quotient ((f) / (g)) at the printed precision",
    "単位当たりコストが割り算（(f) ÷ (g) など）の結果と一致しない",
)
def unit_cost(sheet: Sheet) -> Iterator[Problem]:
    """A cost per unit must equal its quotient, rounded to the printed decimals: the seed's
    単位当たりコスト = 支出合計 (f) ÷ 実績数値 (g); 貝塚市's 受益者一人あたりコスト =
    フルコスト ÷ 受益者数 (千円, two decimals); 池田市's 単位コスト 一般財源 ÷ 活動指標.

    Example (seed, sheet 1, R5): 5,501,088 ÷ 589 = 9,339.708, so one decimal gives 9,339.7;
    the sheet prints 9,340.0, the value rounded to whole yen and padded with a zero.
    """
    for derived in _quotients(sheet, "SE201"):
        if not _wrong(derived):
            continue
        written = derived.written
        padded = written.decimals > 0 and derived.rounds_to(written.value, 0)
        yield _problem(derived, "per_unit.padded" if padded else "per_unit", derived.expected())


@rule(
    "SE202",
    "ratio",
    Severity.ERROR,
    "a ratio equals its quotient × 100 ((c) / (f), H22/H21) at the printed precision",
    "比率（(c) ÷ (f) × 100、H22/H21 など）が計算結果と一致しない",
)
def ratio(sheet: Sheet) -> Iterator[Problem]:
    """A ratio in % must equal its quotient × 100 at the printed decimals: the seed's
    実質収支比率 = 収入合計 (c) ÷ 支出合計 (f) × 100; a column H22/H21 = the row's H22 value
    ÷ its H21 value × 100.

    Example (seed, sheet 3, R5): 1,556,180 ÷ 2,669,865 × 100 = 58.287, printed 58.3.
    A ratio printed as a fraction is SE203's, not this rule's.
    """
    for derived in _quotients(sheet, "SE202"):
        if _wrong(derived) and not _as_percent(derived):
            message = "ratio.columns" if derived.relation.column else "ratio"
            yield _problem(derived, message, derived.expected())


@rule(
    "SE203",
    "ratio-as-fraction",
    Severity.ERROR,
    "ratio printed as a fraction instead of a percent",
    "比率が百分率ではなく割合（小数）で記載されている",
)
def ratio_as_fraction(sheet: Sheet) -> Iterator[Problem]:
    """A ratio in a column headed (%) printed as a fraction: the value × 100 is the ratio.

    Example (seed, sheet 4, R4): 8,665,825 ÷ 8,779,198 = 0.98709; the sheet prints 0.987
    in a column headed (%), where 98.7 is meant. R5: 1.055 for 105.5.
    """
    for derived in derived_values(sheet):
        percent = _as_percent(derived)
        if percent:
            message = "ratio.fraction_columns" if derived.relation.column else "ratio.fraction"
            problem = _problem(derived, message, derived.expected(percent[1]))
            yield problem.model_copy(update={"comparable": False})


def _derived_rows(sheet: Sheet) -> Iterator[tuple[str, list[tuple[str, Number]]]]:
    """Each row that a quotient derives, with its values in the columns the quotient covers."""
    formulas = sheet.formula_columns
    for relation in sheet.relations:
        row = sheet.row(relation.result)
        if relation.kind != "quotient" or relation.column is not None or row is None:
            continue
        yield row.field, [(c, n) for c, n in row.values.items() if c not in formulas]


def precisions(sheet: Sheet) -> list[tuple[str, list[int], list, dict[str, Derived]]]:
    """What SE204 keeps of a sheet: each derived row's decimals, and for a row that mixes
    them its printed values and what they compute to."""
    kept = []
    for field, printed in _derived_rows(sheet):
        decimals = [n.decimals for _, n in printed]
        if len(set(decimals)) > 1:
            computed = {d.year: d for d in derived_values(sheet) if d.field == field}
            kept.append((field, decimals, printed, computed))
        else:
            kept.append((field, decimals, [], {}))
    return kept


@rule(
    "SE204",
    "mixed-precision",
    Severity.WARNING,
    "one row printed with different numbers of decimals",
    "同じ行で小数点以下の桁数が異なる",
    scope="document",
    keep=precisions,
)
def mixed_precision(sheets: list[Kept]) -> Iterator[Problem]:
    """A derived row (a unit cost, a ratio) should print every year with the same decimals.

    Example (seed, sheet 1): 実質収支比率 R4 28.4 beside R5 24.15. The odd one out is the
    one that differs from the precision most of the document's sheets use for that row
    (one decimal for c/f in the seed), so 24.15 is named.
    """
    usual: dict[str, Counter[int]] = {}
    for kept in sheets:
        for field, decimals, _, _ in kept.data:
            usual.setdefault(field, Counter()).update(decimals)
    for kept in sheets:
        for field, decimals, printed, computed in kept.data:
            if not printed:
                continue
            counts = usual[field]
            reference = max(set(decimals), key=lambda d: (counts[d], -d))
            for year, number in printed:
                if number.decimals != reference:
                    expected = computed[year].expected(reference) if year in computed else None
                    problem = Problem.at(
                        field,
                        year,
                        number,
                        "mixed_precision",
                        expected,
                        decimals=number.decimals,
                        usual=reference,
                    )
                    yield problem.model_copy(update={"sheet": kept.sheet})


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
