"""Across articles: one entity per real-world name, one story per real-world event.

* Entities merge by type and folded name (``rows.name_key``), then by the variant rules used
  inside an article (``warta.components.names.same_part``): parts that differ by a letter or
  two ("Tokayev"/"Tokayeva", "Soeharto"/"Suharto") are one name, and a lone person name part
  ("Purbaya") joins the one full name in the store that contains it ("Purbaya Yudhi Sadewa").
  ``entities.canonical_key`` holds the merged key.
* Events cluster into stories: same type, same (merged) actor, target and place, and dates
  chained no more than one day apart. ``events.story`` holds the story id; every source's
  event row is kept. An event with neither actor nor place, or without a date, is a story
  of its own.
* Stories also group an article with its near duplicates, so a syndicated copy that changed a
  figure is a conflict too (:data:`CONFLICTS_SQL`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def needs_refresh(con: Any) -> bool:
    """Whether some rows were written since the last :func:`refresh`."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM entities WHERE canonical_key IS NULL)"
        " + (SELECT count(*) FROM events WHERE story IS NULL)"
        " + (SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM stories)"
        "    AND EXISTS (SELECT 1 FROM events) THEN 1 ELSE 0 END)"
    ).fetchone()
    return bool(row[0])


def _same_part(a: str, b: str) -> bool:
    try:
        from warta.components.names import same_part
    except ImportError:  # pragma: no cover - names stage absent: exact parts only
        return a == b
    return bool(same_part(a, b))


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_keys(freq: dict[str, int]) -> dict[str, str]:
    """Map each entity key ("PER:kassym jomart tokayev") to its merged key: the most frequent
    key of its cluster. ``freq`` counts the articles each key occurs in.

    Example: ``{"PER:nikol pashinyan": 3, "PER:nikol pashinian": 1, "PER:pashinyan": 2}``
    maps all three keys to "PER:nikol pashinyan".
    """
    uf = _Union()
    blocks: dict[tuple[str, int, str], list[tuple[str, list[str]]]] = defaultdict(list)
    parts_of: dict[str, list[str]] = {}
    for key in freq:
        uf.find(key)
        type_, _, name = key.partition(":")
        parts = name.split()
        parts_of[key] = parts
        if parts:
            blocks[(type_, len(parts), parts[-1][:2])].append((key, parts))
    for members in blocks.values():
        for i, (ka, pa) in enumerate(members):
            for kb, pb in members[i + 1 :]:
                if pa != pb and all(_same_part(x, y) for x, y in zip(pa, pb, strict=True)):
                    uf.union(ka, kb)
    # A lone person name part joins the one multi-part person name containing it.
    holders: dict[str, set[str]] = defaultdict(set)
    for key, parts in parts_of.items():
        if key.startswith("PER:") and len(parts) > 1:
            for p in parts:
                holders[p].add(uf.find(key))
    for key, parts in parts_of.items():
        if key.startswith("PER:") and len(parts) == 1 and len(parts[0]) >= 3:
            roots = holders.get(parts[0], set())
            if len(roots) == 1:
                uf.union(key, next(iter(roots)))
    clusters: dict[str, list[str]] = defaultdict(list)
    for key in freq:
        clusters[uf.find(key)].append(key)
    out: dict[str, str] = {}
    for cluster in clusters.values():
        best = max(cluster, key=lambda k: (freq[k], len(k), k))
        for k in cluster:
            out[k] = best
    return out


def refresh_entities(con: Any) -> None:
    """Set ``entities.canonical_key`` for every row."""
    freq = dict(
        con.execute("SELECT key, count(DISTINCT article) FROM entities GROUP BY key").fetchall()
    )
    mapping = merge_keys(freq)
    con.execute("CREATE OR REPLACE TEMP TABLE _keymap (key VARCHAR, canonical_key VARCHAR)")
    if mapping:
        con.execute(
            "INSERT INTO _keymap SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [list(mapping), list(mapping.values())],
        )
    con.execute(
        "UPDATE entities SET canonical_key = m.canonical_key FROM _keymap m "
        "WHERE entities.key = m.key AND entities.canonical_key IS DISTINCT FROM m.canonical_key"
    )


