"""Dates as news reports write them, resolved against the publication date.

``"On Sunday"`` in an article of Wednesday 2024-10-30 is 2024-10-27;
``"in September"`` in that article is 2024-09-01..2024-09-30; ``"last week"``
is the Monday-to-Sunday week before the one of publication. A date is never
placed after the publication date: a month or day written without a year
takes the latest year that keeps it on or before publication.

Examples
--------
>>> import datetime as dt
>>> pub = dt.date(2024, 10, 30)
>>> [(d.text, str(d.start), str(d.end)) for d in find_dates("On Sunday, they said.", pub)]
[('Sunday', '2024-10-27', '2024-10-27')]
>>> [(str(d.start), str(d.end)) for d in find_dates("gains in September", pub)]
[('2024-09-01', '2024-09-30')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

__all__ = ["DateRef", "find_dates", "month_number"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|" \
         r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(r"\b(?i:from|between)\s+" + _MONTH.format(g="m") + r"\s+"
                         + _DAY.format(g="d") + r"(?:,?\s+" + _YEAR.format(g="y") + r")?"
                         r"\s+(?:and|to|through|until|-|–)\s+" + _MONTH.format(g="m2") + r"\s+"
                         + _DAY.format(g="d2") + r"\b(?:,?\s+" + _YEAR.format(g="y2") + r"\b)?")),
    ("since_start", re.compile(r"\b(?i:since\s+the\s+(?:start|beginning)\s+of)\s+(?:"
                               + _MONTH.format(g="m") + r"(?:\s+" + _YEAR.format(g="y") + r")?|"
                               + _YEAR.format(g="yo") + r")")),
    # 'the last week of September', 'the first week of March 2022', 'the first 10 days of
    # November'
    ("week_of", re.compile(r"\b(?i:the\s+)?(?P<which>(?i:first|second|third|fourth|last|"
                           r"final))\s+(?:(?i:week)|(?P<n>\d{1,2}|(?i:two|three|four|five|six|"
                           r"seven|eight|nine|ten))\s+(?i:days))\s+of\s+" + _MONTH.format(g="m")
                           + r"(?:\s+" + _YEAR.format(g="y") + r")?\b")),
    # 'the first three months of the year', 'the first half of 2024'
    ("part_of_year", re.compile(r"\b(?i:the\s+)?(?P<which>(?i:first|last|second))\s+(?:"
                                r"(?P<n>\d{1,2}|(?i:two|three|four|five|six|seven|eight|nine|"
                                r"ten|eleven))\s+(?i:months)|(?P<half>(?i:half)))\s+of\s+"
                                r"(?:(?i:the|this)\s+year|" + _YEAR.format(g="y") + r")\b")),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(r"\b" + _MONTH.format(g="m") + r"\s+" + _DAY.format(g="d")
                       + r"\b(?:,?\s+" + _YEAR.format(g="y") + r"\b)?")),
    ("dmy", re.compile(r"\b" + _DAY.format(g="d") + r"\s+(?:of\s+)?" + _MONTH.format(g="m")
                       + r"(?:,?\s+" + _YEAR.format(g="y") + r"\b)?")),
    ("months", re.compile(r"\b(?P<pre>(?i:in|between|from|during))\s+" + _MONTH.format(g="m")
                          + r"(?:\s+" + _YEAR.format(g="y") + r")?\s+(?:and|to|through|until|"
                          r"-|–)\s+" + _MONTH.format(g="m2") + r"(?:\s+" + _YEAR.format(g="y2")
                          + r")?\b")),
    ("month", re.compile(r"\b(?:(?P<pre>(?i:in|during|over|for|through(?:out)?|since|of))\s+"
                         r"(?:the\s+month\s+of\s+)?)?(?P<part>(?i:early|mid|late)[\s-]+)?"
                         + _MONTH.format(g="m")
                         + r"(?:\s+" + _YEAR.format(g="y") + r")?\b")),
    ("year", re.compile(r"\b(?P<pre>(?i:in|during|since|throughout))\s+(?P<y>(?:19|20)\d\d)\b")),
    ("weekday", re.compile(r"\b(?P<last>last\s+)?(?P<w>Monday|Tuesday|Wednesday|Thursday|"
                           r"Friday|Saturday|Sunday)\b")),
    ("relative", re.compile(r"\b(?P<r>yesterday|today|(?:earlier\s+)?this\s+week|last\s+week|"
                            r"(?:over|at|during)\s+the\s+weekend|last\s+weekend|"
                            r"earlier\s+this\s+month|(?:early|mid|late)[\s-]+last\s+month|"
                            r"since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+month|"
                            r"(?:in\s+|over\s+|during\s+)?the\s+(?:past|last|previous)\s+"
                            r"(?:(?P<n>\d+|two|three|four|seven|ten)\s+)?(?P<u>days?|weeks?|"
                            r"months?|hours)|in\s+(?:a|one)\s+(?P<u1>day|week|month)|"
                            r"this\s+month|last\s+month|this\s+year|so\s+far\s+this\s+year|"
                            r"since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year)\b",
                            re.I)),
]
_ANY_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_RELATIVE_WORD = re.compile(r"day|today|week|month|year|hours")
_PARTS = {"early": 1, "mid": 11, "late": 21}  # the first day of each part of a month
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11}


class DateRef(NamedTuple):
    """A date or period found in a sentence.

    Attributes
    ----------
    start, end : date
        Both included; equal for a single day.
    text : str
        The words as written.
    span : (int, int)
        Character span in the sentence.
    exact : bool
        True for a calendar date or a weekday; False for a period that a
        single event could fall anywhere in (``"last week"``).
    since : bool
        ``"since August 6"``: the period runs from the date to publication.
    event, side : str
        For a period counted from a named event ("since the counteroffensive began"):
        the event, and the side it belongs to when the vocabulary says.
    """

    start: dt.date
    end: dt.date
    text: str
    span: tuple[int, int]
    exact: bool = True
    since: bool = False
    event: str = ""
    side: str = ""

    @property
    def days(self) -> int:
        """Length of the period in days."""
        return (self.end - self.start).days + 1


def month_number(name: str) -> int:
    """``'Sept.'`` -> 9."""
    return _MONTHS[name.lower().rstrip(".")]


def _year_for(month: int, day: int, published: dt.date) -> int:
    """The latest year that keeps (month, day) on or before publication."""
    year = published.year
    last = calendar.monthrange(year, month)[1]
    if dt.date(year, month, min(day, last)) > published:
        year -= 1
    return year


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _relative(text: str, n_text: str | None, unit: str | None,
              published: dt.date) -> tuple[dt.date, dt.date, bool] | None:
    low = " ".join(text.lower().split())
    if low == "yesterday":
        day = published - dt.timedelta(days=1)
        return day, day, True
    if low == "today":
        return published, published, True
    monday = published - dt.timedelta(days=published.weekday())
    if low in ("this week", "earlier this week"):
        return monday, published, False
    if low.endswith("weekend"):  # the Saturday and Sunday on or before publication
        sunday = published - dt.timedelta(days=(published.weekday() + 1) % 7)
        if low.startswith("last") and published.weekday() >= 5:
            sunday -= dt.timedelta(days=7)
        return sunday - dt.timedelta(days=1), sunday, False
    if low == "last week":
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), False
    if low in ("this month", "earlier this month") or (low.startswith("since the")
                                                        and low.endswith("month")):
        return published.replace(day=1), published, False
    if low.endswith("last month"):  # 'late last month': the part of that month
        first = published.replace(day=1) - dt.timedelta(days=1)
        start, end = _month(first.year, first.month)
        part = low.split()[0].rstrip("-") if low != "last month" else ""
        if part in _PARTS:
            start = start.replace(day=_PARTS[part])
            if part != "late":
                end = start.replace(day=start.day + 9)
        return start, end, False
    if low in ("this year", "so far this year") or low.startswith("since the"):
        return dt.date(published.year, 1, 1), published, False
    if unit:  # 'the past week', 'the last 10 days', 'in a week'
        n = 1
        if n_text:
            n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS[n_text.lower()]
        if unit.lower().startswith("hour"):  # 'the past 24 hours': the days they span
            days = max(1, -(-n // 24))
        else:
            days = n * {"day": 1, "week": 7, "month": 30}[unit.lower().rstrip("s")]
        return published - dt.timedelta(days=days - 1), published, False
    return None


def _iso(m: re.Match[str], published: dt.date) -> DateRef | None:
    g = m.groupdict()
    day = _day(int(g["y"]), int(g["m"]), int(g["d"]))
    return DateRef(day, day, m.group(0), m.span()) if day else None


def _written(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'Oct. 27', '27 October 2024'."""
    g = m.groupdict()
    month, d = month_number(g["m"]), int(g["d"])
    year = int(g["y"]) if g.get("y") else _year_for(month, d, published)
    day = _day(year, month, d)
    return DateRef(day, day, m.group(0), m.span()) if day else None


