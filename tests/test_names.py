"""The names stage (``warta_names``) and the gazetteer, on sentences from real Indonesian news.

Sentences are quoted from ../shared/data/news/detik_1000_train80.csv (the CSV ``source_row`` is
given with each) or from the issue's gold article; a few tests also read the CSV in place and
skip when it is absent. The statistical NER may not be installed, so the tests hand the stage
the NER's spans themselves (``doc.ents`` from character offsets), as the trained model would.
"""

from __future__ import annotations

import csv
import functools
import re

import pytest
from spacy.tokens import Doc

import warta
from conftest import NEWS_CSV, corpus_sentence
from warta.components.names import primary_role
from warta.gazetteer import Gazetteer, initials, load_entries
from warta.lang import read_table


@pytest.fixture(scope="module")
def pipeline() -> warta.Pipeline:
    return warta.load(None)


def annotate(pipeline: warta.Pipeline, text: str, ents: list[tuple[str, str]] = ()) -> Doc:  # type: ignore[assignment]
    """Run the pipeline up to and including ``warta_names``, with every occurrence of each
    (surface form, label) in ``ents`` set as an NER span first."""
    nlp = pipeline.nlp
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "ner":
            continue
        if name == "warta_names":
            spans = []
            for form, label in sorted(ents, key=lambda e: -len(e[0])):
                for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text):
                    span = doc.char_span(m.start(), m.end(), label=label)
                    assert span is not None, form
                    if not any(s.start < span.end and span.start < s.end for s in spans):
                        spans.append(span)
            doc.ents = sorted(spans, key=lambda s: s.start)
            return proc(doc)
        doc = proc(doc)
    raise AssertionError("no warta_names stage")


def entity(doc: Doc, text: str):
    """The entity with a mention written ``text``."""
    found = [e for e in doc._.entities if any(m.text == text for m in e.mentions)]
    assert len(found) == 1, (text, [(e.name, [m.text for m in e.mentions]) for e in found])
    return found[0]


def roles(doc: Doc, text: str) -> list[str]:
    return doc._.entity_roles.get(entity(doc, text).id, [])


def has_mention(doc: Doc, text: str) -> bool:
    return any(m.text == text for e in doc._.entities for m in e.mentions)


# --- gazetteer ----------------------------------------------------------------------------------

KAZ = (
    "Para pemimpin aliansi bekas negara Uni Soviet yang dipimpin Moskow setuju untuk mengirim "
    "pasukan ke Kazakhstan. Organisasi Perjanjian Keamanan Kolektif (CSTO) yang merupakan "
    "aliansi militer Rusia, Belarus, Armenia, Kazakhstan, Kirgistan, dan Tajikistan."
)


def test_gazetteer_finds_places_and_organisations_with_type_and_canonical_name(pipeline):
    doc = annotate(pipeline, KAZ)
    expect = {
        "Moskow": ("Moskow", "LOC", "RU"),
        "Rusia": ("Rusia", "LOC", "RU"),
        "Kirgistan": ("Kirgizstan", "LOC", "KG"),
        "Uni Soviet": ("Uni Soviet", "LOC", "SU"),
        "CSTO": ("Organisasi Perjanjian Keamanan Kolektif", "ORG", None),
    }
    for text, (name, etype, country) in expect.items():
        e = entity(doc, text)
        assert (e.name, e.type, e.country) == (name, etype, country)
    csto = entity(doc, "CSTO")
    assert [m.text for m in csto.mentions] == ["Organisasi Perjanjian Keamanan Kolektif", "CSTO"]


def test_gazetteer_uni_eropa_and_pbb(pipeline):
    # source_row 91 and 263
    doc = annotate(
        pipeline,
        "Produk unggulan seperti sarang burung walet menjadi primadona di pasar Amerika dan "
        "Uni Eropa. Renita mendapatkan penghargaan sebagai Polwan Terbaik PBB 2023.",
    )
    assert (entity(doc, "Uni Eropa").name, entity(doc, "Uni Eropa").type) == ("Uni Eropa", "ORG")
    assert entity(doc, "PBB").name == "Perserikatan Bangsa-Bangsa"
    assert entity(doc, "Amerika").name == "Amerika Serikat"


def test_all_capital_acronyms_match_case_sensitively(pipeline):
    # source_row 146: "AS" is Amerika Serikat; the English word "as" is not.
    doc = annotate(
        pipeline,
        "Nilai tukar dolar Amerika Serikat (AS) melemah terhadap rupiah. Dolar AS diperkirakan "
        "bergerak di rentang Rp 16.200. Ia datang as usual.",
    )
    us = entity(doc, "AS")
    assert us.name == "Amerika Serikat" and len(us.mentions) == 3
    assert not has_mention(doc, "as")


def test_initials_of_people_are_not_acronyms(pipeline):
    # source_row 217 and a list of suspects' initials
    doc = annotate(
        pipeline,
        "Dana itu diduga digunakan tidak semestinya oleh tersangka AS selaku mantan direktur "
        "utama. Polisi menangkap lima orang lainnya yakni A, AP, AM, ACM, dan MR.",
    )
    # the suspect "AS" is a person written by initials, not Amerika Serikat
    assert entity(doc, "AS").type == "PER"
    assert not has_mention(doc, "AP")


def test_initials_after_a_cue_are_people(pipeline):
    # Written for the test, in the style of police reports; the NER typed RS an ORG.
    doc = annotate(
        pipeline,
        "Polisi menyebut kedua tersangka berinisial RS (34) dan AH (29). Korban, MR, dirawat.",
        [("RS", "ORG")],
    )
    assert [entity(doc, x).type for x in ("RS", "AH")] == ["PER", "PER"]


def test_ambiguous_city_names_need_a_place_cue(pipeline):
    # source_row 8, 665, 171
    doc = annotate(
        pipeline,
        "Wali Kota Malang Wahyu Hidayat menyampaikan capaian ini. Malang itu nasib. "
        "Perubahan UU tentang Pertambangan Mineral dan Batu Bara (Minerba). "
        "Lokasinya di Kelurahan Kampung Pondok, Kecamatan Padang Barat, kini resmi dibuka.",
        [("Wahyu Hidayat", "PER")],
    )
    malang = entity(doc, "Malang")
    assert malang.type == "LOC" and len(malang.mentions) == 1  # not "Malang itu nasib"
    assert not has_mention(doc, "Batu")
    assert not has_mention(doc, "Padang")


def test_an_acronym_the_article_spells_out_otherwise_keeps_that_meaning(pipeline):
    # source_row 357 and 45: OKI is the regency, PBB the land tax, not the OIC and the UN.
    doc = annotate(
        pipeline,
        "Bupati Ogan Komering Ilir (OKI) Muchendi Mahzareki merespons penangkapan itu. "
        "Jajaran Kejari OKI bergerak cepat. Rinciannya, pajak bumi dan bangunan (PBB) senilai "
        "Rp 52 miliar.",
        [("Ogan Komering Ilir", "LOC"), ("OKI", "LOC"), ("Muchendi Mahzareki", "PER")],
    )
    oki = entity(doc, "OKI")
    assert (oki.name, oki.type) == ("Ogan Komering Ilir", "LOC")
    assert [m.text for m in oki.mentions] == ["Ogan Komering Ilir", "OKI"]
    # "Kejari OKI", the regency's prosecutor's office, is one organisation (place_offices.txt).
    assert entity(doc, "Kejari OKI").type == "ORG"
    assert not has_mention(doc, "PBB")
    # Without the NER the gazetteer alone does not claim OKI for the OIC either.
    bare = annotate(pipeline, "Bupati Ogan Komering Ilir (OKI) hadir. Jajaran Kejari OKI bergerak.")
    assert not has_mention(bare, "OKI")


