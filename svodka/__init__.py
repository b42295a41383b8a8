"""svodka: Russian news as data. ``svodka.extract(text, date)`` reads one document;
``svodka.Pipeline()`` is the reusable reader that loads its models once."""
from __future__ import annotations

import datetime as dt

from svodka.document import Document, DocumentError, Entity, Fact, Mention, Token, Value
from svodka.span import Span

__version__ = "0.1.0"
__all__ = ["Document", "DocumentError", "Entity", "Fact", "KnowledgeBase", "Mention", "Pipeline", "Span", "Token",
           "Value", "extract"]

_default = None


def __getattr__(name):
    if name == "Pipeline":
        from svodka.pipeline import Pipeline
        return Pipeline
    if name == "KnowledgeBase":
        from svodka.kb import KnowledgeBase
        return KnowledgeBase
    raise AttributeError(name)


def extract(text: str, date: dt.date | str | None = None) -> Document:
    """Read one document with a pipeline made on first call and kept for the next ones."""
    global _default
    if _default is None:
        from svodka.pipeline import Pipeline
        _default = Pipeline()
    return _default(text, date)
