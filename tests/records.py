"""A compact, comparable view of a Document: what a test or a round trip compares.

Every printed number of every sheet, as (field, year) → printed text value, plus the texts
that identify sheets and indicators. Locations are left out: they differ by format.
"""

from __future__ import annotations

from decimal import Decimal

from shakyo_eval.model import Document, Number, Sheet
from shakyo_eval.templates import HEADER_ATTRIBUTES


def _n(number: Number | None) -> str | None:
    if number is None:
        return None
    return f"{number.value}" if number.scale == 1 else f"{number.value}×{number.scale}"


_COST_FIELDS = {
    "specific_total": "costs.revenue.specific_total",
    "general": "costs.revenue.general",
    "revenue_total": "costs.revenue.total",
    "project": "costs.expenditure.project",
    "staff_total": "costs.staff_total",
    "total": "costs.expenditure.total",
}


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
    items = [r.field for r in sheet.rows() if r.field.startswith("costs.revenue.items[")]
    staff = [r.field for r in sheet.rows() if r.field.startswith("costs.staff.")]
    for year in sheet.columns_of("costs"):
        row = {f.removeprefix("costs.revenue."): _n(sheet.value(f, year)) for f in items}
        for name, field in _COST_FIELDS.items():
            row[name] = _n(sheet.value(field, year))
        for field in staff:
            row[field.removeprefix("costs.staff.")] = _n(sheet.value(field, year))
        view["costs"][year] = row
    for year in sheet.columns_of("unit_costs"):
        view["unit_costs"][year] = {
            name: _n(sheet.value(f"unit_cost.{name}", year))
            for name in ("units", "per_unit", "ratio")
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
                for name in HEADER_ATTRIBUTES
            }
            | {
                "evaluation": sheet.evaluation.text if sheet.evaluation else None,
                "direction": sheet.direction.text if sheet.direction else None,
            }
        )
    return out


__all__ = ["Decimal", "document_view", "sheet_view", "texts_view"]
