"""Text hygiene that never moves an offset.

Scraped news carries curly and straight quotes, non-breaking spaces, HTML entities
("&quot;teroris&quot;") and compatibility characters. warta never rewrites the article text
(every offset in the record points into the original); instead each token gets a normalised
form for matching (``Token.norm_``), built by :func:`normalize_for_matching`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

#: Quotation marks as they appear in Indonesian news, mapped to the ASCII quote they stand for.
#: Curly quotes come from word processors, the low-9 and guillemet forms from copied foreign
#: text, doubled apostrophes and backticks from old web pages.
QUOTE_MAP = {
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u2033": '"',  # ″ (double prime, often typed for a quote)
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2032": "'",  # ′
    "`": "'",
}
OPENING_QUOTES = frozenset('"\u201c\u201e\u201f\u00ab\u2018\u201a\u201b')
CLOSING_QUOTES = frozenset('"\u201d\u00bb\u2019')
DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033')

_QUOTE_TABLE = str.maketrans(QUOTE_MAP)
#: An HTML character reference: named (&quot;), decimal (&#8220;) or hex (&#x201C;).
HTML_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
_HTML_ENTITY_RE = re.compile(HTML_ENTITY)
_SPACE_RE = re.compile(r"\s+")


def normalize_for_matching(text: str) -> str:
    """The form of ``text`` used to compare strings, never to locate them.

    HTML entities are decoded, Unicode is NFKC-normalised (so a non-breaking space becomes a
    space and "ﬁ" becomes "fi"), quotes become ASCII quotes, runs of whitespace one space, and
    the result is casefolded.

    >>> normalize_for_matching("&quot;Teroris&quot;\u00a0“Kata”")
    '"teroris" "kata"'
    """
    if "&" in text:
        text = _HTML_ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_TABLE)
    return _SPACE_RE.sub(" ", text).strip().casefold()


def clean_whitespace(text: str) -> str:
    """Collapse any run of Unicode whitespace (including NBSP) to one ASCII space."""
    return _SPACE_RE.sub(" ", text).strip()


@cache
def _boilerplate_rules() -> tuple[frozenset[str], tuple[str, ...]]:
    from warta.lang import read_table

    lines = frozenset(
        " ".join(t.split()).casefold() for k, t, *_ in read_table("boilerplate.tsv") if k == "line"
    )
    prefixes = tuple(t.casefold() for k, t, *_ in read_table("boilerplate.tsv") if k == "prefix")
    return lines, prefixes


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that a news site inserted into the body (``lang/boilerplate.tsv``).

    Input: an article text. Output: ``(start, end)`` of each such line, without its newline;
    e.g. in ``"... Senin (20/10/2025).\nSCROLL TO CONTINUE WITH CONTENT\n\nKemudian ..."``
    the middle line, which the NER would otherwise read as a place "CONTENT".
    """
    lines, prefixes = _boilerplate_rules()
    spans: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        line = " ".join(m.group().split()).casefold()
        if not line:
            continue
        if line in lines or any(
            line.startswith(p) and (len(line) == len(p) or line[len(p)] in _AFTER_PREFIX)
            for p in prefixes
        ):
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            spans.append((start, m.start() + len(m.group().rstrip())))
    return spans


_LINE = re.compile(r"[^\n]+")
#: What may follow a boilerplate prefix: "Simak Video 'X'", "Baca juga: X", 'Tonton juga video "X"'.
_AFTER_PREFIX = frozenset(" :'\"‘’“”")


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (few spans: a linear scan is enough)."""
    return any(start < b and a < end for a, b in spans)


def within_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` lies inside one of ``spans``."""
    return any(a <= start and end <= b for a, b in spans)
