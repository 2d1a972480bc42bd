"""Readers for the annotated Indonesian NER corpora used to train warta's NER.

The corpora are read in place from ``../shared/data/ner`` (never copied into the
repository).  Each reader yields :class:`Sentence` objects (the corpus' own tokens
and BIO tags); :func:`sentence_to_doc` turns them into spaCy ``Doc`` objects with
warta's entity types, and :func:`build_docbins` writes the train/dev ``DocBin``
files used by ``spacy train`` plus one ``DocBin`` per official test split.

Corpora (see ``../shared/data/SOURCES.md``):

=========  ==================================  =========================================
corpus     files                               tags
=========  ==================================  =========================================
nergrit    ``nergrit/{train,valid,test}_preprocess.txt``  PERSON, PLACE, ORGANISATION
nerp       ``nerp/{train,valid,test}_preprocess.txt``     PPL, PLC, IND, EVT, FNB (lowercased)
nerui      ``nerui/{train,dev,test}.0K.tsv`` (K=1..5)      PERSON, LOCATION, ORGANIZATION
nerugm     ``nerugm/{train,dev,test}.0K.tsv`` (K=1..5)     PERSON, LOCATION, ORGANIZATION,
                                                            TIME, QUANTITY
=========  ==================================  =========================================

Label mapping onto warta's types (``PER``, ``ORG``, ``LOC``) is :data:`LABEL_MAPS`;
types mapped to ``None`` are dropped (their tokens become ``O``).  Findings that
shaped the harmonisation (all measured on the files, see ``MODEL_CARD.md``):

* NERP is entirely lowercased and splits URLs/abbreviations at dots
  (``jawapos . com``); the other three corpora are cased.  We train on the union,
  i.e. on mixed casing, and keep the NERP text as it is.
* NERP's ``IND`` marks companies, media, brands and sports clubs, but NERP leaves
  government bodies and political parties unannotated (``kpk``, ``dpr``, ``polri``,
  ``pbb``, ``partai hanura`` are ``O``), whereas NERGrit/NER-UI/NER-UGM tag them as
  organisations.  ``IND`` is mapped to ``ORG``; in NERP *training and dev* documents,
  ``O`` token runs that match an organisation name which the other corpora'
  training splits tag mostly as an organisation are marked as *missing* (spaCy
  ignores them in the loss) instead of teaching the model "KPK is not an entity".
  The official NERP test split is scored strictly (no missing values).
* NERP contains lowercased copies of many NER-UGM sentences (175 of 469 sentences
  of NER-UGM ``test.01`` are in NERP ``train``; 94 NERP test sentences are in
  NER-UGM ``train.01``), and NER-UI/NER-UGM folds contain a few exact duplicates
  across their own train/test files.  Every training and dev sentence whose
  normalised text (lowercase, alphanumerics only) occurs in any *reported* test
  split is removed before training (:func:`dedup_against`).
* ``I-`` tags without a preceding ``B-`` of the same type (101 in NERP train) start
  a new entity, as in conlleval.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

__all__ = [
    "CORPORA",
    "LABEL_MAPS",
    "WARTA_LABELS",
    "CorpusSplit",
    "MissingCorpusError",
    "Sentence",
    "bio_to_spans",
    "build_docbins",
    "corpus_path",
    "dedup_against",
    "dedup_key",
    "default_data_dir",
    "guess_spaces",
    "load_split",
    "map_spans",
    "org_lexicon",
    "pretrain_sentences",
    "read_conll",
    "sentence_to_doc",
    "unannotated_org_spans",
]

#: warta's entity types produced by the statistical NER.
WARTA_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")

#: corpus label -> warta label (``None``: dropped, tokens become ``O``).
LABEL_MAPS: dict[str, dict[str, str | None]] = {
    "nergrit": {"PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC"},
    "nerp": {"PPL": "PER", "IND": "ORG", "PLC": "LOC", "EVT": None, "FNB": None},
    "nerui": {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"},
    "nerugm": {
        "PERSON": "PER",
        "ORGANIZATION": "ORG",
        "LOCATION": "LOC",
        "TIME": None,
        "QUANTITY": None,
    },
}

CORPORA: tuple[str, ...] = ("nergrit", "nerp", "nerui", "nerugm")
SPLITS: tuple[str, ...] = ("train", "dev", "test")
_FOLDED = ("nerui", "nerugm")


class MissingCorpusError(FileNotFoundError):
    """A corpus file or folder is not where warta expects it."""


@dataclass(frozen=True)
class Sentence:
    """One annotated sentence: the corpus' own tokens and BIO tags."""

    words: tuple[str, ...]
    tags: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.words) != len(self.tags):
            raise ValueError(f"{len(self.words)} words but {len(self.tags)} tags")


