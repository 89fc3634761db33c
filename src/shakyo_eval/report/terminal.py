"""The terminal report: at a terminal, in a CI log, through a screen reader.

Where the whole table fits (every column at its natural width, and room for the message),
each sheet is a table, the way an auditor reads the sheets. Where it does not, and always
when asked for blocks (the command line asks when stdout is not a terminal and no width is
given), each finding is a block in the style of ruff and rustc::

    samples/seed.txt:221: SE103 [エラー] R4 嘱託職員人件費
        記載値 688,670 → 正しい値 6,886,700（差 -6,198,030）
        嘱託職員人件費 688,670: 人件費合計 (e) 16,658,300 が成り立つには 6,886,700
        である必要があります（桁の脱落）。
      ↳ SE405 [警告] R4 嘱託職員人件費
        …

The first line says where (``file:line``, ``file:p.N`` for a PDF page), which rule, how
severe and about what; findings on the same cell follow it, marked ↳. Severity is always a
word: colour never carries meaning alone. Every line is wrapped to the width in terminal
cells (a CJK character takes two), never inside a number (linebreak.py).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from shakyo_eval.findings import DocumentReport, Finding, Report, Severity
from shakyo_eval.labels import field_name
from shakyo_eval.messages import format_value
from shakyo_eval.report.linebreak import fill, wrap
from shakyo_eval.report.wording import (
    COLUMNS,
    NUMERIC,
    WORDS,
    cells,
    difference,
    message,
    sheet_heading,
    summary_line,
)

DEFAULT_WIDTH = 80
# The table is used only when its message column can be at least this wide (in cells).
MESSAGE_WIDTH = 40
INDENT = "    "

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(
    report: Report,
    lang: str = "ja",
    width: int | None = None,
    color: bool = False,
    verbose: bool = False,
    blocks: bool = False,
    **_options,
) -> str:
    """The report in lines of at most ``width`` cells (default 80): tables where they fit,
    blocks otherwise or when ``blocks``."""
    width = width or DEFAULT_WIDTH
    console = Console(
        width=width,
        record=True,
        force_terminal=color,
        no_color=not color,
        file=_Null(),
        legacy_windows=False,
    )
    tables = None if blocks else _tables(report, lang, console)
    parts: list = []
    for index, document in enumerate(report.documents):
        parts += _document(document, lang, width, verbose, tables and tables[index])
        parts.append(Text(""))
    parts += _lines(summary_line(report, lang), width, style="bold")
    console.print(Group(*parts))
    return console.export_text(styles=color)


def _document(
    document: DocumentReport,
    lang: str,
    width: int,
    verbose: bool,
    tables: dict[tuple, Table] | None,
) -> list:
    """The document's lines; its sheets as ``tables`` (by sheet) when given, else blocks."""
    words = WORDS[lang]
    problem = f"{words['cannot_read']}: {document.error_text(lang)}"
    if document.error and not document.sheets:
        return _lines(f"{document.path}  {problem}", width, style="bold red")
    title = f"{document.path}  ({document.format}, {document.sheets} {words['sheets']})"
    parts: list = _lines(title, width, style="bold")
    if document.error:  # read in part: why, then the findings of what was read
        parts += _lines(problem, width, "  ", style="bold red")
    if not document.findings:
        parts += _lines(words["clean"], width, "  ", style="green")
    for key, findings in _by_sheet(document).items():
        position, number, name = key
        parts.append(Text(""))
        parts += _lines(sheet_heading(number, name, lang, position), width, style="bold underline")
        if tables is not None:
            parts.append(tables[key])
            continue
        for finding in findings:
            for depth, item in enumerate(finding.all()):
                parts += _block(item, document.path, lang, width, depth)
    return parts + _unchecked(document, lang, width, verbose)


def _by_sheet(document: DocumentReport) -> dict[tuple, list[Finding]]:
    by_sheet: dict[tuple, list[Finding]] = {}
    for finding in document.findings:
        key = (finding.sheet_index, finding.sheet, finding.sheet_name)  # numbers may repeat
        by_sheet.setdefault(key, []).append(finding)
    return by_sheet


