"""warta_quotes: direct and indirect quotations, speakers, cues and relays.

Sentences are real, from the Detik corpus in ../shared/data/news (one short sentence or
paragraph each) or from the gold article in ../shared/gold, some shortened. Where the corpus has
no instance of a rule (a quotation continued over paragraphs with a reopening mark, wire-style
"..., kata polisi", every kind of quotation mark, an unbalanced mark) the text is built from
real sentences in the corpus's style. The corpus tests at the end read the CSV in place and
skip when it is absent.
"""

from __future__ import annotations

import csv
import itertools
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

import warta
from conftest import NEWS_CSV
from warta.components.quotes import MAX_QUOTE_PARAGRAPHS, extract_quotes, lexicon
from warta.lang import read_table
from warta.pipeline import UNIVERSAL_STAGES
from warta.record import Entity, Mention, Quote


@pytest.fixture(scope="module")
def blank() -> warta.Pipeline:
    """The pipeline without NER: entities are set by each test, or left out."""
    return warta.load(None)


def prepared(nlp: warta.Pipeline, text: str) -> Doc:
    """The Doc as warta_quotes reads it: tokens, norms and sentences (the stages of other
    issues are left out, so that these tests see only this stage)."""
    doc = nlp.nlp.make_doc(text)
    for name in UNIVERSAL_STAGES:
        doc = nlp.nlp.get_pipe(name)(doc)
    return doc


def quotes(nlp: warta.Pipeline, text: str, entities: list[Entity] | None = None) -> list[Quote]:
    """Prepare the Doc, set ``doc._.entities`` as warta_names would, then run warta_quotes."""
    doc = prepared(nlp, text)
    doc._.entities = entities
    doc = nlp.nlp.get_pipe("warta_quotes")(doc)
    result: list[Quote] = doc._.quotes
    return result


def entity(eid: str, type_: str, text: str, *forms: str) -> Entity:
    """An entity with a mention at every occurrence of its surface ``forms`` in ``text``."""
    mentions = [
        Mention(m.group(0), m.start(), m.end())
        for form in forms
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)
    ]
    return Entity(eid, forms[0], type_, sorted(mentions, key=lambda m: m.start))  # type: ignore[arg-type]


def only(found: list[Quote], kind: str = "direct") -> Quote:
    picked = [q for q in found if q.kind == kind]
    assert len(picked) == 1, found
    return picked[0]


def assert_offsets(text: str, found: list[Quote]) -> None:
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text, q


# --- direct quotations and the cue after them ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            '"Ancaman Inflasi akibat uang beredar naik, tidak disertai kenaikan permintaan riil,"'
            " jelas Bhima.",
            "Ancaman Inflasi akibat uang beredar naik, tidak disertai kenaikan permintaan riil",
            "Bhima",
            "jelas",
        ),
        # A one-word answer with a cue is a quotation: the cue, not the length, decides.
        ('"Iya pak," jawab Maryam.', "Iya pak", "Maryam", "jawab"),
        (
            '"Jadi itu syarat dalam hal ekspor," kata Ikhwan menambahkan.',
            "Jadi itu syarat dalam hal ekspor",
            "Ikhwan",
            "kata",
        ),
        # The speaker runs to "dalam"/"seperti": "Tokayev", not the whole tail.
        (
            "“Almaty diserang, dihancurkan, dirusak, penduduk Almaty menjadi korban serangan "
            "teroris, bandit, oleh karena itu adalah tugas kita … untuk mengambil semua tindakan "
            "yang mungkin untuk melindungi negara kita,” kata Tokayev dalam pidato televisi "
            "keduanya seperti dikutip TheGuardian, Kamis (6/1).",
            "Almaty diserang, dihancurkan, dirusak",
            "Tokayev",
            "kata",
        ),
        # A title with a bracketed short form and the name in apposition after a comma.
        (
            '"Secara naluriah, orang pasti akan mencari kerja di kota. Itu konsep awalnya, karena '
            'kota ini ibaratnya gula yang banyak didatangi semut," kata Kepala Dinas Sosial '
            "(Dinsos) Kota Mataram, Lalu Samsul Adnan saat ditemui di Mataram, Kamis (7/8/2025).",
            "Secara naluriah, orang pasti akan mencari kerja di kota.",
            "Kepala Dinas Sosial (Dinsos) Kota Mataram, Lalu Samsul Adnan",
            "kata",
        ),
    ],
)
def test_a_cue_after_the_quotation_names_the_speaker(blank, text, content, speaker, cue):
    q = only(quotes(blank, text))
    assert q.text.startswith(content)
    assert not q.text.endswith(",")  # the comma before the cue is no part of the words
    assert (q.speaker_text, q.cue, q.speaker) == (speaker, cue, None)
    assert_offsets(text, [q])


