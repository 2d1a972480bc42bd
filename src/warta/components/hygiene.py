"""Text hygiene as a pipeline stage: normalised token forms for matching, offsets untouched."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from warta.text import boilerplate_spans, normalize_for_matching
from warta.tokenizer import token_table

if not Doc.has_extension("boilerplate"):
    #: Character spans of inserted lines (ad breaks, video promotions): later stages skip them.
    Doc.set_extension("boilerplate", default=None)


@Language.component("warta_hygiene")
def normalise_tokens(doc: Doc) -> Doc:
    """Give every token a matching form in ``token.norm_``; the text itself never changes.

    Input: a tokenized Doc. Output: the same Doc with ``norm_`` set where the plain lower-case
    form would not match, e.g. in ``&quot;teroris&quot; kata Kapolda`` the tokens ``&quot;``
    get the norm ``"``, and in ``“Almaty diserang”`` the curly quotes get ``"``. Also
    ``doc._.boilerplate``: the spans of lines such as ``SCROLL TO CONTINUE WITH CONTENT``.
    """
    table = token_table(doc)
    doc._.boilerplate = boilerplate_spans(table.text)
    for i, text in enumerate(table.words):
        # ASCII tokens without "&" or "`" already have spaCy's lower-case norm.
        if text.isascii() and "&" not in text and "`" not in text:
            continue
        token = doc[i]
        norm = normalize_for_matching(text)
        if norm and norm != token.norm_:
            token.norm_ = norm
    return doc