def test_a_regional_office_and_its_place_are_one_organisation(pipeline):
    # Written for the test, in the house style of police and council news.
    doc = annotate(
        pipeline,
        "Kabid Humas Polda Sumut Kombes Hadi Wibowo membenarkan penangkapan itu. "
        "Pemprov Riau menyiapkan anggaran, dan warga di Riau menyambutnya.",
        [
            ("Polda", "ORG"),
            ("Sumut", "LOC"),
            ("Hadi Wibowo", "PER"),
            ("Riau", "LOC"),
            ("Riau", "LOC"),
        ],
    )
    assert entity(doc, "Polda Sumut").type == "ORG"
    assert entity(doc, "Pemprov Riau").type == "ORG"
    riau = entity(doc, "Riau")
    assert riau.type == "LOC" and [m.text for m in riau.mentions] == ["Riau"]
    assert not has_mention(doc, "Sumut")


def test_a_club_before_a_coach_is_cut_from_the_person(pipeline):
    # Written for the test: the NER's span "Persib Bojan" (club + given name) beside the
    # club's full name elsewhere in the article.
    doc = annotate(
        pipeline,
        'Persib Bandung menang tipis. "Anak-anak bermain disiplin," ujar pelatih Persib Bojan '
        "Hodak usai laga.",
        [("Persib Bandung", "ORG"), ("Persib Bojan", "PER")],
    )
    coach = entity(doc, "Bojan Hodak")
    assert coach.type == "PER" and [m.text for m in coach.mentions] == ["Bojan Hodak"]
    assert not has_mention(doc, "Persib Bojan")


def test_lowercase_edges_and_clause_words_are_cut_from_names(pipeline):
    # Written for the test: NER spans that run on past the name.
    doc = annotate(
        pipeline,
        "Warga melaporkan Sungai Cikondang meluap sejak pagi. Api menjalar ke kios lain. "
        "Keputusan menunggu Dewan Pengupahan sebelum UMK ditetapkan.",
        [
            ("Sungai Cikondang meluap", "LOC"),
            ("Api", "PER"),
            ("Dewan Pengupahan sebelum UMK", "ORG"),
        ],
    )
    assert entity(doc, "Sungai Cikondang").type == "LOC"
    assert entity(doc, "Dewan Pengupahan").type == "ORG"
    assert not has_mention(doc, "Api")


def test_a_place_with_and_without_its_administrative_word_is_one_place(pipeline):
    # Written for the test.
    doc = annotate(
        pipeline,
        "Banjir melanda Kabupaten Cianjur. Warga Cianjur mengungsi. Kota Bandung dan "
        "Kabupaten Bandung juga siaga, dan hujan turun di Bandung.",
        [
            ("Kabupaten Cianjur", "LOC"),
            ("Cianjur", "LOC"),
            ("Kota Bandung", "LOC"),
            ("Kabupaten Bandung", "LOC"),
            ("Bandung", "LOC"),
        ],
    )
    cianjur = entity(doc, "Cianjur")
    assert [m.text for m in cianjur.mentions] == ["Kabupaten Cianjur", "Cianjur"]
    # two units named Bandung: the bare name joins neither
    assert [m.text for m in entity(doc, "Bandung").mentions] == ["Bandung"]


def test_a_body_with_its_country_and_its_head_apart(pipeline):
    # Written for the test: the NER's spans stop before the country or run on into a name.
    doc = annotate(
        pipeline,
        "Kementerian Pertahanan Rusia membantah tuduhan itu. KBRI Kyiv memastikan WNI aman. "
        "Kepala Dinas Sosial NTB Ahmad Zulkarnain mengatakan bantuan tiba.",
        [
            ("Kementerian Pertahanan", "ORG"),
            ("Rusia", "LOC"),
            ("Kyiv", "LOC"),
            ("Dinas Sosial NTB Ahmad Zulkarnain", "ORG"),
        ],
    )
    assert entity(doc, "Kementerian Pertahanan Rusia").type == "ORG"
    assert entity(doc, "KBRI Kyiv").type == "ORG"
    assert entity(doc, "Dinas Sosial NTB").type == "ORG"
    assert entity(doc, "Ahmad Zulkarnain").type == "PER"


def test_a_body_named_after_a_person_is_one_organisation(pipeline):
    # Written for the test: the NER split the hospital's head word from its namesake.
    doc = annotate(
        pipeline,
        "Korban dibawa ke RSUP Mohammad Hoesin. Massa berkumpul di Jalan Sudirman.",
        [("RSUP", "ORG"), ("Mohammad Hoesin", "PER"), ("Sudirman", "PER")],
    )
    assert entity(doc, "RSUP Mohammad Hoesin").type == "ORG"
    assert entity(doc, "Jalan Sudirman").type == "LOC"


def test_ranks_commas_and_offices_inside_ner_spans(pipeline):
    # Written for the test: the NER ran a place into a rank and a name, two places into one,
    # and typed a regional office a person.
    doc = annotate(
        pipeline,
        "Kapolrestabes Medan Kombes Pol Hendra Sipayung membenarkannya. KPK menahannya di "
        "Gedung Merah Putih KPK, Jakarta. Pemprov Jateng belum menanggapi.",
        [
            ("Medan Kombes Pol Hendra Sipayung", "LOC"),
            ("Gedung Merah Putih KPK, Jakarta", "LOC"),
            ("Pemprov Jateng", "PER"),
        ],
    )
    assert entity(doc, "Hendra Sipayung").type == "PER"
    assert entity(doc, "Gedung Merah Putih KPK").type == "LOC"
    assert entity(doc, "Pemprov Jateng").type == "ORG"


def test_a_name_keeps_the_bracket_it_opens(pipeline):
    # Written for the test; the NER's span ended inside the brackets.
    doc = annotate(
        pipeline,
        "Dia menjabat komisaris PT Pupuk Indonesia (Persero) sejak 2021.",
        [("PT Pupuk Indonesia (Persero", "ORG")],
    )
    assert entity(doc, "PT Pupuk Indonesia (Persero)").type == "ORG"


def test_a_lowercase_span_is_no_name_in_cased_text(pipeline):
    # Written for the test; the NER's slips of this kind are in its model card.
    cased = annotate(
        pipeline,
        "Menteri Keuangan Sri Mulyani menyebut pertumbuhan berkelanjutan di Jakarta.",
        [("Sri Mulyani", "PER"), ("berkelanjutan", "LOC"), ("Jakarta", "LOC")],
    )
    assert has_mention(cased, "Sri Mulyani") and has_mention(cased, "Jakarta")
    assert not has_mention(cased, "berkelanjutan")
    lower = annotate(
        pipeline,
        "menteri keuangan berkunjung ke pabrik di kawasan industri rungkut hari ini.",
        [("rungkut", "LOC")],
    )
    assert has_mention(lower, "rungkut")  # all lowercase: the filter is off


def test_place_inside_an_organisation_name_is_not_matched(pipeline):
    # source_row 555 and 9
    doc = annotate(
        pipeline,
        "Mahasiswa Magister Hukum Kenegaraan Universitas Indonesia. Pemindahan dana pemerintah "
        "dari Bank Indonesia (BI) ke bank nasional.",
    )
    assert not has_mention(doc, "Indonesia")
    bi = entity(doc, "BI")
    assert (bi.name, bi.type, [m.text for m in bi.mentions]) == (
        "Bank Indonesia",
        "ORG",
        ["Bank Indonesia", "BI"],
    )


def test_gazetteer_never_cuts_a_longer_ner_span(pipeline):
    # gold article: the NER's "Kementerian Dalam Negeri Kazakhstan" stays one mention, and the
    # bare "Kementerian Dalam Negeri" later is the same ministry.
    text = (
        "Media lokal mengutip Kementerian Dalam Negeri Kazakhstan. Kementerian Dalam Negeri "
        "mengatakan 317 polisi terluka."
    )
    doc = annotate(pipeline, text, [("Kementerian Dalam Negeri Kazakhstan", "ORG")])
    ministry = entity(doc, "Kementerian Dalam Negeri Kazakhstan")
    assert [m.text for m in ministry.mentions] == [
        "Kementerian Dalam Negeri Kazakhstan",
        "Kementerian Dalam Negeri",
    ]
    assert ministry.name == "Kementerian Dalam Negeri"


