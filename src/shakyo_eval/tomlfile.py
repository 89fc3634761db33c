"""The project's TOML files (the config, templates): read and validated, with one-line errors.

A file that cannot be used is a :class:`ConfigError`: where (the file, ``file:line`` for a
template, or the command-line option), a key of messages.CONFIG_ERRORS and its parameters,
rendered in the user's language.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shakyo_eval.messages import CONFIG_ERRORS, render_config_error


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


_AT_LINE = re.compile(r"\s*\(at line (?P<line>\d+), column \d+\)")


def read_toml(path: Path, template: bool = False) -> dict[str, Any]:
    """A TOML file's table; ConfigError naming the file (and, for a ``template``, the line)."""
    kind = "template_" if template else ""
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(str(path), f"{kind}not_found") from None
    except OSError as error:
        raise ConfigError(str(path), f"{kind}unreadable", detail=error.strerror or error) from None
    except tomllib.TOMLDecodeError as error:
        if not template:
            raise ConfigError(str(path), "toml", detail=error) from None
        match = _AT_LINE.search(str(error))
        where = f"{path}:{match['line']}" if match else str(path)
        raise ConfigError(where, "toml", detail=_AT_LINE.sub("", str(error))) from None


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


def first_problem(
    error: ValidationError,
    where: str,
    lang: str | None = None,
    source: str | None = None,
    section: str = "",
) -> ConfigError:
    """The first problem pydantic found (and how many more there are); an unknown key
    first, as it is usually the typo behind the others. With the file's ``source`` text,
    ``where`` gets the line that holds the key. A validator that raises a
    PydanticCustomError whose type is a key of CONFIG_ERRORS names its own message, and may
    give the key's place below its model as ``at`` in its context."""
    problems = sorted(error.errors(), key=lambda p: p["type"] != "extra_forbidden")
    first = problems[0]
    context = first.get("ctx", {})
    loc = (*first["loc"], *context.get("at", ()))
    key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    params = {
        **{k: v for k, v in context.items() if k != "at"},
        "key": key.lstrip(".") or section,
        "value": first["input"] if "value" not in context else context["value"],
        "detail": context.get("detail", first["msg"]),
        # literal_error lists the choices as "'ja' or 'en'"
        "choices": context.get("choices")
        or ", ".join(re.findall(r"'([^']*)'", context.get("expected", ""))),
    }
    if first["type"] in CONFIG_ERRORS:
        message_id = first["type"]
    else:
        message_id = _PROBLEMS.get(first["type"], "invalid")
    if source is not None:
        where = f"{where}:{line_of(source, loc)}"
    return ConfigError(where, message_id, more=len(problems) - 1, lang=lang, **params)


_TABLE_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


def line_of(text: str, where: Sequence) -> int:
    """The line of a TOML file that holds the key at ``where`` (``("row", 2, "label")``: the
    key ``label`` of the third ``[[row]]``); the line of its table when the key is absent (a
    missing key), else 1."""
    path = [p for p in where if not isinstance(p, int)]
    indices = [p for p in where if isinstance(p, int)]
    table: tuple[str, ...] = ()
    counts: dict[tuple[str, ...], int] = {}
    best = 1
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            table = tuple(part.strip().strip("\"'") for part in header[2].split("."))
            if header[1] == "[[":
                counts[table] = counts.get(table, -1) + 1
            if _in_place(table, counts, path, indices):
                best = number
            continue
        key = _KEY.match(line)
        if (
            key
            and _in_place(table, counts, path, indices)
            and (*table, key[1].strip("\"'")) == tuple(path[: len(table) + 1])
        ):
            return number
    return best


def _in_place(table: tuple, counts: dict, path: list, indices: list) -> bool:
    if tuple(path[: len(table)]) != table:
        return False
    if table in counts:
        return bool(indices) and counts[table] == indices[0]
    return True
