"""Editorial findings: what in an article is probably wrong.

Input: a ``Doc`` after every other stage. Output: ``doc._.checks``, a list of
:class:`~warta.record.Check` in text order, from four sources:

* **spelling** (:mod:`warta.spelling`): words no word list knows, one edit from a frequent
  Indonesian word ("delaapan" -> "delapan"), and places one edit from a place written in the
  article or a country ("Amenia" -> "Armenia"); also misspelt number and casualty words read by
  ``warta_counts`` ("lika-luka" -> "luka-luka");
* **name-variant**: one person written two ways in one article, from the mentions that
  ``warta_names`` resolved to one entity ("Kassym-Jomart Tokayeva" and three times "Tokayev":
  "Tokayeva" -> "Tokayev", the spelling used most; no suggestion on a tie);
* **conflicting-figure** (:func:`figure_conflicts`, :func:`total_below_parts`): the same
  kind of count about the same people with exactly two exact values in one article and no
  word of change near either (``lang/spelling_figure_cues.tsv``: "5 orang tewas" ...
  "7 orang tewas"), and a number of victims smaller than the dead, injured and missing listed
  right after it ("10 korban. Sebanyak 8 orang tewas dan 5 orang luka-luka");
* **weekday-mismatch**: from ``warta_dates`` ("Kamis (7/1)" when 7 January is a Friday).

>>> import warta
>>> article = warta.load().extract("Akibatnya delaapan orang tewas.")
>>> [(c.found, c.suggest) for c in article.checks]
[('delaapan', 'delapan')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from warta.components.names import same_part
from warta.lang import read_table
from warta.record import Check, Count, Entity
from warta.spelling import english, find_slips, is_known, lexicon

if not Doc.has_extension("checks"):
    Doc.set_extension("checks", default=None)

#: Extensions of other stages that hold :class:`~warta.record.Check` findings.
FINDING_SOURCES = ("count_typos", "date_warnings")

_PART = re.compile(r"[^\s,]+")


@cache
def change_words() -> frozenset[str]:
    """Words that explain two values of one count (``lang/spelling_figure_cues.tsv``)."""
    return frozenset(row[0] for row in read_table("spelling_figure_cues.tsv"))


def _fold(text: str) -> str:
    return re.sub(r"\W", "", text.casefold())


def name_variants(text: str, entities: Sequence[Entity]) -> list[Check]:
    """Person names written two ways: each minority spelling of a name part, with the
    spelling the article uses most (None when two spellings are equally frequent).

    "Presiden Kassym-Jomart Tokayeva ... kata Tokayev ... Tokayev ... Tokayev" ->
    [Check(name-variant, "Tokayeva" -> "Tokayev")].
    """
    found: list[Check] = []
    for entity in entities:
        if entity.type != "PER" or len(entity.mentions) < 2:
            continue
        parts: list[tuple[str, int, int]] = []
        for m in entity.mentions:
            for p in _PART.finditer(text[m.start : m.end]):
                parts.append((p.group(), m.start + p.start(), m.start + p.end()))
        groups: list[list[tuple[str, int, int]]] = []
        for part in parts:
            key = _fold(part[0])
            if len(key) < 4:
                continue
            for group in groups:
                other = _fold(group[0][0])
                if key == other or (same_part(key, other) and not _inflected(key, other)):
                    group.append(part)
                    break
            else:
                groups.append([part])
        for group in groups:
            spellings = Counter(_fold(p[0]) for p in group)
            if len(spellings) < 2:
                continue
            ranked = spellings.most_common()
            tie = ranked[0][1] == ranked[1][1]
            best = ranked[0][0]
            written = next(p[0] for p in group if _fold(p[0]) == best)
            for word, start, end in group:
                if _fold(word) == best:
                    continue
                suggest = None if tie else written
                message = (
                    f'{entity.name}: "{word}" and "{written}" in one article'
                    if tie
                    else f'{entity.name} is written "{written}" {ranked[0][1]} times, '
                    f'"{word}" {spellings[_fold(word)]}'
                )
                found.append(Check("name-variant", word, suggest, start, end, message))
    return found


def _inflected(a: str, b: str) -> bool:
    """A name with an enclitic or suffix ("Jokowinya", "Anies'") is the same spelling."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and long_[len(short) :] in {"nya", "lah", "pun", "s"}


def _exact(count: Count) -> bool:
    return not (count.approximate or count.lower_bound or count.upper is not None)


def _who(count: Count) -> str | None:
    if not count.who:
        return None
    return " ".join(count.who.casefold().split())


def _context_words(text: str, start: int, end: int, width: int = 60) -> set[str]:
    return set(re.findall(r"[\w-]+", text[max(0, start - width) : end + width].casefold()))


def figure_conflicts(text: str, counts: Sequence[Count]) -> list[Check]:
    """Counts of the same kind about the same people ("orang") given two exact values, far from
    any word of change; the later, less repeated value is the one flagged.

    "Sebanyak 5 orang tewas dalam kecelakaan itu. ... Polisi menyebut 7 orang tewas." ->
    [Check(conflicting-figure, "7 orang tewas" -> "5 orang tewas")].
    """
    by_key: dict[tuple[str, str], list[Count]] = defaultdict(list)
    for count in counts:
        who = _who(count)
        if who is None or not _exact(count) or count.kind in {"MONEY", "OTHER"}:
            continue
        by_key[(count.kind, who)].append(count)
    found: list[Check] = []
    for (kind, who), group in by_key.items():
        if len(group) != 2:
            continue
        spans = [(m.start, m.end) for c in group for m in (c.mentions or [])]
        spans += [(c.start, c.end) for c in group]
        if any(_context_words(text, s, e) & change_words() for s, e in spans):
            continue
        first, second = sorted(group, key=lambda c: (-len(c.mentions), c.start))
        found.append(
            Check(
                "conflicting-figure",
                second.text,
                first.text,
                second.start,
                second.end,
                f"{kind} {who}: {_num(second.value)} here, {_num(first.value)} elsewhere",
            )
        )
    return found


