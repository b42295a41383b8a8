"""The pipeline: one ``Document`` flows through named stages, each enriching it, as natasha's
``Doc`` → ``segment`` → ``tag_ner`` → ``normalize`` and spaCy's registered components do.

Models are passed in (a ``Models`` object loads each one lazily, once), so two pipelines never
share hidden state and a test can give one its own recognizer."""
from __future__ import annotations

import datetime as dt
from itertools import islice
from typing import Callable, Iterable, Iterator

from svodka.document import Document, DocumentError
from svodka.facts import extract_facts, extract_facts_many
from svodka.nlp.coref import resolve
from svodka.nlp.models import Models
from svodka.nlp.names import normalize_mentions
from svodka.nlp.orgs import tag_orgs
from svodka.nlp.ner import Recognizer, tag_ner, tag_ner_many
from svodka.nlp.places import tag_places
from svodka.nlp.titles import strip_titles
from svodka.nlp.tokens import lemmatize, segment
from svodka.read import Source
from svodka.values import extract_values

Stage = Callable[[Document, "Pipeline"], None]
BatchStage = Callable[[list[Document], "Pipeline"], None]
STAGES: dict[str, Stage] = {}
# Stages that also take many documents at once (a model batches them, as spaCy's ``pipe`` does).
# A batch form changes no document unless it succeeds for all of them.
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
for _name, _fn, _components, _many in (
    ("segment", segment, (), None),
    ("lemmatize", lemmatize, ("morph",), None),
    ("ner", tag_ner, ("recognizer",), tag_ner_many),
    ("titles", strip_titles, ("morph",), None),
    ("places", tag_places, ("gazetteer",), None),
    ("orgs", tag_orgs, ("morph",), None),
    ("names", normalize_mentions, ("morph",), None),
    ("coref", resolve, ("morph",), None),
    ("values", extract_values, ("value_extractor",), None),
    ("facts", extract_facts, ("morph", "syntax_parser"), extract_facts_many),
):
    stage(_name, _bind(_many, _components) if _many else None)(_bind(_fn, _components))


DEFAULT_STAGES = tuple(STAGES)  # the built-in stages, in the table's order


class Pipeline:
    def __init__(self, models: Models | None = None, recognizer: Recognizer | None = None,
                 stages: Iterable[str] = DEFAULT_STAGES):
        self.models = models or Models()
        self._recognizer = recognizer
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ValueError(f"unknown pipeline stage(s): {', '.join(unknown)}; known: {', '.join(STAGES)}")
        self.stage_names = tuple(stages)
        self.stages = [STAGES[s] for s in self.stage_names]
        self.batch_stages = [BATCH_STAGES.get(s) for s in self.stage_names]

    @property
    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            self._recognizer = self.models.ner
        return self._recognizer

    def __call__(self, text: str, date: dt.date | str | None = None, id: str | None = None,
                 source: str | None = None) -> Document:
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        doc = Document(text=text, id=id, source=source, date=date)
        for run in self.stages:
            run(doc, self)
        return doc

    def process(self, src: Source | DocumentError) -> Document | DocumentError:
        """One input to one output record; a failure becomes that document's error, never the run's."""
        return self._process_batch([src])[0]

    def pipe(self, sources: Iterable[Source | DocumentError], batch_size: int = 32
             ) -> Iterator[Document | DocumentError]:
        """Many inputs, in their order, ``batch_size`` at a time through the stages that batch."""
        sources = iter(sources)
        while chunk := list(islice(sources, batch_size)):
            yield from self._process_batch(chunk)

    def _process_batch(self, sources: list[Source | DocumentError]) -> list[Document | DocumentError]:
        results: list[Document | DocumentError] = list(sources)
        live = {i: Document(text=s.text, id=s.id, source=s.source, date=s.date)
                for i, s in enumerate(sources) if not isinstance(s, DocumentError)}
        for run, many in zip(self.stages, self.batch_stages):
            if many is not None and len(live) > 1:
                try:
                    many(list(live.values()), self)
                    continue
                except Exception:  # noqa: BLE001 - run one by one below, to name the failing document
                    pass
            for i, doc in list(live.items()):
                try:
                    run(doc, self)
                except Exception as e:  # noqa: BLE001 - one bad document must not lose the others
                    results[i] = DocumentError(doc.id, doc.source, f"processing failed: {type(e).__name__}: {e}")
                    del live[i]
        for i, doc in live.items():
            results[i] = doc
        return results
