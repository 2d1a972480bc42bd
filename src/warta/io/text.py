"""Read one article's text from a file or standard input, with clear errors.

Every failure is a :class:`~warta.errors.WartaInputError` naming the input and the reason
("is a directory", "binary data, not text", "not valid UTF-8 at byte 1,234 …"), so the CLI can
print one line instead of a traceback.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import BinaryIO

from warta.errors import WartaInputError

#: Bytes that never occur in text: a NUL, or a high share of other C0 controls, means binary.
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
#: Articles above this size are refused by ``warta extract`` (a news article is a few KB; a
#: file this big is a corpus or a dump, which ``warta ingest`` streams instead).
MAX_ARTICLE_BYTES = 50 * 1024 * 1024


def decode_article_bytes(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode the bytes of one article. UTF-8 (with or without BOM) unless ``encoding`` is given.

    Raises :class:`WartaInputError` for empty input, binary data and undecodable bytes.
    """
    if not data.strip():
        raise WartaInputError(name, "empty input: no text to extract from")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and encoding is None:
        encoding = "utf-16"
    head = data[:8192]
    if encoding is None or encoding.lower().replace("-", "").replace("_", "") in {
        "utf8",
        "utf8sig",
    }:
        # NULs and other C0 controls never occur in UTF-8 text; in UTF-16 they are normal.
        if b"\x00" in head:
            raise WartaInputError(name, "binary data, not text (contains NUL bytes)")
        controls = sum(b in _CONTROL for b in head)
        if controls > max(8, len(head) // 20):
            raise WartaInputError(
                name, f"binary data, not text ({controls} control bytes in the first {len(head)})"
            )
    try:
        text = data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise WartaInputError(name, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        hint = (
            " (looks like Windows-1252/Latin-1: try --encoding cp1252)"
            if _looks_cp1252(data)
            else ""
        )
        raise WartaInputError(
            name,
            f"not valid {encoding or 'UTF-8'}: byte 0x{bad} at offset {exc.start:,}{hint}",
        ) from None
    if not text.strip():
        raise WartaInputError(name, "empty input: no text to extract from")
    return text


def _looks_cp1252(data: bytes) -> bool:
    # Curly quotes and dashes in Windows-1252 are bytes 0x91-0x97; in UTF-8 they never stand alone.
    return any(0x91 <= b <= 0x97 for b in data[:65536])


def _read_limited(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise WartaInputError(
            name,
            f"larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB: not one article "
            "(use 'warta ingest' for corpora)",
        )
    return data


def read_article_text(source: str | Path, encoding: str | None = None) -> str:
    """The text of one article from a path, or from standard input when ``source`` is ``-``."""
    if str(source) == "-":
        return decode_article_bytes(_read_limited(sys.stdin.buffer, "<stdin>"), "<stdin>", encoding)
    path = Path(source)
    if not path.exists():
        raise WartaInputError(path, "no such file")
    if path.is_dir():
        raise WartaInputError(
            path, "is a directory (extract reads one article; use 'warta ingest' for folders)"
        )
    try:
        with path.open("rb") as fh:
            data = _read_limited(fh, str(path))
    except PermissionError:
        raise WartaInputError(path, "permission denied") from None
    except OSError as exc:
        raise WartaInputError(path, f"cannot read: {exc.strerror or exc}") from None
    return decode_article_bytes(data, str(path), encoding)
