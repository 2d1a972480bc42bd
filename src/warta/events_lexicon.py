"""The event lexicon: trigger roots, blockers, mode cues and a cached Indonesian stemmer.

Input: the data files ``lang/event_triggers.tsv``, ``lang/event_blockers.tsv`` and
``lang/event_modes.tsv`` (each says where its entries come from). Output: a :class:`Lexicon`
that finds triggers among a sentence's words by their ROOT, so that "menyerang", "diserang",
"penyerangan" and "serangan" are all the root "serang", and reads the voice from the affix.

Example: in "Polisi menangkap dua pelaku" the word "menangkap" has the root "tangkap" and the
voice ``me`` (active), which the trigger table maps to COERCE (arrest, CAMEO 173).

Roots come from the Sastrawi stemmer (PySastrawi, the Nazief-Adriani algorithm with a root
dictionary), cached per word. Forms it gets wrong ("membantah" -> "ban", "penarikan" ->
"tari") are listed in the trigger table's ``forms`` column and looked up before stemming.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from warta.errors import WartaError
from warta.lang import read_table

#: Every voice a trigger table row may name; "any" stands for all of them.
VOICES = frozenset({"bare", "me", "ber", "di", "ter", "an", "pen", "per", "ke"})
#: Mode names of event_modes.tsv: the record's modes plus "hypothetical" (dropped) and "none".
CUE_MODES = frozenset({"planned", "negated", "reported", "unverified", "hypothetical", "none"})
_CLITICS = ("nya", "lah", "kah")


@cache
def _stemmer() -> Any:
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise WartaError("warta_events needs PySastrawi: pip install PySastrawi") from exc
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The root of one lower-case word: "penyerangan" -> "serang", "dikirimkan" -> "kirim"."""
    if len(word) < 4 or not word.isalpha():
        return word
    return str(_stemmer().stem(word))


def voice(word: str, root: str) -> str:
    """The affix class of ``word`` (lower-case) built on ``root``.

    "diserang" -> "di", "menyerang" -> "me", "serangan" -> "an", "penyerangan" -> "pen",
    "pertemuan" -> "per", "kerusuhan" -> "ke", "berunding" -> "ber", "terbakar" -> "ter",
    "serang" -> "bare"; "penyerang", "pengunjuk" (agent nouns) -> "agent".
    """
    w = word
    for clitic in _CLITICS:
        if w.endswith(clitic) and len(w) - len(clitic) >= len(root):
            w = w[: -len(clitic)]
            break
    if w == root:
        return "bare"
    an = w.endswith("an") and not root.endswith("an")
    if w.startswith("di") and not root.startswith("di"):
        return "di"
    if w.startswith("ter") and not root.startswith("ter"):
        return "ter"
    if w.startswith("me"):
        return "me"
    if w.startswith("be") and not root.startswith("be"):
        return "ber"
    if w.startswith("per") and an and not root.startswith("per"):
        return "per"
    if w.startswith("pe") and not root.startswith("pe"):
        return "pen" if an else "agent"
    if w.startswith("ke") and an and not root.startswith("ke"):
        return "ke"
    if w.startswith(root) and w[len(root) :] in ("an", "kan", "i"):
        return "an" if w.endswith("an") and not w.endswith("kan") else "bare"
    return "bare"


#: How far (words) a ``later:`` need looks after the trigger: far enough for a long name and
#: its initials between verb and complement ("menetapkan Direktur Utama PT Loco Montrado, Siman
#: Bahar (SB), sebagai tersangka": 10 words), not into the next clause of a long sentence.
LATER_WORDS = 14


@dataclass(frozen=True)
class Need:
    """A context a trigger needs: one of ``words`` ``where`` ("next", "prev", "near", "later")."""

    where: str
    words: frozenset[str]


@dataclass(frozen=True)
class TriggerRule:
    """One row of event_triggers.tsv: ``serang ASSAULT - 190 any``."""

    root: tuple[str, ...]
    type: str
    mode: str | None
    cameo: str
    voices: frozenset[str]
    need: Need | None


