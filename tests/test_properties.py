"""Property tests: whatever text comes in, a valid record comes out whose offsets slice it."""

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.record import load_schema

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
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_gives_a_valid_record_with_offsets_into_it(nlp, text):
    article = nlp.extract(text)
    assert article.text == text
    data = article.to_dict()
    jsonschema.validate(data, SCHEMA)
    spans = [*article.sentences, *article.counts, *article.quotes, *article.dates, *article.checks]
    spans += [m for e in article.entities for m in e.mentions]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
    for item in [*article.counts, *article.quotes, *article.dates]:
        assert text[item.start : item.end] == item.text
    for e in article.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
