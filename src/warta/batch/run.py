"""Run the partitions of ``warta batch`` on Dask: a LocalCluster, or a scheduler's address.

The client plans the partitions (many-article files are counted by the workers), writes the
plan to ``OUT/_plan.json``, registers a worker plugin that loads the pipeline on every worker
(also on workers that join or restart later), and submits each partition without a ``_done``
marker as one task. Dask retries a task whose worker died; a partition that still fails is
reported and left for the next run. Progress is a rich bar (partitions, articles, rate, ETA)
on a terminal, a line per partition otherwise.

Example::

    stats = run_batch(["../shared/data/news"], "out", workers=2, partition_size=50)
    stats.done_now, stats.stored, stats.failed   # (16, 649, 0)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.batch.partition import (
    BatchSettings,
    PartitionResult,
    is_done,
    process_partition,
    write_atomic,
)
from warta.batch.plan import Partition, Plan, make_plan
from warta.errors import MissingExtraError, WartaError
from warta.progress import rich_bar
from warta.store import schema


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError("warta batch", "dask[distributed]", "batch") from None
    return distributed


@dataclass
class BatchStats:
    """What a batch run did: partitions (total, found done, done now, failed) and articles."""

    partitions: int = 0
    already_done: int = 0
    done_now: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    items: int = 0
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    workers: int = 0
    elapsed: float = 0.0
    #: Seconds from the start until the first partition came back (cluster start, plan, load).
    warmup: float | None = None

    def add(self, result: PartitionResult) -> None:
        if result.already_done:
            self.already_done += 1
            return
        self.done_now += 1
        self.read += result.read
        self.stored += result.stored
        self.duplicate += result.duplicate
        self.skipped += result.skipped
        self.reasons.update(result.reasons)
        for k, v in result.examples.items():
            self.examples.setdefault(k, v)

    def rate(self) -> float:
        """Stored articles per second over the whole run."""
        return self.stored / self.elapsed if self.elapsed else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "already_done": self.already_done,
            "done_now": self.done_now,
            "failed": [{"id": i, "error": e} for i, e in self.failed],
            "items": self.items,
            "read": self.read,
            "stored": self.stored,
            "duplicate": self.duplicate,
            "skipped": self.skipped,
            "skip_reasons": dict(self.reasons),
            "workers": self.workers,
            "elapsed_s": round(self.elapsed, 3),
            "warmup_s": None if self.warmup is None else round(self.warmup, 3),
        }


class _Progress:
    def __init__(self, total: int, enabled: bool, log: Callable[[str], None]) -> None:
        self.enabled, self.log, self.total = enabled, log, total
        self.bar: Any = None
        self.start = time.perf_counter()
        if enabled and sys.stderr.isatty():
            self.bar = rich_bar(
                "batch", "partitions · {task.fields[stored]} stored · {task.fields[rate]} art/s"
            )
            self.task = self.bar.add_task("batch", total=total, stored=0, rate="-")

    def update(self, stats: BatchStats, result: PartitionResult | None) -> None:
        elapsed = time.perf_counter() - self.start
        rate = f"{stats.stored / elapsed:.1f}" if elapsed > 0 else "-"
        done = stats.done_now + len(stats.failed)
        if self.bar is not None:
            self.bar.update(self.task, completed=done, stored=stats.stored, rate=rate)
        elif self.enabled and result is not None:
            self.log(
                f"batch: partition {result.id} done ({done}/{self.total}; "
                f"{stats.stored} stored, {rate} art/s)"
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _client(scheduler: str | None, workers: int | None, threads: int) -> tuple[Any, Any]:
    distributed = _distributed()
    if scheduler is not None:
        try:
            return distributed.Client(scheduler, timeout=30), None
        except (OSError, TimeoutError) as exc:
            raise WartaError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    import dask

    n = workers or max(1, os.cpu_count() or 1)
    # The workers' statistical profiler samples the task thread every 10 ms, a few percent
    # of the extraction's CPU time; a local run has no dashboard user to read it. (On a
    # cluster of your own, set it in the workers' Dask config: docs/batch.md.)
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = distributed.LocalCluster(
            n_workers=n,
            threads_per_worker=threads,
            processes=True,
            dashboard_address=":0",
            silence_logs=40,
        )
    return distributed.Client(cluster), cluster


def read_plan(out: Path) -> dict[str, Any]:
    """The ``_plan.json`` an earlier run left in ``out`` (empty when none or unreadable)."""
    try:
        data = json.loads((out / "_plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_plan(out: Path, plan: Plan, settings: BatchSettings) -> None:
    """``OUT/_plan.json``: every partition with its segments, and the store schema version."""
    blob = json.dumps(
        {
            "schema_version": schema.SCHEMA_VERSION,
            "ner": None if settings.ner is None else str(settings.ner),
            "counts": plan.counts,
            "partitions": [p.to_dict() for p in plan.partitions],
            "skipped": [{"ref": s.ref, "reason": s.reason} for s in plan.skipped],
        },
        ensure_ascii=False,
        indent=1,
    )
    write_atomic(out / "_plan.json", lambda tmp: tmp.write_text(blob, encoding="utf-8"))


def run_batch(
    paths: Sequence[str],
    out: str | os.PathLike[str],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    threads_per_worker: int = 1,
    partition_size: int = 100,
    settings: BatchSettings | None = None,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
    on_client: Callable[[Any], None] | None = None,
) -> BatchStats:
    """Run the pipeline over ``paths`` on Dask and write Parquet partitions into ``out``.

    ``scheduler`` is a Dask scheduler address ("tcp://10.0.0.5:8786"); without it a
    LocalCluster of ``workers`` processes (default: one per CPU) runs here. Partitions whose
    ``_done`` marker exists are skipped. ``on_client`` is called with the Dask client once
    the tasks are submitted (tests use it to kill a worker mid-run).
    """
    settings = settings or BatchSettings()
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    began = time.perf_counter()
    _distributed()  # fail early, naming the extra, when dask is not installed
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise WartaError(f"{out_dir}: --out must be a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = BatchStats()
    held: list[Any] = []  # [client, cluster], started on first need

    def client() -> Any:
        if not held:
            held.extend(_client(scheduler, workers, threads_per_worker))
            stats.workers = len(held[0].scheduler_info().get("workers", {}))
        return held[0]

    def mapper(fn: Callable[[str], int], xs: Sequence[str]) -> Iterable[int]:
        return client().gather(client().map(fn, xs, pure=False)) if xs else []

    try:
        plan = make_plan(
            paths,
            settings.options,
            partition_size,
            mapper=mapper,
            known_counts=read_plan(out_dir).get("counts"),
        )
        write_plan(out_dir, plan, settings)
        stats.partitions = len(plan.partitions)
        stats.items = plan.items
        for s in plan.skipped:
            reason = s.reason.split(" (", 1)[0]
            stats.skipped += 1
            stats.reasons[reason] += 1
            stats.examples.setdefault(reason, f"{s.ref}: {s.reason}")
        todo: list[Partition] = []
        for part in plan.partitions:
            if is_done(out_dir, part.id):
                stats.already_done += 1
            else:
                todo.append(part)
        if todo:
            _run_partitions(client(), todo, out_dir, settings, stats, progress, log, on_client)
    finally:
        if held:
            held[0].close()
            if held[1] is not None:
                held[1].close()
    stats.elapsed = time.perf_counter() - began
    return stats


def _run_partitions(
    client: Any,
    todo: list[Partition],
    out_dir: Path,
    settings: BatchSettings,
    stats: BatchStats,
    progress: bool,
    log: Callable[[str], None],
    on_client: Callable[[Any], None] | None,
) -> None:
    """Submit ``todo`` (one task per partition) and gather the results as they finish."""
    from distributed import as_completed

    from warta.batch.plugin import PipelinePlugin

    began = time.perf_counter()
    try:
        client.register_plugin(PipelinePlugin(settings))
    except WartaError as exc:  # e.g. a NER model folder that the workers cannot load
        raise WartaError(f"the Dask workers cannot load the pipeline: {exc}") from None
    except Exception as exc:  # e.g. a worker without warta, or with another version
        message = str(exc).splitlines()[0] if str(exc) else ""
        raise WartaError(
            f"the Dask workers cannot load the warta pipeline ({type(exc).__name__}: {message}); "
            "install the same warta with 'pip install warta[batch]' on every worker"
        ) from None
    bar = _Progress(len(todo), progress, log)
    try:
        futures = [
            client.submit(
                process_partition,
                part,
                str(out_dir.resolve()),
                settings,
                key=f"warta-partition-{part.id}",
                pure=False,
            )
            for part in todo
        ]
        by_key = {f.key: part for f, part in zip(futures, todo, strict=True)}
        if on_client is not None:
            on_client(client)
        for future in as_completed(futures):
            if stats.warmup is None:
                stats.warmup = time.perf_counter() - began
            try:
                result: PartitionResult = future.result()
            except Exception as exc:
                part = by_key[future.key]
                message = str(exc).splitlines()[0] if str(exc) else ""
                stats.failed.append((part.id, f"{type(exc).__name__}: {message}"[:300]))
                bar.update(stats, None)
                continue
            stats.add(result)
            bar.update(stats, result)
    finally:
        bar.close()


def render_summary(stats: BatchStats, out: str | os.PathLike[str], console: Any) -> None:
    """Print the end-of-run table of :func:`run_batch`."""
    from rich.table import Table

    table = Table(title=f"batch into {out}", show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    table.add_row("partitions", str(stats.partitions))
    table.add_row("  done before (skipped)", str(stats.already_done))
    table.add_row("  done now", str(stats.done_now))
    table.add_row("  failed", str(len(stats.failed)))
    table.add_row("read", str(stats.read))
    table.add_row("stored", str(stats.stored))
    table.add_row("duplicate (in a partition)", str(stats.duplicate))
    table.add_row("skipped", str(stats.skipped))
    for reason, n in stats.reasons.most_common():
        table.add_row(f"  {reason}", str(n))
    table.add_row("workers", str(stats.workers))
    table.add_row("time", f"{stats.elapsed:.1f} s, {stats.rate():.1f} art/s")
    console.print(table)
    for example in stats.examples.values():
        console.print(f"[dim]skipped, e.g. {example}[/dim]")
    for part_id, error in stats.failed[:5]:
        console.print(f"[red]partition {part_id} failed: {error}[/red]")
    if stats.failed:
        console.print("rerun the same command to retry the failed partitions")
