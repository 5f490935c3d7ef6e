"""Business-hours SLA clock: "Warm leads must be contacted within 1 hour" in working time."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.config import RevopsConfig, parse_config
from revops_cli.core.sales.business_time import (
    BusinessTimeError,
    WorkCalendar,
    add_business_minutes,
    add_wall_minutes,
    business_minutes_between,
    parse_working_hours,
    sla_business_minutes,
)
from revops_cli.errors import RevopsInputError

NY = "America/New_York"
LONDON = "Europe/London"
US_TEAM = WorkCalendar(NY)
UK_TEAM = WorkCalendar(LONDON, holiday_country="GB")


def local(*stamps: str | None, zone: str = NY) -> pd.Series:
    return pd.Series(pd.to_datetime(list(stamps))).dt.tz_localize(zone)


def due(start: str, minutes, calendar: WorkCalendar = US_TEAM) -> pd.Timestamp:
    """One deadline, shown in the calendar's zone."""
    result = add_business_minutes(local(start, zone=calendar.timezone), minutes, calendar)
    return result.dt.tz_convert(calendar.timezone).iloc[0]


def at(stamp: str, zone: str = NY) -> pd.Timestamp:
    return pd.Timestamp(stamp, tz=zone)


# --------------------------------------------------------------------------
# The SOP examples
# --------------------------------------------------------------------------


def test_warm_lead_created_friday_evening_is_due_monday_morning():
    # 17:55 is after closing, so the hour starts at Monday's 09:00 opening.
    assert due("2026-03-06 17:55", 60) == at("2026-03-09 10:00")


def test_warm_lead_created_friday_afternoon_carries_the_rest_of_the_hour_to_monday():
    assert due("2026-03-06 16:30", 60) == at("2026-03-09 09:30")


def test_deadline_landing_on_closing_time_stays_at_closing_time():
    assert due("2026-03-06 16:00", 60) == at("2026-03-06 17:00")


def test_weekend_lead_clock_starts_at_monday_opening():
    assert due("2026-03-07 11:00", 90) == at("2026-03-09 10:30")
    assert due("2026-03-08 23:59", 1) == at("2026-03-09 09:01")


def test_lead_created_before_opening_counts_from_opening():
    assert due("2026-03-10 06:00", 120) == at("2026-03-10 11:00")


def test_zero_minutes_is_the_start_in_working_time_else_the_next_opening():
    assert due("2026-03-10 11:15", 0) == at("2026-03-10 11:15")
    assert due("2026-03-10 09:00", 0) == at("2026-03-10 09:00")
    assert due("2026-03-10 17:00", 0) == at("2026-03-11 09:00")
    assert due("2026-03-06 18:00", 0) == at("2026-03-09 09:00")


def test_sales_sla_two_business_hours_runs_over_the_night():
    assert due("2026-03-10 15:30", 120) == at("2026-03-11 09:30")


def test_thanksgiving_is_not_working_time():
    # 2026-11-26 is Thanksgiving (a Thursday); Friday is a normal US workday.
    assert due("2026-11-25 16:30", 60) == at("2026-11-27 09:30")
    start, end = local("2026-11-25 09:00"), local("2026-11-28 00:00")
    assert business_minutes_between(start, end, US_TEAM).iloc[0] == 960


def test_team_that_ignores_holidays_works_thanksgiving():
    calendar = WorkCalendar(NY, holiday_country=None)
    assert due("2026-11-25 16:30", 60, calendar) == at("2026-11-26 09:30")


def test_observed_holiday_counts_us_independence_day_friday():
    # 2026-07-04 is a Saturday, observed Friday 07-03.
    assert due("2026-07-02 16:30", 60) == at("2026-07-06 09:30")


