"""The outlet and dateline written at the start of an Indonesian news article.

Indonesian outlets open their articles with a house-style lead naming the outlet and the city
the story was filed from. The shapes, with the outlets that use them:

=======================================  ================================================
``OUTLET, CITY SEP``                     Bisnis.com, JAKARTA-- · Liputan6.com, Jakarta -
                                         TEMPO.CO, Jakarta - · REPUBLIKA.CO.ID, JAKARTA --
``CITY, OUTLET SEP``                     JAKARTA, KOMPAS.com - · Jakarta, CNN Indonesia --
                                         Jakarta, IDN Times - · JAKARTA, KOMPAS —
``CITY (OUTLET) SEP``                    Jakarta (ANTARA) - · Surabaya (ANTARA) -
``OUTLET SEP CITY.``                     KONTAN.CO.ID - JAKARTA.
``OUTLET SEP``                           Suara.com - · Merdeka.com - · VIVA –
``CITY SEP``                             JAKARTA - (Okezone, SINDOnews) · Jakarta - (detik)
=======================================  ================================================

SEP is a hyphen, double hyphen, en dash or em dash, with or without spaces. An OUTLET is a
web name ("Tribunjateng.com", "REPUBLIKA.CO.ID") or a name listed in ``lang/outlets.tsv``
("CNN Indonesia", "ANTARA"). Where no outlet is written, a bare ``CITY -`` counts only for
places listed in ``lang/dateline_places.txt``: a lead such as "Budi - yang dikenal ..." must
not invent a dateline. Nothing is guessed: an article without a lead gets no source or dateline
from the text (the caller's URL may still name the source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.tokens import Doc

from warta.lang import read_list, read_table
from warta.text import clean_whitespace
from warta.tokenizer import doc_text

if not Doc.has_extension("source"):
    Doc.set_extension("source", default=None)
    Doc.set_extension("dateline", default=None)
    Doc.set_extension("lead", default=None)
    Doc.set_extension("published", default=None)
    Doc.set_extension("url", default=None)
    Doc.set_extension("title", default=None)

#: The lead is searched for only at the very start (after a "Laporan wartawan" byline line).
_LEAD_WINDOW = 160

_WS = r"[ \t\u00a0\u2009\u202f]"
#: Separator between the lead and the body: a dash with optional space around it.
_SEP = rf"{_WS}*(?:-{{1,3}}|[\u2012\u2013\u2014\u2015]{{1,2}}){_WS}*"
#: A web name as outlets print it: "Bisnis.com", "REPUBLIKA.CO.ID", "Pikiran-Rakyat.com".
_WEB_OUTLET = r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:\.(?i:com|co|id|net|org|tv|news))+\b"
#: A place as written in a dateline: one to four capitalised words ("BANDA ACEH", "Den Haag").
_CITY = r"[A-Z][A-Za-z'’]+(?:-[A-Z][A-Za-z]+)?(?:" + _WS + r"[A-Z][A-Za-z'’]+){0,3}"
#: A byline line Tribun and others put before the lead: "Laporan Wartawan Tribunnews.com, Nama".
_BYLINE = re.compile(r"\s*(?:Laporan|Reporter|Penulis)\b[^\n]{0,120}\n+", re.IGNORECASE)


@dataclass(frozen=True)
class Lead:
    """An outlet/dateline lead found at the start of an article."""

    source: str | None
    dateline: str | None
    start: int
    end: int


@cache
def _outlet_names() -> tuple[str, ...]:
    # Longest first, so "CNN Indonesia" wins over a shorter name that is its prefix.
    return tuple(sorted({row[0] for row in read_table("outlets.tsv")}, key=len, reverse=True))


@cache
def _outlet_domains() -> dict[str, str]:
    """Web domain -> outlet name, for naming the source from a URL."""
    domains: dict[str, str] = {}
    for row in read_table("outlets.tsv"):
        if len(row) > 1 and row[1]:
            domains.setdefault(row[1].lower(), row[0])
    return domains


@cache
def _places() -> frozenset[str]:
    return frozenset(p.casefold() for p in read_list("dateline_places.txt"))


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    names = "|".join(re.escape(n) for n in _outlet_names())
    outlet = rf"(?:{_WEB_OUTLET}|(?i:{names})(?![A-Za-z0-9]))"
    city = rf"(?P<city>{_CITY})"
    src = rf"(?P<source>{outlet})"
    # A date sometimes follows the city in wire leads: "Jakarta, 6/1 (ANTARA) -".
    date = rf"(?:,{_WS}*[0-9]{{1,2}}/[0-9]{{1,2}}(?:/[0-9]{{2,4}})?{_WS}*)?"
    months = "|".join(re.escape(row[0]) for row in read_table("months.tsv"))
    # Press releases: "Jakarta, 6 Januari 2025 -".
    long_date = rf"[0-9]{{1,2}}{_WS}+(?:{months})\.?{_WS}+[0-9]{{4}}"
    return (
        ("outlet-city", re.compile(rf"{src}{_WS}*,{_WS}*{city}{_SEP}(?=\S)")),
        ("city-outlet", re.compile(rf"{city}{_WS}*,{_WS}*{src}{_SEP}(?=\S)")),
        (
            "city-(outlet)",
            re.compile(
                rf"{city}{date}{_WS}*\({_WS}*(?P<source>{outlet}|[A-Z]{{3,}}){_WS}*\){_SEP}"
            ),
        ),
        ("city-date", re.compile(rf"{city}{_WS}*,{_WS}*{long_date}{_SEP}(?=\S)")),
        ("outlet-sep-city", re.compile(rf"{src}{_SEP}{city}{_WS}*[.:]{_WS}+(?=\S)")),
        ("outlet", re.compile(rf"{src}{_SEP}(?=\S)")),
        # Bare "CITY -": the dash must be followed by a space so that "Jakarta-Bandung" or a
        # tight "Jakarta–Bandung" route is never read as a dateline.
        ("city", re.compile(rf"{city}{_WS}*(?:-{{1,3}}|[\u2012\u2013\u2014\u2015]{{1,2}}){_WS}+")),
    )


def find_lead(text: str) -> Lead | None:
    """The outlet/dateline lead at the start of ``text``, or None when there is none.

    >>> find_lead("Bisnis.com, JAKARTA--Para pemimpin aliansi ...")
    Lead(source='Bisnis.com', dateline='JAKARTA', start=0, end=21)
    >>> find_lead("Jakarta kembali dilanda banjir pada Senin pagi.") is None
    True
    """
    offset = len(text) - len(text.lstrip())
    byline = _BYLINE.match(text, offset)
    if byline and byline.end() < _LEAD_WINDOW:
        offset = byline.end()
    window = text[: offset + _LEAD_WINDOW]
    for shape, pattern in _patterns():
        m = pattern.match(window, offset)
        if not m:
            continue
        groups = m.groupdict()
        city = clean_whitespace(groups["city"]) if groups.get("city") else None
        source = clean_whitespace(groups["source"]) if groups.get("source") else None
        if shape == "city" and (city is None or city.casefold() not in _places()):
            continue
        if city and _looks_like_outlet(city):
            continue
        return Lead(source=source, dateline=city, start=m.start(), end=m.end())
    return None


def _looks_like_outlet(city: str) -> bool:
    folded = city.casefold()
    return any(folded == name.casefold() for name in _outlet_names())


def source_from_url(url: str | None) -> str | None:
    """The outlet named by an article URL: a known outlet's name, else the site's domain.

    >>> source_from_url("https://news.detik.com/berita/d-123/judul")
    'detikNews'
    """
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    if not host:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    domains = _outlet_domains()
    parts = host.split(".")
    # Try the full host first ("news.detik.com"), then its parents ("detik.com").
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in domains:
            return domains[candidate]
    return host


@Language.component("warta_metadata")
def read_metadata(doc: Doc) -> Doc:
    """Find the outlet and dateline lead; fall back to the URL for the source.

    "Bisnis.com, JAKARTA--Para pemimpin aliansi ..." -> source "Bisnis.com", dateline
    "JAKARTA", lead = characters 0..21. "Jakarta kembali dilanda banjir ..." -> nothing.
    """
    lead = find_lead(doc_text(doc))
    if lead is not None:
        doc._.source, doc._.dateline, doc._.lead = lead.source, lead.dateline, lead
    if doc._.source is None:
        doc._.source = source_from_url(doc._.url)
    return doc
