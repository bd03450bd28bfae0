"""The ledger: a store of many documents' events and claims, and what to ask of it.

>>> import tempfile, os
>>> from warledger.ledger import Ledger
>>> led = Ledger.open(os.path.join(tempfile.mkdtemp(), "ledger.db"))
>>> led.counts()["documents"]
0
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from warledger.ledger.findings import stored_findings
from warledger.ledger.incident_reads import find_incident, incident_page
from warledger.ledger.ingest import IngestSummary, ingest
from warledger.ledger.sqlite import SQLiteStore
from warledger.ledger.store import EventFilter, Store
from warledger.ledger.totals import Where, places, totals
from warledger.model import Claim, Event, Finding, Incident, LedgerDocument

__all__ = ["EventFilter", "IngestSummary", "Ledger", "Where"]


class Ledger:
    """The Python API: ``led = warledger.open("ledger.db")``; ``led.ingest(paths)``; ``led.events(...)``."""

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def open(cls, location: str | Path = "ledger.db", create: bool = True) -> Ledger:
        """Open (and migrate) the ledger at a SQLite path or a ``postgresql://`` URL.

        A SQLite file that does not exist is created, unless ``create`` is false: then
        :class:`FileNotFoundError` says so, so that a mistyped path is not taken for an empty ledger.
        """
        location = str(location)
        if location.startswith(("postgresql://", "postgres://")):
            from warledger.ledger.postgres import PostgresStore

            return cls(PostgresStore.open(location))
        if not create and not Path(location).is_file():
            raise FileNotFoundError(f"no ledger at {location!r}; create one with warledger ingest or --create")
        return cls(SQLiteStore.open(location))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(self, paths: Iterable[str | Path] | str | Path, **options: Any) -> IngestSummary:
        """Read, extract and store files, directories and globs (re-runs are safe)."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        with self.store.findings_deferred():  # audited once, at the end
            return ingest(self.store, paths, **options)

    def events(self, party: str | None = None, status: str | None = None, year: int | None = None,
               date_from: str | None = None, date_to: str | None = None, admin1: str | None = None,
               source: str | None = None, type: str | None = None, doc: str | None = None) -> list[Event]:
        """Events with a figure for ``party``/``status``/``source``, in a date range or year, a governorate…"""
        if year is not None:
            date_from, date_to = date_from or f"{year}-01-01", date_to or f"{year}-12-31"
        return self.store.events(EventFilter(party, status, date_from, date_to, admin1, source, type, doc))

    def totals(self, by: Iterable[str] = ("year", "party"), status: str | None = "killed",
               policy: str = "conservative", **filters: Any) -> list[dict[str, Any]]:
        """Low / best / high sums over incidents grouped ``by`` year, month, party, admin1, source or status.

        ``filters`` (``year``, ``date_from``, ``date_to``, ``admin1``, ``party``) pick incidents by their first
        report's date and place, and estimates by party (by source: reports by their own).
        """
        return totals(self.store, tuple(by), status, policy, Where.of(**filters))

    def timeline(self, status: str | None = "killed", policy: str = "conservative",
                 **filters: Any) -> list[dict[str, Any]]:
        """The monthly series: totals by month and party (filters as :meth:`totals`)."""
        return self.totals(("month", "party"), status, policy, **filters)

    def places(self, status: str | None = "killed", policy: str = "conservative",
               **filters: Any) -> list[dict[str, Any]]:
        """The map's points: totals per geocoded place of the incidents (filters as :meth:`totals`)."""
        return places(self.store, status, policy, Where.of(**filters))

    def incidents(self, policy: str = "conservative", limit: int | None = None, offset: int = 0,
                  **filters: Any) -> list[Incident]:
        """Events of every report merged into incidents, each merge with its reasons, in date order
        (``limit`` of them from ``offset``; filters as :meth:`totals`)."""
        return incident_page(self.store, policy, Where.of(**filters), limit, offset)[1]

    def incident_page(self, policy: str = "conservative", limit: int = 100, offset: int = 0,
                      **filters: Any) -> tuple[int, list[Incident]]:
        """How many incidents match, and one page of them."""
        return incident_page(self.store, policy, Where.of(**filters), limit, offset)

    def incident(self, ident: str, policy: str = "conservative") -> tuple[Incident, list[dict[str, Any]]] | None:
        """The incident with id ``ident`` (or the one it was merged into) and the ids merged into it."""
        return find_incident(self.store, ident, policy)

    def claims(self, doc: str | None = None) -> list[tuple[str, Claim]]:
        return self.store.claims(doc)

    def documents(self) -> list[dict[str, Any]]:
        return self.store.documents()

    def document(self, doc_id: str) -> LedgerDocument | None:
        return self.store.ledger_document(doc_id)

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def audit(self) -> list[Finding]:
        """Findings over every claim and event (stored as claims change); their ``claims`` index
        ``self.claims()``."""
        return stored_findings(self.store)