def test_a_cue_before_the_quotation_with_a_colon_and_a_medium(blank):
    text = (
        "Akan tetapi belum ada tanggapan langsung dari pihak Kremlin, meskipun anggota parlemen "
        'Leonid Kalashnikov mengatakan kepada Interfax: "Jika presiden Tokayev membuat '
        'permintaan, kami akan berkewajiban untuk bereaksi".'
    )
    q = only(quotes(blank, text))
    assert q.text.startswith("Jika presiden Tokayev membuat permintaan, kami akan")
    assert q.text.endswith("berkewajiban untuk bereaksi")
    assert q.speaker_text == "anggota parlemen Leonid Kalashnikov"
    assert (q.cue, q.via) == ("mengatakan", "Interfax")


def test_a_cue_before_the_quotation_with_a_comma(blank):
    text = (
        'Ivana Delevska, pendiri Spear Invest, mengatakan, "Meskipun peluangnya sangat besar, '
        'risikonya juga sangat signifikan."'
    )
    q = only(quotes(blank, text))
    assert q.speaker_text == "Ivana Delevska"  # the lower-case apposition is passed over
    assert q.cue == "mengatakan"
    assert q.text.startswith("Meskipun peluangnya")


def test_a_quotation_split_by_its_cue_gives_two_with_one_speaker(blank):
    text = '"Kami siap," kata Budi, "dan kami tidak akan mundur sedikit pun."'
    first, second = quotes(blank, text)
    assert (first.text, first.speaker_text) == ("Kami siap", "Budi")
    assert (second.text, second.speaker_text) == ("dan kami tidak akan mundur sedikit pun.", "Budi")


@pytest.mark.parametrize(
    ("open_", "close"),
    [("“", "”"), ('"', '"'), ("„", "“"), ("«", "»"), ("''", "''"), ("&quot;", "&quot;")],
)
def test_every_kind_of_double_quotation_mark_pairs(blank, open_, close):
    text = f"{open_}Ini jadi bahan evaluasi kami,{close} ujarnya."
    q = only(quotes(blank, text))
    assert q.text == "Ini jadi bahan evaluasi kami"
    assert q.cue == "ujarnya"


def test_a_name_left_out_after_the_cue_gives_no_speaker(blank):
    # Detik sometimes drops the name: "kata dalam Konferensi Pers ...".
    text = (
        '"Bank Indonesia ke depan masih melihat ruang untuk penurunan suku bunga lebih lanjut," '
        "kata dalam Konferensi Pers Hasil Rapat Berkala KSSK III Tahun 2025 di Jakarta."
    )
    q = only(quotes(blank, text))
    assert (q.cue, q.speaker_text, q.speaker) == ("kata", None, None)


def test_a_left_out_opening_mark_starts_the_quotation_at_the_paragraph(blank):
    text = (
        'b. pengungkapan berkaitan dengan posisi seseorang dalam jabatan-jabatan publik," '
        "tulis Affifudin dalam keputusan itu."
    )
    q = only(quotes(blank, text))
    assert q.text.startswith("b. pengungkapan berkaitan")
    assert (q.speaker_text, q.cue) == ("Affifudin", "tulis")


# --- multi-paragraph and unbalanced quotations ------------------------------------------------


