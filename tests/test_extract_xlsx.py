"""The xlsx extractor on real and made workbooks: cells as Excel displays them, merged cells,
cached formula values with their formulas, hidden sheets, and the files it refuses.

Fixtures: tests/data/spreadsheets (made by make_fixtures.py there, the 大船渡 excerpt cut
from the real workbook); samples/seed.xlsx (samples/make_xlsx.py); the real 大船渡 workbook
in ../shared/corpus/real when it is there.
"""

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from shakyo_eval.checker import read_document
from shakyo_eval.cli import main
from shakyo_eval.extract import read_grid
from shakyo_eval.extract.xlsx import parse_formula
from shakyo_eval.grid import Addend, ExtractError

from conftest import DATA, SAMPLES, SEED, SHARED
from helpers import findings, flat

FIXTURES = DATA / "spreadsheets"
OFUNATO = SHARED / "corpus" / "real" / "ofunato_jimujigyo_report.xlsx"
needs_ofunato = pytest.mark.skipif(
    not OFUNATO.exists(), reason=f"the real 大船渡 workbook is not there ({OFUNATO})"
)


def cells_by_reference(path):
    """Every cell of the grid by its A1 reference (the first worksheet's)."""
    return {cell.location.cell: cell for row in read_grid(path).rows for cell in row.cells}


@pytest.fixture(scope="module")
def features():
    return cells_by_reference(FIXTURES / "features.xlsx")


@pytest.mark.parametrize(
    ("reference", "text"),
    [
        ("B2", "1,200,000"),  # #,##0;"▲"#,##0
        ("C3", "△250,000"),  # -250000 in #,##0;[Red]"△"#,##0
        ("B4", "0"),
        ("C4", "40,000"),  # #,##0;▲#,##0;"-"
        ("B7", "1,500千円"),  # 1500000 in #,##0,"千円"
        ("C7", "1,235千円"),
        ("B8", "12.3%"),  # 0.123 in 0.0%
        ("C8", "98.8%"),
        ("B9", "125,000.0"),
        ("C9", "#DIV/0!"),  # the error Excel cached
        ("C10", "-"),  # a dash stays a dash; the number parser makes it blank
        ("B11", "令和6年4月1日"),  # built-in format 58 of a Japanese Excel
        ("C11", "2024/4/1"),
    ],
)
def test_cells_read_as_excel_displays_them(features, reference, text):
    assert features[reference].text == text


def test_merged_cells_keep_their_text_at_the_top_left(features):
    assert features["D1"].text == "収入" and not features["D1"].covered
    assert all(features[r].covered and features[r].text == "" for r in ("D2", "D3", "D4"))
    assert features["A13"].text.startswith("備考")
    assert features["B13"].covered and features["C13"].covered


def test_locations_name_worksheet_and_cell(features):
    location = features["C3"].location
    assert (location.sheet_name, location.cell, location.line, location.column) == (
        "コスト",
        "C3",
        3,
        3,
    )


def test_hidden_worksheets_are_left_out_and_named_in_the_notes():
    grid = read_grid(FIXTURES / "features.xlsx")
    sheets = {row.location.sheet_name for row in grid.rows}
    assert sheets == {"コスト"}
    assert "hidden worksheets left out: 作業 用" in grid.notes


def test_formulas_are_kept_beside_their_cached_values(features):
    total = features["B5"]
    assert total.text == "1,500,000"
    assert total.formula.text == "=SUM(B2:B4)"
    assert total.formula.addends == (Addend(1, "B2", "B4"),)
    assert features["B6"].formula.addends == (
        Addend(1, "B2", "B2"),
        Addend(1, "B3", "B3"),
        Addend(-1, "B4", "B4"),
    )
    assert features["C6"].formula.addends == (Addend(1, "C2", "C3"), Addend(-1, "C4", "C4"))
    assert features["B12"].formula.addends == (
        Addend(1, "B2", "B2", sheet="作業 用"),
        Addend(1, "B2", "B2"),
    )
    # anything but a sum of cells is kept as text only
    assert features["B9"].formula.text == "=ROUND(B5/B10,1)"
    assert features["B9"].formula.addends == ()
    assert features["A1"].formula is None


