"""Events scored per PLOVER type over a gold directory (the table in docs/events.md).

    python benchmarks/events_by_type.py [GOLD_DIR]   # default: tests/data/news_gold

Runs ``warta evaluate``'s scoring (:func:`warta.evaluate.evaluate_dir`) and sums, over the
articles, true positives and false positives by the *predicted* type and false negatives by the
*first* type the gold event lists; optional gold events are left out, as in the F1. Prints a
Markdown table plus the macro and micro F1 lines.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _type_of(line: str) -> str:
    """The first type of a described event ("ASSAULT 'ditembak' actor=...", "COERCE|ASSAULT")."""
    return line.split(" ", 1)[0].split("|", 1)[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold_dir", nargs="?", default=str(REPO / "tests" / "data" / "news_gold"))
    args = parser.parse_args(argv)

    import warta
    from warta.evaluate import evaluate_dir

    nlp = warta.load()
    report = evaluate_dir(
        args.gold_dir, lambda text, published: nlp.extract(text, published=published)
    )
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for article in report.articles:
        section = article.sections.get("events")
        if section is None:
            continue
        tp.update(_type_of(line) for line in section.matched)
        fp.update(_type_of(line) for line in section.false_positives)
        fn.update(_type_of(line) for line in section.missed)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    print(f"{len(report.articles)} articles in {args.gold_dir}")
    print("| type | tp | fp | fn | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for etype in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[etype] / (tp[etype] + fp[etype]) if tp[etype] + fp[etype] else 0.0
        r = tp[etype] / (tp[etype] + fn[etype]) if tp[etype] + fn[etype] else 0.0
        counts = f"{tp[etype]} | {fp[etype]} | {fn[etype]}"
        print(f"| {etype} | {counts} | {p:.2f} | {r:.2f} | {f1(p, r):.2f} |")
    t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p = t / (t + f) if t + f else 0.0
    r = t / (t + n) if t + n else 0.0
    macro = report.macro.get("events.f1")
    print(f"micro: tp {t} fp {f} fn {n}, P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f}")
    print(f"macro F1 (as warta evaluate): {macro:.3f}" if macro is not None else "macro F1: -")


if __name__ == "__main__":
    main()
