"""Server-side drawing for the web pages: highlighted article text, the event timeline and
the map of event places, each returned as escaped HTML/SVG markup (no JavaScript needed).

* :func:`highlight` marks entity mentions by type (displaCy-style ``<mark>``) and quotes
  with their speakers in an article's text.
* :func:`timeline_svg` draws events per day as stacked bars, one colour per event type.
* :func:`map_svg` draws country outlines (Natural Earth low-resolution polygons shipped in the
  ``countryinfo`` package; read from disk once, never downloaded) and one circle per place.

Example: ``highlight("Jokowi tiba di Bali.", entities=[...], quotes=[], keys={})`` returns
``<mark class="ent ent-PER">Jokowi<span class="ent-label">PER</span></mark> tiba di …``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape

#: Colours for event types and entity types (a fixed cycle; the CSS holds entity colours).
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)


def colour(name: str, names: list[str]) -> str:
    """The palette colour of ``name`` in the sorted list ``names``."""
    return PALETTE[names.index(name) % len(PALETTE)] if name in names else PALETTE[-1]


def entity_url(key: str) -> str:
    """The page of an entity key (``PER:joko widodo`` → ``/entities/PER%3Ajoko%20widodo``)."""
    return "/entities/" + urlquote(key, safe="")


def _mentions(entities: Iterable[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    spans = sorted(
        (int(m["start"]), int(m["end"]), ent)
        for ent in entities
        for m in ent.get("mentions") or []
        if int(m["end"]) > int(m["start"])
    )
    kept: list[tuple[int, int, dict[str, Any]]] = []
    for start, end, ent in spans:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, ent))
    return kept


def highlight(
    text: str,
    entities: list[dict[str, Any]],
    quotes: list[dict[str, Any]],
    keys: dict[str, str],
) -> Markup:
    """``text`` as HTML with entity mentions marked by type (linked to their entity page via
    ``keys``: entity id → store key) and quotes wrapped with their speaker's name."""
    names = {e["id"]: e["name"] for e in entities}
    mentions = _mentions(entities)
    qspans: list[dict[str, Any]] = []
    for q in sorted(quotes, key=lambda q: (q["start"], q["end"])):
        if q["end"] > q["start"] and (not qspans or q["start"] >= qspans[-1]["end"]):
            qspans.append(q)

    def ents(start: int, end: int) -> str:
        out: list[str] = []
        pos = start
        for ms, me, ent in mentions:
            if ms < start or me > end:
                continue
            out.append(str(escape(text[pos:ms])))
            label = escape(ent["type"])
            body = f'{escape(text[ms:me])}<span class="ent-label">{label}</span>'
            key = keys.get(ent["id"])
            if key:
                body = f'<a href="{escape(entity_url(key))}">{body}</a>'
            title = f"{escape(ent['name'])} ({label})"
            out.append(f'<mark class="ent ent-{label}" title="{title}">{body}</mark>')
            pos = me
        out.append(str(escape(text[pos:end])))
        return "".join(out)

    parts: list[str] = []
    pos = 0
    for q in qspans:
        parts.append(ents(pos, q["start"]))
        speaker = names.get(q.get("speaker") or "") or q.get("speaker_text") or "?"
        parts.append(
            f'<span class="quote quote-{escape(q["kind"])}" title="quote: {escape(speaker)}">'
            f'<span class="speaker">{escape(speaker)}</span>{ents(q["start"], q["end"])}</span>'
        )
        pos = q["end"]
    parts.append(ents(pos, len(text)))
    return Markup("".join(parts))


