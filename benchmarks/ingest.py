"""Benchmark ``warta ingest`` and the store's queries (issue 7).

Ingests all of ``../shared/data/news`` into a fresh store with 1 and with 2 worker processes,
each run in a fresh interpreter, and prints articles/s (whole run, and after model loading),
store size per article, peak memory (the ingesting process and its largest worker), and the
time of a re-ingest of the same inputs (a no-op). Then times a filter query over all the
events of that store, and the same filters over a synthetic store of 1,000,000 events.

    .venv/bin/python benchmarks/ingest.py [--workers 1 2] [--no-ner] [--json OUT]

Example output line: ``2 workers | 800 read | 745 stored | 31.2 art/s | 1.8x``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news"


def _child(workers: int, db: str, ner: str | None) -> None:
    """Run one ingest and its re-ingest in this (fresh) process; print a JSON line."""
    from warta.store import ingest

    stats = ingest([str(NEWS)], db, workers=workers, ner=ner, progress=False)
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    import duckdb

    con = duckdb.connect(db)
    con.execute("CHECKPOINT")
    con.close()
    size = os.path.getsize(db)
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    again = ingest([str(NEWS)], db, workers=workers, ner=ner, progress=False)
    print(
        json.dumps(
            {
                "workers": workers,
                **stats.to_dict(),
                "rate": stats.rate(),
                "steady_rate": stats.steady_rate(),
                "bytes_per_article": size / max(1, stats.stored),
                "store_bytes": size,
                "peak_mb": self_kb / 1024,
                "worker_peak_mb": child_kb / 1024 if workers > 1 else None,
                "main_cpu_s": me.ru_utime + me.ru_stime,
                "worker_cpu_s": kids.ru_utime + kids.ru_stime,
                "reingest_s": again.elapsed,
                "reingest_stored": again.stored,
            }
        )
    )


def run_ingest(workers: int, db: Path, ner: str | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--_child", str(workers), str(db)]
    if ner is None:
        cmd.append("--no-ner")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"ingest with {workers} worker(s) failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _time(fn: Any, repeat: int = 7) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


QUERIES: dict[str, dict[str, Any]] = {
    "stories: type+country+dates": {
        "type": "PROTEST",
        "country": "ID",
        "since": "2025-01-01",
        "until": "2025-12-31",
    },
    "stories: actor text": {"actor": "polisi"},
    "stories: no filter": {},
}


def time_queries(db: Path) -> dict[str, Any]:
    from warta.store.query import Filters, counts, entities, events, open_read_only

    con = open_read_only(db)
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    out: dict[str, Any] = {"events": n_events}
    for name, kw in QUERIES.items():
        out[name] = _time(lambda kw=kw: events(con, Filters(**kw)))
    out["stories via events: source filter"] = _time(
        lambda: events(con, Filters(type="PROTEST", source="tempo"))
    )
    out["events by article: type+dates"] = _time(
        lambda: events(con, Filters(type="PROTEST", since="2025-06-01"), by_article=True)
    )
    out["entities: merged, PER"] = _time(lambda: entities(con, Filters(type="PER")))
    out["counts: KILLED"] = _time(lambda: counts(con, Filters(type="KILLED")))
    con.close()
    return out


SYNTHETIC_SQL = """
INSERT INTO articles (hash, seq, id, ref, url, title, published, source, n_chars, text, record)
SELECT md5(CAST(i AS VARCHAR)), i, CAST(i AS VARCHAR), 'synthetic', NULL, 'judul ' || i,
       DATE '2020-01-01' + CAST(i % 2000 AS INTEGER),
       ['detikNews', 'Kompas.com', 'Bisnis.com', 'CNN Indonesia', 'Tempo'][1 + i % 5],
       1000, 'teks sintetis ' || i, '{}'
