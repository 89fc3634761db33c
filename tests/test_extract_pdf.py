"""The PDF extractor on the sample PDFs: every record, every number, with page and box.

samples/seed.pdf and seed-corrected.pdf come from an Excel workbook converted by LibreOffice,
samples/seed-reportlab.pdf from reportlab (samples/make_pdfs.py); both readers (PDFium, the
default, and pdfplumber, the reference) must read each of them back into the records of the
text export they were rendered from.
"""

import re

import pdfplumber
import pytest
from PIL import Image

from shakyo_eval.checker import read_document
from shakyo_eval.extract import read_grid
from shakyo_eval.extract.pdf import pdfium, plumber
from shakyo_eval.extract.pdf.cells import find_tables
from shakyo_eval.model import Document, Number

from conftest import SAMPLES, SEED, SEED_CORRECTED
from records import document_view, texts_view

SEED_PDF = SAMPLES / "seed.pdf"
CORRECTED_PDF = SAMPLES / "seed-corrected.pdf"
REPORTLAB_PDF = SAMPLES / "seed-reportlab.pdf"
# Each sample PDF and the text export it was rendered from.
PRODUCERS = {
    "libreoffice": (SEED_PDF, SEED),
    "libreoffice-corrected": (CORRECTED_PDF, SEED_CORRECTED),
    "reportlab": (REPORTLAB_PDF, SEED),
}
READERS = ("pdfium", "pdfplumber")
_documents: dict = {}


def document(path, reader="pdfium") -> Document:
    """Read once per test session: pdfplumber takes seconds per file."""
    key = (path, reader)
    if key not in _documents:
        _documents[key] = read_document(path, pdf_reader=reader)
    return _documents[key]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("producer", PRODUCERS)
def test_round_trip_every_number(producer, reader):
    pdf, text = PRODUCERS[producer]
    assert document_view(document(pdf, reader)) == document_view(document(text))


@pytest.mark.parametrize("producer", PRODUCERS)
def test_round_trip_free_text_without_whitespace(producer):
    # A PDF does not say whether a line break inside a cell was typed or made by wrapping,
    # nor whether the gap at a wrap was a space; so free text (目的, 実施内容, 評価 …) is
    # compared character for character with whitespace removed. Names, units, labels and
    # every number are compared exactly by the test above.
    pdf, text = PRODUCERS[producer]

    def squashed(doc):
        return [
            {k: re.sub(r"\s", "", v) if v else v for k, v in sheet.items()}
            for sheet in texts_view(doc)
        ]

    assert squashed(document(pdf)) == squashed(document(text))


@pytest.mark.parametrize("pdf", [SEED_PDF, CORRECTED_PDF, REPORTLAB_PDF], ids=lambda p: p.name)
def test_both_readers_give_the_same_grid(pdf):
    fast = list(read_grid(pdf, pdf_reader="pdfium").rows)
    reference = list(read_grid(pdf, pdf_reader="pdfplumber").rows)
    assert len(fast) == len(reference) > 150
    for row, ref in zip(fast, reference, strict=True):
        assert row.location.page == ref.location.page
        assert [(c.text, c.covered) for c in row.cells] == [(c.text, c.covered) for c in ref.cells]
        ruled = len(row.cells) > 1 or row.cells[0].covered
        # Ruled cells are bounded by the same rules; a free line (a title) by its glyphs,
        # whose height each library measures from different font metrics.
        tolerance = 0.05 if ruled else 3.0
        for cell, ref_cell in zip(row.cells, ref.cells, strict=True):
            assert cell.location.bbox == pytest.approx(ref_cell.location.bbox, abs=tolerance)


def test_a_page_longer_than_the_kept_box_pointers_reads_the_same(monkeypatch):
    # The PDFium reader keeps a pointer per character box for the first few thousand
    # characters of a page; a longer page makes the others as it goes, and reads the same.
    expected = _cells_read(SEED_PDF)
    monkeypatch.setattr(pdfium, "_KEPT_SLOTS", 100)
    monkeypatch.setattr(pdfium, "_BOXES", pdfium._CharBoxes())
    assert _cells_read(SEED_PDF) == expected


def _cells_read(pdf):
    rows = read_grid(pdf, pdf_reader="pdfium").rows
    return [(row.location, [(cell.text, cell.location) for cell in row.cells]) for row in rows]


def test_cells_are_those_of_pdfplumbers_own_table_finder():
    # On the reportlab sample, where every border is a stroked line, the cells found equal
    # those of pdfplumber's lines strategy. (LibreOffice fills each shaded grid box on its own;
    # pdfplumber takes those fills' edges for borders and cuts the merged 収入 and 支出 cells
    # into pieces, which the page does not show: our finder counts only drawn lines.)
    pdf = plumber.Document(REPORTLAB_PDF, password=None)
    try:
        for page in pdf.pages():
            ours = {
                tuple(round(v, 1) for v in cell)
                for table in find_tables(page.segments)
                for cell in table.cells()
            }
            theirs = {
                tuple(round(v, 1) for v in cell)
                for table in page.source.find_tables({"vertical_strategy": "lines"})
                for cell in table.cells
            }
            assert ours
            assert ours == theirs, page.number
    finally:
        pdf.close()


def _numbers(doc: Document):
    for sheet in doc.sheets:
        for indicator in sheet.indicators:
            for year in indicator.years.values():
                yield from (n for n in (year.target, year.actual) if n)
        for row in sheet.rows():
            yield from row.values.values()


