"""The JSON finding contract of DESIGN.md (``--format json``)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from shakyo_eval import __version__
from shakyo_eval.findings import Finding, Report


def number(value: Decimal | str | None) -> Any:
    """A value for JSON: an int when printed whole, a float otherwise, text as text."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
            return int(value)
        return float(value)
    return value


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    location = finding.location
    entry: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "sheet": finding.sheet,
        "sheet_name": finding.sheet_name,
        "year": finding.year,
        "field": finding.field,
        "written": number(finding.written),
        "expected": number(finding.expected),
        "message": finding.text(lang),
        "page": location.page if location else None,
    }
    if location is not None:
        entry["location"] = location.model_dump(exclude_none=True)
    if finding.accepted is not None:
        entry["accepted"] = finding.accepted  # the config's reason; not counted in the summary
    if finding.also:
        entry["also"] = [finding_dict(other, lang) for other in finding.also]
    return entry


def as_dict(report: Report, lang: str = "ja") -> dict[str, Any]:
    summary = report.summary()
    return {
        "tool": "shakyo-eval",
        "version": __version__,
        "documents": [
            {
                "path": document.path,
                "format": document.format,
                "sheets": document.sheets,
                "error": document.error_text(lang),
                "findings": [finding_dict(f, lang) for f in document.findings],
                "unchecked": [
                    {
                        "rule": u.rule,
                        "sheet": u.sheet,
                        "sheet_name": u.sheet_name,
                        "year": u.year,
                        "field": u.field,
                        "reason": u.text(lang),
                    }
                    for u in document.unchecked
                ],
            }
            for document in report.documents
        ],
        "summary": {
            "documents": summary.documents,
            "sheets": summary.sheets,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    }


def render(report: Report, lang: str = "ja", **_options) -> str:
    return json.dumps(as_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
