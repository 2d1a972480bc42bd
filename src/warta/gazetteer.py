"""Lists that beat learning: places, organisations, news agencies and titles, as spaCy matchers.

The data lives in ``warta/lang/gazetteer/*.tsv`` (one entity per row: a key, a type, a canonical
name and its aliases, each file saying where its entries come from) and ``warta/lang/titles.tsv``.
:class:`Gazetteer` finds aliases in a ``Doc`` with two ``PhraseMatcher`` s:

* aliases written in capitals ("PBB", "AS", "CSTO") match case-sensitively (``ORTH``), so the
  acronym "AS" (Amerika Serikat) is never the word "as";
* every other alias matches on ``LOWER`` and then only where the text capitalises each word the
  alias capitalises: "Uni Eropa" and "JAKARTA" match, "uni eropa" and "malang" do not.

Further guards, each for a failure seen in Indonesian news:

* an alias marked ``?`` in the data is also a common word or given name ("Malang", "Batu",
  "Solo", "Bone", "Georgia", "AP"): it counts only after a cue of its type (``cues.tsv``: "di",
  "ke", "Kota", "Wali Kota"...; "dilansir", "kantor berita"...), never at a sentence start and,
  for places, never when a capitalised word follows ("Batu Bara", "Padang Barat"), unless the
  statistical NER marked exactly that span;
* a two- or three-letter acronym next to other initials or after "tersangka", "berinisial"...
  is a person's initials ("tersangka AS", "A, AP, dan AM"), not an organisation or country;
* an acronym the article spells out differently ("pajak bumi dan bangunan (PBB)", "Ogan
  Komering Ilir (OKI)") is left to the article's own reading throughout that article;
* a place right after an organisation head ("Bank Indonesia", "Universitas Indonesia",
  "Timnas Jepang"; ``org_heads.txt``) is part of the longer name.

>>> import spacy
>>> nlp = spacy.blank("id")
>>> gaz = Gazetteer(nlp)
>>> [(h.text, h.entry.name, h.entry.type) for h in gaz.find(nlp("Aliansi yang dipimpin Moskow."))]
[('Moskow', 'Moskow', 'LOC')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from warta.lang import read_list, read_table

#: Data files, in priority order: where two entries share an alias, the earlier file wins
#: ("Jambi" is the province before the city); ``exonyms.tsv`` comes first so that it can set
#: the canonical name of a generated country row.
GAZETTEER_FILES = (
    "exonyms.tsv",
    "epithets.tsv",
    "countries.tsv",
    "regions.tsv",
    "provinces.tsv",
    "cities.tsv",
    "organisations.tsv",
    "state_bodies.tsv",
    "parties.tsv",
    "news_agencies.tsv",
)

#: NER labels that agree with a gazetteer type (the corpora tag countries as LOC or GPE).
COMPATIBLE = {"LOC": {"LOC", "GPE", "FAC"}, "ORG": {"ORG"}, "PER": {"PER"}}

_ORDINAL = re.compile(r"^(?:ke-?\d+|[IVXLC]+|\d+)$")


@dataclass(frozen=True)
class Entry:
    """One real-world place or organisation of the gazetteer."""

    key: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Alias:
    text: str
    key: str
    #: Needs a cue of its entry's type before it (marked ``?`` in the data).
    needs_cue: bool
    #: Written in capitals: matched case-sensitively.
    exact_case: bool


@dataclass(frozen=True)
class Hit:
    """A gazetteer alias found in a document (token offsets ``start:end``)."""

    start: int
    end: int
    text: str
    entry: Entry
    alias: Alias

    def span(self, doc: Doc) -> Span:
        return Span(doc, self.start, self.end, label=self.entry.type, kb_id=self.entry.key)


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in text


def _path(name: str) -> str:
    return f"gazetteer/{name}"


@cache
def load_entries() -> tuple[dict[str, Entry], tuple[Alias, ...]]:
    """All gazetteer entries by key, and every alias in priority order."""
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    countries: dict[str, str | None] = {}
    aliases: dict[str, list[str]] = {}
    order: list[Alias] = []
    seen: set[tuple[str, str]] = set()
    for file in GAZETTEER_FILES:
        for row in read_table(_path(file)):
            key, etype, name, alias_cell = row[0], row[1], row[2], row[3]
            country = row[4] if len(row) > 4 and row[4] else None
            if name and key not in names:
                names[key] = name
            types.setdefault(key, etype)
            if country and not countries.get(key):
                countries[key] = country
            countries.setdefault(key, country)
            for raw in filter(None, (a.strip() for a in alias_cell.split("|"))):
                needs_cue = raw.endswith("?")
                text = raw.rstrip("?").strip()
                aliases.setdefault(key, [])
                if text not in aliases[key]:
                    aliases[key].append(text)
                if (key, text) in seen:
                    continue
                seen.add((key, text))
                order.append(Alias(text, key, needs_cue, _is_acronym(text)))
    entries = {
        key: Entry(
            key=key,
            name=names.get(key) or aliases[key][0],
            type=types[key],
            country=countries.get(key),
            aliases=tuple(aliases[key]),
        )
        for key in types
    }
    return entries, tuple(order)


@cache
def cues() -> dict[str, frozenset[str]]:
    """Cue words by the type they announce (``LOC``, ``ORG``, ``INITIALS``), casefolded."""
    out: dict[str, set[str]] = {}
    for cue, kind in read_table(_path("cues.tsv")):
        out.setdefault(kind, set()).add(cue.casefold())
    return {k: frozenset(v) for k, v in out.items()}


@cache
def org_heads() -> frozenset[str]:
    return frozenset(read_list(_path("org_heads.txt")))


@cache
def not_names() -> frozenset[str]:
    """Words that are never a mention on their own (pronouns...), casefolded."""
    return frozenset(w.casefold() for w in read_list(_path("not_names.txt")))


@cache
def name_parts() -> dict[str, frozenset[str]]:
    """``generic`` given names and ``particle`` s, casefolded."""
    out: dict[str, set[str]] = {"generic": set(), "particle": set()}
    for part, kind, *_ in read_table(_path("name_parts.tsv")):
        if kind in out:
            out[kind].add(part.casefold())
    return {k: frozenset(v) for k, v in out.items()}


@cache
def old_spellings() -> tuple[tuple[str, str], ...]:
    """(old, modern) spelling pairs compared as equal in names: ("oe", "u"), ("dj", "j")..."""
    pairs = []
    for part, kind, *_ in read_table(_path("name_parts.tsv")):
        if kind == "spelling":
            old, new = part.casefold().split("=")
            pairs.append((old, new))
    return tuple(pairs)


@cache
def sentence_leads() -> tuple[tuple[str, ...], ...]:
    """Sentence adverbs and openers glued to a following name ("Sebelumnya", "Sementara itu"),
    casefolded word tuples, longest first."""
    leads = {
        tuple(w.casefold() for w in line.split()) for line in read_list(_path("sentence_leads.txt"))
    }
    return tuple(sorted(leads, key=lambda t: (-len(t), t)))


@cache
def common_words() -> frozenset[str]:
    """Words news writes in lower case (``common_words.txt``, generated from the corpus)."""
    return frozenset(read_list(_path("common_words.txt")))


@cache
def place_offices() -> frozenset[str]:
    """Offices named by the region they serve ("Polda" in "Polda Sumut"): ``place_offices.txt``."""
    return frozenset(read_list(_path("place_offices.txt")))


@cache
def org_words() -> frozenset[str]:
    """Words that make a phrase an organisation's name, with the organisation heads,
    casefolded."""
    words = read_list(_path("org_words.txt")) + read_list(_path("org_heads.txt"))
    return frozenset(w.casefold() for w in words)


@cache
def alias_types() -> dict[str, frozenset[str]]:
    """Every gazetteer alias, casefolded, with the types of the entries it names: what the
    gazetteer "knows" a word as, whether or not it matched in a given article."""
    entries, aliases = load_entries()
    out: dict[str, set[str]] = {}
    for alias in aliases:
        out.setdefault(alias.text.casefold(), set()).add(entries[alias.key].type)
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True)
class Title:
    text: str
    kind: str  # role | rank | honorific | degree
    cap: bool


@cache
def titles() -> tuple[Title, ...]:
    """The rows of ``lang/titles.tsv``, plus each minister's deputy.

    The press writes a deputy minister as "Wa" + the minister's short title ("Menaker" ->
    "Wamenaker", "Menkeu" -> "Wamenkeu"): derived here rather than listed twice.
    """
    rows = [Title(t, kind, case == "cap") for t, kind, case, *_ in read_table("titles.tsv")]
    known = {r.text.casefold() for r in rows}
    deputies = [
        Title("Wa" + r.text.lower(), r.kind, r.cap)
        for r in rows
        if r.kind == "role"
        and " " not in r.text
        and r.text.startswith("Men")
        and r.text != "Menteri"
        and "wa" + r.text.casefold() not in known
    ]
    return tuple(rows + deputies)


def _cap(token: Token) -> bool:
    return token.text[:1].isupper()


def _sentence_start(token: Token) -> bool:
    if token.i == 0 or token.is_sent_start:
        return True
    prev = token.doc[token.i - 1]
    return (prev.is_punct and prev.text in {".", "!", "?", '"', "\u201c", "\u201d", ":"}) or (
        "\n" in prev.text_with_ws
    )


class Gazetteer:
    """Gazetteer and title matchers built for one ``Language``'s tokenizer and vocab."""

    def __init__(self, nlp: Language) -> None:
        self.entries, aliases = load_entries()
        self.vocab = nlp.vocab
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        #: (key, token forms) -> alias, to tell which alias of an entry matched.
        self._lookup: dict[tuple[str, tuple[str, ...]], Alias] = {}
        #: Token capitalisation of each alias, for the capital-letter check.
        self._caps: dict[tuple[str, tuple[str, ...]], tuple[bool, ...]] = {}
        self.acronyms: set[str] = set()
        lower_patterns: dict[str, list[Doc]] = {}
        orth_patterns: dict[str, list[Doc]] = {}
        docs = [nlp.make_doc(a.text) for a in aliases]
        for alias, pdoc in zip(aliases, docs, strict=True):
            if alias.exact_case:
                forms = tuple(t.text for t in pdoc)
                if (alias.key, forms) in self._lookup:
                    continue
                orth_patterns.setdefault(alias.key, []).append(pdoc)
                self.acronyms.add(alias.text)
            else:
                forms = tuple(t.lower_ for t in pdoc)
                if (alias.key, forms) in self._lookup:
                    continue
                lower_patterns.setdefault(alias.key, []).append(pdoc)
                self._caps[(alias.key, forms)] = tuple(_cap(t) for t in pdoc)
            self._lookup[(alias.key, forms)] = alias
        for key, pats in lower_patterns.items():
            self._lower.add(key, pats)
        for key, pats in orth_patterns.items():
            self._orth.add(key, pats)
        self._priority = {a.key: i for i, a in reversed(list(enumerate(aliases)))}
        # Titles.
        self._titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._title_kind: dict[tuple[str, ...], Title] = {}
        for title, tdoc in zip(titles(), [nlp.make_doc(t.text) for t in titles()], strict=True):
            forms = tuple(t.lower_ for t in tdoc)
            if forms not in self._title_kind:
                self._title_kind[forms] = title
                self._titles.add(title.kind, [tdoc])

    # --- places and organisations -------------------------------------------------------------

    def find(self, doc: Doc) -> list[Hit]:
        """Gazetteer aliases in ``doc``, longest first where they overlap, in text order.

        ``doc.ents`` (the statistical NER's spans, if any) are read only to accept an alias
        that needs a cue when the NER marked exactly it.
        """
        ner = {(e.start, e.end): e.label_ for e in doc.ents}
        ner_starts = {e.start: e.label_ for e in doc.ents}
        strings = self.vocab.strings
        candidates: list[Hit] = []
        for matcher, exact in ((self._orth, True), (self._lower, False)):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                span = doc[start:end]
                forms = tuple(t.text if exact else t.lower_ for t in span)
                alias = self._lookup.get((key, forms))
                if alias is None:
                    continue
                if not exact and not all(
                    _cap(t) for t, c in zip(span, self._caps[(key, forms)], strict=True) if c
                ):
                    continue
                entry = self.entries[key]
                hit = Hit(start, end, span.text, entry, alias)
                if self._accept(doc, hit, ner.get((start, end)), ner_starts):
                    candidates.append(hit)
        candidates = self._drop_redefined(doc, candidates)
        # Longest first, then the higher-priority file, then the earlier start.
        candidates.sort(key=lambda h: (h.start - h.end, self._priority[h.entry.key], h.start))
        taken = [False] * len(doc)
        hits = []
        for hit in candidates:
            if any(taken[hit.start : hit.end]):
                continue
            for i in range(hit.start, hit.end):
                taken[i] = True
            hits.append(hit)
        return sorted(hits, key=lambda h: h.start)

    def _accept(self, doc: Doc, hit: Hit, ner_label: str | None, ner_after: dict[int, str]) -> bool:
        entry, alias = hit.entry, hit.alias
        ner_agrees = ner_label is not None and ner_label in COMPATIBLE.get(entry.type, set())
        first = doc[hit.start]
        before = doc[hit.start - 1] if hit.start > 0 else None
        after = doc[hit.end] if hit.end < len(doc) else None
        if alias.exact_case and len(alias.text) <= 3 and self._initials(doc, hit):
            return False
        if (
            entry.type == "LOC"
            and before is not None
            and before.text in org_heads()
            and _cap(before)
            and not ner_agrees
        ):
            return False
        if not alias.needs_cue or ner_agrees:
            return True
        if _sentence_start(first):
            return False
        # "Batu Bara", "Padang Barat": part of a longer name, unless a person or a title
        # follows ("Wali Kota Malang Wahyu Hidayat", "Kapolres Malang AKBP ...").
        if (
            entry.type == "LOC"
            and after is not None
            and after.is_alpha
            and _cap(after)
            and not (ner_after.get(hit.end) == "PER" or self._is_title_start(doc, hit.end))
        ):
            return False
        return self._cue_before(doc, hit.start, entry.type)

    def _cue_before(self, doc: Doc, start: int, etype: str) -> bool:
        words = cues().get(etype, frozenset())
        one = doc[start - 1].lower_ if start >= 1 else ""
        two = f"{doc[start - 2].lower_} {one}" if start >= 2 else ""
        return one in words or two in words

    def _initials(self, doc: Doc, hit: Hit) -> bool:
        """Is this short capitals token a person's initials ("tersangka AS", "A, AP, dan AM")?"""
        if self._cue_before(doc, hit.start, "INITIALS"):
            return True
        for step in (-1, 1):
            i = hit.start - 1 if step < 0 else hit.end
            while 0 <= i < len(doc) and doc[i].text in {",", "dan", "&", "/"}:
                i += step
            if 0 <= i < len(doc):
                t = doc[i].text
                if t.isalpha() and t.isupper() and len(t) <= 3 and t not in self.acronyms:
                    return True
        return False

    def _drop_redefined(self, doc: Doc, hits: list[Hit]) -> list[Hit]:
        """Drop acronym hits whose acronym this article spells out as something else.

        "pajak bumi dan bangunan (PBB)": PBB here is a tax, not the United Nations, for the
        whole article. An acronym in parentheses is checked against the words before the
        parenthesis, and an acronym followed by a parenthesis against the words inside it.
        """
        redefined: set[str] = set()
        by_start = {h.start: h for h in hits}
        for hit in hits:
            if not hit.alias.exact_case:
                continue
            expansion: Sequence[Token] = ()
            if (
                hit.start > 0
                and doc[hit.start - 1].text == "("
                and hit.end < len(doc)
                and doc[hit.end].text == ")"
            ):
                expansion = _initials_before(doc, hit.start - 1, hit.text) or _phrase_before(
                    doc, hit.start - 1
                )
            elif hit.end + 1 < len(doc) and doc[hit.end].text == "(":
                expansion = _phrase_after(doc, hit.end + 1)
            if not expansion:
                continue
            other = by_start.get(expansion[0].i)
            if other is not None and other.entry.key == hit.entry.key:
                continue
            if not _shares_words(expansion, hit.entry.aliases):
                redefined.add(hit.text)
        if not redefined:
            return hits
        return [h for h in hits if not (h.alias.exact_case and h.text in redefined)]

    # --- titles -------------------------------------------------------------------------------

    def _is_title_start(self, doc: Doc, i: int) -> bool:
        return any(start == i for _, start, _ in self._titles(doc[i : i + 4]))

    def title_spans(self, doc: Doc) -> list[tuple[int, int, Title]]:
        """Titles, ranks, honorifics and degrees in ``doc``: (start, end, title), longest first
        where they overlap, in text order."""
        found = []
        for _, start, end in self._titles(doc):
            span = doc[start:end]
            title = self._title_kind.get(tuple(t.lower_ for t in span))
            if title is None or (title.cap and not _cap(span[0])):
                continue
            found.append((start, end, title))
        found.sort(key=lambda x: (x[0] - x[1], x[0]))
        taken = [False] * len(doc)
        out = []
        for start, end, title in found:
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            out.append((start, end, title))
        return sorted(out, key=lambda x: x[0])


