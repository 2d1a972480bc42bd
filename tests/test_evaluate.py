"""Unit tests of the gold-file scorer (``warta.evaluate``) against FORMAT.md's rules.

Gold files are written to a temporary folder from small dicts and predictions are built as
``Article`` objects by hand: no pipeline, no spaCy model.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conftest import SHARED
from warta.evaluate import (
    EvaluationError,
    GoldArticle,
    GoldFormatError,
    _max_weight_matching,
    evaluate_dir,
    haversine_km,
    load_gold,
    normalize,
    render_report,
    score_article,
)
from warta.record import (
    Argument,
    Article,
    Check,
    Count,
    DateExpr,
    Entity,
    Event,
    Geo,
    Mention,
    Metadata,
    Quote,
    Trigger,
)

REAL_GOLD = SHARED / "gold" / "articles" / "kazakhstan-csto.json"

TEXT = (
    "Bisnis.com, JAKARTA--Presiden Kassym-Jomart Tokayeva meminta bantuan CSTO. "
    "“Almaty diserang, dihancurkan,” kata Tokayev, Kamis (6/1). "
    "Akibatnya delapan orang tewas di Almaty, Kazakhstan. "
    "Pada Rabu malam, Nikol Pashinyan mengatakan bahwa CSTO akan mengirim pasukan."
)


def base_gold() -> dict[str, Any]:
    """A small gold record of TEXT with at least one required item in every section."""
    return {
        "id": "mini",
        "text_file": "mini.txt",
        "metadata": {"published": "2022-01-06", "source": "Bisnis.com", "dateline": "JAKARTA"},
        "entities": [
            {"name": "Kassym-Jomart Tokayev", "type": "PER", "aliases": ["Tokayeva", "Tokayev"]},
            {"name": "Nikol Pashinyan", "type": "PER", "aliases": ["Pashinyan"]},
            {
                "name": "Organisasi Perjanjian Keamanan Kolektif",
                "type": "ORG",
                "aliases": ["CSTO"],
            },
            {"name": "Almaty", "type": "LOC", "aliases": []},
            {"name": "Kazakhstan", "type": "LOC", "aliases": []},
            {"name": "Jakarta", "type": "LOC", "aliases": ["JAKARTA"], "optional": True},
        ],
        "locations": [
            {"name": "Almaty", "country": "KZ", "lat": 43.25, "lon": 76.92, "km": 50},
            {"name": "Kazakhstan", "country": "KZ", "lat": 48.0, "lon": 68.0, "km": 1200},
        ],
        "counts": [{"kind": "KILLED", "value": 8, "who": "orang"}],
        "quotes": [
            {
                "speaker": "Kassym-Jomart Tokayev",
                "kind": "direct",
                "starts_with": "Almaty diserang",
            },
            {
                "speaker": "Nikol Pashinyan",
                "kind": "indirect",
                "starts_with": "CSTO akan mengirim",
            },
        ],
        "dates": [
            {"text": "Kamis (6/1)", "value": "2022-01-06"},
            {"text": "Rabu malam", "value": "2022-01-05"},
        ],
        "events": [
            {
                "types": ["REQUEST"],
                "actor": ["Kassym-Jomart Tokayev"],
                "target": ["Organisasi Perjanjian Keamanan Kolektif"],
                "note": "Tokayev asks the bloc for help",
            },
            {
                "types": ["AID", "MOBILIZE"],
                "actor": ["Organisasi Perjanjian Keamanan Kolektif"],
                "target": ["Kazakhstan"],
            },
        ],
        "checks": [{"found": "Tokayeva", "suggest": "Tokayev", "kind": "name-variant"}],
    }


def write_gold(folder: Path, data: dict[str, Any], text: str = TEXT, name: str = "mini") -> Path:
    """Write ``data`` as NAME.json and ``text`` as NAME.txt; return the JSON path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def make_gold(tmp_path: Path, **changes: Any) -> GoldArticle:
    """Load base_gold() with top-level sections replaced by ``changes``."""
    data = base_gold()
    data.update(changes)
    return load_gold(write_gold(tmp_path, data))


