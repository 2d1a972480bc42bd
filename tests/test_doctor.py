"""``warta doctor``: a healthy store passes every check; each kind of damage done with SQL is
reported under its check's name; ``--fix`` repairs what the records can rebuild, after which
the store is healthy again and (where a rebuild applies) equal to the original; a store that
cannot be opened is one line and exit status 2.

The store is built from hand-written records (no pipeline): four articles, one of them a
syndicated copy of another, with entities, mentions, counts, quotes, dates, events and a
check each.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warta.cli import main
from warta.errors import WartaError
from warta.record import Article
from warta.store import ingest, schema
from warta.store.doctor import CHECKS, check_store, repair_store
from warta.store.rows import content_hash

# ----------------------------------------------------------------------------- records

TEXTS = {
    "banjir": (
        "Jakarta - Banjir merendam tiga kecamatan di Jakarta Timur pada Senin (6/1/2025) setelah "
        "hujan deras semalaman. Sebanyak 120 warga mengungsi ke masjid terdekat dan dua orang "
        'hilang terseret arus. "Kami sudah mengerahkan perahu karet," kata Camat Budi Santoso '
        "kepada wartawan di posko pengungsian pada Senin siang."
    ),
    "curi": (
        "Bandung - Polisi menangkap tiga orang tersangka pencurian sepeda motor di Cicaheum, "
        "Bandung, pada Selasa (7/1/2025). Kapolsek Kiaracondong Agus Wibowo mengatakan para "
        'tersangka sudah beraksi di lima lokasi. "Ketiganya kami amankan tadi malam," ujar Agus '
        "kepada wartawan di markas kepolisian sektor."
    ),
    "posko": (
        "Surabaya - Pemerintah kota membuka 15 posko kesehatan selama libur panjang akhir tahun. "
        "Wali Kota Eri Cahyadi mengatakan posko buka 24 jam hingga Minggu (12/1/2025) dan "
        'melayani pemudik secara gratis. "Warga cukup membawa kartu identitas," kata Eri di '
        "Balai Kota Surabaya pada Rabu (8/1/2025)."
    ),
}
# A syndicated copy of "banjir": another outlet's dateline, the rest word for word.
TEXTS["salinan"] = TEXTS["banjir"].replace("Jakarta - Banjir", "JAKARTA, KOMPAS - Banjir", 1)

# (person, place, count phrase, count kind and value, quote, date text and value, trigger)
FACTS: dict[str, tuple[Any, ...]] = {
    "banjir": (
        "Budi Santoso",
        "Jakarta Timur",
        ("120 warga mengungsi", "DISPLACED", 120),
        '"Kami sudah mengerahkan perahu karet,"',
        ("Senin (6/1/2025)", "2025-01-06"),
        ("merendam", "OTHER"),
    ),
    "curi": (
        "Agus Wibowo",
        "Cicaheum",
        ("tiga orang tersangka", "ARRESTED", 3),
        '"Ketiganya kami amankan tadi malam,"',
        ("Selasa (7/1/2025)", "2025-01-07"),
        ("menangkap", "ARREST"),
    ),
    "posko": (
        "Eri Cahyadi",
        "Surabaya",
        ("15 posko kesehatan", "OTHER", 15),
        '"Warga cukup membawa kartu identitas,"',
        ("Minggu (12/1/2025)", "2025-01-12"),
        ("membuka", "PROVIDE_AID"),
    ),
}
FACTS["salinan"] = FACTS["banjir"]


def _span(text: str, part: str) -> dict[str, Any]:
    i = text.index(part)
    return {"text": part, "start": i, "end": i + len(part)}


def make_record(rid: str, text: str, facts: tuple[Any, ...]) -> dict[str, Any]:
    """A record with one item of every kind, its offsets found in ``text``; through
    ``Article.from_dict`` so it is exactly what ``to_dict`` writes."""
    person, place, (count_text, kind, value), quote, (date_text, day), (trig, etype) = facts
    c, q, d = _span(text, count_text), _span(text, quote), _span(text, date_text)
    record = {
        "id": rid,
        "text": text,
        "metadata": {
            "published": day,
            "source": "contoh.invalid",
            "title": f"Berita {rid}",
            "url": f"https://contoh.invalid/{rid}",
            "language": "id",
        },
        "sentences": [{"start": 0, "end": len(text)}],
        "entities": [
            {"id": "e1", "name": person, "type": "PER", "mentions": [_span(text, person)]},
            {
                "id": "e2",
                "name": place,
                "type": "GPE",
                "mentions": [_span(text, place)],
                "country": "ID",
            },
        ],
        "counts": [
            {
                "kind": kind,
                "value": float(value),
                "who": count_text.split()[1],
                "text": count_text,
                "start": c["start"],
                "end": c["end"],
                "mentions": [{"start": c["start"], "end": c["end"]}],
            }
        ],
        "quotes": [
            {
                "kind": "direct",
                "text": quote.strip('"'),
                "start": q["start"],
                "end": q["end"],
                "speaker": "e1",
                "speaker_text": person.split()[0],
                "cue": "kata",
            }
        ],
        "dates": [{**d, "value": day, "granularity": "day"}],
        "events": [
            {
                "type": etype,
                "trigger": _span(text, trig),
                "mode": "asserted",
                "sentence": 0,
                "actor": {"text": person, "entity": "e1"},
                "where": {"text": place, "entity": "e2"},
                "when": day,
            }
        ],
        "checks": [
            {
                "kind": "other",
                "found": place,
                "suggest": None,
                **{k: v for k, v in _span(text, place).items() if k != "text"},
                "message": "a check written for the doctor tests",
            }
        ],
        "notices": [],
        "schema_version": "1.0",
    }
    return Article.from_dict(record).to_dict()


def all_records() -> list[dict[str, Any]]:
    return [make_record(rid, TEXTS[rid], FACTS[rid]) for rid in TEXTS]


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted (ingest times left out): what 'equal to the original'
    compares."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in schema.TABLES:
            if table == "schema_version":
                continue
            cols = [
                r[0]
                for r in con.execute(f"DESCRIBE {table}").fetchall()
                if r[0] not in ("ingested_at",)
            ]
            sel = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f"SELECT {sel} FROM {table}").fetchall()
            out[table] = sorted(rows, key=lambda r: tuple(str(v) for v in r))
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("doctor")
    src = folder / "records.jsonl"
    src.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in all_records()), encoding="utf-8"
    )
    db = folder / "healthy.duckdb"
    stats = ingest([str(src)], db, ner=None)
    assert (stats.stored, stats.near_duplicate, stats.skipped) == (4, 1, 0)
    return db


@pytest.fixture()
def store(healthy: Path, tmp_path: Path) -> Path:
    """A fresh copy of the healthy store, to damage."""
    db = tmp_path / "w.duckdb"
    shutil.copy(healthy, db)
    return db


def _sql(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def _hash(rid: str) -> str:
    return content_hash(TEXTS[rid])


# ----------------------------------------------------------------------------- healthy


def test_a_healthy_store_passes_every_check(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = check_store(healthy)
    assert [c.name for c in report.checks] == list(CHECKS)
    assert report.problems() == {}
    assert report.articles == 4 and report.exit_code == 0
    assert "healthy" in report.verdict()
    assert set(report.timings) >= {"schema", "articles", "orphans"}
    with pytest.raises(SystemExit) as exc:
        main(["doctor", "--db", str(healthy)])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "orphan rows" in out and "healthy (4 articles" in out
    # checking never writes: the file is byte for byte the same
    before = healthy.read_bytes()
    check_store(healthy)
    assert healthy.read_bytes() == before


def test_fixing_a_healthy_store_changes_nothing(store: Path) -> None:
    before = dump(store)
    report = repair_store(store)
    assert report.problems() == {} and report.repairs == []
    assert dump(store) == before


def test_streaming_in_small_chunks_gives_the_same_report(healthy: Path) -> None:
    assert (
        check_store(healthy, chunk=1).to_dict()["checks"]
        == (check_store(healthy).to_dict()["checks"])
    )


# ----------------------------------------------------------------------------- damage

# name -> (SQL that damages the store, the check that reports it, its status, whether --fix
# brings back exactly the original tables)
DAMAGE: dict[str, tuple[Callable[[], list[str]], str, str, bool]] = {
    "orphan mention row": (
        lambda: ["INSERT INTO mentions VALUES ('" + "d" * 64 + "', 'e1', 'Budi', 0, 4)"],
        "orphan rows",
        "fail",
        True,
    ),
    "orphan minhash row": (
        lambda: ["INSERT INTO minhashes VALUES ('" + "e" * 64 + "', '\\x00'::BLOB)"],
        "orphan rows",
        "fail",
        True,
    ),
    "deleted events row": (
        lambda: [f"DELETE FROM events WHERE article = '{_hash('curi')}'"],
        "child rows",
        "fail",
        True,
    ),
    "mention row written twice": (
        lambda: [
            f"INSERT INTO mentions SELECT * FROM mentions WHERE article = '{_hash('posko')}' "
            "LIMIT 1"
        ],
        "child rows",
        "fail",
        True,
    ),
    "duplicates row deleted": (
        lambda: ["DELETE FROM duplicates"],
        "duplicate links",
        "fail",
        True,
    ),
    "stale aggregates": (
        lambda: ["UPDATE events SET story = NULL", "DELETE FROM stories"],
        "aggregates",
        "warn",
        True,
    ),
    "canonical pointing nowhere": (
        lambda: [
            "UPDATE articles SET canonical = '" + "f" * 64 + "' WHERE canonical IS NOT NULL",
            "UPDATE duplicates SET canonical = '" + "f" * 64 + "'",
        ],
        "canonical links",
        "fail",
        False,
    ),
    "canonical chain": (
        lambda: [
            f"UPDATE articles SET canonical = '{_hash('salinan')}', similarity = 0.9 "
            f"WHERE hash = '{_hash('posko')}'",
            f"INSERT INTO duplicates VALUES ('{_hash('posko')}', '{_hash('salinan')}', 0.9)",
        ],
        "canonical links",
        "fail",
        False,
    ),
    "missing table": (lambda: ["DROP TABLE checks"], "schema", "fail", True),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damage_is_reported_and_fixed(store: Path, damage: str) -> None:
    statements, name, status, same = DAMAGE[damage]
    original = dump(store)
    _sql(store, *statements())
    report = check_store(store)
    assert report.check(name).status == status, report.to_dict()
    assert report.check(name).n >= 1 and report.check(name).example
    assert report.check(name).fixable
    assert report.exit_code == (1 if status == "fail" else 0)
    fixed = repair_store(store)
    assert fixed.problems() == {}, fixed.to_dict()
    assert fixed.repairs
    if same:
        assert dump(store) == original
    assert check_store(store).problems() == {}


def test_a_dangling_canonical_is_dropped_and_a_chain_resolves_to_its_root(store: Path) -> None:
    # posko -> salinan -> banjir: the chain is shortened to posko -> banjir
    _sql(store, *DAMAGE["canonical chain"][0]())
    repair_store(store)
    con = duckdb.connect(str(store), read_only=True)
    links = dict(
        con.execute("SELECT id, canonical FROM articles WHERE canonical IS NOT NULL").fetchall()
    )
    dups = con.execute("SELECT article, canonical FROM duplicates ORDER BY 1").fetchall()
    con.close()
    assert links == {"salinan": _hash("banjir"), "posko": _hash("banjir")}
    assert sorted(dups) == sorted(
        [(_hash("salinan"), _hash("banjir")), (_hash("posko"), _hash("banjir"))]
    )
    # a link to an article that is not stored is dropped
    _sql(store, *DAMAGE["canonical pointing nowhere"][0]())
    repair_store(store)
    con = duckdb.connect(str(store), read_only=True)
    n_links, n_dups = con.execute(
        "SELECT count(canonical), (SELECT count(*) FROM duplicates) FROM articles"
    ).fetchone()
    con.close()
    assert (n_links, n_dups) == (0, 0)


def test_a_text_edited_in_place_is_reported_and_only_dropped_on_request(store: Path) -> None:
    _sql(store, f"UPDATE articles SET text = text || ' Tambahan.' WHERE hash = '{_hash('curi')}'")
    report = check_store(store)
    assert report.problems() == {"article keys": "fail"}
    assert _hash("curi")[:12] in report.check("article keys").example
    assert not report.check("article keys").fixable
    assert "--drop-broken" in report.verdict()
    kept = repair_store(store)  # --fix alone deletes nothing
    assert kept.problems() == {"article keys": "fail"} and kept.exit_code == 1
    dropped = repair_store(store, drop_broken=True)
    assert dropped.problems() == {}
    con = duckdb.connect(str(store), read_only=True)
    ids = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    left = con.execute(f"SELECT count(*) FROM events WHERE article = '{_hash('curi')}'").fetchone()
    con.close()
    assert ids == {"banjir", "salinan", "posko"} and left == (0,)


@pytest.mark.parametrize(
    "record",
    [
        "{broken",  # not JSON
        "[1, 2]",  # JSON, not an object
        '{"id": "x", "text": "", "counts": [{"kind": "KILLED"}]}',  # from_dict refuses it
        '{"id": "x", "text": "another text"}',  # its text is not the text column
    ],
)
def test_an_unreadable_record_is_reported_not_deleted(store: Path, record: str) -> None:
    banjir = _hash("banjir")
    quoted = record.replace("'", "''")
    _sql(store, f"UPDATE articles SET record = '{quoted}' WHERE hash = '{banjir}'")
    report = check_store(store)
    assert report.check("article records").status == "fail"
    assert banjir[:12] in report.check("article records").example
    assert repair_store(store).check("article records").status == "fail"
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute(f"SELECT count(*) FROM articles WHERE hash = '{banjir}'").fetchone() == (1,)
    con.close()
    # dropping it leaves its copy without a canonical: that link goes too
    fixed = repair_store(store, drop_broken=True)
    assert fixed.problems() == {}, fixed.to_dict()
    con = duckdb.connect(str(store), read_only=True)
    left = con.execute("SELECT count(*), count(canonical) FROM articles").fetchone()
    orphans = con.execute(f"SELECT count(*) FROM entities WHERE article = '{banjir}'").fetchone()
    con.close()
    assert left == (3, 0) and orphans == (0,)


# ----------------------------------------------------------------------------- versions


def test_an_older_schema_warns_and_fix_migrates(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, lambda con: None)
    report = check_store(store)
    assert report.problems() == {"schema": "warn"} and report.exit_code == 0
    assert "run any writing command to migrate" in report.check("schema").example
    fixed = repair_store(store)
    assert fixed.problems() == {}
    con = duckdb.connect(str(store), read_only=True)
    assert schema.current_version(con) == schema.SCHEMA_VERSION
    con.close()


def test_a_newer_schema_fails_and_is_left_alone(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(store, f"INSERT INTO schema_version (version) VALUES ({schema.SCHEMA_VERSION + 1})")
    report = check_store(store)
    assert report.problems() == {"schema": "fail"}
    assert "newer than this warta's" in report.check("schema").example
    assert not report.check("schema").fixable
    before = dump(store)
    assert repair_store(store).problems() == {"schema": "fail"}
    assert dump(store) == before
    with pytest.raises(SystemExit) as exc:
        main(["doctor", "--db", str(store), "--json"])
    assert exc.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "fail" and out["checks"][0]["name"] == "schema"


def test_a_duckdb_file_that_is_not_a_store_fails(tmp_path: Path) -> None:
    db = tmp_path / "other.duckdb"
    _sql(db, "CREATE TABLE t (x INTEGER)")
    report = check_store(db)
    assert report.problems() == {"schema": "fail"}
    assert "not a warta store" in report.check("schema").example
    assert repair_store(db).problems() == {"schema": "fail"}  # not turned into a store


def test_corrupt_blocks_are_a_failure_not_a_traceback(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # overwrite a few bytes inside each block of the file's second half (DuckDB: three 4 kB
    # headers, then 256 kB blocks, each with a checksum)
    size = store.stat().st_size
    blocks = (size - 3 * 4096) // (256 * 1024)
    with store.open("r+b") as fh:
        for b in range(blocks // 2, blocks):
            fh.seek(3 * 4096 + b * 256 * 1024 + 100)
            fh.write(b"\x55" * 64)
    for extra in ([], ["--fix"]):
        with pytest.raises(SystemExit) as exc:
            main(["doctor", "--db", str(store), *extra])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        if exc.value.code == 1:  # the file opens, its data does not read
            assert "storage" in out and "Corrupt database file" in out
        else:  # the catalog itself is unreadable
            assert exc.value.code == 2 and err.startswith("warta: error: ")


# ----------------------------------------------------------------------------- command


def test_cli_fix_and_json(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(store, f"DELETE FROM events WHERE article = '{_hash('curi')}'")
    with pytest.raises(SystemExit) as exc:
        main(["doctor", "--db", str(store), "--json"])
    assert exc.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "fail" and out["articles"] == 4
    assert {c["name"]: c["status"] for c in out["checks"]}["child rows"] == "fail"
    with pytest.raises(SystemExit) as exc:
        main(["doctor", "--db", str(store), "--fix"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "fixed: child rows: 1 rebuilt from the record" in out
    assert "healthy" in out
    with pytest.raises(SystemExit) as exc:
        main(["doctor", "--db", str(store), "--drop-broken"])
    assert exc.value.code == 2
    assert "--drop-broken goes with --fix" in capsys.readouterr().err


def test_cannot_open_is_one_line_and_status_2(
    tmp_path: Path, healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"this is not a database\n" * 1000)
    cases = {str(tmp_path / "missing.duckdb"): "no such store", str(garbage): "garbage.duckdb"}
    for db, words in cases.items():
        for extra in ([], ["--fix"]):
            with pytest.raises(SystemExit) as exc:
                main(["doctor", "--db", db, *extra])
            assert exc.value.code == 2
            err = capsys.readouterr().err
            assert err.startswith("warta: error: ") and words in err
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    with pytest.raises(WartaError):
        check_store(garbage)
    # a store held by a running writer (another process holds DuckDB's lock)
    db = tmp_path / "locked.duckdb"
    shutil.copy(healthy, db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', "
            "flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(SystemExit) as exc:
            main(["doctor", "--db", str(db)])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert "in use by another process" in err and len(err.strip().splitlines()) == 1
    finally:
        holder.kill()
        holder.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the lock goes with the process
        try:
            assert check_store(db).problems() == {}
            break
        except WartaError:
            time.sleep(0.2)
    else:
        pytest.fail("the store stayed locked after its holder died")
