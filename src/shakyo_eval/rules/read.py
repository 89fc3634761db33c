"""SE0xx: what could not be read. Nothing read is dropped silently; it is reported here."""

from __future__ import annotations

from collections.abc import Iterator

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.model import Sheet
from shakyo_eval.rules import rule


@rule(
    "SE001",
    "unparsed-number",
    Severity.WARNING,
    "a cell that should hold a number does not",
    "数値であるべき欄が数値として読めない",
)
def unparsed_number(sheet: Sheet) -> Iterator[Problem]:
    """A cost, unit-cost or indicator cell whose text is not a number, so no check can use it.

    Example (the seed's sheet 5 with its R4 実績数値 (g) 2,061 typed ``2,O61``, a letter O
    for a zero): the cell is reported here and f/g is not checked against it, instead of the
    cell being read as zero.
    """
    for cell in sheet.unparsed:
        yield Problem(
            field=cell.field,
            year=cell.year,
            written=cell.text,
            message_id="unparsed",
            params={"field": cell.field, "written": cell.text},
            location=cell.location,
        )


@rule(
    "SE002",
    "unknown-row",
    Severity.INFO,
    "a row that was read but not recognised",
    "認識できない行がある",
)
def unknown_row(sheet: Sheet) -> Iterator[Problem]:
    """A row inside a table whose label the assembler does not know; shown so nothing is lost.

    Example (the seed's sheet 5 with 臨時職員人件費 relabelled 会計年度任用職員人件費, a staff
    category its template does not have): that row and the 業務量(人) row under it are
    listed here with their cells, and neither is counted as another category's.
    """
    for row in sheet.unknown_rows:
        yield Problem(
            field=f"{row.section}",
            written=row.label,
            message_id="unknown_row",
            params={"section": row.section, "cells": row.cells},
            location=row.location,
        )


@rule(
    "SE003",
    "missing-table",
    Severity.WARNING,
    "a sheet without a table its template has",
    "様式にある表（コスト内訳など）がシートにない",
)
def missing_table(sheet: Sheet) -> Iterator[Problem]:
    """A sheet whose cost table (コスト内訳) or unit-cost table was not found: its sums and
    ratios cannot be checked, which an auditor must know rather than read as "no error".

    Example: every sheet of the seed has both tables; the seed's sheet 1 cut off after its
    indicators (as the excerpts of real sheets under corpus/real are cut) gets this warning
    twice.
    """
    for table in sheet.missing:
        yield Problem(
            field=table,
            message_id="missing_table",
            params={"table": table},
            location=sheet.location,
        )


@rule(
    "SE004",
    "unchecked-relation",
    Severity.WARNING,
    "a relation that could not be checked because the rows it needs are missing",
    "必要な行がないため検査できなかった計算式がある",
)
def unchecked_relation(sheet: Sheet) -> Iterator[Problem]:
    """A relation of the sheet's template whose rows are not all on the sheet: a table cut
    off (a truncated file, a page lost) or a row its template names but the sheet skips.
    The checks that remain possible still run; this says which could not.

    Example (the seed's sheet 1 cut off after 人件費合計 (e)): 支出合計 (f) is missing, so
    (f) = (d) + (e), f/g and c/f cannot be checked; the sums (a), (c) and (e) still are.
    """
    lacking = set(sheet.lacking)
    for relation in sheet.relations:
        missing = sorted(relation.fields() & lacking)
        if not missing:
            continue
        yield Problem(
            field=relation.result,
            message_id="unchecked_relation",
            params={
                "field": relation.result,
                "formula": (relation.text, relation.text_en),
                "missing_fields": missing,
            },
            location=sheet.location,
        )
