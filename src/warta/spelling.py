"""Spelling slips: words no Indonesian word list knows, one keystroke from a frequent word.

Input: a word, or a ``Doc`` after ``warta_names`` (for the proper-name guard). Output:
:class:`~warta.record.Check` findings of kind ``spelling``.

A word is **known** when any of these lists has it, as written or after stripping Indonesian
affixes (``lang/affixes.tsv``: meN-/di-/ber-/ter-/peN-/ke-/se-, -kan/-an/-i, -nya/-ku/-mu,
-lah/-kah/-pun), and a reduplication is known when each half is ("luka-luka",
"tembak-menembak"):

* Indonesian word frequencies from ``wordfreq`` (about 31,000 words with Zipf >= 3);
* the KBBI root words of PySastrawi's stemmer (about 30,000, with 335 hyphenated forms such
  as "bolak-balik");
* English words (``wordfreq`` "en", Zipf >= 3): loanwords and quotations;
* ``lang/spelling_words.txt``: words Indonesian news uses that none of the lists has.

An unknown lower-case word of five letters or more is a **slip** when exactly one edit (a
letter added, dropped, changed, or two neighbours swapped) turns it into a frequent Indonesian
word (Zipf >= :data:`MIN_SUGGEST_ZIPF`): "delaapan" -> "delapan". Capitalised words are names:
one is flagged only when it is one edit from a place the article also spells correctly, or
from a country or province of the gazetteer ("Amenia" -> "Armenia"), and is not itself a word
or a known name. Never checked: acronyms, words with digits or symbols, URLs, e-mail addresses,
hashtags, words next to an English word ("money politic"), sentences where a quarter of the
words are unknown (foreign or garbled text), boilerplate lines and the words of person names
(name variants are :mod:`warta.components.checks`' job). A word written twice or more in one
article is a term, not a slip ("padel").

>>> suggest("delaapan")
'delapan'
>>> suggest("menstabilkan") is None  # menstabilkan = meN- + stabil + -kan
True
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import wordfreq
from spacy.tokens import Doc, Token

from warta.gazetteer import load_entries
from warta.lang import read_list, read_table
from warta.record import Check
from warta.text import overlaps_any

#: A suggestion must be at least this frequent (Zipf scale: 3 = once per million words;
#: "delapan" is 4.9): slips of rare words cannot be told from rare words.
MIN_SUGGEST_ZIPF = 3.5
#: A sentence with this share of unknown lower-case words is foreign or garbled: not checked.
GARBLED_SHARE = 0.25
#: Shorter words are never flagged: too many real words sit one letter apart ("tewas"/"tegas").
MIN_LENGTH = 5
#: Proper names are compared only when this long ("Amenia"/"Armenia").
MIN_NAME_LENGTH = 5
#: English words at least this frequent are known (loanwords, quotations, brand names).
ENGLISH_ZIPF = 3.0

_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_NAME = re.compile(r"^[A-Z][a-z]+$")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class _Affixes:
    prefixes: tuple[tuple[str, str], ...]
    #: Layers stripped in order (particle, enclitic, derivational, loan): (form, restore).
    suffixes: tuple[tuple[tuple[str, str], ...], ...]


@dataclass(frozen=True)
class Lexicon:
    """The word lists, built once per process (:func:`lexicon`)."""

    #: Indonesian word -> Zipf frequency (wordfreq).
    zipf: dict[str, float]
    #: Every known word and root (Indonesian, KBBI roots, extra words).
    words: frozenset[str]
    #: KBBI root words (PySastrawi): a suggestion must be one of them or inflect one.
    kbbi: frozenset[str]
    #: Deletion index of the suggestible words: key -> words it comes from.
    index: dict[str, tuple[str, ...]]
    affixes: _Affixes


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap
    of neighbours (optimal string alignment distance 1).

    >>> one_edit("delaapan", "delapan"), one_edit("Amenia", "Armenia"), one_edit("tewas", "tewas")
    (True, True, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


@cache
def _affixes() -> _Affixes:
    prefixes: list[tuple[str, str]] = []
    layers: dict[str, list[tuple[str, str]]] = {
        "particle": [],
        "enclitic": [],
        "suffix": [],
        "loan": [],
    }
    for kind, form, restore, *_ in read_table("affixes.tsv"):
        entry = (form, "" if restore == "-" else restore)
        if kind == "prefix":
            prefixes.append(entry)
        else:
            layers[kind].append(entry)
    prefixes.sort(key=lambda p: -len(p[0]))
    return _Affixes(tuple(prefixes), tuple(tuple(layer) for layer in layers.values()))


def _sastrawi_roots() -> list[str]:
    path = files("Sastrawi") / "Stemmer" / "data" / "kata-dasar.txt"
    return [w.strip().lower() for w in path.read_text(encoding="utf-8").split("\n") if w.strip()]


@cache
def lexicon() -> Lexicon:
    """The vocabulary and its one-edit index (about 0.3 s, once per process)."""
    zipf = {w: round(math.log10(f) + 9, 2) for w, f in wordfreq.get_frequency_dict("id").items()}
    kbbi = frozenset(_sastrawi_roots())
    words = set(zipf) | kbbi
    words.update(w.lower() for w in read_list("spelling_words.txt"))
    index: dict[str, list[str]] = {}
    for word, z in zipf.items():
        if z >= MIN_SUGGEST_ZIPF and _WORD.match(word) and len(word) >= MIN_LENGTH - 1:
            for key in {word, *_deletions(word)}:
                index.setdefault(key, []).append(word)
    return Lexicon(
        zipf=zipf,
        words=frozenset(words),
        kbbi=kbbi,
        index={k: tuple(v) for k, v in index.items()},
        affixes=_affixes(),
    )


@lru_cache(maxsize=65536)
def english(word: str) -> bool:
    """Whether ``word`` is a common English word ("cancel", "update", "the")."""
    return wordfreq.zipf_frequency(word, "en") >= ENGLISH_ZIPF


def _strip_suffixes(word: str, affixes: _Affixes) -> set[str]:
    forms = {word}
    for layer in affixes.suffixes:
        for form in list(forms):
            for suffix, restore in layer:
                if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                    stem = form[: -len(suffix)] + restore
                    # -i never follows a root that ends in i ("membeli", not "membelii"):
                    # "inflasii" is a slip, not inflasi + -i
                    if suffix == "i" and stem.endswith("i"):
                        continue
                    forms.add(stem)
    return forms


def _strip_prefixes(word: str, affixes: _Affixes, depth: int = 2) -> set[str]:
    forms = {word}
    if depth == 0:
        return forms
    for prefix, restore in affixes.prefixes:
        if not word.startswith(prefix) or len(word) - len(prefix) < 2:
            continue
        rest = word[len(prefix) :]
        if restore:
            if rest[0] in _VOWELS:
                forms |= _strip_prefixes(restore + rest, affixes, depth - 1)
        else:
            forms |= _strip_prefixes(rest, affixes, depth - 1)
    return forms


def roots(word: str) -> set[str]:
    """Every reading of ``word`` as affixes around a root, the word itself included.

    >>> sorted(r for r in roots("menstabilkan") if r in lexicon().words)[:2]
    ['menstabilkan', 'stabil']
    """
    affixes = lexicon().affixes
    found: set[str] = set()
    for form in _strip_suffixes(word, affixes):
        found |= _strip_prefixes(form, affixes)
    return {r for r in found if len(r) >= 3}


@lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    """Whether the lower-case ``word`` is an Indonesian or English word, or an inflected form
    or reduplication of a known root ("dikerahkannya", "luka-luka", "kepilih").
    """
    lex = lexicon()
    if word in lex.words or english(word):
        return True
    if "-" in word:
        return all(is_known(part) for part in word.split("-") if part)
    return any(r in lex.words for r in roots(word))


@lru_cache(maxsize=65536)
def suggest(word: str) -> str | None:
    """The frequent Indonesian word that the unknown lower-case ``word`` misspells, or None.

    None when the word is known, short, hyphenated, or one edit from no frequent word; when
    several are, the most frequent one, if it is clearly more frequent than the next
    (Zipf 1 apart) or the only one differing by a doubled or swapped letter.

    >>> suggest("pemerintha"), suggest("tidka"), suggest("pemerintah")
    ('pemerintah', 'tidak', None)
    """
    if len(word) < MIN_LENGTH or not _WORD.match(word) or "-" in word or is_known(word):
        return None
    lex = lexicon()
    candidates: set[str] = set()
    for key in (word, *_deletions(word)):
        candidates.update(lex.index.get(key, ()))
    matches = sorted(
        (c for c in candidates if one_edit(word, c) and _indonesian(c)),
        key=lambda c: -lex.zipf.get(c, 0.0),
    )
    if not matches:
        return None
    if len(matches) > 1 and lex.zipf[matches[0]] - lex.zipf[matches[1]] < 1.0:
        return None
    return matches[0]


def _indonesian(word: str) -> bool:
    """A KBBI root or an inflection of one, more Indonesian than English ("albania" and
    "money" are not suggested)."""
    lex = lexicon()
    if wordfreq.zipf_frequency(word, "en") >= lex.zipf.get(word, 0.0):
        return False
    return word in lex.kbbi or any(r in lex.kbbi for r in roots(word))


@cache
def gazetteer_names() -> dict[str, str]:
    """Single-word names of countries, provinces and regions: lower case -> as written."""
    entries, aliases = load_entries()
    names: dict[str, str] = {}
    for alias in aliases:
        entry = entries[alias.key]
        text = alias.text
        if (
            entry.type == "LOC"
            and not alias.needs_cue
            and text == entry.name  # not "Kaltim", which sits one letter from "Koltim"
            and _NAME.match(text)
            and len(text) >= MIN_NAME_LENGTH + 1
            and _is_broad_place(entry.key)
        ):
            names.setdefault(text.lower(), text)
    return names


_BROAD_PLACE = re.compile(r"^(?:[A-Z]{2}|ID-[A-Z]{2}|M49-\d+)$")


def _is_broad_place(key: str) -> bool:
    """Countries ("AM"), Indonesian provinces ("ID-AC") and world regions ("M49-002")."""
    return _BROAD_PLACE.match(key) is not None


def suggest_name(word: str, names_here: Iterable[str]) -> str | None:
    """The place ``word`` (capitalised, not a word, not a known name) is a near miss of: one
    written in this article (``names_here``) or a country or province of the gazetteer.

    >>> suggest_name("Amenia", ["Armenia", "Rusia"])
    'Armenia'
    """
    low = word.lower()
    if (
        len(word) < MIN_NAME_LENGTH
        or not _NAME.match(word)
        or low in lexicon().words
        or english(low)
        or low in gazetteer_names()
        or _known_name(low)
    ):
        return None
    here = {n for n in names_here if _NAME.match(n) and n != word}
    matches = {n for n in here if len(n) >= MIN_NAME_LENGTH + 1 and _name_edit(word, n)}
    if not matches:
        matches = {n for n in gazetteer_names().values() if _name_edit(word, n)}
    return next(iter(matches)) if len(matches) == 1 else None


def _name_edit(word: str, name: str) -> bool:
    """One edit apart, inside the name: its first and last letters are the same. Names that
    differ at either end are usually different names or languages ("Kapolres"/"Mapolres",
    "Argentina"/"Argentino", "Ngayogyakarta"/"Ngayogyakarto").

    >>> _name_edit("Amenia", "Armenia"), _name_edit("Kajari", "Kejari")
    (True, False)
    """
    a, b = word.lower(), name.lower()
    if a[0] != b[0] or a[-1] != b[-1] or not one_edit(a, b):
        return False
    # A changed vowel near the start is another acronym of syllables ("Kajari" = Kepala
    # Kejaksaan Negeri beside "Kejari" = Kejaksaan Negeri), not a slip.
    return not (len(a) == len(b) and a[1] != b[1] and a[2:] == b[2:])


@cache
def _all_gazetteer_aliases() -> frozenset[str]:
    _, aliases = load_entries()
    return frozenset(a.text.lower() for a in aliases)


def _known_name(low: str) -> bool:
    return low in _all_gazetteer_aliases()


def _foreign_context(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` stands among English words: next to one ("money politic",
    "roller coster") or with two within three words (a foreign quotation)."""

    def foreign(t: Token) -> bool:
        return t.is_alpha and _english_not_indonesian(t.lower_)

    if any(foreign(tokens[j]) for j in (i - 1, i + 1) if 0 <= j < len(tokens)):
        return True
    near = [t for t in tokens[max(0, i - 3) : i + 4] if t.i != tokens[i].i]
    return sum(foreign(t) for t in near) >= 2


