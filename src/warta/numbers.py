"""Indonesian numbers, in digits and in words.

Indonesian writes digits with a full stop between thousands and a comma before decimals
("1.500" = 1500, "1,5 juta" = 1 500 000, "Rp14.250.000"), and news writes small numbers in
words ("delapan orang", "tiga ratus tujuh belas"). Nothing on PyPI reads Indonesian number
words (num2words only writes them), so this module does, from the word list in
``lang/number_words.tsv``.

What a number carries besides its value:

* **approximate**: "sekitar 300", "2.000-an", "puluhan" (tens of), "ratusan" (hundreds of);
* **lower bound**: "sedikitnya 12", "lebih dari 77 ribu", "8.000 lebih", "puluhan" (at least
  20: a vague plural is read as the least it can mean, so "ratusan" is 200);
* **upper**: the end of a range ("10-12 orang", "Rp 1,5-2 juta");
* **currency**: ISO 4217 code of a money amount ("Rp 500 ribu" IDR, "US$ 3 juta" USD);
* **percent**: "5%", "3,5 persen";
* **typos**: misspelt number words it read anyway ("delaapan" as "delapan"). Only words of six
  letters or more are corrected, only when exactly one number word is one edit away, and never
  when the word is a real word listed in ``lang/typo_lookalikes.txt``: "dia" is not
  "dua" and "sebelah" is not "sebelas".

>>> parse_number("tiga ratus tujuh belas")
317
>>> parse_number("Rp 1,2 miliar")
1200000000
>>> read_number("sedikitnya 12").lower_bound
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from warta.lang import read_list, read_table

#: Digits as Indonesian writes them: "." groups thousands, "," marks decimals; "-an" or "an"
#: after the digits means "about" ("2.000-an"). A full stop followed by one or two digits
#: ("10.00") is a clock time or an English decimal, never a count, so it does not match.
_DIGITS = re.compile(r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?P<an>-?an)?")
#: Tokens for :func:`parse_number` on a plain string (the pipeline passes spaCy's tokens).
_TOKEN = re.compile(
    r"[A-Za-z]{1,2}\$|Rp\.|\d+(?:[.,]\d+)*(?:-?an)?|[^\W\d_]+(?:-[^\W\d_]+)*|\S", re.UNICODE
)
#: Words joining the two ends of a range ("10-12", "10 hingga 12").
_RANGE = frozenset({"-", "–", "—", "hingga", "sampai", "s.d.", "s/d"})
#: Number word types that take part in the word grammar of :meth:`_Reader.words_at`.
_GRAMMAR = frozenset({"unit", "teen", "tens", "hundred", "scale", "whole", "half"})
#: Types whose misspellings are corrected (cues, collectives and abbreviations are not).
_FUZZY_TYPES = frozenset({"unit", "whole", "scale", "vague", "half"})
#: Shorter number words sit one letter from everyday words ("dua"/"dia", "juta"/"juga").
_FUZZY_MIN_LEN = 6


@dataclass(frozen=True)
class Number:
    """A number found in a token sequence; ``start``/``end`` are token indices.

    ``start``..``end`` covers the whole expression (cue, currency, number, scale, suffix:
    "sedikitnya Rp 1,2 miliar lebih"); ``core_start``..``core_end`` the number itself.
    ``form`` says how it was written: ``digits``, ``words``, ``vague`` ("puluhan"),
    ``collective`` ("ketiga tersangka": all three) or ``one`` ("seorang").
    """

    value: int | float
    start: int
    end: int
    core_start: int
    core_end: int
    form: str
    approximate: bool = False
    lower_bound: bool = False
    upper: int | float | None = None
    currency: str | None = None
    percent: bool = False
    #: (token index, the number word it was read as) for each misspelt word.
    typos: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, tuple[str, Decimal]]
    abbrev: dict[str, Decimal]
    cues: dict[tuple[str, ...], str]
    after_cues: frozenset[str]
    comparative: frozenset[str]
    currency_before: dict[tuple[str, ...], str]
    currency_after: dict[tuple[str, ...], str]
    fuzzy: OneEditIndex
    max_phrase: int


@cache
def _lexicon() -> _Lexicon:
    words: dict[str, tuple[str, Decimal]] = {}
    abbrev: dict[str, Decimal] = {}
    cues: dict[tuple[str, ...], str] = {}
    after: set[str] = set()
    comparative: set[str] = set()
    for row in read_table("number_words.tsv"):
        word, typ = row[0], row[1]
        value = Decimal(row[2]) if len(row) > 2 and row[2] else Decimal(0)
        if typ == "abbrev":
            abbrev[word] = value  # case matters: "M" is miliar, "m" is metre
        elif typ in ("lower", "approx"):
            cues[tuple(word.lower().split())] = typ
        elif typ == "lower-after":
            after.add(word.lower())
        elif typ == "comparative":
            comparative.add(word.lower())
        else:
            words[word.lower()] = (typ, value)
    before: dict[tuple[str, ...], str] = {}
    after_cur: dict[tuple[str, ...], str] = {}
    for form, code, where in read_table("currencies.tsv"):
        (before if where == "before" else after_cur)[tuple(form.split())] = code
    fuzzy = OneEditIndex(
        word
        for word, (typ, _) in words.items()
        if typ in _FUZZY_TYPES and len(word) >= _FUZZY_MIN_LEN and " " not in word
    )
    phrases = [*cues, *before, *after_cur]
    return _Lexicon(
        words=words,
        abbrev=abbrev,
        cues=cues,
        after_cues=frozenset(after),
        comparative=frozenset(comparative),
        currency_before=before,
        currency_after=after_cur,
        fuzzy=fuzzy,
        max_phrase=max(len(p) for p in phrases),
    )


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap
    of two neighbouring letters ("delaapan"/"delapan", "lika-luka"/"luka-luka")."""
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


