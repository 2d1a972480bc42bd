"""Numeric facts with their kind and counted noun phrase.

A count is a number (:mod:`warta.numbers`) that counts people, households or money. Its kind
comes from the predicate around it, read from ``lang/count_kinds.tsv``:

* a predicate after the counted phrase: "delapan orang **tewas**", "317 **luka-luka**",
  "Sebanyak 86 orang di antaranya **ditangkap**", "empat pelaku yang **diamankan**";
* a transitive verb before it: "**menewaskan** 8 orang", "**menangkap** empat orang terduga
  teroris";
* a subject joined to it by a linking word: "total **korban meninggal** ... mencapai 63 jiwa";
* a noun that names the counted people: "dua **korban jiwa**", "ribuan **demonstran**";
* a currency: "Rp 1,2 miliar", "US$ 3 juta" (MONEY, whatever the predicate);
* none of these, but a counted noun of people (``lang/count_nouns.tsv``): OTHER ("35.046.783
  Keluarga Penerima Manfaat", "97 WNI").

Every kind but MONEY counts people: the counted phrase must be headed by a noun of
``count_nouns.tsv`` or be empty ("317 luka-luka"), so "mengamankan 10.000 botol" is no arrest
and "tiga kali hingga tewas" no death. What is never a count: percentages, dates and years
("6 Januari", "(6/1)", "2022"), clock times ("pukul 10.00"), durations and ages ("45 tahun",
"Erwin (45)"), references ("Pasal 27", "Nomor 1"), phone and code numbers, scores ("2-1"),
ordinals ("ke-2"), and a single "satu"/"seorang" without a predicate.

The same fact repeated in an article is one count: counts of the same kind and value are merged,
keeping the first mention's span, and the counted phrase of the first mention that has one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from warta.lang import read_table
from warta.numbers import Number, OneEditIndex, find_numbers, lookalikes
from warta.record import Check, Count, CountKind, Span
from warta.text import overlaps_any
from warta.tokenizer import doc_text, token_table

if not Doc.has_extension("counts"):
    Doc.set_extension("counts", default=None)
if not Doc.has_extension("count_flags"):
    Doc.set_extension("count_flags", default=None)
if not Doc.has_extension("count_typos"):
    Doc.set_extension("count_typos", default=None)

#: The longest counted phrase read between a number and its predicate, in tokens
#: ("317 polisi dan prajurit penjaga nasional terluka" has five).
MAX_PHRASE = 8
#: How far back a subject may stand from the linking word before the number, in tokens
#: ("total korban meninggal akibat runtuhnya bangunan Ponpes Al-Khoziny mencapai 63 jiwa").
MAX_SUBJECT_GAP = 10
#: Misspelt predicates are recognised only when this long: shorter ones ("tewas") sit one letter
#: from ordinary words ("tegas").
FUZZY_PREDICATE_LEN = 8
#: Prefixes of Indonesian verbs (di-, me-, ber-, ter-, per-): such a word that is not a listed
#: noun ends a counted phrase ("5 orang saksi diperiksa ..."), since no POS tagger is available.
_VERB_PREFIXES = ("di", "me", "ber", "ter", "per")
#: Years as news writes them (plain four digits): never counts unless people follow ("2000
#: orang").
_YEARS = range(1900, 2100)


@dataclass
class CountDetail:
    """What a :class:`~warta.record.Count` does not carry yet, parallel to ``doc._.counts``.

    ``approximate``: "sekitar 300", "puluhan", "2.000-an"; ``lower_bound``: "sedikitnya 12",
    "lebih dari", "8.000 lebih", "ratusan"; ``upper``: the end of a range ("10-12");
    ``currency``: ISO 4217 code of a MONEY count; ``mentions``: every (start, end) of the
    fact in the text, the first included.
    """

    approximate: bool = False
    lower_bound: bool = False
    upper: float | None = None
    currency: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Phrases:
    """A phrase table: word tuple -> value, looked up longest first."""

    table: dict[tuple[str, ...], str]
    longest: int

    @classmethod
    def of(cls, rows: Sequence[tuple[str, str]]) -> _Phrases:
        table = {tuple(form.split()): value for form, value in rows}
        return cls(table, max((len(k) for k in table), default=1))

    def at(self, words: Sequence[str], i: int, limit: int) -> tuple[str, int] | None:
        """The longest phrase starting at ``words[i]`` and ending before ``limit``."""
        for size in range(min(self.longest, limit - i), 0, -1):
            hit = self.table.get(tuple(words[i : i + size]))
            if hit is not None:
                return hit, i + size
        return None

    def ending(self, words: Sequence[str], end: int, floor: int) -> tuple[str, int] | None:
        """The longest phrase ending just before ``words[end]``: (value, its start)."""
        for size in range(min(self.longest, end - floor), 0, -1):
            hit = self.table.get(tuple(words[end - size : end]))
            if hit is not None:
                return hit, end - size
        return None


@dataclass(frozen=True)
class _Grammar:
    after: _Phrases
    before: _Phrases
    noun: _Phrases
    people: _Phrases
    roles: dict[str, frozenset[str]]
    fillers: _Phrases
    links: _Phrases
    months: frozenset[str]
    fuzzy_after: OneEditIndex
    after_single: dict[str, str]


@cache
def _grammar() -> _Grammar:
    kinds: dict[str, list[tuple[str, str]]] = {"after": [], "before": [], "noun": []}
    for _root, form, kind, where in read_table("count_kinds.tsv"):
        kinds[where].append((form, kind))
    roles: dict[str, set[str]] = {}
    for word, role in read_table("count_grammar.tsv"):
        roles.setdefault(word, set()).add(role)
    after_single = {form: kind for form, kind in kinds["after"] if " " not in form}
    return _Grammar(
        after=_Phrases.of(kinds["after"]),
        before=_Phrases.of(kinds["before"]),
        noun=_Phrases.of(kinds["noun"]),
        people=_Phrases.of([(row[0], row[1]) for row in read_table("count_nouns.tsv")]),
        roles={w: frozenset(r) for w, r in roles.items()},
        fillers=_Phrases.of([(w, "filler") for w, r in roles.items() if "filler" in r]),
        links=_Phrases.of([(w, "link") for w, r in roles.items() if "link" in r]),
        months=frozenset(row[0].lower() for row in read_table("months.tsv")),
        fuzzy_after=OneEditIndex(f for f in after_single if len(f) >= FUZZY_PREDICATE_LEN),
        after_single=after_single,
    )


@dataclass(frozen=True)
class _Phrase:
    """The counted phrase read after a number: "317 [polisi dan prajurit penjaga nasional]
    terluka"."""

    end: int  # token index after the phrase
    scan_end: int  # where reading stopped: a predicate may start here
    head: int  # the first noun of people, or -1 for an empty phrase ("317 luka-luka")
    valid: bool  # False when the phrase is headed by something other than people
    noun_kind: str | None  # kind named by the head noun ("dua korban jiwa": KILLED)


