"""The ledger store: documents, events, figures and claims in SQL tables.

One class speaks portable SQL through a DB-API connection; the SQLite and
PostgreSQL backends only say how to connect and which placeholder they use.
Each document is written in one transaction, so an interrupted ingest never
leaves half a document behind, and re-ingesting unchanged text does nothing.
A document is unchanged when its :class:`ChangeKey` is: same text, same
reference date, same extractor (a rule change makes every document stale).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import warledger.extractor_version as versions
from warledger.extract.pipeline import drop_oversized
from warledger.ledger.derived import LOCK, Derived, derive_all
from warledger.ledger.findings import refresh_stale
from warledger.ledger.schema import DERIVED, MIGRATIONS, script_for
from warledger.limits import DocumentError
from warledger.model import (
    CasualtyFigure,
    Claim,
    ConflictRecord,
    Count,
    DateSpan,
    Document,
    DocumentInfo,
    Event,
    LedgerDocument,
    Place,
    Provenance,
    Span,
    from_dict,
    to_dict,
)

EVENT_COLUMNS = ("doc_id", "event_id", "seq", "section", "sentence_offset", "text", "date_start", "date_end",
                 "date_precision", "place_name", "admin1", "lat", "lon", "place_precision", "place_text",
                 "place_offset", "type", "sub_type",
                 "actors", "sources", "support")
FIGURE_COLUMNS = ("doc_id", "event_id", "idx", "party", "grp", "status", "low", "high", "approximate", "source",
                  "quote", "quote_offset", "subset_of", "died_of_wounds", "source_kind", "attackers")
CLAIM_COLUMNS = ("doc_id", "idx", "period_start", "period_end", "period_precision", "open_ended", "party", "grp",
                 "status", "low", "high", "approximate", "source", "scope", "sentence_offset", "text", "section",
                 "label", "quote", "quote_offset", "subset_of", "source_inherited", "source_kind")


BIGINT_MAX = 2**63 - 1  # the widest integer column both backends hold


def content_hash(doc: Document) -> str:
    """What makes two versions of a document the same: its format and text."""
    return hashlib.sha256(f"{doc.format}\n{doc.text}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ChangeKey:
    """What a document's stored rows were made from; when any part differs, they must be made again:
    the text (and format), the reference date its relative dates resolved against, and the extractor."""

    content_hash: str
    reference_date: str | None
    extractor_version: str | None

    @classmethod
    def of(cls, doc: Document, extractor: str | None = None) -> ChangeKey:
        """The key ``doc`` gets from ``extractor`` (by default the extractor of this process)."""
        return cls(content_hash(doc), doc.reference_date, extractor or versions.extractor_version())

    @classmethod
    def stored(cls, row: dict[str, Any]) -> ChangeKey:
        """The key of a ``documents`` row (a row stored before 0008 has no extractor: it matches none)."""
        return cls(row["content_hash"], row["reference_date"], row["extractor_version"])


class IdTaken(DocumentError):
    """Another file already holds this document id: storing would overwrite it."""


@dataclass(frozen=True)
class EventFilter:
    party: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    admin1: str | None = None
    source: str | None = None
    type: str | None = None
    doc: str | None = None
    text: str | None = None  # words the event's sentence contains, case ignored ("car bomb")


class Store:
    """Portable SQL over a DB-API connection (subclasses connect)."""

    placeholder = "?"
    dialect = "postgresql"

    def __init__(self, connection: Any):
        self.conn = connection
        self.defer_findings = False
        self.batching = False  # inside batch(): transactions are savepoints of one

    # --- plumbing ------------------------------------------------------------------

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> Any:
        cur = self.conn.cursor()
        cur.execute(self.sql(statement), params)
        return cur

    def rows(self, statement: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        cur = self.execute(statement, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def begin(self, key: str) -> None:
        """Start a write transaction that no other writer of ``key`` can interleave with (PostgreSQL:
        psycopg has begun the transaction; an advisory lock on the key serialises its writers)."""
        self.lock(key)

    def lock(self, key: str) -> None:
        """Within a write transaction, wait for every other writer of ``key`` to finish (SQLite: nothing to do,
        one writer holds the whole database)."""
        if self.dialect == "postgresql":
            self.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (key,))

    @contextmanager
    def transaction(self, key: str) -> Iterator[None]:
        """One write transaction: whatever it reads about ``key`` stays true until it commits. Inside
        :meth:`batch`, a savepoint of the batch's transaction: undone alone if it fails, committed with the rest."""
        if self.batching:
            yield from self._savepoint(key)
            return
        self.begin(key)
        try:
            yield
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def _savepoint(self, key: str) -> Iterator[None]:
        self.lock(key)
        self.execute("SAVEPOINT write")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK TO SAVEPOINT write")
            self.execute("RELEASE SAVEPOINT write")
            raise
        self.execute("RELEASE SAVEPOINT write")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes in one transaction, each its own savepoint (a document that fails is undone alone): an
        ingest commits once a batch, not once a document. Interrupted, the batch is rolled back whole, and the
        next run stores its documents again."""
        self.begin("batch")
        self.batching = True
        try:
            yield
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        finally:
            self.batching = False

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names. Safe when several processes open a new
        ledger at once: each migration is applied under the lock, after looking again whether it has been."""
        self.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        self.conn.commit()
        done = {r["name"] for r in self.rows("SELECT name FROM migrations")}
        applied = []
        for name, script in MIGRATIONS:
            if name in done:
                continue
            with self.transaction("migrations"):
                if self.rows("SELECT name FROM migrations WHERE name = ?", (name,)):
                    continue
                for statement in filter(str.strip, script_for(script, self.dialect).split(";")):
                    self.execute(statement)
                if name in DERIVED:
                    derive_all(self, DERIVED[name])  # what the new tables hold for the documents stored before
                self.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    def close(self) -> None:
        self.conn.close()

    # --- writing -------------------------------------------------------------------

    def holds(self, doc: Document, key: ChangeKey, origin: str | None = None) -> bool:
        """Whether the ledger holds ``doc.id`` made from ``key``, so that ingest need not extract it again.

        Raises :class:`IdTaken` as :meth:`put` would, so a clash is reported without extracting. Only a hint
        read outside any write transaction: :meth:`put` decides again under its lock.
        """
        try:
            old = self._current(doc.id)
            if old is not None:
                _check_origin(doc.id, old["origin"], origin)
            return old is not None and ChangeKey.stored(old) == key
        finally:
            if not self.batching:  # end the read (PostgreSQL began a transaction): hold no lock while extracting
                self.conn.rollback()

    def put(self, doc: Document, ledger: LedgerDocument, origin: str | None = None,
            legacy_id: str | None = None) -> str:
        """Store one document's ledger, in one transaction: ``"new"``, ``"unchanged"`` or ``"replaced"``
        (``"renamed"`` when a row stored under ``legacy_id`` by an older warledger now takes ``doc.id``).

        ``"unchanged"`` when the stored row has the same :class:`ChangeKey` (the extractor is the one named in
        ``ledger.document``), looked up under the transaction's lock, so concurrent puts of one document agree.
        ``origin`` is the file the document came from: an id already held by another file that still exists
        is :class:`IdTaken`, never overwritten. Counts no column can hold are dropped, with a warning.
        Incidents, totals and findings follow in the same transaction (:mod:`warledger.ledger.derived`).
        """
        key = ChangeKey(content_hash(doc), doc.reference_date, ledger.document.extractor_version)
        ledger.warnings += [f"{doc.id}: {what} was dropped: too large to store"
                            for what in drop_oversized(ledger, BIGINT_MAX)]
        with self.transaction(doc.id):
            old = self._current(doc.id)
            renamed = old is None and legacy_id is not None and (old := self._legacy(legacy_id)) is not None
            if old and not renamed:
                _check_origin(doc.id, old["origin"], origin)
            if old and ChangeKey.stored(old) == key and not renamed:
                return "unchanged"
            derived = Derived(self, defer=self.defer_findings)
            if old:
                derived.remove(old["id"])
                self._retire(doc.id, old, key.content_hash)
            self._insert(doc, ledger, key, _version(old, key.content_hash), origin)
            derived.add(doc.id)
            derived.finish()
        return "renamed" if renamed else "replaced" if old else "new"

    @contextmanager
    def findings_deferred(self) -> Iterator[None]:
        """Documents stored within only note which findings they change; those are recomputed once, at the end:
        an ingest of many documents audits the claims they touch once, not once a document. Left by an
        exception, the notes stay, and the next document stored (or the next such block) recomputes them."""
        self.defer_findings = True
        try:
            yield
        finally:
            self.defer_findings = False
        with self.transaction("findings"):
            self.lock(LOCK)
            refresh_stale(self)

    def _current(self, doc_id: str) -> dict[str, Any] | None:
        found = self.rows("SELECT id, content_hash, reference_date, extractor_version, version, title, format, text, "
                          "ingested_at, origin FROM documents WHERE id = ?", (doc_id,))
        return found[0] if found else None

    def _legacy(self, legacy_id: str) -> dict[str, Any] | None:
        """A row an older warledger stored under a file's stem (it kept no origin)."""
        old = self._current(legacy_id)
        return old if old is not None and old["origin"] is None else None

    def _retire(self, doc_id: str, old: dict[str, Any], digest: str) -> None:
        """Delete the old row (its events, figures and claims go with it), keeping its text as history when
        the new text differs; a re-extraction of the same text would only store that text again."""
        if old["id"] != doc_id:
            self.execute("UPDATE document_history SET id = ? WHERE id = ?", (doc_id, old["id"]))
        if old["content_hash"] != digest:
            self._keep_history(doc_id, old)
        self.execute("DELETE FROM documents WHERE id = ?", (old["id"],))

    def _keep_history(self, doc_id: str, old: dict[str, Any]) -> None:
        self.execute("INSERT INTO document_history (id, version, title, format, content_hash, text, ingested_at, "
                     "replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (doc_id, old["version"], old["title"], old["format"], old["content_hash"], old["text"],
                      old["ingested_at"], _now()))

    def _insert(self, doc: Document, ledger: LedgerDocument, key: ChangeKey, version: int,
                origin: str | None) -> None:
        conflict = json.dumps(to_dict(ledger.conflict), ensure_ascii=False) if ledger.conflict else None
        provenance = json.dumps(to_dict(doc.provenance), ensure_ascii=False) if doc.provenance else None
        self.execute("INSERT INTO documents (id, title, format, reference_date, content_hash, extractor_version, "
                     "version, text, conflict, warnings, ingested_at, origin, provenance) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (doc.id, doc.title, doc.format, key.reference_date, key.content_hash, key.extractor_version,
                      version, doc.text, conflict, json.dumps(ledger.warnings), _now(), origin, provenance))
        for seq, event in enumerate(ledger.events):
            self._insert_row("events", EVENT_COLUMNS, _event_row(doc.id, seq, event))
            for idx, fig in enumerate(event.casualties):
                self._insert_row("figures", FIGURE_COLUMNS, _figure_row(doc.id, event.id, idx, fig))
        for idx, claim in enumerate(ledger.claims):
            self._insert_row("claims", CLAIM_COLUMNS, _claim_row(doc.id, idx, claim))

    def _insert_row(self, table: str, columns: tuple[str, ...], values: tuple[Any, ...]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)

    # --- reading -------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        return self.rows("SELECT d.id, d.title, d.format, d.reference_date, d.version, d.ingested_at, d.provenance, "
                         "(SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id) AS events, "
                         "(SELECT COUNT(*) FROM claims c WHERE c.doc_id = d.id) AS claims "
                         "FROM documents d ORDER BY d.id")

    def document(self, doc_id: str) -> dict[str, Any] | None:
        found = self.rows("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return found[0] if found else None

    def counts(self) -> dict[str, int]:
        return {table: self.rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]
                for table in ("documents", "document_history", "events", "figures", "claims")}

    def events(self, where: EventFilter = EventFilter(), in_text_order: bool = False) -> list[Event]:
        """Events matching ``where``, each with all its figures, in date (or text) order."""
        return [e for _, e in self.events_with_documents(where, in_text_order)]

    def events_with_documents(self, where: EventFilter = EventFilter(),
                              in_text_order: bool = True) -> list[tuple[str, Event]]:
        """``(document id, event)`` pairs matching ``where``."""
        clauses, params = _event_where(where)
        order = "e.doc_id, e.seq" if in_text_order else "e.date_start, e.doc_id, e.seq"
        rows = self.rows(f"SELECT * FROM events e WHERE {' AND '.join(clauses) or '1 = 1'} ORDER BY {order}",
                         tuple(params))
        figures = self._figures_by_event([(r["doc_id"], r["event_id"]) for r in rows])
        return [(r["doc_id"], _event_from_row(r, figures.get((r["doc_id"], r["event_id"]), []))) for r in rows]

    def events_page(self, where: EventFilter, limit: int, offset: int,
                    descending: bool = False) -> tuple[int, list[tuple[str, Event]]]:
        """One page of ``(document id, event)`` pairs in date order, and how many match in all."""
        clauses, params = _event_where(where)
        condition = " AND ".join(clauses) or "1 = 1"
        total = self.rows(f"SELECT COUNT(*) AS n FROM events e WHERE {condition}", tuple(params))[0]["n"]
        direction = "DESC" if descending else "ASC"
        rows = self.rows(f"SELECT * FROM events e WHERE {condition} ORDER BY e.date_start {direction}, e.doc_id, "
                         "e.seq LIMIT ? OFFSET ?", (*params, limit, offset))
        figures = self._figures_by_event([(r["doc_id"], r["event_id"]) for r in rows])
        return total, [(r["doc_id"], _event_from_row(r, figures.get((r["doc_id"], r["event_id"]), []))) for r in rows]

    def _figures_by_event(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], list[CasualtyFigure]]:
        out: dict[tuple[str, str], list[CasualtyFigure]] = {}
        by_doc: dict[str, list[str]] = {}
        for doc, event in keys:
            by_doc.setdefault(doc, []).append(event)
        for doc, events in by_doc.items():
            if len(events) > 200:  # most of a document: one scan beats a long IN list
                rows = self.rows("SELECT * FROM figures WHERE doc_id = ? ORDER BY event_id, idx", (doc,))
            else:
                marks = ", ".join("?" for _ in events)
                rows = self.rows(f"SELECT * FROM figures WHERE doc_id = ? AND event_id IN ({marks}) "
                                 "ORDER BY event_id, idx", (doc, *events))
            wanted = set(events)
            for r in rows:
                if r["event_id"] in wanted:
                    out.setdefault((doc, r["event_id"]), []).append(_figure_from_row(r))
        return out

    def claims(self, doc: str | None = None) -> list[tuple[str, Claim]]:
        """``(document id, claim)`` pairs, in document and claim order."""
        rows = self.rows("SELECT * FROM claims " + ("WHERE doc_id = ? " if doc else "") + "ORDER BY doc_id, idx",
                         (doc,) if doc else ())
        return [(r["doc_id"], _claim_from_row(r)) for r in rows]

    def claims_where(self, condition: str, params: tuple[Any, ...]) -> list[tuple[str, int, Claim]]:
        """``(document id, index, claim)`` for the claims meeting an SQL ``condition``, in ledger order."""
        rows = self.rows(f"SELECT * FROM claims WHERE {condition} ORDER BY doc_id, idx", params)
        return [(r["doc_id"], r["idx"], _claim_from_row(r)) for r in rows]

    def ledger_document(self, doc_id: str) -> LedgerDocument | None:
        """A stored document's ledger, as ``warledger extract --json`` gave it."""
        row = self.document(doc_id)
        if row is None:
            return None
        conflict = from_dict(ConflictRecord, json.loads(row["conflict"])) if row["conflict"] else None
        info = DocumentInfo(row["id"], row["title"], row["format"], row["reference_date"], row["extractor_version"],
                            stored_provenance(row.get("provenance")))
        return LedgerDocument(info, conflict, self.events(EventFilter(doc=doc_id), in_text_order=True),
                              [c for _, c in self.claims(doc_id)])


