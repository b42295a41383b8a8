"""The knowledge base: many reports in one store, entities linked across them, searchable."""
from svodka.store.base import Store
from svodka.store.kb import IngestReport, KnowledgeBase

__all__ = ["IngestReport", "KnowledgeBase", "Store"]
