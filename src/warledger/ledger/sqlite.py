"""The embedded SQLite backend (stdlib sqlite3): WAL, foreign keys on.

The file is an ordinary SQLite database that datasette or the sqlite3 shell
opens as it is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from warledger.ledger.store import Store


class SQLiteStore(Store):
    placeholder = "?"

    @classmethod
    def open(cls, path: str | Path) -> SQLiteStore:
        # One connection serves one request or command at a time, but a web request may
        # open it in one worker thread and use it in another.
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        store = cls(conn)
        store.migrate()
        return store

    def close(self) -> None:
        # Keep the planner's statistics fresh (SQLite's advice for long-lived files).
        self.conn.execute("PRAGMA optimize")
        super().close()