def test_uk_and_us_reps_in_one_call_keep_their_own_christmas():
    # GB: Fri 25 Christmas, Sat 26 Boxing Day, Mon 28 its substitute; US: only Fri 25.
    starts = pd.Series(
        [at("2026-12-24 16:30", LONDON), at("2026-12-24 16:30", NY), at("2026-12-24 10:00", LONDON)],
        index=["uk-rep", "us-rep", "uk-early"],
    ).astype("datetime64[ns, UTC]")
    calendars = pd.Series([UK_TEAM, US_TEAM, UK_TEAM], index=starts.index)
    result = add_business_minutes(starts, 60, calendars)
    assert list(result.index) == ["uk-rep", "us-rep", "uk-early"]
    assert result["uk-rep"] == at("2026-12-29 09:30", LONDON)
    assert result["us-rep"] == at("2026-12-28 09:30", NY)
    assert result["uk-early"] == at("2026-12-24 11:00", LONDON)
    between = business_minutes_between(starts, result, calendars)
    assert between.tolist() == [60.0, 60.0, 60.0]


def test_calendar_series_groups_equal_calendars_built_separately():
    starts = local("2026-03-06 16:30", "2026-03-06 16:30")
    calendars = pd.Series([WorkCalendar(NY), WorkCalendar(NY, holiday_country="US")])
    result = add_business_minutes(starts, [60, 30], calendars).dt.tz_convert(NY)
    assert result.tolist() == [at("2026-03-09 09:30"), at("2026-03-06 17:00")]


def test_row_without_a_calendar_has_no_deadline():
    starts = local("2026-03-06 16:30", "2026-03-06 16:30")
    result = add_business_minutes(starts, 60, pd.Series([US_TEAM, None]))
    assert result.iloc[0] == at("2026-03-09 09:30") and pd.isna(result.iloc[1])


def test_rep_working_hours_and_workdays():
    # A Sunday-to-Thursday team working 08:30-17:30 in Dubai, no holidays.
    calendar = WorkCalendar("Asia/Dubai", dt.time(8, 30), dt.time(17, 30), (6, 0, 1, 2, 3), None)
    assert calendar.workdays == (0, 1, 2, 3, 6)
    assert due("2026-03-05 17:00", 60, calendar) == at("2026-03-08 09:00", "Asia/Dubai")


# --------------------------------------------------------------------------
# DST: working hours are wall-clock hours
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("friday", "monday"),
    [("2026-03-06", "2026-03-09"), ("2026-10-30", "2026-11-02")],  # spring forward 03-08, fall back 11-01
)
def test_dst_weekend_does_not_change_working_minutes(friday, monday):
    start, end = local(f"{friday} 09:00"), local(f"{monday} 17:00")
    assert business_minutes_between(start, end, US_TEAM).iloc[0] == 960
    day_start, day_end = local(f"{monday} 00:00"), local(f"{monday} 23:59")
    assert business_minutes_between(day_start, day_end, US_TEAM).iloc[0] == 480


def test_sdr_sla_1440_business_minutes_is_three_working_days():
    assert due("2026-03-09 10:00", 1440) == at("2026-03-12 10:00")
    # Across the spring change: still 10:00 local (14:00 UTC, not 15:00).
    result = due("2026-03-06 10:00", 1440)
    assert result == at("2026-03-11 10:00") and result.tz_convert("UTC").hour == 14
    result = due("2026-10-30 10:00", 1440)
    assert result == at("2026-11-04 10:00") and result.tz_convert("UTC").hour == 15


def test_hours_inside_the_dst_change_keep_their_real_length():
    # A Sunday 01:00-03:00 shift: 1 real hour on spring-forward day, 3 on fall-back day.
    night = WorkCalendar(NY, dt.time(1), dt.time(3), (6,), None)
    starts, ends = local("2026-03-08 00:00", "2026-11-01 00:00"), local("2026-03-08 06:00", "2026-11-01 06:00")
    assert business_minutes_between(starts, ends, night).tolist() == [60.0, 180.0]
    # Fall back repeats 01:00-02:00: a shift opening or closing at 01:30 gets the longer reading.
    closes_late = WorkCalendar(NY, dt.time(0), dt.time(1, 30), (6,), None)
    opens_early = WorkCalendar(NY, dt.time(1, 30), dt.time(3), (6,), None)
    start, end = local("2026-11-01 00:00"), local("2026-11-01 06:00")
    assert business_minutes_between(start, end, closes_late).iloc[0] == 150
    assert business_minutes_between(start, end, opens_early).iloc[0] == 150
    # Wholly inside the spring gap: no working time that day at all.
    gap = WorkCalendar(NY, dt.time(2, 10), dt.time(2, 50), (6,), None)
    assert due("2026-03-08 00:00", 10, gap) == at("2026-03-15 02:20")


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

