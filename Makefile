# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Each creates .venv and installs the pinned dependencies first when needed.

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SITE    := site
PYTHON  ?= python3

# Material prints a banner about MkDocs 2.0 on every build; we stay on 1.6.1 on purpose.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check test bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## serve: build the site with drafts and serve it on http://127.0.0.1:8000 with live reload
## (no PDF handouts, to stay fast: `BRIEFING_PDF=1 make serve` adds them)
serve: $(STAMP)
	BRIEFING_DRAFTS=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## site: build the production site into site/ (strict; drafts left out; PDF handouts in site/pdf/,
## A4 or BRIEFING_PAPER=letter). The build goes to a
## temporary folder and replaces site/ only when it succeeded, so a failed build loses nothing.
site: $(STAMP)
	@rm -rf .site.tmp
	@BRIEFING_PDF=1 $(BIN)/mkdocs build --strict --site-dir .site.tmp || { rm -rf .site.tmp; exit 1; }
	@rm -rf $(SITE).old && { [ ! -d $(SITE) ] || mv $(SITE) $(SITE).old; } && mv .site.tmp $(SITE) && rm -rf $(SITE).old
	@echo "Site built in $(SITE)/"

## check: validate every brief and registry and list every problem
check: $(STAMP)
	$(BIN)/briefing check

# axe-core (accessibility checks injected by the browser tests) comes from the npm registry.
# Without npm those checks fail only where CI demands a browser; elsewhere they skip.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

## test: the whole test suite (browser tests need the Debian package chromium; see README)
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -n 2

## bench: build synthetic corpora (100, 1,000, 5,000 briefs) and write bench/results.md
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(SITE) .site.tmp $(VENV) .pytest_cache .cache node_modules
