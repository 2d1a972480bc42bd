"""A corpus of broken inputs, built in ``tmp_path`` by the tests themselves (nothing binary is
checked in), read by ``warta ingest`` in one process and by ``warta extract`` one file at a
time: no traceback, a specific reason naming each input, the good articles stored once and
whole, and a rerun that does nothing (issue 11, item 2).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import duckdb
import pytest

import warta
from warta.io.readers import RawArticle, Skipped, read_inputs
from warta.io.text import cut_at_paragraph, read_article
from warta.limits import DEFAULT_MAX_CHARS
from warta.store.rows import article_rows, content_hash, restore_record

#: Short Indonesian articles written for these tests (not from any corpus).
GOOD_TEXTS: dict[str, str] = {
    "banjir.txt": (
        "Jakarta - Banjir setinggi 80 sentimeter merendam tiga kelurahan di Jakarta Timur pada "
        "Selasa (4/3/2025) pagi. Kepala BPBD DKI Jakarta, Isnawa Adji, mengatakan 1.200 warga "
        "mengungsi ke masjid dan sekolah terdekat.\n\n"
        '"Air mulai surut sejak pukul 14.00 WIB," kata Isnawa kepada wartawan. Petugas '
        "memompa air dari permukiman warga hingga malam hari."
    ),
    "gempa.txt": (
        "Bandung - Gempa bermagnitudo 4,8 mengguncang Kabupaten Garut, Jawa Barat, pada Senin "
        "(10/2/2025) malam. BMKG mencatat pusat gempa berada di darat, 12 kilometer dari kota "
        "Garut, pada kedalaman 10 kilometer.\n\nDua rumah warga rusak ringan. Tidak ada korban "
        "jiwa dalam peristiwa tersebut, kata petugas BPBD Garut."
    ),
    "demo.txt": (
        "Surabaya - Ratusan buruh berunjuk rasa di depan Gedung Negara Grahadi, Surabaya, pada "
        "Kamis (6/3/2025). Mereka menuntut kenaikan upah minimum dan penghapusan sistem kerja "
        "kontrak.\n\nPolisi mengerahkan 300 personel untuk mengamankan aksi itu. Unjuk rasa "
        "berakhir damai menjelang sore."
    ),
}


def _text_bytes(name: str, suffix: str = "") -> bytes:
    return (GOOD_TEXTS[name] + suffix).encode("utf-8")


def _warc_members(texts: list[str], gzip: bool = True) -> list[bytes]:
    """One gzip member per WARC ``resource`` record (text/plain), as crawlers write them
    (``gzip`` False: the records uncompressed)."""
    from warcio.warcwriter import WARCWriter

    members = []
    for i, text in enumerate(texts):
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=gzip)
        record = writer.create_warc_record(
            f"urn:warta-uji:{i}",
            "resource",
            payload=io.BytesIO(text.encode("utf-8")),
            warc_content_type="text/plain; charset=utf-8",
        )
        writer.write_record(record)
        members.append(buf.getvalue())
    return members


#: Appended to a good text to make the article that a broken container still holds whole.
WARC_NOTE = "\n\nBerita ini disimpan dalam arsip WARC."
CSV_NOTE = "\n\nBerita ini dibaca dari berkas CSV."
JSONL_NOTE = "\n\nBerita ini dibaca dari berkas JSON Lines."
JSON_NOTE = "\n\nBerita ini dibaca dari berkas JSON."

#: Windows-1252 text: curly quotes, an e-acute and an en dash, all outside ASCII.
CP1252_TEXT = (
    "Jakarta \u2013 Kafe \u201cR\u00e9sum\u00e9\u201d di Kemang terbakar pada Rabu (5/3/2025) "
    "dini hari. Petugas pemadam kebakaran memadamkan api dalam waktu satu jam.\n\n"
    "\u201cTidak ada korban jiwa,\u201d kata Kepala Sudin Gulkarmat Jakarta Selatan."
)
#: UTF-8 text that a Latin-1 editor touched: one byte is Latin-1, the rest UTF-8.
MIXED_UTF8 = "Jakarta \u2013 Pameran kopi di Senayan dikunjungi 5.000 orang.\n\n".encode()
MIXED_LATIN1 = "Barista asal Bandung meraih gelar juara caf\u00e9 terbaik tahun ini.".encode(
    "latin-1"
)
#: The article of MIXED_UTF8 + MIXED_LATIN1, decoded right.
MIXED_TEXT = (
    (MIXED_UTF8 + MIXED_LATIN1).decode("utf-8", errors="replace").replace("\ufffd", "\u00e9")
)
#: UTF-8 bytes read as Windows-1252 and saved again as UTF-8 ("é" -> "Ã©").
MOJIBAKE_SOURCE = (
    "Medan \u2013 Festival film 'Sin\u00e9' dibuka di Medan pada Jumat (7/3/2025). "
    "Sebanyak 40 film pendek diputar selama tiga hari di gedung kesenian kota.\n\n"
    "Panitia mengatakan tiket terjual habis sejak pekan lalu."
)
MOJIBAKE_TEXT = MOJIBAKE_SOURCE.encode("utf-8").decode("cp1252")
UTF16_TEXT = (
    "Makassar - Kapal motor pengangkut beras tenggelam di perairan Selayar, Sulawesi Selatan, "
    "pada Minggu (9/3/2025). Delapan awak kapal selamat setelah ditolong nelayan setempat."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
#: Size of the big text file (50 MB, under the 50 MiB per-file limit of the text reader).
BIG_BYTES = 50_000_000


def big_text() -> bytes:
    """50 MB of Indonesian paragraphs (one article far over ``max_chars``)."""
    para = " ".join(["Paragraf ke-{0} laporan panjang tentang banjir di Jakarta Timur."] * 6)
    block = "\n\n".join(para.format(i) for i in range(1000)).encode() + b"\n\n"
    return (block * (BIG_BYTES // len(block) + 1))[:BIG_BYTES]


def build_corpus(folder: Path) -> dict[str, tuple[str, ...]]:
    """Write the broken corpus (and the good articles beside it) into ``folder``.

    Returns, per file name, the words the ingest skip reason(s) of that file must contain
    (empty for a file read whole). Example: ``{"kosong.txt": ("empty input",), ...}``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, tuple[str, ...]] = {}

    def put(name: str, data: bytes, *reasons: str) -> None:
        (folder / name).write_bytes(data)
        expect[name] = reasons

    for name in GOOD_TEXTS:
        put(name, _text_bytes(name))

    # WARC.gz: cut inside a record's compressed data, and inside a gzip member's header.
    warc = _warc_members([GOOD_TEXTS["banjir.txt"] + WARC_NOTE, GOOD_TEXTS["gempa.txt"]])
    put("warc-cut-record.warc.gz", warc[0] + warc[1][: len(warc[1]) // 2], "truncated WARC")
    put("warc-cut-header.warc.gz", warc[0] + warc[1][:6], "truncated WARC")
    # ... garbage bytes between two whole members; a gzip header followed by garbage.
    garbage = bytes(random_bytes(4096, seed=1))
    put(
        "warc-garbage-middle.warc.gz",
        warc[0] + garbage + warc[1],
        "corrupt WARC",
        "skipped, reading goes on at the next record",
    )
    # ... a record cut in the middle of the file: the records after it are read.
    three = [GOOD_TEXTS["banjir.txt"], GOOD_TEXTS["gempa.txt"], GOOD_TEXTS["demo.txt"] + WARC_NOTE]
    cut = _warc_members(three)
    put("warc-cut-middle.warc.gz", cut[0] + cut[1][: len(cut[1]) // 2] + cut[2], "WARC")
    plain = _warc_members(three, gzip=False)
    put(
        "warc-cut-middle.warc",
        plain[0] + plain[1][: len(plain[1]) // 2] + plain[2],
        "cut inside its headers",
    )
    put("warc-garbage-gzip.warc.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + garbage, "WARC")

    # HTML without an article.
    put("no-body.html", b"<html><head><title>Judul saja</title></head></html>", "HTML")
    scripts = b"<html><body>" + b"<script>var x = 'teks';</script>" * 50 + b"</body></html>"
    put("only-scripts.html", scripts, "HTML page without main text")
    put(
        "div-bomb.html",
        b"<html><body>" + b"<div>" * 100_000 + b"Teks." + b"</div>" * 100_000 + b"</body></html>",
        "HTML",
    )
    page = b"<p>Warga mengungsi karena banjir melanda kawasan timur kota.</p>\n"
    put("huge.html", page * (11 * 2**20 // len(page)), "HTML page larger than 10 MB")
    put("b-bomb.html", b"<html><body>" + b"<b>Teks " * 100_000 + b"</body></html>", "HTML")

    # Text: 50 MB, wrong and mixed encodings, binary data under a .txt name, nothing at all.
    put("besar.txt", big_text())
    put("cp1252.txt", CP1252_TEXT.encode("cp1252"))
    put("utf16.txt", UTF16_TEXT.encode("utf-16"))
    put("latin1-in-utf8.txt", MIXED_UTF8 + MIXED_LATIN1)
    put("mojibake.txt", MOJIBAKE_TEXT.encode("utf-8"))
    put("gambar.txt", PNG + bytes(random_bytes(2048, seed=2)), "binary data")
    put("program.txt", ELF + bytes(random_bytes(2048, seed=3)), "binary data")
    put("dokumen.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF")
    put("acak.txt", bytes(random_bytes(8192, seed=4)), "binary data")
    put("kosong.txt", b"", "empty input")
    put("spasi.txt", b" \n\t\r\n   \n", "empty input")

    # CSV: a good row, then one row too long, one too short, and an unclosed quote.
    good_csv = (GOOD_TEXTS["demo.txt"] + CSV_NOTE).replace('"', '""')
    put(
        "ragged.csv",
        (
            "isi_berita,judul,tanggal\n"
            f'"{good_csv}",Unjuk rasa buruh,3/6/2025\n'
            '"Teks baris kedua.",Judul,3/6/2025,kolom lebih,satu lagi\n'
            '"Teks baris ketiga saja"\n'
            '"Kutipan yang tidak pernah ditutup,Judul,3/6/2025\n'
            '"Baris sesudahnya",Judul,3/6/2025\n'
        ).encode(),
        "more fields",
        "fewer fields",
        "unclosed or stray quote",
    )
    # ... and a quote opened in the last row that never closes.
    gempa_csv = (GOOD_TEXTS["gempa.txt"] + CSV_NOTE).replace('"', '""')
    put(
        "unclosed.csv",
        f'isi_berita,judul\n"{gempa_csv}",Gempa\n"Kutipan tanpa akhir,Judul\nbaris lagi\n'.encode(),
        "unclosed quote",
    )
    # JSON Lines: invalid lines in the middle, a list, a string, an object without text.
    good_jsonl = json.dumps({"text": GOOD_TEXTS["gempa.txt"] + JSONL_NOTE, "title": "Gempa"})
    put(
        "invalid.jsonl",
        "\n".join(
            [
                good_jsonl,
                '{"text": "tidak ditutup',
                "[1, 2, 3]",
                '"hanya string"',
                '{"judul": "tanpa teks"}',
                "{bukan json}",
                "[" * 100_000 + "]" * 100_000,
                json.dumps({"text": GOOD_TEXTS["banjir.txt"] + JSONL_NOTE}),
            ]
        ).encode()
        + b"\n",
        "invalid JSON",
        "not an object",
        "no text field",
        "nested too deeply",
    )
    # A JSON array cut in the middle of its third article.
    whole = json.dumps(
        [
            {"text": GOOD_TEXTS["demo.txt"] + JSON_NOTE, "title": "Demo"},
            {"text": GOOD_TEXTS["gempa.txt"] + JSON_NOTE, "title": "Gempa"},
            {"text": GOOD_TEXTS["banjir.txt"] + JSON_NOTE, "title": "Banjir"},
        ],
        ensure_ascii=False,
    ).encode()
    put("truncated.json", whole[: whole.rindex(b"Banjir") - 40], "truncated, the file ends")
    put("not-xml.rss", b"Ini bukan XML sama sekali <<< & >>> \x01", "not an RSS/Atom feed")
    return expect


def random_bytes(n: int, seed: int) -> bytes:
    """``n`` reproducible random bytes."""
    import random

    return random.Random(seed).randbytes(n)


# ----------------------------------------------------------------------------- the corpus


def expected_texts() -> list[str]:
    """The text of every article the corpus holds whole, as the record must have it."""
    big = big_text().decode("ascii")
    return [
        *GOOD_TEXTS.values(),
        cut_at_paragraph(big, DEFAULT_MAX_CHARS),
        CP1252_TEXT,
        UTF16_TEXT,
        MIXED_TEXT,
        MOJIBAKE_SOURCE,  # the mojibake repaired
        GOOD_TEXTS["banjir.txt"] + WARC_NOTE,  # the record before each WARC's break
        GOOD_TEXTS["demo.txt"] + WARC_NOTE,  # the record after a break in the middle
        GOOD_TEXTS["demo.txt"] + CSV_NOTE,
        GOOD_TEXTS["gempa.txt"] + CSV_NOTE,
        GOOD_TEXTS["gempa.txt"] + JSONL_NOTE,
        GOOD_TEXTS["banjir.txt"] + JSONL_NOTE,
        GOOD_TEXTS["demo.txt"] + JSON_NOTE,  # the two items before the cut
        GOOD_TEXTS["gempa.txt"] + JSON_NOTE,
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, ...]]]:
    folder = tmp_path_factory.mktemp("broken") / "corpus"
    return folder, build_corpus(folder)


def _warta(*args: str) -> list[str]:
    return [sys.executable, "-m", "warta", *args]


def _run(args: list[str], timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout)


def _skips(report: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]


def _file_of(ref: str, folder: Path) -> str:
    """The corpus file a ref names: "…/invalid.jsonl:line 3" -> "invalid.jsonl"."""
    name = ref.removeprefix(str(folder) + "/")
    for sep in (":", "@", "[", "#"):
        name = name.split(sep, 1)[0]
    return name


# ----------------------------------------------------------------------------- ingest


def test_ingest_the_broken_corpus_in_one_process(
    corpus: tuple[Path, dict[str, tuple[str, ...]]], tmp_path: Path
) -> None:
    folder, expect = corpus
    db, report = tmp_path / "w.duckdb", tmp_path / "skipped.jsonl"
    args = _warta("ingest", str(folder), "--db", str(db), "--no-ner", "--batch-size", "4", "--json")
    done = _run([*args, "--skipped-report", str(report)])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    summary = json.loads(done.stdout)

    # Every broken input is named, with a reason that says what is wrong with it.
    skips = _skips(report)
    assert len(skips) == summary["skipped"]
    by_file: dict[str, list[str]] = {}
    for skip in skips:
        by_file.setdefault(_file_of(skip["ref"], folder), []).append(skip["reason"])
    for name, words in expect.items():
        reasons = by_file.get(name, [])
        if not words:
            assert not reasons, f"{name} is a good input, yet skipped: {reasons}"
        for word in words:
            assert any(word in r for r in reasons), f"{name}: no reason with {word!r}: {reasons}"
    for reasons in by_file.values():
        for reason in reasons:
            assert "\n" not in reason and len(reason) < 300 and reason.isprintable()

    # The good articles are all stored, once; the rest of each broken file still went on.
    con = duckdb.connect(str(db), read_only=True)
    stored = dict(con.execute("SELECT hash, count(*) FROM articles GROUP BY hash").fetchall())
    assert set(stored) == {content_hash(t) for t in expected_texts()}
    assert set(stored.values()) == {1}
    assert summary["stored"] == len(stored)
    refs = {_file_of(r, folder) for (r,) in con.execute("SELECT ref FROM articles").fetchall()}
    assert refs | set(by_file) == set(expect)  # every input is either stored or named

    # Reading notices reach the stored records.
    notices = {
        _file_of(ref, folder): (text, json.loads(record)["notices"])
        for ref, text, record in con.execute("SELECT ref, text, record FROM articles").fetchall()
    }
    text, found = notices["cp1252.txt"]
    assert text == CP1252_TEXT
    assert found[0]["kind"] == "encoding" and "Windows-1252" in found[0]["message"]
    assert notices["latin1-in-utf8.txt"][1][0]["message"].startswith("mixed encodings")
    assert notices["mojibake.txt"][1][0]["message"].startswith("mojibake repaired")
    text, found = notices["besar.txt"]
    assert len(text) <= DEFAULT_MAX_CHARS
    assert [n["kind"] for n in found].count("truncated") == 1
    assert f"{BIG_BYTES:,} bytes" in found[0]["message"]

    # Nothing half-stored: each article has exactly the child rows its record makes.
    for hash_, text, record in con.execute("SELECT hash, text, record FROM articles").fetchall():
        rows = article_rows(restore_record(record, text), hash_)
        for table, want in rows.items():
            (n,) = con.execute(
                f"SELECT count(*) FROM {table} WHERE article = ?", [hash_]
            ).fetchone()
            assert n == len(want), (table, hash_)
    con.close()
    with contextlib.suppress(ImportError):  # warta doctor, where the store has it
        from warta.store.doctor import check_store

        assert check_store(db).problems() == {}

    # A rerun reads everything again, stores nothing and skips the same inputs.
    again = _run([*args, "-q"])
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stdout + again.stderr
    second = json.loads(again.stdout)
    assert second["stored"] == 0
    assert second["duplicate"] == summary["read"]
    assert second["skipped"] == summary["skipped"]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(stored)
    con.close()


def test_skipped_report_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(_text_bytes("banjir.txt"))
    done = _run(
        _warta(
            "ingest",
            str(tmp_path / "a.txt"),
            "--db",
            str(tmp_path / "w.duckdb"),
            "--no-ner",
            "--skipped-report",
            str(tmp_path / "no-such-folder" / "s.jsonl"),
        )
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"warta: error: --skipped-report {tmp_path}/no-such-folder/s.jsonl: "
        "No such file or directory"
    ]


# ----------------------------------------------------------------------------- extract


@pytest.fixture(scope="module")
def fast_pipeline() -> warta.Pipeline:
    """The pipeline without NER: what ``warta extract`` does with a file is under test here,
    not the entities it finds."""
    return warta.load(ner=None)


def _extract_here(
    path: Path, monkeypatch: pytest.MonkeyPatch, nlp: warta.Pipeline
) -> tuple[int, str, str]:
    """``warta extract PATH --json`` run in this process (the CLI's own entry point, its
    pipeline loaded once): exit status, stdout, stderr. An exception escaping it fails."""
    import warta.pipeline
    from warta.cli import main

    monkeypatch.setattr(warta.pipeline, "load", lambda *a, **k: nlp)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["extract", str(path), "--json", "--compact"])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_extract_each_broken_file_gives_a_record_or_one_line(
    corpus: tuple[Path, dict[str, tuple[str, ...]]],
    monkeypatch: pytest.MonkeyPatch,
    fast_pipeline: warta.Pipeline,
) -> None:
    folder, _ = corpus
    outcomes: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        began = time.monotonic()
        code, out, err = _extract_here(path, monkeypatch, fast_pipeline)
        assert time.monotonic() - began < 30, f"{path.name} took too long"
        if code == 0:
            record = json.loads(out)
            assert record["schema_version"] and record["text"].strip()
            assert len(record["text"]) <= DEFAULT_MAX_CHARS
            outcomes[path.name] = "record"
        else:
            assert code == 2, (path.name, code, err)
            (line,) = err.strip().splitlines()
            assert line.startswith(f"warta: error: {path}: "), line
            outcomes[path.name] = line.removeprefix(f"warta: error: {path}: ")
    assert outcomes["gambar.txt"] == "binary data, not text (a PNG image)"
    assert outcomes["program.txt"] == "binary data, not text (an ELF executable)"
    assert outcomes["acak.txt"].startswith("binary data, not text")
    assert outcomes["kosong.txt"] == outcomes["spasi.txt"] == "empty input: no text to extract from"
    assert outcomes["warc-cut-record.warc.gz"].startswith("binary data, not text (gzip")
    for name in ("cp1252.txt", "utf16.txt", "latin1-in-utf8.txt", "mojibake.txt", "besar.txt"):
        assert outcomes[name] == "record", name


def test_extract_decodes_windows_1252_and_says_so(corpus: tuple[Path, Any]) -> None:
    folder, _ = corpus
    done = _run(_warta("extract", str(folder / "cp1252.txt"), "--json"))
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["text"] == CP1252_TEXT
    assert "\u201cR\u00e9sum\u00e9\u201d" in record["text"]
    (notice,) = [n for n in record["notices"] if n["kind"] == "encoding"]
    assert notice["message"].startswith("not UTF-8: decoded as Windows-1252")
    for entity in record["entities"]:  # offsets refer to the decoded text
        for mention in entity["mentions"]:
            assert record["text"][mention["start"] : mention["end"]] == mention["text"]


def test_extract_of_a_binary_file_is_one_line_and_status_2(corpus: tuple[Path, Any]) -> None:
    folder, _ = corpus
    done = _run(_warta("extract", str(folder / "gambar.txt")), timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"warta: error: {folder / 'gambar.txt'}: binary data, not text (a PNG image)"
    ]


def test_50_mb_text_is_read_cut_and_never_held_whole(corpus: tuple[Path, Any]) -> None:
    folder, _ = corpus
    big = folder / "besar.txt"
    tracemalloc.start()
    try:
        began = time.monotonic()
        decoded = read_article(big)
        (item,) = read_inputs([str(big)])
        seconds = time.monotonic() - began
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, RawArticle) and item.text == decoded.text
    assert len(decoded.text) <= DEFAULT_MAX_CHARS and decoded.text.endswith("Timur.")
    assert decoded.notices == item.notices
    ((kind, message),) = decoded.notices
    assert kind == "truncated" and message.startswith(f"the text has {BIG_BYTES:,} bytes")
    assert peak < 8 * 2**20, f"reading held {peak / 2**20:.1f} MB at once"
    assert seconds < 10


def test_more_than_50_mb_is_not_one_article(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as fh:
        fh.truncate(60 * 2**20)  # sparse: 60 MiB of NULs, never written out
    (skip,) = read_inputs([str(path)])
    assert isinstance(skip, Skipped) and skip.reason.startswith("larger than 50 MB")


# ----------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "data, text, notice",
    [
        (CP1252_TEXT.encode("cp1252"), CP1252_TEXT, "not UTF-8: decoded as Windows-1252"),
        (UTF16_TEXT.encode("utf-16"), UTF16_TEXT, None),
        (UTF16_TEXT.encode("utf-16-le"), UTF16_TEXT, "no byte-order mark: decoded as utf-16-le"),
        (MIXED_UTF8 + MIXED_LATIN1, MIXED_TEXT, "mixed encodings: 1 bytes"),
        (MOJIBAKE_TEXT.encode(), MOJIBAKE_SOURCE, "mojibake repaired"),
        (
            "Berita hari ini: di Moskow ribuan orang berunjuk rasa menentang kenaikan harga "
            "roti. Новости дня: в Москве прошёл митинг против повышения цен на хлеб.".encode(
                "cp1251"
            ),
            None,
            "not UTF-8: decoded as cp1251 (charset-normalizer)",
        ),
    ],
)
def test_decoding_fallbacks(data: bytes, text: str | None, notice: str | None) -> None:
    from warta.io.text import decode_text

    decoded = decode_text(data, "berita.txt")
    if text is not None:
        assert decoded.text == text
    else:
        assert "Новости дня" in decoded.text
    assert [m for _, m in decoded.notices if notice and m.startswith(notice)] or notice is None
    assert len(decoded.notices) == (notice is not None)


def test_an_unknown_encoding_is_refused_before_reading() -> None:
    from warta.errors import WartaInputError
    from warta.io.readers import ReadOptions

    with pytest.raises(WartaInputError, match="--encoding: unknown encoding 'klingon'"):
        ReadOptions(encoding="klingon")


def test_ingest_limits_are_flags_and_reach_the_workers(
    corpus: tuple[Path, Any], tmp_path: Path
) -> None:
    folder, _ = corpus
    db = tmp_path / "w.duckdb"
    args = ["--db", str(db), "--no-ner", "--json", "-q", "--workers", "2", "--max-chars", "5000"]
    args += ["--time-budget", "0.000001"]  # spent before the first stage: every stage skipped
    done = _run(_warta("ingest", str(folder / "besar.txt"), str(folder / "ragged.csv"), *args))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stored"] == 2
    con = duckdb.connect(str(db), read_only=True)
    records = [json.loads(r) for (r,) in con.execute("SELECT record FROM articles").fetchall()]
    texts = [t for (t,) in con.execute("SELECT text FROM articles ORDER BY seq").fetchall()]
    con.close()
    assert len(texts[0]) <= 5000 and texts[0].endswith("Timur.")
    assert len(texts[1]) < 5000  # the CSV row, short: no notice
    truncated = [n for r in records for n in r["notices"] if n["kind"] == "truncated"]
    assert len(truncated) == 1 and "(limit 5,000;" in truncated[0]["message"]
    for record in records:
        assert "time-budget" in [n["kind"] for n in record["notices"]]
