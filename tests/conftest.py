"""Shared fixtures: one pipeline per test session, and the ../shared corpora when present."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import settings

import warta

# CI explores the same examples on every run (a landing must not hang on a new random draw);
# a developer's machine draws fresh ones, and any failure found there becomes an @example.
settings.register_profile("ci", derandomize=True, print_blob=True, max_examples=1500)
settings.register_profile("dev", print_blob=True, max_examples=150)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD_DIR = SHARED / "gold" / "articles"
NEWS_CSV = SHARED / "data" / "news" / "detik_1000_train80.csv"


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when a ../shared file is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent: corpus tests need ../shared beside the repo")
    return path


def corpus_sentence(phrase: str) -> str:
    """The sentence of ../shared/data/news that first contains ``phrase`` (read in place);
    skips the calling test, with the reason, when the corpus or the phrase is absent."""
    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["isi_berita"]
            at = text.find(phrase)
            if at < 0:
                continue
            dot = text.rfind(". ", 0, at)
            start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, at) + 1)
            end = text.find(". ", at + len(phrase))
            return text[start : len(text) if end < 0 else end + 1]
    pytest.skip(f"no corpus sentence contains {phrase!r}")


@pytest.fixture(scope="session")
def nlp() -> warta.Pipeline:
    return warta.load()


@pytest.fixture(scope="session")
def news_rows() -> list[dict[str, str]]:
    """The Detik articles of ../shared/data/news (read in place, never copied)."""
    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
