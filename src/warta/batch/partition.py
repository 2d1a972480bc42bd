"""One partition of ``warta batch``: read its items, extract each article, write Parquet.

Runs on a Dask worker (or in this process). The pipeline comes from a per-process cache
(:func:`pipeline_for`), so a worker loads it once, however many partitions it runs. Rows are
built by the store itself: the partition's articles are written to a scratch
:class:`~warta.store.db.Store` on the worker's local disk (the same ``write_batch`` as
``warta ingest``), and each table is copied out to ``OUT/<table>/part-<id>.parquet``. Every
file is written under a temporary hidden name and renamed into place; the marker
``OUT/_done/<id>`` (JSON: what the partition read, stored and skipped) is written last, so a
partition without its marker is redone.

Example: ``process_partition(part, "out", BatchSettings())`` on items 0-99 of the Detik CSV
writes ``out/articles/part-<id>.parquet`` with 100 rows (fewer when rows repeat) and
``out/entities/part-<id>.parquet`` with their entities, then ``out/_done/<id>``.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.batch.plan import Partition, read_segment
from warta.errors import WartaError
from warta.io.readers import RawArticle, ReadOptions, Skipped
from warta.limits import DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET
from warta.store import schema
from warta.store.db import Store, StoredArticle
from warta.store.dedupe import signature
from warta.store.ingest import stored_article
from warta.store.rows import content_hash

#: Store tables written per partition: the articles and their per-article rows (the store
#: derives its other tables, such as ``stories``, when it loads them).
TABLES: tuple[str, ...] = ("articles", *schema.CHILD_TABLES)
DONE_DIR = "_done"
#: A short article (written for warta) extracted once when a process loads the pipeline.
WARM_UP = (
    "Jakarta - Presiden Joko Widodo meresmikan jembatan baru di Surabaya, Jawa Timur, pada "
    'Senin (6/1). "Jembatan ini dibangun selama dua tahun," kata Menteri PUPR. Sebanyak 1.200 '
    "warga hadir dan tiga orang luka ringan."
)
#: Articles held in memory before they are written to the partition's temporary store.
FLUSH_EVERY = 100


@dataclass(frozen=True)
class BatchSettings:
    """What every worker needs to process a partition: read options and pipeline settings
    (passed to :func:`warta.load`)."""

    options: ReadOptions = field(default_factory=ReadOptions)
    ner: str | None = "default"
    max_chars: int | None = DEFAULT_MAX_CHARS
    time_budget: float | None = DEFAULT_TIME_BUDGET

    def pipeline_key(self) -> tuple[Any, ...]:
        return (self.ner, self.max_chars, self.time_budget)


@dataclass
class PartitionResult:
    """What one partition did (also the content of its ``_done`` marker)."""

    id: str
    items: int = 0
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    #: CPU seconds of the worker process while it ran this partition (steadier than
    #: ``seconds`` on a shared machine; includes the worker's own background threads).
    cpu_seconds: float = 0.0
    worker: str = ""
    #: Pipelines the worker process had built when it finished this partition (1: loaded once).
    loads: int = 0
    already_done: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "items": self.items,
            "read": self.read,
            "stored": self.stored,
            "duplicate": self.duplicate,
            "skipped": self.skipped,
            "reasons": dict(self.reasons),
            "examples": self.examples,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "worker": self.worker,
            "loads": self.loads,
            "schema_version": schema.SCHEMA_VERSION,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartitionResult:
        return cls(
            id=data["id"],
            items=data.get("items", 0),
            read=data.get("read", 0),
            stored=data.get("stored", 0),
            duplicate=data.get("duplicate", 0),
            skipped=data.get("skipped", 0),
            reasons=Counter(data.get("reasons") or {}),
            examples=dict(data.get("examples") or {}),
            seconds=data.get("seconds", 0.0),
            cpu_seconds=data.get("cpu_seconds", 0.0),
            worker=data.get("worker", ""),
            loads=data.get("loads", 0),
        )


# ----------------------------------------------------------------------------- pipeline cache

_PIPELINES: dict[tuple[Any, ...], Any] = {}
_LOCKS: dict[tuple[Any, ...], threading.Lock] = {}
_CACHE_LOCK = threading.Lock()
#: How many times this process built a pipeline (tests check: once per worker).
LOADS: list[tuple[Any, ...]] = []


def pipeline_for(settings: BatchSettings) -> Any:
    """This process's pipeline for ``settings``: built on first use, then reused by every
    partition the process runs (a Dask worker loads it once, not once per article)."""
    key = settings.pipeline_key()
    with _CACHE_LOCK:
        if key not in _PIPELINES:
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            import warta
            from warta.pipeline import freeze_loaded_objects

            nlp = warta.load(
                settings.ner, max_chars=settings.max_chars, time_budget=settings.time_budget
            )
            # What stages load on first use (the events stage's parser model, tables built
            # lazily) is loaded now, not inside the first article's time budget.
            try:
                from warta.syntax import load_parser

                load_parser()
            except (ImportError, WartaError):  # no parser shipped: events run without it
                pass
            nlp.extract(WARM_UP, published="2025-01-06")
            signature(WARM_UP)  # imports datasketch (and scipy) now, not in the first partition
            freeze_loaded_objects()
            _PIPELINES[key] = nlp
            _LOCKS[key] = threading.Lock()
            LOADS.append(key)
        return _PIPELINES[key]


def _extract(nlp: Any, lock: threading.Lock, key: str, raw: RawArticle) -> StoredArticle | Skipped:
    """The stored form of one article, exactly as ``warta ingest`` makes it."""

    def extract(*args: Any, **kwargs: Any) -> Any:
        with lock:  # one spaCy pipeline is not shared by two threads at once
            return nlp.extract(*args, **kwargs)

    return stored_article(raw, key, extract)


# ----------------------------------------------------------------------------- files


def part_name(part_id: str) -> str:
    return f"part-{part_id}.parquet"


def marker_path(out: str | os.PathLike[str], part_id: str) -> Path:
    return Path(out) / DONE_DIR / part_id


def is_done(out: str | os.PathLike[str], part_id: str) -> bool:
    """Whether partition ``part_id`` finished in ``out`` (its marker exists)."""
    return marker_path(out, part_id).is_file()


def _tmp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.{uuid.uuid4().hex[:12]}.tmp")


def _clean_stale(out: Path, part_id: str) -> None:
    """Remove temporary files a killed run of this partition left behind."""
    for folder in (*TABLES, DONE_DIR):
        d = out / folder
        if d.is_dir():
            for stale in d.glob(f".{part_name(part_id) if folder != DONE_DIR else part_id}.*.tmp"):
                stale.unlink(missing_ok=True)


def write_atomic(final: Path, write: Any) -> None:
    """Call ``write(tmp_path)`` then rename the file to ``final``: readers see the whole file
    or none. The temporary file is removed when ``write`` fails."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(final)
    try:
        write(tmp)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy_table(con: Any, table: str, dest: Path) -> None:
    order = "seq" if table == "articles" else "article"
    if table in ("entities", "counts", "quotes", "dates", "events", "checks"):
        order = "article, idx"
    elif table == "mentions":
        order = 'article, entity_id, "start"'
    path = str(dest).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{path}' (FORMAT parquet)")