@dataclass
class _Found:
    kind: str
    number: Number
    start: int  # token span of the whole count
    end: int
    who: tuple[int, int] | None  # token span of the counted phrase
    typos: list[tuple[int, str]] = field(default_factory=list)


class _Reader:
    """The tokens of one Doc, read once into plain lists."""

    def __init__(self, doc: Doc) -> None:
        table = token_table(doc)
        self.n = table.n
        # Shared with the other stages: read, never written.
        self.raw: list[str] = table.words
        self.low: list[str] = table.lower
        self.sent: list[int] = []
        # Sentence numbers from the SENT_START column (1 = starts a sentence; 0 when no
        # sentences were set), without creating a Token per word.
        current = -1
        starts = doc.to_array(SENT_START).tolist() if self.n else []
        for i, start in enumerate(starts):
            if i == 0 or start == 1:
                current += 1
            self.sent.append(current)
        self.g = _grammar()
        self.numbers = find_numbers(self.raw)
        self.in_number = [False] * self.n
        for num in self.numbers:
            for k in range(num.start, num.end):
                self.in_number[k] = True

    # -- helpers ------------------------------------------------------------------------------

    def role(self, k: int, role: str) -> bool:
        return 0 <= k < self.n and role in self.g.roles.get(self.low[k], ())

    def is_word(self, k: int) -> bool:
        return any(ch.isalpha() for ch in self.raw[k])

    def same_sentence(self, a: int, b: int) -> bool:
        return self.sent[a] == self.sent[b]

    def predicate_after(self, k: int) -> tuple[str, int, tuple[int, str] | None] | None:
        """An after-type predicate at ``k``: (kind, end, typo or None)."""
        hit = self.g.after.at(self.low, k, self.n)
        if hit is not None:
            return hit[0], hit[1], None
        fixed = _misspelt_predicate(self.low[k])
        if fixed is not None:
            return self.g.after_single[fixed], k + 1, (k, fixed)
        return None

    def verb_like(self, k: int) -> bool:
        word = self.low[k]
        return len(word) > 4 and word.startswith(_VERB_PREFIXES)

    # -- what is not a count ------------------------------------------------------------------

    def excluded(self, num: Number) -> bool:
        raw, low, n = self.raw, self.low, self.n
        before = num.start - 1
        after = num.core_end
        if num.percent:
            return True
        if before >= 0 and (self.role(before, "not-before") or raw[before] in ("/", "-", "–")):
            return True
        if before >= 0 and low[before] == "salah" and num.value == 1:  # "salah satu": one of
            return True
        if after < n and (
            raw[after] in ("/", "-", "–")
            or low[after] in self.g.months
            or self.role(after, "not-after")
        ):
            return True
        if num.currency is not None:
            return False
        # "(45)" alone in brackets: an age after a name, a list or reference mark.
        if before >= 0 and raw[before] == "(" and num.end < n and raw[num.end] == ")":
            return True
        if num.form == "digits":
            text = raw[num.core_start]
            plain = text.isdigit()
            if plain and len(text) == 4 and int(text) in _YEARS and not self.people_at(after):
                return True
            if plain and (len(text) >= 9 or (len(text) >= 3 and text.startswith("0"))):
                return True  # phone, account and ID numbers
        return False

    def people_at(self, k: int) -> tuple[str, int] | None:
        if k >= self.n:
            return None
        return self.g.people.at(self.low, k, self.n)

    # -- reading a count ----------------------------------------------------------------------

    def count(self, num: Number) -> _Found | None:
        if self.excluded(num):
            return None
        if num.currency is not None:
            # "1 dolar AS setara Rp 16.500": one unit of a currency is a rate, not a sum.
            if num.value == 1 and num.upper is None:
                return None
            return _Found("MONEY", num, num.start, num.end, self.money_who(num))
        if (
            num.form in ("one", "collective")
            and not (num.form == "collective" and self.low[num.core_start].endswith("nya"))
            and self.people_at(num.core_end) is None
        ):
            return None
        phrase = self.phrase(num)
        return (
            self.after_type(num, phrase)
            or self.before_type(num, phrase)
            or self.subject_type(num, phrase)
            or self.noun_or_other(num, phrase)
        )

    def phrase(self, num: Number) -> _Phrase:
        """Read the counted phrase after ``num`` (see :class:`_Phrase`)."""
        g, low, raw, n = self.g, self.low, self.raw, self.n
        k = num.end
        head = -1
        phrase_end = k
        noun_kind: str | None = None
        opened = num.start > 0 and raw[num.start - 1] == "("
        while k < n and k - num.end < MAX_PHRASE and self.same_sentence(k, num.core_start):
            if self.in_number[k]:
                break
            fill = g.fillers.at(low, k, n)
            if fill is not None:
                k = fill[1]
                continue
            if raw[k] == "(":
                close = self.closing(k)
                if close is None:
                    break
                k = close + 1
                continue
            if raw[k] == ")" and opened:
                opened = False
                k += 1
                continue
            if not self.is_word(k) or self.role(k, "adverb") or self.role(k, "link"):
                break
            if self.role(k, "stop") or self.role(k, "not-after"):
                break
            if self.role(k, "and"):
                # "polisi dan prajurit": only another noun of people continues the phrase
                if head >= 0 and k + 1 < n and g.people.at(low, k + 1, n) is not None:
                    k += 1
                    continue
                break
            if self.role(k, "negation") or self.predicate_after(k) is not None:
                break
            kind = g.noun.at(low, k, n)
            person = g.people.at(low, k, n)
            if head < 0:
                if kind is None and person is None:
                    return _Phrase(phrase_end, k, -1, False, None)
                head = k
            if kind is not None:
                # A noun that names the counted people gives the kind only as the head or
                # right after a classifier ("500 orang pengunjuk rasa"); elsewhere it is a
                # modifier: "38 ahli waris korban meninggal" counts heirs, not the dead.
                if noun_kind is None and (k == head or (k == head + 1 and low[head] == "orang")):
                    noun_kind = kind[0]
                k = phrase_end = kind[1]
                continue
            if person is not None:
                k = phrase_end = person[1]
                continue
            # A verb, or a word with a possessive "-nya" ("awalnya"), starts the next phrase.
            if self.verb_like(k) or (head >= 0 and low[k].endswith("nya")):
                break
            k += 1
            phrase_end = k
        return _Phrase(phrase_end, k, head, True, noun_kind)

    def closing(self, k: int) -> int | None:
        """The ")" closing the "(" at ``k`` within a few tokens of the same sentence."""
        for j in range(k + 1, min(self.n, k + 8)):
            if not self.same_sentence(j, k) or self.raw[j] == "(":
                return None
            if self.raw[j] == ")":
                return j
        return None

    def after_type(self, num: Number, phrase: _Phrase) -> _Found | None:
        if not phrase.valid:
            return None
        phrase_end, k, head, n = phrase.end, phrase.scan_end, phrase.head, self.n
        # adverbs between the phrase and its predicate; "yang" links them too
        while k < n and self.role(k, "adverb") and self.same_sentence(k, num.core_start):
            k += 1
        if k >= n or not self.same_sentence(k, num.core_start) or self.role(k, "negation"):
            return None
        hit = self.predicate_after(k)
        if hit is None:
            return None
        kind, end, typo = hit
        # "38 ahli waris korban meninggal": the predicate belongs to "korban", a modifier of
        # the head, not to the people counted.
        if head >= 0 and self.low[phrase_end - 1] == "korban" and phrase_end - 1 != head:
            return None
        who = (head, phrase_end) if head >= 0 else None
        return _Found(kind, num, num.start, end, who, [typo] if typo else [])

    @staticmethod
    def object_phrase(num: Number, phrase: _Phrase) -> tuple[tuple[int, int] | None, int] | None:
        """The counted phrase after a number that is an object or a linked figure: its span
        (None when empty) and the count's end; None when it is not a phrase of people."""
        if not phrase.valid:
            return None
        if phrase.head < 0:
            return None, num.end
        return (phrase.head, phrase.end), phrase.end

    def before_type(self, num: Number, phrase: _Phrase) -> _Found | None:
        p = num.start
        link = self.g.links.ending(self.low, p, max(0, p - 3))
        if link is not None and self.same_sentence(link[1], num.start):
            p = link[1]
        verb = self.g.before.ending(self.low, p, max(0, p - 3))
        if verb is None or not self.same_sentence(verb[1], num.start):
            return None
        obj = self.object_phrase(num, phrase)
        if obj is None:
            return None
        return _Found(verb[0], num, verb[1], obj[1], obj[0])

    def subject_type(self, num: Number, phrase: _Phrase) -> _Found | None:
        link = self.g.links.ending(self.low, num.start, max(0, num.start - 3))
        if link is not None:
            end = link[1]
        elif (num.approximate or num.lower_bound) and not self.low[num.start][:1].isdigit():
            end = num.start  # "jumlah peserta aksi sekitar 3.500 orang": the hedge links
        else:
            return None
        floor = max(0, end - MAX_SUBJECT_GAP)
        for stop in range(end, floor, -1):
            k = stop - 1
            if not self.same_sentence(k, num.start) or self.in_number[k]:
                return None
            if not self.is_word(k) or self.role(k, "negation"):
                return None
            if link is None and self.role(k, "stop"):
                # "113 orang mengalami luka-luka ketika ribuan demonstran turun": without a
                # link verb the hedged number opens its own clause; it is not the injured.
                return None
            hit = self.g.noun.ending(self.low, stop, floor) or self.after_ending(stop, floor)
            if hit is not None:
                if hit[1] > 0 and self.role(hit[1] - 1, "negation"):
                    return None
                obj = self.object_phrase(num, phrase)
                if obj is None:
                    return None
                return _Found(hit[0], num, hit[1], obj[1], obj[0])
        return None

    def after_ending(self, stop: int, floor: int) -> tuple[str, int] | None:
        return self.g.after.ending(self.low, stop, floor)

    def noun_or_other(self, num: Number, phrase: _Phrase) -> _Found | None:
        if not phrase.valid or phrase.head < 0:
            return None
        who = (phrase.head, phrase.end)
        # "seorang demonstran" is one person, named by what they are, not a crowd counted
        if phrase.noun_kind is not None and num.form != "one":
            return _Found(phrase.noun_kind, num, num.start, phrase.end, who)
        # A bare "satu"/"seorang" is an article, not a figure anyone tabulates; a vague
        # "puluhan juta orang" without a predicate says nothing to count.
        if num.value < 2 or num.form in ("one", "collective", "vague"):
            return None
        return _Found("OTHER", num, num.start, phrase.end, who)

    def money_who(self, num: Number) -> tuple[int, int] | None:
        """The words naming what a sum is ("santunan sebesar Rp15 juta" -> "santunan")."""
        k = num.start
        while k > 0 and (
            self.g.links.ending(self.low, k, k - 1) or self.low[k - 1] in _MONEY_LINKS
        ):
            k -= 1
        end = k
        while (
            k > 0
            and end - k < 2
            and self.same_sentence(k - 1, num.start)
            and self.is_word(k - 1)
            and not self.in_number[k - 1]
            and not self.g.roles.get(self.low[k - 1])
            and not self.verb_like(k - 1)
        ):
            k -= 1
        return (k, end) if k < end else None


