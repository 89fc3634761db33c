"""Markdown (``--format markdown``): a table per document, to paste into a review or a
report. Every finding is a row with the terminal report's columns and its sheet, those
grouped under another on the same cell marked ↳; an accepted finding's row says so, with the
reason."""

from __future__ import annotations

from shakyo_eval.findings import DocumentReport, Report
from shakyo_eval.report.wording import COLUMNS, NUMERIC, WORDS, cells, sheet_heading, summary_line


def render(report: Report, lang: str = "ja", **_options) -> str:
    parts = [_document(document, lang) for document in report.documents]
    parts.append(f"**{summary_line(report, lang)}**\n")
    return "\n".join(parts)


def _document(document: DocumentReport, lang: str) -> str:
    words = WORDS[lang]
    heading = f"## {cell(document.path)}"
    problem = f"**{words['cannot_read']}**: {cell(document.error_text(lang) or '')}"
    if document.error is not None and not document.sheets:
        return f"{heading}\n\n{problem}\n"
    heading += f" ({document.format}, {document.sheets} {words['sheets']})"
    if document.error is not None:  # read in part: why, then the findings of what was read
        heading += f"\n\n{problem}"
    if not document.findings:
        return f"{heading}\n\n{words['clean']}\n"
    lines = [
        _line([words["sheet"], *(words[c] for c in COLUMNS)]),
        _line(["---", *("---:" if c in NUMERIC else "---" for c in COLUMNS)]),
    ]
    for finding in document.findings:
        sheet = sheet_heading(finding.sheet, finding.sheet_name, lang, finding.sheet_index)
        for depth, item in enumerate(finding.all()):
            row = cells(item, lang, depth)
            lines.append(_line([cell(sheet), *(cell(row[c]) for c in COLUMNS)]))
    return f"{heading}\n\n" + "\n".join(lines) + "\n"


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def cell(text: str) -> str:
    """Text that stays inside one table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")
