"""Server-rendered pages of ``warta serve`` (Jinja2 templates in ``web/templates``; no
JavaScript, no CDN): search, article, entity, timeline, map, conflicts. Every list shows one
page and links to the previous and next ones (plain links: no JavaScript needed).

Each handler takes the same query parameters as the matching API endpoint and renders HTML.
Example: ``GET /timeline?type=PROTEST`` draws protest events per day as an inline SVG.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from warta.store.query import Filters
from warta.web import data, draw
from warta.web.api import Text, make_filters, page_of

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _render(request: Request, name: str, **context: Any) -> Any:
    context.setdefault("params", dict(request.query_params))
    return request.app.state.templates.TemplateResponse(request, name, context)


def page_url(params: dict[str, str], name: str, value: int) -> str:
    """The query string of this page with parameter ``name`` set to ``value`` (a pager link;
    every value URL-encoded). Example: ``page_url({"q": "a&b"}, "offset", 50)`` is
    ``"?q=a%26b&offset=50"``."""
    merged = {k: v for k, v in params.items() if k != name}
    merged[name] = str(value)
    return "?" + urllib.parse.urlencode(merged)


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


def _offset(request: Request, name: str = "offset") -> int:
    """A non-negative page offset from query parameter ``name`` (400 when it is not one)."""
    raw = request.query_params.get(name) or "0"
    try:
        value = int(raw)
    except ValueError:
        raise HTTPException(400, f"bad {name}: {raw[:40]!r} is not a number") from None
    if not 0 <= value <= 1_000_000:
        raise HTTPException(400, f"bad {name}: {value} is not between 0 and 1000000")
    return value


def _filters_or_400(request: Request) -> Filters:
    params = request.query_params
    try:
        f = page_filters(
            request,
            **{k: params.get(k) for k in ("type", "entity", "country", "since", "until")},
            source=params.get("source"),
            q=params.get("q"),
            limit=int(params.get("limit") or 50),
        )
    except ValueError as exc:
        raise HTTPException(400, f"bad filter: {exc}") from None
    f.offset = _offset(request)
    return f


PageFilters = Annotated[Filters, Depends(_filters_or_400)]


def _page(request: Request, name: str, f: Filters, **kwargs: Any) -> dict[str, Any]:
    """One page of API list ``name`` (the envelope of :func:`warta.web.api.page_of`)."""
    reader = request.app.state.reader
    return reader.run(lambda con: page_of(reader, con, name, f, path=request.url.path, **kwargs))


@router.get("/")
def search(request: Request, f: PageFilters) -> Any:
    """Search form and matching articles, with counts of what the store holds."""
    reader = request.app.state.reader
    return _render(
        request,
        "search.html",
        page=_page(request, "articles", f),
        overview=reader.cached(("overview",), data.overview),
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
    page = _page(request, "entities", f)
    return _render(request, "entities.html", page=page, url=draw.entity_url)


#: The lists of the entity page: (offset parameter, part of ``data.ENTITY_PARTS``, heading).
ENTITY_LISTS = (
    ("offset_days", "mentions", "Mentions over time"),
    ("offset_quotes", "quotes", "Quotes"),
    ("offset_actor", "actor", "Events with it as actor"),
    ("offset_target", "target", "Events with it as target"),
    ("offset_place", "place", "Events with it as place"),
)


@router.get("/entities/{key:path}")
def entity(request: Request, key: Annotated[str, Path(max_length=300)]) -> Any:
    """One entity: mentions per day, roles, quotes, events as actor, target and place; each
    list paged on its own (``offset_days``, ``offset_quotes``, ``offset_actor``, …)."""
    reader = request.app.state.reader
    limit = 50
    offsets = {param: _offset(request, param) for param, _, _ in ENTITY_LISTS}

    def build(con: Any) -> dict[str, Any] | None:
        head = data.entity(con, key)
        if head is None:
            return None
        head["lists"] = {
            part: page_of(
                reader,
                con,
                "entity",
                Filters(limit=limit, offset=offsets[param]),
                path=request.url.path,
                key=key,
                part=part,
            )
            for param, part, _ in ENTITY_LISTS
        }
        return head

    found = reader.run(build)
    if found is None:
        raise HTTPException(404, f"no entity {key!r} in the store")
    days = found["lists"]["mentions"]["items"]
    peak = max((r["mentions"] or 0 for r in days), default=1) or 1
    return _render(request, "entity.html", e=found, peak=peak, sections=ENTITY_LISTS)


@router.get("/timeline")
def timeline(request: Request, f: PageFilters) -> Any:
    """Events per day by type (inline SVG, every day) and one page of the stories."""
    reader = request.app.state.reader
    whole = dataclasses.replace(f, limit=None, offset=0)
    columns, rows = reader.run(lambda con: data.timeline(con, whole))
    return _render(
        request,
        "timeline.html",
        svg=draw.timeline_svg(_rows(columns, rows)),
        page=_page(request, "events", f),
    )


@router.get("/map")
def map_page(request: Request, f: PageFilters) -> Any:
    """Event places (one page, most events first) on country outlines drawn server-side."""
    page = _page(request, "places", f)
    return _render(request, "map.html", svg=draw.map_svg(page["items"]), page=page)


@router.get("/conflicts")
def conflicts(request: Request, f: PageFilters) -> Any:
    """Figures that disagree across the sources of one story."""
    return _render(request, "conflicts.html", page=_page(request, "conflicts", f))