_SCRATCH = threading.local()


def _worker_directory() -> str | None:
    """The running Dask worker's local directory, or None outside a worker."""
    try:
        from distributed import get_worker

        return str(get_worker().local_directory)
    except (ImportError, ValueError, AttributeError):
        return None


def _scratch_store() -> Store:
    """This thread's scratch store: a DuckDB file in a worker-local temporary folder, created
    once and emptied between partitions (removed when the process exits)."""
    store: Store | None = getattr(_SCRATCH, "store", None)
    if store is None:
        # Inside a Dask worker the folder goes into the worker's own local directory, which
        # the nanny removes when the worker ends: a worker process does not run atexit hooks,
        # so a folder in $TMPDIR would be left behind by every run.
        folder = tempfile.mkdtemp(prefix="warta-batch-", dir=_worker_directory())
        atexit.register(shutil.rmtree, folder, True)
        store = Store(Path(folder) / "rows.duckdb")
        store.con.execute("SET threads = 1")
        _SCRATCH.store = store
    for table in TABLES:
        store.con.execute(f"DELETE FROM {table}")
    return store


class _Rows:
    """The partition's rows, in the worker's scratch store on local disk (memory stays flat
    however large the partition): ``add`` buffers articles, ``flush`` writes them with the
    store's own ``write_batch`` and sets their batch ``seq``."""

    def __init__(self) -> None:
        self.store = _scratch_store()
        self.batch: list[StoredArticle] = []
        self.seqs: list[int] = []

    def add(self, item: StoredArticle, seq: int) -> None:
        self.batch.append(item)
        self.seqs.append(seq)
        if len(self.batch) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        self.store.write_batch(self.batch)
        self.store.con.execute(
            "UPDATE articles SET seq = m.seq FROM "
            "(SELECT unnest(?::VARCHAR[]) AS hash, unnest(?::BIGINT[]) AS seq) m "
            "WHERE articles.hash = m.hash",
            [[item.hash for item in self.batch], self.seqs],
        )
        self.batch, self.seqs = [], []

    def write(self, out: Path, part_id: str) -> None:
        self.flush()
        for table in TABLES:
            write_atomic(
                out / table / part_name(part_id),
                lambda tmp, table=table: _copy_table(self.store.con, table, tmp),
            )

    def close(self) -> None:
        for table in TABLES:
            self.store.con.execute(f"DELETE FROM {table}")


