"""The CSV-injection guard: a ``'`` before a cell a spreadsheet would run as a formula, and its undo.

SPEC contract 7: cells a spreadsheet would execute as a formula are
neutralised in CSV/TSV/XLSX output (:func:`neutralise_formulas`, applied by
:func:`revops_cli.io.write.write_table`). A file revops wrote and reads back
(a merge log for ``leads unmerge``) has the guard taken off again with
:func:`unguard_formulas`, so the records come back exactly as they were.
"""

from __future__ import annotations

import pandas as pd

# OWASP's list of characters that make a spreadsheet cell a formula.
_FORMULA_CHARS = r"[=+\-@\t\r]"
_FORMULA_START = rf"^{_FORMULA_CHARS}"
# ... but a plain number (-5, +3.2) or a phone written with digits, spaces and
# ( ) - . / only (+14155551234, +44 20 7946 0958) is data: without letters, = or
# @ a cell cannot call a function, reach another cell or start DDE, and a CRM
# re-import must not receive those phones with an apostrophe in front.
_SAFE_VALUE = r"^(?:[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?[0-9 ().\-/]*\d[0-9 ().\-/]*|-+)$"
# The guard as the writer puts it: a ``'`` before one of those characters.
_FORMULA_GUARD = rf"^'(?={_FORMULA_CHARS})"


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix ``'`` to cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first).

    Plain numbers and E.164 phone numbers are left alone. Vectorised: one regex pass per column.
    """
    if not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
        return values
    text = values.astype("str")
    risky = text.str.match(_FORMULA_START, na=False)
    if not risky.any():  # most columns: one cheap pass
        return values
    candidates = text[risky]
    risky[candidates.index[candidates.str.match(_SAFE_VALUE, na=False).to_numpy(dtype=bool)]] = False
    if not risky.any():
        return values
    return text.mask(risky, "'" + text)


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