@lru_cache(maxsize=65536)
def _english_not_indonesian(word: str) -> bool:
    """More frequent in English than in Indonesian, and no KBBI root ("money", "roller")."""
    lex = lexicon()
    if not english(word) or wordfreq.zipf_frequency(word, "en") <= lex.zipf.get(word, 0.0):
        return False
    return not (word in lex.kbbi or any(r in lex.kbbi for r in roots(word)))


def _skip(token: Token) -> bool:
    text = token.text
    if token.like_url or token.like_email or not text.replace("-", "").isalpha():
        return True
    if text.isupper():  # acronyms, shouted headlines
        return True
    prev = token.nbor(-1).text if token.i > 0 else ""
    return prev in {"@", "#"}


def _unknown_share(words: Sequence[str]) -> float:
    """The share of ``words`` (lower case) that no list knows: high in garbled or foreign text."""
    if len(words) < 5:
        return 0.0
    return sum(not is_known(w) for w in words) / len(words)


def find_slips(doc: Doc) -> list[Check]:
    """Spelling findings of one document, in text order.

    "Akibatnya delaapan orang tewas." -> [Check(spelling, "delaapan" -> "delapan")];
    "Perdana Menteri Amenia ... Armenia ... Armenia" -> "Amenia" -> "Armenia".

    A word written twice or more in the article is never a slip (a slip is a one-off: a
    repeated unknown word is a term, "padel", "judol"); a name written once is corrected only
    to a name the article writes more often, or to a country or province the article does not
    write.
    """
    texts = [t.text for t in doc]
    written = Counter(texts)
    lowered = Counter(w.lower() for w in texts)
    names_here = {w: n for w, n in written.items() if _NAME.match(w)}
    proposals: list[tuple[int, str, str]] = []  # token index, fix, message
    for i, text in enumerate(texts):
        if len(text) < MIN_LENGTH or (not text.isalpha() and not _WORD.match(text.lower())):
            continue
        if text[0].isupper():
            if written[text] != 1 or lowered[text.lower()] > 1:
                continue  # repeated, or also written in lower case: a word, not a slip
            more = [n for n, k in names_here.items() if k > 1]
            fix = suggest_name(text, more)
            if fix is not None:
                proposals.append((i, fix, f'"{text}" may be "{fix}"'))
        elif lowered[text.lower()] == 1:
            fix = suggest(text.lower())
            if fix is not None:
                proposals.append((i, fix, f'"{text}" is not a word; "{fix}"?'))
    if not proposals:
        return []
    skip = list(doc._.boilerplate or [])
    person_spans: list[tuple[int, int]] = []
    for entity in doc._.entities or []:
        if entity.type == "PER":
            person_spans.extend((m.start, m.end) for m in entity.mentions)
    tokens = list(doc)
    found: list[Check] = []
    for i, fix, message in proposals:
        token = tokens[i]
        start, end = token.idx, token.idx + len(token.text)
        if (
            _skip(token)
            or overlaps_any(start, end, skip)
            or overlaps_any(start, end, person_spans)
            or _foreign_context(tokens, i)
            or _garbled(token)
        ):
            continue
        found.append(Check("spelling", token.text, fix, start, end, message))
    return found


def _garbled(token: Token) -> bool:
    """Whether ``token`` stands in a foreign or garbled sentence (many unknown words)."""
    sent = token.sent if token.doc.has_annotation("SENT_START") else token.doc[:]
    words = [t.lower_ for t in sent if t.is_alpha and t.text[:1].islower()]
    return _unknown_share(words) >= GARBLED_SHARE