CALENDARS = [
    US_TEAM,
    UK_TEAM,
    WorkCalendar("Asia/Tokyo", dt.time(8, 30), dt.time(17, 30), holiday_country="JP"),
    WorkCalendar("America/Los_Angeles", dt.time(7), dt.time(15, 45), (0, 1, 2, 3, 5), None),
]
FIRST = int(pd.Timestamp("2026-01-01", tz="UTC").value // 10**9)
LAST = int(pd.Timestamp("2028-01-01", tz="UTC").value // 10**9)

rows = st.lists(
    st.tuples(st.integers(FIRST, LAST), st.floats(0, 20000), st.sampled_from(CALENDARS)),
    min_size=1,
    max_size=12,
)


def reference_minutes(start: pd.Timestamp, end: pd.Timestamp, calendar: WorkCalendar) -> float:
    """Day-by-day business minutes with zoneinfo (slow and obvious)."""
    zone = ZoneInfo(calendar.timezone)
    off = set()
    if calendar.holiday_country:
        off = set(holidays.country_holidays(calendar.holiday_country, years=range(start.year - 1, end.year + 2)))
    total = 0.0
    day = start.tz_convert(zone).date() - dt.timedelta(days=1)
    while day <= end.tz_convert(zone).date() + dt.timedelta(days=1):
        if day.weekday() in calendar.workdays and day not in off:
            opens = pd.Timestamp(dt.datetime.combine(day, calendar.start, zone))
            closes = pd.Timestamp(dt.datetime.combine(day, calendar.end, zone))
            overlap = (min(end, closes) - max(start, opens)).total_seconds()
            total += max(overlap, 0) / 60
        day += dt.timedelta(days=1)
    return total


def series_of(cases) -> tuple[pd.Series, np.ndarray, pd.Series]:
    index = [f"row{i}" for i in range(len(cases))]
    starts = pd.Series(pd.to_datetime([c[0] for c in cases], unit="s", utc=True), index=index)
    minutes = np.array([c[1] for c in cases])
    calendars = pd.Series([c[2] for c in cases], index=index)
    return starts, minutes, calendars


@settings(max_examples=60, deadline=None)
@given(rows)
def test_business_minutes_back_to_the_deadline_are_the_minutes_added(cases):
    starts, minutes, calendars = series_of(cases)
    deadlines = add_business_minutes(starts, minutes, calendars)
    assert (deadlines >= starts).all()
    np.testing.assert_allclose(business_minutes_between(starts, deadlines, calendars), minutes, rtol=0, atol=1e-6)
    for deadline, calendar in zip(deadlines, calendars):
        # Every deadline is inside working hours or exactly at a closing time.
        wall = deadline.tz_convert(calendar.timezone)
        assert wall.weekday() in calendar.workdays
        assert calendar.start <= wall.time() <= calendar.end


@settings(max_examples=40, deadline=None)
@given(rows, st.lists(st.integers(-3 * 86400, 21 * 86400), min_size=12, max_size=12))
def test_business_minutes_match_a_day_by_day_count(cases, seconds):
    starts, _, calendars = series_of(cases)
    ends = starts + pd.to_timedelta(seconds[: len(starts)], unit="s")
    result = business_minutes_between(starts, ends, calendars)
    expected = [reference_minutes(s, e, c) for s, e, c in zip(starts, ends, calendars)]
    np.testing.assert_allclose(result, expected, rtol=0, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(rows, st.integers(0, 10 * 86400), st.integers(0, 10 * 86400))
def test_business_minutes_grow_with_the_end_and_are_zero_backwards(cases, shorter, longer):
    starts, _, calendars = series_of(cases)
    shorter, longer = sorted((shorter, longer))
    near = business_minutes_between(starts, starts + pd.Timedelta(seconds=shorter), calendars)
    far = business_minutes_between(starts, starts + pd.Timedelta(seconds=longer), calendars)
    assert (near >= 0).all() and (near <= far).all()
    assert (far <= (longer / 60) + 1e-9).all()
    backwards = business_minutes_between(starts, starts - pd.Timedelta(seconds=shorter), calendars)
    assert (backwards == 0).all()


# --------------------------------------------------------------------------
# Inputs and outputs
# --------------------------------------------------------------------------


def test_missing_starts_and_minutes_give_missing_deadlines_and_index_is_kept():
    starts = local("2026-03-06 16:30", None, "2026-03-06 16:00")
    starts.index = ["L-9", "L-2", "L-5"]
    result = add_business_minutes(starts, pd.Series([60, 60, np.nan], index=starts.index), US_TEAM)
    assert list(result.index) == ["L-9", "L-2", "L-5"]
    assert str(result.dtype) == "datetime64[ns, UTC]"
    assert result["L-9"] == at("2026-03-09 09:30") and result[["L-2", "L-5"]].isna().all()
    minutes = business_minutes_between(starts, result, US_TEAM)
    assert minutes["L-9"] == 60 and minutes[["L-2", "L-5"]].isna().all()
    assert minutes.dtype == float


def test_nullable_minutes_column():
    starts = local("2026-03-06 16:30", "2026-03-06 16:30")
    result = add_business_minutes(starts, pd.Series([60, None], dtype="Int64"), US_TEAM)
    assert result.iloc[0] == at("2026-03-09 09:30") and pd.isna(result.iloc[1])


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/Los_Angeles"])
def test_start_in_any_zone_gives_the_same_instants(zone):
    starts = local("2026-03-06 17:55", "2026-11-25 16:30", "2026-03-08 12:00")
    minutes = [60, 60, 1440]
    expected = add_business_minutes(starts, minutes, US_TEAM)
    moved = starts.dt.tz_convert(zone)
    pd.testing.assert_series_equal(add_business_minutes(moved, minutes, US_TEAM), expected)
    pd.testing.assert_series_equal(
        business_minutes_between(moved, expected.dt.tz_convert(zone), US_TEAM),
        pd.Series([60.0, 60.0, 1440.0]),
    )


def test_microsecond_timestamps_are_read_as_instants():
    starts = local("2026-03-06 16:30").astype("datetime64[us, America/New_York]")
    assert add_business_minutes(starts, 60, US_TEAM).iloc[0] == at("2026-03-09 09:30")


def test_empty_and_all_missing_inputs():
    empty = pd.Series([], dtype="datetime64[ns, UTC]")
    assert add_business_minutes(empty, 60, US_TEAM).empty
    assert business_minutes_between(empty, empty, US_TEAM).empty
    missing = pd.Series([pd.NaT, pd.NaT])
    assert add_business_minutes(missing, 60, US_TEAM).isna().all()


def test_wall_clock_times_without_a_zone_are_refused():
    with pytest.raises(ValueError, match="tz-aware"):
        add_business_minutes(pd.Series(pd.to_datetime(["2026-03-06 16:30"])), 60, US_TEAM)


def test_negative_or_absurd_minutes_are_refused():
    starts = local("2026-03-06 16:30")
    with pytest.raises(ValueError, match="0 or more"):
        add_business_minutes(starts, -5, US_TEAM)
    with pytest.raises(ValueError, match="10 years"):
        add_business_minutes(starts, 1e12, US_TEAM)


def test_calendar_without_working_days_cannot_meet_an_sla():
    never = WorkCalendar("UTC", workdays=(), holiday_country=None)
    starts = local("2026-03-06 16:30")
    with pytest.raises(BusinessTimeError, match="10 years") as caught:
        add_business_minutes(starts, 60, never)
    with pytest.raises(BusinessTimeError, match="10 years"):
        add_business_minutes(starts, 0, never)  # not even an opening to wait for
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, RevopsInputError)
    assert business_minutes_between(starts, local("2026-04-06 16:30"), never).iloc[0] == 0


def test_calendar_series_must_share_the_index():
    starts = local("2026-03-06 16:30")
    with pytest.raises(ValueError, match="same index"):
        add_business_minutes(starts, 60, pd.Series([US_TEAM], index=["other"]))


def test_wall_minutes_are_clock_time():
    starts = local("2026-03-06 16:30", None, "2026-03-07 23:30")
    result = add_wall_minutes(starts, [60, 60, np.nan])
    assert str(result.dtype) == "datetime64[ns, UTC]"
    assert result.iloc[0] == at("2026-03-06 17:30") and result.iloc[1:].isna().all()
    # 24 clock hours across spring forward end one hour later on the wall.
    assert add_wall_minutes(local("2026-03-07 12:00"), 1440).iloc[0] == at("2026-03-08 13:00")


# --------------------------------------------------------------------------
# Working hours text and the config
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("09:00-17:30", (dt.time(9), dt.time(17, 30))),
        ("8:30 - 17", (dt.time(8, 30), dt.time(17))),
        ("9am-5pm", (dt.time(9), dt.time(17))),
        ("9:30 A.M. to 6 P.M.", (dt.time(9, 30), dt.time(18))),
        ("12pm – 8pm", (dt.time(12), dt.time(20))),
        ("12am-6am", (dt.time(0), dt.time(6))),
        ("0800-1630", (dt.time(8), dt.time(16, 30))),
    ],
)
def test_working_hours_as_written_in_the_reps_sheet(text, hours):
    assert parse_working_hours(text) == hours