@dataclass(frozen=True)
class CorpusSplit:
    """A split of one corpus, e.g. ``CorpusSplit("nerui", "test", fold=1)``."""

    corpus: str
    split: str
    fold: int = 1

    @property
    def name(self) -> str:
        if self.corpus in _FOLDED:
            return f"{self.corpus}-{self.split}-{self.fold}"
        return f"{self.corpus}-{self.split}"


def default_data_dir() -> Path:
    """``<repo>/../shared/data/ner`` resolved from this file (src/warta/train/)."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ner"


def corpus_path(data_dir: Path | str, corpus: str, split: str, fold: int = 1) -> Path:
    """Path of one split file; raises :class:`MissingCorpusError` naming the path."""
    data_dir = Path(data_dir)
    if corpus not in LABEL_MAPS:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {', '.join(CORPORA)}")
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    if corpus in _FOLDED:
        if fold not in range(1, 6):
            raise ValueError(f"{corpus} has folds 1..5, not {fold}")
        path = data_dir / corpus / f"{split}.{fold:02d}.tsv"
    else:
        name = {"train": "train", "dev": "valid", "test": "test"}[split]
        path = data_dir / corpus / f"{name}_preprocess.txt"
    if not data_dir.is_dir():
        raise MissingCorpusError(
            f"NER data folder not found: {data_dir} (expected the corpora of "
            "../shared/data/ner, see ../shared/data/SOURCES.md)"
        )
    if not path.is_file():
        raise MissingCorpusError(f"NER corpus file not found: {path}")
    return path


def read_conll(path: Path | str) -> list[Sentence]:
    """Read ``token<TAB>tag`` lines, blank line between sentences."""
    path = Path(path)
    if not path.is_file():
        raise MissingCorpusError(f"NER corpus file not found: {path}")
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if words:
                    sentences.append(Sentence(tuple(words), tuple(tags)))
                    words, tags = [], []
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0] or not parts[1]:
                raise ValueError(f"{path}:{lineno}: expected 'token<TAB>tag', got {line!r}")
            word, tag = parts[0].strip(), parts[1].strip()
            if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
                raise ValueError(f"{path}:{lineno}: not a BIO tag: {tag!r}")
            words.append(unicodedata.normalize("NFC", word))
            tags.append(tag)
    if words:
        sentences.append(Sentence(tuple(words), tuple(tags)))
    return sentences


def load_split(data_dir: Path | str, corpus: str, split: str, fold: int = 1) -> list[Sentence]:
    """Read one split of one corpus and check its labels against :data:`LABEL_MAPS`."""
    path = corpus_path(data_dir, corpus, split, fold)
    sentences = read_conll(path)
    known = LABEL_MAPS[corpus]
    for sent in sentences:
        for tag in sent.tags:
            if tag != "O" and tag[2:] not in known:
                raise ValueError(f"{path}: label {tag[2:]!r} not in the {corpus} label map")
    return sentences


def bio_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO tags -> ``(start, end, label)`` token spans (end exclusive).

    An ``I-X`` that does not continue an ``X`` entity (after ``O``, at the start,
    or after another type) starts a new entity, as conlleval does.
    """
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label: str | None = None
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if tag == "O" or prefix not in ("B", "I") or not typ:
            if start is not None and label is not None:
                spans.append((start, i, label))
            start, label = None, None
        elif prefix == "B" or typ != label:
            if start is not None and label is not None:
                spans.append((start, i, label))
            start, label = i, typ
    if start is not None and label is not None:
        spans.append((start, len(tags), label))
    return spans


