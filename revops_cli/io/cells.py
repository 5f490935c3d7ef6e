"""What a column's cells are in a workbook: text, numbers, booleans, dates, date-times, times.

revops reads every cell as text (``00123`` keeps its zeros). A workbook cell also has a
type, and an analyst expects it back: a number stays a number, a date a date. The reader
records, per column of a workbook, which kinds of cell it held (:class:`ColumnCells`), and
the workbook writer turns back into that kind each cell whose text is exactly how the reader
renders such a cell (``220``, ``0.15``, ``TRUE``, ``2026-10-29``, ``2026-10-29 08:23:00``).

A text cell that looks like another kind (the text ``12345`` in a column that also holds
numbers) is remembered by value in ``keep_text``, so it goes back as text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TEXT = "text"
NUMBER = "number"
BOOL = "bool"
DATE = "date"
DATETIME = "datetime"
TIME = "time"

#: The kinds a column can ask the writer to restore (text is what every other cell is).
KINDS = (NUMBER, BOOL, DATE, DATETIME, TIME)

# How the reader renders each kind (revops_cli.io.read._cell_text), which is what the writer turns
# back into that kind: then a file written and read again gives every text exactly as it was.
# A number: an integer below 10^15 without a leading zero (``00123`` is an id), or a decimal without
# trailing zeros (``0.15``, not ``0.150``) and 15 significant digits at most (what Python's repr gives).
NUMBER_TEXT = r"-?(?:0|[1-9][0-9]{0,14})|-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9]"
MAX_DIGITS = 15
BOOL_TEXT = r"TRUE|FALSE"
DATE_TEXT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# A date-time as revops writes it (ISO 8601, T and an offset) or the reader renders it (a space, no offset).
DATETIME_TEXT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
READER_DATETIME_TEXT = r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"
TIME_TEXT = r"[0-9]{2}:[0-9]{2}:[0-9]{2}"  # whole seconds: a fraction would not read back the same

PATTERNS = {NUMBER: NUMBER_TEXT, BOOL: BOOL_TEXT, DATE: DATE_TEXT, DATETIME: DATETIME_TEXT, TIME: TIME_TEXT}
_LOOKS_LIKE = {kind: re.compile(pattern) for kind, pattern in PATTERNS.items()}


@dataclass(frozen=True)
class ColumnCells:
    """The kinds of cell a column's texts may go back to (none: every cell is text).

    ``keep_text`` holds texts that were text cells in the source although they look like
    one of ``kinds``: they are written as text. ``iso``: date-times in ISO 8601 with an offset
    become date-time cells too (a field revops normalised, such as a cleaned created date);
    without it only the reader's own form does (``2026-10-29 08:23:00``), so a file written
    and read back gives every text exactly as it was (what a merge log needs).
    """

    kinds: frozenset[str] = frozenset()
    keep_text: frozenset[str] = field(default_factory=frozenset)
    iso: bool = False

    def __or__(self, other: ColumnCells) -> ColumnCells:
        return ColumnCells(self.kinds | other.kinds, self.keep_text | other.keep_text, self.iso or other.iso)


TEXT_ONLY = ColumnCells()

_KIND_OF_TYPE = {
    str: TEXT, bool: BOOL, int: NUMBER, float: NUMBER,
    dt.datetime: DATETIME, dt.date: DATE, dt.time: TIME,
}


def column_cells(values: list[object], types: set[type] | None = None) -> ColumnCells:
    """The kinds of one column's workbook cells (Python values as the workbook library gives them).

    ``types``: the types of its cells when the caller knows them already (then ``values`` is only
    read for a column that mixes text with another kind). A duration, or any type not named here,
    is text (its text is what revops keeps).
    """
    if types is None:
        types = set(map(type, values))
    kinds = {_KIND_OF_TYPE.get(t, TEXT) for t in types if t is not type(None)}
    restorable = frozenset(kinds & set(KINDS))
    if not restorable:
        return TEXT_ONLY
    keep = frozenset()
    if TEXT in kinds:
        patterns = [_LOOKS_LIKE[k] for k in restorable]
        keep = frozenset(v for v in set(values) if type(v) is str and any(p.fullmatch(v) for p in patterns))
    return ColumnCells(restorable, keep)


def number_text(values: pd.Series) -> pa.Array:
    """Floats as text: a whole number without ``.0`` (``220``, ``84000000``), any other in its shortest
    exact form (``0.15``, ``1e-7``), ``inf``/``-inf``; missing (NaN) as null. Vectorised."""
    floats = values.to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(floats)
    whole = finite & (np.abs(floats) < 2**53) & (np.floor(floats) == floats)  # exact integers
    text = pc.cast(pa.array(np.where(finite, floats, 0.0)), pa.large_string())
    text = pc.if_else(pa.array(whole), pc.cast(pa.array(np.where(whole, floats, 0.0).astype(np.int64)),
                                                pa.large_string()), text)
    infinite = np.isinf(floats)
    if infinite.any():
        text = pc.if_else(pa.array(infinite), pa.array(np.where(floats > 0, "inf", "-inf"), pa.large_string()), text)
    return pc.if_else(pa.array(np.isnan(floats)), pa.scalar(None, pa.large_string()), text)


def map_distinct_objects(values: pd.Series, func) -> pd.Series:  # noqa: ANN001 - a function of one cell
    """``func`` of each distinct non-missing value of an object column, spread back over its rows."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dicts): one call each
        return values.map(func, na_action="ignore").astype(object)
    mapped = np.array([func(v) for v in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)
