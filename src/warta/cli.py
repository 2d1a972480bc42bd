"""The ``warta`` command line: each command parses its arguments and makes one library call.

Errors a user can fix (:class:`~warta.errors.WartaError`) print as one line on stderr and exit
with status 2; a traceback means a bug.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from warta import __version__
from warta.errors import WartaError
from warta.limits import DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET


def _fail(message: str) -> None:
    click.echo(f"warta: error: {message}", err=True)
    sys.exit(2)


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The per-article limits every extracting command takes (``warta.limits``)."""
    command = click.option(
        "--time-budget",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIME_BUDGET,
        show_default=True,
        help="Seconds per article; later stages are skipped, with a notice, once it is spent.",
    )(command)
    return click.option(
        "--max-chars",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_CHARS,
        show_default=True,
        help="Read at most this many characters per article (cut at a paragraph break, flagged).",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="warta")
def cli() -> None:
    """warta: Indonesian news in, structured and checkable event data out."""


@cli.command()
@click.argument("path", metavar="PATH|-")
@click.option(
    "--published",
    callback=_published,
    metavar="YYYY-MM-DD",
    help="Publication date; anchors relative dates such as 'Kamis (6/1)'.",
)
@click.option(
    "--url",
    "source_url",
    metavar="URL",
    help="Article URL; names the outlet when the text does not.",
)
@click.option("--title", metavar="TEXT", help="Article title.")
@click.option("--encoding", metavar="NAME", help="Text encoding of the input (default UTF-8).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the record as JSON (default when piped)."
)
@click.option("--pretty", is_flag=True, help="Print a readable view (default on a terminal).")
@click.option("--compact", is_flag=True, help="With --json: one line, no indentation.")
@click.option(
    "--ner",
    "ner_path",
    type=click.Path(file_okay=False, path_type=Path),
    help="Use this trained spaCy pipeline's NER instead of the shipped model.",
)
@limit_options
def extract(
    path: str,
    published: str | None,
    source_url: str | None,
    title: str | None,
    encoding: str | None,
    as_json: bool,
    pretty: bool,
    compact: bool,
    ner_path: Path | None,
    max_chars: int,
    time_budget: float,
) -> None:
    """Extract the record of one article from PATH (or standard input with '-')."""
    from warta.io.text import add_notices, read_article
    from warta.pipeline import load

    if as_json and pretty:
        raise click.UsageError("--json and --pretty exclude each other")
    source = read_article(path, encoding=encoding, max_chars=max_chars)
    nlp = load(
        ner_path if ner_path is not None else "default",
        max_chars=max_chars,
        time_budget=time_budget,
    )
    article = nlp.extract(source.text, published=published, source_url=source_url, title=title)
    add_notices(article, source.notices)
    if pretty or (not as_json and sys.stdout.isatty()):
        from warta.components import pending_stages
        from warta.render import print_article

        print_article(article, pending=pending_stages())
    else:
        click.echo(article.to_json(indent=None if compact else 2))


@cli.command()
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the scores as JSON to this file.",
)
@click.option("-v", "--verbose", is_flag=True, help="List missed gold items and false positives.")
def evaluate(gold_dir: Path, json_out: Path | None, verbose: bool) -> None:
    """Score the pipeline against the gold files in GOLD_DIR (see gold/FORMAT.md)."""
    from rich.console import Console

    from warta.evaluate import evaluate_dir, render_report
    from warta.pipeline import load

    nlp = load()
    report = evaluate_dir(
        gold_dir,
        lambda text, published: nlp.extract(text, published=published),
        progress=sys.stderr.isatty(),
    )
    render_report(report, Console(), verbose=verbose)
    if json_out is not None:
        json_out.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")