def test_place_name_that_is_part_of_a_persons_name_stays_a_person(pipeline):
    # source_row 281: "Vienna" is a person here, not the city.
    doc = annotate(
        pipeline,
        "Selebgram asal Jakarta, Vienna Varella Angeli Parinussa, divonis. Aksi Vienna terjadi "
        "setelah itu.",
        [("Vienna Varella Angeli Parinussa", "PER"), ("Vienna", "PER")],
    )
    person = entity(doc, "Vienna")
    assert person.type == "PER" and person.name == "Vienna Varella Angeli Parinussa"


def test_provinces_are_the_38_of_iso_3166_2():
    pycountry = pytest.importorskip("pycountry")
    ours = {row[0] for row in read_table("gazetteer/provinces.tsv") if row[0].startswith("ID-")}
    iso = {
        s.code
        for s in pycountry.subdivisions.get(country_code="ID")
        if s.type != "Geographical unit"
    }
    assert len(ours) == 38 and ours == iso


def test_every_iso_country_is_in_the_gazetteer():
    pycountry = pytest.importorskip("pycountry")
    entries, _ = load_entries()
    assert {c.alpha_2 for c in pycountry.countries} <= set(entries)


def test_every_gazetteer_entry_has_a_known_type_and_a_source():
    for name in (
        "exonyms.tsv",
        "countries.tsv",
        "provinces.tsv",
        "cities.tsv",
        "organisations.tsv",
        "state_bodies.tsv",
        "parties.tsv",
        "news_agencies.tsv",
    ):
        for row in read_table(f"gazetteer/{name}"):
            assert row[1] in {"LOC", "ORG"}, (name, row)
            assert len(row) == 6 and row[5], (name, row)


def test_gazetteer_component_adds_entities_to_doc_ents(pipeline):
    nlp = pipeline.nlp
    gaz = Gazetteer(nlp)
    doc = nlp.make_doc("Aliansi yang dipimpin Moskow bertemu di Jenewa.")
    assert [(h.text, h.entry.name) for h in gaz.find(doc)] == [
        ("Moskow", "Moskow"),
        ("Jenewa", "Jenewa"),
    ]


# --- resolution: full name and short forms -------------------------------------------------------


def test_full_name_and_given_name_are_one_person_with_a_role(pipeline):
    # source_row 8
    doc = annotate(
        pipeline,
        "Wali Kota Malang Wahyu Hidayat menyampaikan, capaian ini tidak lepas dari langkah cepat. "
        "Menurut Wahyu, strategi pengendalian inflasi dilakukan dengan memantau harga.",
        [("Wahyu Hidayat", "PER"), ("Wahyu", "PER")],
    )
    wahyu = entity(doc, "Wahyu")
    assert wahyu.name == "Wahyu Hidayat" and len(wahyu.mentions) == 2
    assert roles(doc, "Wahyu") == ["Wali Kota Malang"]


def test_full_name_and_surname(pipeline):
    # source_row 77
    doc = annotate(
        pipeline,
        "Trump terus memaksa Ketua The Fed Jerome Powell untuk menurunkan suku bunga. Meskipun "
        "Presiden Trump terus mendorong agar Powell melakukan cutting.",
        [("Jerome Powell", "PER"), ("Powell", "PER"), ("Trump", "PER")],
    )
    powell = entity(doc, "Powell")
    assert powell.name == "Jerome Powell" and len(powell.mentions) == 2
    assert entity(doc, "Trump") is not powell
    assert roles(doc, "Jerome Powell") == ["Ketua The Fed"]


def test_shorter_full_name_that_starts_like_the_longer_one(pipeline):
    # source_row 56 and 209
    doc = annotate(
        pipeline,
        "Menkeu Sri Mulyani Indrawati menyampaikan laporan. Sri Mulyani menambahkan bahwa "
        "anggaran aman. Kombes Bhakti Eri Nurmansyah hadir. Bhakti Eri menyebutkan hingga kini "
        "pihaknya bekerja.",
        [
            ("Sri Mulyani Indrawati", "PER"),
            ("Sri Mulyani", "PER"),
            ("Bhakti Eri Nurmansyah", "PER"),
            ("Bhakti Eri", "PER"),
        ],
    )
    assert entity(doc, "Sri Mulyani").name == "Sri Mulyani Indrawati"
    assert entity(doc, "Bhakti Eri").name == "Bhakti Eri Nurmansyah"


# --- resolution: spelling variants -------------------------------------------------------------


def test_spelling_variants_merge_and_the_more_frequent_spelling_names_the_entity(pipeline):
    # gold article: "Tokayeva" once in the full name, "Tokayev" three times.
    text = (
        "Pengumuman itu muncul setelah Presiden Kazakhstan Kassym-Jomart Tokayeva meminta "
        "bantuan. Kata Tokayev dalam pidato televisi. Jika presiden Tokayev membuat permintaan. "
        "Setelah berbicara dengan Tokayev, dia berkonsultasi."
    )
    doc = annotate(
        pipeline, text, [("Presiden Kazakhstan Kassym-Jomart Tokayeva", "PER"), ("Tokayev", "PER")]
    )
    tokayev = entity(doc, "Kassym-Jomart Tokayeva")
    assert tokayev.name == "Kassym-Jomart Tokayev"
    assert [m.text for m in tokayev.mentions] == ["Kassym-Jomart Tokayeva"] + ["Tokayev"] * 3
    assert roles(doc, "Tokayev")[0] == "Presiden Kazakhstan"
    assert primary_role(roles(doc, "Tokayev")) == "Presiden Kazakhstan"
    assert not has_mention(doc, "Kazakhstan Kassym-Jomart Tokayeva")


def test_spelling_variant_inside_a_full_name(pipeline):
    # source_row 257: "Prastyo" and "Prasetyo" are one Kasi Intel.
    doc = annotate(
        pipeline,
        "Kasi Intel Kejari Sikka, Okky Prastyo Ajie, menjelaskan tindak pidana para tersangka. "
        "Hal itu dikatakan Okky Prasetyo dalam keterangan resmi. Okky membeberkan sejumlah "
        "masalah.",
        [("Okky Prastyo Ajie", "PER"), ("Okky Prasetyo", "PER"), ("Okky", "PER")],
    )
    okky = entity(doc, "Okky Prasetyo")
    assert okky.name == "Okky Prastyo Ajie" and len(okky.mentions) == 3
    assert roles(doc, "Okky")[0] == "Kasi Intel Kejari Sikka"


def test_one_letter_variant_of_a_family_name(pipeline):
    # source_row 270
    doc = annotate(
        pipeline,
        "Direktur Keuangan PT SPR periode 2010-2015 Debby Riauma Sary. Kedua, rumah dari Debby "
        "Riauma Sari selaku Direktur Keuangan PT SPR.",
        [("Debby Riauma Sary", "PER"), ("Debby Riauma Sari", "PER")],
    )
    assert len(entity(doc, "Debby Riauma Sary").mentions) == 2


# --- resolution: cases that must not merge -------------------------------------------------------


