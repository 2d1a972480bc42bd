"""Check places.jsonl against the corpus and print its make-up.

Input: places.jsonl beside this file and ../shared/data/news/detik_1000_train80.csv (read in place).
Output: one line per problem found, then counts per feature and per country, the number of
undecidable (null) mentions and of homonym cases; exit status 1 when a problem was found.
Example: `.venv/bin/python tests/data/places/check.py` -> "150 mentions, 0 problems" and the tables.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACES = HERE / "places.jsonl"
NEWS_CSV = HERE.parents[2].parent / "shared" / "data" / "news" / "detik_1000_train80.csv"
FIELDS = ("row", "start", "end", "text", "country", "lat", "lon", "km", "feature", "note")
FEATURES = {
    "country",
    "admin1",
    "admin2",
    "admin3",
    "village",
    "city",
    "region",
    "street",
    "landmark",
}


def problems(item: dict[str, object], texts: dict[int, str] | None) -> list[str]:
    """What is wrong with one mention: missing fields, bad types or offsets that miss the text."""
    out = [f"missing field {k}" for k in FIELDS if k not in item]
    if out:
        return out
    row, start, end, text = item["row"], item["start"], item["end"], item["text"]
    if not (isinstance(row, int) and isinstance(start, int) and isinstance(end, int)):
        return ["row/start/end must be integers"]
    if not isinstance(text, str) or end - start != len(text):
        out.append("end - start != len(text)")
    if texts is not None:
        if row not in texts:
            out.append(f"row {row} not in the corpus")
        elif texts[row][start:end] != text:
            out.append(f"text[start:end] is {texts[row][start:end]!r}, not {text!r}")
    if item["feature"] not in FEATURES:
        out.append(f"feature {item['feature']!r} not one of {sorted(FEATURES)}")
    country = item["country"]
    if country is not None and not (
        isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)
    ):
        out.append(f"country {country!r} is not ISO alpha-2 or null")
    lat, lon, km = item["lat"], item["lon"], item["km"]
    if (lat is None) != (lon is None) or (lat is None) != (km is None):
        out.append("lat, lon and km must be all null (undecidable) or all numbers")
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        out.append("lat/lon out of range or km not positive")
    if lat is None and country is not None:
        out.append("an undecidable mention has country null too")
    if not item["note"]:
        out.append("empty note")
    return out


def main() -> int:
    """Run the checks and print the tables; 0 when the file is clean."""
    texts: dict[int, str] | None = None
    if NEWS_CSV.exists():
        csv.field_size_limit(10**9)
        with NEWS_CSV.open(encoding="utf-8", newline="") as f:
            texts = {int(r["source_row"]): r["isi_berita"] for r in csv.DictReader(f)}
    else:
        print(f"{NEWS_CSV} is absent: offsets not checked against the text")
    items, bad, seen = [], 0, set()
    for n, line in enumerate(PLACES.read_text(encoding="utf-8").splitlines(), 1):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"line {n}: not JSON ({e})")
            bad += 1
            continue
        key = (item.get("row"), item.get("start"))
        found = problems(item, texts) + (["duplicate row/start"] if key in seen else [])
        seen.add(key)
        for p in found:
            print(f"line {n} (row {item.get('row')}, {item.get('text')!r}): {p}")
        bad += bool(found)
        items.append(item)
    print(f"{len(items)} mentions in {len({i['row'] for i in items})} rows, {bad} with problems")
    for title, key in (("feature", "feature"), ("country", "country")):
        counts = Counter(str(i[key]) for i in items)
        print(f"per {title}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print(f"undecidable (lat null): {sum(i['lat'] is None for i in items)}")
    homonyms = sum(i["note"].startswith("homonym:") for i in items)
    print(f"homonym cases (note starts 'homonym:'): {homonyms}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