def test_a_range_is_its_cells_unless_it_is_a_whole_sheet():
    assert Addend(1, "C4", "B3").cells() == ["B3", "C3", "B4", "C4"]
    # a hostile =SUM(A1:XFD1048576) names 17 billion cells: none are listed, none added
    (everything,) = parse_formula("=SUM(A1:XFD1048576)").addends
    assert everything.cells() == []


def test_a_stale_cached_value_can_be_told_from_its_cells(features):
    # C5 caches 999,999 but its range adds up to 890,000: the grid holds both sides
    total = features["C5"]
    (addend,) = total.formula.addends
    cells = [features[f"C{row}"].text for row in range(2, 5)]
    assert (addend.first, addend.last, total.text) == ("C2", "C4", "999,999")
    assert cells == ["1,100,000", "△250,000", "40,000"]


def test_shared_formulas_are_expanded_per_cell():
    cells = cells_by_reference(FIXTURES / "shared_formulas.xlsx")
    assert [cells[f"C{row}"].text for row in (2, 3, 4)] == ["3", "30", "300"]
    assert cells["C4"].formula.text == "=A4+B4"
    assert cells["C4"].formula.addends == (Addend(1, "A4", "A4"), Addend(1, "B4", "B4"))


@pytest.mark.parametrize(
    ("formula", "addends"),
    [
        ("=SUM($B$3:$B$9)", [(1, "B3", "B9")]),
        ("=-(A1-B1)", [(-1, "A1", "A1"), (1, "B1", "B1")]),
        ("=SUM(A1, A2:A3, -B1)", [(1, "A1", "A1"), (1, "A2", "A3"), (-1, "B1", "B1")]),
        ("=SUM(A1:A3)-SUM(B1,B2)", [(1, "A1", "A3"), (-1, "B1", "B1"), (-1, "B2", "B2")]),
        ("=+a1", [(1, "A1", "A1")]),
        ("=A1*2", []),
        ("=A1+1", []),
        ("=SUM(A:A)", []),
        ("=データ+A1", []),
        ('=IF(COUNTIF($H$3:$H$409,H3)=1,"",1)', []),
        ("=SUM(A1", []),
        ("=)", []),
    ],
)
def test_only_sums_of_cells_are_read_as_addends(formula, addends):
    parsed = parse_formula(formula)
    assert parsed.text == formula
    assert [(a.sign, a.first, a.last) for a in parsed.addends] == addends


# --- the 大船渡 workbook: a flat sheet, one project per row ---------------------------------


def test_ofunato_excerpt_keeps_the_real_rows_and_cells():
    grid = read_grid(FIXTURES / "ofunato_excerpt.xlsx")
    rows = {row.location.line: row for row in grid.rows}
    assert list(rows) == [1, 2, 3, 7, 36]
    header = rows[2]
    assert header.cells[0].location.cell == "A2"
    assert header.cells[75].location.cell == "BX2" and header.cells[75].text == "一般財源"
    assert header.cells[76].text == "事業費計  （A）"
    assert rows[3].cells[7].text == "0086"  # 事務事業ID: text, leading zero kept
    assert rows[3].cells[76].text == "3089"  # 事業費計 (A), 千円
    assert rows[7].cells[82].text == "-"  # CE7, a placeholder the number parser blanks
    assert rows[36].cells[78].location.cell == "CA36" and rows[36].cells[78].text == "20"
    assert rows[3].cells[1].formula.text == '=IF(COUNTIF($H$3:$H$409,H3)=1,"",1)'


@pytest.fixture(scope="module")
def ofunato_rows():
    return list(read_grid(OFUNATO).rows)


@needs_ofunato
def test_ofunato_workbook_every_project_row_with_its_cells(ofunato_rows):
    assert [row.location.line for row in ofunato_rows] == list(range(1, 410))
    header, projects = ofunato_rows[1], ofunato_rows[2:]
    assert len(projects) == 407
    assert len(header.cells) == 210 and header.cells[-1].location.cell == "HB2"
    assert all(len(row.cells) == 210 for row in projects)
    assert all(row.cells[8].text for row in projects)  # column I: 事務事業名
    ids = [row.cells[7].text for row in projects]  # column H: 事務事業ID
    assert len(set(ids)) == 407 and all(ids)
    # H314 stores the number 0 in a text-formatted cell, which Excel shows as General
    assert ofunato_rows[313].cells[7].text == "0"
    for row in projects:
        assert [c.location.cell for c in row.cells[:3]] == [
            f"{c}{row.location.line}" for c in "ABC"
        ]
    # the one project with '-' in its five 財源 cells (BT:BX of the first year block)
    dashed = [row for row in projects if [c.text for c in row.cells[71:76]] == ["-"] * 5]
    assert [(row.cells[7].text, row.cells[75].location.cell) for row in dashed] == [
        ("1860", "BX187")
    ]


