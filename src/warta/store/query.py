"""Queries over the store behind ``warta events|entities|quotes|counts|conflicts|sql``.

Each function takes a read-only connection and a :class:`Filters`, builds one parameterised
SQL statement (user values are always bound parameters, never spliced into the SQL) and
returns ``(columns, rows)``: ``Filters.limit`` rows after ``Filters.offset``, and
:func:`total` counts the rows of all pages. Near duplicates (articles with a ``canonical``)
are left out of every aggregate, so a wire story run by ten outlets counts once.
:class:`Where` and :func:`article_filters` build the WHERE clauses (``warta.web.data`` uses
them too).

Example: ``events(con, Filters(type="PROTEST", country="KZ", since="2022-01-01"))`` lists
the protest stories placed in Kazakhstan since 1 January 2022, one row per story with the
number of sources that reported it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from warta.errors import WartaError
from warta.store.aggregate import CONFLICTS_SQL

Result = tuple[list[str], list[tuple[Any, ...]]]


@dataclass
class Filters:
    """Filters shared by the query commands; None means "any".

    ``type`` is an event type, entity type or count kind depending on the command; ``actor``
    and ``entity`` match names case-insensitively as substrings; ``country`` is an ISO
    3166-1 alpha-2 code; ``since``/``until`` are ISO dates (inclusive) on the event's day or
    the article's publication date; ``source`` matches the outlet; ``search`` is a substring
    of the article text; ``limit`` rows (None or 0: all) after skipping ``offset``.
    """

    type: str | None = None
    actor: str | None = None
    entity: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None
    search: str | None = None
    limit: int | None = 50
    duplicates: bool = False
    offset: int = 0

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    setattr(self, name, dt.date.fromisoformat(value).isoformat())
                except ValueError:
                    raise WartaError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None
        if self.limit is not None and self.limit < 0:
            raise WartaError("--limit must be 0 (no limit) or more")
        if self.offset < 0:
            raise WartaError("offset must be 0 or more")


class Where:
    """A WHERE clause assembled from conditions with bound parameters.

    Input: SQL fragments with ``?`` placeholders and their values; output: the clause
    (:meth:`sql`) and the values in order (``params``). User text only ever lands in
    ``params``. Example: ``w = Where(); w.add("e.type = upper(?)", "protest");
    w.like(["a.title"], "banjir")`` gives ``w.sql()`` ``"WHERE e.type = upper(?) AND
    (a.title ILIKE '%' || ? || '%')"`` and ``w.params`` ``["protest", "banjir"]``.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> None:
        """AND one condition (``sql`` with a ``?`` per value in ``params``)."""
        self.parts.append(sql)
        self.params.extend(params)

    def like(self, columns: list[str], value: str) -> None:
        """AND "any of ``columns`` contains ``value``" (case-insensitive substring)."""
        ors = " OR ".join(f"{c} ILIKE '%' || ? || '%'" for c in columns)
        self.add(f"({ors})", *([value] * len(columns)))

    def sql(self) -> str:
        """``WHERE`` and the conditions joined with ``AND``; empty without conditions."""
        return ("WHERE " + " AND ".join(self.parts)) if self.parts else ""


def article_filters(w: Where, f: Filters, date_column: str = "a.published") -> None:
    """Add the article-level filters of ``f`` to ``w``, for a query whose ``articles`` table
    is aliased ``a``: near duplicates left out unless ``f.duplicates``, ``source`` (outlet,
    site or URL), ``search`` (article text) and ``since``/``until`` on ``date_column``.

    Example: ``article_filters(w, Filters(source="detik", since="2025-10-01"))`` adds
    ``a.canonical IS NULL``, the source match and ``a.published >= DATE '2025-10-01'``.
    """
    if not f.duplicates:
        w.add("a.canonical IS NULL")
    if f.source:
        w.like(["a.source", "a.site", "a.url"], f.source)
    if f.search:
        w.like(["a.text"], f.search)
    if f.since:
        w.add(f"{date_column} >= CAST(? AS DATE)", f.since)
    if f.until:
        w.add(f"{date_column} <= CAST(? AS DATE)", f.until)


