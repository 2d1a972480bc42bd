"""PLOVER events with actor, target, place, date and mode (issue 5).

Registered now so that the pipeline has its final shape; the stage is not implemented yet and
leaves ``doc._.events`` empty. The issue named above fills it in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: The issue that implements this stage; the record field stays empty until then.
PENDING_ISSUE = 5

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


@Language.component("warta_events")
def find_events(doc: Doc) -> Doc:
    """Pending: returns ``doc`` unchanged.

    Target behaviour: "Tokayev meminta bantuan kepada blok tersebut"
    -> REQUEST (Tokayev -> the bloc).
    """
    return doc
