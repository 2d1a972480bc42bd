"""Cut the inputs of ``warta batch`` into partitions, the same way on every run.

A partition is a list of segments ``(source, start, stop)``: items ``start`` to ``stop - 1``
of one input, as the readers of :mod:`warta.io.readers` yield them (skips included, so the
numbering never depends on what could be read). A file that holds many cheap-to-read articles
(CSV, TSV, JSON Lines, JSON) is counted and cut into ranges of ``size`` items (at most
:data:`MAX_RANGES_PER_FILE` ranges: each re-reads the file up to its start); WARC and feed
files are one partition each (``stop`` -1: to the end), because skipping into them would parse
every earlier page again; files that hold one article each (``.txt``, ``.html``) are grouped
``size`` at a time. The partition id is a hash of its segments, so a rerun over the same
inputs yields the same ids and skips the finished ones.

Example: ``make_plan(["news.csv"], ReadOptions(), 100)`` on an 800-row CSV gives eight
partitions, ``news.csv`` items 0-99, 100-199, ..., 700-799.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import MissingExtraError, WartaInputError
from warta.io import readers
from warta.io.readers import Item, ReadOptions, Skipped, expand_paths, read_one

#: Suffixes of files that hold exactly one article (never counted: one item each).
ONE_ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".html", ".htm", ".xhtml")

#: A many-article file is cut into at most this many ranges (larger ones when it holds more
#: than ``size`` times this many items): each range re-reads the file up to its start, so the
#: reading cost of a file is about ``MAX_RANGES_PER_FILE / 2`` times one full read.
MAX_RANGES_PER_FILE = 32

#: A function that maps ``fn`` over ``items`` (the builtin ``map``, or a Dask client's).
Mapper = Callable[[Callable[[str], int], Sequence[str]], Iterable[int]]


@dataclass(frozen=True)
class Partition:
    """Items ``start..stop-1`` of each of its sources (``stop`` -1: to the end of the file).

    ``seq`` is ``(position in the plan + 1) << 32``; an article's ``articles.seq`` in the
    batch output is ``seq`` plus its position in the partition, which orders articles in
    input order (the store renumbers them when it loads the output)."""

    id: str
    segments: tuple[tuple[str, int, int], ...]
    seq: int

    @property
    def size(self) -> int:
        """Items known before reading (a whole-file segment counts 0)."""
        return sum(stop - start for _, start, stop in self.segments if stop >= 0)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "seq": self.seq, "segments": [list(s) for s in self.segments]}


@dataclass
class Plan:
    """Every partition of a run, in input order, and the inputs that could not be listed."""

    partitions: list[Partition] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: ``file -> [size, mtime_ns, items]`` of the many-article local files (kept in _plan.json).
    counts: dict[str, list[int]] = field(default_factory=dict)

    @property
    def items(self) -> int:
        return sum(p.size for p in self.partitions)


def partition_id(segments: Sequence[tuple[str, int, int]]) -> str:
    """The id of a partition: 16 hex digits of the SHA-1 of its segments.

    >>> partition_id([("/data/news.csv", 0, 100)])
    '7a9429fa72cf506f'
    """
    blob = json.dumps([list(s) for s in segments], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------------------- sources


def is_url(path: str) -> bool:
    """Whether ``path`` is an fsspec URL ("s3://bucket/news/*.jsonl", "file:///data/x.csv")."""
    return "://" in path


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError:
        raise MissingExtraError("reading URLs in warta batch", "fsspec", "batch") from None
    return fsspec


def _expand_url(raw: str) -> Iterator[str | Skipped]:
    fsspec = _fsspec()
    try:
        fs, _, found = fsspec.core.get_fs_token_paths(raw)
    except (ValueError, ImportError, OSError) as exc:
        yield Skipped(raw, f"cannot open: {exc}")
        return
    found = [p for p in sorted(found) if fs.exists(p)]
    if not found:
        yield Skipped(raw, "no such file, folder or match")
    for path in found:
        if fs.isdir(path):
            subs = [s for s in sorted(fs.find(path)) if "/." not in s[len(path) :]]
            if not subs:
                yield Skipped(fs.unstrip_protocol(path), "folder holds no files")
            for sub in subs:
                url = fs.unstrip_protocol(sub)
                if readers.format_of_name(sub) is None:
                    yield Skipped(url, "not an article format warta reads (by its name)")
                else:
                    yield url
        else:
            yield fs.unstrip_protocol(path)


def expand_sources(paths: Iterable[str]) -> Iterator[str | Skipped]:
    """Every input file named by ``paths``: local paths (made absolute, so workers on other
    machines with the same shared filesystem open the same file) or fsspec URLs.

    Raises :class:`~warta.errors.WartaInputError` for ``-``: workers cannot read this
    process's standard input.
    """
    for raw in paths:
        if raw == "-":
            raise WartaInputError(
                "-", "warta batch reads files its workers can open, not standard input"
            )
        if is_url(raw):
            yield from _expand_url(raw)
            continue
        for entry in expand_paths([raw]):
            yield entry if isinstance(entry, Skipped) else str(Path(entry).resolve())


def _read_url(source: str, options: ReadOptions) -> Iterator[Item]:
    fsspec = _fsspec()
    name = source.rsplit("/", 1)[-1]
    fmt = options.format or readers.format_of_name(name)
    try:
        with fsspec.open(source, "rb") as fh:
            if fmt is None:
                fmt = readers.sniff_format(fh.read(8192))
                fh.seek(0)
            if name.lower().endswith(".gz") and fmt != "warc":
                with gzip.open(fh) as unzipped:
                    yield from readers.read_stream(unzipped, source, fmt, options)  # type: ignore[arg-type]
            else:
                yield from readers.read_stream(fh, source, fmt, options)
    except PermissionError:
        yield Skipped(source, "permission denied")
    except (gzip.BadGzipFile, EOFError) as exc:
        yield Skipped(source, f"broken gzip data: {exc}")
    except OSError as exc:
        yield Skipped(source, f"cannot read: {exc.strerror or exc}")


def read_source(source: str, options: ReadOptions) -> Iterator[Item]:
    """The items (articles or skips) of one input, in the readers' order."""
    if is_url(source):
        yield from _read_url(source, options)
    else:
        yield from read_one(Path(source), options)