def entity_id(gold: GoldArticle, name: str) -> str:
    return f"e{next(k for k, e in enumerate(gold.entities) if e.name == name)}"


def perfect(gold: GoldArticle) -> Article:
    """The record a perfect extractor would return for ``gold`` (required items only)."""
    entities = []
    for k, g in enumerate(gold.entities):
        if g.optional:
            continue
        loc = next((x for x in gold.locations if x.name == g.name), None)
        entities.append(
            Entity(
                id=f"e{k}",
                name=g.name,
                type=g.type,
                mentions=[Mention(a, 0, len(a)) for a in g.aliases],
                country=loc.country if loc else None,
                geo=Geo(loc.lat, loc.lon) if loc else None,
            )
        )
    events = []
    for g in gold.events:
        if g.optional:
            continue
        args = {r: Argument(g.listed(r)[0]) for r in ("actor", "target", "where") if g.listed(r)}
        events.append(Event(g.types[0], Trigger("x", 0, 1), "asserted", 0, **args))
    return Article(
        id=gold.id,
        text=gold.text,
        metadata=Metadata(
            published=gold.metadata.published,
            source=gold.metadata.source,
            dateline=gold.metadata.dateline,
        ),
        entities=entities,
        counts=[Count(c.kind, c.value, c.who, "x", 0, 1) for c in gold.counts if not c.optional],
        quotes=[
            Quote(
                q.kind,
                f"“{q.starts_with} dan seterusnya”",
                0,
                1,
                entity_id(gold, q.speaker),
                q.speaker,
                "kata",
            )
            for q in gold.quotes
            if not q.optional
        ],
        dates=[
            DateExpr(d.text, d.spans[0][0], d.spans[0][1], d.value, "day")
            for d in gold.dates
            if not d.optional
        ],
        events=events,
        checks=[
            Check(c.kind or "spelling", c.found, c.suggest, 0, 1, "")
            for c in gold.checks
            if not c.optional
        ],
    )


def empty(gold: GoldArticle) -> Article:
    return Article(id=gold.id, text=gold.text)


def ent(eid: str, name: str, etype: str, *mentions: str, **kw: Any) -> Entity:
    return Entity(eid, name, etype, [Mention(m, 0, len(m)) for m in mentions], **kw)


def event(etype: str, **args: str) -> Event:
    return Event(
        etype, Trigger("x", 0, 1), "asserted", 0, **{k: Argument(v) for k, v in args.items()}
    )


# --- normalisation and helpers ---------------------------------------------------------------


def test_normalize_nfkc_casefold_and_edge_punctuation() -> None:
    assert normalize("“Almaty diserang,”") == "almaty diserang"
    assert normalize("«TOKAYEV»…") == "tokayev"
    assert normalize("ﬁnal Ｔｏｋａｙｅｖ") == "final tokayev"  # NFKC: ligature, fullwidth
    assert normalize("Straße") == normalize("STRASSE")  # casefold, not lower
    assert normalize("Kassym-Jomart") == "kassym-jomart"  # inner punctuation stays
    assert normalize(" (6/1) ") == "6/1"
    assert normalize("$5") == "$5"  # symbols are not punctuation
    assert normalize("Nikol \n Pashinyan") == "nikol pashinyan"
    assert normalize(None) == "" and normalize("“…”") == ""


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)
    assert haversine_km(43.25, 76.92, 43.25, 76.92) == 0


def test_matching_beats_greedy() -> None:
    # Left 0 can take right 0 or 1, left 1 only right 0: greedy 0→0 leaves 1 unmatched.
    weights = {(0, 0): 1, (0, 1): 1, (1, 0): 1}
    assert _max_weight_matching(2, 2, weights) == {0: 1, 1: 0}
    # Layered weights: the heavy (required) edge wins over a light (optional) one.
    assert _max_weight_matching(2, 1, {(0, 0): 1, (1, 0): 10}) == {1: 0}
    assert _max_weight_matching(0, 3, {}) == {}