#: Kinds that are parts of a number of victims ("10 korban: 8 tewas dan 5 luka-luka").
_VICTIM_PARTS = frozenset({"KILLED", "INJURED", "MISSING"})
#: Words between a total and its parts that say the parts are not its breakdown.
_NOT_A_BREAKDOWN = frozenset(
    [
        "bertambah",
        "berkurang",
        "sebelumnya",
        "kini",
        "sempat",
        "semula",
        "awalnya",
        "sementara",
        "sedangkan",
        "lainnya",
        "tambahan",
        "lagi",
        "masing-masing",
        "selain",
    ]
)
_TOTAL_CUE = re.compile(r"\b(?:korban|total|jumlah|seluruhnya|keseluruhan)\b", re.IGNORECASE)


def total_below_parts(doc: Doc, counts: Sequence[Count]) -> list[Check]:
    """A number of victims smaller than the dead, injured and missing listed right after it
    (same sentence or the next), all exact.

    "Kecelakaan itu menelan 10 korban. Sebanyak 8 orang tewas dan 5 orang luka-luka." ->
    [Check(conflicting-figure, "10 korban", message "8 + 5 = 13 > 10")].
    """
    if (
        not doc.has_annotation("SENT_START")
        or not any(c.kind in {"OTHER", "AFFECTED"} for c in counts)
        or len({c.kind for c in counts} & _VICTIM_PARTS) < 2
    ):
        return []
    sents = list(doc.sents)
    sent_of = {}
    for k, sent in enumerate(sents):
        for c in counts:
            if sent.start_char <= c.start < sent.end_char:
                sent_of[id(c)] = k
    found: list[Check] = []
    for total in counts:
        if total.kind not in {"OTHER", "AFFECTED"} or not _exact(total) or id(total) not in sent_of:
            continue
        around = doc.text[max(0, total.start - 40) : total.end + 25]
        if not _TOTAL_CUE.search(around):
            continue
        k = sent_of[id(total)]
        parts = [
            c
            for c in counts
            if c.kind in _VICTIM_PARTS
            and c.start > total.end
            and sent_of.get(id(c)) in {k, k + 1}
            and _exact(c)
        ]
        if len({c.kind for c in parts}) < 2 or any(
            w in _NOT_A_BREAKDOWN
            for w in re.findall(r"[\w-]+", doc.text[total.end : parts[-1].end].casefold())
        ):
            continue
        whole = sum(c.value for c in parts)
        if whole > total.value:
            sums = " + ".join(_num(c.value) for c in parts)
            found.append(
                Check(
                    "conflicting-figure",
                    total.text,
                    None,
                    total.start,
                    total.end,
                    f"{_num(total.value)} in all, but {sums} = {_num(whole)} listed",
                )
            )
    return found


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _real_word(check: Check) -> bool:
    """A spelling finding of another stage that the word lists know ("pengungsi", read by
    ``warta_counts`` as a slip of "mengungsi"); a reduplication with two different halves
    ("lika-luka") stays a finding."""
    if check.kind != "spelling":
        return False
    word = check.found.lower()
    if "-" in word:
        halves = word.split("-")
        return len(set(halves)) == 1 and is_known(halves[0])
    return is_known(word)


def format_findings(path: str, text: str, checks: Sequence[Check]) -> list[str]:
    """Findings as a linter prints them, one line each, ``path:line:col`` 1-based.

    "Akibatnya delaapan orang tewas." ->
    ['a.txt:1:11: spelling: delaapan → delapan ("delaapan" read as "delapan" in a count)'].
    """
    lines: list[str] = []
    for c in checks:
        line = text.count("\n", 0, c.start) + 1
        col = c.start - (text.rfind("\n", 0, c.start) + 1) + 1
        fix = f" → {c.suggest}" if c.suggest else ""
        lines.append(f"{path}:{line}:{col}: {c.kind}: {c.found}{fix} ({c.message})")
    return lines


@Language.factory("warta_checks")
def make_checks(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The stage, with its word lists built now rather than on the first article."""
    lexicon()
    english("the")  # loads wordfreq's English list
    return find_checks


def find_checks(doc: Doc) -> Doc:
    """Collect every finding into ``doc._.checks``, in text order, one per place and kind.

    "Akibatnya delaapan orang tewas dan 317 lika-luka." -> spelling "delaapan" -> "delapan"
    and "lika-luka" -> "luka-luka".
    """
    found: list[Check] = []
    for name in FINDING_SOURCES:
        if Doc.has_extension(name):
            found.extend(c for c in getattr(doc._, name) or [] if not _real_word(c))
    found.extend(find_slips(doc))
    found.extend(name_variants(doc.text, doc._.entities or []))
    found.extend(figure_conflicts(doc.text, doc._.counts or []))
    found.extend(total_below_parts(doc, doc._.counts or []))
    unique: list[Check] = []
    seen: set[tuple[int, int]] = set()
    for check in found:
        key = (check.start, check.end)
        if key not in seen:
            seen.add(key)
            unique.append(check)
    doc._.checks = sorted(unique, key=lambda c: (c.start, c.end))
    return doc
