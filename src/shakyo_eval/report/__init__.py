"""Reporters: one module per output format, all reading the same Report.

A reporter module exposes ``render(report, lang) -> str``; reporters format, they never
recompute.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from shakyo_eval.findings import Report

FORMATS: dict[str, str] = {
    "terminal": "shakyo_eval.report.terminal",
    "json": "shakyo_eval.report.json",
}


def reporter(name: str) -> Callable[..., str]:
    return importlib.import_module(FORMATS[name]).render


def render(report: Report, format: str, lang: str = "ja", **options) -> str:
    return reporter(format)(report, lang=lang, **options)
