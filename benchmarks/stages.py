"""CPU time per pipeline stage, in ms per article, over real news.

    python benchmarks/stages.py [--articles 100]

Reads the first N articles of ../shared/data/news/detik_1000_train80.csv (in place), wraps the
tokenizer and every stage of ``warta.load()`` with ``time.process_time`` and runs ``annotate``
plus ``article_from_doc`` one article at a time (``published``, ``source_url`` and ``title`` from
the CSV). CPU time, not wall time: the numbers move less when the machine is shared. Three
articles warm the pipeline up first (lazily loaded tables are loading, not throughput).
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "detik_1000_train80.csv"


def _published(row: dict[str, str]) -> str | None:
    try:
        return dt.datetime.strptime(row["tanggal"], "%m/%d/%Y %H:%M").date().isoformat()
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args(argv)
    if not NEWS.exists():
        sys.exit(f"benchmark needs {NEWS} (the ../shared corpus beside the repo)")
    with NEWS.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["isi_berita"].strip()][: args.articles]

    import warta
    from warta.assemble import article_from_doc

    pipeline = warta.load(time_budget=None)
    spent: collections.Counter[str] = collections.Counter()
    clock = time.process_time

    def timed(name: str, proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(doc: Any) -> Any:
            began = clock()
            out = proc(doc)
            spent[name] += clock() - began
            return out

        return run

    nlp = pipeline.nlp
    nlp._components = [(name, timed(name, proc)) for name, proc in nlp._components]
    nlp.make_doc = timed("tokenizer (make_doc)", nlp.make_doc)  # type: ignore[method-assign]
    for row in rows[:3]:
        pipeline.extract(row["isi_berita"])
    spent.clear()
    began = clock()
    for row in rows:
        doc = pipeline.annotate(row["isi_berita"], _published(row), row["tautan"], row["judul"])
        t = clock()
        article_from_doc(doc)
        spent["assemble (article_from_doc)"] += clock() - t
    total = clock() - began
    n = len(rows)
    print(f"{n} articles from {NEWS.name}: {total * 1000 / n:.1f} ms CPU per article")
    print("| stage | ms per article |\n|---|---|")
    for name, seconds in spent.items():
        print(f"| {name} | {seconds * 1000 / n:.2f} |")
    print(f"| other (annotate itself) | {(total - sum(spent.values())) * 1000 / n:.2f} |")


if __name__ == "__main__":
    main()