def test_shared_middle_name_does_not_merge_two_people(pipeline):
    # source_row 222: bare "Guntur" is Guntur Harahap; Asep Guntur Rahayu is someone else.
    text = (
        "Koordinator Gabdem, Guntur Harahap, menyebut laporan itu telah disampaikan. "
        '"Ada proyek renovasi gedung," kata Guntur kepada wartawan. Pelaksana Tugas Deputi '
        "Penindakan dan Eksekusi KPK Asep Guntur Rahayu menyebut akan mengecek. "
        '"Baru nanti naik ke penyelidikan," ucap Asep.'
    )
    doc = annotate(
        pipeline,
        text,
        [
            ("Guntur Harahap", "PER"),
            ("Guntur", "PER"),
            ("Asep Guntur Rahayu", "PER"),
            ("Asep", "PER"),
        ],
    )
    harahap, rahayu = entity(doc, "Guntur Harahap"), entity(doc, "Asep Guntur Rahayu")
    assert harahap is not rahayu
    assert [m.text for m in harahap.mentions] == ["Guntur Harahap", "Guntur"]
    assert [m.text for m in rahayu.mentions] == ["Asep Guntur Rahayu", "Asep"]
    assert roles(doc, "Guntur Harahap") == ["Koordinator Gabdem"]
    assert roles(doc, "Asep") == ["Pelaksana Tugas Deputi Penindakan dan Eksekusi KPK"]


def test_shared_family_name_does_not_merge_two_people(pipeline):
    # source_row 137 (Sandra Dewi, Kartika Dewi) and 210 (a father and his son)
    doc = annotate(
        pipeline,
        "Para pemohon yakni Sandra Dewi, Kartika Dewi, dan Raymon Gunawan. Sunoto menyebut "
        "dalih Sandra dalam permohonan keberatannya. Terdakwa Dirut PT DNG M Akhirun Piliang "
        "alias Kirun dan anaknya M Rayhan Dulasmi Piliang selaku Direktur PT Rona Namora.",
        [
            ("Sandra Dewi", "PER"),
            ("Kartika Dewi", "PER"),
            ("Sandra", "PER"),
            ("M Akhirun Piliang", "PER"),
            ("M Rayhan Dulasmi Piliang", "PER"),
        ],
    )
    assert entity(doc, "Sandra") is entity(doc, "Sandra Dewi")
    assert entity(doc, "Kartika Dewi") is not entity(doc, "Sandra Dewi")
    assert entity(doc, "M Akhirun Piliang") is not entity(doc, "M Rayhan Dulasmi Piliang")


def test_different_given_names_do_not_merge(pipeline):
    # The guard: "Joko Widodo" and "Joko Anwar" are two people.
    doc = annotate(
        pipeline,
        "Presiden ke-7 Joko Widodo menonton film karya sutradara Joko Anwar. Joko Widodo memuji "
        "film itu.",
        [("Joko Widodo", "PER"), ("Joko Anwar", "PER")],
    )
    assert entity(doc, "Joko Anwar") is not entity(doc, "Joko Widodo")
    assert len(entity(doc, "Joko Widodo").mentions) == 2
    assert roles(doc, "Joko Anwar") == ["sutradara"]
    assert roles(doc, "Joko Widodo") == ["Presiden ke-7"]


def test_generic_given_name_alone_does_not_link(pipeline):
    # source_row 85: Andi is a Bugis title-name shared by many; "Muhammad" likewise.
    doc = annotate(
        pipeline,
        "Bupati Luwu Utara Andi Abdullah Rahim menemui para pengusaha. Andi Ibrahim menyebut "
        "pengusaha itu menyambut baik. Muhammad Yusuf dan Saifullah Yusuf hadir.",
        [
            ("Andi Abdullah Rahim", "PER"),
            ("Andi Ibrahim", "PER"),
            ("Muhammad Yusuf", "PER"),
            ("Saifullah Yusuf", "PER"),
        ],
    )
    assert entity(doc, "Andi Ibrahim") is not entity(doc, "Andi Abdullah Rahim")
    assert entity(doc, "Muhammad Yusuf") is not entity(doc, "Saifullah Yusuf")


# --- resolution: acronyms and parentheses ----------------------------------------------------


def test_nickname_in_parentheses_after_a_full_name(pipeline):
    # source_row 5
    doc = annotate(
        pipeline,
        "Teknik pengendalian inflasi telah dirintis oleh Presiden ke-7 Joko Widodo (Jokowi). "
        "Jokowi berpengalaman sebagai kepala daerah.",
        [("Joko Widodo", "PER"), ("Jokowi", "PER")],
    )
    jokowi = entity(doc, "Jokowi")
    assert jokowi.name == "Joko Widodo" and len(jokowi.mentions) == 3
    assert roles(doc, "Jokowi") == ["Presiden ke-7"]


def test_acronym_after_its_expansion_and_alone(pipeline):
    # source_row 8: TPID is in no list; the parentheses link it.
    doc = annotate(
        pipeline,
        "Capaian ini tidak lepas dari pemerintah daerah bersama Tim Pengendalian Inflasi Daerah "
        "(TPID). Pemerintah juga bekerja sama dengan Bulog dan TPID untuk memastikan pasokan.",
        [("Tim Pengendalian Inflasi Daerah", "ORG"), ("TPID", "ORG")],
    )
    tpid = entity(doc, "TPID")
    assert tpid.name == "Tim Pengendalian Inflasi Daerah" and len(tpid.mentions) == 3
    assert entity(doc, "Bulog") is not tpid


def test_expansion_after_its_acronym(pipeline):
    # source_row 9: "SUN (Surat Utang Negara)"
    doc = annotate(
        pipeline,
        "Jadi nanti diupayakan penyalurannya ke bukan dibelikan SUN (Surat Utang Negara) lagi. "
        "Pembelian SUN dihentikan.",
        [("SUN", "MISC"), ("Surat Utang Negara", "MISC")],
    )
    sun = entity(doc, "SUN")
    assert sun.name == "Surat Utang Negara" and len(sun.mentions) == 3


def test_acronym_from_initials_without_parentheses(pipeline):
    doc = annotate(
        pipeline,
        "Dewan Ekonomi Nasional menggelar rapat pekan lalu. Ia mempersilakan DEN untuk "
        "mendirikannya sendiri.",
        [("Dewan Ekonomi Nasional", "ORG"), ("DEN", "ORG")],
    )
    assert entity(doc, "DEN").name == "Dewan Ekonomi Nasional"


def test_initials_of_a_person_in_parentheses_and_alone(pipeline):
    # source_row 221 and 245
    doc = annotate(
        pipeline,
        "Tersangka lainnya adalah Gunardi Wantjik (GW), Direktur PT Melanton Pratama; Frederick "
        "Aldo Gunardi (FAG), pegawai pada PT Melanton Pratama.",
        [
            ("Gunardi Wantjik", "PER"),
            ("GW", "PER"),
            ("Frederick Aldo Gunardi", "PER"),
            ("FAG", "PER"),
        ],
    )
    assert [m.text for m in entity(doc, "GW").mentions] == ["Gunardi Wantjik", "GW"]
    assert [m.text for m in entity(doc, "FAG").mentions] == ["Frederick Aldo Gunardi", "FAG"]
    assert roles(doc, "GW") == ["Direktur PT Melanton Pratama"]


# --- titles and roles ------------------------------------------------------------------------


def test_roles_before_and_after_the_name(pipeline):
    # gold article sentences
    text = (
        "Meskipun anggota parlemen Leonid Kalashnikov mengatakan kepada Interfax. Sebelumnya "
        "Dmitry Peskov, juru bicara Putin, mengatakan penting untuk diperhatikan."
    )
    doc = annotate(
        pipeline,
        text,
        [("Leonid Kalashnikov", "PER"), ("Dmitry Peskov", "PER"), ("Putin", "PER")],
    )
    assert roles(doc, "Leonid Kalashnikov") == ["anggota parlemen"]
    assert roles(doc, "Dmitry Peskov") == ["juru bicara Putin"]
    assert roles(doc, "Putin") == []  # Putin is whom the spokesman speaks for
    assert entity(doc, "Interfax").type == "ORG"