#: Words between what a sum pays for and the sum ("santunan sebesar Rp15 juta").
_MONEY_LINKS = frozenset({"sebesar", "senilai", "seharga", "berupa", "mencapai", "hingga"})


@lru_cache(maxsize=65536)
def _misspelt_predicate(word: str) -> str | None:
    """The after-type predicate ``word`` misspells ("lika-luka" -> "luka-luka"), or None."""
    if len(word) < FUZZY_PREDICATE_LEN - 1 or word in lookalikes():
        return None
    return _grammar().fuzzy_after.nearest(word)


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    table = token_table(doc)
    return table.starts[start], table.ends[end - 1]


def extract_counts(doc: Doc) -> tuple[list[Count], list[CountDetail], list[Check]]:
    """The counts of ``doc``, their details, and the misspellings read on the way."""
    reader = _Reader(doc)
    merged: dict[tuple[str, float], tuple[Count, CountDetail]] = {}
    typos: list[Check] = []
    seen_typos: set[int] = set()
    text = doc_text(doc)
    for num in reader.numbers:
        found = reader.count(num)
        if found is None:
            continue
        start, end = _char_span(doc, found.start, found.end)
        # "103 KK (200 jiwa) terdampak": the count read inside brackets keeps them balanced
        if (
            text.count(")", start, end) > text.count("(", start, end)
            and text[start - 1 : start] == "("
        ):
            start -= 1
        who = None
        if found.who is not None:
            a, b = _char_span(doc, *found.who)
            who = text[a:b]
        for i, fixed in [*num.typos, *found.typos]:
            if i not in seen_typos:
                seen_typos.add(i)
                token = doc[i]
                typos.append(
                    Check(
                        kind="spelling",
                        found=token.text,
                        suggest=fixed,
                        start=token.idx,
                        end=token.idx + len(token.text),
                        message=f'"{token.text}" read as "{fixed}" in a count',
                    )
                )
        key = (found.kind, float(num.value))
        if key not in merged and found.kind not in _TYPED_ONLY:
            # The same people counted again without a predicate: "dua warga masih hilang ...
            # kami masih mencari dua warga" is one MISSING count, not a new OTHER one; and an
            # OTHER read first takes the kind its later, typed mention gives it.
            same = _same_people(merged, found.kind, float(num.value), who)
            if same is not None:
                if found.kind != "OTHER":
                    merged[same][0].kind = cast(CountKind, found.kind)
                    # re-keyed in place: counts stay in the order of their first mention
                    merged = {(key if k == same else k): v for k, v in merged.items()}
                else:
                    key = same
        if key in merged:
            count, detail = merged[key]
            detail.mentions.append((start, end))
            if count.who is None and who is not None:
                count.who = who
            continue
        count = Count(
            kind=cast(CountKind, found.kind),
            value=num.value,
            who=who,
            text=text[start:end],
            start=start,
            end=end,
        )
        detail = CountDetail(
            approximate=num.approximate,
            lower_bound=num.lower_bound,
            upper=num.upper,
            currency=num.currency,
            mentions=[(start, end)],
        )
        merged[key] = (count, detail)
    counts = [c for c, _ in merged.values()]
    details = [d for _, d in merged.values()]
    return counts, details, typos


