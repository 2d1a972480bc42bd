"""Offline language identification, one decision per article.

lingua is restricted to the languages an Indonesian news crawl actually mixes: Indonesian,
Malay and English. lingua has no Javanese or Sundanese model; text in those languages is
reported as Indonesian or Malay with a lower score (documented in the README).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from warta.record import Notice
from warta.tokenizer import doc_text

#: ISO 639-1 codes of the languages whose text the Indonesian stages are run on. Malay shares
#: most of its vocabulary with Indonesian, and lingua calls some Indonesian religious or formal
#: prose Malay (2 of 300 Detik articles in ../shared/data/news), so it is treated alike.
INDONESIAN_LIKE = frozenset({"id", "ms"})

#: Letters needed before a decision is attempted; shorter text gets no language.
MIN_LETTERS = 20
#: Only the start of a long article is read: the decision does not change, the time does.
SAMPLE_CHARS = 1200

if not Doc.has_extension("language"):
    Doc.set_extension("language", default=None)
    Doc.set_extension("language_score", default=None)
    Doc.set_extension("notices", default=None)


@cache
def _detector() -> Any:
    from lingua import Language as L
    from lingua import LanguageDetectorBuilder

    # Preloading puts the ~1 s model load in warta.load(), not in the first article's time.
    builder = LanguageDetectorBuilder.from_languages(L.INDONESIAN, L.MALAY, L.ENGLISH)
    return builder.with_preloaded_language_models().build()


def preload() -> None:
    """Load the language models now (called when the pipeline is built)."""
    _detector()


def detect_language(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code and confidence of ``text``'s language, or ``(None, None)`` when too short.

    >>> detect_language("Pemerintah akan menyalurkan bantuan kepada warga terdampak banjir.")
    ('id', 0.96...)
    """
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None, None
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, None
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), round(float(best.value), 3)


def add_notice(doc: Doc, kind: str, message: str) -> None:
    """Record something the reader of ``doc``'s record should know."""
    if doc._.notices is None:
        doc._.notices = []
    doc._.notices.append(Notice(kind=kind, message=message))


def is_indonesian(doc: Doc) -> bool:
    """Whether the Indonesian-specific stages should read ``doc``.

    Undecided text (too short to tell) is given the benefit of the doubt.
    """
    return doc._.language is None or doc._.language in INDONESIAN_LIKE


@Language.component("warta_language")
def identify_language(doc: Doc) -> Doc:
    """Set ``doc._.language`` / ``doc._.language_score`` and add a notice when not Indonesian.

    "Pemerintah akan menyalurkan bantuan kepada warga terdampak banjir di Kabupaten Demak."
    -> language "id"; "The army was deployed to restore order." -> "en" and a notice
    ``not-indonesian``.
    """
    text = doc_text(doc)
    lang, score = detect_language(text)
    doc._.language, doc._.language_score = lang, score
    if lang is None:
        if text.strip():
            add_notice(doc, "language-unknown", "Text too short to identify its language.")
        else:
            add_notice(doc, "empty", "No text to extract from.")
    elif lang == "ms":
        add_notice(
            doc,
            "malay",
            f"Detected Malay (score {score}); Indonesian extraction was applied, since the two "
            "languages share most vocabulary.",
        )
    elif lang not in INDONESIAN_LIKE:
        add_notice(
            doc,
            "not-indonesian",
            f"Detected language '{lang}' (score {score}), not Indonesian: only metadata and "
            "sentences were extracted.",
        )
    return doc
