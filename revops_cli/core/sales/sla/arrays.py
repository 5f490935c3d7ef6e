"""Vectorised pieces every part of the SLA audit shares: instants and texts without a Python object per row.

Per-lead instants are int64 arrays of UTC nanoseconds (``_NAT``, int64 min, for
"never"), per-lead labels are codes into a list of names; these turn them into
the tz-aware and "str" columns of the audit's tables (Arrow takes and joins).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.normalize.timestamps import NAT_NS, utc_ns

_NS_PER_MINUTE = 60_000_000_000
_NS_PER_HOUR = 60 * _NS_PER_MINUTE
_NS_PER_DAY = 24 * _NS_PER_HOUR
_NAT = NAT_NS
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _instant(value: Any, zone: str) -> int:
    """UTC ns of a timestamp; naive values are wall-clock times in ``zone``."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(zone)
    return int(stamp.tz_convert("UTC").as_unit("ns").value)


_ns = utc_ns  # tz-aware datetimes -> int64 UTC ns


def _labels(codes: np.ndarray, names: Sequence[Any], index: pd.Index | None = None) -> pd.Series:
    """A pandas "str" column of ``names[code]`` (code -1 = missing), built by Arrow's take."""
    dictionary = pa.array([None if n is None else str(n) for n in names], type=pa.large_string())
    codes = np.asarray(codes, dtype=np.int64)
    if len(dictionary):
        taken = dictionary.take(pa.array(np.where(codes < 0, 0, codes), mask=codes < 0))
    else:
        taken = pa.nulls(len(codes), type=pa.large_string())
    out = taken.to_pandas(types_mapper={pa.large_string(): _STR}.get)
    if index is not None:
        out.index = index
    return out


def _pick(names: Sequence[str], codes: np.ndarray) -> pa.Array:
    """Arrow text ``names[code]`` per row (a dictionary take, no Python strings per row)."""
    return pa.array(list(names), type=pa.large_string()).take(pa.array(np.asarray(codes, dtype=np.int64)))


def _stamps(ns: np.ndarray, zone: str, index: pd.Index | None = None) -> pd.Series:
    """UTC ns (NaT = int64 min) as a tz-aware Series shown in ``zone``."""
    out = pd.Series(pd.DatetimeIndex(np.asarray(ns, dtype=np.int64).view("datetime64[ns]"))
                    .tz_localize("UTC").tz_convert(zone))
    if index is not None:
        out.index = index
    return out


def _utc(ns: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(ns, dtype=np.int64).view("datetime64[ns]")).dt.tz_localize("UTC")


def _number_text(values: np.ndarray) -> pa.Array:
    """Minutes or hours as short text: ``65``, ``65.5``; rounded to 0.1."""
    return pc.cast(pa.array(np.round(np.asarray(values, dtype=float), 1)), pa.string())


def _join(*parts: Any) -> pa.Array:
    """Element-wise concatenation of Arrow arrays and plain strings."""
    arrays = [pc.cast(p, pa.large_string()) if isinstance(p, (pa.Array, pa.ChunkedArray))
              else pa.scalar(str(p), pa.large_string()) for p in parts]
    return pc.binary_join_element_wise(*arrays, pa.scalar("", pa.large_string()))


def _iso(ns: int | None, zone: str) -> str | None:
    if ns is None or ns == _NAT:
        return None
    return pd.Timestamp(ns, tz="UTC").tz_convert(zone).isoformat()


def _round(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 1)


def _text_series(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(pc.cast(values, pa.large_string()).to_pandas(types_mapper={pa.large_string(): _STR}.get))
