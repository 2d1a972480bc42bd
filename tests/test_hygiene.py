from warta.text import (
    boilerplate_spans,
    clean_whitespace,
    normalize_for_matching,
    overlaps_any,
    within_any,
)


def test_matching_form_folds_quotes_entities_spaces_and_case():
    assert normalize_for_matching("&quot;Teroris&quot;") == '"teroris"'
    assert normalize_for_matching("“Menstabilkan”") == '"menstabilkan"'
    assert normalize_for_matching("Kementerian\u00a0Dalam  Negeri") == "kementerian dalam negeri"
    assert normalize_for_matching("&#8220;Aman&#x201D;") == '"aman"'
    assert normalize_for_matching("ﬁnal") == "final"


def test_clean_whitespace():
    assert clean_whitespace(" BANDA\u00a0ACEH \n") == "BANDA ACEH"


def test_token_norms_are_set_without_touching_the_text(nlp):
    text = "Ia menyebut mereka &quot;teroris&quot; dan “bandit”."
    doc = nlp.annotate(text)
    assert doc.text == text
    norms = {t.text: t.norm_ for t in doc}
    assert norms["&quot;"] == '"'
    assert norms["“"] == '"' and norms["”"] == '"'
    assert norms["teroris"] == "teroris"


# --- boilerplate lines ----------------------------------------------------------------------------


def test_boilerplate_lines_are_found_whole_and_case_insensitively():
    text = (
        "Polisi menangkap dua pelaku, Senin (20/10/2025).\n"
        "SCROLL TO CONTINUE WITH CONTENT\n\n"
        "Kedua pelaku kini ditahan.\n"
        "  Simak juga Video 'Polisi Tangkap Pelaku Begal':  \n"
        "Simaklah video itu, kata warga.\n"
        "Baca juga: Banjir Rendam Ratusan Rumah\n"
        "advertisement"
    )
    spans = [text[a:b] for a, b in boilerplate_spans(text)]
    assert spans == [
        "SCROLL TO CONTINUE WITH CONTENT",
        "Simak juga Video 'Polisi Tangkap Pelaku Begal':",
        "Baca juga: Banjir Rendam Ratusan Rumah",
        "advertisement",
    ]
    assert boilerplate_spans("Pelaku berkata SCROLL TO CONTINUE WITH CONTENT di layar.") == []


def test_nothing_is_read_from_boilerplate_in_real_articles(nlp, news_rows):
    texts = [r["isi_berita"] for r in news_rows if "SCROLL TO CONTINUE" in r["isi_berita"]][:40]
    texts += [r["isi_berita"] for r in news_rows if "juga Video" in r["isi_berita"]][:20]
    assert len(texts) == 60
    for text in texts:
        skip = boilerplate_spans(text)
        assert skip
        article = nlp.extract(text)
        spans = [(m.start, m.end) for e in article.entities for m in e.mentions]
        spans += [(x.start, x.end) for x in [*article.counts, *article.dates]]
        assert not [text[a:b] for a, b in spans if overlaps_any(a, b, skip)]
        # a quotation may run across an ad break, but none comes from inside such a line
        assert not [q.text for q in article.quotes if within_any(q.start, q.end, skip)]