def test_roles_with_an_acronym_a_company_and_a_degree(pipeline):
    # source_row 443, 4, 83, 245
    doc = annotate(
        pipeline,
        "Usulan itu telah disampaikan kepada Kepala Badan Gizi Nasional (BGN) Dadan Hindayana. "
        "Harga cabai akan terkendali, kata Direktur Utama PT Dhirga Surya Ari Wibowo SH di "
        "Medan. Muhammad Reza Tirtawinata selaku direktur Nusantara Durian Foundation, "
        "menyebut butuh waktu 2 tahun. Pengacara Ridwan Kamil, Muslim Jaya Butar Butar, "
        "turut berkomentar.",
        [
            ("Dadan Hindayana", "PER"),
            ("Ari Wibowo SH", "PER"),
            ("Muhammad Reza Tirtawinata", "PER"),
            ("Ridwan Kamil", "PER"),
            ("Muslim Jaya Butar Butar", "PER"),
        ],
    )
    assert roles(doc, "Dadan Hindayana") == ["Kepala Badan Gizi Nasional (BGN)"]
    assert entity(doc, "Ari Wibowo").name == "Ari Wibowo"  # the degree SH is dropped
    assert roles(doc, "Ari Wibowo") == ["Direktur Utama PT Dhirga Surya"]
    assert roles(doc, "Muhammad Reza Tirtawinata") == ["direktur Nusantara Durian Foundation"]
    assert roles(doc, "Muslim Jaya Butar Butar") == ["Pengacara Ridwan Kamil"]
    assert roles(doc, "Ridwan Kamil") == []


def test_another_persons_title_is_not_taken_across_a_comma(pipeline):
    # source_row 109
    doc = annotate(
        pipeline,
        "Sejak pemerintahan Presiden ke-7 RI Joko Widodo (Jokowi), Luhut telah berkoordinasi.",
        [("Joko Widodo", "PER"), ("Jokowi", "PER"), ("Luhut", "PER")],
    )
    assert roles(doc, "Luhut") == []
    assert roles(doc, "Joko Widodo") == ["Presiden ke-7 RI"]


def test_a_title_alone_is_not_a_person(pipeline):
    doc = annotate(
        pipeline,
        "Setiap hari Senin, Bapak Menteri Dalam Negeri selalu memantau laporan inflasi.",
        [("Menteri Dalam Negeri", "PER")],
    )
    assert not any(e.type == "PER" for e in doc._.entities)


def test_primary_role_is_the_most_complete():
    assert primary_role(["presiden", "Presiden Kazakhstan"]) == "Presiden Kazakhstan"
    assert primary_role([]) is None


# --- pronouns ----------------------------------------------------------------------------------


def test_pronouns_are_never_entities(pipeline):
    # source_row 5 and 116
    doc = annotate(
        pipeline,
        "Harus kita akui mungkin pengalaman beliau sebagai walikota. Beliau mengatakan, silakan "
        "dimasukkan. Dia menggambarkan pengunjuk rasa sebagai teroris.",
        [("beliau", "PER"), ("Beliau", "PER"), ("Dia", "PER")],
    )
    assert doc._.entities == []
    assert list(doc.ents) == []


# --- the record and the Doc -------------------------------------------------------------------


def test_offsets_ids_and_doc_ents(pipeline):
    doc = annotate(
        pipeline,
        KAZ + " Presiden Kazakhstan Kassym-Jomart Tokayeva.",
        [("Kassym-Jomart Tokayeva", "PER")],
    )
    firsts = [e.mentions[0].start for e in doc._.entities]
    assert firsts == sorted(firsts)
    assert [e.id for e in doc._.entities] == [f"e{i}" for i in range(1, len(doc._.entities) + 1)]
    for e in doc._.entities:
        for m in e.mentions:
            assert doc.text[m.start : m.end] == m.text
    assert {(s.start_char, s.end_char) for s in doc.ents} == {
        (m.start, m.end) for e in doc._.entities for m in e.mentions
    }
    assert next(s for s in doc.ents if s.text == "CSTO").kb_id_ == "org:CSTO"


def test_extract_without_ner_gives_gazetteer_entities_in_the_record(pipeline):
    article = pipeline.extract(KAZ, published="2022-01-06")
    names = {e.name: e for e in article.entities}
    assert names["Moskow"].country == "RU"
    assert names["Organisasi Perjanjian Keamanan Kolektif"].type == "ORG"
    data = article.to_dict()
    assert data["entities"][0]["id"] == "e1"
    assert warta.Article.from_dict(data) == article


def test_names_stage_is_no_longer_pending():
    from warta.components import pending_stages

    assert "warta_names" not in pending_stages()


def test_initials_helper():
    assert initials(["Perserikatan", "Bangsa-Bangsa"]) == "PBB"
    assert initials(["pajak", "bumi", "dan", "bangunan"]) == "PBB"
    assert initials(["Ogan", "Komering", "Ilir"]) == "OKI"


# --- the corpus -----------------------------------------------------------------------------


@pytest.mark.corpus
def test_whole_corpus_runs_and_mentions_point_into_the_text(pipeline):
    if not NEWS_CSV.exists():
        pytest.skip(f"{NEWS_CSV} is absent: corpus tests need ../shared beside the repo")
    with NEWS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:150]
    for row in rows:
        doc = annotate(pipeline, row["isi_berita"])
        for e in doc._.entities:
            assert e.type in {"LOC", "ORG", "PER"}
            for m in e.mentions:
                assert row["isi_berita"][m.start : m.end] == m.text


@pytest.mark.corpus
def test_corpus_article_with_two_people_sharing_a_name_part(pipeline):
    # source_row 222, read in place: Guntur Harahap and Asep Guntur Rahayu stay apart.
    if not NEWS_CSV.exists():
        pytest.skip(f"{NEWS_CSV} is absent: corpus tests need ../shared beside the repo")
    with NEWS_CSV.open(encoding="utf-8", newline="") as fh:
        text = next(r["isi_berita"] for r in csv.DictReader(fh) if r["source_row"] == "222")
    doc = annotate(
        pipeline,
        text,
        [
            ("Guntur Harahap", "PER"),
            ("Guntur", "PER"),
            ("Asep Guntur Rahayu", "PER"),
            ("Asep", "PER"),
        ],
    )
    harahap = entity(doc, "Guntur Harahap")
    assert {m.text for m in harahap.mentions} == {"Guntur Harahap", "Guntur"}
    assert "Asep" not in {m.text for m in harahap.mentions}
    assert entity(doc, "KPK").name == "Komisi Pemberantasan Korupsi"


# --- the trained NER, when it ships ------------------------------------------------------------


def test_with_the_trained_ner_if_installed():
    from warta.pipeline import default_ner_path

    if default_ner_path() is None:
        pytest.skip("no trained NER in warta/models/ner yet (issue 3, parts 1-2)")
    article = warta.load().extract(KAZ + " Kata Tokayev.", published="2022-01-06")
    assert any(e.name == "Moskow" and e.type == "LOC" for e in article.entities)


# --- NER errors repaired: one type per name, glued places, sentence leads ------------------------


def annotate_at(pipeline: warta.Pipeline, text: str, spans: list[tuple[str, str, int]]) -> Doc:
    """Like :func:`annotate`, but each (form, label, n) labels only the n-th occurrence of the
    form (counting from 0), so that one name can carry different NER labels."""
    nlp = pipeline.nlp
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "ner":
            continue
        if name == "warta_names":
            out = []
            for form, label, n in spans:
                found = list(re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text))
                span = doc.char_span(found[n].start(), found[n].end(), label=label)
                assert span is not None, form
                out.append(span)
            doc.ents = sorted(out, key=lambda s: s.start)
            return proc(doc)
        doc = proc(doc)
    raise AssertionError("no warta_names stage")


