"""Data files read as records: 大船渡市's one-project-per-row workbook and the RS system's
予算・執行 CSV, each project a sheet checked by its template.

The real files (../shared/corpus/real, see SOURCES.md there) are correct: every project is
read and nothing is found. A copy with one cell changed is caught at that cell. Excerpts
committed under tests/data/spreadsheets run where the corpus is absent.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from shakyo_eval.checker import Options, check, read_document
from shakyo_eval.findings import Severity

from conftest import DATA, SHARED

REAL = SHARED / "corpus" / "real"
OFUNATO = REAL / "ofunato_jimujigyo_report.xlsx"
RS = REAL / "rs2024_2-1_yosan_shikko_summary.zip"
SPREADSHEETS = DATA / "spreadsheets"
needs_corpus = pytest.mark.skipif(
    not (OFUNATO.exists() and RS.exists()),
    reason="the real corpus (../shared/corpus/real) is absent",
)


def report(path: Path):
    (document,) = check([path], Options()).documents
    assert document.error is None, document.error
    return document


def loud(document) -> list:
    return [f for f in document.all_findings() if f.severity != Severity.INFO]


@needs_corpus
def test_every_project_of_the_ofunato_workbook_is_read_and_nothing_is_found():
    document = read_document(OFUNATO)
    assert len(document.sheets) == 407
    assert len({s.code for s in document.sheets}) == 407
    sheet = next(s for s in document.sheets if s.code == "1860")  # row 187, '-' in 財源
    assert sheet.name == "男女共同市民会議等事業"
    assert sheet.template == "ofunato"
    assert sheet.columns_of("costs") == ["全体計画", *(f"年度{n}" for n in range(1, 7))]
    assert sheet.value("costs.revenue.general", "年度1") is None  # '-' is a blank
    total = sheet.value("costs.total", "年度4")
    assert (total.location.sheet_name, total.location.cell) == ("データ集計マクロ用シート", "EH187")
    assert {r.result for r in sheet.relations} == {"costs.project", "costs.total"}
    assert loud(report(OFUNATO)) == []


@needs_corpus
def test_a_changed_cell_of_the_ofunato_workbook_is_caught_at_that_cell(tmp_path):
    from openpyxl import load_workbook

    workbook = load_workbook(OFUNATO)
    sheet = workbook.worksheets[0]
    project, name = sheet["H10"].value, sheet["I10"].value
    assert sheet["CP10"].value == 77848  # その他 of the second yearly block
    sheet["CP10"] = 78748  # two digits swapped
    changed = tmp_path / "changed.xlsx"
    workbook.save(changed)
    document = report(changed)
    (finding,) = loud(document)
    assert (finding.rule, finding.sheet, finding.sheet_name) == ("SE104", str(project), name)
    assert (finding.location.sheet_name, finding.location.cell) == (
        "データ集計マクロ用シート",
        "CP10",
    )
    assert (finding.field, finding.year) == ("costs.revenue.other", "年度2")
    assert (finding.written, finding.expected) == (D(78748), D(77848))
    assert finding.params["diagnosis"] == "swapped_digits"
    assert "CP10" in json.dumps(finding.location.model_dump())


@needs_corpus
def test_every_summary_row_of_the_rs_csv_and_its_detail_rows_are_read_and_hold():
    document = read_document(RS)
    assert len(document.sheets) == 5664
    summaries = sum(len(s.row("budget.total").values) for s in document.sheets)
    details = sum(  # every detail row: its ordinal and its year
        len(
            {
                (r.field.partition("].")[0], column)
                for r in s.rows()
                if r.field.startswith("budget.details[")
                for column in r.values
            }
        )
        for s in document.sheets
    )
    assert (summaries, details) == (18524, 37981 - 18524)
    first = document.sheets[0]
    assert (first.code, first.name) == ("1", "内閣人事局経費")
    assert first.columns_of("budget") == ["2024", "2023", "2022", "2021"]
    # the current year's execution is not known: its ratio is blank, not zero
    assert first.value("budget.execution_rate", "2024") is None
    assert first.value("budget.execution_rate", "2023").value == D("0.33608")
    assert loud(report(RS)) == []


def _csv_copy(source: Path, target: Path, line: int, column: int, text: str) -> None:
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    rows[line - 1][column - 1] = text
    with target.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def test_rs_excerpt_holds_and_a_changed_field_is_caught_at_its_line_and_column(tmp_path):
    excerpt = SPREADSHEETS / "rs_summary_excerpt.csv"
    assert loud(report(excerpt)) == []
    changed = tmp_path / "changed.csv"
    _csv_copy(excerpt, changed, 11, 29, "480327239000")  # a detail's 当初予算, two digits swapped
    (finding,) = [f for f in report(changed).findings if f.severity != Severity.INFO]
    where = (finding.sheet, finding.year, finding.location.line, finding.location.column)
    assert where == ("4", "2024", 11, 29)
    # the detail's own sum and the summary's 当初予算 both name it: one finding, twice
    assert {finding.rule, *(f.rule for f in finding.also)} == {"SE101", "SE104"}
    assert finding.field == "budget.details[1].initial"
    assert finding.expected == D("480327293000")
    assert finding.params.get("diagnosis") == "swapped_digits"
    assert "明細1の当初予算" in finding.text("ja")


def test_an_rs_zip_reads_each_csv_of_the_layout_and_skips_the_others():
    document = read_document(SPREADSHEETS / "rs_excerpt.zip")
    # the 予算・執行 excerpt and its cp932 copy; the 点検・評価 CSV has other columns
    assert len(document.sheets) == 10
    assert all(s.row("budget.total") is not None for s in document.sheets)
    assert loud(report(SPREADSHEETS / "rs_excerpt.zip")) == []


def test_ofunato_excerpt_reads_its_projects():
    document = read_document(SPREADSHEETS / "ofunato_excerpt.xlsx")
    assert [s.code for s in document.sheets] == ["0086", "0591", "0267"]  # rows 3, 7, 36
    assert loud(report(SPREADSHEETS / "ofunato_excerpt.xlsx")) == []
