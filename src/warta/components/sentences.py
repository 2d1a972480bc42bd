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

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from warta.tokenizer import abbreviations, token_table

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


def _ends_with_stop(text: str) -> bool:
    return text in _ENDERS or (len(text) > 1 and text[-1] in ".!?…" and not text.isalpha())


def _is_abbreviation(text: str, prev: str | None, prev_ws: str) -> bool:
    if text in _non_final():
        return True
    if text == "." and prev is not None and prev_ws == "":
        return prev in _non_final() or (len(prev) == 1 and prev.isupper())
    # "B." in "Susilo B. Yudhoyono"
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"“„«'‘(["


def _is_list_marker(words: list[str], i: int, sentence_start: int) -> bool:
    """A numbered or lettered list item opening a sentence: "1. Pertama, ..." or "a. Warga"."""
    text = words[i]
    if text == "." and i - 1 == sentence_start:
        marker = words[i - 1]
    elif i == sentence_start and text.endswith("."):
        marker = text[:-1]
    else:
        return False
    return (marker.isdigit() and len(marker) <= 3) or (len(marker) == 1 and marker.islower())


@Language.component("warta_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Set ``token.is_sent_start`` for news prose.

    "Polisi berjaga di Jl. Sudirman No. 5. “Situasi aman. Warga tenang,” kata Kapolres."
    -> two sentences: "Polisi berjaga di Jl. Sudirman No. 5." and the whole quote with its cue.
    """
    n = len(doc)
    if n == 0:
        return doc
    lead = doc._.lead
    lead_end = lead.end if lead is not None else -1
    # The token strings as plain Python lists (read once per Doc and shared with the other
    # stages); the rules below never touch a Token.
    table = token_table(doc)
    words, spaces, offsets = table.words, table.spaces, table.starts
    blank = [w.isspace() for w in words]
    # spaCy stores SENT_START as uint64: -1 ("not a start") is its two's complement.
    starts = numpy.full(n, numpy.uint64(2**64 - 1), dtype="uint64")
    starts[0] = 1
    quote_open_at: int | None = None
    last_start = 0
    i = 0
    while i < n:
        text = words[i]
        if "\n" in text or "\n" in spaces[i]:
            quote_open_at = None
            j = i + 1
            while j < n and blank[j]:
                j += 1
            if j < n:
                starts[j] = 1
                last_start = j
            i = j
            continue
        if text in _DOUBLE_OPEN or (
            text == '"' and quote_open_at is None and _opens(words, spaces, blank, i)
        ):
            quote_open_at = i
        elif text in _DOUBLE_CLOSE or (text == '"' and quote_open_at is not None):
            quote_open_at = None
        if quote_open_at is not None and i - quote_open_at > _MAX_QUOTE_TOKENS:
            quote_open_at = None
        if (
            _ends_with_stop(text)
            and not _is_abbreviation(text, words[i - 1] if i else None, spaces[i - 1] if i else " ")
            and not _is_list_marker(words, i, last_start)
        ):
            j = i + 1
            # Keep closing quotes and brackets with the sentence they close.
            while j < n and words[j] in _CLOSERS and spaces[j - 1] == "":
                if words[j] in _DOUBLE_CLOSE or words[j] == '"':
                    quote_open_at = None
                j += 1
            if (
                j < n
                and quote_open_at is None
                and offsets[i] >= lead_end
                and not blank[j]
                and _starts_sentence(words[j])
            ):
                starts[j] = 1
                last_start = j
            i = j
            continue
        i += 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))  # type: ignore[arg-type]
    return doc


def _opens(words: list[str], spaces: list[str], blank: list[bool], i: int) -> bool:
    """Whether a straight double quote at ``i`` opens a quotation (space before, word after)."""
    before_space = i == 0 or spaces[i - 1] != "" or blank[i - 1]
    after_word = i + 1 < len(words) and spaces[i] == ""
    return before_space and after_word