def test_name_tagged_per_and_loc_is_one_person_when_it_speaks(pipeline):
    # source_row 22: the NER tags "Purbaya" LOC at a sentence start, PER after "ungkap".
    text = (
        'Itu biasanya begitu," ungkap Purbaya di Kompleks Istana. Purbaya menjelaskan modus '
        "pengemplang pajak. Purbaya menjelaskan, modus itu lama."
    )
    doc = annotate_at(
        pipeline, text, [("Purbaya", "PER", 0), ("Purbaya", "LOC", 1), ("Purbaya", "LOC", 2)]
    )
    people = [e for e in doc._.entities if e.name == "Purbaya"]
    assert len(people) == 1 and people[0].type == "PER" and len(people[0].mentions) == 3


def test_name_part_of_a_full_name_typed_org_links_to_the_person(pipeline):
    # source_row 101: "Bahlil" tagged ORG beside the full name "Bahlil Lahadalia" (PER).
    text = (
        "Menteri Energi dan Sumber Daya Mineral (ESDM) Bahlil Lahadalia mengungkapkan produksi "
        "siap jual. Bahlil bilang International Monetary Fund (IMF) malah memperburuk keadaan."
    )
    doc = annotate_at(pipeline, text, [("Bahlil Lahadalia", "PER", 0), ("Bahlil", "ORG", 1)])
    person = entity(doc, "Bahlil")
    assert person.type == "PER" and person.name == "Bahlil Lahadalia"


def test_spelling_variant_typed_org_twice_joins_the_person(pipeline):
    # The gold article: "Tokayev" PER once and ORG twice, beside "Tokayeva".
    text = (
        "Presiden Kazakhstan Kassym-Jomart Tokayeva meminta bantuan kepada blok tersebut. "
        "Almaty diserang, kata Tokayev dalam pidato televisi. Jika presiden Tokayev membuat "
        "permintaan, kami akan bereaksi. Setelah berbicara dengan Tokayev, dia berkonsultasi."
    )
    doc = annotate_at(
        pipeline,
        text,
        [
            ("Kassym-Jomart Tokayeva", "PER", 0),
            ("Tokayev", "PER", 0),
            ("Tokayev", "ORG", 1),
            ("Tokayev", "ORG", 2),
        ],
    )
    people = [e for e in doc._.entities if any(m.text == "Tokayev" for m in e.mentions)]
    assert len(people) == 1 and people[0].type == "PER"
    assert people[0].name == "Kassym-Jomart Tokayev" and len(people[0].mentions) == 4


def test_acronym_typed_org_that_spells_a_persons_initials_is_that_person(pipeline):
    # source_row 131 style: "AHY" tagged ORG beside "Agus Harimurti Yudhoyono".
    text = (
        "Menko Infrastruktur Agus Harimurti Yudhoyono meninjau proyek itu. AHY mengatakan "
        "proyek berjalan baik."
    )
    doc = annotate_at(pipeline, text, [("Agus Harimurti Yudhoyono", "PER", 0), ("AHY", "ORG", 0)])
    assert entity(doc, "AHY").name == "Agus Harimurti Yudhoyono"


def test_place_written_more_often_stays_a_place_beside_a_one_off_person_span(pipeline):
    # source_row 782: "Lau Mediterania" (a typo of "Laut") tagged PER once must not turn the
    # sea, written "Mediterania" three times, into a person.
    text = (
        "Lau Mediterania terletak di antara Eropa, Afrika, dan Asia. Beberapa kota di pesisir "
        "Mediterania dikenal indah. Pelabuhan penting di Mediterania. Budaya Eropa dan "
        "Mediterania bertemu."
    )
    doc = annotate_at(
        pipeline,
        text,
        [("Lau Mediterania", "PER", 0)] + [("Mediterania", "LOC", n) for n in (1, 2, 3)],
    )
    sea = [e for e in doc._.entities if e.name == "Mediterania"]
    assert len(sea) == 1 and sea[0].type == "LOC" and len(sea[0].mentions) == 3


def test_gazetteer_place_wins_over_a_person_tag_of_the_same_word(pipeline):
    # As in source_row 614 ("ke Solok" ... "Solok" tagged PER), with a city of the gazetteer
    # that needs a place cue: "ke Malang" is the city, so the uncued "Malang" tagged PER is too.
    text = "Dalam kunjungannya ke Malang, ia meninjau program. Warga Malang menyambutnya."
    doc = annotate_at(pipeline, text, [("Malang", "PER", 1)])
    place = entity(doc, "Malang")
    assert place.type == "LOC" and len(place.mentions) == 2


def test_a_place_the_gazetteer_knows_is_never_made_a_person(pipeline):
    # "Indonesia Raya" tagged PER must not drag the country into a person.
    text = "Lagu Indonesia Raya dinyanyikan. Indonesia merayakan hari kemerdekaan."
    doc = annotate_at(pipeline, text, [("Indonesia Raya", "PER", 0), ("Indonesia", "LOC", 1)])
    assert entity(doc, "Indonesia").type == "LOC"


def test_historic_state_tagged_per_takes_the_gazetteer_type(pipeline):
    doc = annotate(pipeline, KAZ, [("Uni Soviet", "PER")])
    assert entity(doc, "Uni Soviet").type == "LOC"
    doc = annotate(pipeline, "Pada masa Hindia Belanda dan Yugoslavia, kota itu kecil.")
    assert entity(doc, "Hindia Belanda").type == "LOC"
    assert entity(doc, "Yugoslavia").type == "LOC"


def test_place_glued_to_the_start_of_a_person_span_joins_the_role(pipeline):
    # source_row 617: the NER span is "Sumsel Herman Deru" after "Gubernur".
    text = (
        "Capaian ini menegaskan di bawah kepemimpinan Gubernur Sumsel Herman Deru, "
        "pembangunan infrastruktur menjadi prioritas."
    )
    doc = annotate(pipeline, text, [("Sumsel Herman Deru", "PER")])
    assert entity(doc, "Herman Deru").type == "PER"
    assert roles(doc, "Herman Deru") == ["Gubernur Sumsel"]
    assert entity(doc, "Sumsel").type == "LOC"


def test_place_glued_after_an_organisation_acronym(pipeline):
    # source_row 364: "Kasi Intel Kejari Binjai Noprianto Sihombing", NER span from "Binjai".
    text = "Kasi Intel Kejari Binjai Noprianto Sihombing, mengatakan berkas sudah lengkap."
    doc = annotate(pipeline, text, [("Binjai Noprianto Sihombing", "PER")])
    assert entity(doc, "Noprianto Sihombing").type == "PER"
    assert not has_mention(doc, "Binjai Noprianto Sihombing")


def test_place_glued_to_the_end_of_a_known_person(pipeline):
    # source_row 790: "Menurut Prabowo Indonesia tidak punya pilihan lain".
    text = (
        "Presiden Prabowo berbicara soal iklim. Menurut Prabowo Indonesia tidak punya pilihan "
        "lain untuk menyelamatkan pesisir Pantura Jawa."
    )
    doc = annotate_at(pipeline, text, [("Prabowo", "PER", 0), ("Prabowo Indonesia", "PER", 0)])
    assert len(entity(doc, "Prabowo").mentions) == 2
    assert entity(doc, "Indonesia").type == "LOC"


def test_a_name_that_only_starts_like_a_place_stays_whole(pipeline):
    # source_row 269: a site called "Astana Gede Kawali" (Astana is Kazakhstan's capital).
    text = "Mereka mengunjungi lokasi bersejarah bernama Astana Gede Kawali di Ciamis."
    doc = annotate(pipeline, text, [("Astana Gede Kawali", "PER")])
    assert has_mention(doc, "Astana Gede Kawali")