FROM range(?) t(i);
"""

SYNTHETIC_EVENTS_SQL = """
INSERT INTO events
SELECT md5(CAST(i // 10 AS VARCHAR)), CAST(i % 10 AS INTEGER),
       ['PROTEST', 'ASSAULT', 'AID', 'REQUEST', 'ACCUSE', 'CONSULT', 'COERCE', 'MOBILIZE']
           [1 + CAST(hash(i) % 8 AS INTEGER)],
       NULL, 'asserted', 0, 'pemicu', 0, 6,
       ['polisi', 'demonstran', 'TNI', 'pemerintah', 'warga'][1 + CAST(hash(i + 1) % 5 AS INTEGER)],
       NULL, NULL, NULL, NULL, NULL,
       'Kota ' || CAST(hash(i + 2) % 500 AS VARCHAR), NULL, NULL,
       ['ID', 'MY', 'KZ', 'US', 'PS', 'UA'][1 + CAST(hash(i + 3) % 6 AS INTEGER)],
       NULL, DATE '2020-01-01' + CAST(hash(i + 4) % 2000 AS INTEGER),
       NULL, NULL, NULL,
       'S' || CAST(hash(i + 5) % 300000 AS VARCHAR)
FROM range(?) t(i);
"""


def synthetic(n_events: int, folder: Path) -> dict[str, Any]:
    """A store of ``n_events`` events over ``n_events / 10`` articles; filters timed."""
    import duckdb

    from warta.store import schema
    from warta.store.aggregate import rebuild_stories_table

    db = folder / "synthetic.duckdb"
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    t = time.perf_counter()
    schema.migrate(con)
    con.execute(SYNTHETIC_SQL, [n_events // 10])
    con.execute(SYNTHETIC_EVENTS_SQL, [n_events])
    t_stories = time.perf_counter()
    rebuild_stories_table(con)
    stories_s = time.perf_counter() - t_stories
    con.execute("CHECKPOINT")
    con.close()
    build = time.perf_counter() - t
    out = time_queries(db)
    out["build_s"] = build
    out["stories_table_s"] = stories_s
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-ner", action="store_true", help="Ingest without the NER model.")
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="Synthetic events.")
    parser.add_argument("--json", type=Path, help="Also write the numbers as JSON here.")
    parser.add_argument("--_child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    ner = None if args.no_ner else "default"
    if args._child:
        _child(int(args._child[0]), args._child[1], ner)
        return
    if not NEWS.exists():
        raise SystemExit(f"{NEWS} is absent: the benchmark reads ../shared/data/news")
    results: dict[str, Any] = {"ner": ner, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for w in args.workers:
            db = folder / f"w{w}.duckdb"
            results["runs"].append(run_ingest(w, db, ner))
        base = results["runs"][0]
        print(f"\ningest of {NEWS} (NER: {'shipped model' if ner else 'none'})")
        print(
            "| workers | read | stored | near dup | dup | skipped | time s | art/s | "
            "art/s after load | speed-up | KB/article | peak MB | worker MB | re-ingest s |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in results["runs"]:
            worker_mb = f"{r['worker_peak_mb']:.0f}" if r["worker_peak_mb"] else "-"
            steady = f"{r['steady_rate']:.1f}" if r["steady_rate"] else "-"
            speedup = r["rate"] / base["rate"] if base["rate"] else 0
            reingest_pct = 100 * r["reingest_s"] / r["elapsed_s"]
            print(
                f"| {r['workers']} | {r['read']} | {r['stored']} | {r['near_duplicate']} | "
                f"{r['duplicate']} | {r['skipped']} | {r['elapsed_s']:.1f} | {r['rate']:.1f} | "
                f"{steady} | {speedup:.2f}x | {r['bytes_per_article'] / 1024:.1f} | "
                f"{r['peak_mb']:.0f} | {worker_mb} | {r['reingest_s']:.2f} "
                f"({reingest_pct:.1f}%) |"
            )
        print(
            "\nCPU seconds (user+sys) of the ingest; on a machine with free cores the wall time "
            "of N workers is about max(worker CPU / N, main CPU):"
        )
        for r in results["runs"]:
            total = r["main_cpu_s"] + r["worker_cpu_s"]
            line = (
                f"  {r['workers']} worker(s): main {r['main_cpu_s']:.1f} s, workers "
                f"{r['worker_cpu_s']:.1f} s, {1000 * total / max(1, r['stored']):.0f} ms/article"
            )
            if r["workers"] > 1:
                wall = max(r["worker_cpu_s"] / r["workers"], r["main_cpu_s"])
                one = results["runs"][0]
                one_cpu = one["main_cpu_s"] + one["worker_cpu_s"]
                line += f"; projected speed-up {one_cpu / wall:.2f}x"
            print(line)
        corpus_db = folder / f"w{args.workers[0]}.duckdb"
        # Rebuild the first run's store for the query timings (the child's store is kept).
        results["corpus_queries"] = time_queries(corpus_db)
        results["synthetic_queries"] = synthetic(args.synthetic, folder)
    stores = (("corpus store", "corpus_queries"), ("synthetic store", "synthetic_queries"))
    for label, key in stores:
        q = results[key]
        print(f"\nquery times, {label} ({q['events']:,} events), median of 7, ms:")
        for name, value in q.items():
            if name not in ("events", "build_s", "stories_table_s"):
                print(f"  {name:34s} {1000 * value:8.1f}")
        if "build_s" in q:
            print(
                f"  (store built in {q['build_s']:.1f} s, of which the stories table "
                f"{q['stories_table_s']:.1f} s)"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
