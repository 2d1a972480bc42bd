"""Direct and indirect quotations with their speakers (issue 4).

``warta_quotes`` writes a list of :class:`~warta.record.Quote` onto ``doc._.quotes``. It reads
the tokens, the sentences of ``warta_sentences`` and, when ``warta_names`` has run, the entities
in ``doc._.entities``. Language knowledge is in ``lang/quote_cues.tsv`` (cue words and title
markers), ``lang/speaker_bounds.tsv`` (what delimits a speaker's name), ``lang/pronouns.tsv`` and
``lang/relays.tsv`` (media, relays, platforms). The rules, and why:

Direct quotations
    Double quotation marks are paired per paragraph: “ ” „ ‟ « » ″ and the straight ``"``, the
    doubled apostrophe ``''`` and HTML ``&quot;`` (matched through ``token.norm_``). A mark's
    role comes from its shape (space before and a word after opens; a word before and a space
    or punctuation after closes), then from the character (“ opens, ” closes), then from
    whether a quotation is open, so sloppy curly quotes and nested scare quotes still pair.
    Single quotes (' ‘ ’) never open a quotation: in the corpus they are apostrophes,
    transliteration, quotes inside quotes or video titles ("Simak Video 'Purbaya ...'").

    A quotation that is still open at the end of a paragraph continues when the next paragraph
    opens with a quotation mark (the news convention for multi-paragraph quotes; one boilerplate
    line in capitals, such as "SCROLL TO CONTINUE WITH CONTENT", may sit between), or when the
    next paragraph's first mark closes (the writer left out the reopening mark). Otherwise it
    ends at the paragraph end as *unterminated*, and is kept only when a cue with punctuation
    introduces it ("X mengatakan, “...") or when it opens its paragraph and ends in sentence
    punctuation, with four words at least, so an unbalanced mark never swallows more than its
    own paragraph. A paragraph whose first mark closes, with a cue after it, is a quotation
    whose opening mark was left out ('Informasi publik ... publik," tulis Afifuddin'): it starts
    at the paragraph start. ``text`` is the content without
    the marks: for a multi-paragraph quote the reopening marks are cut out of ``text`` (so only
    there ``text`` differs from ``article[start:end]``); a trailing comma, which stands for the
    full stop before a cue ("baik,” kata Purbaya"), is trimmed.

    The speaker comes from a cue after the closing mark (``kata X``, ``ujarnya``, ``ujarnya
    Ma'mun``, ``menurut X``, ``demikian kata X``, the inverted ``Purbaya menambahkan``, and a
    speech verb after a comma: ``“...,” tulis X``) or before the opening mark (``X
    mengatakan, “``, ``X mengatakan kepada Interfax: “``, ``Menurut X, “``, ``kata X, “``, a name
    and a colon, or a paragraph ending in ":" right before a paragraph-opening quotation). The
    cue after wins, unless it is a pronoun and the cue before names someone.

Scare quotes, titles and partial quotations
    A quoted span with a cue is a quotation whatever its length ("“Tidak,” kata X"). Without a
    cue it is one only when it has at least four words *and* stands as a sentence of its own
    (it opens a paragraph or follows sentence punctuation or a comma, and is followed by
    punctuation, a capital or the paragraph end, or by a lower-case word after a comma inside
    the marks: the cue convention with an unknown or misspelt cue, "...,” sambungya") *and*
    ends in sentence punctuation or such a comma, or fills its paragraph (so titles listed in a
    sentence are not quotes) *and* no title word (``berjudul``, ``video``, ``sebagai`` …)
    precedes it. So “pasukan penjaga perdamaian”, "teroris", and a fragment embedded in a
    clause ("tewas “oleh tangan massa yang mengamuk”", part of that clause's reported speech)
    are not quotations. A speech verb right before the mark without punctuation ("menyebut “guru
    itu beban negara”") counts as a cue only from four words up, so "menyebut “teroris”" is a
    term. A quotation without a cue has ``speaker=None`` and ``speaker_text=None``.

Speakers
    After a cue the speaker runs to punctuation or a word of kind ``end`` ("kata Tokayev dalam
    pidato ..." -> "Tokayev"); after a closing quote a name in apposition joins it ("kata jubir
    KPK, Budi Prasetyo, kepada wartawan"). Before a speech verb the subject runs leftwards to a
    clause boundary (conjunction, preposition, sentence start, another meN- verb); it is split
    at commas and the part next to the verb is taken unless, between commas, it is a lower-case
    apposition or a role ("Dmitry Peskov, juru bicara Putin, mengatakan" -> "Dmitry Peskov";
    roles are the first words of the roles in ``lang/titles.tsv``); discourse adverbs
    ("Sebelumnya", "Awalnya") are dropped. ``X yang mengatakan`` gives X when X is a name. With
    ``doc._.entities`` the speaker is the entity whose mention overlaps the chosen span (a person
    before an organisation before a place; in an apposition after a cue, the part that holds a
    person, whose words then become ``speaker_text``). A person inside a subject's apposition is
    never the speaker ("juru bicara Putin" speaks for Putin). With no match, or no entities at
    all, ``speaker`` is None and ``speaker_text`` keeps the words as written. A named speaker
    that no entity covers is handed to :func:`warta.components.names.link_speaker`, which links
    it to the person it names ("Cannavaro" -> "Fabio Cannavaro") or makes a new entity of a
    proper name ("Dmitry Peskov, juru bicara Putin"); the quotations are then read again.

Pronoun speakers
    "ia", "dia", "beliau" and the "-nya" of "katanya"/"menurutnya" refer to the nearest
    preceding person: among PER entity mentions before the pronoun and outside any quotation
    (a name inside a quotation is what the speaker talks about), the sentence nearest to the
    pronoun that has one, and in it the subject: Indonesian puts the subject before the verb,
    so the person named last before the sentence's first verb ("Ayah TAS, Lukas Diana Putra,
    mendatangi ..." -> Lukas Diana Putra), else the first person named in it; a sentence whose
    subject is itself a pronoun ("Dia kemudian mencontohkan ... Soeharto") passes the search to
    the sentence before. The search goes back at most six sentences. One exception comes
    first: when a quotation in the pronoun's paragraph or the paragraph before it has a
    named speaker, that speaker is the referent (in news a "-nya" cue continues
    the last speaker: "Menurut Harryo, ... Riky berutang ...\n“...,” jelasnya" is Harryo's)
    unless a person named after it, in the pronoun's own paragraph or in a sentence about
    speaking ("Hal senada diungkapkan ... Bayu Aji"), takes over. ``speaker_text`` is then
    the mention's text. Without entities the pronoun resolves to the explicit speaker of the
    previous quotation when that one lies within the last three paragraphs; otherwise
    ``speaker_text`` is the pronoun as written and ``speaker`` None. Plural forms ("mereka",
    "pihaknya") are never resolved.

Via
    The medium or relay: a relay phrase ("seperti dikutip TheGuardian", "dikutip dari
    Reuters", "dilansir AFP") always gives ``via``; "kepada X" does when X is a medium (an
    agency from ``relays.tsv``, an outlet of ``outlets.tsv``, a web domain, "detik…"), so
    "kepada Interfax" does and "kepada wartawan" does not; "melalui/lewat/di/via X" does when X
    names a medium or platform ("melalui akun Instagram", "di Facebook"). Scraped text that
    glues the relay word to the medium counts too ("kepadadetikSulsel", "dikutip daridetikNews").
    Events and press releases ("dalam Rapat Koordinasi", "dalam keterangan tertulis") are not
    ``via``; a relay phrase names its source even then ("dikutip dari keterangan tertulis").

Indirect speech
    Outside direct quotations, per sentence: "X <verb> [up to 8 words] bahwa CONTENT",
    "X <verb> [adjunct], CONTENT", "X <verb> CONTENT" (the content may not start with a word of
    kind ``nocontent``: "mengatakan hal itu", "menjelaskan kepada wartawan", must read as a
    clause, with a predicate word or an affixed verb in its first words and no nominalised
    first word, "menegaskan pentingnya ...", and comes only after verbs of kind ``verb``, not
    ``verb-clause``: "menyampaikan apresiasi"), "Menurut X, CONTENT", "CONTENT, menurut X." and
    "CONTENT, kata X." (with a parenthetical cue, "Jangan sampai, kata dia, kecelakaan ...",
    the whole sentence). The content runs to the end of the sentence (final punctuation left
    out) and needs at least three words; a verb that a direct quotation already uses as its
    cue, a negated or modal verb ("tidak mengatakan", "untuk memastikan"), a capitalised verb
    (a heading) and a verb without a subject (passives such as "disebutkan bahwa") give no
    indirect quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.attrs import NORM
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from warta.components.names import link_speaker
from warta.lang import read_table
from warta.record import Entity, Quote
from warta.text import within_any
from warta.tokenizer import token_table

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

#: Quotation-mark characters by role when their shape does not decide.
_OPEN_CHARS = frozenset("\u201c\u201e\u201f\u00ab")  # “ „ ‟ «
_CLOSE_CHARS = frozenset("\u201d\u00bb")  # ” »
_DOUBLE_MARKS = frozenset({'"', "''", "\u2033", *_OPEN_CHARS, *_CLOSE_CHARS})
#: Tokens after which a quotation mark counts as preceded by a space ("(“Kami ...”)").
_OPENERS = frozenset({"(", "[", "{", "-", "--", "\u2013", "\u2014"})
#: Tokens after which a quotation mark counts as followed by a space ("“...”)", "“...”,").
_AFTER_CLOSE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "\u2026", "...", "-"})
_SENTENCE_END = frozenset({".", "!", "?", "\u2026", "...", "?!", "!?"})
#: Punctuation that may precede a standalone quotation (one that is a sentence of its own).
_STANDALONE_BEFORE = frozenset({".", "!", "?", ":", ",", ";", "\u2026", "...", "(", "-", "--"})
_STANDALONE_BEFORE |= {"\u2013", "\u2014"}
#: Without a cue, a quoted span needs this many words to be a quotation (shorter: scare quote).
MIN_UNCUED_WORDS = 4
#: A speech verb right before an opening mark, with no punctuation, needs this many words.
MIN_BARE_VERB_WORDS = 4
#: Reported clauses shorter than this are not indirect quotations.
MIN_INDIRECT_WORDS = 3
#: A clause straight after its verb, with neither "bahwa" nor a comma, needs this many tokens.
MIN_BARE_CLAUSE_TOKENS = 4
#: Limits that keep every search local (and the stage linear in the article length).
MAX_QUOTE_PARAGRAPHS = 8
MAX_SPEAKER_TOKENS = 18
MAX_SUBJECT_TOKENS = 16
MAX_CUE_LOOKBACK = 16
MAX_BAHWA_GAP = 8
MAX_PRONOUN_SENTENCES = 6
MAX_FALLBACK_PARAGRAPHS = 3
#: A lower-case word shaped like a meN- verb ("mengutip", "meminta"): it ends a subject.
_MEN_VERB = re.compile(r"^me(?:m|n|ng|ny|l|r|w|y)?[a-z]{3,}$")
#: A lower-case word shaped like an affixed verb ("dinaikkan", "berjalan", "terjadi").
_AFFIXED_VERB = re.compile(r"^(?:me|ber|di|ter)[a-z]{3,}$")
#: A nominalised first word ("pentingnya", "kekecewaannya"): the verb has an object, no clause.
_NOMINAL = re.compile(r"^(?:\w+annya|pentingnya)$")
#: A web domain naming an outlet ("detik.com", "kumparan.com").
_DOMAIN = re.compile(r"\w\.(?:com|co\.id|id|net|org|tv)\b", re.IGNORECASE)
_TYPE_RANK = {"PER": 0, "ORG": 1}
#: Relay words glued to the medium in scraped text ("kepadadetikSulsel", "melaluiInstagram").
_GLUED: tuple[tuple[str, str], ...] = (
    ("dikutip", "relay"),
    ("dilansir", "relay"),
    ("kepada", "addressee"),
    ("melalui", "channel"),
    ("lewat", "channel"),
    ("dari", "relay"),
)


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``lang/``, lower-cased, as the rules use them."""

    after: frozenset[str]
    verbs: frozenset[str]
    clause_verbs: frozenset[str]
    passives: frozenset[str]
    predicates: frozenset[str]
    according: frozenset[str]
    lead_cue: frozenset[str]
    titles: frozenset[str]
    ends: frozenset[str]
    boundaries: frozenset[str]
    leads: frozenset[str]
    adverbs: frozenset[str]
    negations: frozenset[str]
    modals: frozenset[str]
    nocontent: frozenset[str]
    notverbs: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    relays: tuple[tuple[str, ...], ...]
    addressees: frozenset[str]
    channels: tuple[tuple[str, ...], ...]
    media: frozenset[str]  # as written: "AP", "Tempo" (not "tempo")
    media_lower: frozenset[str]  # lower-cased: outlets' names and domains, for longer names
    platforms: frozenset[str]
    roles: frozenset[str]
    pronouns: frozenset[str]  # person and group pronouns
    clause_openers: frozenset[str]  # leads and boundaries