def _best_weight(n_left: int, n_right: int, weights: dict[tuple[int, int], int]) -> int:
    """Brute force: the largest total weight of any matching."""

    def best(i: int, used: frozenset[int]) -> int:
        if i == n_left:
            return 0
        options = [best(i + 1, used)]
        for j in range(n_right):
            if j not in used and (i, j) in weights:
                options.append(weights[(i, j)] + best(i + 1, used | {j}))
        return max(options)

    return best(0, frozenset())


def test_matching_is_maximum_weight_on_random_graphs() -> None:
    rng = random.Random(7)
    for _ in range(400):
        n_left, n_right = rng.randint(0, 5), rng.randint(0, 5)
        weights = {
            (i, j): rng.choice([1, 2, 30, 31, 900])
            for i in range(n_left)
            for j in range(n_right)
            if rng.random() < 0.45
        }
        matching = _max_weight_matching(n_left, n_right, weights)
        assert len(set(matching.values())) == len(matching)
        total = sum(weights[(i, j)] for i, j in matching.items())
        assert total == _best_weight(n_left, n_right, weights), weights


# --- whole article -----------------------------------------------------------------------------


def test_perfect_prediction_scores_one_everywhere(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    scores = score_article(gold, perfect(gold))
    for name, s in scores.sections.items():
        assert s.score == 1.0, (name, s)
        assert not s.missed and not s.false_positives, (name, s.missed, s.false_positives)
    assert scores.sections["quotes"].extra["attribution"] == 1.0
    assert scores.overall == 1.0


def test_empty_prediction_scores_zero(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    scores = score_article(gold, empty(gold))
    for name, s in scores.sections.items():
        assert s.score == 0.0, name
        for value in (s.precision, s.recall, s.f1, s.accuracy):
            assert value in (None, 0.0), name
    assert scores.sections["quotes"].extra["attribution"] == 0.0
    assert scores.sections["entities"].fn == 5  # the optional entity is not required
    assert scores.overall == 0.0


def test_sections_without_required_gold(tmp_path: Path) -> None:
    optional_only = [{"kind": "KILLED", "value": 8, "optional": True}]
    gold = make_gold(
        tmp_path,
        entities=[],
        locations=[],
        counts=optional_only,
        quotes=[],
        dates=[],
        events=[],
        checks=[],
        metadata={"published": "2022-01-06"},
    )
    nothing = score_article(gold, empty(gold))
    for name in ("entities", "counts", "quotes", "dates", "events", "checks"):
        s = nothing.sections[name]
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), name
    # Accuracy sections have nothing to score: undefined, and left out of overall.
    assert nothing.sections["locations"].score is None
    assert nothing.sections["metadata"].score is None
    assert nothing.sections["quotes"].extra["attribution"] is None
    assert nothing.overall == 1.0

    pred = empty(gold)
    pred.counts = [Count("KILLED", 8, None, "delapan", 0, 1)]  # matches the optional count
    assert score_article(gold, pred).sections["counts"].f1 == 1.0
    pred.counts.append(Count("INJURED", 3, None, "tiga", 0, 1))
    pred.checks = [Check("spelling", "Almaty", "Almati", 0, 1, "")]
    scores = score_article(gold, pred)
    assert scores.sections["counts"].score == 0.0
    assert scores.sections["checks"].score == 0.0
    assert scores.overall == pytest.approx(4 / 6)


def test_overall_leaves_out_undefined_sections(tmp_path: Path) -> None:
    gold = make_gold(tmp_path, locations=[])
    scores = score_article(gold, perfect(gold))
    assert scores.sections["locations"].score is None
    assert scores.overall == 1.0
    assert "locations.accuracy" in scores.metrics()


# --- entities ----------------------------------------------------------------------------------


def entities_only(gold: GoldArticle, *entities: Entity) -> Article:
    return Article(id=gold.id, text=gold.text, entities=list(entities))


def test_split_entity_is_one_tp_one_fp(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = entities_only(
        gold,
        ent("a", "Kassym-Jomart Tokayev", "PER", "Tokayev"),
        ent("b", "Tokayeva", "PER"),
    )
    s = score_article(gold, pred).sections["entities"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 4)
    assert "split of" in s.false_positives[0] and "Tokayeva" in s.false_positives[0]
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 5)


def test_entity_matching_uses_the_free_gold_entity(tmp_path: Path) -> None:
    # "x" mentions both Tokayev and Pashinyan; "y" only Tokayev: both can be true positives.
    gold = make_gold(tmp_path)
    pred = entities_only(
        gold,
        ent("x", "Tokayev", "PER", "Pashinyan"),
        ent("y", "Kassym-Jomart Tokayev", "PER"),
    )
    s = score_article(gold, pred).sections["entities"]
    assert (s.tp, s.fp) == (2, 0)


def test_optional_entity_predictions_are_ignored(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = entities_only(gold, ent("j", "Jakarta", "LOC", "JAKARTA"), ent("j2", "JAKARTA", "ORG"))
    s = score_article(gold, pred).sections["entities"]
    assert (s.tp, s.fp, len(s.ignored)) == (0, 0, 2)
    assert s.precision == 0.0  # nothing judged, but there was something to find


def test_entity_type_mismatch_is_not_a_true_positive(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = entities_only(gold, ent("k", "Kazakhstan", "ORG"), ent("c", "CSTO", "ORG"))
    s = score_article(gold, pred).sections["entities"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 4)
    assert "type" in s.false_positives[0]
    assert any("Kazakhstan" in m for m in s.missed)


def test_unknown_entity_is_a_false_positive(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    s = score_article(gold, entities_only(gold, ent("z", "Interfax", "ORG"))).sections["entities"]
    assert (s.tp, s.fp) == (0, 1)


# --- locations ---------------------------------------------------------------------------------


def test_locations_km_and_country(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    near = ent("a", "Almaty", "LOC", country="KZ", geo=Geo(43.3, 76.9))  # ~6 km off
    country_pass = ent("k", "Kazakhstan", "LOC", country="kz", geo=Geo(48.0, 68.0))
    s = score_article(gold, entities_only(gold, near, country_pass)).sections["locations"]
    assert s.accuracy == 1.0

    far = ent("a", "Almaty", "LOC", country="KZ", geo=Geo(43.25, 78.0))  # ~88 km > 50 km
    wrong_country = ent("k", "Kazakhstan", "LOC", country="RU", geo=Geo(48.0, 68.0))
    s = score_article(gold, entities_only(gold, far, wrong_country)).sections["locations"]
    assert s.accuracy == 0.0
    assert any("km > 50 km" in m for m in s.missed)
    assert any("country RU ≠ KZ" in m for m in s.missed)

    no_country = ent("a", "Almaty", "LOC", geo=Geo(43.25, 76.92))
    no_geo = ent("k", "Kazakhstan", "LOC", country="KZ")
    s = score_article(gold, entities_only(gold, no_country, no_geo)).sections["locations"]
    assert s.accuracy == 0.0


def test_location_resolves_through_gold_aliases(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path,
        entities=[{"name": "Rusia", "type": "LOC", "aliases": ["Russia"]}],
        locations=[{"name": "Rusia", "country": "RU", "lat": 60, "lon": 100, "km": 3000}],
        quotes=[],
    )
    pred = entities_only(gold, ent("r", "Russia", "LOC", country="RU", geo=Geo(61.5, 105.3)))
    assert score_article(gold, pred).sections["locations"].accuracy == 1.0


# --- counts ------------------------------------------------------------------------------------


def test_counts_are_distinct_kind_value_pairs(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path,
        counts=[
            {"kind": "KILLED", "value": 8},
            {"kind": "KILLED", "value": 8},  # the same pair twice in gold counts once too
            {"kind": "INJURED", "value": 317},
            {"kind": "ARRESTED", "value": 5, "optional": True},
        ],
    )
    pred = empty(gold)
    pred.counts = [
        Count("KILLED", 8.0, "orang", "delapan orang", 0, 1),
        Count("killed", 8, "orang", "8 orang", 5, 6),
        Count("ARRESTED", 5, None, "lima", 0, 1),
        Count("INJURED", 318, None, "318", 0, 1),
    ]
    s = score_article(gold, pred).sections["counts"]
    assert (s.tp, s.fp, s.fn, len(s.ignored)) == (1, 1, 1, 1)
    assert s.precision == 0.5 and s.recall == 0.5 and s.f1 == 0.5


# --- quotes ------------------------------------------------------------------------------------


def quote(text: str, speaker: str | None, kind: str = "direct") -> Quote:
    return Quote(kind, text, 0, 1, speaker, None, "kata")


def test_quote_found_by_containment_and_attributed_by_alias(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = entities_only(
        gold,
        ent("t", "Tokayeva", "PER"),  # resolves to the gold speaker through an alias
        ent("n", "Pashinyan", "PER"),
    )
    pred.quotes = [
        quote("“ALMATY DISERANG, dihancurkan, dirusak”", "t"),
        # starts_with in the middle of the content: "starts with or contains"
        quote("bahwa CSTO akan mengirim pasukan", "t", "indirect"),
    ]
    s = score_article(gold, pred).sections["quotes"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.extra["attribution"] == 0.5  # the second is Pashinyan's, attributed to Tokayev
    assert any(m.startswith("attribution:") for m in s.missed)


def test_quote_speaker_must_be_an_entity_link(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = empty(gold)
    pred.quotes = [
        Quote("direct", "Almaty diserang", 0, 1, None, "Tokayev", "kata"),
        quote("CSTO akan mengirim", "missing-id", "indirect"),
    ]
    s = score_article(gold, pred).sections["quotes"]
    assert s.tp == 2 and s.extra["attribution"] == 0.0


def test_quote_duplicates_optional_and_unmatched(tmp_path: Path) -> None:
    data = base_gold()
    data["quotes"].append(
        {
            "speaker": "Nikol Pashinyan",
            "kind": "indirect",
            "starts_with": "delapan orang tewas",
            "optional": True,
        }
    )
    gold = load_gold(write_gold(tmp_path, data))
    pred = entities_only(gold, ent("t", "Kassym-Jomart Tokayev", "PER"))
    pred.quotes = [
        quote("Almaty diserang", None),  # same quote twice: the attributed one is paired
        quote("Almaty diserang, dihancurkan", "t"),
        quote("Akibatnya delapan orang tewas", None, "indirect"),  # optional: ignored
        quote("sesuatu yang lain", "t"),  # matches nothing: false positive
    ]
    s = score_article(gold, pred).sections["quotes"]
    assert (s.tp, s.fp, s.fn, len(s.ignored)) == (1, 2, 1, 1)
    assert s.extra["attribution"] == 1.0


def test_one_prediction_finds_one_quote(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = empty(gold)
    pred.quotes = [quote("Almaty diserang ... CSTO akan mengirim", None)]
    s = score_article(gold, pred).sections["quotes"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)


# --- dates -------------------------------------------------------------------------------------


def date_at(gold: GoldArticle, text: str, value: str, occurrence: int = 0) -> DateExpr:
    start = -1
    for _ in range(occurrence + 1):
        start = gold.text.index(text, start + 1)
    return DateExpr(text, start, start + len(text), value, "day")


def test_dates_overlap_and_value(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = empty(gold)
    kamis = date_at(gold, "Kamis", "2022-01-06")  # overlaps "Kamis (6/1)" partly
    rabu = date_at(gold, "Rabu malam", "2022-01-04")  # right text, wrong value
    elsewhere = DateExpr("tewas", 0, 5, "2022-01-01", "day")  # overlaps no gold text
    pred.dates = [kamis, rabu, elsewhere]
    s = score_article(gold, pred).sections["dates"]
    assert s.recall == 0.5 and s.precision == 0.5
    assert s.score == s.recall  # dates enter overall by recall
    assert len(s.false_positives) == 1 and len(s.ignored) == 1
    assert s.missed == ["'Rabu malam' = 2022-01-05"]


def test_dates_every_occurrence_and_optional(tmp_path: Path) -> None:
    text = TEXT + " Sejak Kamis (6/1) pagi ini, bandara ditutup."
    data = base_gold()
    data["dates"].append({"text": "pagi ini", "value": "2022-01-06", "optional": True})
    gold = load_gold(write_gold(tmp_path, data, text))
    assert len(gold.dates[0].spans) == 2
    pred = empty(gold)
    pred.dates = [
        date_at(gold, "Kamis (6/1)", "2022-01-06", occurrence=1),  # the second occurrence
        date_at(gold, "pagi ini", "2022-01-06"),  # optional: neither right nor wrong
    ]
    s = score_article(gold, pred).sections["dates"]
    assert s.recall == 0.5 and s.precision == 1.0 and len(s.ignored) == 1


# --- events ------------------------------------------------------------------------------------


def test_events_maximum_matching_beats_greedy(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path,
        events=[
            {"types": ["PROTEST", "ASSAULT"], "where": ["Almaty"]},
            {"types": ["PROTEST"], "actor": ["demonstran"]},
        ],
    )
    pred = empty(gold)
    # The first prediction fits both gold events, the second only the first: a greedy pass
    # in gold order pairs gold 0 with prediction 0 and leaves gold 1 unmatched.
    pred.events = [
        event("PROTEST", actor="para demonstran", where="Almaty"),
        event("ASSAULT", where="kota Almaty"),
    ]
    s = score_article(gold, pred).sections["events"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


def test_event_type_and_argument_rules(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = entities_only(gold, ent("c", "CSTO", "ORG"))
    pred.events = [
        # Argument text "CSTO" resolves to the gold entity named in actor: a match.
        event("AID", actor="CSTO", target="pasukan"),
        # Right type, no argument matches.
        event("REQUEST", actor="Pashinyan"),
        # Right arguments, wrong type.
        event("ACCUSE", actor="Kassym-Jomart Tokayev"),
    ]
    pred.events[1].target = Argument("blok", entity="c")  # linked to CSTO: matches target
    s = score_article(gold, pred).sections["events"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert "ACCUSE" in s.false_positives[0]


def test_optional_event_only_takes_leftover_predictions(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path,
        events=[
            {"types": ["ASSAULT"], "where": ["Almaty"], "optional": True},
            {"types": ["ASSAULT"], "where": ["Almaty"]},
        ],
    )
    pred = empty(gold)
    pred.events = [event("ASSAULT", where="Almaty")]
    s = score_article(gold, pred).sections["events"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)  # the required event gets the prediction

    pred.events.append(event("ASSAULT", where="Almaty"))
    s = score_article(gold, pred).sections["events"]
    assert (s.tp, s.fp, len(s.ignored)) == (1, 0, 1)

    pred.events.append(event("ASSAULT", where="Almaty"))
    s = score_article(gold, pred).sections["events"]
    assert (s.tp, s.fp, len(s.ignored)) == (1, 1, 1)


# --- checks and metadata -----------------------------------------------------------------------


def test_checks_are_normalised_pairs(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path,
        checks=[
            {"found": "Amenia", "suggest": "Armenia", "kind": "spelling"},
            {"found": "delaapan", "suggest": "delapan", "kind": "spelling"},
            {"found": "lika-luka", "suggest": "luka-luka", "optional": True},
        ],
    )
    pred = empty(gold)
    pred.checks = [
        Check("spelling", "“Amenia”", "ARMENIA", 0, 1, ""),
        Check("spelling", "Amenia", "Armenia", 5, 6, ""),  # duplicate pair counts once
        Check("spelling", "delaapan", "delapann", 0, 1, ""),  # wrong fix
        Check("spelling", "lika-luka", "luka-luka", 0, 1, ""),  # optional
        Check("spelling", "Tokayeva", None, 0, 1, ""),  # no suggestion
    ]
    s = score_article(gold, pred).sections["checks"]
    assert (s.tp, s.fp, s.fn, len(s.ignored)) == (1, 2, 1, 1)
    assert s.recall == 0.5 and s.precision == pytest.approx(1 / 3)


def test_metadata_case_insensitive_per_field(tmp_path: Path) -> None:
    gold = make_gold(tmp_path)
    pred = empty(gold)
    pred.metadata = Metadata(source="BISNIS.COM", dateline="Jakarta")
    s = score_article(gold, pred).sections["metadata"]
    assert s.accuracy == 1.0 and s.extra == {"source": 1.0, "dateline": 1.0}
    pred.metadata = Metadata(source="Bisnis", dateline="Jakarta")
    s = score_article(gold, pred).sections["metadata"]
    assert s.accuracy == 0.5 and s.extra == {"source": 0.0, "dateline": 1.0}


# --- gold files --------------------------------------------------------------------------------


@pytest.mark.skipif(not REAL_GOLD.exists(), reason=f"gold file {REAL_GOLD} is not present")
def test_load_real_gold_file() -> None:
    gold = load_gold(REAL_GOLD)
    assert gold.id == "kazakhstan-csto"
    assert gold.text.startswith("Bisnis.com, JAKARTA--")
    assert gold.metadata.published == "2022-01-06"
    assert {e.type for e in gold.entities} == {"PER", "ORG", "LOC"}
    assert sum(e.optional for e in gold.entities) == 6
    kamis = gold.dates[0]
    assert [gold.text[a:b] for a, b in kamis.spans] == ["Kamis (6/1)"]
    # A perfect record of the real gold file scores 1.0; an empty one 0.0.
    assert score_article(gold, perfect(gold)).overall == 1.0
    assert score_article(gold, empty(gold)).overall == 0.0


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d.pop("text_file"), "(top level).text_file", "missing"),
        (lambda d: d.update(text_file="nope.txt"), "text_file", "not found"),
        (lambda d: d.update(entites=[]), "entites", "unknown section"),
        (lambda d: d.update(counts={"kind": "KILLED"}), "counts", "list"),
        (lambda d: d["entities"][0].update(type="PERSON"), "entities[0].type", "not one of"),
        (lambda d: d["entities"][1].update(optinal=True), "entities[1].optinal", "unknown field"),
        (lambda d: d["quotes"][0].update(speaker="Putin"), "quotes[0].speaker", "not the name"),
        (lambda d: d["dates"][1].update(text="Jumat"), "dates[1].text", "does not occur"),
        (lambda d: d["dates"][1].update(value="5/1/2022"), "dates[1].value", "YYYY"),
        (lambda d: d["locations"][0].update(km="50"), "locations[0].km", "number"),
        (
            lambda d: d["events"][1].pop("actor") and d["events"][1].pop("target"),
            "events[1]",
            "actor",
        ),
    ],
)
def test_malformed_gold_names_file_and_field(
    tmp_path: Path, change: Any, field: str, words: str
) -> None:
    data = base_gold()
    change(data)
    path = write_gold(tmp_path, data)
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    message = str(info.value)
    assert str(path) in message and field in message and words in message
    assert isinstance(info.value, ValueError)
    assert info.value.field == field


def test_invalid_json_gold(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x",', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"broken\.json.*not valid UTF-8 JSON"):
        load_gold(path)


# --- folders and rendering ---------------------------------------------------------------------


def test_evaluate_dir_macro_average_json_and_render(tmp_path: Path) -> None:
    folder = tmp_path / "gold"
    first = base_gold()
    first.update(text_file="a.txt")
    write_gold(folder, first, name="a")
    second = base_gold()
    second.update(id="b", text_file="b.txt", locations=[])
    write_gold(folder, second, name="b")
    (folder / "notes.txt").write_text("not a gold file", encoding="utf-8")
    golds = {g.text_file: g for g in (load_gold(folder / "a.json"), load_gold(folder / "b.json"))}
    seen: list[tuple[str, str | None]] = []

    def extract(text: str, published: str | None) -> Article:
        seen.append((text, published))
        # Perfect on article "a", empty on "b".
        gold = golds["a.txt"]
        return perfect(gold) if len(seen) == 1 else Article(id="b", text=text)

    report = evaluate_dir(folder, extract)
    assert [a.id for a in report.articles] == ["mini", "b"]
    assert seen[0] == (TEXT, "2022-01-06")
    assert report.macro["entities.f1"] == 0.5
    assert report.macro["overall"] == 0.5
    # Locations is undefined for "b", so its macro average is over one article.
    assert report.macro["locations.accuracy"] == 1.0 and report.macro_n["locations.accuracy"] == 1

    data = json.loads(json.dumps(report.to_dict()))
    assert data["n_articles"] == 2 and data["overall"] == 0.5
    assert data["articles"][1]["sections"]["entities"]["missed"]

    console = Console(record=True, width=160)
    render_report(report, console, verbose=True)
    out = console.export_text()
    assert "macro average over 2 article(s)" in out
    assert "tp 5 fp 0 fn 0" in out
    assert "entities missed: PER Kassym-Jomart Tokayev" in out


def test_evaluate_dir_errors(tmp_path: Path) -> None:
    def never(text: str, published: str | None) -> Article:
        raise AssertionError("not called")

    with pytest.raises(EvaluationError, match="not found"):
        evaluate_dir(tmp_path / "missing", never)
    with pytest.raises(EvaluationError, match="no gold files"):
        evaluate_dir(tmp_path, never)


def test_evaluate_dir_names_the_article_an_extractor_fails_on(tmp_path: Path) -> None:
    write_gold(tmp_path, base_gold())

    def broken(text: str, published: str | None) -> Article:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom") as info:
        evaluate_dir(tmp_path, broken)
    assert any("mini.json" in note for note in info.value.__notes__)


def test_gold_text_can_stay_in_the_corpus_csv(tmp_path):
    """A gold file may point into ../shared/data/news instead of holding a copy of the text."""
    csv_path = SHARED / "data" / "news"
    csv_path = csv_path / "detik_1000_train80.csv"
    if not csv_path.exists():
        pytest.skip(f"{csv_path} is absent: needs ../shared beside the repo")
    gold = {
        "id": "row3",
        "text_source": {"csv": str(csv_path), "row": 3},
        "metadata": {"published": "2025-10-20"},
    }
    path = tmp_path / "row3.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    loaded = load_gold(path)
    assert loaded.text.startswith("Awalnya Purbaya")
    gold["text_source"]["row"] = 999999
    path.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="no row with source_row = 999999"):
        load_gold(path)


def test_a_gold_file_can_limit_the_sections_it_scores(tmp_path):
    (tmp_path / "a.txt").write_text("Delapan orang tewas pada Kamis (6/1).", encoding="utf-8")
    gold = {
        "id": "a",
        "text_file": "a.txt",
        "metadata": {"published": "2022-01-06"},
        "scored": ["counts"],
        "counts": [{"kind": "KILLED", "value": 8}],
    }
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    loaded = load_gold(tmp_path / "a.json")
    pred = Article(
        id="a",
        text=loaded.text,
        counts=[Count("KILLED", 8, "orang", "Delapan orang tewas", 0, 19)],
        entities=[Entity("e1", "Budi", "PER", [])],  # would be a false positive if scored
    )
    scores = score_article(loaded, pred)
    assert set(scores.sections) == {"counts"} and scores.overall == 1.0
    gold["scored"] = ["counts", "nonsense"]
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="nonsense"):
        load_gold(tmp_path / "a.json")


def test_the_hand_annotated_news_gold_files_load():
    folder = Path(__file__).parent / "data" / "news_gold"
    csv_path = SHARED / "data" / "news"
    if not (csv_path / "detik_1000_train80.csv").exists():
        pytest.skip(f"{csv_path} is absent: the news gold files read their text from ../shared")
    files = sorted(folder.glob("*.json"))
    assert len(files) >= 40
    for path in files:
        gold = load_gold(path)
        # events were annotated later (issue 5) and may be absent from a file
        assert (
            {"counts", "quotes", "dates"} <= gold.scored <= {"counts", "quotes", "dates", "events"}
        )
        assert gold.text.strip()