def _limit(f: Filters, params: list[Any]) -> str:
    """``LIMIT ? OFFSET ?`` for ``f`` (each part only when set), its values added to
    ``params``."""
    sql = ""
    if f.limit:
        params.append(f.limit)
        sql = "LIMIT ?"
    if f.offset:
        params.append(f.offset)
        sql += " OFFSET ?"
    return sql


def _paged(sql: str, params: list[Any], f: Filters, count: bool) -> tuple[str, list[Any]]:
    """``sql`` with ``f``'s limit and offset, or with ``count`` the number of its rows."""
    if count:
        return f"SELECT count(*) FROM ({sql}) AS counted", params
    params = list(params)
    return f"{sql}\n{_limit(f, params)}", params


def _run(con: Any, sql: str, params: list[Any]) -> Result:
    import duckdb

    try:
        cur = con.execute(sql, params)
    except duckdb.CatalogException as exc:
        raise WartaError(
            f"the store lacks a table or column ({str(exc).splitlines()[0]}): it was written by "
            "an older warta; run 'warta ingest' on it once to upgrade it"
        ) from None
    columns = [d[0] for d in cur.description]
    return columns, cur.fetchall()


def _events_sql(f: Filters, by_article: bool = False, count: bool = False) -> tuple[str, list[Any]]:
    w = Where()
    article_filters(w, f, date_column="coalesce(e.day, a.published)")
    if f.type:
        w.add("e.type = upper(?)", f.type)
    if f.actor:
        w.like(["e.actor_name", "e.actor_text"], f.actor)
    if f.entity:
        w.like(
            [
                "e.actor_name",
                "e.actor_text",
                "e.target_name",
                "e.target_text",
                "e.place_name",
                "e.place_text",
            ],
            f.entity,
        )
    if f.country:
        w.add("e.country = upper(?)", f.country)
    if not by_article and not (f.duplicates or f.source or f.search):
        return _stories_sql(f, count)
    if by_article:
        sql = f"""
            SELECT e.day, e.type, e.mode, coalesce(e.actor_name, e.actor_text) AS actor,
                   e.trigger_text AS trigger, coalesce(e.target_name, e.target_text) AS target,
                   coalesce(e.place_name, e.place_text) AS place, e.country, a.source,
                   a.title, e.story, e.article
            FROM events e JOIN articles a ON a.hash = e.article
            {w.sql()}
            ORDER BY e.day DESC NULLS LAST, a.seq, e.idx"""
        return _paged(sql, w.params, f, count)
    # Two steps: rank the stories on cheap aggregates and keep one page, then describe
    # only those (mode() over a million rows would cost seconds).
    params = list(w.params)
    matching = f"""
        WITH f AS (
            SELECT e.story, e.type, e.day, e.article, e.actor_name, e.actor_text,
                   e.trigger_text, e.target_name, e.target_text, e.place_name,
                   e.place_text, e.country, a.source
            FROM events e JOIN articles a ON a.hash = e.article
            {w.sql()}
        )"""
    if count:
        return f"{matching} SELECT count(*) FROM (SELECT DISTINCT story, type FROM f)", params
    limit = _limit(f, params)
    sql = f"""{matching},
        top AS (
            SELECT story, type, min(day) AS first_day, max(day) AS last_day,
                   count(DISTINCT article) AS sources
            FROM f GROUP BY story, type
            ORDER BY first_day DESC NULLS LAST, sources DESC, story
            {limit}
        )
        SELECT top.first_day, top.last_day, top.type,
               mode(coalesce(f.actor_name, f.actor_text)) AS actor,
               mode(f.trigger_text) AS trigger,
               mode(coalesce(f.target_name, f.target_text)) AS target,
               mode(coalesce(f.place_name, f.place_text)) AS place,
               mode(f.country) AS country, top.sources,
               string_agg(DISTINCT f.source, '; ') AS outlets, top.story
        FROM top JOIN f ON f.story = top.story AND f.type = top.type
        GROUP BY ALL
        ORDER BY top.first_day DESC NULLS LAST, top.sources DESC, top.story"""
    return sql, params


