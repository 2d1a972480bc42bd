"""spaCy's Indonesian tokenizer, adjusted for news text.

Three changes to ``spacy.blank("id")``, each for a failure seen on Indonesian news:

* intra-word hyphens stay inside the token: reduplication ("geng-geng", "luka-luka"), compound
  names ("Kassym-Jomart") and codes ("COVID-19") are one word, while the dashes of a dateline
  ("JAKARTA--Para", "SLEMAN—Polisi") and of ranges ("10-12") still split;
* HTML character references left in scraped text ("&quot;teroris&quot;") are split off as
  tokens of their own, so the word inside is a clean token;
* the abbreviations in ``lang/abbreviations.tsv`` ("Jl.", "Irjen.", "Kab.") are single tokens, so
  the sentence splitter and the NER see the full stop as part of the word.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.lang.char_classes import ALPHA, HYPHENS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from warta.lang import read_table
from warta.text import HTML_ENTITY

#: Dashes that separate words even without spaces ("JAKARTA--Para", "SLEMAN—Polisi").
_DASH_INFIX = rf"(?<=[{ALPHA}0-9.])(?:-{{2,3}}|[\u2012\u2013\u2014\u2015])(?=[{ALPHA}0-9])"
#: A double quote glued between a word and punctuation, as in scraped 'putus".Sejak'.
_QUOTE_INFIX = (
    rf'(?<=[{ALPHA}0-9])["\u201d](?=[.,;:!?\u2026])'
    rf'|(?<=[{ALPHA}])[,;:](?=["\u201c])'
    rf'|(?<=[.,;:])["\u201c](?=[{ALPHA}])'
)
#: spaCy's default infixes that split on a single hyphen between letters or letters and digits.


def _is_hyphen_splitting(pattern: str) -> bool:
    if f"(?:{HYPHENS})" in pattern:
        return True
    # "COVID-19" and "2.000-an": spaCy splits a hyphen between letters and digits.
    return pattern.endswith(")-(?=[0-9])") or pattern.startswith("(?<=[0-9])-(?=[")


def abbreviations() -> list[str]:
    """Abbreviations kept as one token and never read as a sentence end."""
    return [row[0] for row in read_table("abbreviations.tsv")]


@spacy.registry.tokenizers("warta.news_tokenizer.v1")
def create_news_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered tokenizer factory: ``[nlp.tokenizer] @tokenizers = "warta.news_tokenizer.v1"``."""

    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        # spaCy types these as Optional; the Indonesian defaults always define them.
        base_infixes = list(defaults.infixes or [])
        infixes = [
            # spaCy's Indonesian rules split "a-b" also via "[\/-]" before letters and money.
            str(p).replace(r"[\/-]", r"[\/]")
            for p in base_infixes
            if not _is_hyphen_splitting(str(p))
        ]
        infixes += [_DASH_INFIX, _QUOTE_INFIX, HTML_ENTITY]
        prefixes = [HTML_ENTITY, *(defaults.prefixes or [])]
        suffixes = [HTML_ENTITY, *(defaults.suffixes or [])]
        rules = dict(defaults.tokenizer_exceptions)
        for abbr in abbreviations():
            for form in {abbr, abbr.upper(), abbr[0].upper() + abbr[1:]}:
                rules[form] = [{ORTH: form}]
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(prefixes).search,
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