@dataclass(frozen=True)
class Blocker:
    """One row of event_blockers.tsv: ``serang next jantung|stroke``."""

    root: str
    where: str
    words: frozenset[str]


@dataclass(frozen=True)
class Cue:
    """One row of event_modes.tsv: ``akan planned before:3``."""

    words: tuple[str, ...]
    mode: str
    scope: str
    distance: int


@dataclass(frozen=True)
class Match:
    """A trigger found in a sentence: tokens [start, end) of the words list, its rule and voice."""

    start: int
    end: int
    rule: TriggerRule
    voice: str


PLOVER_TYPES = frozenset(
    {
        "ACCUSE",
        "AGREE",
        "AID",
        "ASSAULT",
        "COERCE",
        "CONCEDE",
        "CONSULT",
        "COOPERATE",
        "MOBILIZE",
        "PROTEST",
        "REJECT",
        "REQUEST",
        "RETREAT",
        "SANCTION",
        "SUPPORT",
        "THREATEN",
    }
)


def _words(cell: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in cell.split("|") if w.strip() and w != "-")


def _need(cell: str, line: Sequence[str]) -> Need | None:
    if cell == "-":
        return None
    where, _, words = cell.partition(":")
    if where not in ("next", "prev", "near", "later") or not words:
        raise WartaError(f"event_triggers.tsv: bad needs {cell!r} in {line!r}")
    return Need(where, _words(words))


