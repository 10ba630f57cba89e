# 千曲市 情報セキュリティポリシー toolkit.
# On a fresh clone `make publish` and `make test` are all you need: the first
# use of any target creates .venv and installs the toolkit into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
POLICY := $(BIN)/policy
FROM   ?= r5
TO     ?= r8

.PHONY: help setup check publish internal docx disclose diff training test lint bench clean review

help:
	@echo "make publish   build the public site (build/public/) and the official .docx, then leak-check"
	@echo "make internal  build the staff site (build/internal/)"
	@echo "make check     validate policy_src/"
	@echo "make docx      the official .docx editions and their PDF editions (build/docx/)"
	@echo "make disclose  the 部分開示 disclosure editions (build/disclosure/)"
	@echo "make diff FROM=r5 TO=r8   新旧対照表 in text, json, html, docx (build/diff/)"
	@echo "make training  Anki decks and quizzes (build/training/)"
	@echo "make review DOC=basic-policy REV=r9   the committee's review package of a draft (build/review/)"
	@echo "AS_OF=YYYY-MM-DD with publish / internal / review: build as of that date (default: today)"
	@echo "make test      the test suite;  make lint  ruff + mypy;  make bench  benchmarks"

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

setup: $(VENV)/.test

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
	$(POLICY) review --doc $(DOC) $(if $(REV),--rev $(REV)) $(if $(AS_OF),--as-of $(AS_OF))

clean:
	rm -rf build
