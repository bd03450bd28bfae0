"""The ledger's tables, as named migrations applied in order and recorded.

The SQL is portable between SQLite and PostgreSQL: plain TEXT/INTEGER/REAL
columns, composite keys instead of auto-increment, JSON kept as TEXT.
"""

from __future__ import annotations

Script = str | dict[str, str]  # the same SQL for both backends, or each backend's own


def _clustered(script: str) -> dict[str, str]:
    """``script`` for each backend, its ``{clustered}`` tables kept in the order of their key on SQLite (WITHOUT
    ROWID: summing them in key order reads the table once, with no look-up per row)."""
    return {"sqlite": script.replace("{clustered}", "WITHOUT ROWID"), "postgresql": script.replace("{clustered}", "")}


def script_for(script: Script, dialect: str) -> str:
    """The SQL of a migration for ``dialect`` ("sqlite" or "postgresql"); empty when it has nothing to do."""
    return script if isinstance(script, str) else script.get(dialect, "")


MIGRATIONS: list[tuple[str, Script]] = [
    ("0001_documents", """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT,
            format TEXT NOT NULL,
            reference_date TEXT,
            content_hash TEXT NOT NULL,
            version INTEGER NOT NULL,
            text TEXT NOT NULL,
            conflict TEXT,
            warnings TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE document_history (
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT,
            format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
    """),
    ("0002_events", """
        CREATE TABLE events (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            event_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            section TEXT,
            sentence_offset INTEGER NOT NULL,
            text TEXT NOT NULL,
            date_start TEXT,
            date_end TEXT,
            date_precision TEXT,
            place_name TEXT,
            admin1 TEXT,
            lat REAL,
            lon REAL,
            place_precision TEXT,
            place_text TEXT,
            place_offset INTEGER,
            type TEXT,
            sub_type TEXT,
            actors TEXT,
            sources TEXT,
            support TEXT,
            PRIMARY KEY (doc_id, event_id)
        );
        CREATE TABLE figures (
            doc_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            idx INTEGER NOT NULL,
            party TEXT,
            grp TEXT,
            status TEXT NOT NULL,
            low INTEGER,
            high INTEGER,
            approximate INTEGER NOT NULL DEFAULT 0,
            source TEXT,
            quote TEXT,
            quote_offset INTEGER,
            subset_of INTEGER,
            PRIMARY KEY (doc_id, event_id, idx),
            FOREIGN KEY (doc_id, event_id) REFERENCES events(doc_id, event_id) ON DELETE CASCADE
        );
        CREATE INDEX events_date ON events(date_start);
        CREATE INDEX events_admin1 ON events(admin1);
        CREATE INDEX figures_party ON figures(party, status);
    """),
    ("0003_claims", """
        CREATE TABLE claims (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            period_start TEXT,
            period_end TEXT,
            period_precision TEXT,
            open_ended INTEGER NOT NULL DEFAULT 0,
            party TEXT,
            grp TEXT,
            status TEXT NOT NULL,
            low INTEGER,
            high INTEGER,
            approximate INTEGER NOT NULL DEFAULT 0,
            source TEXT,
            scope TEXT,
            sentence_offset INTEGER NOT NULL,
            text TEXT NOT NULL,
            section TEXT,
            label TEXT,
            quote TEXT,
            quote_offset INTEGER,
            subset_of INTEGER,
            source_inherited INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (doc_id, idx)
        );
        CREATE INDEX claims_party ON claims(party, status);
    """),
    ("0004_query_indexes", """
        CREATE INDEX events_order ON events(date_start, doc_id, seq);
        CREATE INDEX events_admin1_date ON events(admin1, date_start);
        -- Without statistics the planner probed figures by party for every event;
        -- figures are reached through their event (the primary key) instead.
        DROP INDEX IF EXISTS figures_party;
    """),
    # Deaths from wounds told after the incident's count add to every source's estimate.
    ("0005_figures_died_of_wounds", """
        ALTER TABLE figures ADD COLUMN died_of_wounds INTEGER NOT NULL DEFAULT 0;
    """),
    # Where each document came from (its file): two files never silently share an id.
    ("0006_documents_origin", """
        ALTER TABLE documents ADD COLUMN origin TEXT;
    """),
    # Counts and offsets past 2^31 (SQLite's INTEGER is 64-bit already).
    ("0007_bigint_counts", {"postgresql": """
        ALTER TABLE figures ALTER COLUMN low TYPE BIGINT;
        ALTER TABLE figures ALTER COLUMN high TYPE BIGINT;
        ALTER TABLE figures ALTER COLUMN quote_offset TYPE BIGINT;
        ALTER TABLE claims ALTER COLUMN low TYPE BIGINT;
        ALTER TABLE claims ALTER COLUMN high TYPE BIGINT;
        ALTER TABLE claims ALTER COLUMN quote_offset TYPE BIGINT;
        ALTER TABLE claims ALTER COLUMN sentence_offset TYPE BIGINT;
        ALTER TABLE events ALTER COLUMN sentence_offset TYPE BIGINT;
        ALTER TABLE events ALTER COLUMN place_offset TYPE BIGINT;
    """}),
    # The extractor that made each document's rows (warledger.extractor_version): with the text and the
    # reference date (stored since 0001) it is the change key, so a rule change re-extracts on the next
    # ingest. Rows stored before hold NULL, which matches no extractor: they are extracted once more.
    ("0008_documents_extractor_version", """
        ALTER TABLE documents ADD COLUMN extractor_version TEXT;
    """),
    # The kind of teller behind each figure's and claim's source (monitor, government, military, armed-group,
    # media, ngo, un, medical, other). Rows stored before hold NULL until their document is extracted again:
    # the extractor that fills the column is a new extractor version, so the next ingest re-extracts them.
    ("0009_source_kind", """
        ALTER TABLE figures ADD COLUMN source_kind TEXT;
        ALTER TABLE claims ADD COLUMN source_kind TEXT;
    """),
    # Where a document's text was published (a Wikipedia revision's URL, id, timestamp and licence), as JSON.
    ("0010_provenance", """
        ALTER TABLE documents ADD COLUMN provenance TEXT;
    """),
    # Cross-report incidents, kept up to date as documents arrive (warledger.ledger.incidents). ``key`` is
    # internal (members point at it; a merge keeps the larger incident's key, so few rows move); ``number``
    # is the public id (i-000001), the oldest of the incidents merged into it. A member's day numbers are
    # NULL when it can merge with nothing (no date, a span over a month, no known party), so the blocking
    # indexes (governorate or place, then first day) hold only the events that can. The totals tables are
    # sums over incidents per month, governorate, party and status (and per month, party and status; per place,
    # month and status, in the order the map groups them; over each report's own figures, per source), kept
    # with them; '' stands for "none" in their keys (NULLs never conflict in an upsert).
    ("0011_incidents", _clustered("""
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO counters (name, value) VALUES ('incident', 0);
        CREATE TABLE incidents (
            key INTEGER PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            anchor_doc TEXT,
            anchor_event TEXT,
            anchor_seq INTEGER,
            sort_date TEXT NOT NULL DEFAULT '9999',
            date_start TEXT,
            admin1 TEXT,
            place_name TEXT,
            lat REAL,
            lon REAL
        );
        CREATE INDEX incidents_order ON incidents(sort_date, anchor_doc, anchor_seq);
        CREATE INDEX incidents_admin1 ON incidents(admin1, sort_date);
        CREATE TABLE incident_members (
            doc_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            incident_key INTEGER NOT NULL REFERENCES incidents(key),
            date_start TEXT,
            day_start INTEGER,
            day_end INTEGER,
            admin1 TEXT,
            place_name TEXT,
            has_place INTEGER NOT NULL,
            parties TEXT NOT NULL,
            merge_event TEXT,
            merge_reasons TEXT,
            PRIMARY KEY (doc_id, event_id),
            FOREIGN KEY (doc_id, event_id) REFERENCES events(doc_id, event_id) ON DELETE CASCADE
        );
        CREATE INDEX incident_members_incident ON incident_members(incident_key);
        CREATE INDEX incident_members_day ON incident_members(day_start);
        CREATE INDEX incident_members_admin1 ON incident_members(admin1, day_start);
        CREATE INDEX incident_members_place ON incident_members(place_name, day_start);
        CREATE TABLE incident_estimates (
            incident_key INTEGER NOT NULL REFERENCES incidents(key) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            party TEXT,
            status TEXT NOT NULL,
            low BIGINT NOT NULL,
            best BIGINT NOT NULL,
            median BIGINT NOT NULL,
            high BIGINT,
            sources TEXT NOT NULL,
            PRIMARY KEY (incident_key, seq)
        );
        CREATE INDEX incident_estimates_party ON incident_estimates(party, status);
        CREATE TABLE incident_merged (
            number INTEGER PRIMARY KEY,
            into_key INTEGER NOT NULL REFERENCES incidents(key) ON DELETE CASCADE,
            event TEXT NOT NULL,
            reasons TEXT NOT NULL,
            merged_at TEXT NOT NULL
        );
        CREATE INDEX incident_merged_into ON incident_merged(into_key);
        CREATE TABLE incident_totals (
            month TEXT NOT NULL,
            admin1 TEXT NOT NULL,
            party TEXT NOT NULL,
            status TEXT NOT NULL,
            low BIGINT NOT NULL,
            best BIGINT NOT NULL,
            median BIGINT NOT NULL,
            high BIGINT NOT NULL,
            unbounded INTEGER NOT NULL,
            incidents INTEGER NOT NULL,
            PRIMARY KEY (month, admin1, party, status)
        ) {clustered};
        CREATE TABLE party_totals (
            month TEXT NOT NULL,
            party TEXT NOT NULL,
            status TEXT NOT NULL,
            low BIGINT NOT NULL,
            best BIGINT NOT NULL,
            median BIGINT NOT NULL,
            high BIGINT NOT NULL,
            unbounded INTEGER NOT NULL,
            incidents INTEGER NOT NULL,
            PRIMARY KEY (month, party, status)
        ) {clustered};
        CREATE TABLE place_totals (
            place_name TEXT NOT NULL,
            admin1 TEXT NOT NULL,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            month TEXT NOT NULL,
            status TEXT NOT NULL,
            low BIGINT NOT NULL,
            best BIGINT NOT NULL,
            median BIGINT NOT NULL,
            high BIGINT NOT NULL,
            unbounded INTEGER NOT NULL,
            incidents INTEGER NOT NULL,
            PRIMARY KEY (place_name, admin1, lat, lon, month, status)
        ) {clustered};
        CREATE TABLE source_totals (
            month TEXT NOT NULL,
            admin1 TEXT NOT NULL,
            party TEXT NOT NULL,
            status TEXT NOT NULL,
            source TEXT NOT NULL,
            low BIGINT NOT NULL,
            best BIGINT NOT NULL,
            median BIGINT NOT NULL,
            high BIGINT NOT NULL,
            unbounded INTEGER NOT NULL,
            incidents INTEGER NOT NULL,
            PRIMARY KEY (month, admin1, party, status, source)
        ) {clustered};
    """)),
    # The audit's findings (warledger.audit), recomputed where claims change: a contradiction for its
    # source and people (party, group, status), a sum mismatch for its people, incidents over a claim for
    # its document. ``claims`` lists [document, claim index] pairs. ``findings_stale`` notes what documents
    # stored during an ingest changed, recomputed once when it ends ('figure', 'who' or 'doc').
    ("0012_findings", """
        CREATE TABLE findings (
            kind TEXT NOT NULL,
            source TEXT,
            party TEXT,
            grp TEXT,
            status TEXT NOT NULL,
            doc_id TEXT,
            claims TEXT NOT NULL,
            detail TEXT NOT NULL,
            delta BIGINT,
            events TEXT NOT NULL,
            cross_source INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX findings_who ON findings(party, status);
        CREATE INDEX findings_doc ON findings(doc_id);
        CREATE TABLE findings_stale (
            scope TEXT NOT NULL,
            source TEXT,
            party TEXT,
            grp TEXT,
            status TEXT,
            doc_id TEXT
        );
        CREATE INDEX claims_line ON claims(sentence_offset);
    """),
    # The incident's attackers among its dead and wounded, kept apart.
    ("0013_figures_attackers", """
        ALTER TABLE figures ADD COLUMN attackers INTEGER NOT NULL DEFAULT 0;
    """),
]

DERIVED: dict[str, tuple[str, ...]] = {"0011_incidents": ("incidents", "totals"), "0012_findings": ("findings",)}
"""What a migration's tables derive from the documents already stored: computed when it is applied."""
