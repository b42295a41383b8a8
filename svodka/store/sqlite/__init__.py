"""The SQLite backend: one file holds the knowledge base (svodka's default)."""
from svodka.store.sqlite.store import SCHEMA_VERSION, SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]