def test_sentence_lead_is_dropped_from_a_person_span(pipeline):
    # source_row 374: "Diketahui Noel sempat aktif ..." tagged as one person span.
    text = "Diketahui Noel sempat aktif menjadi tim pendukung pada Pilpres 2019."
    doc = annotate(pipeline, text, [("Diketahui Noel", "PER")])
    assert entity(doc, "Noel").type == "PER" and not has_mention(doc, "Diketahui Noel")
    # Not mid-sentence: a lead word there may be a name part.
    doc = annotate(pipeline, "Pelatih itu bernama Kini Rahardjo.", [("Kini Rahardjo", "PER")])
    assert has_mention(doc, "Kini Rahardjo")


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("phrase", "full", "short"),
    [
        ("Muhaimin Iskandar atau Cak Imin", "Muhaimin Iskandar", "Imin"),
        ("Zulkifli Hasan alias Zulhas", "Zulkifli Hasan", "Zulhas"),
        ("Pajar Permana alias Ojan", "Pajar Permana", "Ojan"),
        ("Immanuel Ebenezer atau Noel", "Immanuel Ebenezer", "Noel"),
    ],
)
def test_alias_after_atau_or_alias_is_the_same_person(pipeline, phrase, full, short):
    text = corpus_sentence(phrase)
    doc = annotate(pipeline, text, [(full, "PER"), (short, "PER")])
    assert entity(doc, short) is entity(doc, full)
    assert entity(doc, full).name == full


def test_atau_between_two_people_can_be_a_choice(pipeline):
    # written here: two full names, or two single names, joined by "atau" are two people
    for text, a, b in (
        (
            "Survei itu menanyakan Anies Baswedan atau Ganjar Pranowo.",
            "Anies Baswedan",
            "Ganjar Pranowo",
        ),
        ("Siapa yang lebih kuat, Jokowi atau Prabowo?", "Jokowi", "Prabowo"),
    ):
        doc = annotate(pipeline, text, [(a, "PER"), (b, "PER")])
        assert entity(doc, a) is not entity(doc, b)
    doc = annotate(
        pipeline, "Warga memilih Jakarta atau Surabaya.", [("Jakarta", "LOC"), ("Surabaya", "LOC")]
    )
    assert entity(doc, "Jakarta") is not entity(doc, "Surabaya")


def test_deputy_minister_short_title_is_a_role(pipeline):
    # written here: "Wamenaker" is "Wa" + "Menaker", derived from titles.tsv
    doc = annotate(
        pipeline,
        "Wamenaker Noel hadir dalam rapat itu. Noel mengatakan rapat berjalan lancar.",
        [("Wamenaker Noel", "PER"), ("Noel", "PER")],
    )
    noel = entity(doc, "Noel")
    assert noel.name == "Noel" and noel.role == "Wamenaker"


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["Universitas Satya Negara Indonesia", "Rumah Sakit Anzhen Beijing", "RSUD Sekayu"]
)
def test_an_institution_tagged_as_a_place_is_an_organisation(pipeline, name):
    # the NER often tags universities and hospitals LOC; their head word makes them bodies
    text = corpus_sentence(name)
    doc = annotate(pipeline, text, [(name, "LOC")])
    assert entity(doc, name).type == "ORG"


def test_a_street_or_building_stays_a_place(pipeline):
    # written here
    doc = annotate(
        pipeline,
        "Massa berkumpul di Jalan Sudirman lalu bergerak ke Gedung Sate.",
        [("Jalan Sudirman", "LOC"), ("Gedung Sate", "LOC")],
    )
    assert entity(doc, "Jalan Sudirman").type == "LOC"
    assert entity(doc, "Gedung Sate").type == "LOC"


@pytest.mark.corpus
@pytest.mark.parametrize(
    "glued", ["dilansirdetikNews", "kepadadetikSulsel", "dilansirAntara", "DirangkumdetikSulsel"]
)
def test_words_run_together_by_the_scraper_are_no_name(pipeline, glued):
    text = corpus_sentence(glued)
    doc = annotate(pipeline, text, [(glued, "ORG")])
    assert all(glued not in m.text for e in doc._.entities for m in e.mentions)


def test_lower_case_brands_are_not_glue():
    from warta.components.names import _glued
    from warta.gazetteer import common_words

    common = common_words()
    brands = ("detikNews", "iPhone", "eFishery", "Jakarta", "BeritaSatu", "WhatsApp", "YouTube")
    assert not any(_glued(w, common) for w in brands)
    assert _glued("dikutipAntara", common)


@pytest.mark.corpus
def test_letters_opening_a_company_name_after_a_cue_are_no_initials(pipeline):
    # "..., yakni PT Mega Eltra periode 2021-2022": "yakni" is an initials cue, "PT" is not
    text = corpus_sentence("yakni PT Mega Eltra")
    doc = annotate(pipeline, text, [("PT Mega Eltra", "ORG")])
    company = entity(doc, "PT Mega Eltra")
    assert company.type == "ORG" and company.name == "PT Mega Eltra"


def test_initials_before_a_weekday_stay_a_person(pipeline):
    # written here
    doc = annotate(pipeline, "Polisi menangkap pelaku berinisial RS Senin (3/11) di rumahnya.")
    assert entity(doc, "RS").type == "PER"


@pytest.mark.corpus
def test_a_volunteer_group_named_after_a_person_is_an_organisation(pipeline):
    text = corpus_sentence("Relawan Jokowi Mania")
    doc = annotate(pipeline, text, [("Relawan Jokowi Mania", "PER")])
    assert entity(doc, "Relawan Jokowi Mania").type == "ORG"


@pytest.mark.corpus
def test_a_name_with_the_possessive_clitic_is_no_place(pipeline):
    text = corpus_sentence("Instagramnya")
    doc = annotate(pipeline, text, [("Instagramnya", "LOC")])
    assert all("Instagramnya" not in m.text for e in doc._.entities for m in e.mentions)
    from warta.components.names import _with_clitic

    assert not any(_with_clitic(w) for w in ("Kenya", "Sonya", "Jakarta"))


def test_a_reduplicated_plural_is_no_name(pipeline):
    # written here: the NER tags a plural at a sentence start as a person
    doc = annotate(
        pipeline,
        "Geng-geng kriminal itu beroperasi di Amerika Latin.",
        [("Geng-geng", "PER"), ("Amerika Latin", "LOC")],
    )
    assert [e.name for e in doc._.entities] == ["Amerika Latin"]


@pytest.mark.corpus
def test_a_city_government_short_form_with_its_city_is_one_organisation(pipeline):
    text = corpus_sentence("Pemko Binjai")
    doc = annotate(pipeline, text, [("Pemko Binjai", "PER")])
    assert entity(doc, "Pemko Binjai").type == "ORG"


@pytest.mark.corpus
def test_a_noble_title_before_a_name_is_part_of_the_name(pipeline):
    # "Gubernur NTB Lalu Muhamad Iqbal": "Lalu" (Sasak) is no part of the role
    text = corpus_sentence("Gubernur NTB Lalu Muhamad Iqbal")
    doc = annotate(pipeline, text, [("Muhamad Iqbal", "PER")])
    iqbal = entity(doc, "Lalu Muhamad Iqbal")
    assert iqbal.name == "Lalu Muhamad Iqbal" and iqbal.role == "Gubernur NTB"


def test_a_sentence_opening_lalu_is_no_name_prefix(pipeline):
    # written here: "Lalu" = "then" at a sentence start
    doc = annotate(pipeline, "Lalu Budi Santoso pergi ke pasar.", [("Budi Santoso", "PER")])
    assert entity(doc, "Budi Santoso").name == "Budi Santoso"


@functools.cache
def _with_ner() -> warta.Pipeline:
    return warta.load()


def _corpus_row(source_row: str) -> str:
    if not NEWS_CSV.exists():
        pytest.skip(f"{NEWS_CSV} is absent: corpus tests need ../shared beside the repo")
    with NEWS_CSV.open(encoding="utf-8", newline="") as fh:
        return next(r["isi_berita"] for r in csv.DictReader(fh) if r["source_row"] == source_row)


