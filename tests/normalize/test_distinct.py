"""map_distinct: one call per distinct key, the same answer serial or split over processes."""

from __future__ import annotations

import pandas as pd
import pytest

import revops_cli.normalize.distinct as distinct
from revops_cli.normalize.distinct import is_blank, map_distinct


def test_one_call_per_distinct_value_and_missing_as_none():
    calls = []

    def upper(value):
        calls.append(value)
        return (None if value is None else value.upper(), len(calls))

    values = pd.Series(["a", "b", None, "a", float("nan")], index=[10, 11, 12, 13, 14], dtype=object)
    out = map_distinct(values, upper, ["v", "n"])
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out["v"].tolist() == ["A", "B", None, "A", None]
    assert len(calls) == 3 and set(calls) == {"a", "b", None}


def test_two_key_columns_never_confuse_missing_with_text():
    keys = pd.DataFrame({"p": ["1", "2", "1", None, "\x00<NA>"], "r": ["US", None, "US", "GB", "FR"]})
    out = map_distinct(keys, lambda p, r: (f"{p}|{r}",), ["x"])
    assert out["x"].tolist() == ["1|US", "2|None", "1|US", "None|GB", "\x00<NA>|FR"]


@pytest.mark.parametrize("rows", [0, 1, 5000])
def test_parallel_equals_serial(monkeypatch, rows):
    values = pd.Series([f"v{i % 997}" if i % 13 else None for i in range(rows)], dtype=object)
    regions = pd.Series([("US", "GB", None)[i % 3] for i in range(rows)], dtype=object)
    keys = pd.DataFrame({"v": values, "r": regions})
    suffix = "-closure"  # a closure: forked workers must not need to pickle the function

    def func(v, r):
        return (None if v is None else v + suffix, r)

    serial = map_distinct(keys, func, ["a", "b"])
    monkeypatch.setattr(distinct, "PARALLEL_MIN_DISTINCT", 10)
    parallel = map_distinct(keys, func, ["a", "b"])
    assert parallel.equals(serial)


def test_is_blank():
    assert is_blank(pd.Series(["a", " ", "", None, "\t b"], dtype="str")).tolist() == [False, True, True, True, False]