def read_segment(source: str, start: int, stop: int, options: ReadOptions) -> Iterator[Item]:
    """Items ``start..stop-1`` of ``source`` (the file is read from its start: readers stream)."""
    yield from itertools.islice(read_source(source, options), start, None if stop < 0 else stop)


def count_items(source: str, options: ReadOptions) -> int:
    """How many items the readers yield for ``source`` (run on a worker: it reads the file)."""
    return sum(1 for _ in read_source(source, options))


def holds_one_article(source: str, options: ReadOptions) -> bool:
    """Whether ``source`` is a one-article file (by its name), so it need not be counted."""
    if options.format is not None:
        return options.format in ("text", "html")
    name = source.rsplit("/", 1)[-1].lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(ONE_ARTICLE_SUFFIXES)


def read_whole(source: str, options: ReadOptions) -> bool:
    """Whether ``source`` is one partition whatever its size: WARC and feed files, whose
    reader parses every page it passes (so a range further in would re-parse the start)."""
    name = source.rsplit("/", 1)[-1]
    return (options.format or readers.format_of_name(name)) in ("warc", "feed")


# ----------------------------------------------------------------------------- plan


def file_stamp(source: str) -> list[int] | None:
    """Size and modification time (ns) of a local file, to reuse its item count on a rerun;
    None for URLs (always recounted)."""
    if is_url(source):
        return None
    try:
        st = Path(source).stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def make_plan(
    paths: Iterable[str],
    options: ReadOptions,
    size: int,
    mapper: Mapper | None = None,
    known_counts: dict[str, Any] | None = None,
) -> Plan:
    """Partitions of at most ``size`` items over ``paths``, in input order.

    ``mapper`` runs :func:`count_items` over the many-article files (default: here, one after
    another; :func:`warta.batch.run.run_batch` passes a Dask map so workers count in parallel).
    ``known_counts`` maps a file to ``[size, mtime_ns, count]`` from an earlier plan: a file
    whose size and time are unchanged is not counted again. ``plan.counts`` holds the counts.
    """
    if size < 1:
        raise WartaInputError("--partition-size", f"must be at least 1, not {size}")
    plan = Plan()
    sources: list[str] = []
    for entry in expand_sources(paths):
        if isinstance(entry, Skipped):
            plan.skipped.append(entry)
        else:
            sources.append(entry)
    many = [s for s in sources if not holds_one_article(s, options) and not read_whole(s, options)]
    counts: dict[str, int] = {}
    for source in many:
        old = (known_counts or {}).get(source)
        stamp = file_stamp(source)
        if stamp is not None and old is not None and list(old[:2]) == stamp:
            counts[source] = int(old[2])
    fresh = [s for s in many if s not in counts]

    def count(source: str) -> int:
        return count_items(source, options)

    if fresh:
        counts.update(zip(fresh, (mapper or map)(count, fresh), strict=True))
    for source in many:
        stamp = file_stamp(source)
        if stamp is not None:
            plan.counts[source] = [*stamp, counts[source]]
    group: list[tuple[str, int, int]] = []

    def add(segments: list[tuple[str, int, int]]) -> None:
        seq = (len(plan.partitions) + 1) << 32
        plan.partitions.append(Partition(partition_id(segments), tuple(segments), seq))

    for source in sources:
        if read_whole(source, options):
            if group:
                add(group)
                group = []
            add([(source, 0, -1)])
            continue
        if source not in counts:
            group.append((source, 0, 1))
            if len(group) >= size:
                add(group)
                group = []
            continue
        if group:
            add(group)
            group = []
        total = counts[source]
        step = max(size, -(-total // MAX_RANGES_PER_FILE))
        for start in range(0, total, step):
            add([(source, start, min(start + step, total))])
    if group:
        add(group)
    return plan
