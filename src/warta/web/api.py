"""The JSON API of ``warta serve`` (OpenAPI schema at ``/openapi.json``).

List endpoints take the filters of the query commands (``warta events --type PROTEST
--country ID --since 2025-10-01`` is ``GET /api/events?type=PROTEST&country=ID&since=2025-10-01``)
and page with ``limit`` (at most the app's ``max_page``) and ``offset``. Every list answers the
same envelope::

    {"columns": [...], "items": [{column: value}], "total": N, "limit": L, "offset": O,
     "next": "/api/events?type=PROTEST&limit=50&offset=50"}   # null on the last page

Input: query parameters; output: JSON. Example: ``GET /api/quotes?entity=purbaya&limit=5`` →
the five latest quotes whose speaker's name contains "purbaya", and how many there are.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from warta.store import query
from warta.store.query import Filters, Result
from warta.web import data

router = APIRouter(prefix="/api", tags=["api"])

Text = Annotated[str | None, Query(max_length=200)]
Code = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]
Kind = Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,40}$")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")]
Limit = Annotated[int, Query(ge=1, description="rows per page (at most max_page)")]
Key = Annotated[str, Path(max_length=300, description="entity key, e.g. PER:joko widodo")]

#: The filters a ``next`` link repeats, in this order.
FILTER_FIELDS = ("type", "actor", "entity", "country", "since", "until", "source", "search")


class Page(BaseModel):
    """One page of a list: the column names, one object per row, how many rows there are in
    all, the limit and offset applied, and the URL of the next page (null on the last)."""

    columns: list[str]
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next: str | None


class EntityPage(BaseModel):
    """One entity: its most frequent name, type and country, article and mention counts,
    name variants, mean coordinates, roles, and the first page of each of its lists."""

    key: str
    name: str | None
    type: str | None
    country: str | None
    articles: int
    mentions: int | None
    variants: str | None
    lat: float | None
    lon: float | None
    roles: list[dict[str, Any]]
    over_time: Page
    quotes: Page
    as_actor: Page
    as_target: Page
    as_place: Page


@dataclass(frozen=True)
class Listing:
    """A paged list: ``rows(con, f, **kwargs)`` gives one page as ``(columns, rows)``,
    ``total(con, f, **kwargs)`` the number of rows over all pages."""

    rows: Callable[..., Result]
    total: Callable[..., int]


def _store_total(name: str) -> Callable[..., int]:
    def count(con: Any, f: Filters, **kwargs: Any) -> int:
        return query.total(con, name, f, **kwargs)

    return count


LISTINGS: dict[str, Listing] = {
    "articles": Listing(data.articles, data.articles_total),
    "entity": Listing(data.entity_part, data.entity_part_total),
    "timeline": Listing(data.timeline, data.timeline_total),
    "places": Listing(data.places, data.places_total),
    **{
        name: Listing(getattr(query, name), _store_total(name))
        for name in ("events", "entities", "quotes", "counts", "conflicts")
    },
}


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
    offset: int = 0,
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
        offset=offset,
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
    limit: Limit = 50,
    offset: Offset = 0,
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
        offset=offset,
        duplicates=duplicates,
    )


async def paging(request: Request, limit: Limit = 50, offset: Offset = 0) -> Filters:
    """Only ``limit`` and ``offset`` (the lists of one entity)."""
    return make_filters(request, limit=limit, offset=offset)


Filtered = Annotated[Filters, Depends(filters)]
Paged = Annotated[Filters, Depends(paging)]


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def to_json(value: Any) -> bytes:
    """``value`` as UTF-8 JSON: orjson when installed (the ``web`` extra; a tenth of the
    server's CPU per uncached page went to the standard encoder), else :mod:`json`; dates as
    ISO strings either way. Example: ``to_json({"day": date(2025, 10, 21)})`` is
    ``b'{"day":"2025-10-21"}'``."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - the web extra installs orjson
        return json.dumps(value, default=_default, ensure_ascii=False).encode()
    try:
        return bytes(orjson.dumps(value, default=_default))
    except (TypeError, orjson.JSONEncodeError):
        # e.g. an integer beyond 64 bits: the standard encoder takes it
        return json.dumps(value, default=_default, ensure_ascii=False).encode()


def _text(value: Any) -> str:
    return "true" if value is True else str(value)


def filters_key(f: Filters) -> tuple[tuple[str, Any], ...]:
    """``f`` as a hashable cache key."""
    return tuple(sorted(vars(f).items()))


def _link(path: str, f: Filters, link: dict[str, Any], offset: int) -> str:
    """The URL of the page of ``path`` at ``offset``, repeating ``f``'s filters and ``link``
    (normalised: the same for every request that maps to the same cached answer)."""
    pairs = [(k, _text(getattr(f, k))) for k in FILTER_FIELDS if getattr(f, k)]
    if f.duplicates:
        pairs.append(("duplicates", "true"))
    pairs += [(k, _text(v)) for k, v in sorted(link.items()) if v not in (None, False, "")]
    pairs += [("limit", str(f.limit)), ("offset", str(offset))]
    return urllib.parse.quote(path) + "?" + urllib.parse.urlencode(pairs)


def page_of(
    reader: Any,
    con: Any,
    name: str,
    f: Filters,
    *,
    path: str,
    link: dict[str, Any] | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """One page of list ``name`` as the envelope (:class:`Page`), on connection ``con``.

    The total needs no second query when the page shows the end of the list; otherwise it
    is counted once per filter set and kept in ``reader``'s cache (pages of one list share
    it)."""
    listing = LISTINGS[name]
    columns, rows = listing.rows(con, f, **kwargs)
    limit, offset = f.limit or 0, f.offset
    if (rows and (not limit or len(rows) < limit)) or (not offset and not rows):
        total = offset + len(rows)
    else:
        whole = filters_key(replace(f, limit=None, offset=0))
        key = ("total", name, whole, tuple(sorted(kwargs.items())))
        total = reader.hit(key)
        if total is None:
            total = reader.put(key, listing.total(con, f, **kwargs))
    more = bool(limit) and offset + limit < total
    return {
        "columns": columns,
        "items": [dict(zip(columns, row, strict=True)) for row in rows],
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": _link(path, f, kwargs if link is None else link, offset + limit) if more else None,
    }


async def _page(
    request: Request, name: str, f: Filters, link: dict[str, Any] | None = None, **kwargs: Any
) -> Response:
    """:func:`page_of` serialised once and cached (the store cannot change while it is
    served); a cache miss queries in a worker thread."""
    path = request.url.path
    key = ("page", path, name, filters_key(f), tuple(sorted(kwargs.items())))
    reader = request.app.state.reader

    def build(con: Any) -> bytes:
        return to_json(page_of(reader, con, name, f, path=path, link=link, **kwargs))

    body = reader.hit(key)
    if body is None:
        body = await reader.in_thread(reader.cached, key, build)
    return Response(body, media_type="application/json")


@router.get("/articles", response_model=Page)
async def list_articles(request: Request, f: Filtered, q: Text = None, title: Text = None) -> Any:
    """Search stored articles: ``q`` (or ``search``) in the text, ``title``, ``source``,
    ``since``/``until`` on the publication date; newest first."""
    if q:
        f.search = q
    return await _page(request, "articles", f, title=title)


@router.get("/articles/{ident}")
def get_article(request: Request, ident: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One article by content hash or record id: metadata plus the full record."""
    found = request.app.state.reader.run(lambda con: data.article(con, ident))
    if found is None:
        raise HTTPException(404, f"no article {ident!r} in the store")
    return found


@router.get("/entities", response_model=Page)
async def list_entities(request: Request, f: Filtered) -> Any:
    """Entities merged across articles (``type`` PER/ORG/LOC/…, ``entity`` a name substring,
    ``country``), with article and mention counts; ``key`` opens ``/api/entities/{key}``."""
    return await _page(request, "entities", f)


def _entity_path(key: str, part: str) -> str:
    return f"/api/entities/{key}/{part}"


async def _entity_list(request: Request, key: str, part: str, f: Filters, link: str) -> Any:
    reader = request.app.state.reader
    head = reader.hit(("entity", key))
    if head is None:
        head = await reader.in_thread(
            reader.cached, ("entity", key), lambda con: data.entity(con, key) or {}
        )
    if not head:
        raise HTTPException(404, f"no entity {key!r} in the store")
    roles = {"role": link} if link else {}
    return await _page(request, "entity", f, link=roles, key=key, part=part)


@router.get("/entities/{key:path}/mentions", response_model=Page)
async def entity_mentions(request: Request, key: Key, f: Paged) -> Any:
    """Mentions of one entity per day (articles and mentions), oldest first."""
    return await _entity_list(request, key, "mentions", f, "")


@router.get("/entities/{key:path}/quotes", response_model=Page)
async def entity_quotes(request: Request, key: Key, f: Paged) -> Any:
    """Quotes one entity spoke, newest first."""
    return await _entity_list(request, key, "quotes", f, "")


@router.get("/entities/{key:path}/events", response_model=Page)
async def entity_events(
    request: Request,
    key: Key,
    f: Paged,
    role: Literal["actor", "target", "place"] = "actor",
) -> Any:
    """Events where one entity is the ``role`` (actor, target or place), newest first."""
    return await _entity_list(request, key, role, f, role)


@router.get("/entities/{key:path}", response_model=EntityPage)
def get_entity(request: Request, key: Key, f: Paged) -> Any:
    """One entity by key (``PER:joko widodo``): names, roles, and the first page (``limit``)
    of its mentions per day, quotes, and events where it is actor, target or place; each
    ``next`` pages on at ``/api/entities/{key}/mentions|quotes|events?role=``."""
    reader = request.app.state.reader

    def build(con: Any) -> dict[str, Any] | None:
        head = data.entity(con, key)
        if head is None:
            return None
        for field, part, path, link in (
            ("over_time", "mentions", "mentions", {}),
            ("quotes", "quotes", "quotes", {}),
            ("as_actor", "actor", "events", {"role": "actor"}),
            ("as_target", "target", "events", {"role": "target"}),
            ("as_place", "place", "events", {"role": "place"}),
        ):
            head[field] = page_of(
                reader,
                con,
                "entity",
                f,
                path=_entity_path(key, path),
                link=link,
                key=key,
                part=part,
            )
        return head

    found = reader.run(build)
    if found is None:
        raise HTTPException(404, f"no entity {key!r} in the store")
    return found


@router.get("/events", response_model=Page)
async def list_events(request: Request, f: Filtered, by_article: bool = False) -> Any:
    """Events as ``warta events``: one row per story with its number of sources, or with
    ``by_article`` each source's row; filters ``type``, ``actor``, ``entity``, ``country``,
    ``since``, ``until``, ``source``, ``search``, ``duplicates``."""
    return await _page(request, "events", f, by_article=by_article)


@router.get("/quotes", response_model=Page)
async def list_quotes(request: Request, f: Filtered) -> Any:
    """Quotations with speakers (``entity``/``actor`` match the speaker; ``type`` the kind)."""
    return await _page(request, "quotes", f)


@router.get("/counts", response_model=Page)
async def list_counts(request: Request, f: Filtered) -> Any:
    """Numeric facts (``type`` KILLED, INJURED, …; ``entity`` matches who or the text)."""
    return await _page(request, "counts", f)


@router.get("/conflicts", response_model=Page)
async def list_conflicts(request: Request, f: Filtered) -> Any:
    """Figures that disagree across the sources of one story (``type`` the count kind)."""
    return await _page(request, "conflicts", f)


@router.get("/timeline", response_model=Page)
async def get_timeline(request: Request, f: Filtered) -> Any:
    """Events per day and type, oldest first (the data of the timeline page)."""
    return await _page(request, "timeline", f)


@router.get("/places", response_model=Page)
async def get_places(request: Request, f: Filtered) -> Any:
    """Event places with coordinates and event counts, most events first (the map's data)."""
    return await _page(request, "places", f)


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
