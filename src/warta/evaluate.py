"""Score extracted article records against hand-made gold files (``warta evaluate``).

The gold format and the scoring rules are defined in ``gold/FORMAT.md``; this module implements
them. Where FORMAT.md leaves a choice open, the choice is stated in the docstring of the
function that makes it (and summarised here):

* **Strings** are compared by :func:`normalize`: Unicode NFKC, casefold, punctuation (Unicode
  category ``P*``) and whitespace stripped at both ends, inner whitespace runs collapsed to
  one space (line breaks are not content).
* **Empty sections.** FORMAT.md states, under counts: "A section with no required gold item
  scores 1.0 when nothing is predicted and 0 when something is (a false positive is an error
  even where the article has nothing to find)". It is applied to every precision/recall
  section: entities, counts, quotes (detection), dates, events and checks. "Something is
  predicted" means "there is at least one false positive": a prediction that matches an
  optional gold item is ignored, as FORMAT.md says of optional items, and a predicted date
  that overlaps no gold date text is not judged (see dates). Accuracy sections (locations,
  metadata, quote attribution) have nothing to score when there is no required gold item and
  are *undefined* (``None``) for that article; undefined scores are left out of every mean.
* **Precision with nothing predicted** (but something to find) is 0.0, as is F1 when P + R is
  0, so an empty prediction scores 0 wherever a score is defined.
* **One-to-one pairing.** Entities, quotes and events pair gold and predicted items by a
  maximum bipartite matching (each item used at most once), so a duplicated or split
  prediction is a false positive. Counts and checks compare *sets* of distinct pairs, so
  duplicates of the same pair count once. Date precision judges each predicted expression on
  its own, as FORMAT.md defines it ("precision over predicted expressions").
* **Optional gold items.** Entities: every prediction that resolves to an optional gold
  entity (and is not the true positive of a required one) is ignored, as FORMAT.md words it.
  Quotes and events: optional gold items are paired, one each, only with predictions that no
  required item needs (a lexicographic maximum matching: first the most required pairs, then
  the most optional ones); a prediction paired with an optional item is ignored, an unpaired
  one is a false positive. Counts and checks: a predicted pair equal to an optional pair is
  ignored. Dates: a prediction overlapping an optional date's text with the same value is
  ignored.
* **overall** is the unweighted mean of one headline number per section
  (:data:`HEADLINE_METRIC`): F1 where FORMAT.md defines P/R/F1, accuracy for locations and
  metadata, recall for dates. Quote attribution accuracy is reported but is not a section F1,
  so it is not in the mean.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from warta.errors import WartaError
from warta.record import Argument, Article, CheckKind, CountKind, Entity, Event, QuoteKind

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "HEADLINE_METRIC",
    "SECTIONS",
    "ArticleScores",
    "EvaluationReport",
    "GoldArticle",
    "GoldCheck",
    "GoldCount",
    "GoldDate",
    "GoldEntity",
    "GoldEvent",
    "GoldFormatError",
    "GoldLocation",
    "GoldMetadata",
    "GoldQuote",
    "SectionScore",
    "evaluate_dir",
    "gold_files",
    "haversine_km",
    "load_gold",
    "normalize",
    "render_report",
    "score_article",
]

#: Sections in report order.
SECTIONS: tuple[str, ...] = (
    "entities",
    "locations",
    "counts",
    "quotes",
    "dates",
    "events",
    "checks",
    "metadata",
)

#: The number each section contributes to ``overall``. FORMAT.md: "The overall score is the
#: unweighted mean of the section F1 scores (accuracy or recall where a section has no F1)."
#: - locations and metadata are accuracies.
#: - dates: FORMAT.md says "Report recall, and precision over predicted expressions that
#:   overlap any gold or optional date text" and gives it no F1. That precision deliberately
#:   ignores predictions outside the gold date texts (gold does not list every date), so an F1
#:   built from it would mix two different populations; dates is the section the "recall"
#:   in the overall rule refers to.
#: - checks: FORMAT.md says "recall and precision over (found, suggest) pairs", also without
#:   naming F1. Unlike dates its precision is over *all* predicted pairs, so F1 is well
#:   defined, and using recall alone would let a checker that flags every word score 1.0;
#:   FORMAT.md's counts rule ("a false positive is an error") shows false positives are
#:   meant to cost. Change this entry to "recall" for the literal reading.
HEADLINE_METRIC: dict[str, str] = {
    "entities": "f1",
    "locations": "accuracy",
    "counts": "f1",
    "quotes": "f1",
    "dates": "recall",
    "events": "f1",
    "checks": "f1",
    "metadata": "accuracy",
}

ENTITY_TYPES = frozenset({"PER", "ORG", "LOC"})
COUNT_KINDS = frozenset(get_args(CountKind))
QUOTE_KINDS = frozenset(get_args(QuoteKind))
# FORMAT.md lists three check kinds; the record also knows "weekday-mismatch" and "other",
# and a gold file may well use them, so those are accepted too (kind is not scored).
CHECK_KINDS = frozenset(get_args(CheckKind))
EVENT_ROLES: tuple[str, ...] = ("actor", "target", "where")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SPACE_RE = re.compile(r"\s+")
#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


# --------------------------------------------------------------------------------------------
# String normalisation
# --------------------------------------------------------------------------------------------


def _is_edge_junk(char: str) -> bool:
    # FORMAT.md says "stripping punctuation at both ends": Unicode punctuation is every
    # category starting with "P" (Pc Pd Ps Pe Pi Pf Po: quotes “”«», dashes, "…", brackets).
    # Symbols (S*: "$", "%", "+") are content and stay. Whitespace is stripped as well so
    # that "“menstabilkan” " and "menstabilkan" compare equal.
    return char.isspace() or unicodedata.category(char).startswith("P")


def normalize(text: str | None) -> str:
    """The comparison form of ``text`` defined by FORMAT.md.

    Takes any string (``None`` gives ``""``) and returns it Unicode NFKC-normalised,
    casefolded, with punctuation and whitespace stripped at both ends and inner whitespace
    runs collapsed to one space.

    >>> normalize("  “Almaty  diserang,” ")
    'almaty diserang'
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    start, end = 0, len(folded)
    while start < end and _is_edge_junk(folded[start]):
        start += 1
    while end > start and _is_edge_junk(folded[end - 1]):
        end -= 1
    # Inner whitespace is collapsed because a line break or a double space inside a name or a
    # quotation is layout, not content; FORMAT.md does not mention it either way.
    return _SPACE_RE.sub(" ", folded[start:end])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------------------------
# Gold files
# --------------------------------------------------------------------------------------------


class GoldFormatError(WartaError, ValueError):
    """A gold file that does not follow FORMAT.md: names the file, the field and the problem."""

    def __init__(self, path: str | Path, field_name: str, problem: str) -> None:
        self.path = str(path)
        self.field = field_name
        self.problem = problem
        where = f"{self.path}: {field_name}" if field_name else self.path
        super().__init__(f"{where}: {problem}")


