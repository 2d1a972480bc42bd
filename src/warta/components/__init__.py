"""warta's pipeline stages, each a spaCy component registered by name.

Importing this package registers them all with spaCy's registry, so a config or
``nlp.add_pipe("warta_metadata")`` can name them. Each module has one job and writes its
results onto the ``Doc`` (``doc._.<name>``); only :mod:`warta.assemble` turns a Doc into the
article record.
"""

from warta.components import (
    checks,
    counts,
    dates,
    events,
    geo,
    hygiene,
    language,
    metadata,
    names,
    quotes,
    sentences,
)

__all__ = [
    "checks",
    "counts",
    "dates",
    "events",
    "geo",
    "hygiene",
    "language",
    "metadata",
    "names",
    "quotes",
    "sentences",
]
