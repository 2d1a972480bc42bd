"""Property tests: whatever text comes in, a valid record comes out whose offsets slice it."""

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warta
from warta.record import Article, load_schema

SCHEMA = load_schema()

#: Pieces that stress the tokenizer and the stages: quotes, dashes, entities, abbreviations,
#: numbers, newlines, and leads in house styles.
PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "'",
        "«",
        "»",
        "(",
        ")",
        "--",
        "—",
        "–",
        "-",
        ".",
        "..",
        "…",
        ",",
        ":",
        "\n",
        "\n\n",
        "\u00a0",
        " ",
        "&quot;",
        "&amp;",
        "&#8220;",
        "Jl.",
        "No.",
        "dll.",
        "a.n.",
        "Rp",
        "1.500",
        "2,5",
        "delapan",
        "tewas",
        "kata",
        "Presiden",
        "Jakarta",
        "JAKARTA",
        "Bisnis.com,",
        "(ANTARA)",
        "Kamis",
        "(6/1)",
        "geng-geng",
        "Tokayev",
        "ia",
        "mengatakan",
        "bahwa",
        "\t",
        "\r\n",
        "\u200b",
        "😀",
        "ا",
        "中",
        "\x00",
        "\x1b[31m",
        "\ufeff",
        "\u202e",
        "\ud7ff",
        "e\u0301",
        "ﬁ",
        "x" * 300,
        "SCROLL TO CONTINUE WITH CONTENT",
        "Simak juga Video '",
        "diserang",
        "ditangkap",
        "oleh",
        "polisi",
        "Kabupaten",
        "Sleman",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join),
)


@pytest.fixture(scope="module")
def no_ner() -> warta.Pipeline:
    return warta.load(ner=None)


def check_record(article: Article, text: str) -> None:
    """A valid record whose every offset slices ``text`` to the text it claims."""
    assert article.text == text
    jsonschema.validate(article.to_dict(), SCHEMA)
    spans = [*article.sentences, *article.counts, *article.quotes, *article.dates, *article.checks]
    spans += [m for e in article.entities for m in e.mentions]
    spans += [e.trigger for e in article.events]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
    for item in [*article.counts, *article.quotes, *article.dates]:
        assert text[item.start : item.end] == item.text
    for event in article.events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
    for check in article.checks:
        assert text[check.start : check.end] == check.found
    for e in article.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


# Issue 11 asks for 2,000 examples in CI: the hypothesis profile (tests/conftest.py) sets
# max_examples, 1,500 in CI, for the test without NER, and a third as many go through the whole
# pipeline: the statistical NER costs most of the time per example.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_gives_a_valid_record_without_ner(no_ner, text):
    check_record(no_ner.extract(text), text)


@settings(
    max_examples=max(1, settings.default.max_examples // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=TEXTS)
def test_any_text_gives_a_valid_record_with_offsets_into_it(nlp, text):
    check_record(nlp.extract(text), text)


def test_huge_tokens_and_control_characters_give_records(nlp):
    for text in ("a" * 100_000, "\x00\x01\x02" * 1000, "“" * 5000, "(" * 5000 + "Jakarta"):
        article = nlp.extract(text)
        assert text.startswith(article.text)
        jsonschema.validate(article.to_dict(), SCHEMA)