def map_spans(spans: Iterable[tuple[int, int, str]], corpus: str) -> list[tuple[int, int, str]]:
    """Map corpus labels onto warta's; dropped types disappear."""
    mapping = LABEL_MAPS[corpus]
    out = []
    for start, end, label in spans:
        if label not in mapping:
            raise ValueError(f"label {label!r} not in the {corpus} label map")
        new = mapping[label]
        if new is not None:
            out.append((start, end, new))
    return out


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'s"}
_NO_SPACE_AFTER = {"(", "[", "{"}
_QUOTES = {'"', "\u201c", "\u201d", "``", "''"}


def guess_spaces(words: Sequence[str]) -> list[bool]:
    """Plausible ``spaces`` for tokens given without whitespace information.

    No space before closing punctuation, none after opening brackets; straight
    double quotes alternate between opening and closing.  Only ``doc.text`` depends
    on this; the tokens (and so the entity spans) are the corpus' own.
    """
    n = len(words)
    spaces = [True] * n
    open_quote = False
    for i, word in enumerate(words):
        if word in _QUOTES:
            if not open_quote:
                spaces[i] = False  # opening quote attaches to the next word
            elif i > 0:
                spaces[i - 1] = False  # closing quote attaches to the previous word
            open_quote = not open_quote
        if word in _NO_SPACE_AFTER:
            spaces[i] = False
        if word in _NO_SPACE_BEFORE and i > 0 and words[i - 1] not in _QUOTES:
            spaces[i - 1] = False
    if n:
        spaces[-1] = False
    return spaces


def dedup_key(words: Sequence[str]) -> str:
    """Normalised sentence text for overlap checks: lowercase alphanumerics only."""
    return "".join(c for c in "".join(words).casefold() if c.isalnum())


def dedup_against(sentences: Iterable[Sentence], blocked: set[str]) -> tuple[list[Sentence], int]:
    """Drop sentences whose :func:`dedup_key` is in ``blocked``; return (kept, n_dropped)."""
    kept, dropped = [], 0
    for sent in sentences:
        if dedup_key(sent.words) in blocked:
            dropped += 1
        else:
            kept.append(sent)
    return kept, dropped


def org_lexicon(
    labelled: Iterable[tuple[str, Sequence[Sentence]]], *, min_count: int = 2
) -> set[tuple[str, ...]]:
    """Lowercased token tuples that the given corpora tag mostly as ``ORG``.

    ``labelled`` is ``(corpus, sentences)`` pairs (training splits only).  A name
    enters the lexicon when it is tagged ``ORG`` at least ``min_count`` times and
    more often than as ``PER``/``LOC``; one-word names that the corpora also write
    in lowercase outside entities (``antara``, ``pan``) are left out.
    """
    counts: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    common: set[str] = set()  # words written in lowercase outside entities
    for corpus, sentences in labelled:
        for sent in sentences:
            common.update(
                w for w, t in zip(sent.words, sent.tags, strict=True) if t == "O" and w.islower()
            )
            for start, end, label in map_spans(bio_to_spans(sent.tags), corpus):
                key = tuple(w.casefold() for w in sent.words[start:end])
                counts[key][label] += 1
    lexicon = set()
    for key, c in counts.items():
        org = c["ORG"]
        if len(key) == 1 and key[0] in common:
            continue  # e.g. "antara" (the news agency, but also "between")
        has_letter = any(any(ch.isalpha() for ch in w) for w in key)
        if org >= min_count and org > c["PER"] + c["LOC"] and len(key) <= 6 and has_letter:
            lexicon.add(key)
    return lexicon


def unannotated_org_spans(
    sentence: Sentence, lexicon: set[tuple[str, ...]], max_len: int = 6
) -> list[tuple[int, int]]:
    """Longest runs of ``O`` tokens that match an organisation name of ``lexicon``."""
    words = [w.casefold() for w in sentence.words]
    tags = sentence.tags
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        found = 0
        for n in range(min(max_len, len(words) - i), 0, -1):
            if all(t == "O" for t in tags[i : i + n]) and tuple(words[i : i + n]) in lexicon:
                found = n
                break
        if found:
            out.append((i, i + found))
            i += found
        else:
            i += 1
    return out


