"""Place resolution on hand-checked mentions from the news corpus.

    python benchmarks/places.py [--gold tests/data/places/places.jsonl] [--json OUT]

Input: ``places.jsonl`` (one gold mention per line: ``row`` = the CSV ``source_row``,
``start``/``end`` = character offsets into ``isi_berita``, ``text``, ``country`` (ISO alpha-2,
or null for a region of no single country), ``lat``, ``lon``, ``km``), and
``../shared/data/news/detik_1000_train80.csv`` read in place. The pipeline runs on each article
once; each gold mention is matched to the predicted place entity (LOC, GPE or FAC) one of whose
mentions overlaps it.

Output: accuracy over the mentions warta resolved (right = same country, both null for a
region, and within ``km`` of the gold point), the number it abstained on (covered by a place
entity without ``geo``), misses (no place entity covers the mention) and a list of the errors.

Example: ``.venv/bin/python benchmarks/places.py`` ->
"resolved 120/150  right 112  accuracy 0.933 | abstained 10 | missed 20" and the error lines.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "detik_1000_train80.csv"
GOLD = REPO / "tests" / "data" / "places" / "places.jsonl"
PLACE_TYPES = {"LOC", "GPE", "FAC"}


@dataclass
class Result:
    """Counts and error lines of one run of :func:`evaluate`."""

    total: int = 0
    resolved: int = 0
    right: int = 0
    abstained: int = 0
    missed: int = 0
    errors: list[str] = field(default_factory=list)
    abstentions: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.resolved if self.resolved else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "resolved": self.resolved,
            "right": self.right,
            "accuracy": round(self.accuracy, 4),
            "abstained": self.abstained,
            "missed": self.missed,
            "errors": self.errors,
        }


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The gold mentions of ``path`` (JSON lines)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                sys.exit(f"{path}:{n}: not JSON ({exc})")
    return out


def read_articles(rows: set[int]) -> dict[int, str]:
    """``isi_berita`` of the corpus rows whose ``source_row`` is in ``rows``."""
    with NEWS.open(encoding="utf-8", newline="") as fh:
        return {
            int(r["source_row"]): r["isi_berita"]
            for r in csv.DictReader(fh)
            if int(r["source_row"]) in rows
        }


def evaluate(gold: list[dict[str, Any]], nlp: Any = None) -> Result:
    """Run the pipeline on the gold mentions' articles and score them (see the module doc)."""
    from warta.geo import haversine

    if nlp is None:
        import warta

        nlp = warta.load()
    texts = read_articles({g["row"] for g in gold})
    records = {row: nlp.extract(text) for row, text in texts.items()}
    res = Result()
    for g in gold:
        res.total += 1
        label = f"row {g['row']} {g['start']}:{g['end']} {g['text']!r}"
        article = records.get(g["row"])
        if article is None:
            res.missed += 1
            res.misses.append(f"{label}: row not in the corpus")
            continue
        covering = [
            e
            for e in article.entities
            if e.type in PLACE_TYPES
            and any(m.start < g["end"] and g["start"] < m.end for m in e.mentions)
        ]
        if not covering:
            other = [
                e.type
                for e in article.entities
                if any(m.start < g["end"] and g["start"] < m.end for m in e.mentions)
            ]
            res.missed += 1
            res.misses.append(f"{label}: no place entity" + (f" ({other[0]})" if other else ""))
            continue
        # The covering entity that resolved, the one whose mention fits the gold span best.
        covering.sort(key=lambda e: (e.geo is None, _misfit(e, g)))
        entity = covering[0]
        if entity.geo is None:
            res.abstained += 1
            res.abstentions.append(f"{label}: {entity.name!r} unresolved")
            continue
        res.resolved += 1
        km = haversine(entity.geo.lat, entity.geo.lon, float(g["lat"]), float(g["lon"]))
        same_country = (entity.country or None) == (g["country"] or None)
        if same_country and km <= float(g["km"]):
            res.right += 1
        else:
            res.errors.append(
                f"{label}: predicted {entity.name!r} {entity.country} "
                f"({entity.geo.lat:.2f}, {entity.geo.lon:.2f}) {entity.geo.feature}; "
                f"gold {g['country']} ({g['lat']}, {g['lon']}) within {g['km']} km: "
                f"{km:.0f} km off | {g.get('note', '')}"
            )
    return res


def _misfit(entity: Any, g: dict[str, Any]) -> int:
    return min(abs(m.start - g["start"]) + abs(m.end - g["end"]) for m in entity.mentions)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--json", type=Path, default=None, help="write the numbers here")
    ap.add_argument("--verbose", action="store_true", help="also list abstentions and misses")
    args = ap.parse_args()
    if not NEWS.exists():
        sys.exit(f"benchmark needs {NEWS} (the ../shared corpus beside the repo)")
    if not args.gold.exists():
        sys.exit(f"no gold mentions at {args.gold}")
    gold = read_gold(args.gold)
    t0 = time.perf_counter()
    res = evaluate(gold)
    took = time.perf_counter() - t0
    print(
        f"{res.total} mentions: resolved {res.resolved}, right {res.right}, "
        f"accuracy {res.accuracy:.3f} | abstained {res.abstained} | missed {res.missed} "
        f"({took:.1f}s)"
    )
    for title, lines in (("errors", res.errors),) + (
        (("abstentions", res.abstentions), ("misses", res.misses)) if args.verbose else ()
    ):
        print(f"\n{title} ({len(lines)}):")
        for line in lines:
            print("  " + line)
    if args.json:
        args.json.write_text(json.dumps(res.to_dict(), indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