def _block(finding: Finding, path: str, lang: str, width: int, depth: int) -> list[Text]:
    """A finding as lines: where, rule, severity and field; written → expected; message."""
    words = WORDS[lang]
    severity = f"[{words[finding.severity]}]"
    head = [f"{finding.rule} ", f"{severity} "]
    if finding.year:
        head.append(f"{finding.year} ")
    head.append(field_name(finding.field, lang, finding.params.get("names")))
    if depth:
        first, location = "  ↳ ", ""
    else:
        first, location = "", f"{_location(path, finding)}: "
    lines = [Text(line) for line in fill([location, *head], width, first, INDENT)]
    style = "dim" if finding.accepted is not None else _STYLE[finding.severity]
    for line in lines:
        line.highlight_words([finding.rule, severity], style)
    if location:
        lines[0].stylize("bold", 0, len(location) - 2)
    values = _values(finding, lang)
    if values:
        lines += [Text(line) for line in fill(values, width, INDENT, INDENT)]
    muted = "dim" if finding.accepted is not None else ""
    return lines + _lines(message(finding, lang), width, INDENT, style=muted)


def _location(path: str, finding: Finding) -> str:
    """``path:line`` as compilers print it; a PDF has pages instead: ``path:p.7``, a
    workbook cells: ``path:Sheet1!BX187``, a CSV fields: ``path:37:21``."""
    location = finding.location
    if location is None:
        return path
    if location.page is not None:
        return f"{path}:p.{location.page}"
    if location.cell is not None:
        sheet = f"{location.sheet_name}!" if location.sheet_name else ""
        return f"{path}:{sheet}{location.cell}"
    if location.line is not None and location.column is not None and location.sheet_name:
        return f"{path}:{location.line}:{location.column}"
    if location.line is not None:
        return f"{path}:{location.line}"
    return path


def _values(finding: Finding, lang: str) -> list[str]:
    """``記載値 688,670 → 正しい値 6,886,700（差 -6,198,030）`` in pieces kept whole."""
    words = WORDS[lang]
    written, expected = format_value(finding.written), format_value(finding.expected)
    pieces = []
    if written:
        pieces.append(f"{words['written']} {written} ")
    if expected:
        pieces.append(f"{'→ ' if written else ''}{words['expected']} {expected}")
    if pieces and (diff := difference(finding)):
        pieces.append(words["difference_note"].format(difference=diff))
    return pieces


def _unchecked(document: DocumentReport, lang: str, width: int, verbose: bool) -> list[Text]:
    words = WORDS[lang]
    if not document.unchecked:
        return []
    line = words["unchecked"].format(count=len(document.unchecked))
    if not verbose:
        return [Text(""), *_lines(line + words["unchecked_hint"], width, style="dim")]
    parts = [Text(""), *_lines(line, width, style="dim")]
    for item in document.unchecked:
        sheet = f"{words['sheet']} {item.sheet} " if item.sheet is not None else ""
        name = field_name(item.field, lang, item.params.get("names"))
        parts += _lines(f"{sheet}{name}: {item.text(lang)}", width, "  ", INDENT, "dim")
    return parts


def _lines(text: str, width: int, first: str = "", rest: str = "", style: str = "") -> list[Text]:
    return [Text(line, style=style) for line in wrap(text, width, first, rest or first)]


def _tables(report: Report, lang: str, console: Console) -> list[dict[tuple, Table]] | None:
    """Each document's tables by sheet, when every one fits the console; None otherwise."""
    tables = []
    for document in report.documents:
        tables.append({})
        for key, findings in _by_sheet(document).items():
            table = _sheet_table(findings, lang)
            # measured unbounded: the minimum is then what the table needs, not the console
            needed = Measurement.get(console, console.options.update_width(10_000), table)
            if needed.minimum > console.width:
                return None
            tables[-1][key] = table
    return tables


def _sheet_table(findings: list[Finding], lang: str) -> Table:
    words = WORDS[lang]
    table = Table(show_lines=False, expand=False, pad_edge=False)
    for column in COLUMNS:
        table.add_column(
            words[column],
            justify="right" if column in NUMERIC else "left",
            no_wrap=column != "message",  # a value is never folded: else it is a block
        )
    for finding in findings:
        for depth, item in enumerate(finding.all()):
            row = cells(item, lang, depth)
            style = "dim" if item.accepted is not None else _STYLE[item.severity]
            # Text, not str: a str cell is read as rich markup, where "[warning]" is a tag
            rendered = {c: Text(row[c]) for c in COLUMNS}
            rendered["rule"].stylize(style)
            rendered["message"] = _Wrapped(row["message"])
            table.add_row(*rendered.values())
    return table


class _Wrapped:
    """A table cell that rich sizes and we break (rich itself breaks only at spaces)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        full = Text(self.text).cell_len
        return Measurement(min(full, MESSAGE_WIDTH), full)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap(self.text, options.max_width):
            yield Text(line)


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass
