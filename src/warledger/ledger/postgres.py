"""The PostgreSQL backend (psycopg 3), for teams that share one ledger.

Same tables and SQL as SQLite; only the connection and the placeholder differ.
"""

from __future__ import annotations

from warledger.ledger.store import Store


class PostgresStore(Store):
    placeholder = "%s"

    @classmethod
    def open(cls, url: str) -> PostgresStore:
        try:
            import psycopg
        except ImportError as err:  # an optional dependency: say how to get it
            raise RuntimeError("PostgreSQL ledgers need psycopg: pip install 'warledger[postgres]'") from err
        store = cls(psycopg.connect(url))
        store.migrate()
        return store
