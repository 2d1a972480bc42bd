import json

import jsonschema
import pytest
from pydantic import ValidationError

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
    Sentence,
    Trigger,
    json_schema,
    load_schema,
)

TEXT = "Bisnis.com, JAKARTA--Tokayev meminta bantuan. Delapan orang tewas."


def full_article() -> Article:
    return Article(
        id="a1",
        text=TEXT,
        metadata=Metadata(published="2022-01-06", source="Bisnis.com", dateline="JAKARTA"),
        sentences=[Sentence(0, 46), Sentence(47, len(TEXT))],
        entities=[
            Entity("e1", "Tokayev", "PER", [Mention("Tokayev", 21, 28)]),
            Entity(
                "e2",
                "Jakarta",
                "LOC",
                [Mention("JAKARTA", 12, 19)],
                country="ID",
                geo=Geo(lat=-6.2, lon=106.8, geonames_id=1642911, feature="city"),
            ),
        ],
        counts=[Count("KILLED", 8, "orang", "Delapan orang tewas", 47, 66)],
        quotes=[Quote("indirect", "bantuan", 37, 44, "e1", "Tokayev", "meminta")],
        dates=[DateExpr("Kamis", 0, 5, "2022-01-06", "day")],
        events=[
            Event(
                "REQUEST",
                Trigger("meminta", 29, 36),
                "asserted",
                0,
                cameo="0234",
                actor=Argument("Tokayev", "e1"),
            )
        ],
        checks=[Check("spelling", "Amenia", "Armenia", 0, 6, "did you mean Armenia?")],
    )


def test_round_trip_is_lossless():
    article = full_article()
    data = article.to_dict()
    assert Article.from_dict(data) == article
    assert Article.from_json(article.to_json()) == article


def test_design_field_names_are_present():
    data = full_article().to_dict()
    assert {
        "id",
        "text",
        "metadata",
        "sentences",
        "entities",
        "counts",
        "quotes",
        "dates",
        "events",
        "checks",
    } <= set(data)
    assert set(data["metadata"]) >= {"published", "source", "dateline", "title", "url", "language"}
    assert set(data["quotes"][0]) >= {
        "kind",
        "text",
        "start",
        "end",
        "speaker",
        "speaker_text",
        "cue",
    }
    assert set(data["events"][0]) >= {"type", "trigger", "mode", "sentence"}


def test_optional_fields_are_omitted_when_empty_but_nullable_ones_stay():
    data = full_article().to_dict()
    assert "country" not in data["entities"][0] and "geo" not in data["entities"][0]
    assert data["entities"][1]["geo"]["lat"] == -6.2
    assert "target" not in data["events"][0] and "via" not in data["quotes"][0]
    quote = Quote("direct", "x", 0, 1, None, None, None).__class__
    bare = Article(id="b", text="x", quotes=[quote("direct", "x", 0, 1, None, None, None)])
    assert bare.to_dict()["quotes"][0]["speaker"] is None  # nullable by contract, always present


def test_from_dict_rejects_a_wrong_type_naming_the_field():
    data = full_article().to_dict()
    data["counts"][0]["start"] = "forty-seven"
    with pytest.raises(ValidationError, match="start"):
        Article.from_dict(data)


def test_shipped_schema_is_the_generated_one():
    # `make schema` regenerates it; this fails when the dataclasses change without it.
    assert load_schema() == json.loads(json.dumps(json_schema()))


def test_records_validate_against_the_shipped_schema():
    jsonschema.validate(full_article().to_dict(), load_schema())
    bad = full_article().to_dict()
    bad["entities"][0]["mentions"][0]["start"] = None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, load_schema())
