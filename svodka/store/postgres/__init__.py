"""The PostgreSQL backend: a knowledge base many processes write and read at once."""
from svodka.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
