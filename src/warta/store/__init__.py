"""The warta store: an embedded DuckDB file of article records, queries and exports.

>>> from warta.store import ingest
>>> stats = ingest(["../shared/data/news"], "warta.duckdb", workers=2)
"""

from warta.store.db import DEFAULT_DB, Store, connect
from warta.store.ingest import IngestStats, ingest

__all__ = ["DEFAULT_DB", "IngestStats", "Store", "connect", "ingest"]
