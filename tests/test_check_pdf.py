"""`shakyo-eval check report.pdf`: the findings of the text export, with page numbers; and every
kind of PDF that is not a readable sheet answered with one line and exit code 2."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from shakyo_eval.cli import main

from conftest import DATA, SAMPLES, SEED, SEED_CORRECTED
from helpers import findings, flat

SEED_PDF = SAMPLES / "seed.pdf"
FOREIGN = DATA / "foreign-pdfs"
CORPUS = Path("/work/shared/corpus/foreign-pdfs")
ENCRYPTED = FOREIGN / "password-example.pdf"


@pytest.fixture(params=["pdfium", "pdfplumber"])
def reader(request, monkeypatch):
    """Runs a test once with each PDF reader, selected as a user would (environment)."""
    monkeypatch.setenv("SHAKYO_EVAL_PDF_READER", request.param)
    return request.param


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def one_line(result) -> str:
    """The single stderr line of a run that could not read its one file."""
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().split("\n")
    return line


@pytest.mark.parametrize("pdf", ["seed.pdf", "seed-reportlab.pdf"])
def test_pdf_findings_are_the_text_findings_with_pages(pdf):
    found = findings(SAMPLES / pdf)
    assert flat(found) == flat(findings(SEED))
    assert all(f.page for f in found)


def test_json_finding_has_its_page():
    result = run("check", SEED_PDF, "--format", "json")
    assert result.exit_code == 1
    (document,) = json.loads(result.stdout)["documents"]
    assert (document["format"], document["sheets"], document["error"]) == ("pdf", 5, None)
    dropped_digit = next(f for f in document["findings"] if f["rule"] == "SE103")
    assert (dropped_digit["written"], dropped_digit["expected"]) == (688670, 6886700)
    assert dropped_digit["page"] == 8
    fraction = next(f for f in document["findings"] if f["rule"] == "SE203")
    assert (fraction["written"], fraction["page"]) == (0.987, 6)


def test_terminal_report_shows_the_page():
    result = run("check", SEED_PDF)
    assert result.exit_code == 1
    assert "p.8" in result.output and "688,670" in result.output


def test_corrected_pdf_has_no_error(reader):
    assert flat(findings(SAMPLES / "seed-corrected.pdf")) == flat(findings(SEED_CORRECTED))
    result = run("check", SAMPLES / "seed-corrected.pdf")
    assert result.exit_code == 0, result.output


def test_encrypted_pdf_asks_for_the_password(reader):
    # in Japanese by default, in English with --lang en
    assert one_line(run("check", ENCRYPTED)).endswith(
        "暗号化された PDF です: --password でパスワードを指定してください"
    )
    assert one_line(run("check", ENCRYPTED, "--lang", "en")).endswith(
        "the PDF is encrypted: give its password with --password"
    )
    assert one_line(run("check", ENCRYPTED, "--password", "wrong", "--lang", "en")).endswith(
        "wrong password for this encrypted PDF"
    )
    # with its password it opens, and turns out to be no evaluation sheet
    assert "事務事業評価表が見つかりません" in one_line(
        run("check", ENCRYPTED, "--password", "test")
    )
    assert "--password" in one_line(run("extract", ENCRYPTED))


@pytest.mark.parametrize("scan", [DATA / "scanned-sheet.pdf", FOREIGN / "issue-203-decimalize.pdf"])
def test_scanned_pdf_needs_ocr(scan, reader):
    assert "no text layer (a scanned PDF?): it needs OCR" in one_line(
        run("check", scan, "--lang", "en")
    )
    assert "OCR が必要です" in one_line(run("check", scan))


def test_pdf_without_a_sheet(reader):
    line = one_line(run("check", FOREIGN / "hello_structure.pdf", "--lang", "en"))
    assert line.endswith("no evaluation sheet (事務事業評価表) found")


def test_truncated_pdf(tmp_path, reader):
    data = SEED_PDF.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    assert "damaged" in one_line(run("check", truncated, "--lang", "en"))


def test_empty_and_not_a_pdf(tmp_path, reader):
    assert one_line(run("check", FOREIGN / "empty.pdf")).endswith("空のファイルです")
    text = tmp_path / "letter.pdf"
    text.write_text("これは PDF ではありません。\n", encoding="utf-8")
    assert "not a PDF" in one_line(run("check", text, "--lang", "en"))


def test_a_bad_pdf_does_not_hide_the_others():
    result = run("check", ENCRYPTED, SEED_PDF, FOREIGN / "empty.pdf", "--format", "json")
    assert result.exit_code == 2
    documents = json.loads(result.stdout)["documents"]
    assert [d["error"] is None for d in documents] == [False, True, False]
    assert len(documents[1]["findings"]) == len(findings(SEED, grouped=True))
    assert len(result.stderr.strip().split("\n")) == 2


def _check_folder(folder: Path) -> None:
    files = sorted(p for p in folder.iterdir() if p.suffix != ".md")
    result = run("check", *files, "--format", "json")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    documents = json.loads(result.stdout)["documents"]
    assert [d["path"] for d in documents] == [str(f) for f in files]
    for document in documents:
        assert document["error"], document["path"]
        assert "\n" not in document["error"]
        assert not document["error"].startswith("unexpected error"), document
    assert len(result.stderr.strip().split("\n")) == len(files)


def test_every_foreign_pdf_gets_one_line(reader):
    _check_folder(FOREIGN)


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the robustness corpus {CORPUS} is not on this machine"
)
def test_the_whole_foreign_corpus_gets_one_line_per_file():
    _check_folder(CORPUS)
