"""Read-only queries of the web API that ``warta.store.query`` does not offer.

The list endpoints for events, entities, quotes, counts and conflicts call
:mod:`warta.store.query` directly; this module adds what only the web needs: article search,
one article's record, one entity's page (mentions over time, roles, quotes, events as actor,
target or place), events per day by type, and event places with coordinates. Every list comes
as ``(columns, rows)`` for one page (``Filters.limit`` rows after ``Filters.offset``) with a
``*_total`` function giving the number of rows over all pages, as the store queries do. Every
user value is a bound parameter; no SQL is ever assembled from request text.

Example: ``articles(con, Filters(search="banjir", limit=20))`` returns the columns and the
first 20 stored articles whose text contains "banjir", newest first;
``articles_total(con, Filters(search="banjir"))`` how many there are in all.
"""

from __future__ import annotations

import json
from typing import Any

from warta.store.query import Filters, Result, Where, article_filters

#: The store keys merged into one canonical key (bound parameter: the canonical key).
_KEYS = "SELECT key FROM entities WHERE coalesce(canonical_key, key) = ?"

#: The lists of one entity's page: name → (SELECT, FROM/WHERE, ORDER BY). The WHERE holds one
#: ``?`` for the entity key.
ENTITY_PARTS: dict[str, tuple[str, str, str]] = {
    "mentions": (
        """SELECT a.published AS day, count(DISTINCT a.hash) AS articles,
                  sum(e.n_mentions) AS mentions""",
        f"""FROM entities e JOIN articles a ON a.hash = e.article
            WHERE e.key IN ({_KEYS}) AND a.canonical IS NULL
            GROUP BY a.published""",
        "ORDER BY a.published NULLS LAST",
    ),
    "quotes": (
        "SELECT a.published, q.kind, q.cue, q.text AS quote, a.title, q.article",
        f"""FROM quotes q
            JOIN entities e ON e.article = q.article AND e.entity_id = q.speaker
            JOIN articles a ON a.hash = q.article
            WHERE e.key IN ({_KEYS}) AND a.canonical IS NULL""",
        "ORDER BY a.published DESC NULLS LAST, a.seq, q.idx",
    ),
}
for _side in ("actor", "target", "place"):
    ENTITY_PARTS[_side] = (
        """SELECT coalesce(e.day, a.published) AS day, e.type, e.trigger_text AS trigger,
                  coalesce(e.actor_name, e.actor_text) AS actor,
                  coalesce(e.target_name, e.target_text) AS target,
                  coalesce(e.place_name, e.place_text) AS place, e.country, e.article""",
        f"""FROM events e JOIN articles a ON a.hash = e.article
            WHERE e.{_side}_key IN ({_KEYS}) AND a.canonical IS NULL""",
        "ORDER BY day DESC NULLS LAST, a.seq, e.idx",
    )


def _dicts(cur: Any) -> list[dict[str, Any]]:
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _result(cur: Any) -> Result:
    return [d[0] for d in cur.description], cur.fetchall()


def _window(f: Filters, params: list[Any]) -> str:
    """``LIMIT ? OFFSET ?`` for ``f``'s page (no limit when it is None or 0)."""
    params.append(f.limit or None)
    params.append(f.offset)
    return "LIMIT ? OFFSET ?"


def _count(con: Any, sql: str, params: list[Any]) -> int:
    return int(con.execute(f"SELECT count(*) FROM ({sql}) AS counted", params).fetchone()[0])


def _articles_where(f: Filters, title: str | None) -> Where:
    w = Where()
    article_filters(w, f)
    if title:
        w.like(["a.title"], title)
    return w


def articles(con: Any, f: Filters, *, title: str | None = None) -> Result:
    """One page of articles matching ``f`` (search, source, since, until, duplicates) and
    ``title`` (a substring of the title), newest first."""
    w = _articles_where(f, title)
    params = list(w.params)
    window = _window(f, params)
    return _result(
        con.execute(
            f"""SELECT a.hash, a.id, a.title, a.published, a.source, a.url, a.n_chars,
                       a.canonical, left(a.text, 240) AS snippet,
                       (SELECT count(*) FROM events e WHERE e.article = a.hash) AS events,
                       (SELECT count(*) FROM entities n WHERE n.article = a.hash) AS entities
                FROM articles a {w.sql()}
                ORDER BY a.published DESC NULLS LAST, a.seq
                {window}""",
            params,
        )
    )


def articles_total(con: Any, f: Filters, *, title: str | None = None) -> int:
    """How many articles :func:`articles` finds over all pages."""
    w = _articles_where(f, title)
    return int(con.execute(f"SELECT count(*) FROM articles a {w.sql()}", w.params).fetchone()[0])


def article(con: Any, ident: str) -> dict[str, Any] | None:
    """One stored article by content hash or record id: its metadata and full record (text
    restored), or None when the store has no such article."""
    cur = con.execute(
        """SELECT hash, id, ref, url, title, published, source, site, author, canonical,
                  similarity, text, record
           FROM articles WHERE hash = ? OR id = ? ORDER BY seq LIMIT 1""",
        [ident, ident],
    )
    rows = _dicts(cur)
    if not rows:
        return None
    row = rows[0]
    record = json.loads(row.pop("record"))
    record["text"] = row.pop("text")
    row["record"] = record
    keys = con.execute(
        "SELECT entity_id, coalesce(canonical_key, key) FROM entities WHERE article = ?",
        [row["hash"]],
    ).fetchall()
    row["entity_keys"] = {eid: key for eid, key in keys}
    return row


