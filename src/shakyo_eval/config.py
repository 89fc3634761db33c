"""The configuration file: ``[tool.shakyo-eval]`` in ``pyproject.toml``, or the same keys at
the top level of a ``.shakyo-eval.toml``.

The file is found the way ruff finds its own: from the folder of the checked files upwards,
the first folder with a ``.shakyo-eval.toml``, or a ``pyproject.toml`` that has a
``[tool.shakyo-eval]`` table, wins (``.shakyo-eval.toml`` first when a folder has both).
``--config FILE`` names one instead. One file configures the whole run.

Keys::

    select = ["SE1", "SE201"]        # rule ids or prefixes to run (default: every rule)
    ignore = ["SE205"]               # rule ids or prefixes to leave out
    severity = { SE204 = "info" }    # a rule's level; a prefix re-levels a family
    strict = false                   # warnings fail the run too
    lang = "ja"                      # ja | en
    format = "terminal"              # the default --format
    timeout = 60                     # seconds to read and check one file (0: no limit)

    [[per-sheet-ignores]]            # [[tool.shakyo-eval.per-sheet-ignores]] in pyproject
    sheet = 4                        # the number printed in the sheet's title
    rules = ["SE203"]
    reason = "this council prints the ratio as a fraction; agreed with the auditor"
    files = "2024/**/*.pdf"          # optional: a glob matched against the end of the path
                                     # (* within a folder name, ** any number of folders)

A per-sheet ignore accepts a finding rather than silencing its rule: the report still shows
it, marked accepted with the reason, but it no longer counts for the exit code. Command-line
options win over the file: ``--select`` replaces ``select``, ``--ignore`` adds to ``ignore``.
A key, rule id or value the tool does not know is an error (exit 2), never ignored: one
line, in the language of ``--lang``, else of the file's own ``lang``, else Japanese.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from shakyo_eval.checker import Options, SheetIgnore
from shakyo_eval.findings import Severity
from shakyo_eval.limits import DEFAULT_TIMEOUT
from shakyo_eval.messages import render_config_error
from shakyo_eval.report import FORMATS
from shakyo_eval.rules import all_rules, matching

CONFIG_FILE = ".shakyo-eval.toml"
PYPROJECT = "pyproject.toml"
SECTION = "shakyo-eval"


class ConfigError(Exception):
    """A config that cannot be used: where (the file, or the option), a key of
    messages.CONFIG_ERRORS and its parameters, and how many more problems the file has.
    ``str()`` is the English line; :meth:`text` the line in the user's language; ``lang``
    the language the file itself asks for, when it says."""

    def __init__(
        self, where: str, message_id: str, more: int = 0, lang: str | None = None, **params: Any
    ) -> None:
        self.where, self.message_id, self.more, self.lang = where, message_id, more, lang
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "ja") -> str:
        line = f"{self.where}: {render_config_error(self.message_id, self.params, lang)}"
        if self.more:
            line += render_config_error("more", {"count": self.more}, lang)
        return line


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, alias_generator=lambda name: name.replace("_", "-")
    )


class SheetIgnoreEntry(_Strict):
    sheet: int
    rules: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1)
    files: str | None = None


class Config(_Strict):
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    strict: bool = False
    lang: Literal["ja", "en"] = "ja"
    format: str = "terminal"
    per_sheet_ignores: list[SheetIgnoreEntry] = Field(default_factory=list)
    timeout: float = Field(default=DEFAULT_TIMEOUT, ge=0)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value not in FORMATS:
            choices = {"value": value, "choices": ", ".join(sorted(FORMATS))}
            raise PydanticCustomError("unknown_format", "unknown format '{value}'", choices)
        return value


@dataclass
class Settings:
    """Everything a run needs, config and command line merged."""

    options: Options
    strict: bool
    lang: str
    format: str
    source: Path | None  # the config file read, if any


def find(paths: Iterable[Path]) -> Path | None:
    """The config file that governs ``paths``: walking up from their common folder."""
    resolved = [path.resolve() for path in paths]
    if not resolved:
        return None
    start = Path(os.path.commonpath(resolved))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and SECTION in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def load(path: Path) -> Config:
    """The validated config of one file (its ``[tool.shakyo-eval]`` table for a pyproject)."""
    table = _read(path)
    if path.name == PYPROJECT:
        table = table.get("tool", {}).get(SECTION, {})
    try:
        return Config.model_validate(table)
    except ValidationError as error:
        lang = table.get("lang") if isinstance(table, dict) else None
        raise _first_problem(error, str(path), lang if lang in ("ja", "en") else None) from None


def settings(
    paths: Sequence[Path],
    config_file: Path | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    lang: str | None = None,
    format: str | None = None,
    strict: bool | None = None,
    timeout: float | None = None,
) -> Settings:
    """The settings of a run over ``paths``: the config file (``config_file``, or the one
    found from the paths) with the command line on top: ``select`` replaces the file's,
    ``ignore`` adds to it, and ``lang``, ``format`` and ``strict`` replace the file's unless
    None. ConfigError with one line when a key, a rule or a value is unknown."""
    source = config_file or find(paths)
    config = load(source) if source is not None else Config()
    where = str(source)
    lang_asked = config.lang if "lang" in config.model_fields_set else None

    def ids(selectors: Iterable[str], where: str) -> set[str]:
        return _ids(selectors, where, lang_asked)

    if select is not None:
        selected = ids(select, "--select")
    elif config.select is not None:
        selected = ids(config.select, where)
    else:
        selected = {r.id for r in all_rules()}
    ignored = ids(config.ignore, where) | ids(ignore, "--ignore")
    levels: dict[str, Severity] = {}
    for prefix in sorted(config.severity, key=len):  # a longer prefix is more specific
        for rule_id in ids([prefix], where):
            levels[rule_id] = Severity(config.severity[prefix])
    ignores = []
    for entry in config.per_sheet_ignores:
        ids(entry.rules, where)
        prefixes = tuple(selector.upper() for selector in entry.rules)
        ignores.append(SheetIgnore(entry.sheet, prefixes, entry.reason, entry.files))
    return Settings(
        options=Options(
            rules=[r for r in all_rules() if r.id in selected - ignored],
            severities=levels,
            sheet_ignores=ignores,
            timeout=(config.timeout if timeout is None else timeout) or None,
        ),
        strict=config.strict if strict is None else strict,
        lang=lang or config.lang,
        format=format or config.format,
        source=source,
    )


def _ids(selectors: Iterable[str], where: str, lang: str | None = None) -> set[str]:
    """The ids of the rules that ``selectors`` name; ConfigError for one that names none."""
    ids = set()
    for selector in selectors:
        found = matching(selector)
        if not found:
            raise ConfigError(where, "unknown_rule", lang=lang, selector=selector)
        ids |= {rule.id for rule in found}
    return ids


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(str(path), "not_found") from None
    except OSError as error:
        raise ConfigError(str(path), "unreadable", detail=error.strerror or error) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), "toml", detail=error) from None


# pydantic's error types → the catalogue's messages (any other: "invalid", pydantic's words)
_PROBLEMS = {
    "extra_forbidden": "unknown_key",
    "missing": "missing_key",
    "literal_error": "choice",
    "unknown_format": "unknown_format",
    "bool_type": "bool",
    "int_type": "integer",
    "string_type": "string",
    "list_type": "array",
    "dict_type": "table",
    "model_type": "table",
    "too_short": "empty",
    "string_too_short": "empty",
}


def _first_problem(error: ValidationError, where: str, lang: str | None) -> ConfigError:
    """The first problem pydantic found (and how many more there are); an unknown key
    first, as it is usually the typo behind the others."""
    problems = sorted(error.errors(), key=lambda p: p["type"] != "extra_forbidden")
    first = problems[0]
    key = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    ).lstrip(".")
    context = first.get("ctx", {})
    params = {
        "key": key or SECTION,
        "value": first["input"],
        "detail": first["msg"],
        # literal_error lists the choices as "'ja' or 'en'"
        "choices": context.get("choices")
        or ", ".join(re.findall(r"'([^']*)'", context.get("expected", ""))),
    }
    message_id = _PROBLEMS.get(first["type"], "invalid")
    return ConfigError(where, message_id, more=len(problems) - 1, lang=lang, **params)