#: Kinds never merged with an OTHER count of the same value.
_TYPED_ONLY = frozenset({"MONEY"})


def _head(who: str | None) -> str | None:
    return who.split()[0].casefold() if who else None


def _same_people(
    merged: dict[tuple[str, float], tuple[Count, CountDetail]],
    kind: str,
    value: float,
    who: str | None,
) -> tuple[str, float] | None:
    """The key of a count of the same value and counted noun that differs only in being
    typed or not (one of the two is OTHER), if there is exactly one."""
    head = _head(who)
    if head is None:
        return None
    keys = [
        k
        for k, (c, _) in merged.items()
        if k[1] == value
        and k[0] not in _TYPED_ONLY
        and (k[0] == "OTHER") != (kind == "OTHER")
        and _head(c.who) == head
    ]
    return keys[0] if len(keys) == 1 else None


@Language.component("warta_counts")
def find_counts(doc: Doc) -> Doc:
    """Numeric facts with their kind and counted noun phrase.

    Input: a Doc with sentences. Output: ``doc._.counts`` (list of
    :class:`~warta.record.Count`, one per distinct fact), ``doc._.count_flags`` (a parallel
    list of :class:`CountDetail`: approximate, lower bound, range end, currency, every
    mention) and ``doc._.count_typos`` (:class:`~warta.record.Check` for misspelt number words
    and predicates read as counts).

    "Akibatnya delaapan orang tewas dan 317 lika-luka." -> KILLED 8 (orang), INJURED 317,
    and the spellings "delaapan" -> "delapan", "lika-luka" -> "luka-luka".
    """
    counts, details, typos = extract_counts(doc)
    for count, detail in zip(counts, details, strict=True):
        count.approximate = detail.approximate
        count.lower_bound = detail.lower_bound
        count.upper = detail.upper
        count.currency = detail.currency
        count.mentions = [Span(start, end) for start, end in detail.mentions]
    skip = doc._.boilerplate or []
    if skip:
        counts = [c for c in counts if not overlaps_any(c.start, c.end, skip)]
    doc._.counts = counts
    doc._.count_flags = details
    doc._.count_typos = typos
    return doc
