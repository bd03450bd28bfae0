"""The ledger's tables, as named migrations applied in order and recorded.

The SQL is portable between SQLite and PostgreSQL: plain TEXT/INTEGER/REAL
columns, composite keys instead of auto-increment, JSON kept as TEXT.
"""

from __future__ import annotations

Script = str | dict[str, str]  # the same SQL for both backends, or each backend's own


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
]
