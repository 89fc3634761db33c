"""JUnit XML (``--format junit``), so that any CI dashboard shows the sheets as tests.

One test suite per document, one test case per sheet (plus one for findings about the whole
document, when there are any). A sheet fails when it has an error-level finding that is not
accepted; the failure lists those findings, and the sheet's other findings (warnings, infos,
accepted ones) go to its ``system-out``. A document that could not be read is one test case
with an ``error``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from shakyo_eval.findings import DocumentReport, Finding, Report, Severity, SheetTitle
from shakyo_eval.report.wording import WORDS, message, sheet_heading


def render(report: Report, lang: str = "ja", **_options) -> str:
    root = ET.Element("testsuites", name="shakyo-eval")
    for document in report.documents:
        root.append(_suite(document, lang))
    for total in ("tests", "failures", "errors"):
        root.set(total, str(sum(int(suite.get(total, 0)) for suite in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def failing(finding: Finding) -> bool:
    return finding.severity is Severity.ERROR and finding.accepted is None


def _suite(document: DocumentReport, lang: str) -> ET.Element:
    suite = ET.Element("testsuite", name=document.path)
    if document.error is not None:
        case = ET.SubElement(suite, "testcase", classname=document.path, name=document.path)
        ET.SubElement(case, "error", type="unreadable", message=document.error_text(lang))
    # (a file read in part has sheets too: those of the pages read)
    # by the sheet's place in the document: a printed number may repeat
    by_sheet: dict[int | None, list[Finding]] = {i: [] for i in range(len(document.titles))}
    for finding in document.all_findings():
        by_sheet.setdefault(finding.sheet_index, []).append(finding)
    for index, findings in by_sheet.items():
        title = document.titles[index] if index is not None else SheetTitle()
        name = sheet_heading(title.number, title.name, lang, index)
        suite.append(_case(document.path, name, findings, lang))
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(case.find("failure") is not None for case in cases)))
    suite.set("errors", str(sum(case.find("error") is not None for case in cases)))
    suite.set("skipped", "0")
    return suite


def _case(path: str, name: str, findings: list[Finding], lang: str) -> ET.Element:
    case = ET.Element("testcase", classname=path, name=name)
    errors = [f for f in findings if failing(f)]
    if errors:
        failure = ET.SubElement(
            case,
            "failure",
            type=" ".join(sorted({f.rule for f in errors})),
            message=f"{len(errors)} {WORDS[lang][Severity.ERROR]}: {errors[0].text(lang)}",
        )
        failure.text = "\n".join(_line(f, lang) for f in errors)
    others = [f for f in findings if not failing(f)]
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f, lang) for f in others)
    return case


def _line(finding: Finding, lang: str) -> str:
    year = f" {finding.year}" if finding.year else ""
    return f"{finding.rule} [{WORDS[lang][finding.severity]}]{year}: {message(finding, lang)}"
