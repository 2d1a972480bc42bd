"""The warta pipeline: a spaCy ``Language`` for Indonesian news, and its front door.

>>> import warta
>>> nlp = warta.load()
>>> article = nlp.extract("Bisnis.com, JAKARTA--Para pemimpin ...", published="2022-01-06")
>>> article.metadata.source
'Bisnis.com'
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

import warta.components  # noqa: F401  (registers the components)
from warta.assemble import article_from_doc
from warta.components.language import add_notice, is_indonesian, preload
from warta.errors import WartaError
from warta.limits import DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET
from warta.record import Article
from warta.tokenizer import load_model_components  # also registers the tokenizers

log = logging.getLogger(__name__)

#: Stages that run on every text, whatever its language.
UNIVERSAL_STAGES = ("warta_hygiene", "warta_metadata", "warta_language", "warta_sentences")
#: Stages that read Indonesian, in order; ``ner`` is the trained model when it ships.
INDONESIAN_STAGES = (
    "ner",
    "warta_names",
    "warta_dates",
    "warta_counts",
    "warta_quotes",
    "warta_geo",
    "warta_events",
    "warta_checks",
)


def default_ner_path() -> Path | None:
    """The NER model shipped in the package, or None when this install has none."""
    path = Path(str(files("warta") / "models" / "ner"))
    return path if (path / "config.cfg").exists() else None


def build_language(ner_path: Path | str | None = "default") -> Language:
    """The spaCy ``Language`` with warta's tokenizer and every stage, in order.

    ``ner_path`` is a trained spaCy pipeline folder whose ``ner`` component is copied in;
    ``"default"`` takes the one shipped in the package, ``None`` builds without NER.
    """
    nlp = spacy.blank(
        "id", config={"nlp": {"tokenizer": {"@tokenizers": "warta.news_tokenizer.v1"}}}
    )
    for name in UNIVERSAL_STAGES:
        nlp.add_pipe(name)
    preload()
    if ner_path == "default":
        ner_path = default_ner_path()
    if ner_path is not None:
        ner_path = Path(ner_path)
        if not (ner_path / "config.cfg").exists():
            raise WartaError(f"{ner_path}: not a trained spaCy pipeline (no config.cfg)")
        source = load_model_components(ner_path)
        nlp.add_pipe("ner", source=source)
    for name in INDONESIAN_STAGES[1:]:
        nlp.add_pipe(name)
    return nlp


def cut_at_paragraph(text: str, max_chars: int) -> str:
    """``text`` itself when it fits, else its longest prefix of at most ``max_chars`` characters
    that ends at a paragraph break (else a line break, else a space, else exactly at the limit).

    The result is a prefix, so every offset into it is an offset into ``text`` as well.
    """
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    floor = max_chars // 2  # never throw away more than half of what the limit allows
    for sep in ("\n\n", "\n", " "):
        cut = head.rfind(sep)
        if cut >= floor:
            return head[:cut]
    return head


def _check_date(value: str | dt.date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise WartaError(f"published date {value!r} is not an ISO date (YYYY-MM-DD)") from None


@dataclass
class Pipeline:
    """warta's extractor: text in, :class:`~warta.record.Article` out.

    ``nlp`` is the underlying spaCy ``Language``; use it directly for displaCy, training or
    custom components.
    """

    nlp: Language
    #: Longest text read (characters); see :data:`DEFAULT_MAX_CHARS`.
    max_chars: int | None = DEFAULT_MAX_CHARS
    #: Seconds per article before the remaining stages are skipped; see :data:`DEFAULT_TIME_BUDGET`.
    time_budget: float | None = DEFAULT_TIME_BUDGET

    def extract(
        self,
        text: str,
        *,
        published: str | dt.date | None = None,
        source_url: str | None = None,
        title: str | None = None,
        id: str | None = None,
    ) -> Article:
        """Extract the record of one article.

        ``published`` (ISO date) anchors relative dates ("Kamis (6/1)", "pekan lalu");
        ``source_url`` names the outlet when the text does not. The text is never altered:
        every offset in the record points into ``text``. A text longer than ``max_chars`` is
        read up to a paragraph break before the limit; the record's text is that prefix and a
        ``truncated`` notice says so.
        """
        return article_from_doc(self.annotate(text, published, source_url, title), id=id)

    def annotate(
        self,
        text: str,
        published: str | dt.date | None = None,
        source_url: str | None = None,
        title: str | None = None,
    ) -> Any:
        """The annotated spaCy ``Doc`` behind :meth:`extract`."""
        began = time.monotonic()
        doc = self._make_doc(text, published, source_url, title)
        doc, _ = self._run_stages(doc, self.nlp.pipeline, time.monotonic() - began)
        return doc

    def _make_doc(
        self,
        text: str,
        published: str | dt.date | None = None,
        source_url: str | None = None,
        title: str | None = None,
    ) -> Any:
        """The tokenized Doc of ``text`` (cut at ``max_chars``) with its metadata, no stage run."""
        if not isinstance(text, str):
            raise WartaError(f"text must be a str, not {type(text).__name__}")
        published = _check_date(published)
        read = cut_at_paragraph(text, self.max_chars) if self.max_chars else text
        doc = self.nlp.make_doc(read)
        doc._.published = published
        doc._.url = source_url
        doc._.title = title
        if len(read) < len(text):
            add_notice(
                doc,
                "truncated",
                f"the text has {len(text):,} characters; only the first {len(read):,} were read "
                f"(limit {self.max_chars:,}; cut at a paragraph break where one was near)",
            )
        return doc

    def _may_run(self, doc: Any, name: str, spent: float) -> bool:
        """Whether stage ``name`` runs on ``doc`` after ``spent`` seconds on it: not when the text
        is not Indonesian (Indonesian stages), and not past the time budget (a notice says
        which stages were skipped)."""
        if name not in UNIVERSAL_STAGES and not is_indonesian(doc):
            return False
        if self.time_budget is not None and spent > self.time_budget:
            skipped = self.nlp.pipe_names[self.nlp.pipe_names.index(name) :]
            add_notice(
                doc,
                "time-budget",
                f"stopped after {spent:.1f} s (budget {self.time_budget:g} s); "
                f"stages not run: {', '.join(skipped)}",
            )
            log.warning("article over its time budget; skipped %s", ", ".join(skipped))
            return False
        return True

    def _run_stages(
        self, doc: Any, stages: list[tuple[str, Any]], spent: float
    ) -> tuple[Any, float | None]:
        """Run ``stages`` in order on ``doc``, which has had ``spent`` seconds already.

        Returns the Doc and the seconds spent on it in all, or None for the time when a stage
        was refused (and so every later stage is too).
        """
        began = time.monotonic() - spent
        for name, proc in stages:
            if not self._may_run(doc, name, time.monotonic() - began):
                return doc, None
            doc = proc(doc)
        return doc, time.monotonic() - began

    def extract_many(
        self, items: Iterable[str | dict[str, Any]], *, batch_size: int = 16
    ) -> Iterator[Article]:
        """Records for many articles, in order. Each item is a text or a dict with ``text`` and
        optional ``published``, ``source_url``, ``title``, ``id``.

        Each record is the one :meth:`extract` gives for its item; the NER reads ``batch_size``
        articles at a time (one ``nlp.pipe``-style batch), which is faster than one by one.
        An item that is not valid input raises :class:`~warta.errors.WartaError` after the
        records of the items before it have been yielded.
        """
        if batch_size < 1:
            raise WartaError(f"batch_size must be at least 1, not {batch_size}")
        names = self.nlp.pipe_names
        if "ner" not in names:
            for item in items:
                yield self._extract_item(item)
            return
        at = names.index("ner")
        pipeline = self.nlp.pipeline
        head, (_, ner), tail = pipeline[:at], pipeline[at], pipeline[at + 1 :]
        batch: list[tuple[Any, float | None, str | None]] = []
        failure: WartaError | None = None
        iterator = iter(items)
        while True:
            batch.clear()
            for item in iterator:
                began = time.monotonic()
                try:
                    text, fields, id_ = _unpack(item)
                    doc = self._make_doc(text, **fields)
                except WartaError as err:
                    failure = err
                    break
                doc, spent = self._run_stages(doc, head, time.monotonic() - began)
                batch.append((doc, spent, id_))
                if len(batch) >= batch_size:
                    break
            if not batch and failure is None:
                return
            # The NER over every article still running, in one batch; each is charged its
            # share of the batch's time (by length) against its own budget.
            ready = [
                k
                for k, (doc, spent, _) in enumerate(batch)
                if spent is not None and self._may_run(doc, "ner", spent)
            ]
            if ready:
                began = time.monotonic()
                docs = list(ner.pipe([batch[k][0] for k in ready], batch_size=len(ready)))
                took = time.monotonic() - began
                total = sum(len(doc) for doc in docs) or 1
                for k, doc in zip(ready, docs, strict=True):
                    _, spent, id_ = batch[k]
                    batch[k] = (doc, (spent or 0.0) + took * len(doc) / total, id_)
            ran = set(ready)
            for k, (doc, spent, id_) in enumerate(batch):
                if k in ran:
                    doc, _ = self._run_stages(doc, tail, spent or 0.0)
                yield article_from_doc(doc, id=id_)
            if failure is not None:
                raise failure

    def _extract_item(self, item: str | dict[str, Any]) -> Article:
        text, fields, id_ = _unpack(item)
        return self.extract(text, id=id_, **fields)

    @property
    def stages(self) -> list[str]:
        return list(self.nlp.pipe_names)


def _unpack(item: str | dict[str, Any]) -> tuple[str, dict[str, Any], str | None]:
    """An :meth:`Pipeline.extract_many` item as (text, metadata fields, id)."""
    if isinstance(item, str):
        return item, {}, None
    if not isinstance(item, dict) or "text" not in item:
        raise WartaError(f"an item must be a text or a dict with 'text', not {type(item).__name__}")
    fields = {k: item.get(k) for k in ("published", "source_url", "title")}
    return item["text"], fields, item.get("id")


def load(
    ner: Path | str | None = "default",
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Pipeline:
    """Build the warta pipeline (offline: every model ships inside the package).

    ``ner`` may name another trained spaCy pipeline folder, or ``None`` to run without NER.
    ``max_chars`` and ``time_budget`` bound the work one article can cause (``None``: no limit).
    """
    if max_chars is not None and max_chars < 1:
        raise WartaError(f"max_chars must be at least 1, not {max_chars}")
    if time_budget is not None and time_budget <= 0:
        raise WartaError(f"time_budget must be positive, not {time_budget}")
    return Pipeline(build_language(ner), max_chars=max_chars, time_budget=time_budget)


def freeze_loaded_objects() -> None:
    """Move every object alive now (the loaded models and tables) out of the garbage
    collector's view, for a process that keeps one pipeline for its whole life (an ingest or
    batch worker).

    spaCy and thinc allocate many short-lived objects per article, and each full collection
    otherwise walks the hundreds of thousands of long-lived objects of the loaded pipeline as
    well. Measured in a Dask worker on the Detik corpus: 58 -> 48 ms per article. Not done by
    :func:`load`, since a program that builds and drops pipelines would keep them forever.
    """
    import gc

    gc.collect()
    gc.freeze()
