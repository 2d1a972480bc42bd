"""Readers for ``warta ingest``: files, folders, globs and stdin in, raw articles out.

Every input becomes a stream of :class:`RawArticle` (text plus what the source says about it)
or :class:`Skipped` (where, and why it cannot be read). Nothing here raises on a bad input: a
broken JSON line, an HTML page without main text or a truncated WARC is one ``Skipped`` with a
specific reason, and reading goes on. Readers stream: a CSV, JSON Lines, WARC or feed file is
read record by record, so memory stays flat however large the corpus.

Formats: plain text (one article per file), HTML (trafilatura: main text, title, date, author,
site), JSON (one object, a list of objects, or ``{"articles": [...]}``), JSON Lines, CSV/TSV,
WARC and WARC.gz (warcio), RSS and Atom (feedparser); ``.gz`` around text formats is read too.
A JSON object that is already a warta record (``warta export --format jsonl``) is kept as is,
so exports re-import without re-extraction.

Example: ``read_inputs(["news.csv"], ReadOptions())`` on the Detik corpus yields one
``RawArticle`` per row, its text from ``isi_berita``, title from ``judul`` and ``published``
"2025-10-20" from ``tanggal`` "10/20/2025 10:38".
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import glob
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, Literal

from warta.errors import MissingExtraError, WartaInputError
from warta.io.text import (
    MAX_ARTICLE_BYTES,
    binary_reason,
    cut_at_paragraph,
    decode_text,
    read_text_stream,
    repair_mojibake,
    truncation_notice,
)
from warta.limits import DEFAULT_MAX_CHARS

#: An HTML page whose main text has fewer words than this is a page without an article.
MIN_HTML_WORDS = 10
#: HTML pages larger than this are not read: a news page is well under 2 MB, and trafilatura
#: needs about a minute for 30 MB of markup (1.7 s for 2 MB; measured on this project's 2-core
#: machine), which would stall a whole ingest on one page.
MAX_HTML_BYTES = 10 * 2**20

Format = Literal["text", "html", "json", "jsonl", "csv", "tsv", "warc", "feed"]
FORMATS: tuple[str, ...] = ("text", "html", "json", "jsonl", "csv", "tsv", "warc", "feed")

#: Column/key names tried, in order, when no ``--*-col`` flag names one (case-insensitive).
#: The Indonesian names are those of the Detik corpus in ../shared/data/news (``isi_berita``,
#: ``judul``, ``tanggal``, ``tautan``).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "isi_berita", "isi", "content", "body", "article", "maintext", "berita"),
    "title": ("title", "judul", "headline"),
    "date": ("published", "date", "tanggal", "pubdate", "date_published", "published_at"),
    "url": ("url", "link", "tautan", "source_url"),
    "id": ("id", "guid", "article_id"),
}

_SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".feed": "feed",
}


@dataclass
class RawArticle:
    """One article as read from its source, before extraction.

    ``ref`` says where it came from ("news.csv:row 12", "crawl.warc.gz@4096"); ``published``
    is an ISO date or None; ``record`` is set when the input already was a warta record.
    ``notices`` are ``(kind, message)`` pairs about the reading (``encoding``: a fallback
    decoding or a mojibake repair; ``truncated``: cut at ``max_chars``) that belong first
    among the record's notices (:func:`warta.io.text.add_notices`).
    """

    text: str
    ref: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    id: str | None = None
    author: str | None = None
    site: str | None = None
    record: dict[str, Any] | None = None
    notices: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Skipped:
    """An input (or one record of it) that was not read, and the reason in words."""

    ref: str
    reason: str


Item = RawArticle | Skipped


@dataclass
class ReadOptions:
    """How to read inputs: column mapping for CSV/JSON, date order, encoding, forced format.

    ``date_order`` settles ambiguous slash dates ("10/11/2025"); unambiguous ones
    ("10/20/2025", "20/10/2025") are read either way. ``max_chars`` cuts longer texts at a
    paragraph break when they are read, with a ``truncated`` notice (``None``: no cut), so a
    huge input is never held, hashed or sent to a worker whole.
    """

    text_col: str | None = None
    title_col: str | None = None
    date_col: str | None = None
    url_col: str | None = None
    id_col: str | None = None
    date_order: Literal["mdy", "dmy"] = "mdy"
    encoding: str | None = None
    format: str | None = None
    max_chars: int | None = DEFAULT_MAX_CHARS
    columns: dict[str, str | None] = field(init=False)

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise WartaInputError(
                "--format", f"unknown format {self.format!r} (one of {', '.join(FORMATS)})"
            )
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise WartaInputError("--encoding", f"unknown encoding {self.encoding!r}") from None
        if self.max_chars is not None and self.max_chars < 1:
            raise WartaInputError("--max-chars", f"must be at least 1, not {self.max_chars}")
        self.columns = {
            "text": self.text_col,
            "title": self.title_col,
            "date": self.date_col,
            "url": self.url_col,
            "id": self.id_col,
        }


# ----------------------------------------------------------------------------- dates


@cache
def _months() -> dict[str, int]:
    from warta.lang import read_table

    out = {row[0].casefold(): int(row[1]) for row in read_table("months.tsv")}
    for i, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    ):
        out.setdefault(name, i)
        out.setdefault(name[:3], i)
    return out


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_WORDS = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: Any, order: Literal["mdy", "dmy"] = "mdy") -> str | None:
    """An ISO date from a date as sources write it, or None when it cannot be read.

    Reads ISO ("2025-10-20T10:38"), slash dates ("10/20/2025 10:38" with ``order``
    deciding only when both readings are valid), RFC 2822 ("Mon, 20 Oct 2025 10:38:00 +0700")
    and Indonesian or English month words ("Senin, 20 Oktober 2025").

    >>> parse_date("10/20/2025 10:38")
    '2025-10-20'
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if m := _ISO.match(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _SLASH.match(text):
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        year += 2000 if year < 100 else 0
        mdy, dmy = _valid(year, a, b), _valid(year, b, a)
        if mdy and dmy:
            return mdy if order == "mdy" else dmy
        return mdy or dmy
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if m := _WORDS.search(text):
        month = _months().get(m[2].casefold())
        if month:
            return _valid(int(m[3]), month, int(m[1]))
    return None


# ----------------------------------------------------------------------------- paths


def expand_paths(
    paths: Iterable[str],
) -> Iterator[Path | str | Skipped]:
    """Files named by ``paths``: folders walked recursively (hidden entries left out, sorted),
    globs expanded, ``-`` kept as standard input. A path that matches nothing is Skipped; in a
    folder, a file whose name has no known article suffix (README.md, image.png) is Skipped
    too, while a file named on its own is read whatever its name (its format sniffed)."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path).parts
                if sub.is_file() and not any(p.startswith(".") for p in rel):
                    found = True
                    if format_of_name(sub.name) is None:
                        yield Skipped(str(sub), "not an article format warta reads (by its name)")
                    else:
                        yield sub
            if not found:
                yield Skipped(raw, "folder holds no files")
        elif path.is_file():
            yield path
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Skipped(raw, "pattern matches no files")
            for match in matches:
                yield from expand_paths([match])
        elif path.exists():
            yield Skipped(raw, "not a regular file")
        else:
            yield Skipped(raw, "no such file or folder")


def format_of_name(name: str) -> Format | None:
    """The format of a file from its name, or None when the name says nothing warta reads.

    ``.warc.gz`` is WARC; any other ``.gz`` is the format of the name without it.

    >>> format_of_name("crawl.warc.gz"), format_of_name("berita.jsonl.gz"), format_of_name("a.md")
    ('warc', 'jsonl', None)
    """
    lower = name.lower()
    if lower.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _SUFFIXES.get(Path(lower).suffix)


def sniff_format(head: bytes) -> Format:
    """The format of an input from its first bytes (used for stdin and unknown suffixes)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(head)).read(4096)
        except (OSError, EOFError):
            return "text"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    lower = stripped[:2048].lower()
    if lower.startswith(b"<"):
        if b"<rss" in lower or b"<feed" in lower or b"<rdf:rdf" in lower:
            return "feed"
        return "html"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0].strip()
        return "jsonl" if first.endswith(b"}") else "json"
    return "text"


