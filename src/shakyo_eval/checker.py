"""Reads files, runs the selected rules, and groups what they find into a Report.

Usable from Python without click: ``check([Path("report.pdf")])``.
"""

from __future__ import annotations

import fnmatch
import gc
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from shakyo_eval.assemble import assemble
from shakyo_eval.extract import SUPPORTED_SUFFIXES, read_grid
from shakyo_eval.findings import (
    DocumentReport,
    Finding,
    Problem,
    Report,
    Severity,
    SheetTitle,
    Unchecked,
)
from shakyo_eval.grid import ExtractError
from shakyo_eval.limits import DEFAULT_TIMEOUT, time_limit
from shakyo_eval.model import Document, Number, Sheet, Text
from shakyo_eval.rules import Rule, all_rules


def documents_in(paths: Iterable[Path]) -> list[Path]:
    """The files to check: a folder stands for every readable file under it (hidden ones
    left out), sorted; a folder with none stays itself, so that it is reported unreadable."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            child
            for child in path.rglob("*")
            if child.suffix.lower() in SUPPORTED_SUFFIXES
            and child.is_file()
            and not any(part.startswith(".") for part in child.relative_to(path).parts)
        )
        files += found or [path]
    return files


def read_document(path: Path, **options) -> Document:
    """The records of one file; ExtractError with a one-line reason when it cannot be read."""
    return read_document_in_part(path, **options)[0]


def read_document_in_part(path: Path, **options) -> tuple[Document, ExtractError | None]:
    """The records of one file and, when only part of it could be read (pages of a damaged
    PDF), why; ExtractError with a one-line reason when none of it can be read."""
    if path.is_dir():
        raise ExtractError("empty_folder", suffixes="/".join(SUPPORTED_SUFFIXES))
    grid = read_grid(path, **options)
    try:
        document = assemble(grid)
    finally:
        # A reader's rows may hold the file open, or processes reading its pages: end them
        # now, even when assembling fails (the error, kept in the report, would keep them).
        if isinstance(grid.rows, Generator):
            grid.rows.close()
    if not document.sheets:
        raise grid.partial or ExtractError("no_sheet")
    return document, grid.partial


@dataclass(frozen=True)
class SheetIgnore:
    """A finding accepted on one sheet (config ``per-sheet-ignores``): it stays in the report,
    marked with the reason, and no longer counts for the exit code."""

    sheet: int  # the number printed in the sheet's title
    rules: tuple[str, ...]  # rule ids or prefixes
    reason: str
    files: str | None = None  # a glob matched against the end of the file's path; None: any

    def covers(self, finding: Finding, path: str) -> bool:
        return (
            finding.sheet == self.sheet
            and finding.rule.startswith(self.rules)
            and (self.files is None or glob_matches(self.files, path))
        )


def glob_matches(pattern: str, path: str) -> bool:
    """Whether ``pattern`` matches the end of ``path`` (all of it when the pattern starts
    with /), folder by folder: ``*`` and ``?`` stay within one name, ``**`` stands for any
    number of folders. (Path.match knows no ``**`` before Python 3.13.)"""
    parts = Path(path).resolve().parts
    if pattern.startswith("/"):
        return _names_match(parts[1:], pattern.split("/")[1:])
    return _names_match(parts, ["**", *pattern.split("/")])


def _names_match(names: Sequence[str], pattern: Sequence[str]) -> bool:
    if not pattern:
        return not names
    if pattern[0] == "**":
        return any(_names_match(names[skip:], pattern[1:]) for skip in range(len(names) + 1))
    return (
        bool(names)
        and fnmatch.fnmatch(names[0], pattern[0])
        and _names_match(names[1:], pattern[1:])
    )


@dataclass
class Options:
    rules: Sequence[Rule] | None = None  # None: every registered rule
    severities: dict[str, Severity] = field(default_factory=dict)
    sheet_ignores: Sequence[SheetIgnore] = ()
    reader: dict = field(default_factory=dict)  # passed to the extractor (password …)
    timeout: float | None = DEFAULT_TIMEOUT  # seconds to read and check one file; None: no limit


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Reading a document builds hundreds of thousands of small objects without cycles; the
    cyclic collector would walk them again and again and free nothing (measured: half the
    time of a 400-sheet check). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(
    paths: Iterable[Path],
    options: Options | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> Report:
    """Check every file (a folder: the files under it); ``on_file`` is told of each file once
    it has been read and checked."""
    with _without_cyclic_gc():
        return _check(paths, options or Options(), on_file)


def _check(
    paths: Iterable[Path], options: Options, on_file: Callable[[Path], None] | None
) -> Report:
    rules = list(options.rules) if options.rules is not None else all_rules()
    run_rules = [r for r in rules if r.scope == "run"]
    report = Report()
    # what the run rules keep of each readable document (not the whole records), beside
    # the document's entry
    kept: list[tuple[dict[str, object], DocumentReport]] = []
    for path in documents_in(paths):
        entry = DocumentReport(path=str(path))
        report.documents.append(entry)
        try:
            with time_limit(options.timeout):
                document, partial = read_document_in_part(path, **options.reader)
                findings, unchecked = check_document(
                    document, rules, options.severities, options.sheet_ignores
                )
        except ExtractError as error:
            entry.unreadable(error.message_id, **error.params)
        except Exception as error:  # a reader bug must not hide the other files' results
            # the text, not the exception: it would keep the failed file's frames alive
            entry.unreadable("unexpected", kind=type(error).__name__, detail=str(error))
        else:
            if partial is not None:  # the findings of the pages read, and why some were not
                entry.unreadable(partial.message_id, **partial.params)
            entry.format = document.format
            entry.sheets = len(document.sheets)
            entry.notes = document.notes
            entry.titles = [SheetTitle(number=s.number, name=s.name) for s in document.sheets]
            entry.findings, entry.unchecked = findings, unchecked
            kept.append(({r.id: r.keep(document) for r in run_rules if r.keep}, entry))
            del document
        if on_file is not None:
            on_file(path)
    if run_rules and len(kept) > 1:
        for rule in run_rules:
            for index, position, problem in rule.check([k[rule.id] for k, _ in kept]):
                entry = kept[index][1]
                finding = _finding(rule, problem, problem.sheet, position, options.severities)
                entry.findings += _accept([finding], entry.path, options.sheet_ignores)
        for _, entry in kept:
            entry.findings = group([f for finding in entry.findings for f in finding.all()])
    return report


def check_document(
    document: Document,
    rules: Sequence[Rule],
    severities: dict[str, Severity] | None = None,
    sheet_ignores: Sequence[SheetIgnore] = (),
) -> tuple[list[Finding], list[Unchecked]]:
    """The findings of the sheet and document rules (grouped per cell, those the
    ``sheet_ignores`` cover accepted), and what the rules could not check."""
    severities = severities or {}
    findings: list[Finding] = []
    unchecked: list[Unchecked] = []
    positions = _positions(document)
    for rule in rules:
        if rule.scope == "sheet":
            results = [(item, sheet) for sheet in document.sheets for item in rule.check(sheet)]
        elif rule.scope == "document":
            results = [(item, getattr(item, "sheet", None)) for item in rule.check(document)]
        else:
            continue
        for item, sheet in results:
            if isinstance(item, Unchecked):
                names = {i.index: i.name for i in sheet.indicators} if sheet else {}
                update = {
                    "rule": rule.id,
                    "sheet": sheet.number if sheet else None,
                    "sheet_name": sheet.name if sheet else None,
                    "params": {**item.params, "indicator_names": names},
                }
                unchecked.append(item.model_copy(update=update))
            else:
                position = positions.get(id(sheet))
                findings.append(_finding(rule, item, sheet, position, severities))
    findings = _accept(findings, document.path, sheet_ignores)
    return group(findings), unchecked


def _positions(document: Document) -> dict[int, int]:
    """Each sheet's place in its document, by identity: printed numbers may repeat."""
    return {id(sheet): index for index, sheet in enumerate(document.sheets)}