def _kind(rows: Sequence[tuple[str, ...]], kind: str) -> frozenset[str]:
    return frozenset(row[0].lower() for row in rows if len(row) > 1 and row[1] == kind)


def _phrases(rows: Sequence[tuple[str, ...]], kind: str) -> tuple[tuple[str, ...], ...]:
    found = {tuple(row[0].lower().split()) for row in rows if len(row) > 1 and row[1] == kind}
    return tuple(sorted(found, key=len, reverse=True))  # longest first


@cache
def lexicon() -> Lexicon:
    """The quotation lexicon, read once from the data files."""
    cues = read_table("quote_cues.tsv")
    bounds = read_table("speaker_bounds.tsv")
    pronouns = read_table("pronouns.tsv")
    relays = read_table("relays.tsv")
    outlets = read_table("outlets.tsv")
    media = {row[0] for row in relays if len(row) > 1 and row[1] == "medium"}
    media |= {row[0] for row in outlets}
    media_lower = {m.lower() for m in media} | {row[1].lower() for row in outlets if len(row) > 1}
    return Lexicon(
        after=_kind(cues, "after"),
        verbs=_kind(cues, "verb") | _kind(cues, "verb-clause"),
        clause_verbs=_kind(cues, "verb-clause"),
        passives=_kind(cues, "passive"),
        predicates=_kind(cues, "predicate"),
        according=_kind(cues, "according"),
        lead_cue=_kind(cues, "lead"),
        titles=_kind(cues, "title"),
        ends=_kind(bounds, "end"),
        boundaries=_kind(bounds, "boundary"),
        leads=_kind(bounds, "lead"),
        adverbs=_kind(bounds, "adverb"),
        negations=_kind(bounds, "negation"),
        modals=_kind(bounds, "modal"),
        nocontent=_kind(bounds, "nocontent"),
        notverbs=_kind(bounds, "notverb"),
        person_pronouns=_kind(pronouns, "person"),
        group_pronouns=_kind(pronouns, "group"),
        relays=_phrases(relays, "relay"),
        addressees=_kind(relays, "addressee"),
        channels=_phrases(relays, "channel"),
        media=frozenset(media),
        media_lower=frozenset(media_lower),
        platforms=_kind(relays, "platform"),
        roles=_role_words(),
        pronouns=_kind(pronouns, "person") | _kind(pronouns, "group"),
        clause_openers=_kind(bounds, "lead") | _kind(bounds, "boundary"),
    )


def _role_words() -> frozenset[str]:
    """First words of the roles and ranks in ``lang/titles.tsv`` (the names stage's list),
    lower-cased: a comma part that starts with one is a role, not a name ("Sri Mulyani,
    Menteri Keuangan, mengatakan"). Empty when that file is absent."""
    try:
        rows = read_table("titles.tsv")
    except FileNotFoundError:
        return frozenset()
    return frozenset(
        row[0].split()[0].lower() for row in rows if len(row) > 1 and row[1] in {"role", "rank"}
    )


