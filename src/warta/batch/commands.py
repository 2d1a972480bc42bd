"""The ``warta batch`` and ``warta ingest --parquet`` commands: arguments in, one library call.

Example: ``warta batch ../shared/data/news --out out --workers 2`` then
``warta ingest --parquet out --db warta.duckdb``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from warta.errors import WartaError
from warta.limits import DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET


def run_batch_command(
    paths: Sequence[str],
    out: str,
    scheduler: str | None,
    workers: int | None,
    partition_size: int,
    text_col: str | None,
    title_col: str | None,
    date_col: str | None,
    url_col: str | None,
    id_col: str | None,
    date_order: str,
    format: str | None,
    encoding: str | None,
    no_ner: bool,
    quiet: bool,
    as_json: bool,
    max_chars: int = DEFAULT_MAX_CHARS,
    time_budget: float = DEFAULT_TIME_BUDGET,
) -> None:
    """``warta batch``: run :func:`warta.batch.run.run_batch` and print its summary; exit
    status 2 (one line) when some partitions failed, so scripts can rerun."""
    from rich.console import Console

    from warta.batch.partition import BatchSettings
    from warta.batch.run import render_summary, run_batch
    from warta.io.readers import ReadOptions

    if scheduler is not None and workers is not None:
        raise WartaError("--scheduler and --workers exclude each other")
    options = ReadOptions(
        text_col=text_col,
        title_col=title_col,
        date_col=date_col,
        url_col=url_col,
        id_col=id_col,
        date_order=date_order,  # type: ignore[arg-type]
        encoding=encoding,
        format=format,
        max_chars=max_chars,
    )
    settings = BatchSettings(
        options=options,
        ner=None if no_ner else "default",
        max_chars=max_chars,
        time_budget=time_budget,
    )
    stats = run_batch(
        list(paths),
        out,
        scheduler=scheduler,
        workers=workers,
        partition_size=partition_size,
        settings=settings,
        progress=not quiet,
    )
    if as_json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        render_summary(stats, out, Console(stderr=True))
    if stats.failed:
        part_id, error = stats.failed[0]
        raise WartaError(
            f"{len(stats.failed)} of {stats.partitions} partitions failed (first: {part_id}: "
            f"{error}); rerun the same command to redo only those"
        )


def run_ingest_parquet(directory: str, db: str, quiet: bool, as_json: bool) -> None:
    """``warta ingest --parquet DIR``: load finished batch partitions into the store ``db``."""
    from warta.batch.load import load_parquet
    from warta.store.db import Store

    if not Path(directory).is_dir():
        raise WartaError(f"{directory}: no such folder")
    with Store(db) as store:
        stats = load_parquet(store, directory)
    if as_json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        print(
            f"loaded {stats.partitions} partitions from {directory} into {db}: "
            f"{stats.stored} stored ({stats.near_duplicate} near duplicates), "
            f"{stats.duplicate} already stored or repeated; {stats.elapsed:.1f} s",
            file=sys.stderr,
        )
