"""``warta batch``: the pipeline on a Dask cluster, writing Parquet partitions of the store.

A corpus too large for one machine is cut into partitions (a range of items of one input file,
or a group of one-article files; :mod:`warta.batch.plan`), each processed by a Dask worker
that loads the pipeline once (:mod:`warta.batch.partition`) and writes one Parquet file per
store table plus a ``_done/<id>`` marker, written last. A rerun skips every partition that has
its marker, so a crash or a lost worker only redoes what is missing
(:mod:`warta.batch.run`). ``warta ingest --parquet DIR`` (:func:`load_parquet`) brings the
output into a store and runs the cross-article dedup and aggregation.

Dask is an optional extra (``pip install 'warta[batch]'``); importing this package does not
import it.

Example::

    from warta.batch import run_batch, load_parquet
    stats = run_batch(["../shared/data/news"], "out/", workers=2)
    with Store("warta.duckdb") as store:
        load_parquet(store, "out/")
"""

from __future__ import annotations

from warta.batch.load import LoadStats, load_parquet
from warta.batch.partition import (
    BatchSettings,
    PartitionResult,
    is_done,
    pipeline_for,
    process_partition,
)
from warta.batch.plan import Partition, Plan, make_plan
from warta.batch.run import BatchStats, render_summary, run_batch

__all__ = [
    "BatchSettings",
    "BatchStats",
    "LoadStats",
    "Partition",
    "PartitionResult",
    "Plan",
    "is_done",
    "load_parquet",
    "make_plan",
    "pipeline_for",
    "process_partition",
    "render_summary",
    "run_batch",
]
