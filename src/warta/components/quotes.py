"""Direct and indirect quotations with their speakers (issue 4).

Registered now so that the pipeline has its final shape; the stage is not implemented yet and
leaves ``doc._.quotes`` empty. The issue named above fills it in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: The issue that implements this stage; the record field stays empty until then.
PENDING_ISSUE = 4

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.component("warta_quotes")
def find_quotes(doc: Doc) -> Doc:
    """Pending: returns ``doc`` unchanged.

    Target behaviour: "“Almaty diserang ...,” kata Tokayev" -> a direct quote spoken by Tokayev.
    """
    return doc
