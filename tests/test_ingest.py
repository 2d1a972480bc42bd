"""warta ingest: every reader on small composed fixtures, bad inputs skipped with reasons,
re-ingest as a no-op, and a real ingest process killed mid-run and rerun."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import NEWS_CSV, need
from warta.io.readers import (
    RawArticle,
    ReadOptions,
    Skipped,
    count_inputs,
    parse_date,
    read_inputs,
    sniff_format,
)
from warta.store import ingest
from warta.store.rows import content_hash

DATA = Path(__file__).parent / "data" / "ingest"
GEMPA = DATA / "folder" / "sub" / "gempa.html"


def read(*paths: str | Path, **options: str) -> list[RawArticle | Skipped]:
    return list(read_inputs([str(p) for p in paths], ReadOptions(**options)))


def articles(items: list[RawArticle | Skipped]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def skips(items: list[RawArticle | Skipped]) -> dict[str, str]:
    return {i.ref.replace(str(DATA) + "/", ""): i.reason for i in items if isinstance(i, Skipped)}


# ----------------------------------------------------------------------------- readers


def test_plain_text_file():
    (art,) = articles(read(DATA / "folder" / "banjir.txt"))
    assert art.text.startswith("Kompas.com, SEMARANG - Banjir setinggi satu meter")
    assert art.ref.endswith("banjir.txt")
    assert art.title is None and art.published is None


def test_html_main_text_and_metadata():
    (art,) = articles(read(GEMPA))
    assert art.text.startswith("Warta Contoh, CIANJUR - Gempa bumi bermagnitudo 5,2")
    assert "Beranda" not in art.text and "Hak cipta" not in art.text
    assert art.title == "Gempa Magnitudo 5,2 Guncang Cianjur, Warga Berhamburan Keluar Rumah"
    assert art.published == "2025-02-11"
    assert art.author == "Siti Rahmawati"
    assert art.site == "Warta Contoh"
    assert art.url == "https://warta-contoh.invalid/daerah/gempa-cianjur"


def test_folder_is_walked_recursively_in_order():
    items = articles(read(DATA / "folder"))
    assert [Path(i.ref).name for i in items] == ["banjir.txt", "gempa.html"]


def test_glob():
    items = articles(read(DATA / "feed.*"))
    assert {i.title for i in items} == {
        "Petani Garam Panen Lebih Awal",
        "Jembatan Gantung Putus, Siswa Menyeberang Sungai dengan Rakit",
    }


def test_json_lines_with_bad_lines_skipped_with_reasons():
    items = read(DATA / "berita.jsonl")
    good = articles(items)
    assert [a.id for a in good] == ["j-1", "j-2"]
    assert good[0].published == "2025-02-20"
    assert good[0].url == "https://contoh.invalid/ekonomi/cabai"
    assert good[1].title == "Ribuan Buruh Berunjuk Rasa di Depan DPR"
    reasons = skips(items)
    assert reasons["berita.jsonl:line 3"].startswith("invalid JSON")
    assert "no text field (fields: id, title, judul_lain)" in reasons["berita.jsonl:line 4"]
    assert reasons["berita.jsonl:line 6"] == "empty text"
    assert reasons["berita.jsonl:line 7"] == "a JSON list, not an object"


def test_json_array_with_indonesian_keys_and_us_dates():
    good = articles(read(DATA / "berita.json"))
    assert [a.id for a in good] == ["k-1", "k-2"]
    assert [a.published for a in good] == ["2025-03-14", "2025-03-15"]
    assert good[0].title == "Kereta Cepat Tambah Jadwal Perjalanan"


def test_csv_column_mapping_flags():
    items = read(
        DATA / "berita.csv",
        text_col="isi_teks",
        title_col="kepala",
        date_col="waktu",
        url_col="alamat",
        id_col="nomor",
    )
    good = articles(items)
    assert [(a.id, a.published) for a in good] == [("c-1", "2025-01-21"), ("c-2", "2025-01-22")]
    assert '"Kami memilih memperbaiki jaring," ujar Slamet' in good[0].text
    assert skips(items) == {"berita.csv:row 3": "empty text"}


def test_csv_without_a_known_text_column_is_skipped_with_a_hint():
    (skip,) = read(DATA / "berita.csv")
    assert isinstance(skip, Skipped)
    assert "no text column" in skip.reason and "--text-col" in skip.reason
    (skip,) = read(DATA / "berita.csv", text_col="badan")
    assert "column 'badan' not found" in skip.reason


def test_detik_corpus_columns_map_without_flags():
    need(NEWS_CSV)
    items = []
    for item in read_inputs([str(NEWS_CSV)], ReadOptions()):
        items.append(item)
        if len(items) == 3:
            break
    with NEWS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [row for _, row in zip(range(3), csv.DictReader(fh), strict=False)]
    for item, row in zip(items, rows, strict=True):
        assert isinstance(item, RawArticle)
        assert item.text == row["isi_berita"]
        assert item.title == row["judul"]
        assert item.url == row["tautan"]
        assert item.id == row["id"]
        month, day, year = row["tanggal"].split()[0].split("/")
        assert item.published == f"{year}-{int(month):02d}-{int(day):02d}"


def test_rss_and_atom():
    rss = read(DATA / "feed.rss")
    (item,) = articles(rss)
    assert item.text.startswith("Lebak - Jembatan gantung")
    assert "Sedikitnya 60 siswa" in item.text and "<p>" not in item.text
    assert item.published == "2025-02-10"
    assert item.url == "https://warta-contoh.invalid/nasional/jembatan"
    assert item.site == "Warta Contoh - Nasional"
    assert "without text" in skips(rss)["feed.rss#item 2"]
    (atom,) = articles(read(DATA / "feed.atom"))
    assert atom.text.startswith("Rembang - Petani garam")
    assert atom.author == "Andi Pratama" and atom.published == "2025-02-12"


def _warc(path: Path, gzip: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    html = GEMPA.read_bytes()

    def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(rec)

    response("https://warta-contoh.invalid/daerah/gempa-cianjur", html, "text/html; charset=utf-8")
    response("https://warta-contoh.invalid/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    response(
        "https://warta-contoh.invalid/hilang",
        b"<html>Tidak ditemukan</html>",
        "text/html",
        "404 Not Found",
    )
    text = (DATA / "folder" / "banjir.txt").read_bytes()
    rec = writer.create_warc_record(
        "urn:teks:banjir",
        "resource",
        payload=io.BytesIO(text),
        warc_content_type="text/plain; charset=utf-8",
    )
    writer.write_record(rec)
    data = buf.getvalue()
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("gzip", [True, False])
def test_warc(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    _warc(path, gzip)
    items = read(path)
    good = articles(items)
    assert [a.url for a in good] == [
        "https://warta-contoh.invalid/daerah/gempa-cianjur",
        "urn:teks:banjir",
    ]
    assert good[0].title.startswith("Gempa Magnitudo 5,2") and good[0].published == "2025-02-11"
    assert good[1].text.startswith("Kompas.com, SEMARANG")
    reasons = sorted(s.reason for s in items if isinstance(s, Skipped))
    assert reasons[0] == "HTTP status 404 for https://warta-contoh.invalid/hilang"
    assert reasons[1] == "content type 'image/png' is not text or HTML"


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path):
    data = _warc(tmp_path / "full.warc.gz")
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    items = read(cut)
    assert len(articles(items)) == 1  # the HTML page, written first
    (last,) = [i for i in items if isinstance(i, Skipped) and "WARC" in i.reason]
    assert "truncated" in last.reason or "not a valid WARC" in last.reason
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not a warc file at all\n" * 10)
    (skip,) = read(garbage)
    assert isinstance(skip, Skipped) and "WARC" in skip.reason


def test_bad_inputs_are_skipped_with_specific_reasons(tmp_path):
    (tmp_path / "biner.txt").write_bytes(b"\x00\x01\x02ELF" * 100)
    (tmp_path / "latin.txt").write_bytes("Kata \u201cteroris\u201d".encode("cp1252"))
    (tmp_path / "gambar.png").write_bytes(b"\x89PNG")
    reasons = skips(read(DATA / "bad", tmp_path, tmp_path / "tidak-ada.csv", "tidak-*.json"))
    reasons = {Path(k).name: v for k, v in reasons.items()}
    assert reasons["kosong.txt"] == "empty input: no text to extract from"
    assert reasons["tanpa-isi.html"].startswith("HTML page without main text")
    assert reasons["feed-kosong.rss"].startswith("not an RSS/Atom feed with items")
    assert reasons["rusak.json"].startswith("invalid JSON")
    assert reasons["biner.txt"].startswith("binary data")
    assert reasons["gambar.png"] == "not an article format warta reads (by its name)"
    assert reasons["tidak-ada.csv"] == "no such file or folder"
    assert reasons["tidak-*.json"] == "pattern matches no files"


def test_stdin(monkeypatch):
    data = (DATA / "berita.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    good = articles(read("-"))
    assert [a.id for a in good] == ["j-1", "j-2"]
    assert good[0].ref == "<stdin>:line 1"
    text = (DATA / "folder" / "banjir.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(text))))
    (art,) = articles(read("-"))
    assert art.ref == "<stdin>" and art.text.startswith("Kompas.com, SEMARANG")


def test_sniffing():
    assert sniff_format(b"WARC/1.1\r\n") == "warc"
    assert sniff_format(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert sniff_format(b"<!DOCTYPE html><html>") == "html"
    assert sniff_format(b'{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert sniff_format(b'[{"text": "a"}]') == "json"
    assert sniff_format(b"Jakarta - Banjir melanda") == "text"


@pytest.mark.parametrize(
    "value, order, expected",
    [
        ("10/20/2025 10:38", "mdy", "2025-10-20"),
        ("20/10/2025", "mdy", "2025-10-20"),
        ("10/11/2025", "mdy", "2025-10-11"),
        ("10/11/2025", "dmy", "2025-11-10"),
        ("2025-10-20T10:38:00+07:00", "mdy", "2025-10-20"),
        ("Mon, 20 Oct 2025 10:38:00 +0700", "mdy", "2025-10-20"),
        ("Senin, 20 Oktober 2025 10:38 WIB", "mdy", "2025-10-20"),
        ("kemarin", "mdy", None),
        ("31/31/2025", "mdy", None),
    ],
)
def test_parse_date(value, order, expected):
    assert parse_date(value, order) == expected


def test_count_inputs_for_the_progress_bar():
    assert count_inputs([str(DATA / "berita.csv")], ReadOptions()) == 3
    assert count_inputs([str(DATA / "berita.jsonl")], ReadOptions()) == 6
    assert count_inputs(["-"], ReadOptions()) is None


# ----------------------------------------------------------------------------- ingest


def test_ingest_all_fixtures_then_reingest_is_a_no_op(tmp_path):
    db = tmp_path / "w.duckdb"
    paths = [str(DATA)]
    first = ingest(paths, db, ner=None, batch_size=3)
    # banjir, gempa, 2 jsonl, 2 json, 1 rss, 1 atom; the CSV has no known text column.
    assert first.stored == 8
    assert first.duplicate == 0
    assert first.skipped >= 9
    assert "invalid JSON" in first.reasons and "empty text" in first.reasons
    con = duckdb.connect(str(db), read_only=True)
    n, distinct = con.execute("SELECT count(*), count(DISTINCT hash) FROM articles").fetchone()
    con.close()
    assert n == distinct == 8
    again = ingest(paths, db, ner=None, batch_size=3)
    assert (again.stored, again.duplicate, again.read) == (0, 8, 8)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 8
    con.close()


def test_ingest_metadata_reaches_the_record(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([str(GEMPA), str(DATA / "berita.jsonl")], db, ner=None)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT id, title, published, url, author, site FROM articles ORDER BY seq"
    ).fetchall()
    con.close()
    assert rows[0][1].startswith("Gempa Magnitudo") and str(rows[0][2]) == "2025-02-11"
    assert rows[0][4:] == ("Siti Rahmawati", "Warta Contoh")
    assert rows[1][0] == "j-1" and str(rows[1][2]) == "2025-02-20"


def test_same_text_twice_in_one_run_is_stored_once(tmp_path):
    text = (DATA / "folder" / "banjir.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("  " + text.replace(" ", "  ", 3) + "\n", encoding="utf-8")
    stats = ingest([str(tmp_path)], tmp_path / "w.duckdb", ner=None)
    assert (stats.stored, stats.duplicate) == (1, 1)


def _news_sample(tmp_path: Path, n: int) -> tuple[Path, set[str]]:
    """The first ``n`` Detik rows, written to a temporary CSV (never into the repo)."""
    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [row for _, row in zip(range(n), reader, strict=False)]
        fields = reader.fieldnames
    path = tmp_path / "sample.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    # Hashes of the texts as the readers give them (mojibake repaired, as in rows 8 and 27).
    return path, {content_hash(a.text) for a in articles(read(path))}


def _warta(*args: str) -> list[str]:
    return [sys.executable, "-m", "warta", *args]


def test_killed_ingest_loses_nothing_and_rerun_stores_each_article_once(tmp_path):
    sample, hashes = _news_sample(tmp_path, 30)
    db = tmp_path / "kill.duckdb"
    args = _warta("ingest", str(sample), "--db", str(db), "--no-ner", "--batch-size", "5")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    committed = False
    while time.monotonic() < deadline:
        line = proc.stderr.readline().decode()
        if not line:
            break
        if line.startswith("ingest: committed"):
            committed = True
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert committed, "the ingest never reported a committed batch"
    assert proc.returncode == -signal.SIGKILL
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    assert 5 <= before <= len(hashes)
    done = subprocess.run(
        [*args, "--json", "-q"], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT hash, count(*) FROM articles GROUP BY hash").fetchall()
    orphans = con.execute(
        "SELECT count(*) FROM entities WHERE article NOT IN (SELECT hash FROM articles)"
    ).fetchone()[0]
    per_article = con.execute(
        "SELECT max(n) FROM (SELECT article, count(*) AS n FROM dates GROUP BY article, idx)"
    ).fetchone()[0]
    con.close()
    assert {h for h, _ in stored} == hashes
    assert all(n == 1 for _, n in stored)
    assert orphans == 0
    assert per_article in (None, 1)  # no child row written twice
    from warta.store.doctor import check_store

    report = check_store(db)  # every integrity check of 'warta doctor' passes
    assert report.problems() == {}, report.to_dict()
    assert report.articles == len(hashes)


def test_cli_ingest_summary_and_stdin(tmp_path):
    db = tmp_path / "cli.duckdb"
    data = (DATA / "berita.jsonl").read_bytes()
    done = subprocess.run(
        _warta("ingest", "-", "--db", str(db), "--no-ner", "--json"),
        input=data,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    import json

    summary = json.loads(done.stdout)
    assert summary["stored"] == 2 and summary["skipped"] == 4
    assert summary["skip_reasons"]["invalid JSON"] == 1
