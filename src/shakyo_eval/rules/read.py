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

    Example: a 支出合計 cell printed ``1,2O4,813`` (a letter O for a zero) is reported here
    and left out of the sums, instead of being read as zero.
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

    Example: a cost table with a row ``会計年度任用職員人件費 | 1,200,000`` (a staff category
    the template of the seed does not have) is listed here with its cells.
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
    "a sheet without its cost or unit-cost table",
    "コスト内訳または単位当たりコスト表がない",
)
def missing_table(sheet: Sheet) -> Iterator[Problem]:
    """A sheet whose cost table (コスト内訳) or unit-cost table was not found: its sums and
    ratios cannot be checked, which an auditor must know rather than read as "no error".

    Example: every sheet of the seed has both tables; a sheet cut off after its indicators
    (as in the excerpts under corpus/real) gets this warning.
    """
    for table, present in (("costs", sheet.costs), ("unit_costs", sheet.unit_costs)):
        if not present:
            yield Problem(
                field=table,
                message_id="missing_table",
                params={"table": table},
                location=sheet.location,
            )
