"""Apply a per-value function once per distinct value and broadcast the result.

Library calls (phonenumbers, email-validator, pycountry) cost microseconds
each; a million-row export has far fewer distinct values than rows, so every
normaliser goes through :func:`map_distinct` instead of ``Series.apply``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

_NA_KEY = "\x00<NA>"


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is missing or only whitespace."""
    text = values.astype("string")
    return text.isna() | text.str.strip().eq("").fillna(True)


def map_distinct(
    keys: pd.Series | pd.DataFrame,
    func: Callable[..., Sequence[Any]],
    columns: Sequence[str],
) -> pd.DataFrame:
    """Call ``func`` once per distinct key and return one result row per input row.

    ``keys`` is a Series (``func(value)``) or a DataFrame of key columns
    (``func(*row_values)``). Missing keys reach ``func`` as ``None``. ``func``
    returns a tuple with one item per name in ``columns``. The result has the
    index of ``keys``; its columns are object dtype so the caller decides types.
    """
    if isinstance(keys, pd.Series):
        frame = keys.to_frame()
    else:
        frame = keys
    if len(frame) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}, index=frame.index)

    if frame.shape[1] == 1:
        col = frame.iloc[:, 0].astype(object)
        codes, uniques = pd.factorize(col, use_na_sentinel=False)
        distinct_args = [(None if _missing(u) else u,) for u in uniques]
    else:
        filled = frame.astype(object).where(frame.notna(), _NA_KEY)
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(filled))
        distinct_args = [tuple(None if v == _NA_KEY else v for v in u) for u in uniques]

    results = [tuple(func(*args)) for args in distinct_args]
    table = np.empty((len(results), len(columns)), dtype=object)
    for i, row in enumerate(results):
        if len(row) != len(columns):
            raise ValueError(f"{func!r} returned {len(row)} items, expected {len(columns)}")
        table[i, :] = row
    taken = table[codes]
    return pd.DataFrame(taken, index=frame.index, columns=list(columns))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
