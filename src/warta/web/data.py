"""Read-only queries of the web API that ``warta.store.query`` does not offer.

The list endpoints (events, entities, quotes, counts, conflicts) call
:mod:`warta.store.query` directly; this module adds what only the web needs: paged article
search, one article's record, one entity's page (mentions over time, roles, quotes, events as
actor and target), events per day by type, and event places with coordinates. Every user value
is a bound parameter; no SQL is ever assembled from request text.

Example: ``articles(con, q="banjir", limit=20, offset=0)`` returns the total and the first 20
stored articles whose text contains "banjir", newest first.
"""

from __future__ import annotations

import json
from typing import Any

from warta.store.query import Filters, _article_filters, _Where

#: The store keys merged into one canonical key (bound parameter: the canonical key).
_KEYS = "SELECT key FROM entities WHERE coalesce(canonical_key, key) = ?"


def _dicts(cur: Any) -> list[dict[str, Any]]:
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def articles(
    con: Any, f: Filters, *, offset: int = 0, title: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of articles) matching ``f`` (search, source, since, until,
    duplicates) and ``title`` (a substring of the title), newest first."""
    w = _Where()
    _article_filters(w, f)
    if title:
        w.like(["a.title"], title)
    total = con.execute(f"SELECT count(*) FROM articles a {w.sql()}", w.params).fetchone()[0]
    params = [*w.params, f.limit or 50, offset]
    cur = con.execute(
        f"""SELECT a.hash, a.id, a.title, a.published, a.source, a.url, a.n_chars, a.canonical,
                   left(a.text, 240) AS snippet,
                   (SELECT count(*) FROM events e WHERE e.article = a.hash) AS events,
                   (SELECT count(*) FROM entities n WHERE n.article = a.hash) AS entities
            FROM articles a {w.sql()}
            ORDER BY a.published DESC NULLS LAST, a.seq
            LIMIT ? OFFSET ?""",
        params,
    )
    return int(total), _dicts(cur)


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


def entity(con: Any, key: str, *, limit: int = 50) -> dict[str, Any] | None:
    """One merged entity by its key (``PER:joko widodo``): names, mentions per day, roles,
    quotes it spoke, events where it is actor, target or place; None when unknown."""
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
    head["over_time"] = _dicts(
        con.execute(
            f"""SELECT a.published AS day, count(DISTINCT a.hash) AS articles,
                      sum(e.n_mentions) AS mentions
               FROM entities e JOIN articles a ON a.hash = e.article
               WHERE e.key IN ({_KEYS}) AND a.canonical IS NULL
               GROUP BY a.published ORDER BY a.published NULLS LAST""",
            [key],
        )
    )
    head["roles"] = _dicts(
        con.execute(
            f"""SELECT coalesce(e.role, '') AS role, count(*) AS n
               FROM entities e JOIN articles a ON a.hash = e.article
               WHERE e.key IN ({_KEYS}) AND a.canonical IS NULL
               GROUP BY ALL ORDER BY n DESC, role""",
            [key],
        )
    )
    head["quotes"] = _dicts(
        con.execute(
            f"""SELECT a.published, q.kind, q.cue, q.text AS quote, a.title, q.article
               FROM quotes q
               JOIN entities e ON e.article = q.article AND e.entity_id = q.speaker
               JOIN articles a ON a.hash = q.article
               WHERE e.key IN ({_KEYS}) AND a.canonical IS NULL
               ORDER BY a.published DESC NULLS LAST, a.seq, q.idx LIMIT ?""",
            [key, limit],
        )
    )
    for side in ("actor", "target", "place"):
        head[f"as_{side}"] = _dicts(
            con.execute(
                f"""SELECT coalesce(e.day, a.published) AS day, e.type, e.trigger_text AS trigger,
                           coalesce(e.actor_name, e.actor_text) AS actor,
                           coalesce(e.target_name, e.target_text) AS target,
                           coalesce(e.place_name, e.place_text) AS place, e.country, e.article
                    FROM events e JOIN articles a ON a.hash = e.article
                    WHERE e.{side}_key IN ({_KEYS}) AND a.canonical IS NULL
                    ORDER BY day DESC NULLS LAST, a.seq, e.idx LIMIT ?""",
                [key, limit],
            )
        )
    return head


def timeline(con: Any, f: Filters) -> list[dict[str, Any]]:
    """Event counts per day and type (the event's day, else the article's date)."""
    w = _Where()
    _article_filters(w, f, date_column="coalesce(e.day, a.published)")
    if f.type:
        w.add("e.type = upper(?)", f.type)
    if f.country:
        w.add("e.country = upper(?)", f.country)
    w.add("coalesce(e.day, a.published) IS NOT NULL")
    cur = con.execute(
        f"""SELECT coalesce(e.day, a.published) AS day, e.type, count(*) AS n
            FROM events e JOIN articles a ON a.hash = e.article
            {w.sql()}
            GROUP BY ALL ORDER BY day, type""",
        w.params,
    )
    return _dicts(cur)


def places(con: Any, f: Filters) -> list[dict[str, Any]]:
    """Event places with coordinates: name, lat, lon, number of events, their types."""
    w = _Where()
    _article_filters(w, f, date_column="coalesce(e.day, a.published)")
    if f.type:
        w.add("e.type = upper(?)", f.type)
    w.add("p.lat IS NOT NULL AND p.lon IS NOT NULL")
    cur = con.execute(
        f"""SELECT p.name, round(p.lat, 3) AS lat, round(p.lon, 3) AS lon, p.country,
                   count(*) AS events, string_agg(DISTINCT e.type, ', ') AS types
            FROM events e
            JOIN articles a ON a.hash = e.article
            JOIN entities p ON p.article = e.article AND p.entity_id = e.place_entity
            {w.sql()}
            GROUP BY ALL ORDER BY events DESC, p.name
            LIMIT ?""",
        [*w.params, f.limit or 500],
    )
    return _dicts(cur)


def overview(con: Any) -> dict[str, int]:
    """How many articles, entities, events, quotes and counts the store holds."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities),
                  (SELECT count(*) FROM events), (SELECT count(*) FROM quotes),
                  (SELECT count(*) FROM counts)"""
    ).fetchone()
    return dict(zip(("articles", "entities", "events", "quotes", "counts"), row, strict=True))