def _range(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'from Sept. 6 to Oct. 2', 'between Aug. 6 and Aug. 27'."""
    g = m.groupdict()
    m1, d1 = month_number(g["m"]), int(g["d"])
    m2, d2 = month_number(g["m2"]), int(g["d2"])
    y2 = int(g["y2"]) if g.get("y2") else _year_for(m2, d2, published)
    y1 = int(g["y"]) if g.get("y") else (y2 if (m1, d1) <= (m2, d2) else y2 - 1)
    first, last = _day(y1, m1, d1), _day(y2, m2, d2)
    if first and last and first <= last:
        return DateRef(first, last, m.group(0), m.span(), exact=False)
    return None


def _since_start(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'since the start of November', 'since the beginning of 2025': to publication."""
    g = m.groupdict()
    if g.get("yo"):  # 'since the beginning of 2025'
        return DateRef(dt.date(int(g["yo"]), 1, 1), published, m.group(0), m.span(),
                       exact=False, since=True)
    month = month_number(g["m"])
    year = int(g["y"]) if g.get("y") else _year_for(month, 1, published)
    return DateRef(dt.date(year, month, 1), published, m.group(0), m.span(), exact=False,
                   since=True)


def _months(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'in September and October', 'from March to May 2022'."""
    g = m.groupdict()
    m1, m2 = month_number(g["m"]), month_number(g["m2"])
    y2 = int(g["y2"]) if g.get("y2") else _year_for(m2, 1, published)
    y1 = int(g["y"]) if g.get("y") else (y2 if m1 <= m2 else y2 - 1)
    first, _ = _month(y1, m1)
    _, last_day = _month(y2, m2)
    if first <= last_day:
        return DateRef(first, last_day, m.group(0), m.span(), exact=False)
    return None


def _one_month(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'in September', 'early May', 'since March 2022'."""
    g = m.groupdict()
    if g["m"] == "May" and not (g.get("pre") or g.get("y") or g.get("part")):
        return None  # the verb, capitalised at the start of a sentence
    if g["m"].lower().rstrip(".") in ("mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec", "feb", "apr") and not (g.get("pre") or g.get("y")):
        return None  # a bare abbreviation is too easily something else
    month = month_number(g["m"])
    year = int(g["y"]) if g.get("y") else _year_for(month, 1, published)
    first, last_day = _month(year, month)
    part = (g.get("part") or "").strip(" -").lower()
    if part:  # early: 1-10, mid: 11-20, late: 21 to the end
        first = first.replace(day=_PARTS[part])
        if part != "late":
            last_day = last_day.replace(day=first.day + 9)
    since = (g.get("pre") or "").lower() == "since"
    if since:
        last_day = published
    return DateRef(first, last_day, m.group(0), m.span(), exact=False, since=since)


def _week_of(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'the last week of September': its last seven days; 'the first week of March': 1-7;
    'the first 10 days of November': 1-10."""
    g = m.groupdict()
    month = month_number(g["m"])
    year = int(g["y"]) if g.get("y") else _year_for(month, 1, published)
    first, last_day = _month(year, month)
    which = g["which"].lower()
    days = 7
    if g.get("n"):  # 'the first 10 days of November'
        days = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
        if which not in ("first", "last", "final") or not 1 <= days <= last_day.day:
            return None
    if which in ("last", "final"):
        return DateRef(last_day - dt.timedelta(days=days - 1), last_day, m.group(0), m.span(),
                       exact=False)
    n = ("first", "second", "third", "fourth").index(which)
    start = first + dt.timedelta(days=7 * n)
    return DateRef(start, start + dt.timedelta(days=days - 1), m.group(0), m.span(),
                   exact=False)


def _part_of_year(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'the first three months of the year', 'the last two months of 2023', 'the first half
    of 2024' (the year of publication when none is named)."""
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else published.year
    if g.get("half"):
        n = 6
        which = "first" if g["which"].lower() == "first" else "last"
    else:
        n = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
        which = g["which"].lower()
        if which == "second" or not 1 <= n <= 12:
            return None
    first_month = 1 if which == "first" else 13 - n
    start = dt.date(year, first_month, 1)
    end = _month(year, first_month + n - 1)[1]
    return DateRef(start, min(end, published) if year == published.year else end,
                   m.group(0), m.span(), exact=False)


def _year(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'in 2023', 'since 2022'."""
    year = int(m.group("y"))
    since = m.group("pre").lower() == "since"
    return DateRef(dt.date(year, 1, 1), published if since else dt.date(year, 12, 31),
                   m.group(0), m.span(), exact=False, since=since)


def _weekday(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'on Sunday': the latest on or before publication ('last Sunday': before it)."""
    g = m.groupdict()
    back = (published.weekday() - _WEEKDAYS[g["w"].lower()]) % 7
    if g.get("last") and back == 0:
        back = 7
    day = published - dt.timedelta(days=back)
    return DateRef(day, day, m.group(0), m.span())


def _relative_ref(m: re.Match[str], published: dt.date) -> DateRef | None:
    """'yesterday', 'last week', 'the past seven days', ..."""
    g = m.groupdict()
    span = _relative(m.group("r"), g.get("n"), g.get("u") or g.get("u1"), published)
    return DateRef(span[0], span[1], m.group(0), m.span(), exact=span[2]) if span else None


#: How each kind of pattern is read into a date or period.
_READERS: dict[str, Callable[[re.Match[str], dt.date], DateRef | None]] = {
    "iso": _iso, "mdy": _written, "dmy": _written, "range": _range, "week_of": _week_of,
    "part_of_year": _part_of_year,
    "since_start": _since_start, "months": _months, "month": _one_month, "year": _year,
    "weekday": _weekday, "relative": _relative_ref,
}


#: A named event of a war: its phrase, first day and side ('' when it has none).
Event = tuple[str, dt.date, str]
#: How long after a named event began a bare mention of it still means that one (days).
EVENT_REACH_DAYS = 548


@lru_cache(maxsize=8)
def _event_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """'since the counteroffensive began', 'so far in Kyiv's counteroffensive'."""
    names = "|".join(r"\s+".join(re.escape(w) for w in p.split())
                     for p in sorted(set(phrases), key=lambda p: (-len(p), p)))
    return re.compile(
        r"\b(?:since|during|throughout|so\s+far\s+(?:during|in|of)|in\s+the\s+course\s+of)\s+"
        r"(?:the\s+(?:start|beginning|launch)\s+of\s+)?(?:the\s+|its\s+|their\s+|[A-Z]\w+['’]s\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?(?P<e>{names})\b(?:\s+(?:began|started|was\s+launched|"
        r"got\s+under\s+way|kicked\s+off))?", re.I)


def _event_periods(sentence: str, published: dt.date, events: tuple[Event, ...]
                   ) -> list[DateRef]:
    """The periods counted from a named event: from its first day to publication."""
    if not events:
        return []
    out = []
    for m in _event_pattern(tuple(e[0] for e in events)).finditer(sentence):
        name = " ".join(m.group("e").lower().split())
        began = [e for e in events if e[0] == name and e[1] <= published
                 and (published - e[1]).days <= EVENT_REACH_DAYS]
        if began:
            out.append(DateRef(began[-1][1], published, m.group(0), m.span(), exact=False,
                               since=True, event=name, side=began[-1][2]))
    return out


def find_dates(sentence: str, published: dt.date, events: tuple[Event, ...] = ()
               ) -> list[DateRef]:
    """Every date or period written in ``sentence``, in order.

    Parameters
    ----------
    sentence : str
    published : date
        The article's publication date, which relative dates count from.
    events : tuple of (str, date, str), optional
        The war's named events, their first days and sides (the vocabulary's): "since the
        counteroffensive began" runs from the latest one of that name before
        publication.

    Returns
    -------
    list of DateRef
        Non-overlapping, in the order they appear; dates that would fall
        after publication are kept as written only when a year is given.
    """
    found: list[DateRef] = _event_periods(sentence, published, events)
    taken: list[tuple[int, int]] = [d.span for d in found]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    low = sentence.lower()
    digits = any(ch.isdigit() for ch in sentence)
    months = bool(_ANY_MONTH.search(sentence))
    # the patterns that can match (most sentences have no date at all)
    possible = {"iso": digits, "year": digits, "mdy": months, "dmy": months,
                "week_of": months and ("week" in low or "days" in low),
                "part_of_year": " of " in low,
                "range": months and digits, "since_start": months or digits, "months": months,
                "month": months, "weekday": "day" in low,
                "relative": bool(_RELATIVE_WORD.search(low))}
    for kind, pattern in _PATTERNS:
        if not possible[kind]:
            continue
        for m in pattern.finditer(sentence):
            a, b = m.span()
            if not free(a, b):
                continue
            ref = _READERS[kind](m, published)
            if ref is None:
                continue
            # 'since August 6': from that day to publication
            if kind in ("mdy", "dmy", "iso") and re.search(r"\bsince\s+(?:the\s+)?$",
                                                           sentence[max(0, a - 12):a], re.I):
                ref = ref._replace(end=published, exact=False, since=True)
            found.append(ref)
            taken.append((a, b))
    found.sort(key=lambda r: r.span)
    return found
