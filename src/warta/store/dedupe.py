"""Near-duplicate detection: MinHash signatures over word shingles, and an LSH index.

A syndicated or lightly edited copy of an article ("Jakarta, CNN Indonesia --" instead of
"Jakarta - ", a sentence trimmed, a figure changed) shares most of its 3-word shingles with the
original; :class:`NearDuplicates` finds the stored article it copies and its estimated Jaccard
similarity. Signatures are computed by the workers (:func:`signature`) and stored as 32-bit
integers in ``minhashes.signature``, so the index is rebuilt from the store without re-reading
any text.

Example: two 300-word articles that differ in their lead and one sentence have a similarity
of about 0.85 and are linked; two different stories on the same topic stay below 0.2.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from warta.errors import MissingExtraError

#: Permutations per signature (accuracy of the Jaccard estimate about 1/sqrt(NUM_PERM)).
NUM_PERM = 128
#: Word shingle length.
SHINGLE = 3
#: Estimated Jaccard similarity at or above which an article is a near duplicate.
THRESHOLD = 0.7
#: Texts with fewer words than this are never linked (too short to tell a copy apart).
MIN_WORDS = 20

_WORD = re.compile(r"\w+", re.UNICODE)


def _datasketch() -> Any:
    try:
        import datasketch
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingExtraError("near-duplicate detection", "datasketch", "ingest") from None
    return datasketch


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The set of ``size``-word shingles of ``text``, casefolded.

    >>> sorted(shingles("Banjir melanda Jakarta Selatan", 3))
    [b'banjir melanda jakarta', b'melanda jakarta selatan']
    """
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes | None:
    """The MinHash signature of ``text`` as bytes (uint32 x NUM_PERM), or None when the text
    is too short to compare."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    m = _datasketch().MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(list(shingles(text)))
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


class NearDuplicates:
    """An in-memory LSH index over stored signatures, answering "which article does this copy?".

    ``add(key, sig)`` indexes an article; ``find(sig)`` returns ``(key, similarity)`` of the
    most similar indexed article at or above :data:`THRESHOLD`, or None.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = _datasketch().MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def _minhash(self, values: np.ndarray) -> Any:
        return _datasketch().LeanMinHash(seed=1, hashvalues=values, scheme="affine32")

    def add(self, key: str, sig: bytes) -> None:
        values = np.frombuffer(sig, dtype=np.uint32)
        if key in self._sigs or len(values) != NUM_PERM:
            return
        self._sigs[key] = values
        self._lsh.insert(key, self._minhash(values))

    def find(self, sig: bytes) -> tuple[str, float] | None:
        values = np.frombuffer(sig, dtype=np.uint32)
        if len(values) != NUM_PERM or not self._sigs:
            return None
        best: tuple[str, float] | None = None
        for key in self._lsh.query(self._minhash(values)):
            sim = float(np.mean(self._sigs[key] == values))
            if sim >= self.threshold and (
                best is None or sim > best[1] or (sim == best[1] and key < best[0])
            ):
                best = (key, sim)
        return best
