"""Reads files, runs the selected rules, and groups what they find into a Report.

Usable from Python without click: ``check([Path("report.pdf")])``.
"""

from __future__ import annotations

import fnmatch
import gc
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from shakyo_eval.assemble import assemble, read_sheets
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
from shakyo_eval.grid import ExtractError, Grid
from shakyo_eval.limits import DEFAULT_TIMEOUT, time_limit
from shakyo_eval.model import Document, Number, Sheet, Text
from shakyo_eval.rules import Kept, KeptDocument, Rule, all_rules
from shakyo_eval.templates import Template


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


def read_document_in_part(
    path: Path, templates: Sequence[Template] | None = None, **options
) -> tuple[Document, ExtractError | None]:
    """The records of one file, its sheets read by ``templates`` (default: the built-in
    ones), and, when only part of it could be read (pages of a damaged PDF), why;
    ExtractError with a one-line reason when none of it can be read."""
    with opened(path, **options) as grid:
        document = assemble(grid, templates)
    if not document.sheets:
        raise grid.partial or ExtractError("no_sheet")
    return document, grid.partial


@contextmanager
def opened(path: Path, **options) -> Iterator[Grid]:
    """The grid of one file, its rows ended when done: a reader's rows may hold the file
    open, or processes reading its pages, even when reading fails (the error, kept in the
    report, would keep them)."""
    if path.is_dir():
        raise ExtractError("empty_folder", suffixes="/".join(SUPPORTED_SUFFIXES))
    grid = read_grid(path, **options)
    try:
        yield grid
    finally:
        if isinstance(grid.rows, Generator):
            grid.rows.close()


@dataclass(frozen=True)
class SheetIgnore:
    """A finding accepted on one sheet (config ``per-sheet-ignores``): it stays in the report,
    marked with the reason, and no longer counts for the exit code."""

    sheet: int | str  # the number (or code) printed in the sheet's title
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
    files = documents_in(paths)
    # a run rule compares documents: with one file, it has nothing to keep
    run_rules = [r for r in rules if r.scope == "run"] if len(files) > 1 else []
    report = Report()
    kept: list[tuple[_RunKept, DocumentReport]] = []
    for path in files:
        entry = DocumentReport(path=str(path))
        report.documents.append(entry)
        checking = FileCheck(rules, run_rules, options)
        try:
            with time_limit(options.timeout):
                document, partial = checking.read(path)
                entry.findings, entry.unchecked = checking.finish(document.path)
        except ExtractError as error:
            entry.unreadable(error.message_id, **error.params)
        except Exception as error:  # a reader bug must not hide the other files' results
            # the text, not the exception: it would keep the failed file's frames alive
            entry.unreadable("unexpected", kind=type(error).__name__, detail=str(error))
        else:
            if partial is not None:  # the findings of the pages read, and why some were not
                entry.unreadable(partial.message_id, **partial.params)
            entry.format = document.format
            entry.sheets = len(checking.titles)
            entry.notes = document.notes
            entry.titles = checking.titles
            if run_rules:
                kept.append((checking.kept_document(document.path), entry))
        if on_file is not None:
            on_file(path)
    if len(kept) > 1:
        for rule in run_rules:
            for index, position, problem in rule.check([k.run[rule.id] for k, _ in kept]):
                entry = kept[index][1]
                finding = _finding(rule, problem, problem.sheet, position, options.severities)
                entry.findings += _accept([finding], entry.path, options.sheet_ignores)
        for _, entry in kept:
            entry.findings = group([f for finding in entry.findings for f in finding.all()])
    return report


