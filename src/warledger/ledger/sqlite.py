"""The embedded SQLite backend (stdlib sqlite3): WAL, foreign keys on.

The file is an ordinary SQLite database that datasette or the sqlite3 shell
opens as it is.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

from warledger.ledger.store import Store

BUSY_SECONDS = 30  # how long a command waits for another process's write lock


def _write_ahead(conn: sqlite3.Connection) -> None:
    """Switch to write-ahead logging, waiting while another process that opened the file first holds it: the
    switch can fail at once with "database is locked" instead of calling the busy handler."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SQLiteStore(Store):
    placeholder = "?"
    dialect = "sqlite"

    @classmethod
    def open(cls, path: str | Path) -> SQLiteStore:
        # One connection serves one request or command at a time, but a web request may
        # open it in one worker thread and use it in another.
        # Transactions are begun by hand (BEGIN IMMEDIATE), so that a writer holds the lock from its first read.
        conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None)
        _write_ahead(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        store = cls(conn)
        store.migrate()
        return store

    def begin(self, key: str) -> None:
        """Take the database's write lock before reading what the transaction decides on
        (another process waits up to the busy timeout, instead of failing halfway)."""
        self.conn.execute("BEGIN IMMEDIATE")

    def close(self) -> None:
        # Keep the planner's statistics fresh (SQLite's advice for long-lived files). Its ANALYZE takes the
        # write lock on its own and fails at once when another writer has it: then a later close does it.
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("PRAGMA optimize")
        super().close()
