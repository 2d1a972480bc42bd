"""Training code for warta's statistical models (not needed at inference time).

``warta.train.ner.train_ner`` trains the Indonesian NER shipped in
``warta/models/ner``; ``warta.train.corpora`` reads the annotated corpora.
Imports are lazy so that ``import warta.train`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["train_ner"]


def train_ner(*args: Any, **kwargs: Any) -> Any:
    """See :func:`warta.train.ner.train_ner`."""
    from warta.train.ner import train_ner as _train_ner

    return _train_ner(*args, **kwargs)