@pytest.mark.parametrize("pdf", [SEED_PDF, REPORTLAB_PDF], ids=lambda p: p.name)
def test_every_number_points_at_the_cell_that_prints_it(pdf):
    numbers: list[Number] = list(_numbers(document(pdf)))
    assert len(numbers) == 213
    by_page: dict[int, list[Number]] = {}
    for number in numbers:
        by_page.setdefault(number.location.page, []).append(number)
    with pdfplumber.open(pdf) as opened:
        for page_number, on_page in by_page.items():
            page = opened.pages[page_number - 1]
            for number in on_page:
                printed = page.crop(number.location.bbox).extract_text()
                assert printed == number.text, (page_number, number)
            page.close()


def test_sheets_are_found_by_their_title_across_pages():
    doc = document(SEED_PDF)
    # page 1 is a cover with an index table; sheet 1's long 実施内容 pushes its tables on
    assert [s.number for s in doc.sheets] == [1, 2, 3, 4, 5]
    first = doc.sheets[0]
    assert first.location.page == 2
    assert first.value("costs.expenditure.total", "R4").location.page == 2
    assert first.value("unit_cost.per_unit", "R5").text == "9,340.0"
    assert first.value("unit_cost.per_unit", "R5").location.page == 3
    assert first.evaluation.location.page == 3
    assert [s.location.page for s in doc.sheets] == [2, 4, 5, 6, 8]
    # sheet 4's last row, 今後の方向性, is pushed onto page 7
    assert doc.sheets[3].direction.location.page == 7
    assert doc.notes == ["reader: pdfium", "pages: 9"]
    # reportlab splits each sheet's table over two pages, without repeating the title
    assert [s.location.page for s in document(REPORTLAB_PDF).sheets] == [1, 3, 5, 7, 9]


def test_merged_cells_keep_their_text_in_the_first_grid_cell():
    rows = [r for r in read_grid(SEED_PDF).rows if r.location.page == 8]  # sheet 5
    revenue = next(i for i, r in enumerate(rows) if r.cells[0].text == "収入")
    group = rows[revenue].cells[0]
    # 収入 spans the four revenue rows (one item, (a), (b), (c)): below it the same box, covered
    below = rows[revenue + 1 : revenue + 4]
    assert [row.cells[0].covered for row in below] == [True] * 3
    assert {row.cells[0].location.bbox for row in below} == {group.location.bbox}
    assert below[-1].cells[1].text == "収入合計 (c)"
    assert not rows[revenue + 4].cells[0].covered  # 支出 starts its own merged cell
    # an indicator's kind, name, basis and unit span its 目標 and 実績 rows
    target = next(r for r in rows if len(r.cells) > 1 and r.cells[1].text == "年間個人支援回数")
    actual = rows[rows.index(target) + 1]
    assert [c.covered for c in actual.cells[:4]] == [True] * 4
    assert [c.text for c in actual.cells[4:]] == ["実績", "2061", "2241", ""]


def test_wrapped_cjk_text_is_joined_without_spaces():
    cells = [c.text for r in read_grid(SEED_PDF).rows if r.location.page == 6 for c in r.cells]
    # a basis wrapped over four lines in its cell, a label over two
    assert "総合事業のガイドラインによる定期的な情報共有・連携強化の場として市と協議" in cells
    assert "実施状況に対する評価" in cells


def test_spread_labels_lose_their_gaps_and_printed_spaces_stay():
    first_cells = [r.cells[0].text for r in read_grid(SEED_PDF).rows if r.location.page == 4]
    # the header labels are spread over their cells (均等割り付け, as in "指 標" of the seed)
    spread = {
        "事務事業名",
        "担当",
        "計画体系",
        "根拠法令等",
        "事業区分",
        "事務事業目的",
        "実施内容",
    }
    assert spread <= set(first_cells)
    # while a space printed between two CJK words is kept
    assert first_cells[0] == "令和6年度 事務事業評価表"


def test_spaces_come_from_gaps_next_to_latin_text():
    header = document(SEED_PDF).sheets[4].header
    assert header.fiscal_year_text.text == "令和 6 年度 事務事業評価表"
    assert header.legal_basis.text == "社会福祉法第 106 条の 3、第 106 条の 4、第 106 条の 5 他"


@pytest.mark.parametrize("pdf", [SEED_PDF, REPORTLAB_PDF], ids=lambda p: p.name)
def test_page_numbers_in_the_margin_are_not_rows(pdf):
    texts = [c.text for r in read_grid(pdf).rows for c in r.cells]
    assert not [t for t in texts if re.fullmatch(r"- \d+ -|\d+ / \d+", t)]
    assert not any(s.unknown_rows for s in document(pdf).sheets)


def test_debug_draws_the_cells_on_every_page(tmp_path):
    doc = read_document(CORRECTED_PDF, debug=tmp_path)
    assert doc.notes[0] == "reader: pdfplumber"
    images = sorted(tmp_path.glob("page-*.png"))
    assert [p.name for p in images] == [f"page-{n:03d}.png" for n in range(1, 9)]
    with Image.open(images[0]) as image:
        assert image.height / image.width == pytest.approx(841.89 / 595.3, rel=0.01)
        colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 20)}
    assert (0, 90, 255) in colours  # the cell outlines
    assert (230, 0, 0) in colours  # the rules
