"""The rule registry: every rule is a small function with a stable id.

Families: SE0xx reading, SE1xx sums, SE2xx unit costs and ratios, SE3xx indicators,
SE4xx labels and cross-checks. A rule's docstring is its documentation, with a real
example from a sheet; ``shakyo-eval rules`` prints it.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.model import Sheet

Scope = Literal["sheet", "document", "run"]
_FAMILIES = ("read", "sums", "unit_costs", "indicators", "letters", "crosschecks")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    title: str
    title_ja: str
    scope: Scope
    check: Callable[..., Iterator[Problem]]
    # A document or run rule keeps of each sheet only what it compares (``keep(sheet)``), so
    # that sheets are let go once read and a run does not hold every file's records;
    # ``check`` gets the list of Kept (a document rule) or of KeptDocument (a run rule).
    keep: Callable[[Any], Any] | None = None

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    def title_in(self, lang: str) -> str:
        return self.title if lang == "en" else self.title_ja


@dataclass(frozen=True)
class Kept:
    """What a document or run rule kept of one sheet, beside a stub of the sheet (its number,
    name and the names of its rows and indicators) that its findings name."""

    sheet: Sheet
    data: Any


@dataclass(frozen=True)
class KeptDocument:
    """What a run rule kept of one document: its path, its fiscal year, its sheets' Kept."""

    path: str
    fiscal_year: int | None
    sheets: list[Kept]


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    title_ja: str,
    scope: Scope = "sheet",
    keep: Callable[[Any], Any] | None = None,
) -> Callable[[Callable[..., Iterator[Problem]]], Callable[..., Iterator[Problem]]]:
    """Register a check function under a stable id."""
    if (scope != "sheet") != (keep is not None):
        raise ValueError(f"rule {id}: a document or run rule, and only one, says what it keeps")

    def register(check: Callable[..., Iterator[Problem]]) -> Callable[..., Iterator[Problem]]:
        if id in _REGISTRY:
            raise ValueError(f"rule id {id} registered twice")
        _REGISTRY[id] = Rule(id, name, severity, title, title_ja, scope, check, keep)
        return check

    return register


def all_rules() -> list[Rule]:
    for family in _FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
    return sorted(_REGISTRY.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule | None:
    return {r.id: r for r in all_rules()}.get(rule_id.upper())


def matching(selector: str) -> list[Rule]:
    """The rules a config selector names: an id (``SE103``) or a prefix (``SE1``, ``SE10``)."""
    prefix = selector.strip().upper()
    return [r for r in all_rules() if prefix and r.id.startswith(prefix)]


_HEADINGS = {
    "ja": ("内容", "例", "系統", "設定"),
    "en": ("What it checks", "Example", "Family", "Configuration"),
}


def documentation(rule: Rule, lang: str = "ja") -> str:
    """A rule's documentation as ``shakyo-eval rules ID`` prints it: its docstring under
    headings, the family it belongs to, and how to select, ignore or re-level it."""
    what, example, family, configure = _HEADINGS[lang]
    paragraphs = rule.doc.split("\n\n")
    examples = [p for p in paragraphs if p.startswith("Example")]
    family_doc = inspect.getdoc(inspect.getmodule(rule.check)) or ""
    sections = [
        f"{rule.id}  {rule.name}  [{rule.severity.value}]\n{rule.title_in(lang)}",
        f"{what}\n" + _indent("\n\n".join(p for p in paragraphs if p not in examples)),
    ]
    if examples:
        shown = (e.removeprefix("Example").lstrip(": ") for e in examples)
        sections.append(f"{example}\n" + _indent("\n\n".join(shown)))
    if family_doc:
        sections.append(f"{family}\n" + _indent(family_doc))
    sections.append(
        f"{configure}\n"
        + _indent(
            f'ignore = ["{rule.id}"]  or  select = ["{rule.id[:3]}"]  or  '
            f'severity = {{ {rule.id} = "warning" }}\n'
            f"([tool.shakyo-eval] in pyproject.toml, or .shakyo-eval.toml)"
        )
    )
    return "\n\n".join(sections) + "\n"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
