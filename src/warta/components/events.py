"""PLOVER events with actor, target, place, date and mode (issue 5).

Input: a Doc after ``warta_names`` (``doc._.entities``), ``warta_dates`` (``doc._.dates``),
``warta_counts`` and ``warta_quotes``, with sentences. Output: ``doc._.events``, a list of
:class:`warta.record.Event` in text order, and ``doc._.event_counts`` (one list per event: the
indexes into ``doc._.counts`` of the counts written in the event's sentence, for casualty and
arrest figures: "ASSAULT ... delapan orang tewas" -> KILLED 8).

How an event is found (cheap first: most sentences have no trigger and cost one regex test per
word):

1. **Triggers** by ROOT word (:mod:`warta.events_lexicon`, ``lang/event_triggers.tsv``):
   "menyerang", "diserang", "penyerangan", "serangan" are all "serang" -> ASSAULT; the affix
   gives the voice. Uses that are no event are blocked (``lang/event_blockers.tsv``:
   "serangan jantung", "bahan bakar", "tembakan" in a football report, "Kabupaten Serang").
2. **Arguments** from the sentence around the trigger. When the dependency parser ships
   (:func:`warta.syntax.parse_spans`, called on the trigger sentences only) its ``nsubj``,
   ``nsubj:pass``, ``obj`` and ``obl`` + "oleh" relations are read first; otherwise, and for
   any role the parse leaves empty, positional rules on the clause:

   * active (me-, ber-, bare root): the clause's subject is the actor, the object (or a
     recipient after "kepada", "terhadap"; "ke" for sending, "dengan" for meeting) the target;
   * di- passive (and ter-): the subject is the target, the actor follows "oleh" or stands
     right after the verb ("ditembak polisi");
   * nominal: "oleh X" is the actor, "terhadap X"/"kepada X" the target; a genitive after an
     -an noun is the actor ("serangan Israel"), after a peN-an noun the target ("penangkapan
     tersangka"); a noun after a light verb takes that verb's subject as actor ("dia melakukan
     konsultasi dengan ...").

   A subject pronoun ("dia", "ia", "beliau") resolves to the last person named before it.
   An argument links to an entity id when its phrase starts with (or is) an entity mention,
   and keeps its words when it is a group ("pengunjuk rasa", "geng-geng terlatih asing").
3. **where**: a place entity after "di" in the clause, else the place entity nearest the
   trigger in the sentence, else a place target, else the article's dateline (or, without
   one, the place it names most often). **when**: the nearest date expression of the
   sentence (``warta_dates``), else the publication date.
4. **Mode** (``lang/event_modes.tsv``): planned ("akan", "setuju untuk"), negated ("tidak",
   "membantah"), reported ("menurut", "dilaporkan", and any event inside a direct quotation),
   unverified ("belum diverifikasi", "diduga"), else asserted. An event in a condition ("jika
   presiden membuat permintaan") is dropped. A trigger word that serves as another trigger's
   mode cue ("setuju untuk mengirim") is no event of its own, and what an accusation says
   happened ("menuduh negara itu menjadi korban serangan") is the accusation's content.
5. **One event per action**: triggers of one type in one sentence with the same actor (a
   list: "diserang, dihancurkan, dirusak") are one event; so is the same (type, actor,
   target) told again later in the article.

Example: "Pengumuman itu muncul setelah Presiden Kazakhstan Kassym-Jomart Tokayeva meminta
bantuan kepada blok tersebut." -> REQUEST, actor "Presiden Kazakhstan Kassym-Jomart Tokayeva"
(the Tokayev entity), target "blok tersebut", mode asserted, CAMEO 02.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.attrs import IDX, IS_SPACE, LENGTH, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from warta.events_lexicon import Cue, Lexicon, Match, lexicon, stem
from warta.lang import read_table
from warta.record import Argument, Entity, Event, EventMode, Trigger
from warta.text import normalize_for_matching

log = logging.getLogger(__name__)

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("event_counts"):
    Doc.set_extension("event_counts", default=None)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Longest argument phrase kept, in words.
MAX_PHRASE = 8
#: Count kinds an event is tied to when written in its sentence.
EVENT_COUNT_KINDS = frozenset(
    {"KILLED", "INJURED", "ARRESTED", "MISSING", "DISPLACED", "EVACUATED", "PROTESTERS"}
)
#: Words that never belong to a noun phrase: prepositions, conjunctions, auxiliaries and
#: sentence adverbs (Tata Bahasa Baku Bahasa Indonesia, kata tugas).
FUNCTION_WORDS = _words(
    """
    secara keras tegas akhirnya lantas terus sendiri bersama-sama
    di ke dari pada untuk dengan oleh kepada terhadap bagi dalam atas tentang sejak hingga
    sampai antara melalui lewat tanpa seperti sebagai akibat karena menurut soal terkait
    dan atau serta tetapi namun sedangkan sementara bahwa yang agar supaya sehingga jika
    apabila bila kalau ketika saat setelah sebelum usai seusai kemudian lalu juga pun akan
    telah sudah sedang masih tidak tak belum bukan bisa dapat harus ingin mau pernah
    segera langsung kembali lagi hanya yakni yaitu adalah ialah merupakan menjadi ada
    berhasil mulai sempat turut ikut pula kini lebih sangat paling tengah guna demi
    sebelumnya akibatnya kemudian selanjutnya sebab meski meskipun walaupun maupun setuju
    sepakat berencana rencananya bakal hendak siap diduga
    """
)
#: Words that open a clause: its subject is searched after them.
CLAUSE_OPENERS = _words(
    """
    bahwa setelah sebelum ketika saat sejak karena sehingga agar supaya jika apabila bila
    kalau seandainya meskipun walaupun meski namun tetapi tapi sedangkan sementara usai seusai
    sebab
    """
)
#: Interjections a speaker opens a clause with ("Tapi alhamdulillah pemerintah Arab Saudi
#: setuju ..."): no part of the subject.
INTERJECTIONS = _words("alhamdulillah insyaallah syukurlah astaga")
#: Words that ask or exclaim and name no one: "Apakah dapat disetujui ...".
NOT_PARTICIPANTS = _words("apakah apa siapa bagaimana mengapa kenapa kapan berapa") | INTERJECTIONS
SUBORDINATORS = _words(
    """
    setelah sebelum ketika saat sejak karena jika apabila bila kalau seandainya meskipun
    walaupun meski usai seusai
    """
)
#: Sentence-initial words that lead an adverbial before the subject ("Pada hari sebelumnya,").
ADVERBIAL_LEADS = _words(
    """
    pada di dalam dari sejak selama sebelumnya akibatnya kemudian selanjutnya namun
    sementara selain menurut bagi untuk atas setelah sebelum usai seusai
    """
)
CONNECTIVE_ENDS = frozenset(
    {"itu", "ini", "demikian", "begitu", "sebelumnya", "kemudian", "lalu", "akhirnya"}
)
#: Manner words between a verb and its object ("menolak keras penggunaan APBN").
#: Adverbs that stand between a subject and its verb ("SR resmi ditetapkan", "polisi telah
#: menangkap"; TBBBI adverbia and aspect markers).
PRE_VERB_ADVERBS = frozenset(
    {
        "resmi",
        "telah",
        "sudah",
        "akan",
        "juga",
        "langsung",
        "kemudian",
        "lalu",
        "pun",
        "masih",
        "sempat",
        "kini",
        "segera",
        "akhirnya",
        "turut",
        "ikut",
        "sedang",
        "baru",
        "pernah",
    }
)
MANNER_WORDS = frozenset({"kembali", "pula", "lagi", "juga", "keras", "tegas", "langsung"})
LIGHT_VERBS = _words(
    """
    melakukan menggelar mengadakan memberikan memberi menyampaikan mengajukan melancarkan
    meluncurkan melayangkan menjatuhkan mengirimkan mengirim menerima mendapat mendapatkan
    menjalin menyalurkan membuat mencapai meneken
    """
)
OBJECT_PREPS = frozenset({"dengan", "kepada", "terhadap", "oleh", "bersama", "untuk", "bagi"})
QUANTIFIER_LEADS = frozenset({"lebih", "kurang", "dari", "sekitar", "hampir", "sedikitnya"})
DETERMINERS = frozenset({"ini", "itu", "tersebut"})
PERSON_PRONOUNS = frozenset({"dia", "ia", "beliau"})
#: Voices whose arguments the dependency parse gives (verbs); nouns keep the positional rules.
PARSED_VOICES = frozenset({"me", "ber", "bare", "di", "ter"})
SPEAKER_PRONOUNS = frozenset({"saya", "aku"})
#: Words for the speaker's side in reported speech ("X mengatakan pihaknya ...").
SPEAKER_SIDE = frozenset({"pihaknya", "kami", "saya"})
GROUP_PRONOUNS = frozenset({"mereka", "kami", "kita"})
#: Pronouns that inside a direct quotation stand for its speaker.
FIRST_PERSON = frozenset({"saya", "aku", "kami", "kita"})
RECIPIENT_PREPS: dict[str, tuple[str, ...]] = {
    "AID": ("kepada", "ke", "bagi", "untuk", "terhadap"),
    "MOBILIZE": ("ke",),
    "CONSULT": ("dengan", "bersama", "kepada"),
    "COOPERATE": ("dengan", "bersama"),
    "AGREE": ("dengan", "bersama"),
    "REQUEST": ("kepada", "terhadap"),
}
DEFAULT_RECIPIENT_PREPS = ("kepada", "terhadap")
ALL_PREPS = frozenset(p for ps in RECIPIENT_PREPS.values() for p in ps) | {"oleh"}
#: -an nouns whose genitive is the actor; for these symmetric types the genitive of any
#: noun is the actor ("pertemuan Prabowo dengan ...").
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
QUOTE_MARKS = frozenset('"“”„«»')
MODE_RANK = {"hypothetical": 5, "negated": 4, "unverified": 3, "planned": 2, "reported": 1}


#: Types that move people: "dari X" after them says where from, not who.
MOVEMENT_TYPES = frozenset({"PROTEST", "MOBILIZE", "RETREAT"})
#: Types whose direct object is the thing given or moved, not the target.
THEME_OBJECT_TYPES = frozenset({"AID", "MOBILIZE", "RETREAT"})
#: Types an event can be placed by its location alone; every other type needs a participant
#: (an actor or target that names someone: see :meth:`EventFinder.participant`).
PLACE_TYPES = frozenset({"ASSAULT", "PROTEST"})
#: Words that open a noun phrase without being its head.
#: Affix voices of nouns made from a trigger root ("serangan", "penyerangan", "persetujuan").
NOMINAL_VOICES = frozenset({"an", "pen", "per", "ke"})
#: Words that close a noun phrase by pointing at it: "polisi tersebut", "kelompok itu".
DEMONSTRATIVES = frozenset({"tersebut", "itu", "ini"})
PHRASE_LEADS = frozenset({"para", "sejumlah", "pihak", "seluruh", "semua", "beberapa", "kedua"})


@cache
def title_words() -> frozenset[str]:
    """First words of the titles and roles of ``lang/titles.tsv`` ("presiden", "kapolri")."""
    return frozenset(
        row[0].split()[0].lower() for row in read_table("titles.tsv") if row[1] in ("role", "rank")
    )


@cache
def speech_verbs() -> frozenset[str]:
    """Speech verbs of ``lang/quote_cues.tsv`` ("mengatakan", "kata"): the clause after one is
    its content, with a subject of its own ("X mengatakan 100.000 orang berunjuk rasa")."""
    return frozenset(
        row[0].lower() for row in read_table("quote_cues.tsv") if row[1] in ("verb", "after")
    )


@cache
def instruments() -> frozenset[str]:
    """What an attack fires or throws (``lang/event_instruments.tsv``): never its target."""
    return frozenset(row[0].lower() for row in read_table("event_instruments.tsv"))


@cache
def group_nouns() -> frozenset[str]:
    """Nouns for people acting together (``lang/event_actors.tsv``)."""
    return frozenset(row[0].lower() for row in read_table("event_actors.tsv"))


@dataclass
class _Sent:
    """The words of one sentence: doc indices, text, lower case, entity at each word."""

    index: int
    #: The sentence's index in the record (blank sentences are not counted there).
    record_index: int
    start_char: int
    end_char: int
    doc_i: list[int]
    texts: list[str]
    lowers: list[str]
    ents: list[str | None]
    #: Character offsets of each word, and the doc text they point into.
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    doc_text: str = ""
    #: UPOS tags from the dependency parser, when it ran on this sentence.
    pos: list[str] | None = None
    _verbs: dict[int, bool] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)

    def is_punct(self, k: int) -> bool:
        return not any(ch.isalnum() for ch in self.texts[k])

    def is_verb(self, k: int) -> bool:
        """A word with a verbal prefix whose stem differs from it ("merupakan", "dipimpin")."""
        hit = self._verbs.get(k)
        if hit is None and self.pos is not None and self.ents[k] is None:
            # The parser's tag, but a prefixed verb form it tags as a function word stays a verb.
            hit = self.pos[k] in ("VERB", "AUX") or (
                self.pos[k] not in ("NOUN", "PROPN", "PRON", "NUM") and self._looks_verbal(k)
            )
        if hit is None:
            hit = self._looks_verbal(k)
        self._verbs[k] = hit
        return hit

    def _looks_verbal(self, k: int) -> bool:
        w = self.lowers[k]
        return bool(
            (k == 0 or not self.texts[k][:1].isupper())
            and w.isalpha()
            and len(w) > 4
            and w.startswith(("me", "di", "ber", "ter", "mem", "men"))
            and w not in FUNCTION_WORDS
            and self.ents[k] is None
            and (stem(w) != w or w in lexicon().forms)
        )

    def nominal(self, k: int) -> bool:
        if self.ents[k] is not None:
            return True
        if self.is_punct(k) or self.lowers[k] in FUNCTION_WORDS:
            return False
        return not self.is_verb(k)


@dataclass
class _Phrase:
    start: int
    end: int


@dataclass
class _Found:
    match: Match
    sent: _Sent
    actor: _Phrase | None = None
    target: _Phrase | None = None
    actor_arg: Argument | None = None
    target_arg: Argument | None = None


class EventFinder:
    """The events stage's logic, reusable without the pipeline.

    ``EventFinder().find(doc)`` returns the events and their count ties.
    """

    def __init__(self, lx: Lexicon | None = None, use_parser: bool = True) -> None:
        self.lx = lx or lexicon()
        self.use_parser = use_parser

    # ---- phrases ---------------------------------------------------------------------
    def phrase_right(self, s: _Sent, k: int, stop: int | None = None) -> _Phrase | None:
        """The noun phrase starting at word ``k`` ("blok tersebut", "Organisasi ... (CSTO)")."""
        stop = len(s) if stop is None else stop
        if k < stop and s.texts[k] in QUOTE_MARKS:  # a scare-quoted phrase: “pasukan ...”
            k += 1
        j = k
        while j < stop and s.lowers[j] in QUANTIFIER_LEADS:  # "lebih dari 100.000 orang"
            j += 1
        if j == stop or not s.nominal(j):
            j = k
        while j < stop and j - k < MAX_PHRASE:
            if s.texts[j] == "(":
                close = next((m for m in range(j + 1, min(stop, j + 6)) if s.texts[m] == ")"), None)
                if close is None or j == k:
                    break
                j = close + 1
                continue
            if s.texts[j] in ("-", "/", "'") and j > k and j + 1 < stop and s.nominal(j + 1):
                j += 1
                continue
            if s.lowers[j] == "berinisial" and j > k and j + 1 < stop:
                j += 2  # "pelaku penganiayaan berinisial SR": the initials name the phrase
                continue
            if not s.nominal(j):
                if j > k and s.lowers[j] in DETERMINERS:
                    j += 1  # "polisi tersebut": a tagger's DET still closes the phrase
                break
            j += 1
            if s.lowers[j - 1] in DETERMINERS:
                break
        if j - k == 1 and s.lowers[k] in DETERMINERS:
            return None  # "protes tersebut": the determiner is no phrase of its own
        return _Phrase(k, j) if j > k else None

    def phrase_left(self, s: _Sent, k: int) -> _Phrase | None:
        """The noun phrase ending at word ``k`` (inclusive), read leftwards."""
        j = k
        while j >= 0 and k - j < MAX_PHRASE and s.nominal(j):
            j -= 1
        return _Phrase(j + 1, k + 1) if j < k else None

    # ---- clauses -----------------------------------------------------------------------
    def clause_start(self, s: _Sent, t: int) -> int:
        """The first word of the clause holding word ``t``."""
        k = t - 1
        while k >= 0:
            w = s.lowers[k]
            if w in CLAUSE_OPENERS or s.texts[k] in (";", ":") or w in speech_verbs():
                return k + 1
            if s.texts[k] == ",":
                b = k - 1
                while b >= 0 and not (
                    s.lowers[b] in CLAUSE_OPENERS or s.texts[b] in (";", ":", ",")
                ):
                    b -= 1
                opener = s.lowers[b] if b >= 0 else s.lowers[0]
                lead = b + 1 if b >= 0 else 0
                if (b >= 0 and opener in SUBORDINATORS) or (
                    b < 0 and s.lowers[lead] in ADVERBIAL_LEADS
                ):
                    return k + 1
            k -= 1
        return 0

    def subject(self, s: _Sent, t: int) -> _Phrase | None:
        """The subject of the clause whose verb is word ``t``."""
        # "X yang [akan] menyerang": the head before "yang".
        k = t - 1
        while k >= 0 and s.lowers[k] in FUNCTION_WORDS and s.lowers[k] != "yang":
            k -= 1
        if k >= 0 and s.lowers[k] == "yang" and t - k <= 4:
            head = k - 1
            if head > 0 and s.texts[head] == ",":
                head -= 1  # "polisi tersebut, yang diserang oleh massa"
            if head > 0 and s.lowers[head] in DEMONSTRATIVES:
                p = self.phrase_left(s, head - 1)
                return _Phrase(p.start, head + 1) if p is not None else None
            return self.phrase_left(s, head) if head >= 0 else None
        start = self.clause_start(s, t)
        while start < t and (s.is_punct(start) and s.texts[start] not in ("(", *QUOTE_MARKS)):
            start += 1
        joined = self._after_conjunction(s, start, t)
        if joined is not None:
            return joined
        start = self.skip_connective(s, start, t)
        while start < t and s.lowers[start] in INTERJECTIONS:
            start += 1
        if start < t:
            p = self.phrase_right(s, start, t)
            opener = self._apposition_head(s, p.start, t) if p is not None else None
            if opener is not None:
                p = self.phrase_right(s, opener, t) or p
            if p is not None:
                if (
                    p.end - p.start == 1
                    and s.lowers[p.start] in SPEAKER_SIDE
                    and start > 0
                    and s.lowers[start - 1] in speech_verbs()
                ):
                    # "X mengatakan pihaknya sudah meminta ...": X's side acts.
                    return self.subject(s, start - 1) or p
                return p
        if start > 0 and s.lowers[start - 1] in speech_verbs():
            # "Hans menyatakan menolak surat dakwaan": the speaker is the subject.
            return self.subject(s, start - 1)
        if start > 0 and s.lowers[start - 1] in SUBORDINATORS:
            before = start - 2
            if (
                before >= 0
                and s.texts[before] not in (",", ";")
                and (s.lowers[before] not in CLAUSE_OPENERS)
            ):
                # "Erwin ditangkap usai melakukan pembunuhan": the subject of the main clause.
                return self.subject(s, start - 1)
            # "setelah berbicara dengan Tokayev, dia ...": the subject after the comma.
            comma = next((m for m in range(t + 1, len(s)) if s.texts[m] == ","), None)
            if comma is not None and comma + 1 < len(s):
                return self.phrase_right(s, comma + 1)
        return None

    def _after_conjunction(self, s: _Sent, start: int, t: int) -> _Phrase | None:
        """The subject of a verb in the second of two joined clauses: "kasus itu naik sidik dan
        pelaku berinisial SR resmi ditetapkan sebagai tersangka" -> "pelaku berinisial SR".
        The phrase after the last "dan"/"serta" before the verb, if only adverbs follow it and
        the words before it hold a verb of their own (else the two phrases are one subject:
        "Indonesia dan Papua Nugini menandatangani")."""
        for k in range(t - 1, start, -1):
            if s.lowers[k] not in ("dan", "serta"):
                continue
            if not any(
                (s.pos[j] in ("VERB", "AUX") if s.pos is not None else s.is_verb(j))
                for j in range(start, k)
            ):
                return None  # "Indonesia dan Papua Nugini menandatangani": one joined subject
            p = self.phrase_right(s, k + 1, t)
            if p is None or not all(s.lowers[j] in PRE_VERB_ADVERBS for j in range(p.end, t)):
                return None
            return p
        return None

    def skip_connective(self, s: _Sent, start: int, t: int) -> int:
        """Past a connective or adverbial ending in a comma at a clause start ("Sementara itu,",
        "Selain itu,", "Pada hari sebelumnya,"): the subject follows it."""
        comma = next((m for m in range(start, min(t, start + 5)) if s.texts[m] == ","), None)
        if comma is None or comma == start:
            return start
        seg = s.lowers[start:comma]
        if any(s.ents[k] is not None for k in range(start, comma)):
            return start
        if seg[0] in ADVERBIAL_LEADS or seg[0] in CLAUSE_OPENERS or seg[-1] in CONNECTIVE_ENDS:
            return comma + 1
        if len(seg) == 1 and seg[0].endswith("nya") and len(seg[0]) > 5:
            # "Misalnya,", "Akibatnya,", "Pasalnya,", "Sayangnya,": a sentence adverb in -nya
            return comma + 1
        return start

    def after_prep(self, s: _Sent, t: int, preps: Sequence[str], stop: int) -> _Phrase | None:
        for k in range(t, stop):
            if s.lowers[k] in preps and k + 1 < stop:
                p = self.phrase_right(s, k + 1, stop)
                if p is not None:
                    return p
        return None

    def clause_end(self, s: _Sent, t: int) -> int:
        for k in range(t, len(s)):
            if s.texts[k] in (";", ".", "!", "?") or (s.lowers[k] in CLAUSE_OPENERS):
                return k
        return len(s)

    def arguments(self, s: _Sent, m: Match) -> tuple[_Phrase | None, _Phrase | None]:
        """(actor, target) phrases of the trigger by the positional rules."""
        t, e = m.start, m.end
        stop = self.clause_end(s, e)
        etype = m.rule.type
        preps = RECIPIENT_PREPS.get(etype, DEFAULT_RECIPIENT_PREPS)
        oleh = self.after_prep(s, e, ("oleh",), stop)
        # The recipient's preposition belongs to this verb, not to a later one ("mendesak DK PBB
        # segera mengambil tindakan ... terhadap warga sipil": no recipient).
        own = next(
            (k for k in range(e + 1, stop) if s.lowers[k] not in ALL_PREPS and s.is_verb(k)), stop
        )
        recipient = self.after_prep(s, e, preps, own)
        # words between the trigger and its object: "kembali", "-nya" particles
        obj_at = e
        while obj_at < stop and s.lowers[obj_at] in MANNER_WORDS:
            obj_at += 1
        direct = self.phrase_right(s, obj_at, stop) if obj_at < stop else None
        v = m.voice
        if v in ("di", "ter"):
            actor = oleh
            complement = m.rule.need is not None and m.rule.need.where == "later"
            if (
                actor is None
                and direct is not None
                and (s.ents[direct.start] is not None or s.lowers[direct.start] in group_nouns())
                # "ditetapkan tersangka": the word the trigger needs is a status, no agent.
                and not (complement and s.lowers[direct.start] in m.rule.need.words)  # type: ignore[union-attr]
            ):
                actor = direct
            return actor, self.subject(s, t)
        nominal = v in ("an", "pen", "per", "ke") or (
            v == "bare"
            and t > 0
            and (s.lowers[t - 1] in ("aksi", *LIGHT_VERBS) or s.is_verb(t - 1))
        )
        if nominal:
            actor, target = oleh, recipient
            genitive = direct
            if (
                genitive is not None
                and s.lowers[genitive.start] == "dari"
                and etype not in MOVEMENT_TYPES
            ):
                # "permintaan (langsung) dari pemerintah Arab Saudi": who asked, not whom
                # ("walk out dari rapat paripurna": where from, for a movement)
                source = self.phrase_right(s, genitive.start + 1, stop)
                actor = actor or source
                genitive = None
            k = t - 1
            while k >= 0 and s.lowers[k] in ("aksi", "unjuk", "sebuah", "suatu"):
                k -= 1
            maker = (
                self.subject(s, k)
                if actor is None and k >= 0 and s.lowers[k] in LIGHT_VERBS
                else None
            )
            if maker is not None and genitive is not None and s.ents[genitive.start] is None:
                # "Kedua negara mencapai kesepakatan dagang": the light verb's subject made it;
                # "dagang" says what kind, it is no party
                genitive = None
            if genitive is not None:
                if (v == "an" or etype in SYMMETRIC_TYPES) and actor is None and maker is None:
                    actor = genitive
                elif v != "an" and target is None:
                    target = genitive
            return actor or maker, target
        # What is sent or deployed ("mengirim pasukan") is no target; where it goes is.
        target = recipient if etype in THEME_OBJECT_TYPES else recipient or direct
        return oleh if v == "bare" and oleh else self.subject(s, t), target

    # ---- the stage -----------------------------------------------------------------------
    def find(self, doc: Doc) -> tuple[list[Event], list[list[int]]]:
        """Events of ``doc`` and, per event, the indexes of the counts of its sentence."""
        lx = self.lx
        # Token attributes as arrays: building spaCy Token objects for every word would cost
        # more than all the rules.
        words = _Words(doc)
        cands = [i for i, w in enumerate(words.lowers) if lx.candidate(w)]
        if not cands:
            return [], []
        sents = words.sentences()
        article = frozenset(words.lowers)
        ent_of, ent_by_id = _entity_index(doc)
        wanted = set()
        si = 0
        for i in cands:
            while si + 1 < len(sents) and sents[si][1] <= i:
                si += 1
            wanted.add(si)
        found: list[_Found] = []
        built: dict[int, _Sent] = {}
        for si in sorted(wanted):
            s = words.sentence(sents[si], si, ent_of)
            built[si] = s
            k = 0
            while k < len(s):
                m = lx.match(s.lowers, s.texts, k, article)
                if m is None:
                    k += 1
                    continue
                prev = found[-1] if found else None
                if not (
                    prev is not None
                    and prev.sent is s
                    and prev.match.rule.type == m.rule.type
                    and m.start - prev.match.end <= 2
                ):
                    # "mengirim bantuan", "memberikan bantuan": one action, told twice.
                    found.append(_Found(m, s))
                k = m.end
        if not found:
            return [], []
        self._apply_parse(doc, found, sents)
        quotes = [(q.start, q.end) for q in (doc._.quotes or []) if q.kind == "direct"]
        dates = list(doc._.dates or [])
        main_place = _main_place(doc, ent_by_id)
        boiler = list(doc._.boilerplate or [])
        events: list[Event] = []
        event_sent: list[_Sent] = []
        event_root: list[tuple[str, ...]] = []
        consumed: set[tuple[int, int]] = set()
        accused_after: dict[int, int] = {}
        modes: list[str | None] = []
        for f in found:
            mode, cue_tokens = self.mode(f.sent, f.match, quotes, doc)
            modes.append(mode)
            consumed |= {(f.sent.index, k) for k in cue_tokens}
            if f.match.rule.type == "ACCUSE" and f.match.rule.mode in ("accuse", "blame"):
                accused_after.setdefault(f.sent.index, f.match.end)
        for f, mode in zip(found, modes, strict=True):
            s, m = f.sent, f.match
            if mode == "hypothetical" or (s.index, m.start) in consumed:
                continue
            if m.start > 0 and s.lowers[m.start - 1] == "tanpa" and m.voice in NOMINAL_VOICES:
                continue  # "tanpa persetujuan DPRD", "tanpa kekerasan": no act is told
            at = s.starts[m.start]
            if any(a <= at < b for a, b in boiler):
                continue
            if s.index in accused_after and m.start >= accused_after[s.index]:
                continue
            pa, pt = self.arguments(s, m)
            actor = f.actor or pa
            if (
                actor is not None
                and pa is not None
                and actor.end - actor.start == 1
                and s.lowers[actor.start] in SPEAKER_SIDE
            ):
                actor = pa  # "pihaknya" after a speech verb: the speaker's side
            # A recipient after "kepada", "dengan"... outranks the parser's object.
            recipient = pt is not None and pt.start > 0 and s.lowers[pt.start - 1] in ALL_PREPS
            target = pt if recipient else f.target or pt
            if actor is not None and target is not None and _overlap(actor, target):
                target = None
            if target is not None and (
                (s.pos is not None and s.pos[target.start] == "VERB")
                or (s.lowers[target.start].startswith("me") and s._looks_verbal(target.start))
            ):
                target = None  # a purpose clause, no party: "bekerja sama memberantas narkoba"
            if (
                target is not None
                and m.rule.type == "ASSAULT"
                and s.lowers[target.start] in instruments()
            ):
                target = None  # "menembakkan peluru", "tembakan gas air mata": the weapon
            if target is None and actor is not None and m.rule.type in SYMMETRIC_TYPES:
                # "pemerintah Indonesia dan Pakistan menjalin kerja sama": the second party.
                target = self.coordinated(s, actor)
            actor_arg = self.argument(doc, s, actor, ent_by_id)
            target_arg = self.argument(doc, s, target, ent_by_id)
            if (
                actor_arg
                and target_arg
                and actor_arg.entity
                and actor_arg.entity == target_arg.entity
            ):
                target_arg = None
            if m.rule.type not in PLACE_TYPES and not (
                self.participant(s, actor, actor_arg) or self.participant(s, target, target_arg)
            ):
                continue
            where = (
                self.where(s, m, actor, target, target_arg, ent_by_id)
                or _place_before(ent_by_id, words.start_char(sents, s.index - 1), s.start_char)
                or main_place
            )
            start, end = s.starts[m.start], s.ends[m.end - 1]
            events.append(
                Event(
                    type=m.rule.type,
                    trigger=Trigger(words.text[start:end], start, end),
                    mode=_record_mode(mode),
                    sentence=s.record_index,
                    cameo=m.rule.cameo,
                    actor=actor_arg,
                    target=target_arg,
                    where=where,
                    when=_when(dates, start, s, doc._.published),
                )
            )
            event_sent.append(s)
            event_root.append(m.rule.root)
        events, event_sent = _merge(events, event_sent, event_root)
        ties = _count_ties(doc, event_sent)
        return events, ties

    def _apply_parse(self, doc: Doc, found: list[_Found], sents: list[tuple[int, int]]) -> None:
        """Read actor/target from the dependency parse when a parser model is installed."""
        if not self.use_parser:
            return
        try:
            from warta.syntax import dependents, parse_spans
        except ImportError:
            return
        spans = []
        seen = set()
        for f in found:
            # Only verbs read the parse; a sentence with nominal triggers only is not parsed.
            if f.sent.index not in seen and f.match.voice in PARSED_VOICES:
                seen.add(f.sent.index)
                a, b = sents[f.sent.index]
                spans.append(doc[a:b])
        try:
            parsed = parse_spans(doc, spans)  # type: ignore[arg-type]
        except Exception as exc:
            log.warning("warta_events: parser failed (%s); positional rules only", exc)
            return
        if not parsed:
            return
        for s in {id(f.sent): f.sent for f in found}.values():
            s.pos = [parsed[d].pos if d in parsed else "X" for d in s.doc_i]
            s._verbs.clear()
        for f in found:
            s, m = f.sent, f.match
            local = {d: k for k, d in enumerate(s.doc_i)}
            head = s.doc_i[m.start]
            # The other words of a multi-word trigger are no argument ("rasa" is the parse's
            # object of "berunjuk" in "berunjuk rasa").
            inside = set(s.doc_i[m.start : m.end])
            subj = obj = agent = None
            # Subjects before a sentence connective ("Diberitakan sebelumnya, X ...") are
            # parser slips; of the others the first is the subject, appositions follow it.
            lead = s.doc_i[self.skip_connective(s, 0, m.start)] if m.start > 0 else head
            for d in dependents(parsed, head):
                if d in inside:
                    continue
                rel = parsed[d].dep
                if rel.startswith("nsubj") and d >= lead and subj is None:
                    subj = d
                elif rel in ("obj", "iobj") and obj is None:
                    obj = d
                elif rel == "obl" and any(doc[c].lower_ == "oleh" for c in dependents(parsed, d)):
                    agent = d
            if subj is not None and doc[subj].lower_ == "yang":
                # "pihak yang ditetapkan tersangka": the relative pronoun stands for the noun
                # before it, which the positional reader finds.
                subj = None
            subj = self._before_apposition(s, local, subj, m.start)
            if m.voice in ("di", "ter"):
                f.actor = self._phrase_at(s, local, agent)
                f.target = self._phrase_at(s, local, subj, before=m.start)
            elif m.voice in ("me", "ber", "bare"):
                f.actor = self._phrase_at(s, local, subj, before=m.start)
                if m.rule.type not in THEME_OBJECT_TYPES:
                    f.target = self._phrase_at(s, local, obj)

    def _before_apposition(
        self, s: _Sent, local: dict[int, int], d: int | None, t: int
    ) -> int | None:
        """The head a parsed subject is in apposition to: "Seorang pria berinisial SF (28),
        warga Desa Kijang, ... ditembak": a parser may take "warga" for the subject; the
        phrase that opens the clause, before the comma and with no verb in between, is."""
        if d is None or d not in local:
            return d
        k = local[d]
        opener = self._apposition_head(s, k, t)
        return d if opener is None else s.doc_i[opener]

    def _apposition_head(self, s: _Sent, k: int, t: int) -> int | None:
        """The word that opens the clause of verb ``t`` when the phrase at ``k`` follows a
        comma and only nominals stand between (an apposition: "Seorang pria ..., warga ...")."""
        if k == 0 or k >= t or s.texts[k - 1] != ",":
            return None
        start = self.skip_connective(s, self.clause_start(s, t), t)
        if start >= k - 1 or not s.nominal(start):
            return None
        for j in range(start, k - 1):
            verb = s.pos[j] in ("VERB", "AUX") if s.pos is not None else s.is_verb(j)
            if verb:
                return None
        return start

    def _phrase_at(
        self, s: _Sent, local: dict[int, int], d: int | None, before: int | None = None
    ) -> _Phrase | None:
        """The phrase headed by doc token ``d`` (Indonesian phrases open with their head).

        A subject that comes ``before`` the trigger (a word index) ends before it: the phrase
        reader takes a verb the tagger called a noun for part of the name ("Pemerintah
        Indonesia mengecam")."""
        if d is None or d not in local:
            return None
        k = local[d]
        # Determiners and numerals come before the head: "Seorang pria", "para pengunjuk rasa".
        while (
            k > 0
            and s.lowers[k - 1] not in DETERMINERS
            and (
                s.lowers[k - 1] in PHRASE_LEADS
                or (s.pos is not None and s.pos[k - 1] in ("DET", "NUM"))
            )
        ):
            k -= 1
        stop = before if before is not None and local[d] < before else None
        if stop is not None:  # nor over the light verb of a nominal trigger ("menjalin kerja sama")
            stop = next((j for j in range(local[d] + 1, stop) if s.lowers[j] in LIGHT_VERBS), stop)
        p = self.phrase_right(s, k, stop)
        return p if p is not None and p.end > local[d] else _Phrase(k, local[d] + 1)

    def participant(self, s: _Sent, p: _Phrase | None, arg: Argument | None) -> bool:
        """Whether an argument names someone: an entity, a resolved pronoun, a group noun
        ("massa", "polisi"), a title ("Presiden", "Kapolri") or a capitalised name inside the
        sentence. "Data ini", "kolaborasi lintas sektor" and "mudah" name no one."""
        if arg is None or p is None:
            return False
        if arg.entity is not None:
            return True
        k = p.start
        while k < p.end - 1 and s.lowers[k] in PHRASE_LEADS:
            k += 1
        w = s.lowers[k]
        if w in NOT_PARTICIPANTS:
            return False
        if w in group_nouns() or w in title_words() or w in GROUP_PRONOUNS:
            return True
        if w in PERSON_PRONOUNS or w in SPEAKER_PRONOUNS:
            return True  # "dia", "saya"
        if w.startswith("ke") and w.endswith("nya") and len(w) > 6:
            return True  # "keduanya", "ketiganya"
        if k + 1 < p.end and s.texts[k][:1].isupper() and s.texts[k + 1][:1].isupper():
            return True  # a name of two capitalised words at a sentence start ("Pemkot Medan")
        if k + 1 < p.end and s.lowers[k + 1] in group_nouns():
            return True  # "100.000 orang", "ribuan warga"

        return k > 0 and s.texts[k][:1].isupper() and w not in DETERMINERS

    # ---- arguments as record items ----------------------------------------------------------
    def argument(
        self, doc: Doc, s: _Sent, p: _Phrase | None, ent_by_id: dict[str, Entity]
    ) -> Argument | None:
        """The phrase as an Argument, linked to an entity where it starts with (or is) one."""
        if p is None:
            return None
        words = s.lowers[p.start : p.end]
        if p.end - p.start == 1 and words[0] in FIRST_PERSON:
            # "Kami sudah berkoordinasi dengan BSSN," kata X: the speaker (or their side)
            speaker = _quote_speaker(doc, s.starts[p.start], ent_by_id)
            if speaker is not None:
                return Argument(text=speaker.name, entity=speaker.id)
        if p.end - p.start == 1 and words[0] in PERSON_PRONOUNS | SPEAKER_PRONOUNS:
            ent = _person_before(doc, s.doc_i[p.start], ent_by_id)
            if ent is not None:
                return Argument(text=ent.name, entity=ent.id)
        text = s.doc_text[s.starts[p.start] : s.ends[p.end - 1]]
        entity = None
        for k in range(p.start, min(p.end, p.start + 6)):
            eid = s.ents[k]
            if eid is None:
                continue
            etype = ent_by_id[eid].type if eid in ent_by_id else "MISC"
            if etype in ("PER", "ORG") or k == p.start:
                entity = eid
                break
        return Argument(text=text, entity=entity)

    def coordinated(
        self, s: _Sent, actor: _Phrase, glue: tuple[str, ...] = ("dan", "serta")
    ) -> _Phrase | None:
        """The entity joined to ``actor`` by one of ``glue`` right after it, if any."""
        k = actor.end
        if k + 1 >= len(s) or s.lowers[k] not in glue or s.ents[k + 1] is None:
            return None
        j = k + 1
        while j < len(s) and s.ents[j] == s.ents[k + 1]:
            j += 1
        return _Phrase(k + 1, j)

    def where(
        self,
        s: _Sent,
        m: Match,
        actor: _Phrase | None,
        target: _Phrase | None,
        target_arg: Argument | None,
        ent_by_id: dict[str, Entity],
    ) -> Argument | None:
        """A place entity of the sentence: after "di" in the clause, else the nearest one."""

        def is_loc(k: int) -> bool:
            eid = s.ents[k]
            return eid is not None and eid in ent_by_id and ent_by_id[eid].type in ("LOC", "GPE")

        def arg_at(k: int) -> Argument:
            eid = s.ents[k]
            j = k
            while j + 1 < len(s) and s.ents[j + 1] == eid:
                j += 1
            return Argument(text=" ".join(s.texts[k : j + 1]), entity=eid)

        stop = self.clause_end(s, m.end)
        for k in range(m.end, stop):
            if s.lowers[k] == "di":
                for j in range(k + 1, min(k + 4, stop)):
                    if is_loc(j):
                        return arg_at(j)
        if (
            target_arg is not None
            and m.rule.type not in SYMMETRIC_TYPES  # a partner country is no place
            and target_arg.entity in ent_by_id
            and ent_by_id[target_arg.entity].type in ("LOC", "GPE")
        ):
            return target_arg
        in_actor = set(range(actor.start, actor.end)) if actor is not None else set()
        # Entities coordinated with the actor act with it ("Indonesia dan Malaysia sepakat
        # ..."): they are no place of the event.
        glue = ("dan", "serta", ",")
        partner = self.coordinated(s, actor, glue) if actor is not None else None
        while partner is not None:
            in_actor.update(range(partner.start, partner.end))
            partner = self.coordinated(s, partner, glue)
        in_target = set(range(target.start, target.end)) if target is not None else set()
        if m.rule.type in SYMMETRIC_TYPES:
            in_actor |= in_target
        best = None
        for k in range(len(s)):
            if is_loc(k) and k not in in_actor and (k == 0 or s.ents[k - 1] != s.ents[k]):
                # a place inside the target ("kantor walikota Almaty") only when no other
                rank = (k in in_target, abs(k - m.start))
                if best is None or rank < best[0]:
                    best = (rank, k)
        return arg_at(best[1]) if best is not None else None

    # ---- mode ----------------------------------------------------------------------------------
    def mode(
        self, s: _Sent, m: Match, quotes: Sequence[tuple[int, int]], doc: Doc
    ) -> tuple[str | None, list[int]]:
        """The strongest mode cue of the trigger and the words of the cues that made it."""
        best: str | None = None
        used: list[int] = []
        masked: set[int] = set()
        cues = self.lx.cues
        hits: list[tuple[Cue, int]] = []
        for k in range(len(s)):
            if k in masked or s.lowers[k] not in self.lx.cue_first:
                continue
            for cue in cues:
                n = len(cue.words)
                if tuple(s.lowers[k : k + n]) == cue.words:
                    hits.append((cue, k))
                    masked |= set(range(k, k + n))
                    break
        t = m.start
        for cue, k in hits:
            end = k + len(cue.words)
            if cue.mode == "none":
                continue
            if cue.scope == "before":
                if not (end <= t and t - end <= cue.distance):
                    continue
                if any(
                    s.texts[j] in (",", ";") or s.lowers[j] in CLAUSE_OPENERS for j in range(end, t)
                ):
                    continue
            elif cue.scope == "clause":
                if k >= t:
                    continue
            elif k >= t and cue.mode not in ("reported", "unverified"):
                continue
            if best is None or MODE_RANK[cue.mode] > MODE_RANK[best]:
                best = cue.mode
            if cue.scope == "before" and cue.mode != "hypothetical":
                # (a request verb that frames the wanted action is an event itself)
                used.extend(range(k, end))
        if best is None:
            start = s.starts[t]
            if any(a <= start < b for a, b in quotes):
                best = "reported"
        return best, used


def _record_mode(mode: str | None) -> EventMode:
    if mode in ("planned", "negated", "reported", "unverified"):
        return mode  # type: ignore[return-value]
    return "asserted"


def _overlap(a: _Phrase, b: _Phrase) -> bool:
    return a.start < b.end and b.start < a.end


def _entity_index(doc: Doc) -> tuple[dict[int, str], dict[str, Entity]]:
    """Doc token index -> entity id, from ``doc._.entities`` mentions (or ``doc.ents``)."""
    entities: list[Entity] = list(doc._.entities or [])
    by_id = {e.id: e for e in entities}
    of: dict[int, str] = {}
    for e in entities:
        for mention in e.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                of.setdefault(tok.i, e.id)
    return of, by_id


class _Words:
    """A doc's words as plain lists (lower case, offsets, spaces, sentence starts)."""

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        arr = doc.to_array([LOWER, IDX, LENGTH, IS_SPACE, SENT_START]).tolist()
        self.doc = doc
        self.text = doc.text  # computed from the tokens on every access: read once
        self.lowers = [strings[row[0]] for row in arr]
        self.idx = [row[1] for row in arr]
        self.length = [row[2] for row in arr]
        self.space = [row[3] == 1 for row in arr]
        self.starts = [row[4] == 1 for row in arr]
        lead = doc._.lead
        self.skip = lead.end if lead is not None else 0

    def sentences(self) -> list[tuple[int, int]]:
        """(first, end) token indexes of each sentence; the whole doc when none are marked."""
        n = len(self.lowers)
        if n == 0:
            return []
        bounds = [0] + [i for i in range(1, n) if self.starts[i]]
        out = [(a, b) for a, b in zip(bounds, [*bounds[1:], n], strict=True)]
        # The record drops blank sentences (assemble._sentences): number the others as it does.
        self.record_index: list[int] = []
        k = 0
        for a, b in out:
            self.record_index.append(k)
            if not all(self.space[i] for i in range(a, b)):
                k += 1
        return out

    def start_char(self, sents: Sequence[tuple[int, int]], index: int) -> int:
        return 0 if index < 0 else self.idx[sents[index][0]]

    def sentence(self, bounds: tuple[int, int], index: int, ent_of: dict[int, str]) -> _Sent:
        a, b = bounds
        text = self.text
        keep = [i for i in range(a, b) if not self.space[i] and self.idx[i] >= self.skip]
        end = self.idx[b - 1] + self.length[b - 1] if b > a else self.idx[a]
        return _Sent(
            index=index,
            record_index=self.record_index[index],
            start_char=self.idx[a],
            end_char=end,
            doc_i=keep,
            texts=[text[self.idx[i] : self.idx[i] + self.length[i]] for i in keep],
            lowers=[self.lowers[i] for i in keep],
            ents=[ent_of.get(i) for i in keep],
            starts=[self.idx[i] for i in keep],
            ends=[self.idx[i] + self.length[i] for i in keep],
            doc_text=text,
        )


def _person_before(doc: Doc, i: int, ent_by_id: dict[str, Entity]) -> Entity | None:
    """The person entity mentioned last before doc token ``i``, not as an object.

    A person named after a preposition ("setelah berbicara dengan Tokayev, dia ...") is not
    what a subject pronoun points back to.
    """
    start = doc[i].idx
    best: tuple[int, Entity] | None = None
    for e in ent_by_id.values():
        if e.type != "PER":
            continue
        for mention in e.mentions:
            if mention.end > start or (best is not None and mention.start <= best[0]):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and span.start > 0 and doc[span.start - 1].lower_ in OBJECT_PREPS:
                continue
            best = (mention.start, e)
    return best[1] if best else None


def _main_place(doc: Doc, ent_by_id: dict[str, Entity]) -> Argument | None:
    """The dateline place, else the place entity the article names most often."""
    dateline = doc._.dateline
    places = [e for e in ent_by_id.values() if e.type in ("LOC", "GPE")]
    if dateline:
        key = normalize_for_matching(dateline)
        for e in places:
            forms = {normalize_for_matching(e.name)} | {
                normalize_for_matching(m.text) for m in e.mentions
            }
            if key in forms:
                return Argument(text=dateline, entity=e.id)
        return Argument(text=dateline)
    lead_end = _lead_end(doc)

    def setting(e: Entity) -> bool:
        # A place the story happens in is named in its lead or more than once; a place named
        # once further down is background ("Pria kelahiran Riau, 22 Juli 1975, itu ...").
        told = [m for m in e.mentions if not _background_place(doc.text, m.start)]
        return bool(told) and (len(told) > 1 or told[0].start < lead_end)

    places = [e for e in places if setting(e)]
    if not places:
        return None
    counts = Counter({e.id: len(e.mentions) for e in places})
    top = max(places, key=lambda e: (counts[e.id], -e.mentions[0].start if e.mentions else 0))
    return Argument(text=top.name, entity=top.id)


#: Words before a place that make it a person's background, not the story's setting.
_BACKGROUND_CUES = ("kelahiran", "lahir di", "asal", "berasal dari", "putra daerah", "alumnus")
#: Paragraphs of the lead: the first this many non-blank paragraphs of the article.
_LEAD_PARAGRAPHS = 3


def _background_place(text: str, start: int) -> bool:
    """Whether the place mentioned at ``start`` follows a birth or origin cue."""
    before = text[max(0, start - 20) : start].lower().rstrip()
    return before.endswith(_BACKGROUND_CUES)


def _lead_end(doc: Doc) -> int:
    """Character offset where the article's lead (its first paragraphs) ends."""
    for seen, m in enumerate(re.finditer(r"[^\n]*\S[^\n]*", doc.text), 1):
        if seen == _LEAD_PARAGRAPHS:
            return m.end()
    return len(doc.text)


def _quote_speaker(doc: Doc, at: int, ent_by_id: dict[str, Entity]) -> Entity | None:
    """The speaker entity of the direct quotation holding character ``at``, if any."""
    for q in doc._.quotes or []:
        if q.kind == "direct" and q.start <= at < q.end and q.speaker in ent_by_id:
            return ent_by_id[q.speaker]
    return None


def _place_before(ent_by_id: dict[str, Entity], lo: int, hi: int) -> Argument | None:
    """The place named last in ``[lo, hi)`` (the sentence before an event that names none)."""
    best: tuple[int, Argument] | None = None
    for e in ent_by_id.values():
        if e.type not in ("LOC", "GPE"):
            continue
        for mention in e.mentions:
            if (
                lo <= mention.start
                and mention.end <= hi
                and (best is None or mention.start > best[0])
            ):
                best = (mention.start, Argument(text=mention.text, entity=e.id))
    return best[1] if best else None


def _when(dates: Sequence[object], start: int, s: _Sent, published: str | None) -> str | None:
    best = None
    for d in dates:
        ds = d.start  # type: ignore[attr-defined]
        if s.start_char <= ds < s.end_char:
            dist = abs(ds - start)
            if best is None or dist < best[0]:
                best = (dist, d.value)  # type: ignore[attr-defined]
    return best[1] if best else published


#: A reduplicated plural ("pihak-pihak", "negara-negara"): the same people as the base noun.
_PLURAL_RE = re.compile(r"\b(\w+)-\1\b")


def _key(arg: Argument | None) -> str | None:
    """The identity of an argument for merging: its entity, else its text without plural
    marks ("para pihak-pihak" and "pihak" are the same parties)."""
    if arg is None:
        return None
    if arg.entity:
        return arg.entity
    key = normalize_for_matching(_PLURAL_RE.sub(r"\1", arg.text))
    return key.removeprefix("para ")


def _merge(
    events: list[Event], sents: list[_Sent], roots: list[tuple[str, ...]]
) -> tuple[list[Event], list[_Sent]]:
    """One event per action.

    In a sentence, one event per type and actor ("diserang, dihancurkan, dirusak"); in the
    article, one per (type, actor, target); and a trigger word told again with no actor and no
    target of its own ("pembunuhan" in every paragraph of a murder report) is the event it
    retells.
    """
    out: list[Event] = []
    out_s: list[_Sent] = []
    by_sentence: dict[tuple[int, str, str, str | None], Event] = {}
    seen: set[tuple[str, str | None, str | None]] = set()
    told: dict[tuple[str, tuple[str, ...]], list[Event]] = {}
    for ev, s, root in zip(events, sents, roots, strict=True):
        k = (ev.sentence, ev.type, ev.mode, _key(ev.actor))
        first = by_sentence.get(k)
        if first is not None:
            first.target = first.target or ev.target
            continue
        if any(
            _retells(ev, prev)
            for (sent, etype, mode, _), prev in by_sentence.items()
            if sent == ev.sentence and etype == ev.type and mode == ev.mode
        ):
            continue
        # by the root's first word: "serangan" retells "serangan rudal" told before
        if any(_retells(ev, prev) for prev in told.get((ev.type, root[:1]), ())):
            continue
        told.setdefault((ev.type, root[:1]), []).append(ev)
        g = (ev.type, _key(ev.actor), _key(ev.target))
        if (g[1] is not None or g[2] is not None) and g in seen:
            continue
        seen.add(g)
        by_sentence[k] = ev
        out.append(ev)
        out_s.append(s)
    return out, out_s


def _retells(later: Event, earlier: Event) -> bool:
    """Whether ``later`` (same type, same trigger root) adds nothing to ``earlier``: each of
    its actor and target is missing or the same ("penyerbuan bandara" after "para demonstran
    menyerbu bandara")."""
    for role in ("actor", "target"):
        key = _key(getattr(later, role))
        if key is not None and key != _key(getattr(earlier, role)):
            return False
    return True


def _count_ties(doc: Doc, sents: list[_Sent]) -> list[list[int]]:
    counts = list(doc._.counts or [])
    ties = []
    for s in sents:
        ties.append(
            [
                n
                for n, c in enumerate(counts)
                if c.kind in EVENT_COUNT_KINDS
                and any(s.start_char <= sp.start < s.end_char for sp in [c, *c.mentions])
            ]
        )
    return ties


@Language.factory("warta_events", default_config={"use_parser": True})
def make_events(nlp: Language, name: str, use_parser: bool) -> Any:
    """The events stage; ``use_parser = false`` keeps to the positional rules (faster)."""
    finder = EventFinder(use_parser=use_parser)
    if use_parser:
        # load the parser with the pipeline, not on the first article: under load its loading
        # took tens of seconds and spent that article's time budget
        from warta.syntax import load_parser

        load_parser()

    def find_events(doc: Doc) -> Doc:
        """Fill ``doc._.events`` (and ``doc._.event_counts``) from the annotated doc.

        "Pengumuman itu muncul setelah Presiden Kazakhstan Kassym-Jomart Tokayeva meminta
        bantuan kepada blok tersebut." -> REQUEST (Tokayev -> "blok tersebut").
        """
        events, ties = finder.find(doc)
        for event, tie in zip(events, ties, strict=True):
            event.counts = tie or None
        doc._.events = events
        doc._.event_counts = ties
        return doc

    return find_events
