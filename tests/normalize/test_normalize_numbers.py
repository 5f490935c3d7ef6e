"""Company size as numbers: employees and annual revenue."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize import numbers
from revops_cli.normalize.numbers import (
    normalize_employees,
    normalize_employees_column,
    normalize_revenue,
    normalize_revenue_column,
)

EMP_COLUMNS = ["value", "flag", "rule", "revops_employees", "revops_employees_min", "revops_employees_max"]
REV_COLUMNS = [
    "value", "flag", "rule",
    "revops_annual_revenue", "revops_annual_revenue_min", "revops_annual_revenue_max", "revops_currency",
]
R = "employees_number"


@pytest.mark.parametrize(
    ("raw", "value", "rule", "number", "low", "high"),
    [
        ("1,000-5,000", "1000-5000", R, 3000, 1000, 5000),
        ("1000 - 5000", "1000-5000", R, 3000, 1000, 5000),
        ("1,001–5,000 employees", "1001-5000", R, 3000.5, 1001, 5000),
        ("1 to 10", "1-10", R, 5.5, 1, 10),
        ("between 10 and 50", "10-50", R, 30, 10, 50),
        ("1-10", "1-10", None, 5.5, 1, 10),
        ("51-200", "51-200", None, 125.5, 51, 200),
        ("5k", "5000", R, 5000, 5000, 5000),
        ("5K", "5000", R, 5000, 5000, 5000),
        ("1.5k", "1500", R, 1500, 1500, 1500),
        ("10+", "10+", None, 10, 10, None),
        ("10,000+", "10000+", R, 10000, 10000, None),
        ("10000+", "10000+", None, 10000, 10000, None),
        ("500 or more", "500+", R, 500, 500, None),
        ("over 500", "500+", R, 500, 500, None),
        ("more than 1,000", "1000+", R, 1000, 1000, None),
        ("<50", "<50", None, 25, 0, 50),
        ("under 10", "<10", R, 5, 0, 10),
        ("less than 20", "<20", R, 10, 0, 20),
        ("5000", "5000", None, 5000, 5000, 5000),
        ("5000.0", "5000", R, 5000, 5000, 5000),  # Excel float
        ("1.000", "1000", R, 1000, 1000, 1000),  # headcount is never fractional
        ("1.000.000", "1000000", R, 1_000_000, 1_000_000, 1_000_000),
        ("1 000", "1000", R, 1000, 1000, 1000),
        ("1'000", "1000", R, 1000, 1000, 1000),
        ("  250 ", "250", R, 250, 250, 250),
        ("approx. 500", "500", R, 500, 500, 500),
        ("~200 staff", "200", R, 200, 200, 200),
        ("0", "0", None, 0, 0, 0),
        (5000, "5000", None, 5000, 5000, 5000),
        (5000.0, "5000", R, 5000, 5000, 5000),
    ],
)
def test_employees(raw, value, rule, number, low, high):
    got = normalize_employees(raw)
    assert got[:3] == (value, None, rule)
    assert got[3:] == (float(number), float(low), None if high is None else float(high))


V = "revenue_number"


@pytest.mark.parametrize(
    ("raw", "value", "rule", "number", "low", "high", "currency"),
    [
        ("$2.5M", "2500000", V, 2_500_000, 2_500_000, 2_500_000, "USD"),
        ("2.5 million", "2500000", V, 2_500_000, 2_500_000, 2_500_000, None),
        ("$1.2B", "1200000000", V, 1.2e9, 1.2e9, 1.2e9, "USD"),
        ("1.2bn", "1200000000", V, 1.2e9, 1.2e9, 1.2e9, None),
        ("2.5MM", "2500000", V, 2_500_000, 2_500_000, 2_500_000, None),
        ("$ 2,500,000.00", "2500000", V, 2_500_000, 2_500_000, 2_500_000, "USD"),
        ("€3,4 Mio.", "3400000", V, 3_400_000, 3_400_000, 3_400_000, "EUR"),
        ("£750k", "750000", V, 750_000, 750_000, 750_000, "GBP"),
        ("C$5M", "5000000", V, 5e6, 5e6, 5e6, "CAD"),  # other dollars are not USD
        ("USD 10,000,000", "10000000", V, 1e7, 1e7, 1e7, "USD"),
        ("5M EUR", "5000000", V, 5e6, 5e6, 5e6, "EUR"),
        ("1.234.567,89 €", "1234567.89", V, 1234567.89, 1234567.89, 1234567.89, "EUR"),
        ("$10M - $50M", "10000000-50000000", V, 3e7, 1e7, 5e7, "USD"),
        ("$500K-$1M", "500000-1000000", V, 750_000, 500_000, 1_000_000, "USD"),
        ("1-5M", "1000000-5000000", V, 3e6, 1e6, 5e6, None),  # left side borrows "M"
        ("$100M+", "100000000+", V, 1e8, 1e8, None, "USD"),
        ("under $1M", "<1000000", V, 500_000, 0, 1e6, "USD"),
        ("1.000", "1", V, 1, 1, 1, None),  # revenue: the dot is a decimal point
        ("1,000", "1000", V, 1000, 1000, 1000, None),
        ("5000.0", "5000", V, 5000, 5000, 5000, None),
        ("1.5E+11", "150000000000", V, 1.5e11, 1.5e11, 1.5e11, None),  # how Excel shows big numbers
        ("2500000", "2500000", None, 2.5e6, 2.5e6, 2.5e6, None),
        (2500000.0, "2500000", V, 2.5e6, 2.5e6, 2.5e6, None),
    ],
)
def test_revenue(raw, value, rule, number, low, high, currency):
    got = normalize_revenue(raw)
    assert got[:3] == (value, None, rule)
    assert got[3] == pytest.approx(number)
    assert got[4] == pytest.approx(low)
    assert got[5] == (None if high is None else pytest.approx(high))
    assert got[6] == currency


@pytest.mark.parametrize(
    "raw", ["n/a", "lots", "unknown", "-", "TBD", "1.2.3", "1,0000", "12 34", "5 apples", "1e999999", "x" * 500]
)
def test_junk_is_flagged_and_unchanged(raw):
    assert normalize_employees(raw) == (raw, "employees not a number", None, None, None, None)
    assert normalize_revenue(raw) == (raw, "revenue not a number", None, None, None, None, None)


@pytest.mark.parametrize("raw", ["$2.5M", "€500", "5000 USD"])
def test_money_is_not_a_headcount(raw):
    assert normalize_employees(raw)[:2] == (raw, "employees not a number")


def test_two_currencies_are_not_a_number():
    assert normalize_revenue("$5M €4M")[:2] == ("$5M €4M", "revenue not a number")


@pytest.mark.parametrize("raw", ["-5", "−5", "-$2.5M", "(5,000)"])
def test_negative_is_flagged(raw):
    assert normalize_revenue(raw) == (raw, "revenue negative", None, None, None, None, None)
    if "$" not in raw:
        assert normalize_employees(raw)[:2] == (raw, "employees negative")


def test_reversed_range_is_flagged():
    assert normalize_employees("5000-1000") == ("5000-1000", "employees range reversed", None, None, None, None)


@pytest.mark.parametrize("raw", [None, float("nan"), pd.NA, "", "   "])
def test_blank(raw):
    assert normalize_employees(raw) == (None,) * 6
    assert normalize_revenue(raw) == (None,) * 7


def test_employee_column_shape_types_and_index():
    values = pd.Series(["51-200", None, "lots", "10,000+"], index=[10, 3, 99, -1], dtype="str")
    result = normalize_employees_column(values)
    assert list(result.columns) == EMP_COLUMNS
    assert result.index.equals(values.index)
    assert result["value"].tolist() == ["51-200", None, "lots", "10000+"]
    assert result["flag"].tolist() == [None, None, "employees not a number", None]
    assert result["rule"].tolist() == [None, None, None, "employees_number"]
    for column in EMP_COLUMNS[3:]:
        assert result[column].dtype == np.float64
    assert result.loc[10, "revops_employees"] == 125.5
    assert result.loc[-1, "revops_employees_min"] == 10000
    assert math.isnan(result.loc[-1, "revops_employees_max"])  # open-ended
    assert math.isnan(result.loc[3, "revops_employees"])


def test_revenue_column_shape_types_and_index():
    values = pd.Series(["$2.5M", "n/a", "€3,4 Mio.", None], index=list("dcba"), dtype="str")
    result = normalize_revenue_column(values)
    assert list(result.columns) == REV_COLUMNS
    assert result.index.equals(values.index)
    assert result["value"].tolist() == ["2500000", "n/a", "3400000", None]
    assert result["revops_currency"].tolist() == ["USD", None, "EUR", None]
    assert result["revops_annual_revenue"].tolist()[0] == 2_500_000.0
    assert result["revops_annual_revenue"].dtype == np.float64


def test_numeric_dtype_column():
    result = normalize_employees_column(pd.Series([5000.0, np.nan, 12.0]))
    assert result["value"].tolist() == ["5000", None, "12"]
    assert result["rule"].tolist() == ["employees_number", None, "employees_number"]


def test_plain_integer_fast_path_matches_the_parser():
    cells = ["250", "0", "007", "999999999999999", "1,000", "5k", None, "250", "lots", "-3"]
    fast = normalize_revenue_column(pd.Series(cells, index=range(100, 110), dtype="str"))
    slow = normalize_revenue_column(pd.Series(cells, index=range(100, 110), dtype=object))  # no fast path
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.loc[104].tolist()[:3] == ["1000", None, "revenue_number"]
    assert fast.loc[103, "revops_annual_revenue"] == 999999999999999.0


def test_empty_columns():
    assert list(normalize_employees_column(pd.Series([], dtype="str")).columns) == EMP_COLUMNS
    assert len(normalize_revenue_column(pd.Series([], dtype="str"))) == 0


@pytest.mark.parametrize(
    ("name", "column_function"),
    [("normalize_employees", normalize_employees_column), ("normalize_revenue", normalize_revenue_column)],
)
def test_work_is_done_once_per_distinct_value(monkeypatch, name, column_function):
    calls: list[object] = []
    real = getattr(numbers, name)

    def counting(value):
        calls.append(value)
        return real(value)

    monkeypatch.setattr(numbers, name, counting)
    values = pd.Series(["5k", "1-10", None, "5k", "lots", "1-10"] * 500)
    result = column_function(values)
    assert len(result) == 3000
    assert sorted(calls, key=str) == sorted(["5k", "1-10", None, "lots"], key=str)
    assert result["value"].iloc[-1] == "1-10"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=40),
            st.text(alphabet="0123456789.,+-–$€£ kKmMbB<>", max_size=20),
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(),
        )
    )
)
def test_columns_never_raise(cells):
    values = pd.Series(cells, index=[f"i{k}" for k in range(len(cells))], dtype=object)
    as_text = values.map(str, na_action="ignore").astype("str")  # pyarrow strings take the fast path
    for column_function, columns in ((normalize_employees_column, EMP_COLUMNS), (normalize_revenue_column, REV_COLUMNS)):
        result = column_function(values)
        pd.testing.assert_frame_equal(column_function(as_text), column_function(as_text.astype(object)))
        assert list(result.columns) == columns
        assert result.index.equals(values.index)
        flagged = result["flag"].notna()
        assert result.loc[flagged, "rule"].isna().all()
        number = result[columns[3]]
        assert number[flagged].isna().all()
        low, high = result[columns[4]], result[columns[5]]
        both = low.notna() & high.notna()
        assert (low[both] <= high[both]).all()
