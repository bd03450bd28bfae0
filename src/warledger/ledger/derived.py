"""What the ledger derives from its documents — incidents, totals, findings — kept up to date in the same
transaction that stores or replaces a document (``Store.put``), so every ingest path gets it and a reader
never sees documents without their incidents.

>>> PARTS
('incidents', 'totals', 'findings')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from warledger.ledger.findings import Scope, refresh_stale
from warledger.ledger.incidents import IncidentWriter
from warledger.ledger.tallies import SourceTally

if TYPE_CHECKING:
    from warledger.ledger.store import Store

PARTS = ("incidents", "totals", "findings")
LOCK = "warledger derived rows"
"""On PostgreSQL, writers of two different documents may run at once; derived rows are shared between
documents (one incident holds several reports), so their writers take this lock in turn."""


class Derived:
    """One write transaction's changes to the derived rows: :meth:`remove` a document before its rows are
    deleted, :meth:`add` one once its rows are stored, then :meth:`finish` once. ``defer``: only note which
    findings change (``findings_stale``), for one recomputation at the end of an ingest."""

    def __init__(self, store: Store, parts: Iterable[str] = PARTS, defer: bool = False):
        self.store = store
        self.parts = set(parts)
        self.defer = defer
        store.lock(LOCK)
        self.incidents = IncidentWriter(store)
        self.sources = SourceTally()
        self.scope = Scope()

    def remove(self, doc_id: str) -> None:
        if "findings" in self.parts:
            self.scope.note(self.store, doc_id)
        if "totals" in self.parts:
            self.sources.count(self.store, doc_id, -1)
        if "incidents" in self.parts:
            self.incidents.remove(doc_id)

    def add(self, doc_id: str) -> None:
        if "incidents" in self.parts:
            self.incidents.add(doc_id)
        if "totals" in self.parts:
            self.sources.count(self.store, doc_id, 1)
        if "findings" in self.parts:
            self.scope.note(self.store, doc_id)

    def finish(self) -> None:
        self.incidents.finish()
        self.sources.flush(self.store)
        if "findings" in self.parts:
            if self.defer:
                self.scope.save(self.store)
            else:
                refresh_stale(self.store, self.scope)
        self.scope = Scope()


def derive_all(store: Store, parts: Iterable[str] = PARTS, batch: int = 1000) -> None:
    """Derive ``parts`` for every stored document (a ledger from before they were kept), ``batch`` documents
    at a time; the caller holds the transaction."""
    ids = [r["id"] for r in store.rows("SELECT id FROM documents ORDER BY id")]
    derived = Derived(store, parts, defer=True)
    for start in range(0, len(ids), batch):
        for doc_id in ids[start:start + batch]:
            derived.add(doc_id)
        derived.finish()
    if "findings" in derived.parts:
        refresh_stale(store)
