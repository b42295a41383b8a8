"""The knowledge-base service: ingest, search, entity profiles, tracking, overview and exports,
over any store. The CLI, the HTTP API and the web pages call ``KnowledgeBase``; none of them
speaks to a store directly."""
from svodka.kb.ingest import IngestReport
from svodka.kb.service import KnowledgeBase

__all__ = ["IngestReport", "KnowledgeBase"]
