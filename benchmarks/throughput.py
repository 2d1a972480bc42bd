"""Throughput of warta over real news: a bare spaCy tokenizer pass vs the full pipeline.

    python benchmarks/throughput.py [--articles 200] [--json OUT]

Reads N articles from ../shared/data/news/detik_1000_train80.csv (in place) and prints, side by
side, articles/s and tokens/s for

* ``spacy.blank("id")``: spaCy's tokenizer alone, the floor any pipeline pays;
* ``warta``: the full pipeline, records included, through ``Pipeline.extract_many`` (which
  batches the NER 16 articles at a time, as ``nlp.pipe`` batches the blank tokenizer);
  ``--one-by-one`` runs ``annotate`` + ``article_from_doc`` per article instead,

each with 1 and 2 worker processes, plus the peak resident memory of each run (the process and
its workers). Every configuration runs in a fresh interpreter, so memory is not carried over
between them; model loading happens before the clock starts and is reported separately.

Wall-clock articles/s depend on what else the machine runs; the ``cpu ms/art`` column (CPU time
of the process and its workers per article) is steadier on a shared machine, and the ratio
lines at the end compare warta with the tokenizer both ways.
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
#: Run warta article by article (``annotate``) instead of ``extract_many``; set by --one-by-one.
_ONE_BY_ONE = False


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


def _init_worker(kind: str, one_by_one: bool = False) -> None:
    global _worker_nlp, _ONE_BY_ONE
    _worker_nlp = _load(kind)
    _ONE_BY_ONE = one_by_one


def _process(texts: list[str]) -> tuple[int, float]:
    """Tokenize a chunk in a worker; returns the tokens seen and the CPU seconds taken."""
    began = time.process_time()
    tokens = sum(len(doc) for doc in _worker_nlp.pipe(texts))
    return tokens, time.process_time() - began


def _process_full(texts: list[str]) -> tuple[int, float]:
    """Run the full pipeline on a chunk in a worker, records included; (tokens, CPU seconds)."""
    began = time.process_time()
    _run_full(_worker_nlp, texts)
    cpu = time.process_time() - began
    return _count_tokens(_worker_nlp, texts), cpu


def _run_full(nlp: Any, texts: list[str]) -> None:
    """Records for ``texts``: batched through ``extract_many``, or one by one."""
    if _ONE_BY_ONE:
        from warta.assemble import article_from_doc

        for text in texts:
            article_from_doc(nlp.annotate(text))
    else:
        for _ in nlp.extract_many(texts, batch_size=16):
            pass


def _count_tokens(nlp: Any, texts: list[str]) -> int:
    """warta's token count of ``texts`` (after the clock: the records do not carry it)."""
    return sum(len(nlp.nlp.make_doc(text)) for text in texts)


def _chunk(texts: list[str], size: int) -> list[list[str]]:
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def measure(kind: str, processes: int, n: int) -> dict[str, Any]:
    """One configuration, in this process (called in a fresh interpreter by ``main``)."""
    texts = read_articles(n)
    t_load = time.perf_counter()
    if processes == 1:
        nlp = _load(kind)
        # Warm-up, as in the 2-process runs: lazily loaded tables are loading, not throughput.
        if kind == "warta":
            _run_full(nlp, texts[:2])
        else:
            list(nlp.pipe(texts[:2]))
        load_s = time.perf_counter() - t_load
        start = time.perf_counter()
        began_cpu = time.process_time()
        if kind == "blank":
            tokens = sum(len(doc) for doc in nlp.pipe(texts))
            cpu = time.process_time() - began_cpu
            elapsed = time.perf_counter() - start
        else:
            _run_full(nlp, texts)
            cpu = time.process_time() - began_cpu
            elapsed = time.perf_counter() - start
            tokens = _count_tokens(nlp, texts)
    else:
        initargs = (kind, _ONE_BY_ONE)
        with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=initargs) as pool:
            # Warm-up: every worker has loaded its model before the clock starts.
            work = _process_full if kind == "warta" else _process
            list(pool.map(work, [texts[:2]] * processes * 2))
            load_s = time.perf_counter() - t_load
            start = time.perf_counter()
            done = list(pool.map(work, _chunk(texts, 8)))
            elapsed = time.perf_counter() - start
            tokens = sum(t for t, _ in done)
            cpu = sum(c for _, c in done)
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
        "cpu_ms_per_article": round(cpu * 1000 / len(texts), 2),
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
    parser.add_argument(
        "--one-by-one",
        action="store_true",
        help="run warta article by article (annotate) instead of extract_many",
    )
    parser.add_argument("--only", help=argparse.SUPPRESS)  # "kind:processes", internal
    args = parser.parse_args(argv)
    global _ONE_BY_ONE
    _ONE_BY_ONE = args.one_by_one

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
                    *(["--one-by-one"] if args.one_by_one else []),
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            if out.returncode != 0:
                sys.exit(out.stderr)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))

    header = (
        f"{'pipeline':<18}{'procs':>6}{'articles/s':>12}{'tokens/s':>12}{'cpu ms/art':>12}"
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
            f"{r['cpu_ms_per_article']:>12.2f}{r['load_seconds']:>8.2f}{r['peak_rss_mb']:>9.0f}{worker:>10}"
        )
    by = {(r["pipeline"], r["processes"]): r for r in results}
    for kind in ("blank", "warta"):
        ratio = by[(kind, 2)]["articles_per_s"] / by[(kind, 1)]["articles_per_s"]
        print(f"scaling 1 -> 2 processes, {kind}: {ratio:.2f}x")
    for procs in (1, 2):
        wall = by[("warta", procs)]["articles_per_s"] / by[("blank", procs)]["articles_per_s"]
        blank_ms = by[("blank", procs)]["cpu_ms_per_article"]
        cpu = blank_ms / by[("warta", procs)]["cpu_ms_per_article"]
        print(
            f"warta / tokenizer, {procs} proc: {wall:.1%} of the articles/s, "
            f"{cpu:.1%} by CPU time per article"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
