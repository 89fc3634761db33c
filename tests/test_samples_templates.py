"""The samples of other real templates (samples/templates/, made by make_templates.py) read
through the extractors into the grid they were laid out as.

Each template folder holds a correct copy and an error copy of the same sheets and a manifest,
expected.toml, of every injected error and real rounding difference. Before any template
reads these sheets, the grid must already hold what the manifest names: in each file, the row
with the manifest's row label holds the written value, under a heading that prints the
manifest's column; and the error copy differs from the correct copy in exactly the cells the
manifest lists, where the correct copy prints the expected value.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from shakyo_eval.extract import SUPPORTED_SUFFIXES, read_grid
from shakyo_eval.grid import Cell

from conftest import SAMPLES

TEMPLATES = SAMPLES / "templates"
NAMES = ("kaizuka", "pref", "ikeda", "formulas")
# Units a cell may print after its number ("108,054 千円"); the manifest writes the number.
_UNIT = re.compile(r"\s*(千円|円|人)$")


def manifest(name: str) -> dict[str, list[dict]]:
    return tomllib.loads((TEMPLATES / name / "expected.toml").read_text(encoding="utf-8"))


def entries(name: str) -> list[dict]:
    listed = manifest(name)
    return listed.get("error", []) + listed.get("rounding", [])


def sample_files(name: str) -> list[Path]:
    folder = TEMPLATES / name
    return sorted(p for p in folder.rglob("*") if p.suffix in SUPPORTED_SUFFIXES)


def is_error_copy(path: Path) -> bool:
    return path.relative_to(TEMPLATES).parts[1].startswith("errors")


def counterpart(path: Path) -> Path:
    """The correct copy of an error copy: errors.pdf → correct.pdf, errors/x.html → correct/x.html."""
    relative = path.relative_to(TEMPLATES)
    parts = [p.replace("errors", "correct") for p in relative.parts]
    return TEMPLATES.joinpath(*parts)


@cache
def grid(path: Path) -> list[list[tuple[str, bool]]]:
    """The file's grid as (text, covered); a covered position shows the text of the cell
    spanning it, so that a row inside a rowspan still shows its group label."""
    rows = [row.cells for row in read_grid(path).rows]
    spanning = {c.location: c.text for cells in rows for c in cells if not c.covered}
    return [[_text(cell, spanning) for cell in cells] for cells in rows]


def _text(cell: Cell, spanning: dict) -> tuple[str, bool]:
    return (spanning.get(cell.location, ""), True) if cell.covered else (cell.text, False)


def squashed(text: str) -> str:
    """Text without whitespace: a PDF cell may wrap a long label anywhere."""
    return re.sub(r"\s+", "", text)


def is_value(text: str, written: str) -> bool:
    return squashed(_UNIT.sub("", text.strip())) == squashed(written)


def sheet_rows(name: str, path: Path, code: str) -> range:
    """The rows of one sheet of a file: from the first that prints its code to the first that
    prints another sheet's code."""
    codes = {e["sheet"] for e in entries(name)}
    starts = {}
    for i, row in enumerate(grid(path)):
        for other in codes - starts.keys():
            if any(re.search(rf"(?<![\d.,]){other}(?![\d.,])", text) for text, _ in row):
                starts[other] = i
    begin = starts[code]
    end = min((i for i in starts.values() if i > begin), default=len(grid(path)))
    return range(begin, end)


def cells_of(name: str, entry: dict) -> list[tuple[int, int]]:
    """Every (row, column) of the entry's sheet that holds its written value in its labelled
    row, under a heading that prints its column."""
    path = TEMPLATES / name / entry["file"]
    rows, label = grid(path), squashed(entry["row"])
    found = []
    for i in sheet_rows(name, path, entry["sheet"]):
        if label in (squashed(text) for text, _ in rows[i]):
            found += [
                (i, j)
                for j, (text, covered) in enumerate(rows[i])
                if not covered
                and is_value(text, entry["written"])
                and heading_above(rows, i, j, entry["column"])
            ]
    return found


def heading_above(rows: list, i: int, j: int, column: str) -> bool:
    """True when the rows above (i, j) print ``column`` in grid column j, read top-down
    (a year over 予算/決算 in two header rows counts as one heading)."""
    wanted, joined = squashed(column), ""
    for above in range(i - 1, -1, -1):
        if j >= len(rows[above]):
            break
        joined = squashed(rows[above][j][0]) + joined
        if wanted in joined:
            return True
    return False


ALL_FILES = [
    pytest.param(name, path, id=str(path.relative_to(TEMPLATES)))
    for name in NAMES
    for path in sample_files(name)
]
PDFS = [
    pytest.param(path, id=str(path.relative_to(TEMPLATES)))
    for name in NAMES
    for path in sample_files(name)
    if path.suffix == ".pdf"
]
ALL_ENTRIES = [
    pytest.param(name, entry, id=f"{name}-{entry['sheet']}-{entry['row']}-{entry['column']}")
    for name in NAMES
    for entry in entries(name)
]


@pytest.mark.parametrize("name", NAMES)
def test_every_template_has_a_correct_and_an_error_copy_of_the_same_sheets(name):
    files = set(sample_files(name))
    errors = {p for p in files if is_error_copy(p)}
    assert errors
    assert {counterpart(p) for p in errors} == files - errors
    assert {TEMPLATES / name / e["file"] for e in entries(name)} <= files


@pytest.mark.parametrize(("name", "path"), ALL_FILES)
def test_every_sample_reads_through_the_extractors(name, path):
    rows = grid(path)
    assert len(rows) > 10
    assert any(len(row) >= 5 for row in rows)
    for code in {e["sheet"] for e in entries(name) if TEMPLATES / name / e["file"] == path}:
        assert len(sheet_rows(name, path, code)) > 10, code


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES)
def test_each_listed_cell_is_in_its_row_under_its_column(name, entry):
    assert len(cells_of(name, entry)) == 1, entry


@pytest.mark.parametrize("name", NAMES)
def test_the_error_copies_differ_exactly_in_the_listed_cells(name):
    errors = manifest(name)["error"]
    differences: set[tuple] = set()
    expected: set[tuple] = set()
    for path in sample_files(name):
        if not is_error_copy(path):
            continue
        broken, correct = grid(path), grid(counterpart(path))
        assert [len(r) for r in broken] == [len(r) for r in correct], path
        for i, (row, good) in enumerate(zip(broken, correct, strict=True)):
            for j, ((text, covered), (meant, _)) in enumerate(zip(row, good, strict=True)):
                if text != meant and not covered:
                    differences.add((path, i, j, text, meant))
    for entry in errors:
        path = TEMPLATES / name / entry["file"]
        ((i, j),) = cells_of(name, entry)
        text, meant = grid(path)[i][j][0], grid(counterpart(path))[i][j][0]
        assert is_value(meant, entry["expected"]), (entry, meant)
        expected.add((path, i, j, text, meant))
    assert differences == expected


@pytest.mark.parametrize("path", PDFS)
def test_both_pdf_readers_find_the_same_cells(path):
    def cells(reader: str) -> list[list[tuple[str, bool]]]:
        rows = read_grid(path, pdf_reader=reader).rows
        return [[(c.text, c.covered) for c in row.cells] for row in rows]

    assert cells("pdfplumber") == cells("pdfium")