class OneEditIndex:
    """Words of a vocabulary found from a misspelling one edit away, in time linear in the
    word's length (each word is indexed under itself and its one-letter deletions)."""

    def __init__(self, words: Iterable[str]) -> None:
        index: dict[str, set[str]] = {}
        for word in words:
            for key in {word, *_deletions(word)}:
                index.setdefault(key, set()).add(word)
        self._index = {k: frozenset(v) for k, v in index.items()}

    def nearest(self, word: str) -> str | None:
        """The one vocabulary word one edit from ``word``, or None (none, or several)."""
        candidates: set[str] = set()
        for key in (word, *_deletions(word)):
            candidates |= self._index.get(key, frozenset())
        matches = [c for c in candidates if within_one_edit(word, c)]
        return matches[0] if len(matches) == 1 else None


@cache
def lookalikes() -> frozenset[str]:
    """Real words never taken for misspellings (``lang/typo_lookalikes.txt``)."""
    return frozenset(w.lower() for w in read_list("typo_lookalikes.txt"))


@lru_cache(maxsize=65536)
def correct_number_word(word: str) -> str | None:
    """The number word ``word`` is a misspelling of, or None.

    >>> correct_number_word("delaapan")
    'delapan'
    >>> correct_number_word("sebelah") is None  # a real word ("next to"), not "sebelas"
    True
    """
    lex = _lexicon()
    w = word.lower()
    if len(w) < _FUZZY_MIN_LEN - 1 or w in lex.words or w in lookalikes() or not w.isalpha():
        return None
    return lex.fuzzy.nearest(w)


