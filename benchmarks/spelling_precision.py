"""Precision of warta's spelling findings on 100 Detik articles, against hand judgements.

Input: ``../shared/data/news/detik_1000_train80.csv`` (read in place) and the judgements in
``tests/data/checks/spelling_judged.jsonl`` (one JSON object a line: ``row``, ``found``,
``suggest``, ``verdict`` true/false, ``reason``). Output: the number of spelling findings on
the first 100 rows with ``source_row % 8 == 0`` (held out: the word lists were never tuned on
them), how many are judged, the precision over the judged ones, every finding not judged yet,
and the time the ``warta_checks`` stage takes per article.

    .venv/bin/python benchmarks/spelling_precision.py            # the numbers
    .venv/bin/python benchmarks/spelling_precision.py --context  # each finding in its sentence,
                                                                  # for judging (not saved)

A finding matches a judgement by (row, found, suggest); a judgement no finding matches any
more is listed as stale and left out of the precision.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWS_CSV = REPO.parent / "shared" / "data" / "news" / "detik_1000_train80.csv"
JUDGED = REPO / "tests" / "data" / "checks" / "spelling_judged.jsonl"
ARTICLES = 100


def sample_rows(path: Path = NEWS_CSV, n: int = ARTICLES) -> list[dict[str, str]]:
    """The first ``n`` rows of the Detik CSV whose ``source_row`` is a multiple of 8."""
    if not path.exists():
        sys.exit(f"{path} is absent: this benchmark needs ../shared beside the repo")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["source_row"]) % 8 == 0]
    return rows[:n]


def load_judgements(path: Path = JUDGED) -> dict[tuple[int, str, str | None], dict]:
    """Judgements by (row, found, suggest)."""
    judged: dict[tuple[int, str, str | None], dict] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                judged[(int(j["row"]), j["found"], j["suggest"])] = j
    return judged


def _key_json(key: tuple[int, str, str | None]) -> str:
    return json.dumps({"row": key[0], "found": key[1], "suggest": key[2]}, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--context", action="store_true", help="print each finding in context")
    args = parser.parse_args(argv)

    import warta
    from warta.components.checks import find_checks

    nlp = warta.load()  # builds the word lists: the stage time below is per article
    judged = load_judgements()
    findings: list[tuple[int, str, str | None, str]] = []
    stage_time = 0.0
    rows = sample_rows()
    for row in rows:
        text = row["isi_berita"]
        doc = nlp.annotate(text)
        began = time.perf_counter()
        find_checks(doc)
        stage_time += time.perf_counter() - began
        for c in doc._.checks or []:
            if c.kind != "spelling":
                continue
            findings.append((int(row["source_row"]), c.found, c.suggest, c.message))
            if args.context:
                around = text[max(0, c.start - 60) : c.end + 60].replace("\n", " ")
                print(f"{row['source_row']}\t{c.found}\t{c.suggest}\t{around}")
    seen = {(r, f, s) for r, f, s, _ in findings}
    verdicts = [judged[k]["verdict"] for k in seen if k in judged]
    unjudged = sorted(k for k in seen if k not in judged)
    stale = sorted(k for k in judged if k not in seen)
    true = sum(1 for v in verdicts if v)
    print(f"articles: {len(rows)} (source_row % 8 == 0)")
    print(f"spelling findings: {len(findings)} ({len(seen)} distinct row/found/suggest)")
    print(f"judged: {len(verdicts)}, true: {true}, false: {len(verdicts) - true}")
    if verdicts:
        print(f"precision: {true / len(verdicts):.3f}")
    print(f"warta_checks stage: {1000 * stage_time / max(1, len(rows)):.1f} ms per article")
    for key in unjudged:
        print("unjudged:", _key_json(key))
    for key in stale:
        print("stale judgement:", _key_json(key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
