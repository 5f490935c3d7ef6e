"""Timestamps as timezone-aware ISO 8601."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize.timestamps import detect_dayfirst, normalize_timestamp_column
from revops_cli.errors import RevopsInputError

NY = "America/New_York"
COLUMNS = ["value", "flag", "rule", "revops_parsed"]


def one(cell, timezone=NY, **kwargs):
    """Normalise a single cell; returns (value, flag, rule, parsed)."""
    row = normalize_timestamp_column(pd.Series([cell], dtype=object), timezone, **kwargs).iloc[0]
    return row["value"], row["flag"], row["rule"], row["revops_parsed"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # ISO 8601, with and without offset
        ("2026-03-04", "2026-03-04"),
        ("2026-03-04T09:30:00", "2026-03-04T09:30:00-05:00"),
        ("2026-03-04 09:30", "2026-03-04T09:30:00-05:00"),
        ("2026-03-04T09:30:00Z", "2026-03-04T04:30:00-05:00"),
        ("2026-03-04 09:30:00.123+01:00", "2026-03-04T03:30:00-05:00"),
        ("2026-03-04T09:30:00.000+0000", "2026-03-04T04:30:00-05:00"),  # Salesforce API
        ("2026-03-04 09:30:00 UTC", "2026-03-04T04:30:00-05:00"),
        ("2026-03-04 09:30 PST", "2026-03-04T12:30:00-05:00"),
        ("2026/03/04", "2026-03-04"),
        ("2026-3-4 9:30 PM", "2026-03-04T21:30:00-05:00"),
        ("20260304", "2026-03-04"),
        # Salesforce report style and friends (US month-first by default)
        ("3/4/2026 9:30 AM", "2026-03-04T09:30:00-05:00"),
        ("3/4/2026, 9:30 AM", "2026-03-04T09:30:00-05:00"),
        ("3/4/2026 9:30 PM", "2026-03-04T21:30:00-05:00"),
        ("3/4/2026 12:05 AM", "2026-03-04T00:05:00-05:00"),
        ("3/4/2026 12:05 PM", "2026-03-04T12:05:00-05:00"),
        ("03/04/2026 09:30", "2026-03-04T09:30:00-05:00"),
        ("3/4/26 9:30 am", "2026-03-04T09:30:00-05:00"),
        # German dots are day-first by default
        ("4.3.2026 09:30", "2026-03-04T09:30:00-05:00"),
        ("04.03.2026", "2026-03-04"),
        # Month names
        ("04-Mar-2026", "2026-03-04"),
        ("04-Mar-26", "2026-03-04"),
        ("Mar 4, 2026", "2026-03-04"),
        ("March 4, 2026 9:30 AM", "2026-03-04T09:30:00-05:00"),
        ("4 March 2026", "2026-03-04"),
        ("4. März 2026", "2026-03-04"),
        ("Wednesday, March 4th, 2026", "2026-03-04"),
        ("Wed, 04 Mar 2026 09:30:00 +0000", "2026-03-04T04:30:00-05:00"),
        ("Wed Mar 04 2026 09:30:00 GMT-0500 (Eastern Standard Time)", "2026-03-04T09:30:00-05:00"),
        # Unix epoch seconds / milliseconds (UTC instants)
        ("1772616600", "2026-03-04T04:30:00-05:00"),
        ("1772616600000", "2026-03-04T04:30:00-05:00"),
    ],
)
def test_formats(raw, expected):
    value, flag, rule, parsed = one(raw)
    assert (value, flag, rule) == (expected, None, None if raw == expected else "timestamp_iso8601")
    moment = pd.Timestamp(expected)
    if len(expected) == 10:  # a date stays a date; its instant is midnight in the zone
        moment = moment.tz_localize(NY)
    assert parsed.floor("s") == moment  # the value shows whole seconds
    assert str(parsed.tz) == NY


def test_already_normal_value_has_no_rule():
    assert one("2026-03-04T09:30:00-05:00")[:3] == ("2026-03-04T09:30:00-05:00", None, None)
    assert one("2026-03-04T09:30:00+00:00", "UTC")[:3] == ("2026-03-04T09:30:00+00:00", None, None)


def test_subsecond_kept_in_parsed_but_not_in_value():
    value, _, _, parsed = one("2026-03-04T09:30:59.987654Z", "UTC")
    assert value == "2026-03-04T09:30:59+00:00"
    assert parsed == pd.Timestamp("2026-03-04T09:30:59.987654Z")


@pytest.mark.parametrize(
    "raw",
    ["yesterday", "n/a", "2026-13-45", "2026-02-29", "3/4/2026 13:15 PM", "25:00", "2026-03-04T24:00:00",
     "12345", "12345678901", "1600-01-01", "9999-12-31", "0001-01-01", "Foo 4, 2026", "2026-03/04", "0/0/2026"],
)
def test_unparsable_flagged_and_unchanged(raw):
    value, flag, rule, parsed = one(raw)
    assert (value, flag, rule) == (raw, "unparsable date", None)
    assert parsed is pd.NaT


@pytest.mark.parametrize("raw", [None, np.nan, "", "   ", "\t"])
def test_blank(raw):
    value, flag, rule, parsed = one(raw)
    assert (value, flag, rule) == (None, None, None)
    assert parsed is pd.NaT


def test_column_shape_types_and_index():
    values = pd.Series(["2026-03-04", None, "nope", "3/4/2026 9:30 AM"], index=[40, 10, 30, 20], dtype="str")
    result = normalize_timestamp_column(values, "Europe/Berlin")
    assert list(result.columns) == COLUMNS
    assert result.index.equals(values.index)
    assert str(result["revops_parsed"].dtype) == "datetime64[ns, Europe/Berlin]"
    assert result["value"].dtype == object
    assert result["value"].tolist() == [
        "2026-03-04", None, "nope", "2026-03-04T09:30:00+01:00",
    ]
    assert result["flag"].tolist() == [None, None, "unparsable date", None]
    assert result["rule"].tolist() == [None, None, None, "timestamp_iso8601"]  # 2026-03-04 was already ISO


def test_empty_column():
    result = normalize_timestamp_column(pd.Series([], dtype="str"), NY)
    assert list(result.columns) == COLUMNS
    assert len(result) == 0
    assert str(result["revops_parsed"].dtype) == f"datetime64[ns, {NY}]"


def test_unknown_timezone_is_a_config_error():
    with pytest.raises(RevopsInputError, match="Mars/Olympus"):
        normalize_timestamp_column(pd.Series(["2026-03-04"]), "Mars/Olympus")


# --- day/month order is decided by the whole column -------------------------


def test_day_over_12_makes_the_column_day_first():
    values = pd.Series(["13/04/2026", "03/04/2026", "04/04/2026"])
    assert detect_dayfirst(values) is True
    result = normalize_timestamp_column(values, "UTC")
    assert result["value"].tolist() == [
        "2026-04-13", "2026-04-03", "2026-04-04",
    ]
    assert result["flag"].isna().all()


def test_second_part_over_12_makes_the_column_month_first():
    values = pd.Series(["04/13/2026", "03/04/2026 9:30 AM"])
    assert detect_dayfirst(values) is False
    result = normalize_timestamp_column(values, "UTC", dayfirst=True)  # evidence beats the hint
    assert result["value"].tolist() == ["2026-04-13", "2026-03-04T09:30:00+00:00"]


def test_both_orders_flag_only_the_cells_that_could_be_either():
    values = pd.Series(["04/13/2026", "13/04/2026", "03/04/2026", "04/04/2026"], index=list("abcd"))
    assert detect_dayfirst(values) is None
    result = normalize_timestamp_column(values, "UTC")
    assert result["flag"].tolist() == [None, None, "ambiguous date", None]
    assert result["value"].tolist() == [
        "2026-04-13", "2026-04-13", "03/04/2026", "2026-04-04",
    ]
    assert result.loc["c", "revops_parsed"] is pd.NaT
    assert result.loc["c", "rule"] is None


def test_no_evidence_uses_hint_then_separator():
    slash, dot = pd.Series(["03/04/2026"]), pd.Series(["03.04.2026"])
    assert detect_dayfirst(slash) is None
    assert normalize_timestamp_column(slash, "UTC")["value"][0] == "2026-03-04"
    assert normalize_timestamp_column(dot, "UTC")["value"][0] == "2026-04-03"
    assert normalize_timestamp_column(slash, "UTC", dayfirst=True)["value"][0] == "2026-04-03"
    assert normalize_timestamp_column(dot, "UTC", dayfirst=False)["value"][0] == "2026-03-04"


def test_dot_evidence_decides_slashes_too():
    values = pd.Series(["13.04.2026", "03/04/2026"])
    assert normalize_timestamp_column(values, "UTC")["value"].tolist() == [
        "2026-04-13", "2026-04-03",
    ]


# --- time zones and DST -------------------------------------------------------


def test_offsets_keep_their_instant_and_naive_values_are_local():
    values = pd.Series(["2026-07-04T12:00:00Z", "2026-07-04 12:00", "2026-01-15 12:00"])
    result = normalize_timestamp_column(values, NY)
    assert result["value"].tolist() == [
        "2026-07-04T08:00:00-04:00", "2026-07-04T12:00:00-04:00", "2026-01-15T12:00:00-05:00",
    ]
    assert result["revops_parsed"][0] == pd.Timestamp("2026-07-04T12:00:00Z")


def test_spring_forward_nonexistent_time_shifts_forward():
    # 2026-03-08 02:00-03:00 does not exist in New York
    value, flag, _, parsed = one("2026-03-08 02:30")
    assert (value, flag) == ("2026-03-08T03:00:00-04:00", None)
    assert parsed == pd.Timestamp("2026-03-08T07:00:00Z")
    assert one("3/8/2026 2:30 AM")[0] == "2026-03-08T03:00:00-04:00"
    assert one("2026-03-08 01:59:59")[0] == "2026-03-08T01:59:59-05:00"
    assert one("2026-03-08 03:00")[0] == "2026-03-08T03:00:00-04:00"


def test_fall_back_ambiguous_time_takes_first_occurrence():
    # 2026-11-01 01:00-02:00 happens twice in New York; the first is EDT
    value, flag, _, parsed = one("2026-11-01 01:30")
    assert (value, flag) == ("2026-11-01T01:30:00-04:00", None)
    assert parsed == pd.Timestamp("2026-11-01T05:30:00Z")
    assert one("11/1/2026 1:30 AM")[0] == "2026-11-01T01:30:00-04:00"
    # an explicit offset picks the second occurrence
    assert one("2026-11-01T06:30:00Z")[0] == "2026-11-01T01:30:00-05:00"
    assert one("2026-11-01 02:30")[0] == "2026-11-01T02:30:00-05:00"


def test_fall_back_hour_in_a_whole_column():
    values = pd.Series(["2026-11-01 00:59", "2026-11-01 01:00", "2026-11-01 01:59:59", "2026-11-01 02:00"])
    assert normalize_timestamp_column(values, NY)["value"].tolist() == [
        "2026-11-01T00:59:00-04:00",
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:59:59-04:00",
        "2026-11-01T02:00:00-05:00",
    ]


def test_other_zones():
    assert one("2026-03-04 09:30", "Asia/Kolkata")[0] == "2026-03-04T09:30:00+05:30"
    assert one("2026-03-04T09:30:00Z", "Asia/Kathmandu")[0] == "2026-03-04T15:15:00+05:45"
    assert one("2026-03-29 02:30", "Europe/Berlin")[0] == "2026-03-29T03:00:00+02:00"


# --- numbers: epoch and Excel serials ------------------------------------------


def test_excel_serials_when_the_whole_column_is_serials():
    values = pd.Series(["45720", "45720.395833", None, "46000.5"])
    result = normalize_timestamp_column(values, NY)
    assert result["value"].tolist() == [
        "2025-03-04", "2025-03-04T09:30:00-05:00", None, "2025-12-09T12:00:00-05:00",
    ]


def test_excel_serials_from_a_float_column():
    result = normalize_timestamp_column(pd.Series([45720.0, np.nan]), "UTC")
    assert result["value"].tolist() == ["2025-03-04", None]


def test_serial_looking_numbers_in_a_mixed_column_are_unparsable():
    values = pd.Series(["45720", "2026-03-04"])
    assert normalize_timestamp_column(values, "UTC")["flag"].tolist() == ["unparsable date", None]
    # out of the plausible range: not serials either
    assert normalize_timestamp_column(pd.Series(["45720", "12"]), "UTC")["flag"].tolist() == [
        "unparsable date", "unparsable date",
    ]


def test_typed_cells():
    values = pd.Series([pd.Timestamp("2026-03-04 09:30"), pd.Timestamp("2026-03-04 09:30", tz="Europe/Berlin"), 1772616600])
    assert normalize_timestamp_column(values, NY)["value"].tolist() == [
        "2026-03-04T09:30:00-05:00", "2026-03-04T03:30:00-05:00", "2026-03-04T04:30:00-05:00",
    ]


# --- speed -------------------------------------------------------------------


def _timestamps(n: int) -> pd.DatetimeIndex:
    rng = np.random.default_rng(7)
    return pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 6 * 365 * 86400, n), unit="s")


def _salesforce_style(stamps: pd.DatetimeIndex) -> np.ndarray:
    """``3/4/2026 9:30 AM`` (strftime's %-m is not portable)."""
    hour12 = (stamps.hour + 11) % 12 + 1
    parts = [stamps.month.astype(str), "/", stamps.day.astype(str), "/", stamps.year.astype(str), " ",
             hour12.astype(str), stamps.strftime(":%M %p")]
    out = pd.Series([""] * len(stamps), dtype=object)
    for part in parts:
        out = out + (part if isinstance(part, str) else pd.Series(np.asarray(part), dtype=object))
    return out.to_numpy()


def test_many_distinct_values_in_three_formats_parse_exactly():
    # 200k distinct stamps in three formats, all parsed to the minute. How long it takes is a benchmark
    # (benchmarks/normalizers.py), not a unit test.
    stamps = _timestamps(200_000)
    third = len(stamps) // 3
    cells = np.concatenate([
        stamps[:third].strftime("%Y-%m-%dT%H:%M:%SZ"),
        _salesforce_style(stamps[third : 2 * third]),
        stamps[2 * third :].strftime("%d-%b-%Y %H:%M"),
    ])
    values = pd.Series(cells, dtype="str")
    result = normalize_timestamp_column(values, NY)
    assert result["flag"].isna().all()
    expected = stamps[third:].tz_localize(NY, ambiguous=np.ones(len(stamps) - third, bool), nonexistent="shift_forward")
    got_minutes = result["revops_parsed"].iloc[third:].dt.tz_convert(None).to_numpy().astype("M8[m]")
    assert (got_minutes == expected.tz_convert(None).to_numpy().astype("M8[m]")).all()


# --- property ------------------------------------------------------------------

_SHAPED = st.from_regex(
    r"\A(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,13}|[A-Za-z]{3} \d{1,2}, \d{4})( \d{1,2}:\d{2}( [AP]M)?)?( ?(Z|[+-]\d{2}:?\d{2}))?\Z"
)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.one_of(st.none(), st.text(max_size=40), _SHAPED, st.floats(), st.integers())),
    timezone=st.sampled_from(["UTC", NY, "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"]),
    dayfirst=st.sampled_from([None, True, False]),
)
def test_column_never_raises(cells, timezone, dayfirst):
    values = pd.Series(cells, index=[f"i{k}" for k in range(len(cells))], dtype=object)
    result = normalize_timestamp_column(values, timezone, dayfirst=dayfirst)
    assert list(result.columns) == COLUMNS
    assert result.index.equals(values.index)
    parsed = result["revops_parsed"]
    assert str(parsed.dtype) == f"datetime64[ns, {timezone}]"
    assert (parsed.notna() == (result["flag"].isna() & result["value"].notna())).all()
    for raw, value, flag in zip(cells, result["value"], result["flag"]):
        if flag is not None:
            assert value == str(raw)


def test_a_date_only_value_stays_a_date_and_a_midnight_time_stays_a_time():
    values = pd.Series(["10/29/2026", "10/29/2026 12:00 AM", "2026-10-29 00:00", "2026-10-29T00:00:00Z", "46324"])
    result = normalize_timestamp_column(values, NY)
    assert result["value"].tolist() == [
        "2026-10-29", "2026-10-29T00:00:00-04:00", "2026-10-29T00:00:00-04:00", "2026-10-28T20:00:00-04:00", "46324"]
    assert result["revops_parsed"][0] == pd.Timestamp("2026-10-29", tz=NY)  # the day starts at midnight there
