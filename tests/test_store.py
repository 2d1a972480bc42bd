"""The store: schema and migrations, atomic batches, near duplicates, cross-article merging,
queries with filters, read-only SQL, and exports (JSON Lines round trip, GKG, Parquet/CSV)."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import NEWS_CSV, need
from warta.errors import WartaError
from warta.io.readers import RawArticle, ReadOptions, read_inputs
from warta.io.text import add_notices
from warta.record import Article
from warta.store import Store, ingest, schema
from warta.store.aggregate import merge_keys
from warta.store.db import StoredArticle
from warta.store.export import GKG_COLUMNS, export, export_gkg, export_jsonl
from warta.store.query import Filters, conflicts, counts, entities, events, open_read_only, quotes
from warta.store.query import sql as run_sql
from warta.store.rows import content_hash

# ----------------------------------------------------------------------------- records

A_TEXT = (
    "Kabar24.com, ALMATY - Presiden Kazakhstan Kassym-Jomart Tokayev menyatakan keadaan darurat "
    "di Almaty pada Rabu (5/1/2022) setelah ribuan demonstran menyerbu gedung pemerintahan. "
    "Akibatnya delapan orang tewas dan 317 orang luka-luka dalam bentrokan dengan aparat. "
    '"Kami akan bertindak tegas," kata Tokayev dalam pidato yang disiarkan televisi pemerintah '
    "pada malam harinya, sementara jaringan internet di seluruh negeri diputus."
)


def _span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return i, i + len(part)


def _record(
    rid: str,
    text: str,
    *,
    source: str,
    published: str,
    president: str,
    killed: tuple[str, int],
    protest_day: str,
    place: str = "Almaty",
    country: str = "KZ",
) -> dict[str, Any]:
    ps, pe = _span(text, president)
    ls, le = _span(text, place)
    ks, ke = _span(text, killed[0])
    ts, te = _span(text, "menyerbu")
    qs, qe = _span(text, "Kami akan bertindak tegas")
    record = {
        "id": rid,
        "text": text,
        "metadata": {
            "published": published,
            "source": source,
            "dateline": place.upper(),
            "title": f"Keadaan darurat di {place}",
            "url": f"https://contoh.invalid/{rid}",
            "language": "id",
        },
        "sentences": [{"start": 0, "end": len(text)}],
        "entities": [
            {
                "id": "e1",
                "name": president,
                "type": "PER",
                "mentions": [{"text": president, "start": ps, "end": pe}],
                "role": "Presiden Kazakhstan",
            },
            {
                "id": "e2",
                "name": place,
                "type": "GPE",
                "mentions": [{"text": place, "start": ls, "end": le}],
                "country": country,
                "geo": {"lat": 43.25, "lon": 76.92, "geonames_id": 1526384, "feature": "PPLA"},
            },
        ],
        "counts": [
            {
                "kind": "KILLED",
                "value": float(killed[1]),
                "who": "orang",
                "text": killed[0],
                "start": ks,
                "end": ke,
                "approximate": False,
                "lower_bound": False,
                "mentions": [{"start": ks, "end": ke}],
            }
        ],
        "quotes": [
            {
                "kind": "direct",
                "text": "Kami akan bertindak tegas,",
                "start": qs,
                "end": qe + 1,
                "speaker": "e1",
                "speaker_text": president.split()[-1],
                "cue": "kata",
            }
        ],
        "dates": [
            {
                "text": "Rabu (5/1/2022)",
                "start": 0,
                "end": 0,
                "value": protest_day,
                "granularity": "day",
            }
        ],
        "events": [
            {
                "type": "PROTEST",
                "trigger": {"text": "menyerbu", "start": ts, "end": te},
                "mode": "asserted",
                "sentence": 0,
                "actor": {"text": "demonstran"},
                "where": {"text": place, "entity": "e2"},
                "when": protest_day,
            }
        ],
        "checks": [],
        "notices": [],
        "schema_version": "1.0",
    }
    # Through the record classes: what the store gets is what Article.to_dict() writes.
    return Article.from_dict(record).to_dict()


def _records() -> list[dict[str, Any]]:
    a = _record(
        "a",
        A_TEXT,
        source="Kabar24.com",
        published="2022-01-06",
        president="Kassym-Jomart Tokayev",
        killed=("delapan orang tewas", 8),
        protest_day="2022-01-05",
    )
    b_text = (
        "Jakarta - Sedikitnya sepuluh orang tewas ketika demonstran menyerbu kantor wali kota di "
        "Almaty, Kazakhstan, Kamis (6/1/2022). Presiden Kassym-Jomart Tokayeva meminta bantuan "
        'pasukan penjaga perdamaian. "Kami akan bertindak tegas," ujarnya kepada wartawan.'
    )
    b = _record(
        "b",
        b_text,
        source="detikNews",
        published="2022-01-07",
        president="Kassym-Jomart Tokayeva",
        killed=("sepuluh orang tewas", 10),
        protest_day="2022-01-06",
    )
    c_text = (
        "Jakarta - Ratusan mahasiswa menyerbu halaman gedung DPR di Jakarta pada Selasa "
        "(1/3/2022) menolak kenaikan harga BBM. Polisi menyebut dua orang tewas terinjak. "
        'Presiden Joko Widodo meminta aparat menahan diri. "Kami akan bertindak tegas," kata '
        "Kapolda kepada wartawan di lokasi unjuk rasa."
    )
    c = _record(
        "c",
        c_text,
        source="detikNews",
        published="2022-03-01",
        president="Joko Widodo",
        killed=("dua orang tewas", 2),
        protest_day="2022-03-01",
        place="Jakarta",
        country="ID",
    )
    # A syndicated copy of A: another outlet's lead, the rest word for word.
    d = copy.deepcopy(a)
    d["id"] = "d"
    d["text"] = A_TEXT.replace("Kabar24.com, ALMATY", "Bisnis.com, ALMATY ")
    assert len(d["text"]) == len(A_TEXT)
    d["metadata"]["source"] = "Bisnis.com"
    return [a, b, c, d]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return _records()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, records) -> Path:
    folder = tmp_path_factory.mktemp("store")
    src = folder / "records.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    db = folder / "w.duckdb"
    stats = ingest([str(src)], db, ner=None)
    assert (stats.stored, stats.near_duplicate, stats.skipped) == (4, 1, 0)
    return db


@pytest.fixture()
def con(store_path):
    c = open_read_only(store_path)
    yield c
    c.close()


def _dicts(result: tuple[list[str], list[tuple[Any, ...]]]) -> list[dict[str, Any]]:
    columns, rows = result
    return [dict(zip(columns, row, strict=True)) for row in rows]


# ----------------------------------------------------------------------------- schema


def test_schema_version_and_tables(store_path):
    c = duckdb.connect(str(store_path), read_only=True)
    assert schema.current_version(c) == schema.SCHEMA_VERSION
    names = {r[0] for r in c.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    c.close()
    expected = {"articles", "entities", "mentions", "counts", "quotes", "dates", "events"}
    assert expected | {"checks", "duplicates", "minhashes", "schema_version"} <= names


def test_migration_hook_runs_in_order(tmp_path, monkeypatch):
    db = tmp_path / "old.duckdb"
    Store(db).close()
    calls = []

    def add_column(con):
        calls.append(1)
        con.execute("ALTER TABLE articles ADD COLUMN section VARCHAR")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, add_column)
    with Store(db) as store:
        cols = {r[0] for r in store.con.execute("DESCRIBE articles").fetchall()}
        assert schema.current_version(store.con) == 2
    assert "section" in cols and calls == [1]
    Store(db).close()  # already at version 2: nothing runs again
    assert calls == [1]


def test_a_store_from_a_newer_warta_is_refused(tmp_path, monkeypatch):
    db = tmp_path / "new.duckdb"
    Store(db).close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 0)
    with pytest.raises(WartaError, match="newer than this warta"):
        Store(db)


def test_a_batch_is_written_whole_or_not_at_all(tmp_path, records):
    broken = copy.deepcopy(records[1])
    del broken["counts"][0]["kind"]
    batch = [
        StoredArticle(hash=content_hash(r["text"]), ref=r["id"], record=r)
        for r in (records[0], broken)
    ]
    with Store(tmp_path / "atomic.duckdb") as store:
        with pytest.raises(KeyError):
            store.write_batch(batch)
        assert store.known_hashes() == set()
        store.write_batch(batch[:1])
        assert store.known_hashes() == {batch[0].hash}


def test_not_a_store_gives_a_clear_error(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"bukan basis data" * 100)
    with pytest.raises(WartaError):
        Store(junk)
    with pytest.raises(WartaError, match="no such store"):
        open_read_only(tmp_path / "tidak-ada.duckdb")


# ----------------------------------------------------------------------------- dedupe


def test_syndicated_copy_points_to_its_canonical_article(con, records):
    rows = con.execute("SELECT id, canonical, similarity FROM articles ORDER BY seq").fetchall()
    by_id = {r[0]: r for r in rows}
    assert by_id["d"][1] == content_hash(records[0]["text"])
    assert by_id["d"][2] >= 0.7
    assert by_id["a"][1] is None and by_id["b"][1] is None and by_id["c"][1] is None


# ----------------------------------------------------------------------------- aggregates


def test_entities_merge_variants_and_skip_duplicates(con):
    rows = _dicts(entities(con, Filters(type="PER")))
    tokayev = [r for r in rows if "Tokayev" in r["name"]]
    assert len(tokayev) == 1
    # a, b (spelled "Tokayeva"); the syndicated copy d is not counted again.
    assert tokayev[0]["articles"] == 2
    assert "Kassym-Jomart Tokayeva" in tokayev[0]["variants"]
    with_dups = _dicts(entities(con, Filters(type="PER", duplicates=True)))
    assert next(r for r in with_dups if "Tokayev" in r["name"])["articles"] == 3


def test_merge_keys_rules():
    merged = merge_keys(
        {"PER:nikol pashinyan": 3, "PER:nikol pashinian": 1, "PER:pashinyan": 2, "ORG:csto": 4}
    )
    assert merged["PER:nikol pashinian"] == merged["PER:pashinyan"] == "PER:nikol pashinyan"
    assert merged["ORG:csto"] == "ORG:csto"
    # A lone part shared by two different full names stays apart.
    ambiguous = merge_keys({"PER:joko widodo": 2, "PER:joko anwar": 2, "PER:joko": 1})
    assert ambiguous["PER:joko"] == "PER:joko"


def test_story_events_keep_every_source(con):
    stories = _dicts(events(con, Filters(type="PROTEST")))
    almaty = [s for s in stories if s["place"] == "Almaty"]
    assert len(almaty) == 1
    assert almaty[0]["sources"] == 2  # a and b, one day apart; d is a near duplicate
    assert (
        str(almaty[0]["first_day"]) == "2022-01-05" and str(almaty[0]["last_day"]) == "2022-01-06"
    )
    assert set(almaty[0]["outlets"].split("; ")) == {"Kabar24.com", "detikNews"}
    per_source = _dicts(events(con, Filters(type="protest", country="kz"), by_article=True))
    assert len(per_source) == 2 and len({r["story"] for r in per_source}) == 1


def test_events_more_than_a_day_apart_are_separate_stories(tmp_path, records):
    a, b = copy.deepcopy(records[0]), copy.deepcopy(records[1])
    b["events"][0]["when"] = "2022-01-09"
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps(a) + "\n" + json.dumps(b) + "\n")
    ingest([str(src)], tmp_path / "w.duckdb", ner=None)
    c = open_read_only(tmp_path / "w.duckdb")
    stories = _dicts(events(c, Filters(type="PROTEST")))
    c.close()
    assert len(stories) == 2 and all(s["sources"] == 1 for s in stories)


def test_conflicting_figures_across_sources(con):
    (row,) = _dicts(conflicts(con, Filters(type="KILLED")))
    assert row["sources"] == 2
    assert set(row["values"].split(" / ")) == {"8.0", "10.0"}
    assert "delapan orang tewas" in row["reports"] and "sepuluh orang tewas" in row["reports"]
    assert _dicts(conflicts(con, Filters(type="INJURED"))) == []


def test_query_filters(con):
    assert {r["place"] for r in _dicts(events(con, Filters(country="ID")))} == {"Jakarta"}
    assert _dicts(events(con, Filters(since="2022-02-01", until="2022-03-31")))[0]["place"] == (
        "Jakarta"
    )
    assert _dicts(events(con, Filters(source="kabar24")))[0]["outlets"] == "Kabar24.com"
    assert len(_dicts(events(con, Filters(search="mahasiswa")))) == 1
    assert len(_dicts(events(con, Filters(actor="demonstran")))) == 2
    assert len(_dicts(events(con, Filters(entity="almaty")))) == 1
    killed = _dicts(counts(con, Filters(type="killed")))
    assert sorted(r["value"] for r in killed) == [2, 8, 10]
    said = _dicts(quotes(con, Filters(actor="tokayev")))
    assert len(said) == 2 and said[0]["quote"] == "Kami akan bertindak tegas,"
    assert len(_dicts(counts(con, Filters(limit=1)))) == 1
    with pytest.raises(WartaError, match="not a date"):
        Filters(since="5 Januari")


def test_filter_values_are_bound_parameters(con):
    evil = "x' OR 1=1; DROP TABLE articles; --"
    for fn in (events, entities, quotes, counts, conflicts):
        assert fn(con, Filters(source=evil, entity=evil))[1] == []
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_sql_is_read_only(con):
    assert run_sql(con, "SELECT count(*) AS n FROM articles") == (["n"], [(4,)])
    with pytest.raises(WartaError, match="read-only"):
        run_sql(con, "DELETE FROM articles")
    with pytest.raises(WartaError):
        run_sql(con, "COPY articles TO '/tmp/warta-leak.csv'")
    with pytest.raises(WartaError, match="SQL error"):
        run_sql(con, "SELEC 1")


# ----------------------------------------------------------------------------- exports


def test_jsonl_export_round_trips_exactly(store_path, records, tmp_path):
    out = io.StringIO()
    c = open_read_only(store_path)
    assert export_jsonl(c, out) == 4
    c.close()
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == records
    # Re-imported, the same records come back, and nothing is re-extracted.
    again = tmp_path / "again.duckdb"
    (tmp_path / "export.jsonl").write_text(out.getvalue(), encoding="utf-8")
    stats = ingest([str(tmp_path / "export.jsonl")], again, ner=None)
    assert stats.stored == 4
    out2 = io.StringIO()
    c = open_read_only(again)
    export_jsonl(c, out2)
    c.close()
    assert out2.getvalue() == out.getvalue()


def test_gkg_parses_as_tsv_and_matches_the_store(store_path, con):
    out = io.StringIO()
    c = open_read_only(store_path)
    n = export_gkg(c, out)
    c.close()
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert n == len(rows) == 3  # the near duplicate is left out
    assert all(len(r) == len(GKG_COLUMNS) == 27 for r in rows)
    col = {name: i for i, name in enumerate(GKG_COLUMNS)}
    stored = con.execute(
        "SELECT count(*) FROM counts JOIN articles ON hash = article WHERE canonical IS NULL"
    ).fetchone()[0]
    assert sum(len(r[col["V1COUNTS"]].split(";")) for r in rows if r[col["V1COUNTS"]]) == stored
    first = rows[0]
    assert first[col["V2.1DATE"]] == "20220106000000"
    assert first[col["V1COUNTS"]].startswith("KILL#8#orang#")
    assert first[col["V1PERSONS"]] == "Kassym-Jomart Tokayev"
    loc = first[col["V2ENHANCEDLOCATIONS"]].split("#")
    assert loc[1:3] == ["Almaty", "KZ"] and loc[5:8] == ["43.25", "76.92", "1526384"]
    verb_quote = first[col["V2.1QUOTATIONS"]].split("|")
    assert verb_quote[2:] == ["kata", "Kami akan bertindak tegas"]
    assert first[col["V2.1ENHANCEDDATES"]].startswith("3#1#5#2022#")


def test_parquet_and_csv_tables(store_path, tmp_path):
    export(store_path, "parquet", str(tmp_path / "pq"))
    export(store_path, "csv", str(tmp_path / "csv"), table="counts")
    c = duckdb.connect()
    n = c.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'pq' / 'events.parquet'}')")
    assert n.fetchone()[0] == 4
    with (tmp_path / "csv" / "counts.csv").open(newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 4
    with pytest.raises(WartaError, match="no table"):
        export(store_path, "csv", str(tmp_path / "x"), table="rahasia")


def test_pipeline_records_round_trip_through_the_store(tmp_path):
    """Real records (pipeline without NER) of 12 Detik rows, stored and exported unchanged."""
    import warta

    need(NEWS_CSV)
    with NEWS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [row for _, row in zip(range(12), csv.DictReader(fh), strict=False)]
    src = tmp_path / "sample.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    db = tmp_path / "news.duckdb"
    stats = ingest([str(src)], db, ner=None)
    nlp = warta.load(ner=None)
    expected = {}
    # The texts as the readers give them (mojibake repaired, with its reading notice).
    for raw in read_inputs([str(src)], ReadOptions()):
        assert isinstance(raw, RawArticle), raw
        record = add_notices(
            nlp.extract(
                raw.text,
                published=raw.published,
                source_url=raw.url,
                title=raw.title,
                id=raw.id,
            ).to_dict(),
            raw.notices,
        )
        expected.setdefault(content_hash(raw.text), record)
    assert stats.stored == len(expected)
    c = open_read_only(db)
    out = io.StringIO()
    export_jsonl(c, out)
    n_quotes = c.execute("SELECT count(*) FROM quotes").fetchone()[0]
    c.close()
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {content_hash(r["text"]): r for r in exported} == expected
    assert n_quotes == sum(len(r["quotes"]) for r in expected.values())
