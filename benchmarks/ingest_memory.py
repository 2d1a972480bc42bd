"""Peak memory of ``warta ingest`` on a corpus many times the size of ../shared/data/news
(issue 11, item 3: memory stays bounded whatever the corpus size).

Builds, in a temporary folder, one CSV that holds the rows of every CSV in
``../shared/data/news`` ``--copies`` times under one header (10 x 800 = 8,000 rows by default;
``--rows`` keeps only the first N rows of each copy), runs ``warta ingest`` on it in a fresh
process (full pipeline with NER unless ``--no-ner``; ``--workers 2``; a new store), and samples
the memory of the whole process tree (the ingest process and its worker processes) every
``--interval`` seconds from /proc. Prints the peak of the tree (sum of RSS, and sum of PSS,
which counts pages shared between processes once) and of the largest single process, the wall
time, articles/s, and the stored / duplicate / skipped counts of the ingest's own summary.

Repeated copies have the same content hash, so only the first copy is extracted and the others
are counted as duplicates; ``--distinct`` appends a line to each copy's texts so every row is
extracted (and linked as a near duplicate), which measures memory while the store and the
near-duplicate index grow.

    nice -n 10 env OMP_NUM_THREADS=1 .venv/bin/python benchmarks/ingest_memory.py \\
        [--copies 10] [--rows N] [--workers 2] [--no-ner] [--distinct] [--json OUT]

Example output line (``--copies 2 --rows 100``): ``peak tree RSS 1,103.2 MB | PSS 935.4 MB |
largest process 444.5 MB | main process ... MB | 4 processes, 167 samples``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news"
PAGE = os.sysconf("SC_PAGE_SIZE")


def build_corpus(out: Path, copies: int, rows: int | None, distinct: bool) -> int:
    """Write the concatenated CSV to ``out``; return its number of rows."""
    sources = sorted(NEWS.glob("*.csv"))
    if not sources:
        sys.exit(f"no CSV in {NEWS}: this benchmark needs ../shared beside the repo")
    csv.field_size_limit(1 << 30)
    data: list[dict[str, str]] = []
    fields: list[str] = []
    for source in sources:
        with source.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for name in reader.fieldnames or []:
                if name not in fields:
                    fields.append(name)
            data.extend(row for i, row in enumerate(reader) if rows is None or i < rows)
    text_col = next(
        (f for f in fields if f.casefold() in ("isi_berita", "text", "content")), fields[-1]
    )
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for copy in range(copies):
            for row in data:
                if distinct and copy:
                    row = {**row, text_col: f"{row[text_col]}\n\n(Salinan {copy + 1}.)"}
                writer.writerow(row)
                n += 1
    return n


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree(root: int) -> list[int]:
    children = _children()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * PAGE


def _pss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class Sampler(threading.Thread):
    """Samples the memory of ``root``'s process tree every ``interval`` seconds."""

    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = self.peak_one = self.peak_root = 0
        self.peak_procs = 0
        self.samples = 0

    def run(self) -> None:
        while not self.stop.is_set():
            rss = pss = one = 0
            pids = _tree(self.root)
            for pid in pids:
                try:
                    r = _rss(pid)
                except (OSError, ValueError, IndexError):
                    continue  # the process ended between listing and reading
                rss += r
                pss += _pss(pid) or r
                one = max(one, r)
                if pid == self.root:
                    self.peak_root = max(self.peak_root, r)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_one = max(self.peak_one, one)
            self.peak_procs = max(self.peak_procs, len(pids))
            self.samples += 1
            self.stop.wait(self.interval)


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="warta-ingest-memory-") as tmp:
        corpus = Path(tmp) / f"news_x{args.copies}.csv"
        rows = build_corpus(corpus, args.copies, args.rows, args.distinct)
        command = [
            sys.executable,
            "-m",
            "warta",
            "ingest",
            str(corpus),
            "--db",
            str(Path(tmp) / "w.duckdb"),
            "--workers",
            str(args.workers),
            "--json",
            "-q",
        ]
        if args.no_ner:
            command.append("--no-ner")
        env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
        began = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        sampler = Sampler(proc.pid, args.interval)
        sampler.start()
        out, err = proc.communicate()
        seconds = time.perf_counter() - began
        sampler.stop.set()
        sampler.join()
        if proc.returncode != 0:
            sys.exit(f"warta ingest failed ({proc.returncode}):\n{err.decode(errors='replace')}")
        summary = json.loads(out)
        mb = 1024 * 1024
        return {
            "copies": args.copies,
            "rows": rows,
            "corpus_mb": round(corpus.stat().st_size / mb, 1),
            "workers": args.workers,
            "ner": not args.no_ner,
            "distinct": args.distinct,
            "peak_tree_rss_mb": round(sampler.peak_rss / mb, 1),
            "peak_tree_pss_mb": round(sampler.peak_pss / mb, 1),
            "peak_process_rss_mb": round(sampler.peak_one / mb, 1),
            "peak_main_rss_mb": round(sampler.peak_root / mb, 1),
            "processes": sampler.peak_procs,
            "samples": sampler.samples,
            "seconds": round(seconds, 1),
            "articles_per_s": round(rows / seconds, 1),
            "stored_per_s": round(summary["stored"] / seconds, 2),
            "summary": summary,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10, help="Copies of the corpus (10).")
    parser.add_argument("--rows", type=int, default=None, help="First N rows of each copy.")
    parser.add_argument("--workers", type=int, default=2, help="Ingest workers (2).")
    parser.add_argument("--no-ner", action="store_true", help="Ingest without the NER model.")
    parser.add_argument(
        "--distinct", action="store_true", help="Make every copy's texts differ (all extracted)."
    )
    parser.add_argument("--interval", type=float, default=0.2, help="Seconds between samples.")
    parser.add_argument("--json", metavar="OUT", help="Also write the result as JSON.")
    args = parser.parse_args()
    result = run(args)
    s = result["summary"]
    print(
        f"{result['rows']:,} rows ({result['copies']} copies, {result['corpus_mb']} MB), "
        f"{result['workers']} workers, NER {'on' if result['ner'] else 'off'}"
        f"{', distinct copies' if result['distinct'] else ''}"
    )
    print(
        f"peak tree RSS {result['peak_tree_rss_mb']:,.1f} MB | PSS "
        f"{result['peak_tree_pss_mb']:,.1f} MB | largest process "
        f"{result['peak_process_rss_mb']:,.1f} MB | main process "
        f"{result['peak_main_rss_mb']:,.1f} MB | {result['processes']} processes, "
        f"{result['samples']} samples"
    )
    print(
        f"{result['seconds']} s | {result['articles_per_s']} rows/s read | "
        f"{result['stored_per_s']} stored/s | stored {s['stored']} (near duplicates "
        f"{s['near_duplicate']}) | duplicate {s['duplicate']} | skipped {s['skipped']}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
