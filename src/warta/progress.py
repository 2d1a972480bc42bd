"""The rich progress bar that long commands (ingest, batch, doctor) show on a terminal.

Example::

    bar = rich_bar("ingest", "{task.fields[rate]} art/s")
    task = bar.add_task("ingest", total=800, rate="-")
    bar.update(task, completed=120, rate="14.2")
    bar.stop()
"""

from __future__ import annotations

from typing import Any


def rich_bar(label: str, *fields: str, transient: bool = False) -> Any:
    """A started ``rich.progress.Progress`` on stderr: spinner, ``label``, bar, done/total,
    one text column per template in ``fields`` (over the task's fields), elapsed time, ETA."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        *(TextColumn(f) for f in fields),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=transient,
    )
    bar.start()
    return bar
