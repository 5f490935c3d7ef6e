"""Business-hours clock for SLA deadlines: "within 1 hour" counted in working time.

Implements the Lead Management SOP rule "Warm leads must be contacted within
1 hour" and the Sales SLA "respond within 2 business hours": the clock runs
only during working hours (``business_hours.start``-``end`` local time, on
``business_hours.workdays``, minus the public holidays of
``business_hours.holiday_country``). A lead created Friday 17:55 in New York
with a 60-minute SLA is due Monday 10:00; one created Friday 16:30 is due
Monday 09:30.

Decisions, so they can be checked:

* Working hours are wall-clock times in the calendar's time zone, so a
  09:00-17:00 day is 480 minutes on DST change days too. A wall time that
  does not exist (spring forward) moves forward to the first valid instant; an
  ambiguous one (fall back) opens at its first occurrence and closes at its
  second, so such a day keeps all of its wall-clock hours.
* Holidays are the dates ``holidays.country_holidays`` lists (observed
  substitutes included: 2026-07-03 in the US, 2026-12-28 in GB), as local
  dates of the calendar.
* A start outside working time counts from the next opening; a deadline
  that lands exactly on a closing time stays there (16:00 + 60 = 17:00, not
  09:00 next morning); 0 minutes is the start itself when inside working time,
  else the next opening.
* Missing in, missing out: NaT starts/ends and NaN minutes give NaT (add) or
  NaN (between); so does a missing calendar in a Series of calendars.

Method: per distinct calendar, the working intervals [open, close) of every
day in the span the rows need, as sorted UTC int64 nanoseconds, and the
cumulative working time at each opening. ``np.searchsorted`` turns instants
into "business positions" (working nanoseconds since the first opening) and
back, so a million rows cost two binary searches, never a Python loop.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from revops_cli.errors import RevopsInputError
from revops_cli.normalize.timestamps import NAT_NS

if TYPE_CHECKING:
    from revops_cli.config import RevopsConfig

__all__ = [
    "BusinessTimeError",
    "WorkCalendar",
    "add_business_minutes",
    "add_wall_minutes",
    "business_minutes_between",
    "parse_working_hours",
    "sla_business_minutes",
    "working_days",
]

_NS_PER_MINUTE = 60_000_000_000
_NS_PER_DAY = 86_400_000_000_000
_NAT = NAT_NS
# An addition that needs more than this much calendar after the latest start
# is a broken calendar (no workdays) or a unit mistake, not an SLA.
_MAX_SPAN_DAYS = 3653
# Last day whose 24 hours still fit in datetime64[ns] (2262-04-11).
_LAST_NS_DAY = int(np.iinfo(np.int64).max // _NS_PER_DAY) - 1
# More distinct calendar objects than this are grouped by value, not identity.
_MANY_OBJECTS = 4096
_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BusinessTimeError(RevopsInputError, ValueError):
    """A calendar, working-hours text or SLA request that cannot work.

    A ``ValueError`` for library callers and a :class:`RevopsInputError` so the
    CLI shows the message as a one-line user error.
    """


# --------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkCalendar:
    """When the SLA clock runs: working hours in one time zone, on workdays, outside holidays.

    ``workdays`` counts Monday as 0. ``holiday_country`` None means no public
    holidays. Frozen and hashable, so a Series of calendars (one per rep) is
    grouped by distinct calendar.
    """

    timezone: str
    start: dt.time = dt.time(9)
    end: dt.time = dt.time(17)
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    holiday_country: str | None = "US"
    holiday_subdivision: str | None = None

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise BusinessTimeError(
                f"work calendar: unknown time zone {self.timezone!r} (expected an IANA name like 'America/New_York')"
            ) from None
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise BusinessTimeError("work calendar: start and end are local wall-clock times, without a time zone")
        if self.end <= self.start:
            raise BusinessTimeError(
                f"work calendar: end ({self.end:%H:%M}) must be later than start ({self.start:%H:%M})"
            )
        days = tuple(self.workdays)
        if any(not isinstance(d, (int, np.integer)) or isinstance(d, bool) or not 0 <= d <= 6 for d in days):
            raise BusinessTimeError(f"work calendar: workdays must be 0 (Monday) to 6 (Sunday) (got {days!r})")
        # Normalised so equal calendars compare (and group) equal.
        object.__setattr__(self, "workdays", tuple(sorted({int(d) for d in days})))
        if self.holiday_country is not None:
            supported = _supported_countries()
            if self.holiday_country not in supported:
                raise BusinessTimeError(
                    f"work calendar: no public-holiday calendar for {self.holiday_country!r} "
                    "(expected an ISO country code like 'US' or 'GB', or None for no holidays)"
                )
            subdivisions = supported[self.holiday_country]
            if self.holiday_subdivision is not None and self.holiday_subdivision not in subdivisions:
                raise BusinessTimeError(
                    f"work calendar: {self.holiday_subdivision!r} is not a subdivision of {self.holiday_country}"
                )

    @classmethod
    def from_config(
        cls,
        config: RevopsConfig,
        *,
        timezone: str | None = None,
        country: str | None = None,
        hours: tuple[dt.time, dt.time] | None = None,
    ) -> WorkCalendar:
        """The team calendar of ``config.business_hours``, with a rep's own zone, country or hours.

        Blank overrides are ignored. ``observe_holidays = false`` means no
        holidays whatever the country. A country override keeps the config's
        subdivision only when it is the config's own country (a California
        subdivision means nothing for a GB rep).
        """
        bh = config.business_hours
        zone = timezone.strip() if timezone and timezone.strip() else config.business_timezone
        start, end = hours if hours is not None else (bh.start, bh.end)
        workdays = tuple(sorted(_WEEKDAY_KEYS.index(day) for day in bh.workdays))
        holiday_country: str | None = bh.holiday_country
        subdivision = bh.holiday_subdivision
        if country is not None and country.strip():
            holiday_country = country.strip().upper()
            if holiday_country != bh.holiday_country:
                subdivision = None
        if not bh.observe_holidays:
            holiday_country, subdivision = None, None
        return cls(zone, start, end, workdays, holiday_country, subdivision)


@lru_cache(maxsize=1)
def _supported_countries() -> dict[str, list[str]]:
    import holidays

    return holidays.list_supported_countries()


@lru_cache(maxsize=512)
def _holiday_days(country: str, subdivision: str | None, year: int) -> np.ndarray:
    """Holiday dates of one year as int days since 1970-01-01 (cached: reps share countries)."""
    import holidays

    dates = holidays.country_holidays(country, subdiv=subdivision, years=[year]).keys()
    days = np.array(sorted(dates), dtype="datetime64[D]").astype(np.int64)
    days.setflags(write=False)
    return days


def _local_instants(days: np.ndarray, time_of_day: dt.time, zone: str, *, first: bool) -> np.ndarray:
    """UTC ns of ``time_of_day`` wall-clock in ``zone`` on each day (int days since epoch)."""
    offset = (
        (time_of_day.hour * 60 + time_of_day.minute) * 60 + time_of_day.second
    ) * 1_000_000_000 + time_of_day.microsecond * 1_000
    wall = pd.DatetimeIndex((days * _NS_PER_DAY + offset).view("datetime64[ns]"))
    local = wall.tz_localize(zone, ambiguous=np.full(len(days), first), nonexistent="shift_forward")
    return local.as_unit("ns").asi8


@dataclass(frozen=True)
class _Intervals:
    """Working intervals of one calendar over a span of days, as UTC ns."""

    opens: np.ndarray  # sorted, int64
    closes: np.ndarray  # int64, closes[i] < opens[i + 1]
    cum: np.ndarray  # working ns before opens[i]
    cum_end: np.ndarray  # working ns up to closes[i], strictly increasing

    @property
    def total(self) -> int:
        return int(self.cum_end[-1]) if len(self.cum_end) else 0

    def position(self, t: np.ndarray) -> np.ndarray:
        """Working ns from the span's first opening to each instant (flat outside working time)."""
        if not len(self.opens):
            return np.zeros(len(t), dtype=np.int64)
        i = np.searchsorted(self.opens, t, side="right") - 1
        before_first = i < 0
        i[before_first] = 0
        pos = self.cum[i] + np.clip(t - self.opens[i], 0, self.closes[i] - self.opens[i])
        pos[before_first] = 0
        return pos

    def instant(self, pos: np.ndarray, *, at_opening: np.ndarray) -> np.ndarray:
        """The instant at each working position (all within ``total``).

        A position on a boundary is the closing time it reaches, or the next
        opening where ``at_opening`` (a zero-minute addition).
        """
        j = np.searchsorted(self.cum_end, pos, side="left")
        j = j + (at_opening & (self.cum_end[j] == pos))
        return self.opens[j] + (pos - self.cum[j])