# ----------------------------------------------------------------------------- dispatch


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Every article (or skip) in ``paths``, in order, streaming.

    Example: ``read_inputs(["-"])`` with "Jakarta - Banjir melanda ..." on stdin yields one
    ``RawArticle`` whose ``ref`` is "<stdin>".
    """
    options = options or ReadOptions()
    for entry in expand_paths(paths):
        if isinstance(entry, Skipped):
            yield entry
            continue
        yield from read_one(entry, options)


def read_one(source: Path | str, options: ReadOptions) -> Iterator[Item]:
    """The articles of one file, or of standard input when ``source`` is ``-``."""
    name = "<stdin>" if source == "-" else str(source)
    try:
        if source == "-":
            stream: BinaryIO = sys.stdin.buffer
            head = stream.peek(8192)[:8192] if hasattr(stream, "peek") else b""
            yield from read_stream(stream, name, options.format or sniff_format(head), options)
            return
        path = Path(source)
        named: str | None = options.format or format_of_name(path.name)
        with path.open("rb") as raw:
            fmt: str = named if named is not None else sniff_format(raw.read(8192))
            raw.seek(0)
            if path.name.lower().endswith(".gz") and fmt != "warc":
                with gzip.open(raw) as unzipped:
                    yield from read_stream(unzipped, name, fmt, options)  # type: ignore[arg-type]
            else:
                yield from read_stream(raw, name, fmt, options)
    except PermissionError:
        yield Skipped(name, "permission denied")
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Skipped(name, f"broken gzip data: {_clean(str(exc))}")
    except OSError as exc:
        yield Skipped(name, f"cannot read: {exc.strerror or _clean(str(exc))}")


_LINE_FORMATS = frozenset({"json", "jsonl", "csv", "tsv", "feed"})


def read_stream(stream: BinaryIO, name: str, fmt: str, options: ReadOptions) -> Iterator[Item]:
    """The items of one open binary ``stream`` read as format ``fmt`` (one of :data:`FORMATS`);
    ``name`` is used in every ``ref``. The caller opens (and un-gzips) the stream: this is the
    entry point for sources :func:`read_one` does not open itself (``warta batch`` URLs).

    A binary stream under a CSV, JSON or feed name is one Skipped ("binary data, ..."), not a
    skip per line; every article's text is cut at ``options.max_chars`` and has its mojibake
    repaired, each with a notice.

    Example: ``read_stream(open("news.csv", "rb"), "news.csv", "csv", ReadOptions())`` yields
    one RawArticle per row.
    """
    readers = {
        "text": _read_text,
        "html": _read_html,
        "json": _read_json,
        "jsonl": _read_jsonl,
        "csv": _read_csv,
        "tsv": _read_csv,
        "warc": _read_warc,
        "feed": _read_feed,
    }
    if fmt not in readers:
        raise WartaInputError(name, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt in _LINE_FORMATS and hasattr(stream, "peek"):
        head = stream.peek(8192)[:8192]
        reason = binary_reason(head) if head.strip() else None
        if reason is not None:
            yield Skipped(name, reason.replace("not text", f"not {fmt.upper()}"))
            return
    for item in readers[fmt](stream, name, options):
        if isinstance(item, RawArticle) and item.record is None and fmt != "text":
            _finish(item, options)
        yield item


def _finish(item: RawArticle, options: ReadOptions) -> None:
    """Cut ``item``'s text at ``max_chars`` and repair its mojibake, each with a notice."""
    if options.max_chars is not None and len(item.text) > options.max_chars:
        whole = len(item.text)
        item.text = cut_at_paragraph(item.text, options.max_chars)
        item.notices.append(
            truncation_notice(f"{whole:,} characters", len(item.text), options.max_chars)
        )
    item.text, repaired = repair_mojibake(item.text)
    if repaired:
        item.notices.append(("encoding", repaired))


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffd]+")


