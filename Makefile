# Two commands set svodka up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test bench score clean

$(BIN)/svodka: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

demo: $(BIN)/svodka
	$(BIN)/svodka extract examples/ > examples.jsonl
	@echo "wrote examples.jsonl: $$(wc -l < examples.jsonl) documents"
	$(BIN)/svodka extract --format pretty examples/000_d541d46272f33c54.txt

test: $(BIN)/svodka
	$(BIN)/python -m pytest -q

bench: $(BIN)/svodka
	$(BIN)/python bench/run.py --shared $(SHARED)

score: $(BIN)/svodka
	$(BIN)/svodka extract $(SHARED)/data/factrueval-2016/devset | $(BIN)/python $(SHARED)/tools/score_mentions.py --gold factru $(SHARED)/data/factrueval-2016/devset
	$(BIN)/svodka extract $(SHARED)/data/nerel/dev | $(BIN)/python $(SHARED)/tools/score_mentions.py --gold nerel $(SHARED)/data/nerel/dev

clean:
	rm -rf $(VENV) *.egg-info examples.jsonl