@pytest.mark.corpus
@pytest.mark.parametrize(("source_row", "name"), [("616", "Koster"), ("263", "Renita")])
def test_every_occurrence_of_a_found_name_is_a_mention(source_row, name):
    # the NER misses some occurrences ("Koster menceritakan ..." at a sentence start)
    text = _corpus_row(source_row)
    doc = _with_ner().annotate(text)
    at = [m.start() for m in re.finditer(rf"\b{name}\b", text)]
    owners = {e.id for e in doc._.entities for m in e.mentions for a in at if m.start <= a < m.end}
    covered = [
        a for a in at if any(m.start <= a < m.end for e in doc._.entities for m in e.mentions)
    ]
    assert len(owners) == 1 and covered == at


def test_a_shared_surname_is_not_spread_to_another_bearer(pipeline):
    # written here: "Piliang" after "Akhirun" is another person's name
    doc = annotate(
        pipeline,
        "Polisi memeriksa Rayhan Dulasmi Piliang pada Senin. Saksi lain, Akhirun Piliang, "
        "juga diperiksa. Piliang mengaku tidak tahu.",
        [("Rayhan Dulasmi Piliang", "PER")],
    )
    rayhan = entity(doc, "Rayhan Dulasmi Piliang")
    assert all("Akhirun" not in m.text for m in rayhan.mentions)
    assert not any(m.text == "Piliang" for m in rayhan.mentions)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "Badan Riset dan Inovasi Nasional",
        "Kementerian Komunikasi dan Digital",
        "Kementerian Energi dan Sumber Daya Mineral",
        "Badan Pendidikan dan Pelatihan Keuangan",
    ],
)
def test_a_body_name_joined_by_dan_is_one_organisation(pipeline, name):
    # the NER cuts such names at "dan"; here it is given the two halves as it often does
    text = corpus_sentence(name)
    left, right = name.split(" dan ", 1)
    doc = annotate(pipeline, text, [(left, "ORG"), (right, "PER")])
    body = entity(doc, name)
    assert body.type == "ORG" and body.name == name


def test_two_bodies_joined_by_dan_stay_two(pipeline):
    # written here
    doc = annotate(pipeline, "Kementerian Keuangan dan Bank Indonesia sepakat menjaga inflasi.")
    assert entity(doc, "Kementerian Keuangan") is not entity(doc, "Bank Indonesia")


def test_a_body_name_stops_at_a_title_or_another_body(pipeline):
    # written here
    doc = annotate(
        pipeline,
        "Tim Laboratorium Forensik Polda Sumsel memeriksa lokasi. Majelis Hakim Khamozaro "
        "Waruwu membacakan putusan di Kantor Camat Sambelia.",
        [("Khamozaro Waruwu", "PER")],
    )
    names = {e.name for e in doc._.entities}
    assert "Polda Sumsel" in names and "Tim Laboratorium Forensik Polda Sumsel" not in names
    assert "Khamozaro Waruwu" in names
    assert not any(n.startswith("Kantor Camat") and "ORG" for n in names if n != "Kantor")


def test_a_two_word_world_city_typed_otherwise_is_a_place(pipeline):
    # written here: the NER types "Port Moresby" ORG
    doc = annotate(
        pipeline, "Rombongan itu tiba dari Port Moresby pada Selasa.", [("Port Moresby", "ORG")]
    )
    assert entity(doc, "Port Moresby").type == "LOC"


def test_a_country_name_before_a_person_is_not_the_persons(pipeline):
    # written here: the NER runs "Nugini Peter Kaluwin" together
    doc = annotate(
        pipeline,
        "Perdana Menteri Papua Nugini Peter Kaluwin tiba di Jakarta.",
        [("Nugini Peter Kaluwin", "PER")],
    )
    assert entity(doc, "Peter Kaluwin").name == "Peter Kaluwin"
    assert entity(doc, "Papua Nugini").type == "LOC"


def test_an_arabic_article_name_part_belongs_to_the_name(pipeline):
    # written here
    doc = annotate(
        pipeline,
        "Militer pimpinan Jenderal Abdel Fattah al-Burhan menolak gencatan senjata.",
        [("Abdel Fattah", "PER")],
    )
    assert entity(doc, "Abdel Fattah al-Burhan").name == "Abdel Fattah al-Burhan"


def test_a_generic_given_name_alone_is_the_one_full_name_it_opens(pipeline):
    # written here; with two full names opening with "Sri" the lone "Sri" stays apart
    doc = annotate(
        pipeline,
        "Wakil Bupati Indramayu, Sri Wahyuni, menerima petani. Sri mengatakan tuntutan dibahas.",
        [("Sri Wahyuni", "PER"), ("Sri", "PER")],
    )
    assert entity(doc, "Sri") is entity(doc, "Sri Wahyuni")
    doc = annotate(
        pipeline,
        "Sri Mulyani dan Sri Wahyuni hadir. Sri mengatakan rapat lancar.",
        [("Sri Mulyani", "PER"), ("Sri Wahyuni", "PER"), ("Sri", "PER")],
    )
    assert entity(doc, "Sri") is not entity(doc, "Sri Wahyuni")


@pytest.mark.corpus
def test_the_short_form_in_brackets_after_an_organisation_is_its_own(pipeline):
    # "Mahasiswa Universitas Udayana (Unud) ...": the NER types "Unud" LOC
    text = corpus_sentence("Universitas Udayana (Unud)")
    doc = annotate(pipeline, text, [("Universitas Udayana", "ORG"), ("Unud", "LOC")])
    assert entity(doc, "Unud") is entity(doc, "Universitas Udayana")
    assert entity(doc, "Unud").type == "ORG"


def test_armed_forces_names_are_organisations(pipeline):
    # written here
    doc = annotate(
        pipeline,
        "Perang antara Tentara Sudan dan Pasukan Dukungan Cepat (RSF) berlanjut. "
        "Pasukan TNI bersiaga di perbatasan.",
        [("RSF", "PER")],
    )
    assert entity(doc, "RSF") is entity(doc, "Pasukan Dukungan Cepat")
    assert entity(doc, "Tentara Sudan").type == "ORG"
    assert entity(doc, "TNI").name != "Pasukan TNI"


@pytest.mark.corpus
def test_an_honorific_inside_a_body_name_does_not_end_it(pipeline):
    # "Badan Penyelenggaraan Haji dan Umrah": "Haji" is also an honorific
    text = corpus_sentence("Badan Penyelenggaraan Haji dan Umrah")
    doc = annotate(pipeline, text, [("Badan Penyelenggaraan", "ORG")])
    assert entity(doc, "Badan Penyelenggaraan Haji dan Umrah").type == "ORG"


def test_common_english_words_of_a_name_are_not_looked_for_alone():
    from warta.components.names import _english_word

    assert _english_word("full") and _english_word("sale")
    assert not any(_english_word(w) for w in ("koster", "purbaya", "budi", "indah", "sari"))


@pytest.mark.corpus
def test_a_person_named_elsewhere_is_cut_off_an_organisation_span(pipeline):
    # "... dan Direktur Utama PT MAM Energindo Ali Amri yang didakwa ...": the NER runs the
    # company and the person together here and tags "Ali Amri" PER in another sentence
    text = corpus_sentence("Direktur Utama PT MAM Energindo Ali Amri")
    doc = annotate(
        pipeline,
        text + " Ali Amri membantah dakwaan itu.",
        [("PT MAM Energindo Ali Amri", "ORG"), ("Ali Amri", "PER")],
    )
    assert entity(doc, "Ali Amri").type == "PER"
    assert entity(doc, "PT MAM Energindo").name == "PT MAM Energindo"
