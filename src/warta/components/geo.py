"""Offline geocoding of place entities (issue 6): ``warta_geo``.

Input: ``doc._.entities`` from ``warta_names`` (LOC/GPE/FAC entities with their mentions),
``doc.ents`` (gazetteer keys in ``kb_id``) and ``doc._.dateline``. Output: each place entity
that resolves gets ``country`` (ISO alpha-2) and ``geo`` (lat, lon, geonames_id, feature,
precision); ``doc._.geo`` maps entity ids to their :class:`warta.geo.Place`, for the events
stage to link an event's ``where``.

The article is its own context, read in two passes:

1. every place that resolves without context (countries, provinces, the gazetteer's cities,
   unambiguous kabupaten/kota) and the dateline say which countries and provinces the article
   is about;
2. every place is resolved again with that context, and with the admin word written in front
   of each mention ("Kabupaten Sleman", "Kec. Cibadak", "Jl. Sudirman"); a kecamatan, desa or
   street resolves to the kabupaten/kota the same sentence names (else the only one the
   article names, else the dateline city), one step coarser; with none, it stays unresolved.

"Kepolisian Kazakhstan menyebut 26 orang tewas di Almaty." -> Kazakhstan (KZ, country,
precision 3), Almaty (KZ, 43.25 N 76.91 E, city, precision 1).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from warta.gazetteer import place_offices
from warta.geo import (
    SUB_LEVELS,
    Place,
    PlaceContext,
    admin_words,
    place_by_key,
    preload,
    resolve_place,
    split_admin,
)
from warta.record import Entity, Geo

#: Entity types that can be places.
PLACE_TYPES = frozenset({"LOC", "GPE", "FAC"})
#: How far (characters) a kecamatan/desa/street looks for its kabupaten/kota in the same sentence.
WINDOW = 160

if not Doc.has_extension("geo"):
    Doc.set_extension("geo", default=None)


@Language.factory("warta_geo")
def make_geo(nlp: Language, name: str) -> GeoComponent:
    """Country, coordinates, feature and precision for every place entity that resolves."""
    return GeoComponent()


class GeoComponent:
    def __init__(self) -> None:
        preload()  # build the indexes at pipeline start-up, not inside the first article

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.entities
        if not entities:
            doc._.geo = {}
            return doc
        places = geocode_entities(
            doc,
            [e for e in entities if e.type in PLACE_TYPES],
            offices=[e for e in entities if e.type == "ORG"],
        )
        for entity in entities:
            place = places.get(entity.id)
            if place is None:
                continue
            entity.geo = Geo(
                lat=round(place.lat, 5),
                lon=round(place.lon, 5),
                geonames_id=place.geonames_id,
                feature=place.feature,
                precision=place.precision,
            )
            if place.country:
                entity.country = place.country
        doc._.geo = places
        return doc


_LIST_GLUE = re.compile(r"\s*(?:,|,?\s*(?:dan|serta))\s*")


def _level_before(text: str, start: int) -> str | None:
    """The level of an admin word written right before ``start`` ("Kabupaten |Sleman")."""
    head = text[max(0, start - 40) : start].rstrip()
    if len(head) == len(text[max(0, start - 40) : start]):
        return None  # no space: the word before is glued to the name
    lowered = head.casefold()
    for words, level in admin_words():
        phrase = " ".join(words)
        if lowered.endswith(phrase):
            before = lowered[: len(lowered) - len(phrase)]
            if not before or not before[-1].isalnum():
                return level
    return None


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]


def geocode_entities(
    doc: Doc, entities: list[Entity], offices: list[Entity] | None = None
) -> dict[str, Place]:
    """Resolved places by entity id (see the module docstring for the two passes).

    ``offices`` are organisations that may be named by a place ("Polrestabes Medan"): that
    place counts as context, as a place mention would, though the office is no place."""
    text = doc.text
    kb = {(e.start_char, e.end_char): e.kb_id_ for e in doc.ents if e.kb_id_}
    context = PlaceContext()
    if doc._.dateline:
        context.dateline = resolve_place(doc._.dateline)

    # The admin word of a list covers every item: "di Kecamatan Tambaksari, Kenjeran, dan
    # Sawahan" are three kecamatan.
    written = sorted((m.start, m.end) for e in entities for m in e.mentions)
    level_at: dict[int, str | None] = {}
    prev: tuple[int, str | None] | None = None
    for start, end in written:
        level = _level_before(text, start) or split_admin(text[start:end])[0]
        if level is None and prev is not None and _LIST_GLUE.fullmatch(text[prev[0] : start]):
            level = prev[1]
        level_at[start] = level
        prev = (end, level)

    def levels(entity: Entity) -> list[str | None]:
        return [level_at.get(m.start) for m in entity.mentions]

    def known(entity: Entity) -> Place | None:
        for m in entity.mentions:
            key = kb.get((m.start, m.end))
            if key and (place := place_by_key(key)) is not None:
                return place
        return None

    # Pass 1: what the article is about.
    first: dict[str, Place] = {}
    for entity in entities:
        place = known(entity)
        if place is None:
            lv = next((lv for lv in levels(entity) if lv), None)
            if lv in SUB_LEVELS:
                continue
            place = resolve_place(entity.name, PlaceContext(level=lv))
        if place is not None:
            first[entity.id] = place
            context.add(place)
    # Kabupaten/kota (and Indonesian cities) the article names, where it names them.
    anchors: list[tuple[int, Place]] = []
    for entity in entities:
        place = first.get(entity.id)
        if place is not None and place.country == "ID" and place.feature in {"admin2", "city"}:
            anchors.extend((m.start, place) for m in entity.mentions)
    served = place_offices()
    for office in offices or ():
        for m in office.mentions:
            head, _, rest = m.text.partition(" ")
            if head in served and rest and (place := resolve_place(rest)) is not None:
                context.add(place)
                if place.country == "ID" and place.feature in {"admin2", "city"}:
                    anchors.append((m.start + len(head) + 1, place))
    anchors.sort(key=lambda a: a[0])
    distinct = {p.id for _, p in anchors}
    sentences = _sentence_bounds(doc)

    def enclosing(start: int, end: int) -> Place | None:
        bounds = next(((a, b) for a, b in sentences if a <= start < b), (0, len(text)))
        after = [p for s, p in anchors if end <= s < min(bounds[1], end + WINDOW)]
        if after:
            return after[0]
        before = [p for s, p in anchors if max(bounds[0], start - WINDOW) <= s < start]
        if before:
            return before[-1]
        if len(distinct) == 1:
            return anchors[0][1]
        dateline = context.dateline
        if (
            dateline is not None
            and dateline.feature in {"city", "admin2"}
            and (not distinct or dateline.id in distinct)
        ):
            # a "SURABAYA, KOMPAS.com" article that also names Sidoarjo and Gresik: its
            # kecamatan are the dateline city's unless the sentence names another
            return dateline
        return None

    # Pass 2: everything again, in context; twice, so that a desa can lie in a kecamatan
    # that the first round placed ("Desa Karangpapak, Kecamatan Cisolok, Kabupaten Sukabumi").
    out: dict[str, Place] = {}
    for _round in range(2):
        found: list[tuple[int, Place]] = []
        for entity in entities:
            place = known(entity)
            if place is None:
                for m, lv in zip(entity.mentions, levels(entity), strict=True):
                    ctx = PlaceContext(
                        countries=context.countries,
                        provinces=context.provinces,
                        dateline=context.dateline,
                        level=lv,
                    )
                    # The kabupaten/kota around the mention: where a kecamatan, desa or
                    # street lies, and the only evidence for a town no list has ("Legian").
                    ctx.enclosing = enclosing(m.start, m.end)
                    place = resolve_place(m.text, ctx)
                    if place is not None:
                        if place.feature == "admin3":
                            found.extend((mm.start, place) for mm in entity.mentions)
                        break
            if place is not None:
                out[entity.id] = place
        if not found:
            break
        anchors = sorted(anchors + found, key=lambda a: a[0])
    return out
