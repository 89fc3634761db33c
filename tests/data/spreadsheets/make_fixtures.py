"""Makes the workbook and CSV fixtures in this folder; the tests only read the committed files.

    python tests/data/spreadsheets/make_fixtures.py

The excerpts are cut from the real files in ../shared/corpus/real (see SOURCES.md there):
the 大船渡 workbook's header rows and three project rows, at their own row numbers and with
their own number formats; the first records of the two RS-system CSVs, byte for byte.
The other workbooks are small and made here, each for one thing a reader must do or refuse.
``legacy.xlsx`` (an .xls renamed) and ``encrypted.xlsx`` need xlwt and msoffcrypto-tool,
which are not project dependencies: install them in a scratch environment to run this;
``encrypted.zip`` needs Info-ZIP's ``zip`` (Debian: zip).
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[2] / "samples"
REAL = HERE.parents[3] / "shared" / "corpus" / "real"
OFUNATO = REAL / "ofunato_jimujigyo_report.xlsx"
RS_SUMMARY = REAL / "rs2024_2-1_yosan_shikko_summary.zip"
RS_REVIEW = REAL / "rs2024_4-1_tenken_hyoka.zip"
OFUNATO_ROWS = (1, 2, 3, 7, 36)  # header rows; a project; '-' in 財源 cells; #,##0 cells
SUMMARY_RECORDS = 41  # the header and 40 records: 5 projects' summary and detail rows
REVIEW_RECORDS = 6


def rewrite(path: Path, member: str, change) -> None:
    """Rewrites one member of a zip (an xlsx) with ``change(text) -> text``."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)


def cache(values: dict[str, str]):
    """A change that stores a cached value for formula cells, as Excel does when it saves
    (openpyxl writes formulas with an empty value): {"B5": "600", "B9": "e:#DIV/0!"}."""

    def change(xml: str) -> str:
        for reference, value in values.items():
            kind, _, value = value.rpartition(":")
            pattern = rf'<c r="{reference}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?'
            typed = f' t="{kind}"' if kind else ""
            xml, count = re.subn(
                pattern, rf'<c r="{reference}"\1{typed}><f>\2</f><v>{value}</v>', xml
            )
            assert count == 1, reference
        return xml

    return change


def ofunato_excerpt() -> None:
    values = load_workbook(OFUNATO, read_only=True, data_only=True).worksheets[0]
    formulas = load_workbook(OFUNATO, read_only=True).worksheets[0]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = values.title
    cached = {}
    for number in OFUNATO_ROWS:
        for shown, written in zip(
            values.iter_rows(min_row=number, max_row=number),
            formulas.iter_rows(min_row=number, max_row=number, values_only=True),
            strict=True,
        ):
            for cell, formula in zip(shown, written, strict=True):
                if cell.value is None and formula is None:
                    continue
                target = sheet.cell(number, cell.column, formula)
                target.number_format = cell.number_format
                if isinstance(formula, str) and formula.startswith("="):
                    value = cell.value
                    kind = "str:" if value is None or isinstance(value, str) else ""
                    cached[f"{get_column_letter(cell.column)}{number}"] = f"{kind}{value or ''}"
    path = HERE / "ofunato_excerpt.xlsx"
    workbook.save(path)
    rewrite(path, "xl/worksheets/sheet1.xml", cache(cached))