@cli.command()
@click.argument("path", metavar="FILE|-")
@click.option("--published", callback=_published, metavar="YYYY-MM-DD", help="Publication date.")
@click.option("--encoding", metavar="NAME", help="Text encoding of the input (default UTF-8).")
@limit_options
def check(
    path: str, published: str | None, encoding: str | None, max_chars: int, time_budget: float
) -> None:
    """Print editorial findings like a linter; exit 1 when there are any (see docs/checks.md)."""
    from warta.components.checks import format_findings
    from warta.io.text import read_article
    from warta.pipeline import load

    # Read no more than the pipeline will look at, as extract does (a 50 MB file is not held).
    text = read_article(path, encoding=encoding, max_chars=max_chars).text
    article = load(max_chars=max_chars, time_budget=time_budget).extract(text, published=published)
    for line in format_findings("<stdin>" if path == "-" else path, text, article.checks):
        click.echo(line)
    sys.exit(1 if article.checks else 0)


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
def schema(out: Path | None) -> None:
    """Print the JSON Schema of the article record."""
    from warta.record import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


@cli.group()
def train() -> None:
    """Rebuild warta's statistical models from the corpora in ../shared/data."""


@train.command("ner")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("training/ner"),
    show_default=True,
    help="Folder for the trained pipeline (copy it to src/warta/models/ner to ship it).",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data/ner"),
    show_default=True,
    help="Folder with the NER corpora.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--max-epochs", type=int, default=None, help="Override the config's epoch limit.")
def train_ner_command(output: Path, data_dir: Path, seed: int, max_epochs: int | None) -> None:
    """Train the NER on NERGrit, NERP, NER-UI and NER-UGM and write its model card."""
    from warta.train.ner import train_ner

    kwargs: dict[str, Any] = {"data_dir": data_dir, "seed": seed}
    if max_epochs is not None:
        kwargs["max_epochs"] = max_epochs
    train_ner(output, **kwargs)


@train.command("parser")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("training/parser/model"),
    show_default=True,
    help="Folder for the trained pipeline (src/warta/models/parser ships it).",
)
@click.option(
    "--data",
    "ud_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data/ud"),
    show_default=True,
    help="Folder with the UD Indonesian treebanks (CSUI, GSD, PUD).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--max-epochs", type=int, default=None, help="Override the config's epoch limit.")
@click.option(
    "--gsd-dev-train", type=int, default=None, help="GSD dev sentences that join the training data."
)
@click.option("--gsd-repeat", type=int, default=None, help="Copies of each GSD dev sentence.")
@click.option("--pretrain-epochs", type=int, default=None, help="tok2vec pretraining epochs.")
@click.option("--no-pud", is_flag=True, help="Do not train on UD Indonesian-PUD.")
@click.option(
    "--train-steps",
    type=int,
    default=None,
    help="Train exactly this many steps on all GSD dev sentences and keep the last weights "
    "(0: hold dev sentences out and keep the best checkpoint on them). Default: the shipped "
    "model's setting (see its model card).",
)
@click.option(
    "--pretrain-gsd-dev",
    type=int,
    default=None,
    help="GSD dev sentences in the tok2vec pretraining text at most (default: as shipped).",
)
def train_parser_command(
    output: Path,
    ud_dir: Path,
    seed: int,
    max_epochs: int | None,
    gsd_dev_train: int | None,
    gsd_repeat: int | None,
    pretrain_epochs: int | None,
    no_pud: bool,
    train_steps: int | None,
    pretrain_gsd_dev: int | None,
) -> None:
    """Train the dependency parser (UPOS, lemmas) on UD Indonesian; score it on GSD test."""
    from warta.train.corpora import MissingCorpusError
    from warta.train.parser import train_parser

    options = {"gsd_dev_train": gsd_dev_train, "gsd_repeat": gsd_repeat}
    options["pretrain_epochs"] = pretrain_epochs
    options["train_steps"] = train_steps
    options["pretrain_gsd_dev"] = pretrain_gsd_dev
    kwargs: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
    try:
        ev = train_parser(
            output,
            ud_dir=ud_dir,
            seed=seed,
            max_epochs=max_epochs,
            include_pud=not no_pud,
            **kwargs,
        )
    except MissingCorpusError as exc:
        raise WartaError(str(exc)) from exc
    gsd = ev["test"]["gsd"]
    click.echo(f"GSD test: UAS {gsd['uas']} LAS {gsd['las']} UPOS {gsd['upos']} -> {output}")


