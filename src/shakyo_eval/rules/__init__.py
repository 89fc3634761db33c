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
from typing import Literal

from shakyo_eval.findings import Problem, Severity

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

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    def title_in(self, lang: str) -> str:
        return self.title if lang == "en" else self.title_ja


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str, name: str, severity: Severity, title: str, title_ja: str, scope: Scope = "sheet"
) -> Callable[[Callable[..., Iterator[Problem]]], Callable[..., Iterator[Problem]]]:
    """Register a check function under a stable id."""

    def register(check: Callable[..., Iterator[Problem]]) -> Callable[..., Iterator[Problem]]:
        if id in _REGISTRY:
            raise ValueError(f"rule id {id} registered twice")
        _REGISTRY[id] = Rule(id, name, severity, title, title_ja, scope, check)
        return check

    return register


def all_rules() -> list[Rule]:
    for family in _FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
    return sorted(_REGISTRY.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule | None:
    return {r.id: r for r in all_rules()}.get(rule_id.upper())
