"""Command line: parsing and wiring only; the work is in checker, extract and report."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import NoReturn

import click

from shakyo_eval import __version__
from shakyo_eval.checker import check, documents_in, read_document, read_document_in_part
from shakyo_eval.config import ConfigError, settings
from shakyo_eval.grid import ExtractError
from shakyo_eval.messages import render_error
from shakyo_eval.progress import progress_bar
from shakyo_eval.report import FORMATS, render
from shakyo_eval.report.wording import WORDS, sheet_heading, summary_line
from shakyo_eval.rules import all_rules, documentation, get_rule
from shakyo_eval.templates import BUILT_IN

# Options that a config file can also set default to None, so that the config's value applies
# unless the command line (or the environment) gives one; the shown default is the built-in.
LANG = click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    envvar="SHAKYO_EVAL_LANG",
    show_default="ja",
    help="Language of the messages.",
)


PASSWORD = click.option(
    "--password", help="Password of encrypted PDFs (the same for every file of the run)."
)
STRICT = click.option("--strict/--no-strict", default=None, help="Exit 1 on warnings too.")
SELECT = click.option(
    "--select", metavar="IDS", help="Rule ids or prefixes to run, comma-separated."
)
IGNORE = click.option(
    "--ignore", metavar="IDS", help="Rule ids or prefixes to leave out, added to the config's."
)
CONFIG = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file (default: .shakyo-eval.toml or pyproject.toml, found upwards).",
)
QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary on stderr.")
TEMPLATE = click.option(
    "--template",
    "template_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A template file (TOML) for sheets of your own layout; may be given more than once.",
)


def run_options(command):
    """The options of a checking run, shared by check and annotate."""
    for option in reversed((LANG, STRICT, SELECT, IGNORE, CONFIG, TEMPLATE, QUIET)):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shakyo-eval")
def main() -> None:
    """Check the arithmetic of 事務事業評価表 (evaluation sheets)."""


def _ids(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def _settings(
    paths,
    config_file: Path | None,
    select: str | None,
    ignore: str | None,
    lang: str | None,
    **given,
):
    """The run's settings: the config file with the command line on top; a bad one exits 2
    with one line in the user's language (the command line's, else the file's own)."""
    try:
        return settings(
            paths, config_file, select=_ids(select), ignore=_ids(ignore) or (), lang=lang, **given
        )
    except ConfigError as error:
        _fail(error.text(lang or error.lang or "ja"))


def _fail(message: str) -> NoReturn:
    click.echo(f"shakyo-eval: {message}", err=True)
    sys.exit(2)


@main.command(name="check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    show_default="terminal",
    help="Report format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to FILE; a one-line summary goes to stderr.",
)
@run_options
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list what could not be checked, and how each file was read.",
)
@click.option(
    "--width",
    type=click.IntRange(min=20),
    help="Terminal report: lines of at most N cells, a table per sheet where it fits "
    "(default: the terminal's width or COLUMNS; findings as blocks when stdout is not a "
    "terminal).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour in the terminal report (default: on at a terminal unless NO_COLOR is set).",
)
@PASSWORD
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    show_default="60",
    help="Give up a file that takes longer to read and check (0: no limit).",
)
def check_command(
    paths: tuple[Path, ...],
    output_format: str | None,
    output: Path | None,
    lang: str | None,
    strict: bool | None,
    select: str | None,
    ignore: str | None,
    config_file: Path | None,
    template_files: tuple[Path, ...],
    quiet: bool,
    verbose: bool,
    width: int | None,
    color: bool | None,
    password: str | None,
    timeout: float | None,
) -> None:
    """Check PATHS (files, or folders of .pdf/.html/.htm/.txt files) and report, sheet by
    sheet, what is written and what it should be.

    Exit code 0: no error-level finding; 1: at least one (or a warning with --strict);
    2: a file could not be read (the others are still checked), or a bad config.
    """
    run = _settings(
        paths,
        config_file,
        select,
        ignore,
        lang,
        format=output_format,
        strict=strict,
        timeout=timeout,
        templates=template_files,
    )
    run.options.reader |= _reader_options(password=password)
    files = documents_in(paths)
    with progress_bar(len(files), sys.stderr, quiet) as advance:
        report = check(files, run.options, on_file=advance)
    for document in report.documents:
        if document.error:
            click.echo(f"shakyo-eval: {document.path}: {document.error_text(run.lang)}", err=True)
        elif verbose:
            for note in [*document.notes, *_read_by(document, run.lang)]:
                click.echo(f"shakyo-eval: {document.path}: {note}", err=True)
    to_terminal = output is None and sys.stdout.isatty()
    if color is None:
        color = to_terminal and not os.environ.get("NO_COLOR")
    text = render(
        report,
        run.format,
        run.lang,
        color=color,
        width=width or shutil.get_terminal_size().columns,
        blocks=width is None and not to_terminal,  # a log or a file: blocks, whatever COLUMNS
        verbose=verbose,
        reader=run.options.reader,
    )
    if output is None:
        click.echo(text, nl=False, color=color)  # else click strips colour from a pipe
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            _fail(f"{output}: {error.strerror or error}")
        if not quiet:
            click.echo(summary_line(report, run.lang), err=True)
    sys.exit(report.exit_code(run.strict))


