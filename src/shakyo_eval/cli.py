"""Command line: parsing and wiring only; the work is in checker, extract and report."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from shakyo_eval import __version__
from shakyo_eval.checker import Options, check, read_document
from shakyo_eval.grid import ExtractError
from shakyo_eval.report import FORMATS, render
from shakyo_eval.rules import all_rules, get_rule

LANG = click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default="ja",
    envvar="SHAKYO_EVAL_LANG",
    show_default=True,
    help="Language of the messages.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shakyo-eval")
def main() -> None:
    """Check the arithmetic of 事務事業評価表 (evaluation sheets)."""


@main.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="terminal",
    show_default=True,
)
@LANG
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list what could not be checked, and how each file was read.",
)
def check_command(
    files: tuple[Path, ...], output_format: str, lang: str, strict: bool, verbose: bool
) -> None:
    """Check FILES and report, sheet by sheet, what is written and what it should be.

    Exit code 0: no error-level finding; 1: at least one (or a warning with --strict);
    2: a file could not be read (the others are still checked).
    """
    report = check(files, Options())
    for document in report.documents:
        if document.error:
            click.echo(f"shakyo-eval: {document.path}: {document.error}", err=True)
        elif verbose:
            for note in document.notes:
                click.echo(f"shakyo-eval: {document.path}: {note}", err=True)
    stdout_tty = sys.stdout.isatty()
    options = {}
    if output_format == "terminal":
        options = {
            "color": stdout_tty,
            "width": shutil.get_terminal_size().columns if stdout_tty else None,
            "verbose": verbose,
        }
    click.echo(render(report, output_format, lang, **options), nl=False)
    sys.exit(report.exit_code(strict))


@main.command(name="extract")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["json"]), default="json", show_default=True
)
def extract_command(file: Path, output_format: str) -> None:
    """Print the records read from FILE (every sheet, every number, with locations)."""
    try:
        document = read_document(file)
    except ExtractError as error:
        click.echo(f"shakyo-eval: {file}: {error}", err=True)
        sys.exit(2)
    click.echo(document.model_dump_json(indent=2, exclude_none=True))


@main.command(name="rules")
@click.argument("rule_id", required=False)
@LANG
def rules_command(rule_id: str | None, lang: str) -> None:
    """List the rules, or print one rule's documentation."""
    if rule_id:
        rule = get_rule(rule_id)
        if rule is None:
            click.echo(f"shakyo-eval: unknown rule '{rule_id}'", err=True)
            sys.exit(2)
        click.echo(f"{rule.id} {rule.name} [{rule.severity.value}]\n{rule.title_in(lang)}\n")
        click.echo(rule.doc)
        return
    for rule in all_rules():
        click.echo(f"{rule.id}  {rule.severity.value:<7}  {rule.name:<22}  {rule.title_in(lang)}")
