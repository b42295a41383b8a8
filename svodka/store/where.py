"""A search's filters as SQL conditions, written once for every backend: the conditions are the
same SQL in both dialects but for the placeholder (``?`` in SQLite, ``%s`` in psycopg)."""
from __future__ import annotations

from svodka.store.records import SearchQuery


def search_filters(query: SearchQuery, mark: str) -> tuple[list[str], list]:
    """The conditions on ``document d`` a query's date, entity and fact filters make, and their
    arguments; the words' own condition is each backend's (FTS5 or a tsquery)."""
    where, args = [], []
    if query.date_from:
        where.append(f"d.date >= {mark}"), args.append(query.date_from)
    if query.date_to:
        where.append(f"d.date <= {mark}"), args.append(query.date_to)
    if query.undated:
        where.append("d.date IS NULL")
    if query.entity_id is not None:
        where.append(f"d.id IN (SELECT doc_id FROM entity WHERE kb_id = {mark})"), args.append(query.entity_id)
    if query.fact_type:
        where.append(f"d.id IN (SELECT doc_id FROM fact WHERE type = {mark})"), args.append(query.fact_type)
    if query.entity_type:
        where.append(f"d.id IN (SELECT doc_id FROM entity WHERE type = {mark})"), args.append(query.entity_type)
    return where, args