def _check_origin(doc_id: str, stored: str | None, origin: str | None) -> None:
    """Two files that both exist and would take one id: refuse rather than let one replace the other.
    A file that has moved (its old path is gone) is the same document."""
    if stored and origin and stored != origin and Path(stored).exists():
        raise IdTaken(f"id {doc_id!r} is already taken by {stored}; ingest the folder that holds both files "
                      "(ids then keep their path) or rename one")


def _version(old: dict[str, Any] | None, digest: str) -> int:
    """The text's version: 1 for a new document, one more for each new text (not for a re-extraction)."""
    if old is None:
        return 1
    return old["version"] + 1 if old["content_hash"] != digest else old["version"]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _event_where(f: EventFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []

    def add(clause: str, *values: Any) -> None:
        clauses.append(clause)
        params.extend(values)

    figure_test = []
    if f.party:
        figure_test.append(("x.party = ?", f.party))
    if f.status:
        figure_test.append(("x.status = ?", f.status))
    if f.source:
        figure_test.append(("x.source = ?", f.source))
    if figure_test:
        add("EXISTS (SELECT 1 FROM figures x WHERE x.doc_id = e.doc_id AND x.event_id = e.event_id AND "
            + " AND ".join(c for c, _ in figure_test) + ")", *(v for _, v in figure_test))
    if f.date_from:
        add("e.date_start >= ?", f.date_from)  # events that start in the window (an index range)
    if f.date_to:
        add("e.date_start <= ?", f.date_to)
    if f.admin1:
        add("e.admin1 = ?", f.admin1)
    if f.type:
        add("(e.type = ? OR e.sub_type = ?)", f.type, f.type)
    if f.doc:
        add("e.doc_id = ?", f.doc)
    if f.text:  # LOWER on both sides: SQLite's LIKE and PostgreSQL's differ on case
        add("LOWER(e.text) LIKE ?", f"%{f.text.lower()}%")
    return clauses, params


def _event_row(doc_id: str, seq: int, e: Event) -> tuple[Any, ...]:
    d, p = e.date, e.place
    return (doc_id, e.id, seq, e.section, e.offset, e.text, d.start if d else None, d.end if d else None,
            d.precision if d else None, p.name if p else None, p.admin1 if p else None, p.lat if p else None,
            p.lon if p else None, p.precision if p else None, p.text if p else None, p.offset if p else None,
            e.type, e.sub_type, json.dumps(e.actors),
            json.dumps(e.sources), json.dumps(to_dict(e.support), ensure_ascii=False))


def _figure_row(doc_id: str, event_id: str, idx: int, f: CasualtyFigure) -> tuple[Any, ...]:
    return (doc_id, event_id, idx, f.party, f.group, f.status, f.count.low, f.count.high, int(f.count.approximate),
            f.source, f.quote, f.quote_offset, f.subset_of, int(f.died_of_wounds), f.source_kind, int(f.attackers))


def _claim_row(doc_id: str, idx: int, c: Claim) -> tuple[Any, ...]:
    p = c.period
    return (doc_id, idx, p.start if p else None, p.end if p else None, p.precision if p else None,
            int(bool(p and p.open_ended)), c.party, c.group, c.status, c.count.low, c.count.high,
            int(c.count.approximate), c.source, c.scope,
            c.offset, c.text, c.section, c.label, c.quote, c.quote_offset, c.subset_of, int(c.source_inherited),
            c.source_kind)


def _event_from_row(r: dict[str, Any], figures: list[CasualtyFigure]) -> Event:
    date = DateSpan(r["date_start"], r["date_end"], r["date_precision"]) if r["date_precision"] else None
    place = Place(r["place_name"], r["admin1"], r["lat"], r["lon"], r["place_precision"], r["place_text"],
                  r["place_offset"]) if r["place_precision"] else None
    support = [from_dict(Span, s) for s in json.loads(r["support"] or "[]")]
    return Event(id=r["event_id"], section=r["section"], offset=r["sentence_offset"], text=r["text"], date=date,
                 place=place, type=r["type"], sub_type=r["sub_type"], actors=json.loads(r["actors"] or "[]"),
                 casualties=figures, sources=json.loads(r["sources"] or "[]"), support=support)


def _figure_from_row(r: dict[str, Any]) -> CasualtyFigure:
    return CasualtyFigure(r["party"], r["grp"], r["status"], Count(r["low"], r["high"], bool(r["approximate"])),
                          r["source"], source_kind=r["source_kind"], quote=r["quote"], quote_offset=r["quote_offset"],
                          subset_of=r["subset_of"], died_of_wounds=bool(r["died_of_wounds"]),
                          attackers=bool(r["attackers"]))


def _claim_from_row(r: dict[str, Any]) -> Claim:
    period = DateSpan(r["period_start"], r["period_end"], r["period_precision"], bool(r["open_ended"])) \
        if r["period_precision"] else None
    return Claim(period=period, party=r["party"], group=r["grp"], status=r["status"],
                 count=Count(r["low"], r["high"], bool(r["approximate"])),
                 source=r["source"], source_kind=r["source_kind"], scope=r["scope"], offset=r["sentence_offset"],
                 text=r["text"], section=r["section"], label=r["label"], quote=r["quote"],
                 quote_offset=r["quote_offset"], subset_of=r["subset_of"], source_inherited=bool(r["source_inherited"]))


def stored_provenance(value: str | None) -> Provenance | None:
    """A document's provenance as the ledger keeps it (JSON), back in the model."""
    return Provenance(**json.loads(value)) if value else None