@main.command(name="annotate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The annotated copy of FILE.",
)
@run_options
@PASSWORD
def annotate_command(
    file: Path,
    output: Path,
    lang: str | None,
    strict: bool | None,
    select: str | None,
    ignore: str | None,
    config_file: Path | None,
    template_files: tuple[Path, ...],
    quiet: bool,
    password: str | None,
) -> None:
    """Check the PDF FILE and write OUTPUT: the same PDF with a box and a pop-up note on each
    wrong cell (its text untouched), to pass on to a reviewer.

    Exit codes as for check: 0 no error-level finding, 1 at least one, 2 FILE cannot be
    read, OUTPUT cannot be written, or a bad config.
    """
    run = _settings(
        [file], config_file, select, ignore, lang, strict=strict, templates=template_files
    )
    if file.suffix.lower() != ".pdf":
        _fail(f"{file}: {render_error('annotate.not_pdf', {'suffix': file.suffix}, run.lang)}")
    if output.resolve() == file.resolve():
        _fail(f"{output}: {render_error('annotate.same_file', {}, run.lang)}")
    run.options.reader |= _reader_options(password=password)
    report = check([file], run.options)
    document = report.documents[0]
    if document.error:
        _fail(f"{file}: {document.error_text(run.lang)}")
    from shakyo_eval.annotate import annotate  # PDFium's bindings: only when annotating

    try:
        count = annotate(file, document.findings, output, run.lang, password)
    except ExtractError as error:
        _fail(error.text(run.lang))
    if not quiet:
        words = WORDS[run.lang]
        click.echo(words["annotated"].format(path=output, count=count), err=True)
        click.echo(summary_line(report, run.lang), err=True)
    sys.exit(report.exit_code(run.strict))


@main.command(name="extract")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["json"]), default="json", show_default=True
)
@PASSWORD
@click.option(
    "--debug",
    type=click.Path(file_okay=False, path_type=Path),
    help="PDF: write into this folder, per page, a PNG with the cells found drawn over it.",
)
@LANG
@CONFIG
@TEMPLATE
def extract_command(
    file: Path,
    output_format: str,
    password: str | None,
    debug: Path | None,
    lang: str | None,
    config_file: Path | None,
    template_files: tuple[Path, ...],
) -> None:
    """Print the records read from FILE: every sheet with the template that read it, its
    tables (every number, with where it was printed) and the relations checked on it."""
    run = _settings([file], config_file, None, None, lang, templates=template_files)
    lang = run.lang
    try:
        options = run.options.reader | _reader_options(password=password, debug=debug)
        document, partial = read_document_in_part(file, **options)
    except ExtractError as error:
        _fail(f"{file}: {error.text(lang or 'ja')}")
    except Exception as error:  # a reader bug still gets one line, not a traceback
        unexpected = ExtractError("unexpected", kind=type(error).__name__, detail=str(error))
        _fail(f"{file}: {unexpected.text(lang or 'ja')}")
    click.echo(document.model_dump_json(indent=2, exclude_none=True))
    if partial is not None:  # the records of the pages read, and why the others are missing
        _fail(f"{file}: {partial.text(lang or 'ja')}")


@main.command(name="templates")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@LANG
@CONFIG
@TEMPLATE
@click.option("-v", "--verbose", is_flag=True, help="Also each template's relations.")
def templates_command(
    paths: tuple[Path, ...],
    lang: str | None,
    config_file: Path | None,
    template_files: tuple[Path, ...],
    verbose: bool,
) -> None:
    """List the templates a run uses (yours first, then the built-in ones); with PATHS, also
    which template read each sheet of those files."""
    run = _settings(list(paths), config_file, None, None, lang, templates=template_files)
    words = WORDS[run.lang]
    for template in run.templates:
        name = template.name_en if run.lang == "en" and template.name_en else template.name
        source = words["built_in"] if Path(template.path).parent == BUILT_IN else template.path
        click.echo(f"{template.id:<20}  {name}  ({source})")
        if verbose:
            if template.description:
                click.echo(f"    {template.description}")
            for relation in template.relations:
                click.echo(f"    {relation.formula}")
    for file in documents_in(paths):
        try:
            document = read_document(file, **run.options.reader)
        except ExtractError as error:
            click.echo(f"shakyo-eval: {file}: {error.text(run.lang)}", err=True)
            continue
        click.echo(f"\n{file}")
        for position, sheet in enumerate(document.sheets):
            heading = sheet_heading(sheet.identifier, sheet.name, run.lang, position)
            click.echo(f"  {heading}: {sheet.template}")


def _read_by(document, lang: str) -> list[str]:
    """Which template read which sheets of a document, a line per template."""
    sheets: dict[str, list[str]] = {}
    for title in document.titles:
        sheets.setdefault(title.template, []).append(str(title.number or title.name))
    line = WORDS[lang]["read_by"]
    return [line.format(template=t, sheets=", ".join(s)) for t, s in sheets.items()]


@main.command(name="rules")
@click.argument("rule_id", required=False)
@LANG
def rules_command(rule_id: str | None, lang: str | None) -> None:
    """List the rules, or print one rule's documentation."""
    lang = lang or "ja"
    if rule_id:
        rule = get_rule(rule_id)
        if rule is None:
            _fail(f"unknown rule '{rule_id}'")
        click.echo(documentation(rule, lang), nl=False)
        return
    for rule in all_rules():
        click.echo(f"{rule.id}  {rule.severity.value:<7}  {rule.name:<22}  {rule.title_in(lang)}")


def _reader_options(**options) -> dict:
    """The extractor options that were given (each format reads the ones it knows)."""
    return {name: value for name, value in options.items() if value is not None}