# --- the token view -------------------------------------------------------------------------

#: The hash of '"', the norm that warta_hygiene gives every kind of double quotation mark.
_QUOTE_HASH = hash_string('"')


class _Tokens:
    """Plain-Python arrays of what the rules read from the Doc (one pass over the tokens)."""

    def __init__(self, doc: Doc) -> None:
        # Read once per Doc and shared with the other stages: never written here.
        table = token_table(doc)
        self.text = table.text
        self.words = table.words
        self.lower = table.lower
        self.starts = table.starts
        self.ends = table.ends
        self.space_after = [bool(sp) for sp in table.spaces]
        self.blank = [w.isspace() for w in self.words]
        # norm_ is set by warta_hygiene ("&quot;" -> '"'), so it is read from the Doc itself.
        quote = _QUOTE_HASH
        norms = doc.to_array(NORM).tolist() if table.n else []
        self.mark = [
            w in _DOUBLE_MARKS or h == quote for w, h in zip(self.words, norms, strict=True)
        ]
        self.n = len(self.words)
        self.para = [0] * self.n
        self.sent = [0] * self.n
        para = 0
        for i, word in enumerate(self.words):
            self.para[i] = para
            if "\n" in word:
                para += 1
        if doc.has_annotation("SENT_START"):
            for k, sent in enumerate(doc.sents):
                for i in range(sent.start, sent.end):
                    self.sent[i] = k
        else:
            self.sent = list(self.para)
        self.para_start: dict[int, int] = {}
        self.para_end: dict[int, int] = {}
        for i in range(self.n):
            if not self.blank[i]:
                self.para_start.setdefault(self.para[i], i)
                self.para_end[self.para[i]] = i + 1

    def word_like(self, i: int) -> bool:
        return any(ch.isalnum() for ch in self.words[i])

    def capitalised(self, i: int) -> bool:
        word = self.words[i]
        return bool(word) and (word[0].isupper() or word[0].isdigit())

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.starts[i] : self.ends[j - 1]]


# --- pairing quotation marks ------------------------------------------------------------------


@dataclass
class _Raw:
    """A paired quotation: marks, content tokens [first, last) and what it crossed."""

    open_tok: int
    close_tok: int | None
    first: int
    last: int
    reopen: list[int]
    unterminated: bool = False
    #: Character ranges left out of ``text``: reopening marks and skipped boilerplate lines.
    cuts: list[tuple[int, int]] = field(default_factory=list)
    #: A boilerplate paragraph the quotation runs across.
    skip_para: int | None = None
    #: The opening mark was left out: the quotation runs from the paragraph start to a closing
    #: mark followed by a cue ('Informasi publik ... jabatan publik," tulis Afifuddin').
    open_missing: bool = False


def _role(tk: _Tokens, i: int, is_open: bool) -> str:
    """'open' or 'close' for the quotation mark at token ``i``."""
    n = tk.n
    prev_space = i == 0 or tk.space_after[i - 1] or tk.blank[i - 1] or tk.words[i - 1] in _OPENERS
    next_space = (
        i + 1 >= n or tk.space_after[i] or tk.blank[i + 1] or tk.words[i + 1] in _AFTER_CLOSE
    )
    if prev_space and not next_space:
        return "open"
    if next_space and not prev_space:
        return "close"
    char = tk.words[i][0]
    if char in _OPEN_CHARS:
        return "open"
    if char in _CLOSE_CHARS:
        return "close"
    return "close" if is_open else "open"


def _is_boilerplate(tk: _Tokens, para: int) -> bool:
    """A capitals-only line between quote paragraphs ("SCROLL TO CONTINUE WITH CONTENT")."""
    first, last = tk.para_start.get(para), tk.para_end.get(para)
    if first is None or last is None:
        return False
    text = tk.span_text(first, last)
    return text.isupper() and not any(tk.mark[first:last])


def _pair_marks(tk: _Tokens) -> list[_Raw]:
    """Quotations found by pairing marks paragraph by paragraph (see the module docstring)."""
    by_para: dict[int, list[int]] = {}
    for i in range(tk.n):
        if tk.mark[i]:
            by_para.setdefault(tk.para[i], []).append(i)
    out: list[_Raw] = []
    carry: _Raw | None = None
    carried = 0
    paras = sorted(tk.para_start)
    for pos, para in enumerate(paras):
        if carry is not None and carry.skip_para == para:
            continue
        marks = by_para.get(para, [])
        stack: list[int] = []
        if carry is not None:
            stack.append(carry.open_tok)
        for m in marks:
            if carry is not None and carry.reopen and m == carry.reopen[-1]:
                continue  # the reopening mark of a continued paragraph
            role = _role(tk, m, bool(stack))
            if role == "open":
                stack.append(m)
                continue
            if not stack:
                if m == marks[0]:  # the paragraph's first mark closes: no opening was written
                    first = tk.para_start[para]
                    out.append(_Raw(first, m, first, m, [], open_missing=True))
                continue
            opened = stack.pop()
            if stack:
                continue  # a nested quotation closes; only outermost ones are kept
            if carry is not None and opened == carry.open_tok:
                carry.close_tok, carry.last = m, m
                out.append(carry)
                carry, carried = None, 0
            else:
                out.append(_Raw(opened, m, opened + 1, m, []))
        if not stack:
            continue
        outer = stack[0]
        raw = carry if carry is not None and carry.open_tok == outer else None
        if raw is None:
            raw = _Raw(outer, None, outer + 1, tk.para_end[para], [])
        raw.last = tk.para_end[para]
        following = _next_paragraph(tk, paras, pos)
        carry = None
        if following is not None and carried < MAX_QUOTE_PARAGRAPHS:
            start = tk.para_start[following]
            skipped = paras[pos + 1] if paras[pos + 1] != following else None
            raw.skip_para = skipped
            cut_from = tk.starts[tk.para_start[skipped]] if skipped is not None else None
            if tk.mark[start] and _role(tk, start, False) == "open":
                raw.reopen.append(start)
                raw.cuts.append((cut_from or tk.starts[start], tk.ends[start]))
                carry, carried = raw, carried + 1
                continue
            first_mark = next(iter(by_para.get(following, [])), None)
            if first_mark is not None and _role(tk, first_mark, True) == "close":
                if cut_from is not None:
                    raw.cuts.append((cut_from, tk.starts[start]))
                carry, carried = raw, carried + 1  # the reopening mark was left out
                continue
        raw.unterminated = True
        out.append(raw)
        carried = 0
    if carry is not None:  # open at the end of the text
        carry.unterminated = True
        out.append(carry)
    return out


def _next_paragraph(tk: _Tokens, paras: list[int], pos: int) -> int | None:
    for k in (pos + 1, pos + 2):
        if k < len(paras):
            if k == pos + 1 and _is_boilerplate(tk, paras[k]):
                continue
            return paras[k]
    return None


# --- speakers -----------------------------------------------------------------------------------


@dataclass
class _Speaker:
    """A speaker span [first, last) in tokens, or a pronoun."""

    first: int
    last: int
    pronoun: str | None = None  # lower-case pronoun ("ia", "nya") when the speaker is one
    parts: tuple[tuple[int, int], ...] = ()  # comma parts of a subject, for entity linking


