"""Tests for warta.train (corpus readers, label mapping, BIO conversion) and the shipped NER."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from warta.train.corpora import (
    CORPORA,
    LABEL_MAPS,
    WARTA_LABELS,
    MissingCorpusError,
    Sentence,
    bio_to_spans,
    build_docbins,
    corpus_path,
    dedup_key,
    guess_spaces,
    load_split,
    map_spans,
    org_lexicon,
    read_conll,
    sentence_to_doc,
    unannotated_org_spans,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "ner"
MODEL = REPO / "src" / "warta" / "models" / "ner"

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"NER corpora not found at {DATA} (../shared/data/ner)"
)


# ------------------------------------------------------------------ label mapping


def test_label_maps_cover_all_corpora_and_target_warta_types() -> None:
    assert set(LABEL_MAPS) == set(CORPORA)
    for mapping in LABEL_MAPS.values():
        assert set(mapping.values()) - {None} == set(WARTA_LABELS)
    assert LABEL_MAPS["nerp"]["IND"] == "ORG"
    assert LABEL_MAPS["nerp"]["EVT"] is None
    assert LABEL_MAPS["nergrit"]["PLACE"] == "LOC"
    assert LABEL_MAPS["nerugm"]["TIME"] is None


def test_map_spans_drops_unmapped_types_and_rejects_unknown() -> None:
    spans = [(0, 2, "PPL"), (3, 4, "EVT"), (5, 6, "IND"), (7, 9, "PLC")]
    assert map_spans(spans, "nerp") == [(0, 2, "PER"), (5, 6, "ORG"), (7, 9, "LOC")]
    with pytest.raises(ValueError, match="MISC"):
        map_spans([(0, 1, "MISC")], "nerui")


# ---------------------------------------------------------------- BIO conversion


def test_bio_to_spans_basic_and_broken_sequences() -> None:
    tags = [
        "B-PERSON",
        "I-PERSON",
        "O",  # 0-2: ordinary entity
        "I-LOCATION",
        "I-LOCATION",
        "O",  # 3-5: I- without B- starts an entity
        "B-PERSON",
        "B-PERSON",  # 6-7: two adjacent one-token entities
        "B-PERSON",
        "I-LOCATION",  # 8-9: type change inside I- starts a new one
        "I-ORGANIZATION",  # 10: entity running to the end
    ]
    assert bio_to_spans(tags) == [
        (0, 2, "PERSON"),
        (3, 5, "LOCATION"),
        (6, 7, "PERSON"),
        (7, 8, "PERSON"),
        (8, 9, "PERSON"),
        (9, 10, "LOCATION"),
        (10, 11, "ORGANIZATION"),
    ]
    assert bio_to_spans([]) == []
    assert bio_to_spans(["O", "O"]) == []


def test_sentence_to_doc_builds_entities_and_missing_values() -> None:
    sent = Sentence(
        ("Gubernur", "Anies", "Baswedan", "(", "DKI", ")", "bertemu", "kpk", "di", "Jakarta", "."),
        ("O", "B-PPL", "I-PPL", "O", "I-PLC", "O", "O", "O", "O", "B-PLC", "O"),
    )
    doc = sentence_to_doc(Vocab(), sent, "nerp", missing=[(7, 8)])
    assert [t.text for t in doc] == list(sent.words)
    assert doc.text == "Gubernur Anies Baswedan (DKI) bertemu kpk di Jakarta."
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Anies Baswedan", "PER"),
        ("DKI", "LOC"),
        ("Jakarta", "LOC"),
    ]
    assert doc[7].ent_iob_ == ""  # missing: ignored by training
    assert doc[6].ent_iob_ == "O"


def test_guess_spaces_quotes_and_punctuation() -> None:
    words = ['"', "Ini", "mudah", ",", '"', "kata", "Federer", "(", "35", ")", "."]
    spaces = guess_spaces(words)
    text = "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True))
    assert text == '"Ini mudah," kata Federer (35).'


def test_dedup_key_ignores_case_spacing_and_punctuation() -> None:
    assert dedup_key(["Joko", "Widodo", ",", "Presiden"]) == dedup_key(
        ["joko", "widodo", "presiden"]
    )


def test_org_lexicon_and_unannotated_org_spans() -> None:
    cased = [
        Sentence(("KPK", "memeriksa", "Budi"), ("B-ORGANIZATION", "O", "B-PERSON")),
        Sentence(("Juru", "bicara", "KPK"), ("O", "O", "B-ORGANIZATION")),
        Sentence(("Ia", "duduk", "di", "antara", "mereka"), ("O", "O", "O", "O", "O")),
        Sentence(("Kantor", "Antara"), ("B-ORGANIZATION", "I-ORGANIZATION")),
        Sentence(("Antara", "melaporkan"), ("B-ORGANIZATION", "O")),
        Sentence(("Antara", "menulis"), ("B-ORGANIZATION", "O")),
    ]
    lexicon = org_lexicon([("nerui", cased)])
    assert ("kpk",) in lexicon
    assert ("antara",) not in lexicon  # also a common lowercase word ("between")
    nerp = Sentence(("kpk", "memanggil", "saksi", "antara", "lain"), ("O",) * 5)
    assert unannotated_org_spans(nerp, lexicon) == [(0, 1)]
    tagged = Sentence(("kpk", "memanggil"), ("B-IND", "O"))
    assert unannotated_org_spans(tagged, lexicon) == []


# ------------------------------------------------------------------ reading files


def test_read_conll_and_missing_paths(tmp_path: Path) -> None:
    f = tmp_path / "x.tsv"
    f.write_text("Budi\tB-PERSON\nke\tO\n\nBandung\tB-LOCATION\n", encoding="utf-8")
    sents = read_conll(f)
    assert sents == [
        Sentence(("Budi", "ke"), ("B-PERSON", "O")),
        Sentence(("Bandung",), ("B-LOCATION",)),
    ]
    bad = tmp_path / "bad.tsv"
    bad.write_text("Budi B-PERSON\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:1"):
        read_conll(bad)
    missing = tmp_path / "nope"
    with pytest.raises(MissingCorpusError, match=re.escape(str(missing))):
        corpus_path(missing, "nerui", "train")
    (tmp_path / "nerp").mkdir()
    with pytest.raises(MissingCorpusError, match=r"train_preprocess\.txt"):
        corpus_path(tmp_path, "nerp", "train")


def test_train_ner_names_missing_data_dir(tmp_path: Path) -> None:
    from warta.train.ner import train_ner

    missing = tmp_path / "no-such-data"
    with pytest.raises(MissingCorpusError, match="no-such-data"):
        train_ner(tmp_path / "out", data_dir=missing)
    assert not (tmp_path / "out").exists()


def _write(path: Path, sentences: list[list[tuple[str, str]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n\n".join("\n".join(f"{w}\t{t}" for w, t in s) for s in sentences) + "\n",
        encoding="utf-8",
    )


def test_build_docbins_never_trains_on_test_sentences(tmp_path: Path) -> None:
    data = tmp_path / "ner"
    leak = [("Ahok", "B-PERSON"), ("ke", "O"), ("Bogor", "B-LOCATION")]
    ok = [("Budi", "B-PERSON"), ("di", "O"), ("KPK", "B-ORGANIZATION")]
    other = [("Siti", "B-PERSON"), ("pulang", "O")]
    for corpus in ("nerui", "nerugm"):
        _write(data / corpus / "train.01.tsv", [ok, other])
        _write(data / corpus / "dev.01.tsv", [other])
        _write(data / corpus / "test.01.tsv", [leak if corpus == "nerui" else other])
    _write(data / "nergrit" / "train_preprocess.txt", [[("Tono", "B-PERSON"), ("datang", "O")]])
    _write(data / "nergrit" / "valid_preprocess.txt", [[("Ani", "B-PERSON")]])
    _write(data / "nergrit" / "test_preprocess.txt", [[("Rudi", "B-PERSON")]])
    # NERP holds a lowercased copy of the NER-UI test sentence and an unannotated "kpk"
    nerp_leak = [("ahok", "B-PPL"), ("ke", "O"), ("bogor", "B-PLC")]
    nerp_kpk = [("kpk", "O"), ("menahan", "O"), ("tono", "B-PPL")]
    _write(data / "nerp" / "train_preprocess.txt", [nerp_leak, nerp_kpk])
    _write(data / "nerp" / "valid_preprocess.txt", [[("bandung", "B-PLC")]])
    _write(data / "nerp" / "test_preprocess.txt", [[("kopi", "B-FNB"), ("enak", "O")]])

    report = build_docbins(data, tmp_path / "out")
    vocab = Vocab()
    train = list(DocBin().from_disk(report.files["train"]).get_docs(vocab))
    texts = {d.text.lower() for d in train}
    assert "ahok ke bogor" not in texts
    assert report.dropped_overlap["nerp-train"] == 1
    kpk_doc = next(d for d in train if d[0].text == "kpk")
    assert kpk_doc[0].ent_iob_ == ""  # "KPK" is ORG in the cased corpora: left missing
    assert [e.label_ for e in kpk_doc.ents] == ["PER"]
    nerp_test = list(DocBin().from_disk(report.files["test-nerp"]).get_docs(vocab))
    assert [list(d.ents) for d in nerp_test] == [[]]  # FNB dropped


# ------------------------------------------------------------------ real corpora


@needs_data
def test_real_corpora_read_with_expected_sizes_and_labels() -> None:
    expected = {
        ("nergrit", "train"): 1672,
        ("nergrit", "test"): 209,
        ("nerp", "train"): 6720,
        ("nerp", "dev"): 840,
        ("nerui", "train"): 1530,
        ("nerui", "test"): 426,
        ("nerugm", "test"): 469,
    }
    for (corpus, split), n in expected.items():
        sents = load_split(DATA, corpus, split, fold=1)
        assert len(sents) == n, (corpus, split)
        labels = {t[2:] for s in sents for t in s.tags if t != "O"}
        assert labels <= set(LABEL_MAPS[corpus]), (corpus, labels)
    nerp = load_split(DATA, "nerp", "test")
    assert all(w == w.lower() for s in nerp for w in s.words)  # NERP is lowercased
    nerui = load_split(DATA, "nerui", "test", fold=1)
    assert any(any(c.isupper() for c in w) for s in nerui for w in s.words)


@needs_data
def test_real_corpora_convert_to_docs() -> None:
    sent = load_split(DATA, "nerui", "train", fold=1)[0]
    doc = sentence_to_doc(Vocab(), sent, "nerui")
    assert len(doc) == len(sent.words)
    spans = map_spans(bio_to_spans(sent.tags), "nerui")
    assert [(e.start, e.end, e.label_) for e in doc.ents] == spans


# ------------------------------------------------------------------ shipped model


@pytest.fixture(scope="module")
def ner_nlp() -> spacy.language.Language:
    if not (MODEL / "meta.json").is_file():
        pytest.fail(f"shipped NER model missing at {MODEL}; run `warta train ner`")
    return spacy.load(MODEL)


SENTENCE = "Presiden Joko Widodo meresmikan bendungan di Kabupaten Sleman, Yogyakarta, pada Senin."


def test_shipped_model_finds_person_and_location(ner_nlp: spacy.language.Language) -> None:
    assert ner_nlp.lang == "id"
    assert ner_nlp.pipe_names == ["ner"]
    assert set(ner_nlp.get_pipe("ner").labels) == set(WARTA_LABELS)
    doc = ner_nlp(SENTENCE)
    ents = [(e.text, e.label_) for e in doc.ents]
    assert any(lab == "PER" and "Joko Widodo" in text for text, lab in ents), ents
    assert any(lab == "LOC" and ("Sleman" in text or "Yogyakarta" in text) for text, lab in ents), (
        ents
    )


def test_shipped_ner_is_self_contained(ner_nlp: spacy.language.Language) -> None:
    nlp = spacy.blank("id")
    nlp.add_pipe("ner", source=ner_nlp)
    doc = nlp(SENTENCE)
    assert {e.label_ for e in doc.ents} >= {"PER", "LOC"}


def test_shipped_model_is_small_and_documented() -> None:
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size < 25 * 2**20
    card = (MODEL / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("Label mapping", "NER-UI", "NERGrit", "NERP", "words/s", "warta train ner"):
        assert needle in card


# ------------------------------------------------------------------ training options


def test_build_docbins_oversample_repeats_training_docs_only(tmp_path: Path) -> None:
    data = tmp_path / "ner"
    a = [("Budi", "B-PERSON"), ("di", "O"), ("Bogor", "B-LOCATION")]
    b = [("Siti", "B-PERSON"), ("pulang", "O")]
    for corpus in ("nerui", "nerugm"):
        _write(data / corpus / "train.01.tsv", [a])
        _write(data / corpus / "dev.01.tsv", [b])
        _write(data / corpus / "test.01.tsv", [[("Ani", "B-PERSON"), ("tidur", "O")]])
    _write(data / "nergrit" / "train_preprocess.txt", [[("Tono", "B-PERSON"), ("datang", "O")]])
    _write(data / "nergrit" / "valid_preprocess.txt", [[("Rina", "B-PERSON")]])
    _write(data / "nergrit" / "test_preprocess.txt", [[("Rudi", "B-PERSON")]])
    _write(data / "nerp" / "train_preprocess.txt", [[("dodi", "B-PPL"), ("makan", "O")]])
    _write(data / "nerp" / "valid_preprocess.txt", [[("bandung", "B-PLC")]])
    _write(data / "nerp" / "test_preprocess.txt", [[("medan", "B-PLC")]])
    vocab = Vocab()
    plain = build_docbins(data, tmp_path / "plain")
    twice = build_docbins(data, tmp_path / "twice", oversample={"nergrit": 3})
    n_plain = len(list(DocBin().from_disk(plain.files["train"]).get_docs(vocab)))
    texts = [d.text for d in DocBin().from_disk(twice.files["train"]).get_docs(vocab)]
    assert len(texts) == n_plain + 2
    assert texts.count("Tono datang") == 3
    assert twice.sentences == plain.sentences  # counts of distinct sentences
    dev_p = len(list(DocBin().from_disk(plain.files["dev"]).get_docs(vocab)))
    dev_t = len(list(DocBin().from_disk(twice.files["dev"]).get_docs(vocab)))
    assert dev_p == dev_t
    with pytest.raises(ValueError, match="oversample"):
        build_docbins(data, tmp_path / "bad", oversample={"wiki": 2})


def test_cli_oversample_parser_and_static_vectors_switch(tmp_path: Path) -> None:
    import argparse

    from warta.train.ner import CONFIG_PATH, _oversample, uses_static_vectors

    assert _oversample("nergrit=2, nerui=3") == {"nergrit": 2, "nerui": 3}
    with pytest.raises(argparse.ArgumentTypeError, match="CORPUS=N"):
        _oversample("wiki=2")
    shipped = CONFIG_PATH.read_text(encoding="utf-8")
    other = tmp_path / "v.cfg"
    flipped = re.sub(
        r"include_static_vectors = \w+",
        "include_static_vectors = "
        + ("false" if "include_static_vectors = true" in shipped else "true"),
        shipped,
    )
    other.write_text(flipped, encoding="utf-8")
    assert uses_static_vectors(CONFIG_PATH) != uses_static_vectors(other)


def test_record_variant_adds_a_selection_row_and_rewrites_the_card(tmp_path: Path) -> None:
    import json

    from warta.train.ner import main, record_variant

    shipped = tmp_path / "shipped"
    variant = tmp_path / "variant"
    shipped.mkdir()
    variant.mkdir()
    scores = {"p": 70.0, "r": 60.0, "f": 64.6, "sentences": 2, "entities": 3, "per_type": {}}
    for label in WARTA_LABELS:
        scores["per_type"][label] = {"p": 1.0, "r": 1.0, "f": 1.0, "support": 1}
    ev = {"test": {"nergrit": scores}, "selection": {"note": "rule", "variants": []}}
    (shipped / "evaluation.json").write_text(json.dumps(ev), encoding="utf-8")
    (variant / "evaluation.json").write_text(json.dumps(ev), encoding="utf-8")
    (variant / "meta.json").write_text(
        json.dumps({"performance": {"ents_f": 0.7557}}), encoding="utf-8"
    )
    row = record_variant(shipped, variant, "V1: vectors", command="python -m x")
    assert row == {
        "name": "V1: vectors",
        "dev_f": 75.57,
        "test": {"nergrit": 64.6},
        "command": "python -m x",
    }
    record_variant(shipped, variant, "V1: vectors")  # same name: replaced, not repeated
    saved = json.loads((shipped / "evaluation.json").read_text(encoding="utf-8"))
    assert [v["name"] for v in saved["selection"]["variants"]] == ["V1: vectors"]
    card = (shipped / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "| V1: vectors | 75.6 | 64.6 |" in card
    assert (
        main(
            [
                "variant",
                "--model-dir",
                str(tmp_path / "none"),
                "--variant-dir",
                str(variant),
                "--name",
                "x",
            ]
        )
        == 2
    )


def test_build_static_vectors_on_tiny_text_keys_on_lower(tmp_path: Path) -> None:
    pytest.importorskip("floret")
    import json

    from warta.train.ner import build_static_vectors

    raw = tmp_path / "raw.jsonl"
    lines = ["Presiden Joko Widodo berkunjung ke Jakarta.", "presiden jokowi di jakarta hari ini."]
    raw.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines * 20), encoding="utf-8")
    small = {"dim": 8, "bucket": 200, "epoch": 1, "minCount": 1}
    folder, info = build_static_vectors(raw, tmp_path / "vec", settings=small)
    nlp = spacy.load(folder)
    assert nlp.vocab.vectors.shape == (200, 8)
    assert info["attr"] == "LOWER" and info["words"] > 0
    doc = nlp("Jakarta jakarta")
    assert (doc[0].vector == doc[1].vector).all()  # cased and lowercased text share a vector
    again, _ = build_static_vectors(raw, tmp_path / "vec", settings=small)  # cached
    assert again == folder