_FUNCTION_WORDS = frozenset(
    ["dan", "di", "ke", "dari", "untuk", "yang", "atau", "serta", "the", "of", "and", "for", "de"]
)


def _phrase_before(doc: Doc, end: int) -> list[Token]:
    """The capitalised phrase ending right before token ``end`` (function words allowed inside):
    the expansion an acronym in parentheses stands for."""
    out: list[Token] = []
    i = end - 1
    while i >= 0 and len(out) < 10:
        t = doc[i]
        if (t.is_alpha and _cap(t)) or (t.lower_ in _FUNCTION_WORDS and out) or "-" in t.text:
            out.append(t)
            i -= 1
        else:
            break
    while out and out[-1].lower_ in _FUNCTION_WORDS:
        out.pop()
    return list(reversed(out))


def initials(words: Sequence[str], skip_function_words: bool = True) -> str:
    """Initials of ``words`` in capitals, hyphenated parts counted apart:
    ["Perserikatan", "Bangsa-Bangsa"] -> "PBB"; ["pajak", "bumi", "dan", "bangunan"] -> "PBB"."""
    out: list[str] = []
    for word in words:
        if skip_function_words and word.casefold() in _FUNCTION_WORDS:
            continue
        out.extend(part[0].upper() for part in word.split("-") if part[:1].isalpha())
    return "".join(out)


