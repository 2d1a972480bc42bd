"""The ``warta serve`` application: a read-only JSON API and server-rendered pages over a store.

:func:`create_app` opens the store read-only (DuckDB ``read_only``, file-system access
disabled) and answers every request on its own cursor, interrupted when it runs past
``Limits.query_seconds``. User values reach SQL only as bound parameters (the list endpoints
call :mod:`warta.store.query`, the rest :mod:`warta.web.data`). Request bodies larger than
``Limits.max_body`` get 413, bodies that trickle in slower than ``Limits.body_seconds`` per
chunk get 408, and every error is JSON ``{"error": "..."}`` (HTML on the pages), never a
stack trace. ``POST /api/extract`` loads the pipeline once, at its first call.

Example::

    app = create_app("warta.duckdb")
    # uvicorn.run(app, host="127.0.0.1", port=8000)
    # GET /api/events?type=PROTEST&country=ID → {"columns": [...], "items": [...]}
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from warta.errors import WartaError

log = logging.getLogger("warta.web")

HERE = Path(__file__).resolve().parent
T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Bounds on what one request may cost.

    ``max_page``: most rows a list returns; ``query_seconds``: a query running longer is
    interrupted (503); ``max_body``: bytes of a request body (413 beyond);
    ``body_seconds``: longest wait for the next chunk of a body (408 beyond);
    ``max_text``: characters of text ``POST /api/extract`` accepts (413 beyond);
    ``cache_entries``: list results kept in memory (0: none).
    """

    max_page: int = 500
    query_seconds: float = 5.0
    max_body: int = 1_000_000
    body_seconds: float = 10.0
    max_text: int = 100_000
    cache_entries: int = 256


#: Below this many rows in its largest table, a store is queried without late materialization.
SMALL_TABLE_ROWS = 10_000


class QueryTimeout(WartaError):
    """A query ran past ``Limits.query_seconds`` and was interrupted."""


