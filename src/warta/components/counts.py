"""Numeric facts with their kind and counted noun phrase (issue 4).

Registered now so that the pipeline has its final shape; the stage is not implemented yet and
leaves ``doc._.counts`` empty. The issue named above fills it in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: The issue that implements this stage; the record field stays empty until then.
PENDING_ISSUE = 4

if not Doc.has_extension("counts"):
    Doc.set_extension("counts", default=None)


@Language.component("warta_counts")
def find_counts(doc: Doc) -> Doc:
    """Pending: returns ``doc`` unchanged.

    Target behaviour: "Akibatnya delapan orang tewas dan 317 luka-luka"
    -> KILLED 8 (orang), INJURED 317.
    """
    return doc