def _clean(message: str, limit: int = 160) -> str:
    """One printable line of at most ``limit`` characters from a library's error message
    (which may quote the binary bytes it choked on)."""
    line = _UNPRINTABLE.sub("?", message.strip().splitlines()[0] if message.strip() else "")
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"


def _read_limited(stream: BinaryIO, name: str) -> bytes | Skipped:
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        return Skipped(name, f"larger than {MAX_ARTICLE_BYTES // 2**20} MB: not one article")
    return data


def _remaining(stream: BinaryIO) -> int | None:
    """Bytes from the position of ``stream`` to its end when it is a plain seekable file."""
    if isinstance(stream, gzip.GzipFile):
        return None  # seeking to the end would decompress it all
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return end - here
    except (OSError, ValueError, AttributeError):
        return None


def _read_text(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    try:
        decoded = read_text_stream(
            stream, name, options.encoding, max_chars=options.max_chars, size=_remaining(stream)
        )
    except WartaInputError as exc:
        yield Skipped(name, exc.reason)
        return
    yield RawArticle(text=decoded.text, ref=name, notices=decoded.notices)


# ----------------------------------------------------------------------------- HTML


def html_article(html: bytes | str, ref: str, url: str | None = None) -> Item:
    """Main text and metadata of one HTML page (trafilatura), or why there is none.

    Example: a Detik page gives its article text, ``title`` from ``<title>``/``og:title``,
    ``published`` from its date meta tags and ``site`` "detiknews".
    """
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingExtraError("reading HTML", "trafilatura", "ingest") from None
    if isinstance(html, bytes):
        if not html.strip():
            return Skipped(ref, "empty input: no HTML")
        reason = binary_reason(html[:8192])
        if reason is not None:
            return Skipped(ref, reason.replace("not text", "not HTML"))
    elif not html.strip():
        return Skipped(ref, "empty input: no HTML")
    if len(html) > MAX_HTML_BYTES:
        return Skipped(
            ref,
            f"HTML page larger than {MAX_HTML_BYTES // 2**20} MB ({len(html):,} bytes): not read "
            "(a news page is far smaller; extracting it would take minutes)",
        )
    too_deep = _too_deep(html)
    if too_deep is not None:
        return Skipped(ref, too_deep)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        return Skipped(ref, f"HTML could not be parsed: {type(exc).__name__}: {_clean(str(exc))}")
    if doc is None:
        return Skipped(ref, "HTML page without main text (trafilatura found no article)")
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = (data.get("text") or "").strip()
    title = data.get("title") or None
    if title and text.startswith(title):
        # trafilatura keeps the headline (<h1>) as the first line; the record has it apart.
        text = text[len(title) :].lstrip()
    words = len(text.split())
    if words < MIN_HTML_WORDS:
        return Skipped(ref, f"HTML page without main text (only {words} words outside navigation)")
    return RawArticle(
        text=text,
        ref=ref,
        title=title,
        published=parse_date(data.get("date")),
        url=data.get("url") or url,
        author=data.get("author") or None,
        site=data.get("sitename") or data.get("hostname") or None,
    )


def _too_deep(html: bytes | str) -> str | None:
    """Why ``html`` cannot be read whole: elements nested past libxml2's depth limit (256), as
    in a tag bomb (100,000 nested ``<div>``); lxml silently drops what lies deeper, so such a
    page is skipped rather than stored with part of its text. None for an ordinary page."""
    if (html.count(b"<") if isinstance(html, bytes) else html.count("<")) < 256:
        return None
    import lxml.etree
    import lxml.html

    parser = lxml.etree.HTMLParser(recover=True)
    try:
        lxml.html.fromstring(html, parser=parser)
    except Exception:  # trafilatura reports unparsable markup itself
        return None
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            return (
                "HTML nested deeper than 256 levels (a tag bomb?): the parser stops there, "
                "so the page cannot be read whole"
            )
    return None


def _read_html(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    data = _read_limited(stream, name)
    if isinstance(data, Skipped):
        yield data
        return
    if options.encoding:
        try:
            yield html_article(data.decode(options.encoding), name)
        except (UnicodeDecodeError, LookupError) as exc:
            yield Skipped(name, f"not valid {options.encoding}: {exc}")
        return
    yield html_article(data, name)


# ----------------------------------------------------------------------------- JSON / CSV


def _is_record(obj: dict[str, Any]) -> bool:
    return "schema_version" in obj and "sentences" in obj and "text" in obj


def _pick(row: dict[str, Any], what: str, options: ReadOptions) -> Any:
    wanted = options.columns[what]
    if wanted is not None:
        return row.get(wanted)
    lowered = {str(k).casefold(): k for k in row}
    for candidate in DEFAULT_COLUMNS[what]:
        if candidate in lowered:
            return row[lowered[candidate]]
    return None


def _column(names: Iterable[str], what: str, options: ReadOptions) -> str | None:
    names = list(names)
    wanted = options.columns[what]
    if wanted is not None:
        return wanted if wanted in names else None
    lowered = {str(k).casefold(): k for k in names}
    for candidate in DEFAULT_COLUMNS[what]:
        if candidate in lowered:
            return lowered[candidate]
    return None


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def article_from_mapping(row: dict[str, Any], ref: str, options: ReadOptions) -> Item:
    """A raw article from one JSON object or CSV row, mapped by ``options`` (or by the
    :data:`DEFAULT_COLUMNS` names), or the reason it has none."""
    if _is_record(row):
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            return Skipped(ref, "warta record with empty text")
        return RawArticle(text=text, ref=ref, record=row)
    text = _pick(row, "text", options)
    if text is None:
        keys = ", ".join(map(str, list(row)[:12])) or "none"
        flag = f"column {options.text_col!r} missing" if options.text_col else "no text field"
        return Skipped(ref, f"{flag} (fields: {keys}); name it with --text-col")
    if not isinstance(text, str):
        return Skipped(ref, f"text field is {type(text).__name__}, not a string")
    if not text.strip():
        return Skipped(ref, "empty text")
    if "\x00" in text:
        return Skipped(ref, "binary data in the text field (NUL characters)")
    raw_date = _pick(row, "date", options)
    published = parse_date(raw_date, options.date_order)
    return RawArticle(
        text=text,
        ref=ref,
        title=_str(_pick(row, "title", options)),
        published=published,
        url=_str(_pick(row, "url", options)),
        id=_str(_pick(row, "id", options)),
    )


class _LineTooLong(Exception):
    def __init__(self, number: int) -> None:
        self.number = number


def _lines(stream: BinaryIO, limit: int = MAX_ARTICLE_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` for each line of ``stream``, read one at a time (memory stays flat
    however large the file); a line longer than ``limit`` bytes comes as ``None`` and its bytes
    are read past, never held whole."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def _decode_line(line: bytes, encoding: str | None) -> tuple[str, str | None]:
    """One line's text, and a note when bytes that are not UTF-8 were read as Windows-1252.

    Raises UnicodeDecodeError/LookupError only for an explicit ``encoding``."""
    if encoding is not None:
        return line.decode(encoding), None
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        stray = len(line) - len(line.decode("utf-8", "ignore").encode("utf-8"))
        return line.decode("utf-8", "warta-cp1252"), (
            f"mixed encodings: {stray:,} bytes that are not UTF-8 (the first at byte "
            f"{exc.start:,} of its line) were read as Windows-1252; the rest is UTF-8"
        )


def _with_note(item: Item, note: str | None) -> Item:
    if note is not None and isinstance(item, RawArticle):
        item.notices.append(("encoding", note))
    return item


def _read_jsonl(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    for number, line in _lines(stream):
        ref = f"{name}:line {number}"
        if line is None:
            yield Skipped(ref, f"line larger than {MAX_ARTICLE_BYTES // 2**20} MB")
            continue
        if not line.strip():
            continue
        try:
            text, note = _decode_line(line, options.encoding)
        except LookupError:
            yield Skipped(name, f"unknown encoding {options.encoding!r}")
            return
        except UnicodeDecodeError as exc:
            bad = line[exc.start : exc.start + 1].hex()
            yield Skipped(ref, f"not valid {options.encoding}: byte 0x{bad}")
            continue
        try:
            obj = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            where = f"column {exc.colno}"
            where = f" {where}" if exc.msg.endswith(" at") else f" ({where})"
            yield Skipped(ref, f"invalid JSON: {exc.msg}{where}")
            continue
        except RecursionError:
            yield Skipped(ref, "invalid JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield Skipped(ref, f"a JSON {type(obj).__name__}, not an object")
            continue
        yield _with_note(article_from_mapping(obj, ref, options), note)


def _read_json(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    data = _read_limited(stream, name)
    if isinstance(data, Skipped):
        yield Skipped(name, data.reason + " (use JSON Lines for large collections)")
        return
    note: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and options.encoding is None:
        data = data.decode("utf-16").encode("utf-8")
    try:
        text, note = _decode_line(data.removeprefix(codecs.BOM_UTF8), options.encoding)
    except LookupError:
        yield Skipped(name, f"unknown encoding {options.encoding!r}")
        return
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        yield Skipped(name, f"not valid {options.encoding}: byte 0x{bad} at offset {exc.start:,}")
        return
    del data
    if text.lstrip().startswith("["):
        for entry in _json_array(text, name):
            if isinstance(entry, Skipped):
                yield entry
            else:
                yield _with_note(article_from_mapping(entry[1], entry[0], options), note)
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.lineno > 1 and text.lstrip().startswith("{") and not _ends_inside(exc, text):
            # Several objects, one a line: JSON Lines under a .json name.
            yield from _read_jsonl(io.BytesIO(text.encode("utf-8")), name, options)
            return
        yield Skipped(name, _json_error(exc, text))
        return
    except RecursionError:
        yield Skipped(name, "invalid JSON: nested too deeply")
        return
    if isinstance(obj, dict) and not _is_record(obj):
        for key in ("articles", "items", "data", "records"):
            if isinstance(obj.get(key), list):
                obj = obj[key]
                break
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items, start=1):
        ref = f"{name}[{i}]" if isinstance(obj, list) else name
        if not isinstance(item, dict):
            yield Skipped(ref, f"a JSON {type(item).__name__}, not an object")
            continue
        yield _with_note(article_from_mapping(item, ref, options), note)


def _ends_inside(exc: json.JSONDecodeError, text: str) -> bool:
    """Whether a parse error means the text ends too early (a cut-off file)."""
    return exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip())


def _json_error(exc: json.JSONDecodeError, text: str, read: int | None = None) -> str:
    where = f"line {exc.lineno}, column {exc.colno}"
    if _ends_inside(exc, text):
        done = "" if read is None else f"; the {read} items before it were read"
        item = "" if read is None else f" inside item {read + 1}"
        sep = " " if exc.msg.endswith(" at") else ", "
        return f"invalid JSON: truncated, the file ends{item} ({exc.msg}{sep}{where}){done}"
    rest = "" if read is None else f" in item {read + 1}; the rest of the file is not read"
    return f"invalid JSON: {exc.msg} ({where}){rest}"


_WS = re.compile(r"[ \t\n\r]*")


def _json_array(text: str, name: str) -> Iterator[tuple[str, dict[str, Any]] | Skipped]:
    """The items of a top-level JSON array, decoded one at a time, so a file cut (or broken)
    in its 500th item still gives the 499 before it: ``(ref, object)`` for each object, a
    Skipped for anything else."""
    decoder = json.JSONDecoder()
    pos = _WS.match(text, text.index("[") + 1).end()  # type: ignore[union-attr]
    count = 0
    if text.startswith("]", pos):
        return
    while True:
        ref = f"{name}[{count + 1}]"
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield Skipped(ref, _json_error(exc, text, count))
            return
        except RecursionError:
            yield Skipped(ref, "invalid JSON: nested too deeply; the rest of the file is not read")
            return
        count += 1
        if isinstance(obj, dict):
            yield ref, obj
        else:
            yield Skipped(ref, f"a JSON {type(obj).__name__}, not an object")
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("]", pos):
            if text[pos + 1 :].strip():
                yield Skipped(
                    name, f"invalid JSON: extra data after the array ({count} items read)"
                )
            return
        line = text.count("\n", 0, pos) + 1
        if pos >= len(text):
            yield Skipped(
                f"{name}[{count + 1}]",
                f"invalid JSON: truncated, the file ends after item {count} (line {line}); "
                f"the {count} items before it were read",
            )
        else:
            yield Skipped(
                f"{name}[{count + 1}]",
                f"invalid JSON: expecting ',' or ']' after item {count} (line {line}); "
                "the rest of the file is not read",
            )
        return


def _csv_lines(stream: BinaryIO, options: ReadOptions, fallback: set[int]) -> Iterator[str]:
    """The decoded lines of a CSV stream, one at a time, line ends kept. A line with bytes
    that are not UTF-8 is read as Windows-1252 for those bytes, and its number is added to
    ``fallback``. UTF-16/32 files (by their byte-order mark) are decoded whole-stream."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    wide = options.encoding or next((enc for bom, enc in _WIDE_BOMS if head.startswith(bom)), None)
    if wide is not None and wide.lower().replace("-", "").startswith(("utf16", "utf32")):
        yield from io.TextIOWrapper(stream, encoding=wide, errors="strict", newline="")
        return
    for number, line in _lines(stream):
        if line is None:
            raise _LineTooLong(number)
        text, note = _decode_line(line, options.encoding)
        if note is not None:
            fallback.add(number)
        yield text


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _read_csv(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    csv.field_size_limit(MAX_ARTICLE_BYTES)
    delimiter = "\t" if name.lower().removesuffix(".gz").endswith(".tsv") else ","
    if options.format == "tsv":
        delimiter = "\t"
    fallback: set[int] = set()
    reader = csv.reader(_csv_lines(stream, options, fallback), delimiter=delimiter, strict=True)
    number = 0
    try:
        header = next(reader, None)
        if not header:
            yield Skipped(name, "empty CSV: no header row")
            return
        text_col = _column(header, "text", options)
        if text_col is None:
            cols = ", ".join(header[:12])
            what = (
                f"column {options.text_col!r} not found" if options.text_col else "no text column"
            )
            yield Skipped(name, f"{what} (columns: {cols}); name it with --text-col")
            return
        last = reader.line_num
        while True:
            first = last + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                last = reader.line_num
                yield Skipped(f"{name}:line {first}", _csv_error(str(exc), first, last))
                continue
            lines = range(first, reader.line_num + 1)
            last = reader.line_num
            if not row:
                continue
            number += 1
            ref = f"{name}:row {number}"
            if len(row) != len(header):
                more = "more" if len(row) > len(header) else "fewer"
                yield Skipped(
                    ref,
                    f"{more} fields than the header has ({len(row)}, not {len(header)}; "
                    f"line {first}): a ragged CSV row",
                )
                continue
            item = article_from_mapping(dict(zip(header, row, strict=True)), ref, options)
            if fallback and any(n in fallback for n in lines):
                item = _with_note(
                    item, "mixed encodings: bytes that are not UTF-8 were read as Windows-1252"
                )
            yield item
    except _LineTooLong as exc:
        yield Skipped(
            f"{name}:line {exc.number}",
            f"line larger than {MAX_ARTICLE_BYTES // 2**20} MB; the rest of the file is not read",
        )
    except LookupError:
        yield Skipped(name, f"unknown encoding {options.encoding!r}")
    except UnicodeDecodeError as exc:
        yield Skipped(
            f"{name}:row {number + 1}",
            f"not valid {options.encoding or 'UTF-16'}: {exc.reason}; the rest of the file is "
            "not read",
        )


def _csv_error(message: str, first: int, last: int) -> str:
    """The reason for a CSV error between physical lines ``first`` and ``last``."""
    span = f"line {first}" if last <= first else f"lines {first}-{last}"
    if "unexpected end of data" in message:
        return (
            f"broken CSV: unclosed quote, a quoted field opened on line {first} never closes; "
            f"{span} not read"
        )
    if "expected after" in message:
        return (
            f"broken CSV: {message} (an unclosed or stray quote on line {first}?); {span} not read"
        )
    return f"broken CSV: {message}; {span} not read"


# ----------------------------------------------------------------------------- WARC


_WARC_TYPES = frozenset(
    {
        "warcinfo",
        "response",
        "resource",
        "request",
        "metadata",
        "revisit",
        "conversion",
        "continuation",
    }
)


def _stream_size(stream: BinaryIO) -> int | None:
    try:
        if not stream.seekable():
            return None
        return stream.seek(0, io.SEEK_END)
    except (OSError, ValueError):
        return None


def _read_warc(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingExtraError("reading WARC", "warcio", "ingest") from None
    count = 0
    last_end = _tell(stream)
    while True:  # one pass per readable stretch of the file (see _warc_resume)
        failure = yield from _warc_stretch(stream, name, options, count, last_end)
        if failure is None:
            return
        broken, count, start = failure
        resume = _warc_resume(stream, start, ArchiveIterator)
        if resume is None:
            yield broken
            return
        reason = broken.reason.removesuffix("; the rest of the file is not read")
        yield Skipped(
            broken.ref,
            f"{reason}; bytes {start:,} to {resume:,} skipped, reading goes on at the next record",
        )
        stream.seek(resume)
        last_end = resume


def _tell(stream: BinaryIO) -> int:
    try:
        return stream.tell()
    except (OSError, ValueError, AttributeError):
        return 0


def _warc_record_at(stream: BinaryIO, offset: int, archive_iterator: Any) -> bool:
    """Whether a whole WARC record header starts at ``offset`` (the stream is moved)."""
    stream.seek(offset)
    try:
        record = next(archive_iterator(stream))
    except Exception:  # garbage: warcio raises many kinds
        return False
    return (
        record.rec_type in _WARC_TYPES
        and record.rec_headers.get_header("Content-Length") is not None
        and not _headers_run_together(record)
    )


def _headers_run_together(record: Any) -> bool:
    """Whether a record's header block holds two records' headers (the first record was cut
    inside its headers, and warcio read on into the next one's)."""
    names = [key.lower() for key, _ in record.rec_headers.headers]
    return names.count("warc-type") > 1 or names.count("warc-record-id") > 1


def _warc_resume(stream: BinaryIO, start: int, archive_iterator: Any) -> int | None:
    """The offset of the first WARC record after the broken one that begins at ``start``:
    the next gzip member (or ``WARC/1.`` line) that parses as a record header, searched in
    1 MiB pieces. None when there is none, or the stream cannot seek."""
    try:
        if not stream.seekable():
            return None
        stream.seek(0)
        gzipped = stream.read(2) == b"\x1f\x8b"  # a WARC.gz: one gzip member per record
    except (OSError, ValueError):
        return None
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    pos = start + 1
    while True:
        stream.seek(pos)
        piece = stream.read(1 << 20)
        found = piece.find(marker)
        while found >= 0:
            if _warc_record_at(stream, pos + found, archive_iterator):
                return pos + found
            found = piece.find(marker, found + 1)
        if len(piece) < 1 << 20:
            return None
        pos += len(piece) - len(marker) + 1


def _warc_stretch(
    stream: BinaryIO, name: str, options: ReadOptions, count: int, last_end: int
) -> Generator[Item, None, tuple[Skipped, int, int] | None]:
    """The items of a WARC from the stream's position to its end, or to the first broken
    record; then returns None, or ``(the Skipped for it, records read, its offset)``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    iterator = ArchiveIterator(stream)
    while True:
        start = last_end
        try:
            record = next(iterator)
        except StopIteration:
            # warcio ends quietly when a file is cut inside a record's headers: bytes after
            # the end of the last whole record are what is left of a truncated one.
            size = _stream_size(stream)
            gzipped = getattr(iterator.reader, "decomp_type", None) == "gzip"
            if size is not None and size - last_end > (0 if gzipped else 4):
                yield Skipped(
                    name,
                    f"truncated WARC: {size - last_end:,} bytes after the last whole record "
                    f"({count} read)",
                )
            return None
        except ArchiveLoadFailed as exc:
            # warcio quotes the bad line (binary garbage, often): the kind of failure is enough.
            why = re.split(r",? first line:", str(exc), maxsplit=1)[0].strip()
            why = why[:1].lower() + why[1:]
            if count:
                reason = (
                    f"corrupt WARC (after record {count}): {_clean(why, 100)}; the rest of "
                    "the file is not read"
                )
            else:
                reason = f"not a valid WARC: {_clean(why, 100)}"
            return Skipped(name, reason), count, start
        except Exception as exc:  # warcio raises OSError, zlib.error, even AttributeError
            return (
                Skipped(
                    name,
                    f"truncated or corrupt WARC (after record {count}): {type(exc).__name__}: "
                    f"{_clean(str(exc), 100)}; the rest of the file is not read",
                ),
                count,
                start,
            )
        count += 1
        if _headers_run_together(record):
            return (
                Skipped(
                    name,
                    f"truncated WARC: record {count} is cut inside its headers (the next "
                    "record's headers follow)",
                ),
                count,
                start,
            )
        if record.rec_type not in _WARC_TYPES:
            return (
                Skipped(
                    name, f"truncated or corrupt WARC: record {count} has type {record.rec_type!r}"
                ),
                count,
                start,
            )
        if record.rec_type not in ("response", "resource"):
            try:
                last_end = iterator.get_record_offset() + iterator.get_record_length()
            except Exception as exc:  # a cut inside this record
                return (
                    Skipped(name, f"truncated WARC at record {count}: {_clean(str(exc))}"),
                    count,
                    start,
                )
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        try:
            # Read the body before asking for the offset: warcio's get_record_offset()
            # consumes the rest of the record.
            body = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
            # warcio reads a cut-off gzip member or file as a short record without an
            # error: the block's own length tells.
            missing = (
                getattr(record.raw_stream, "limit", 0) if len(body) <= MAX_ARTICLE_BYTES else 0
            )
            ref = f"{name}@{iterator.get_record_offset()}"
            last_end = iterator.get_record_offset() + iterator.get_record_length()
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            return (
                Skipped(
                    f"{name}#record {count}",
                    f"truncated or corrupt WARC record: {type(exc).__name__}: {_clean(str(exc))}",
                ),
                count,
                start,
            )
        if missing:
            return (
                Skipped(ref, f"truncated WARC: record {count} lacks {missing:,} bytes"),
                count,
                start,
            )
        if record.rec_headers.get_header("Content-Length") is None:
            return (
                Skipped(ref, f"truncated WARC: record {count} has incomplete headers"),
                count,
                start,
            )
        if record.rec_type == "response":
            if record.http_headers is None:
                return (
                    Skipped(ref, f"truncated WARC: response record {count} has no HTTP headers"),
                    count,
                    start,
                )
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                yield Skipped(ref, f"HTTP status {status} for {url}")
                continue
        else:
            ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
        if len(body) > MAX_ARTICLE_BYTES:
            yield Skipped(ref, f"record larger than {MAX_ARTICLE_BYTES // 2**20} MB")
            continue
        if "html" in ctype:
            yield html_article(body, ref, url=url)
        elif ctype.startswith("text/plain"):
            try:
                decoded = decode_text(body, ref, options.encoding)
            except WartaInputError as exc:
                yield Skipped(ref, exc.reason)
                continue
            yield RawArticle(text=decoded.text, ref=ref, url=url, notices=decoded.notices)
        else:
            yield Skipped(ref, f"content type {ctype or 'unknown'!r} is not text or HTML")


# ----------------------------------------------------------------------------- feeds


def _strip_html(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError and others on broken markup
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for p in root.iter("p"):
        p.tail = "\n" + (p.tail or "")
    return re.sub(r"[ \t]+\n", "\n", root.text_content()).strip()


def _read_feed(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    try:
        import feedparser
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingExtraError("reading RSS/Atom", "feedparser", "ingest") from None
    data = _read_limited(stream, name)
    if isinstance(data, Skipped):
        yield data
        return
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        yield Skipped(
            name, f"not an RSS/Atom feed with items{': ' + str(why) if why else ' (no items)'}"
        )
        return
    for i, entry in enumerate(entries, start=1):
        ref = f"{name}#item {i}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value") or "" for c in entry["content"]), key=len)
        body = body or entry.get("summary") or entry.get("description") or ""
        text = _strip_html(body)
        if not text:
            yield Skipped(ref, "feed item without text (no content or summary)")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
            if stamp
            else parse_date(entry.get("published") or entry.get("updated"), options.date_order)
        )
        yield RawArticle(
            text=text,
            ref=ref,
            title=_str(entry.get("title")),
            published=published,
            url=_str(entry.get("link")),
            id=_str(entry.get("id")),
            author=_str(entry.get("author")),
            site=_str(parsed.get("feed", {}).get("title")),
        )


def count_inputs(
    paths: Iterable[str], options: ReadOptions, limit_bytes: int = 2**30
) -> int | None:
    """A quick count of the articles in ``paths`` for a progress bar's ETA, or None when it
    cannot be known cheaply (stdin, WARC, feeds, compressed or very large inputs)."""
    total = 0
    size = 0
    for entry in expand_paths(paths):
        if isinstance(entry, Skipped):
            continue
        if entry == "-":
            return None
        path = Path(entry)
        fmt = options.format or format_of_name(path.name)
        if path.name.lower().endswith(".gz") or fmt in (None, "warc", "feed", "json"):
            return None
        size += path.stat().st_size
        if size > limit_bytes:
            return None
        if fmt in ("text", "html"):
            total += 1
        elif fmt == "jsonl":
            with path.open("rb") as fh:  # lines read in 1 MiB pieces, never held whole
                filled = False
                for piece in iter(lambda: fh.readline(1 << 20), b""):
                    filled = filled or bool(piece.strip())
                    if piece.endswith(b"\n"):
                        total += filled
                        filled = False
                total += filled
        else:
            try:
                with path.open(encoding=options.encoding or "utf-8-sig", newline="") as fh:
                    total += sum(1 for _ in csv.reader(fh, delimiter="\t" if fmt == "tsv" else ","))
                    total -= 1
            except (UnicodeDecodeError, csv.Error):
                return None
    return total
