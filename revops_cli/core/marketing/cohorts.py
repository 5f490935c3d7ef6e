"""How the funnel report buckets leads into cohorts and groups (Lead Management SOP, Metrics & KPIs, by cohort).

Timestamps are UTC nanoseconds (:data:`NAT` where blank or not a date), each distinct cell parsed once;
creation months and ISO weeks are read in ``general.timezone``; group labels fold case and spacing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from revops_cli.normalize.timestamps import normalize_timestamp_column, utc_ns

NAT = np.iinfo(np.int64).min  # "no time" in int64 nanoseconds, as NaT is in datetime64[ns]


_ns = utc_ns  # tz-aware datetimes -> int64 UTC ns


def times_ns(values: pd.Series, zone: str) -> np.ndarray:
    """UTC ns per cell (NaT where blank/unparsable); each distinct value parsed once."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return _ns(values)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return _ns(pd.Series(values).dt.tz_localize(zone, ambiguous=True, nonexistent="shift_forward"))
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not len(uniques):
        return np.full(len(values), NAT, dtype=np.int64)
    distinct = (pd.Series(uniques, dtype="str") if values.dtype == "str"
                else pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    parsed = normalize_timestamp_column(distinct, timezone=zone)["revops_parsed"]
    return np.append(_ns(parsed), NAT)[codes]


def instant_ns(value: Any, zone: str) -> int:
    """A time (wall clock in ``zone`` without an offset) as UTC nanoseconds."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(zone)
    return int(stamp.tz_convert("UTC").as_unit("ns").value)


def month_labels(ns: np.ndarray, zone: str) -> np.ndarray:
    """'YYYY-MM' per instant in ``zone`` (None where NaT)."""
    out = np.full(len(ns), None, dtype=object)
    ok = ns != NAT
    if ok.any():
        local = pd.DatetimeIndex(ns[ok].view("M8[ns]")).tz_localize("UTC").tz_convert(zone)
        code = local.year.to_numpy(dtype=np.int64) * 12 + local.month.to_numpy(dtype=np.int64) - 1
        distinct, inverse = np.unique(code, return_inverse=True)
        names = np.array([f"{c // 12:04d}-{c % 12 + 1:02d}" for c in distinct], dtype=object)
        out[ok] = names[inverse]
    return out


def iso_weeks(ns: np.ndarray, zone: str) -> np.ndarray:
    """'YYYY-Www' (ISO 8601 week, Monday first) per instant in ``zone`` (None where NaT)."""
    out = np.full(len(ns), None, dtype=object)
    ok = ns != NAT
    if ok.any():
        local = pd.DatetimeIndex(ns[ok].view("M8[ns]")).tz_localize("UTC").tz_convert(zone)
        calendar = local.isocalendar()
        code = calendar["year"].to_numpy(dtype=np.int64) * 100 + calendar["week"].to_numpy(dtype=np.int64)
        distinct, inverse = np.unique(code, return_inverse=True)
        names = np.array([f"{c // 100:04d}-W{c % 100:02d}" for c in distinct], dtype=object)
        out[ok] = names[inverse]
    return out


def month_range(first: str, last: str) -> list[str]:
    """Every 'YYYY-MM' from ``first`` to ``last``, both included."""
    return [str(p) for p in pd.period_range(pd.Period(first, "M"), pd.Period(last, "M"), freq="M")]


def group_labels(values: pd.Series) -> np.ndarray:
    """Group label per row: trimmed, spaces collapsed, grouped ignoring case (first spelling shown)."""
    text = values.astype(object).where(values.notna(), None).to_numpy(dtype=object)
    out = np.full(len(text), None, dtype=object)
    shown: dict[str, str] = {}
    codes, uniques = pd.factorize(pd.Series(text, dtype=object), use_na_sentinel=True)
    labels = []
    for u in uniques:
        clean = " ".join(str(u).split())
        if not clean:
            labels.append(None)
            continue
        labels.append(shown.setdefault(clean.casefold(), clean))
    lut = np.array(labels + [None], dtype=object)
    out[:] = lut[codes]
    return out


def month_range_bounds(known: list[str], start: Any, end: Any, zone: str) -> tuple[str, str] | None:
    """First and last cohort month: the range's (``end`` exclusive) where given, else the known months'."""
    first = known[0] if known else None
    last = known[-1] if known else None
    if start is not None:
        first = month_labels(np.array([instant_ns(start, zone)], dtype=np.int64), zone)[0]
    if end is not None:
        last = month_labels(np.array([instant_ns(end, zone) - 1], dtype=np.int64), zone)[0]
    if first is None or last is None or first > last:
        return None
    return first, last
