"""Benchmark ``warta batch`` (issue 8): scaling from 1 to 2 Dask workers, and batch's overhead.

    .venv/bin/python benchmarks/batch.py [--articles 400] [--partition-size 25] [--json OUT]

Writes the first N distinct article bodies of ``../shared/data/news`` to a temporary CSV (never
into the repo) and runs, each in a fresh interpreter:

* ``plain``: the pipeline in one process, ``extract`` article by article over the same raw
  articles the batch readers yield (what ``warta extract`` costs; no hashing, no MinHash, no
  Parquet);
* ``batch 1`` and ``batch 2``: ``run_batch`` on a LocalCluster of 1 and 2 worker processes
  (one thread each) into a fresh output folder.

Rates leave start-up out: for ``plain`` the clock starts after the model is loaded; for batch
it starts when the tasks are submitted (the workers have loaded the pipeline by then: the
worker plugin's setup runs at registration) and stops at the newest ``_done`` marker, so the
cluster's start and shutdown are not counted (they are printed as ``start s``). The overhead
is batch's worker seconds per article (the partitions' own timings: reading, extraction,
MinHash, Parquet writing) over plain's seconds per article, minus one; the same ratio in CPU
time is printed too, since wall time on a shared machine depends on the neighbours.

Targets (issue 8): scaling ratio >= 1.7x, overhead < 10%.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "detik_1000_train80.csv"


def write_sample(n: int, dest: Path) -> int:
    """Write the first ``n`` distinct non-empty bodies of the corpus to ``dest`` (a CSV that
    the readers map without flags); returns how many were written."""
    if not NEWS.exists():
        sys.exit(f"benchmark needs {NEWS} (the ../shared corpus beside the repo)")
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    with NEWS.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        for row in reader:
            body = row.get("isi_berita", "").strip()
            if body and body not in seen:
                seen.add(body)
                rows.append(row)
            if len(rows) >= n:
                break
    with dest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _plain(sample: str) -> dict[str, Any]:
    from warta.io.readers import RawArticle, ReadOptions, read_inputs

    t0 = time.perf_counter()
    import warta

    nlp = warta.load()
    load_s = time.perf_counter() - t0
    raws = [r for r in read_inputs([sample], ReadOptions()) if isinstance(r, RawArticle)]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for raw in raws:
        nlp.extract(raw.text, published=raw.published, source_url=raw.url, title=raw.title)
    seconds = time.perf_counter() - t0
    return {
        "run": "plain",
        "articles": len(raws),
        "seconds": seconds,
        "rate": len(raws) / seconds,
        "s_per_article": seconds / len(raws),
        "cpu_s": time.process_time() - cpu0,
        "cpu_per_article": (time.process_time() - cpu0) / len(raws),
        "start_s": load_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _batch(sample: str, workers: int, partition_size: int) -> dict[str, Any]:
    from warta.batch import run_batch
    from warta.batch.partition import DONE_DIR

    out = Path(tempfile.mkdtemp(prefix=f"warta-batch-bench-{workers}-"))
    submitted: list[float] = []
    began = time.time()
    stats = run_batch(
        [sample],
        out,
        workers=workers,
        partition_size=partition_size,
        on_client=lambda client: submitted.append(time.time()),
    )
    markers = [json.loads(p.read_text(encoding="utf-8")) for p in (out / DONE_DIR).iterdir()]
    last = max(p.stat().st_mtime for p in (out / DONE_DIR).iterdir())
    window = last - submitted[0]
    worker_s = sum(m["seconds"] for m in markers)
    worker_cpu = sum(m.get("cpu_seconds", 0.0) for m in markers)
    return {
        "run": f"batch {workers}",
        "workers": workers,
        "partitions": stats.partitions,
        "articles": stats.stored,
        "failed": len(stats.failed),
        "seconds": window,
        "rate": stats.stored / window,
        "s_per_article": worker_s / max(1, stats.stored),
        "cpu_per_article": worker_cpu / max(1, stats.stored),
        "start_s": submitted[0] - began,
        "total_s": stats.elapsed,
        "loads": sorted({m["loads"] for m in markers}),
        "workers_seen": len({m["worker"] for m in markers}),
        "out": str(out),
    }


def _child(args: argparse.Namespace) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.child == "plain":
        result = _plain(args.sample)
    else:
        result = _batch(args.sample, int(args.child), args.partition_size)
    print("RESULT " + json.dumps(result))


def _run_child(kind: str, sample: str, partition_size: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--sample",
        sample,
        "--partition-size",
        str(partition_size),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ})
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    sys.exit(f"{kind} run failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--partition-size", type=int, default=25)
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sample", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    with tempfile.TemporaryDirectory(prefix="warta-batch-bench-") as tmp:
        sample = Path(tmp) / "sample.csv"
        n = write_sample(args.articles, sample)
        print(f"{n} distinct articles, partitions of {args.partition_size}", flush=True)
        results = []
        for kind in ("plain", "1", "2"):
            result = _run_child(kind, str(sample), args.partition_size)
            results.append(result)
            print(
                f"{result['run']:8} | {result['articles']} art | {result['rate']:.2f} art/s | "
                f"{1000 * result['s_per_article']:.1f} ms/art | start {result['start_s']:.1f} s",
                flush=True,
            )
    plain, one, two = results
    ratio = two["rate"] / one["rate"]
    overhead = one["s_per_article"] / plain["s_per_article"] - 1
    cpu_overhead = one["cpu_per_article"] / plain["cpu_per_article"] - 1
    print()
    print("| run | articles | art/s | ms/article | CPU ms/article | start s |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['run']} | {r['articles']} | {r['rate']:.2f} | "
            f"{1000 * r['s_per_article']:.1f} | {1000 * r['cpu_per_article']:.1f} | "
            f"{r['start_s']:.1f} |"
        )
    print()
    print(f"scaling 1 -> 2 workers: {ratio:.2f}x (target >= 1.7x)")
    print(f"batch overhead per article (1 worker vs plain): {100 * overhead:+.1f}% (target < 10%)")
    print(f"the same in CPU time (steadier on a shared machine): {100 * cpu_overhead:+.1f}%")
    print(f"pipeline loads per worker: {one['loads']} / {two['loads']}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "runs": results,
                    "ratio": ratio,
                    "overhead": overhead,
                    "cpu_overhead": cpu_overhead,
                },
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
