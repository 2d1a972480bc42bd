"""Sentence boundaries that are right for Indonesian news.

spaCy's rule-based ``sentencizer`` breaks after every full stop ("Jl.", "Irjen.") and inside
quotations that run over several sentences, which separates a quote from its speaker cue
("“... Kalimat dua,” kata Tokayev"). The rules here:

* a paragraph break (a newline) always ends a sentence;
* ``.``, ``!``, ``?`` or ``…`` ends one when the next word starts with a capital letter, a digit
  or an opening quote, unless the word before is an abbreviation from
  ``lang/abbreviations.tsv`` ("Jl. Sudirman", "No. 5") or a single initial ("Susilo B.
  Yudhoyono");
* a closing quote or bracket right after the stop stays in the sentence it closes;
* inside an open double quotation no sentence ends, until the quote closes or the paragraph
  ends, so a multi-sentence quote and its cue share one sentence;
* the outlet/dateline lead ("Bisnis.com, JAKARTA--", "KONTAN.CO.ID - JAKARTA.") belongs to the
  first sentence.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from warta.tokenizer import abbreviations

_ENDERS = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSERS = frozenset({")", "]", "”", "’", "»", '"', "'"})
_DOUBLE_OPEN = frozenset({"“", "„", "«"})
_DOUBLE_CLOSE = frozenset({"”", "»"})
#: A quotation this long without a closing mark is taken as unbalanced and no longer holds
#: sentences together; real quotes in news run to a few hundred tokens at most.
_MAX_QUOTE_TOKENS = 400


@cache
def _non_final() -> frozenset[str]:
    forms: set[str] = set()
    for abbr in abbreviations():
        forms |= {abbr, abbr.lower(), abbr.upper(), abbr[0].upper() + abbr[1:]}
        forms.add(abbr.rstrip("."))  # when the tokenizer split the stop off
    return frozenset(forms)


def _ends_with_stop(token: Token) -> bool:
    text = token.text
    return text in _ENDERS or (len(text) > 1 and text[-1] in ".!?…" and text.isalpha() is False)


def _is_abbreviation(token: Token, prev: Token | None) -> bool:
    text = token.text
    if text in _non_final():
        return True
    if text == "." and prev is not None and prev.whitespace_ == "":
        word = prev.text
        return word in _non_final() or (len(word) == 1 and word.isupper())
    # "B." in "Susilo B. Yudhoyono", "S.H." in "Budi S.H."
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def _starts_sentence(token: Token) -> bool:
    first = token.text[0]
    return first.isupper() or first.isdigit() or first in "\"“„«'‘(["


@Language.component("warta_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Set ``token.is_sent_start`` for news prose.

    "Polisi berjaga di Jl. Sudirman No. 5. “Situasi aman. Warga tenang,” kata Kapolres."
    -> two sentences: "Polisi berjaga di Jl. Sudirman No. 5." and the whole quote with its cue.
    """
    if len(doc) == 0:
        return doc
    lead = doc._.lead if doc.has_extension("lead") else None
    lead_end = lead.end if lead is not None else -1
    starts = [False] * len(doc)
    starts[0] = True
    quote_open_at: int | None = None
    last_start = 0
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        text = tok.text
        if "\n" in text or ("\n" in tok.whitespace_):
            quote_open_at = None
            j = i + 1
            while j < n and doc[j].is_space:
                j += 1
            if j < n:
                starts[j] = True
                last_start = j
            i = j
            continue
        if text in _DOUBLE_OPEN or (text == '"' and quote_open_at is None and _opens(doc, i)):
            quote_open_at = i
        elif text in _DOUBLE_CLOSE or (text == '"' and quote_open_at is not None):
            quote_open_at = None
        if quote_open_at is not None and i - quote_open_at > _MAX_QUOTE_TOKENS:
            quote_open_at = None
        if (
            _ends_with_stop(tok)
            and not _is_abbreviation(tok, doc[i - 1] if i else None)
            and not _is_list_marker(doc, i, last_start)
        ):
            j = i + 1
            # Keep closing quotes and brackets with the sentence they close.
            while j < n and doc[j].text in _CLOSERS and doc[j - 1].whitespace_ == "":
                if doc[j].text in _DOUBLE_CLOSE or doc[j].text == '"':
                    quote_open_at = None
                j += 1
            if (
                j < n
                and quote_open_at is None
                and tok.idx >= lead_end
                and not doc[j].is_space
                and _starts_sentence(doc[j])
            ):
                starts[j] = True
                last_start = j
            i = j
            continue
        i += 1
    for token, start in zip(doc, starts, strict=True):
        token.is_sent_start = start
    return doc


def _is_list_marker(doc: Doc, i: int, sentence_start: int) -> bool:
    """A numbered or lettered list item opening a sentence: "1. Pertama, ..." or "a. Warga"."""
    text = doc[i].text
    if text == "." and i - 1 == sentence_start:
        marker = doc[i - 1].text
    elif i == sentence_start and text.endswith("."):
        marker = text[:-1]
    else:
        return False
    return (marker.isdigit() and len(marker) <= 3) or (len(marker) == 1 and marker.islower())


def _opens(doc: Doc, i: int) -> bool:
    """Whether a straight double quote at ``i`` opens a quotation (space before, word after)."""
    before_space = i == 0 or doc[i - 1].whitespace_ != "" or doc[i - 1].is_space
    after_word = i + 1 < len(doc) and doc[i].whitespace_ == ""
    return before_space and after_word