def entity(con: Any, key: str) -> dict[str, Any] | None:
    """One merged entity by its key (``PER:joko widodo``): most frequent name, type and
    country, articles, mentions, name variants, mean coordinates and its roles (role →
    number of mentions in that role); None when the store does not know the key. Its lists
    (mentions per day, quotes, events as actor, target or place) are :func:`entity_part`."""
    head = _dicts(
        con.execute(
            f"""SELECT mode(e.name) AS name, mode(e.type) AS type, mode(e.country) AS country,
                      count(DISTINCT e.article) AS articles, sum(e.n_mentions) AS mentions,
                      string_agg(DISTINCT e.name, '; ') AS variants,
                      avg(e.lat) AS lat, avg(e.lon) AS lon
               FROM entities e JOIN articles a ON a.hash = e.article
               WHERE e.key IN ({_KEYS}) AND a.canonical IS NULL""",
            [key],
        )
    )[0]
    if not head["articles"]:
        return None
    head["key"] = key
    head["roles"] = _dicts(
        con.execute(
            f"""SELECT coalesce(e.role, '') AS role, count(*) AS n
               FROM entities e JOIN articles a ON a.hash = e.article
               WHERE e.key IN ({_KEYS}) AND a.canonical IS NULL
               GROUP BY ALL ORDER BY n DESC, role""",
            [key],
        )
    )
    return head


def entity_part(con: Any, f: Filters, *, key: str, part: str) -> Result:
    """One page of list ``part`` of entity ``key``: ``mentions`` (per day: articles and
    mentions), ``quotes`` (it spoke), ``actor``/``target``/``place`` (events where it is
    that); ``f`` gives only the page (limit, offset)."""
    select, body, order = ENTITY_PARTS[part]
    params: list[Any] = [key]
    window = _window(f, params)
    return _result(con.execute(f"{select} {body} {order} {window}", params))


def entity_part_total(con: Any, f: Filters, *, key: str, part: str) -> int:
    """How many rows :func:`entity_part` has over all pages."""
    _, body, _ = ENTITY_PARTS[part]
    return _count(con, f"SELECT 1 {body}", [key])


def _events_where(f: Filters) -> Where:
    w = Where()
    article_filters(w, f, date_column="coalesce(e.day, a.published)")
    if f.type:
        w.add("e.type = upper(?)", f.type)
    if f.country:
        w.add("e.country = upper(?)", f.country)
    return w


def _timeline_sql(f: Filters) -> tuple[str, list[Any]]:
    w = _events_where(f)
    w.add("coalesce(e.day, a.published) IS NOT NULL")
    sql = f"""SELECT coalesce(e.day, a.published) AS day, e.type, count(*) AS n
              FROM events e JOIN articles a ON a.hash = e.article
              {w.sql()}
              GROUP BY ALL"""
    return sql, w.params


def timeline(con: Any, f: Filters) -> Result:
    """Event counts per day and type (the event's day, else the article's date), oldest
    first; one page of (day, type) rows."""
    sql, params = _timeline_sql(f)
    params = list(params)
    window = _window(f, params)
    return _result(con.execute(f"{sql} ORDER BY day, type {window}", params))


def timeline_total(con: Any, f: Filters) -> int:
    """How many (day, type) rows :func:`timeline` has over all pages."""
    return _count(con, *_timeline_sql(f))


def _places_sql(f: Filters) -> tuple[str, list[Any]]:
    w = _events_where(f)
    w.add("p.lat IS NOT NULL AND p.lon IS NOT NULL")
    sql = f"""SELECT p.name, round(p.lat, 3) AS lat, round(p.lon, 3) AS lon, p.country,
                     count(*) AS events, string_agg(DISTINCT e.type, ', ') AS types
              FROM events e
              JOIN articles a ON a.hash = e.article
              JOIN entities p ON p.article = e.article AND p.entity_id = e.place_entity
              {w.sql()}
              GROUP BY ALL"""
    return sql, w.params


def places(con: Any, f: Filters) -> Result:
    """Event places with coordinates: name, lat, lon, country, number of events and their
    types, most events first; one page."""
    sql, params = _places_sql(f)
    params = list(params)
    window = _window(f, params)
    return _result(con.execute(f"{sql} ORDER BY events DESC, p.name {window}", params))


def places_total(con: Any, f: Filters) -> int:
    """How many places :func:`places` has over all pages."""
    return _count(con, *_places_sql(f))


def overview(con: Any) -> dict[str, int]:
    """How many articles, entities, events, quotes and counts the store holds."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities),
                  (SELECT count(*) FROM events), (SELECT count(*) FROM quotes),
                  (SELECT count(*) FROM counts)"""
    ).fetchone()
    return dict(zip(("articles", "entities", "events", "quotes", "counts"), row, strict=True))
