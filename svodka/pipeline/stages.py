"""The stage table: each built-in stage by name, the function that runs it, the components it is
given besides the document (the pipeline's recognizer or one of its models) and its batch form.

A stage may register a batch form that takes many documents at once (a model batches them, as
spaCy's ``pipe`` does); it changes no document unless it succeeds for all of them. Stages
registered with ``@stage`` from other code join the table the same way."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from svodka.document import Document
from svodka.facts.stage import extract_facts, extract_facts_many
from svodka.nlp.coref import resolve
from svodka.nlp.names import normalize_mentions, normalize_mentions_many
from svodka.nlp.ner import tag_ner, tag_ner_many
from svodka.nlp.orgs import tag_orgs
from svodka.nlp.places import tag_places
from svodka.nlp.repeats import tag_repeats
from svodka.nlp.titles import strip_titles
from svodka.nlp.tokens import lemmatize, segment
from svodka.values import extract_values

if TYPE_CHECKING:
    from svodka.pipeline import Pipeline

Stage = Callable[[Document, "Pipeline"], None]
BatchStage = Callable[[list[Document], "Pipeline"], None]
STAGES: dict[str, Stage] = {}
BATCH_STAGES: dict[str, BatchStage] = {}


def stage(name: str, batch: BatchStage | None = None):
    """Register a stage under a name, so a pipeline can be built from a list of names."""
    def register(fn: Stage) -> Stage:
        STAGES[name] = fn
        if batch is not None:
            BATCH_STAGES[name] = batch
        return fn
    return register


def _bind(fn: Callable, components: tuple[str, ...]) -> Callable:
    """``fn(doc_or_docs, *components)`` as a stage: each component is the pipeline's recognizer
    or one of its models, looked up when the stage runs (so models load only when used)."""
    def run(target, p: "Pipeline") -> None:
        fn(target, *(p.recognizer if c == "recognizer" else getattr(p.models, c) for c in components))
    return run


# name, function, what it is given besides the document, its batch form
TABLE = (
    ("segment", segment, (), None),
    ("lemmatize", lemmatize, ("morph",), None),
    ("ner", tag_ner, ("recognizer",), tag_ner_many),
    ("titles", strip_titles, ("morph",), None),
    ("places", tag_places, ("gazetteer",), None),
    ("orgs", tag_orgs, ("morph",), None),
    ("repeats", tag_repeats, (), None),
    ("names", normalize_mentions, ("morph", "morph_tagger"), normalize_mentions_many),
    ("coref", resolve, ("morph",), None),
    ("values", extract_values, ("value_extractor",), None),
    ("facts", extract_facts, ("morph", "syntax_parser"), extract_facts_many),
)
for _name, _fn, _components, _many in TABLE:
    stage(_name, _bind(_many, _components) if _many else None)(_bind(_fn, _components))

DEFAULT_STAGES = tuple(name for name, *_ in TABLE)