def events(con: Any, f: Filters, by_article: bool = False) -> Result:
    """Story events (one row per story, with its number of sources), or with ``by_article``
    every source's event row."""
    return _run(con, *_events_sql(f, by_article))


def _stories_sql(f: Filters, count: bool = False) -> tuple[str, list[Any]]:
    """Story rows from the precomputed ``stories`` table (filters that need no article)."""
    w = Where()
    if f.type:
        w.add("type = upper(?)", f.type)
    if f.actor:
        w.like(["actor"], f.actor)
    if f.entity:
        w.like(["actor", "target", "place"], f.entity)
    if f.country:
        w.add("country = upper(?)", f.country)
    if f.since:
        w.add("last_day >= CAST(? AS DATE)", f.since)
    if f.until:
        w.add("first_day <= CAST(? AS DATE)", f.until)
    if count:
        return f"SELECT count(*) FROM stories {w.sql()}", w.params
    params = list(w.params)
    sql = f"""
        SELECT first_day, last_day, type, actor, trigger, target, place, country, sources,
               outlets, story
        FROM stories
        {w.sql()}
        ORDER BY first_day DESC NULLS LAST, sources DESC, story
        {_limit(f, params)}"""
    return sql, params


def _entities_sql(f: Filters, count: bool = False) -> tuple[str, list[Any]]:
    w = Where()
    article_filters(w, f)
    if f.type:
        w.add("e.type = upper(?)", f.type)
    if f.entity or f.actor:
        w.like(["e.name"], f.entity or f.actor or "")
    if f.country:
        w.add("e.country = upper(?)", f.country)
    sql = f"""
        SELECT mode(e.name) AS name, e.type, count(DISTINCT e.article) AS articles,
               sum(e.n_mentions) AS mentions, mode(e.country) AS country,
               string_agg(DISTINCT e.name, '; ') AS variants,
               coalesce(e.canonical_key, e.key) AS key
        FROM entities e JOIN articles a ON a.hash = e.article
        {w.sql()}
        GROUP BY coalesce(e.canonical_key, e.key), e.type
        ORDER BY articles DESC, mentions DESC, key"""
    if count:
        sql = f"""
            SELECT 1 FROM entities e JOIN articles a ON a.hash = e.article
            {w.sql()}
            GROUP BY coalesce(e.canonical_key, e.key), e.type"""
    return _paged(sql, w.params, f, count)


def entities(con: Any, f: Filters) -> Result:
    """Entities merged across articles (by canonical key), with article and mention counts."""
    return _run(con, *_entities_sql(f))


def _quotes_sql(f: Filters, count: bool = False) -> tuple[str, list[Any]]:
    w = Where()
    article_filters(w, f)
    if f.type:
        w.add("q.kind = lower(?)", f.type)
    if f.entity or f.actor:
        w.like(["q.speaker_name", "q.speaker_text"], f.entity or f.actor or "")
    sql = f"""
        SELECT a.published, coalesce(q.speaker_name, q.speaker_text) AS speaker, q.kind,
               q.cue, q.text AS quote, a.source, a.title, q.article
        FROM quotes q JOIN articles a ON a.hash = q.article
        {w.sql()}
        ORDER BY a.published DESC NULLS LAST, a.seq, q.idx"""
    return _paged(sql, w.params, f, count)


def quotes(con: Any, f: Filters) -> Result:
    """Quotations with their speakers; ``actor``/``entity`` match the speaker."""
    return _run(con, *_quotes_sql(f))


