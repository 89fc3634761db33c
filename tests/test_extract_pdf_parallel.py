"""Pages read by several processes (extract/pdf/parallel.py): the very rows of sequential
reading, in the same order, and every failure still one clear error with no process left."""

import multiprocessing
import os
import sys

import pypdfium2
import pytest

from shakyo_eval import assemble
from shakyo_eval.checker import check, read_document
from shakyo_eval.extract import read_grid
from shakyo_eval.extract.pdf import _read_pages, _rows, parallel, pdfium, plumber
from shakyo_eval.grid import ExtractError

from conftest import DATA, SAMPLES
from records import document_view

SAMPLE_PDFS = [SAMPLES / "seed.pdf", SAMPLES / "seed-corrected.pdf", SAMPLES / "seed-reportlab.pdf"]
ENCRYPTED = DATA / "foreign-pdfs" / "password-example.pdf"
PROCESSES = "SHAKYO_EVAL_PDF_PROCESSES"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="pages are read in parallel on Linux only"
)


@pytest.fixture(autouse=True)
def no_process_left():
    yield
    assert multiprocessing.active_children() == []


def sequential_rows(path, reader=pdfium, password=None):
    return list(_rows(_read_pages(reader.Document(path, password), None)))


def parallel_rows(path, reader=pdfium, password=None, workers=2):
    pages = len(pypdfium2.PdfDocument(path, password=password))
    return list(_rows(parallel.read_pages(reader, path, password, pages, workers)))


def sharing(rows):
    """Which cells of each row share one Location object (the grid boxes of a merged cell)."""
    return [[[c.location is d.location for d in row.cells] for c in row.cells] for row in rows]


