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

    # Factorise each key column (missing -> code -1, never a placeholder string
    # that real data could contain), then factorise the combined codes.
    combined = np.zeros(len(frame), dtype=np.int64)
    level_values = []
    for position in range(frame.shape[1]):
        codes_i, uniques_i = pd.factorize(frame.iloc[:, position].astype(object), use_na_sentinel=True)
        combined = combined * (len(uniques_i) + 1) + (codes_i + 1)
        level_values.append([None, *(None if _missing(u) else u for u in uniques_i)])
    codes, first_rows = _factorize_with_first(combined)
    distinct_args = []
    for row in first_rows:
        remainder = int(combined[row])
        args = []
        for values in reversed(level_values):
            remainder, code = divmod(remainder, len(values))
            args.append(values[code])
        distinct_args.append(tuple(reversed(args)))
    results = [tuple(func(*args)) for args in distinct_args]
    table = np.empty((len(results), len(columns)), dtype=object)
    for i, row in enumerate(results):
        if len(row) != len(columns):
            raise ValueError(f"{func!r} returned {len(row)} items, expected {len(columns)}")
        table[i, :] = row
    taken = table[codes]
    return pd.DataFrame(taken, index=frame.index, columns=list(columns), dtype=object)


def _factorize_with_first(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes for ``keys`` plus, per distinct key, the position of its first occurrence."""
    codes, uniques = pd.factorize(keys)
    first = np.full(len(uniques), -1, dtype=np.int64)
    # reversed assignment leaves the smallest position for each code
    first[codes[::-1]] = np.arange(len(keys) - 1, -1, -1)
    return codes, first


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
