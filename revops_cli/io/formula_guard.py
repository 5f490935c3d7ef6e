"""The CSV-injection guard: a ``'`` before a cell a spreadsheet would run as a formula, and its undo.

SPEC contract 7: cells a spreadsheet would execute as a formula are
neutralised in CSV/TSV/XLSX output (:func:`neutralise_formulas`, applied by
:func:`revops_cli.io.write.write_table`). A file revops wrote and reads back
(a merge log for ``leads unmerge``) has the guard taken off again with
:func:`unguard_formulas`, so the records come back exactly as they were.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

# OWASP's list of characters that make a spreadsheet cell a formula.
_FORMULA_CHARS = r"[=+\-@\t\r]"
_FORMULA_START = rf"^{_FORMULA_CHARS}"
# ... but a plain number (-5, +3.2) or a value shaped like a phone number (+, digits,
# spaces, dots, dashes, slashes, parentheses, then optionally x / ext / ext. and digits:
# +14155551234, +44 20 7946 0958, +1-247-266-0963x4995, +1 (415) 555-0100 ext. 22) is data:
# with no letter but the extension's, no = or @, no operator after the first character and
# no tab or CR, a cell cannot call a function, reach another cell or start DDE, and a CRM
# re-import must not receive those phones with an apostrophe in front.
_PHONE_SHAPED = r"[+-]?[0-9 ().\-/]*\d[0-9 ().\-/]*(?:[ ]?(?:[xX]|[eE][xX][tT]\.?)[ ]?\d+)?"
_SAFE_VALUE = rf"^(?:[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|{_PHONE_SHAPED}|-+)$"
# Object columns longer than this are tested once per distinct value when they have few.
_FEW_DISTINCT_MIN_ROWS = 1_000
# The guard as the writer puts it: a ``'`` before one of those characters.
_FORMULA_GUARD = rf"^'(?={_FORMULA_CHARS})"


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix ``'`` to cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first).

    Plain numbers and phone-shaped values are left alone. Vectorised: one regex pass per column.
    """
    risky = formula_cells(values)
    if risky is None:
        return values
    return values.astype("str").mask(risky, "'" + values.astype("str"))


def formula_cells(values: pd.Series) -> pd.Series | None:
    """The cells :func:`neutralise_formulas` prefixes (a bool mask), or None when it changes none."""
    if not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
        return None
    if values.dtype == object and len(values) > _FEW_DISTINCT_MIN_ROWS:
        # revops' own added columns (flags, types, kinds): test each distinct value once, not every cell as text
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        if len(uniques) <= len(values) // 4:
            risky_values = formula_cells(pd.Series(uniques, dtype=object))
            if risky_values is None:
                return None
            hits = np.append(risky_values.to_numpy(dtype=bool), False)  # code -1 (a blank) is never guarded
            return pd.Series(hits[codes], index=values.index)
    text = values.astype("str")
    first = _first_bytes(text)
    if first is not None:  # Arrow text: the first byte of each cell, read straight from its buffers
        risky = pd.Series(np.isin(first, _FORMULA_BYTES), index=values.index)
    else:
        risky = text.str.match(_FORMULA_START, na=False)
    if not risky.any():  # most columns: one cheap pass
        return None
    candidates = text[risky]
    risky[candidates.index[candidates.str.match(_SAFE_VALUE, na=False).to_numpy(dtype=bool)]] = False
    return risky if risky.any() else None


# The first bytes of _FORMULA_CHARS (a multi-byte UTF-8 character never starts with an ASCII byte).
_FORMULA_BYTES = np.frombuffer(b"=+-@\t\r", dtype=np.uint8)


def _first_bytes(text: pd.Series) -> np.ndarray | None:
    """The first byte of each cell of an Arrow-backed text column (0 for an empty or missing cell), or
    None for any other column. One pass over the offsets, no regular expression, no copy of the text."""
    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return None
    array = pa.chunked_array(pa.array(text.array)).combine_chunks()
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    out = np.zeros(len(array), dtype=np.uint8)
    if not len(array):
        return out
    buffers = array.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64)[array.offset:array.offset + len(array) + 1]
    if buffers[2] is None:
        return out
    data = np.frombuffer(buffers[2], dtype=np.uint8)
    starts = offsets[:-1]
    present = (np.diff(offsets) > 0) & np.asarray(array.is_valid(), dtype=bool)
    out[present] = data[starts[present]]
    return out


def guarded_cells(frame: pd.DataFrame) -> list[tuple[int, pd.Series]]:
    """Per column position that the guard changes: (position, mask of the guarded cells).

    What a command's ``--changes`` log lists as the writer's own change (rule ``formula_guard``).
    """
    out = []
    for position in range(frame.shape[1]):
        mask = formula_cells(frame.iloc[:, position])
        if mask is not None:
            out.append((position, mask))
    return out


def unguard_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Take off the ``'`` the writer's formula guard put before ``=``, ``+``, ``-``, ``@``.

    Only where the writer would have put it: ``'+44 20 7946 0958`` (a phone an
    older revops guarded) was in the input like that, and stays.
    """
    return frame.apply(_unguard_column)


def _unguard_column(values: pd.Series) -> pd.Series:
    if not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
        return values
    text = values.astype("str")
    bare = text.str.replace(_FORMULA_GUARD, "", regex=True)
    guarded = (bare != text) & (neutralise_formulas(bare) == text)
    return bare.where(guarded.fillna(False).astype(bool), values)
