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


def pending_stages() -> dict[str, int]:
    """Registered stages that are not implemented yet, with the issue that will implement them."""
    modules = {
        "warta_names": names,
        "warta_counts": counts,
        "warta_quotes": quotes,
        "warta_dates": dates,
        "warta_events": events,
        "warta_geo": geo,
        "warta_checks": checks,
    }
    return {
        name: module.PENDING_ISSUE
        for name, module in modules.items()
        if getattr(module, "PENDING_ISSUE", None) is not None
    }


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
    "pending_stages",
    "quotes",
    "sentences",
]