def _store_filters(type_help: str) -> Any:
    """The filter and output options of the store's query commands (warta.store.output)."""
    from warta.store.output import filter_options

    return filter_options(type_help)


@cli.command("ingest")
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--db", default="warta.duckdb", show_default=True, help="Store file (DuckDB).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Extraction processes (each loads the pipeline once).",
)
@click.option("--text-col", metavar="NAME", help="CSV column / JSON key of the article text.")
@click.option("--title-col", metavar="NAME", help="... of the title.")
@click.option("--date-col", metavar="NAME", help="... of the publication date.")
@click.option("--url-col", metavar="NAME", help="... of the URL.")
@click.option("--id-col", metavar="NAME", help="... of the article id.")
@click.option(
    "--date-order",
    type=click.Choice(["mdy", "dmy"]),
    default="mdy",
    show_default=True,
    help="How to read ambiguous slash dates such as 10/11/2025.",
)
@click.option(
    "--format",
    "format",
    type=click.Choice(["text", "html", "json", "jsonl", "csv", "tsv", "warc", "feed"]),
    help="Read every input as this format (default: from the name, or sniffed).",
)
@click.option("--encoding", metavar="NAME", help="Text encoding (default UTF-8).")
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="Articles committed per transaction.",
)
@click.option("--no-ner", is_flag=True, help="Skip the NER model (faster, fewer entities).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--parquet", metavar="DIR", help="Also load 'warta batch --out DIR' output.")
@click.option(
    "--skipped-report",
    metavar="FILE",
    help="Write every skipped input, with its reason, to FILE (JSON Lines).",
)
@limit_options
def ingest_command(paths: tuple[str, ...], parquet: str | None, **kwargs: Any) -> None:
    """Read articles from files, folders, globs or '-' (stdin) into the store."""
    from warta.store.commands import run_ingest

    if not paths and parquet is None:
        raise click.UsageError("give PATH... to read, or --parquet DIR")
    if parquet is not None:
        from warta.batch.commands import run_ingest_parquet

        run_ingest_parquet(parquet, kwargs["db"], kwargs["quiet"], kwargs["as_json"])
    if paths:
        run_ingest(paths, **kwargs)


@cli.command("events")
@click.option("--by-article", is_flag=True, help="One row per source's event, not per story.")
@_store_filters("PLOVER event type (PROTEST, ASSAULT, ...).")
def events_command(by_article: bool, **kwargs: Any) -> None:
    """Story events: one row per story, with every source that reported it."""
    from warta.store.output import run_query

    run_query("events", kwargs, by_article=by_article)


@cli.command("entities")
@_store_filters("Entity type (PER, ORG, LOC, GPE, ...).")
def entities_command(**kwargs: Any) -> None:
    """Entities merged across articles, most reported first."""
    from warta.store.output import run_query

    run_query("entities", kwargs)


@cli.command("quotes")
@_store_filters("Quote kind (direct or indirect).")
def quotes_command(**kwargs: Any) -> None:
    """Quotations with their speakers (--actor matches the speaker)."""
    from warta.store.output import run_query

    run_query("quotes", kwargs)


@cli.command("counts")
@_store_filters("Count kind (KILLED, INJURED, ARRESTED, ...).")
def counts_command(**kwargs: Any) -> None:
    """Numeric facts: casualties, arrests, money, ..."""
    from warta.store.output import run_query

    run_query("counts", kwargs)