class _Reject(BaseException):
    """Raised from ``receive`` to abort a request; a BaseException so that no handler on the
    way (FastAPI turns any Exception while reading a body into 400) swallows it."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class BodyLimit:
    """ASGI middleware: refuse bodies over ``max_body`` bytes (413) and bodies whose next
    chunk takes longer than ``seconds`` to arrive (408), before any endpoint reads them."""

    def __init__(self, app: Any, max_body: int, seconds: float) -> None:
        self.app, self.max_body, self.seconds = app, max_body, seconds

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await _send_error(send, 400, "Content-Length is not a number")
                return
            if too_big:
                await _send_error(send, 413, f"request body over {self.max_body} bytes")
                return
        received = 0
        started = False

        async def limited() -> dict[str, Any]:
            nonlocal received
            try:
                message = await asyncio.wait_for(receive(), self.seconds)
            except TimeoutError:
                raise _Reject(408, f"request body not received within {self.seconds:g} s") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _Reject(413, f"request body over {self.max_body} bytes")
            return message

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, watched_send)
        except _Reject as exc:
            if not started:
                await _send_error(send, exc.status, str(exc))


async def _send_error(send: Any, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Reader:
    """The store opened read-only; :meth:`run` gives each call its own cursor, interrupted by
    a watchdog thread once it runs past ``seconds``.

    :meth:`cached` keeps the last ``cache_entries`` results by key: while this process holds
    the store open read-only DuckDB lets no writer in, so a result cannot go stale."""

    def __init__(
        self, path: str | os.PathLike[str], seconds: float, cache_entries: int = 256
    ) -> None:
        from warta.store.query import open_read_only

        self.path = Path(path)
        self.seconds = seconds
        self.con = open_read_only(self.path)
        # one thread per query would be wasted work: DuckDB's own pool serves them all
        self.con.execute("SET threads = 1")
        self.rows = self._largest_table()
        if self.rows < SMALL_TABLE_ROWS:
            # A page of ``LIMIT <= 50`` sorted rows is planned as a top-N over the sort keys
            # joined back to the table ("late materialization"): a fixed ~1 ms of planning
            # and a join that only pays off on big tables (measured: 2.3 vs 1.4 ms CPU on 20
            # rows, break-even near 20,000 rows, 9.6 vs 15.8 ms on 100,000).
            self.con.execute("SET GLOBAL late_materialization_max_rows = 0")
        self.cache_entries = cache_entries
        self.workers = max(2, os.cpu_count() or 2)
        self._limiter: Any = None
        self._cache: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._running: dict[int, tuple[Any, float]] = {}
        self._closed = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="warta-web-watchdog")
        self._watchdog.daemon = True
        self._watchdog.start()

    def _largest_table(self) -> int:
        """Rows (DuckDB's estimate) of the largest table the list queries sort."""
        found = self.con.execute(
            """SELECT max(estimated_size) FROM duckdb_tables()
               WHERE table_name IN ('articles', 'entities', 'events', 'quotes', 'counts',
                                    'stories')"""
        ).fetchone()
        return int(found[0] or 0) if found else 0

    def _watch(self) -> None:
        tick = min(0.05, self.seconds / 4)
        while not self._closed.wait(tick):
            now = time.monotonic()
            with self._lock:
                late = [cur for cur, deadline in self._running.values() if deadline < now]
            for cur in late:
                cur.interrupt()

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        import duckdb

        cur = self.con.cursor()
        with self._lock:
            self._running[id(cur)] = (cur, time.monotonic() + self.seconds)
        try:
            yield cur
        except duckdb.InterruptException:
            raise QueryTimeout(
                f"the query ran past {self.seconds:g} s and was stopped; narrow the filters"
            ) from None
        except duckdb.Error as exc:
            raise WartaError(f"store error: {str(exc).splitlines()[0]}") from None
        finally:
            with self._lock:
                self._running.pop(id(cur), None)
            cur.close()

    async def in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker thread, at most ``workers`` at a time: each query runs
        on one DuckDB thread, so more queries at once than cores only fight over the CPU and
        the GIL (measured: p95 at 20 clients no worse, and steadier, than with anyio's 40)."""
        import anyio.to_thread

        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.workers)
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._limiter)

    def run(self, fn: Callable[[Any], T]) -> T:
        with self.cursor() as cur:
            return fn(cur)

    def hit(self, key: Any) -> Any:
        """The cached result for ``key``, or None."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def put(self, key: Any, value: T) -> T:
        """Keep ``value`` under ``key`` (the least recently used entry goes beyond
        ``cache_entries``); returns ``value``."""
        if self.cache_entries:
            with self._lock:
                self._cache[key] = value
                self._cache.move_to_end(key)
                while len(self._cache) > self.cache_entries:
                    self._cache.popitem(last=False)
        return value

    def cached(self, key: Any, fn: Callable[[Any], T]) -> T:
        """``run(fn)``, answered from the cache when ``key`` was asked before."""
        found = self.hit(key)
        if found is not None:
            return found
        return self.put(key, self.run(fn))

    def close(self) -> None:
        self._closed.set()
        self.con.close()


class Extractor:
    """The pipeline, loaded at the first ``POST /api/extract`` and kept (or the one given)."""

    def __init__(self, pipeline: Any = None) -> None:
        self._nlp: Any = pipeline
        self._lock = threading.Lock()

    def __call__(self, text: str, **kwargs: Any) -> dict[str, Any]:
        with self._lock:
            if self._nlp is None:
                import warta

                self._nlp = warta.load()
            return dict(self._nlp.extract(text, **kwargs).to_dict())


def create_app(
    db_path: str | os.PathLike[str],
    *,
    limits: Limits | None = None,
    max_page: int | None = None,
    query_seconds: float | None = None,
    max_body: int | None = None,
    body_seconds: float | None = None,
    max_text: int | None = None,
    cache_entries: int | None = None,
    pipeline: Any = None,
) -> Any:
    """The FastAPI application serving the store at ``db_path`` read-only.

    Limits come from ``limits`` with any keyword given overriding its field. ``pipeline``, a
    loaded :class:`warta.Pipeline`, serves ``POST /api/extract`` instead of loading one at
    its first call. Raises
    :class:`WartaError` when the store cannot be opened.
    """
    import dataclasses

    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from warta import __version__
    from warta.web import api, pages

    overrides: dict[str, Any] = {
        k: v
        for k, v in dict(
            max_page=max_page,
            query_seconds=query_seconds,
            max_body=max_body,
            body_seconds=body_seconds,
            max_text=max_text,
            cache_entries=cache_entries,
        ).items()
        if v is not None
    }
    limits = dataclasses.replace(limits or Limits(), **overrides)
    reader = Reader(db_path, limits.query_seconds, limits.cache_entries)

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        yield
        reader.close()

    app = FastAPI(
        lifespan=lifespan,
        # Swagger UI and ReDoc load from a CDN: off. The schema stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
        title="warta",
        version=__version__,
        description=(
            "Read-only API over a warta store: articles, entities, events, quotes, counts and "
            "the figures sources disagree on, plus extraction of posted text (not stored). "
            f"Pages hold at most {limits.max_page} rows; errors are JSON {{'error': message}}."
        ),
    )
    app.state.reader = reader
    app.state.limits = limits
    app.state.extractor = Extractor(pipeline)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals["page_url"] = pages.page_url
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(BodyLimit, max_body=limits.max_body, seconds=limits.body_seconds)

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith(("/api", "/static", "/openapi", "/docs"))

    def error(request: Request, status: int, message: str, detail: Any = None) -> Any:
        if wants_html(request) and status != 405:
            return request.app.state.templates.TemplateResponse(
                request, "error.html", {"status": status, "message": message}, status_code=status
            )
        body: dict[str, Any] = {"error": message}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(body, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        detail = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        first = detail[0] if detail else {"where": "?", "problem": "invalid"}
        return error(request, 422, f"{first['where']}: {first['problem']}", detail)

    @app.exception_handler(QueryTimeout)
    async def slow(request: Request, exc: QueryTimeout) -> Any:
        return error(request, 503, str(exc))

    @app.exception_handler(WartaError)
    async def user_error(request: Request, exc: WartaError) -> Any:
        return error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error on %s", request.url.path)
        return error(request, 500, f"internal error ({type(exc).__name__})")

    return app
