"""Named entities resolved into people, organisations and places, with aliases (issue 3).

Registered now so that the pipeline has its final shape; the stage is not implemented yet and
leaves ``doc._.entities`` empty. The issue named above fills it in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: The issue that implements this stage; the record field stays empty until then.
PENDING_ISSUE = 3

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)


@Language.component("warta_names")
def find_entities(doc: Doc) -> Doc:
    """Pending: returns ``doc`` unchanged.

    Target behaviour: "Presiden Kazakhstan Kassym-Jomart Tokayeva" ... "Tokayev"
    -> one PER entity with both mentions.
    """
    return doc
