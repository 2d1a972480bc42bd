"""Temporal expressions resolved against the publication date.

The rules live in :mod:`warta.temporal` (day/month in brackets read day first, a day name alone
as the most recent such day, relative phrases from ``lang/relative_dates.tsv``); this stage runs
them over the Doc and writes the record's ``dates``. Without a publication date only dates that
carry their own year are resolved.
"""

from __future__ import annotations

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from warta.record import Check, DateExpr
from warta.temporal import find_dates
from warta.text import overlaps_any
from warta.tokenizer import doc_text

if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=None)
if not Doc.has_extension("date_warnings"):
    Doc.set_extension("date_warnings", default=None)


def extract_dates(doc: Doc) -> tuple[list[DateExpr], list[Check]]:
    """The dates of ``doc`` and a ``weekday-mismatch`` check for each day name that does not
    fit its date."""
    text = doc_text(doc)
    # Sentence starts from the token array (1 = starts a sentence, 0 = not set): iterating
    # doc.sents or asking has_annotation costs more than all the date rules.
    rows = doc.to_array([IDX, SENT_START]).tolist() if len(doc) else []
    starts = frozenset({0, *(idx for idx, start in rows if start == 1)})
    found, mismatches = find_dates(text, doc._.published, starts)
    dates = [
        DateExpr(
            text=text[f.start : f.end],
            start=f.start,
            end=f.end,
            value=f.value,
            granularity=f.granularity,
        )
        for f in found
    ]
    warnings = [
        Check(
            kind="weekday-mismatch",
            found=text[w.start : w.end],
            suggest=w.suggest,
            start=w.start,
            end=w.end,
            message=w.message,
        )
        for w in mismatches
    ]
    return dates, warnings


@Language.component("warta_dates")
def find_date_expressions(doc: Doc) -> Doc:
    """Temporal expressions with their ISO value and granularity.

    Input: a Doc with sentences and ``doc._.published`` (ISO date or None). Output:
    ``doc._.dates`` (list of :class:`~warta.record.DateExpr`) and ``doc._.date_warnings``
    (list of :class:`~warta.record.Check` of kind ``weekday-mismatch``).

    "... kata Tokayev, Kamis (6/1). Pada Rabu malam, Pashinyan menulis ..." published
    2022-01-06 -> "Kamis (6/1)" = 2022-01-06 and "Rabu malam" = 2022-01-05, day granularity.
    """
    dates, warnings = extract_dates(doc)
    skip = doc._.boilerplate or []
    if skip:
        dates = [d for d in dates if not overlaps_any(d.start, d.end, skip)]
        warnings = [w for w in warnings if not overlaps_any(w.start, w.end, skip)]
    doc._.dates = dates
    doc._.date_warnings = warnings
    return doc
