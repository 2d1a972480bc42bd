"""Throughput of warta over real news: a bare spaCy tokenizer pass vs the full pipeline.

    python benchmarks/throughput.py [--articles 200] [--json OUT]

Reads N articles from ../shared/data/news/detik_1000_train80.csv (in place) and prints, side by
side, articles/s and tokens/s for

* ``spacy.blank("id")``: spaCy's tokenizer alone, the floor any pipeline pays;
* ``warta``: the full pipeline (``warta.load().extract``),

each with 1 and 2 worker processes, plus the peak resident memory of each run (the process and
its workers). Every configuration runs in a fresh interpreter, so memory is not carried over
between them; model loading happens before the clock starts and is reported separately.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "detik_1000_train80.csv"

_worker_nlp: Any = None


def read_articles(n: int) -> list[str]:
    if not NEWS.exists():
        sys.exit(f"benchmark needs {NEWS} (the ../shared corpus beside the repo)")
    with NEWS.open(encoding="utf-8", newline="") as fh:
        texts = [row["isi_berita"] for row in csv.DictReader(fh) if row["isi_berita"].strip()]
    if n > len(texts):
        # Cycle through the corpus for runs longer than it is.
        texts = (texts * (n // len(texts) + 1))[:n]
    return texts[:n]


def _load(kind: str) -> Any:
    if kind == "blank":
        import spacy

        return spacy.blank("id")
    import warta

    return warta.load()


def _init_worker(kind: str) -> None:
    global _worker_nlp
    _worker_nlp = _load(kind)


def _process(texts: list[str]) -> int:
    """Tokenize a chunk in a worker; returns the number of tokens seen."""
    return sum(len(doc) for doc in _worker_nlp.pipe(texts))


def _process_full(texts: list[str]) -> int:
    """Run the full pipeline on a chunk in a worker, records included."""
    return _run_full(_worker_nlp, texts)


def _run_full(nlp: Any, texts: list[str]) -> int:
    from warta.assemble import article_from_doc

    tokens = 0
    for text in texts:
        doc = nlp.annotate(text)
        article_from_doc(doc)
        tokens += len(doc)
    return tokens


def _chunk(texts: list[str], size: int) -> list[list[str]]:
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def measure(kind: str, processes: int, n: int) -> dict[str, Any]:
    """One configuration, in this process (called in a fresh interpreter by ``main``)."""
    texts = read_articles(n)
    t_load = time.perf_counter()
    if processes == 1:
        nlp = _load(kind)
        load_s = time.perf_counter() - t_load
        start = time.perf_counter()
        if kind == "blank":
            tokens = sum(len(doc) for doc in nlp.pipe(texts))
        else:
            tokens = _run_full(nlp, texts)
        elapsed = time.perf_counter() - start
    else:
        with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(kind,)) as pool:
            # Warm-up: every worker has loaded its model before the clock starts.
            work = _process_full if kind == "warta" else _process
            list(pool.map(work, [[texts[0]]] * processes * 2))
            load_s = time.perf_counter() - t_load
            start = time.perf_counter()
            tokens = sum(pool.map(work, _chunk(texts, 8)))
            elapsed = time.perf_counter() - start
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "pipeline": kind,
        "processes": processes,
        "articles": len(texts),
        "tokens": tokens,
        "seconds": round(elapsed, 3),
        "load_seconds": round(load_s, 3),
        "articles_per_s": round(len(texts) / elapsed, 2),
        "tokens_per_s": round(tokens / elapsed, 1),
        # ru_maxrss is in KiB on Linux; children's is the largest single worker.
        "peak_rss_mb": round(self_kb / 1024, 1),
        "peak_worker_rss_mb": round(child_kb / 1024, 1) if processes > 1 else None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=200, help="articles per run (default 200)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--only", help=argparse.SUPPRESS)  # "kind:processes", internal
    args = parser.parse_args(argv)

    if args.only:
        kind, procs = args.only.split(":")
        print(json.dumps(measure(kind, int(procs), args.articles)))
        return

    results = []
    for kind in ("blank", "warta"):
        for procs in (1, 2):
            print(f"running {kind} x{procs} on {args.articles} articles ...", file=sys.stderr)
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--articles",
                    str(args.articles),
                    "--only",
                    f"{kind}:{procs}",
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            if out.returncode != 0:
                sys.exit(out.stderr)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))

    header = (
        f"{'pipeline':<18}{'procs':>6}{'articles/s':>12}{'tokens/s':>12}"
        f"{'load s':>8}{'peak MB':>9}{'worker MB':>10}"
    )
    print(f"{args.articles} articles from {NEWS.name}, {os.cpu_count()} CPUs")
    print(header)
    print("-" * len(header))
    for r in results:
        name = 'spacy.blank("id")' if r["pipeline"] == "blank" else "warta (full)"
        worker = f"{r['peak_worker_rss_mb']:.0f}" if r["peak_worker_rss_mb"] else "-"
        print(
            f"{name:<18}{r['processes']:>6}{r['articles_per_s']:>12.1f}{r['tokens_per_s']:>12.0f}"
            f"{r['load_seconds']:>8.2f}{r['peak_rss_mb']:>9.0f}{worker:>10}"
        )
    by = {(r["pipeline"], r["processes"]): r for r in results}
    for kind in ("blank", "warta"):
        ratio = by[(kind, 2)]["articles_per_s"] / by[(kind, 1)]["articles_per_s"]
        print(f"scaling 1 -> 2 processes, {kind}: {ratio:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
