"""Bring ``warta batch`` output into a store: ``warta ingest --parquet DIR``.

Only partitions with a ``_done`` marker are read (a partition killed half way is ignored). An
article already in the store, or repeated in another partition, is kept once: the first by
input order (``seq``). Near duplicates are linked exactly as ``warta ingest`` links them, in
input order, from the MinHash signatures the workers computed; then the store's
cross-article aggregation (merged entities, stories) is refreshed. Loading the same output
twice is a no-op.

Example::

    with Store("warta.duckdb") as store:
        stats = load_parquet(store, "out")
    stats.stored, stats.duplicate, stats.near_duplicate   # (649, 151, 12)
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.batch.partition import DONE_DIR, TABLES, part_name
from warta.errors import WartaError
from warta.store import schema
from warta.store.db import Store
from warta.store.dedupe import NearDuplicates

_PID = r"part-([0-9a-f]+)\.parquet$"


@dataclass
class LoadStats:
    """What a load did: partitions read, article rows found, stored, and left out."""

    partitions: int = 0
    rows: int = 0
    stored: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    elapsed: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "rows": self.rows,
            "stored": self.stored,
            "duplicate": self.duplicate,
            "near_duplicate": self.near_duplicate,
            "elapsed_s": round(self.elapsed, 3),
        }


def done_partitions(directory: str | os.PathLike[str]) -> list[str]:
    """Ids of the finished partitions in ``directory``, sorted; checks their schema version."""
    d = Path(directory)
    done = d / DONE_DIR
    if not d.is_dir():
        raise WartaError(f"{d}: no such folder")
    if not done.is_dir():
        raise WartaError(f"{d}: not warta batch output (no {DONE_DIR}/ folder)")
    ids = sorted(p.name for p in done.iterdir() if p.is_file() and not p.name.startswith("."))
    for part_id in ids:
        try:
            marker = json.loads((done / part_id).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WartaError(f"{done / part_id}: unreadable marker: {exc}") from None
        version = marker.get("schema_version")
        if version != schema.SCHEMA_VERSION:
            raise WartaError(
                f"{d}: written with store schema version {version}, this warta uses "
                f"{schema.SCHEMA_VERSION}: rerun warta batch into a new folder"
            )
    return ids


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _columns(con: Any, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def load_parquet(store: Store, directory: str | os.PathLike[str]) -> LoadStats:
    """Load every finished partition of ``warta batch`` output in ``directory`` into
    ``store`` (one transaction), then refresh the cross-article aggregates."""
    began = time.perf_counter()
    d = Path(directory)
    ids = done_partitions(d)
    stats = LoadStats(partitions=len(ids))
    if not ids:
        stats.elapsed = time.perf_counter() - began
        return stats
    files: dict[str, list[Path]] = {}
    for table in TABLES:
        files[table] = [d / table / part_name(i) for i in ids]
        missing = [p for p in files[table] if not p.is_file()]
        if missing:
            raise WartaError(f"{missing[0]}: missing although its partition is marked done")
    con = store.con
    sources = {t: f"read_parquet({_sql_list(files[t])}, filename = true)" for t in TABLES}
    for table in TABLES:
        found = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {sources[table]}").fetchall()]
        want = _columns(con, table)
        if [c for c in found if c != "filename"] != want:
            raise WartaError(f"{d}/{table}: columns {found} do not match the store's {want}")

    rows = con.execute(
        f"SELECT hash, regexp_extract(filename, '{_PID}', 1), seq FROM {sources['articles']} "
        "ORDER BY seq, filename"
    ).fetchall()
    stats.rows = len(rows)
    known = store.known_hashes()
    keep: list[tuple[str, str]] = []
    for hash_, pid, _seq in rows:
        if hash_ in known:
            stats.duplicate += 1
            continue
        known.add(hash_)
        keep.append((hash_, pid))
    sigs: dict[tuple[str, str], bytes] = {
        (h, p): s
        for h, p, s in con.execute(
            f"SELECT article, regexp_extract(filename, '{_PID}', 1), signature "
            f"FROM {sources['minhashes']}"
        ).fetchall()
    }
    near: NearDuplicates | None = None
    canonical_here: dict[str, str] = {}
    canonical: list[str | None] = []
    similarity: list[float | None] = []
    for hash_, pid in keep:
        sig = sigs.get((hash_, pid))
        link: tuple[str, float] | None = None
        if sig is not None:
            if near is None:
                near = NearDuplicates()
                for key, old in store.signatures():
                    near.add(key, old)
            match = near.find(sig)
            if match is not None:
                root = canonical_here.get(match[0]) or store.canonical_of(match[0]) or match[0]
                canonical_here[hash_] = root
                link = (root, round(match[1], 4))
                stats.near_duplicate += 1
            near.add(hash_, sig)
        canonical.append(link[0] if link else None)
        similarity.append(link[1] if link else None)
    stats.stored = len(keep)
    if not keep:
        store.refresh()
        stats.elapsed = time.perf_counter() - began
        return stats

    first = store.next_seq()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _batch_keep AS SELECT unnest(?::VARCHAR[]) AS hash, "
            "unnest(?::VARCHAR[]) AS pid, unnest(?::BIGINT[]) AS seq, "
            "unnest(?::VARCHAR[]) AS canonical, unnest(?::DOUBLE[]) AS similarity",
            [
                [h for h, _ in keep],
                [p for _, p in keep],
                list(range(first, first + len(keep))),
                canonical,
                similarity,
            ],
        )
        override = {"seq": "k.seq", "canonical": "k.canonical", "similarity": "k.similarity"}
        cols = _columns(con, "articles")
        select = ", ".join(override.get(c, f'b."{c}"') for c in cols)
        target = ", ".join(f'"{c}"' for c in cols)
        con.execute(
            f"INSERT INTO articles ({target}) SELECT {select} FROM {sources['articles']} b "
            f"JOIN _batch_keep k ON b.hash = k.hash "
            f"AND regexp_extract(b.filename, '{_PID}', 1) = k.pid ORDER BY k.seq"
        )
        for table in TABLES:
            if table in ("articles", "duplicates"):
                continue
            cols = _columns(con, table)
            target = ", ".join(f'"{c}"' for c in cols)
            select = ", ".join(f'b."{c}"' for c in cols)
            con.execute(
                f"INSERT INTO {table} ({target}) SELECT {select} FROM {sources[table]} b "
                f"JOIN _batch_keep k ON b.article = k.hash "
                f"AND regexp_extract(b.filename, '{_PID}', 1) = k.pid"
            )
        con.execute(
            "INSERT INTO duplicates (article, canonical, similarity) "
            "SELECT hash, canonical, similarity FROM _batch_keep WHERE canonical IS NOT NULL"
        )
        con.execute("DROP TABLE _batch_keep")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    store.refresh()
    stats.elapsed = time.perf_counter() - began
    return stats
