"""spaCy's Indonesian tokenizer, adjusted for news text.

Three changes to ``spacy.blank("id")``, each for a failure seen on Indonesian news:

* intra-word hyphens stay inside the token: reduplication ("geng-geng", "luka-luka"), compound
  names ("Kassym-Jomart") and codes ("COVID-19") are one word, while the dashes of a dateline
  ("JAKARTA--Para", "SLEMAN—Polisi") and of ranges ("10-12") still split;
* HTML character references left in scraped text ("&quot;teroris&quot;") are split off as
  tokens of their own, so the word inside is a clean token;
* the abbreviations in ``lang/abbreviations.tsv`` ("Jl.", "Irjen.", "Kab.") are single tokens, so
  the sentence splitter and the NER see the full stop as part of the word.

And one guard: spaCy's tokenizer takes time quadratic in the length of a run without spaces
(5,000 "(" take about 10 s, 20,000 over a minute), so such runs are tokenized in pieces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import IDX, LENGTH, LOWER, SPACY
from spacy.lang.char_classes import ALPHA, HYPHENS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
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


#: Runs without whitespace at least this long are tokenized in pieces (no word is this long;
#: long URLs still come out whole below it).
LONG_RUN = 400
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}}")


class NewsTokenizer(Tokenizer):
    """spaCy's ``Tokenizer`` with the long-run guard (see the module docstring).

    Input: a text; output: a Doc whose text is exactly the input. A run of ``LONG_RUN`` or more
    non-space characters ("((((…", a base64 blob) is cut into ``LONG_RUN // 4``-character pieces
    that are tokenized separately, so the time stays linear; ordinary text takes the plain path.
    """

    def __call__(self, text: str) -> Doc:
        if len(text) < LONG_RUN or not _LONG_RUN.search(text):
            return super().__call__(text)
        docs: list[Doc] = []
        pos = 0
        step = LONG_RUN // 4
        for m in _LONG_RUN.finditer(text):
            if m.start() > pos:
                docs.append(super().__call__(text[pos : m.start()]))
            for a in range(m.start(), m.end(), step):
                docs.append(super().__call__(text[a : min(a + step, m.end())]))
            pos = m.end()
        if pos < len(text):
            docs.append(super().__call__(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


def abbreviations() -> list[str]:
    """Abbreviations kept as one token and never read as a sentence end."""
    return [row[0] for row in read_table("abbreviations.tsv")]


def needed_rules(
    nlp: Language, rules: dict[str, list[dict[int, str]]], settings: dict[str, Any]
) -> dict[str, list[dict[int, str]]]:
    """The special cases of ``rules`` that change what the affix rules alone produce.

    spaCy's Indonesian exceptions are about 16,000 hyphenated words ("anak-anak"), each kept
    whole as one plain token. With the hyphen infixes removed above the rules already keep
    them whole, so these entries only cost load time: spaCy adds special cases one by one,
    about 3 s per tokenizer. An entry stays when it is more than one token, sets more than
    ORTH, or when the rules alone would split its text ("dll.", "a.n.", "°C.").
    """
    probe = Tokenizer(nlp.vocab, rules={}, **settings)
    kept: dict[str, list[dict[int, str]]] = {}
    for text, tokens in rules.items():
        if len(tokens) != 1 or set(tokens[0]) != {ORTH} or tokens[0][ORTH] != text:
            kept[text] = tokens
            continue
        doc = probe(text)
        if len(doc) != 1 or doc[0].text != text:
            kept[text] = tokens
    return kept


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
        settings = {
            "prefix_search": compile_prefix_regex(prefixes).search,
            "suffix_search": compile_suffix_regex(suffixes).search,
            "infix_finditer": compile_infix_regex(infixes).finditer,
            "token_match": defaults.token_match,
            "url_match": defaults.url_match,
        }
        return NewsTokenizer(nlp.vocab, rules=needed_rules(nlp, rules, settings), **settings)

    return make


# --- fast read access for the stages ------------------------------------------------------------

#: ``doc.user_data`` key of the cached :class:`TokenTable`.
_TABLE_KEY = "warta.token_table"


class TokenTable:
    """The text and token strings of a Doc as plain Python lists, read once per Doc.

    spaCy rebuilds ``doc.text`` from its tokens on every access and creates a ``Token`` object
    for every ``doc[i]`` and every step of ``for t in doc``; a stage that reads the text or the
    words several times pays that each time. The table reads them once (``Doc.to_array`` plus
    slices of the text) and is shared by the stages through :func:`token_table`.

    Input: a Doc. Output, for "Polisi menangkap 3 orang.": ``words`` ``["Polisi", "menangkap",
    "3", "orang", "."]``, ``starts`` ``[0, 7, 17, 19, 24]``, ``ends`` ``[6, 16, 18, 24, 25]``,
    ``spaces`` ``[" ", " ", " ", "", ""]``.
    """

    def __init__(self, doc: Doc) -> None:
        self.text: str = doc.text
        self.n: int = len(doc)
        cols = doc.to_array([IDX, LENGTH, SPACY, LOWER]).T.tolist() if self.n else [[], [], [], []]
        self.starts: list[int] = cols[0]
        self.ends: list[int] = [s + n for s, n in zip(cols[0], cols[1], strict=True)]
        self.spaces: list[str] = [" " if sp else "" for sp in cols[2]]
        text = self.text
        self.words: list[str] = [text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]
        self._lower_keys: list[int] = cols[3]
        self._strings = doc.vocab.strings

    @cached_property
    def lower(self) -> list[str]:
        """``token.lower_`` of every token."""
        strings = self._strings
        return [strings[key] for key in self._lower_keys]

    def fits(self, doc: Doc) -> bool:
        """Whether this table still describes ``doc`` (same token count and last offsets)."""
        n = len(doc)
        if n != self.n:
            return False
        if n == 0:
            return True
        last = doc[n - 1]
        return last.idx == self.starts[-1] and last.idx + len(last) == self.ends[-1]


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, built on first use and kept in ``doc.user_data``.

    The text of a Doc never changes and the stages do not retokenize; the table is rebuilt
    anyway if the Doc's token count or last offsets no longer match it (a merged Doc).
    """
    table = doc.user_data.get(_TABLE_KEY)
    if not isinstance(table, TokenTable) or not table.fits(doc):
        table = TokenTable(doc)
        doc.user_data[_TABLE_KEY] = table
    return table


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per Doc (see :func:`token_table`).

    Input: a Doc made from "Polisi menangkap 3 orang." Output: that same string.
    """
    return token_table(doc).text


@spacy.registry.tokenizers("warta.bare_tokenizer.v1")
def create_bare_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer without rules, for loading a trained model whose components warta copies
    or feeds with its own Docs (the NER, the parser): building the model's own Indonesian
    tokenizer would cost seconds and is never used."""

    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make


def load_model_components(path: str | Path, exclude: tuple[str, ...] = ()) -> Language:
    """``spacy.load(path)`` without the model's tokenizer (see :func:`create_bare_tokenizer`).

    Input: a trained pipeline folder; output: its ``Language`` with a rule-less tokenizer.
    """
    return spacy.load(
        path,
        config={"nlp": {"tokenizer": {"@tokenizers": "warta.bare_tokenizer.v1"}}},
        exclude=["tokenizer", *exclude],
    )