def timeline_svg(rows: list[dict[str, Any]], width: int = 900, height: int = 260) -> Markup:
    """Stacked bars of event counts per day (``rows``: day, type, n) with a legend."""
    if not rows:
        return Markup('<p class="empty">No dated events.</p>')
    types = sorted({r["type"] for r in rows})
    per_day: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for r in rows:
        per_day[r["day"]][r["type"]] = int(r["n"])
    first, last = min(per_day), max(per_day)
    days = (last - first).days + 1
    peak = max(sum(v.values()) for v in per_day.values())
    left, bottom, top = 40, 40, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    bar = plot_w / days
    out = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="events per day" xmlns="http://www.w3.org/2000/svg">'
    ]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        out.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{round(peak * frac)}</text>'
        )
    for day, counts in sorted(per_day.items()):
        x = left + (day - first).days * bar
        y = top + plot_h
        for t in types:
            n = counts.get(t, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar - 1, 1):.1f}" height="{h:.1f}" '
                f'fill="{colour(t, types)}">'
                f"<title>{day.isoformat()} {escape(t)}: {n}</title></rect>"
            )
    step = max(1, math.ceil(days / 8))
    for i in range(0, days, step):
        day = first + dt.timedelta(days=i)
        x = left + i * bar + bar / 2
        out.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{day:%d %b}</text>'
        )
    out.append(
        f'<text x="{left}" y="{height - 4}">{first.isoformat()} … {last.isoformat()}</text></svg>'
    )
    legend = "".join(
        f'<li><span class="swatch" style="background:{colour(t, types)}"></span>{escape(t)}</li>'
        for t in types
    )
    return Markup("".join(out) + f'<ul class="legend">{legend}</ul>')


@functools.cache
def world_outlines() -> tuple[tuple[tuple[tuple[float, float], ...], ...], ...]:
    """Country outlines as rings of (lon, lat), from the ``countryinfo`` package's data
    (Natural Earth low resolution). Empty when the package is not installed."""
    try:
        import countryinfo
    except ImportError:  # pragma: no cover - a declared dependency of the web extra
        return ()
    countries = []
    for country in countryinfo.all_countries():
        try:
            geo = country.geo_json()
        except Exception:  # pragma: no cover - a country without data
            continue
        rings: list[tuple[tuple[float, float], ...]] = []
        for feature in (geo or {}).get("features") or []:
            geom = feature.get("geometry") or {}
            polys = geom.get("coordinates") or []
            if geom.get("type") == "Polygon":
                polys = [polys]
            for poly in polys:
                for ring in poly:
                    rings.append(tuple((float(p[0]), float(p[1])) for p in ring))
        if rings:
            countries.append(tuple(rings))
    return tuple(countries)


def _bounds(points: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    if not points:
        return -180.0, -60.0, 180.0, 85.0
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
    span = max(x1 - x0, (y1 - y0) * 2, 30.0) * 1.2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - span / 2, cy - span / 4, cx + span / 2, cy + span / 4


def map_svg(points: list[dict[str, Any]], width: int = 900) -> Markup:
    """Equirectangular map of event places (``points``: name, lat, lon, events, types) over
    country outlines, framed on the places."""
    x0, y0, x1, y1 = _bounds(points)
    w, h = x1 - x0, y1 - y0
    height = round(width * h / w)
    out = [
        f'<svg class="map" viewBox="{x0:.2f} {-y1:.2f} {w:.2f} {h:.2f}" width="{width}" '
        f'height="{height}" role="img" aria-label="map of event places" '
        f'xmlns="http://www.w3.org/2000/svg"><rect x="{x0:.2f}" y="{-y1:.2f}" width="{w:.2f}" '
        f'height="{h:.2f}" class="sea"/>'
    ]
    for rings in world_outlines():
        if all(
            max(p[0] for p in r) < x0
            or min(p[0] for p in r) > x1
            or max(p[1] for p in r) < y0
            or min(p[1] for p in r) > y1
            for r in rings
        ):
            continue
        d = " ".join(
            "M" + " L".join(f"{lon:.2f},{-lat:.2f}" for lon, lat in ring) + "Z" for ring in rings
        )
        out.append(f'<path class="land" d="{d}"/>')
    peak = max((p["events"] for p in points), default=1)
    for i, p in enumerate(points):
        r = w * 0.006 * (1 + 2 * math.sqrt(p["events"] / peak))
        label = f"{p['name']}: {p['events']} event(s) ({p['types']})"
        out.append(
            f'<circle class="place" cx="{p["lon"]:.3f}" cy="{-p["lat"]:.3f}" r="{r:.3f}">'
            f"<title>{escape(label)}</title></circle>"
        )
        if i < 12:
            out.append(
                f'<text class="place-label" x="{p["lon"] + r:.3f}" y="{-p["lat"]:.3f}" '
                f'font-size="{w * 0.016:.3f}">{escape(p["name"])}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))