def _speaker_after(tk: _Tokens, lx: Lexicon, i: int, apposition: bool = False) -> _Speaker | None:
    """The speaker written after a cue, from token ``i`` ("kata Tokayev dalam ..." -> Tokayev).

    With ``apposition`` (a cue after a closing quote, where the sentence ends with the speaker),
    a capitalised name after a comma joins the description before it: "ujar Founder Gerakan
    Mengajar Desa, Gardian Muhammad Abdullah, Minggu", "kata jubir KPK, Budi Prasetyo, kepada
    wartawan" -> both parts (entity linking prefers the person). Elsewhere the comma ends the
    speaker ("Menurut jaksa, Sri saat itu ...")."""
    if i >= tk.n or tk.lower[i] in lx.ends:
        return None  # "kata dalam Konferensi Pers ...": the writer left the name out
    j = _name_run(tk, lx, i)
    if j == i:
        return None
    if j - i == 1 and tk.lower[i] in lx.pronouns:
        return _Speaker(i, j, pronoun=tk.lower[i])
    if apposition and j + 1 < tk.n and tk.words[j] == "," and tk.lower[j + 1] not in lx.ends:
        k = _name_run(tk, lx, j + 1)
        closed = k >= tk.n or not tk.word_like(k) or tk.lower[k] in lx.ends
        if k > j + 1 and closed and all(tk.capitalised(x) for x in range(j + 1, k)):
            return _Speaker(i, k, parts=((j + 1, k), (i, j)))
    return _Speaker(i, j, parts=((i, j),))


def _name_run(tk: _Tokens, lx: Lexicon, i: int) -> int:
    """End of the run of name words from ``i``: up to punctuation, an ``end`` word or a verb.

    A short capitalised parenthesis inside stays ("Kepala Dinas Sosial (Dinsos) Kota Mataram");
    a date in brackets ends the run ("kata X (20/10)")."""
    j = i
    limit = min(tk.n, i + MAX_SPEAKER_TOKENS)
    while j < limit:
        low = tk.lower[j]
        if j > i and tk.words[j] == "(":
            k = j + 1
            while k < min(tk.n, j + 6) and tk.words[k] != ")" and tk.capitalised(k):
                k += 1
            inside_name = j + 1 < k < tk.n - 1 and tk.words[k] == ")" and tk.capitalised(k + 1)
            if inside_name and not tk.words[j + 1][0].isdigit():
                j = k + 1
                continue
            break
        if tk.blank[j] or tk.mark[j] or not tk.word_like(j) or (j > i and low in lx.ends):
            break
        if j > i and (low in lx.verbs or _looks_like_verb(lx, tk.words[j]) or _glued(low)):
            break
        j += 1
    return j


def _glued(low: str) -> bool:
    """A relay word glued to the next word in scraped text ("kepadadetikSulsel")."""
    return any(low.startswith(g) and len(low) > len(g) + 2 for g, _ in _GLUED)


def _verb_like(lx: Lexicon, word: str) -> bool:
    """A lower-case speech verb or affixed verb ("mendatangi", "dinaikkan", "berjalan")."""
    if not word.islower():
        return False
    return word in lx.verbs or (bool(_AFFIXED_VERB.match(word)) and word not in lx.notverbs)


def _looks_like_verb(lx: Lexicon, word: str) -> bool:
    """A lower-case word shaped like a meN- verb ("mengutip"); capitalised ones are names."""
    return bool(_MEN_VERB.match(word)) and word not in lx.notverbs


def _subject_before(tk: _Tokens, lx: Lexicon, verb: int) -> _Speaker | None:
    """The subject of the speech verb at ``verb``, looked for leftwards in its clause."""
    j = verb - 1
    while j >= 0 and tk.lower[j] in lx.adverbs and not tk.blank[j]:
        j -= 1
    if j >= 0 and (tk.lower[j] in lx.negations or tk.lower[j] in lx.modals):
        return None
    if j >= 0 and tk.lower[j] in lx.pronouns and tk.sent[j] == tk.sent[verb]:
        return _Speaker(j, j + 1, pronoun=tk.lower[j])  # "... di hari yang sama dia menyampaikan"
    if j >= 0 and tk.lower[j] == "yang":
        # "Kementerian Dalam Negeri yang mengatakan": a named head only, not "tulang punggung
        # ... yang memastikan" (a relative clause about a thing).
        j -= 1
        if j < 0 or not tk.capitalised(j):
            return None
    last = j + 1
    sent = tk.sent[verb]
    parts: list[tuple[int, int]] = []  # nearest the verb first
    part_end = last
    k = j
    while k >= 0 and last - k <= MAX_SUBJECT_TOKENS:
        if tk.blank[k] or tk.mark[k] or tk.sent[k] != sent:
            break
        if tk.words[k] == ",":
            parts.append((k + 1, part_end))
            part_end = k
        elif _ends_subject(tk, lx, k, j):
            break
        k -= 1
    parts.append((k + 1, part_end))
    trailing_comma = parts[0][0] >= parts[0][1]
    parts = [_strip_leads(tk, lx, a, b) for a, b in parts]
    parts = [(a, b) for a, b in parts if a < b]
    if not parts:
        return None
    chosen = parts[0]
    if trailing_comma and len(parts) > 1:
        # "Dmitry Peskov, juru bicara Putin, mengatakan" and "Sri Mulyani, Menteri Keuangan,
        # mengatakan": a lower-case part or one that starts with a role is an apposition.
        other = parts[1]
        if not tk.capitalised(chosen[0]) or (
            tk.lower[chosen[0]] in lx.roles and tk.lower[other[0]] not in lx.roles
        ):
            chosen = parts[1]
    first, end = chosen
    if end - first == 1 and tk.lower[first] in lx.pronouns:
        return _Speaker(first, end, pronoun=tk.lower[first])
    # Only the chosen part links to an entity: a person inside a lower-case apposition is the
    # one the role serves ("juru bicara Putin"), not the speaker.
    return _Speaker(first, end, parts=(chosen,))


def _ends_subject(tk: _Tokens, lx: Lexicon, k: int, j: int) -> bool:
    """Whether token ``k`` lies outside the subject that ends at ``j`` (searching leftwards)."""
    word, low = tk.words[k], tk.lower[k]
    if not tk.word_like(k):
        return word not in {"(", ")", "-", "."}
    if low in lx.boundaries or low in lx.verbs or low in lx.according:
        return True
    return _looks_like_verb(lx, word) or (low in lx.after and k < j)


def _strip_leads(tk: _Tokens, lx: Lexicon, a: int, b: int) -> tuple[int, int]:
    """The part without discourse adverbs before it ("Sebelumnya Dmitry Peskov")."""
    while a < b and (tk.lower[a] in lx.leads or tk.lower[a] in lx.lead_cue):
        a += 1
    while a < b and not tk.word_like(a):
        a += 1
    while b > a and not tk.word_like(b - 1) and tk.words[b - 1] != ")":
        b -= 1
    return a, b


# --- cues -----------------------------------------------------------------------------------------


@dataclass
class _Cue:
    word: int | None  # token of the cue word (None for a bare colon)
    speaker: _Speaker | None
    via_window: tuple[int, int]  # tokens where a relay or medium may be named
    used: tuple[int, ...]  # tokens the cue consumed (not to be read again as indirect speech)


def _cue_word(tk: _Tokens, lx: Lexicon, i: int) -> tuple[str, bool] | None:
    """(kind, has -nya) when token ``i`` is a cue word: 'after', 'verb' or 'according'.

    Verbs and short cues count in lower case only: a capitalised "Menulis" is part of a title
    or heading ("Hadirkan Lomba Menulis Skenario"); "Menurut" opens sentences."""
    low = tk.lower[i]
    if not tk.words[i].islower() and low[:7] != "menurut":
        return None
    for kind, words in (("after", lx.after), ("according", lx.according), ("verb", lx.verbs)):
        if low in words:
            return kind, False
        if low.endswith("nya") and low[:-3] in words:
            return kind, True
    return None


def _sentence_stop(tk: _Tokens, i: int, para: int) -> int:
    """The token where the sentence that holds ``i`` ends (exclusive), within the paragraph."""
    sent = tk.sent[i] if i < tk.n else -1
    j = i
    while j < tk.n and tk.para[j] == para and tk.sent[j] == sent and not tk.blank[j]:
        j += 1
    return j