def test_a_quotation_continued_in_the_next_paragraph_is_one_quote(blank):
    # The news convention: no closing mark at the end of the first paragraph, a new opening mark
    # at the start of the next.
    text = (
        "“Meskipun peluangnya sangat besar, risikonya juga sangat signifikan.\n"
        "“Meskipun potensi keuntungannya jelas ada, risikonya juga signifikan,” kata Ivana.\n"
        "Saham Tesla turun."
    )
    q = only(quotes(blank, text))
    assert q.speaker_text == "Ivana"
    assert q.text == (
        "Meskipun peluangnya sangat besar, risikonya juga sangat signifikan.\n"
        "Meskipun potensi keuntungannya jelas ada, risikonya juga signifikan"
    )
    assert (q.start, q.end) == (1, text.index(",” kata"))


def test_boilerplate_between_continued_paragraphs_is_skipped(blank):
    text = (
        '"Kalau di daerahnya harganya nggak terkendali, pasti nanti ke depannya susah.\n'
        "SCROLL TO CONTINUE WITH CONTENT\n"
        '"Jadi inflasi ini amat sangat penting sekali," kata Purbaya.'
    )
    q = only(quotes(blank, text))
    assert q.speaker_text == "Purbaya"
    assert "SCROLL" not in q.text
    assert q.text.startswith("Kalau di daerahnya") and q.text.endswith("amat sangat penting sekali")


def test_an_unbalanced_mark_does_not_swallow_the_following_paragraphs(blank):
    text = (
        'Ia menyebut "teroris dan penjahat asing menyerbu kota itu.\n'
        "Para demonstran mengambil alih gedung-gedung pemerintah dan menyerbu bandara.\n"
        '"Kami siap," kata Budi.'
    )
    found = quotes(blank, text)
    assert [(q.text, q.speaker_text) for q in found if q.kind == "direct"] == [
        ("Kami siap", "Budi")
    ]


def test_an_unclosed_quotation_filling_its_paragraph_is_kept_without_a_speaker(blank):
    text = (
        "Shin Tae-yong mengungkap pesan ke pendukung Timnas Indonesia.\n"
        '"Dan, di 2027 ada Piala Asia. Kalau dipersiapkan lebih baik, saya yakin Indonesia bisa '
        "menuju Piala Dunia 2030.\nSaksikan LiveDetikPagi:"
    )
    q = only(quotes(blank, text))
    assert q.text.startswith("Dan, di 2027") and q.text.endswith("Piala Dunia 2030.")
    assert q.speaker is None and q.cue is None


# --- what is not a quotation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # scare quotes (gold article)
        'Dia menggambarkan pengunjuk rasa sebagai "teroris" dan menuduh negara itu telah menjadi '
        'korban "serangan" oleh geng-geng terlatih asing.',
        "Para pemimpin aliansi setuju untuk mengirim “pasukan penjaga perdamaian” ke Kazakhstan.",
        "Pashinyan mengatakan CSTO akan mengirimkan pasukan untuk “menstabilkan” negara itu.",
        # a scare quote with the comma inside the marks, followed by a clause, not a cue
        'Permainan daring seperti Minecraft kerap dianggap "main-main," padahal menyimpan '
        "kompleksitas desain, strategi, kerja tim, dan kreativitas tinggi.",
        # titles in a list
        'Pemikirannya juga dituangkan dalam buku-buku seperti "Aksi Massa", "Dari Penjara ke '
        'Penjara", hingga "Menuju Republik Indonesia".',
        # a title after a title word
        'Simak juga Video "Purbaya Janji Bakal Perbaiki Kebijakan Fiskal Dan Moneter".',
        # a partial quotation embedded in a clause (part of that clause's reported speech)
        "Kementerian Dalam Negeri mengatakan delapan orang tewas "
        '"oleh tangan massa yang mengamuk".',
    ],
)
def test_scare_quotes_titles_and_fragments_are_not_direct_quotations(blank, text):
    assert [q for q in quotes(blank, text) if q.kind == "direct"] == []


def test_a_quotation_with_no_cue_has_no_speaker(blank):
    text = (
        '"Kita harus hidup dalam keadaan di mana kita menerima perbedaan," kata Mu\'ti.\n'
        '"Sepertinya tidak akan ada kesepakatan."'
    )
    first, second = quotes(blank, text)
    assert first.speaker_text == "Mu'ti"
    assert second.text == "Sepertinya tidak akan ada kesepakatan."
    assert (second.speaker, second.speaker_text, second.cue) == (None, None, None)