@cli.command("conflicts")
@_store_filters("Count kind (KILLED, INJURED, ...).")
def conflicts_command(**kwargs: Any) -> None:
    """Figures that disagree between the sources of one story."""
    from warta.store.output import run_query

    run_query("conflicts", kwargs)


@cli.command("sql")
@click.argument("statement")
@click.option("--db", default="warta.duckdb", show_default=True, help="Store file.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
def sql_command(statement: str, db: str, as_json: bool, as_csv: bool) -> None:
    """Run one SQL statement on the store, read-only (DuckDB SQL; see docs/store.md)."""
    from warta.store.commands import run_sql

    run_sql(db, statement, "json" if as_json else "csv" if as_csv else "table")


@cli.command("export")
@click.option("--db", default="warta.duckdb", show_default=True, help="Store file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet", "csv", "gkg"]),
    default="jsonl",
    show_default=True,
)
@click.option("--out", metavar="PATH", help="File (jsonl, gkg; default stdout) or folder.")
@click.option("--table", metavar="NAME", help="parquet/csv: only this table.")
@click.option("--header", is_flag=True, help="gkg: write a header row (GDELT files have none).")
def export_command(db: str, fmt: str, out: str | None, table: str | None, header: bool) -> None:
    """Export records (JSON Lines), tables (Parquet/CSV) or a GDELT GKG 2.1-style TSV."""
    from warta.store.commands import run_export

    run_export(db, fmt, out, table, header)


@cli.command("doctor")
@click.option("--db", default="warta.duckdb", show_default=True, help="Store file.")
@click.option("--fix", is_flag=True, help="Repair what is fixable (opens the store read-write).")
@click.option("--drop-broken", is_flag=True, help="With --fix: delete unreadable articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor_command(db: str, fix: bool, drop_broken: bool, as_json: bool) -> None:
    """Check the store's integrity; exit 1 when a check fails (docs/store.md)."""
    from warta.store.doctor import run_doctor

    run_doctor(db, fix, drop_broken, as_json)


@cli.command("batch")
@click.argument("paths", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", required=True, metavar="DIR", help="Folder for the Parquet partitions.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a LocalCluster).")
@click.option("--workers", type=click.IntRange(1), help="LocalCluster worker processes.")
@click.option("--partition-size", type=click.IntRange(1), default=100, show_default=True)
@click.option("--text-col", metavar="NAME", help="CSV column / JSON key of the article text.")
@click.option("--title-col", metavar="NAME", help="... of the title.")
@click.option("--date-col", metavar="NAME", help="... of the publication date.")
@click.option("--url-col", metavar="NAME", help="... of the URL.")
@click.option("--id-col", metavar="NAME", help="... of the article id.")
@click.option("--date-order", type=click.Choice(["mdy", "dmy"]), default="mdy", show_default=True)
@click.option(
    "--format",
    type=click.Choice(["text", "html", "json", "jsonl", "csv", "tsv", "warc", "feed"]),
    help="Read every input as this format (default: from the name, or sniffed).",
)
@click.option("--encoding", metavar="NAME", help="Text encoding (default UTF-8).")
@click.option("--no-ner", is_flag=True, help="Skip the NER model (faster, fewer entities).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@limit_options
def batch_command(paths: tuple[str, ...], **kwargs: Any) -> None:
    """Run the pipeline on Dask over INPUT... and write Parquet partitions into --out."""
    from warta.batch.commands import run_batch_command

    run_batch_command(paths, **kwargs)


@cli.command("serve")
@click.option("--db", default="warta.duckdb", show_default=True, help="Store file (read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve_command(db: str, host: str, port: int) -> None:
    """Serve the store as web pages and a JSON API (docs/web.md); loopback by default."""
    from warta.web.serve import serve

    serve(db, host, port)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: user errors become one line and exit status 2."""
    try:
        cli.main(args=argv, prog_name="warta", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted")
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except WartaError as exc:
        _fail(str(exc))
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        _fail("interrupted")


if __name__ == "__main__":
    main()
