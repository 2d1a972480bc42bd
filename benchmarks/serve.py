"""Latency of ``warta serve`` under a bounded load from a second process, on loopback only.

Starts ``python -m warta serve --db STORE --port P`` as a child process (127.0.0.1), waits
for it, then ``--clients`` threads (each with its own keep-alive connection) send
``--requests`` GETs each to ``--path`` and the client-side latencies are reported (p50, p95,
p99, max, requests/s). The server caches list results (the store cannot change while it is
served), so repeating one URL measures cache hits; ``--vary`` gives every request its own
``limit=`` and ``offset=`` (no two alike, none seen during warm-up) so that each one runs its
query. Also reported: the server's CPU milliseconds per request (psutil; steadier than
latency on a shared machine) and the 1-minute load average when the run started. ``--runs``
repeats the whole measurement on fresh servers and names the median run. The load is bounded
in count and by ``--max-seconds``; the server is stopped at the end. The issue 9 target: p95
under 100 ms at 20 clients on the sample store.

Without ``--db``, a sample store is built first from the first ``--rows`` rows of
../shared/data/news with the real pipeline (in a temporary folder; minutes on 2 cores).

    python benchmarks/serve.py --db sample.duckdb --clients 20 --requests 50
    python benchmarks/serve.py --rows 25 --clients 20 --requests 50 --vary --runs 3
    python benchmarks/serve.py --rows 25 --path "/api/events?by_article=true" --vary
    PYTHONPATH=/tmp/old/src python benchmarks/serve.py --db S --vary --vary-by since  # old code
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "detik_1000_train80.csv"


def build_store(rows: int, folder: Path) -> Path:
    """Ingest the first ``rows`` Detik rows (real pipeline) into ``folder/web.duckdb``."""
    from warta.store.ingest import ingest

    if not NEWS.exists():
        sys.exit(f"{NEWS} is absent: pass --db STORE")
    sample = folder / "sample.csv"
    with NEWS.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        kept = [row for _, row in zip(range(rows), reader, strict=False)]
        fields = reader.fieldnames or []
    with sample.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
    db = folder / "web.duckdb"
    ingest([str(sample)], db, workers=1, log=lambda line: None)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds used so far by process ``pid`` and its children (0.0
    without psutil)."""
    try:
        import psutil
    except ImportError:
        return 0.0
    proc = psutil.Process(pid)
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        times = p.cpu_times()
        total += times.user + times.system
    return total


def load_average() -> float:
    """The 1-minute load average (-1 where the OS does not say)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def vary(path: str, i: int, by: str = "page") -> str:
    """Request ``i``'s own URL, so none is answered from the server's cache: ``limit``
    1..500 with ``offset`` ``i // 500`` (``by="page"``), or with ``since`` a day ``i`` days
    after 2000-01-01 (``by="since"``: also distinct for a server that ignores ``offset``)."""
    sep = "&" if "?" in path else "?"
    if by == "since":
        day = datetime.date(2000, 1, 1) + datetime.timedelta(days=i)
        return f"{path}{sep}limit={i % 500 + 1}&since={day.isoformat()}"
    return f"{path}{sep}limit={i % 500 + 1}&offset={i // 500}"


def run_once(args: argparse.Namespace, db: Path) -> dict[str, object]:
    """Start a server on ``db``, load it, stop it; the measurements of this run."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "warta", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/articles?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                said = server.stderr.read() if server.stderr else b""
                sys.exit("server did not start: " + said.decode()[-2000:])
            time.sleep(0.2)
        with httpx.Client(base_url=base) as c:
            for k in range(args.warmup):
                # warm-up URLs are never among the measured ones
                url = vary(args.path, 10**6 + k, args.vary_by) if args.vary else args.path
                c.get(url).raise_for_status()

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.max_seconds

        def client(k: int) -> None:
            mine: list[float] = []
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for j in range(args.requests):
                if time.monotonic() > stop_at:
                    break
                i = k * args.requests + j
                path = vary(args.path, i, args.vary_by) if args.vary else args.path
                t0 = time.perf_counter()
                conn.request("GET", path)
                r = conn.getresponse()
                body = r.read()
                mine.append(time.perf_counter() - t0)
                if r.status != 200:
                    with lock:
                        errors.append(f"{r.status} {body[:100]!r}")
            conn.close()
            with lock:
                latencies.extend(mine)

        load = load_average()
        cpu0 = cpu_seconds(server.pid)
        start = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        cpu = cpu_seconds(server.pid) - cpu0
    finally:
        server.terminate()
        server.wait(10)
    if errors:
        print("first errors:", errors[:3], file=sys.stderr)
    ms = [x * 1000 for x in latencies]
    return {
        "path": args.path,
        "vary": args.vary_by if args.vary else False,
        "clients": args.clients,
        "requests": len(ms),
        "errors": len(errors),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "requests_per_s": round(len(ms) / wall, 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, len(ms)), 2),
        "load_1min": load,
        "cpus": os.cpu_count(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="store to serve (default: build a sample one)")
    ap.add_argument("--rows", type=int, default=25, help="rows of the sample store")
    ap.add_argument("--path", default="/api/events", help="endpoint (with query string)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=50, help="requests per client")
    ap.add_argument("--warmup", type=int, default=20, help="requests before measuring")
    ap.add_argument("--max-seconds", type=float, default=120.0, help="stop the load after")
    ap.add_argument("--runs", type=int, default=1, help="runs, each on a fresh server")
    ap.add_argument(
        "--vary",
        action="store_true",
        help="every request its own limit= and offset=: none is answered from the cache",
    )
    ap.add_argument(
        "--vary-by",
        choices=["page", "since"],
        default="page",
        help="what --vary changes besides limit: offset (page) or the since= date",
    )
    ap.add_argument("--json", action="store_true", help="print the results as JSON lines")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_store(args.rows, Path(tmp))
        results = []
        for k in range(args.runs):
            result = run_once(args, db)
            result["run"] = k + 1
            results.append(result)
            if args.json:
                print(json.dumps(result), flush=True)
            else:
                print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)
    if args.runs > 1:
        ranked = sorted(results, key=lambda r: float(r["p95_ms"]))  # type: ignore[arg-type]
        median = ranked[(len(ranked) - 1) // 2]
        print(f"median run (by p95): run {median['run']}: p95_ms={median['p95_ms']}", flush=True)


if __name__ == "__main__":
    main()
