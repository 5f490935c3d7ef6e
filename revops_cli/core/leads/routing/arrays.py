"""How lead routing holds a million leads: integer codes of distinct values, and instants as int64 UTC nanoseconds.

Routing works on codes into the distinct values of a column, so a million leads cost a few factorisations, not a
million Python calls. Instants are ``int64`` nanoseconds since the epoch in UTC, :data:`_NAT` where missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from revops_cli.core.leads.routing.text import _missing
from revops_cli.normalize.timestamps import NAT_NS, utc_ns

_NS = 1_000_000_000
_DAY_NS = 86_400 * _NS
_NAT = NAT_NS
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(code per row, -1 where missing; the distinct values as an object Series)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), pd.Series(np.asarray(uniques, dtype=object), dtype=object)


def _recode(codes: np.ndarray, per_code: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of ``per_code[code]`` for every row (missing stays -1) and its distinct values."""
    values = np.array([None if _missing(v) else v for v in per_code] + [None], dtype=object)
    new_codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(new_codes, dtype=np.int64)[codes], np.asarray(uniques, dtype=object)


def _str_column(codes: np.ndarray, uniques: Sequence[Any]) -> pd.Series:
    """A pandas "str" column of ``uniques[codes]`` (-1 = missing), built by Arrow's take."""
    dictionary = pa.array([None if _missing(u) else str(u) for u in uniques], type=pa.large_string())
    codes = np.asarray(codes, dtype=np.int64)
    taken = dictionary.take(pa.array(np.where(codes < 0, 0, codes), mask=codes < 0)) if len(dictionary) \
        else pa.nulls(len(codes), type=pa.large_string())
    return taken.to_pandas(types_mapper={pa.large_string(): _STR}.get)


def _combine(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code per row of the combination of the given integer arrays, first row of each combination)."""
    combined = np.zeros(len(codes[0]), dtype=np.int64)
    for part in codes:
        part = np.asarray(part, dtype=np.int64)
        if len(part):
            part = part - part.min()
        combined = combined * (int(part.max(initial=0)) + 1) + part
        combined = np.asarray(pd.factorize(combined)[0], dtype=np.int64)
    first = np.full(int(combined.max(initial=-1)) + 1, -1, dtype=np.int64)
    first[combined[::-1]] = np.arange(len(combined) - 1, -1, -1)
    return combined, first


def _utc_series(ns: np.ndarray) -> pd.Series:
    return pd.Series(ns.view("datetime64[ns]")).dt.tz_localize("UTC")


_ns = utc_ns  # tz-aware datetimes -> int64 UTC ns


def _local_days(utc_ns: np.ndarray, zone: str) -> np.ndarray:
    """Local calendar day (days since 1970-01-01) of each UTC instant in ``zone``."""
    local = pd.DatetimeIndex(utc_ns.view("datetime64[ns]")).tz_localize("UTC").tz_convert(zone).tz_localize(None)
    return local.asi8 // _DAY_NS


def _iso_strings(utc_ns: np.ndarray, zone: str) -> np.ndarray:
    """ISO 8601 with offset in ``zone`` (``2026-11-20T09:05:00-05:00``); None for NaT."""
    out = np.full(len(utc_ns), None, dtype=object)
    ok = utc_ns != _NAT
    if not ok.any():
        return out
    utc = utc_ns[ok]
    wall = pd.DatetimeIndex(utc.view("datetime64[ns]")).tz_localize("UTC").tz_convert(zone).tz_localize(None).asi8
    offset = (wall - utc) // (60 * _NS)
    base = np.datetime_as_string(wall.view("datetime64[ns]").astype("datetime64[s]"), unit="s")
    signs = np.where(offset >= 0, "+", "-")
    hours = np.char.zfill((np.abs(offset) // 60).astype(str), 2)
    mins = np.char.zfill((np.abs(offset) % 60).astype(str), 2)
    out[ok] = np.char.add(np.char.add(np.char.add(np.char.add(base, signs), hours), ":"), mins).astype(object)
    return out