def _counts_sql(f: Filters, count: bool = False) -> tuple[str, list[Any]]:
    w = Where()
    article_filters(w, f)
    if f.type:
        w.add("c.kind = upper(?)", f.type)
    if f.entity or f.actor:
        w.like(["c.who", "c.text"], f.entity or f.actor or "")
    sql = f"""
        SELECT a.published, c.kind, c.value, c.upper, c.approximate, c.lower_bound, c.who,
               c.text, a.source, a.title, c.article
        FROM counts c JOIN articles a ON a.hash = c.article
        {w.sql()}
        ORDER BY a.published DESC NULLS LAST, a.seq, c.idx"""
    return _paged(sql, w.params, f, count)


def counts(con: Any, f: Filters) -> Result:
    """Numeric facts (KILLED 8, INJURED 317 …); ``type`` is the count kind."""
    return _run(con, *_counts_sql(f))


def _conflicts_sql(f: Filters, count: bool = False) -> tuple[str, list[Any]]:
    w = Where()
    if f.type:
        w.add("kind = upper(?)", f.type)
    if f.source:
        w.like(["source"], f.source)
    if f.since:
        w.add("published >= CAST(? AS DATE)", f.since)
    if f.until:
        w.add("published <= CAST(? AS DATE)", f.until)
    sql = f"""
        SELECT story, kind, count(DISTINCT article) AS sources,
               string_agg(DISTINCT CAST(value AS VARCHAR), ' / ') AS values,
               string_agg(coalesce(source, '?') || ': ' || text || ' (' ||
                          CAST(value AS VARCHAR) || ')', ' | ' ORDER BY value) AS reports,
               min(published) AS published, mode(title) AS title
        FROM ({CONFLICTS_SQL}) c
        {w.sql()}
        GROUP BY story, kind
        ORDER BY published DESC NULLS LAST, story, kind"""
    return _paged(sql, w.params, f, count)


def conflicts(con: Any, f: Filters) -> Result:
    """Figures that disagree across the sources of one story: one row per story and kind."""
    return _run(con, *_conflicts_sql(f))


_COUNTED: dict[str, Callable[..., tuple[str, list[Any]]]] = {
    "events": _events_sql,
    "entities": _entities_sql,
    "quotes": _quotes_sql,
    "counts": _counts_sql,
    "conflicts": _conflicts_sql,
}


def total(con: Any, name: str, f: Filters, **kwargs: Any) -> int:
    """How many rows query ``name`` (``events``, ``entities``, ``quotes``, ``counts`` or
    ``conflicts``) gives for ``f`` over all pages, ``f.limit`` and ``f.offset`` ignored;
    ``kwargs`` as the query takes them (``by_article`` for events).

    Example: ``total(con, "events", Filters(type="PROTEST"))`` is the number of protest
    stories, however many ``events(con, Filters(type="PROTEST", limit=10))`` shows."""
    try:
        build = _COUNTED[name]
    except KeyError:
        raise WartaError(f"no list query {name!r} (one of {', '.join(_COUNTED)})") from None
    sql, params = build(f, count=True, **kwargs)
    return int(_run(con, sql, params)[1][0][0])


def sql(con: Any, statement: str) -> Result:
    """Run ad hoc SQL on a read-only connection (writes and file access are refused)."""
    import duckdb

    try:
        cur = con.execute(statement)
    except duckdb.Error as exc:
        raise WartaError(f"SQL error: {str(exc).splitlines()[0]}") from None
    if cur.description is None:
        return [], []
    return [d[0] for d in cur.description], cur.fetchall()


def open_read_only(path: Any) -> Any:
    """A read-only connection to the store at ``path`` with file-system access disabled."""
    from warta.store.db import connect

    con = connect(path, read_only=True)
    con.execute("SET enable_external_access = false")
    con.execute("SET enable_progress_bar = false")
    return con