# --- via ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "via"),
    [
        (
            '"Masa reses kalau tidak salah, tidak berubah, nanti jadwalnya itu di 2 Oktober," '
            "kata Bane seperti dilansir Antara, Jumat (5/9/2025).",
            "Antara",
        ),
        (
            '"Jadi, kita masih melakukan sosialisasi," kata Boston, kepada detikcom beberapa '
            "waktu.",
            "detikcom",
        ),
        (
            '"Itu, tunggakan itu, katanya masih tanggung jawabnya diler," ujarnya '
            "kepadadetikSulsel, Senin (20/10/2025).",
            "detikSulsel",
        ),
        (
            '"Penting untuk membedakan antara iritan fisik dan zat yang sangat beracun," kata '
            "Smith sebagaimana dikutip dari Space, Rabu (25/6/2025).",
            "Space",
        ),
        (
            '"Situasi di Sydney sudah kembali aman dan terkendali," tulis KBRI melalui akun '
            "Instagram resmi @inaincanberra, Sabtu (18/10).",
            "akun Instagram resmi @inaincanberra",
        ),
        # reporters, an event and a press release are not a medium or relay
        ('"Kami hadir di saat industri beroperasi," kata Hanif kepada wartawan, Rabu.', None),
        (
            '"Dukungan Bank Indonesia ditempuh sesuai kaidah kebijakan moneter," kata Denny, '
            "dalam keterangan tertulis, Kamis (4/9/2025).",
            None,
        ),
    ],
)
def test_the_medium_or_relay_is_kept_as_via(blank, text, via):
    assert only(quotes(blank, text)).via == via


# --- indirect speech ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue", "via"),
    [
        (
            "Sebelumnya Dmitry Peskov, juru bicara Putin, mengatakan penting untuk diperhatikan "
            "bahwa tidak boleh ada negara asing yang ikut campur di Kazakhstan.",
            "tidak boleh ada negara asing yang ikut campur di Kazakhstan",
            "Dmitry Peskov",
            "mengatakan",
            None,
        ),
        (
            "Pada Rabu malam, Perdana Menteri Armenia Nikol Pashinyan menulis di Facebook bahwa "
            "setelah berbicara dengan Tokayev, dia melakukan konsultasi dengan para pemimpin.",
            "setelah berbicara dengan Tokayev, dia melakukan konsultasi dengan para pemimpin",
            "Perdana Menteri Armenia Nikol Pashinyan",
            "menulis",
            "Facebook",
        ),
        (
            "Purbaya menjelaskan, pemerintah akan menjaga perekonomian dengan mengoptimalkan "
            "mesin fiskal.",
            "pemerintah akan menjaga perekonomian dengan mengoptimalkan mesin fiskal",
            "Purbaya",
            "menjelaskan",
            None,
        ),
        (
            "Pras menegaskan belum ada pergantian ataupun pelantikan pejabat hari ini.",
            "belum ada pergantian ataupun pelantikan pejabat hari ini",
            "Pras",
            "menegaskan",
            None,
        ),
        (
            "Menurut jaksa, Sri saat itu menagih utang ke Suhendra.",
            "Sri saat itu menagih utang ke Suhendra",
            "jaksa",
            "Menurut",
            None,
        ),
        (
            "Banyak penerbangan dialihkan atau dibatalkan setelah penyerbuan bandara, menurut "
            "Kazakh.",
            "Banyak penerbangan dialihkan atau dibatalkan setelah penyerbuan bandara",
            "Kazakh",
            "menurut",
            None,
        ),
        (
            "Media lokal, Kazakh, mengutip Kementerian Dalam Negeri yang mengatakan 317 polisi "
            "dan prajurit penjaga nasional terluka dan delapan orang tewas.",
            "317 polisi dan prajurit penjaga nasional terluka dan delapan orang tewas",
            "Kementerian Dalam Negeri",
            "mengatakan",
            None,
        ),
        # a parenthetical cue: the whole sentence is reported
        (
            "Jangan sampai, kata dia, kecelakaan yang terjadi di destinasi wisata kembali "
            "terulang.",
            "Jangan sampai, kata dia, kecelakaan yang terjadi di destinasi wisata kembali terulang",
            "dia",
            "kata",
            None,
        ),
        (
            "Delapan orang tewas dalam bentrokan itu, kata polisi.",
            "Delapan orang tewas dalam bentrokan itu",
            "polisi",
            "kata",
            None,
        ),
    ],
)
def test_indirect_speech_has_its_reported_clause(blank, text, content, speaker, cue, via):
    q = only(quotes(blank, text), "indirect")
    assert (q.text, q.speaker_text, q.cue, q.via) == (content, speaker, cue, via)
    assert_offsets(text, [q])


