"""warta_events: PLOVER events on real sentences of the Detik corpus (read in place at test time).

Each corpus test finds its sentence in ``../shared/data/news/detik_1000_train80.csv`` by a phrase
it contains, runs the full pipeline on that sentence alone and checks the events. Sentences
written here (not from the corpus) are marked as such.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import warta
from conftest import GOLD_DIR, need
from warta.components.events import EventFinder
from warta.events_lexicon import PLOVER_TYPES, lexicon, stem, voice
from warta.lang import read_table
from warta.record import Event


def sentence_with(rows: list[dict[str, str]], phrase: str) -> str:
    """The first corpus sentence that contains ``phrase`` (a regular expression)."""
    rx = re.compile(phrase)
    for row in rows:
        text = row["isi_berita"]
        m = rx.search(text)
        if m is None:
            continue
        start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = text.find(".", m.end())
        return text[start : len(text) if end < 0 else end + 1].strip()
    pytest.skip(f"no corpus sentence contains {phrase!r}")


def events_of(nlp: warta.Pipeline, text: str) -> list[Event]:
    return nlp.extract(text, published="2025-10-21").events


def only(events: list[Event], etype: str) -> Event:
    hits = [e for e in events if e.type == etype]
    assert len(hits) == 1, [(e.type, e.trigger.text) for e in events]
    return hits[0]


def text_of(arg: Any) -> str:
    return "" if arg is None else arg.text


# ---- the lexicon ---------------------------------------------------------------------------------


def test_every_plover_type_has_a_trigger() -> None:
    types = {row[1] for row in read_table("event_triggers.tsv")}
    assert types == PLOVER_TYPES


def test_every_lexicon_row_says_where_it_comes_from() -> None:
    for name, columns in (
        ("event_triggers.tsv", 8),
        ("event_blockers.tsv", 4),
        ("event_modes.tsv", 4),
        ("event_actors.tsv", 2),
        ("event_instruments.tsv", 2),
    ):
        for row in read_table(name):
            assert len(row) >= columns and row[columns - 1], (name, row)


@pytest.mark.parametrize(
    ("word", "root", "expected"),
    [
        ("menyerang", "serang", "me"),
        ("diserang", "serang", "di"),
        ("penyerangan", "serang", "pen"),
        ("serangan", "serang", "an"),
        ("serangannya", "serang", "an"),
        ("penyerang", "serang", "agent"),
        ("pertemuan", "temu", "per"),
        ("kerusuhan", "rusuh", "ke"),
        ("berunding", "runding", "ber"),
        ("terbakar", "bakar", "ter"),
        ("demo", "demo", "bare"),
    ],
)
def test_voice_from_the_affix(word: str, root: str, expected: str) -> None:
    assert stem(word) == root
    assert voice(word, root) == expected


def test_stemmer_slips_are_listed_forms() -> None:
    lx = lexicon()
    # Sastrawi gives "tari" (dance) and "ban" (tyre); the table maps the forms back.
    assert lx.roots_of("penarikan")[0] == "tarik"
    assert lx.roots_of("menyetujui")[0] == "setuju"


# ---- event types, voices and arguments on corpus sentences ---------------------------------------


def test_assault_active(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Israel kembali menyerang Palestina")
    ev = only(events_of(nlp, s), "ASSAULT")
    assert ev.trigger.text == "menyerang"
    assert text_of(ev.actor) == "Israel" and text_of(ev.target) == "Palestina"
    assert ev.cameo == "190"


def test_assault_passive_agent_without_oleh(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"ditembak polisi saat ditangkap")
    ev = only(events_of(nlp, s), "ASSAULT")
    assert ev.trigger.text == "ditembak"
    assert text_of(ev.actor) == "polisi"
    assert text_of(ev.target).startswith("Seorang pria")


def test_assault_nominal_after_light_verb(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"melakukan penyerangan dan pembunuhan terhadap warga sipil")
    assaults = [e for e in events_of(nlp, s) if e.type == "ASSAULT"]
    assert assaults, s
    assert any(text_of(e.actor) == "Israel" for e in assaults)
    assert all(text_of(e.target) == "warga sipil" for e in assaults)


def test_status_after_passive_is_no_agent(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    """In "X ditetapkan (sebagai) tersangka", "tersangka" is the status given, not who gave it."""
    s = sentence_with(news_rows, r"pelaku penganiayaan berinisial SR resmi ditetapkan sebagai")
    ev = only(events_of(nlp, s), "COERCE")
    assert ev.actor is None
    assert text_of(ev.target).startswith("pelaku penganiayaan")
    s = sentence_with(news_rows, r"pihak-pihak yang ditetapkan tersangka")
    assert all(text_of(ev.actor) != "tersangka" for ev in events_of(nlp, s))


def test_relative_pronoun_subject_is_its_noun(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    """ "pihak-pihak yang ditetapkan tersangka": the parties, not "yang", are the target."""
    s = sentence_with(news_rows, r"Untuk pihak-pihak yang ditetapkan tersangka")
    for ev in events_of(nlp, s):
        assert text_of(ev.target).lower() not in ("yang", "tersangka"), ev
        assert text_of(ev.actor).lower() != "tersangka", ev


def test_plural_retelling_merges() -> None:
    """The same parties named with and without reduplication are one argument key."""
    from warta.components.events import _key
    from warta.record import Argument

    assert _key(Argument(text="pihak-pihak")) == _key(Argument(text="pihak"))
    assert _key(Argument(text="para demonstran")) == _key(Argument(text="demonstran"))
    assert _key(Argument(text="negara-negara Barat")) == _key(Argument(text="negara Barat"))
    assert _key(Argument(text="polisi")) != _key(Argument(text="pihak"))


def test_what_an_attack_fires_is_not_its_target(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"telah menembakkan peluru")
    ev = only(events_of(nlp, s), "ASSAULT")
    assert ev.trigger.text == "menembakkan"
    assert text_of(ev.target) != "peluru" and text_of(ev.actor) == "seorang polisi"


def test_relative_clause_after_a_comma_keeps_its_noun(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"polisi tersebut, yang diserang oleh massa")
    ev = only(events_of(nlp, s), "ASSAULT")
    assert text_of(ev.actor) == "massa" and text_of(ev.target) == "polisi tersebut"


def test_sentence_adverb_in_nya_is_no_subject(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"Misalnya, soal seorang narapidana")
    for ev in events_of(nlp, s):
        assert "Misalnya" not in (text_of(ev.actor), text_of(ev.target)), ev


@pytest.mark.parametrize(
    ("phrase", "speaker"),
    [
        (r'"Kami minta ketua umum parpol[^"]*," kata Nazaruddin', "Nazaruddin"),
        (r'"Kami berkoordinasi dengan Bu Menteri Keuangan[^"]*," imbuh Perry', "Perry"),
    ],
)
def test_first_person_in_a_quote_is_its_speaker(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]], phrase: str, speaker: str
) -> None:
    rx = re.compile(phrase)
    text = next((m.group(0) for r in news_rows if (m := rx.search(r["isi_berita"]))), None)
    if text is None:
        pytest.skip(f"no corpus text matches {phrase!r}")
    actors = [text_of(ev.actor) for ev in events_of(nlp, text + ".")]
    assert actors and all(a.startswith(speaker) for a in actors[:1]), actors


def test_burning_tyres_in_a_protest_is_no_assault(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"Mereka membakar ban bekas sambil berorasi")
    assert not [ev for ev in events_of(nlp, s) if ev.type == "ASSAULT"]


def test_a_noun_after_tanpa_tells_no_act(nlp: warta.Pipeline) -> None:
    # written here
    for text in (
        "Aksi itu berlangsung tanpa kekerasan.",
        "Anggaran dipakai tanpa persetujuan DPRD.",
    ):
        assert events_of(nlp, text) == [], text


def test_questioning_a_person_is_an_investigation(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"diperiksa sebagai saksi")
    ev = only(events_of(nlp, s), "ACCUSE")
    assert ev.trigger.text == "diperiksa"
    # a health check is no event (written here)
    assert events_of(nlp, "Petugas memeriksa kesehatan warga di posko.") == []


def test_a_walk_out_is_a_protest(nlp: warta.Pipeline) -> None:
    # written here, in the wording of parliament reports
    ev = only(
        events_of(nlp, "Fraksi Partai Golkar melakukan walk out dari rapat paripurna."), "PROTEST"
    )
    assert text_of(ev.actor) == "Fraksi Partai Golkar"


def test_two_joined_subjects_are_one_party(nlp: warta.Pipeline) -> None:
    # written here: "X dan Y menandatangani" is no second clause with Y for subject
    ev = only(
        events_of(nlp, "Indonesia dan Papua Nugini menandatangani empat nota kesepahaman."),
        "AGREE",
    )
    assert text_of(ev.actor).startswith("Indonesia")


def test_question_words_and_interjections_are_no_parties(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"Apakah dapat diterima dan disetujui perubahan ketiga")
    for ev in events_of(nlp, s):
        assert "Apakah" not in (text_of(ev.actor), text_of(ev.target)), ev
    s = sentence_with(news_rows, r"Tapi alhamdulillah pemerintah Arab Saudi")
    ev = only(events_of(nlp, s), "AGREE")
    assert text_of(ev.actor) == "pemerintah Arab Saudi"


def test_dari_after_a_nominal_trigger_names_the_actor(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"merupakan permintaan langsung dari pemerintah Arab Saudi")
    ev = only(events_of(nlp, s), "REQUEST")
    assert text_of(ev.actor) == "pemerintah Arab Saudi" and ev.target is None


def test_an_agreement_made_has_the_maker_for_actor(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"telah membuat kesepakatan dengan Agus Hananto")
    evs = [ev for ev in events_of(nlp, s) if ev.type == "AGREE"]
    assert evs and evs[0].actor is not None and "Nasori" in text_of(evs[0].actor)


def test_a_kind_word_after_a_nominal_trigger_is_no_party(nlp: warta.Pipeline) -> None:
    # written here: "dagang" says what kind of agreement; the light verb's subject made it
    ev = only(events_of(nlp, "Kedua negara mencapai kesepakatan dagang."), "AGREE")
    assert text_of(ev.actor) == "Kedua negara" and ev.target is None


def test_coerce_active_and_place(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"polisi menangkap Suhendra")
    ev = only(events_of(nlp, s), "COERCE")
    assert text_of(ev.actor) == "polisi" and text_of(ev.target) == "Suhendra"
    assert ev.where is not None and "Cilincing" in ev.where.text


def test_active_mengamankan_is_an_arrest_only_of_people(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"Petugas mengamankan seorang perempuan")
    ev = only(events_of(nlp, s), "COERCE")
    assert text_of(ev.actor) == "Petugas" and text_of(ev.target).startswith("seorang perempuan")
    for securing in (r"polisi mengamankan barang bukti", r"untuk mengamankan kejaksaan"):
        s = sentence_with(news_rows, securing)
        assert not [e for e in events_of(nlp, s) if "amankan" in e.trigger.text], s


def test_active_menahan_detains_people_and_holds_back_rates(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"KPK juga telah menahan tiga tersangka")
    ev = only(events_of(nlp, s), "COERCE")
    assert text_of(ev.actor) == "KPK" and text_of(ev.target) == "tiga tersangka"
    s = sentence_with(news_rows, r"The Fed menahan suku bunga di level")
    assert not [e for e in events_of(nlp, s) if e.trigger.text == "menahan"]


def test_naming_a_suspect_with_a_long_name_between(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"menetapkan Direktur Utama PT Loco Montrado, Siman Bahar")
    ev = only(events_of(nlp, s), "COERCE")
    assert ev.trigger.text == "menetapkan"


def test_the_second_word_of_a_trigger_is_no_target(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"ribuan warga Peru turun ke jalanan")
    found = [e for e in events_of(nlp, s) if e.trigger.text == "berunjuk rasa"]
    assert found and all(e.type == "PROTEST" and e.target is None for e in found)


def test_football_attacks_and_urgent_needs_are_no_events(nlp: warta.Pipeline) -> None:
    # Written for the test: a football report and a disaster report.
    match = (
        "Persib menang 2-1 dalam laga pekan ke-12. Persib terus membangun serangan dari sisi "
        "sayap. Pelatih Persib puas dengan hasil itu."
    )
    assert not [e for e in events_of(nlp, match) if e.type == "ASSAULT"]
    need = "Kebutuhan paling mendesak saat ini adalah selimut dan air bersih bagi warga."
    assert not [e for e in events_of(nlp, need) if e.type == "REQUEST"]


def test_the_action_a_request_asks_for_is_not_an_event(nlp: warta.Pipeline) -> None:
    # Written for the test.
    events = events_of(nlp, "Mahasiswa mendesak KPK menangkap pelaku korupsi itu.")
    assert [e.type for e in events] == ["REQUEST"]
    # an apology is no request: what follows it happened
    events = events_of(nlp, "Kapolres meminta maaf atas penangkapan warga itu oleh polisi.")
    assert "CONCEDE" in [e.type for e in events]


def test_coerce_passive_and_subordinate_clause(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"akhirnya ditangkap usai melakukan pembunuhan")
    events = events_of(nlp, s)
    arrest = only(events, "COERCE")
    assert text_of(arrest.target).startswith("Erwin")
    killing = only(events, "ASSAULT")
    assert text_of(killing.target).startswith("Riky Saputra")
    assert text_of(killing.actor).startswith("Erwin")


def test_protest_quantified_group_after_speech_verb(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"100\.000 orang telah berkumpul untuk berunjuk rasa")
    ev = only(events_of(nlp, s), "PROTEST")
    assert ev.trigger.text == "berunjuk rasa"
    assert "100.000 orang" in text_of(ev.actor)


def test_protest_pronoun_actor_resolved(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"saat ia berdemo di Broadway")
    ev = only(events_of(nlp, s), "PROTEST")
    assert ev.actor is not None and "Colleen Hoffman" in ev.actor.text
    assert ev.actor.entity is not None
    assert ev.mode == "asserted"


def test_request_with_recipient(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"sudah meminta staf untuk mengonfirmasi")
    ev = only(events_of(nlp, s), "REQUEST")
    assert "Saharuddin" in text_of(ev.actor)
    assert text_of(ev.target) == "staf"


def test_apology_is_concede_not_request(
    nlp: warta.Pipeline, news_rows: list[dict[str, str]]
) -> None:
    s = sentence_with(news_rows, r"Kapolrestabes Medan pun meminta maaf")
    events = events_of(nlp, s)
    assert only(events, "CONCEDE").trigger.text == "meminta maaf"
    assert not [e for e in events if e.type == "REQUEST"]


def test_agree_signing(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Danone Indonesia menandatangani kesepahaman")
    ev = only(events_of(nlp, s), "AGREE")
    assert text_of(ev.actor) == "Danone Indonesia"
    assert "Indonesia Trade Promotion Center" in text_of(ev.target)


def test_aid_distribution(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Pemerintah kembali menyalurkan bantuan tunai")
    ev = only(events_of(nlp, s), "AID")
    assert text_of(ev.actor) == "Pemerintah" and text_of(ev.target) == "masyarakat"


def test_consult_meeting(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Jokowi sempat bertemu dengan para elite PSI")
    ev = only(events_of(nlp, s), "CONSULT")
    assert text_of(ev.actor) == "Jokowi" and text_of(ev.target) == "para elite PSI"


def test_cooperate(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Pemerintah juga bekerja sama dengan Bulog")
    ev = only(events_of(nlp, s), "COOPERATE")
    assert ev.trigger.text == "bekerja sama"
    assert text_of(ev.target).startswith("Bulog")


def test_mobilize(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"dengan mengerahkan 4 excavator")
    ev = only(events_of(nlp, s), "MOBILIZE")
    assert "Kementerian PU" in text_of(ev.actor)


def test_sanction(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"DKPP menjatuhkan sanksi peringatan keras")
    ev = only(events_of(nlp, s), "SANCTION")
    assert text_of(ev.actor) == "DKPP"
    assert ev.target is not None


def test_threaten(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"sempat mengancam negara-negara")
    ev = only(events_of(nlp, s), "THREATEN")
    assert "Amran" in text_of(ev.actor)


def test_accuse(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Lisa menuding RK")
    ev = only(events_of(nlp, s), "ACCUSE")
    assert text_of(ev.actor) == "Lisa" and text_of(ev.target) == "RK"


def test_reject_negated_and_asserted(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Kami tidak menolak perubahan")
    rejects = [e for e in events_of(nlp, s) if e.type == "REJECT"]
    assert [text_of(e.target) for e in rejects][:2] == ["perubahan", "proses"]
    assert rejects[0].mode == "negated"
    assert rejects[1].mode != "negated"


def test_retreat_written_sentence(nlp: warta.Pipeline) -> None:
    # Written here: the corpus has no withdrawal of troops.
    ev = only(events_of(nlp, "Rusia menarik pasukan dari perbatasan Ukraina."), "RETREAT")
    assert text_of(ev.actor) == "Rusia"


# ---- modes ---------------------------------------------------------------------------------------


def test_planned(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"KPK juga akan meminta pertanggungjawaban")
    ev = only(events_of(nlp, s), "REQUEST")
    assert ev.mode == "planned" and text_of(ev.actor) == "KPK"


def test_reported_by_menurut(nlp: warta.Pipeline) -> None:
    # Written here, after the corpus pattern "Menurut X, ..." (rows 255, 295).
    ev = only(events_of(nlp, "Menurut polisi, massa menyerang pos keamanan di Wamena."), "ASSAULT")
    assert ev.mode == "reported" and text_of(ev.actor) == "massa"


def test_reported_after_diberitakan(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Diberitakan sebelumnya, Hanif Faisol Nurofiq menyegel")
    ev = only(events_of(nlp, s), "COERCE")
    assert ev.mode == "reported"
    assert text_of(ev.actor) == "Hanif Faisol Nurofiq"


def test_unverified_alleged(nlp: warta.Pipeline) -> None:
    # Written here, in the crime-report style of the corpus ("pelaku diduga ...").
    ev = only(events_of(nlp, "Seorang guru diduga menganiaya muridnya di Bantaeng."), "ASSAULT")
    assert ev.mode == "unverified"


def test_condition_is_no_event(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    s = sentence_with(news_rows, r"Jika uang tersebut tidak diberikan, pelaku mengancam")
    assert events_of(nlp, s) == []


def test_planned_cue_is_not_an_agree_event(nlp: warta.Pipeline) -> None:
    # Written here, after the gold article's lead ("setuju untuk mengirim pasukan").
    events = events_of(
        nlp, "Para menteri setuju untuk mengirim bantuan logistik ke Palu, Sulawesi Tengah."
    )
    assert [e.type for e in events] == ["AID"]
    assert events[0].mode == "planned"
    assert text_of(events[0].target) == "Palu"


# ---- words that look like triggers but are no event ----------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        r"risiko serangan jantung",  # heart attack
        r"ekspor bahan bakar minyak",  # fuel
        r"banyak motor mogok",  # a stalled motorbike, no strike
        r"tembakan akurat ke pojok kanan gawang",  # a shot at goal
        r"Bola tembakan Riccardo Callafiori",  # a shot at goal
        r"kawasan industri Cikande, Kabupaten Serang",  # the regency of Serang
        r"untuk membantu",  # helping is too general to be AID
    ],
)
def test_non_event_uses(nlp: warta.Pipeline, news_rows: list[dict[str, str]], phrase: str) -> None:
    s = sentence_with(news_rows, phrase)
    bad = [
        e
        for e in events_of(nlp, s)
        if e.trigger.text.lower()
        in ("serangan", "bakar", "mogok", "tembakan", "serang", "membantu")
    ]
    assert bad == [], s


def test_agent_nouns_are_no_events(nlp: warta.Pipeline) -> None:
    # Written here: "pengunjuk rasa" and "penyerang" name the actors.
    events = events_of(nlp, "Para pengunjuk rasa dan penyerang itu pulang ke rumah.")
    assert events == []


# ---- record, counts, dates, speed guard ----------------------------------------------------------


def test_when_and_count_ties(nlp: warta.Pipeline) -> None:
    # Written here, in the style of a Detik crime report.
    text = (
        "Polisi menangkap tiga pelaku penganiayaan di Palembang pada Senin (20/10/2025). "
        "Mereka kini ditahan."
    )
    doc = nlp.annotate(text, published="2025-10-22")
    events = doc._.events
    arrest = next(e for e in events if e.type == "COERCE")
    assert arrest.when == "2025-10-20"
    tied = doc._.event_counts[events.index(arrest)]
    kinds = {doc._.counts[i].kind for i in tied}
    assert kinds <= {"ARRESTED", "INJURED", "KILLED", "OTHER"}
    later = [e for e in events if e.sentence == 1]
    assert all(e.when == "2025-10-22" for e in later)


def test_events_fit_the_record(nlp: warta.Pipeline, news_rows: list[dict[str, str]]) -> None:
    for row in news_rows[:25]:
        article = nlp.extract(row["isi_berita"])
        for ev in article.events:
            assert ev.type in PLOVER_TYPES
            assert article.text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
            sent = article.sentences[ev.sentence]
            assert sent.start <= ev.trigger.start < ev.trigger.end <= sent.end
            ids = {e.id for e in article.entities}
            for arg in (ev.actor, ev.target, ev.where):
                assert arg is None or arg.entity is None or arg.entity in ids
        warta.record.Article.from_dict(article.to_dict())


def test_finder_without_triggers_is_empty(nlp: warta.Pipeline) -> None:
    doc = nlp.annotate("Harga cabai merah naik di pasar tradisional.")
    assert EventFinder().find(doc) == ([], [])


def test_parser_relations_are_used(nlp: warta.Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a parse (faked here), nsubj:pass and obl+"oleh" give target and actor."""
    import warta.syntax as syntax

    text = "Kantor itu dibakar kemarin oleh sekelompok orang."  # written here
    doc = nlp.nlp.make_doc(text)
    idx = {t.text: t.i for t in doc}

    def fake(doc_: Any, spans: Any, **_: Any) -> dict[int, syntax.Parsed]:
        v = idx["dibakar"]
        rel = {
            idx["Kantor"]: (v, "nsubj:pass"),
            idx["kemarin"]: (v, "advmod"),
            idx["oleh"]: (idx["sekelompok"], "case"),
            idx["sekelompok"]: (v, "obl"),
            v: (v, "root"),
        }
        return {
            i: syntax.Parsed(head=h, dep=d, pos="X", lemma=doc_[i].lower_)
            for i, (h, d) in rel.items()
        }

    monkeypatch.setattr(syntax, "parse_spans", fake)
    ev = only(nlp.extract(text).events, "ASSAULT")
    assert text_of(ev.target) == "Kantor itu"
    assert text_of(ev.actor) == "sekelompok orang"


