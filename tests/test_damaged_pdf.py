"""Damaged but mostly readable PDFs (issue 13): a truncated file gives the findings of the
pages that survive and names those lost; a rotated page reads as the upright one."""

import ctypes
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from shakyo_eval.checker import check
from shakyo_eval.extract import read_grid
from shakyo_eval.extract.pdf.objects import scan

from conftest import SAMPLES, SHARED
from helpers import findings, flat

SEED_PDF = SAMPLES / "seed.pdf"
REPORTLAB_PDF = SAMPLES / "seed-reportlab.pdf"
CORPUS = SHARED / "corpus" / "foreign-pdfs"


@pytest.fixture(params=["pdfium", "pdfplumber"])
def reader(request, monkeypatch):
    monkeypatch.setenv("SHAKYO_EVAL_PDF_READER", request.param)
    return request.param


def _offsets(pdf: Path, pattern: bytes) -> list[int]:
    """Where the objects whose dictionary matches ``pattern`` start in the file."""
    return [o.offset for o in scan(pdf.read_bytes()) if re.search(pattern, o.dictionary)]


def _cut(pdf: Path, at: int, folder: Path) -> Path:
    cut = folder / f"cut-{pdf.name}"
    cut.write_bytes(pdf.read_bytes()[:at])
    return cut


def _read(path: Path):
    (document,) = check([path]).documents
    return document, [item for finding in document.findings for item in finding.all()]


def test_a_truncated_seed_pdf_reports_the_findings_of_its_surviving_pages(tmp_path, reader):
    # LibreOffice writes the page dictionaries last but for the page tree and the catalog:
    # cut inside the seventh page's dictionary, pages 1 to 6 survive, and nothing says how
    # many pages followed
    seventh_page = _offsets(SEED_PDF, rb"/Type/Page\b(?!s)")[6]
    document, found = _read(_cut(SEED_PDF, seventh_page + 40, tmp_path))
    original = findings(SEED_PDF)
    assert flat(found) == flat(f for f in original if f.page <= 6)
    assert {f.page for f in original} - {f.page for f in found} == {8}
    assert [t.number for t in document.titles] == [1, 2, 3, 4]
    assert document.error == (
        "the file is cut off: any page after page 6 could not be read; "
        "the findings are those of pages 1 to 6"
    )
    assert check([tmp_path]).exit_code() == 2  # part of the file was not checked


def test_the_lost_pages_are_named_when_the_page_tree_survives(tmp_path, reader):
    # reportlab writes the page tree first and the pages' content last: a cut inside the
    # content of page 6 loses pages 6 to 10, and the tree says there were ten
    sixth_content = _offsets(REPORTLAB_PDF, rb"/Filter \[ /ASCII85Decode")[5]
    document, found = _read(_cut(REPORTLAB_PDF, sixth_content + 1000, tmp_path))
    assert document.error == (
        "page(s) 6–10 could not be read (the file is cut off or damaged); "
        "the findings are those of the other pages"
    )
    original = findings(REPORTLAB_PDF)
    assert flat(found) == flat(f for f in original if f.page <= 5)
    assert found and all(f.page <= 5 for f in found)


def test_a_pdf_that_lost_only_its_cross_reference_table_reads_whole(tmp_path, reader):
    catalog = _offsets(SEED_PDF, rb"/Type/Catalog")[0]
    document, found = _read(_cut(SEED_PDF, catalog + 200, tmp_path))
    assert document.error is None
    assert flat(found) == flat(findings(SEED_PDF))


def test_a_pdf_cut_before_any_page_survives_is_refused_on_one_line(run, tmp_path):
    result = run("check", _cut(SEED_PDF, 120_000, tmp_path), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("not a PDF, or a damaged one (PDFium cannot parse it)")


def test_every_report_shows_the_lost_pages_and_the_findings(run, tmp_path):
    seventh_page = _offsets(SEED_PDF, rb"/Type/Page\b(?!s)")[6]
    cut = _cut(SEED_PDF, seventh_page + 40, tmp_path)
    result = run("check", cut, "--format", "json")
    assert result.exit_code == 2
    (document,) = json.loads(result.stdout)["documents"]
    assert document["error"].startswith("ファイルが途中で切れています: 6 ページ目より後")
    assert document["sheets"] == 4 and document["findings"]
    for output_format in ("terminal", "markdown", "github", "junit", "sarif"):
        text = run("check", cut, "--format", output_format, "--lang", "en").stdout
        assert "any page after page 6" in text, output_format
        assert "0.987" in text, output_format  # sheet 4's ratio printed as a fraction (p. 6)
    assert "shakyo-eval: " in result.stderr and "any page after" not in result.stderr


def turned_copy(pdf: Path, turns: int, folder: Path, content: bool) -> Path:
    """A copy of ``pdf`` whose pages are turned ``turns`` quarter turns counterclockwise:
    ``content``: the drawing itself turned (as a landscape sheet often is), with /Rotate
    turning it back for the eye; else only /Rotate set (the drawing upright in the file)."""
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        page = document[index]
        if content:
            left, bottom, right, top = page.get_mediabox()
            width, height = right - left, top - bottom
            a, b, c, d, e, f = {
                1: (0, 1, -1, 0, height, 0),
                2: (-1, 0, 0, -1, width, height),
                3: (0, -1, 1, 0, 0, width),
            }[turns]
            matrix = raw.FS_MATRIX(
                a, b, c, d, e - (a * left + c * bottom), f - (b * left + d * bottom)
            )
            raw.FPDFPage_TransFormWithClip(page.raw, ctypes.byref(matrix), None)
            page.set_mediabox(0, 0, *((height, width) if turns % 2 else (width, height)))
        page.set_rotation((90 * (4 - turns if content else turns)) % 360)
        page.close()
    path = folder / f"{pdf.stem}-{'content' if content else 'rotate'}-{turns}.pdf"
    document.save(path)
    document.close()
    return path


@pytest.mark.parametrize("turns", [1, 2, 3])
@pytest.mark.parametrize("content", [True, False], ids=["drawn-turned", "rotate-key"])
def test_a_rotated_copy_of_the_seed_gives_the_same_findings(tmp_path, reader, turns, content):
    turned = turned_copy(SEED_PDF, turns, tmp_path, content)
    found = findings(turned)
    assert flat(found) == flat(findings(SEED_PDF))
    original_pages = sorted((f.rule, f.page) for f in findings(SEED_PDF))
    assert sorted((f.rule, f.page) for f in found) == original_pages


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
def test_the_rotated_nics_report_reads_as_the_upright_one(reader):
    # pdfplumber's own test file: the same page, once with /Rotate 90
    # (pdfminer's boxes of turned glyphs are a little wider: a space between two words of
    # the page's long note may come or go; every cell of the table is the same)
    def cells(name: str) -> list[list[str]]:
        rows = read_grid(CORPUS / name).rows
        return [[c.text.replace(" ", "") for c in row.cells] for row in rows]

    upright = cells("nics-background-checks-2015-11.pdf")
    assert len(upright) > 10
    assert cells("nics-background-checks-2015-11-rotated.pdf") == upright
