"""What the store's CLI commands do, so that ``warta.cli`` stays one call per command.

Example: ``run_ingest(["../shared/data/news"], db="warta.duckdb", workers=2)`` ingests the
Detik corpus and prints the summary table on stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from warta.errors import WartaError
from warta.limits import DEFAULT_TIME_BUDGET


def run_ingest(
    paths: tuple[str, ...],
    *,
    db: str,
    workers: int,
    batch_size: int,
    no_ner: bool,
    quiet: bool,
    as_json: bool,
    skipped_report: str | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    **read_options: Any,
) -> None:
    """``warta ingest``: read, extract, store; print the summary (a table, or JSON).

    ``skipped_report`` names a JSON Lines file that gets one ``{"ref", "reason"}`` line per
    skipped input (the summary shows one example per kind of reason)."""
    from rich.console import Console

    from warta.io.readers import ReadOptions, Skipped
    from warta.store.ingest import ingest, render_summary

    options = ReadOptions(**read_options)
    report = None
    if skipped_report is not None:
        try:
            report = open(skipped_report, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise WartaError(f"--skipped-report {skipped_report}: {exc.strerror or exc}") from None

    def on_skip(item: Skipped) -> None:
        assert report is not None
        line = {"ref": item.ref, "reason": item.reason}
        report.write(json.dumps(line, ensure_ascii=False) + "\n")

    try:
        stats = ingest(
            list(paths),
            db,
            workers=workers,
            options=options,
            ner=None if no_ner else "default",
            batch_size=batch_size,
            progress=not quiet,
            on_skip=on_skip if report is not None else None,
            time_budget=time_budget,
        )
    finally:
        if report is not None:
            report.close()
    if as_json:
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False))
    elif not quiet:
        render_summary(stats, db, Console(stderr=True))
    if stats.read == 0 and stats.skipped > 0 and stats.stored == 0:
        sys.exit(1)


def run_sql(db: str, statement: str, fmt: str) -> None:
    """``warta sql``: one statement on a read-only connection."""
    from warta.store import query
    from warta.store.output import print_result

    con = query.open_read_only(db)
    try:
        columns, rows = query.sql(con, statement)
    finally:
        con.close()
    print_result(columns, rows, fmt)


def run_export(db: str, fmt: str, out: str | None, table: str | None, header: bool) -> None:
    """``warta export``: write the export and say what was written on stderr."""
    from warta.store.export import export

    if table is not None and fmt not in ("parquet", "csv"):
        raise WartaError("--table goes with --format parquet or csv")
    click.echo(export(db, fmt, out, table=table, header=header), err=True)
