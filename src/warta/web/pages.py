"""Server-rendered pages of ``warta serve`` (Jinja2 templates in ``web/templates``; no
JavaScript, no CDN): search, article, entity, timeline, map, conflicts.

Each handler takes the same query parameters as the matching API endpoint and renders HTML.
Example: ``GET /timeline?type=PROTEST`` draws protest events per day as an inline SVG.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from warta.store import query
from warta.store.query import Filters
from warta.web import data, draw
from warta.web.api import Text, make_filters

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _render(request: Request, name: str, **context: Any) -> Any:
    context.setdefault("params", dict(request.query_params))
    return request.app.state.templates.TemplateResponse(request, name, context)


def _rows(columns: list[str], rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


def page_filters(
    request: Request,
    type: Annotated[str | None, Query(max_length=40)] = None,
    entity: Text = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    source: Text = None,
    q: Text = None,
    limit: Annotated[int, Query(ge=1)] = 50,
) -> Filters:
    """Form fields as filters: empty fields (an HTML form sends them) mean "any"."""

    def blank(v: str | None) -> str | None:
        return v.strip() or None if v else None

    def day(v: str | None) -> dt.date | None:
        v = blank(v)
        return dt.date.fromisoformat(v) if v else None

    return make_filters(
        request,
        type=blank(type),
        entity=blank(entity),
        country=blank(country),
        since=day(since),
        until=day(until),
        source=blank(source),
        search=blank(q),
        limit=limit,
    )


def _filters_or_400(request: Request) -> Filters:
    params = request.query_params
    try:
        return page_filters(
            request,
            **{k: params.get(k) for k in ("type", "entity", "country", "since", "until")},
            source=params.get("source"),
            q=params.get("q"),
            limit=int(params.get("limit") or 50),
        )
    except ValueError as exc:
        raise HTTPException(400, f"bad filter: {exc}") from None


PageFilters = Annotated[Filters, Depends(_filters_or_400)]


@router.get("/")
def search(
    request: Request, f: PageFilters, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0
) -> Any:
    """Search form and matching articles, with counts of what the store holds."""
    reader = request.app.state.reader
    total, items = reader.run(lambda con: data.articles(con, f, offset=offset))
    return _render(
        request,
        "search.html",
        total=total,
        items=items,
        offset=offset,
        limit=f.limit,
        overview=reader.run(data.overview),
    )


@router.get("/articles/{ident}")
def article(request: Request, ident: Annotated[str, Path(max_length=200)]) -> Any:
    """One article with entities highlighted by type and quotes marked with speakers."""
    found = request.app.state.reader.run(lambda con: data.article(con, ident))
    if found is None:
        raise HTTPException(404, f"no article {ident!r} in the store")
    record = found["record"]
    body = draw.highlight(
        record["text"],
        record.get("entities") or [],
        record.get("quotes") or [],
        found["entity_keys"],
    )
    types = sorted({e["type"] for e in record.get("entities") or []})
    return _render(request, "article.html", a=found, r=record, body=body, types=types)


@router.get("/entities")
def entities(request: Request, f: PageFilters) -> Any:
    """Entities merged across articles, most reported first."""
    rows = _rows(*request.app.state.reader.run(lambda con: query.entities(con, f)))
    return _render(request, "entities.html", rows=rows, url=draw.entity_url)


@router.get("/entities/{key:path}")
def entity(request: Request, key: str) -> Any:
    """One entity: mentions per day, roles, quotes, events as actor and as target."""
    if len(key) > 300:
        raise HTTPException(422, "key: at most 300 characters")
    found = request.app.state.reader.run(lambda con: data.entity(con, key))
    if found is None:
        raise HTTPException(404, f"no entity {key!r} in the store")
    peak = max((r["mentions"] or 0 for r in found["over_time"]), default=1) or 1
    return _render(request, "entity.html", e=found, peak=peak)


@router.get("/timeline")
def timeline(request: Request, f: PageFilters) -> Any:
    """Events per day by type (inline SVG) and the latest stories."""
    reader = request.app.state.reader
    rows = reader.run(lambda con: data.timeline(con, f))
    stories = _rows(*reader.run(lambda con: query.events(con, f)))
    return _render(request, "timeline.html", svg=draw.timeline_svg(rows), stories=stories)


@router.get("/map")
def map_page(request: Request, f: PageFilters) -> Any:
    """Event places on country outlines drawn server-side."""
    points = request.app.state.reader.run(lambda con: data.places(con, f))
    return _render(request, "map.html", svg=draw.map_svg(points), points=points)


@router.get("/conflicts")
def conflicts(request: Request, f: PageFilters) -> Any:
    """Figures that disagree across the sources of one story."""
    rows = _rows(*request.app.state.reader.run(lambda con: query.conflicts(con, f)))
    return _render(request, "conflicts.html", rows=rows)
