"""SE402–SE407: the tables, the text and the sheets of a document against each other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from shakyo_eval import labels as L
from shakyo_eval.findings import Problem, Severity, Unchecked
from shakyo_eval.model import Number, Sheet, TextFigure
from shakyo_eval.rules import Kept, KeptDocument, rule
from shakyo_eval.rules.arith import digit_slip, rounding_slack, unit
from shakyo_eval.rules.links import (
    defined_indicator,
    evaluated_year,
    indicator_links,
    year_before,
)


@rule(
    "SE402",
    "units-indicator",
    Severity.WARNING,
    "units (g) differ from the indicator the unit definition names",
    "実績数値 (g) が単位の定義の指標の実績と一致しない",
)
def units_indicator(sheet: Sheet) -> Iterator[Problem]:
    """When 単位の定義 names an indicator, 実績数値 (g) is that indicator's actual, year by year.

    Example (seed, sheet 1): 単位の定義 ボランティアセンター事業参加者人数 is indicator 1,
    and g = 356 and 589 are its R4 and R5 actuals. Sheet 4: 活動の創出 is 活動創出箇所,
    g = 4 and 11.
    """
    found = defined_indicator(sheet)
    if found is None:
        return
    indicator, _ = found
    row = sheet.row("unit_cost.units")
    for year, units in row.values.items() if row else ():
        values = indicator.years.get(year)
        actual = values.actual if values else None
        if actual is None or units.value == actual.value:
            continue
        yield Problem.at(
            "unit_cost.units",
            year,
            units,
            "units.indicator",
            actual.value,
            definition=sheet.unit_definition.text if sheet.unit_definition else "",
            indicator=indicator.name,
        )


@rule(
    "SE403",
    "units-sum",
    Severity.WARNING,
    "units (g) differ from the sum the unit definition names",
    "実績数値 (g) が単位の定義の合計（本文の数値）と一致しない",
)
def units_sum(sheet: Sheet) -> Iterator[Problem | Unchecked]:
    """When 単位の定義 is a sum (``…、…合計``), g is the sum of those figures in the text.

    Example (seed, sheet 3): 利用者、協力員数合計 (名); under 【令和5年度利用実績】 the text
    states 利用者数 ふれあいサービス 13名, 産後ヘルパー 11名 and 協力員 29名: 13 + 11 + 29
    = 53 = g for R5, and last year's 10 + 7 + 23 = 40 = g for R4.
    """
    if sheet.unit_definition is None:
        return
    match = L.SUM_DEFINITION.match(L.squash(sheet.unit_definition.text))
    if not match:
        return
    parts = [p for p in match["parts"].split("、") if p]
    unit = match["unit"]
    figures = _sum_figures(sheet, parts, unit)
    if figures is None:
        yield Unchecked(
            field="unit_cost.units",
            message_id="units.sum_missing",
            params={"definition": sheet.unit_definition.text},
            location=sheet.unit_definition.location,
        )
        return
    year = evaluated_year(sheet)
    stated = {year: sum(f.value for f in figures)}
    if all(f.previous is not None for f in figures):
        stated[year_before(sheet, year or "")] = sum(f.previous for f in figures)  # type: ignore[misc]
    row = sheet.row("unit_cost.units")
    for column, units in row.values.items() if row else ():
        expected = stated.get(column)
        if expected is None or units.value == expected:
            continue
        yield Problem.at(
            "unit_cost.units",
            column,
            units,
            "units.sum",
            expected,
            definition=sheet.unit_definition.text,
            parts=" + ".join(f.text for f in figures),
        )


def _sum_figures(sheet: Sheet, parts: list[str], unit: str | None) -> list[TextFigure] | None:
    """The figures of the one heading block that states every part (none counted twice)."""
    found = []
    for heading in dict.fromkeys(f.heading for f in sheet.figures):
        block = [
            f
            for f in sheet.figures
            if f.heading == heading and not f.sub and (unit is None or L.same_unit(f.unit, unit))
        ]
        chosen = [[f for f in block if L.mentions_all(f.head + f.label, L.terms(p))] for p in parts]
        flat = [f for group in chosen for f in group]
        if all(chosen) and len(set(map(id, flat))) == len(flat):
            found.append(flat)
    return found[0] if len(found) == 1 else None


@rule(
    "SE404",
    "text-figures",
    Severity.WARNING,
    "an indicator's actual differs from the figure the text states",
    "指標の実績が実施内容の数値と一致しない",
)
def text_figures(sheet: Sheet) -> Iterator[Problem]:
    """A figure of 実施内容 that names an indicator must equal its actual: this year's figure
    the evaluated year, last year's (in brackets) the year before.

    Example (seed, sheet 5): 社会福祉法人連絡会の開催 7月実施12事業所・団体/2月実施10事業所・
    団体 makes 22, but 社会福祉法人連絡会の参加団体数 has R5 actual 23; last year's 21 + 18
    = 39 matches R4. Sheet 3: ふれあいサービス 新規8名, actual 7. Links are made only when
    unambiguous; sheet 5's 1,400 + 232 + 609 = 2,241 matches 年間個人支援回数.
    """
    year = evaluated_year(sheet)
    if year is None:
        return
    before = year_before(sheet, year)
    for index, link in indicator_links(sheet).items():
        indicator = sheet.indicators[index - 1]
        for column, stated in ((year, link.value), (before, link.previous)):
            values = indicator.years.get(column or "")
            actual = values.actual if values else None
            if stated is None or actual is None or actual.value == stated:
                continue
            message = "text.figure" if column == year else "text.figure_last_year"
            yield Problem.at(
                f"indicators[{index}].actual",
                column,
                actual,
                message,
                stated,
                source=link.source,
            )


_STAFF_COST = re.compile(r"costs\.staff\.(\w+)\.cost")


def staff_rows(sheet: Sheet) -> list[tuple[str, str, Number, Number, str]]:
    """What SE405 keeps of a sheet: each staff cost with what it is paid for, by category
    and year: its FTE (業務量, 人), or its working hours (延べ業務時間) where the sheet
    prints those instead."""
    kept = []
    for row in sheet.rows():
        category = _STAFF_COST.fullmatch(row.field)
        if not category:
            continue
        measure = next(
            (
                found
                for name in ("fte", "hours")
                if (found := sheet.row(f"costs.staff.{category[1]}.{name}")) is not None
            ),
            None,
        )
        if measure is None:
            continue
        for year, cost in row.values.items():
            fte = measure.values.get(year)
            if fte is not None and fte.value:
                kept.append((category[1], year, cost, fte, measure.unit or "人"))
    return kept


@rule(
    "SE405",
    "staff-rate",
    Severity.WARNING,
    "a staff cost that does not follow the document's standard rate",
    "人件費が文書内の標準単価（業務量×単価）と合わない",
    scope="document",
    keep=staff_rows,
)
def staff_rate(sheets: list[Kept]) -> Iterator[Problem]:
    """Staff cost = FTE (業務量) × a standard rate per category and year, the same on every
    sheet. The rate is the one most rows follow; a row that does not is named.

    Example (seed): 嘱託職員 R4 at 4,051,000 per FTE on sheets 1–4 (0.87 → 3,524,370, …);
    sheet 5 prints 688,670 for 1.7 FTE, where the rate gives 6,886,700: the dropped digit
    SE103 finds, confirmed a second time.
    """
    rows: dict[tuple[str, str], list[tuple[Sheet, Number, Number]]] = {}
    units: dict[tuple[str, str], str] = {}
    for kept in sheets:
        for category, year, cost, fte, paid_for in kept.data:
            rows.setdefault((category, year), []).append((kept.sheet, cost, fte))
            units[category, year] = paid_for
    for (category, year), members in rows.items():

        def score(rate: Decimal, members=members) -> tuple[int, int]:
            fitting = [(c, f) for _, c, f in members if _fits(c, f, rate)]
            return len(fitting), sum(c.amount == f.value * rate for c, f in fitting)

        rate = max({cost.amount / fte.value for _, cost, fte in members}, key=score)
        support = score(rate)[0]
        if support < 2 or support * 2 <= len(members):
            continue
        for sheet, cost, fte in members:
            if _fits(cost, fte, rate):
                continue
            expected = fte.value * rate
            expected_printed = (expected / cost.scale).quantize(Decimal(1))
            slip = digit_slip(cost.value, expected_printed)
            context = {
                "fte": fte.value,
                "fte_unit": units[category, year],
                "rate": rate.quantize(Decimal(1)),
                "support": support,
            }
            if slip:
                context["diagnosis"] = slip
            problem = Problem.at(
                f"costs.staff.{category}.cost",
                year,
                cost,
                "staff.rate_slip" if slip else "staff.rate",
                expected_printed,
                **context,
            )
            yield problem.model_copy(update={"sheet": sheet})


def _fits(cost: Number, fte: Number, rate: Decimal) -> bool:
    """Cost = FTE × rate, within what printing rounded away: the cost's own rounding (千円)
    and the FTE's last printed decimal (0.87 may stand for 0.866…)."""
    slack = rounding_slack(cost) + rate * unit(fte.decimals) / 2
    return abs(cost.amount - fte.value * rate) <= slack


