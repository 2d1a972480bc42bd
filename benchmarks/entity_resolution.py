"""Entity resolution of warta's names stage, measured on hand-checked entities from real news.

    python benchmarks/entity_resolution.py [--data benchmarks/data/entity_resolution.jsonl]
                                           [--json OUT] [--verbose]

``benchmarks/data/entity_resolution.jsonl`` lists, for articles of
``../shared/data/news/detik_1000_train80.csv`` (read in place, by ``source_row``), entities a
person checked by reading the article: the surface forms that name one entity ("Guntur Harahap",
"Guntur") and the forms of other entities in the same article that must stay apart ("Asep
Guntur Rahayu", "Asep"). Only names are stored, never article text.

Two modes:

* ``gold-spans`` (always): every occurrence of every listed form is found by string search and
  handed to the resolver as ``doc.ents`` (the type from the data), as a perfect NER would; the
  rest of the pipeline (gazetteer, titles, linking) runs as shipped. This measures resolution
  alone.
* ``end-to-end`` (when the trained NER ships in ``warta/models/ner``): the full pipeline
  (``warta.load()``) runs on the raw article; a listed occurrence counts as found when a
  predicted mention overlaps it.

Entries marked ``"split": "heldout"`` come from articles first read after the rules were frozen;
the others (``dev``) were read while the rules were written. Both are reported, and all.

Scores, over pairs of listed occurrences in the same article:

* merge precision: of the pairs the resolver put in one entity, the share that are one entity;
* merge recall: of the pairs that are one entity, the share the resolver put in one entity;

each over all pairs and over pairs of *different* surface forms (the non-trivial links:
"Guntur" with "Guntur Harahap", not "Guntur" with "Guntur"). Per entity: whether all its
occurrences ended in one predicted entity, whether that entity is free of other listed entities,
and whether its canonical name is the listed one (case-insensitive).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "detik_1000_train80.csv"
DATA = REPO / "benchmarks" / "data" / "entity_resolution.jsonl"


@dataclass
class Occurrence:
    start: int
    end: int
    text: str
    gold: int  # gold entity id within the article
    pred: str | None = None  # predicted entity id


@dataclass
class Article:
    row: str
    text: str
    #: "dev" (looked at while the rules were written) or "heldout" (checked after they froze).
    split: str = "dev"
    #: Gold entities of the article: id -> (type, forms).
    entities: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    #: Benchmark entries about this article: (entry index, gold id, accepted canonical names).
    entries: list[tuple[int, int, list[str]]] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)


def load(data: Path) -> list[Article]:
    if not NEWS.exists():
        sys.exit(f"benchmark needs {NEWS} (the ../shared corpus beside the repo)")
    with NEWS.open(encoding="utf-8", newline="") as fh:
        texts = {row["source_row"]: row["isi_berita"] for row in csv.DictReader(fh)}
    articles: dict[str, Article] = {}
    entries = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line]
    for n, entry in enumerate(entries):
        row = str(entry["source_row"])
        art = articles.setdefault(row, Article(row, texts[row], entry.get("split", "dev")))
        groups = [(entry["type"], entry["mentions"])]
        groups += [(g["type"], g["forms"]) for g in entry.get("not_merged_with", [])]
        ids = [_gold_id(art, etype, forms) for etype, forms in groups]
        names = [entry["canonical"], *entry.get("canonical_also", [])]
        art.entries.append((n, ids[0], names))
    for art in articles.values():
        art.occurrences = _find(art)
    return list(articles.values())


def _gold_id(art: Article, etype: str, forms: list[str]) -> int:
    """The id of the gold entity with any of ``forms``, merging entities that share a form."""
    hits = [gid for gid, (_, fs) in art.entities.items() if set(fs) & set(forms)]
    if not hits:
        gid = len(art.entities)
        art.entities[gid] = (etype, list(forms))
        return gid
    keep = hits[0]
    for gid in hits[1:]:
        art.entities[keep][1].extend(art.entities.pop(gid)[1])
    art.entities[keep][1].extend(f for f in forms if f not in art.entities[keep][1])
    return keep


def _find(art: Article) -> list[Occurrence]:
    """Every occurrence of every listed form, longest first where they overlap, outside the
    scraped boilerplate lines ("Tonton juga video ...", "SCROLL TO CONTINUE ..."), which are
    no part of the article and which warta reads nothing from."""
    from warta.text import boilerplate_spans

    found: list[Occurrence] = []
    skip = boilerplate_spans(art.text)
    forms = [(f, gid) for gid, (_, fs) in art.entities.items() for f in fs]
    for form, gid in sorted(forms, key=lambda x: -len(x[0])):
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", art.text):
            if any(o.start < m.end() and m.start() < o.end for o in found):
                continue
            if any(a < m.end() and m.start() < b for a, b in skip):
                continue
            found.append(Occurrence(m.start(), m.end(), form, gid))
    return sorted(found, key=lambda o: o.start)


# --- running the resolver -------------------------------------------------------------------


def run_gold_spans(nlp: Any, art: Article) -> Any:
    """The pipeline up to ``warta_names`` with the listed occurrences as ``doc.ents``."""
    doc = nlp.make_doc(art.text)
    for name, proc in nlp.pipeline:
        if name == "ner":
            continue
        if name == "warta_names":
            spans = []
            for occ in art.occurrences:
                span = doc.char_span(
                    occ.start, occ.end, label=art.entities[occ.gold][0], alignment_mode="expand"
                )
                if span is not None and not any(
                    s.start < span.end and span.start < s.end for s in spans
                ):
                    spans.append(span)
            doc.ents = spans
            return proc(doc)
        doc = proc(doc)
    raise RuntimeError("the pipeline has no warta_names stage")


def assign(doc: Any, art: Article) -> None:
    """Give each occurrence the predicted entity whose mention overlaps it most."""
    mentions = [(m.start, m.end, e.id) for e in doc._.entities or [] for m in e.mentions]
    for occ in art.occurrences:
        best, overlap = None, 0
        for start, end, eid in mentions:
            o = min(end, occ.end) - max(start, occ.start)
            if o > overlap:
                best, overlap = eid, o
        occ.pred = best


# --- scoring --------------------------------------------------------------------------------


@dataclass
class Pairs:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(articles: list[Article], docs: dict[str, Any]) -> dict[str, Any]:
    every, distinct = Pairs(), Pairs()
    errors: list[str] = []
    for art in articles:
        for a, b in combinations(art.occurrences, 2):
            gold_same = a.gold == b.gold
            pred_same = a.pred is not None and a.pred == b.pred
            for pairs, counted in ((every, True), (distinct, a.text != b.text)):
                if not counted:
                    continue
                if pred_same and gold_same:
                    pairs.tp += 1
                elif pred_same:
                    pairs.fp += 1
                elif gold_same:
                    pairs.fn += 1
            if pred_same and not gold_same and a.text != b.text:
                errors.append(f"row {art.row}: merged {a.text!r} with {b.text!r}")
    per_entity = []
    for art in articles:
        names = {e.id: e.name for e in docs[art.row]._.entities or []}
        for n, gid, canonicals in art.entries:
            occs = [o for o in art.occurrences if o.gold == gid]
            preds = {o.pred for o in occs}
            main = max(preds, key=lambda p: sum(o.pred == p for o in occs)) if occs else None
            merged = len(preds) == 1 and main is not None
            clean = main is not None and all(
                o.gold == gid for o in art.occurrences if o.pred == main
            )
            name = names.get(main) if main else None
            per_entity.append(
                {
                    "entry": n,
                    "row": art.row,
                    "canonical": canonicals[0],
                    "occurrences": len(occs),
                    "forms": len({o.text for o in occs}),
                    "merged": merged,
                    "clean": clean,
                    "predicted_name": name,
                    "name_ok": bool(name) and name.casefold() in {c.casefold() for c in canonicals},
                }
            )
    multi = [e for e in per_entity if e["forms"] > 1]
    return {
        "articles": len(articles),
        "entities": len(per_entity),
        "multi_form_entities": len(multi),
        "occurrences": sum(len(a.occurrences) for a in articles),
        "pairs_all": {"precision": every.precision, "recall": every.recall, **vars(every)},
        "pairs_distinct_forms": {
            "precision": distinct.precision,
            "recall": distinct.recall,
            **vars(distinct),
        },
        "entities_fully_merged": sum(e["merged"] for e in multi) / max(len(multi), 1),
        "entities_clean": sum(e["clean"] for e in per_entity) / max(len(per_entity), 1),
        "canonical_name_accuracy": sum(e["name_ok"] for e in per_entity) / max(len(per_entity), 1),
        "false_merges": sorted(set(errors)),
        "per_entity": per_entity,
    }


def report(mode: str, result: dict[str, Any], seconds: float, verbose: bool) -> None:
    print(f"\n== mode: {mode}")
    print(
        f"{result['articles']} articles, {result['entities']} listed entities "
        f"({result['multi_form_entities']} with several forms), "
        f"{result['occurrences']} occurrences; {seconds:.1f} s"
    )
    for key, label in (("pairs_distinct_forms", "different forms"), ("pairs_all", "all pairs")):
        p = result[key]
        print(
            f"  merge precision {p['precision']:.3f}  recall {p['recall']:.3f}  "
            f"({label}: tp {p['tp']}, fp {p['fp']}, fn {p['fn']})"
        )
    print(f"  entities fully merged      {result['entities_fully_merged']:.3f}")
    print(f"  entities free of others    {result['entities_clean']:.3f}")
    print(f"  canonical name as listed   {result['canonical_name_accuracy']:.3f}")
    if result["false_merges"]:
        print("  false merges:")
        for line in result["false_merges"]:
            print(f"    {line}")
    if verbose:
        for e in result["per_entity"]:
            flags = ("merged " if e["merged"] else "SPLIT  ") + ("" if e["clean"] else "MIXED ")
            print(
                f"    {flags}row {e['row']:>4} {e['canonical']!r} -> {e['predicted_name']!r}"
                f" ({e['occurrences']} occurrences, {e['forms']} forms)"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", type=Path, help="write the numbers here")
    parser.add_argument("--verbose", action="store_true", help="one line per entity")
    args = parser.parse_args(argv)

    import warta
    from warta.pipeline import default_ner_path

    articles = load(args.data)
    results: dict[str, Any] = {}

    nlp = warta.load(None).nlp
    t0 = time.perf_counter()
    docs = {}
    for art in articles:
        docs[art.row] = run_gold_spans(nlp, art)
        assign(docs[art.row], art)
    seconds = time.perf_counter() - t0
    results["gold-spans"] = score(articles, docs)
    report(
        "gold-spans (listed occurrences fed as NER spans), all",
        results["gold-spans"],
        seconds,
        args.verbose,
    )
    for split in ("dev", "heldout"):
        part = [a for a in articles if a.split == split]
        if part:
            results[f"gold-spans:{split}"] = score(part, docs)
            report(
                f"gold-spans, {split} split only", results[f"gold-spans:{split}"], seconds, False
            )

    if default_ner_path() is not None:
        pipeline = warta.load()
        t0 = time.perf_counter()
        docs = {}
        for art in articles:
            docs[art.row] = pipeline.annotate(art.text)
            assign(docs[art.row], art)
        found = sum(o.pred is not None for a in articles for o in a.occurrences)
        total = sum(len(a.occurrences) for a in articles)
        results["end-to-end"] = score(articles, docs)
        results["end-to-end"]["occurrences_found"] = found / max(total, 1)
        report(
            "end-to-end (trained NER + gazetteer + resolution)",
            results["end-to-end"],
            time.perf_counter() - t0,
            args.verbose,
        )
        print(f"  listed occurrences found   {found / max(total, 1):.3f}")
    else:
        print("\n== mode: end-to-end skipped: no trained NER in warta/models/ner yet")

    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
