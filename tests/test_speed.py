"""The speed paths give the records of the plain paths: the token table and batched NER."""

from __future__ import annotations

import pytest

import warta
from warta.errors import WartaError
from warta.tokenizer import doc_text, token_table

TEXTS = [
    'Bisnis.com, JAKARTA--Polisi menangkap 3 orang di Jl. Sudirman, Senin (6/1). "Situasi aman," '
    "kata Kapolres Budi Santoso.\n\nSedikitnya 12 orang luka-luka &quot;parah&quot;.",
    "",
    "   \n\n ",
    "The army was deployed to restore order in the capital.",
    "Presiden Joko Widodo meresmikan bendungan di Kabupaten Demak, Jawa Tengah, pada Kamis.",
]


def test_token_table_matches_the_tokens(nlp: warta.Pipeline) -> None:
    for text in TEXTS:
        doc = nlp.nlp.make_doc(text)
        table = token_table(doc)
        assert table is token_table(doc)  # built once per Doc
        assert doc_text(doc) == doc.text == text
        assert table.words == [t.text for t in doc]
        assert table.lower == [t.lower_ for t in doc]
        assert table.starts == [t.idx for t in doc]
        assert table.ends == [t.idx + len(t) for t in doc]
        assert table.spaces == [t.whitespace_ for t in doc]


def test_extract_many_gives_the_records_of_extract(nlp: warta.Pipeline) -> None:
    items: list[str | dict[str, str]] = [
        *TEXTS,
        {"text": TEXTS[0], "published": "2022-01-06", "title": "Judul", "id": "a1"},
    ]
    one_by_one = [
        nlp.extract(item)
        if isinstance(item, str)
        else nlp.extract(
            item["text"], published=item["published"], title=item["title"], id=item["id"]
        )
        for item in items
    ]
    for size in (1, 2, 16):
        batched = list(nlp.extract_many(items, batch_size=size))
        assert [a.to_json() for a in batched] == [a.to_json() for a in one_by_one]


def test_extract_many_yields_the_records_before_a_bad_item(nlp: warta.Pipeline) -> None:
    out = nlp.extract_many([TEXTS[4], {"no text": 1}, TEXTS[4]], batch_size=8)  # type: ignore[list-item]
    assert next(out).text == TEXTS[4]
    with pytest.raises(WartaError, match="'text'"):
        next(out)
    with pytest.raises(WartaError, match="batch_size"):
        list(nlp.extract_many(TEXTS, batch_size=0))
