# Every target sets up its own virtual environment, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz clean samples browser

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
# only read the committed files. samples/make_templates.py rebuilds the sheets of other real
# templates (samples/templates/).
samples: $(STAMP)
	$(BIN)/python samples/make_html.py
	$(BIN)/python samples/make_xlsx.py
	$(BIN)/pip install --quiet -e '.[samples]'
	$(BIN)/python samples/make_pdfs.py
	$(BIN)/python samples/make_templates.py

test: $(STAMP) browser
	$(BIN)/pytest

# The HTML report's browser tests drive Debian's Chromium (through Playwright, never a browser
# of its own download); installed here when missing, else those tests skip and say why.
CHROMIUM := /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing chromium (apt-get) for the browser tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends chromium; } >/dev/null 2>&1 \
	      || echo "could not install chromium: the browser tests will be skipped"; \
	  else \
	    echo "no $(CHROMIUM), and apt-get needs root: the browser tests will be skipped"; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests samples bench
	$(BIN)/ruff format --check src tests samples bench

# Builds 100- and 400-sheet PDFs from samples/seed.pdf and times `check` against plain extraction;
# then the time and size of the HTML report and of the annotated PDF on the same files; then the
# xlsx and CSV readers on the real files of ../shared/corpus/real beside a bare read.
bench: $(STAMP)
	$(BIN)/python bench/pdf_bench.py
	$(BIN)/python bench/html_bench.py
	$(BIN)/python bench/spreadsheet_bench.py

# Fuzzes every extractor and `check` for SECONDS in all (tests/fuzz/run.py); what it finds is
# written to tests/fuzz/regressions/, which `make test` replays.
SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/pip install --quiet -e '.[fuzz]' || echo "atheris does not install here: the plain mutation loop runs"
	$(BIN)/python tests/fuzz/run.py --seconds $(SECONDS)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache .fuzz
