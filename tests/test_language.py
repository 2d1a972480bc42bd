from warta.components.language import detect_language


def test_indonesian_english_malay():
    assert (
        detect_language(
            "Pemerintah akan menyalurkan bantuan kepada warga terdampak banjir di Kabupaten Demak."
        )[0]
        == "id"
    )
    assert (
        detect_language(
            "The president said the army would be deployed to restore order in the capital."
        )[0]
        == "en"
    )
    assert (
        detect_language(
            "Kerajaan Malaysia akan melaksanakan dasar baharu untuk membantu rakyat "
            "yang terjejas banjir."
        )[0]
        == "ms"
    )


def test_too_short_to_tell():
    assert detect_language("OK 123") == (None, None)


def test_non_indonesian_text_gets_a_record_with_a_notice(nlp):
    text = (
        "JAKARTA - The government said on Monday that it would send troops to restore order "
        "after protests spread across the country. Eight people were killed."
    )
    article = nlp.extract(text)
    assert article.metadata.language == "en"
    assert article.metadata.dateline == "JAKARTA"
    assert [n.kind for n in article.notices] == ["not-indonesian"]
    assert len(article.sentences) == 2
    assert article.entities == []


def test_indonesian_text_has_no_language_notice(nlp):
    article = nlp.extract("Pemerintah akan menyalurkan bantuan kepada warga terdampak banjir.")
    assert article.metadata.language == "id" and article.notices == []
