import pytest

from warta.tokenizer import abbreviations


def sents(nlp, text):
    article = nlp.extract(text)
    return [text[s.start : s.end] for s in article.sentences]


def test_abbreviations_do_not_end_sentences(nlp):
    text = (
        "Polisi berjaga di Jl. Sudirman No. 5, Kec. Tebet. Kapolda Metro Jaya Irjen. Pol. "
        "Karyoto tiba pukul 10.00 WIB. Dana dikirim a.n. Yayasan Peduli."
    )
    assert sents(nlp, text) == [
        "Polisi berjaga di Jl. Sudirman No. 5, Kec. Tebet.",
        "Kapolda Metro Jaya Irjen. Pol. Karyoto tiba pukul 10.00 WIB.",
        "Dana dikirim a.n. Yayasan Peduli.",
    ]


def test_dll_ends_a_sentence_only_before_a_capital(nlp):
    text = "Warga membawa beras, minyak, dll. dari posko. Bantuan tiba dll. Kemudian hujan reda."
    assert sents(nlp, text) == [
        "Warga membawa beras, minyak, dll. dari posko.",
        "Bantuan tiba dll.",
        "Kemudian hujan reda.",
    ]


def test_initials_stay_with_the_name(nlp):
    assert len(sents(nlp, "Presiden Susilo B. Yudhoyono membuka acara itu.")) == 1


def test_a_multi_sentence_quote_stays_with_its_cue(nlp):
    text = "“Situasi sudah aman. Warga boleh pulang,” kata Kapolres. Ia lalu pergi."
    assert sents(nlp, text) == [
        "“Situasi sudah aman. Warga boleh pulang,” kata Kapolres.",
        "Ia lalu pergi.",
    ]


def test_a_quote_closing_after_the_stop_stays_in_its_sentence(nlp):
    text = 'Ia berkata, "Kami siap." Kemudian rapat ditutup.'
    assert sents(nlp, text) == ['Ia berkata, "Kami siap."', "Kemudian rapat ditutup."]


def test_paragraph_breaks_always_end_a_sentence_even_inside_an_unclosed_quote(nlp):
    text = "“Kami menolak keras\nPemerintah belum menjawab."
    assert sents(nlp, text) == ["“Kami menolak keras", "Pemerintah belum menjawab."]


@pytest.mark.parametrize(
    "lead",
    ["KONTAN.CO.ID - JAKARTA. ", "Bisnis.com, JAKARTA--", "Jakarta (ANTARA) - "],
)
def test_the_dateline_lead_belongs_to_the_first_sentence(nlp, lead):
    text = lead + "Pemerintah menaikkan harga BBM. Warga protes."
    assert sents(nlp, text) == [lead + "Pemerintah menaikkan harga BBM.", "Warga protes."]


@pytest.mark.corpus
def test_no_sentence_of_the_news_corpus_ends_on_a_prefix_abbreviation(nlp, news_rows):
    # Real Detik articles: a sentence may never end with "Jl.", "No.", "Dr." and the like.
    prefix = set(abbreviations())
    checked = 0
    for row in news_rows[:60]:
        text = row["isi_berita"]
        for s in nlp.extract(text).sentences:
            last = text[s.start : s.end].split()[-1]
            assert last not in prefix, text[s.start : s.end]
            checked += 1
    assert checked > 500


def test_numbered_list_items_are_not_sentences_of_their_own(nlp):
    text = "Berikut daftarnya:\n1. Pertama, warga diminta.\n2. Kedua, hujan. Lalu reda."
    assert sents(nlp, text) == [
        "Berikut daftarnya:",
        "1. Pertama, warga diminta.",
        "2. Kedua, hujan.",
        "Lalu reda.",
    ]


def test_a_missing_space_after_the_stop_still_ends_the_sentence(nlp):
    # Scraped text often loses the space: 'putus".Sejak'.
    text = 'Ia menyebutnya "politik beli putus".Sejak itu partai berubah.'
    assert sents(nlp, text) == ['Ia menyebutnya "politik beli putus".', "Sejak itu partai berubah."]
