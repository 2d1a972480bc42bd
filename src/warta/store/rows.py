"""Turn one article record (``Article.to_dict()`` output) into rows of the store's tables.

Input: the record dict and its content hash. Output: a dict ``table -> list of row tuples``
in the column order of :mod:`warta.store.schema`. Entity ids inside an article ("e3") are
resolved here, so an event row carries its actor's name and its place's country without a
join: "Pasukan CSTO tiba di Almaty" -> actor_name "CSTO", place_name "Almaty", country "KZ".
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import cache
from typing import Any

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """The store's key of an article: SHA-256 of its text, NFC-normalised, whitespace runs
    collapsed and ends stripped, so a copy that differs only in spacing is the same article.

    Example: "Banjir  melanda\\nJakarta " and "Banjir melanda Jakarta" have the same hash.
    """
    norm = _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@cache
def _old_spellings() -> tuple[tuple[str, str], ...]:
    try:
        from warta.gazetteer import old_spellings

        return tuple(old_spellings())
    except Exception:  # the gazetteer is optional here: keys work without old spellings
        return ()


def fold_part(word: str) -> str:
    """One name part as compared across articles: casefolded letters and digits only, old
    spellings made new ("Soeharto" -> "suharto")."""
    text = unicodedata.normalize("NFKD", word).casefold()
    out = "".join(ch for ch in text if ch.isalnum())
    for old, new in _old_spellings():
        out = out.replace(old, new)
    return out


def name_key(name: str, type_: str) -> str:
    """The key that merges an entity across articles: its type and folded name parts.

    >>> name_key("Kassym-Jomart Tokayev", "PER")
    'PER:kassym jomart tokayev'
    """
    parts = [fold_part(p) for p in re.split(r"[\s\-–.,']+", name)]
    return f"{type_}:{' '.join(p for p in parts if p)}"


def _text_key(text: str | None) -> str | None:
    if not text:
        return None
    return "text:" + " ".join(fold_part(p) for p in text.split() if fold_part(p))


def stored_record(record: dict[str, Any]) -> str:
    """The record JSON as stored: ``text`` blanked (the ``articles.text`` column holds it)."""
    slim = dict(record)
    slim["text"] = ""
    return json.dumps(slim, ensure_ascii=False, separators=(",", ":"))


def restore_record(stored: str, text: str) -> dict[str, Any]:
    """The full record from :func:`stored_record` output and the article text."""
    record: dict[str, Any] = json.loads(stored)
    record["text"] = text
    return record


def article_rows(record: dict[str, Any], hash_: str) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of every child table for one record (``articles`` excluded: the writer adds it)."""
    rows: dict[str, list[tuple[Any, ...]]] = {
        "entities": [],
        "mentions": [],
        "counts": [],
        "quotes": [],
        "dates": [],
        "events": [],
        "checks": [],
    }
    meta = record.get("metadata") or {}
    published = meta.get("published")
    by_id: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}
    for i, ent in enumerate(record.get("entities") or []):
        by_id[ent["id"]] = ent
        geo = ent.get("geo") or {}
        key = name_key(ent["name"], ent["type"])
        keys[ent["id"]] = key
        mentions = ent.get("mentions") or []
        rows["entities"].append(
            (
                hash_,
                i,
                ent["id"],
                ent["name"],
                ent["type"],
                ent.get("role"),
                ent.get("country"),
                geo.get("lat"),
                geo.get("lon"),
                geo.get("geonames_id"),
                len(mentions),
                key,
                None,
            )
        )
        for m in mentions:
            rows["mentions"].append((hash_, ent["id"], m["text"], m["start"], m["end"]))
    for i, c in enumerate(record.get("counts") or []):
        rows["counts"].append(
            (
                hash_,
                i,
                c["kind"],
                float(c["value"]),
                c.get("upper"),
                c.get("who"),
                c["text"],
                c["start"],
                c["end"],
                bool(c.get("approximate")),
                bool(c.get("lower_bound")),
                c.get("currency"),
                max(1, len(c.get("mentions") or [])),
            )
        )
    for i, q in enumerate(record.get("quotes") or []):
        speaker = q.get("speaker")
        rows["quotes"].append(
            (
                hash_,
                i,
                q["kind"],
                q["text"],
                q["start"],
                q["end"],
                speaker,
                by_id[speaker]["name"] if speaker in by_id else None,
                q.get("speaker_text"),
                q.get("cue"),
                q.get("via"),
            )
        )
    for i, d in enumerate(record.get("dates") or []):
        rows["dates"].append(
            (hash_, i, d["text"], d["start"], d["end"], d["value"], d["granularity"])
        )
    for i, ev in enumerate(record.get("events") or []):
        trig = ev.get("trigger") or {}
        args = []
        for role in ("actor", "target", "where"):
            arg = ev.get(role) or {}
            ent_id = arg.get("entity")
            ent = by_id.get(ent_id) if ent_id else None
            args.append(
                (
                    arg.get("text"),
                    ent_id,
                    ent["name"] if ent else None,
                    keys.get(ent_id) if ent_id else None,
                    ent,
                )
            )
        place_ent = args[2][4]
        when = ev.get("when")
        day = when[:10] if isinstance(when, str) and _ISO_DAY.match(when[:10]) else published
        rows["events"].append(
            (
                hash_,
                i,
                ev["type"],
                ev.get("cameo"),
                ev["mode"],
                ev["sentence"],
                trig.get("text", ""),
                trig.get("start", 0),
                trig.get("end", 0),
                args[0][0],
                args[0][1],
                args[0][2],
                args[1][0],
                args[1][1],
                args[1][2],
                args[2][0],
                args[2][1],
                args[2][2],
                place_ent.get("country") if place_ent else None,
                when,
                day,
                args[0][3] or _text_key(args[0][0]),
                args[1][3] or _text_key(args[1][0]),
                args[2][3] or _text_key(args[2][0]),
                None,
            )
        )
    for i, ch in enumerate(record.get("checks") or []):
        rows["checks"].append(
            (
                hash_,
                i,
                ch["kind"],
                ch["found"],
                ch.get("suggest"),
                ch["start"],
                ch["end"],
                ch["message"],
            )
        )
    return rows


def article_row(
    record: dict[str, Any],
    hash_: str,
    seq: int,
    ref: str,
    author: str | None,
    site: str | None,
    canonical: str | None,
    similarity: float | None,
) -> tuple[Any, ...]:
    """The ``articles`` row of one record (``ingested_at`` left to its default)."""
    meta = record.get("metadata") or {}
    published = meta.get("published")
    if published is not None and not _ISO_DAY.match(str(published)[:10]):
        published = None
    return (
        hash_,
        seq,
        record.get("id"),
        ref,
        meta.get("url"),
        meta.get("title"),
        str(published)[:10] if published else None,
        meta.get("source"),
        meta.get("dateline"),
        meta.get("language"),
        author,
        site,
        len(record["text"]),
        canonical,
        similarity,
        record["text"],
        stored_record(record),
    )
