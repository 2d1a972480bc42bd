"""Editorial findings: what in an article is probably wrong.

For now this stage gathers what other stages noticed on the way: misspelt number and
casualty words read by ``warta_counts`` ("delaapan" -> "delapan", "lika-luka" ->
"luka-luka") and weekdays that do not match their date, from ``warta_dates`` ("Kamis (7/1)"
when 7 January is a Friday). Spelling against a word list, name variants and conflicting
figures are issue 10.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from warta.record import Check

if not Doc.has_extension("checks"):
    Doc.set_extension("checks", default=None)

#: Extensions of other stages that hold :class:`~warta.record.Check` findings.
FINDING_SOURCES = ("count_typos", "date_warnings")


@Language.component("warta_checks")
def find_checks(doc: Doc) -> Doc:
    """Collect the findings of earlier stages into ``doc._.checks``, in text order.

    "Akibatnya delaapan orang tewas dan 317 lika-luka." -> spelling "delaapan" -> "delapan"
    and "lika-luka" -> "luka-luka".
    """
    found: list[Check] = []
    seen: set[tuple[int, int, str]] = set()
    for name in FINDING_SOURCES:
        if not Doc.has_extension(name):
            continue
        for check in getattr(doc._, name) or []:
            key = (check.start, check.end, check.kind)
            if key not in seen:
                seen.add(key)
                found.append(check)
    doc._.checks = sorted(found, key=lambda c: (c.start, c.end))
    return doc
