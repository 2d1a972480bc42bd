from warta.text import clean_whitespace, normalize_for_matching


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
