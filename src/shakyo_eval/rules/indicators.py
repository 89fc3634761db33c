"""SE3xx: indicators (指標) against the basis they print for their targets (指標の根拠)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal

from shakyo_eval import labels as L
from shakyo_eval.findings import Problem, Severity, Unchecked
from shakyo_eval.model import Indicator, Sheet
from shakyo_eval.rules import rule
from shakyo_eval.rules.links import evaluated_year, figures_naming, year_before


def _target_years(sheet: Sheet, indicator: Indicator) -> Iterator[tuple[str, str]]:
    """(year, the year before it) for every printed target that has a year before it."""
    for year, values in indicator.years.items():
        before = year_before(sheet, year)
        if values.target is not None and before is not None:
            yield year, before


@rule(
    "SE301",
    "previous-year-basis",
    Severity.ERROR,
    "target does not equal last year's actual, its stated basis",
    "指標の根拠が前年度実績なのに目標が前年度の実績と一致しない",
)
def previous_year_basis(sheet: Sheet) -> Iterator[Problem]:
    """When 指標の根拠 is 前年度実績, each year's target is the actual of the year before.

    Example (seed, sheet 4): 通いの場の活動の創出支援回数 has R5 target 19, but its R4
    actual is 14; 活動創出箇所 R5 target 8 against R4 actual 4. Sheet 5: R6 targets 39 and
    28 against R5 actuals 23 and 27.
    """
    for indicator in sheet.indicators:
        if L.squash(indicator.basis) != L.PREVIOUS_YEAR_BASIS:
            continue
        for year, before in _target_years(sheet, indicator):
            target = indicator.years[year].target
            actual = indicator.years[before].actual if before in indicator.years else None
            if target is None or actual is None or target.value == actual.value:
                continue
            yield Problem.at(
                f"indicators[{indicator.index}].target",
                year,
                target,
                "basis.previous",
                actual.value,
                previous_year=before,
                indicator=indicator.name,
            )


@rule(
    "SE302",
    "stated-basis",
    Severity.WARNING,
    "target does not follow the quantity its basis names",
    "目標が指標の根拠に書かれた数量と合わない",
)
def stated_basis(sheet: Sheet) -> Iterator[Problem | Unchecked]:
    """A basis naming a quantity (利用者数の2割, 全自治組織数) is checked where the sheet states
    that quantity for the year before the target; other bases are reported as not checkable.

    Example (seed, sheet 3): ふれあいサービス新規利用者数 has basis 利用者数の2割; the text
    states ふれあいサービス 13名 (10名), so the R5 target is 2割 of 10 = 2, as printed, and
    the R6 target 2 is 2割 of 13 = 2.6 (a count target may round either way). Sheet 2:
    支部設置数 targets 58 = 自治組織数 58. 事業計画 and free-text bases cannot be checked.
    """
    for indicator in sheet.indicators:
        basis = L.squash(indicator.basis)
        if not basis or basis == L.PREVIOUS_YEAR_BASIS:
            continue
        field = f"indicators[{indicator.index}].target"
        ratio = L.BASIS_RATIO.match(basis)
        total = L.BASIS_TOTAL.match(basis)
        if not ratio and not total:
            reason = "basis.plan" if basis == L.PLAN_BASIS else "basis.free_text"
            yield Unchecked(
                field=field,
                message_id=reason,
                params={"basis": indicator.basis},
                location=indicator.location,
            )
            continue
        quantity = (ratio or total)["quantity"]  # type: ignore[index]
        factor = Decimal(ratio["tenths"]) / 10 if ratio else Decimal(1)
        # the figure must be the indicator's own subject: ふれあいサービス's 利用者数
        subject = [t for t in L.terms(indicator.name) if t not in L.MODIFIERS]
        figures = figures_naming(
            sheet, quantity, heads_only=True, subject=subject if ratio else None
        )
        if not figures or len(figures) != 1:
            yield Unchecked(
                field=field,
                message_id="basis.missing",
                params={"basis": indicator.basis},
                location=indicator.location,
            )
            continue
        (figure,) = figures
        evaluated = evaluated_year(sheet)
        stated = {evaluated: figure.value, year_before(sheet, evaluated or ""): figure.previous}
        for year, before in _target_years(sheet, indicator):
            base = stated.get(before)
            target = indicator.years[year].target
            if base is None or target is None:
                continue
            exact = base * factor
            if math.floor(exact) <= target.value <= math.ceil(exact):
                continue
            expected = (
                exact if exact == exact.to_integral_value() else exact.quantize(Decimal("0.1"))
            )
            yield Problem.at(
                field,
                year,
                target,
                "basis.quantity",
                expected,
                basis=indicator.basis,
                base=base,
                base_year=before,
                source=figure.text,
            )
