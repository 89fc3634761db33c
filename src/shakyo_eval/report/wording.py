"""What the reports say, in both languages, and the small helpers they share: a finding's
row, a sheet's heading, where a value was printed, the summary line, and a file's path as CI
tools want it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from shakyo_eval.findings import Finding, Report, Severity
from shakyo_eval.labels import field_name
from shakyo_eval.messages import format_value

WORDS = {
    "ja": {
        "sheet": "シート",
        "year": "年度",
        "field": "項目",
        "written": "記載値",
        "expected": "正しい値",
        "difference": "差",
        "difference_note": "（差 {difference}）",
        "message": "内容",
        "rule": "規則",
        "severity": "重大度",
        "where": "位置",
        "sheets": "シート",
        "clean": "問題は見つかりませんでした",
        "cannot_read": "読めません",
        "accepted": "承認済み",
        "summary": "{documents} 文書, {sheets} シート: エラー {errors}, "
        "警告 {warnings}, 情報 {infos}",
        "summary_accepted": ", 承認済み {accepted}",
        "unreadable": ", 読めない文書 {unreadable}",
        "document": "文書全体",
        "sheet_at": "{position} 枚目のシート",
        "unchecked": "確認できなかった項目: {count} 件",
        "unchecked_hint": "（--verbose で一覧）",
        "built_in": "組み込み",
        "read_by": "様式 {template} で読んだシート: {sheets}",
        "report_title": "事務事業評価表 検査結果",
        "findings_count": "指摘 {count} 件",
        "no_page_image": "ページ画像を表示できません",
        "no_tables": "表を表示できません",
        "page": "{page} ページ",
        "annotated": "{path}: 注釈 {count} 件",
        Severity.ERROR: "エラー",
        Severity.WARNING: "警告",
        Severity.INFO: "情報",
    },
    "en": {
        "sheet": "sheet",
        "year": "year",
        "field": "field",
        "written": "written",
        "expected": "expected",
        "difference": "diff",
        "difference_note": " (diff {difference})",
        "message": "message",
        "rule": "rule",
        "severity": "severity",
        "where": "where",
        "sheets": "sheets",
        "built_in": "built in",
        "read_by": "sheets read by template {template}: {sheets}",
        "clean": "no findings",
        "cannot_read": "cannot be read",
        "accepted": "accepted",
        "summary": "{documents} documents, {sheets} sheets: "
        "{errors} errors, {warnings} warnings, {infos} infos",
        "summary_accepted": ", {accepted} accepted",
        "unreadable": ", {unreadable} unreadable",
        "document": "whole document",
        "sheet_at": "sheet {position} of the document",
        "unchecked": "not checkable: {count}",
        "unchecked_hint": " (--verbose lists them)",
        "report_title": "Evaluation sheet check",
        "findings_count": "{count} findings",
        "no_page_image": "the page images cannot be shown",
        "no_tables": "the tables cannot be shown",
        "page": "page {page}",
        "annotated": "{path}: {count} annotations",
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "info",
    },
}


# The columns of a finding's row in the terminal and markdown tables.
COLUMNS = ("rule", "year", "field", "written", "expected", "difference", "message", "where")
NUMERIC = frozenset({"written", "expected", "difference"})  # right-aligned


def cells(finding: Finding, lang: str, depth: int = 0) -> dict[str, str]:
    """A finding's row by column; ``depth`` 1 for one grouped under another (↳)."""
    return {
        "rule": ("↳ " if depth else "") + finding.rule,
        "year": finding.year or "",
        "field": field_name(finding.field, lang, finding.params.get("names")),
        "written": format_value(finding.written),
        "expected": format_value(finding.expected),
        "difference": difference(finding),
        "message": f"[{WORDS[lang][finding.severity]}] {message(finding, lang)}",
        "where": where(finding),
    }


def sheet_heading(
    number: int | str | None, name: str | None, lang: str, position: int | None = None
) -> str:
    """``シート 5 重層的支援体制整備事業``; a sheet that prints neither number nor name by its
    ``position`` in the document (0-based): ``2 枚目のシート``; findings about no sheet belong
    to the document."""
    words = WORDS[lang]
    if number is None and not name:
        if position is None:
            return words["document"]
        return words["sheet_at"].format(position=position + 1)
    return f"{words['sheet']} {number if number is not None else ''} {name or ''}".strip()


def where(finding: Finding) -> str:
    """Where the cell was printed, as short as the format allows: ``p.7`` (a PDF page),
    ``Sheet1!BX187`` (a workbook's cell), ``L221`` (a line), ``L37 C21`` (a CSV field)."""
    location = finding.location
    if location is None:
        return ""
    if location.page is not None:
        return f"p.{location.page}"
    if location.cell is not None:
        return f"{location.sheet_name}!{location.cell}" if location.sheet_name else location.cell
    if location.line is not None and location.column is not None and location.sheet_name:
        return f"L{location.line} C{location.column}"  # a field of a CSV record
    if location.line is not None:
        return f"L{location.line}"
    return location.element or ""


def difference(finding: Finding) -> str:
    written, expected = finding.written, finding.expected
    if finding.comparable and isinstance(written, Decimal) and isinstance(expected, Decimal):
        value = written - expected
        return f"{value:+,f}" if value else ""
    return ""


def message(finding: Finding, lang: str) -> str:
    """The finding's message, with the reason it is accepted when it is."""
    text = finding.text(lang)
    if finding.accepted is not None:
        text += f" [{WORDS[lang]['accepted']}: {finding.accepted}]"
    return text


def summary_line(report: Report, lang: str) -> str:
    summary = report.summary()
    words = WORDS[lang]
    line = words["summary"].format(**summary.model_dump())
    if summary.accepted:
        line += words["summary_accepted"].format(accepted=summary.accepted)
    if summary.unreadable:
        line += words["unreadable"].format(unreadable=summary.unreadable)
    return line


def relative_path(path: str, root: Path | None = None) -> str:
    """``path`` as CI tools want it: relative to ``root`` (the working folder) with forward
    slashes when it lies inside, absolute otherwise."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()
