"""GitHub Actions annotations (``--format github``): one workflow command per finding,

    ::error file=reports/2024.txt,line=221,title=SE103 シート 5 R4::嘱託職員人件費 688,670: …

which GitHub shows on the pull request beside the file. Error → ``error``, warning →
``warning``, info and accepted findings → ``notice``; a file that could not be read is an
``error`` on that file. Values are escaped the way the Actions toolkit does: ``%``, CR and LF
everywhere, and ``:`` and ``,`` in properties too.
"""

from __future__ import annotations

from pathlib import Path

from shakyo_eval.findings import Finding, Report, Severity
from shakyo_eval.report.wording import WORDS, message, relative_path, sheet_heading

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, text: str, **properties: object) -> str:
    given = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name} {given}::{escape_data(text)}"


def render(report: Report, lang: str = "ja", root: Path | None = None, **_options) -> str:
    lines = []
    for document in report.documents:
        path = relative_path(document.path, root)
        if document.error is not None:
            text = f"{WORDS[lang]['cannot_read']}: {document.error_text(lang)}"
            lines.append(command("error", text, file=path, title="shakyo-eval"))
        for finding in document.all_findings():
            lines.append(_annotation(finding, path, lang))
    return "".join(f"{line}\n" for line in lines)


def _annotation(finding: Finding, path: str, lang: str) -> str:
    name = "notice" if finding.accepted is not None else COMMANDS[finding.severity]
    location = finding.location
    text = message(finding, lang)
    if finding.page is not None:
        text = f"p.{finding.page}: {text}"
    sheet = sheet_heading(finding.sheet, finding.sheet_name, lang, finding.sheet_index)
    title = f"{finding.rule} {sheet}"
    if finding.year:
        title += f" {finding.year}"
    return command(name, text, file=path, line=location.line if location else None, title=title)