def test_menurutnya_is_a_pronoun_speaker(blank):
    text = (
        "Menurutnya, cabai merah tersebut akan didistribusikan di Medan dan Deli Serdang, "
        "mengingat dua daerah ini menjadi wilayah penyumbang inflasi tertinggi di Sumut."
    )
    q = only(quotes(blank, text), "indirect")
    assert (q.cue, q.speaker_text, q.speaker) == ("Menurutnya", "nya", None)
    assert q.text.startswith("cabai merah tersebut")


@pytest.mark.parametrize(
    "text",
    [
        # passive: no speaker
        "Akan tetapi disebutkan bahwa pihak berwenang menguasai bandara kembali setelah terjadi "
        "baku tembak.",
        # purpose, not a report
        "Pemerintah juga bekerja sama dengan Bulog dan TPID untuk memastikan pasokan tetap aman.",
        # negated speech act
        "Trump tidak menjelaskan secara detail negara yang disebutnya menawarkan diri.",
        # a plain object, not a clause
        "Maryam membenarkan pertanyaan hakim tersebut dari buku catatan keuangan perusahaan PT "
        "DNG yang dipegangnya.",
        "Jasa Marga menegaskan pentingnya pelestarian lingkungan hidup di jalan tol.",
        "Tan Malaka melanjutkan studi ke Belanda untuk belajar di Rijkskweekschool Haarlem.",
        # a capitalised verb belongs to a heading
        "Hadirkan Lomba Menulis Skenario hingga Anugerah Kebudayaan",
    ],
)
def test_not_indirect_speech(blank, text):
    assert quotes(blank, text) == []


def test_a_cue_used_by_a_direct_quotation_gives_no_indirect_one(blank):
    text = 'Budi mengatakan, "Kami siap menghadapi semua tantangan di masa depan."'
    assert [q.kind for q in quotes(blank, text)] == ["direct"]


# --- speakers as entities -------------------------------------------------------------------------


def test_speakers_link_to_the_entity_whose_mention_they_contain(blank):
    text = (
        "Sebelumnya Dmitry Peskov, juru bicara Putin, mengatakan penting untuk diperhatikan "
        "bahwa tidak boleh ada negara asing yang ikut campur di Kazakhstan.\n"
        "Akan tetapi anggota parlemen Leonid Kalashnikov mengatakan kepada Interfax: "
        '"Jika presiden Tokayev membuat permintaan, kami akan berkewajiban untuk bereaksi".'
    )
    ents = [
        entity("e1", "PER", text, "Dmitry Peskov"),
        entity("e2", "PER", text, "Putin"),
        entity("e3", "LOC", text, "Kazakhstan"),
        entity("e4", "PER", text, "Leonid Kalashnikov"),
        entity("e5", "ORG", text, "Interfax"),
        entity("e6", "PER", text, "Tokayev"),
    ]
    peskov, kalashnikov = quotes(blank, text, ents)
    assert (peskov.speaker, peskov.speaker_text) == ("e1", "Dmitry Peskov")
    assert (kalashnikov.speaker, kalashnikov.via) == ("e4", "Interfax")


def test_a_person_wins_over_the_place_in_a_title(blank):
    text = (
        "Pada Rabu malam, Perdana Menteri Armenia Nikol Pashinyan menulis di Facebook bahwa "
        "setelah berbicara dengan Tokayev, dia melakukan konsultasi dengan para pemimpin."
    )
    ents = [
        entity("e1", "LOC", text, "Armenia"),
        entity("e2", "PER", text, "Nikol Pashinyan"),
        entity("e3", "ORG", text, "Facebook"),
        entity("e4", "PER", text, "Tokayev"),
    ]
    assert only(quotes(blank, text, ents), "indirect").speaker == "e2"