@needs_ofunato
def test_ofunato_workbook_agrees_with_openpyxls_own_reading(ofunato_rows):
    # every value openpyxl's public API reads is in the grid, at its cell, as displayed
    from openpyxl import load_workbook

    ours = {cell.location.cell: cell.text for row in ofunato_rows for cell in row.cells}
    workbook = load_workbook(OFUNATO, read_only=True, data_only=True)
    compared = 0
    for row in workbook.worksheets[0].iter_rows(min_row=1, max_row=409):
        for cell in row:
            if getattr(cell, "value", None) is None:
                continue
            value = cell.value
            expected = str(value) if isinstance(value, int | str) else f"{value:.15g}"
            assert ours[cell.coordinate] == expected, cell.coordinate
            compared += 1
    workbook.close()
    assert compared > 80000


# --- the seed in its printed layout ------------------------------------------------------


def test_seed_workbook_reads_as_the_text_export_cell_by_cell():
    def texts(path):
        return [row.texts for row in read_grid(path).rows]

    # trailing empty cells included: a row's width is a table's, which the assembler reads
    workbook = read_grid(SAMPLES / "seed.xlsx")
    assert texts(SAMPLES / "seed.xlsx") == texts(SEED)
    assert "hidden worksheets left out: 作業用" in workbook.notes
    cells = [c for row in read_grid(SAMPLES / "seed.xlsx").rows for c in row.cells]
    assert sum(c.covered for c in cells) > 100  # merged both across and down


def test_seed_workbook_gives_the_text_exports_findings():
    from_workbook = findings(SAMPLES / "seed.xlsx")
    assert flat(from_workbook) == flat(findings(SEED)) == flat(findings(SAMPLES / "seed.pdf"))
    (se103,) = [f for f in from_workbook if f.rule == "SE103" and f.written == 688670]
    assert (se103.location.sheet_name, se103.location.cell) == ("5", "D28")


# --- a formula's saved value against its cells (SE109) --------------------------------------


def test_a_total_saved_without_recalculating_is_caught_at_its_formula():
    # the seed's sheet 1 with its totals as formulas; 地域保健福祉活動事業費補助金収入 R4
    # typed over as 190,000 while (a) =SUM(D22:D23) still shows the 440,000 saved before
    found = findings(FIXTURES / "stale_formula.xlsx")
    (stale,) = [f for f in found if f.rule == "SE109"]
    assert (stale.location.sheet_name, stale.location.cell) == ("1", "D24")
    assert (stale.field, stale.year) == ("costs.revenue.specific_total", "R4")
    assert (stale.written, stale.expected) == (440000, 450000)
    assert "=SUM(D22:D23)" in stale.text("ja") and "再計算されない" in stale.text("ja")
    assert "saved without recalculating" in stale.text("en")
    # the template's own sum sees the same 10,000 (from (a)'s side)
    assert any(f.rule == "SE101" and f.written == 440000 for f in found)


def test_only_formulas_whose_every_cell_was_read_are_added_again():
    (sheet,) = read_document(FIXTURES / "stale_formula.xlsx").sheets
    sums = {s.total.location.cell: s for s in sheet.cell_sums}
    # D35 subtracts and adds back a cell of the hidden worksheet: nothing to add it up from
    assert sorted(sums) == ["C26", "C35", "D24", "D34", "E24", "E34"]
    # C32, 臨時職員人件費 R4, is a blank of a row the sheet was read from: no term
    assert [(n.location.cell, n.value) for _, n in sums["D34"].terms] == [
        ("C28", 814300),
        ("C30", 3524370),
    ]