def features() -> None:
    """Number formats, merged cells, formulas with cached values, a hidden sheet."""
    workbook = Workbook()
    costs = workbook.active
    costs.title = "コスト"
    rows = [
        ("項目", "R5", "R6"),
        ("国庫支出金", 1200000, 1100000),
        ("県支出金", 300000, -250000),
        ("その他", 0, 40000),
        ("計", "=SUM(B2:B4)", "=SUM(C2:C4)"),
        ("差引", "=B2+B3-B4", "=SUM(C2:C3)-C4"),
        ("千円", "=B5", 1234567),
        ("比率", 0.123, 0.98765),
        ("単価", "=ROUND(B5/B10,1)", "=C5/0"),
        ("件数", 12, "-"),
        ("作成日", 45383, 45383),
        ("別シート", "='作業 用'!B2+B2", None),
    ]
    for row in rows:
        costs.append(row)
    for reference in ("B2", "C2", "B3", "C3", "B4", "C4", "B5", "C5", "B6", "C6", "C7"):
        costs[reference].number_format = '#,##0;"▲"#,##0'
    costs["C3"].number_format = '#,##0;[Red]"△"#,##0'
    costs["C4"].number_format = '#,##0;▲#,##0;"-"'
    costs["B7"].number_format = '#,##0,"千円"'
    costs["C7"].number_format = '#,##0,"千円"'
    costs["B8"].number_format = "0.0%"
    costs["C8"].number_format = "0.0%"
    costs["B9"].number_format = "#,##0.0"
    costs["B11"].number_format = '[$-411]ggge"年"m"月"d"日"'  # becomes built-in id 58 below
    costs["C11"].number_format = "yyyy/m/d"
    costs.merge_cells("A13:C13")
    costs["A13"] = "備考: 合計は特定財源を含む"
    costs.merge_cells("D1:D4")
    costs["D1"] = "収入"
    hidden = workbook.create_sheet("作業 用")
    hidden.append(("stale", 9))
    hidden.append(("stale", 99))
    hidden.sheet_state = "hidden"
    path = HERE / "features.xlsx"
    workbook.save(path)
    rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        cache(
            {
                "B5": "1500000",
                "C5": "999999",  # stale: the cells sum to 890,000
                "B6": "1500000",
                "C6": "810000",
                "B7": "1500000",
                "B9": "125000",
                "C9": "e:#DIV/0!",
                "B12": "1200009",
            }
        ),
    )

    def builtin_era_format(xml: str) -> str:
        custom = re.search(r'<numFmt numFmtId="(\d+)" formatCode="\[\$-411\]ggge', xml)
        return xml.replace(f'<xf numFmtId="{custom[1]}"', '<xf numFmtId="58"', 1)

    # A Japanese Excel stores its era date format as built-in id 58, without a definition.
    rewrite(path, "xl/styles.xml", builtin_era_format)


def stale_formula() -> None:
    """The seed workbook's sheet 1 with its totals as formulas, saved by Excel's rules: a
    typed-over item whose total was not recalculated, the others right; one formula on
    another worksheet (the hidden one), one on a row of no value (臨時職員人件費)."""
    workbook = load_workbook(SAMPLES / "seed.xlsx")
    for name in workbook.sheetnames:
        if name not in ("1", "作業用"):
            del workbook[name]
    sheet = workbook["1"]
    sheet["D23"] = 190000  # was 180,000: (a) still shows 440,000
    formulas = {
        "D24": ("=SUM(D22:D23)", "440000"),
        "E24": ("=SUM(E22:E23)", "260000"),
        "C26": ("=D24+D25", "1724813"),
        "D34": ("=C28+C30+C32", "4338670"),
        "E34": ("=SUM(D28,D30,D32)", "4172190"),
        "C35": ("=C27+D34", "6063483"),
        "D35": ("=D27+E34-'作業用'!D24+'作業用'!D24", "5501088"),
    }
    for reference, (formula, _) in formulas.items():
        sheet[reference] = formula
    path = HERE / "stale_formula.xlsx"
    workbook.save(path)
    rewrite(path, "xl/worksheets/sheet1.xml", cache({r: v for r, (_, v) in formulas.items()}))


def shared_formulas() -> None:
    """A column of shared formulas (Excel writes a filled-down formula once)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(("a", "b", "a+b"))
    for a, b in ((1, 2), (10, 20), (100, 200)):
        sheet.append((a, b, None))
    path = HERE / "shared_formulas.xlsx"
    workbook.save(path)

    def share(xml: str) -> str:
        cells = {
            "C2": '<c r="C2"><f t="shared" ref="C2:C4" si="0">A2+B2</f><v>3</v></c>',
            "C3": '<c r="C3"><f t="shared" si="0"/><v>30</v></c>',
            "C4": '<c r="C4"><f t="shared" si="0"/><v>300</v></c>',
        }
        for reference, cell in cells.items():
            row = reference[1:]
            xml = re.sub(rf'(<row r="{row}"[^>]*>.*?)(</row>)', rf"\1{cell}\2", xml, count=1)
        return xml

    rewrite(path, "xl/worksheets/sheet1.xml", share)


def empty() -> None:
    Workbook().save(HERE / "empty.xlsx")


def macro_only() -> None:
    """An .xlsm whose only cells are on an Excel 4 macro sheet, beside a VBA project."""
    path = HERE / "macro_only.xlsm"
    Workbook().save(path)
    macro_sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="str"><f>ALERT("集計")</f><v>TRUE</v></c></row>'
        '<row r="2"><c r="A2" t="str"><f>RETURN()</f><v>TRUE</v></c></row>'
        "</sheetData></xm:macrosheet>"
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/macrosheets/sheet1.xml", macro_sheet)
        archive.writestr("xl/vbaProject.bin", b"VBA project placeholder: no reader opens it")
    rewrite(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ).replace(
            "</Types>",
            '<Override PartName="/xl/macrosheets/sheet1.xml" '
            'ContentType="application/vnd.ms-excel.macrosheet+xml"/>'
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            "</Types>",
        ),
    )
    rewrite(
        path,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            "</Relationships>",
            '<Relationship Id="rIdMacro" Target="macrosheets/sheet1.xml" Type="http://schemas.'
            'microsoft.com/office/2006/relationships/xlMacrosheet"/>'
            '<Relationship Id="rIdVba" Target="vbaProject.bin" Type="http://schemas.microsoft.'
            'com/office/2006/relationships/vbaProject"/></Relationships>',
        ),
    )
    rewrite(
        path,
        "xl/workbook.xml",
        lambda xml: xml.replace(
            "</sheets>", '<sheet name="マクロ1" sheetId="2" r:id="rIdMacro"/></sheets>'
        ),
    )


def damaged() -> None:
    """A cut-off download, and a workbook whose sheet's XML breaks off within its rows."""
    whole = (HERE / "features.xlsx").read_bytes()
    (HERE / "truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    path = HERE / "broken_sheet.xlsx"
    path.write_bytes(whole)
    rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: xml.index('<row r="9"')])


