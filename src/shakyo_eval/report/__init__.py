"""Reporters: one module per output format, all reading the same Report.

A reporter module exposes ``render(report, lang, **options) -> str`` and ignores the options
it has no use for (``color``, ``width`` and ``blocks`` for a terminal, ``root`` for paths
relative to a folder, ``reader`` for the html one, which re-opens the checked files for
their pages); reporters format, they never recompute.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from shakyo_eval.findings import Report

FORMATS: dict[str, str] = {
    "terminal": "shakyo_eval.report.terminal",
    "json": "shakyo_eval.report.json",
    "sarif": "shakyo_eval.report.sarif",
    "github": "shakyo_eval.report.github",
    "junit": "shakyo_eval.report.junit",
    "markdown": "shakyo_eval.report.markdown",
    "html": "shakyo_eval.report.html",
}


def reporter(name: str) -> Callable[..., str]:
    return importlib.import_module(FORMATS[name]).render


def render(report: Report, format: str, lang: str = "ja", **options) -> str:
    return reporter(format)(report, lang=lang, **options)
