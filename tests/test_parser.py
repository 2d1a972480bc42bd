"""The UD converter, the parser's API (warta.syntax) and the shipped parser model's card.

Corpus tests read ../shared in place and skip with a reason when it is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab
from tests.conftest import NEWS_CSV, SHARED, need

from warta.errors import WartaError
from warta.syntax import Parsed, default_parser_path, load_parser, parse_sentence, parse_spans
from warta.train.parser import (
    DEFAULT_TRAIN_STEPS,
    LABEL_MAP,
    UDSentence,
    build_docbins,
    evaluate_parser,
    harmonise_heads,
    harmonise_label,
    harmonise_sentence,
    read_conllu,
    rebuild_command,
    sentence_to_doc,
)

FIXTURE = Path(__file__).parent / "data" / "parser" / "mini.conllu"
UD_DIR = SHARED / "data" / "ud"
MODEL_DIR = Path(__file__).resolve().parents[1] / "src" / "warta" / "models" / "parser"


# ---------------------------------------------------------------- converter


def test_multiword_tokens_merge_into_one_token_with_the_main_words_analysis() -> None:
    first, second = list(read_conllu(FIXTURE))
    assert first.words == (
        "Menurutnya",
        ",",
        "kantor",
        "itu",
        "diserang",
        "oleh",
        "massa",
        "ke-2",
        ".",
    )
    verb = first.words.index("diserang")
    i = first.words.index("Menurutnya")
    # "nya" is the word whose head (diserang) lies outside the token: its relation and POS win,
    # the lemma comes from the stem "Menurut", not from the clitic
    assert (first.heads[i], first.deps[i], first.pos[i], first.lemmas[i]) == (
        verb,
        "obl",
        "PRON",
        "turut",
    )
    k = first.words.index("ke-2")
    assert (first.heads[k], first.deps[k], first.pos[k]) == (
        first.words.index("massa"),
        "amod",
        "NUM",
    )
    assert first.heads[verb] == verb and first.deps[verb] == "root"
    assert first.merged == 2
    # rumahnya: both parts depend on words outside; the first (rumah, obl of pulang) is the main
    j = second.words.index("rumahnya")
    assert (second.heads[j], second.deps[j], second.lemmas[j]) == (1, "obl", "rumah")
    assert second.words[second.heads[second.words.index("dan")]] == "kembali"


def test_spaces_follow_space_after_on_the_range_line() -> None:
    first, second = list(read_conllu(FIXTURE))
    doc = sentence_to_doc(Vocab(), first)
    assert doc.text == "Menurutnya, kantor itu diserang oleh massa ke-2."
    assert sentence_to_doc(Vocab(), second).text == "Ia pulang ke rumahnya dan akan kembali."


def test_training_labels_fold_into_the_gsd_inventory() -> None:
    first, second = list(read_conllu(FIXTURE))
    doc = sentence_to_doc(Vocab(), first)
    massa = next(t for t in doc if t.text == "massa")
    assert massa.dep_ == "obl" and massa.head.text == "diserang"
    assert next(t for t in doc if t.text == "diserang").dep_ == "ROOT"
    raw = sentence_to_doc(Vocab(), first, harmonise=False)
    assert next(t for t in raw if t.text == "massa").dep_ == "obl:agent"
    akan = next(t for t in sentence_to_doc(Vocab(), second) if t.text == "akan")
    assert akan.dep_ == "advmod"
    assert harmonise_label("nsubj:pass") == "nsubj:pass"
    assert all(":" not in v for v in LABEL_MAP.values())
    nolemma = sentence_to_doc(Vocab(), first, with_lemmas=False)
    assert all(t.lemma_ == "" for t in nolemma)


def test_bare_nominal_modifiers_become_compound_or_flat_as_in_gsd() -> None:
    # "kenaikan harga cabai di Provinsi Riau": CSUI style, nmod everywhere
    sent = UDSentence(
        "t",
        "kenaikan harga cabai di Provinsi Riau",
        ("kenaikan", "harga", "cabai", "di", "Provinsi", "Riau"),
        (True, True, True, True, True, False),
        (0, 0, 1, 4, 0, 4),
        ("root", "nmod", "nmod", "case", "nmod", "nmod"),
        ("NOUN", "NOUN", "NOUN", "ADP", "NOUN", "PROPN"),
        (None,) * 6,
    )
    assert harmonise_sentence(sent) == ["root", "compound", "compound", "case", "nmod", "flat"]
    doc = sentence_to_doc(Vocab(), sent)
    assert [t.dep_ for t in doc] == ["ROOT", "compound", "compound", "case", "nmod", "flat"]


def test_name_fans_become_chains_as_in_gsd() -> None:
    # "Bank Pembangunan Asia di Manila": CSUI/PUD attach every name word to the first (a fan),
    # GSD chains them; the rest of the tree is unchanged
    sent = UDSentence(
        "t",
        "Bank Pembangunan Asia di Manila",
        ("Bank", "Pembangunan", "Asia", "di", "Manila"),
        (True, True, True, True, False),
        (0, 0, 0, 4, 0),
        ("root", "flat:name", "flat:name", "case", "nmod"),
        ("PROPN", "PROPN", "PROPN", "ADP", "PROPN"),
        (None,) * 5,
    )
    deps = harmonise_sentence(sent, shapes=True)
    assert deps == ["root", "flat", "flat", "case", "nmod"]
    assert harmonise_heads(sent, deps) == [0, 0, 1, 4, 0]
    assert [t.head.i for t in sentence_to_doc(Vocab(), sent, shapes=True)] == [0, 0, 1, 4, 0]
    # without shapes the treebank's heads are kept
    assert [t.head.i for t in sentence_to_doc(Vocab(), sent)] == [0, 0, 0, 4, 0]


def test_adjectives_get_gsds_amod_with_shapes() -> None:
    # "harga yang tinggi ditolak keras": "yang" + ADJ under a noun is acl in CSUI/PUD, amod in
    # GSD; an ADJ under a verb is advmod in PUD, amod in GSD
    sent = UDSentence(
        "t",
        "harga yang tinggi ditolak keras",
        ("harga", "yang", "tinggi", "ditolak", "keras"),
        (True, True, True, True, False),
        (3, 2, 0, 3, 3),
        ("nsubj:pass", "nsubj", "acl:relcl", "root", "advmod"),
        ("NOUN", "PRON", "ADJ", "VERB", "ADJ"),
        (None,) * 5,
    )
    assert harmonise_sentence(sent) == ["nsubj:pass", "nsubj", "acl", "root", "advmod"]
    assert harmonise_sentence(sent, shapes=True) == [
        "nsubj:pass",
        "nsubj",
        "amod",
        "root",
        "amod",
    ]


def test_shapes_keep_gsd_trees_projective_and_single_rooted(tmp_path: Path) -> None:
    need(UD_DIR / "UD_Indonesian-CSUI" / "id_csui-ud-train.conllu")
    sents = list(read_conllu(UD_DIR / "UD_Indonesian-CSUI" / "id_csui-ud-train.conllu"))
    changed = 0
    for s in sents:
        heads = harmonise_heads(s, harmonise_sentence(s, shapes=True))
        changed += heads != list(s.heads)
        assert sum(h == i for i, h in enumerate(heads)) == 1
        arcs = [(min(i, h), max(i, h)) for i, h in enumerate(heads) if h != i]
        before = [(min(i, h), max(i, h)) for i, h in enumerate(s.heads) if h != i]

        def crossings(a: list[tuple[int, int]]) -> int:
            return sum(x[0] < y[0] < x[1] < y[1] for x in a for y in a)

        assert crossings(arcs) <= crossings(before)
    assert changed > 100


def test_malformed_conllu_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.conllu"
    bad.write_text("# text = a b\n1\ta\ta\tX\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.conllu:2"):
        list(read_conllu(bad))


class _Oracle:
    """A stand-in pipeline that copies the gold analysis: the scorer must give 100."""

    def __init__(self, golds: list[Doc]) -> None:
        self.golds = golds
        self.vocab = golds[0].vocab

    def pipe(self, docs: list[Doc], batch_size: int = 0) -> list[Doc]:
        return list(self.golds)


def test_scorer_counts_every_token(tmp_path: Path) -> None:
    vocab = Vocab()
    docs = [sentence_to_doc(vocab, s) for s in read_conllu(FIXTURE)]
    path = tmp_path / "gold.spacy"
    DocBin(docs=docs).to_disk(path)
    scores = evaluate_parser(_Oracle(list(DocBin().from_disk(path).get_docs(vocab))), path)
    assert scores["tokens"] == sum(len(d) for d in docs) == 17
    assert scores["uas"] == scores["las"] == scores["upos"] == scores["lemma"] == 100.0


@pytest.mark.corpus
def test_no_training_sentence_is_in_gsd_test(tmp_path: Path) -> None:
    need(UD_DIR / "UD_Indonesian-GSD" / "id_gsd-ud-test.conllu")
    report = build_docbins(UD_DIR, tmp_path, gsd_dev_train=100)
    vocab = Vocab()
    test = {d.text for d in DocBin().from_disk(tmp_path / "test-gsd.spacy").get_docs(vocab)}
    train = [d.text for d in DocBin().from_disk(tmp_path / "train.spacy").get_docs(vocab)]
    assert len(test) > 500 and len(train) > 1500
    assert not test.intersection(train)
    assert report.sentences["gsd-dev-train"] == 100
    assert report.merged_mwt["csui-train"] > 100


@pytest.mark.corpus
def test_all_dev_trains_on_every_gsd_dev_sentence_and_never_on_gsd_test(tmp_path: Path) -> None:
    need(UD_DIR / "UD_Indonesian-GSD" / "id_gsd-ud-test.conllu")
    held = build_docbins(UD_DIR, tmp_path / "held", gsd_dev_train=559)
    assert held.sentences["gsd-dev-train"] == 509  # 50 are always kept back for selection
    report = build_docbins(UD_DIR, tmp_path / "all", gsd_dev_train=559, all_dev=True)
    # one GSD dev sentence ("Ia bermain sebagai gelandang.") is also in GSD test: dropped
    assert report.sentences["gsd-dev-train"] + report.dropped_overlap["gsd-dev-train"] == 559
    assert report.dropped_overlap["gsd-dev-train"] <= 1
    vocab = Vocab()
    train = {d.text for d in DocBin().from_disk(tmp_path / "all" / "train.spacy").get_docs(vocab)}
    dev = [d.text for d in DocBin().from_disk(tmp_path / "all" / "dev.spacy").get_docs(vocab)]
    test = {d.text for d in DocBin().from_disk(tmp_path / "all" / "test-gsd.spacy").get_docs(vocab)}
    assert len(dev) == 159 and len(set(dev) - train) <= 1  # the former selection part: trained on
    assert not test.intersection(train)


def test_rebuild_command_names_a_fixed_step_run() -> None:
    settings = {"gsd_dev_train": 559, "gsd_repeat": 8, "pretrain_epochs": 5, "shapes": True}
    settings.update({"train_steps": DEFAULT_TRAIN_STEPS, "pretrain_gsd_dev": 400})
    command = rebuild_command(settings)
    assert command.startswith("OMP_NUM_THREADS=1 warta train parser ")  # the CLI's defaults
    assert "--gsd-dev-train 559" in command
    settings.update({"train_steps": 800})
    command = rebuild_command(settings)
    assert command.startswith("OMP_NUM_THREADS=1 python -m warta.train.parser ")
    assert "--train-steps 800" in command and "--pretrain-gsd-dev 400" in command
    settings.update({"gsd_dev_train": 400, "train_steps": None, "pretrain_gsd_dev": None})
    assert "--train-steps 0" in rebuild_command(settings)  # a held-out run


# ---------------------------------------------------------------- model absent


def test_absent_model_means_no_parse(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import warta.syntax as syntax

    assert load_parser(tmp_path / "no-such-model") is None
    monkeypatch.setattr(syntax, "default_parser_path", lambda: None)
    assert syntax.load_parser() is None
    doc = Doc(Vocab(), words=["Ia", "pulang", "."])
    assert parse_spans(doc, [doc[:]]) == {}
    assert parse_sentence(doc[:]) == [None, None, None]


def test_folder_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WartaError, match="not a trained spaCy pipeline"):
        load_parser(tmp_path)


# ---------------------------------------------------------------- shipped model


def _shipped() -> object:
    nlp = load_parser()
    if nlp is None:
        pytest.skip("no parser model in src/warta/models/parser")
    return nlp


def _news_sentences(pattern: str, limit: int, max_words: int = 35) -> list[str]:
    import csv

    rx = re.compile(pattern)
    out: list[str] = []
    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for para in row["isi_berita"].splitlines():
                for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", para.strip()):
                    if rx.search(sent) and len(sent.split()) <= max_words:
                        out.append(sent)
                        if len(out) >= limit:
                            return out
    return out


@pytest.fixture(scope="module")
def tokenizer() -> object:
    import warta

    return warta.load().nlp.tokenizer


@pytest.mark.corpus
def test_passive_agent_after_oleh_attaches_to_the_verb(tokenizer: object) -> None:
    """Real di- passives with "oleh" from the Detik corpus ("... telah dirintis oleh Presiden
    ke-7 Joko Widodo (Jokowi)."): the word after "oleh" is an ``obl`` of the di- verb."""
    _shipped()
    sentences = _news_sentences(r"\bdi[a-z]{3,} oleh [A-Za-z]", 40)
    assert len(sentences) >= 30
    ok = 0
    for text in sentences:
        doc = tokenizer(text)  # type: ignore[operator]
        parsed = parse_spans(doc, [doc[:]])
        oleh = next(t.i for t in doc if t.text == "oleh" and doc[t.i - 1].text.startswith("di"))
        agent, verb = parsed[oleh + 1], oleh - 1
        ok += agent.head == verb and agent.dep == "obl" and parsed[oleh].head == oleh + 1
    assert ok / len(sentences) >= 0.7, f"{ok}/{len(sentences)} agents attached"


@pytest.mark.corpus
def test_subject_of_an_active_verb_is_nsubj(tokenizer: object) -> None:
    """ "Pemerintah Provinsi Riau terus bergerak cepat mengendalikan inflasi yang dipicu oleh
    kenaikan harga cabai merah." (Detik): "Pemerintah" is the nsubj of "bergerak"."""
    _shipped()
    [text] = _news_sentences(r"^Pemerintah Provinsi Riau terus bergerak", 1)
    doc = tokenizer(text)  # type: ignore[operator]
    parsed = parse_spans(doc, [doc[:]])
    subj = parsed[0]
    assert doc[subj.head].text == "bergerak" and subj.dep == "nsubj"
    assert parsed[subj.head].pos == "VERB"
    assert all(isinstance(p, Parsed) for p in parsed.values())
    # heads stay inside the sentence, exactly one root
    assert sum(p.head == i for i, p in parsed.items()) == 1
    assert all(0 <= p.head < len(doc) for p in parsed.values())


@pytest.mark.corpus
def test_parse_spans_maps_back_to_doc_indices_and_skips_other_sentences(tokenizer: object) -> None:
    _shipped()
    first, second = _news_sentences(r"\bdi[a-z]{3,} oleh [A-Z]", 2)
    doc = tokenizer(first + " " + second)  # type: ignore[operator]
    start = len(tokenizer(first))  # type: ignore[operator]
    parsed = parse_spans(doc, [doc[start:]])
    assert set(parsed) == {t.i for t in doc[start:] if not t.is_space}
    assert all(start <= p.head < len(doc) for p in parsed.values())
    alone = tokenizer(second)  # type: ignore[operator]
    expected = parse_spans(alone, [alone[:]])
    assert {i - start: (p.head - start, p.dep) for i, p in parsed.items()} == {
        i: (p.head, p.dep) for i, p in expected.items()
    }


def test_whitespace_tokens_are_not_parsed(tokenizer: object) -> None:
    _shipped()
    text = "Gedung itu diserang oleh massa.\n\nPasukan dikirim ke Kazakhstan."
    doc = tokenizer(text)  # type: ignore[operator]
    spaces = [t.i for t in doc if t.is_space]
    assert spaces
    parsed = parse_spans(doc, [doc[:]])
    assert not set(spaces) & set(parsed)
    assert len(parsed) == len(doc) - len(spaces)
    assert all(not doc[p.head].is_space for p in parsed.values())
    assert parse_sentence(doc[:])[spaces[0]] is None


@pytest.mark.corpus
def test_lemmas_are_root_words_for_common_affix_patterns(tokenizer: object) -> None:
    """di- and meN-...-kan forms of common news verbs give their root (CSUI style); the card
    reports the measured accuracy on affixed words (rarer patterns fail, e.g. menyerang)."""
    _shipped()
    lemmas: dict[str, str] = {}
    for text in (
        "Ia mengatakan pemerintah akan memberikan bantuan.",
        "Permintaan itu ditolak.",
        "Gedung itu diserang oleh massa.",
        "Pasukan dikirim ke Kazakhstan.",
    ):
        doc = tokenizer(text)  # type: ignore[operator]
        lemmas.update((doc[i].text, p.lemma) for i, p in parse_spans(doc, [doc[:]]).items())
    assert lemmas["mengatakan"] == "kata"
    assert lemmas["memberikan"] == "beri"
    assert lemmas["ditolak"] == "tolak"
    assert lemmas["diserang"] == "serang"
    assert lemmas["dikirim"] == "kirim"
    assert lemmas["Kazakhstan"] == "kazakhstan"  # lowercased, unchanged


@pytest.mark.corpus
def test_per_an_nouns_give_their_root(tokenizer: object) -> None:
    # The shipped I-559 gives the root; retrained variants differed on it ('Permintaan' kept its
    # form with C and G, became 'minta' with F and I-559). Lemma accuracy on affixed CSUI test
    # words: MODEL_CARD.md.
    _shipped()
    doc = tokenizer("Permintaan itu ditolak.")  # type: ignore[operator]
    assert parse_spans(doc, [doc[:]])[0].lemma == "minta"


def test_model_card_numbers_equal_evaluation_json() -> None:
    if default_parser_path() is None:
        pytest.skip("no parser model in src/warta/models/parser")
    ev = json.loads((MODEL_DIR / "evaluation.json").read_text(encoding="utf-8"))
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    gsd = ev["test"]["gsd"]
    row = next(line for line in card.splitlines() if line.startswith("| **warta parser**"))
    cells = [c.strip().strip("*") for c in row.strip("|").split("|")]
    assert cells[2:7] == [
        f"{gsd[k]:.2f}" for k in ("uas", "las", "las_base", "las_nopunct", "upos")
    ]
    assert f"{ev['speed']['ms_per_sentence']:.2f} ms per sentence" in card
    assert f"{ev['size_bytes'] / 2**20:.1f} MiB" in card
    assert f"{ev['test']['csui']['lemma']:.1f}" in card
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 25 * 2**20


def test_model_files_are_package_data() -> None:
    if default_parser_path() is None:
        pytest.skip("no parser model in src/warta/models/parser")
    import tomllib

    pyproject = tomllib.loads((MODEL_DIR.parents[3] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["warta"]
    assert "models/**/*" in patterns
    assert (MODEL_DIR / "config.cfg").is_file() and (MODEL_DIR / "parser" / "model").is_file()