class EvaluationError(WartaError):
    """An evaluation that cannot run (no gold folder, no gold files)."""


@dataclass
class GoldMetadata:
    """``metadata``: ``published`` is given to the extractor, the rest must be found."""

    published: str | None = None
    source: str | None = None
    dateline: str | None = None
    language: str | None = None


@dataclass
class GoldEntity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    optional: bool = False

    def forms(self) -> frozenset[str]:
        """Normalised name and aliases: what a prediction must equal to resolve to it."""
        return frozenset(f for f in map(normalize, [self.name, *self.aliases]) if f)


@dataclass
class GoldLocation:
    name: str
    country: str
    lat: float
    lon: float
    km: float
    optional: bool = False


@dataclass
class GoldCount:
    kind: str
    value: float
    who: str | None = None
    optional: bool = False


@dataclass
class GoldQuote:
    speaker: str
    kind: str
    starts_with: str
    optional: bool = False


@dataclass
class GoldDate:
    text: str
    value: str
    optional: bool = False
    #: Every occurrence of ``text`` in the article, as (start, end) character offsets.
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class GoldEvent:
    types: list[str]
    actor: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    note: str | None = None
    optional: bool = False

    def listed(self, role: str) -> list[str]:
        """The listed surface forms of argument ``role`` (``actor``, ``target``, ``where``)."""
        forms: list[str] = getattr(self, role)
        return forms

    def describe(self) -> str:
        args = " ".join(f"{r}={'|'.join(self.listed(r))}" for r in EVENT_ROLES if self.listed(r))
        note = f" ({self.note})" if self.note else ""
        return f"{'|'.join(self.types)} {args}{note}"


@dataclass
class GoldCheck:
    found: str
    suggest: str
    kind: str | None = None
    optional: bool = False


@dataclass
class GoldArticle:
    """One gold file with its article text, validated against FORMAT.md."""

    id: str
    path: Path
    text_file: str
    text: str
    metadata: GoldMetadata
    entities: list[GoldEntity] = field(default_factory=list)
    locations: list[GoldLocation] = field(default_factory=list)
    counts: list[GoldCount] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    dates: list[GoldDate] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    checks: list[GoldCheck] = field(default_factory=list)
    #: Sections this file annotates (warta extension ``"scored": [...]``); None = all of them.
    #: A set annotated only for counts, quotes and dates says so, and the other sections are
    #: not scored instead of counting every prediction there as a false positive.
    scored: frozenset[str] | None = None

    def entity(self, name: str) -> GoldEntity | None:
        """The gold entity whose canonical ``name`` normalises like ``name``, if any."""
        key = normalize(name)
        return next((e for e in self.entities if normalize(e.name) == key), None)


# Keys an item may carry besides the ones scored: FORMAT.md uses "note" (events) and "who"
# (counts) for the reader; "note"/"comment" are accepted everywhere so annotators can explain.
_FREE_KEYS = frozenset({"note", "comment"})
_ITEM_KEYS: dict[str, frozenset[str]] = {
    "entities": frozenset({"name", "type", "aliases", "optional"}),
    "locations": frozenset({"name", "country", "lat", "lon", "km", "optional"}),
    "counts": frozenset({"kind", "value", "who", "optional"}),
    "quotes": frozenset({"speaker", "kind", "starts_with", "optional"}),
    "dates": frozenset({"text", "value", "optional"}),
    "events": frozenset({"types", "actor", "target", "where", "optional"}),
    "checks": frozenset({"found", "suggest", "kind", "optional"}),
}
_TOP_KEYS = frozenset({"id", "text_file", "text_source", "metadata", "scored", *_ITEM_KEYS})


class _Reader:
    """Typed access to one gold file's JSON that raises :class:`GoldFormatError` on misuse."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> GoldFormatError:
        return GoldFormatError(self.path, where, problem)

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {type(value).__name__}")
        return value

    def items(self, data: dict[str, Any], section: str) -> list[dict[str, Any]]:
        value = data.get(section, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(section, f"expected a list of items, got {type(value).__name__}")
        out: list[dict[str, Any]] = []
        for i, item in enumerate(value):
            where = f"{section}[{i}]"
            item = self.obj(item, where)
            # Unknown keys are errors because a typo ("optinal": true) would otherwise
            # silently change what is scored.
            unknown = set(item) - _ITEM_KEYS[section] - _FREE_KEYS
            if unknown:
                allowed = ", ".join(sorted(_ITEM_KEYS[section] | _FREE_KEYS))
                raise self.fail(
                    f"{where}.{sorted(unknown)[0]}", f"unknown field (allowed: {allowed})"
                )
            out.append(item)
        return out

    def string(self, item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = item.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            got = "missing" if key not in item else f"got {value!r}"
            raise self.fail(f"{where}.{key}", f"expected a non-empty string, {got}")
        return value

    def number(self, item: dict[str, Any], key: str, where: str) -> float:
        value = item.get(key)
        # bool is an int subclass; true/false is never a meaningful coordinate or count.
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            got = "missing" if key not in item else f"got {value!r}"
            raise self.fail(f"{where}.{key}", f"expected a number, {got}")
        return float(value)

    def strings(self, item: dict[str, Any], key: str, where: str) -> list[str]:
        value = item.get(key, [])
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{where}.{key}", f"expected a list of strings, got {value!r}")
        return list(value)

    def flag(self, item: dict[str, Any], where: str) -> bool:
        value = item.get("optional", False)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.optional", f"expected true or false, got {value!r}")
        return value

    def choice(self, value: str, allowed: Iterable[str], where: str) -> str:
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``needle`` occurs in ``text``, overlapping ones included.

    The gold ``text`` is "as written", so the search is exact; a case-insensitive search is
    the fallback for annotators who changed capitalisation (it never changes offsets).
    """
    spans = [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]
    if not spans:
        pattern = re.compile(f"(?={re.escape(needle)})", re.IGNORECASE)
        spans = [(m.start(), m.start() + len(needle)) for m in pattern.finditer(text)]
    return spans


@functools.cache
def _csv_rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def _text_from_csv(r: _Reader, path: Path, source: dict[str, Any]) -> tuple[str, str]:
    """The article text of a gold file whose text stays in a corpus CSV (read in place).

    ``text_source`` = ``{"csv": PATH relative to the gold file, "row": KEY VALUE,
    "key": "source_row", "column": "isi_berita"}``: this warta extension lets gold files
    annotate articles of ``../shared/data/news`` without copying their text.
    """
    csv_path = (path.parent / r.string(source, "csv", "text_source")).resolve()
    key = source.get("key", "source_row")
    column = source.get("column", "isi_berita")
    row_id = source.get("row")
    if not isinstance(row_id, (int, str)) or isinstance(row_id, bool):
        raise r.fail("text_source.row", f"expected a row number, got {row_id!r}")
    try:
        rows = _csv_rows(csv_path, key)
    except FileNotFoundError:
        raise r.fail("text_source.csv", f"corpus {str(csv_path)!r} not found") from None
    except KeyError:
        raise r.fail("text_source.key", f"{str(csv_path)!r} has no column {key!r}") from None
    row = rows.get(str(row_id))
    if row is None:
        raise r.fail("text_source.row", f"no row with {key} = {row_id} in {csv_path.name}")
    if column not in row:
        raise r.fail("text_source.column", f"{csv_path.name} has no column {column!r}")
    return f"{csv_path.name}#{key}={row_id}", row[column]


