import json

import jsonschema
import pytest

from conftest import GOLD_DIR, REPO, need
from warta import WartaError
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
