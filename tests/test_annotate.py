"""`shakyo-eval annotate report.pdf -o checked.pdf`: the checked PDF opens in pdfplumber and
PDFium, has one annotation per finding on the printed value it names, and its text extracts
exactly as the original's (the original's bytes come first, unchanged)."""

from __future__ import annotations

from collections import Counter

import pdfplumber
import pypdfium2
import pypdfium2.raw as raw
import pytest

from shakyo_eval.checker import check

from conftest import DATA, SAMPLES, SEED
from helpers import printed, text_in

SEED_PDF = SAMPLES / "seed.pdf"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """seed.pdf annotated through the command line, and the findings of the same check."""
    from click.testing import CliRunner

    from shakyo_eval.cli import main

    output = tmp_path_factory.mktemp("annotate") / "checked.pdf"
    result = CliRunner().invoke(main, ["annotate", str(SEED_PDF), "-o", str(output)])
    assert result.exit_code == 1, result.output  # the sample has error-level findings
    assert "注釈 15 件" in result.stderr
    return output, check([SEED_PDF]).documents[0].findings


def test_one_annotation_per_finding_on_the_value_it_names(annotated):
    output, findings = annotated
    with pdfplumber.open(output) as pdf:
        squares = [
            (page.page_number, annot, page)
            for page in pdf.pages
            for annot in page.annots
            if annot["data"]["Subtype"].name == "Square"
        ]
        assert len(squares) == len(findings) == 15
        assert Counter(n for n, _, _ in squares) == Counter(f.page for f in findings)
        for number, annot, page in squares:
            (finding,) = [
                f for f in findings if f.page == number and f.text("ja") in annot["contents"]
            ]
            assert annot["contents"].startswith(f"{finding.rule} [")
            assert annot["title"] == "shakyo-eval"
            text = text_in(page, _rect(annot))
            written = printed(finding.written)
            assert written in text, (finding.rule, finding.field, text)
            assert len(text) <= len(written) + 4  # the cell, not a region around it


def _rect(annot) -> tuple[float, float, float, float]:
    return (annot["x0"], annot["top"], annot["x1"], annot["bottom"])


def test_pdfium_reads_the_same_annotations(annotated):
    output, findings = annotated
    pdf = pypdfium2.PdfDocument(output)
    try:
        kinds = Counter()
        for index in range(len(pdf)):
            page = pdf[index]
            for position in range(raw.FPDFPage_GetAnnotCount(page.raw)):
                annot = raw.FPDFPage_GetAnnot(page.raw, position)
                kinds[(index + 1, raw.FPDFAnnot_GetSubtype(annot))] += 1
                assert raw.FPDFAnnot_GetFlags(annot) & raw.FPDF_ANNOT_FLAG_PRINT
                raw.FPDFPage_CloseAnnot(annot)
            page.close()
    finally:
        pdf.close()
    assert kinds == Counter((f.page, raw.FPDF_ANNOT_SQUARE) for f in findings)


def test_the_text_is_the_original_text(annotated):
    output, _ = annotated
    original = SEED_PDF.read_bytes()
    assert output.read_bytes().startswith(original)  # an incremental update
    assert _pdfium_text(output) == _pdfium_text(SEED_PDF)
    assert _plumber_text(output) == _plumber_text(SEED_PDF)


def _pdfium_text(path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _plumber_text(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_the_annotated_file_checks_the_same(annotated):
    output, findings = annotated
    again = check([output]).documents[0].findings
    assert [(f.rule, f.field, f.year, f.page) for f in again] == [
        (f.rule, f.field, f.year, f.page) for f in findings
    ]


def test_the_note_in_english(run, tmp_path):
    output = tmp_path / "checked.pdf"
    result = run("annotate", SEED_PDF, "-o", output, "--lang", "en", "--select", "SE103")
    assert result.exit_code == 1
    with pdfplumber.open(output) as pdf:
        (annot,) = [a for page in pdf.pages for a in page.annots]
    assert annot["contents"].startswith("SE103 [error] ")
    assert "needs 6,886,700" in annot["contents"]


def test_a_clean_pdf_exits_0_with_no_annotation(run, tmp_path):
    output = tmp_path / "checked.pdf"
    result = run("annotate", SAMPLES / "seed-corrected.pdf", "-o", output)
    assert result.exit_code == 0
    with pdfplumber.open(output) as pdf:
        assert not [a for page in pdf.pages for a in page.annots]


@pytest.mark.parametrize(
    ("source", "output", "words"),
    [
        (SEED, "out.pdf", "PDF だけです"),
        (SEED_PDF, SEED_PDF, "入力と同じファイル"),
        (DATA / "foreign-pdfs" / "password-example.pdf", "out.pdf", "パスワード"),
        (SEED_PDF, "missing/folder/out.pdf", "書き込めません"),
    ],
    ids=["not-a-pdf", "same-file", "encrypted", "unwritable"],
)
def test_what_cannot_be_done_is_one_line_and_exit_2(run, tmp_path, source, output, words):
    target = output if output == SEED_PDF else tmp_path / output
    before = SEED_PDF.read_bytes()
    result = run("annotate", source, "-o", target)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().split("\n")
    assert words in line
    assert "Traceback" not in result.output
    assert SEED_PDF.read_bytes() == before