def _intervals(calendar: WorkCalendar, first_day: int, last_day: int) -> _Intervals:
    days = np.arange(first_day, last_day + 1, dtype=np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday (3)
    keep = np.isin(weekday, calendar.workdays)
    if calendar.holiday_country is not None and len(days):
        first_year, last_year = (np.datetime64(int(d), "D").astype(dt.date).year for d in (days[0], days[-1]))
        off = np.concatenate(
            [_holiday_days(calendar.holiday_country, calendar.holiday_subdivision, year)
             for year in range(first_year, last_year + 1)]
        )
        keep &= ~np.isin(days, off)
    days = days[keep]
    opens = _local_instants(days, calendar.start, calendar.timezone, first=True)
    closes = _local_instants(days, calendar.end, calendar.timezone, first=False)
    # A window wholly inside a spring-forward gap has no working time at all.
    real = closes > opens
    opens, closes = opens[real], closes[real]
    cum_end = np.cumsum(closes - opens)
    cum = cum_end - (closes - opens)
    return _Intervals(opens, closes, cum, cum_end)


def working_days(calendar: WorkCalendar, first: dt.date, last: dt.date) -> np.ndarray:
    """The calendar's working days from ``first`` to ``last`` inclusive, as ``datetime64[D]``.

    Workdays minus the calendar's public holidays (the same days the SLA clock
    runs on); empty when ``last`` is before ``first``.
    """
    start, stop = np.datetime64(first, "D").astype(np.int64), np.datetime64(last, "D").astype(np.int64)
    days = np.arange(start, stop + 1, dtype=np.int64)
    keep = np.isin((days + 3) % 7, calendar.workdays)  # 1970-01-01 was a Thursday (3)
    if calendar.holiday_country is not None and len(days):
        years = range(first.year, last.year + 1)
        off = np.concatenate([_holiday_days(calendar.holiday_country, calendar.holiday_subdivision, year)
                              for year in years])
        keep &= ~np.isin(days, off)
    return days[keep].astype("datetime64[D]")


def _day(ns: int) -> int:
    return int(ns // _NS_PER_DAY)


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def _utc_ns(values: pd.Series, name: str) -> np.ndarray:
    """int64 UTC ns of a tz-aware datetime Series (NaT as int64 min)."""
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series of tz-aware datetimes (got {type(values).__name__})")
    tz_aware = isinstance(values.dtype, pd.DatetimeTZDtype) or getattr(
        getattr(values.dtype, "pyarrow_dtype", None), "tz", None
    )
    if tz_aware:
        return pd.DatetimeIndex(values).tz_convert("UTC").as_unit("ns").asi8
    if values.isna().all():
        return np.full(len(values), _NAT, dtype=np.int64)
    raise BusinessTimeError(
        f"{name} must be tz-aware datetimes (got dtype {values.dtype}); "
        "localise wall-clock times first, e.g. with normalize_timestamps"
    )


def _same_index(values: pd.Series, index: pd.Index, name: str) -> np.ndarray:
    if not values.index.equals(index):
        raise BusinessTimeError(f"{name} must have the same index as start")
    return values.to_numpy()


def _minutes_ns(minutes, index: pd.Index) -> np.ndarray:
    """Requested minutes as int64 ns per row; NaN becomes NaT (int64 min)."""
    if isinstance(minutes, pd.Series):
        values = _same_index(minutes, index, "minutes")
        values = pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.asarray(minutes, dtype=float)
        if values.ndim == 0:
            values = np.full(len(index), float(values))
        elif values.shape != (len(index),):
            raise BusinessTimeError(f"minutes has {values.size} values for {len(index)} starts")
    missing = np.isnan(values)
    known = values[~missing]
    if (known < 0).any():
        raise BusinessTimeError(f"business minutes must be 0 or more (got {known.min():g})")
    if (known > _MAX_SPAN_DAYS * 1440).any():
        raise BusinessTimeError(
            f"cannot add {known.max():g} business minutes: more than 10 years of calendar time"
        )
    out = np.full(len(values), _NAT, dtype=np.int64)
    # Rounded to the nanosecond so adding and measuring back are exact inverses.
    out[~missing] = np.round(known * _NS_PER_MINUTE).astype(np.int64)
    return out


def _calendar_groups(calendar: WorkCalendar | pd.Series, index: pd.Index) -> list[tuple[WorkCalendar, np.ndarray]]:
    """(calendar, row positions) per distinct calendar; rows without a calendar (NaN/None) are left out."""
    n = len(index)
    if isinstance(calendar, WorkCalendar):
        return [(calendar, np.arange(n))] if n else []
    if not isinstance(calendar, pd.Series):
        raise TypeError(f"calendar must be a WorkCalendar or a Series of them (got {type(calendar).__name__})")
    values = _same_index(calendar, index, "calendar").astype(object)
    present = np.flatnonzero(~pd.isna(values))
    # Rows share calendar objects (one per rep), so group by identity first:
    # id() runs in C, while hashing a dataclass a million times would not.
    ids = np.fromiter(map(id, values[present]), dtype=np.int64, count=len(present))
    codes, unique_ids = pd.factorize(ids)
    if len(unique_ids) > _MANY_OBJECTS:
        # A fresh object per row: group by value instead (hashes every row,
        # ~1.5 s per million; build one calendar per rep and map it to avoid).
        codes, unique_ids = pd.factorize(values[present])
    # factorize numbers values in order of first appearance, so a code's
    # first row is where the running maximum steps up.
    steps = np.maximum.accumulate(codes)
    first_row = np.flatnonzero(np.r_[True, steps[1:] > steps[:-1]]) if len(codes) else codes
    group_of: dict[WorkCalendar, int] = {}
    remap = np.empty(len(unique_ids), dtype=np.int64)
    for k, row in enumerate(first_row):
        cal = values[present[row]]
        if not isinstance(cal, WorkCalendar):
            raise TypeError(f"calendar Series must hold WorkCalendar objects (got {type(cal).__name__})")
        remap[k] = group_of.setdefault(cal, len(group_of))
    merged = remap[codes]
    if len(group_of) == 1:
        return [(next(iter(group_of)), present)]
    order = np.argsort(merged, kind="stable")
    bounds = np.searchsorted(merged[order], np.arange(len(group_of) + 1))
    calendars = list(group_of)
    return [(calendars[g], present[order[bounds[g]:bounds[g + 1]]]) for g in range(len(group_of))]


def _as_utc_series(ns: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(ns.view("datetime64[ns]"), index=index).dt.tz_localize("UTC")


# --------------------------------------------------------------------------
# The clock
# --------------------------------------------------------------------------


def add_business_minutes(start: pd.Series, minutes, calendar: WorkCalendar | pd.Series) -> pd.Series:
    """The instant at which ``minutes`` business minutes have elapsed after ``start`` (UTC).

    ``minutes`` is a number or one per row (NaN gives NaT); ``calendar`` one
    for all rows or a Series of them (a rep's own zone and holidays). Raises
    :class:`BusinessTimeError` for negative minutes or an addition that does
    not fit in 10 years of the calendar.
    """
    t = _utc_ns(start, "start")
    m = _minutes_ns(minutes, start.index)
    out = np.full(len(t), _NAT, dtype=np.int64)
    for cal, rows in _calendar_groups(calendar, start.index):
        rows = rows[(t[rows] != _NAT) & (m[rows] != _NAT)]
        if len(rows):
            out[rows] = _add(cal, t[rows], m[rows])
    return _as_utc_series(out, start.index)


def _add(cal: WorkCalendar, t: np.ndarray, m: np.ndarray) -> np.ndarray:
    first_day = _day(t.min()) - 2  # two days of slack cover every UTC offset
    latest_day = _day(t.max())
    limit_day = min(latest_day + _MAX_SPAN_DAYS + 2, _LAST_NS_DAY)
    # First guess from the nominal week (with room for holidays); grown in
    # chunks if holidays or short DST days eat more than that.
    week_ns = len(cal.workdays) * _working_ns_per_day(cal)
    need = 7 * int(m.max()) // week_ns if week_ns else _MAX_SPAN_DAYS
    last_day = min(latest_day + int(need * 1.25) + 14, limit_day)
    while True:
        iv = _intervals(cal, first_day, last_day)
        target = iv.position(t) + m
        # A zero-minute start after the span's last closing needs the next
        # opening, so it must lie strictly inside the span.
        short = np.where(m == 0, target >= iv.total, target > iv.total)
        if not short.any():
            return iv.instant(target, at_opening=m == 0)
        if last_day >= limit_day:
            row = int(np.flatnonzero(short)[0])
            when = pd.Timestamp(int(t[row]), tz="UTC").tz_convert(cal.timezone)
            raise BusinessTimeError(
                f"cannot add {m[row] / _NS_PER_MINUTE:g} business minutes to {when.isoformat()}: {cal} has less "
                "working time than that in the 10 years after it (check its workdays and hours)"
            )
        last_day = min(last_day + max(366, last_day - first_day), limit_day)


def _working_ns_per_day(cal: WorkCalendar) -> int:
    start = dt.datetime.combine(dt.date(2000, 1, 1), cal.start)
    end = dt.datetime.combine(dt.date(2000, 1, 1), cal.end)
    return int((end - start).total_seconds() * 1e9)


def sla_business_minutes(sla_minutes, calendar: WorkCalendar | pd.Series, *, days_are_working_days: bool = True):
    """The business minutes an SLA of ``sla_minutes`` stands for on each row's calendar.

    "Contact within 24 hours" in a 09:00-17:00 business means the next working
    day, not 24 business hours (three working days): with
    ``days_are_working_days`` an SLA of a day or more (1440+ minutes) counts
    working days of that calendar's length, 1440 -> 480 and 2880 -> 960 for
    9-to-5. Shorter SLAs (5 minutes, 1 hour, the 2-hour agreement) are
    business minutes as written. NaN stays NaN.
    """
    minutes = np.asarray(sla_minutes, dtype=float)
    if not days_are_working_days:
        return minutes
    if isinstance(calendar, WorkCalendar):
        day = np.full(minutes.shape, _working_ns_per_day(calendar) / 60e9)
    else:  # one length per distinct calendar object (rows share their rep's), broadcast back
        cells = calendar.to_numpy(dtype=object)
        ids = np.fromiter(map(id, cells), dtype=np.int64, count=len(cells))
        _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
        lengths = np.array([_working_ns_per_day(cells[i]) / 60e9 if isinstance(cells[i], WorkCalendar) else np.nan
                            for i in first], dtype=float)
        day = lengths[inverse]
    return np.where(minutes >= 1440, minutes / 1440 * day, minutes)


def business_minutes_between(
    start: pd.Series, end: pd.Series, calendar: WorkCalendar | pd.Series
) -> pd.Series:
    """Business minutes from ``start`` to ``end`` (float; 0 when end <= start; NaN when either is NaT)."""
    t0 = _utc_ns(start, "start")
    t1 = _utc_ns(end, "end")
    if not end.index.equals(start.index):
        raise BusinessTimeError("end must have the same index as start")
    out = np.full(len(t0), np.nan)
    for cal, rows in _calendar_groups(calendar, start.index):
        rows = rows[(t0[rows] != _NAT) & (t1[rows] != _NAT)]
        if not len(rows):
            continue
        out[rows] = 0.0
        # Only rows that run forward need a calendar span.
        rows = rows[t1[rows] > t0[rows]]
        if len(rows):
            a, b = t0[rows], t1[rows]
            iv = _intervals(cal, _day(a.min()) - 2, min(_day(b.max()) + 2, _LAST_NS_DAY))
            out[rows] = (iv.position(b) - iv.position(a)) / _NS_PER_MINUTE
    return pd.Series(out, index=start.index)


def add_wall_minutes(start: pd.Series, minutes) -> pd.Series:
    """``start`` plus ``minutes`` of clock time, as UTC (NaT or NaN minutes give NaT)."""
    t = _utc_ns(start, "start")
    if isinstance(minutes, pd.Series):
        values = _same_index(minutes, start.index, "minutes")
        values = pd.to_numeric(pd.Series(values)).to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.broadcast_to(np.asarray(minutes, dtype=float), (len(t),))
    ok = (t != _NAT) & ~np.isnan(values)
    out = np.full(len(t), _NAT, dtype=np.int64)
    out[ok] = t[ok] + np.round(values[ok] * _NS_PER_MINUTE).astype(np.int64)
    return _as_utc_series(out, start.index)


# --------------------------------------------------------------------------
# Working hours as people write them
# --------------------------------------------------------------------------

_CLOCK = r"(\d{1,2})(?:[:.h](\d{2}))?(?:\s*([ap])\.?\s*m\.?)?"
_HOURS_RE = re.compile(rf"^\s*{_CLOCK}\s*(?:-|–|—|to|until)\s*{_CLOCK}\s*$", re.IGNORECASE)
_COMPACT_RE = re.compile(r"^\s*(\d{2})(\d{2})\s*-\s*(\d{2})(\d{2})\s*$")  # 0900-1730


def parse_working_hours(text: str | None) -> tuple[dt.time, dt.time] | None:
    """Working hours as written in a reps sheet: ``09:00-17:30``, ``8:30 - 17``, ``9am-5pm``.

    None for a blank cell. Raises :class:`BusinessTimeError` (a ValueError)
    naming the text for anything else, or when the end is not after the start.
    """
    if text is None or (isinstance(text, float) and np.isnan(text)) or not str(text).strip():
        return None
    raw = str(text)
    expected = "expected start-end like '09:00-17:30', '8:30 - 17' or '9am-5pm'"
    compact = _COMPACT_RE.match(raw)
    if compact:
        h1, m1, h2, m2 = compact.groups()
        parts = [(h1, m1, None), (h2, m2, None)]
    else:
        match = _HOURS_RE.match(raw)
        if not match:
            raise BusinessTimeError(f"working hours {raw!r}: {expected}")
        g = match.groups()
        parts = [g[0:3], g[3:6]]
    times = []
    for hour_text, minute_text, half in parts:
        hour, minute = int(hour_text), int(minute_text or 0)
        if half:
            if not 1 <= hour <= 12:
                raise BusinessTimeError(f"working hours {raw!r}: {hour}{half.lower()}m is not a time; {expected}")
            hour = hour % 12 + (12 if half.lower() == "p" else 0)
        if hour > 23 or minute > 59:
            raise BusinessTimeError(f"working hours {raw!r}: {hour_text}:{minute_text or '00'} is not a time "
                                    f"of day (00:00-23:59); {expected}")
        times.append(dt.time(hour, minute))
    start, end = times
    if end <= start:
        raise BusinessTimeError(f"working hours {raw!r}: end {end:%H:%M} must be later than start {start:%H:%M}")
    return start, end
