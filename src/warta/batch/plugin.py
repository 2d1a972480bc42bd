"""The Dask worker plugin of ``warta batch`` (imports ``distributed``: the batch extra).

Registered by :func:`warta.batch.run.run_batch`, it loads the pipeline on every worker as soon
as the worker starts, including workers that join later or that a nanny restarts after a
crash; partitions then find it in :func:`warta.batch.partition.pipeline_for`'s cache.

Example: ``client.register_plugin(PipelinePlugin(BatchSettings(ner=None)))``.
"""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from warta.batch.partition import BatchSettings, pipeline_for


class PipelinePlugin(WorkerPlugin):
    """Loads the warta pipeline for ``settings`` when a worker starts."""

    name = "warta-pipeline"

    def __init__(self, settings: BatchSettings) -> None:
        self.settings = settings

    def setup(self, worker: Any) -> None:
        pipeline_for(self.settings)
        # distributed times every garbage collection through a gc callback; spaCy allocates
        # enough to trigger thousands of them per partition, and on a 2-core machine this
        # made extraction in a worker ~20% slower (72 vs 58 ms/article, benchmarks/batch.py
        # set-up, 2026-11-29). warta reports its own timings, so the diagnosis is turned off.
        from distributed.gc import disable_gc_diagnosis

        disable_gc_diagnosis(force=True)
