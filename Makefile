# Two commands set svodka up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test fuzz bench score train clean

$(BIN)/svodka: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev,dask,datasette]'
	touch $@

# The demo has a file of its own (demo.db), built afresh so the overview shows what this checkout
# extracts; a user's svodka.db is never touched.
DEMO_DB := demo.db

demo: $(BIN)/svodka
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/svodka ingest examples/ --db $(DEMO_DB)
	$(BIN)/svodka overview --db $(DEMO_DB)
	@echo
	@echo "Try: $(BIN)/svodka search Токаева --db $(DEMO_DB)   ·   $(BIN)/svodka entity Токаев --db $(DEMO_DB)"
	@echo "Web UI and HTTP API: $(BIN)/svodka serve --db $(DEMO_DB), then open http://127.0.0.1:8000/ (API docs: /docs)"

test: $(BIN)/svodka
	$(BIN)/python -m pytest -q

# The property test of tests/test_fuzz.py at length: 3000 examples a run, fresh randomness.
fuzz: $(BIN)/svodka
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py

bench: $(BIN)/svodka
	$(BIN)/python bench/run.py --shared $(SHARED) --rounds 3
	$(BIN)/python bench/size.py --shared $(SHARED)
	$(BIN)/python bench/memory.py --shared $(SHARED)
	$(BIN)/python bench/kb.py --shared $(SHARED)
	$(BIN)/python bench/web.py
	$(BIN)/python bench/dask.py --shared $(SHARED)
	$(BIN)/python bench/pg.py --shared $(SHARED)

# The NER tagger's weights (svodka/nlp/data/ner.npz) from the annotated data in $(SHARED)/data:
# torch (CPU) in the `train` extra, never needed to tag; train/REPORT.md says what it gives.
train: $(BIN)/svodka
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev,train]'
	OMP_NUM_THREADS=1 $(BIN)/python -W ignore::UserWarning train/ner.py --shared $(SHARED)

FACTRU := $(SHARED)/data/factrueval-2016/devset
NEREL  := $(SHARED)/data/nerel/dev

# svodka's tagger learned from NEREL train only: neither dev set was trained on.
score: $(BIN)/svodka
	@echo "== factRuEval devset: svodka, then natasha NER alone"
	$(BIN)/svodka extract $(FACTRU) | $(BIN)/python $(SHARED)/tools/score_mentions.py --gold factru $(FACTRU) | tail -6
	$(BIN)/python bench/natasha_peer.py $(FACTRU) | $(BIN)/python $(SHARED)/tools/score_mentions.py --gold factru $(FACTRU) | tail -6
	@echo "== NEREL dev: svodka, then natasha NER alone"
	$(BIN)/svodka extract $(NEREL) | $(BIN)/python $(SHARED)/tools/score_mentions.py --gold nerel $(NEREL) | tail -6
	$(BIN)/python bench/natasha_peer.py $(NEREL) | $(BIN)/python $(SHARED)/tools/score_mentions.py --gold nerel $(NEREL) | tail -6
	@echo "== person names in the nominative (factRuEval lastnames, NEREL Wikidata labels): svodka, then natasha"
	$(BIN)/svodka extract $(FACTRU) | $(BIN)/python bench/score_names.py --gold factru $(FACTRU)
	$(BIN)/python bench/natasha_peer.py --normalize $(FACTRU) | $(BIN)/python bench/score_names.py --gold factru $(FACTRU)
	$(BIN)/svodka extract $(NEREL) | $(BIN)/python bench/score_names.py --gold nerel $(NEREL)
	$(BIN)/python bench/natasha_peer.py --normalize $(NEREL) | $(BIN)/python bench/score_names.py --gold nerel $(NEREL)

clean:
	rm -rf $(VENV) *.egg-info examples.jsonl $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
