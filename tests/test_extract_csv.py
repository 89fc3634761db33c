"""The CSV extractor on the RS-system exports: plain, in cp932, in the published zip; the
records as the csv module reads them, their lines and columns, and the files it refuses.

Fixtures: tests/data/spreadsheets (excerpts of the real CSVs, made by make_fixtures.py);
the real RS summary zip in ../shared/corpus/real when it is there.
"""

import csv
import io
import zipfile

import pytest

from shakyo_eval.extract import read_grid
from shakyo_eval.grid import ExtractError

from conftest import DATA, SHARED

FIXTURES = DATA / "spreadsheets"
EXCERPT = FIXTURES / "rs_summary_excerpt.csv"
SUMMARY_ZIP = SHARED / "corpus" / "real" / "rs2024_2-1_yosan_shikko_summary.zip"
SUMMARY_CSV = "2-1_RS_2024_予算・執行_サマリ.csv"
needs_summary = pytest.mark.skipif(
    not SUMMARY_ZIP.exists(), reason=f"the real RS summary CSV is not there ({SUMMARY_ZIP})"
)


def csv_module_records(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def test_records_are_rows_as_the_csv_module_reads_them():
    grid = read_grid(EXCERPT)
    rows = list(grid.rows)
    assert grid.format == "csv" and grid.notes == ["encoding: utf-8-sig"]
    assert [row.texts for row in rows] == csv_module_records(EXCERPT.read_bytes())
    assert len(rows) == 41 and {len(row.texts) for row in rows} == {44}


def test_cells_name_their_line_column_and_header():
    rows = list(read_grid(EXCERPT).rows)
    header, summary = rows[0], rows[3]  # line 4: the 2023 summary row of project 1
    assert header.texts[20] == "執行率"
    rate = summary.cells[20]
    assert (rate.text, rate.header) == ("0.33608", "執行率")
    assert (rate.location.line, rate.location.column, rate.location.sheet_name) == (4, 21, None)
    assert summary.location.line == 4
    assert header.cells[20].header is None  # the header record names nothing above it
    # every field is a cell, with its own column
    assert [c.location.column for c in summary.cells] == list(range(1, 45))
    assert [c.text for c in summary.cells] == summary.texts


def test_a_record_over_several_lines_is_located_at_its_first(tmp_path):
    lines = EXCERPT.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    lines[2] = lines[2].replace("内閣人事局経費", '"内閣人事局\r\n経費"', 1)
    path = tmp_path / "multiline.csv"
    path.write_text("".join(lines[:6]) + "\r\n" + "".join(lines[6:8]), encoding="utf-8-sig")
    rows = list(read_grid(path).rows)
    assert [row.location.line for row in rows] == [1, 2, 3, 5, 6, 7, 9, 10]  # a blank line 8
    assert rows[2].texts[3] == "内閣人事局\r\n経費"
    assert rows[3].cells[20].location.line == 5


def test_cp932_is_read_when_utf8_fails():
    grid = read_grid(FIXTURES / "rs_summary_excerpt_sjis.csv")
    assert grid.notes == ["encoding: cp932"]
    assert [row.texts for row in grid.rows] == [row.texts for row in read_grid(EXCERPT).rows]


def test_zip_members_are_read_in_order_each_with_its_name():
    grid = read_grid(FIXTURES / "rs_excerpt.zip")
    assert grid.notes == [
        f"{SUMMARY_CSV}: encoding utf-8-sig",
        "4-1_RS_2024_点検・評価.csv: encoding utf-8-sig",
        "予算執行.csv: encoding cp932",  # a Shift_JIS name without the zip's UTF-8 flag
    ]
    rows = list(grid.rows)
    members = [row.location.sheet_name for row in rows]
    assert (
        members == [SUMMARY_CSV] * 41 + ["4-1_RS_2024_点検・評価.csv"] * 6 + ["予算執行.csv"] * 41
    )
    review_header = rows[41]
    assert review_header.location.line == 1 and review_header.texts[0] == "シート種別"
    assert rows[42].cells[3].location.sheet_name == "4-1_RS_2024_点検・評価.csv"
    assert [r.texts for r in rows[47:]] == [r.texts for r in rows[:41]]


@needs_summary
def test_the_real_summary_csv_every_record():
    with zipfile.ZipFile(SUMMARY_ZIP) as archive:
        expected = csv_module_records(archive.read(archive.infolist()[0]))
    assert len(expected) == 37982  # the header and 37,981 records, one line each
    rows = read_grid(SUMMARY_ZIP).rows
    for number, (row, record) in enumerate(zip(rows, expected, strict=True), start=1):
        assert row.texts == record and row.location.line == number
    assert {len(record) for record in expected} == {44}


# --- files that cannot be read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message_id", "params"),
    [
        ("broken_quote.csv", "csv.quoting", {"where": "", "line": 6}),
        ("latin1.csv", "csv.undecodable", {"where": ""}),
        ("no_csv.zip", "zip.no_csv", {}),
        ("encrypted.zip", "zip.encrypted", {"member": "summary.csv"}),
    ],
)
def test_unreadable_csv_files(name, message_id, params):
    with pytest.raises(ExtractError) as caught:
        list(read_grid(FIXTURES / name).rows)
    assert caught.value.message_id == message_id
    assert params.items() <= caught.value.params.items()


def test_a_quote_left_open_is_an_error_at_its_record(tmp_path):
    lines = EXCERPT.read_bytes().splitlines(keepends=True)
    path = tmp_path / "open_quote.csv"
    path.write_bytes(b"".join(lines[:30]) + b'"' + b"".join(lines[30:]))
    rows = read_grid(path).rows
    with pytest.raises(ExtractError) as caught:
        for _ in rows:
            pass
    assert caught.value.message_id == "csv.quoting" and caught.value.params["line"] == 31


def test_a_workbook_named_csv_is_binary(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes((FIXTURES / "features.xlsx").read_bytes())
    with pytest.raises(ExtractError) as caught:
        read_grid(path)
    assert caught.value.message_id == "csv.binary"


def test_a_damaged_zip_member_is_one_line(tmp_path):
    data = bytearray((FIXTURES / "rs_excerpt.zip").read_bytes())
    with zipfile.ZipFile(FIXTURES / "rs_excerpt.zip") as archive:
        info = archive.infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle : middle + 20] = bytes(b ^ 0xFF for b in data[middle : middle + 20])
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(ExtractError) as caught:
        list(read_grid(path).rows)
    assert caught.value.message_id == "zip.damaged"


def test_an_empty_csv(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ExtractError) as caught:
        read_grid(path)
    assert caught.value.message_id == "empty_file"


def test_bad_csv_files_one_line_each_and_the_others_still_checked(run):
    from conftest import SEED

    bad = [FIXTURES / n for n in ("broken_quote.csv", "latin1.csv", "no_csv.zip")]
    result = run("check", *bad, SEED)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f'shakyo-eval: {bad[0]}: 6 行目から始まるレコードの引用符（"）が正しくありません'
        "（',' expected after '\"'）",
        f"shakyo-eval: {bad[1]}: 文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）",
        f"shakyo-eval: {bad[2]}: ZIP ファイルに CSV ファイルがありません",
    ]
    assert "SE103" in result.stdout
