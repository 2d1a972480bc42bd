"""``warta doctor``: check a store's integrity, and repair what can be derived again.

The article record (``articles.record`` plus ``articles.text``) is the source of truth: every
child row (entities, mentions, counts, quotes, dates, events, checks) is what
:func:`warta.store.rows.article_rows` derives from it. :func:`check_store` opens the store
read-only and runs named checks, each ``ok``, ``warn`` or ``fail``:

* ``schema``: every table of :data:`schema.TABLES`, and the layout version (older: warn, a
  writing command migrates; newer: fail);
* ``article keys``: ``hash`` is the content hash of ``text``;
* ``article records``: the record JSON parses, ``Article.from_dict`` accepts it, and its text
  is the ``text`` column;
* ``unique hashes``: no hash stored twice;
* ``orphan rows``: no child row whose article is not stored;
* ``child rows``: per article and table, as many rows as its record derives;
* ``canonical links``: every near duplicate points at a stored article that is itself
  canonical (no chains);
* ``duplicate links``: the ``duplicates`` table agrees with ``articles.canonical``;
* ``aggregates``: merged entities and stories are up to date.

:func:`repair_store` (``--fix``) deletes orphan rows, rebuilds the child rows of an article
from its record, drops or shortens broken near-duplicate links, refreshes the aggregates and
migrates an older layout, one transaction per repair; articles whose record is unreadable are
deleted only with ``drop_broken``. Memory stays bounded: records are streamed in chunks and
only per-article row counts computed by DuckDB are joined to them.

Example: a mentions row whose article was deleted by hand gives ``orphan rows  fail  1
mentions: 1 row(s) of article 3f2a9c...``; ``warta doctor --fix`` deletes it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from warta.errors import WartaError
from warta.progress import rich_bar
from warta.store import schema

#: Check names, in report order.
CHECKS: tuple[str, ...] = (
    "schema",
    "article keys",
    "article records",
    "unique hashes",
    "orphan rows",
    "child rows",
    "canonical links",
    "duplicate links",
    "aggregates",
)

#: Child tables whose rows ``article_rows`` derives from the record.
DERIVED_TABLES: tuple[str, ...] = tuple(
    t for t in schema.CHILD_TABLES if t not in ("minhashes", "duplicates")
)

#: Articles read per ``fetchmany`` (and rebuilt per statement by ``--fix``).
CHUNK = 500

_RANK = {"ok": 0, "warn": 1, "fail": 2}
_T = TypeVar("_T")


@dataclass
class Check:
    """One named check: its status (``ok``, ``warn``, ``fail``), how many items are affected,
    one example, and whether ``warta doctor --fix`` repairs it."""

    name: str
    status: str = "ok"
    n: int = 0
    example: str = ""
    fixable: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "n": self.n,
            "example": self.example,
            "fixable": self.fixable,
        }


@dataclass
class Repair:
    """What ``--fix`` did: the check it repaired, how many items, and a phrase."""

    name: str
    n: int
    what: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "n": self.n, "what": self.what}


@dataclass
class DoctorReport:
    """The checks of one store, what ``--fix`` repaired, and where the time went (seconds)."""

    path: str
    checks: list[Check] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    articles: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def status(self) -> str:
        """The worst status of any check (``ok`` for a store with no checks run is not
        possible: the schema check always runs)."""
        return max((c.status for c in self.checks), key=_RANK.__getitem__, default="ok")

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings allowed)."""
        return self.status != "fail"

    @property
    def exit_code(self) -> int:
        """0 for ok or only warnings, 1 when a check failed."""
        return 0 if self.ok else 1

    def check(self, name: str) -> Check:
        """The check called ``name`` (KeyError when it did not run)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    def problems(self) -> dict[str, str]:
        """``{name: status}`` of every check that is not ok."""
        return {c.name: c.status for c in self.checks if c.status != "ok"}

    def verdict(self) -> str:
        """One line: the store is healthy, has warnings, or has failures (and what helps)."""
        fixed = f"; repaired {sum(r.n for r in self.repairs)} item(s)" if self.repairs else ""
        what = f"{self.articles} articles, {self.elapsed:.1f} s{fixed}"
        bad = [c for c in self.checks if c.status != "ok"]
        if not bad:
            return f"{self.path}: healthy ({what})"
        names = ", ".join(c.name for c in bad)
        if self.status == "warn":
            return f"{self.path}: usable, with warnings: {names} ({what})"
        hint = ""
        if any(c.fixable for c in bad if c.status == "fail"):
            hint = "; 'warta doctor --fix' repairs what is marked fixable"
        if any(c.name in ("article keys", "article records") for c in bad):
            hint += "; '--fix --drop-broken' deletes broken articles"
        return f"{self.path}: PROBLEMS: {names} ({what}){hint}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "db": self.path,
            "status": self.status,
            "verdict": self.verdict(),
            "articles": self.articles,
            "checks": [c.to_dict() for c in self.checks],
            "repairs": [r.to_dict() for r in self.repairs],
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
            "elapsed_s": round(self.elapsed, 3),
        }


# ----------------------------------------------------------------------------- progress


class _Progress:
    """A rich progress bar over articles on a terminal (stderr); nothing elsewhere."""

    def __init__(self, label: str, total: int, enabled: bool) -> None:
        self.bar: Any = None
        self.task: Any = None
        if enabled and total and sys.stderr.isatty():
            self.bar = rich_bar(label, transient=True)
            self.task = self.bar.add_task(label, total=total)

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


# ----------------------------------------------------------------------------- checks


def _short(hash_: Any) -> str:
    return f"{str(hash_)[:12]}…"


def _tables(con: Any) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {r[0] for r in rows}


def _schema_check(con: Any) -> tuple[Check, bool, set[str]]:
    """The schema check, whether the other checks can run, and the tables present."""
    check = Check("schema")
    present = _tables(con)
    missing = [t for t in schema.TABLES if t not in present]
    if "schema_version" not in present:
        check.status, check.n = "fail", len(missing)
        check.example = "no schema_version table: not a warta store"
        return check, False, present
    version = schema.current_version(con)
    if version is None:
        check.status, check.example = "fail", "schema_version holds no version"
        return check, False, present
    if version > schema.SCHEMA_VERSION:
        check.status, check.n = "fail", 1
        check.example = (
            f"schema version {version} is newer than this warta's ({schema.SCHEMA_VERSION}): "
            "upgrade warta"
        )
        return check, False, present
    if "articles" not in present:
        check.status, check.n, check.fixable = "fail", len(missing), False
        check.example = "no articles table"
        return check, False, present
    if missing:
        check.status, check.n, check.fixable = "fail", len(missing), True
        check.example = f"missing table(s): {', '.join(missing)}"
    elif version < schema.SCHEMA_VERSION:
        check.status, check.n, check.fixable = "warn", 1, True
        check.example = (
            f"schema version {version}, this warta's is {schema.SCHEMA_VERSION}: "
            "run any writing command to migrate"
        )
    return check, True, present


@dataclass
class _Tally:
    """Items found by one check: a count, the first example, and (when collecting for
    ``--fix``) the article hashes concerned."""

    n: int = 0
    example: str = ""
    hashes: list[str] | None = None

    def add(self, hash_: str, example: str) -> None:
        self.n += 1
        if not self.example:
            self.example = example
        if self.hashes is not None:
            self.hashes.append(hash_)


@dataclass
class _Scan:
    keys: _Tally
    records: _Tally
    children: _Tally
    articles: int = 0


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return " ".join(lines[:2])[:200] or type(exc).__name__


def _scan_articles(con: Any, present: set[str], progress: bool, chunk: int, collect: bool) -> _Scan:
    """Stream every article once: its key, its record, and its child row counts (from one
    GROUP BY per table, joined in DuckDB) against what its record derives."""
    from warta.record import Article
    from warta.store.rows import article_rows, content_hash

    scan = _Scan(
        keys=_Tally(hashes=[] if collect else None),
        records=_Tally(hashes=[] if collect else None),
        children=_Tally(hashes=[] if collect else None),
    )
    tables = [t for t in DERIVED_TABLES if t in present]
    joins = "".join(
        f" LEFT JOIN (SELECT article, count(*) AS n FROM {t} GROUP BY article) c{i}"
        f" ON c{i}.article = a.hash"
        for i, t in enumerate(tables)
    )
    counts = "".join(f", coalesce(c{i}.n, 0)" for i in range(len(tables)))
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    bar = _Progress("doctor", total, progress)
    cur = con.cursor()
    try:
        cur.execute(f"SELECT a.hash, a.text, a.record{counts} FROM articles a{joins}")
        while rows := cur.fetchmany(chunk):
            for row in rows:
                hash_, text, stored, have = row[0], row[1], row[2], row[3:]
                scan.articles += 1
                text = text if isinstance(text, str) else ""
                key = content_hash(text)
                if key != hash_:
                    scan.keys.add(
                        hash_, f"{_short(hash_)}: the text's hash is {_short(key)} (text edited?)"
                    )
                try:
                    record = json.loads(stored)
                except (TypeError, ValueError) as exc:
                    scan.records.add(hash_, f"{_short(hash_)}: record is not JSON: {exc}"[:200])
                    continue
                if not isinstance(record, dict):
                    kind = type(record).__name__
                    scan.records.add(
                        hash_, f"{_short(hash_)}: record is a JSON {kind}, not an object"
                    )
                    continue
                if record.get("text") not in ("", text):
                    scan.records.add(hash_, f"{_short(hash_)}: record text differs from 'text'")
                    continue
                record["text"] = text
                try:
                    Article.from_dict(record)
                    derived = article_rows(record, hash_)
                except Exception as exc:  # any rejection: the record is unreadable
                    scan.records.add(hash_, f"{_short(hash_)}: record rejected: {_first_line(exc)}")
                    continue
                for table, n in zip(tables, have, strict=True):
                    want = len(derived[table])
                    if want != n:
                        scan.children.add(
                            hash_,
                            f"{_short(hash_)} {table}: {n} row(s) stored, {want} in its record",
                        )
                        break
            bar.advance(len(rows))
    finally:
        cur.close()
        bar.close()
    return scan


def _orphans(con: Any, present: set[str]) -> Check:
    check = Check("orphan rows", fixable=True)
    for table in schema.CHILD_TABLES:
        if table not in present:
            continue
        n, article, articles = con.execute(
            f"SELECT count(*), any_value(article), count(DISTINCT article) FROM {table} t "
            "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.hash = t.article)"
        ).fetchone()
        if n:
            check.n += n
            if not check.example:
                check.example = (
                    f"{table}: {n} row(s) of {articles} article(s) not stored, "
                    f"e.g. {_short(article)}"
                )
    check.status = "fail" if check.n else "ok"
    return check


def _unique(con: Any) -> Check:
    n, example = con.execute(
        "SELECT count(*), any_value(hash) FROM "
        "(SELECT hash FROM articles GROUP BY hash HAVING count(*) > 1)"
    ).fetchone()
    check = Check("unique hashes", n=n, fixable=False)
    if n:
        check.status, check.example = "fail", f"{_short(example)} stored more than once"
    return check


def _canonical_links(con: Any) -> Check:
    check = Check("canonical links", fixable=True)
    dangling, d_ex = con.execute(
        "SELECT count(*), any_value(hash || ' -> ' || canonical) FROM articles a "
        "WHERE canonical IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.hash = a.canonical)"
    ).fetchone()
    chained, c_ex = con.execute(
        "SELECT count(*), any_value(a.hash || ' -> ' || b.hash || ' -> ' || b.canonical) "
        "FROM articles a JOIN articles b ON b.hash = a.canonical "
        "WHERE a.canonical IS NOT NULL AND b.canonical IS NOT NULL"
    ).fetchone()
    check.n = dangling + chained
    if dangling:
        check.status = "fail"
        a, b = d_ex.split(" -> ")
        check.example = f"{_short(a)} points at {_short(b)}, which is not stored"
    elif chained:
        check.status = "fail"
        a, b, c = c_ex.split(" -> ")
        check.example = f"{_short(a)} points at {_short(b)}, itself a copy of {_short(c)}"
    return check


def _duplicate_links(con: Any, present: set[str]) -> Check:
    check = Check("duplicate links", fixable=True)
    if "duplicates" not in present:
        return check
    extra, e_ex = con.execute(
        "SELECT count(*), any_value(article) FROM duplicates d "
        "WHERE EXISTS (SELECT 1 FROM articles a WHERE a.hash = d.article) "
        "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.hash = d.article "
        "AND a.canonical = d.canonical)"
    ).fetchone()
    lacking, l_ex = con.execute(
        "SELECT count(*), any_value(hash) FROM articles a WHERE canonical IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM duplicates d WHERE d.article = a.hash "
        "AND d.canonical = a.canonical)"
    ).fetchone()
    twice, t_ex = con.execute(
        "SELECT count(*), any_value(article) FROM "
        "(SELECT article FROM duplicates GROUP BY article HAVING count(*) > 1)"
    ).fetchone()
    check.n = extra + lacking + twice
    if extra:
        check.example = f"{_short(e_ex)}: a duplicates row that articles.canonical does not have"
    elif lacking:
        check.example = f"{_short(l_ex)}: articles.canonical has no duplicates row"
    elif twice:
        check.example = f"{_short(t_ex)}: more than one duplicates row"
    check.status = "fail" if check.n else "ok"
    return check


def _aggregates(con: Any, present: set[str]) -> Check:
    from warta.store.aggregate import needs_refresh

    check = Check("aggregates", fixable=True)
    if not {"entities", "events", "stories"} <= present:
        return check
    if needs_refresh(con):
        check.status, check.n = "warn", 1
        check.example = "stale: rerun 'warta doctor --fix' or any ingest"
    return check


def _timed(timings: dict[str, float], name: str, fn: Callable[[], Any]) -> Any:
    began = time.perf_counter()
    try:
        return fn()
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - began


def _run_checks(
    con: Any, report: DoctorReport, progress: bool, chunk: int, collect: bool
) -> _Scan | None:
    """Fill ``report`` with every check; returns the article scan (None when the schema
    stopped the checks)."""
    t = report.timings
    sch, go_on, present = _timed(t, "schema", lambda: _schema_check(con))
    report.checks.append(sch)
    if not go_on:
        return None
    scan: _Scan = _timed(
        t, "articles", lambda: _scan_articles(con, present, progress, chunk, collect)
    )
    report.articles = scan.articles
    for name, tally, fixable in (
        ("article keys", scan.keys, False),
        ("article records", scan.records, False),
    ):
        status = "fail" if tally.n else "ok"
        report.checks.append(Check(name, status, tally.n, tally.example, fixable))
    report.checks.append(_timed(t, "unique", lambda: _unique(con)))
    report.checks.append(_timed(t, "orphans", lambda: _orphans(con, present)))
    children = Check(
        "child rows", "fail" if scan.children.n else "ok", scan.children.n, scan.children.example
    )
    children.fixable = True
    report.checks.append(children)
    report.checks.append(_timed(t, "links", lambda: _canonical_links(con)))
    report.checks.append(_timed(t, "links", lambda: _duplicate_links(con, present)))
    report.checks.append(_timed(t, "aggregates", lambda: _aggregates(con, present)))
    return scan


def check_store(
    path: str | os.PathLike[str], *, progress: bool = False, chunk: int = CHUNK
) -> DoctorReport:
    """Check the store at ``path``, opened read-only; never changes it.

    Raises :class:`WartaError` (one line) when the file cannot be opened: missing, not a
    DuckDB file, or locked by a running ingest.

    Example: ``check_store("warta.duckdb").problems()`` is ``{}`` for a healthy store and
    ``{"child rows": "fail"}`` after ``DELETE FROM events WHERE idx = 0``.
    """
    from warta.store.db import connect

    began = time.perf_counter()
    report = DoctorReport(str(path))
    con = connect(path, read_only=True)  # one-line WartaError when it cannot be opened
    import duckdb  # (imported by connect already)

    try:
        _run_checks(con, report, progress, chunk, collect=False)
    except duckdb.Error as exc:  # a corrupt block, an I/O error: the data cannot be read
        report.checks.append(
            Check("storage", "fail", 1, f"reading the store failed: {_first_line(exc)}")
        )
    finally:
        con.close()
    report.elapsed = time.perf_counter() - began
    return report


# ----------------------------------------------------------------------------- repairs


def _transaction(con: Any, work: Callable[[], _T]) -> _T:
    """``work()`` in one transaction: all of its changes, or none."""
    con.execute("BEGIN TRANSACTION")
    try:
        n = work()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return n


def _changed(result: Any) -> int:
    row = result.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _delete_orphans(con: Any) -> int:
    n = 0
    for table in schema.CHILD_TABLES:
        n += _changed(
            con.execute(
                f"DELETE FROM {table} WHERE NOT EXISTS "
                f"(SELECT 1 FROM articles a WHERE a.hash = {table}.article)"
            )
        )
    return n


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _rebuild(store: Any, hashes: Sequence[str], chunk: int) -> int:
    """Replace the derived child rows of ``hashes`` with what their records give."""
    from warta.store.rows import article_rows, restore_record

    con = store.con
    for part in _chunks(hashes, chunk):
        rows = con.execute(
            "SELECT hash, text, record FROM articles WHERE hash IN (SELECT unnest(?::VARCHAR[]))",
            [part],
        ).fetchall()
        tables: dict[str, list[tuple[Any, ...]]] = {t: [] for t in DERIVED_TABLES}
        for hash_, text, stored in rows:
            for table, trows in article_rows(restore_record(stored, text), hash_).items():
                tables[table].extend(trows)
        for table in DERIVED_TABLES:
            con.execute(
                f"DELETE FROM {table} WHERE article IN (SELECT unnest(?::VARCHAR[]))", [part]
            )
            store.insert_rows(table, tables[table])
    return len(hashes)


def _resolve_links(con: Any) -> tuple[int, int]:
    """Point every near duplicate at its chain's root, or drop the link when the chain ends
    at an article that is not stored or loops; then make ``duplicates`` agree. Returns the
    articles relinked and the ``duplicates`` rows deleted or added."""
    links = dict(
        con.execute("SELECT hash, canonical FROM articles WHERE canonical IS NOT NULL").fetchall()
    )
    targets = {t for t in links.values() if t not in links}
    stored = {
        r[0]
        for r in con.execute(
            "SELECT hash FROM articles WHERE hash IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(targets)],
        ).fetchall()
    }
    new: dict[str, str | None] = {}
    for hash_, target in links.items():
        seen = {hash_}
        root: str | None = target
        while root in links and root not in seen:
            seen.add(root)
            root = links[root]
        if root in seen or root not in stored:
            root = None  # a loop, or a chain ending nowhere
        if root != target:
            new[hash_] = root
    if new:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _relink AS SELECT unnest(?::VARCHAR[]) AS hash, "
            "unnest(?::VARCHAR[]) AS canonical",
            [list(new), list(new.values())],
        )
        con.execute(
            "UPDATE articles SET canonical = r.canonical, "
            "similarity = CASE WHEN r.canonical IS NULL THEN NULL ELSE articles.similarity END "
            "FROM _relink r WHERE articles.hash = r.hash"
        )
        con.execute("DROP TABLE _relink")
    n = _changed(
        con.execute(
            "DELETE FROM duplicates WHERE article IN "
            "(SELECT article FROM duplicates GROUP BY article HAVING count(*) > 1)"
        )
    )
    n += _changed(
        con.execute(
            "DELETE FROM duplicates WHERE NOT EXISTS (SELECT 1 FROM articles a "
            "WHERE a.hash = duplicates.article AND a.canonical = duplicates.canonical)"
        )
    )
    n += _changed(
        con.execute(
            "INSERT INTO duplicates (article, canonical, similarity) "
            "SELECT hash, canonical, coalesce(similarity, 0.0) FROM articles a "
            "WHERE canonical IS NOT NULL AND NOT EXISTS (SELECT 1 FROM duplicates d "
            "WHERE d.article = a.hash AND d.canonical = a.canonical)"
        )
    )
    return len(new), n


def repair_store(
    path: str | os.PathLike[str],
    *,
    drop_broken: bool = False,
    progress: bool = False,
    chunk: int = CHUNK,
) -> DoctorReport:
    """Repair what :func:`check_store` finds fixable, then check again; returns the final
    report with ``repairs`` listing what was done.

    Each repair is one transaction: migrating an older layout (and creating missing tables),
    deleting broken articles (only with ``drop_broken``: a hash that is not its text's, or a
    record that cannot be read), deleting orphan rows, rebuilding child rows from records,
    fixing near-duplicate links, refreshing the aggregates. A store from a newer warta, or a
    file that is not a warta store, is left untouched.

    Example: after ``DELETE FROM events WHERE idx = 0``, ``repair_store(db).repairs`` is
    ``[Repair("child rows", 1, "rebuilt from the record"), Repair("aggregates", 0, …)]``.
    """
    from warta.store.db import connect

    began = time.perf_counter()
    con = connect(path, read_only=True)  # one-line WartaError when it cannot be opened
    import duckdb  # (imported by connect already)

    try:
        sch, go_on, _present = _schema_check(con)
    finally:
        con.close()
    repairs: list[Repair] = []
    timings: dict[str, float] = {}
    if go_on:
        # unreadable data stops the repairs: the check below reports it (and what was done)
        with contextlib.suppress(duckdb.Error):
            _repair(path, sch, repairs, timings, drop_broken, progress, chunk)
    report = check_store(path, progress=progress, chunk=chunk)
    report.repairs = repairs
    report.timings = {**timings, "check": sum(report.timings.values())}
    report.elapsed = time.perf_counter() - began
    return report


def _repair(
    path: str | os.PathLike[str],
    sch: Check,
    repairs: list[Repair],
    timings: dict[str, float],
    drop_broken: bool,
    progress: bool,
    chunk: int,
) -> None:
    """The repairs of :func:`repair_store`, appended to ``repairs`` as each commits."""
    from warta.store.aggregate import needs_refresh
    from warta.store.db import Store

    with Store(path) as store:  # migrates an older layout, creates missing tables
        if sch.status != "ok":
            repairs.append(Repair("schema", sch.n, "migrated / created missing tables"))
        found = DoctorReport(str(path))
        scan = _run_checks(store.con, found, progress, chunk, collect=True)
        assert scan is not None  # the store was just opened and migrated
        timings["scan"] = sum(found.timings.values())
        con = store.con
        t0 = time.perf_counter()
        broken = sorted(set(scan.keys.hashes or []) | set(scan.records.hashes or []))
        if drop_broken and broken:
            store.delete(broken)
            repairs.append(Repair("article records", len(broken), "deleted broken articles"))
        if found.check("orphan rows").n:
            n = _transaction(con, lambda: _delete_orphans(con))
            repairs.append(Repair("orphan rows", n, "deleted"))
        gone = set(broken) if drop_broken else set(scan.records.hashes or [])
        rebuild = [h for h in scan.children.hashes or [] if h not in gone]
        if rebuild:
            n = _transaction(con, lambda: _rebuild(store, rebuild, chunk))
            repairs.append(Repair("child rows", n, "rebuilt from the record"))
        relinked, rows = _transaction(con, lambda: _resolve_links(con))
        if relinked:
            repairs.append(
                Repair("canonical links", relinked, "link(s) dropped or pointed at the root")
            )
        if rows:
            repairs.append(Repair("duplicate links", rows, "row(s) deleted or added"))
        timings["repair"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if repairs or needs_refresh(con):
            store.refresh(force=True)
            repairs.append(Repair("aggregates", 0, "merged entities and stories refreshed"))
        timings["refresh"] = time.perf_counter() - t0


# ----------------------------------------------------------------------------- command


def render_report(report: DoctorReport, console: Any) -> None:
    """Print the checks as a rich table, the repairs, the timings and the verdict."""
    from rich.table import Table
    from rich.text import Text

    colour = {"ok": "green", "warn": "yellow", "fail": "bold red"}
    table = Table(title=Text(f"warta doctor {report.path}"))
    table.add_column("check")
    table.add_column("status")
    table.add_column("n", justify="right")
    table.add_column("example")
    for c in report.checks:
        status = Text(c.status, style=colour[c.status])
        if c.status != "ok" and c.fixable:
            status.append(" (fixable)", style="dim")
        table.add_row(c.name, status, str(c.n), Text(c.example))
    console.print(table)
    for r in report.repairs:
        console.print(Text(f"fixed: {r.name}: {f'{r.n} ' if r.n else ''}{r.what}"))
    if report.timings:
        spent = ", ".join(f"{k} {v:.2f} s" for k, v in report.timings.items())
        console.print(Text(f"time: {spent}", style="dim"))
    console.print(Text(report.verdict(), style=colour[report.status]))


def run_doctor(db: str, fix: bool, drop_broken: bool, as_json: bool) -> None:
    """``warta doctor``: check (or ``fix``) the store ``db``, print the report, and exit with
    status 0 (healthy or only warnings) or 1 (a check failed). A store that cannot be opened
    raises :class:`WartaError` (status 2)."""
    from rich.console import Console

    if drop_broken and not fix:
        raise WartaError("--drop-broken goes with --fix")
    show = not as_json
    if fix:
        report = repair_store(db, drop_broken=drop_broken, progress=show)
    else:
        report = check_store(db, progress=show)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_report(report, Console())
    sys.exit(report.exit_code)
