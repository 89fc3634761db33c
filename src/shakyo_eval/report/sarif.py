"""SARIF 2.1.0 (``--format sarif``), for GitHub code scanning and other SARIF viewers.

One run: the registered rules as ``tool.driver.rules``, each finding (grouped ones included)
a ``result``. A result's location is the file, relative to the working folder under
``%SRCROOT%``, with a ``region`` only where a line is known (the text export): SARIF regions
count lines and characters, so a PDF page or an HTML element goes into ``properties`` with the
sheet, year and field. An accepted finding carries an external ``suppression`` with its
reason. A file that could not be read is a tool execution notification, and makes the
invocation unsuccessful.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

from shakyo_eval import __version__
from shakyo_eval.findings import DocumentReport, Finding, Report, Severity
from shakyo_eval.report.json import number
from shakyo_eval.report.wording import relative_path
from shakyo_eval.rules import Rule, all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, lang: str = "ja", root: Path | None = None, **_options) -> str:
    root = (root or Path.cwd()).resolve()
    rules = all_rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for document in report.documents:
        seen: Counter[tuple] = Counter()
        for finding in document.all_findings():
            identity = (
                finding.rule,
                finding.sheet,
                finding.sheet_name,
                finding.year,
                finding.field,
            )
            seen[identity] += 1
            fingerprint = _fingerprint((*identity, seen[identity]))
            results.append(_result(finding, document, index, lang, root, fingerprint))
    notifications = [
        {
            "level": "error",
            "message": {"text": document.error_text(lang)},
            "locations": [_location(document, root)],
        }
        for document in report.documents
        if document.error is not None
    ]
    run = {
        "tool": {
            "driver": {
                "name": "shakyo-eval",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(rule, lang) for rule in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    sarif = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    what = rule.doc.split("\n\n")[0]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title_in(lang)},
        "fullDescription": {"text": what},
        "help": {"text": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _location(document: DocumentReport, root: Path, line: int | None = None) -> dict[str, Any]:
    path = relative_path(document.path, root)
    if path.startswith("/"):
        artifact = {"uri": Path(path).as_uri()}
    else:
        artifact = {"uri": urllib.parse.quote(path), "uriBaseId": SRCROOT}
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line is not None:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _result(
    finding: Finding,
    document: DocumentReport,
    index: dict[str, int],
    lang: str,
    root: Path,
    fingerprint: str,
) -> dict[str, Any]:
    location = finding.location
    properties: dict[str, Any] = {
        "sheet": finding.sheet,
        "sheetName": finding.sheet_name,
        "year": finding.year,
        "field": finding.field,
        "written": number(finding.written),
        "expected": number(finding.expected),
    }
    if location is not None:
        properties |= location.model_dump(exclude_none=True, exclude={"line", "column"})
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.text(lang)},
        "locations": [_location(document, root, location.line if location else None)],
        "partialFingerprints": {"shakyoEvalFinding/v1": fingerprint},
        "properties": {k: v for k, v in properties.items() if v is not None},
    }
    if finding.accepted is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.accepted}
        ]
    return result


def _fingerprint(identity: tuple) -> str:
    """A finding is the same finding while its rule, sheet, year and field are (and, for a
    sheet printed twice, its occurrence): it must not turn new when a line is added above it
    or a PDF is re-exported."""
    key = "\x1f".join(str(part) for part in identity)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
