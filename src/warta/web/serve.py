"""``warta serve``: run the web app on uvicorn, on loopback unless told otherwise.

Input: a store path, host and port; output: a running server until interrupted. Binding to
an address outside 127.0.0.0/8 or ::1 prints a warning: the API has no authentication.

Example: ``serve("warta.duckdb", host="127.0.0.1", port=8000)`` serves http://127.0.0.1:8000/.
"""

from __future__ import annotations

import ipaddress
import os
import sys

from warta.errors import MissingExtraError


def is_loopback(host: str) -> bool:
    """Whether ``host`` names a loopback address (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8000) -> None:
    """Open the store read-only and serve it until Ctrl-C."""
    try:
        import uvicorn

        from warta.web.app import create_app
    except ImportError as exc:
        raise MissingExtraError("warta serve", exc.name or "fastapi", "web") from None
    app = create_app(db)
    if not is_loopback(host):
        print(
            f"warta serve: warning: listening on {host}, reachable from other machines; "
            "the API has no authentication (default is 127.0.0.1)",
            file=sys.stderr,
        )
    print(f"warta serve: http://{host}:{port}/ (store {db}, read-only)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=5)
