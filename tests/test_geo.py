"""Places: the geographic gazetteer, toponym resolution in context, and geo on LOC entities.

Unit tests use names and sentences written here; corpus tests read real place mentions from
../shared/data/news at test time (skipped with a reason when ../shared is absent).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from tests.conftest import NEWS_CSV, REPO, need

from warta.errors import WartaInputError
from warta.geo import (
    Place,
    PlaceContext,
    distance_km,
    haversine,
    resolve_place,
    split_admin,
)
from warta.lang import read_table
from warta.record import Article

PLACES_JSONL = REPO / "tests" / "data" / "places" / "places.jsonl"


def _near(place: Place | None, lat: float, lon: float, km: float) -> bool:
    return place is not None and haversine(place.lat, place.lon, lat, lon) <= km


# --- the gazetteer data -------------------------------------------------------------------------


def test_admin2_lists_every_kabupaten_and_kota_with_a_province() -> None:
    rows = read_table("gazetteer/admin2.tsv")
    assert len(rows) == 514
    kinds = Counter(r[1] for r in rows)
    assert kinds["kota"] == 98 and kinds["kabupaten"] == 416
    provinces = {r[3] for r in rows}
    assert len(provinces) == 38  # the four Papua provinces of 2022 included
    with_point = [r for r in rows if r[5]]
    assert len(with_point) >= 490
    for r in with_point:  # every point lies in Indonesia's bounding box
        assert -11.5 < float(r[5]) < 6.5 and 94.5 < float(r[6]) < 141.5, r


def test_every_country_and_province_has_a_point() -> None:
    points = {r[0] for r in read_table("gazetteer/geo_points.tsv")}
    provinces = [r[0] for r in read_table("gazetteer/provinces.tsv") if r[0].startswith("ID-")]
    assert len(provinces) == 38 and set(provinces) <= points
    countries = [r[0] for r in read_table("gazetteer/countries.tsv")]
    missing = [c for c in countries if c not in points]
    assert len(missing) <= 12, missing  # uninhabited or tiny territories only


# --- resolve_place ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "feature", "lat", "lon", "km"),
    [
        ("Almaty", "KZ", "city", 43.25, 76.92, 20),
        ("Moskow", "RU", "city", 55.75, 37.62, 20),
        ("Tiongkok", "CN", "country", 35.0, 105.0, 1000),
        ("Kazakhstan", "KZ", "country", 48.0, 68.0, 500),
        ("Kabupaten Sleman", "ID", "admin2", -7.72, 110.36, 20),
        ("Kab. Sleman", "ID", "admin2", -7.72, 110.36, 20),
        ("Kota Bogor", "ID", "city", -6.59, 106.79, 10),
        ("Provinsi Jawa Barat", "ID", "admin1", -6.9, 107.6, 150),
        ("Asia Tengah", None, "region", 43.0, 68.0, 1500),
        ("Eropa Timur", None, "region", 52.0, 30.0, 1500),
        ("Timur Tengah", None, "region", 29.0, 42.0, 1500),
    ],
)
def test_resolve_place(
    name: str, country: str | None, feature: str, lat: float, lon: float, km: float
) -> None:
    place = resolve_place(name)
    assert place is not None, name
    assert (place.country, place.feature) == (country, feature)
    assert _near(place, lat, lon, km)


def test_precision_follows_acled() -> None:
    assert resolve_place("Almaty").precision == 1
    assert resolve_place("Kabupaten Sleman").precision == 2
    assert resolve_place("Jawa Timur").precision == 3
    assert resolve_place("Rusia").precision == 3


def test_admin_word_picks_the_unit() -> None:
    # The province and the city of Jambi; Kota and Kabupaten Bogor are different places.
    assert resolve_place("Provinsi Jambi").feature == "admin1"
    assert resolve_place("Kota Jambi").feature == "city"
    kota, kab = resolve_place("Kota Bogor"), resolve_place("Kabupaten Bogor")
    assert kota is not None and kab is not None and kota.id != kab.id
    assert kab.province == "ID-JB" and kab.feature == "admin2"


def test_homonym_abstains_without_evidence_and_follows_the_article() -> None:
    # Springfield (US) and Victoria (several countries): no single big one, so no guess...
    assert resolve_place("Springfield") is None
    # ... until the article names the country.
    us = resolve_place("Springfield", PlaceContext(countries={"US"}))
    assert us is not None and us.country == "US"


def test_village_resolves_to_the_enclosing_regency_or_abstains() -> None:
    assert resolve_place("Desa Sukamakmurjaya") is None
    assert resolve_place("Jl. Sudirman") is None
    sukabumi = resolve_place("Kabupaten Sukabumi")
    place = resolve_place("Desa Sukamakmurjaya", PlaceContext(enclosing=sukabumi))
    assert place is not None and place.precision >= 2 and distance_km(place, sukabumi) < 1
    street = resolve_place("Jalan Sudirman No. 5", PlaceContext(enclosing=sukabumi))
    assert street is not None and street.country == "ID"


def test_epithets_short_forms_quarters_and_landmarks() -> None:
    pekanbaru = resolve_place("Kota Bertuah")
    assert pekanbaru is not None and pekanbaru.id == "ID:Pekanbaru"
    assert resolve_place("Bumi Sriwijaya").id == "ID-SS"
    madina = resolve_place("Madina")  # Kabupaten Mandailing Natal, not Medina
    assert madina is not None and madina.province == "ID-SU" and madina.feature == "admin2"
    quarter = resolve_place("Denpasar Barat")
    assert quarter is not None and quarter.precision == 2
    assert _near(quarter, -8.65, 115.22, 10)
    denpasar = resolve_place("Denpasar")
    beach = resolve_place("Pantai Sanur", PlaceContext(enclosing=denpasar))
    assert beach is not None and beach.precision == 2 and _near(beach, -8.68, 115.26, 5)


def test_building_named_after_its_place() -> None:
    office = resolve_place("Mapolresta Denpasar")
    assert office is not None and office.id == "ID:Denpasar"
    # A building named after a country does not stand in that country's centre.
    assert resolve_place("Kedutaan Besar Rusia") is None
    assert resolve_place("Hotel Sultan") is None


def test_split_admin() -> None:
    assert split_admin("Kecamatan Cibadak") == ("admin3", "Cibadak")
    assert split_admin("Kab.Sleman") == ("admin2", "Sleman")
    assert split_admin("Kota") == (None, "Kota")
    assert split_admin("Bandung") == (None, "Bandung")


@pytest.mark.parametrize("name", ["", "   ", "x" * 500])
def test_resolve_place_odd_input(name: str) -> None:
    assert resolve_place(name) is None


def test_resolve_place_rejects_non_strings() -> None:
    with pytest.raises(WartaInputError):
        resolve_place(42)  # type: ignore[arg-type]


# --- the pipeline -------------------------------------------------------------------------------

TEXT = (
    "JAKARTA - Banjir merendam puluhan rumah di Kecamatan Cibadak, Kabupaten Sukabumi, "
    "Jawa Barat, Senin (3/11/2025). Sementara itu, polisi Kazakhstan menyebut kerusuhan "
    "terjadi di Almaty, dan pasukan dari Rusia tiba atas perintah Moskow."
)


def test_loc_entities_carry_country_and_geo(nlp) -> None:
    article = nlp.extract(TEXT)
    places = {e.name: e for e in article.entities if e.type == "LOC"}
    almaty = places["Almaty"]
    assert almaty.country == "KZ" and almaty.geo is not None
    assert almaty.geo.feature == "city" and almaty.geo.precision == 1
    assert haversine(almaty.geo.lat, almaty.geo.lon, 43.25, 76.92) < 20
    assert places["Moskow"].country == "RU"
    assert places["Jawa Barat"].geo is not None and places["Jawa Barat"].geo.precision == 3
    sukabumi = places["Kabupaten Sukabumi"]
    assert sukabumi.geo is not None and sukabumi.geo.feature == "admin2"
    cibadak = next(e for n, e in places.items() if "Cibadak" in n)
    assert cibadak.geo is not None and cibadak.geo.precision >= 2
    assert haversine(cibadak.geo.lat, cibadak.geo.lon, sukabumi.geo.lat, sukabumi.geo.lon) < 60
    # The record round-trips with geo and validates against the schema classes.
    data = article.to_dict()
    assert Article.from_dict(data).entities == article.entities
    assert any("geo" in e for e in data["entities"])


def test_a_list_of_kecamatan_lies_in_the_dateline_city(nlp) -> None:
    # Written for the test: one admin word for a list, and other cities named elsewhere.
    article = nlp.extract(
        "SURABAYA, KOMPAS.com - Kasus demam berdarah naik. Kasus terbanyak ditemukan di "
        "Kecamatan Tambaksari, Kenjeran, dan Sawahan. Kasus juga naik di Sidoarjo dan Gresik."
    )
    places = {e.name: e for e in article.entities if e.type == "LOC"}
    surabaya = places["Surabaya"]
    for name in ("Kenjeran", "Sawahan"):
        geo = places[name].geo
        assert geo is not None and geo.precision == 2, name
        assert haversine(geo.lat, geo.lon, surabaya.geo.lat, surabaya.geo.lon) < 15, name


def test_doc_geo_maps_entity_ids_to_places(nlp) -> None:
    doc = nlp.annotate(TEXT)
    assert doc._.geo
    ids = {e.id for e in doc._.entities}
    assert set(doc._.geo) <= ids
    assert all(isinstance(p, Place) for p in doc._.geo.values())


# --- real mentions from the corpus --------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        return [r["isi_berita"] for r in csv.DictReader(fh)]


@pytest.mark.corpus
def test_corpus_kabupaten_mentions_resolve_in_their_province(corpus: list[str]) -> None:
    """Every "Kabupaten X" the corpus writes that the list knows lies in Indonesia, and the
    kabupaten and the kota of one name (homonyms) are told apart by the admin word."""
    found = Counter[str]()
    for text in corpus:
        for m in re.finditer(r"\b(Kabupaten|Kota) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)", text):
            place = resolve_place(m.group(0))
            if place is None:
                continue
            assert place.country in {"ID", None} or place.feature == "city", m.group(0)
            if place.country == "ID":
                assert -11.5 < place.lat < 6.5 and 94.5 < place.lon < 141.5
                found[m.group(1)] += 1
    assert found["Kabupaten"] >= 20 and found["Kota"] >= 20


@pytest.mark.corpus
def test_corpus_village_without_regency_abstains(corpus: list[str]) -> None:
    """A "Desa X" read from the corpus, alone, is no place warta can put on a map."""
    names = [m.group(0) for t in corpus for m in re.finditer(r"\bDesa [A-Z][a-z]+", t)]
    assert names, "the corpus names villages"
    assert all(resolve_place(n) is None for n in names[:50])


@pytest.mark.corpus
def test_hand_checked_places_benchmark(nlp) -> None:
    """benchmarks/places.py on the 150 hand-checked mentions: accuracy >= 0.9 over the
    mentions warta resolves (abstentions and misses are reported apart)."""
    need(NEWS_CSV)
    if not PLACES_JSONL.exists():
        pytest.skip(f"{PLACES_JSONL} is absent")
    path = Path(REPO / "benchmarks" / "places.py")
    spec = importlib.util.spec_from_file_location("bench_places", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_places"] = module
    spec.loader.exec_module(module)
    result = module.evaluate(module.read_gold(PLACES_JSONL), nlp)
    assert result.total == 150
    assert result.resolved >= 100, result.to_dict()
    assert result.accuracy >= 0.9, "\n".join(result.errors)


def test_geo_stage_is_no_longer_pending() -> None:
    from warta.components import pending_stages

    assert "warta_geo" not in pending_stages()


def test_a_town_named_teluk_is_not_the_foreign_city_of_its_base_name():
    # "Teluk Kuantan" (Riau) is not Kuantan (Pahang, Malaysia)
    from warta.geo import PlaceContext, resolve_place

    assert resolve_place("Teluk Kuantan") is None
    malaysia = PlaceContext(countries={"MY"})
    assert resolve_place("Teluk Kuantan", malaysia).country == "MY"


def test_admin_word_before_an_admin_word():
    from warta.geo import PlaceContext, resolve_place

    place = resolve_place("Kabupaten Kepulauan Selayar")
    assert place is not None and place.country == "ID" and "Selayar" in place.name
    # the regency's name since 2008, with its admin word in front, as news writes it
    context = PlaceContext(level="admin2")
    assert resolve_place("Kepulauan Selayar", context).id == place.id


def test_kbbi_exonym_of_khartoum():
    from warta.geo import resolve_place

    assert resolve_place("Khartum").country == "SD"


@pytest.mark.parametrize(
    ("name", "country"),
    [("Darfur", "SD"), ("Kordofan Utara", "SD"), ("Rakhine", "MM"), ("Tigray", "ET")],
)
def test_conflict_regions_of_world_news(name, country):
    from warta.geo import resolve_place

    place = resolve_place(name)
    assert place is not None and place.country == country and place.feature == "region"
