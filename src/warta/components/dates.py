"""Temporal expressions resolved against the publication date (issue 4).

Registered now so that the pipeline has its final shape; the stage is not implemented yet and
leaves ``doc._.dates`` empty. The issue named above fills it in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: The issue that implements this stage; the record field stays empty until then.
PENDING_ISSUE = 4

if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=None)


@Language.component("warta_dates")
def find_dates(doc: Doc) -> Doc:
    """Pending: returns ``doc`` unchanged.

    Target behaviour: "Kamis (6/1)" published 2022-01-06 -> 2022-01-06, day granularity.
    """
    return doc
