"""``warta serve``: a read-only web API and offline pages over a warta store (docs/web.md).

Example: ``create_app("warta.duckdb")`` returns the FastAPI app that ``warta serve`` runs.
"""

from warta.web.app import Limits, create_app

__all__ = ["Limits", "create_app"]
