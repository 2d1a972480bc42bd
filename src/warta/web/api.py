"""The JSON API of ``warta serve`` (OpenAPI schema at ``/openapi.json``).

List endpoints take the filters of the query commands (``warta events --type PROTEST
--country ID --since 2025-10-01`` is ``GET /api/events?type=PROTEST&country=ID&since=2025-10-01``)
and answer ``{"columns": [...], "items": [{column: value}], "limit": n}``; ``/api/articles``
also pages (``offset``) and reports ``total``. Input: query parameters; output: JSON.

Example: ``GET /api/quotes?entity=purbaya&limit=5`` → the five latest quotes whose speaker's
name contains "purbaya".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from warta.store import query
from warta.store.query import Filters
from warta.web import data

router = APIRouter(prefix="/api", tags=["api"])

Text = Annotated[str | None, Query(max_length=200)]
Code = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]
Kind = Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,40}$")]


class Page(BaseModel):
    """A page of rows: the column names, one object per row and the limit applied."""

    columns: list[str]
    items: list[dict[str, Any]]
    limit: int


def make_filters(
    request: Request,
    *,
    type: str | None = None,
    actor: str | None = None,
    entity: str | None = None,
    country: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: str | None = None,
    search: str | None = None,
    limit: int = 50,
    duplicates: bool = False,
) -> Filters:
    """:class:`Filters` from validated values, ``limit`` held to the app's page limit (422
    beyond it)."""
    most = request.app.state.limits.max_page
    if limit > most:
        raise HTTPException(422, f"limit: at most {most} rows per page")
    return Filters(
        type=type,
        actor=actor,
        entity=entity,
        country=country,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        source=source,
        search=search,
        limit=limit,
        duplicates=duplicates,
    )


async def filters(
    request: Request,
    type: Kind = None,
    actor: Text = None,
    entity: Text = None,
    country: Code = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: Text = None,
    search: Text = None,
    limit: Annotated[int, Query(ge=1, description="rows per page (at most max_page)")] = 50,
    duplicates: bool = False,
) -> Filters:
    """The shared filters of the list endpoints (a dependency; async: it never blocks)."""
    return make_filters(
        request,
        type=type,
        actor=actor,
        entity=entity,
        country=country,
        since=since,
        until=until,
        source=source,
        search=search,
        limit=limit,
        duplicates=duplicates,
    )


Filtered = Annotated[Filters, Depends(filters)]


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


async def _page(request: Request, fn: Any, f: Filters, **kwargs: Any) -> Response:
    """The rows of ``fn(con, f, **kwargs)`` as a :class:`Page`, serialised once and cached
    (the store cannot change while it is served); a cache miss queries in a worker thread."""
    key = (fn.__name__, tuple(sorted(vars(f).items())), tuple(sorted(kwargs.items())))
    reader = request.app.state.reader

    def build(con: Any) -> bytes:
        columns, rows = fn(con, f, **kwargs)
        items = [dict(zip(columns, row, strict=True)) for row in rows]
        page = {"columns": columns, "items": items, "limit": f.limit or 0}
        return json.dumps(page, default=_default, ensure_ascii=False).encode()

    body = reader.hit(key)
    if body is None:
        body = await run_in_threadpool(reader.cached, key, build)
    return Response(body, media_type="application/json")


class ArticlePage(BaseModel):
    """One page of articles and how many match in all."""

    total: int
    offset: int
    limit: int
    items: list[dict[str, Any]]


@router.get("/articles", response_model=ArticlePage)
def list_articles(
    request: Request,
    f: Filtered,
    q: Text = None,
    title: Text = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ArticlePage:
    """Search stored articles: ``q`` (or ``search``) in the text, ``title``, ``source``,
    ``since``/``until`` on the publication date; newest first, ``offset`` pages."""
    if q:
        f.search = q
    total, items = request.app.state.reader.run(
        lambda con: data.articles(con, f, offset=offset, title=title)
    )
    return ArticlePage(total=total, offset=offset, limit=f.limit or 0, items=items)


@router.get("/articles/{ident}")
def get_article(request: Request, ident: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One article by content hash or record id: metadata plus the full record."""
    found = request.app.state.reader.run(lambda con: data.article(con, ident))
    if found is None:
        raise HTTPException(404, f"no article {ident!r} in the store")
    return found


@router.get("/entities", response_model=Page)
async def list_entities(request: Request, f: Filtered) -> Response:
    """Entities merged across articles (``type`` PER/ORG/LOC/…, ``entity`` a name substring,
    ``country``), with article and mention counts; ``key`` opens ``/api/entities/{key}``."""
    return await _page(request, query.entities, f)


@router.get("/entities/{key:path}")
def get_entity(
    request: Request,
    key: str,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """One entity by key (``PER:joko widodo``): names, mentions per day, roles, quotes, and
    events where it is actor, target or place."""
    if len(key) > 300:
        raise HTTPException(422, "key: at most 300 characters")
    found = request.app.state.reader.run(lambda con: data.entity(con, key, limit=limit))
    if found is None:
        raise HTTPException(404, f"no entity {key!r} in the store")
    return found


@router.get("/events", response_model=Page)
async def list_events(request: Request, f: Filtered, by_article: bool = False) -> Response:
    """Events as ``warta events``: one row per story with its number of sources, or with
    ``by_article`` each source's row; filters ``type``, ``actor``, ``entity``, ``country``,
    ``since``, ``until``, ``source``, ``search``, ``duplicates``."""
    return await _page(request, query.events, f, by_article=by_article)


@router.get("/quotes", response_model=Page)
async def list_quotes(request: Request, f: Filtered) -> Response:
    """Quotations with speakers (``entity``/``actor`` match the speaker; ``type`` the kind)."""
    return await _page(request, query.quotes, f)


@router.get("/counts", response_model=Page)
async def list_counts(request: Request, f: Filtered) -> Response:
    """Numeric facts (``type`` KILLED, INJURED, …; ``entity`` matches who or the text)."""
    return await _page(request, query.counts, f)


@router.get("/conflicts", response_model=Page)
async def list_conflicts(request: Request, f: Filtered) -> Response:
    """Figures that disagree across the sources of one story (``type`` the count kind)."""
    return await _page(request, query.conflicts, f)


@router.get("/timeline")
def get_timeline(request: Request, f: Filtered) -> list[dict[str, Any]]:
    """Events per day and type (the data of the timeline page)."""
    return request.app.state.reader.run(lambda con: data.timeline(con, f))


@router.get("/places")
def get_places(request: Request, f: Filtered) -> list[dict[str, Any]]:
    """Event places with coordinates and event counts (the data of the map page)."""
    return request.app.state.reader.run(lambda con: data.places(con, f))


class ExtractRequest(BaseModel):
    """Text to extract, with optional publication date (anchors relative dates) and title."""

    text: str = Field(min_length=1)
    published: dt.date | None = None
    title: str | None = Field(default=None, max_length=1000)
    source_url: str | None = Field(default=None, max_length=2000)


@router.post("/extract")
def extract(request: Request, body: Annotated[ExtractRequest, Body()]) -> dict[str, Any]:
    """The record of the posted text (not stored). The pipeline loads at the first call."""
    most = request.app.state.limits.max_text
    if len(body.text) > most:
        raise HTTPException(413, f"text over {most} characters")
    return request.app.state.extractor(
        body.text,
        published=body.published.isoformat() if body.published else None,
        title=body.title,
        source_url=body.source_url,
    )
