# 千曲市 情報セキュリティポリシー toolkit.
# On a fresh clone `make publish` and `make test` are all you need: the first
# use of any target creates .venv and installs the toolkit into it.

PYTHON ?= python3
# Python's bytecode is kept (a shell that sets PYTHONDONTWRITEBYTECODE makes every `policy` run and every
# test worker compile the toolkit and the tests again: 4 s per worker, 0.3 s per command the tests start)
unexport PYTHONDONTWRITEBYTECODE
VENV   := .venv
BIN    := $(VENV)/bin
POLICY := $(BIN)/policy
FROM   ?= r5
TO     ?= r8

.PHONY: help setup setup-anki doctor check publish internal docx disclose diff training test lint bench clean review amend coverage

help:
	@echo "make publish   build the public site (build/public/) and the official .docx, then leak-check"
	@echo "make internal  build the staff site (build/internal/)"
	@echo "make check     validate policy_src/"
	@echo "make docx      the official .docx editions and their PDF editions (build/docx/)"
	@echo "make disclose  the 部分開示 disclosure editions (build/disclosure/)"
	@echo "make diff FROM=r5 TO=r8   新旧対照表 in text, json, html, docx (build/diff/)"
	@echo "make training  Anki decks and quizzes (build/training/)"
	@echo "make review DOC=basic-policy REV=r9   the committee's review package of a draft (build/review/);"
	@echo "               MEETING='会議名' SUMMARY=概要.txt DATE=YYYY-MM-DD (作成日) for its front"
	@echo "make amend DOC=basic-policy REV=r9 [STYLE=対照表]   the amending instrument (改め文) of a revision (build/amend/)"
	@echo "make coverage  the 対策基準 against the national guideline, and what its new edition asks to review (build/coverage/)"
	@echo "AS_OF=YYYY-MM-DD with publish / internal / review: build as of that date (default: today)"
	@echo "make test      the test suite;  make lint  ruff + mypy;  make bench  benchmarks"
	@echo "make doctor    which real parts (Chromium, LibreOffice, poppler, anki) this machine has, how to install"
	@echo "make setup-anki  add the anki package for the tests that import decks into Anki"

# pip's output goes to $(SETUP_LOG), shown only when a step fails: a first run prints two plain lines.
SETUP_LOG := $(VENV)/setup.log
PIP = $(BIN)/pip install --disable-pip-version-check

$(VENV)/.runtime: pyproject.toml
	@echo "setting up $(VENV): the toolkit and its Python packages (first run only, about a minute; log: $(SETUP_LOG))"
	@$(PYTHON) -m venv $(VENV) || { echo "error: '$(PYTHON) -m venv' failed: Python 3.11+ with venv is needed (Debian: apt-get install python3-venv)"; exit 1; }
	@$(call logged,$(PIP) --upgrade pip)
	@$(call logged,$(PIP) -e .)
	@touch $@

$(VENV)/.test: $(VENV)/.runtime
	@echo "installing the test tools into $(VENV) (log: $(SETUP_LOG))"
	@$(call logged,$(PIP) -e '.[test]')
	@touch $@

# run a setup step with its output in the log; on failure show the log's end and stop
logged = echo "$$ $(1)" >> $(SETUP_LOG); $(1) >> $(SETUP_LOG) 2>&1 || { tail -n 40 $(SETUP_LOG); echo "error: setup failed (whole log: $(SETUP_LOG))"; exit 1; }

setup: $(VENV)/.test

# the anki package (large, for the tests that import decks into Anki; see policy doctor)
# (a variable: a comma written inside $(call …) would split its argument)
ANKI_EXTRAS := .[test,anki]
$(VENV)/.anki: $(VENV)/.test
	@echo "installing anki into $(VENV) (log: $(SETUP_LOG))"
	@$(call logged,$(PIP) -e '$(ANKI_EXTRAS)')
	@touch $@

setup-anki: $(VENV)/.anki

doctor: $(VENV)/.runtime
	@$(POLICY) doctor

check: $(VENV)/.runtime
	$(POLICY) check

# The shipped policy_src/ holds SAMPLE site: values (contact, 情報公開請求の案内; README
# 「問い合わせ先と情報公開請求の案内」): `policy publish` refuses them; `make publish` allows them so that a
# first build works, and every page then says in a banner that they are samples.
# ALLOW_SAMPLE_SITE= (empty) makes make publish refuse them too.
ALLOW_SAMPLE_SITE ?= yes

publish: $(VENV)/.runtime
	$(POLICY) publish $(if $(ALLOW_SAMPLE_SITE),--allow-sample-site) $(if $(AS_OF),--as-of $(AS_OF))

internal: $(VENV)/.runtime
	$(POLICY) publish --internal $(if $(AS_OF),--as-of $(AS_OF))

docx: $(VENV)/.runtime
	$(POLICY) docx --all

disclose: $(VENV)/.runtime
	$(POLICY) disclose --all

diff: $(VENV)/.runtime
	$(POLICY) diff $(FROM) $(TO) --all-formats -o build/diff

training: $(VENV)/.runtime
	$(POLICY) train --all

test: $(VENV)/.test
	$(BIN)/pytest -q

lint: $(VENV)/.test
	$(BIN)/ruff check toolkit tests bench
	$(BIN)/mypy toolkit

bench: $(VENV)/.test
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# life cycle (issue 10): the committee's review package of a draft
DOC ?= basic-policy
review: $(VENV)/.runtime
	$(POLICY) review --doc $(DOC) $(if $(REV),--rev $(REV)) $(if $(AS_OF),--as-of $(AS_OF)) \
	  $(if $(MEETING),--meeting '$(MEETING)') $(if $(SUMMARY),--summary '$(SUMMARY)') $(if $(DATE),--date $(DATE))

# issue 21: the amending instrument of a revision (改め文, or STYLE=対照表), into build/amend/
amend: $(VENV)/.runtime
	$(POLICY) amend --doc $(DOC) --rev $(REV) $(if $(STYLE),--style $(STYLE)) $(if $(AS_OF),--as-of $(AS_OF))
# issue 24: the guideline is a reference document; until the city imports it into policy_src/, the
# report is made from the fixture (sample 対策基準 + the guideline in its shape, tests/fixtures/guideline_src).
COVERAGE_SRC ?= tests/fixtures/guideline_src
coverage: $(VENV)/.runtime
	$(POLICY) --src $(COVERAGE_SRC) coverage --doc standards --against guideline $(if $(AS_OF),--as-of $(AS_OF))
	$(POLICY) --src $(COVERAGE_SRC) coverage --doc standards --against guideline --changes h30 r2 $(if $(AS_OF),--as-of $(AS_OF))

clean:
	rm -rf build