@pytest.mark.parametrize("pdf", SAMPLE_PDFS, ids=lambda p: p.name)
def test_parallel_reading_gives_the_rows_of_sequential_reading(pdf, monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK", 2)  # several chunks per worker, taken in turn
    expected = sequential_rows(pdf)
    for workers in (2, 3):
        rows = parallel_rows(pdf, workers=workers)
        assert rows == expected
        assert sharing(rows) == sharing(expected)


def test_the_reference_reader_reads_in_parallel_too(monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK", 3)
    pdf = SAMPLES / "seed-reportlab.pdf"
    assert parallel_rows(pdf, plumber) == sequential_rows(pdf, plumber)


def test_workers_open_an_encrypted_file_with_its_password(monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK", 1)
    assert parallel_rows(ENCRYPTED, password="test") == sequential_rows(ENCRYPTED, password="test")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    """samples/seed.pdf's sheets six times over: 49 pages, enough to be read in parallel."""
    source = pypdfium2.PdfDocument(SAMPLES / "seed.pdf")
    target = pypdfium2.PdfDocument.new()
    target.import_pages(source, list(range(len(source))) + list(range(1, len(source))) * 5)
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    target.save(path)
    return path


@pytest.fixture
def in_two_processes(monkeypatch):
    """A long PDF is read by two processes (as on a two-core machine), whatever this one has."""
    monkeypatch.setenv(PROCESSES, "2")
    assert parallel.worker_count(49, 2) == 2  # else the failures below would hit pytest itself


def test_a_long_pdf_checks_the_same_in_one_process_and_in_two(
    long_pdf, in_two_processes, monkeypatch
):
    in_two = read_document(long_pdf)
    monkeypatch.setenv(PROCESSES, "1")
    in_one = read_document(long_pdf)
    assert len(in_one.sheets) == 30
    assert document_view(in_two) == document_view(in_one)
    assert in_two.notes == in_one.notes == ["reader: pdfium", "pages: 49"]


def test_short_files_threads_and_pool_workers_stay_in_one_process(monkeypatch):
    assert parallel.worker_count(parallel.MIN_PAGES - 1, 2) == 1
    assert parallel.worker_count(parallel.MIN_PAGES, 2) == 2
    assert parallel.worker_count(parallel.MIN_PAGES, 1) == 1
    processors = len(os.sched_getaffinity(0))
    assert parallel.worker_count(1000) == min(processors, parallel.MAX_WORKERS)
    assert parallel.worker_count(1000, 6) == 6  # as many as asked for
    assert parallel.worker_count(3 * parallel.CHUNK, 6) == 3  # but no more than chunks
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert parallel.worker_count(1000, 2) == 1
    monkeypatch.undo()
    monkeypatch.setattr(parallel.multiprocessing.current_process(), "daemon", True)
    assert parallel.worker_count(1000, 2) == 1


def test_a_bad_process_count_is_one_line(long_pdf, monkeypatch):
    monkeypatch.setenv(PROCESSES, "many")
    (entry,) = check([long_pdf]).documents
    assert entry.error == (
        "SHAKYO_EVAL_PDF_PROCESSES must be a number of processes (1: no workers), not 'many'"
    )


def failing_page(monkeypatch, number, failure):
    """Page ``number`` fails with ``failure()`` when read (in the workers too: they are forks)."""
    read_page = pdfium.read_page

    def read(page, page_number):
        if page_number == number:
            failure()
        return read_page(page, page_number)

    monkeypatch.setattr(pdfium, "read_page", read)


def damaged():
    raise ExtractError("pdf.damaged_page", page=30, detail="PDFium")


def test_a_damaged_page_stops_the_reading_there(long_pdf, monkeypatch):
    before = [row for row in sequential_rows(long_pdf) if row.location.page < 30]

    failing_page(monkeypatch, 30, damaged)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    rows = []
    with pytest.raises(ExtractError, match=r"^page 30 cannot be read"):
        for row in _rows(parallel.read_pages(pdfium, long_pdf, None, 49, 2)):
            rows.append(row)
    # every row of the pages before, as sequential reading yields them before it fails
    assert rows == before
    assert {row.location.page for row in rows} == set(range(1, 30))


def test_a_damaged_page_is_the_same_one_line_in_one_process_and_in_two(
    long_pdf, in_two_processes, monkeypatch
):
    failing_page(monkeypatch, 30, damaged)
    (in_two,) = check([long_pdf]).documents
    monkeypatch.setenv(PROCESSES, "1")
    (in_one,) = check([long_pdf]).documents
    assert in_two.error == in_one.error == "page 30 cannot be read (PDFium)"
    assert in_two.error_id == in_one.error_id == "pdf.damaged_page"
    assert in_two.error_params == in_one.error_params == {"page": 30, "detail": "PDFium"}


def test_a_reader_bug_is_reported_as_in_one_process(long_pdf, in_two_processes, monkeypatch):
    def bug():
        raise ValueError("no such glyph")

    failing_page(monkeypatch, 17, bug)
    (in_two,) = check([long_pdf]).documents
    monkeypatch.setenv(PROCESSES, "1")
    (in_one,) = check([long_pdf]).documents
    assert (
        in_two.error == in_one.error == "unexpected error while reading: ValueError: no such glyph"
    )


def test_a_worker_that_dies_is_one_line(long_pdf, in_two_processes, monkeypatch):
    failing_page(monkeypatch, 12, lambda: os._exit(1))
    (entry,) = check([long_pdf]).documents
    assert entry.error == "a page-reading process stopped unexpectedly"


def test_stopping_early_ends_the_workers(long_pdf, in_two_processes):
    rows = iter(read_grid(long_pdf).rows)
    next(rows)
    assert len(multiprocessing.active_children()) == 2
    rows.close()  # what an error or Ctrl-C in the assembler does to the reading
    assert multiprocessing.active_children() == []


def test_an_error_while_assembling_ends_the_workers(long_pdf, in_two_processes, monkeypatch):
    build = assemble.SheetBuilder.build
    built = []

    def build_four(self, rows):
        if len(built) == 4:
            raise ValueError("assembler bug")
        built.append(True)
        return build(self, rows)

    monkeypatch.setattr(assemble.SheetBuilder, "build", build_four)
    (entry,) = check([long_pdf]).documents  # with the cyclic GC off, as in every check
    assert entry.error == "unexpected error while reading: ValueError: assembler bug"
    assert multiprocessing.active_children() == []
