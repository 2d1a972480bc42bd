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