def test_an_apposition_that_holds_the_person_names_the_speaker(blank):
    text = (
        '"Kegiatannya dimulai dari pembekalan hingga terjun ke lapangan," ujar Founder Gerakan '
        "Mengajar Desa, Gardian Muhammad Abdullah, Minggu (7/12/2025)."
    )
    ents = [entity("e1", "PER", text, "Gardian Muhammad Abdullah")]
    q = only(quotes(blank, text, ents))
    assert q.speaker == "e1"
    assert q.speaker_text == "Gardian Muhammad Abdullah"


def test_without_a_matching_entity_the_speaker_text_is_kept(blank):
    text = '"Utuh, pak, tidak dikurangi," jawab Acem.'
    q = only(quotes(blank, text, [entity("e1", "ORG", text, "pak")]))
    assert (q.speaker, q.speaker_text) == (None, "Acem")


def test_a_pronoun_speaker_resolves_to_the_subject_of_the_nearest_sentence(blank):
    text = (
        "Ayah TAS, Lukas Diana Putra, mendatangi Kepolisian Resor Kota (Polresta) Denpasar dan "
        "meminta kejelasan terkait kronologi tewasnya TAS.\n"
        '"Saya ingin tahu dan pastikan kenapa misalnya anak saya jatuh?" ujarnya.'
    )
    ents = [
        entity("e1", "PER", text, "TAS"),
        entity("e2", "PER", text, "Lukas Diana Putra"),
        entity("e3", "ORG", text, "Kepolisian Resor Kota"),
    ]
    q = only(quotes(blank, text, ents))
    assert (q.speaker, q.speaker_text, q.cue) == ("e2", "Lukas Diana Putra", "ujarnya")


def test_names_inside_quotations_are_not_antecedents(blank):
    text = (
        '"Saya tidak melihat Pak Purbaya mencampuri kebijakan kementerian lain," ujar Gus Maksum.'
        '\n"Justru manuvernya menunjukkan tanggung jawab sebagai Menteri Keuangan," katanya.'
    )
    ents = [entity("e1", "PER", text, "Purbaya"), entity("e2", "PER", text, "Gus Maksum")]
    first, second = quotes(blank, text, ents)
    assert first.speaker == second.speaker == "e2"


def test_a_chain_of_pronoun_cues_keeps_the_last_named_speaker_without_entities(blank):
    text = (
        '"Independensi BI makin tidak ada," kata Bhima dalam keterangan.\n'
        '"Ancaman inflasi akibat uang beredar naik," ujarnya.\n'
        '"Rating utang pemerintah terancam downgrade," tegasnya.'
    )
    assert [q.speaker_text for q in quotes(blank, text)] == ["Bhima", "Bhima", "Bhima"]


def test_a_pronoun_with_nobody_before_it_stays_as_written(blank):
    q = only(quotes(blank, '"Kami ingin mempelajari siapa calon investor," kata dia.', []))
    assert (q.speaker, q.speaker_text) == (None, "dia")


# --- the component in the pipeline ------------------------------------------------------------


def test_the_stage_fills_the_record(blank):
    text = '"Iya pak," jawab Maryam.\nMaryam mengatakan bahwa uang itu dipakai untuk operasional.'
    article = blank.extract(text)
    assert [(q.kind, q.speaker_text) for q in article.quotes] == [
        ("direct", "Maryam"),
        ("indirect", "Maryam"),
    ]
    assert_offsets(text, article.quotes)
    assert "via" not in article.to_dict()["quotes"][0]  # optional, left out when None


def test_the_stage_is_no_longer_pending():
    from warta.components import pending_stages

    assert "warta_quotes" not in pending_stages()


def test_extract_quotes_is_a_pure_function_of_the_doc(blank):
    text = '"Iya pak," jawab Maryam.'
    doc = prepared(blank, text)
    ents = [entity("e1", "PER", text, "Maryam")]
    assert extract_quotes(doc, ents)[0].speaker == "e1"
    assert extract_quotes(doc, None)[0].speaker is None