# ---- the gold article ----------------------------------------------------------------------------


def test_gold_article_events_f1() -> None:
    from warta.evaluate import evaluate_dir

    need(GOLD_DIR)
    nlp = warta.load()
    report = evaluate_dir(GOLD_DIR, lambda t, p: nlp.extract(t, published=p))
    f1 = report.macro["events.f1"]
    assert f1 is not None and f1 >= 0.75, f1


def test_any_word_salad_gives_valid_events(nlp: warta.Pipeline) -> None:
    """Triggers, cues and punctuation in random order never break the stage or the record."""
    import random

    salad = (
        "serang diserang oleh kepada ke di dia yang , . “ ” ( ) akan tidak menurut jika "
        "Jakarta Polisi menangkap unjuk rasa baku tembak kerja sama meminta maaf mengirim "
        "pasukan bantuan - \n \n\n 2025 Senin (20/10)"
    )
    words = re.split(" ", salad)
    rng = random.Random(5)
    for _ in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        article = nlp.extract(text, published="2025-10-21")
        warta.record.Article.from_dict(article.to_dict())
        for ev in article.events:
            sent = article.sentences[ev.sentence]
            assert sent.start <= ev.trigger.start < ev.trigger.end <= sent.end


def test_background_place_is_not_the_setting(nlp: warta.Pipeline) -> None:
    """A place named once, far down and as a birthplace, is no event's place (written here)."""
    text = (
        "Komisi Pemberantasan Korupsi (KPK) menangkap seorang pejabat kementerian dalam operasi "
        "tangkap tangan pada Rabu malam.\n\n"
        "Juru bicara KPK mengatakan pemeriksaan masih berlangsung.\n\n"
        "Penyidik masih menghitung jumlah uang tunai yang ditemukan.\n\n"
        "Pejabat itu pernah menjadi staf ahli di beberapa kementerian.\n\n"
        "Pria kelahiran Riau itu juga aktif di organisasi relawan."
    )
    article = nlp.extract(text, published="2025-08-22")
    arrest = only(article.events, "COERCE")
    assert arrest.where is None or arrest.where.text != "Riau"
    # the same place named in the lead is the setting
    lead = text.replace("dalam operasi", "di Pekanbaru, Riau, dalam operasi")
    arrest = only(nlp.extract(lead, published="2025-08-22").events, "COERCE")
    assert arrest.where is not None and arrest.where.text in ("Pekanbaru", "Riau")