class FileCheck:
    """One file's sheets checked as they are read: each sheet's own rules at once, and of
    the sheet only what the document and run rules compare is kept (with a stub that names
    it), so that the sheet itself is let go before the next one is read."""

    def __init__(self, rules: Sequence[Rule], run_rules: Sequence[Rule], options: Options) -> None:
        self.options = options
        self.order = {rule.id: index for index, rule in enumerate(rules)}
        self.sheet_rules = [r for r in rules if r.scope == "sheet"]
        self.document_rules = [r for r in rules if r.scope == "document"]
        self.run_rules = list(run_rules)
        self.kept: dict[str, list[Kept]] = {r.id: [] for r in self.document_rules}
        self.run: dict[str, list[Kept]] = {r.id: [] for r in self.run_rules}
        self.titles: list[SheetTitle] = []
        self.years: Counter[int] = Counter()
        self.positions: dict[int, int] = {}  # a stub's identity → its sheet's place
        self.findings: list[tuple[int, int, Finding]] = []  # (rule order, place, finding)
        self.unchecked: list[tuple[int, int, Unchecked]] = []

    def read(self, path: Path) -> tuple[Document, ExtractError | None]:
        """Read and check the file's sheets; its document without them, and why part of it
        could not be read (pages of a damaged PDF); ExtractError when none of it can be."""
        reader = dict(self.options.reader)
        templates = reader.pop("templates", None)
        with opened(path, **reader) as grid:
            document = Document(path=grid.path, format=grid.format, notes=list(grid.notes))
            for sheet in read_sheets(grid, templates):
                self.add(sheet)
        if not self.titles:
            raise grid.partial or ExtractError("no_sheet")
        return document, grid.partial

    def add(self, sheet: Sheet) -> None:
        position = len(self.titles)
        self.titles.append(
            SheetTitle(number=sheet.identifier, name=sheet.name, template=sheet.template)
        )
        if sheet.header.fiscal_year:
            self.years[sheet.header.fiscal_year] += 1
        for rule in self.sheet_rules:
            for item in rule.check(sheet):
                self._record(rule, item, sheet, position)
        if self.document_rules or self.run_rules:
            stub = sheet.stub()
            self.positions[id(stub)] = position
            for rule in self.document_rules:
                self.kept[rule.id].append(Kept(stub, rule.keep(sheet)))  # type: ignore[misc]
            for rule in self.run_rules:
                self.run[rule.id].append(Kept(stub, rule.keep(sheet)))  # type: ignore[misc]
        sheet.memo.clear()  # what the rules computed of it is no use once they have run

    def finish(self, path: str) -> tuple[list[Finding], list[Unchecked]]:
        """The findings of the document (grouped per cell, those the sheet ignores cover
        accepted), and what the rules could not check, in rule order."""
        for rule in self.document_rules:
            for item in rule.check(self.kept.pop(rule.id)):
                sheet = getattr(item, "sheet", None)
                self._record(rule, item, sheet, self.positions.get(id(sheet)))
        findings = [f for *_, f in sorted(self.findings, key=lambda t: t[:2])]
        unchecked = [u for *_, u in sorted(self.unchecked, key=lambda t: t[:2])]
        findings = _accept(findings, path, self.options.sheet_ignores)
        return group(findings), unchecked

    def kept_document(self, path: str) -> _RunKept:
        """What the run rules kept of the document, by rule id, beside its fiscal year."""
        year = self.years.most_common(1)[0][0] if self.years else None
        kept = {rule_id: KeptDocument(path, year, sheets) for rule_id, sheets in self.run.items()}
        return _RunKept(kept)

    def _record(
        self, rule: Rule, item: Problem | Unchecked, sheet: Sheet | None, position: int | None
    ) -> None:
        key = (self.order[rule.id], -1 if position is None else position)
        if isinstance(item, Unchecked):
            update = {
                "rule": rule.id,
                "sheet": sheet.identifier if sheet else None,
                "sheet_name": sheet.name if sheet else None,
                "params": {**item.params, "names": names_of(sheet)},
            }
            self.unchecked.append((*key, item.model_copy(update=update)))
        else:
            self.findings.append(
                (*key, _finding(rule, item, sheet, position, self.options.severities))
            )


@dataclass(frozen=True)
class _RunKept:
    """What the run rules kept of one document, by rule id."""

    run: dict[str, KeptDocument]


def check_document(
    document: Document,
    rules: Sequence[Rule],
    severities: dict[str, Severity] | None = None,
    sheet_ignores: Sequence[SheetIgnore] = (),
) -> tuple[list[Finding], list[Unchecked]]:
    """The findings of the sheet and document rules on a document already read (grouped per
    cell, those the ``sheet_ignores`` cover accepted), and what the rules could not check."""
    options = Options(rules=rules, severities=severities or {}, sheet_ignores=sheet_ignores)
    checking = FileCheck(rules, (), options)
    for sheet in document.sheets:
        checking.add(sheet)
    return checking.finish(document.path)


def names_of(sheet: Sheet | None) -> dict:
    """What a finding's messages name things by: the sheet's rows, its indicators and its
    template's tables."""
    if sheet is None:
        return {}
    return {
        "fields": sheet.field_names(),
        "indicators": {i.index: i.name for i in sheet.indicators},
        "tables": sheet.table_titles,
    }


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
    if sheet is not None:
        params["names"] = names_of(sheet)
    return Finding(
        rule=rule.id,
        severity=severities.get(rule.id, rule.severity),
        sheet=sheet.identifier if sheet else None,
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