class Lexicon:
    """Triggers by first root word, surface forms the stemmer misses, blockers and mode cues."""

    def __init__(self) -> None:
        self.rules: dict[str, list[TriggerRule]] = {}
        self.forms: dict[str, str] = {}
        for row in read_table("event_triggers.tsv"):
            if len(row) < 7:
                raise WartaError(f"event_triggers.tsv: expected 8 columns in {row!r}")
            root, etype, mode, cameo, voices, needs, forms = row[:7]
            if etype not in PLOVER_TYPES:
                raise WartaError(f"event_triggers.tsv: {etype!r} is no PLOVER type ({row!r})")
            vs = VOICES if voices == "any" else frozenset(voices.split(","))
            if not vs <= VOICES:
                raise WartaError(f"event_triggers.tsv: bad voices {voices!r} in {row!r}")
            words = tuple(root.split())
            rule = TriggerRule(
                words, etype, None if mode == "-" else mode, cameo, vs, _need(needs, row)
            )
            self.rules.setdefault(words[0], []).append(rule)
            if forms != "-":
                for form in forms.split(","):
                    self.forms[form.strip().lower()] = root
        self.blockers: dict[str, list[Blocker]] = {}
        for row in read_table("event_blockers.tsv"):
            root, where, words = row[:3]
            if where not in ("next", "prev", "sentence", "cap", "article"):
                raise WartaError(f"event_blockers.tsv: bad place {where!r} in {row!r}")
            self.blockers.setdefault(root, []).append(Blocker(root, where, _words(words)))
        self.cues: list[Cue] = []
        for row in read_table("event_modes.tsv"):
            cue, mode, scope = row[:3]
            if mode not in CUE_MODES:
                raise WartaError(f"event_modes.tsv: bad mode {mode!r} in {row!r}")
            kind, _, dist = scope.partition(":")
            if kind not in ("before", "sentence", "clause"):
                raise WartaError(f"event_modes.tsv: bad scope {scope!r} in {row!r}")
            self.cues.append(Cue(tuple(cue.lower().split()), mode, kind, int(dist or 0)))
        # Longest cue first, so "belum diverifikasi" is read before "belum".
        self.cues.sort(key=lambda c: -len(c.words))
        self.cue_first = frozenset(c.words[0] for c in self.cues)
        self._prefilter = self._build_prefilter()
        self._seen: dict[str, bool] = {}

    def _build_prefilter(self) -> re.Pattern[str]:
        """A regex that every word whose root is a trigger root contains (a cheap first pass).

        A root's initial consonant may melt into the meN-/peN- prefix ("tembak" -> "menembak",
        "kirim" -> "mengirim", "serang" -> "menyerang", "pukul" -> "memukul"), so the pattern
        holds the root without its first letter when that letter is one of k, p, s, t.
        """
        cores = set()
        for root in self.rules:
            cores.add(root[1:] if root[0] in "kpst" and len(root) > 3 else root)
        alternation = "|".join(sorted((re.escape(c) for c in cores), key=len, reverse=True))
        return re.compile(alternation)

    def candidate(self, lower: str) -> bool:
        """Whether the lower-case word may be a trigger (its root or a listed form)."""
        hit = self._seen.get(lower)
        if hit is None:
            hit = lower in self.forms or self._prefilter.search(lower) is not None
            if len(self._seen) < 500_000:
                self._seen[lower] = hit
        return hit

    def roots_of(self, lower: str) -> tuple[str, str]:
        """(root, the text its voice is read against) of one lower-case word."""
        form = self.forms.get(lower)
        if form is not None:
            return form, form.replace(" ", "")
        r = stem(lower)
        return r, r

    def match(
        self,
        lowers: Sequence[str],
        texts: Sequence[str],
        i: int,
        article: frozenset[str] = frozenset(),
    ) -> Match | None:
        """The trigger starting at word ``i`` of a sentence (lower-case words and as written).

        Multi-word roots ("unjuk rasa", "kerja sama") are matched first; then a row's voices,
        needs and the blockers decide (``article``: the lower-case words of the whole article,
        for the blockers that read it). None when the word is no trigger.
        """
        lower = lowers[i]
        if not self.candidate(lower):
            return None
        root, against = self.roots_of(lower)
        first = root.split()[0]
        rules = self.rules.get(first)
        if not rules:
            return None
        v = voice(lower, against)
        if v == "agent":
            return None
        if self._blocked(first, lowers, texts, i, article):
            return None
        # A listed form that spells a whole multi-word root ("kerjasama") is one word.
        single = " " in root
        for rule in sorted(rules, key=lambda r: -len(r.root)):
            n = 1 if single else len(rule.root)
            if single and " ".join(rule.root) != root:
                continue
            if n > 1 and not all(
                i + k < len(lowers) and self.roots_of(lowers[i + k])[0] == rule.root[k]
                for k in range(1, n)
            ):
                continue
            if v not in rule.voices:
                continue
            if rule.need is not None and not self._has(rule.need, lowers, i, i + n):
                continue
            return Match(i, i + n, rule, v)
        return None

    def _has(self, need: Need, lowers: Sequence[str], start: int, end: int) -> bool:
        lo, hi = start, end
        if need.where in ("prev", "near"):
            lo = max(0, start - (3 if need.where == "prev" else 4))
        if need.where in ("next", "near"):
            hi = min(len(lowers), end + 4)
        elif need.where == "later":
            hi = min(len(lowers), end + LATER_WORDS)
        for k in range(lo, hi):
            if start <= k < end:
                continue
            w = lowers[k]
            if w in need.words or (w.isalpha() and stem(w) in need.words):
                return True
        return False

    def _blocked(
        self,
        root: str,
        lowers: Sequence[str],
        texts: Sequence[str],
        i: int,
        article: frozenset[str] = frozenset(),
    ) -> bool:
        for b in self.blockers.get(root, ()):
            if b.where == "article":  # two of the words anywhere: a football report
                if len(b.words & article) >= 2:
                    return True
                continue
            if b.where == "cap":
                if i > 0 and texts[i][:1].isupper() and texts[i - 1] not in ('"', "“", "(", "'"):
                    return True
                continue
            if b.where == "sentence":
                window: Sequence[str] = lowers
            elif b.where == "next":
                window = lowers[i + 1 : i + 3]
            else:
                window = lowers[max(0, i - 2) : i]
            if any(w in b.words or (w.isalpha() and stem(w) in b.words) for w in window):
                return True
        return False


@cache
def lexicon() -> Lexicon:
    """The lexicon, read once."""
    return Lexicon()
