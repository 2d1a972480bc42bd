"""``warta serve``: run the web app on uvicorn, on loopback unless told otherwise.

Input: a store path, host and port; output: a running server until interrupted. Binding to
an address outside 127.0.0.0/8 or ::1 prints a warning: the API has no authentication.

Slow clients: uvicorn closes idle keep-alive connections after ``keep_alive`` seconds but
waits for ever on a connection that sends nothing, or sends its request line and headers
byte by byte. :func:`guarded` adds a deadline for the headers of each request
(``header_seconds``): past it the connection gets 408 and is closed. A body that stalls is
the app's business (``Limits.body_seconds``, 408).

Example: ``serve("warta.duckdb", host="127.0.0.1", port=8000)`` serves http://127.0.0.1:8000/.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Any

from warta.errors import MissingExtraError


def is_loopback(host: str) -> bool:
    """Whether ``host`` names a loopback address (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


#: Seconds a client may take to send a request's line and headers.
HEADER_SECONDS = 10.0
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE_SECONDS = 5

#: Most connections (and requests in progress) at once; beyond, uvicorn answers 503.
MAX_CONNECTIONS = 512
#: Most bytes of a request line and headers.
MAX_HEAD = 64 * 1024


def _error(status: bytes, message: str) -> bytes:
    """A complete JSON error response that closes the connection."""
    body = b'{"error": "%s"}' % message.encode()
    return (
        b"HTTP/1.1 %s\r\ncontent-type: application/json\r\nconnection: close\r\n"
        b"content-length: %d\r\n\r\n%s" % (status, len(body), body)
    )


_TIMEOUT_RESPONSE = _error(b"408 Request Timeout", "request headers not received in time")
_TOO_BIG_RESPONSE = _error(
    b"431 Request Header Fields Too Large", f"request line and headers over {MAX_HEAD} bytes"
)


def guarded(header_seconds: float = HEADER_SECONDS, max_head: int = MAX_HEAD) -> type:
    """uvicorn's HTTP protocol (httptools when installed, else h11) with a deadline for
    request headers: armed when a connection opens and when data of a new request arrives,
    met when the request starts (its headers parsed); missed, the client gets 408 and the
    connection is closed. A request line and headers over ``max_head`` bytes get 431 and
    the connection closed (uvicorn would buffer them whole: 45 MB in 2.5 s over loopback).
    Example: ``uvicorn.Config(app, http=guarded(2.0))``."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    except ImportError:  # pragma: no cover - the web extra installs httptools
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class Guarded(Base):
        _timer: Any = None
        _armed_cycle: Any = None
        _head_bytes = 0
        _tail = b""

        def _arm(self) -> None:
            if self._timer is None:
                self._armed_cycle = self.cycle
                self._head_bytes, self._tail = 0, b""
                self._timer = self.loop.call_later(header_seconds, self._expired)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _expired(self) -> None:
            self._timer = None
            if self.cycle is not self._armed_cycle:  # the request started in time
                return
            if not self.transport.is_closing():
                self.transport.write(_TIMEOUT_RESPONSE)
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self.cycle is not self._armed_cycle:
                self._disarm()
            if self.cycle is None or self.cycle.response_complete:
                self._arm()  # bytes of a new request: its headers are on the clock
            if self._timer is not None:
                # count the head only: up to the blank line that ends it (maybe split across
                # reads), not a body that came in the same read
                window = self._tail + data
                end = window.find(b"\r\n\r\n")
                self._head_bytes += len(data) if end < 0 else max(0, end + 4 - len(self._tail))
                self._tail = window[-3:]
                if self._head_bytes > max_head:
                    self._disarm()
                    if not self.transport.is_closing():
                        self.transport.write(_TOO_BIG_RESPONSE)
                        self.transport.close()
                    return
            super().data_received(data)
            if self.cycle is not self._armed_cycle:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    Guarded.__name__ = Guarded.__qualname__ = f"Guarded{Base.__name__}"
    return Guarded


def server_config(
    app: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    header_seconds: float = HEADER_SECONDS,
    max_head: int = MAX_HEAD,
    keep_alive: int = KEEP_ALIVE_SECONDS,
    max_connections: int = MAX_CONNECTIONS,
    log_level: str = "warning",
) -> Any:
    """The ``uvicorn.Config`` that ``warta serve`` runs ``app`` with (tests start the same)."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded(header_seconds, max_head),
        log_level=log_level,
        access_log=False,
        # no proxy in front: X-Forwarded-* headers are not trusted (and not parsed)
        proxy_headers=False,
        timeout_keep_alive=keep_alive,
        # stalled clients hold a socket each until their deadline: cap how many
        limit_concurrency=max_connections,
        # h11 (when httptools is missing) refuses request heads over 16 KiB
        h11_max_incomplete_event_size=16 * 1024,
    )


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
    uvicorn.Server(server_config(app, host, port)).run()
