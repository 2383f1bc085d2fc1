# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Each creates .venv and installs the pinned dependencies first when needed.

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SITE    := site
PYTHON  ?= python3

# Material prints a banner about MkDocs 2.0 on every build; we stay on 1.6.1 on purpose.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check test clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## serve: build the site with drafts and serve it on http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	BRIEFING_DRAFTS=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## site: build the production site into site/ (strict; drafts left out). The build goes to a
## temporary folder and replaces site/ only when it succeeded, so a failed build loses nothing.
site: $(STAMP)
	@rm -rf .site.tmp
	@$(BIN)/mkdocs build --strict --site-dir .site.tmp || { rm -rf .site.tmp; exit 1; }
	@rm -rf $(SITE).old && { [ ! -d $(SITE) ] || mv $(SITE) $(SITE).old; } && mv .site.tmp $(SITE) && rm -rf $(SITE).old
	@echo "Site built in $(SITE)/"

## check: validate every brief and registry and list every problem
check: $(STAMP)
	$(BIN)/briefing check

## test: the whole test suite
test: $(STAMP)
	$(BIN)/pytest -n 2

clean:
	rm -rf $(SITE) .site.tmp $(VENV) .pytest_cache