STORY_SQL = """
WITH ev AS (
    SELECT e.article, e.idx, e.type, e.day,
           coalesce(ma.canonical_key, e.actor_key, '') AS ak,
           coalesce(mt.canonical_key, e.target_key, '') AS tk,
           coalesce(mp.canonical_key, e.place_key, '') AS pk
    FROM events e
    LEFT JOIN _keymap ma ON ma.key = e.actor_key
    LEFT JOIN _keymap mt ON mt.key = e.target_key
    LEFT JOIN _keymap mp ON mp.key = e.place_key
),
keyed AS (
    SELECT *, (day IS NOT NULL AND (ak <> '' OR pk <> '')) AS clusterable FROM ev
),
breaks AS (
    SELECT *, CASE WHEN lag(day) OVER w IS NULL OR day - lag(day) OVER w > 1 THEN 1 ELSE 0 END
              AS brk
    FROM keyed WHERE clusterable
    WINDOW w AS (PARTITION BY type, ak, tk, pk ORDER BY day, article, idx)
),
groups AS (
    SELECT *, sum(brk) OVER (PARTITION BY type, ak, tk, pk ORDER BY day, article, idx
                             ROWS UNBOUNDED PRECEDING) AS g
    FROM breaks
),
stories AS (
    SELECT article, idx,
           'S' || substr(md5(type || '|' || ak || '|' || tk || '|' || pk || '|' ||
                 CAST(min(day) OVER (PARTITION BY type, ak, tk, pk, g) AS VARCHAR)), 1, 16)
           AS story
    FROM groups
    UNION ALL
    SELECT article, idx, 'E' || substr(article, 1, 15) || '.' || CAST(idx AS VARCHAR)
    FROM keyed WHERE NOT clusterable
)
UPDATE events SET story = s.story FROM stories s
WHERE events.article = s.article AND events.idx = s.idx
  AND events.story IS DISTINCT FROM s.story
"""


#: One row per story (near duplicates left out): what ``warta events`` lists.
STORIES_TABLE_SQL = """
INSERT INTO stories
SELECT e.story, e.type, min(e.day), max(e.day), count(DISTINCT e.article), count(*),
       mode(coalesce(e.actor_name, e.actor_text)), mode(e.trigger_text),
       mode(coalesce(e.target_name, e.target_text)), mode(coalesce(e.place_name, e.place_text)),
       mode(e.country), string_agg(DISTINCT a.source, '; ' ORDER BY a.source)
FROM events e JOIN articles a ON a.hash = e.article
WHERE a.canonical IS NULL AND e.story IS NOT NULL
GROUP BY e.story, e.type
"""


def refresh_stories(con: Any) -> None:
    """Set ``events.story`` for every row (needs ``_keymap`` from :func:`refresh_entities`)
    and rebuild the ``stories`` table."""
    con.execute(STORY_SQL)
    rebuild_stories_table(con)


def rebuild_stories_table(con: Any) -> None:
    """Recompute the ``stories`` table from ``events`` (stories already assigned)."""
    con.execute("DELETE FROM stories")
    con.execute(STORIES_TABLE_SQL)


def refresh(con: Any) -> None:
    """Recompute merged entities and stories in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        refresh_entities(con)
        refresh_stories(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


#: Story membership of each article: its clustered events' stories (near duplicates left out;
#: kept when two or more articles remain) and its near-duplicate group ("D" + canonical hash),
#: where an edited copy that changed a figure shows up.
ARTICLE_STORIES_SQL = """
SELECT DISTINCT e.story, e.article FROM events e JOIN articles a ON a.hash = e.article
WHERE e.story LIKE 'S%' AND a.canonical IS NULL AND e.story IN (
    SELECT story FROM events JOIN articles ON hash = article WHERE canonical IS NULL
    GROUP BY story HAVING count(DISTINCT article) > 1)
UNION
SELECT 'D' || substr(coalesce(canonical, hash), 1, 16) AS story, hash AS article FROM articles
WHERE canonical IS NOT NULL
   OR hash IN (SELECT canonical FROM articles WHERE canonical IS NOT NULL)
"""

#: Figures that disagree across the sources of one story: per story and count kind, the
#: largest value each article gives, when two articles give different values.
CONFLICTS_SQL = f"""
WITH story_articles AS ({ARTICLE_STORIES_SQL}),
figures AS (
    SELECT s.story, c.kind, c.article, max(c.value) AS value,
           arg_max(c.text, c.value) AS text
    FROM story_articles s JOIN counts c ON c.article = s.article
    WHERE c.kind NOT IN ('OTHER', 'MONEY')
    GROUP BY s.story, c.kind, c.article
)
SELECT f.story, f.kind, f.article, a.source, a.title, a.published, f.value, f.text
FROM figures f JOIN articles a ON a.hash = f.article
WHERE (f.story, f.kind) IN (
    SELECT story, kind FROM figures GROUP BY story, kind
    HAVING count(DISTINCT value) > 1 AND count(DISTINCT article) > 1)
"""


def canonical_names(con: Any) -> dict[str, str]:
    """The display name of each merged entity key: its most frequent written name."""
    rows = con.execute(
        "SELECT canonical_key, name, count(*) FROM entities WHERE canonical_key IS NOT NULL "
        "GROUP BY canonical_key, name"
    ).fetchall()
    best: dict[str, tuple[int, str]] = {}
    for key, name, n in rows:
        if key not in best or (n, name) > best[key]:
            best[key] = (n, name)
    return {k: v[1] for k, v in best.items()}
