"""Outlet and dateline leads, on a table of leads written for the tests (tests/data/leads.jsonl:
house styles of national, regional and wire outlets, plus openings with no dateline)."""

import json
from pathlib import Path

import pytest

from warta.components.metadata import find_lead, source_from_url

LEADS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "leads.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


def _fold(value):
    return value.casefold() if value else None


def test_the_lead_table_covers_what_the_issue_asks():
    outlets = {row["outlet"] for row in LEADS if row["source"] or row["dateline"]}
    assert len(LEADS) >= 60
    assert len(outlets) >= 12
    assert sum(row["source"] is None and row["dateline"] is None for row in LEADS) >= 10


@pytest.mark.parametrize("row", LEADS, ids=[f"{i}-{r['outlet']}" for i, r in enumerate(LEADS)])
def test_source_and_dateline(row):
    lead = find_lead(row["text"])
    found = (lead.source, lead.dateline) if lead else (None, None)
    assert (_fold(found[0]), _fold(found[1])) == (_fold(row["source"]), _fold(row["dateline"]))
    if lead is not None:
        # The lead span points into the text and ends where the body starts.
        assert row["text"][lead.start : lead.end].strip()
        assert not row["text"][lead.end :].startswith((" ", "-", "—", "–"))


@pytest.mark.parametrize(
    "text",
    [
        "Jakarta-Bandung kini bisa ditempuh dalam 40 menit dengan kereta cepat.",
        "Medan—kota terbesar di Sumatra—kembali macet.",
        "Budi - yang dikenal sebagai relawan - tiba lebih dulu.",
        "",
        "   \n  ",
        "JAKARTA",
    ],
)
def test_nothing_is_invented(text):
    assert find_lead(text) is None


def test_leading_whitespace_and_a_byline_line_are_skipped():
    lead = find_lead(
        "\n\nLaporan Wartawan Tribunnews.com, Ani Lestari\n\nTRIBUNNEWS.COM, JAKARTA - Isi."
    )
    assert lead is not None and (lead.source, lead.dateline) == ("TRIBUNNEWS.COM", "JAKARTA")


def test_source_from_url():
    assert source_from_url("https://news.detik.com/berita/d-8168946/judul") == "detikNews"
    assert source_from_url("https://www.kompas.com/read/2022/01/06/x") == "Kompas.com"
    assert source_from_url("https://example-berita.id/a/b") == "example-berita.id"
    assert source_from_url(None) is None
    assert source_from_url("not a url at all") is None or isinstance(source_from_url("x"), str)


def test_pipeline_uses_the_url_only_when_the_text_names_no_outlet(nlp):
    body = "Jakarta - Presiden meresmikan bendungan baru di Jawa Tengah pada Senin pagi."
    art = nlp.extract(body, source_url="https://news.detik.com/berita/d-1/x")
    assert (art.metadata.source, art.metadata.dateline) == ("detikNews", "Jakarta")
    art = nlp.extract("Bisnis.com, JAKARTA--" + body[10:], source_url="https://news.detik.com/x")
    assert art.metadata.source == "Bisnis.com"
