"""The article record: the one contract every part of warta speaks.

Field names follow ``DESIGN.md`` and are fixed, because tools outside the project read them.
Offsets (``start``, ``end``) are character offsets into ``Article.text``, which is never
altered. The record is built from typed dataclasses; :meth:`Article.to_dict` and
:meth:`Article.from_dict` are the only serialisation path, and :func:`json_schema` derives the
JSON Schema shipped in ``warta/schema/article.schema.json`` from the same classes.

Fields the design marks optional (``country?``, ``geo?``, ``via?``, ``cameo?``, ``actor?``…)
are left out of the dict when they are ``None``; fields that are nullable by contract
(``quotes[].speaker``) are always present.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

#: Field metadata marking a field the design writes with ``?``: dropped from dicts when None.
_OPTIONAL = {"omit_if_none": True}


def _opt(default: Any = None) -> Any:
    return field(default=default, metadata=_OPTIONAL)


EntityType = Literal["PER", "ORG", "LOC", "GPE", "FAC", "EVT", "MISC"]
CountKind = Literal[
    "KILLED",
    "INJURED",
    "ARRESTED",
    "MISSING",
    "DISPLACED",
    "EVACUATED",
    "PROTESTERS",
    "AFFECTED",
    "MONEY",
    "OTHER",
]
QuoteKind = Literal["direct", "indirect"]
EventMode = Literal["asserted", "planned", "negated", "reported", "unverified"]
CheckKind = Literal["spelling", "name-variant", "conflicting-figure", "weekday-mismatch", "other"]


@dataclass
class Span:
    """A character range of the article text, ``text[start:end]``."""

    start: int
    end: int


@dataclass
class Metadata:
    """What is known about the article besides its text.

    ``published`` is an ISO date passed in by the caller (never guessed from the text);
    ``source`` and ``dateline`` are read from the lead ("Bisnis.com, JAKARTA--");
    ``language`` is an ISO 639-1 code detected offline.
    """

    published: str | None = None
    source: str | None = None
    dateline: str | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = None
    #: Confidence of the language decision, 0..1.
    language_score: float | None = _opt()
    #: Where the outlet/dateline lead sits in the text ("Bisnis.com, JAKARTA--").
    lead: Span | None = _opt()


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Mention:
    text: str
    start: int
    end: int


@dataclass
class Geo:
    lat: float
    lon: float
    geonames_id: int | None = _opt()
    feature: str | None = _opt()
    precision: int | None = _opt()


@dataclass
class Entity:
    id: str
    name: str
    type: EntityType
    mentions: list[Mention] = field(default_factory=list)
    #: Title or role written with the name ("Presiden Kazakhstan", "juru bicara Putin").
    role: str | None = _opt()
    country: str | None = _opt()
    geo: Geo | None = _opt()


@dataclass
class Count:
    """A numeric fact: "delapan orang tewas" -> KILLED 8 (orang).

    One count per distinct (kind, value) in an article; ``mentions`` lists every place the
    same fact is written, the first (``start``/``end``) included.
    """

    kind: CountKind
    value: float
    who: str | None
    text: str
    start: int
    end: int
    #: "sekitar 300", "puluhan", "2.000-an".
    approximate: bool = False
    #: "sedikitnya 12", "lebih dari 40", "ratusan".
    lower_bound: bool = False
    #: The end of a range ("10-12 orang" -> value 10, upper 12).
    upper: float | None = _opt()
    #: ISO 4217 code of a MONEY count ("IDR", "USD").
    currency: str | None = _opt()
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Quote:
    kind: QuoteKind
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_text: str | None
    cue: str | None
    via: str | None = _opt()


@dataclass
class DateExpr:
    text: str
    start: int
    end: int
    value: str
    granularity: str


@dataclass
class Trigger:
    text: str
    start: int
    end: int


@dataclass
class Argument:
    text: str
    entity: str | None = _opt()


@dataclass
class Event:
    type: str
    trigger: Trigger
    mode: EventMode
    sentence: int
    cameo: str | None = _opt()
    actor: Argument | None = _opt()
    target: Argument | None = _opt()
    where: Argument | None = _opt()
    when: str | None = _opt()
    #: Positions in the article's ``counts`` of the figures the text ties to this event (a
    #: KILLED count in the sentence of an ASSAULT); a warta extension of the record.
    counts: list[int] | None = _opt()


@dataclass
class Check:
    kind: CheckKind
    found: str
    suggest: str | None
    start: int
    end: int
    message: str


@dataclass
class Notice:
    """Something a reader of the record should know about how it was made.

    ``kind`` is a short code (``not-indonesian``, ``empty``, ``truncated``); ``message`` is a
    sentence for a person.
    """

    kind: str
    message: str


@dataclass
class Article:
    """One article and everything warta extracted from it."""

    id: str
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    tone: float | None = _opt()
    themes: list[str] | None = _opt()
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (the one serialisation path)."""
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from :meth:`to_dict` output, validating types on the way.

        Raises ``pydantic.ValidationError`` naming the offending field when ``data`` does not
        fit the record.
        """
        return _adapter().validate_python(data)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if v is None and f.metadata.get("omit_if_none"):
                continue
            out[f.name] = _to_plain(v)
        return out
    if isinstance(value, list):
        return [_to_plain(v) for v in value]
    return value


@cache
def _adapter() -> Any:
    # pydantic is used only to validate and to derive the schema: the record stays plain
    # stdlib dataclasses, cheap to build in the pipeline's hot path.
    from pydantic import TypeAdapter

    return TypeAdapter(Article)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Article.to_dict` output."""
    schema: dict[str, Any] = _adapter().json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://warta.invalid/schema/article-{SCHEMA_VERSION}.json"
    schema["title"] = "warta article record"
    return schema


def schema_path() -> Any:
    """Path of the schema file shipped in the package."""
    from importlib.resources import files

    return files("warta") / "schema" / "article.schema.json"


def load_schema() -> dict[str, Any]:
    """The shipped JSON Schema, as outside tools see it."""
    result: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return result