@rule(
    "SE406",
    "unit-wording",
    Severity.INFO,
    "unit definition and indicator name differ by one character",
    "単位の定義と指標名が1文字だけ異なる",
)
def unit_wording(sheet: Sheet) -> Iterator[Problem]:
    """単位の定義 that names an indicator with one character changed: a typo on the sheet.

    Example (seed, sheet 5): 単位の定義 年間個別支援回数, indicator 年間個人支援回数 (and the
    text says 年間個人支援回数 three times); g = 2,061 and 2,241 are that indicator's actuals.
    """
    found = defined_indicator(sheet)
    if found is None or found[1] != "near" or sheet.unit_definition is None:
        return
    indicator = found[0]
    yield Problem(
        field="unit_cost.definition",
        written=sheet.unit_definition,
        expected=indicator.name,
        message_id="units.wording",
        params={"written": sheet.unit_definition.text, "expected": indicator.name},
        location=sheet.unit_definition.location,
        comparable=False,
    )


def printed_columns(sheet: Sheet) -> dict[tuple[str, str], Number]:
    """What SE407 keeps of a sheet: its printed numbers, by field and year column."""
    return {(field, year): number for field, year, number in sheet.printed_numbers()}


@rule(
    "SE407",
    "year-columns",
    Severity.WARNING,
    "a year column that differs from the same column of another year's document",
    "同じ年度の列が別年度の文書と一致しない",
    scope="run",
    keep=printed_columns,
)
def year_columns(documents: list[KeptDocument]) -> Iterator[tuple[int, int, Problem]]:
    """Documents of consecutive years checked together repeat each other's columns: the R5
    column of the 令和7年度 sheets must print what the 令和6年度 sheets printed for R5.

    Example: ``shakyo-eval check 2024.txt 2025.txt``, where the seed's sheet 2 prints R5
    一般募金配分金収入 1,146,946 and next year's sheet 2 prints 1,164,946 for the same R5:
    the later document is named, with the earlier value.
    """
    for earlier in documents:
        for index, later in enumerate(documents):
            if None in (earlier.fiscal_year, later.fiscal_year):
                continue
            if earlier.fiscal_year >= later.fiscal_year:  # type: ignore[operator]
                continue
            before = {(k.sheet.identifier, k.sheet.name): k.data for k in earlier.sheets}
            for position, kept in enumerate(later.sheets):
                sheet = kept.sheet
                old_numbers = before.get((sheet.identifier, sheet.name), {})
                for (field, year), number in kept.data.items():
                    old = old_numbers.get((field, year))
                    if old is None or old.amount == number.amount:
                        continue
                    problem = Problem.at(
                        _field_path(sheet, field),
                        year,
                        number,
                        "year.column",
                        old.value,
                        other=earlier.path,
                    )
                    yield index, position, problem.model_copy(update={"sheet": sheet})


def _field_path(sheet: Sheet, field: str) -> str:
    """``indicator[name].actual`` back to the DESIGN path ``indicators[i].actual``."""
    if field.startswith("indicator["):
        name, _, part = field[len("indicator[") :].rpartition("].")
        index = next(i.index for i in sheet.indicators if i.name == name)
        return f"indicators[{index}].{part}"
    return field
