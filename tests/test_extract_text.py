"""The text export of the seed: every sheet, every number, read as printed."""

import json

import pytest
from bs4 import BeautifulSoup

from shakyo_eval.checker import read_document
from shakyo_eval.extract.richtext import element_text, html_to_text
from shakyo_eval.extract.text import read
from shakyo_eval.grid import ExtractError

from conftest import DATA, SEED, SEED_CORRECTED, SHARED
from records import document_view


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED)


def test_every_record_of_the_seed(seed):
    # tests/data/seed_records.json was checked by hand against the seed, cell by cell.
    expected = json.loads((DATA / "seed_records.json").read_text(encoding="utf-8"))
    assert document_view(seed) == expected


def test_five_sheets_with_their_titles(seed):
    assert [(s.number, s.name) for s in seed.sheets] == [
        (1, "ボランティア推進事業"),
        (2, "支部育成・支部活動助成事業"),
        (3, "住民参加型在宅福祉サービス事業 (ふれあいサービス事業・産後ヘルパー派遣事業)"),
        (4, "生活支援体制整備事業"),
        (5, "重層的支援体制整備事業"),
    ]
    assert {s.header.fiscal_year for s in seed.sheets} == {2024}


def test_shifted_cells_of_sheet_4_land_in_their_year(seed):
    # Sheet 4 prints 支出合計 where other sheets print 支出, and an empty letter cell
    # between 正規職員人件費 and its values.
    sheet = seed.sheets[3]
    assert sheet.value("costs.staff.regular.cost", "R4").value == 2442900
    assert sheet.value("costs.staff.regular.fte", "R4").text == "0.30"
    assert sheet.value("costs.expenditure.total", "R4").value == 8779198
    assert sheet.value("costs.revenue.general", "R4") is None


def test_empty_future_column_is_none_not_zero(seed):
    sheet = seed.sheets[0]
    assert sheet.columns_of("costs") == ["R4", "R5", "R6"]
    assert all("R6" not in row.values for row in sheet.rows())  # blank, not zero
    assert sheet.value("unit_cost.units", "R6") is None
    assert seed.sheets[0].indicators[0].years["R6"].actual is None


def test_values_remember_their_line(seed):
    contract = seed.sheets[4].value("costs.staff.contract.cost", "R4")
    assert contract.text == "688,670"
    assert contract.location.line == 221
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert "688,670" in lines[contract.location.line - 1]


def test_rich_cells_become_lines(seed):
    activities = seed.sheets[0].header.activities.text
    assert "・ボランティア事業参加者総数 589名 (356名)" in activities.split("\n")
    assert seed.sheets[1].evaluation.text.startswith("支部活動の推進と強化は")
    assert seed.sheets[4].direction_label == "拡充"


def test_html_fragment_lists_and_breaks():
    assert html_to_text("<p>a</p><ul><li>b<br>c</li><li>d</li></ul>") == "a\nb\nc\nd"


def _fragments():
    """Every rich cell of the real text exports and of the sample pages."""
    exports = [SEED, SEED_CORRECTED, *sorted((SHARED / "corpus" / "real").glob("*.txt"))]
    for path in exports:
        for line in path.read_text(encoding="utf-8").split("\n"):
            yield from (field for field in line.split("\t") if "<" in field)
    for page in sorted(SEED.parent.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cells = (cell.decode_contents() for cell in soup.find_all(["td", "th"]))
        yield from (cell for cell in cells if "<" in cell)


def test_a_fragment_reads_as_the_same_cell_of_an_html_page():
    # A text export's fragments are read without BeautifulSoup (its import is most of a
    # start-up); they must give what the HTML extractor's walk gives for the same elements,
    # on every rich cell of the real exports and of the sample pages, and on broken ones.
    broken = ["<p>a<p>b</p>", "<ul><li>a<li>b</ul>", "x<br/>y", "<script>z</script>t", "<b>open"]
    broken += ["a &amp; b<!-- c -->", "</p>stray", "<div><p>a</div>b", "<p>a\nb</p>"]
    fragments = [*_fragments(), *broken]
    assert len(fragments) > 900
    for fragment in fragments:
        assert html_to_text(fragment) == element_text(BeautifulSoup(fragment, "html.parser"))


def test_markdown_leftovers_are_dropped(seed):
    # "## 令和 6 年度 事務事業評価表" and the "----" lines of the export
    assert seed.sheets[4].header.fiscal_year == 2024
    assert not any(s.unknown_rows for s in seed.sheets)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ExtractError, match="binary"):
        read(path)


def test_shift_jis_text_export_is_read(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    document = read_document(path)
    assert len(document.sheets) == 5
    assert "encoding: cp932" in document.notes
