"""Editorial findings

Registered now so that the pipeline has its final shape; the stage is not implemented yet and
leaves ``doc._.checks`` empty. The issue named above fills it in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: The issue that implements this stage; the record field stays empty until then.
PENDING_ISSUE = 10

if not Doc.has_extension("checks"):
    Doc.set_extension("checks", default=None)


@Language.component("warta_checks")
def find_checks(doc: Doc) -> Doc:
    """Pending: returns ``doc`` unchanged.

    Target behaviour:  spelling slips, name variants, conflicting figures (issue 10).
    """
    return doc
