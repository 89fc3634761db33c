"""HTML pages: the seed's sheets as city sites publish them (samples/*.html), read back.

The samples are made from the records of the text export (samples/make_html.py), so every
HTML copy must give the same records as the text export: every number with its printed
decimals, every label letter, and every free text line for line (texts are generated from
the export's own fragments). Free text is kept as printed, so the copy that prints its
digits full-width matches up to NFKC, and the Shift_JIS copy prints one ㈱ more.
"""

import importlib.util
import json
import re
import sys

import pytest
from click.testing import CliRunner

from shakyo_eval.checker import check, read_document
from shakyo_eval.cli import main
from shakyo_eval.extract import read_grid
from shakyo_eval.extract.html import decode, parse
from shakyo_eval.grid import ExtractError
from shakyo_eval.numbers import nfkc

from conftest import SAMPLES, SEED, SEED_CORRECTED
from helpers import findings, flat, report_of
from records import document_view, texts_view

SJIS_PAGES = sorted((SAMPLES / "seed-sjis").glob("*.html"))
ONE_PAGE_COPIES = [
    ("seed.html", SEED),
    ("seed-site.html", SEED),
    ("seed-fullwidth.html", SEED),
    ("seed-corrected.html", SEED_CORRECTED),
]


@pytest.fixture(scope="module")
def text_export():
    return {SEED: read_document(SEED), SEED_CORRECTED: read_document(SEED_CORRECTED)}


def _page(tmp_path, body: str):
    path = tmp_path / "page.html"
    html = f'<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body>{body}</body></html>'
    path.write_bytes(html.encode("utf-8"))
    return path


def _grid_rows(path):
    return [[(c.text, c.covered) for c in row.cells] for row in read_grid(path).rows]


# --- round trip ------------------------------------------------------------------------------


def _nfkc(texts: list[dict]) -> list[dict]:
    return [{k: nfkc(v) if v else v for k, v in sheet.items()} for sheet in texts]


@pytest.mark.parametrize(("name", "source"), ONE_PAGE_COPIES)
def test_one_page_copies_give_the_records_of_the_text_export(name, source, text_export):
    document = read_document(SAMPLES / name)
    assert document.format == "html"
    assert document_view(document) == document_view(text_export[source])
    texts, expected = texts_view(document), texts_view(text_export[source])
    if name == "seed-fullwidth.html":
        assert texts != expected  # its free text prints digits full-width, as typed
        texts, expected = _nfkc(texts), _nfkc(expected)
    assert texts == expected


def test_shift_jis_pages_read_as_one_run_give_the_records_of_the_text_export(text_export):
    documents = [read_document(page) for page in SJIS_PAGES]
    assert [len(d.sheets) for d in documents] == [1, 1, 1, 1, 1]
    seed = text_export[SEED]
    assert [v for d in documents for v in document_view(d)] == document_view(seed)
    texts = [v for d in documents for v in texts_view(d)]
    expected = texts_view(seed)
    # The Shift_JIS copy names the company of sheet 4 with ㈱.
    expected[3]["evaluation"] = expected[3]["evaluation"].replace(
        "SOMPOケアラヴィーレふじみ野", "SOMPOケア㈱ラヴィーレふじみ野"
    )
    assert texts == expected


@pytest.mark.parametrize(("name", "source"), ONE_PAGE_COPIES)
def test_check_finds_what_it_finds_in_the_text_export(name, source):
    assert flat(findings(SAMPLES / name)) == flat(findings(source))


def test_check_of_the_folder_of_shift_jis_pages_finds_the_seed_errors():
    report = check([SAMPLES / "seed-sjis"])
    assert [d.path for d in report.documents] == [str(p) for p in SJIS_PAGES]
    assert [d.error for d in report.documents] == [None] * 5
    found = [item for d in report.documents for f in d.findings for item in f.all()]
    # A page per sheet is a document per sheet, and SE405 needs several sheets of one
    # document to know the staff rate most of them follow.
    seed = flat(findings(SEED))
    staff_rate = {f for f in seed if f[0] == "SE405"}
    assert staff_rate == {("SE405", 5, "R4", "costs.staff.contract.cost", 688670, 6886700)}
    assert flat(found) == seed - staff_rate


def test_corrected_copy_has_no_error():
    report = report_of(SAMPLES / "seed-corrected.html")
    assert report.summary().errors == 0
    assert report.exit_code() == 0


# --- encodings -------------------------------------------------------------------------------


def test_shift_jis_page_is_really_cp932_and_reads_circled_digits_and_kabu():
    data = SJIS_PAGES[0].read_bytes()
    assert b'<meta charset="Shift_JIS">' in data
    assert "①はじめてのシニア向けZOOM体験講座".encode("cp932") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("shift_jis")  # why a declared Shift_JIS is read as cp932
    activities = read_document(SJIS_PAGES[0]).sheets[0].header.activities.text.split("\n")
    assert "①はじめてのシニア向けZOOM体験講座 参加者：10名 (9名)" in activities
    sheet_4 = read_document(SJIS_PAGES[3])
    assert "encoding: cp932 (declared shift_jis)" in sheet_4.notes
    assert "SOMPOケア㈱ラヴィーレふじみ野" in sheet_4.sheets[0].evaluation.text


def test_kabu_and_compatibility_kanji_in_a_declared_sjis_page():
    text, encoding = decode('<meta charset="SJIS"><p>㈱髙島屋 﨑山 ①'.encode("cp932"))
    assert text.endswith("㈱髙島屋 﨑山 ①")
    assert encoding == "cp932 (declared sjis)"


def test_page_without_declaration_is_detected(tmp_path):
    path = tmp_path / "nodecl.html"
    path.write_bytes(SJIS_PAGES[0].read_bytes().replace(b'<meta charset="Shift_JIS">', b""))
    document = read_document(path)
    assert "encoding: cp932 (detected, no charset declared)" in document.notes
    assert document_view(document) == document_view(read_document(SJIS_PAGES[0]))


def test_byte_order_mark_wins_over_the_declaration():
    text, encoding = decode(b"\xef\xbb\xbf" + '<meta charset="Shift_JIS">①'.encode())
    assert text.endswith("①")
    assert encoding == "utf-8 (byte order mark)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            '<meta charset="utf-8"><p>地域福祉'.encode("cp932"),
            "cannot decode the page as utf-8 (declared utf-8): byte 0x92 at offset 25",
        ),
        (b'<meta charset="x-unknown-jp"><p>a', "the page declares an unknown charset"),
        (b"\x00\x01\x02\x03<table>", "not an HTML page (binary content)"),
    ],
)
def test_undecodable_pages_are_refused_with_one_line(data, message):
    with pytest.raises(ExtractError, match=re.escape(message)):
        decode(data)


def test_undecodable_page_exits_2_and_the_other_files_are_still_checked(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(SJIS_PAGES[0].read_bytes().replace(b"Shift_JIS", b"UTF-8"))
    result = CliRunner().invoke(
        main, ["check", str(bad), str(SAMPLES / "seed.html"), "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"shakyo-eval: {bad}: cannot decode the page as utf-8")
    documents = json.loads(result.stdout)["documents"]
    assert documents[0]["error"].startswith("cannot decode")
    assert documents[1]["sheets"] == 5 and documents[1]["findings"]


def test_verbose_says_which_encoding_was_used():
    result = CliRunner().invoke(main, ["check", "--verbose", str(SJIS_PAGES[0])])
    assert f"shakyo-eval: {SJIS_PAGES[0]}: encoding: cp932 (declared shift_jis)" in result.stderr
    quiet = CliRunner().invoke(main, ["check", str(SJIS_PAGES[0])])
    assert "encoding" not in quiet.stderr


# --- the page around the sheets --------------------------------------------------------------


def test_site_layout_yields_exactly_the_five_sheets():
    document = read_document(SAMPLES / "seed-site.html")
    assert [(s.number, s.header.fiscal_year) for s in document.sheets] == [
        (n, 2024) for n in range(1, 6)
    ]
    assert not any(s.unknown_rows or s.unparsed for s in document.sheets)
    # wrapper, header, global menu, two-column layout, side menu, news list, footer
    assert "tables: 25 read, 7 skipped as layout or navigation" in document.notes


def test_layout_table_around_a_sheet_is_not_flattened(tmp_path):
    sheet = SAMPLES.joinpath("seed.html").read_text(encoding="utf-8")
    body = sheet.split('<div class="hyouka" id="jigyo2">')[0].split('<div id="contents">')[1]
    path = _page(
        tmp_path,
        '<table><tr><td><table><tr><td><a href="/">ホーム</a></td></tr></table></td>'
        f"<td>{body}</td></tr></table>",
    )
    document = read_document(path)
    assert [s.number for s in document.sheets] == [1]
    assert document_view(document)[0] == document_view(read_document(SEED))[0]


def test_page_without_a_sheet_says_so(tmp_path):
    path = _page(
        tmp_path,
        "<h1>お知らせ</h1><table><tr><th>日付</th><th>内容</th></tr>"
        "<tr><td>6月3日</td><td>総会を開催しました</td></tr></table>",
    )
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"shakyo-eval: {path}: 事務事業評価表が見つかりません"


def test_navigation_and_single_column_tables_are_skipped(tmp_path):
    path = _page(
        tmp_path,
        "<nav><table><tr><td>メニュー</td><td>一覧</td></tr></table></nav>"
        '<table><tr><td><a href="/a">ボランティア</a></td><td>6月</td></tr></table>'
        "<table><tr><td>住所</td></tr><tr><td>電話</td></tr></table>"
        '<table role="presentation"><tr><td>a</td><td>b</td></tr></table>'
        "<table><tr><th>区分</th><td>値</td></tr></table>",
    )
    assert _grid_rows(path) == [[("区分", False), ("値", False)]]
    assert "tables: 1 read, 4 skipped as layout or navigation" in read_grid(path).notes


def test_headings_just_before_a_table_become_rows_and_the_rest_are_dropped(tmp_path):
    path = _page(
        tmp_path,
        "<h2>令和6年度 事務事業評価表</h2><table><caption>表1</caption>"
        "<tr><th>a</th><td>1</td></tr></table><h2>お問い合わせ</h2><p>電話</p>",
    )
    rows = read_grid(path).rows
    assert [[c.text for c in r.cells] for r in rows] == [
        ["令和6年度 事務事業評価表"],
        ["表1"],
        ["a", "1"],
    ]
    assert rows[0].location.element == "h2" and rows[1].location.element == "table[1]/caption"


# --- cells -----------------------------------------------------------------------------------


def test_spans_become_a_rectangle_with_covered_positions(tmp_path):
    path = _page(
        tmp_path,
        "<table>"
        '<tr><th rowspan="2">成果</th><td colspan="2">a<br>b</td><td rowspan="0">z</td></tr>'
        "<tr><td>1</td><td><ul><li>x</li><li>y</li></ul></td></tr>"
        '<tr><td colspan="3">&nbsp;</td></tr>'
        "</table>",
    )
    assert _grid_rows(path) == [
        [("成果", False), ("a\nb", False), ("", True), ("z", False)],
        [("", True), ("1", False), ("x\ny", False), ("", True)],
        [("", False), ("", True), ("", True), ("", True)],
    ]


def test_short_rows_are_padded_and_bad_spans_read_as_browsers_do(tmp_path):
    path = _page(
        tmp_path,
        '<table><tr><td colspan="2x">a</td><td rowspan="abc">b</td><td>c</td></tr>'
        '<tr><td colspan="99999">d</td></tr><tr><td>e</td></tr></table>',
    )
    rows = read_grid(path).rows
    assert [len(r.cells) for r in rows] == [1000, 1000, 1000]
    assert [(c.text, c.covered) for c in rows[0].cells[:4]] == [
        ("a", False),
        ("", True),
        ("b", False),
        ("c", False),
    ]
    assert (rows[2].cells[0].text, rows[2].cells[1].covered) == ("e", False)


def test_full_width_numbers_are_kept_as_printed_and_read_as_numbers():
    document = read_document(SAMPLES / "seed-fullwidth.html")
    total = document.sheets[0].value("costs.revenue.total", "R4")
    assert (total.text, total.value) == ("１，７２４，８１３", 1724813)
    fte = document.sheets[3].value("costs.staff.regular.fte", "R4")
    assert (fte.text, fte.decimals) == ("０．３０", 2)


def test_page_that_leaves_out_end_tags_is_parsed_as_a_browser_does():
    text = SAMPLES.joinpath("seed-fullwidth.html").read_text(encoding="utf-8")
    assert "</TD>" not in text and "<TD" in text
    soup, parser = parse(text)
    assert parser == "lxml"
    assert (
        "parser: lxml (the page leaves out end tags)"
        in read_grid(SAMPLES / "seed-fullwidth.html").notes
    )
    assert all(td.parent.name == "tr" for td in soup.find_all("td"))


def test_a_finding_points_at_the_printed_cell():
    finding = next(f for f in findings(SAMPLES / "seed.html") if f.rule == "SE103")
    location = finding.location
    lines = SAMPLES.joinpath("seed.html").read_text(encoding="utf-8").split("\n")
    assert "<td" in lines[location.line - 1] and ">688,670<" in lines[location.line - 1]
    # the 5th sheet's cost table is the page's 23rd table; 嘱託職員人件費 is its 9th row
    assert location.element == "table[23]/tr[9]/td[3]"


# --- the samples are what the script makes ---------------------------------------------------


def test_committed_samples_are_what_make_html_makes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_html", SAMPLES / "make_html.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_html", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    written = module.make(tmp_path)
    assert len(written) == 9
    for path in written:
        name = path.relative_to(tmp_path)
        assert path.read_bytes() == (SAMPLES / name).read_bytes(), name
