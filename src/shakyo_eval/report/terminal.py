"""The terminal report: one table per sheet, the way an auditor reads the sheets."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from shakyo_eval.findings import DocumentReport, Finding, Report, Severity
from shakyo_eval.labels import field_name
from shakyo_eval.messages import format_value

_WORDS = {
    "ja": {
        "sheet": "シート",
        "year": "年度",
        "field": "項目",
        "written": "記載値",
        "expected": "正しい値",
        "difference": "差",
        "message": "内容",
        "rule": "規則",
        "where": "位置",
        "sheets": "シート",
        "clean": "問題は見つかりませんでした",
        "error": "読めません",
        "summary": "{documents} 文書, {sheets} シート: エラー {errors}, "
        "警告 {warnings}, 情報 {infos}",
        "unreadable": ", 読めない文書 {unreadable}",
        "document": "文書全体",
        "unchecked": "確認できなかった項目: {count} 件",
        "unchecked_hint": "（--verbose で一覧）",
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
        "message": "message",
        "rule": "rule",
        "where": "where",
        "sheets": "sheets",
        "clean": "no findings",
        "error": "cannot be read",
        "summary": "{documents} documents, {sheets} sheets: "
        "{errors} errors, {warnings} warnings, {infos} infos",
        "unreadable": ", {unreadable} unreadable",
        "document": "whole document",
        "unchecked": "not checkable: {count}",
        "unchecked_hint": " (--verbose lists them)",
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "info",
    },
}
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _difference(finding: Finding) -> str:
    written, expected = finding.written, finding.expected
    if finding.comparable and isinstance(written, Decimal) and isinstance(expected, Decimal):
        difference = written - expected
        return f"{difference:+,f}" if difference else ""
    return ""


def _where(finding: Finding) -> str:
    location = finding.location
    if location is None:
        return ""
    if location.page is not None:
        return f"p.{location.page}"
    if location.line is not None:
        return f"L{location.line}"
    return location.element or ""


def _sheet_table(findings: list[Finding], lang: str) -> Table:
    words = _WORDS[lang]
    table = Table(show_lines=False, expand=False, pad_edge=False)
    for column in (
        "rule",
        "year",
        "field",
        "written",
        "expected",
        "difference",
        "message",
        "where",
    ):
        justify = "right" if column in ("written", "expected", "difference") else "left"
        table.add_column(
            words[column],
            justify=justify,
            overflow="fold",
            ratio=4 if column == "message" else None,
        )
    for finding in findings:
        for depth, item in enumerate(finding.all()):
            names = item.params.get("indicator_names")
            rule = Text(("↳ " if depth else "") + item.rule, style=_STYLE[item.severity])
            table.add_row(
                rule,
                item.year or "",
                field_name(item.field, lang, names),
                format_value(item.written),
                format_value(item.expected),
                _difference(item),
                f"[{words[item.severity]}] {item.text(lang)}",
                _where(item),
            )
    return table


def _unchecked(document: DocumentReport, lang: str, verbose: bool) -> list:
    words = _WORDS[lang]
    if not document.unchecked:
        return []
    line = Text(words["unchecked"].format(count=len(document.unchecked)), style="dim")
    if not verbose:
        line.append(words["unchecked_hint"])
        return [line]
    parts = [line]
    for item in document.unchecked:
        where = f"{words['sheet']} {item.sheet} " if item.sheet is not None else ""
        name = field_name(item.field, lang, item.params.get("indicator_names"))
        text = f"  {where}{name}: {item.text(lang)}"
        parts.append(Text(text, style="dim"))
    return parts


def _document(document: DocumentReport, lang: str, verbose: bool = False) -> list:
    words = _WORDS[lang]
    title = Text(document.path, style="bold")
    if document.error:
        title.append(f"  {words['error']}: {document.error}", style="bold red")
        return [title]
    title.append(f"  ({document.format}, {document.sheets} {words['sheets']})")
    parts: list = [title]
    if not document.findings:
        parts.append(Text(f"  {words['clean']}", style="green"))
    by_sheet: dict[tuple, list[Finding]] = {}
    for finding in document.findings:
        by_sheet.setdefault((finding.sheet, finding.sheet_name), []).append(finding)
    for (number, name), findings in by_sheet.items():
        if number is None and name is None:
            heading = words["document"]
        else:
            heading = f"{words['sheet']} {number if number is not None else ''} {name or ''}"
        parts.append(Text(f"\n{heading.strip()}", style="bold underline"))
        parts.append(_sheet_table(findings, lang))
    return parts + _unchecked(document, lang, verbose)


def summary_line(report: Report, lang: str) -> str:
    summary = report.summary()
    words = _WORDS[lang]
    line = words["summary"].format(**summary.model_dump())
    if summary.unreadable:
        line += words["unreadable"].format(unreadable=summary.unreadable)
    return line


def render(
    report: Report,
    lang: str = "ja",
    width: int | None = None,
    color: bool = False,
    verbose: bool = False,
    **_options,
) -> str:
    console = Console(
        width=width or 160,
        record=True,
        force_terminal=color,
        no_color=not color,
        file=_Null(),
        legacy_windows=False,
    )
    parts: list = []
    for document in report.documents:
        parts += _document(document, lang, verbose)
        parts.append(Text(""))
    parts.append(Text(summary_line(report, lang), style="bold"))
    console.print(Group(*parts))
    return console.export_text(styles=color)


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass
