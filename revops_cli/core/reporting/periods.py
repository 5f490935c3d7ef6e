"""The periods the Reporting SOP's reports cover: a business day, an ISO week, a month, a fiscal quarter, a range.

Every period is whole local days of ``general.timezone``: ``start`` is the first day's midnight and ``end`` the
midnight after the last day (exclusive), both as UTC instants, so a period that spans a daylight-saving change
is 23 or 25 hours longer or shorter, as the clock on the wall says. ``partial`` is true when ``now`` falls inside
the period (the figures are "to date").

Defaults, when the caller names no period: the daily reports cover the last business day before ``now``
(``business_hours.workdays`` minus public holidays: the Monday report covers Friday), the monthly reviews the
last complete month, the forecast the fiscal quarter holding ``now`` (``reporting.fiscal_year_start_month``).
A fiscal year is named by the calendar year it starts in (Salesforce's default), so with a February start
2026-Q1 is February to April 2026.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.core.sales.business_time import WorkCalendar, working_days
from revops_cli.errors import RevopsInputError

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER = re.compile(r"^\s*(?:FY\s*)?(\d{4})\s*-?\s*Q([1-4])\s*$|^\s*Q([1-4])\s*[-/ ]?\s*(?:FY\s*)?(\d{4})\s*$",
                      re.IGNORECASE)
_YEAR = re.compile(r"^\s*(?:FY\s*)?(\d{4})\s*$", re.IGNORECASE)
_MONTH_NAMES = {name: i + 1 for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_NAMED_MONTH = re.compile(r"^\s*([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\s*$")
_EPOCH = dt.date(1970, 1, 1)
_NS_PER_DAY = 86_400 * 1_000_000_000


@dataclass(frozen=True)
class Period:
    """Whole local days ``first_day`` .. ``last_day``; ``start``/``end`` (exclusive) as UTC instants."""

    label: str
    first_day: dt.date
    last_day: dt.date
    start: pd.Timestamp
    end: pd.Timestamp
    partial: bool = False  # ``now`` falls inside it

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def contains_day(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def to_dict(self) -> dict:
        return {"label": self.label, "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat(),
                "partial": self.partial}


def days_period(first: dt.date, last: dt.date, zone: str, now: pd.Timestamp | None = None,
                label: str | None = None) -> Period:
    """The local days ``first`` to ``last`` inclusive."""
    if last < first:
        raise ValueError(f"last day {last} is before first day {first}")
    start = pd.Timestamp(first).tz_localize(zone, nonexistent="shift_forward", ambiguous=False)
    end = pd.Timestamp(last + dt.timedelta(days=1)).tz_localize(zone, nonexistent="shift_forward", ambiguous=False)
    partial = now is not None and start <= pd.Timestamp(now) < end
    if label is None:
        label = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    return Period(label=label, first_day=first, last_day=last, start=start.tz_convert("UTC"),
                  end=end.tz_convert("UTC"), partial=partial)


def local_date(now: pd.Timestamp, zone: str) -> dt.date:
    return pd.Timestamp(now).tz_convert(zone).date()


def last_business_day(now: pd.Timestamp, zone: str, calendar: WorkCalendar) -> Period:
    """The last business day before ``now``'s local date (Monday: the Friday before; after a holiday, the day
    before it)."""
    today = local_date(now, zone)
    days = working_days(calendar, today - dt.timedelta(days=14), today - dt.timedelta(days=1))
    day = days[-1].astype(dt.date) if len(days) else today - dt.timedelta(days=1)
    return days_period(day, day, zone, now)


def month_period(month: str | None, now: pd.Timestamp, zone: str, option: str = "--month") -> Period:
    """The month named ``month`` ("2026-10", "Oct 2026"), else the last complete month before ``now``."""
    if month is None:
        first_of_this = local_date(now, zone).replace(day=1)
        first = (first_of_this - dt.timedelta(days=1)).replace(day=1)
    else:
        first = _parse_month(month)
        if first is None:
            raise RevopsInputError(f"{option} {month!r}: give a month as YYYY-MM, e.g. 2026-10.")
    return _month(first, zone, now)


def _month(first: dt.date, zone: str, now: pd.Timestamp | None) -> Period:
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return days_period(first, last, zone, now, label=f"{first.year:04d}-{first.month:02d}")


def previous_month(period: Period, zone: str, now: pd.Timestamp | None = None) -> Period:
    """The calendar month before the one ``period`` starts in."""
    first = (period.first_day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return _month(first, zone, now)


def months_back(period: Period, count: int, zone: str, now: pd.Timestamp | None = None) -> list[Period]:
    """``count`` months ending with the month of ``period``'s first day, oldest first."""
    months = [_month(period.first_day.replace(day=1), zone, now)]
    while len(months) < count:
        months.insert(0, previous_month(months[0], zone, now))
    return months


def quarter_period(quarter: str | None, now: pd.Timestamp, zone: str, fiscal_start_month: int = 1,
                   option: str = "--quarter") -> Period:
    """The fiscal quarter named ``quarter`` ("2026-Q4"), else the one holding ``now``."""
    if quarter is None:
        today = local_date(now, zone)
        year, number = _fiscal_quarter_of(today, fiscal_start_month)
    else:
        parsed = _parse_quarter(quarter)
        if parsed is None:
            raise RevopsInputError(f"{option} {quarter!r}: give a quarter as YYYY-Qn, e.g. 2026-Q4.")
        year, number = parsed
    first, last = _quarter_days(year, number, fiscal_start_month)
    return days_period(first, last, zone, now, label=f"{year:04d}-Q{number}")


def _fiscal_quarter_of(day: dt.date, fiscal_start_month: int) -> tuple[int, int]:
    offset = (day.month - fiscal_start_month) % 12
    year = day.year if day.month >= fiscal_start_month else day.year - 1
    return year, offset // 3 + 1


def _quarter_days(year: int, number: int, fiscal_start_month: int) -> tuple[dt.date, dt.date]:
    month_index = (fiscal_start_month - 1) + 3 * (number - 1)
    first = dt.date(year + month_index // 12, month_index % 12 + 1, 1)
    after = month_index + 3
    last = dt.date(year + after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


def range_period(first: dt.date, last: dt.date, zone: str, now: pd.Timestamp | None = None) -> Period:
    """``--from``/``--to`` as a period (both days included)."""
    return days_period(first, last, zone, now)


def _parse_month(text: str) -> dt.date | None:
    match = _MONTH.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = _NAMED_MONTH.match(text)
        if not match or match.group(1).lower() not in _MONTH_NAMES:
            return None
        year, month = int(match.group(2)), _MONTH_NAMES[match.group(1).lower()]
    return dt.date(year, month, 1) if 1 <= month <= 12 else None


def _parse_quarter(text: str) -> tuple[int, int] | None:
    match = _QUARTER.match(text)
    if not match:
        return None
    if match.group(1):
        return int(match.group(1)), int(match.group(2))
    return int(match.group(4)), int(match.group(3))


def parse_period_label(text: str, fiscal_start_month: int = 1) -> tuple[str, dt.date, dt.date] | None:
    """A quota file's period ("2026-Q4", "Q4 2026", "2026-11", "Nov 2026", "2026", "FY2026") as (label, first day,
    last day), or None when it names no period."""
    if not isinstance(text, str) or not text.strip():
        return None
    quarter = _parse_quarter(text)
    if quarter is not None:
        first, last = _quarter_days(*quarter, fiscal_start_month)
        return f"{quarter[0]:04d}-Q{quarter[1]}", first, last
    month = _parse_month(text)
    if month is not None:
        last = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return f"{month.year:04d}-{month.month:02d}", month, last
    year = _YEAR.match(text)
    if year:
        start_year = int(year.group(1))
        first, _ = _quarter_days(start_year, 1, fiscal_start_month)
        _, last = _quarter_days(start_year, 4, fiscal_start_month)
        return f"FY{start_year:04d}" if fiscal_start_month != 1 else f"{start_year:04d}", first, last
    return None


NO_DAY = np.iinfo(np.int64).min  #: the day number of a blank or unreadable date


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - _EPOCH).days


def local_day_numbers(stamps: pd.Series, zone: str) -> np.ndarray:
    """Local calendar days (days since 1970-01-01, :data:`NO_DAY` where NaT) of UTC timestamps, vectorised."""
    index = pd.DatetimeIndex(pd.to_datetime(stamps, utc=True))
    local = index.tz_convert(zone).tz_localize(None)
    days = local.asi8 // _NS_PER_DAY
    return np.where(index.isna(), NO_DAY, days).astype(np.int64)


def in_period(days: np.ndarray, period: Period) -> np.ndarray:
    """Which day numbers fall inside ``period`` (blank days never do)."""
    return (days != NO_DAY) & (days >= day_number(period.first_day)) & (days <= day_number(period.last_day))
