"""The pipeline: one ``Document`` flows through named stages, each enriching it, as natasha's
``Doc`` → ``segment`` → ``tag_ner`` → ``normalize`` and spaCy's registered components do.

Models are passed in (a ``Models`` object loads each one lazily, once), so two pipelines never
share hidden state and a test can give one its own recognizer. A pipeline travels to other
processes as its ``PipelineSpec`` (stage names and a custom recognizer, never loaded weights):
a worker that unpickles it builds the same pipeline and loads its own models on first use."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator

from svodka.document import Document, DocumentError
from svodka.nlp.ner import Recognizer
from svodka.pipeline.models import Models
from svodka.pipeline.stages import BATCH_STAGES, DEFAULT_STAGES, STAGES, stage
from svodka.read import Source

__all__ = ["DEFAULT_STAGES", "Models", "Pipeline", "PipelineSpec", "STAGES", "stage"]


@dataclass(frozen=True)
class PipelineSpec:
    """What a pipeline is, without its loaded models: picklable, so worker processes and cluster
    workers rebuild the caller's pipeline (its stages, its recognizer) rather than a default one.
    A custom recognizer must itself be picklable (a module-level function or class instance)."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    recognizer: Recognizer | None = None

    def build(self, models: Models | None = None) -> "Pipeline":
        return Pipeline(models, self.recognizer, self.stages)


class Pipeline:
    def __init__(self, models: Models | None = None, recognizer: Recognizer | None = None,
                 stages: Iterable[str] = DEFAULT_STAGES):
        self.models = models or Models()
        self._custom_recognizer = recognizer
        self._recognizer = recognizer
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ValueError(f"unknown pipeline stage(s): {', '.join(unknown)}; known: {', '.join(STAGES)}")
        self.stage_names = tuple(stages)
        self.stages = [STAGES[s] for s in self.stage_names]
        self.batch_stages = [BATCH_STAGES.get(s) for s in self.stage_names]

    @property
    def spec(self) -> PipelineSpec:
        return PipelineSpec(self.stage_names, self._custom_recognizer)

    def __reduce__(self):
        return PipelineSpec.build, (self.spec,)

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
        live = {i: Document(text=s.text, id=s.id, source=s.source, date=s.date,
                            title=getattr(s, "title", None), url=getattr(s, "url", None))
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
