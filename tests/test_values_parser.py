"""The values parser (svodka/values/earley.py) finds what yargy's own parser finds with the same
grammars: the same spans and the same facts, on every sentence of the values table, whether a run
is parsed or made from the cached plan of an earlier run with the same signature."""
from __future__ import annotations

import pytest
from yargy import Parser

from svodka.values.date_grammar import build_dates
from svodka.values.grammar import build
from svodka.values.interpret import fact_of
from test_values_table import CASES, NO_VALUES, split_marked

TEXTS = [split_marked(row[0])[0] for row in CASES] + list(NO_VALUES)


@pytest.mark.parametrize("grammar", ["amounts", "dates"])
def test_same_matches_as_yargy(pipeline, grammar):
    extractor = pipeline.models.value_extractor
    ours = extractor.amounts if grammar == "amounts" else extractor.date_parser
    yargy = Parser((build if grammar == "amounts" else build_dates)(extractor.lex), tokenizer=ours.tokenizer)
    for text in TEXTS:
        want = [(m.span.start, m.span.stop, repr(fact_of(m.tree))) for m in yargy.findall(text)]
        for _ in range(2):  # parsed, then (the signature seen) from the plan
            assert [(a, b, repr(f)) for a, b, f in ours.findall(text)] == want, text