def legacy_and_encrypted() -> None:
    import msoffcrypto.format.ooxml
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("Sheet1").write(0, 0, "事業費")
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / "legacy.xlsx").write_bytes(buffer.getvalue())
    with (HERE / "shared_formulas.xlsx").open("rb") as plain:
        office = msoffcrypto.format.ooxml.OOXMLFile(plain)
        with (HERE / "encrypted.xlsx").open("wb") as target:
            office.encrypt("shakyo", target)


def first_lines(zip_path: Path, count: int) -> bytes:
    with zipfile.ZipFile(zip_path) as archive:
        data = archive.read(archive.infolist()[0])
    return b"".join(data.splitlines(keepends=True)[:count])


def csv_excerpts() -> None:
    summary = first_lines(RS_SUMMARY, SUMMARY_RECORDS)
    review = first_lines(RS_REVIEW, REVIEW_RECORDS)
    (HERE / "rs_summary_excerpt.csv").write_bytes(summary)
    sjis = summary.decode("utf-8-sig").encode("cp932")
    (HERE / "rs_summary_excerpt_sjis.csv").write_bytes(sjis)
    path = HERE / "rs_excerpt.zip"
    placeholder = "AAAAAAAA.csv"  # the same length as 予算執行.csv in cp932
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2-1_RS_2024_予算・執行_サマリ.csv", summary)
        archive.writestr("4-1_RS_2024_点検・評価.csv", review)
        archive.writestr("__MACOSX/._4-1_RS_2024_点検・評価.csv", b"\x00\x05\x16\x07")
        archive.writestr("readme.txt", "行政事業レビュー RS システムのデータ（抜粋）\n")
        archive.writestr(placeholder, sjis)
    # A Japanese Windows zip names its members in Shift_JIS, without the UTF-8 flag.
    name = "予算執行.csv".encode("cp932")
    assert len(name) == len(placeholder)
    path.write_bytes(path.read_bytes().replace(placeholder.encode(), name))

    # Quoting broken on line 6 ('"x"y': text after a closing quote); the rest well-formed.
    lines = summary.splitlines(keepends=True)
    lines[5] = lines[5].replace(b",\xe5\x86\x85\xe9\x96\xa3", b',"\xe5\x86\x85"\xe9\x96\xa3', 1)
    assert lines[5] != summary.splitlines(keepends=True)[5]
    (HERE / "broken_quote.csv").write_bytes(b"".join(lines))
    # Latin-1 text: neither UTF-8 nor cp932 (é before a comma is no Shift_JIS pair).
    (HERE / "latin1.csv").write_bytes("lieu,année\nCafé,2024\n".encode("latin-1"))
    with zipfile.ZipFile(HERE / "no_csv.zip", "w") as archive:
        archive.writestr("readme.txt", "CSV はありません\n")
        archive.writestr("data/", b"")


def encrypted_zip() -> None:
    with tempfile.TemporaryDirectory() as folder:
        member = Path(folder) / "summary.csv"
        member.write_bytes(first_lines(RS_SUMMARY, 3))
        target = HERE / "encrypted.zip"
        target.unlink(missing_ok=True)
        subprocess.run(["zip", "-q", "-P", "shakyo", target, member.name], cwd=folder, check=True)


def main() -> None:
    ofunato_excerpt()
    features()
    stale_formula()
    shared_formulas()
    empty()
    macro_only()
    damaged()
    legacy_and_encrypted()
    csv_excerpts()
    encrypted_zip()
    for path in sorted(HERE.iterdir()):
        if path.suffix != ".py":
            print(f"{path.name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
