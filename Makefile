# Every target sets up its own virtual environment, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean samples

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The sample holds real errors, so the check exits 1; only 2 (unreadable) fails the demo.
demo: $(STAMP)
	$(BIN)/shakyo-eval check samples/seed.pdf || [ $$? -eq 1 ]

# The HTML, workbook and PDF samples are made from the text export (samples/make_html.py,
# samples/make_xlsx.py, samples/make_pdfs.py). The PDFs also need LibreOffice
# (libreoffice-calc) and the Debian fonts fonts-ipaexfont and fonts-wqy-microhei; the tests
# only read the committed files.
samples: $(STAMP)
	$(BIN)/python samples/make_html.py
	$(BIN)/python samples/make_xlsx.py
	$(BIN)/pip install --quiet -e '.[samples]'
	$(BIN)/python samples/make_pdfs.py

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests samples bench
	$(BIN)/ruff format --check src tests samples bench

# Builds 100- and 400-sheet PDFs from samples/seed.pdf and times `check` against plain extraction;
# times the xlsx and CSV readers on the real files of ../shared/corpus/real beside a bare read.
bench: $(STAMP)
	$(BIN)/python bench/pdf_bench.py
	$(BIN)/python bench/spreadsheet_bench.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