def _accept(findings: list[Finding], path: str, ignores: Sequence[SheetIgnore]) -> list[Finding]:
    """The findings, those that a per-sheet ignore covers marked accepted with its reason."""
    accepted = []
    for finding in findings:
        ignore = next((i for i in ignores if i.covers(finding, path)), None)
        accepted.append(
            finding.model_copy(update={"accepted": ignore.reason}) if ignore else finding
        )
    return accepted


def _finding(
    rule: Rule,
    problem: Problem,
    sheet: Sheet | None,
    position: int | None,
    severities: dict[str, Severity],
) -> Finding:
    written = problem.written
    decimals = None
    if isinstance(written, Number):
        written, decimals = written.value, written.decimals
    elif isinstance(written, Text):
        written = written.text
    params = dict(problem.params)
    if sheet is not None and any(k.endswith("field") for k in params):
        params["indicator_names"] = {i.index: i.name for i in sheet.indicators}
    return Finding(
        rule=rule.id,
        severity=severities.get(rule.id, rule.severity),
        sheet=sheet.number if sheet else None,
        sheet_name=sheet.name if sheet else None,
        sheet_index=position,
        year=problem.year,
        field=problem.field,
        written=written,
        written_decimals=decimals,
        expected=problem.expected,
        comparable=problem.comparable,
        message_id=problem.message_id,
        params=params,
        location=problem.location,
    )


def group(findings: list[Finding]) -> list[Finding]:
    """One finding per printed cell: findings on the same cell go under the most severe one
    (one that is not accepted, when there is one)."""
    cells: dict[tuple, list[Finding]] = {}
    for finding in findings:
        cells.setdefault((finding.sheet_index, finding.year, finding.field), []).append(finding)
    grouped = []
    for same_cell in cells.values():
        same_cell.sort(key=lambda f: (f.accepted is not None, f.severity.rank, f.rule))
        also = [f.model_copy(update={"also": []}) for f in same_cell[1:]]
        grouped.append(same_cell[0].model_copy(update={"also": also}))
    grouped.sort(
        key=lambda f: (-1 if f.sheet_index is None else f.sheet_index, f.year or "", f.rule)
    )
    return grouped
