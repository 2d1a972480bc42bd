import pytest


def words(nlp, text):
    return [t.text for t in nlp.nlp.make_doc(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("geng-geng terlatih", ["geng-geng", "terlatih"]),
        ("317 luka-luka", ["317", "luka-luka"]),
        ("Kassym-Jomart Tokayev", ["Kassym-Jomart", "Tokayev"]),
        (
            "pandemi COVID-19 dan 2.000-an orang",
            ["pandemi", "COVID-19", "dan", "2.000-an", "orang"],
        ),
        ("Bisnis.com, JAKARTA--Para", ["Bisnis.com", ",", "JAKARTA", "--", "Para"]),
        ("Harianjogja.com, SLEMAN—Polisi", ["Harianjogja.com", ",", "SLEMAN", "—", "Polisi"]),
        ("10-12 orang", ["10", "-", "12", "orang"]),
    ],
)
def test_hyphens_inside_words_stay_dashes_between_them_split(nlp, text, expected):
    assert words(nlp, text) == expected


def test_html_entities_split_off_the_word(nlp):
    assert words(nlp, "&quot;teroris&quot; kata") == ["&quot;", "teroris", "&quot;", "kata"]
    assert words(nlp, "&#8220;aman&#8221;") == ["&#8220;", "aman", "&#8221;"]


def test_abbreviations_are_one_token(nlp):
    toks = words(nlp, "Irjen. Pol. Budi di Jl. Sudirman No. 5, Kab. Bogor a.n. Ani")
    for abbr in ("Irjen.", "Pol.", "Jl.", "No.", "Kab.", "a.n."):
        assert abbr in toks


def test_tokens_cover_the_text_exactly(nlp):
    text = "Presiden\u00a0Jokowi  tiba &amp; “disambut”\n\nwarga."
    doc = nlp.nlp.make_doc(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text


def test_a_quote_glued_to_punctuation_is_split_off(nlp):
    assert words(nlp, 'putus".Sejak') == ["putus", '"', ".", "Sejak"]
    assert words(nlp, 'berkata:"Kami') == ["berkata", ":", '"', "Kami"]


def test_long_runs_without_spaces_are_tokenized_in_linear_time(nlp):
    # spaCy alone needs over a minute for 20,000 "(" (quadratic); pieces keep it linear
    text = "Polisi tiba. " + "(" * 20_000 + " Warga " + "“" * 3_000 + "\n\nSelesai."
    doc = nlp.nlp.make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc[:3]] == ["Polisi", "tiba", "."]
    assert [t.text for t in doc[-3:]] == ["\n\n", "Selesai", "."]
    assert all(len(t) <= 100 for t in doc)
