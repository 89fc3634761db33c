"""Shared harness: run rules on a file and flatten what they find into comparable tuples."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

from shakyo_eval.checker import Options, check
from shakyo_eval.findings import Finding, Report
from shakyo_eval.rules import all_rules


def report_of(path: Path, *rule_ids: str) -> Report:
    rules = [r for r in all_rules() if not rule_ids or r.id in rule_ids]
    return check([path], Options(rules=rules))


def findings(path: Path, *rule_ids: str, grouped: bool = False) -> list[Finding]:
    """Every finding of a file (grouped ones flattened unless ``grouped``)."""
    report = report_of(path, *rule_ids)
    (document,) = report.documents
    assert document.error is None, document.error
    if grouped:
        return document.findings
    return [item for finding in document.findings for item in finding.all()]


def flat(items: list[Finding]) -> set[tuple]:
    """(rule, sheet, year, field, written, expected) for each finding, numbers as Decimal."""
    return {
        (f.rule, f.sheet, f.year, f.field, _plain(f.written), _plain(f.expected)) for f in items
    }


def _plain(value):
    return Decimal(value) if isinstance(value, Decimal) else value


def squash(text: str) -> str:
    """Printed text compared as an auditor reads it: NFKC, no spaces, no thousands commas."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace(",", "")


def printed(value: Decimal | str | None) -> str:
    """A finding's written value as the sheet prints it, squashed (``688670``, ``(b)``)."""
    return squash(str(value))


def text_in(page, rect: tuple[float, float, float, float]) -> str:
    """The squashed text of the pdfplumber ``page`` whose characters' centres lie in ``rect``
    (x0, top, x1, bottom, in points from the top-left corner)."""
    x0, top, x1, bottom = rect
    return squash(
        "".join(
            c["text"]
            for c in page.chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        )
    )
