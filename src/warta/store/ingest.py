"""``warta ingest``: read many inputs, extract each new article once, store it in batches.

Flow: the readers (:mod:`warta.io.readers`) stream raw articles; each is keyed by its content
hash, and one already stored (or already seen in this run) is counted as a duplicate without
being extracted, which makes a re-ingest a fast no-op. New articles go, in chunks, to a pool
of worker processes that each load the pipeline once and return the record plus a MinHash
signature; this process is the one writer: it links near duplicates to their canonical
article and commits every ``batch_size`` articles in one transaction. Killing the run at any
moment loses only the uncommitted batch, and a rerun extracts exactly the articles that are
not stored yet.

Example::

    stats = ingest(["../shared/data/news"], "warta.duckdb", workers=2)
    stats.stored, stats.duplicate, stats.skipped   # (649, 151, 1) on the Detik corpus
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import WartaError
from warta.io.readers import RawArticle, ReadOptions, Skipped, count_inputs, read_inputs
from warta.io.text import add_notices
from warta.limits import DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET
from warta.progress import rich_bar
from warta.store.db import Store, StoredArticle
from warta.store.dedupe import NearDuplicates, signature
from warta.store.rows import content_hash

#: Articles handed to a worker at a time.
CHUNK = 4


@dataclass
class IngestStats:
    """What an ingest did: counts, skip reasons, and timings (seconds)."""

    read: int = 0
    stored: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    elapsed: float = 0.0
    #: Seconds from the start until the first extracted article came back (model loading).
    warmup: float | None = None
    workers: int = 1

    def rate(self) -> float:
        """Stored articles per second over the whole run."""
        return self.stored / self.elapsed if self.elapsed else 0.0

    def steady_rate(self) -> float | None:
        """Stored articles per second after the first result (model loading left out)."""
        if self.warmup is None or self.elapsed - self.warmup <= 0 or self.stored < 2:
            return None
        return (self.stored - 1) / (self.elapsed - self.warmup)

    def skip(self, item: Skipped) -> None:
        self.skipped += 1
        reason = _reason_class(item.reason)
        self.reasons[reason] += 1
        self.examples.setdefault(reason, f"{item.ref}: {item.reason}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicate": self.duplicate,
            "near_duplicate": self.near_duplicate,
            "skipped": self.skipped,
            "skip_reasons": dict(self.reasons),
            "elapsed_s": round(self.elapsed, 3),
            "warmup_s": None if self.warmup is None else round(self.warmup, 3),
            "workers": self.workers,
        }


def _reason_class(reason: str) -> str:
    """A reason without its specifics, to group skips: "invalid JSON: Expecting ','…" ->
    "invalid JSON"."""
    head = reason.split(":", 1)[0].split(" (", 1)[0]
    return head.strip() or reason


# ----------------------------------------------------------------------------- workers

_PIPELINE: Any = None
_PIPELINE_NER: tuple[Any, ...] | None = None
_WANTED_NER: str | None = "default"
#: ``(max_chars, time_budget)`` of the pipeline (:mod:`warta.limits`).
_LIMITS: tuple[int | None, float | None] = (DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET)


def _init_worker(
    ner: str | None,
    eager: bool = True,
    limits: tuple[int | None, float | None] = (DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET),
) -> None:
    """Say which pipeline this process extracts with; load it now when ``eager`` (pool
    workers warm up while the reader starts), else on the first text that needs it."""
    global _WANTED_NER, _LIMITS
    _WANTED_NER, _LIMITS = ner, limits
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if eager:
        _pipeline()


def _pipeline() -> Any:
    """The pipeline, loaded once per process (kept for later ingests with the same NER)."""
    global _PIPELINE, _PIPELINE_NER
    if _PIPELINE is None or (_WANTED_NER, _LIMITS) != _PIPELINE_NER:
        import warta
        from warta.pipeline import freeze_loaded_objects

        _PIPELINE = warta.load(ner=_WANTED_NER, max_chars=_LIMITS[0], time_budget=_LIMITS[1])
        _PIPELINE_NER = (_WANTED_NER, _LIMITS)
        signature("warm up")  # imports datasketch now, not while the first article waits
        freeze_loaded_objects()
    return _PIPELINE


def loaded_pipeline() -> Any:
    """The pipeline ``ingest`` extracts with in this process (loaded now if not yet), e.g.
    to serve ``POST /api/extract`` without loading a second one."""
    return _pipeline()


@dataclass
class _Task:
    hash: str
    raw: RawArticle


def stored_article(
    raw: RawArticle, key: str, extract: Callable[..., Any]
) -> StoredArticle | Skipped:
    """One raw article as the store keeps it (``warta ingest`` and ``warta batch`` alike).

    Input: the reader's article, its content hash ``key`` and the pipeline's ``extract``;
    output: the record with the reading notices first ("encoding", "truncated"), its MinHash
    signature and the reader's metadata, or a :class:`Skipped` with the reason when the
    extraction fails (one article's failure must not stop a corpus). A record read from a
    JSON Lines export is kept as it is, not extracted again.
    """
    try:
        if raw.record is not None:
            from warta.record import Article

            record = Article.from_dict(raw.record).to_dict()
        else:
            record = extract(
                raw.text,
                published=raw.published,
                source_url=raw.url,
                title=raw.title,
                id=raw.id or key[:16],
            ).to_dict()
            add_notices(record, raw.notices)
    except Exception as exc:
        message = str(exc).splitlines()[0] if str(exc) else ""
        return Skipped(raw.ref, f"extraction failed: {type(exc).__name__}: {message}"[:300])
    return StoredArticle(
        hash=key,
        ref=raw.ref,
        record=record,
        signature=signature(raw.text),
        author=raw.author,
        site=raw.site,
    )


def _process(task: _Task) -> StoredArticle | Skipped:
    return stored_article(task.raw, task.hash, lambda *a, **k: _pipeline().extract(*a, **k))


def _process_chunk(chunk: Sequence[_Task]) -> list[StoredArticle | Skipped]:
    return [_process(task) for task in chunk]


def _chunks(tasks: Iterable[_Task], size: int) -> Iterator[list[_Task]]:
    chunk: list[_Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_pool(
    tasks: Iterable[_Task],
    workers: int,
    ner: str | None,
    limits: tuple[int | None, float | None] = (DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET),
) -> Iterator[StoredArticle | Skipped]:
    """Results in input order; at most ``4 * workers`` chunks in flight (bounded memory).

    Nothing is loaded or started until the first task arrives, so a re-ingest that finds
    every article stored never loads the pipeline."""
    tasks = iter(tasks)
    first = next(tasks, None)
    if first is None:
        return
    tasks = itertools.chain([first], tasks)
    if workers <= 1:
        _init_worker(ner, eager=False, limits=limits)
        for task in tasks:
            yield _process(task)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(ner, True, limits)
    ) as pool:
        window: deque[Future[list[StoredArticle | Skipped]]] = deque()
        try:
            for chunk in _chunks(tasks, CHUNK):
                window.append(pool.submit(_process_chunk, chunk))
                while len(window) >= 4 * workers:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        except BrokenProcessPool:
            raise WartaError(
                "a worker process died (out of memory?); what was committed is kept: "
                "rerun the same command to continue"
            ) from None


# ----------------------------------------------------------------------------- ingest


class _Progress:
    """A rich progress bar (rate, ETA) on a terminal; one line per batch otherwise."""

    def __init__(self, total: int | None, enabled: bool, log: Callable[[str], None]) -> None:
        self.enabled = enabled
        self.log = log
        self.bar: Any = None
        self.task: Any = None
        if enabled and sys.stderr.isatty():
            self.bar = rich_bar(
                "ingest", "{task.fields[rate]} art/s", "stored {task.fields[stored]}"
            )
            self.task = self.bar.add_task("ingest", total=total, rate="-", stored=0)
        self.start = time.perf_counter()

    def update(self, stats: IngestStats, committed: bool) -> None:
        elapsed = time.perf_counter() - self.start
        rate = f"{stats.stored / elapsed:.1f}" if elapsed > 0 else "-"
        if self.bar is not None:
            done = stats.stored + stats.duplicate + stats.skipped
            self.bar.update(self.task, completed=done, rate=rate, stored=stats.stored)
        elif self.enabled and committed:
            self.log(
                f"ingest: committed {stats.stored} stored, {stats.duplicate} duplicate, "
                f"{stats.skipped} skipped ({rate} art/s)"
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def ingest(
    paths: Sequence[str],
    db: str | os.PathLike[str] = "warta.duckdb",
    *,
    workers: int = 1,
    options: ReadOptions | None = None,
    ner: str | None = "default",
    batch_size: int = 50,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> IngestStats:
    """Ingest every article under ``paths`` into the store ``db``; return what happened.

    ``workers`` processes extract in parallel (1: in this process); ``ner`` is passed to
    :func:`warta.load` (None: no NER model). ``batch_size`` articles are committed at a time.
    ``on_skip`` is called with every skipped input (``warta ingest --skipped-report``).
    Texts are cut at ``options.max_chars`` (when read, and by the pipeline); ``time_budget``
    is the pipeline's seconds per article (:mod:`warta.limits`).
    """
    options = options or ReadOptions()
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    stats = IngestStats(workers=workers)
    start = time.perf_counter()
    with Store(Path(db)) as store:
        known = store.known_hashes()
        total = count_inputs(paths, options) if progress else None
        bar = _Progress(total, progress, log)
        near: NearDuplicates | None = None
        batch: list[StoredArticle] = []
        canonical_here: dict[str, str] = {}

        def tasks() -> Iterator[_Task]:
            for item in read_inputs(paths, options):
                if isinstance(item, Skipped):
                    stats.skip(item)
                    if on_skip is not None:
                        on_skip(item)
                    continue
                stats.read += 1
                key = content_hash(item.text)
                if key in known:
                    stats.duplicate += 1
                    if stats.duplicate % 200 == 0:
                        bar.update(stats, committed=False)
                    continue
                known.add(key)
                yield _Task(key, item)

        def flush() -> None:
            if batch:
                store.write_batch(batch)
                batch.clear()
                bar.update(stats, committed=True)

        try:
            limits = (options.max_chars, time_budget)
            for result in _run_pool(tasks(), workers, ner, limits):
                if stats.warmup is None:
                    stats.warmup = time.perf_counter() - start
                if isinstance(result, Skipped):
                    stats.skip(result)
                    if on_skip is not None:
                        on_skip(result)
                    continue
                if result.signature is not None:
                    if near is None:
                        near = NearDuplicates()
                        for key, sig in store.signatures():
                            near.add(key, sig)
                    match = near.find(result.signature)
                    if match is not None:
                        canonical = (
                            canonical_here.get(match[0]) or store.canonical_of(match[0]) or match[0]
                        )
                        canonical_here[result.hash] = canonical
                        result.canonical, result.similarity = canonical, round(match[1], 4)
                        stats.near_duplicate += 1
                    near.add(result.hash, result.signature)
                stats.stored += 1
                batch.append(result)
                if len(batch) >= batch_size:
                    flush()
            flush()
        finally:
            bar.update(stats, committed=False)
            bar.close()
        store.refresh()
    stats.elapsed = time.perf_counter() - start
    return stats


def render_summary(stats: IngestStats, db: str | os.PathLike[str], console: Any) -> None:
    """Print the end-of-run summary table of :func:`ingest`."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"ingest into {db}"), show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    table.add_row("read", str(stats.read))
    table.add_row("stored", str(stats.stored))
    table.add_row("  of which near duplicates", str(stats.near_duplicate))
    table.add_row("duplicate (already stored)", str(stats.duplicate))
    table.add_row("skipped", str(stats.skipped))
    for reason, n in stats.reasons.most_common():
        table.add_row(Text(f"  {reason}"), str(n))
    rate = stats.steady_rate()
    timing = f"{stats.elapsed:.1f} s, {stats.rate():.1f} art/s"
    if rate is not None:
        timing += f" ({rate:.1f} art/s after model loading)"
    table.add_row("time", timing)
    console.print(table)
    from rich.markup import escape

    for example in stats.examples.values():
        console.print(f"[dim]skipped, e.g. {escape(example)}[/dim]", highlight=False)
