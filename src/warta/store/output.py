"""Printing query results for the CLI: a rich table, JSON, or CSV; and the shared filter
options of ``warta events|entities|quotes|counts|conflicts``.

Example: ``print_result(["kind", "value"], [("KILLED", 8.0)], "json")`` prints
``[{"kind": "KILLED", "value": 8.0}]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def print_result(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    """Print ``rows`` as ``fmt``: "table" (rich), "json" (a list of objects) or "csv"."""
    if fmt == "json":
        data = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold", max_width=60)
    for row in rows:
        # Text(), not str: a quote or title with "[...]" is content, never rich markup.
        table.add_row(*(Text("" if v is None else str(_plain(v))) for v in row))
    console = Console()
    console.print(table)
    console.print(f"[dim]{len(rows)} row(s)[/dim]")


def filter_options(type_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The filter and output options every query command takes."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option("--db", default="warta.duckdb", show_default=True, help="Store file."),
            click.option("--type", "type_", metavar="TYPE", help=type_help),
            click.option("--actor", metavar="NAME", help="Actor/speaker name contains NAME."),
            click.option("--entity", metavar="NAME", help="Any named participant contains NAME."),
            click.option("--country", metavar="CC", help="ISO country code of the place."),
            click.option("--since", metavar="YYYY-MM-DD", help="On or after this date."),
            click.option("--until", metavar="YYYY-MM-DD", help="On or before this date."),
            click.option("--source", metavar="TEXT", help="Outlet, site or URL contains TEXT."),
            click.option("--search", metavar="TEXT", help="Article text contains TEXT."),
            click.option("--limit", type=int, default=50, show_default=True, help="Rows (0: all)."),
            click.option(
                "--include-duplicates",
                "duplicates",
                is_flag=True,
                help="Count near-duplicate copies too.",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print JSON."),
            click.option("--csv", "as_csv", is_flag=True, help="Print CSV."),
        ]
        for option in reversed(options):
            fn = option(fn)
        return fn

    return decorate


def run_query(name: str, kwargs: dict[str, Any], **extra: Any) -> None:
    """Run query ``name`` of :mod:`warta.store.query` with the CLI's filter options and print
    the result."""
    from warta.store import query

    if kwargs.get("as_json") and kwargs.get("as_csv"):
        raise click.UsageError("--json and --csv exclude each other")
    filters = query.Filters(
        type=kwargs.get("type_"),
        actor=kwargs.get("actor"),
        entity=kwargs.get("entity"),
        country=kwargs.get("country"),
        since=kwargs.get("since"),
        until=kwargs.get("until"),
        source=kwargs.get("source"),
        search=kwargs.get("search"),
        limit=kwargs.get("limit"),
        duplicates=bool(kwargs.get("duplicates")),
    )
    con = query.open_read_only(kwargs["db"])
    try:
        columns, rows = getattr(query, name)(con, filters, **extra)
    finally:
        con.close()
    fmt = "json" if kwargs.get("as_json") else "csv" if kwargs.get("as_csv") else "table"
    print_result(columns, rows, fmt)
