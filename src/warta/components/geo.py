"""Offline geocoding of place entities (issue 6).

Registered now so that the pipeline has its final shape; the stage is not implemented yet and
leaves ``doc._.geo`` empty. The issue named above fills it in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: The issue that implements this stage; the record field stays empty until then.
PENDING_ISSUE = 6

if not Doc.has_extension("geo"):
    Doc.set_extension("geo", default=None)


@Language.component("warta_geo")
def geocode_places(doc: Doc) -> Doc:
    """Pending: returns ``doc`` unchanged.

    Target behaviour: "Almaty" -> 43.25 N 76.92 E, KZ, city.
    """
    return doc
