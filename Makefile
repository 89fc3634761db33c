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
	$(BIN)/shakyo-eval check samples/seed.txt || [ $$? -eq 1 ]

# The HTML samples are made from the text export's records (see samples/make_html.py).
samples: $(STAMP)
	$(BIN)/python samples/make_html.py

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests samples
	$(BIN)/ruff format --check src tests samples

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