def _reason_class(reason: str) -> str:
    head = reason.split(":", 1)[0].split(" (", 1)[0]
    return head.strip() or reason


def process_partition(
    part: Partition, out: str | os.PathLike[str], settings: BatchSettings
) -> PartitionResult:
    """Extract every article of ``part`` and write its Parquet files and marker into ``out``.

    A partition whose marker already exists is not redone (``already_done`` is set). An
    article seen twice in the partition (same content hash) is stored once; across partitions
    ``load_parquet`` keeps the first.
    """
    out = Path(out)
    if is_done(out, part.id):
        return PartitionResult(part.id, items=part.size, already_done=True)
    began = time.perf_counter()
    began_cpu = time.process_time()
    result = PartitionResult(
        part.id, items=part.size, worker=f"{socket.gethostname()}:{os.getpid()}"
    )
    (out / DONE_DIR).mkdir(parents=True, exist_ok=True)
    _clean_stale(out, part.id)
    nlp = pipeline_for(settings)
    lock = _LOCKS[settings.pipeline_key()]
    rows = _Rows()
    seen: set[str] = set()
    n = 0
    try:
        for source, start, stop in part.segments:
            for item in read_segment(source, start, stop, settings.options):
                seq = part.seq + n
                n += 1
                if isinstance(item, RawArticle):
                    result.read += 1
                    key = content_hash(item.text)
                    if key in seen:
                        result.duplicate += 1
                        continue
                    seen.add(key)
                    done = _extract(nlp, lock, key, item)
                else:
                    done = item
                if isinstance(done, Skipped):
                    result.skipped += 1
                    reason = _reason_class(done.reason)
                    result.reasons[reason] += 1
                    result.examples.setdefault(reason, f"{done.ref}: {done.reason}")
                    continue
                result.stored += 1
                rows.add(done, seq)
        rows.write(out, part.id)
    finally:
        rows.close()
    result.items = n
    result.seconds = time.perf_counter() - began
    result.cpu_seconds = time.process_time() - began_cpu
    result.loads = len(LOADS)
    blob = json.dumps(result.to_dict(), ensure_ascii=False, indent=1)
    write_atomic(marker_path(out, part.id), lambda tmp: tmp.write_text(blob, encoding="utf-8"))
    return result