def load_gold(path: str | Path) -> GoldArticle:
    """Read and validate one gold JSON file and the article text it points to.

    Takes the path of ``NAME.json``; ``text_file`` is resolved relative to that file's folder
    and read as UTF-8 (a byte-order mark is dropped, line endings are kept as published so
    offsets stay exact). Returns a :class:`GoldArticle` whose dates carry every occurrence of
    their ``text`` in the article.

    Raises :class:`GoldFormatError` (a ``ValueError``) naming the file and the field when the
    file is not valid JSON, a field is missing or of the wrong type, a section or an item has
    an unknown field, a type/kind is not one FORMAT.md allows, a quote's speaker is not an
    entity name, an event lists no argument, or a date's text is not in the article.
    """
    path = Path(path)
    r = _Reader(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise r.fail("", "gold file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise r.fail("", f"not valid UTF-8 JSON: {exc}") from None
    data = r.obj(raw, "(top level)")

    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise r.fail(
            unknown[0], f"unknown section (expected one of {', '.join(sorted(_TOP_KEYS))})"
        )

    if "text_source" in data and "text_file" not in data:
        text_file, text = _text_from_csv(r, path, r.obj(data["text_source"], "text_source"))
    else:
        text_file = r.string(data, "text_file", "(top level)")
        text_path = path.parent / text_file
        try:
            # newline="" keeps "\r\n" as published: every offset in the record indexes this text.
            with text_path.open(encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except FileNotFoundError:
            raise r.fail("text_file", f"article text {str(text_path)!r} not found") from None
        except UnicodeDecodeError as exc:
            raise r.fail("text_file", f"{str(text_path)!r} is not UTF-8: {exc}") from None

    meta_raw = r.obj(data.get("metadata") or {}, "metadata")
    meta: dict[str, str | None] = {}
    for key in ("published", "source", "dateline", "language"):
        value = meta_raw.get(key)
        if value is not None and not isinstance(value, str):
            raise r.fail(f"metadata.{key}", f"expected a string, got {value!r}")
        meta[key] = value
    if meta["published"] and not _ISO_DATE.match(meta["published"]):
        raise r.fail("metadata.published", f"expected an ISO date, got {meta['published']!r}")

    entities = []
    for i, item in enumerate(r.items(data, "entities")):
        w = f"entities[{i}]"
        entities.append(
            GoldEntity(
                name=r.string(item, "name", w),
                type=r.choice(r.string(item, "type", w), ENTITY_TYPES, f"{w}.type"),
                aliases=r.strings(item, "aliases", w),
                optional=r.flag(item, w),
            )
        )
    names = {normalize(e.name) for e in entities}

    locations = []
    for i, item in enumerate(r.items(data, "locations")):
        w = f"locations[{i}]"
        country = r.string(item, "country", w)
        if not re.fullmatch(r"[A-Za-z]{2}", country):
            raise r.fail(f"{w}.country", f"expected an ISO 3166-1 alpha-2 code, got {country!r}")
        lat, lon, km = r.number(item, "lat", w), r.number(item, "lon", w), r.number(item, "km", w)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or km < 0:
            raise r.fail(w, f"coordinate out of range: lat {lat}, lon {lon}, km {km}")
        locations.append(
            GoldLocation(
                name=r.string(item, "name", w),
                country=country.upper(),
                lat=lat,
                lon=lon,
                km=km,
                optional=r.flag(item, w),
            )
        )

    counts = []
    for i, item in enumerate(r.items(data, "counts")):
        w = f"counts[{i}]"
        who = item.get("who")
        counts.append(
            GoldCount(
                kind=r.choice(r.string(item, "kind", w), COUNT_KINDS, f"{w}.kind"),
                value=r.number(item, "value", w),
                who=who if isinstance(who, str) else None,
                optional=r.flag(item, w),
            )
        )

    quotes = []
    for i, item in enumerate(r.items(data, "quotes")):
        w = f"quotes[{i}]"
        speaker = r.string(item, "speaker", w)
        # FORMAT.md: "speaker (an entity name from entities)"; attribution resolves through
        # that entity's aliases, so a speaker that is not an entity cannot be scored.
        if normalize(speaker) not in names:
            raise r.fail(f"{w}.speaker", f"{speaker!r} is not the name of an entity in entities")
        quotes.append(
            GoldQuote(
                speaker=speaker,
                kind=r.choice(r.string(item, "kind", w), QUOTE_KINDS, f"{w}.kind"),
                starts_with=r.string(item, "starts_with", w),
                optional=r.flag(item, w),
            )
        )

    dates = []
    for i, item in enumerate(r.items(data, "dates")):
        w = f"dates[{i}]"
        date_text = r.string(item, "text", w)
        value = r.string(item, "value", w)
        if not _ISO_DATE.match(value):
            raise r.fail(f"{w}.value", f"expected YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
        spans = _occurrences(text, date_text)
        if not spans:
            # Overlap is by offsets, so a date text that is not in the article can never be
            # found: an annotation error better reported than scored as a miss.
            raise r.fail(f"{w}.text", f"{date_text!r} does not occur in {text_file}")
        dates.append(GoldDate(date_text, value, r.flag(item, w), spans))

    events = []
    for i, item in enumerate(r.items(data, "events")):
        w = f"events[{i}]"
        types = r.strings(item, "types", w)
        if not types:
            raise r.fail(f"{w}.types", "expected at least one PLOVER event type")
        roles = {role: r.strings(item, role, w) for role in EVENT_ROLES}
        if not any(roles.values()):
            # A prediction matches only through an argument, so such an event is unmatchable.
            raise r.fail(w, "an event needs at least one of actor, target, where")
        note = item.get("note")
        events.append(
            GoldEvent(
                types=[t.upper() for t in types],
                note=note if isinstance(note, str) else None,
                optional=r.flag(item, w),
                **roles,
            )
        )

    checks = []
    for i, item in enumerate(r.items(data, "checks")):
        w = f"checks[{i}]"
        kind = item.get("kind")
        if kind is not None:
            r.choice(r.string(item, "kind", w), CHECK_KINDS, f"{w}.kind")
        checks.append(
            GoldCheck(
                found=r.string(item, "found", w),
                suggest=r.string(item, "suggest", w),
                kind=kind,
                optional=r.flag(item, w),
            )
        )

    gold_id = data.get("id", path.stem)
    if not isinstance(gold_id, str) or not gold_id:
        raise r.fail("id", f"expected a non-empty string, got {gold_id!r}")
    return GoldArticle(
        id=gold_id,
        path=path,
        text_file=text_file,
        text=text,
        metadata=GoldMetadata(**meta),
        entities=entities,
        locations=locations,
        counts=counts,
        quotes=quotes,
        dates=dates,
        events=events,
        checks=checks,
        scored=_scored_sections(r, data),
    )


def _scored_sections(r: _Reader, data: dict[str, Any]) -> frozenset[str] | None:
    if "scored" not in data:
        return None
    names = r.strings(data, "scored", "(top level)")
    for name in names:
        r.choice(name, SECTIONS, "scored")
    return frozenset(names)


# --------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------


@dataclass
class SectionScore:
    """The score of one section of one article, with what went wrong item by item.

    ``precision``/``recall``/``f1`` are set for P/R/F1 sections, ``accuracy`` for accuracy
    sections; a value is ``None`` where it is undefined. ``score`` is the headline number
    (:data:`HEADLINE_METRIC`) that enters ``overall``. ``extra`` holds sub-metrics (quote
    attribution, metadata per field). ``missed`` lists required gold items not found,
    ``false_positives`` the predictions that counted as errors, ``ignored`` the predictions
    that matched only optional gold (or, for dates, were not judged).
    """

    section: str
    metric: str
    score: float | None = None
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    accuracy: float | None = None
    tp: int = 0
    fp: int = 0
    fn: int = 0
    detail: str = ""
    extra: dict[str, float | None] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        """The numbers of this section keyed ``section.metric`` (only those it defines)."""
        out: dict[str, float | None] = {}
        if self.metric == "accuracy":
            out[f"{self.section}.accuracy"] = self.accuracy
        else:
            for name in ("precision", "recall", "f1"):
                out[f"{self.section}.{name}"] = getattr(self, name)
        for name, value in self.extra.items():
            out[f"{self.section}.{name}"] = value
        return out


@dataclass
class ArticleScores:
    """Every section's score for one article and their unweighted mean, ``overall``."""

    id: str
    gold_path: str
    sections: dict[str, SectionScore]
    overall: float | None
    seconds: float | None = None
    notes: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        """All numbers of the article keyed ``section.metric``, plus ``overall``."""
        out: dict[str, float | None] = {}
        for name in SECTIONS:
            if name in self.sections:
                out.update(self.sections[name].metrics())
        out["overall"] = self.overall
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "gold": self.gold_path,
            "overall": self.overall,
            "seconds": self.seconds,
            "notes": list(self.notes),
            "sections": {name: asdict(s) for name, s in self.sections.items()},
        }


def _prf(tp: int, fp: int, n_required: int) -> tuple[float, float, float]:
    """(precision, recall, F1) with FORMAT.md's empty-section rule.

    With no required gold item the section scores 1.0 when there is no false positive and
    0.0 otherwise. With something to find, an empty prediction has precision 0.0 (not
    undefined), so every score of an empty prediction is 0.
    """
    if n_required == 0:
        value = 1.0 if fp == 0 else 0.0
        return value, value, value
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / n_required
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _detail(tp: int, fp: int, fn: int, n_ignored: int) -> str:
    text = f"tp {tp} fp {fp} fn {fn}"
    return f"{text} ign {n_ignored}" if n_ignored else text


def _prf_section(
    name: str,
    tp: int,
    fp: int,
    n_required: int,
    *,
    missed: list[str],
    false_positives: list[str],
    ignored: list[str],
    matched: list[str],
) -> SectionScore:
    p, rec, f1 = _prf(tp, fp, n_required)
    fn = n_required - tp
    metric = HEADLINE_METRIC[name]
    return SectionScore(
        section=name,
        metric=metric,
        score={"precision": p, "recall": rec, "f1": f1}[metric],
        precision=p,
        recall=rec,
        f1=f1,
        tp=tp,
        fp=fp,
        fn=fn,
        detail=_detail(tp, fp, fn, len(ignored)),
        missed=missed,
        false_positives=false_positives,
        ignored=ignored,
        matched=matched,
    )


def _max_weight_matching(
    n_left: int, n_right: int, weights: Mapping[tuple[int, int], int]
) -> dict[int, int]:
    """A maximum-weight matching of a bipartite graph, as ``{left: right}``.

    Takes the sizes of both sides and positive integer edge weights keyed ``(left, right)``.
    With equal weights this is a maximum (cardinality) matching. Layered weights (a big
    weight for required pairs, a small one for optional pairs) give the lexicographic
    optimum FORMAT.md asks for: first as many required pairs as possible, then optional ones
    from the predictions left over.

    Implemented as successive shortest augmenting paths (Bellman–Ford on the residual graph,
    edge cost = -weight), stopping when no path increases the total weight. Each step keeps
    the matching optimal for its size, so the residual graph never has a negative cycle.
    Graphs here have tens of nodes; scipy is not a dependency.
    """
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_left)]
    for (i, j), w in sorted(weights.items()):
        adjacency[i].append((j, w))
    match_l: list[int | None] = [None] * n_left
    match_r: list[int | None] = [None] * n_right
    while True:
        dist_l = [0.0 if match_l[i] is None else math.inf for i in range(n_left)]
        dist_r = [math.inf] * n_right
        prev_r = [-1] * n_right
        for _ in range(n_left + n_right + 1):
            changed = False
            for i in range(n_left):
                if dist_l[i] == math.inf:
                    continue
                for j, w in adjacency[i]:
                    if match_l[i] != j and dist_l[i] - w < dist_r[j]:
                        dist_r[j] = dist_l[i] - w
                        prev_r[j] = i
                        changed = True
            for j in range(n_right):
                owner = match_r[j]
                # A matched left node is reachable only backwards along its matched edge.
                if owner is not None and dist_r[j] + weights[(owner, j)] < dist_l[owner]:
                    dist_l[owner] = dist_r[j] + weights[(owner, j)]
                    changed = True
            if not changed:
                break
        free = [j for j in range(n_right) if match_r[j] is None and dist_r[j] < 0]
        if not free:
            return {i: j for i, j in enumerate(match_l) if j is not None}
        # Flip the path back from its free right end to the free left node it started at.
        j = min(free, key=lambda j: (dist_r[j], j))
        for _ in range(n_left + n_right + 1):
            i = prev_r[j]
            previous = match_l[i]
            match_l[i], match_r[j] = j, i
            if previous is None:
                break
            j = previous
        else:  # pragma: no cover - impossible without a negative cycle
            raise RuntimeError("matching did not terminate")


class _Resolver:
    """Entity resolution between one prediction and one gold file (FORMAT.md).

    "A predicted entity resolves to a gold entity when its canonical name or any of its
    mentions equals the gold name or one of its aliases", after :func:`normalize`.
    """

    def __init__(self, gold: GoldArticle, pred: Article) -> None:
        self.gold = gold
        self.gold_forms = [e.forms() for e in gold.entities]
        self.by_id: dict[str, Entity] = {e.id: e for e in pred.entities}
        # Keyed by object identity, not entity id: a buggy record may repeat an id.
        self._pred_forms: dict[int, frozenset[str]] = {}

    def entity_forms(self, entity: Entity) -> frozenset[str]:
        """Normalised canonical name and mention texts of a predicted entity."""
        forms = self._pred_forms.get(id(entity))
        if forms is None:
            raw = [entity.name, *(m.text for m in entity.mentions)]
            forms = frozenset(f for f in map(normalize, raw) if f)
            self._pred_forms[id(entity)] = forms
        return forms

    def resolves(self, forms: frozenset[str]) -> list[int]:
        """Indexes of the gold entities that surface ``forms`` resolve to."""
        return [k for k, gf in enumerate(self.gold_forms) if forms & gf]

    def argument_forms(self, arg: Argument) -> frozenset[str]:
        """An event argument's text plus, when linked, its entity's name and mentions."""
        forms = {normalize(arg.text)}
        if arg.entity and arg.entity in self.by_id:
            forms |= self.entity_forms(self.by_id[arg.entity])
        return frozenset(f for f in forms if f)


def _describe_entity(entity: Entity) -> str:
    return f"{entity.type} {entity.name!r} ({entity.id})"


def _score_entities(gold: GoldArticle, pred: Article, res: _Resolver) -> SectionScore:
    """entities: P/R/F1 over entities.

    A prediction is a true positive when it resolves to a required gold entity of the same
    type; predictions and gold entities are paired one-to-one by a maximum matching (a
    prediction that names two gold entities is paired with the one nobody else can take), so
    a second prediction resolving to the same gold entity is a false positive (a split). A
    prediction left unpaired that resolves to an optional gold entity is ignored; any other
    unpaired prediction (a split, a wrong type, an unknown name) is a false positive.
    """
    required = [k for k, g in enumerate(gold.entities) if not g.optional]
    n = len(required) + len(pred.entities)
    weights: dict[tuple[int, int], int] = {}
    resolved: list[list[int]] = []
    for p, entity in enumerate(pred.entities):
        hits = res.resolves(res.entity_forms(entity))
        resolved.append(hits)
        for col, k in enumerate(required):
            g = gold.entities[k]
            if k in hits and entity.type.upper() == g.type:
                # A pair found through the canonical name is preferred (weight +1), so the
                # diagnostics show "Tokayev" as the hit and "Tokayeva" as the split.
                by_name = normalize(entity.name) in res.gold_forms[k]
                weights[(col, p)] = (n + 1) + int(by_name)
    matching = _max_weight_matching(len(required), len(pred.entities), weights)
    paired = {p: required[col] for col, p in matching.items()}

    matched, false_positives, ignored = [], [], []
    for p, entity in enumerate(pred.entities):
        if p in paired:
            matched.append(f"{_describe_entity(entity)} = {gold.entities[paired[p]].name}")
            continue
        hits = resolved[p]
        if any(gold.entities[k].optional for k in hits):
            ignored.append(f"{_describe_entity(entity)}: optional gold entity")
        elif hits:
            g = gold.entities[hits[0]]
            why = "split of" if entity.type.upper() == g.type else f"type ≠ gold {g.type}"
            false_positives.append(f"{_describe_entity(entity)}: {why} {g.name!r}")
        else:
            false_positives.append(f"{_describe_entity(entity)}: no gold entity")
    found = set(paired.values())
    missed = [
        f"{g.type} {g.name}"
        for k, g in enumerate(gold.entities)
        if k in required and k not in found
    ]
    return _prf_section(
        "entities",
        len(paired),
        len(false_positives),
        len(required),
        missed=missed,
        false_positives=false_positives,
        ignored=ignored,
        matched=matched,
    )


def _score_locations(gold: GoldArticle, pred: Article, res: _Resolver) -> SectionScore:
    """locations: accuracy over required gold locations.

    A gold location is right when some predicted entity resolves to it (its ``name``, plus
    the aliases of the gold entity of that name) and carries ``geo`` within ``km`` of the gold
    point and ``country`` equal to the gold country. A predicted ``geo`` without ``country``
    fails ("the same country" cannot hold). Undefined (``None``) when there is no required
    location; optional locations are skipped.
    """
    required = [loc for loc in gold.locations if not loc.optional]
    right, missed, matched = 0, [], []
    for loc in required:
        entity = gold.entity(loc.name)
        forms = entity.forms() if entity else frozenset({normalize(loc.name)})
        candidates = [e for e in pred.entities if res.entity_forms(e) & forms]
        reasons: list[str] = []
        ok = False
        for cand in candidates:
            if cand.geo is None:
                reasons.append(f"{cand.id}: no coordinate")
                continue
            km = haversine_km(loc.lat, loc.lon, cand.geo.lat, cand.geo.lon)
            country = (cand.country or "").upper()
            if km <= loc.km and country == loc.country:
                ok = True
                matched.append(f"{loc.name}: {cand.id} at {km:.0f} km, {country}")
                break
            bits = [] if km <= loc.km else [f"{km:.0f} km > {loc.km:g} km"]
            if country != loc.country:
                bits.append(f"country {country or 'none'} ≠ {loc.country}")
            reasons.append(f"{cand.id}: {', '.join(bits)}")
        if ok:
            right += 1
        else:
            why = "; ".join(reasons) if reasons else "no predicted entity resolves to it"
            missed.append(f"{loc.name}: {why}")
    accuracy = right / len(required) if required else None
    return SectionScore(
        section="locations",
        metric=HEADLINE_METRIC["locations"],
        score=accuracy,
        accuracy=accuracy,
        tp=right,
        fn=len(required) - right,
        detail=f"right {right}/{len(required)}" if required else "no required location",
        missed=missed,
        matched=matched,
    )


def _count_key(kind: str, value: float) -> tuple[str, float]:
    # Values are compared as floats: gold "8" and a predicted 8.0 are the same count.
    return kind.upper(), float(value)


def _show_count(key: tuple[str, float]) -> str:
    return f"({key[0]}, {key[1]:g})"


def _score_counts(gold: GoldArticle, pred: Article) -> SectionScore:
    """counts: P/R/F1 over the distinct (kind, value) pairs of the article.

    Duplicate predictions of one pair count once; a predicted pair equal to an optional gold
    pair (and to no required one) is ignored. The empty-section rule applies.
    """
    required = {_count_key(c.kind, c.value) for c in gold.counts if not c.optional}
    optional = {_count_key(c.kind, c.value) for c in gold.counts if c.optional} - required
    predicted: dict[tuple[str, float], str] = {}
    for c in pred.counts:
        if isinstance(c.value, int | float) and not math.isnan(c.value):
            predicted.setdefault(_count_key(c.kind, c.value), c.text)
    tp = [k for k in predicted if k in required]
    ign = [k for k in predicted if k in optional]
    fps = [k for k in predicted if k not in required and k not in optional]
    return _prf_section(
        "counts",
        len(tp),
        len(fps),
        len(required),
        missed=[_show_count(k) for k in sorted(required - set(predicted))],
        false_positives=[f"{_show_count(k)} {predicted[k]!r}" for k in fps],
        ignored=[f"{_show_count(k)} {predicted[k]!r}" for k in ign],
        matched=[_show_count(k) for k in tp],
    )


def _score_quotes(gold: GoldArticle, pred: Article, res: _Resolver) -> SectionScore:
    """quotes: detection P/R/F1 and attribution accuracy.

    A predicted quote can find a gold quote when its content (``Quote.text``), normalised,
    contains the normalised ``starts_with`` ("starts with or contains" reduces to contains).
    Gold and predicted quotes are paired one-to-one by a maximum matching that first pairs as
    many required quotes as possible, then prefers pairs whose speaker is right, then pairs
    leftover predictions with optional quotes. So one prediction finds at most one quote (a
    merged quote finds one), and a repeated prediction is a false positive.

    Predictions paired with an optional quote are ignored; every other unpaired prediction is
    a false positive. A found quote is attributed when the prediction's ``speaker`` (an entity
    id) names a predicted entity that resolves to the gold speaker entity (its name or an
    alias); ``speaker_text`` is not used, since the record's contract is the entity link.
    Attribution accuracy = attributed / found: ``None`` with no required quote, 0.0 when
    required quotes exist and none is found.
    """
    quotes = gold.quotes
    preds = pred.quotes
    contents = [normalize(q.text) for q in preds]
    n = len(quotes) + len(preds)
    weights: dict[tuple[int, int], int] = {}
    attributed_pair: set[tuple[int, int]] = set()
    for g, quote in enumerate(quotes):
        needle = normalize(quote.starts_with)
        speaker = gold.entity(quote.speaker)
        speaker_forms = speaker.forms() if speaker else frozenset({normalize(quote.speaker)})
        for p, q in enumerate(preds):
            if not needle or needle not in contents[p]:
                continue
            entity = res.by_id.get(q.speaker) if q.speaker else None
            right = entity is not None and bool(res.entity_forms(entity) & speaker_forms)
            if right:
                attributed_pair.add((g, p))
            if quote.optional:
                weights[(g, p)] = 1
            else:
                weights[(g, p)] = (n + 1) ** 2 + (n + 1) * int(right)
    matching = _max_weight_matching(len(quotes), len(preds), weights)

    def show(p: int) -> str:
        q = preds[p]
        who = q.speaker_text or q.speaker or "no speaker"
        return f"{q.kind} {q.text[:60]!r} ({who})"

    found = attributed = 0
    matched, ignored, unattributed = [], [], []
    paired_preds = set(matching.values())
    for g, p in matching.items():
        if quotes[g].optional:
            ignored.append(f"{show(p)}: optional quote of {quotes[g].speaker}")
            continue
        found += 1
        if (g, p) in attributed_pair:
            attributed += 1
            matched.append(f"{show(p)} = {quotes[g].speaker}")
        else:
            matched.append(f"{show(p)} = quote of {quotes[g].speaker}, speaker wrong")
            unattributed.append(f"{quotes[g].speaker}: {quotes[g].starts_with!r} by {show(p)}")
    false_positives = [show(p) for p in range(len(preds)) if p not in paired_preds]
    n_required = sum(not q.optional for q in quotes)
    missed = [
        f"{q.kind} {q.starts_with!r} ({q.speaker})"
        for g, q in enumerate(quotes)
        if not q.optional and g not in matching
    ]
    score = _prf_section(
        "quotes",
        found,
        len(false_positives),
        n_required,
        missed=missed,
        false_positives=false_positives,
        ignored=ignored,
        matched=matched,
    )
    attribution = (attributed / found if found else 0.0) if n_required else None
    score.extra["attribution"] = attribution
    if n_required:
        score.detail += f"; attributed {attributed}/{found}"
    # Wrongly attributed quotes are listed with the misses so verbose output shows them.
    score.missed.extend(f"attribution: {u}" for u in unattributed)
    return score


def _score_dates(gold: GoldArticle, pred: Article) -> SectionScore:
    """dates: recall, and precision over the predicted expressions that overlap a gold text.

    A gold date is found when a predicted expression overlaps (by character offsets) one of
    the occurrences of its ``text`` in the article and has the same ``value`` (ISO strings
    compared exactly). Precision judges each predicted expression on its own, and only those
    overlapping the text of any gold date, required or optional ("precision over predicted
    expressions that overlap any gold or optional date text"): one that overlaps a required
    date with that date's value is correct; one whose only correct reading is an optional
    date is ignored; any other judged expression is wrong. Expressions overlapping no gold
    text are not judged (listed as ignored). F1 is the harmonic mean of the two, for the
    table; :data:`HEADLINE_METRIC` uses recall. With no required date the empty-section rule
    applies to the judged expressions.
    """

    def overlaps(start: int, end: int, date: GoldDate) -> bool:
        return any(start < b and a < end for a, b in date.spans)

    required = [d for d in gold.dates if not d.optional]
    found: set[int] = set()
    correct, wrong, ignored, matched = 0, [], [], []
    for d in pred.dates:
        hits = [g for g, gd in enumerate(gold.dates) if overlaps(d.start, d.end, gd)]
        show = f"{d.text!r} [{d.start}:{d.end}] = {d.value}"
        if not hits:
            ignored.append(f"{show}: overlaps no gold date (not judged)")
            continue
        right = [g for g in hits if gold.dates[g].value == d.value.strip()]
        required_right = [g for g in right if not gold.dates[g].optional]
        if required_right:
            correct += 1
            found.update(required_right)
            matched.append(f"{show} = {gold.dates[required_right[0]].text!r}")
        elif right:
            ignored.append(f"{show}: optional date {gold.dates[right[0]].text!r}")
        else:
            expected = ", ".join(f"{gold.dates[g].text!r} = {gold.dates[g].value}" for g in hits)
            wrong.append(f"{show}: gold {expected}")
    n_found = sum(1 for g in found if not gold.dates[g].optional)
    if required:
        recall = n_found / len(required)
        precision = correct / (correct + len(wrong)) if correct + len(wrong) else 0.0
        f1 = _f1(precision, recall)
    else:
        precision = recall = f1 = 1.0 if not wrong else 0.0
    missed = [
        f"{d.text!r} = {d.value}"
        for g, d in enumerate(gold.dates)
        if not d.optional and g not in found
    ]
    metric = HEADLINE_METRIC["dates"]
    return SectionScore(
        section="dates",
        metric=metric,
        score={"precision": precision, "recall": recall, "f1": f1}[metric],
        precision=precision,
        recall=recall,
        f1=f1,
        tp=n_found,
        fp=len(wrong),
        fn=len(required) - n_found,
        detail=f"found {n_found}/{len(required)}; judged {correct + len(wrong)}: "
        f"right {correct} wrong {len(wrong)}; not judged/ign {len(ignored)}",
        missed=missed,
        false_positives=wrong,
        ignored=ignored,
        matched=matched,
    )


def _argument_matches(arg: Argument | None, forms: Sequence[str], res: _Resolver) -> bool:
    """Whether a predicted argument matches one of the gold event's listed forms for a role.

    By entity resolution: the listed form equals a surface form of the argument (its text,
    its linked entity's name or mentions), or the listed form names a gold entity (its name
    or an alias) that the argument resolves to. Or by normalised substring, either
    direction, between the listed form and the argument's text (empty strings never match).
    """
    if arg is None or not forms:
        return False
    arg_forms = res.argument_forms(arg)
    arg_gold = set(res.resolves(arg_forms))
    arg_text = normalize(arg.text)
    for form in forms:
        f = normalize(form)
        if not f:
            continue
        if f in arg_forms:
            return True
        if any(f in res.gold_forms[k] for k in arg_gold):
            return True
        if arg_text and (f in arg_text or arg_text in f):
            return True
    return False


def _describe_event(event: Event) -> str:
    args = [
        f"{role}={getattr(event, role).text!r}"
        for role in EVENT_ROLES
        if getattr(event, role) is not None
    ]
    return f"{event.type} {event.trigger.text!r} {' '.join(args)}".strip()


def _score_events(gold: GoldArticle, pred: Article, res: _Resolver) -> SectionScore:
    """events: P/R/F1 with a maximum matching between gold and predicted events.

    A predicted event can match a gold event when its type is in ``types`` and at least one of
    its arguments matches a listed form of the same role (:func:`_argument_matches`). Pairs
    are chosen by a lexicographic maximum matching: first the largest number of required
    gold events paired, then optional gold events paired with the predictions left over
    ("optional gold events are paired only with predictions no required event needs").
    Predictions paired with an optional event are ignored; unpaired ones are false positives.
    """
    events = gold.events
    preds = pred.events
    n = len(events) + len(preds)
    weights: dict[tuple[int, int], int] = {}
    for g, ge in enumerate(events):
        for p, pe in enumerate(preds):
            if pe.type.upper() not in ge.types:
                continue
            if any(_argument_matches(getattr(pe, r), ge.listed(r), res) for r in EVENT_ROLES):
                weights[(g, p)] = 1 if ge.optional else n + 1
    matching = _max_weight_matching(len(events), len(preds), weights)
    tp, matched, ignored = 0, [], []
    for g, p in matching.items():
        line = f"{_describe_event(preds[p])} = {events[g].describe()}"
        if events[g].optional:
            ignored.append(f"{line} (optional)")
        else:
            tp += 1
            matched.append(line)
    paired = set(matching.values())
    return _prf_section(
        "events",
        tp,
        sum(p not in paired for p in range(len(preds))),
        sum(not e.optional for e in events),
        missed=[e.describe() for g, e in enumerate(events) if not e.optional and g not in matching],
        false_positives=[_describe_event(e) for p, e in enumerate(preds) if p not in paired],
        ignored=ignored,
        matched=matched,
    )


def _score_checks(gold: GoldArticle, pred: Article) -> SectionScore:
    """checks: P/R/F1 over distinct normalised (found, suggest) pairs.

    A prediction without ``suggest`` has the pair (found, "") and matches no gold pair.
    Predicted pairs equal to an optional gold pair are ignored; duplicates count once.
    """
    required = {(normalize(c.found), normalize(c.suggest)) for c in gold.checks if not c.optional}
    optional = {(normalize(c.found), normalize(c.suggest)) for c in gold.checks if c.optional}
    optional -= required
    predicted: dict[tuple[str, str], str] = {}
    for c in pred.checks:
        predicted.setdefault((normalize(c.found), normalize(c.suggest)), c.kind)

    def show(pair: tuple[str, str]) -> str:
        return f"{pair[0]!r} → {pair[1]!r}"

    tp = [k for k in predicted if k in required]
    return _prf_section(
        "checks",
        len(tp),
        sum(k not in required and k not in optional for k in predicted),
        len(required),
        missed=[show(k) for k in sorted(required - set(predicted))],
        false_positives=[
            f"{show(k)} ({kind})"
            for k, kind in predicted.items()
            if k not in required and k not in optional
        ],
        ignored=[show(k) for k in predicted if k in optional],
        matched=[show(k) for k in tp],
    )


def _score_metadata(gold: GoldArticle, pred: Article) -> SectionScore:
    """metadata: exact match of ``source`` and ``dateline`` after :func:`normalize`.

    FORMAT.md says "exact match ... (case-insensitive)"; the general string rule (NFKC,
    casefold, punctuation stripped at the ends) is a superset of case-insensitivity and is
    used so that "JAKARTA--" style leftovers do not count as a different dateline. Fields the
    gold leaves empty are not scored; accuracy is over the scored fields (``None`` if none).
    ``extra`` has 1.0/0.0 per field.
    """
    per_field: dict[str, float | None] = {}
    missed: list[str] = []
    matched: list[str] = []
    for name in ("source", "dateline"):
        want = getattr(gold.metadata, name)
        if not want:
            continue
        got = getattr(pred.metadata, name)
        ok = normalize(want) == normalize(got)
        per_field[name] = 1.0 if ok else 0.0
        (matched if ok else missed).append(f"{name}: gold {want!r}, predicted {got!r}")
    scored = [v for v in per_field.values() if v is not None]
    accuracy = sum(scored) / len(scored) if scored else None
    right = int(sum(scored))
    return SectionScore(
        section="metadata",
        metric=HEADLINE_METRIC["metadata"],
        score=accuracy,
        accuracy=accuracy,
        tp=right,
        fn=len(scored) - right,
        detail=" ".join(f"{k} {'✓' if v else '✗'}" for k, v in per_field.items()) or "none",
        extra=per_field,
        missed=missed,
        matched=matched,
    )


def score_article(gold: GoldArticle, pred: Article) -> ArticleScores:
    """Score one predicted record against its gold file, every section of FORMAT.md.

    Takes a loaded :class:`GoldArticle` and the :class:`~warta.record.Article` an extractor
    returned for ``gold.text``. Returns :class:`ArticleScores` with one
    :class:`SectionScore` per section (diagnostics included) and ``overall``, the unweighted
    mean of the sections' headline numbers (:data:`HEADLINE_METRIC`), leaving out sections
    that are undefined for this article. Offsets (dates) are read against ``gold.text``; a
    note is added when the record's text differs from it.
    """
    res = _Resolver(gold, pred)
    sections = {
        "entities": _score_entities(gold, pred, res),
        "locations": _score_locations(gold, pred, res),
        "counts": _score_counts(gold, pred),
        "quotes": _score_quotes(gold, pred, res),
        "dates": _score_dates(gold, pred),
        "events": _score_events(gold, pred, res),
        "checks": _score_checks(gold, pred),
        "metadata": _score_metadata(gold, pred),
    }
    if gold.scored is not None:
        sections = {name: sec for name, sec in sections.items() if name in gold.scored}
    headline = [s.score for s in sections.values() if s.score is not None]
    notes = []
    if pred.text and pred.text != gold.text:
        notes.append("the record's text differs from the gold text: date offsets may not line up")
    return ArticleScores(
        id=gold.id,
        gold_path=str(gold.path),
        sections=sections,
        overall=sum(headline) / len(headline) if headline else None,
        notes=notes,
    )


# --------------------------------------------------------------------------------------------
# A folder of gold files
# --------------------------------------------------------------------------------------------


@dataclass
class EvaluationReport:
    """Scores of every gold article in a folder and their macro averages.

    ``macro`` maps each ``section.metric`` key (and ``overall``) to the mean over the articles
    where it is defined (``None`` when it is defined for none); ``macro_n`` says over how many
    articles each mean was taken.
    """

    gold_dir: str
    articles: list[ArticleScores]
    macro: dict[str, float | None]
    macro_n: dict[str, int]

    @property
    def overall(self) -> float | None:
        return self.macro.get("overall")

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``warta evaluate --json OUT``)."""
        return {
            "format": "warta-evaluation/1",
            "gold_dir": self.gold_dir,
            "n_articles": len(self.articles),
            "overall": self.overall,
            "headline_metrics": dict(HEADLINE_METRIC),
            "macro": dict(self.macro),
            "macro_n": dict(self.macro_n),
            "articles": [a.to_dict() for a in self.articles],
        }


def _macro(articles: Sequence[ArticleScores]) -> tuple[dict[str, float | None], dict[str, int]]:
    """Mean of every metric over the articles where it is defined (undefined ones skipped)."""
    values: dict[str, list[float]] = {}
    for article in articles:
        for key, value in article.metrics().items():
            bucket = values.setdefault(key, [])
            if value is not None:
                bucket.append(value)
    macro = {k: (sum(v) / len(v) if v else None) for k, v in values.items()}
    return macro, {k: len(v) for k, v in values.items()}


def gold_files(gold_dir: str | Path) -> list[Path]:
    """The ``*.json`` gold files of a folder, sorted by name.

    Raises :class:`EvaluationError` when the folder does not exist, is not a folder, or holds
    no ``*.json`` file.
    """
    folder = Path(gold_dir)
    if not folder.exists():
        raise EvaluationError(f"{folder}: gold folder not found")
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: not a folder (give the folder of gold *.json files)")
    files = sorted(p for p in folder.glob("*.json") if p.is_file())
    if not files:
        raise EvaluationError(f"{folder}: no gold files (*.json) in this folder")
    return files


def evaluate_dir(
    gold_dir: str | Path,
    extract: Callable[[str, str | None], Article],
    progress: bool = False,
) -> EvaluationReport:
    """Run ``extract`` on every gold article of a folder and score the results.

    Takes the folder, a callable ``extract(text, published)`` returning an
    :class:`~warta.record.Article` (for the pipeline:
    ``lambda text, published: nlp.extract(text, published=published)``), and whether to show
    a progress bar on stderr. All gold files are loaded (and validated) before the first
    extraction, so a malformed file fails fast. Returns an :class:`EvaluationReport` with the
    per-article scores (including extraction time) and macro averages.

    Raises :class:`EvaluationError` for a missing or empty folder and
    :class:`GoldFormatError` for a malformed gold file. An exception raised by ``extract``
    propagates, with a note naming the gold file, rather than being scored as an empty
    prediction, which would silently lower the numbers.
    """
    golds = [load_gold(p) for p in gold_files(gold_dir)]
    iterable: Iterable[GoldArticle] = golds
    if progress:
        from rich.console import Console
        from rich.progress import track

        iterable = track(golds, description="evaluating", console=Console(stderr=True))
    scores = []
    for gold in iterable:
        started = time.perf_counter()
        try:
            pred = extract(gold.text, gold.metadata.published)
        except Exception as exc:
            exc.add_note(f"while extracting the article of gold file {gold.path}")
            raise
        seconds = time.perf_counter() - started
        if isinstance(pred, dict):
            pred = Article.from_dict(pred)
        if not isinstance(pred, Article):
            raise TypeError(f"extract() returned {type(pred).__name__}, expected a warta Article")
        result = score_article(gold, pred)
        result.seconds = seconds
        scores.append(result)
    macro, macro_n = _macro(scores)
    return EvaluationReport(str(gold_dir), scores, macro, macro_n)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _fmt(value: float | None, bold: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:.3f}"
    return f"[bold]{text}[/bold]" if bold else text


def render_report(report: EvaluationReport, console: Console, verbose: bool = False) -> None:
    """Print the report on a ``rich.console.Console``.

    One table per article (rows: sections; columns: P, R, F1, accuracy and a detail column
    such as "tp 3 fp 1 fn 2"; the number that enters ``overall`` is bold), then the macro
    average table. With ``verbose`` each article's missed gold items, false positives and
    ignored predictions are listed under its table.
    """
    from rich.markup import escape
    from rich.table import Table

    for article in report.articles:
        timing = f", {article.seconds:.2f} s" if article.seconds is not None else ""
        table = Table(title=f"{article.id} — overall {_fmt(article.overall)}{timing}")
        table.add_column("section")
        for name in ("P", "R", "F1", "acc"):
            table.add_column(name, justify="right")
        table.add_column("detail")
        for name in SECTIONS:
            s = article.sections.get(name)
            if s is None:
                continue
            cells = [
                _fmt(s.precision, s.metric == "precision"),
                _fmt(s.recall, s.metric == "recall"),
                _fmt(s.f1, s.metric == "f1"),
                _fmt(s.accuracy, s.metric == "accuracy"),
            ]
            table.add_row(name, *cells, escape(s.detail))
            if name == "quotes" and s.extra.get("attribution") is not None:
                attr = _fmt(s.extra["attribution"])
                table.add_row("  attribution", "", "", "", attr, "not in overall")
        console.print(table)
        for note in article.notes:
            console.print(f"[yellow]note:[/yellow] {escape(note)}")
        if verbose:
            for name in SECTIONS:
                s = article.sections.get(name)
                if s is None:
                    continue
                for label, items in (
                    ("missed", s.missed),
                    ("false positive", s.false_positives),
                    ("ignored", s.ignored),
                ):
                    for item in items:
                        console.print(f"  {name} {label}: {escape(item)}")

    table = Table(title=f"macro average over {len(report.articles)} article(s)")
    table.add_column("section")
    for name in ("P", "R", "F1", "acc"):
        table.add_column(name, justify="right")
    table.add_column("articles", justify="right")
    m = report.macro
    for name in SECTIONS:
        metric = HEADLINE_METRIC[name]
        cells = [
            _fmt(m.get(f"{name}.{k}"), metric == k) if f"{name}.{k}" in m else ""
            for k in ("precision", "recall", "f1", "accuracy")
        ]
        table.add_row(name, *cells, str(report.macro_n.get(f"{name}.{metric}", 0)))
        if name == "quotes" and "quotes.attribution" in m:
            attr = _fmt(m["quotes.attribution"])
            n_attr = str(report.macro_n.get("quotes.attribution", 0))
            table.add_row("  attribution", "", "", "", attr, n_attr)
    table.add_row(
        "overall", "", "", "", _fmt(report.overall, True), str(report.macro_n.get("overall", 0))
    )
    console.print(table)