def _initials_before(doc: Doc, end: int, acronym: str) -> list[Token]:
    """The words right before token ``end`` whose initials spell ``acronym``, in any case
    ("pajak bumi dan bangunan (PBB)"), or ``[]``."""
    letters = acronym.upper()
    i = end - 1
    words: list[Token] = []
    while i >= 0 and len(words) < len(letters) + 3:
        token = doc[i]
        if not (token.is_alpha or ("-" in token.text and token.text[:1].isalpha())):
            break
        words.insert(0, token)
        texts = [t.text for t in words]
        if token.lower_ not in _FUNCTION_WORDS and letters in {
            initials(texts),
            initials(texts, skip_function_words=False),
        }:
            return words
        i -= 1
    return []


def _phrase_after(doc: Doc, start: int) -> list[Token]:
    out: list[Token] = []
    i = start
    while i < len(doc) and doc[i].text != ")" and len(out) < 12:
        out.append(doc[i])
        i += 1
    if i >= len(doc) or not out or not _cap(out[0]):
        return []
    return out


def _shares_words(phrase: Iterable[Token], aliases: Iterable[str]) -> bool:
    words = {t.lower_ for t in phrase if t.lower_ not in _FUNCTION_WORDS and len(t.text) > 1}
    alias_words = {
        w.casefold()
        for a in aliases
        for w in re.split(r"[\s,/]+", a)
        if w and w.casefold() not in _FUNCTION_WORDS and not _is_acronym(w)
    }
    return bool(words & alias_words)


