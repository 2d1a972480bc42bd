"""Indonesian temporal expressions, found in text and resolved to the calendar.

Indonesian news dates events by the day name with day/month in brackets ("Kamis (6/1)",
"Senin (3/1/2022)"), by day and month name ("6 Januari 2022"), and relative to the day of
publication ("kemarin", "pagi ini", "Rabu malam", "pekan lalu"). dateparser reads "(6/1)" as
1 June and misses most relative forms, so warta has its own rules:

* **day/month in brackets** is day first, month second; without a year it is the date nearest
  to publication: the publication year, or the year before when the day is more than
  :data:`FUTURE_DAYS` after publication ("(28/12)" published 6 January is last December).
  The day name is checked: "Kamis (7/1)" resolves to 7 January and reports that 7 January 2022
  is a Friday (:class:`Mismatch`).
* **a day name alone** ("Rabu malam", "pada Senin") is the most recent such day on or before
  publication, unless the sentence says otherwise ("Senin depan", "akan digelar Rabu");
  "malam Minggu" is Saturday night. "Minggu" is Sunday only when capitalised inside a
  sentence or tied to a date; "minggu lalu", "dua minggu" are weeks. A day name before a
  capitalised word without a preposition is a programme's name ("Jumat Curhat").
* **a month without a year** ("bulan Juni", "pada November", "hingga 31 Desember") is taken
  within :data:`MONTHS_BACK` months before and :data:`MONTHS_AHEAD` months after publication.
* **a bare year** is a date only after a word that makes it one ("tahun 2022", "pada 2022",
  "sejak 2015", ``lang/date_words.tsv``), in brackets ("(1925)") or before "lalu"/"silam";
  "UU Nomor 1 Tahun 2023" is a law's name, not a date.
* **relative phrases** come from ``lang/relative_dates.tsv``. "kemarin", "dua hari lalu" count
  from publication; inside a quotation, from the day the words were said when the sentence
  gives it ('"... kemarin ...," ujar Heri, Sabtu (18/10)'). "hari sebelumnya", "sehari
  setelahnya", "tiga tahun kemudian" count from the last date named in the same or the
  previous paragraph (the story's own time line), or from publication when there is none.
* **ranges** whose first end borrows the month or year of the second ("1-3 Januari 2022",
  "28 Desember - 2 Januari 2022") are one interval; two complete ends ("2022 hingga 2045",
  "2008-2022") are two expressions.

Values are ISO 8601 at the expression's granularity: ``2022-01-06`` (day), ``2021-W52``
(week), ``2022-01`` (month), ``2022`` (year), and intervals ``2022-01-01/2022-01-03`` for
ranges. Clock times ("pukul 10.00 WIB") are not dates and are left out of the span.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from warta.lang import read_table
from warta.numbers import parse_number

#: A day/month without a year is taken as this many days in the future at most; later than
#: that it is read as last year's ("Senin (28/12)" published on 6 January 2022 is 2021-12-28).
FUTURE_DAYS = 30
#: A month without a year is taken within this many months before publication ...
MONTHS_BACK = 8
#: ... and this many after ("pada November dan Desember" published in October: this year).
MONTHS_AHEAD = 3
#: How far before a day name the sentence is searched for a future marker.
_FUTURE_WINDOW = 60

_WS = r"[ \t\u00a0]"
#: A law's name just before "Tahun YYYY": "UU Nomor 1 Tahun 2023", "Undang-Undang Dasar Negara
#: Republik Indonesia Tahun 1945". The year names the law, not a time.
_LAW_NAME = re.compile(
    r"(?:(?i:\b(?:nomor|nomer|no\.?)\s*\d+[A-Za-z]?)|\bUndang-Undang Dasar|\bUUD"
    r"|Negara Republik Indonesia)\s*$"
)


@dataclass(frozen=True)
class Resolved:
    """A temporal expression found in a text: ``text[start:end]``, its ISO ``value`` and
    ``granularity`` (day, week, month or year)."""

    start: int
    end: int
    value: str
    granularity: str


@dataclass(frozen=True)
class Mismatch:
    """A day name that does not fit the date written with it: "Kamis (7/1)" in 2022 (7 January
    2022 is a Friday), or "Selasa (7/10/2024)" published on 7 October 2025 (a slip of the
    year: 7 October 2025 is the Tuesday). ``suggest`` is the expression corrected."""

    start: int
    end: int
    suggest: str
    message: str


@dataclass(frozen=True)
class _Tables:
    weekdays: dict[str, int]
    weekday_names: dict[int, str]
    months: dict[str, int]
    relative: dict[str, tuple[str, int, str]]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    unit_direction: re.Pattern[str]
    number_before: re.Pattern[str]
    #: Context tests, one per role of ``lang/date_words.tsv``: the text before (or after) an
    #: expression ends (starts) with a word of the role.
    habitual: re.Pattern[str]
    future: re.Pattern[str]
    not_last_night: re.Pattern[str]
    quantity: re.Pattern[str]
    date_preposition: re.Pattern[str]
    week_count: re.Pattern[str]
    week_ordinal: re.Pattern[str]


def _words(role: str) -> list[str]:
    return [word for word, r in read_table("date_words.tsv") if r == role]


def _ending(role: str, digits: bool = False) -> re.Pattern[str]:
    """Matches text that ends with a word of ``role`` (and optional spaces)."""
    number = r"\d+|" if digits else ""
    return re.compile(rf"(?i:\b(?:{number}{_alternation(_words(role))})\s*)$")


def _initials(*groups: list[str], digits: bool = False) -> str:
    """A lookahead that lets a pattern start only where one of the forms can (a word start with
    the right first letter, in either case): without it Python's ``re`` tries every long
    alternation at every character of the article."""
    chars = {f[0].lower() for forms in groups for f in forms} | {
        f[0].upper() for forms in groups for f in forms
    }
    return rf"\b(?=[{re.escape(''.join(sorted(chars)))}{'0-9' if digits else ''}])"


def _alternation(forms: list[str]) -> str:
    """A regex alternation of ``forms``, longest first; the words of a phrase may be separated
    by any run of spaces."""
    phrases = sorted(forms, key=len, reverse=True)
    return "|".join(rf"{_WS}+".join(re.escape(w) for w in f.split()) for f in phrases)


@cache
def _tables() -> _Tables:
    weekdays = {form: int(n) for form, n in read_table("weekdays.tsv")}
    names: dict[int, str] = {}
    for form, number in weekdays.items():
        names.setdefault(number, form)
    months = {form.lower(): int(n) for form, n in read_table("months.tsv")}
    longest: dict[int, str] = {}
    for form, n in read_table("months.tsv"):
        if len(form) > len(longest.get(int(n), "")):
            longest[int(n)] = form
    # Full month names may be written in any case; abbreviations ("Jan", "Agt", "Des") only
    # capitalised and only beside a day or a year, where nothing else can be meant.
    full = [f for f, n in read_table("months.tsv") if len(f) >= 5 or longest[int(n)] == f]
    abbr = [f for f, _ in read_table("months.tsv") if f not in full]
    mon_full = rf"(?i:{_alternation(full)})"
    mon_any = rf"(?:{mon_full}|(?:{_alternation(abbr)})\.?)"
    wd = _alternation(list(weekdays))
    relative = {
        phrase: (unit, int(offset), anchor)
        for phrase, unit, offset, anchor in read_table("relative_dates.tsv")
    }
    words = [
        row[0]
        for row in read_table("number_words.tsv")
        if row[1] in ("unit", "teen", "tens", "hundred", "whole")
    ]
    number_words = _alternation(words)
    month_cues = _words("month")
    year_cues = _words("year")
    time_of_day = rf"(?i:{_alternation(_words('time-of-day'))})"
    units = "|".join(_UNITS)
    directions = _alternation([*sorted(_STORY_DIRECTIONS), "lalu", "silam", "lagi", "mendatang"])
    #: Years written with a day or a month, or after a cue; bare numbers outside 1500-2099
    #: are not taken for years.
    year = r"(?:1[5-9]\d{2}|20\d{2})"
    s = _WS
    # "selama 2000 tahun", "pada 2000 orang": a number of things, not a year
    counted = rf"(?i:{units}|jam|menit|orang|unit|kali)\b"
    # after a year: "2022.5", "2022-2023" (a range, read whole), "1950-an" (a decade)
    not_a_year = rf"(?![\w/]|[.,]\d|{s}*[-–]{s}*\d|-?an\b|{s}+{counted})"
    pre_wd = rf"(?:(?i:hari){s}+)?(?P<wd>{wd})"
    # Scraped text glues words ("DilansirdetikSepakbolaRabu (22/10/2025)"): a capitalised day
    # name right after a lower-case letter still starts a word.
    at_wd = _initials(["hari", "malam"], list(weekdays)).replace(r"\b", r"(?:\b|(?<=[a-z]))", 1)
    at_month = _initials(full, abbr)
    digit = r"(?=\d)"
    day_sep = rf"{s}*(?:-|–|—|s\.d\.?|s/d|(?i:hingga|sampai|dan)){s}*"
    patterns = (
        # Kamis (6/1), Senin (3/1/2022), Minggu, (19/10/2025), Rabu dini hari (5/11)
        (
            "wd_paren",
            re.compile(
                rf"{at_wd}{pre_wd}(?:{s}+(?P<tod>{time_of_day}))?{s}*,?{s}*\({s}*"
                rf"(?P<d>\d{{1,2}}){s}*/{s}*(?P<m>\d{{1,2}})"
                rf"(?:{s}*/{s}*(?P<y>\d{{4}}|\d{{2}}))?{s}*\)"
            ),
        ),
        # 28 Agustus - 1 September 2025
        (
            "cross_range",
            re.compile(
                rf"{digit}(?<![\d/.,])(?P<d>\d{{1,2}}){s}+(?P<mon>{mon_any})(?:{s}+(?P<y>{year}))?"
                rf"{day_sep}(?P<d2>\d{{1,2}}){s}+(?P<mon2>{mon_any})(?:,?{s}*(?P<y2>{year}))?"
                r"(?!\w)"
            ),
        ),
        # 6 Januari 2022, Senin, 27 Oktober 2025, Senin tanggal 27 Oktober, 1-3 Januari
        (
            "day_month",
            re.compile(
                rf"{_initials(['hari'], list(weekdays), digits=True)}"
                rf"(?:{pre_wd}(?:{s}+{time_of_day})?{s}*,?{s}*(?:(?i:tanggal|tgl\.?){s}+)?)?"
                rf"(?<![\d/.,])(?P<d>\d{{1,2}})(?:{day_sep}(?P<d2>\d{{1,2}}))?{s}+"
                rf"(?P<mon>{mon_any})(?:,?{s}*(?P<y>{year}))?(?![\w/])"
            ),
        ),
        # 6/1/2022 (a full numeric date, day first)
        (
            "numeric",
            re.compile(
                rf"{digit}(?<![\w/.\-])(?P<d>\d{{1,2}})(?P<sep>[/\-.])(?P<m>\d{{1,2}})(?P=sep)"
                rf"(?P<y>{year})(?![\w/])"
            ),
        ),
        # Januari-Maret 2022
        (
            "month_range",
            re.compile(
                rf"{at_month}(?P<mon>{mon_full}){s}*(?:-|–|(?i:hingga|sampai)){s}*"
                rf"(?P<mon2>{mon_full})"
                rf"{s}+(?P<y>{year})(?!\d)"
            ),
        ),
        # Januari 2022, awal Maret 2025
        (
            "month_year",
            re.compile(rf"{at_month}(?<!\d{s})(?P<mon>{mon_any}){s}+(?P<y>{year})(?![\d/])"),
        ),
        # bulan Juni, pada November, sejak Mei lalu; lists: bulan Oktober, November, dan Desember
        (
            "bare_month",
            re.compile(
                rf"{_initials(month_cues)}(?i:(?P<cue>{_alternation(month_cues)}){s}+)"
                rf"(?P<mon>{mon_full})"
                rf"(?P<more>(?:{s}*,{s}*{mon_full}|{s}*,?{s}+(?i:dan|atau|hingga|sampai|serta)"
                rf"{s}+{mon_full}|{s}*[-–]{s}*{mon_full})*)"
                rf"(?:{s}+(?P<ryear>(?i:tahun){s}+)?(?P<rel>(?i:lalu|kemarin|depan|mendatang|ini)))?"
                rf"(?![\w/]|{s}+\d)"
            ),
        ),
        # 2008-2022, 2024/2025
        (
            "year_range",
            re.compile(
                rf"{digit}(?<![\w/.,])(?P<y>{year}){s}*(?:-|–|/|(?i:hingga|sampai)){s}*"
                rf"(?P<y2>{year})"
                r"(?![\w/])"
            ),
        ),
        # tahun 2022, pada 2022, sejak 2015, APBN 2026, 2024 lalu, 2024 hingga Februari 2025
        (
            "year",
            re.compile(
                rf"{_initials(year_cues)}(?P<cue>(?i:{_alternation(year_cues)}))"
                rf"(?:{s}+(?i:tahun))?{s}+(?P<y>{year})(?P<after>{s}+(?i:lalu|silam)\b)?"
                rf"{not_a_year}"
            ),
        ),
        # 2024 lalu, 2024 hingga Februari 2025
        (
            "year_after",
            re.compile(
                rf"{digit}\b(?P<y>{year})(?:(?P<after>{s}+(?i:lalu|silam)\b)|(?={s}+"
                rf"(?i:hingga|sampai){s}+(?:{mon_full}|{year})))"
            ),
        ),
        # (1925): a year in brackets after a title or an event
        ("paren_year", re.compile(rf"\((?P<y>{year})\)")),
        # dua hari lalu, sehari setelahnya, tiga tahun silam, 2 pekan sebelumnya. Found from
        # the unit and direction (rare) back to the number: scanning every word for a number
        # in words would cost more than all the other patterns together.
        (
            "n_units",
            re.compile(
                rf"(?i:(?P<n>\d{{1,3}}|(?:(?:{number_words}){s}+)*(?:{number_words})|se)"
                rf"{s}*(?P<unit>{units}){s}+(?:yang{s}+)?(?P<dir>{directions})\b)"
            ),
        ),
        (
            "relative",
            re.compile(
                rf"{_initials(list(relative))}(?i:(?P<rel>{_alternation(list(relative))})\b)"
            ),
        ),
        # Rabu malam, pada Senin, Sabtu lalu, hari Minggu
        (
            "weekday",
            re.compile(
                rf"{at_wd}(?:(?P<eve>(?i:malam)){s}+)?{pre_wd}(?:{s}+(?P<tod>{time_of_day}))?"
                rf"(?:{s}+(?P<rel>lalu|kemarin|depan|mendatang|ini|nanti))?(?![\w'’\-–])"
            ),
        ),
    )
    return _Tables(
        weekdays,
        names,
        months,
        relative,
        patterns,
        unit_direction=re.compile(
            rf"(?i:\b(?P<se>se)?(?:{units}){s}+(?:yang{s}+)?(?:{directions})\b)"
        ),
        number_before=re.compile(
            rf"(?i:(?<![\w.,])(?:\d{{1,3}}|(?:(?:{number_words}){s}+)*(?:{number_words})){s}*)$"
        ),
        habitual=_ending("habitual"),
        future=re.compile(rf"(?i:\b(?:{_alternation(_words('future'))})\b)"),
        not_last_night=_ending("not-last-night"),
        quantity=_ending("quantity", digits=True),
        date_preposition=_ending("date-preposition"),
        week_count=_ending("week-count", digits=True),
        week_ordinal=re.compile(rf"\s*(?:ke-?\s*\d|(?i:{_alternation(_words('week-ordinal'))}))"),
    )


# -- calendar arithmetic ------------------------------------------------------------------------


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def nearest_date(day: int, month: int, published: dt.date) -> dt.date | None:
    """The date with this day and month that a story published on ``published`` means: no
    more than :data:`FUTURE_DAYS` ahead, otherwise in the year before.

    >>> nearest_date(28, 12, dt.date(2022, 1, 6))
    datetime.date(2021, 12, 28)
    """
    for year in (published.year + 1, published.year, published.year - 1, published.year - 2):
        candidate = _date(year, month, day)
        if candidate is not None and (candidate - published).days <= FUTURE_DAYS:
            return candidate
    return None


def nearest_month(month: int, published: dt.date) -> tuple[int, int]:
    """(year, month) of a month named without a year."""
    here = published.year * 12 + published.month - 1
    for year in (published.year - 1, published.year, published.year + 1):
        diff = year * 12 + month - 1 - here
        if -MONTHS_BACK <= diff <= MONTHS_AHEAD:
            return year, month
    return published.year, month


def _in_month_window(day: int, month: int, published: dt.date) -> dt.date | None:
    """A day written with its month name but no year ("hingga 31 Desember"): in the year
    :func:`nearest_month` gives its month. News names coming days this way more often than
    with the bracketed day/month, so the window reaches further ahead."""
    year, _ = nearest_month(month, published)
    return _date(year, month, day)


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + offset
    return index // 12, index % 12 + 1


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift(anchor: dt.date, unit: str, offset: int) -> tuple[str, str]:
    """ISO value and granularity ``offset`` units from ``anchor``."""
    if unit == "day":
        return (anchor + dt.timedelta(days=offset)).isoformat(), "day"
    if unit == "week":
        return _iso_week(anchor + dt.timedelta(weeks=offset)), "week"
    if unit == "month":
        y, m = _shift_month(anchor.year, anchor.month, offset)
        return f"{y:04d}-{m:02d}", "month"
    return f"{anchor.year + offset:04d}", "year"


def _anchor_date(value: str) -> dt.date:
    """The first day that an ISO value (day, week, month, year) names."""
    if "-W" in value:
        year, week = value.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    parts = [int(p) for p in value.split("/")[0].split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


_UNITS = {"hari": "day", "pekan": "week", "minggu": "week", "bulan": "month", "tahun": "year"}
_GRAIN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


# -- finding and resolving ----------------------------------------------------------------------


class _Finder:
    def __init__(self, text: str, published: dt.date | None, sentence_starts: frozenset[int]):
        self.text = text
        self.published = published
        self.starts = sentence_starts
        self.sorted_starts = sorted(sentence_starts | {0})
        self.t = _tables()
        self.mismatches: list[Mismatch] = []
        self.quotes = [m.span() for m in _QUOTATION.finditer(text)]
        self.quote_starts = [q[0] for q in self.quotes]

    # helpers

    def before(self, pos: int, size: int = 40) -> str:
        return self.text[max(0, pos - size) : pos]

    def sentence_initial(self, pos: int) -> bool:
        if pos in self.starts:
            return True
        k = pos
        while k > 0 and self.text[k - 1] in " \t\u00a0\"“”'‘’(":
            k -= 1
        return k == 0 or self.text[k - 1] in ".!?\n"

    def check_weekday(self, m: re.Match[str], day: dt.date) -> dt.date:
        """The date meant by a day name with a date; records a :class:`Mismatch` when the
        name does not fit. When the written year is what does not fit (the same day and
        month nearest to publication has the right day name), that date is returned."""
        written = m.group("wd")
        if written is None or self.t.weekdays[written] == day.isoweekday():
            return day
        target = self.t.weekdays[written]
        start = m.start("wd")
        text = self.text[start : m.end()]
        near = (
            nearest_date(day.day, day.month, self.published)
            if self.published is not None and m.groupdict().get("y")
            else None
        )
        if near is not None and near.year != day.year and near.isoweekday() == target:
            written_year = m.group("y")
            suggest = text.replace(written_year, str(near.year)[-len(written_year) :], 1)
            message = (
                f"{day.isoformat()} falls on {self.t.weekday_names[day.isoweekday()]}, not "
                f"{written}; {near.isoformat()} is a {written}: read as a slip of the year"
            )
            self.mismatches.append(Mismatch(start, m.end(), suggest, message))
            return near
        actual = self.t.weekday_names[day.isoweekday()]
        message = f"{day.isoformat()} falls on {actual}, not {written}"
        self.mismatches.append(Mismatch(start, m.end(), actual + text[len(written) :], message))
        return day

    def month_number(self, form: str) -> int:
        return self.t.months[form.rstrip(".").lower()]

    # one pattern each

    def wd_paren(self, m: re.Match[str]) -> Resolved | None:
        d, mo = int(m.group("d")), int(m.group("m"))
        # A year outside 1900-2099 is a slip ("Senin (13/10/3025)"): read as no year.
        if m.group("y") and 1900 <= _year(m.group("y")) < 2100:
            day = _date(_year(m.group("y")), mo, d)
        elif self.published is not None:
            day = nearest_date(d, mo, self.published)
        else:
            return None
        if day is None:
            return None
        day = self.check_weekday(m, day)
        return Resolved(m.start(), m.end(), day.isoformat(), "day")

    def day_month(self, m: re.Match[str]) -> Resolved | None:
        d, mo = int(m.group("d")), self.month_number(m.group("mon"))
        d2 = int(m.group("d2")) if m.group("d2") else None
        if m.group("y"):
            first = _date(int(m.group("y")), mo, d)
        elif self.published is not None:
            first = _in_month_window(d, mo, self.published)
        else:
            return None
        if first is None:
            return None
        if d2 is not None:
            last = _date(first.year, mo, d2)
            if last is None or last <= first:
                return None
            value = f"{first.isoformat()}/{last.isoformat()}"
        else:
            if m.group("wd"):
                first = self.check_weekday(m, first)
            value = first.isoformat()
        start = m.start()
        return Resolved(start, m.end(), value, "day")

    def cross_range(self, m: re.Match[str]) -> Resolved | None:
        d, mo = int(m.group("d")), self.month_number(m.group("mon"))
        d2, mo2 = int(m.group("d2")), self.month_number(m.group("mon2"))
        y2 = m.group("y2") or m.group("y")
        if y2:
            last = _date(int(y2), mo2, d2)
        elif self.published is not None:
            last = _in_month_window(d2, mo2, self.published)
        else:
            return None
        if last is None:
            return None
        first = _date(int(m.group("y")) if m.group("y") else last.year, mo, d)
        if first is not None and first > last and not m.group("y"):
            first = _date(last.year - 1, mo, d)
        if first is None or first >= last:
            return None
        return Resolved(m.start(), m.end(), f"{first.isoformat()}/{last.isoformat()}", "day")

    def numeric(self, m: re.Match[str]) -> Resolved | None:
        day = _date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if day is None:
            return None
        return Resolved(m.start(), m.end(), day.isoformat(), "day")

    def month_range(self, m: re.Match[str]) -> Resolved | None:
        y = int(m.group("y"))
        a, b = self.month_number(m.group("mon")), self.month_number(m.group("mon2"))
        if a >= b:
            return None
        return Resolved(m.start(), m.end(), f"{y:04d}-{a:02d}/{y:04d}-{b:02d}", "month")

    def month_year(self, m: re.Match[str]) -> Resolved | None:
        mo = self.month_number(m.group("mon"))
        return Resolved(m.start(), m.end(), f"{int(m.group('y')):04d}-{mo:02d}", "month")

    def bare_month(self, m: re.Match[str]) -> list[Resolved]:
        if self.published is None:
            return []
        rel = (m.group("rel") or "").lower()
        names = [(m.start("mon"), m.end("mon"))]
        more = m.group("more")
        if more:
            base = m.start("more")
            for mm in re.finditer(r"[^\W\d_]+", more):
                if mm.group(0).lower() in self.t.months:
                    names.append((base + mm.start(), base + mm.end()))
        out = []
        for i, (a, b) in enumerate(names):
            month = self.month_number(self.text[a:b])
            year, month = nearest_month(month, self.published)
            here = self.published.year * 12 + self.published.month
            cue = m.group("cue").lower()
            if m.group("ryear"):
                # "April tahun depan", "Maret tahun lalu": that month of the named year
                shift = {"lalu": -1, "kemarin": -1, "depan": 1, "mendatang": 1}.get(rel, 0)
                out.append(_month_at(m, i, names, self.published.year + shift, month))
                continue
            if (rel in ("lalu", "kemarin") or cue == "sejak") and year * 12 + month > here:
                # "sejak Januari" in a November article: a start that has passed
                year -= 1
            if rel in ("lalu", "kemarin") and year * 12 + month >= here:
                year -= 1
            elif rel in ("depan", "mendatang") and year * 12 + month <= here:
                year += 1
            out.append(_month_at(m, i, names, year, month))
        return out

    def year_range(self, m: re.Match[str]) -> list[Resolved]:
        """Both ends of "2008-2022" or "2022 hingga 2045", each a year of its own: each end is
        a complete expression (unlike "1-3 Januari", one interval)."""
        a, b = int(m.group("y")), int(m.group("y2"))
        if a >= b:
            return []
        return [
            Resolved(m.start("y"), m.end("y"), f"{a:04d}", "year"),
            Resolved(m.start("y2"), m.end("y2"), f"{b:04d}", "year"),
        ]

    def paren_year(self, m: re.Match[str]) -> Resolved | None:
        return Resolved(m.start("y"), m.end("y"), m.group("y"), "year")

    def year_after(self, m: re.Match[str]) -> Resolved | None:
        end = m.end("after") if m.group("after") is not None else m.end("y")
        return Resolved(m.start("y"), end, m.group("y"), "year")

    def year(self, m: re.Match[str]) -> Resolved | None:
        cue = m.group("cue")
        if cue is not None and cue.lower() == "tahun" and _LAW_NAME.search(self.before(m.start())):
            return None  # "UU Nomor 1 Tahun 2023": the law's name
        start = m.start() if cue is not None and cue.lower() == "tahun" else m.start("y")
        if cue is not None and cue.lower() != "tahun":
            inner = re.search(r"(?i:tahun)", self.text[m.start() : m.start("y")])
            if inner:
                start = m.start() + inner.start()
        end = m.end("after") if m.group("after") is not None else m.end("y")
        return Resolved(start, end, m.group("y"), "year")

    def n_units(self, m: re.Match[str], anchor: dt.date) -> Resolved | None:
        raw = m.group("n").lower()
        n = 1 if raw == "se" else parse_number(raw)
        if not isinstance(n, int) or n < 1:
            return None
        unit = _UNITS[m.group("unit").lower()]
        direction = m.group("dir").lower()
        sign = -1 if direction in ("lalu", "silam", "sebelumnya") else 1
        value, grain = _shift(anchor, unit, sign * n)
        return Resolved(m.start(), m.end(), value, grain)

    def relative(self, m: re.Match[str], anchor: dt.date) -> Resolved | None:
        unit, offset, _ = self.t.relative[_phrase(m)]
        value, grain = _shift(anchor, unit, offset)
        return Resolved(m.start(), m.end(), value, grain)

    def weekday(self, m: re.Match[str], now: dt.date) -> Resolved | None:
        start = m.start()
        rel = (m.group("rel") or "").lower()
        target = self.t.weekdays[m.group("wd")]
        if m.group("eve"):
            # "malam Minggu" is Saturday night, the eve of Sunday
            target = (target - 2) % 7 + 1
        back = (now.isoweekday() - target) % 7
        sentence = self.before(start, _FUTURE_WINDOW).rsplit(".", 1)[-1]
        if rel in ("depan", "mendatang", "nanti") or (not rel and self.t.future.search(sentence)):
            ahead = (target - now.isoweekday()) % 7
            if rel and ahead == 0:
                ahead = 7
            day = now + dt.timedelta(days=ahead)
        elif rel in ("lalu", "kemarin"):
            day = now - dt.timedelta(days=back or 7)
        elif rel == "ini":
            day = now + dt.timedelta(days=target - now.isoweekday())
        else:
            day = now - dt.timedelta(days=back)
        return Resolved(start, m.end(), day.isoformat(), "day")

    # anchors

    def story_anchor(self, pos: int, unit: str, anchors: list[Resolved]) -> dt.date | None:
        """The last date named before ``pos`` in its paragraph or the one before, at least as
        fine as ``unit``; the publication date when there is none. "Pada 1988 ... \n Tiga
        tahun kemudian" is 1991, whatever the publication date."""
        floor = self.text.rfind("\n", 0, max(0, self.text.rfind("\n", 0, pos))) + 1
        for found in reversed(anchors):
            if found.end > pos:
                continue
            if found.start < floor:
                break
            if "/" in found.value or _GRAIN_RANK[found.granularity] > _GRAIN_RANK[unit]:
                continue
            return _anchor_date(found.value)
        return self.published

    def speech_date(self, pos: int, explicit: list[Resolved]) -> dt.date | None:
        """For words inside a quotation, the day the words were said: the date the sentence
        gives outside the quotation ('"... kemarin aku lihat," kata Venna, Jumat (12/9/2025)'),
        else the publication date."""
        a, b = self.sentence_of(pos)
        for found in explicit:
            if (
                a <= found.start < b
                and found.granularity == "day"
                and "/" not in found.value
                and not self.quoted(found.start)
            ):
                return _anchor_date(found.value)
        return self.published

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sorted_starts, pos) - 1
        start = self.sorted_starts[i] if i >= 0 else 0
        end = self.sorted_starts[i + 1] if i + 1 < len(self.sorted_starts) else len(self.text)
        # Without sentence boundaries, a paragraph is the widest a sentence may be.
        para_start = self.text.rfind("\n", 0, pos) + 1
        para_end = self.text.find("\n", pos)
        return max(start, para_start), min(end, para_end if para_end >= 0 else len(self.text))

    def quoted(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quotes[i][1]

    # all of them

    def resolve(self, name: str, m: re.Match[str]) -> list[Resolved]:
        if name in ("bare_month", "year_range"):
            found: list[Resolved] = getattr(self, name)(m)
            return found
        result = getattr(self, name)(m)
        return [] if result is None else [result]

    def run(self) -> list[Resolved]:
        candidates: list[tuple[int, int, str, re.Match[str]]] = []
        for rank, (name, pattern) in enumerate(self.t.patterns):
            found = (
                self.n_unit_matches(pattern) if name == "n_units" else pattern.finditer(self.text)
            )
            for m in found:
                candidates.append((m.end() - m.start(), rank, name, m))
        # Where matches overlap the longest wins, then the earlier pattern. A match that turns
        # out not to be a date ("45 Agus" is no day) leaves its span to a shorter reading.
        candidates.sort(key=lambda c: (-c[0], c[1], c[3].start()))
        taken: list[tuple[int, int]] = []
        explicit: list[Resolved] = []
        relative: list[tuple[str, re.Match[str]]] = []
        for _, _, name, m in candidates:
            start, end = m.span()
            if any(start < b and a < end for a, b in taken) or not self.plausible(name, m):
                continue
            if name in _RELATIVE:
                # Resolved below: they count from other dates of the text.
                relative.append((name, m))
            else:
                dates = self.resolve(name, m)
                if not dates:
                    continue
                explicit.extend(dates)
            taken.append((start, end))
        explicit.sort(key=lambda r: r.start)
        if not relative:
            return explicit
        relative.sort(key=lambda c: c[1].start())
        # Words outside quotations first, so that a quotation's speech date ("..., ujar X,
        # Sabtu.") is known when the words inside it are read.
        resolved = list(explicit)
        for inside in (False, True):
            for name, m in relative:
                if self.quoted(m.start()) != inside:
                    continue
                anchors = sorted(resolved, key=lambda r: r.start)
                if _counts_from_story(name, m):
                    anchor = self.story_anchor(m.start(), _grain(name, m), anchors)
                elif inside:
                    anchor = self.speech_date(m.start(), anchors)
                else:
                    anchor = self.published
                if anchor is None:
                    continue
                result = getattr(self, name)(m, anchor)
                if result is not None:
                    resolved.append(result)
        return sorted(resolved, key=lambda r: r.start)

    def n_unit_matches(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Matches of the "dua hari lalu" pattern, found from the unit and direction back to
        the number before them."""
        out = []
        for hit in self.t.unit_direction.finditer(self.text):
            start = hit.start()
            if hit.group("se") is None:
                window = self.text[max(0, start - 60) : start]
                number = self.t.number_before.search(window)
                if number is None:
                    continue
                start -= len(window) - number.start()
            m = pattern.match(self.text, start)
            if m is not None and m.end() == hit.end():
                out.append(m)
        return out

    def plausible(self, name: str, m: re.Match[str]) -> bool:
        """Whether a match may hold its span (checked before it takes it from others)."""
        before = self.before(m.start())
        if name == "relative":
            word = m.group("rel")
            # "Minggu ini" inside a sentence is "this Sunday" (the weekday rule reads it);
            # "minggu ini", or "Minggu ini" opening a sentence, is "this week".
            if word.startswith("Minggu") and not self.sentence_initial(m.start()):
                return False
            if word.lower() == "semalam" and self.t.not_last_night.search(before):
                return False
        # "beberapa hari ini", "satu tahun ini", "beberapa minggu mendatang": a span of time
        if (
            name == "relative"
            and (_grain(name, m) != "day" or _phrase(m) in ("hari ini", "malam ini"))
            and self.t.quantity.search(before)
        ):
            return False
        if name == "weekday":
            if self.t.habitual.search(before) or re.search(r"[-–]\s*$", before):
                return False  # "setiap Senin", "Senin-Jumat": a habit, not a date
            after = self.text[m.end() : m.end() + 2]
            if (
                not m.group("tod")
                and not m.group("rel")
                and re.match(r" [A-Z]", after)
                and not self.t.date_preposition.search(before)
            ):
                return False  # "kegiatan Jumat Sehat": a programme's name
            if m.group("wd") == "Minggu":
                # "dua Minggu", "beberapa Minggu": a miscapitalised week; "Minggu lalu"
                # opening a sentence: last week; "Minggu ke-3", "Minggu pertama": a week.
                if self.t.week_count.search(before) or self.t.week_ordinal.match(
                    self.text, m.end()
                ):
                    return False
                if self.sentence_initial(m.start()) and m.group("rel") and not m.group("tod"):
                    return False
        return True


def _month_at(
    m: re.Match[str], i: int, names: list[tuple[int, int]], year: int, month: int
) -> Resolved:
    """The ``i``-th month name of a bare-month match as a Resolved of ``year``: the first
    takes the cue "bulan" into its text, the last a relative word after it."""
    a, b = names[i]
    start = m.start() if i == 0 and m.group("cue").lower() == "bulan" else a
    end = m.end() if i == len(names) - 1 and m.group("rel") else b
    return Resolved(start, end, f"{year:04d}-{month:02d}", "month")


def _phrase(m: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", m.group("rel").lower())


def _grain(name: str, m: re.Match[str]) -> str:
    """The unit a relative expression counts in."""
    if name == "n_units":
        return _UNITS[m.group("unit").lower()]
    if name == "relative":
        return _tables().relative[_phrase(m)][0]
    return "day"


def _counts_from_story(name: str, m: re.Match[str]) -> bool:
    """Whether an expression counts from the story's last date ("sehari setelahnya", "hari
    sebelumnya") rather than from the day of writing ("kemarin", "dua hari lalu", "Rabu")."""
    if name == "n_units":
        return m.group("dir").lower() in _STORY_DIRECTIONS
    if name == "relative":
        return _tables().relative[_phrase(m)][2] == "narrative"
    return False


#: Patterns resolved from another date: the publication (or speech) date, or the story's.
_RELATIVE = frozenset({"n_units", "relative", "weekday"})
#: "sebelumnya", "kemudian", ... count from the story's last date, not from publication.
_STORY_DIRECTIONS = frozenset({"sebelumnya", "kemudian", "setelahnya", "sesudahnya", "berikutnya"})
#: A quotation: curly quotes, or straight quotes paired within a paragraph; an unclosed one
#: runs to the end of its paragraph.
_QUOTATION = re.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", re.MULTILINE)


def find_dates(
    text: str, published: str | dt.date | None, sentence_starts: frozenset[int] = frozenset()
) -> tuple[list[Resolved], list[Mismatch]]:
    """Temporal expressions of ``text`` resolved against ``published`` (an ISO date or None:
    then only dates that carry their own year are resolved), and day names that do not fit
    their date.

    >>> found, _ = find_dates("kata Tokayev, Kamis (6/1). Pada Rabu malam ...", "2022-01-06")
    >>> [(f.value, f.granularity) for f in found]
    [('2022-01-06', 'day'), ('2022-01-05', 'day')]
    """
    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10]) if published else None
    finder = _Finder(text, published, sentence_starts)
    found = finder.run()
    return found, sorted(finder.mismatches, key=lambda w: w.start)
