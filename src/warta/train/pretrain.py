"""Character-objective tok2vec pretraining shared by warta's NER and parser training.

spaCy's ``pretrain`` (``spacy.PretrainCharacters.v1``: predict the first and last characters
of each word from its context) teaches a tok2vec Indonesian word shapes and context from raw,
unlabelled text before the supervised training starts.  Both trainers use it:

* :func:`news_paragraphs` - the raw news paragraphs both of them pretrain on (the article
  bodies, column ``isi_berita``, of ``../shared/data/news/detik_1000_train80.csv``).
* :func:`write_raw_text` - raw texts as spaCy's JSONL (``{"text": ...}`` per line), skipping
  held-out text and duplicates.
* :func:`run_pretraining` - run ``spacy.training.pretrain.pretrain`` on a loaded config and
  return the weights file (``model-last.bin``) and the seconds it took.
* :func:`cached_pretraining` - the same, reusing weights a previous run with the same raw
  text, config and seed left in the output folder (``pretrain.json``).

Example: ``news_paragraphs(csv)`` yields paragraphs such as "Presiden Kazakhstan
Kassym-Jomart Tokayev meminta bantuan CSTO." (at least three words each); nothing of the raw
text is kept in a model, only the pretrained weights.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "cached_pretraining",
    "news_paragraphs",
    "run_pretraining",
    "write_raw_text",
]


def news_paragraphs(news_csv: Path | str) -> Iterator[str]:
    """Paragraphs (lines) of the article bodies in a news CSV, stripped, of >= 3 words.

    Input: a CSV with an ``isi_berita`` column (``../shared/data/news/detik_1000_train80.csv``).
    Output: one string per paragraph, in file order, e.g. "Akibatnya delapan orang tewas dan
    317 luka-luka."
    """
    csv.field_size_limit(1 << 26)
    with Path(news_csv).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for para in (row.get("isi_berita") or "").splitlines():
                para = para.strip()
                if len(para.split()) >= 3:
                    yield para


def write_raw_text(
    out_path: Path | str,
    sources: dict[str, Iterable[str]],
    *,
    blocked: set[str] | None = None,
    key: Callable[[str], str] | None = None,
    dedupe: bool = False,
) -> dict[str, int]:
    """Write raw texts as spaCy pretraining JSONL (``{"text": ...}`` per line).

    Input: ``sources`` maps a name ("news_paragraphs") to its texts; texts whose ``key`` (default:
    the text itself) is in ``blocked`` (held-out dev/test text) are skipped, and with ``dedupe``
    so are repeats.  Output: how many texts each source contributed, plus ``words`` in all,
    e.g. ``{"news_paragraphs": 11027, "words": 470560}``.
    """
    keyf = key or (lambda t: t)
    blocked = blocked or set()
    seen: set[str] = set()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    words = 0
    with out.open("w", encoding="utf-8") as fh:
        for name, texts in sources.items():
            n = 0
            for text in texts:
                k = keyf(text)
                if k in blocked or (dedupe and k in seen):
                    continue
                seen.add(k)
                fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
                n += 1
                words += len(text.split())
            counts[name] = n
    counts["words"] = words
    return counts


def run_pretraining(config: Any, out_dir: Path | str, *, silent: bool = True) -> tuple[Path, float]:
    """Run spaCy's pretraining on a loaded, interpolated config (its ``[pretraining]`` block
    names the component and objective; ``paths.raw_text`` the JSONL).

    Output: (the last weights file, seconds).  The weights load with ``[initialize]
    init_tok2vec`` or ``Tok2Vec.from_bytes``.
    """
    from spacy.training.pretrain import pretrain

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    pretrain(config, out, silent=silent)
    seconds = time.perf_counter() - t0
    weights = out / "model-last.bin"
    if not weights.exists():  # older spaCy: model<N>.bin only
        weights = sorted(out.glob("model*.bin"), key=lambda p: p.stat().st_mtime)[-1]
    return weights, seconds


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cached_pretraining(
    config: Any,
    raw_text: Path,
    out_dir: Path | str,
    *,
    stamp: dict[str, Any],
    silent: bool = True,
) -> tuple[Path, float, bool]:
    """:func:`run_pretraining` unless ``out_dir`` holds weights from the same raw text (hash),
    config and ``stamp``.

    Output: (weights, seconds of the run that made them, whether they were reused).
    """
    out = Path(out_dir)
    full = {**stamp, "raw_text_sha256": _sha(raw_text), "config": config.to_str()}
    info_path = out / "pretrain-cache.json"
    if info_path.is_file():
        cached = json.loads(info_path.read_text(encoding="utf-8"))
        weights = out / cached.get("weights", "")
        if cached.get("stamp") == full and weights.is_file():
            return weights, float(cached["seconds"]), True
    weights, seconds = run_pretraining(config, out, silent=silent)
    info_path.write_text(
        json.dumps({"stamp": full, "weights": weights.name, "seconds": seconds}, indent=2),
        encoding="utf-8",
    )
    return weights, seconds, False