def merge_hits(doc: Doc, ents: Sequence[Span], hits: Sequence[Hit]) -> list[Span]:
    """``ents`` with the gazetteer's ``hits`` folded in, without overlaps.

    A hit on exactly an entity's span gives it the gazetteer's type and key (``kb_id``); a hit
    inside a longer entity is dropped (the NER's longer span wins: "Kementerian Dalam Negeri
    Kazakhstan"); a hit that covers entities replaces them ("Korea Selatan" over "Korea"); a
    hit that crosses an entity's boundary is dropped; any other hit is a new entity.
    """
    out = list(ents)
    for hit in hits:
        overlapping = [e for e in out if e.start < hit.end and hit.start < e.end]
        if not overlapping:
            out.append(hit.span(doc))
            continue
        if len(overlapping) == 1:
            e = overlapping[0]
            if (e.start, e.end) == (hit.start, hit.end):
                if e.label_ == "PER" and hit.alias.needs_cue:
                    continue
                out[out.index(e)] = hit.span(doc)
                continue
        if all(hit.start <= e.start and e.end <= hit.end for e in overlapping):
            out = [e for e in out if e not in overlapping]
            out.append(hit.span(doc))
        # Otherwise the hit sits inside a longer entity or crosses one: the NER's span stays.
    return sorted(out, key=lambda s: s.start)


@Language.factory("warta_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerComponent:
    """Places, organisations and news agencies from warta's lists, added to ``doc.ents``.

    "Para pemimpin aliansi bekas negara Uni Soviet yang dipimpin Moskow" -> Uni Soviet (LOC),
    Moskow (LOC, kb_id "RU:Moskow"). ``warta_names`` runs the same matcher itself; this
    component is for pipelines that want the gazetteer without name resolution.
    """
    return GazetteerComponent(nlp)


class GazetteerComponent:
    def __init__(self, nlp: Language) -> None:
        self.gazetteer = Gazetteer(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = merge_hits(doc, list(doc.ents), self.gazetteer.find(doc))
        return doc
