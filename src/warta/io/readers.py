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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

from warta.errors import MissingExtraError, WartaInputError
from warta.io.text import MAX_ARTICLE_BYTES, decode_article_bytes

#: An HTML page whose main text has fewer words than this is a page without an article.
MIN_HTML_WORDS = 10

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
    ("10/20/2025", "20/10/2025") are read either way.
    """

    text_col: str | None = None
    title_col: str | None = None
    date_col: str | None = None
    url_col: str | None = None
    id_col: str | None = None
    date_order: Literal["mdy", "dmy"] = "mdy"
    encoding: str | None = None
    format: str | None = None
    columns: dict[str, str | None] = field(init=False)

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise WartaInputError(
                "--format", f"unknown format {self.format!r} (one of {', '.join(FORMATS)})"
            )
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
                    if _format_of_name(sub.name) is None:
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


def _format_of_name(name: str) -> Format | None:
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
            yield from _read_stream(stream, name, options.format or sniff_format(head), options)
            return
        path = Path(source)
        named: str | None = options.format or _format_of_name(path.name)
        with path.open("rb") as raw:
            fmt: str = named if named is not None else sniff_format(raw.read(8192))
            raw.seek(0)
            if path.name.lower().endswith(".gz") and fmt != "warc":
                with gzip.open(raw) as unzipped:
                    yield from _read_stream(unzipped, name, fmt, options)  # type: ignore[arg-type]
            else:
                yield from _read_stream(raw, name, fmt, options)
    except PermissionError:
        yield Skipped(name, "permission denied")
    except (gzip.BadGzipFile, EOFError) as exc:
        yield Skipped(name, f"broken gzip data: {exc}")
    except OSError as exc:
        yield Skipped(name, f"cannot read: {exc.strerror or exc}")


def _read_stream(stream: BinaryIO, name: str, fmt: str, options: ReadOptions) -> Iterator[Item]:
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
    yield from readers[fmt](stream, name, options)


def _read_limited(stream: BinaryIO, name: str) -> bytes | Skipped:
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        return Skipped(name, f"larger than {MAX_ARTICLE_BYTES // 2**20} MB: not one article")
    return data


def _read_text(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    data = _read_limited(stream, name)
    if isinstance(data, Skipped):
        yield data
        return
    try:
        text = decode_article_bytes(data, name, options.encoding)
    except WartaInputError as exc:
        yield Skipped(name, exc.reason)
        return
    yield RawArticle(text=text, ref=name)


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
        if b"\x00" in html[:8192]:
            return Skipped(ref, "binary data, not HTML (contains NUL bytes)")
        if not html.strip():
            return Skipped(ref, "empty input: no HTML")
    elif not html.strip():
        return Skipped(ref, "empty input: no HTML")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        return Skipped(ref, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
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


def _text_stream(stream: BinaryIO, options: ReadOptions) -> IO[str]:
    return io.TextIOWrapper(
        stream, encoding=options.encoding or "utf-8-sig", errors="strict", newline=""
    )


def _read_jsonl(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    for number, line in enumerate(stream, start=1):
        ref = f"{name}:line {number}"
        if not line.strip():
            continue
        if len(line) > MAX_ARTICLE_BYTES:
            yield Skipped(ref, f"line larger than {MAX_ARTICLE_BYTES // 2**20} MB")
            continue
        try:
            obj = json.loads(line.decode(options.encoding or "utf-8-sig"))
        except UnicodeDecodeError as exc:
            yield Skipped(ref, f"not valid UTF-8: byte 0x{line[exc.start : exc.start + 1].hex()}")
            continue
        except json.JSONDecodeError as exc:
            yield Skipped(ref, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Skipped(ref, f"a JSON {type(obj).__name__}, not an object")
            continue
        yield article_from_mapping(obj, ref, options)


def _read_json(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    data = _read_limited(stream, name)
    if isinstance(data, Skipped):
        yield Skipped(name, data.reason + " (use JSON Lines for large collections)")
        return
    try:
        obj = json.loads(data.decode(options.encoding or "utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield Skipped(name, f"not valid UTF-8: byte 0x{data[exc.start : exc.start + 1].hex()}")
        return
    except json.JSONDecodeError as exc:
        if exc.lineno > 1 and data.lstrip().startswith(b"{"):
            # Several objects, one a line: JSON Lines under a .json name.
            yield from _read_jsonl(io.BytesIO(data), name, options)
            return
        yield Skipped(name, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
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
        yield article_from_mapping(item, ref, options)


def _read_csv(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    csv.field_size_limit(MAX_ARTICLE_BYTES)
    text = _text_stream(stream, options)
    delimiter = "\t" if name.lower().removesuffix(".gz").endswith(".tsv") else ","
    if options.format == "tsv":
        delimiter = "\t"
    try:
        reader = csv.DictReader(text, delimiter=delimiter)
        header = reader.fieldnames
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
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Skipped(f"{name}:line {reader.line_num}", f"broken CSV: {exc}")
                return
            number += 1
            ref = f"{name}:row {number}"
            if None in row:
                yield Skipped(ref, "more fields than the header has")
                continue
            yield article_from_mapping(row, ref, options)
    except UnicodeDecodeError as exc:
        yield Skipped(name, f"not valid {options.encoding or 'UTF-8'}: {exc.reason}")


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
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingExtraError("reading WARC", "warcio", "ingest") from None
    count = 0
    last_end = 0
    iterator = ArchiveIterator(stream)
    while True:
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
            break
        except ArchiveLoadFailed as exc:
            where = f"after {count} records" if count else "at the start"
            yield Skipped(name, f"not a valid WARC {where}: {str(exc).splitlines()[0]}")
            return
        except Exception as exc:  # warcio raises OSError, ValueError, even AttributeError
            yield Skipped(
                name,
                f"truncated or corrupt WARC after {count} records: {type(exc).__name__}: {exc}",
            )
            return
        count += 1
        if record.rec_type not in _WARC_TYPES:
            yield Skipped(
                name, f"truncated or corrupt WARC: record {count} has type {record.rec_type!r}"
            )
            return
        if record.rec_type not in ("response", "resource"):
            try:
                last_end = iterator.get_record_offset() + iterator.get_record_length()
            except Exception as exc:  # a cut inside this record
                yield Skipped(name, f"truncated WARC at record {count}: {exc}")
                return
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
        except (OSError, EOFError, ValueError) as exc:
            yield Skipped(f"{name}#record {count}", f"truncated WARC record: {exc}")
            return
        if missing:
            yield Skipped(ref, f"truncated WARC: record {count} lacks {missing:,} bytes")
            return
        if record.rec_headers.get_header("Content-Length") is None:
            yield Skipped(ref, f"truncated WARC: record {count} has incomplete headers")
            return
        if record.rec_type == "response":
            if record.http_headers is None:
                yield Skipped(ref, f"truncated WARC: response record {count} has no HTTP headers")
                return
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
                text = decode_article_bytes(body, ref, options.encoding)
            except WartaInputError as exc:
                yield Skipped(ref, exc.reason)
                continue
            yield RawArticle(text=text, ref=ref, url=url)
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
        fmt = options.format or _format_of_name(path.name)
        if path.name.lower().endswith(".gz") or fmt in (None, "warc", "feed", "json"):
            return None
        size += path.stat().st_size
        if size > limit_bytes:
            return None
        if fmt in ("text", "html"):
            total += 1
        elif fmt == "jsonl":
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            try:
                with path.open(encoding=options.encoding or "utf-8-sig", newline="") as fh:
                    total += sum(1 for _ in csv.reader(fh, delimiter="\t" if fmt == "tsv" else ","))
                    total -= 1
            except (UnicodeDecodeError, csv.Error):
                return None
    return total
