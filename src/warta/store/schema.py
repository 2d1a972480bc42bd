"""The DuckDB schema of the warta store, its version, and the migration hook.

Tables mirror the article record (``warta.record``): one row per article, and one row per
entity, mention, count, quote, date, event and check, each keyed by the article's content hash
(``article``) and its position in the record (``idx``). ``docs/store.md`` documents every
column. :data:`SCHEMA_VERSION` is stored in ``schema_version``; opening an older store runs the
functions in :data:`MIGRATIONS` in order, each in a transaction.

Example: ``SELECT type, count(*) FROM events JOIN articles ON hash = article WHERE canonical
IS NULL GROUP BY type`` counts the events of all articles that are not near duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Version of the table layout (not of the article record, which has its own).
SCHEMA_VERSION = 1

TABLES: dict[str, str] = {
    "schema_version": """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )""",
    "articles": """
        CREATE TABLE IF NOT EXISTS articles (
            hash VARCHAR PRIMARY KEY,
            seq BIGINT NOT NULL,
            id VARCHAR,
            ref VARCHAR,
            url VARCHAR,
            title VARCHAR,
            published DATE,
            source VARCHAR,
            dateline VARCHAR,
            language VARCHAR,
            author VARCHAR,
            site VARCHAR,
            n_chars INTEGER,
            canonical VARCHAR,
            similarity DOUBLE,
            text VARCHAR NOT NULL,
            record VARCHAR NOT NULL,
            ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )""",
    "minhashes": """
        CREATE TABLE IF NOT EXISTS minhashes (
            article VARCHAR PRIMARY KEY,
            signature BLOB NOT NULL
        )""",
    "duplicates": """
        CREATE TABLE IF NOT EXISTS duplicates (
            article VARCHAR NOT NULL,
            canonical VARCHAR NOT NULL,
            similarity DOUBLE NOT NULL
        )""",
    "entities": """
        CREATE TABLE IF NOT EXISTS entities (
            article VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            entity_id VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            role VARCHAR,
            country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            geonames_id BIGINT,
            n_mentions INTEGER NOT NULL,
            key VARCHAR NOT NULL,
            canonical_key VARCHAR
        )""",
    "mentions": """
        CREATE TABLE IF NOT EXISTS mentions (
            article VARCHAR NOT NULL,
            entity_id VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            "start" INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        )""",
    "counts": """
        CREATE TABLE IF NOT EXISTS counts (
            article VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            value DOUBLE NOT NULL,
            upper DOUBLE,
            who VARCHAR,
            text VARCHAR NOT NULL,
            "start" INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            approximate BOOLEAN NOT NULL,
            lower_bound BOOLEAN NOT NULL,
            currency VARCHAR,
            n_mentions INTEGER NOT NULL
        )""",
    "quotes": """
        CREATE TABLE IF NOT EXISTS quotes (
            article VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            "start" INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            speaker VARCHAR,
            speaker_name VARCHAR,
            speaker_text VARCHAR,
            cue VARCHAR,
            via VARCHAR
        )""",
    "dates": """
        CREATE TABLE IF NOT EXISTS dates (
            article VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            "start" INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            value VARCHAR NOT NULL,
            granularity VARCHAR NOT NULL
        )""",
    "events": """
        CREATE TABLE IF NOT EXISTS events (
            article VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            type VARCHAR NOT NULL,
            cameo VARCHAR,
            mode VARCHAR NOT NULL,
            sentence INTEGER NOT NULL,
            trigger_text VARCHAR NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            actor_text VARCHAR,
            actor_entity VARCHAR,
            actor_name VARCHAR,
            target_text VARCHAR,
            target_entity VARCHAR,
            target_name VARCHAR,
            place_text VARCHAR,
            place_entity VARCHAR,
            place_name VARCHAR,
            country VARCHAR,
            "when" VARCHAR,
            day DATE,
            actor_key VARCHAR,
            target_key VARCHAR,
            place_key VARCHAR,
            story VARCHAR
        )""",
    "stories": """
        CREATE TABLE IF NOT EXISTS stories (
            story VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            first_day DATE,
            last_day DATE,
            sources INTEGER NOT NULL,
            events INTEGER NOT NULL,
            actor VARCHAR,
            trigger VARCHAR,
            target VARCHAR,
            place VARCHAR,
            country VARCHAR,
            outlets VARCHAR
        )""",
    "checks": """
        CREATE TABLE IF NOT EXISTS checks (
            article VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            found VARCHAR NOT NULL,
            suggest VARCHAR,
            "start" INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            message VARCHAR NOT NULL
        )""",
}

#: Indexes for the filters ``warta events|entities|…`` use. DuckDB's zone maps cover ranges;
#: ART indexes help point look-ups by article.
INDEXES: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS entities_article ON entities(article)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article)",
    "CREATE INDEX IF NOT EXISTS counts_article ON counts(article)",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article)",
    "CREATE INDEX IF NOT EXISTS dates_article ON dates(article)",
    "CREATE INDEX IF NOT EXISTS events_article ON events(article)",
    "CREATE INDEX IF NOT EXISTS checks_article ON checks(article)",
)

#: Tables that hold one row per item of an article's record (deleted with the article).
CHILD_TABLES: tuple[str, ...] = (
    "minhashes",
    "duplicates",
    "entities",
    "mentions",
    "counts",
    "quotes",
    "dates",
    "events",
    "checks",
)

#: ``MIGRATIONS[n]`` upgrades a store at version ``n`` to ``n + 1``; it receives an open
#: DuckDB connection inside a transaction. Add an entry here when a table changes.
MIGRATIONS: dict[int, Callable[[Any], None]] = {}


def create(con: Any) -> None:
    """Create every table and index that does not exist yet."""
    for ddl in TABLES.values():
        con.execute(ddl)
    for ddl in INDEXES:
        con.execute(ddl)


def current_version(con: Any) -> int | None:
    """The schema version stored in ``con``'s database, or None for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def migrate(con: Any) -> int:
    """Bring the store to :data:`SCHEMA_VERSION`: create it when new, run migrations when old.

    Returns the version found before (0 for a new store). Raises ``RuntimeError`` for a store
    written by a newer warta.
    """
    found = current_version(con)
    if found is None:
        con.execute("BEGIN TRANSACTION")
        create(con)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
        return 0
    if found > SCHEMA_VERSION:
        raise RuntimeError(
            f"store schema version {found} is newer than this warta's ({SCHEMA_VERSION})"
        )
    before = found
    while found < SCHEMA_VERSION:
        con.execute("BEGIN TRANSACTION")
        MIGRATIONS[found](con)
        found += 1
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [found])
        con.execute("COMMIT")
    # Tables added without changing existing ones need no migration: create what is missing.
    create(con)
    return before