def _cue_after(tk: _Tokens, lx: Lexicon, close: int) -> _Cue | None:
    """A cue right after the closing mark: '”, kata X', '” ujarnya', '” Purbaya menambahkan'."""
    para = tk.para[close]
    i = close + 1
    punctuated = tk.words[close - 1] in {",", ".", "!", "?", "\u2026"}
    if i < tk.n and tk.words[i] in {",", "."} and tk.para[i] == para:
        i += 1
        punctuated = True
    if i < tk.n and tk.lower[i] in lx.lead_cue:
        i += 1
    if i >= tk.n or tk.blank[i] or tk.para[i] != para:
        return None
    end = _sentence_stop(tk, i, para)
    found = _cue_word(tk, lx, i)
    if found is not None and found[0] in {"after", "according"}:
        nya = found[1]
        speaker = _speaker_after(tk, lx, i + 1, True)
        if nya and (speaker is None or speaker.pronoun or not tk.capitalised(speaker.first)):
            # "ujarnya." is a pronoun; "ujarnya Ma'mun." names the speaker all the same.
            speaker = _Speaker(i, i + 1, pronoun="nya")
        rest = speaker.last if speaker is not None else i + 1
        return _Cue(i, speaker, (rest, end), tuple(range(close, rest)))
    if found is not None and punctuated:  # a meN- verb straight after the quote: '”, menulis X'
        speaker = _speaker_after(tk, lx, i + 1)
        if speaker is not None:
            return _Cue(i, speaker, (speaker.last, end), tuple(range(close, speaker.last)))
        return None
    # Inverted: '”, Purbaya menambahkan.' / '” tambah dia' handled above.
    if not (tk.capitalised(i) or tk.lower[i] in lx.pronouns):
        return None
    speaker = _speaker_after(tk, lx, i)
    if speaker is None:
        return None
    j = speaker.last
    while j < end and tk.lower[j] in lx.adverbs:
        j += 1
    if j < end and tk.lower[j] in lx.verbs:
        return _Cue(j, speaker, (j + 1, end), tuple(range(close, j + 1)))
    return None


def _cue_before(tk: _Tokens, lx: Lexicon, opening: int, words: int) -> _Cue | None:
    """A cue right before the opening mark: 'X mengatakan, “', 'X mengatakan kepada Interfax: “',
    'Menurut X, “', 'kata X, “', 'Tokayev: “', or a paragraph ending in ':' just before."""
    j = opening - 1
    while j >= 0 and tk.blank[j]:
        j -= 1
    if j < 0:
        return None
    if tk.para[j] != tk.para[opening] and tk.words[j] != ":":
        return None
    punct = tk.words[j] in {",", ":"}
    if not punct:
        found = _cue_word(tk, lx, j)
        if found is None or found[0] != "verb" or words < MIN_BARE_VERB_WORDS:
            return None
        speaker = _subject_before(tk, lx, j)
        return _Cue(j, speaker, (j + 1, j + 1), (j,)) if speaker is not None else None
    stop = j
    k = j - 1
    sent, para = tk.sent[j], tk.para[j]
    while k >= 0 and j - k <= MAX_CUE_LOOKBACK:
        if tk.blank[k] or tk.mark[k] or tk.para[k] != para or tk.words[k] in _SENTENCE_END:
            break
        found = _cue_word(tk, lx, k)
        if found is not None:
            kind, nya = found
            if kind == "verb":
                if nya:
                    return None
                speaker = _subject_before(tk, lx, k)
                if speaker is None:
                    return None
                return _Cue(k, speaker, (k + 1, stop), tuple(range(k, stop + 1)))
            # 'Menurut X, “' / 'kata X, “': the speaker follows the cue word.
            speaker = _Speaker(k, k + 1, pronoun="nya") if nya else _speaker_after(tk, lx, k + 1)
            if speaker is None or (not nya and speaker.last < stop - 2):
                return None
            return _Cue(k, speaker, (speaker.last, stop), tuple(range(k, stop + 1)))
        k -= 1
    if tk.words[j] != ":":
        return None
    # 'Tokayev: “...”': a short name-like phrase before a colon.
    a = k + 1
    a, b = _strip_leads(tk, lx, a, stop)
    name_like = all(tk.capitalised(x) for x in range(a, b) if tk.word_like(x))
    if 0 < b - a <= 5 and name_like and (tk.sent[a] == sent or tk.para[a] == para):
        return _Cue(None, _Speaker(a, b), (b, b), tuple(range(a, stop + 1)))
    return None


def _comma_closed(tk: _Tokens, raw: _Raw) -> bool:
    """'...,” sambungya': a comma before the closing mark and a lower-case word after it is the
    cue convention even when the cue word is unknown or misspelt (the quotation still has to
    stand on its own: 'dianggap “main-main,” padahal' is a scare quote)."""
    c = raw.close_tok
    if c is None or c < 1 or c + 1 >= tk.n or tk.words[c - 1] != ",":
        return False
    return tk.words[c + 1].islower() and tk.word_like(c + 1)


def _opens_paragraph(tk: _Tokens, raw: _Raw) -> bool:
    return tk.para_start.get(tk.para[raw.open_tok]) == raw.open_tok


def _whole_paragraph(tk: _Tokens, raw: _Raw) -> bool:
    para = tk.para[raw.open_tok]
    last = raw.close_tok if raw.close_tok is not None else raw.last - 1
    return tk.para_start.get(para) == raw.open_tok and tk.para_end.get(tk.para[last]) == last + 1


def _preceded_by_title(tk: _Tokens, lx: Lexicon, opening: int) -> bool:
    j = opening - 1
    while j >= 0 and (tk.blank[j] or tk.words[j] == ":") and opening - j <= 2:
        j -= 1
    return j >= 0 and tk.lower[j] in lx.titles


def _standalone(tk: _Tokens, raw: _Raw) -> bool:
    """Whether a quotation stands as a sentence of its own rather than inside a clause."""
    j = raw.open_tok - 1
    inside = j >= 0 and not tk.blank[j] and tk.para[j] == tk.para[raw.open_tok]
    if inside and tk.words[j] not in _STANDALONE_BEFORE and not tk.mark[j]:
        return False
    if raw.close_tok is None:
        return True
    k = raw.close_tok + 1
    if k >= tk.n or tk.blank[k] or tk.para[k] != tk.para[raw.close_tok]:
        return True
    return tk.words[k] in _AFTER_CLOSE or tk.mark[k] or tk.capitalised(k) or _comma_closed(tk, raw)


# --- via ------------------------------------------------------------------------------------


