"""The warta store: one DuckDB file holding article records and their tables.

:class:`Store` opens (and creates or migrates) the file, answers which content hashes it
holds, writes a batch of extracted articles in one transaction, and refreshes the
cross-article aggregates (entity merging, story clustering; :mod:`warta.store.aggregate`).

Example::

    with Store("warta.duckdb") as store:
        store.write_batch([stored])   # all of the batch, or nothing
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from warta.errors import MissingExtraError, WartaError
from warta.store import schema
from warta.store.rows import article_row, article_rows

#: Default store file, in the working directory.
DEFAULT_DB = "warta.duckdb"


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingExtraError("the store", "duckdb", "ingest") from None
    return duckdb


@dataclass
class StoredArticle:
    """One extracted article ready to write: its record dict and what the reader knew."""

    hash: str
    ref: str
    record: dict[str, Any]
    signature: bytes | None = None
    author: str | None = None
    site: str | None = None
    canonical: str | None = None
    similarity: float | None = None


def connect(path: str | os.PathLike[str], read_only: bool = False) -> Any:
    """A DuckDB connection to the store at ``path``, with one-line errors for the usual
    failures (missing file when reading, a file locked by a running ingest, not a DuckDB
    file)."""
    duckdb = _duckdb()
    path = Path(path)
    if read_only and not path.exists():
        raise WartaError(f"{path}: no such store (run 'warta ingest' first, or pass --db)")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise WartaError(
                f"{path}: the store is in use by another process (an ingest still running?)"
            ) from None
        raise WartaError(f"{path}: cannot open the store: {msg.splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise WartaError(f"{path}: not a warta store: {str(exc).splitlines()[0]}") from None


class Store:
    """A writable warta store. Opening creates the tables, or migrates an older layout."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB) -> None:
        self.path = Path(path)
        self.con = connect(self.path)
        try:
            schema.migrate(self.con)
        except RuntimeError as exc:
            self.con.close()
            raise WartaError(f"{self.path}: {exc}") from None
        self._types: dict[str, list[tuple[str, str]]] = {}

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ------------------------------------------------------------------ reading

    def known_hashes(self) -> set[str]:
        """Content hashes of every stored article (the no-op test of a re-ingest)."""
        return {row[0] for row in self.con.execute("SELECT hash FROM articles").fetchall()}

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(hash, MinHash signature) of every stored article that has one, in ingest order."""
        cur = self.con.execute(
            "SELECT m.article, m.signature FROM minhashes m JOIN articles a ON a.hash = m.article "
            "ORDER BY a.seq"
        )
        while rows := cur.fetchmany(10_000):
            yield from rows

    def next_seq(self) -> int:
        row = self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()
        return int(row[0]) + 1

    def canonical_of(self, hash_: str) -> str | None:
        row = self.con.execute("SELECT canonical FROM articles WHERE hash = ?", [hash_]).fetchone()
        return None if row is None else row[0]

    # ------------------------------------------------------------------ writing

    def _columns(self, table: str) -> tuple[list[str], list[str]]:
        if table not in self._types:
            rows = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            self._types[table] = rows
        rows = self._types[table]
        return [r[0] for r in rows], [r[1] for r in rows]

    def _insert(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert ``rows`` into the first columns of ``table``, column-wise (one ``unnest`` per
        column: far faster than ``executemany``); later columns keep their defaults."""
        if not rows:
            return
        names, types = self._columns(table)
        columns = [list(col) for col in zip(*rows, strict=True)]
        target = ", ".join(f'"{name}"' for name in names[: len(columns)])
        select = ", ".join(f"unnest(${i + 1}::{types[i]}[])" for i in range(len(columns)))
        self.con.execute(f"INSERT INTO {table} ({target}) SELECT {select}", columns)

    def insert_rows(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (as :func:`~warta.store.rows.article_rows` gives them) into
        ``table`` inside the caller's transaction; ``warta doctor --fix`` rebuilds with it."""
        self._insert(table, rows)

    def write_batch(self, batch: Sequence[StoredArticle]) -> None:
        """Write ``batch`` in one transaction: every article with all its rows, or none."""
        if not batch:
            return
        seq = self.next_seq()
        tables: dict[str, list[tuple[Any, ...]]] = {}
        articles: list[tuple[Any, ...]] = []
        minhashes: list[tuple[Any, ...]] = []
        duplicates: list[tuple[Any, ...]] = []
        for i, item in enumerate(batch):
            articles.append(
                article_row(
                    item.record,
                    item.hash,
                    seq + i,
                    item.ref,
                    item.author,
                    item.site,
                    item.canonical,
                    item.similarity,
                )
            )
            if item.signature is not None:
                minhashes.append((item.hash, item.signature))
            if item.canonical is not None:
                duplicates.append((item.hash, item.canonical, item.similarity or 0.0))
            for table, rows in article_rows(item.record, item.hash).items():
                tables.setdefault(table, []).extend(rows)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("articles", articles)
            self._insert("minhashes", minhashes)
            self._insert("duplicates", duplicates)
            for table, rows in tables.items():
                self._insert(table, rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def delete(self, hashes: Sequence[str]) -> None:
        """Remove articles and all their rows (one transaction)."""
        self.con.execute("BEGIN TRANSACTION")
        for table in schema.CHILD_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE article IN (SELECT unnest(?))", [hashes])
        self.con.execute("DELETE FROM articles WHERE hash IN (SELECT unnest(?))", [hashes])
        self.con.execute("COMMIT")

    def refresh(self, force: bool = False) -> bool:
        """Recompute cross-article aggregates when new rows lack them (or ``force``).

        Returns whether anything was recomputed."""
        from warta.store.aggregate import needs_refresh, refresh

        if not force and not needs_refresh(self.con):
            return False
        refresh(self.con)
        return True
