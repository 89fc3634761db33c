"""The seed template's tables, column by column, as the sample generators lay them out.

The records keep each table as labelled rows (field → printed values per column); the
generators of the seed's HTML and PDF samples, and the tests' text renderer, print the seed's
layout, which goes column by column: the revenue items, (a), (b), (c), (d), each staff cost
with its FTE, (e), (f); then (g), f/g and c/f. This is that view, read from the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shakyo_eval.model import Number, Sheet

STAFF_CATEGORIES = ("regular", "contract", "temporary")
ITEMS = "costs.revenue.items["


@dataclass
class Staff:
    cost: Number | None = None
    fte: Number | None = None


@dataclass
class CostColumn:
    year: str
    revenue_items: dict[str, Number | None]
    specific_total: Number | None
    general: Number | None
    revenue_total: Number | None
    project: Number | None
    staff: dict[str, Staff] = field(default_factory=dict)  # the categories the sheet prints
    staff_total: Number | None = None
    total: Number | None = None


@dataclass
class UnitCostColumn:
    year: str
    units: Number | None
    per_unit: Number | None
    ratio: Number | None


def cost_columns(sheet: Sheet) -> list[CostColumn]:
    items = [r.field for r in sheet.rows() if r.field.startswith(ITEMS)]
    categories = [c for c in STAFF_CATEGORIES if sheet.row(f"costs.staff.{c}.cost") is not None]
    return [
        CostColumn(
            year=year,
            revenue_items={f[len(ITEMS) : -1]: sheet.value(f, year) for f in items},
            specific_total=sheet.value("costs.revenue.specific_total", year),
            general=sheet.value("costs.revenue.general", year),
            revenue_total=sheet.value("costs.revenue.total", year),
            project=sheet.value("costs.expenditure.project", year),
            staff={
                c: Staff(
                    sheet.value(f"costs.staff.{c}.cost", year),
                    sheet.value(f"costs.staff.{c}.fte", year),
                )
                for c in categories
            },
            staff_total=sheet.value("costs.staff_total", year),
            total=sheet.value("costs.expenditure.total", year),
        )
        for year in sheet.columns_of("costs")
    ]


def unit_cost_columns(sheet: Sheet) -> list[UnitCostColumn]:
    return [
        UnitCostColumn(
            year,
            sheet.value("unit_cost.units", year),
            sheet.value("unit_cost.per_unit", year),
            sheet.value("unit_cost.ratio", year),
        )
        for year in sheet.columns_of("unit_costs")
    ]


def cost_unit(sheet: Sheet) -> str:
    """円 or 千円, as the cost table's title prints it."""
    table = sheet.table("costs")
    return "千円" if table is not None and table.scale == 1000 else "円"


def letter(sheet: Sheet, field_path: str) -> str:
    """The row letter as printed, else the one the template gives the row."""
    printed = sheet.printed_letters.get(field_path)
    return printed.text if printed else f"({sheet.expected_letters[field_path]})"
