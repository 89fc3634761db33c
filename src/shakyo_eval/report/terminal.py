"""The terminal report: one table per sheet, the way an auditor reads the sheets."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from shakyo_eval.findings import DocumentReport, Finding, Report, Severity
from shakyo_eval.labels import field_name
from shakyo_eval.report.wording import COLUMNS, NUMERIC, WORDS, cells, sheet_heading, summary_line

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _sheet_table(findings: list[Finding], lang: str) -> Table:
    words = WORDS[lang]
    table = Table(show_lines=False, expand=False, pad_edge=False)
    for column in COLUMNS:
        table.add_column(
            words[column],
            justify="right" if column in NUMERIC else "left",
            overflow="fold",
            ratio=4 if column == "message" else None,
        )
    for finding in findings:
        for depth, item in enumerate(finding.all()):
            row = cells(item, lang, depth)
            style = "dim" if item.accepted is not None else _STYLE[item.severity]
            # Text, not str: a str cell is read as rich markup, where "[warning]" is a tag
            table.add_row(*(Text(row[c], style=style if c == "rule" else "") for c in COLUMNS))
    return table


def _unchecked(document: DocumentReport, lang: str, verbose: bool) -> list:
    words = WORDS[lang]
    if not document.unchecked:
        return []
    line = Text(words["unchecked"].format(count=len(document.unchecked)), style="dim")
    if not verbose:
        line.append(words["unchecked_hint"])
        return [line]
    parts = [line]
    for item in document.unchecked:
        sheet = f"{words['sheet']} {item.sheet} " if item.sheet is not None else ""
        name = field_name(item.field, lang, item.params.get("indicator_names"))
        parts.append(Text(f"  {sheet}{name}: {item.text(lang)}", style="dim"))
    return parts


def _document(document: DocumentReport, lang: str, verbose: bool = False) -> list:
    words = WORDS[lang]
    title = Text(document.path, style="bold")
    problem = Text(f"  {words['cannot_read']}: {document.error_text(lang)}", style="bold red")
    if document.error and not document.sheets:
        return [title.append_text(problem)]
    title.append(f"  ({document.format}, {document.sheets} {words['sheets']})")
    parts: list = [title]
    if document.error:  # read in part: why, then the findings of what was read
        parts.append(problem)
    if not document.findings:
        parts.append(Text(f"  {words['clean']}", style="green"))
    by_sheet: dict[tuple, list[Finding]] = {}
    for finding in document.findings:
        key = (finding.sheet_index, finding.sheet, finding.sheet_name)  # numbers may repeat
        by_sheet.setdefault(key, []).append(finding)
    for (_, number, name), findings in by_sheet.items():
        parts.append(Text(f"\n{sheet_heading(number, name, lang)}", style="bold underline"))
        parts.append(_sheet_table(findings, lang))
    return parts + _unchecked(document, lang, verbose)


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