@pytest.mark.parametrize("text", [None, "", "   "])
def test_blank_working_hours_mean_the_team_default(text):
    assert parse_working_hours(text) is None


@pytest.mark.parametrize(
    "text", ["nine to five", "17:00-09:00", "9-9", "09:00", "25:00-26:00", "13pm-5pm", "9-17 EST", "9:75-17"]
)
def test_junk_working_hours_are_refused_naming_the_text(text):
    with pytest.raises(ValueError, match=re.escape(repr(text))):
        parse_working_hours(text)


def test_calendar_from_the_sop_config():
    assert WorkCalendar.from_config(RevopsConfig()) == WorkCalendar(
        "America/New_York", dt.time(9), dt.time(17), (0, 1, 2, 3, 4), "US", None
    )


def test_team_that_does_not_observe_holidays_has_no_holiday_country():
    config = parse_config({"business_hours": {"observe_holidays": False}})
    assert WorkCalendar.from_config(config).holiday_country is None
    assert WorkCalendar.from_config(config, country="GB").holiday_country is None


def test_rep_overrides_zone_country_and_hours():
    config = parse_config({"business_hours": {"holiday_subdivision": "NY", "workdays": ["mon", "tue", "sat"]}})
    rep = WorkCalendar.from_config(
        config, timezone="Europe/London", country="GB", hours=(dt.time(8), dt.time(16))
    )
    assert rep == WorkCalendar("Europe/London", dt.time(8), dt.time(16), (0, 1, 5), "GB", None)
    # Same country keeps the team's subdivision; blanks keep the team's values.
    same = WorkCalendar.from_config(config, timezone=" ", country="US")
    assert same == WorkCalendar(NY, dt.time(9), dt.time(17), (0, 1, 5), "US", "NY")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timezone": "Mars/Base"}, "unknown time zone 'Mars/Base'"),
        ({"timezone": NY, "start": dt.time(17), "end": dt.time(9)}, "must be later than start"),
        ({"timezone": NY, "workdays": (7,)}, "workdays"),
        ({"timezone": NY, "holiday_country": "XX"}, "'XX'"),
    ],
)
def test_impossible_calendars_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        WorkCalendar(**kwargs)


def test_a_24_hour_sla_is_one_working_day_and_shorter_ones_are_business_minutes():
    nine_to_five = WorkCalendar("America/New_York")
    assert sla_business_minutes([5, 60, 1440, 2880, np.nan], nine_to_five).tolist()[:4] == [5, 60, 480, 960]
    assert sla_business_minutes([1440], nine_to_five, days_are_working_days=False).tolist() == [1440]
    long_day = WorkCalendar("Europe/Berlin", start=dt.time(8), end=dt.time(18))
    per_row = pd.Series([nine_to_five, long_day, nine_to_five], dtype=object)
    assert sla_business_minutes([1440, 1440, 60], per_row).tolist() == [480, 600, 60]
