"""``warta export``: the store as JSON Lines records, tables as Parquet/CSV, or GDELT GKG 2.1.

* ``jsonl``: one article record per line (``Article.to_dict()`` output, exactly as extracted),
  in ingest order; ``warta ingest`` reads it back without re-extracting.
* ``parquet``/``csv``: every table (or one, ``table=``) as a file in a folder, written by DuckDB.
* ``gkg``: a GDELT Global Knowledge Graph 2.1-style tab-separated file, one row per article
  that is not a near duplicate, 27 columns, no header (as GDELT ships it). The column mapping
  is in ``docs/store.md``; "delapan orang tewas" becomes ``KILL#8#orang#…`` in V1COUNTS.

Every file is written under a temporary name in its folder (``.NAME.tmp-<pid>``) and renamed
onto ``NAME`` only when complete, so a killed export never leaves a half-written file under
the final name; the next export removes the temporary files of runs that are no longer alive.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from warta.errors import WartaError
from warta.store.rows import restore_record
from warta.store.schema import TABLES

EXPORT_TABLES: tuple[str, ...] = tuple(t for t in TABLES if t != "schema_version")

#: warta count kinds -> GDELT count types (GDELT's own names where one exists).
GKG_COUNT_TYPES: dict[str, str] = {
    "KILLED": "KILL",
    "INJURED": "WOUND",
    "ARRESTED": "ARREST",
    "MISSING": "MISSING",
    "DISPLACED": "DISPLACED",
    "EVACUATED": "EVACUATION",
    "PROTESTERS": "PROTEST",
    "AFFECTED": "AFFECT",
}

#: GKG 2.1 columns, in order.
GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID",
    "V2.1DATE",
    "V2SOURCECOLLECTIONIDENTIFIER",
    "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER",
    "V1COUNTS",
    "V2.1COUNTS",
    "V1THEMES",
    "V2ENHANCEDTHEMES",
    "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS",
    "V1PERSONS",
    "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE",
    "V2.1ENHANCEDDATES",
    "V2GCAM",
    "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS",
    "V2.1ALLNAMES",
    "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
)

_UNSAFE = re.compile(r"[\t\r\n#;,|]+")


def _clean(value: Any) -> str:
    """A value safe inside a GKG field: no tabs, newlines or GKG delimiters (# ; , |)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _UNSAFE.sub(" ", str(value)).strip()


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}".rstrip("0")


def iter_records(con: Any) -> Iterator[dict[str, Any]]:
    """Every stored record, in ingest order (near duplicates included)."""
    cur = con.execute("SELECT text, record FROM articles ORDER BY seq")
    while rows := cur.fetchmany(1000):
        for text, stored in rows:
            yield restore_record(stored, text)


