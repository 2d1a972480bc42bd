import json

import jsonschema
import pytest

import warta
from conftest import GOLD_DIR, REPO, need
from warta import WartaError
from warta.pipeline import cut_at_paragraph
from warta.record import Article, load_schema


def assert_offsets_slice(article: Article):
    text = article.text
    for s in article.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    for e in article.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for item in [*article.counts, *article.quotes, *article.dates]:
        assert 0 <= item.start <= item.end <= len(text)
    lead = article.metadata.lead
    if lead is not None:
        assert 0 <= lead.start < lead.end <= len(text)


def test_the_public_api(nlp):
    assert nlp.stages[:4] == [
        "warta_hygiene",
        "warta_metadata",
        "warta_language",
        "warta_sentences",
    ]
    for stage in (
        "warta_names",
        "warta_counts",
        "warta_quotes",
        "warta_dates",
        "warta_events",
        "warta_geo",
        "warta_checks",
    ):
        assert stage in nlp.stages
    article = nlp.extract(
        "TEMPO.CO, Jakarta - Banjir merendam 300 rumah. Warga mengungsi.",
        published="2024-02-01",
        source_url="https://nasional.tempo.co/read/1",
        title="Banjir",
    )
    assert article.metadata.published == "2024-02-01"
    assert article.metadata.url == "https://nasional.tempo.co/read/1"
    assert article.metadata.title == "Banjir"
    assert (article.metadata.source, article.metadata.dateline) == ("TEMPO.CO", "Jakarta")
    assert len(article.sentences) == 2


def test_the_gold_article_gives_a_valid_record(nlp):
    path = need(GOLD_DIR / "kazakhstan-csto.txt")
    text = path.read_text(encoding="utf-8")
    article = nlp.extract(text, published="2022-01-06")
    assert article.text == text
    assert (article.metadata.source, article.metadata.dateline) == ("Bisnis.com", "JAKARTA")
    assert article.metadata.language == "id"
    jsonschema.validate(article.to_dict(), load_schema())
    assert_offsets_slice(article)
    # The closing quote's cue sentence stays whole: “Almaty diserang ... ,” kata Tokayev ... (6/1).
    quote_sentence = [
        text[s.start : s.end] for s in article.sentences if "diserang" in text[s.start : s.end]
    ]
    assert quote_sentence and quote_sentence[0].endswith("Kamis (6/1).")


def test_the_bundled_sample_gives_a_valid_record(nlp):
    text = (REPO / "examples" / "sample.txt").read_text(encoding="utf-8")
    gold = json.loads((REPO / "examples" / "sample.json").read_text(encoding="utf-8"))
    article = nlp.extract(text, published=gold["metadata"]["published"])
    jsonschema.validate(article.to_dict(), load_schema())
    assert_offsets_slice(article)
    assert article.metadata.source == gold["metadata"]["source"]
    assert article.metadata.dateline.casefold() == gold["metadata"]["dateline"].casefold()


def test_a_bad_published_date_is_a_clear_error(nlp):
    with pytest.raises(WartaError, match="not an ISO date"):
        nlp.extract("Teks berita.", published="6 Januari 2022")


def test_empty_and_odd_texts_still_give_records(nlp):
    for text in ["", "   ", "\n\n", "“", "&quot;", "..."]:
        article = nlp.extract(text)
        assert article.text == text
        assert_offsets_slice(article)
        jsonschema.validate(article.to_dict(), load_schema())
    assert [n.kind for n in nlp.extract("").notices] == ["empty"]


def test_the_id_is_stable_and_can_be_given(nlp):
    assert nlp.extract("Teks yang sama.").id == nlp.extract("Teks yang sama.").id
    assert nlp.extract("Teks yang sama.", id="x1").id == "x1"


@pytest.mark.corpus
def test_real_news_articles_give_valid_records(nlp, news_rows):
    schema = load_schema()
    for row in news_rows[:25]:
        article = nlp.extract(row["isi_berita"], source_url=row["tautan"])
        jsonschema.validate(article.to_dict(), schema)
        assert_offsets_slice(article)
        assert article.metadata.language in {"id", "ms"}
        assert article.metadata.source and article.metadata.source.startswith("detik")
        # Detik bodies average ~390 words: a handful of sentences at least.
        assert len(article.sentences) >= 3


# --- limits ---------------------------------------------------------------------------------------


def test_cut_at_paragraph_keeps_a_prefix_that_ends_at_a_break():
    text = "Paragraf satu.\n\nParagraf dua agak panjang.\nBaris tiga.\n\nParagraf empat."
    assert cut_at_paragraph(text, len(text)) == text
    # a paragraph break that would keep less than half the limit loses to a later space
    assert cut_at_paragraph(text, 40) == "Paragraf satu.\n\nParagraf dua agak"
    assert cut_at_paragraph(text, 56) == "Paragraf satu.\n\nParagraf dua agak panjang.\nBaris tiga."
    assert cut_at_paragraph("x" * 100, 10) == "x" * 10  # no break at all: cut at the limit
    assert cut_at_paragraph("a " * 50, 11) == "a a a a a"  # a space when there is no line break


def test_a_text_over_the_size_limit_is_read_up_to_a_paragraph_and_flagged():
    small = warta.load(ner=None, max_chars=300)
    para = "Polisi menangkap tiga orang di Bandung, Senin (6/1). Mereka diperiksa penyidik.\n\n"
    text = para * 20
    article = small.extract(text, published="2025-01-08")
    assert text.startswith(article.text) and article.text.endswith("penyidik.")
    assert len(article.text) <= 300
    notice = [n for n in article.notices if n.kind == "truncated"]
    assert notice and f"{len(text):,}" in notice[0].message
    assert all(d.end <= len(article.text) for d in article.dates) and article.dates
    assert small.extract(para).notices == []


def test_the_time_budget_skips_the_remaining_stages_with_a_notice():
    fast = warta.load(ner=None, time_budget=1e-9)
    article = fast.extract("Polisi menangkap tiga orang di Bandung, Senin (6/1).")
    assert article.dates == [] and article.entities == [] and article.metadata.language is None
    (notice,) = [n for n in article.notices if n.kind == "time-budget"]
    assert "warta_hygiene" in notice.message and "warta_dates" in notice.message


@pytest.mark.parametrize("kwargs", [{"max_chars": 0}, {"time_budget": 0}, {"time_budget": -1.0}])
def test_nonsense_limits_are_clear_errors(kwargs):
    with pytest.raises(WartaError, match=next(iter(kwargs))):
        warta.load(ner=None, **kwargs)
