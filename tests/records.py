"""A compact, comparable view of a Document: what a test or a round trip compares.

Every printed number of every sheet, as (field, year) → printed text value, plus the texts
that identify sheets and indicators. Locations are left out: they differ by format.
"""

from __future__ import annotations

from decimal import Decimal

from shakyo_eval.model import Document, Number, Sheet


def _n(number: Number | None) -> str | None:
    if number is None:
        return None
    return f"{number.value}" if number.scale == 1 else f"{number.value}×{number.scale}"


def sheet_view(sheet: Sheet) -> dict:
    view: dict = {
        "number": sheet.number,
        "name": sheet.name,
        "fiscal_year": sheet.header.fiscal_year,
        "start_year": sheet.header.start_year,
        "years": [y.label for y in sheet.years],
        "indicators": [
            {
                "kind": i.kind,
                "name": i.name,
                "basis": i.basis,
                "unit": i.unit,
                "target": {y: _n(v.target) for y, v in i.years.items()},
                "actual": {y: _n(v.actual) for y, v in i.years.items()},
            }
            for i in sheet.indicators
        ],
        "costs": {},
        "unit_definition": sheet.unit_definition.text if sheet.unit_definition else None,
        "unit_costs": {},
        "letters": {k: v.text for k, v in sheet.printed_letters.items()},
        "direction_label": sheet.direction_label,
        "unparsed": [u.text for u in sheet.unparsed],
        "unknown_rows": [r.cells for r in sheet.unknown_rows],
    }
    for cost in sheet.costs:
        row = {f"items[{k}]": _n(v) for k, v in cost.revenue_items.items()}
        for name in (
            "specific_total",
            "general",
            "revenue_total",
            "project",
            "staff_total",
            "total",
        ):
            row[name] = _n(getattr(cost, name))
        for category, staff in cost.staff.items():
            row[f"{category}.cost"] = _n(staff.cost)
            row[f"{category}.fte"] = _n(staff.fte)
        view["costs"][cost.year] = row
    for unit_cost in sheet.unit_costs:
        view["unit_costs"][unit_cost.year] = {
            "units": _n(unit_cost.units),
            "per_unit": _n(unit_cost.per_unit),
            "ratio": _n(unit_cost.ratio),
        }
    return view


def document_view(document: Document) -> list[dict]:
    return [sheet_view(s) for s in document.sheets]


def texts_view(document: Document) -> list[dict]:
    """The free texts of each sheet, as read (for round trips between formats)."""
    out = []
    for sheet in document.sheets:
        header = sheet.header
        out.append(
            {
                name: getattr(header, name).text if getattr(header, name) else None
                for name in (
                    "department",
                    "project_type",
                    "start_year_text",
                    "plan",
                    "legal_basis",
                    "category",
                    "service_category",
                    "purpose",
                    "activities",
                )
            }
            | {
                "evaluation": sheet.evaluation.text if sheet.evaluation else None,
                "direction": sheet.direction.text if sheet.direction else None,
            }
        )
    return out


__all__ = ["Decimal", "document_view", "sheet_view", "texts_view"]