def _as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _digits_value(text: str) -> tuple[Decimal, bool] | None:
    m = _DIGITS.fullmatch(text)
    if m is None:
        return None
    try:
        value = Decimal(m.group("num").replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        return None
    return value, m.group("an") is not None


class _Reader:
    """One left-to-right reading of a token sequence."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.raw = list(tokens)
        self.low = [t.lower() for t in tokens]
        self.n = len(tokens)
        self.lex = _lexicon()

    # -- pieces -------------------------------------------------------------------------------

    def phrase(self, i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
        """The longest entry of ``table`` starting at token ``i``: (its value, end index)."""
        for size in range(min(self.lex.max_phrase, self.n - i), 0, -1):
            hit = table.get(tuple(self.low[i : i + size]))
            if hit is not None:
                return hit, i + size
        return None

    def word(self, i: int, typos: list[tuple[int, str]]) -> tuple[str, Decimal] | None:
        """The number-word entry of token ``i`` (correcting a misspelling), or None."""
        entry = self.lex.words.get(self.low[i])
        if entry is not None:
            return entry
        fixed = correct_number_word(self.low[i])
        if fixed is None:
            return None
        typos.append((i, fixed))
        return self.lex.words[fixed]

    def scale(self, i: int, money: bool) -> tuple[Decimal, int] | None:
        if i >= self.n:
            return None
        entry = self.lex.words.get(self.low[i])
        if entry is not None and entry[0] == "scale":
            return entry[1], i + 1
        if money:
            abbr = self.lex.abbrev.get(self.raw[i]) or self.lex.abbrev.get(self.raw[i].rstrip("."))
            if abbr is not None:
                return abbr, i + 1
        return None

    def words_at(self, i: int, typos: list[tuple[int, str]]) -> tuple[Decimal, int] | None:
        """A number written in words from token ``i``: "tiga ratus tujuh belas" -> 317."""
        total = group = Decimal(0)
        last: Decimal | None = None
        j = i
        trial: list[tuple[int, str]] = []
        while j < self.n:
            entry = self.word(j, trial)
            if entry is None or entry[0] not in _GRAMMAR:
                break
            typ, val = entry
            if typ == "unit":
                if last is not None:
                    break  # "dua tiga" is "two or three", not one number
                last = val
            elif typ in ("teen", "tens", "hundred"):
                if last is None:
                    break
                group += last + 10 if typ == "teen" else last * val
                last = None
            elif typ == "whole":
                if last is not None:
                    break
                if val >= 1000:  # "seribu", "sejuta": a whole group of their own
                    if group:
                        break
                    total += val
                else:
                    group += val
            elif typ == "half":
                group += (last or 0) + Decimal("0.5")
                last = None
            else:  # scale
                size = group + (last or 0)
                if size == 0:
                    break
                total += size * val
                group, last = Decimal(0), None
            j += 1
            if trial and trial[-1][0] == j - 1:
                typos.append(trial[-1])
        if j == i:
            return None
        return total + group + (last or 0), j

    def core(self, i: int, money: bool, typos: list[tuple[int, str]]) -> dict | None:
        """The number proper at ``i``, with the scale word after it."""
        if i >= self.n:
            return None
        digits = _digits_value(self.raw[i])
        if digits is not None:
            value, about = digits
            j = i + 1
            scale = self.scale(j, money)
            if scale is not None:
                value, j = value * scale[0], scale[1]
            return {"value": value, "end": j, "form": "digits", "approx": about, "scaled": scale}
        entry = self.lex.words.get(self.low[i])
        fixed = None
        if entry is None and (fixed := correct_number_word(self.low[i])) is not None:
            entry = self.lex.words[fixed]
        if entry is not None and entry[0] == "vague":
            if fixed:
                typos.append((i, fixed))
            value, j = entry[1], i + 1
            scale = self.scale(j, money)
            if scale is not None:
                value, j = value * scale[0], scale[1]
            return {"value": value, "end": j, "form": "vague", "approx": True, "scaled": scale}
        if entry is not None and entry[0] in ("collective", "one"):
            return {"value": entry[1], "end": i + 1, "form": entry[0], "approx": False}
        found = self.words_at(i, typos)
        if found is None:
            return None
        value, j = found
        return {"value": value, "end": j, "form": "words", "approx": False, "scaled": None}

    # -- one number ---------------------------------------------------------------------------

    def number_at(self, i: int) -> Number | None:
        lex = self.lex
        approximate = lower = False
        j = i
        cue = self.phrase(j, lex.cues)
        if cue is not None:
            approximate, lower = cue[0] == "approx", cue[0] == "lower"
            j = cue[1]
        currency = None
        cur = self.phrase(j, lex.currency_before) if j < self.n else None
        if cur is not None:
            currency, j = cur
        elif j + 2 < self.n and self.raw[j] == "(":
            # "(Rp) 335 triliun": the currency in brackets before the amount
            cur = self.phrase(j + 1, lex.currency_before)
            if cur is not None and cur[1] < self.n and self.raw[cur[1]] == ")":
                currency, j = cur[0], cur[1] + 1
        typos: list[tuple[int, str]] = []
        core = self.core(j, currency is not None, typos)
        if core is None:
            return None
        core_start, value, end = j, core["value"], core["end"]
        approximate |= core["approx"]
        if core["form"] == "vague":
            lower = True
        upper = None
        # A range: "10-12", "10 hingga 12 orang", "Rp 1,5-2 juta".
        if core["form"] in ("digits", "words") and end < self.n and self.low[end] in _RANGE:
            k = end + 1
            other_cur = self.phrase(k, lex.currency_before) if k < self.n else None
            if other_cur is not None and (currency is None or other_cur[0] == currency):
                k = other_cur[1]
            other = self.core(k, currency is not None, [])
            if other is not None and other["form"] == core["form"]:
                hi = other["value"]
                lo = value
                if core["scaled"] is None and other["scaled"] is not None:
                    lo = value * other["scaled"][0]
                if lo < hi:
                    value, upper, end = lo, hi, other["end"]
        core_end = end
        percent = False
        if end < self.n and self.low[end] in ("%", "persen"):
            percent, end = True, end + 1
        elif currency is None and core["form"] in ("digits", "words", "vague"):
            cur = self.phrase(end, lex.currency_after) if end < self.n else None
            if cur is not None:
                currency, end = cur
        if (
            end < self.n
            and self.low[end] in lex.after_cues
            and (end + 1 >= self.n or self.low[end + 1] not in lex.comparative)
        ):
            lower, end = True, end + 1
            # "Rp 110 triliun lebih" / "10 ribu lebih": the scale may come before "lebih".
        return Number(
            value=_as_number(value),
            start=i,
            end=end,
            core_start=core_start,
            core_end=core_end,
            form=core["form"],
            approximate=approximate,
            lower_bound=lower,
            upper=_as_number(upper) if upper is not None else None,
            currency=currency,
            percent=percent,
            typos=tuple(typos),
        )


@cache
def _starters() -> frozenset[str]:
    """Lower-case tokens that may open a number: number words, cues and currencies."""
    lex = _lexicon()
    firsts = {phrase[0] for table in (lex.cues, lex.currency_before) for phrase in table}
    # "(" opens a currency in brackets: "(Rp) 335 triliun"
    return frozenset({*lex.words, *firsts, "("})


def find_numbers(tokens: Sequence[str]) -> list[Number]:
    """Every number in ``tokens`` (spaCy token texts or :func:`tokenize` output), left to right,
    without overlaps. Numbers are found wherever they are; whether one is a count, a date or a
    clock time is for the caller to decide from the words around it."""
    reader = _Reader(tokens)
    starters = _starters()
    found: list[Number] = []
    i = 0
    while i < reader.n:
        # Most tokens cannot open a number: test the cheap cases before reading one.
        low = reader.low[i]
        if not (
            low[:1].isdigit()
            or low in starters
            or (len(low) >= _FUZZY_MIN_LEN - 1 and correct_number_word(low) is not None)
        ):
            i += 1
            continue
        number = reader.number_at(i)
        if number is None:
            i += 1
            continue
        found.append(number)
        i = number.end
    return found


def tokenize(text: str) -> list[str]:
    """Split a short phrase into the tokens :func:`find_numbers` reads ("Rp1,2 miliar" ->
    ["Rp", "1,2", "miliar"]); the pipeline uses spaCy's tokens instead."""
    return _TOKEN.findall(text)


def read_number(text: str) -> Number | None:
    """The number that ``text`` is, all of it, or None when ``text`` is not exactly a number.

    >>> n = read_number("2.000-an")
    >>> (n.value, n.approximate)
    (2000, True)
    """
    tokens = tokenize(text.strip())
    found = find_numbers(tokens)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(tokens):
        return found[0]
    return None


def parse_number(text: str) -> int | float | None:
    """The value of a number written in digits or words, or None.

    >>> parse_number("1.500"), parse_number("1,5 juta"), parse_number("setengah juta")
    (1500, 1500000, 500000)
    >>> parse_number("dua puluh lima"), parse_number("seribu"), parse_number("delaapan")
    (25, 1000, 8)
    """
    number = read_number(text)
    return None if number is None else number.value