def test_the_data_files_have_known_kinds_and_a_source_header():
    kinds = {
        "quote_cues.tsv": {"after", "verb", "verb-clause", "according", "lead", "title"}
        | {"predicate", "passive"},
        "speaker_bounds.tsv": {"end", "boundary", "lead", "adverb", "negation", "modal"}
        | {"nocontent", "notverb"},
        "pronouns.tsv": {"person", "group"},
        "relays.tsv": {"relay", "addressee", "channel", "medium", "platform"},
    }
    folder = Path(warta.__file__).parent / "lang"
    for name, allowed in kinds.items():
        assert (folder / name).read_text(encoding="utf-8").startswith("# ")
        assert {row[1] for row in read_table(name)} <= allowed, name
    assert "kata" in lexicon().after and "mengatakan" in lexicon().verbs


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                *['"', "“", "”", "«", "»", "''", ",", ".", ":", "\n", " ", "(", "kata", "Budi"],
                *["ujarnya", "mengatakan", "bahwa", "Menurut", "dia", "Kami", "siap", "di"],
                "menurutnya",
            ]
        ),
        max_size=60,
    )
)
@example(pieces=["kata", "kata", "kata", " ", ",", "menurutnya"])  # found by CI once
def test_any_text_gives_quotes_inside_the_text(blank, pieces):
    text = " ".join(pieces)
    for q in quotes(blank, text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.text.strip() and q.text == q.text.strip()
        assert not text[q.start].isspace() and not text[q.end - 1].isspace()


# --- the corpus -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    if not NEWS_CSV.exists():
        pytest.skip(f"{NEWS_CSV} is absent: corpus tests need ../shared beside the repo")
    with NEWS_CSV.open(encoding="utf-8", newline="") as fh:
        return [row["isi_berita"] for row in csv.DictReader(fh)][:150]


@pytest.mark.corpus
def test_corpus_quotes_are_well_formed_and_fast(blank, corpus):
    elapsed, direct, named = 0.0, 0, 0
    stage = blank.nlp.get_pipe("warta_quotes")
    for text in corpus:
        doc = prepared(blank, text)
        t0 = time.perf_counter()
        found = stage(doc)._.quotes
        elapsed += time.perf_counter() - t0
        spans = sorted((q.start, q.end) for q in found)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "quotes overlap"
        for q in found:
            assert 0 <= q.start < q.end <= len(text)
            assert text[q.start : q.end].count("\n") <= MAX_QUOTE_PARAGRAPHS
            if "\n" not in text[q.start : q.end]:
                assert text[q.start : q.end] == q.text
            if q.kind == "direct":
                direct += 1
                named += q.speaker_text is not None
    assert direct > 300
    assert named / direct > 0.95  # Detik attributes nearly every quotation
    assert elapsed / len(corpus) < 0.02  # seconds per article for this stage


@pytest.mark.corpus
def test_a_removed_closing_mark_only_affects_its_own_paragraph(blank, corpus):
    text = next(t for t in corpus if t.count('," kata') >= 3)
    cut = text.index('," kata')
    broken = text[: cut + 1] + text[cut + 2 :]  # drop one closing mark
    before = quotes(blank, text)
    after = quotes(blank, broken)
    para_end = broken.find("\n", cut)
    later = [q.text for q in before if q.start > para_end + 1]
    assert later and later == [q.text for q in after if q.start > para_end]
    assert all(broken[q.start : q.end].count("\n") == 0 for q in after if q.start <= cut)


# --- speakers the NER missed become entities (warta_names.link_speaker) ------------------------


def with_entities(nlp: warta.Pipeline, text: str, ents: list[tuple[str, str]] = ()) -> Doc:  # type: ignore[assignment]
    """The Doc after the names stage, with each (form, label) set as NER spans first, then the
    quotes stage run on it."""
    doc = nlp.nlp.make_doc(text)
    for name, proc in nlp.nlp.pipeline:
        if name == "warta_names":
            spans = []
            for form, label in ents:
                for m in re.finditer(re.escape(form), text):
                    span = doc.char_span(m.start(), m.end(), label=label)
                    if not any(s.start < span.end and span.start < s.end for s in spans):
                        spans.append(span)
            doc.ents = sorted(spans, key=lambda s: s.start)
        doc = proc(doc)
    return doc


def test_missed_speaker_with_a_role_apposition_becomes_a_person(blank):
    # The gold article: the NER misses "Dmitry Peskov".
    text = (
        "Sebelumnya Dmitry Peskov, juru bicara Putin, mengatakan penting untuk diperhatikan "
        "bahwa tidak boleh ada negara asing yang ikut campur di Kazakhstan."
    )
    doc = with_entities(blank, text)
    (q,) = doc._.quotes
    speaker = next(e for e in doc._.entities if e.id == q.speaker)
    assert speaker.type == "PER" and speaker.name == "Dmitry Peskov"
    assert doc._.entity_roles[speaker.id] == ["juru bicara Putin"]
    assert speaker.id == f"e{len(doc._.entities)}"
    assert any(e.text == "Dmitry Peskov" for e in doc.ents)


def test_missed_speaker_after_a_title_and_the_same_name_later(blank):
    # source_row 681: the NER finds neither "Khamozaro Waruwu" nor "hakim Khamozaro".
    text = (
        '"Ini benar ini?," tanya Ketua Majelis Hakim Khamozaro Waruwu di Ruang Sidang Utama.\n'
        "Melihat fakta itu hakim Khamozaro pun geleng-geleng kepala."
    )
    doc = with_entities(blank, text)
    (q,) = doc._.quotes
    speaker = next(e for e in doc._.entities if e.id == q.speaker)
    assert speaker.name == "Khamozaro Waruwu"
    assert [m.text for m in speaker.mentions] == ["Khamozaro Waruwu", "Khamozaro"]
    assert doc._.entity_roles[speaker.id] == ["Ketua Majelis Hakim"]


def test_missed_speaker_links_to_the_person_whose_name_part_it_is(blank):
    # source_row 188: "Fabio Cannavaro" is found, "Cannavaro menuturkan" is not.
    text = (
        "Fabio Cannavaro mengaku butuh kemampuan Kapadze.\n"
        '"Kami memiliki mentalitas dan filosofi yang sama," Cannavaro menuturkan.'
    )
    doc = with_entities(blank, text, [("Fabio Cannavaro", "PER")])
    (q,) = doc._.quotes
    person = next(e for e in doc._.entities if e.id == q.speaker)
    assert person.name == "Fabio Cannavaro" and len(person.mentions) == 2


def test_speaker_with_trailing_adverb_links_to_the_name(blank):
    # source_row 681: "jawab Maryam lagi".
    text = 'Maryam bersaksi di sidang.\n"Iya pak," jawab Maryam lagi.'
    doc = with_entities(blank, text, [("Maryam", "PER")])
    q = doc._.quotes[-1]
    assert q.speaker == next(e.id for e in doc._.entities if e.name == "Maryam")


@pytest.mark.parametrize(
    "text",
    [
        # source_row 434: a description, not a name.
        "Legislator yang membidangi urusan pariwisata dan Ekonomi Kreatif itu, mengatakan bahwa "
        "pendidikan soal kepariwisataan akan masuk ke dalam kurikulum formal.",
        # A title alone, a word that never names anyone, one name without a role.
        '"Kami sudah mendatangi lokasi kejadian," kata Kapolresta.',
        '"Kami sudah mendatangi lokasi kejadian," kata Polisi.',
        '"Kami sudah mendatangi lokasi kejadian," kata Faruk.',
    ],
)
def test_no_entity_is_made_for_a_speaker_that_names_no_one(blank, text):
    doc = with_entities(blank, text)
    assert not any(e.type == "PER" for e in doc._.entities)


def test_an_aspect_auxiliary_marks_a_reported_clause(blank):
    # written here: "ikut" before the verb tells a clause from a plain object
    text = "Koordinator aksi, Darsim, menyebut sekitar 600 petani ikut turun ke jalan."
    q = only(quotes(blank, text), "indirect")
    assert q.text.startswith("sekitar 600 petani ikut") and q.speaker_text == "Darsim"
    assert quotes(blank, "Warga menyebut nama jalan itu.") == []
