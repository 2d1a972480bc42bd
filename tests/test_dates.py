"""warta_dates: temporal expressions resolved against the publication date.

Sentences are real, from the Detik corpus in ../shared/data/news (one short sentence each) or
from the gold article in ../shared/gold; the corpus tests at the end read the CSV in place and
skip when it is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import warta
from conftest import SHARED, corpus_sentence
from warta.components.dates import extract_dates
from warta.record import Check, DateExpr
from warta.temporal import FUTURE_DAYS, find_dates, nearest_date

NEWS_CSV = SHARED / "data" / "news" / "detik_1000_train80.csv"
GOLD = SHARED / "gold" / "articles" / "kazakhstan-csto"


@pytest.fixture(scope="module")
def blank() -> warta.Pipeline:
    return warta.load(None)


def read(
    nlp: warta.Pipeline, text: str, published: str | None
) -> tuple[list[DateExpr], list[Check]]:
    """Run the stages warta_dates needs (tokens, sentences), then warta_dates."""
    doc = nlp.nlp.make_doc(text)
    doc._.published = published
    for name in ("warta_hygiene", "warta_sentences"):
        doc = nlp.nlp.get_pipe(name)(doc)
    return extract_dates(doc)


def dates(nlp: warta.Pipeline, text: str, published: str | None) -> list[tuple[str, str, str]]:
    return [(d.text, d.value, d.granularity) for d in read(nlp, text, published)[0]]


def test_the_stage_is_in_the_pipeline_and_no_longer_pending(blank):
    from warta.components import pending_stages

    assert "warta_dates" in blank.stages
    assert "warta_dates" not in pending_stages()


# -- the gold article ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kata Tokayev dalam pidato televisi keduanya seperti dikutip TheGuardian, Kamis (6/1).",
            [("Kamis (6/1)", "2022-01-06", "day")],
        ),
        (
            "Pada Rabu malam, Perdana Menteri Armenia Nikol Pashinyan menulis di Facebook.",
            [("Rabu malam", "2022-01-05", "day")],
        ),
        (
            "Perdana Menteri Amenia, Nikol Pashinyan mengatakan pagi ini bahwa CSTO akan "
            "mengirimkan pasukan.",
            [("pagi ini", "2022-01-06", "day")],
        ),
        (
            "Pada hari sebelumnya, kantor walikota Almaty dibakar.",
            [("hari sebelumnya", "2022-01-05", "day")],
        ),
    ],
)
def test_gold_sentences(blank, text, expected):
    assert dates(blank, text, "2022-01-06") == expected


def test_the_gold_article_through_extract(blank):
    txt = GOLD.with_suffix(".txt")
    if not txt.exists():
        pytest.skip(f"{txt} is absent: the gold test needs ../shared beside the repo")
    gold = json.loads(GOLD.with_suffix(".json").read_text("utf-8"))
    article = blank.extract(txt.read_text("utf-8"), published=gold["metadata"]["published"])
    found = {(d.text, d.value) for d in article.dates}
    for item in gold["dates"]:
        assert any(
            item["text"] in text or text in item["text"]
            for text, value in found
            if value == item["value"]
        ), item
    for d in article.dates:
        assert article.text[d.start : d.end] == d.text


# -- day and month ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # day/month in brackets is day first, with or without the year
        ("Sidang digelar Senin (3/1/2022).", "2022-01-06", [("Senin (3/1/2022)", "2022-01-03")]),
        (
            "Ia diperiksa Selasa (21/10/2025).",
            "2025-10-22",
            [("Selasa (21/10/2025)", "2025-10-21")],
        ),
        (
            "Kedua tersangka ditahan KPK pada Rabu (6/8).",
            "2025-10-22",
            [("Rabu (6/8)", "2025-08-06")],
        ),
        # a day/month weeks after publication is last year's
        ("Ia tiba Selasa (28/12).", "2022-01-06", [("Selasa (28/12)", "2021-12-28")]),
        # a date written with its month name
        (
            "Tan Malaka lahir pada 2 Juni 1897 di Suliki.",
            "2025-10-20",
            [("2 Juni 1897", "1897-06-02")],
        ),
        (
            "Prabowo meluncurkan bank emas pada 26 Februari 2025.",
            "2025-10-20",
            [("26 Februari 2025", "2025-02-26")],
        ),
        (
            "Keputusan itu berlaku hingga 31 Desember.",
            "2025-10-19",
            [("31 Desember", "2025-12-31")],
        ),
        (
            "Hakim menjadwalkan sidang pada Senin, 27 Oktober 2025 pukul 10.00 WIB.",
            "2025-10-21",
            [("Senin, 27 Oktober 2025", "2025-10-27")],
        ),
        (
            '"Hari Senin tanggal 27 Oktober jam 10.00 WIB," tambahnya.',
            "2025-10-21",
            [("Hari Senin tanggal 27 Oktober", "2025-10-27")],
        ),
        (
            "Peristiwa terjadi pada Sabtu malam, 4 Oktober 2025.",
            "2025-10-19",
            [("Sabtu malam, 4 Oktober 2025", "2025-10-04")],
        ),
        ("Surat itu bertanggal 6/1/2022.", "2022-01-06", [("6/1/2022", "2022-01-06")]),
        # a time of day between the day name and its date: one date, the written day wins
        (
            "Kebakaran terjadi pada Rabu dini hari (5/11).",
            "2025-11-16",
            [("Rabu dini hari (5/11)", "2025-11-05")],
        ),
        (
            "Laga digelar Sabtu malam (15/11/2025) di Bandung.",
            "2025-11-16",
            [("Sabtu malam (15/11/2025)", "2025-11-15")],
        ),
    ],
)
def test_days(blank, text, published, expected):
    assert [(t, v) for t, v, g in dates(blank, text, published)] == expected
    assert all(g == "day" for _, _, g in dates(blank, text, published))


def test_a_clock_time_is_left_out_of_the_span(blank):
    found = dates(blank, "Demo pecah Senin (3/1) pukul 10.00 WIB.", "2022-01-06")
    assert found == [("Senin (3/1)", "2022-01-03", "day")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Dilakukan pada tanggal 13 sampai 17 Oktober 2025.", "2025-10-13/2025-10-17"),
        ("Pameran berlangsung 1-3 Januari.", "2022-01-01/2022-01-03"),
        ("Festival digelar 28 Desember - 2 Januari 2022.", "2021-12-28/2022-01-02"),
    ],
)
def test_day_ranges_are_intervals(blank, text, value):
    (found,) = read(blank, text, "2022-01-06")[0]
    assert (found.value, found.granularity) == (value, "day")


# -- the day name -------------------------------------------------------------------------


def test_a_day_name_that_does_not_fit_its_date_is_reported(blank):
    found, warnings = read(blank, "Kantor itu dibakar Kamis (7/1).", "2022-01-06")
    assert [(d.text, d.value) for d in found] == [("Kamis (7/1)", "2022-01-07")]
    (check,) = warnings
    assert (check.kind, check.found, check.suggest) == (
        "weekday-mismatch",
        "Kamis (7/1)",
        "Jumat (7/1)",
    )
    assert "Jumat" in check.message


def test_a_slip_of_the_year_is_read_from_the_day_name(blank):
    # 7 October 2024 was a Monday; the Tuesday is 7 October 2025, the day of publication
    found, warnings = read(blank, "Hal itu disampaikan Selasa (7/10/2024).", "2025-10-07")
    assert [d.value for d in found] == ["2025-10-07"]
    assert [w.suggest for w in warnings] == ["Selasa (7/10/2025)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pada Rabu malam, Pashinyan menulis di Facebook.", [("Rabu malam", "2022-01-05")]),
        ("Pada Kamis, ia menyampaikan pidato.", [("Kamis", "2022-01-06")]),
        ("Ia bertemu Presiden Senin lalu.", [("Senin lalu", "2022-01-03")]),
        ("Sidang lanjutan digelar Senin depan.", [("Senin depan", "2022-01-10")]),
        ("Sidang akan digelar Rabu.", [("Rabu", "2022-01-12")]),
        # "malam Minggu" is Saturday night
        ("Kejadiannya malam Minggu.", [("malam Minggu", "2022-01-01")]),
    ],
)
def test_a_day_name_alone(blank, text, expected):
    assert [(t, v) for t, v, _ in dates(blank, text, "2022-01-06")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ia bekerja dua minggu di sana.", []),
        ("Minggu lalu ia pulang ke Jakarta.", [("Minggu lalu", "2021-W52", "week")]),
        ("Pada Minggu lalu ia pergi ke Bandung.", [("Minggu lalu", "2022-01-02", "day")]),
        ("Keduanya diamankan Minggu (19/10).", [("Minggu (19/10)", "2021-10-19", "day")]),
        ("Hasilnya diumumkan minggu depan.", [("minggu depan", "2022-W02", "week")]),
        ("Rapat digelar setiap Minggu ke-2.", []),
    ],
)
def test_minggu_is_sunday_or_week(blank, text, expected):
    assert dates(blank, text, "2022-01-06") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kantor buka setiap Senin.",
        "Layanan buka Senin-Jumat pukul 08.00 WIB.",
        "Polres menggelar kegiatan Jumat Curhat bersama warga.",
    ],
)
def test_a_day_name_that_is_no_date(blank, text):
    assert dates(blank, text, "2022-01-06") == []


# -- months and years ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Inflasi AS Juni 2025 dirilis lebih tinggi.",
            "2025-08-01",
            [("Juni 2025", "2025-06", "month")],
        ),
        ("Data inflasi AS bulan Juni dirilis.", "2025-08-01", [("bulan Juni", "2025-06", "month")]),
        # "sejak" opens a period that has begun: the month is past, not the coming one
        ("Kasus meningkat sejak Januari.", "2025-11-10", [("Januari", "2025-01", "month")]),
        ("Program dimulai pada Januari.", "2025-11-10", [("Januari", "2026-01", "month")]),
        (
            "BLTS diberikan untuk bulan Oktober, November, dan Desember.",
            "2025-10-17",
            [
                ("bulan Oktober", "2025-10", "month"),
                ("November", "2025-11", "month"),
                ("Desember", "2025-12", "month"),
            ],
        ),
        (
            "Harta itu dilaporkan untuk periodik tahun 2024.",
            "2025-10-22",
            [("tahun 2024", "2024", "year")],
        ),
        ("Pihaknya menjalankan Prolanis sejak 2015.", "2025-10-21", [("2015", "2015", "year")]),
        (
            "Pemerintah menambah alokasi MBG pada APBN 2026.",
            "2025-10-20",
            [("2026", "2026", "year")],
        ),
        (
            "Dalam bukunya Naar de Republiek Indonesia (1925), ia menulis.",
            "2025-10-20",
            [("1925", "1925", "year")],
        ),
        (
            "Mulyono menjabat 2024 hingga Februari 2025.",
            "2025-10-22",
            [("2024", "2024", "year"), ("Februari 2025", "2025-02", "month")],
        ),
        (
            "IKN dibangun mulai 2022 hingga 2045.",
            "2025-08-22",
            [("2022", "2022", "year"), ("2045", "2045", "year")],
        ),
    ],
)
def test_months_and_years(blank, text, published, expected):
    assert dates(blank, text, published) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Target Indonesia Emas 2045 menjadi acuan.",  # no word makes "2045" a year reference
        "Sebanyak 2022 peserta hadir.",
        "Sesuai UU Nomor 1 Tahun 2023 tentang KUHP.",  # the name of a law
        "Berdasarkan Undang-Undang Dasar Negara Republik Indonesia Tahun 1945.",
        "Sumitro sejak 1950-an menegaskan hal itu.",  # a decade, not a year
        "Pasal 27 ayat (2) UU ITE.",
        "Korban berusia 45 tahun, lahir di Medan.",
        "Acara dimulai pukul 10.00 WIB.",
        "Inflasi naik 5% dan telepon 0812-3456-7890.",
    ],
)
def test_not_a_date(blank, text):
    assert dates(blank, text, "2025-10-20") == []


# -- relative expressions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kejadian itu dilaporkan kemarin.", ("kemarin", "2022-01-05", "day")),
        ("Dolar kemungkinan lebih kuat hari ini.", ("hari ini", "2022-01-06", "day")),
        ("Warga mulai berdatangan sejak siang ini.", ("siang ini", "2022-01-06", "day")),
        ("Hujan turun kemarin sore.", ("kemarin sore", "2022-01-05", "day")),
        ("Semalam data inflasi AS dirilis.", ("Semalam", "2022-01-05", "day")),
        ("Bentrokan terjadi dua hari lalu.", ("dua hari lalu", "2022-01-04", "day")),
        ("Keputusan itu diambil pekan lalu.", ("pekan lalu", "2021-W52", "week")),
        ("Harga naik bulan depan.", ("bulan depan", "2022-02", "month")),
        ("Ekspor naik dibanding tahun lalu.", ("tahun lalu", "2021", "year")),
        ("Pembangunan dimulai tahun ini.", ("tahun ini", "2022", "year")),
        ("Sehari sebelumnya, polisi berjaga.", ("Sehari sebelumnya", "2022-01-05", "day")),
    ],
)
def test_relative(blank, text, expected):
    assert dates(blank, text, "2022-01-06") == [expected]


def test_sebelumnya_and_setelahnya_count_from_the_story(blank):
    text = (
        "Riky ditemukan pada Jumat (17/10/2025) sekitar pukul 15.30 WIB. Erwin kemudian "
        "diamankan sehari setelahnya, Sabtu (18/10)."
    )
    found = dates(blank, text, "2025-10-21")
    assert ("sehari setelahnya", "2025-10-18", "day") in found
    found = dates(
        blank, "Pada 1988, asosiasi didirikan.\nTiga tahun kemudian IPF berdiri.", "2025-10-20"
    )
    assert found == [("1988", "1988", "year"), ("Tiga tahun kemudian", "1991", "year")]
    found = dates(
        blank, "Inflasi Juni 2025 tidak berubah dibandingkan bulan sebelumnya.", "2025-08-01"
    )
    assert found[-1] == ("bulan sebelumnya", "2025-05", "month")


def test_words_in_a_quotation_count_from_the_day_they_were_said(blank):
    text = (
        '"Benar, kemarin kami mendapatkan informasi ada penganiayaan," ujar Kapolsek SU I AKP '
        "Heri saat dikonfirmasi, Sabtu (18/10)."
    )
    found = dates(blank, text, "2025-10-21")
    assert found == [("kemarin", "2025-10-17", "day"), ("Sabtu (18/10)", "2025-10-18", "day")]


@pytest.mark.parametrize(
    "text",
    [
        "Fenomena panas ekstrem berlangsung selama beberapa hari ini.",
        "Pajak akan naik dalam beberapa minggu mendatang.",
        "Ia menginap semalam di hotel itu.",
        "Sudah puluhan tahun yang lalu.",
    ],
)
def test_spans_of_time_are_not_dates(blank, text):
    assert dates(blank, text, "2022-01-06") == []


def test_without_a_publication_date_only_dates_with_their_year(blank):
    text = "Kamis (6/1), Senin (3/1/2022), 6 Januari 2022, kemarin, Rabu malam, Januari 2022."
    assert dates(blank, text, None) == [
        ("Senin (3/1/2022)", "2022-01-03", "day"),
        ("6 Januari 2022", "2022-01-06", "day"),
        ("Januari 2022", "2022-01", "month"),
    ]


def test_nearest_date():
    published = dt.date(2022, 1, 6)
    assert nearest_date(6, 1, published) == dt.date(2022, 1, 6)
    assert nearest_date(28, 12, published) == dt.date(2021, 12, 28)
    assert nearest_date(1, 2, published) == dt.date(2022, 2, 1)  # within FUTURE_DAYS
    assert nearest_date(1, 3, published) == dt.date(2021, 3, 1)
    assert nearest_date(31, 2, published) is None


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="0123456789 /()-,.SeninRabuKamisJumatMinggu Januaripagiinikemarinharilalu",
        max_size=80,
    )
)
def test_never_crashes_and_spans_point_into_the_text(text):
    found, warnings = find_dates(text, "2022-01-06")
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert f.granularity in {"day", "week", "month", "year"}
    for w in warnings:
        assert 0 <= w.start < w.end <= len(text)


# -- the corpus ---------------------------------------------------------------------------

_WD_DATE = re.compile(
    r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu) \((\d{1,2})/(\d{1,2})/(\d{4})\)"
)


def _corpus() -> list[dict[str, str]]:
    if not NEWS_CSV.exists():
        pytest.skip(f"{NEWS_CSV} is absent: corpus tests need ../shared beside the repo")
    with NEWS_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _published(row: dict[str, str]) -> str:
    month, day, year = row["tanggal"].split()[0].split("/")
    return dt.date(int(year), int(month), int(day)).isoformat()


@pytest.mark.corpus
def test_corpus_day_names_with_a_full_date_resolve_to_it_or_are_reported(blank):
    checked = 0
    for row in _corpus()[:300]:
        text = row["isi_berita"]
        found, warnings = read(blank, text, _published(row))
        by_start = {d.start: d for d in found}
        warned = {w.start for w in warnings}
        for m in _WD_DATE.finditer(text):
            d = by_start.get(m.start())
            assert d is not None, m.group(0)
            written = f"{m.group(4)}-{int(m.group(3)):02d}-{int(m.group(2)):02d}"
            assert d.value == written or m.start() in warned, (m.group(0), d.value)
            checked += 1
    assert checked > 200


@pytest.mark.corpus
def test_corpus_day_months_without_a_year_fall_near_publication(blank):
    for row in _corpus()[:300]:
        published = dt.date.fromisoformat(_published(row))
        found, _ = read(blank, row["isi_berita"], published.isoformat())
        for d in found:
            assert row["isi_berita"][d.start : d.end] == d.text
            if d.granularity == "day" and "/" not in d.value and re.search(r"\(\d+/\d+\)", d.text):
                delta = (dt.date.fromisoformat(d.value) - published).days
                assert -366 < delta <= FUTURE_DAYS, (d.text, d.value)


@pytest.mark.corpus
def test_a_month_of_next_year(blank):
    # "... hingga pemilu digelar pada April tahun depan" (a Detik article of 17/10/2025)
    sentence = corpus_sentence("pada April tahun depan")
    assert ("April tahun depan", "2026-04", "month") in dates(blank, sentence, "2025-10-17")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kebijakan berlaku sejak Maret tahun lalu.", ("Maret tahun lalu", "2024-03", "month")),
        ("Target itu dicapai pada Juni tahun ini.", ("Juni tahun ini", "2025-06", "month")),
    ],
)
def test_a_month_of_a_named_year(blank, text, expected):
    # written here
    assert expected in dates(blank, text, "2025-10-21")
