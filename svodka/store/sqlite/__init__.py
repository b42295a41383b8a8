"""The SQLite backend: one file holds the knowledge base (svodka's default)."""
from svodka.store.sqlite.files import APPLICATION_ID
from svodka.store.sqlite.store import SQLiteStore

__all__ = ["APPLICATION_ID", "SQLiteStore"]