def _phrase_at(tk: _Tokens, i: int, end: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` starting at token ``i`` (0 when none)."""
    for phrase in phrases:
        m = len(phrase)
        if i + m <= end and tuple(tk.lower[i : i + m]) == phrase:
            return m
    return 0


def _noun_phrase(tk: _Tokens, lx: Lexicon, i: int, end: int) -> tuple[int, int]:
    """The medium named from token ``i``: up to punctuation, an ``end`` word, "dari" (a relay of
    a relay: "dilansir detikINET dari Futurism" -> detikINET) or a verb; none when it opens with
    an ``end`` word ("dikutip Jumat (5/9)")."""
    if i < end and tk.lower[i] in lx.ends:
        return i, i
    j = i
    while j < end and j - i < MAX_SPEAKER_TOKENS:
        low = tk.lower[j]
        if tk.blank[j] or tk.mark[j] or not tk.word_like(j):
            break
        if j > i and (low in lx.ends or low == "dari" or _looks_like_verb(lx, tk.words[j])):
            break
        j += 1
    return i, j


def _is_medium(lx: Lexicon, words: Sequence[str], platforms: bool) -> bool:
    """Whether a phrase (its words as written) names a news medium, or a platform when asked."""
    text = " ".join(words)
    low = [w.lower() for w in words]
    if _DOMAIN.search(text) or any(w.startswith("detik") for w in low):
        return True
    for x in range(len(words)):
        for y in range(x + 1, min(len(words), x + 4) + 1):
            phrase = " ".join(words[x:y])
            if phrase in lx.media or (len(phrase) > 4 and phrase.lower() in lx.media_lower):
                return True
    if platforms:
        joined = " ".join(low)
        return any(p in lx.platforms for p in low) or any(
            " " in p and p in joined for p in lx.platforms
        )
    return False


def _via(tk: _Tokens, lx: Lexicon, start: int, end: int) -> str | None:
    """The medium or relay named in tokens [start, end) (see the module docstring)."""
    found: dict[str, str] = {}
    i = start
    while i < end:
        low = tk.lower[i]
        glued = next((g for g in _GLUED if low.startswith(g[0]) and len(low) > len(g[0])), None)
        if glued is not None:
            rest = tk.words[i][len(glued[0]) :]
            if rest[0].isalpha() and _is_medium(lx, [rest], platforms=True):
                found.setdefault(glued[1], rest)
            i += 1
            continue
        m = _phrase_at(tk, i, end, lx.relays)
        k = i + m
        if m and k < end and tk.lower[k].startswith("dari") and len(tk.lower[k]) > 4:
            found.setdefault("relay", tk.words[k][4:])  # "dikutip daridetikNews"
            i = k + 1
            continue
        if m:
            a, b = _noun_phrase(tk, lx, i + m, end)
            if b > a:
                found.setdefault("relay", tk.span_text(a, b))
            i = max(b, i + m)
            continue
        if low in lx.addressees:
            a, b = _noun_phrase(tk, lx, i + 1, end)
            if b > a and _is_medium(lx, tk.words[a:b], platforms=False):
                found.setdefault("addressee", tk.span_text(a, b))
            i = max(b, i + 1)
            continue
        m = _phrase_at(tk, i, end, lx.channels)
        if m:
            a, b = _noun_phrase(tk, lx, i + m, end)
            if b > a and _is_medium(lx, tk.words[a:b], platforms=True):
                found.setdefault("channel", tk.span_text(a, b))
            i = max(b, i + m)
            continue
        i += 1
    for kind in ("relay", "addressee", "channel"):
        if kind in found:
            return found[kind]
    return None


# --- entities ---------------------------------------------------------------------------------


#: Mentions longer than this are not looked for behind an overlap query's start.
_MAX_MENTION_CHARS = 200


class _Mentions:
    """Entity mentions sorted by start, for overlap look-ups and pronoun resolution."""

    def __init__(
        self,
        entities: Sequence[Entity],
        tk: _Tokens,
        lx: Lexicon,
        quoted: list[tuple[int, int]],
    ) -> None:
        items = []
        for entity in entities:
            for m in entity.mentions:
                items.append((m.start, m.end, entity, m.text))
        items.sort(key=lambda x: (x[0], x[1]))
        self.items = items
        self.starts = [x[0] for x in items]
        self.tk = tk
        self.lx = lx
        qs = sorted(quoted)
        self.persons = [
            (s, e, ent, text)
            for s, e, ent, text in items
            if ent.type == "PER" and not _inside(s, e, qs)
        ]
        self.person_starts = [x[0] for x in self.persons]
        self.subjects: dict[int, tuple[int, bool]] = {}

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Entity, str]]:
        hits = []
        k = bisect_left(self.starts, end) - 1
        while k >= 0 and self.items[k][0] > start - _MAX_MENTION_CHARS:
            if self.items[k][1] > start:
                hits.append(self.items[k])
            k -= 1
        return hits

    def best(self, start: int, end: int) -> tuple[Entity, str] | None:
        hits = self.overlapping(start, end)
        if not hits:
            return None
        best = min(hits, key=lambda x: (_TYPE_RANK.get(x[2].type, 2), -x[1]))
        return best[2], best[3]

    def antecedent(self, pos: int) -> tuple[int, int, Entity, str] | None:
        """The person a pronoun at character ``pos`` refers to (module docstring): going back
        sentence by sentence, the person named before the first verb; a sentence whose subject
        is itself a pronoun passes the search on to the one before it, and one that names
        people only after its verb gives the first of them."""
        tk = self.tk
        k = bisect_left(self.person_starts, pos)
        here = _sentence_of(tk, pos)
        by_sentence: dict[int, list[tuple[int, int, Entity, str]]] = {}
        for x in range(k - 1, -1, -1):
            item = self.persons[x]
            sent = _sentence_of(tk, item[0])
            if here - sent > MAX_PRONOUN_SENTENCES:
                break
            by_sentence.setdefault(sent, []).insert(0, item)
        for sent in range(here, here - MAX_PRONOUN_SENTENCES - 1, -1):
            verb, pronoun_subject = self._subject(sent, pos)
            named = by_sentence.get(sent, [])
            subjects = [item for item in named if item[1] <= verb]
            if subjects:
                return subjects[-1]
            if pronoun_subject or sent == here:
                continue
            if named:
                return named[0]
        return None

    def _subject(self, sent: int, limit: int) -> tuple[int, bool]:
        """(offset of the first verb-like word of sentence ``sent``, whether a person pronoun
        stands before it), looking no further than character ``limit``."""
        if sent not in self.subjects:
            tk, lx = self.tk, self.lx
            k = bisect_left(tk.sent, sent)
            verb, pronoun = tk.ends[-1], False
            while k < tk.n and tk.sent[k] == sent:
                if _verb_like(lx, tk.words[k]):
                    verb = tk.starts[k]
                    break
                pronoun = pronoun or tk.lower[k] in lx.person_pronouns
                k += 1
            self.subjects[sent] = (verb, pronoun)
        verb, pronoun = self.subjects[sent]
        return min(verb, limit), pronoun


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect_left(spans, (start + 1, -1))
    return k > 0 and spans[k - 1][0] <= start and end <= spans[k - 1][1]


def _sentence_of(tk: _Tokens, pos: int) -> int:
    k = bisect_left(tk.starts, pos + 1) - 1
    return tk.sent[max(k, 0)] if tk.n else 0


# --- assembling quotes ---------------------------------------------------------------------------


@dataclass
class _Found:
    kind: str
    start: int
    end: int
    text: str
    cue: _Cue | None
    anchor: int  # character where the cue sits, for ordering and pronoun resolution


def _content(tk: _Tokens, raw: _Raw) -> tuple[int, int, str] | None:
    text = tk.text
    start = tk.starts[raw.first] if raw.open_missing else tk.ends[raw.open_tok]
    end = tk.starts[raw.close_tok] if raw.close_tok is not None else tk.ends[raw.last - 1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if start >= end:
        return None
    pieces, cursor = [], start
    for a, b in raw.cuts:
        if start <= a and b <= end:
            pieces.append(text[cursor:a])
            cursor = b
    pieces.append(text[cursor:end])
    joined = "".join(pieces).strip()
    return (start, end, joined) if joined else None


def _direct_quotes(tk: _Tokens, lx: Lexicon) -> tuple[list[_Found], set[int]]:
    found: list[_Found] = []
    used: set[int] = set()
    for raw in _pair_marks(tk):
        content = _content(tk, raw)
        if content is None:
            continue
        start, end, text = content
        last = raw.close_tok if raw.close_tok is not None else raw.last
        words = sum(1 for i in range(raw.first, last) if tk.word_like(i) and not tk.mark[i])
        if words == 0 or (raw.unterminated and words < MIN_UNCUED_WORDS):
            continue
        after = _cue_after(tk, lx, raw.close_tok) if raw.close_tok is not None else None
        if raw.open_missing:
            if after is None:
                continue
            before = None
        else:
            before = _cue_before(tk, lx, raw.open_tok, words)
        if raw.unterminated and before is not None and before.word == raw.open_tok - 1:
            before = None  # 'menyebut "teroris ...' left open: no quotation
        cue = after or before
        if after and before and after.speaker and before.speaker and after.speaker.pronoun:
            cue = before if not before.speaker.pronoun else after
        if cue is None:
            if words < MIN_UNCUED_WORDS:
                continue
            if raw.unterminated and not (_opens_paragraph(tk, raw) and text[-1] in ".!?…"):
                continue  # an unbalanced mark inside a paragraph opens no quotation
            if not _standalone(tk, raw) or _preceded_by_title(tk, lx, raw.open_tok):
                continue
            if not (_comma_closed(tk, raw) or text[-1] in ".!?…" or _whole_paragraph(tk, raw)):
                continue  # a title in a list: seperti "Aksi Massa", "Dari Penjara ke Penjara"
        anchor = tk.starts[cue.word] if cue is not None and cue.word is not None else start
        found.append(_Found("direct", start, end, text, cue, anchor))
        used.update(range(raw.first if raw.open_missing else raw.open_tok, last + 1))
        if cue is not None:
            used.update(cue.used)
    return found, used


def _sentences(tk: _Tokens) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    for i in range(tk.n):
        if i == 0 or tk.sent[i] != tk.sent[i - 1]:
            bounds.append((i, i + 1))
        else:
            bounds[-1] = (bounds[-1][0], i + 1)
    return bounds


def _clause_end(tk: _Tokens, a: int, b: int) -> int:
    """``b`` moved left past blank tokens and final punctuation of the sentence."""
    while b > a and (tk.blank[b - 1] or tk.words[b - 1] in _SENTENCE_END):
        b -= 1
    return b


def _indirect_quotes(tk: _Tokens, lx: Lexicon, used: set[int]) -> list[_Found]:
    found: list[_Found] = []
    for s, e in _sentences(tk):
        taken: list[tuple[int, int]] = []
        end = _clause_end(tk, s, e)
        for i in range(s, end):
            if i in used or tk.blank[i] or any(a <= i < b for a, b in taken):
                continue
            cue = _cue_word(tk, lx, i)
            if cue is None:
                continue
            kind, nya = cue
            item: tuple[int, int, _Cue] | None = None
            if kind == "verb" and not nya:
                item = _indirect_verb(tk, lx, i, s, end, used)
            elif kind == "according":
                item = _indirect_according(tk, lx, i, s, end, nya, used)
            elif kind == "after" and i > s and tk.words[i - 1] == ",":
                item = _indirect_after(tk, lx, i, s, end, nya, used)
            if item is None:
                continue
            a, b, c = item
            # whitespace tokens ("kata   , menurutnya") never open or close a quotation
            while a < b and tk.blank[a]:
                a += 1
            while b > a and tk.blank[b - 1]:
                b -= 1
            if b - a <= 0 or sum(1 for x in range(a, b) if tk.word_like(x)) < MIN_INDIRECT_WORDS:
                continue
            if any(x in used for x in range(a, b)) and tk.mark[a]:
                continue  # the clause is a direct quotation: already taken
            text_start, text_end = tk.starts[a], tk.ends[b - 1]
            anchor = tk.starts[i]
            found.append(
                _Found("indirect", text_start, text_end, tk.text[text_start:text_end], c, anchor)
            )
            taken.append((min(a, i), max(b, i + 1)))
    return found


def _indirect_verb(
    tk: _Tokens, lx: Lexicon, i: int, s: int, end: int, used: set[int]
) -> tuple[int, int, _Cue] | None:
    """'X mengatakan (…) bahwa CONTENT', 'X mengatakan, CONTENT', 'X mengatakan CONTENT'."""
    speaker = _subject_before(tk, lx, i)
    if speaker is None:
        return None
    k = i + 1
    while k < end and k - i <= MAX_BAHWA_GAP:
        low = tk.lower[k]
        if tk.mark[k] or k in used or low in lx.verbs or tk.words[k] in _SENTENCE_END:
            break
        if low == "bahwa":
            if k + 1 < end and tk.mark[k + 1]:
                return None
            return k + 1, end, _Cue(i, speaker, (i + 1, k), ())
        k += 1
    k = i + 1
    # an adjunct, then a comma: "mengatakan kepada wartawan di Jakarta, ..."
    while k < end and k - i <= MAX_BAHWA_GAP and tk.words[k] != ",":
        if tk.mark[k] or tk.words[k] in _SENTENCE_END or (k > i + 1 and tk.lower[k] in lx.verbs):
            k = end
            break
        k += 1
    if i + 1 >= end:
        return None
    adjunct = k == i + 1 or tk.lower[i + 1] in lx.nocontent or _is_date_adjunct(tk, i + 1)
    if k < end and tk.words[k] == "," and adjunct:
        if k + 1 < end and tk.mark[k + 1]:
            return None
        before = speaker.first - 1
        if k == i + 1 and before > s and tk.words[before] == "," and before not in used:
            # "RSUP Prof Ngoerah, dia melanjutkan, berupaya ...": a parenthetical cue.
            return _strip_leads(tk, lx, s, before)[0], end, _Cue(i, speaker, (k, k), ())
        return k + 1, end, _Cue(i, speaker, (i + 1, k), ())
    if tk.lower[i] in lx.clause_verbs:
        return None
    if tk.lower[i + 1] in lx.nocontent or tk.mark[i + 1] or not tk.word_like(i + 1):
        return None
    if end - (i + 1) < MIN_BARE_CLAUSE_TOKENS or not _is_clause(tk, lx, i + 1, end):
        return None
    return i + 1, end, _Cue(i, speaker, (i + 1, i + 1), ())


def _is_clause(tk: _Tokens, lx: Lexicon, a: int, end: int) -> bool:
    """Whether tokens from ``a`` read as a clause rather than a plain object: no nominalised
    first word ("pentingnya ..."), and a predicate within the first words."""
    if _NOMINAL.match(tk.lower[a]):
        return False
    for k in range(a, min(end, a + 12)):
        low, word = tk.lower[k], tk.words[k]
        if k > a and tk.lower[k - 1] == "yang":
            continue  # a relative clause inside an object ("pertanyaan ... yang dipegangnya")
        if low in lx.predicates or _verb_like(lx, word):
            return True
    return False


def _is_date_adjunct(tk: _Tokens, i: int) -> bool:
    return tk.lower[i] in {"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"}


def _indirect_according(
    tk: _Tokens, lx: Lexicon, i: int, s: int, end: int, nya: bool, used: set[int]
) -> tuple[int, int, _Cue] | None:
    """'Menurut X, CONTENT' / 'Menurutnya, CONTENT' / 'CONTENT, menurut X.'"""
    speaker = _Speaker(i, i + 1, pronoun="nya") if nya else _speaker_after(tk, lx, i + 1)
    if speaker is None:
        return None
    tail = speaker.last
    before = i - 1
    while before >= s and (tk.words[before] == "," or tk.lower[before] in lx.clause_openers):
        before -= 1
    if before < s:  # the clause opens with "menurut"
        if tail < end and tk.words[tail] == ",":
            return tail + 1, end, _Cue(i, speaker, (tail, tail), ())
        return None
    if tk.words[i - 1] == ",":
        a = _strip_leads(tk, lx, s, i - 1)[0]
        return a, _content_end(tk, i - 1, tail, end), _Cue(i, speaker, (tail, end), ())
    return None


def _content_end(tk: _Tokens, comma: int, tail: int, end: int) -> int:
    """Where the reported clause before a mid-sentence cue ends: at the cue's comma, or at the
    sentence end when the cue is a parenthesis ("Jangan sampai, kata dia, kecelakaan ...")."""
    rest = sum(1 for x in range(tail + 1, end) if tk.word_like(x))
    if tail < end and tk.words[tail] == "," and rest >= MIN_INDIRECT_WORDS:
        return end
    return comma


def _indirect_after(
    tk: _Tokens, lx: Lexicon, i: int, s: int, end: int, nya: bool, used: set[int]
) -> tuple[int, int, _Cue] | None:
    """'CONTENT, kata X.' without quotation marks ("Delapan orang tewas, kata polisi.")."""
    if nya:
        speaker: _Speaker | None = _Speaker(i, i + 1, pronoun="nya")
        tail = i + 1
    else:
        speaker = _speaker_after(tk, lx, i + 1)
        if speaker is None:
            return None
        tail = speaker.last
        # "..., kata polisi." names a lower-case speaker only right before the sentence end.
        named = tk.capitalised(speaker.first) or speaker.pronoun is not None
        if not named and (tail < end or tail - speaker.first > 3):
            return None
    if tail < end and tk.lower[tail] not in lx.ends and tk.words[tail] != ",":
        return None
    if any(x in used for x in range(s, i)):
        return None
    a = _strip_leads(tk, lx, s, i - 1)[0]
    return a, _content_end(tk, i - 1, tail, end), _Cue(i, speaker, (tail, end), ())


@dataclass
class _Named:
    """The last explicitly named speaker, for pronouns that no entity resolves."""

    text: str
    entity: str | None
    para: int
    anchor: int  # character where its cue or pronoun sits


def _resolve(
    tk: _Tokens,
    lx: Lexicon,
    found: list[_Found],
    entities: Sequence[Entity] | None,
    missing: list[list[tuple[int, int]]] | None = None,
) -> list[Quote]:
    """Records for the quotations found, in text order, with speakers linked and resolved.
    A named speaker that no entity covers has its spans (character offsets, the comma parts
    of a subject in order) appended to ``missing``."""
    quoted = sorted((f.start, f.end) for f in found if f.kind == "direct")
    mentions = _Mentions(entities, tk, lx, quoted) if entities is not None else None
    quotes: list[Quote] = []
    named: _Named | None = None
    for f in sorted(found, key=lambda x: x.anchor):
        cue = f.cue
        speaker_id = speaker_text = cue_text = via = None
        if cue is not None:
            cue_text = tk.words[cue.word] if cue.word is not None else None
            if cue.via_window[1] > cue.via_window[0]:
                via = _via(tk, lx, *cue.via_window)
            sp = cue.speaker
            if sp is not None and sp.pronoun is not None:
                speaker_id, speaker_text, named = _resolve_pronoun(tk, lx, sp, mentions, named)
            elif sp is not None:
                speaker_id, speaker_text = _link(tk, sp, mentions)
                if speaker_id is None and missing is not None and mentions is not None:
                    missing.append(
                        [
                            (tk.starts[a], tk.ends[b - 1])
                            for a, b in sp.parts or ((sp.first, sp.last),)
                        ]
                    )
                if speaker_id is not None or tk.capitalised(sp.first):
                    named = _Named(speaker_text, speaker_id, tk.para[sp.first], f.anchor)
        quotes.append(
            Quote(
                kind="direct" if f.kind == "direct" else "indirect",
                text=f.text,
                start=f.start,
                end=f.end,
                speaker=speaker_id,
                speaker_text=speaker_text,
                cue=cue_text,
                via=via,
            )
        )
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _link(tk: _Tokens, sp: _Speaker, mentions: _Mentions | None) -> tuple[str | None, str]:
    """(entity id or None, speaker text) for a named speaker span."""
    text = tk.span_text(sp.first, sp.last)
    if mentions is None:
        return None, text
    hit: tuple[Entity, str] | None = None
    for a, b in sp.parts or ((sp.first, sp.last),):
        cand = mentions.best(tk.starts[a], tk.ends[b - 1])
        if cand is not None and (hit is None or (cand[0].type == "PER" != hit[0].type)):
            hit = cand
            if len(sp.parts) > 1:
                text = tk.span_text(a, b)  # the comma part that names the entity
    return (hit[0].id if hit is not None else None), text


def _resolve_pronoun(
    tk: _Tokens,
    lx: Lexicon,
    sp: _Speaker,
    mentions: _Mentions | None,
    named: _Named | None,
) -> tuple[str | None, str, _Named | None]:
    """(entity id, speaker text, last named speaker) for a pronoun speaker."""
    written = tk.words[sp.first][-3:] if sp.pronoun == "nya" else tk.words[sp.first]
    if sp.pronoun not in lx.person_pronouns:
        return None, written, named
    para, pos = tk.para[sp.first], tk.starts[sp.first]
    if mentions is not None:
        hit = mentions.antecedent(pos)
        last = named
        if last is not None and _adjacent(tk, last.para, para):
            taken_over = hit is not None and _introduced(tk, lx, hit[0], last.anchor, para)
            if not taken_over:
                # "Menurut Harryo, ... Riky berutang pada tersangka.\n“...,” jelasnya.": the
                # speaker of the last quotation goes on.
                return last.entity, last.text, _Named(last.text, last.entity, para, pos)
        if hit is not None:
            return hit[2].id, hit[3], _Named(hit[3], hit[2].id, para, pos)
    if named is not None and para - named.para <= MAX_FALLBACK_PARAGRAPHS:
        # "“...,” ujarnya." after "“...,” kata Purbaya.": the chain of pronouns goes on.
        return named.entity, named.text, _Named(named.text, named.entity, para, pos)
    return None, written, named


def _introduced(tk: _Tokens, lx: Lexicon, mention: int, after: int, para: int) -> bool:
    """Whether a person named at character ``mention`` takes over from the last speaker (whose
    cue sits at ``after``): named later, and either in the pronoun's own paragraph or as the one
    who speaks in their sentence ("Hal senada diungkapkan Sekretaris Kementerian Pariwisata Bayu
    Aji", "X mengatakan hal itu"), not as a mere subject ("Ridwan Kamil melaporkan Lisa")."""
    if mention <= after:
        return False
    k = bisect_left(tk.starts, mention)
    if k >= tk.n or tk.para[k] == para:
        return True
    sent = tk.sent[k]
    v = bisect_left(tk.sent, sent)
    while v < tk.n and tk.sent[v] == sent:
        low = tk.lower[v]
        if low in lx.passives and v < k:
            return True
        if low in lx.verbs and low not in lx.clause_verbs and v > k:
            subject = _subject_before(tk, lx, v)
            if subject is not None and subject.first <= k < subject.last:
                return True
        v += 1
    return False


def _adjacent(tk: _Tokens, earlier: int, para: int) -> bool:
    """Whether paragraph ``earlier`` is ``para`` or the one before it (blank and boilerplate
    lines between do not count)."""
    for between in range(earlier + 1, para):
        if between in tk.para_start and not _is_boilerplate(tk, between):
            return False
    return earlier <= para


def extract_quotes(
    doc: Doc,
    entities: Sequence[Entity] | None = None,
    missing: list[list[tuple[int, int]]] | None = None,
) -> list[Quote]:
    """The quotations of ``doc`` with speakers linked to ``entities`` (None: no linking).

    A pure function of the Doc's tokens and sentences, so tests and other tools can call it
    with entities of their own. ``missing``, if given, receives the character spans of named
    speakers that no entity covers (see :func:`find_quotes`).
    """
    tk = _Tokens(doc)
    if tk.n == 0:
        return []
    lx = lexicon()
    direct, used = _direct_quotes(tk, lx)
    indirect = _indirect_quotes(tk, lx, used)
    spans = sorted((f.start, f.end) for f in direct)
    indirect = [f for f in indirect if not _overlaps(f.start, f.end, spans)]
    return _resolve(tk, lx, direct + indirect, entities, missing)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, k - 2) : k])


@Language.component("warta_quotes")
def find_quotes(doc: Doc) -> Doc:
    """Direct and indirect quotations with speaker, cue and relay, onto ``doc._.quotes``.

    Input: a Doc after ``warta_sentences`` (and ``warta_names``, whose ``doc._.entities`` give
    the speakers' entity ids). Output: the same Doc with ``doc._.quotes`` a list of
    :class:`~warta.record.Quote`, e.g. "“Almaty diserang ...,” kata Tokayev dalam pidato
    televisi keduanya seperti dikutip TheGuardian" -> direct quote "Almaty diserang ...",
    speaker_text "Tokayev", cue "kata", via "TheGuardian".
    """
    missing: list[list[tuple[int, int]]] = []
    quotes = extract_quotes(doc, doc._.entities, missing)
    # Speakers the NER missed ("Sebelumnya Dmitry Peskov, juru bicara Putin, mengatakan"):
    # the names stage links each to an entity, or makes one; the quotes are then read again so
    # that pronoun speakers after them resolve too.
    linked = False
    for parts in missing:
        for start, end in parts:
            if link_speaker(doc, start, end) is not None:
                linked = True
                break
    if linked:
        quotes = extract_quotes(doc, doc._.entities)
    skip = doc._.boilerplate or []
    if skip:
        # a quotation may run across an ad break; one inside a promotion line is not news
        quotes = [q for q in quotes if not within_any(q.start, q.end, skip)]
    doc._.quotes = quotes
    return doc