def sentence_to_doc(
    vocab: Vocab,
    sentence: Sentence,
    corpus: str,
    *,
    missing: Sequence[tuple[int, int]] = (),
) -> Doc:
    """Build a ``Doc`` from the corpus tokens with warta-labelled entities.

    Tokens outside entities are ``O`` except those in ``missing`` (token spans),
    which are left unannotated so that training ignores them.
    """
    doc = Doc(vocab, words=list(sentence.words), spaces=guess_spaces(sentence.words))
    ents = [
        Span(doc, s, e, label=lab) for s, e, lab in map_spans(bio_to_spans(sentence.tags), corpus)
    ]
    miss = [Span(doc, s, e) for s, e in missing]
    doc.set_ents(ents, missing=miss, default="outside")
    return doc


@dataclass
class BuildReport:
    """What :func:`build_docbins` wrote and dropped."""

    files: dict[str, Path] = field(default_factory=dict)
    sentences: dict[str, int] = field(default_factory=dict)
    dropped_overlap: dict[str, int] = field(default_factory=dict)
    missing_org_spans: int = 0
    org_lexicon_size: int = 0
    #: share of training sentences without any uppercase letter (NERP is lowercased)
    train_lowercase_share: float = 0.0


def _iter_docs(
    vocab: Vocab,
    sentences: Iterable[Sentence],
    corpus: str,
    lexicon: set[tuple[str, ...]] | None,
    counter: list[int],
) -> Iterator[Doc]:
    for sent in sentences:
        missing: list[tuple[int, int]] = []
        if lexicon is not None:
            missing = unannotated_org_spans(sent, lexicon)
            counter[0] += len(missing)
        yield sentence_to_doc(vocab, sent, corpus, missing=missing)


