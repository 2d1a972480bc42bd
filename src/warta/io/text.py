"""Read one article's text from bytes, a file or standard input, with clear errors.

Every failure is a :class:`~warta.errors.WartaInputError` naming the input and the reason
("is a directory", "binary data, not text (a PNG image)", "empty input ..."), so the CLI can
print one line instead of a traceback.

Decoding, when no encoding is given: a byte-order mark decides (UTF-8, UTF-16, UTF-32); else
strict UTF-8; else, when the bytes hold no UTF-8 sequence at all, charset-normalizer may name a
non-Latin legacy encoding (Cyrillic, CJK, ...); otherwise the bytes are Windows-1252 (what the
web means by "Latin-1"), and in a file that is UTF-8 but for a few stray Latin-1/Windows-1252
bytes, only those bytes are read as Windows-1252. UTF-8 text that was once misread as
Windows-1252 ("EugÃ©nie", "â€¢") is repaired with ftfy's ``fix_encoding`` (35 of the 800
articles of ../shared/data/news/detik_1000_train80.csv carry such mojibake, and ftfy repairs
every one of them without touching any other article). Each fallback or repair is reported as
a notice of kind ``encoding`` in the record; the record's text is the decoded (and repaired)
text, and every offset in the record refers to it.

Size: a text longer than ``max_chars`` is read only as far as needed (about four bytes per
character allowed) and cut at a paragraph break; a notice of kind ``truncated`` says so. A file
larger than :data:`MAX_ARTICLE_BYTES` is not one article and is refused.

Example: the Windows-1252 bytes of "Kafe \\u201cRésumé\\u201d" decode to that text, with the
notice "not UTF-8: decoded as Windows-1252 (…)".
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from warta.errors import WartaInputError
from warta.limits import DEFAULT_MAX_CHARS

#: Bytes that never occur in text: a NUL, or a high share of other C0 controls, means binary.
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}
#: Articles above this size are refused (a news article is a few KB; a file this big is a
#: corpus or a dump, which ``warta ingest`` streams from a CSV, JSON Lines or WARC file).
MAX_ARTICLE_BYTES = 50 * 1024 * 1024
#: Bytes read per character of ``max_chars``: UTF-8 needs at most four.
_BYTES_PER_CHAR = 4

#: File signatures, to name what a binary file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip-compressed data; 'warta ingest' reads .gz files"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a RIFF (WAV/AVI/WebP) file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HIGH = bytes(range(0x80, 0x100))
#: What UTF-8 read as Windows-1252 always shows: a lead byte (Â-ô) followed by a continuation
#: byte (0x80-0xBF) as Windows-1252 or Latin-1 shows it. A cheap test before ftfy's own.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
    "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc"
    "\u2122\u0161\u203a\u0153\u017e\u0178]"
)
#: A valid UTF-8 sequence of two to four bytes.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: Encodings charset-normalizer may name that are taken as its answer: scripts other than
#: Latin. A Latin-script guess (cp1250, cp775, ISO-8859-x, Mac Roman, ...) is set aside for
#: Windows-1252: on Indonesian text with a few curly quotes charset-normalizer names cp1250 or
#: even cp775, which read those quotes as other letters.
_NON_LATIN = frozenset(
    {
        "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic", "cp855",
        "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp874",
        "tis_620", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030",
        "hz", "big5", "big5hkscs", "cp950", "euc_kr", "cp949", "johab", "iso2022_kr",
    }
)  # fmt: skip


@dataclass
class Decoded:
    """Text decoded from bytes, the encoding used, and notices ``(kind, message)`` for the
    record: ``encoding`` (fallback decoding, mojibake repaired) and ``truncated``."""

    text: str
    encoding: str
    notices: list[tuple[str, str]] = field(default_factory=list)


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of an input) is binary data and not text, or None.

    A known file signature names the kind of file; else NUL bytes or a high share of other
    control bytes tell. Text with a UTF-16/32 byte-order mark is not binary.

    >>> binary_reason(b"\\x89PNG\\r\\n\\x1a\\n....")
    'binary data, not text (a PNG image)'
    """
    if head.startswith(tuple(bom for bom, enc in _BOMS if enc != "utf-8-sig")):
        return None
    for magic, what in _MAGIC:
        if head.startswith(magic):
            # A short signature of letters ("ID3", "RIFF", "MZ") could begin a text: it needs
            # a byte that text does not have as well.
            wordlike = len(magic) < 5 and magic.isascii() and magic.decode("ascii").isprintable()
            if not wordlike or any(b in _CONTROL for b in head[:4096]):
                return f"binary data, not text ({what})"
    sample = head[:8192]
    if b"\x00" in sample:
        if _utf16_without_bom(sample) is not None:
            return None
        return "binary data, not text (contains NUL bytes)"
    controls = sum(b in _CONTROL for b in sample)
    if controls > max(8, len(sample) // 20):
        return f"binary data, not text ({controls} control bytes in the first {len(sample):,})"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ``sample`` looks like UTF-16 text without a BOM (ASCII-range
    text with every other byte NUL), else None."""
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    for encoding, zero in (("utf-16-le", 1), ("utf-16-be", 0)):
        nul = sum(1 for i in range(zero, pairs * 2, 2) if sample[i] == 0)
        other = sum(1 for i in range(1 - zero, pairs * 2, 2) if sample[i] == 0)
        if nul >= 0.9 * pairs and other <= 0.01 * pairs:
            return encoding
    return None


def _cp1252_or_latin1(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: one byte that is not UTF-8, read as Windows-1252 (its five unassigned
    bytes as U+FFFD)."""
    if not isinstance(exc, UnicodeDecodeError):  # pragma: no cover - registered for decoding
        raise exc
    byte = exc.object[exc.start : exc.start + 1]
    try:
        return bytes(byte).decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        return "\ufffd", exc.start + 1


codecs.register_error("warta-cp1252", _cp1252_or_latin1)


def _guess_legacy(data: bytes) -> str | None:
    """A non-Latin legacy encoding charset-normalizer is sure of, or None (then: cp1252)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of trafilatura and declared
        return None
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding not in _NON_LATIN:
        return None
    return str(best.encoding)


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """``text`` with UTF-8-read-as-Windows-1252 mojibake repaired (ftfy), and a notice
    message when anything changed.

    >>> repair_mojibake("Festival film 'SinÃ©' dibuka")[0]
    "Festival film 'Siné' dibuka"
    """
    if text.isascii() or _MOJIBAKE.search(text) is None:
        return text, None
    try:
        import ftfy
    except ImportError:  # pragma: no cover - a dependency of wordfreq and declared
        return text, None
    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return text, None
    example = _first_change(text, fixed)
    return fixed, (
        "mojibake repaired: text that was UTF-8 read as Windows-1252 was decoded again "
        f"(ftfy), e.g. {example}; the record's text and offsets are the repaired text"
    )


def _first_change(old: str, new: str) -> str:
    """The first repaired spot, as "'Ã©' -> 'é'"."""
    import difflib

    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), 0)
    window = difflib.SequenceMatcher(None, old[start : start + 24], new[start : start + 24])
    for op, i1, i2, j1, j2 in window.get_opcodes():
        if op != "equal":
            return f"{old[start + i1 : start + i2]!r} -> {new[start + j1 : start + j2]!r}"
    return f"{old[start : start + 6]!r} -> {new[start : start + 3]!r}"


def decode_text(
    data: bytes, name: str, encoding: str | None = None, *, final: bool = True, repair: bool = True
) -> Decoded:
    """Decode the bytes of one article (see the module docstring for the order of guesses).

    ``final`` False means more bytes follow (a character cut at the end is dropped, not an
    error); ``repair`` False leaves mojibake for the caller (:func:`repair_mojibake`).
    Raises :class:`WartaInputError` for empty input, binary data, an unknown encoding and,
    when ``encoding`` is given, bytes that are not in it.

    Example: ``decode_text("Kafe “Résumé”".encode("cp1252"), "x.txt").text`` is
    "Kafe “Résumé”" with one ``encoding`` notice.
    """
    if not data.strip():
        raise WartaInputError(name, "empty input: no text to extract from")
    notices: list[tuple[str, str]] = []
    if encoding is None:
        for bom, enc in _BOMS:
            if data.startswith(bom):
                encoding = enc
                break
        else:
            reason = binary_reason(data[:8192])
            if reason is not None:
                raise WartaInputError(name, reason)
            if b"\x00" in data[:8192]:
                encoding = _utf16_without_bom(data[:8192])
                notices.append(("encoding", f"no byte-order mark: decoded as {encoding}"))
    elif encoding.lower().replace("-", "").replace("_", "") in {"utf8", "utf8sig"}:
        reason = binary_reason(data[:8192])
        if reason is not None:
            raise WartaInputError(name, reason)
    if encoding is not None:
        try:
            text = codecs.getincrementaldecoder(encoding)("strict").decode(data, final)
        except LookupError:
            raise WartaInputError(name, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            bad = data[exc.start : exc.start + 1].hex()
            raise WartaInputError(
                name, f"not valid {encoding}: byte 0x{bad} at offset {exc.start:,} ({exc.reason})"
            ) from None
        used = encoding
    else:
        text, used = _decode_guessing(data, name, final, notices)
    if not text.strip():
        raise WartaInputError(name, "empty input: no text to extract from")
    decoded = Decoded(text, used, notices)
    return _repaired(decoded) if repair else decoded


def _repaired(decoded: Decoded) -> Decoded:
    decoded.text, repaired = repair_mojibake(decoded.text)
    if repaired:
        decoded.notices.append(("encoding", repaired))
    return decoded


def _decode_guessing(
    data: bytes, name: str, final: bool, notices: list[tuple[str, str]]
) -> tuple[str, str]:
    decoder = codecs.getincrementaldecoder("utf-8")
    try:
        return decoder("strict").decode(data, final), "utf-8"
    except UnicodeDecodeError as exc:
        first = exc.start
    if _UTF8_MULTI.search(data) is None:
        legacy = _guess_legacy(data)
        if legacy is not None:
            try:
                text = codecs.getincrementaldecoder(legacy)("strict").decode(data, final)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                notices.append(("encoding", f"not UTF-8: decoded as {legacy} (charset-normalizer)"))
                return text, legacy
        text = decoder("warta-cp1252").decode(data, final)
        outside = len(data) - len(data.translate(None, _HIGH))
        notices.append(
            (
                "encoding",
                f"not UTF-8: decoded as Windows-1252 ({outside:,} bytes outside ASCII, "
                f"the first at offset {first:,})",
            )
        )
        return text, "cp1252"
    text = decoder("warta-cp1252").decode(data, final)
    stray = len(data) - len(data.decode("utf-8", "ignore").encode("utf-8"))
    notices.append(
        (
            "encoding",
            f"mixed encodings: {stray:,} bytes that are not UTF-8 (the first at offset "
            f"{first:,}) were read as Windows-1252; the rest is UTF-8",
        )
    )
    return text, "utf-8+cp1252"


def decode_article_bytes(data: bytes, name: str, encoding: str | None = None) -> str:
    """The text of one article's bytes (see :func:`decode_text`; its notices are dropped).

    Raises :class:`WartaInputError` for empty input, binary data and undecodable bytes.
    """
    return decode_text(data, name, encoding).text


def cut_at_paragraph(text: str, max_chars: int) -> str:
    """``text`` itself when it fits, else its longest prefix of at most ``max_chars`` characters
    that ends at a paragraph break (else a line break, else a space, else exactly at the limit).

    The same rule as :func:`warta.pipeline.cut_at_paragraph`, without importing spaCy (the
    readers run in the ingest process, which does not load the pipeline).
    """
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    floor = max_chars // 2
    for sep in ("\n\n", "\n", " "):
        cut = head.rfind(sep)
        if cut >= floor:
            return head[:cut]
    return head


def truncation_notice(size: str, kept: int, max_chars: int) -> tuple[str, str]:
    """The ``truncated`` notice for a text of ``size`` ("50,000,000 bytes") cut to ``kept``
    characters."""
    return (
        "truncated",
        f"the text has {size}; only the first {kept:,} characters were read "
        f"(limit {max_chars:,}; cut at a paragraph break where one was near)",
    )


def _drain(stream: BinaryIO, limit: int) -> int:
    """Bytes left in ``stream``, read and dropped in 1 MiB pieces, counting up to ``limit``."""
    total = 0
    while total < limit:
        chunk = stream.read(min(1 << 20, limit - total))
        if not chunk:
            break
        total += len(chunk)
    return total


def read_text_stream(
    stream: BinaryIO,
    name: str,
    encoding: str | None = None,
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    size: int | None = None,
) -> Decoded:
    """One article from a binary stream, reading no more than ``max_chars`` needs.

    ``size`` is the stream's length when known (a file's size), else the rest is counted
    without being kept. Longer texts are cut at a paragraph break with a ``truncated`` notice.
    Raises :class:`WartaInputError` (too large, empty, binary, undecodable).

    Example: a 50,000,000-byte text file gives its first ~200,000 characters, and the notice
    "the text has 50,000,000 bytes; only the first 199,9xx characters were read (...)".
    """
    budget = MAX_ARTICLE_BYTES + 1
    if max_chars is not None:
        # At least 8 KiB, so that binary data is told from text whatever the limit; a
        # multiple of four, so that a UTF-16/32 head ends between characters.
        budget = min(budget, max(8192, max_chars * _BYTES_PER_CHAR) + 16)
    head = stream.read(budget)
    total = len(head)
    if len(head) == budget:
        total = size if size is not None else len(head) + _drain(stream, MAX_ARTICLE_BYTES)
    if total > MAX_ARTICLE_BYTES:
        raise WartaInputError(
            name,
            f"larger than {MAX_ARTICLE_BYTES // 2**20} MB ({total:,} bytes or more): not one "
            "article (use 'warta ingest' with CSV, JSON Lines or WARC for corpora)",
        )
    more = total > len(head)
    decoded = decode_text(head, name, encoding, final=not more, repair=False)
    if max_chars is not None and (more or len(decoded.text) > max_chars):
        whole = f"{total:,} bytes" if more else f"{len(decoded.text):,} characters"
        decoded.text = cut_at_paragraph(decoded.text, max_chars)
        decoded.notices.append(truncation_notice(whole, len(decoded.text), max_chars))
    return _repaired(decoded)  # after the cut: only what is kept is repaired


def read_article(
    source: str | Path, encoding: str | None = None, max_chars: int | None = DEFAULT_MAX_CHARS
) -> Decoded:
    """The text of one article, with its reading notices, from a path or from standard input
    when ``source`` is ``-``.

    Example: ``read_article("berita.txt").text`` is the file's text; ``.notices`` is empty
    for a UTF-8 file under ``max_chars``.
    """
    if str(source) == "-":
        return read_text_stream(sys.stdin.buffer, "<stdin>", encoding, max_chars=max_chars)
    path = Path(source)
    if not path.exists():
        raise WartaInputError(path, "no such file")
    if path.is_dir():
        raise WartaInputError(
            path, "is a directory (extract reads one article; use 'warta ingest' for folders)"
        )
    try:
        with path.open("rb") as fh:
            size = path.stat().st_size if path.is_file() else None
            return read_text_stream(fh, str(path), encoding, max_chars=max_chars, size=size)
    except PermissionError:
        raise WartaInputError(path, "permission denied") from None
    except OSError as exc:
        raise WartaInputError(path, f"cannot read: {exc.strerror or exc}") from None


def read_article_text(source: str | Path, encoding: str | None = None) -> str:
    """The whole text of one article (up to :data:`MAX_ARTICLE_BYTES`) from a path, or from
    standard input when ``source`` is ``-``; the pipeline applies its own ``max_chars``."""
    return read_article(source, encoding, max_chars=None).text


def add_notices(article: Any, notices: list[tuple[str, str]]) -> Any:
    """Put reading notices first among ``article``'s notices (a record object or its dict).

    Example: ``add_notices(nlp.extract(d.text), d.notices)`` for ``d = read_article(path)``.
    """
    if not notices:
        return article
    if isinstance(article, dict):
        made = [{"kind": kind, "message": message} for kind, message in notices]
        article["notices"] = made + list(article.get("notices") or [])
        return article
    from warta.record import Notice

    article.notices[:0] = [Notice(kind=kind, message=message) for kind, message in notices]
    return article
