"""`make bench` runs as shipped: each benchmark script, on the smallest files, ends with its
table (the timings themselves are the benchmark's business, never a test's)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _run(script: str, *arguments: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_the_pdf_bench_prints_every_tool_and_goal():
    output = _run("pdf_bench.py", "--sheets", "5", "--repeats", "1")
    for label in ("pypdfium2 text", "check (1 process)", "check (workers)", "start-up"):
        assert label in output
    assert "× the reference (goal ≤ 3×" in output


def test_the_html_bench_measures_the_report_and_annotate():
    output = _run("html_bench.py", "--sheets", "5", "--source", "reportlab")
    lines = [line.split() for line in output.splitlines()]
    rows = {" ".join(words[:-6]): words[-6:] for words in lines if len(words) > 6}
    assert {"check --format json", "annotate"} <= rows.keys()
    html = next(words for words in lines if words[:3] == ["check", "--format", "html"])
    assert int(html[6]) > 0  # images of the pages with findings
