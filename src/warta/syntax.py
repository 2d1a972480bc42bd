"""Dependency parses on demand: heads, relations, POS and lemmas for chosen sentences only.

The parser is a small spaCy pipeline (``tok2vec`` + ``morphologizer`` + ``trainable_lemmatizer``
+ ``parser``) trained by ``warta train parser`` on the Universal Dependencies Indonesian treebanks
(see ``warta/models/parser/MODEL_CARD.md``).  It is *not* a stage of the warta pipeline: parsing
every sentence would cost too much, so a stage such as ``warta_events`` calls :func:`parse_spans`
on the sentences that need syntax (those with an event trigger) and reads the result.

API (stable; the events stage codes against it):

* :class:`Parsed` - frozen dataclass, one per token of the *original* doc:
  ``head`` (doc token index of the syntactic head; the root of a sentence is its own head),
  ``dep`` (UD relation, lowercase: ``"root"``, ``"nsubj"``, ``"nsubj:pass"``, ``"obj"``,
  ``"obl"``, ``"case"``, ``"flat"``, ...), ``pos`` (UPOS: ``"VERB"``, ``"PROPN"``, ...) and
  ``lemma`` (the model's guess of the root word in the style of the CSUI treebank, lowercase:
  "diserang" -> "serang", "mengatakan" -> "kata"; learned from ~18k tokens, so rarer affix
  patterns fail, e.g. "menyerang" -> "nyerang": match trigger roots with affix rules as well).
* :func:`load_parser` - the shipped model, cached; ``None`` (and no error) when this install has
  no parser model, so callers fall back to rules.
* :func:`parse_spans` ``(doc, spans) -> dict[int, Parsed]`` - parse each span (normally a
  sentence) on its own and map the result back to ``doc`` token indices.  Tokens of spans not
  given, and whitespace-only tokens, are absent from the dict.  Returns ``{}`` when no model
  is installed.
* :func:`parse_sentence` ``(span) -> list[Parsed | None]`` - one span, aligned with its tokens.
* :func:`dependents` ``(parsed, i) -> list[int]`` - the doc indices whose head is ``i``.

Relation labels follow UD Indonesian GSD (the evaluation treebank): a nominal modifier without
a preposition is ``compound`` ("harga cabai") or ``flat`` ("Provinsi Riau", "Joko Widodo"), and
the training data's subtypes that GSD does not use are folded into their base relation
(``obl:agent`` -> ``obl``, ``flat:name`` -> ``flat``, ``acl:relcl`` -> ``acl``; ``aux`` ->
``advmod`` as GSD annotates "akan", "sudah"), so ``nsubj:pass`` and ``compound:plur`` are the
only subtypes produced.  The agent of a di- passive is therefore an ``obl`` dependent of the
verb with a ``case`` child "oleh".

Example on a sentence of the Detik news corpus (``../shared/data/news``, row 5)::

    >>> import warta
    >>> from warta.syntax import dependents, parse_spans
    >>> nlp = warta.load()
    >>> doc = nlp.nlp.make_doc("Menurut Prabowo, teknik pengendalian inflasi telah dirintis "
    ...                        "oleh Presiden ke-7 Joko Widodo (Jokowi).")
    >>> parsed = parse_spans(doc, [doc[:]])
    >>> verb = 7  # "dirintis"
    >>> parsed[verb]
    Parsed(head=7, dep='root', pos='VERB', lemma='rintis')
    >>> [(doc[i].text, parsed[i].dep) for i in dependents(parsed, verb)]
    [('Prabowo', 'obl'), (',', 'punct'), ('teknik', 'nsubj:pass'), ('telah', 'advmod'), \
('Presiden', 'obl'), ('.', 'punct')]

(The exact output depends on the shipped model; ``tests/test_parser.py`` checks the passive.)
The tokens passed to the parser are warta's own tokens (``warta.tokenizer``): "-nya" and "ke-"
stay inside their words, as in the GSD test treebank; the converter merges the treebank's
multi-word tokens the same way (see :mod:`warta.train.parser`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from warta.errors import WartaError
from warta.tokenizer import load_model_components

__all__ = [
    "Parsed",
    "default_parser_path",
    "dependents",
    "load_parser",
    "parse_sentence",
    "parse_spans",
]

log = logging.getLogger(__name__)

#: Longest span (in tokens) handed to the parser; longer spans are parsed in windows of
#: this size (a "sentence" that long is a splitting failure: a table, a list).
MAX_TOKENS = 160


@dataclass(frozen=True)
class Parsed:
    """The analysis of one token, in the original doc's token indices.

    ``Parsed(head=7, dep="nsubj:pass", pos="NOUN", lemma="teknik")`` for "teknik" in
    "Menurut Prabowo, teknik pengendalian inflasi telah dirintis oleh ..." (token 7 =
    "dirintis").
    """

    head: int
    dep: str
    pos: str
    lemma: str


def default_parser_path() -> Path | None:
    """The parser model shipped in the package, or None when this install has none."""
    path = Path(str(files("warta") / "models" / "parser"))
    return path if (path / "config.cfg").exists() else None


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Any:

    try:
        return load_model_components(path, exclude=("senter",))
    except (OSError, ValueError) as exc:  # a broken or incompatible model folder
        raise WartaError(f"{path}: cannot load the parser model ({exc})") from exc


def load_parser(path: Path | str | None = None) -> Any | None:
    """The trained parser pipeline (a spaCy ``Language``), loaded once and cached.

    Input: a model folder, or ``None`` for the one shipped in ``warta/models/parser``.
    Output: the pipeline, or ``None`` without an error when no model is there (the package was
    built without one); a folder that exists but is no spaCy pipeline raises ``WartaError``.
    Loads offline; nothing is downloaded.
    """
    if path is None:
        found = default_parser_path()
        if found is None:
            return None
        path = found
    path = Path(path)
    if not (path / "config.cfg").exists():
        if path.exists():
            raise WartaError(f"{path}: not a trained spaCy pipeline (no config.cfg)")
        return None
    return _load(str(path.resolve()))


def _windows(span: Span) -> list[list[int]]:
    """Doc indices of the non-space tokens of ``span``, cut into windows of MAX_TOKENS."""
    idx = [t.i for t in span if not t.is_space]
    return [idx[k : k + MAX_TOKENS] for k in range(0, len(idx), MAX_TOKENS)]


def _label(dep: str) -> str:
    return "root" if dep in ("ROOT", "") else dep


def parse_spans(
    doc: Doc,
    spans: Sequence[Span] | Iterable[Span],
    *,
    nlp: Any | None = None,
    batch_size: int = 64,
) -> dict[int, Parsed]:
    """Parse the given spans of ``doc``; the result is keyed by ``doc`` token index.

    Input: a doc (any warta-tokenised doc) and spans of it, normally sentences
    (``doc.sents`` or the ``sentence`` spans a stage chose); ``nlp`` overrides the shipped
    model (a pipeline from :func:`load_parser`).  Each span is parsed on its own copy of its
    tokens (the doc is not changed).
    Output: ``{token index: Parsed}`` for every non-whitespace token of the spans; heads are doc
    indices inside the same span (a root is its own head).  ``{}`` when no model is installed.

    "Menurut Prabowo, teknik pengendalian inflasi telah dirintis oleh Presiden ke-7 Joko
    Widodo (Jokowi)." -> "dirintis" is the root; "teknik" its ``nsubj:pass``; "Presiden"
    (with ``case`` "oleh") its ``obl``, the agent.
    """
    model = nlp if nlp is not None else load_parser()
    if model is None:
        return {}
    seen: set[int] = set()
    windows: list[list[int]] = []
    for span in spans:
        if span.doc is not doc:
            raise WartaError("parse_spans: a span belongs to another doc")
        if span.start in seen or len(span) == 0:
            continue
        seen.add(span.start)
        windows.extend(w for w in _windows(span) if w)
    if not windows:
        return {}
    inputs = [
        Doc(
            model.vocab,
            words=[doc[i].text for i in w],
            spaces=[bool(doc[i].whitespace_) for i in w],
        )
        for w in windows
    ]
    out: dict[int, Parsed] = {}
    for w, parsed_doc in zip(windows, model.pipe(inputs, batch_size=batch_size), strict=True):
        for tok in parsed_doc:
            lemma = tok.lemma_ or tok.text.lower()
            out[w[tok.i]] = Parsed(
                head=w[tok.head.i],
                dep=_label(tok.dep_),
                pos=tok.pos_ or "X",
                lemma=lemma.lower(),
            )
    return out


def parse_sentence(span: Span, *, nlp: Any | None = None) -> list[Parsed | None]:
    """One span's analysis aligned with its tokens (``None`` for whitespace tokens).

    Input: a span, e.g. a sentence of a warta doc.  Output: ``[Parsed | None] * len(span)``,
    heads in doc token indices; all ``None`` when no model is installed.
    """
    parsed = parse_spans(span.doc, [span], nlp=nlp)
    return [parsed.get(t.i) for t in span]


def dependents(parsed: dict[int, Parsed], head: int) -> list[int]:
    """Doc indices of the tokens whose head is ``head`` (the root excluded), in order.

    ``dependents(parsed, i_dirintis)`` -> indices of "Prabowo", "teknik", "telah", "Presiden", ...
    """
    return sorted(i for i, p in parsed.items() if p.head == head and i != head)
