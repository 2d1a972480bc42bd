"""Turn an annotated spaCy ``Doc`` into the article record.

This is the only place that reads the pipeline's annotations and builds an
:class:`~warta.record.Article`; the CLI, the store, the API and the evaluation all consume the
record it returns.
"""

from __future__ import annotations

import hashlib
from typing import cast, get_args

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from warta.record import Article, Entity, EntityType, Mention, Metadata, Sentence, Span
from warta.text import normalize_for_matching
from warta.tokenizer import doc_text, token_table

_ENTITY_TYPES = frozenset(get_args(EntityType))


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def entities_from_ents(doc: Doc) -> list[Entity]:
    """One entity per distinct (type, normalised name) among ``doc.ents``, in order of first
    mention. Used until a resolution stage (``warta_names``) provides ``doc._.entities``."""
    grouped: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        key = (ent.label_, normalize_for_matching(ent.text))
        entity = grouped.get(key)
        if entity is None:
            label = ent.label_ if ent.label_ in _ENTITY_TYPES else "MISC"
            entity = Entity(id=f"e{len(grouped) + 1}", name=ent.text, type=cast(EntityType, label))
            grouped[key] = entity
        entity.mentions.append(Mention(text=ent.text, start=ent.start_char, end=ent.end_char))
    return list(grouped.values())


def _sentences(doc: Doc) -> list[Sentence]:
    """Sentence spans trimmed of surrounding whitespace; blank ones are dropped."""
    table = token_table(doc)
    text = table.text
    if not table.n or not doc.has_annotation("SENT_START"):
        bounds = [(0, len(text))]
    else:
        # doc.sents without a Span per sentence: a sentence starts at token 0 and wherever
        # SENT_START is 1, and ends where the next one starts.
        flags = doc.to_array(SENT_START).tolist()
        firsts = [0, *(i for i in range(1, table.n) if flags[i] == 1)]
        lasts = [*firsts[1:], table.n]
        bounds = [(table.starts[a], table.ends[b - 1]) for a, b in zip(firsts, lasts, strict=True)]
    out = []
    for start, end in bounds:
        start, end = _trimmed(text, start, end)
        if start < end:
            out.append(Sentence(start, end))
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved inwards past surrounding whitespace (newlines between paragraphs
    belong to no sentence)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def article_from_doc(doc: Doc, *, id: str | None = None) -> Article:
    """The record of an article that went through the warta pipeline.

    ``id`` defaults to :func:`article_id` of the text.
    """
    lead = doc._.lead
    metadata = Metadata(
        published=doc._.published,
        source=doc._.source,
        dateline=doc._.dateline,
        title=doc._.title,
        url=doc._.url,
        language=doc._.language,
        language_score=doc._.language_score,
        lead=Span(lead.start, lead.end) if lead is not None else None,
    )
    sentences = _sentences(doc)
    entities = doc._.entities if doc._.entities is not None else entities_from_ents(doc)
    return Article(
        id=id or article_id(doc_text(doc)),
        text=doc_text(doc),
        metadata=metadata,
        sentences=sentences,
        entities=entities,
        counts=list(doc._.counts or []),
        quotes=list(doc._.quotes or []),
        dates=list(doc._.dates or []),
        events=list(doc._.events or []),
        checks=list(doc._.checks or []),
        notices=list(doc._.notices or []),
    )