def export_jsonl(con: Any, out: IO[str]) -> int:
    """Write every record as one JSON line; returns the number written."""
    n = 0
    for record in iter_records(con):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _clean_stale(final: Path) -> None:
    """Remove ``.NAME.tmp-<pid>`` files that runs no longer alive left beside ``final``."""
    prefix = f".{final.name}.tmp-"
    try:
        entries = list(final.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(prefix) :] if entry.name.startswith(prefix) else ""
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            entry.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside ``final`` to write to; renamed onto ``final`` when the block
    ends normally, removed when it raises. A write error becomes a one-line
    :class:`WartaError`.

    Example: ``with atomic_path(Path("out.jsonl")) as tmp: tmp.write_text(...)`` leaves either
    the old ``out.jsonl`` or the complete new one, never a part.
    """
    _clean_stale(final)
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, final)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WartaError(f"{final}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_tables(con: Any, out_dir: Path, fmt: str, table: str | None = None) -> list[Path]:
    """Write each table (or only ``table``) to ``out_dir/<table>.<fmt>``; returns the paths."""
    if fmt not in ("parquet", "csv"):
        raise WartaError(f"unknown table format {fmt!r} (parquet or csv)")
    names = EXPORT_TABLES if table is None else (table,)
    for name in names:
        if name not in EXPORT_TABLES:
            raise WartaError(f"no table {name!r} (one of {', '.join(EXPORT_TABLES)})")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WartaError(f"{out_dir}: cannot create the folder: {exc.strerror or exc}") from None
    paths = []
    options = "FORMAT PARQUET, COMPRESSION ZSTD" if fmt == "parquet" else "FORMAT CSV, HEADER"
    for name in names:
        path = out_dir / f"{name}.{fmt}"
        # Table names come from the fixed list above; the path is quoted as a SQL literal
        # (COPY takes no bound parameter for its target).
        with atomic_path(path) as tmp:
            con.execute(f"COPY (SELECT * FROM {name}) TO {_sql_path(tmp)} ({options})")
        paths.append(path)
    return paths


def _gkg_date(published: str | None) -> str:
    return published.replace("-", "") + "000000" if published else ""


def gkg_row(record: dict[str, Any], n: int, site: str | None) -> list[str]:
    """The 27 GKG 2.1 fields of one article record (see docs/store.md for the mapping)."""
    meta = record.get("metadata") or {}
    published = meta.get("published")
    date = _gkg_date(published)
    ents = {e["id"]: e for e in record.get("entities") or []}
    first_offset = {
        e["id"]: min((m["start"] for m in e.get("mentions") or []), default=0)
        for e in ents.values()
    }

    def loc_fields(ent: dict[str, Any] | None) -> tuple[str, str, str, str, str, str]:
        if ent is None:
            return "", "", "", "", "", ""
        geo = ent.get("geo") or {}
        country = ent.get("country") or ""
        # GKG location type: 1 country, 4 world city/place (ADM1 = 2/5 need admin codes).
        loc_type = "1" if ent.get("type") == "GPE" and not geo.get("feature") else "4"
        return (
            loc_type,
            _clean(ent["name"]),
            _clean(country),
            _num(geo.get("lat")),
            _num(geo.get("lon")),
            _clean(geo.get("geonames_id")),
        )

    places = [e for e in ents.values() if e["type"] in ("LOC", "GPE", "FAC")]
    counts_v1, counts_v21, amounts = [], [], []
    for c in record.get("counts") or []:
        gkg_type = GKG_COUNT_TYPES.get(c["kind"])
        if gkg_type is None:
            amounts.append(f"{_num(c['value'])},{_clean(c.get('who') or c['text'])},{c['start']}")
            continue
        fields = [gkg_type, _num(c["value"]), _clean(c.get("who"))]
        lt, name, cc, lat, lon, fid = loc_fields(None)
        v1 = "#".join([*fields, lt, name, cc, "", lat, lon, fid])
        counts_v1.append(v1)
        counts_v21.append(f"{v1}#{c['start']}")
    locs_v1, locs_v2 = [], []
    for ent in places:
        lt, name, cc, lat, lon, fid = loc_fields(ent)
        locs_v1.append("#".join([lt, name, cc, "", lat, lon, fid]))
        offset = str(first_offset[ent["id"]])
        locs_v2.append("#".join([lt, name, cc, "", "", lat, lon, fid, offset]))
    persons = [e for e in ents.values() if e["type"] == "PER"]
    orgs = [e for e in ents.values() if e["type"] == "ORG"]
    named = [e for e in ents.values() if e["type"] in ("EVT", "MISC", "FAC")]
    dates = []
    for d in record.get("dates") or []:
        value = str(d.get("value") or "")
        m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
        if not m:
            continue
        # GKG resolution codes: 1 = year, 2 = month and year, 3 = full date,
        # 4 = month and day without a year (warta always resolves the year).
        resolution = "1" if m[2] is None else ("2" if m[3] is None else "3")
        dates.append(f"{resolution}#{int(m[2] or 0)}#{int(m[3] or 0)}#{m[1]}#{d['start']}")
    quotes = []
    for q in record.get("quotes") or []:
        if q["kind"] != "direct":
            continue
        verb = _clean(q.get("cue"))
        quotes.append(f"{q['start']}|{q['end'] - q['start']}|{verb}|{_clean(q['text'])}")
    tone = record.get("tone")
    themes = record.get("themes") or []
    words = len(record.get("text", "").split())
    all_names = [
        f"{_clean(e['name'])},{first_offset[e['id']]}" for e in ents.values() if e.get("mentions")
    ]
    return [
        f"{date or '00000000000000'}-{n}",
        date,
        "1",
        _clean(meta.get("source") or site),
        _clean(meta.get("url") or record.get("id")),
        ";".join(counts_v1),
        ";".join(counts_v21),
        ";".join(_clean(t) for t in themes),
        ";".join(f"{_clean(t)},0" for t in themes),
        ";".join(locs_v1),
        ";".join(locs_v2),
        ";".join(_clean(e["name"]) for e in persons),
        ";".join(f"{_clean(e['name'])},{first_offset[e['id']]}" for e in persons),
        ";".join(_clean(e["name"]) for e in orgs),
        ";".join(f"{_clean(e['name'])},{first_offset[e['id']]}" for e in orgs),
        f"{_num(tone)},,,,,,{words}" if tone is not None else "",
        ";".join(dates),
        f"wc:{words}",
        "",
        "",
        "",
        "",
        "#".join(quotes),
        ";".join(all_names + [f"{_clean(e['name'])},0" for e in named if not e.get("mentions")]),
        ";".join(amounts),
        "srclc:ind;eng:warta",
        f"<PAGE_TITLE>{_clean(meta.get('title'))}</PAGE_TITLE>",
    ]


def export_gkg(con: Any, out: IO[str], header: bool = False) -> int:
    """Write the GKG 2.1-style TSV of every non-duplicate article; returns the rows written."""
    if header:
        out.write("\t".join(GKG_COLUMNS) + "\n")
    cur = con.execute(
        "SELECT text, record, site FROM articles WHERE canonical IS NULL ORDER BY seq"
    )
    n = 0
    while rows := cur.fetchmany(1000):
        for text, stored, site in rows:
            n += 1
            out.write("\t".join(gkg_row(restore_record(stored, text), n, site)) + "\n")
    return n


def export(
    db: str | os.PathLike[str],
    fmt: str,
    out: str | None,
    table: str | None = None,
    header: bool = False,
) -> str:
    """Export the store ``db`` in ``fmt`` to ``out`` (a file, ``-`` for stdout, or a folder
    for parquet/csv); returns a one-line summary."""
    import sys

    from warta.store.db import connect

    con = connect(db, read_only=True)
    try:
        if fmt in ("parquet", "csv"):
            if out in (None, "-"):
                raise WartaError(f"--format {fmt} writes a folder of tables: pass --out DIR")
            paths = export_tables(con, Path(out), fmt, table)
            return f"wrote {len(paths)} {fmt} table(s) to {out}"
        if fmt not in ("jsonl", "gkg"):
            raise WartaError(f"unknown export format {fmt!r} (jsonl, parquet, csv or gkg)")
        writer = export_jsonl if fmt == "jsonl" else export_gkg
        kwargs: dict[str, Any] = {"header": header} if fmt == "gkg" else {}
        if out in (None, "-"):
            n = writer(con, sys.stdout, **kwargs)
            return f"wrote {n} rows to standard output"
        # (the file closes before atomic_path renames it)
        with atomic_path(Path(out)) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            n = writer(con, fh, **kwargs)
        return f"wrote {n} rows to {out}"
    finally:
        con.close()
