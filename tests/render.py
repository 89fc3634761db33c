"""Records back to a text export, laid out as the seed lays out its sheets.

Used to make documents the tests need and no council published: next year's edition of
the seed (for cross-year checks), a sheet with other text. Numbers are written exactly as
they were read (their printed text), letters as printed, errors included.
"""

from __future__ import annotations

from shakyo_eval.model import Document, Number, Sheet, Text

from seedlayout import STAFF_CATEGORIES, cost_columns, cost_unit, letter, unit_cost_columns

_STAFF = {"regular": "正規職員人件費", "contract": "嘱託職員人件費", "temporary": "臨時職員人件費"}


def _n(number: Number | None) -> str:
    return number.text if number is not None else ""


def _t(text: Text | None) -> str:
    return "" if text is None else text.text.replace("\n", "<br>")


def render_sheet(sheet: Sheet) -> list[str]:
    header = sheet.header
    years = [y.label for y in sheet.years]
    lines = [
        _t(header.fiscal_year_text),
        "",
        f"事務事業名\t{sheet.number} {sheet.name}\t\t担当\t{_t(header.department)}"
        f"\t事業種別\t{_t(header.project_type)}",
        f"開始年度\t{_t(header.start_year_text)}\t計画体系\t{_t(header.plan)}",
        f"根拠法令等\t{_t(header.legal_basis)}",
        f"事業区分\t{_t(header.category)}\tサービス区分\t{_t(header.service_category)}",
        f"事務事業目的\t{_t(header.purpose)}",
        f"実施内容\t{_t(header.activities)}",
        "",
        "指標\t\t指標の根拠\t単位\t区分\t" + "\t".join(years),
    ]
    for indicator in sheet.indicators:
        targets = [_n(indicator.years[y].target) if y in indicator.years else "" for y in years]
        actuals = [_n(indicator.years[y].actual) if y in indicator.years else "" for y in years]
        lines.append(
            f"{indicator.kind}\t{indicator.name}\t{indicator.basis}\t{indicator.unit}"
            "\t目標\t" + "\t".join(targets)
        )
        lines.append("\t\t\t\t実績\t" + "\t".join(actuals))
    lines += ["", f"備考\t{_t(sheet.remarks)}", ""]
    unit = cost_unit(sheet)
    lines.append(f"コスト内訳({unit})\t\t\t" + "\t".join(years))
    costs = cost_columns(sheet)

    def row(label: str, values: list[str], group: str = "") -> None:
        lines.append(f"{group}\t\t{label}\t" + "\t".join(values))

    items = list(costs[0].revenue_items) if costs else []
    for position, item in enumerate(items):
        row(item, [_n(c.revenue_items.get(item)) for c in costs], "収入" if position == 0 else "")
    for field, label, attribute in (
        ("costs.revenue.specific_total", "特定財源合計", "specific_total"),
        ("costs.revenue.general", "一般財源", "general"),
        ("costs.revenue.total", "収入合計", "revenue_total"),
        ("costs.expenditure.project", "事業費", "project"),
    ):
        group = "支出" if attribute == "project" else ""
        row(f"{label} {letter(sheet, field)}", [_n(getattr(c, attribute)) for c in costs], group)
    for category in STAFF_CATEGORIES:
        row(
            _STAFF[category],
            [_n(c.staff[category].cost) if category in c.staff else "" for c in costs],
        )
        row("業務量(人)", [_n(c.staff[category].fte) if category in c.staff else "" for c in costs])
    row(f"人件費合計 {letter(sheet, 'costs.staff_total')}", [_n(c.staff_total) for c in costs])
    row(f"支出合計 {letter(sheet, 'costs.expenditure.total')}", [_n(c.total) for c in costs])
    unit_costs = unit_cost_columns(sheet)
    lines += [
        "",
        f"単位当たりコスト({unit})\t" + "\t".join(years),
        f"単位の定義\t{_t(sheet.unit_definition)}",
        f"実績数値 {letter(sheet, 'unit_cost.units')}\t"
        + "\t".join(_n(u.units) for u in unit_costs),
        f"単位当たりコスト({unit}) {letter(sheet, 'unit_cost.per_unit')}\t"
        + "\t".join(_n(u.per_unit) for u in unit_costs),
        f"実質収支比率(%) {letter(sheet, 'unit_cost.ratio')}\t"
        + "\t".join(_n(u.ratio) for u in unit_costs),
        "",
        f"実施状況に対する評価\t{_t(sheet.evaluation)}",
        f"今後の方向性【{sheet.direction_label or ''}】\t{_t(sheet.direction)}",
        "",
    ]
    return lines


def render_document(document: Document) -> str:
    return "\n".join(line for sheet in document.sheets for line in render_sheet(sheet))