def build_docbins(
    data_dir: Path | str,
    out_dir: Path | str,
    *,
    fold: int = 1,
    corpora: Sequence[str] = CORPORA,
    oversample: dict[str, int] | None = None,
) -> BuildReport:
    """Convert the corpora into ``DocBin`` files under ``out_dir``.

    Writes ``train.spacy`` (NERGrit train, NERP train, NER-UI/NER-UGM ``train.0<fold>``),
    ``dev.spacy`` (NERGrit valid, NERP valid, NER-UI/NER-UGM ``dev.0<fold>``) and one
    ``test-<corpus>.spacy`` per official test split (NERGrit test, NERP test,
    NER-UI/NER-UGM ``test.0<fold>``), plus ``dev-<corpus>.spacy`` and
    ``test-nerp-harmonised.spacy`` (NERP test with the unannotated-ORG rule).
    Train and dev sentences that also occur in any of these test splits are
    dropped, training sentences that are also dev sentences too; NERP duplicates
    of other sentences are dropped (the cased copy is kept).

    ``oversample`` repeats a corpus' training documents in ``train.spacy``
    (``{"nergrit": 2}``: every NERGrit training sentence twice); the report's
    sentence counts are of distinct sentences.  Dev and test files are unaffected.
    """
    data_dir = Path(data_dir)
    out_dir = Path(out_dir)
    for name, times in (oversample or {}).items():
        if name not in corpora or int(times) < 1:
            raise ValueError(f"oversample: unknown corpus or factor < 1: {name}={times}")
    out_dir.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    vocab = Vocab()

    splits = {(c, s): load_split(data_dir, c, s, fold) for c in corpora for s in SPLITS}
    blocked = {dedup_key(x.words) for c in corpora for x in splits[(c, "test")]}

    cleaned: dict[tuple[str, str], list[Sentence]] = {}
    # Dev sentences: never test sentences; NERP's lowercased copies of cased dev
    # sentences are dropped (the cased copy is kept).
    seen_dev: set[str] = set()
    for c in sorted(corpora, key=lambda c: c == "nerp"):
        kept, dropped = dedup_against(splits[(c, "dev")], blocked | seen_dev)
        cleaned[(c, "dev")] = kept
        seen_dev |= {dedup_key(x.words) for x in kept}
        report.dropped_overlap[f"{c}-dev"] = dropped
    # Training sentences: never test or dev sentences.
    for c in corpora:
        kept, dropped = dedup_against(splits[(c, "train")], blocked | seen_dev)
        cleaned[(c, "train")] = kept
        report.dropped_overlap[f"{c}-train"] = dropped
    # NERP (lowercased) repeats sentences of the cased corpora: keep the cased copy.
    if "nerp" in corpora:
        others = {dedup_key(x.words) for c in corpora if c != "nerp" for x in cleaned[(c, "train")]}
        kept, dropped = dedup_against(cleaned[("nerp", "train")], others)
        cleaned[("nerp", "train")] = kept
        report.dropped_overlap["nerp-train"] += dropped

    train_sents = [x for c in corpora for x in cleaned[(c, "train")]]
    if train_sents:
        lower = sum(1 for x in train_sents if not any(ch.isupper() for w in x.words for ch in w))
        report.train_lowercase_share = round(lower / len(train_sents), 3)
    lexicon = org_lexicon([(c, cleaned[(c, "train")]) for c in corpora if c != "nerp"])
    report.org_lexicon_size = len(lexicon)
    counter = [0]
    for s in ("train", "dev"):
        db = DocBin(store_user_data=False)
        for c in corpora:
            lex = lexicon if c == "nerp" else None
            docs = list(_iter_docs(vocab, cleaned[(c, s)], c, lex, counter))
            times = int((oversample or {}).get(c, 1)) if s == "train" else 1
            for _ in range(times):
                for doc in docs:
                    db.add(doc)
            report.sentences[f"{c}-{s}"] = len(docs)
            if s == "dev":  # per-corpus dev files for the model card
                per = DocBin(docs=docs, store_user_data=False)
                per.to_disk(out_dir / f"dev-{c}.spacy")
                report.files[f"dev-{c}"] = out_dir / f"dev-{c}.spacy"
        path = out_dir / f"{s}.spacy"
        db.to_disk(path)
        report.files[s] = path
    report.missing_org_spans = counter[0]
    if "nerp" in corpora:
        # Secondary view of NERP test: ORG predictions on names NERP leaves unannotated
        # are ignored (same rule as in training).  The strict file is the official one.
        db = DocBin(store_user_data=False)
        for doc in _iter_docs(vocab, splits[("nerp", "test")], "nerp", lexicon, [0]):
            db.add(doc)
        db.to_disk(out_dir / "test-nerp-harmonised.spacy")
        report.files["test-nerp-harmonised"] = out_dir / "test-nerp-harmonised.spacy"
    for c in corpora:
        db = DocBin(store_user_data=False)
        for sent in splits[(c, "test")]:
            db.add(sentence_to_doc(vocab, sent, c))
        path = out_dir / f"test-{c}.spacy"
        db.to_disk(path)
        report.files[f"test-{c}"] = path
        report.sentences[f"{c}-test"] = len(splits[(c, "test")])
    return report


def pretrain_sentences(data_dir: Path | str) -> list[str]:
    """Texts of NERGrit and NERP *training* sentences for tok2vec pretraining.

    Fold-independent, so one pretrained tok2vec serves every NER-UI/NER-UGM fold:
    sentences whose normalised text occurs in any dev or test split of any corpus
    or fold are left out, and NER-UI/NER-UGM text is not used at all.
    """
    data_dir = Path(data_dir)
    blocked: set[str] = set()
    for corpus in CORPORA:
        for split in ("dev", "test"):
            for fold in range(1, 6) if corpus in _FOLDED else (1,):
                blocked |= {dedup_key(x.words) for x in load_split(data_dir, corpus, split, fold)}
    texts = []
    seen: set[str] = set()
    for corpus in ("nergrit", "nerp"):
        for sent in load_split(data_dir, corpus, "train"):
            key = dedup_key(sent.words)
            if key in blocked or key in seen:
                continue
            seen.add(key)
            spaces = guess_spaces(sent.words)
            texts.append(
                "".join(w + (" " if sp else "") for w, sp in zip(sent.words, spaces, strict=True))
            )
    return texts
