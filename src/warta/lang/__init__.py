"""Indonesian language knowledge, kept as readable data files beside this module.

Every file is UTF-8 text: ``#`` starts a comment line (each file says where its entries come
from), blank lines are ignored, ``.tsv`` files have tab-separated columns.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = (files(__package__) / name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def read_list(name: str) -> tuple[str, ...]:
    """Entries of a one-column list file (e.g. ``dateline_places.txt``), in file order."""
    return tuple(ln.strip() for ln in _lines(name))


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file (e.g. ``outlets.tsv``), each a tuple of stripped cells."""
    return tuple(tuple(cell.strip() for cell in ln.split("\t")) for ln in _lines(name))