def test_a_workbook_recalculated_after_the_change_has_no_stale_formula(tmp_path):
    fixed = tmp_path / "recalculated.xlsx"
    with (
        zipfile.ZipFile(FIXTURES / "stale_formula.xlsx") as source,
        zipfile.ZipFile(fixed, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>440000</v>", b"<v>450000</v>", 1)
                data = data.replace(b"<v>1724813</v>", b"<v>1734813</v>", 1)
            target.writestr(info, data)
    cells = cells_by_reference(fixed)
    assert (cells["D24"].text, cells["C26"].text) == ("450,000", "1,734,813")
    assert [f for f in findings(fixed) if f.rule == "SE109"] == []
    assert [f for f in findings(SAMPLES / "seed.xlsx") if f.rule == "SE109"] == []


# --- files that cannot be read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message_id"),
    [
        ("encrypted.xlsx", "xlsx.encrypted"),
        ("legacy.xlsx", "xlsx.legacy"),
        ("truncated.xlsx", "xlsx.damaged"),
        ("broken_sheet.xlsx", "xlsx.damaged"),
        ("empty.xlsx", "xlsx.no_cells"),
        ("macro_only.xlsm", "xlsx.no_cells"),
    ],
)
def test_unreadable_workbooks(name, message_id):
    with pytest.raises(ExtractError) as caught:
        list(read_grid(FIXTURES / name).rows)
    assert caught.value.message_id == message_id


def test_bad_workbooks_one_line_each_and_the_others_still_checked(run, tmp_path):
    bad = [FIXTURES / n for n in ("encrypted.xlsx", "broken_sheet.xlsx", "macro_only.xlsm")]
    result = run("check", *bad, SAMPLES / "seed.xlsx", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"shakyo-eval: {bad[0]}: the workbook is password-protected: remove the password "
        "in Excel and save it again",
        f"shakyo-eval: {bad[1]}: not an Excel workbook (.xlsx), or a damaged one "
        "(ParseError: no element found: line 1, column 1600)",
        f"shakyo-eval: {bad[2]}: no visible worksheet holds a cell (a macro-only or an "
        "empty workbook)",
    ]
    assert "SE103" in result.stdout


def test_an_empty_file_named_xlsx(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"")
    with pytest.raises(ExtractError) as caught:
        read_grid(path)
    assert caught.value.message_id == "empty_file"


def test_an_inbox_of_workbooks_and_csv_files_is_checked_file_by_file(tmp_path):
    """``check inbox/`` as CI runs it: the data files are picked up beside a text export,
    each bad one is one line on stderr and exit code 2, and the others are all reported."""
    inbox = tmp_path / "inbox"
    (inbox / "2024").mkdir(parents=True)
    good = {
        "seed.xlsx": SAMPLES / "seed.xlsx",
        "ofunato.xlsx": FIXTURES / "ofunato_excerpt.xlsx",
        "2024/rs.zip": FIXTURES / "rs_excerpt.zip",
        "2024/rs.csv": FIXTURES / "rs_summary_excerpt.csv",
        "seed.txt": SEED,
    }
    bad = {
        "locked.xlsx": FIXTURES / "encrypted.xlsx",
        "macro.xlsm": FIXTURES / "macro_only.xlsm",
        "quoting.csv": FIXTURES / "broken_quote.csv",
        "latin1.csv": FIXTURES / "latin1.csv",
    }
    for name, source in {**good, **bad}.items():
        shutil.copy(source, inbox / name)
    result = CliRunner().invoke(
        main, ["check", str(inbox), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 2
    documents = {
        Path(d["path"]).relative_to(inbox).as_posix(): d
        for d in json.loads(result.stdout)["documents"]
    }
    assert set(documents) == set(good) | set(bad)
    assert all(documents[name]["error"] is None for name in good)
    assert all(documents[name]["error"] for name in bad)
    # the zip holds the summary twice, in UTF-8 and in Shift_JIS, beside the 点検・評価 CSV
    assert (documents["ofunato.xlsx"]["sheets"], documents["2024/rs.zip"]["sheets"]) == (3, 10)
    assert documents["2024/rs.csv"]["sheets"] == 5
    seed_rules = {f["rule"] for f in documents["seed.xlsx"]["findings"]}
    assert seed_rules == {f["rule"] for f in documents["seed.txt"]["findings"]}
    lines = result.stderr.strip().split("\n")
    assert len(lines) == len(bad) and all(line.startswith("shakyo-eval: ") for line in lines)
