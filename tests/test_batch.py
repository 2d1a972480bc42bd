"""``warta batch``: deterministic partitions, write-then-rename, skip-done, a worker killed
mid-run, and the output equal to a single-process run's records (issue 8).

The Dask tests need the ``batch`` extra (``pip install -e '.[dev,batch]'``, what ``make test``
installs) and skip with that reason without it; the corpus test reads 40 rows of
../shared/data/news in place (written to a temporary CSV, never into the repository).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import NEWS_CSV, need
from warta.batch import partition as part_mod
from warta.batch.load import done_partitions, load_parquet
from warta.batch.partition import TABLES, BatchSettings, is_done, pipeline_for, process_partition
from warta.batch.plan import make_plan, read_segment
from warta.errors import MissingExtraError
from warta.io.readers import RawArticle, ReadOptions, read_inputs
from warta.io.text import add_notices
from warta.store.db import Store
from warta.store.rows import article_rows, content_hash, restore_record

# No per-article time budget: on a busy machine it would cut stages by wall time, and the
# batch and single-process records would differ by load, not by code.
SETTINGS = BatchSettings(ner=None, time_budget=None)

# Short texts written for these tests.
OWN_ROWS = [
    (
        "Jakarta - Banjir melanda tiga kecamatan di Jakarta Timur pada Senin (6/1). "
        "Sebanyak 120 warga mengungsi ke masjid terdekat, kata Camat Budi Santoso."
    ),
    (
        "Bandung - Polisi menangkap dua orang tersangka pencurian sepeda motor di Cicaheum. "
        '"Keduanya kami amankan tadi malam," ujar Kapolsek Kiaracondong.'
    ),
    (
        "Surabaya - Pemerintah kota membuka 15 posko kesehatan selama libur panjang. "
        "Wali Kota mengatakan posko buka 24 jam hingga Minggu (12/1)."
    ),
]


def _own_csv(path: Path, n: int = 3) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "judul", "tanggal", "isi_berita"])
        for i in range(n):
            w.writerow([str(i + 1), f"Berita {i + 1}", "1/6/2025 10:00", OWN_ROWS[i % 3]])
    return path


def _distributed() -> Any:
    return pytest.importorskip(
        "distributed", reason="warta batch needs the batch extra: pip install -e '.[batch]'"
    )


@pytest.fixture(scope="module")
def pipe() -> Any:
    """The pipeline without NER, as the workers load it (same settings: like with like)."""
    return pipeline_for(SETTINGS)


# ----------------------------------------------------------------------------- no dask


def test_core_import_does_not_import_dask() -> None:
    code = (
        "import sys, warta, warta.cli, warta.batch, warta.store;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


def test_missing_extra_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from warta.batch.run import run_batch
    from warta.cli import main

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"warta\[batch\]"):
        run_batch([str(_own_csv(tmp_path / "a.csv"))], tmp_path / "out")
    with pytest.raises(SystemExit) as exc:
        main(["batch", str(tmp_path / "a.csv"), "--out", str(tmp_path / "out")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "warta: error: warta batch needs the 'dask[distributed]' package" in err
    assert "pip install 'warta[batch]'" in err


def test_stdin_is_refused(tmp_path: Path) -> None:
    from warta.errors import WartaInputError

    with pytest.raises(WartaInputError, match="standard input"):
        make_plan(["-"], ReadOptions(), 10)


# ----------------------------------------------------------------------------- plan


def test_plan_is_deterministic_and_covers_every_item(tmp_path: Path) -> None:
    data = _own_csv(tmp_path / "news.csv", n=7)
    for i in range(3):
        (tmp_path / f"t{i}.txt").write_text(OWN_ROWS[i], encoding="utf-8")
    paths = [str(data), str(tmp_path / "t*.txt"), str(tmp_path / "missing.csv")]
    one = make_plan(paths, ReadOptions(), 3)
    two = make_plan(paths, ReadOptions(), 3)
    assert [p.id for p in one.partitions] == [p.id for p in two.partitions]
    # 7 CSV rows in ranges of 3, then the three text files as one group
    assert [p.size for p in one.partitions] == [3, 3, 1, 3]
    assert [p.seq for p in one.partitions] == [1 << 32, 2 << 32, 3 << 32, 4 << 32]
    assert [s.ref for s in one.skipped] == [str(tmp_path / "missing.csv")]
    assert len({p.id for p in one.partitions}) == 4
    items = [
        item
        for p in one.partitions
        for src, a, b in p.segments
        for item in read_segment(src, a, b, ReadOptions())
    ]
    direct = list(read_inputs([str(data), *sorted(str(p) for p in tmp_path.glob("t*.txt"))]))
    assert [i.text for i in items] == [i.text for i in direct]  # type: ignore[union-attr]
    # a known count is reused while the file is unchanged, and redone when it changes
    calls: list[str] = []

    def counting_map(fn: Any, xs: Any) -> list[int]:
        calls.extend(xs)
        return [fn(x) for x in xs]

    again = make_plan(paths, ReadOptions(), 3, mapper=counting_map, known_counts=one.counts)
    assert calls == [] and [p.id for p in again.partitions] == [p.id for p in one.partitions]
    _own_csv(data, n=8)
    changed = make_plan(paths, ReadOptions(), 3, mapper=counting_map, known_counts=one.counts)
    assert calls == [str(data.resolve())]
    assert sum(p.size for p in changed.partitions) == 11


def test_a_large_file_is_cut_into_a_bounded_number_of_ranges(tmp_path: Path) -> None:
    from warta.batch.plan import MAX_RANGES_PER_FILE

    data = _own_csv(tmp_path / "big.csv", n=MAX_RANGES_PER_FILE * 2 + 5)
    plan = make_plan([str(data)], ReadOptions(), 1)
    assert len(plan.partitions) <= MAX_RANGES_PER_FILE  # each range re-reads up to its start
    assert plan.items == MAX_RANGES_PER_FILE * 2 + 5


def test_warc_and_feed_files_are_one_partition_each(tmp_path: Path) -> None:
    # never counted or cut: a range further into a WARC would parse every earlier page again
    for name in ("crawl.warc.gz", "feed.rss"):
        (tmp_path / name).write_bytes(b"")
    plan = make_plan(
        [str(tmp_path / "crawl.warc.gz"), str(tmp_path / "feed.rss")], ReadOptions(), 2
    )
    assert [p.segments[0][1:] for p in plan.partitions] == [(0, -1), (0, -1)]


def test_fsspec_url_reads_the_same_items(tmp_path: Path) -> None:
    pytest.importorskip("fsspec", reason="URLs need fsspec (installed with the batch extra)")
    data = _own_csv(tmp_path / "news.csv", n=5)
    local = make_plan([str(data)], ReadOptions(), 2)
    url = make_plan([data.resolve().as_uri()], ReadOptions(), 2)
    assert [p.size for p in url.partitions] == [p.size for p in local.partitions] == [2, 2, 1]
    src, a, b = url.partitions[1].segments[0]
    texts = [i.text for i in read_segment(src, a, b, ReadOptions()) if isinstance(i, RawArticle)]
    assert texts == [OWN_ROWS[2], OWN_ROWS[0]]


# ----------------------------------------------------------------------------- one partition


def test_failed_partition_leaves_nothing_half_written_and_reruns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipe: Any
) -> None:
    data = _own_csv(tmp_path / "news.csv", n=3)
    out = tmp_path / "out"
    (part,) = make_plan([str(data)], ReadOptions(), 10).partitions
    real_copy = part_mod._copy_table

    def copy_then_fail(con: Any, table: str, dest: Path) -> None:
        real_copy(con, table, dest)  # the temporary file is complete ...
        if table == "events":
            raise OSError("disk full")  # ... but the rename never happens

    monkeypatch.setattr(part_mod, "_copy_table", copy_then_fail)
    with pytest.raises(OSError, match="disk full"):
        process_partition(part, out, SETTINGS)
    assert not is_done(out, part.id)
    assert not (out / "events" / f"part-{part.id}.parquet").exists()
    assert list(out.rglob("*.tmp")) == []  # no temporary file left behind
    assert (out / "articles" / f"part-{part.id}.parquet").exists()  # written before the failure
    assert done_partitions(out) == []  # but not loaded: the partition has no marker
    with Store(tmp_path / "a.duckdb") as store:
        assert load_parquet(store, out).stored == 0
    monkeypatch.setattr(part_mod, "_copy_table", real_copy)

    result = process_partition(part, out, SETTINGS)
    assert result.stored == 3 and not result.already_done
    assert is_done(out, part.id)
    assert all((out / t / f"part-{part.id}.parquet").is_file() for t in TABLES)

    def no_pipeline(settings: BatchSettings) -> Any:
        raise AssertionError("a finished partition must not be redone")

    monkeypatch.setattr(part_mod, "pipeline_for", no_pipeline)
    assert process_partition(part, out, SETTINGS).already_done
    with Store(tmp_path / "a.duckdb") as store:
        stats = load_parquet(store, out)
        assert (stats.partitions, stats.stored) == (1, 3)
        assert load_parquet(store, out).stored == 0  # loading twice is a no-op
        n, keys = store.con.execute(
            "SELECT count(*), count(canonical_key) FROM entities"
        ).fetchone()
        assert n == keys  # the store's aggregation ran


LONG = (
    "Jakarta - Hujan deras yang mengguyur ibu kota sejak Minggu malam membuat sejumlah ruas "
    "jalan di Jakarta Timur dan Jakarta Utara tergenang. Badan Penanggulangan Bencana Daerah "
    "mencatat ketinggian air mencapai 60 sentimeter di beberapa permukiman warga. Petugas "
    "mengerahkan pompa air dan perahu karet untuk membantu warga yang terjebak di rumahnya, "
    "kata Kepala Pelaksana BPBD kepada wartawan pada Senin pagi."
)


def test_load_keeps_one_copy_and_links_near_duplicates(tmp_path: Path, pipe: Any) -> None:
    edited = LONG.replace("Senin pagi.", "Senin siang.")
    data = tmp_path / "wire.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "tanggal", "isi_berita"])
        for i, text in enumerate([LONG, OWN_ROWS[1], edited, LONG]):
            w.writerow([str(i + 1), "1/6/2025 10:00", text])
    out = tmp_path / "out"
    for part in make_plan([str(data)], ReadOptions(), 2).partitions:  # [LONG, B], [edited, LONG]
        process_partition(part, out, SETTINGS)
    with Store(tmp_path / "w.duckdb") as store:
        stats = load_parquet(store, out)
        assert (stats.rows, stats.stored, stats.duplicate, stats.near_duplicate) == (4, 3, 1, 1)
        rows = dict(store.con.execute("SELECT id, canonical FROM articles").fetchall())
        assert rows == {"1": None, "2": None, "3": content_hash(LONG)}  # the first copy is kept
        assert store.con.execute("SELECT count(*) FROM duplicates").fetchone()[0] == 1


# ----------------------------------------------------------------------------- Dask


def _killer(out: Path, killed: list[int]) -> Any:
    """An ``on_client`` hook: once the run is under way (a partition finished, others still
    running), SIGKILL the worker process that is processing a partition."""

    def hook(client: Any) -> None:
        def kill_one() -> None:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and not killed:
                busy = {w: keys for w, keys in client.processing().items() if keys}
                if busy and list((out / "_done").glob("*")):
                    pids = client.run(os.getpid, workers=list(busy))
                    addr = next(iter(busy))
                    os.kill(pids[addr], signal.SIGKILL)
                    killed.append(pids[addr])
                    return
                time.sleep(0.2)

        threading.Thread(target=kill_one, daemon=True).start()

    return hook


def _norm(row: Any) -> tuple[Any, ...]:
    return tuple(None if v is None else str(v) for v in row)


@pytest.mark.corpus
def test_batch_kill_a_worker_rerun_equals_single_process(tmp_path: Path, pipe: Any) -> None:
    _distributed()
    import duckdb

    from warta.batch.run import run_batch

    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        csv.field_size_limit(1 << 30)
        rows = list(csv.DictReader(fh))[:40]
    data = tmp_path / "detik40.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    # the single-process run: the plain pipeline over the same reader items
    expected: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for item in read_inputs([str(data.resolve())]):
        assert isinstance(item, RawArticle)
        key = content_hash(item.text)
        record = pipe.extract(
            item.text,
            published=item.published,
            source_url=item.url,
            title=item.title,
            id=item.id or key[:16],
        ).to_dict()
        add_notices(record, item.notices)  # the reader's notices, as ingest and batch add them
        expected[item.ref] = json.dumps(record, ensure_ascii=False, sort_keys=True)
        hashes[item.ref] = key

    out = tmp_path / "out"
    killed: list[int] = []
    first = run_batch(
        [str(data)],
        out,
        workers=2,
        partition_size=5,
        settings=SETTINGS,
        on_client=_killer(out, killed),
    )
    assert killed, "no worker was killed mid-run"
    assert first.partitions == 8
    second = run_batch([str(data)], out, workers=2, partition_size=5, settings=SETTINGS)
    assert second.failed == []
    # (a task whose worker died after its marker was written is rerun and finds it done)
    assert second.already_done == first.done_now + first.already_done
    assert second.already_done + second.done_now == 8
    assert len(done_partitions(out)) == 8
    third = run_batch([str(data)], out, workers=2, partition_size=5, settings=SETTINGS)
    assert (third.already_done, third.done_now, third.workers) == (8, 0, 0)  # no cluster needed

    markers = [json.loads(p.read_text()) for p in (out / "_done").iterdir()]
    assert all(m["loads"] == 1 for m in markers)  # the pipeline loaded once per worker process

    con = duckdb.connect()
    got = con.execute(
        f"SELECT ref, hash, text, record FROM read_parquet('{out}/articles/*.parquet')"
    ).fetchall()
    refs = [r[0] for r in got]
    assert len(refs) == len(set(refs))  # no article written twice
    assert {r[1] for r in got} == set(hashes.values())  # only in-partition repeats left out
    for ref, hash_, text, stored in got:
        assert hashes[ref] == hash_
        record = restore_record(stored, text)
        assert json.dumps(record, ensure_ascii=False, sort_keys=True) == expected[ref]

    # every child table holds exactly the rows the store's own row functions give
    want: dict[str, list[tuple[Any, ...]]] = {}
    for _ref, hash_, text, stored in got:
        for table, trows in article_rows(restore_record(stored, text), hash_).items():
            want.setdefault(table, []).extend(_norm(r) for r in trows)
    for table, trows in want.items():
        have = con.execute(f"SELECT * FROM read_parquet('{out}/{table}/*.parquet')").fetchall()
        assert sorted(_norm(r) for r in have) == sorted(trows), table

    with Store(tmp_path / "warta.duckdb") as store:
        stats = load_parquet(store, out)
        assert stats.stored == len(set(hashes.values()))
        n, distinct, seqs = store.con.execute(
            "SELECT count(*), count(DISTINCT hash), count(DISTINCT seq) FROM articles"
        ).fetchone()
        assert n == distinct == seqs == stats.stored
        unmerged = store.con.execute(
            "SELECT count(*) FROM entities WHERE canonical_key IS NULL"
        ).fetchone()[0]
        assert unmerged == 0
        assert load_parquet(store, out).stored == 0
