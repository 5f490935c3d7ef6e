"""Company size as numbers (canonical fields: employees, annual_revenue as numbers).

Understands what CRM exports and hand-kept sheets hold: ``5000``,
``"1,000-5,000"``, ``"1,001–5,000 employees"``, ``"5k"``, ``"$2.5M"``,
``"2.5MM"``, ``"1.2bn"``, ``"€3,4 Mio."``, ``"10,000+"``, ``"500 or more"``,
``"<50"``, ``"under 10"``, ``"5000.0"`` (an Excel float).

Decisions, so they can be checked:

* One of ``.``/``,`` followed by exactly three digits (``1,000``/``1.000``)
  is a thousands separator, except ``1.000`` in a revenue column or before
  a magnitude (``1.500M``), where it is a decimal point: headcount cannot be
  fractional, an amount can. ``,`` with one or two digits (``3,4``) is a
  decimal comma, with four or more it is not a number. With both ``.`` and
  ``,`` the last one is the decimal mark. ``1.5E+11`` (Excel) is understood.
* ``k``/``thousand`` = 10³; ``m``/``mm``/``mn``/``mio``/``million`` = 10⁶
  (``MM`` is finance notation for millions); ``b``/``bn``/``mrd``/``billion``
  = 10⁹.
* A range gives its midpoint; ``10+``/``over 500`` give the lower bound and no
  maximum; ``<50``/``under 10`` mean 0 up to the bound and give the midpoint.
  ``1-5M`` means 1M-5M (the left side borrows the right side's magnitude
  when that keeps it below the right side).
* Revenue keeps the currency given ($ → USD, € → EUR, £ → GBP, codes
  USD/EUR/GBP, and C$/A$/CAD/AUD so other dollars do not pass for USD) in
  ``revops_currency``; no conversion. A currency in an employees cell, or two
  currencies in one cell, is not a number.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.normalize.distinct import map_distinct

EMPLOYEES_COLUMNS = ("value", "flag", "rule", "revops_employees", "revops_employees_min", "revops_employees_max")
REVENUE_COLUMNS = (
    "value", "flag", "rule",
    "revops_annual_revenue", "revops_annual_revenue_min", "revops_annual_revenue_max", "revops_currency",
)

_MAX_CHARS = 200  # longer cells are not sizes; skip the regex work

_MAGNITUDES: dict[str, int] = {
    "k": 10**3, "thousand": 10**3, "thousands": 10**3, "tsd": 10**3,
    "m": 10**6, "mm": 10**6, "mn": 10**6, "mio": 10**6, "million": 10**6, "millions": 10**6,
    "b": 10**9, "bn": 10**9, "mrd": 10**9, "billion": 10**9, "billions": 10**9,
    "tn": 10**12, "trillion": 10**12, "trillions": 10**12,
}
_CURRENCIES: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    # other dollars must not pass for USD
    "c$": "CAD", "ca$": "CAD", "cad": "CAD", "a$": "AUD", "au$": "AUD", "aud": "AUD",
}
_CURRENCY_RE = re.compile(r"\b(?:us|ca|au|c|a)\$|\$|€|£|\b(?:usd|eur|gbp|cad|aud)\b")
_FILLER_RE = re.compile(
    r"\b(?:employees?|emps?|staff|people|persons?|ppl|headcount|heads|ftes?|workers?"
    r"|approx(?:imately)?|about|around|circa|ca|est(?:imated)?"
    r"|annual|revenues?|turnover|sales|per\s+(?:year|annum)|p\.?\s?a|annually|yearly)\b\.?"
    r"|/\s*(?:yr|year)\b|~"
)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"})
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\t"})

# An amount: digits with separators, then an optional magnitude word.
_SUFFIX = "|".join(sorted(_MAGNITUDES, key=len, reverse=True))
_AMOUNT = rf"(\d(?:[\d.,' ’]*\d)?)\s*(?:({_SUFFIX})(?![a-z])\.?)?"
_SINGLE_RE = re.compile(_AMOUNT)
_RANGE_RE = re.compile(rf"(?:between\s+)?{_AMOUNT}\s*(?:-|to|and)\s*{_AMOUNT}")
_OPEN_HIGH_RE = re.compile(
    rf"(?:(?:over|above|more\s+than|greater\s+than|at\s+least|min(?:imum)?\.?|>=?|≥)\s*{_AMOUNT}"
    rf"|{_AMOUNT}\s*(?:\+|plus|or\s+more|or\s+above|and\s+(?:above|up|over|more)))"
)
_OPEN_LOW_RE = re.compile(
    rf"(?:(?:under|below|less\s+than|fewer\s+than|up\s*to|max(?:imum)?\.?|<=?|≤)\s*{_AMOUNT}"
    rf"|{_AMOUNT}\s*(?:or\s+(?:less|fewer|below)))"
)
_SCIENTIFIC_RE = re.compile(r"\d(?:\.\d+)?e[+-]?\d{1,2}")
_GROUPED_RE = re.compile(r"\d{1,3}(?:X\d{3})+")  # X stands for the thousands separator


class _NotANumber(Exception):
    pass


class _Reversed(Exception):
    """A range whose low end is above its high end."""


def _to_decimal(digits: str, decimal_dot_ambiguous: bool) -> Decimal:
    """``"1,234.5"`` → ``Decimal("1234.5")``; raises _NotANumber on bad grouping.

    ``decimal_dot_ambiguous`` says how to read a lone ``.ddd``: True reads it
    as a decimal point (revenue, or before a magnitude), False as thousands.
    """
    seps = [c for c in digits if not c.isdigit()]
    if not seps:
        return Decimal(digits)
    kinds = set(seps)
    decimal_mark: str | None = None
    if {".", ","} <= kinds:
        decimal_mark = seps[-1]
    elif kinds <= {".", ","} and len(seps) == 1:
        mark = seps[0]
        head, tail = digits.split(mark)
        looks_grouped = len(tail) == 3 and len(head) <= 3
        if mark == "," and not looks_grouped and len(tail) > 2:
            raise _NotANumber  # "1,0000": neither grouping nor a decimal comma
        if not looks_grouped or (mark == "." and decimal_dot_ambiguous):
            decimal_mark = mark
    if decimal_mark is not None:
        if seps.count(decimal_mark) != 1:
            raise _NotANumber
        integer, fraction = digits.split(decimal_mark)
    else:
        integer, fraction = digits, ""
    grouping = {c for c in integer if not c.isdigit()}
    if len(grouping) > 1:
        raise _NotANumber
    if grouping:
        (sep,) = grouping
        if not _GROUPED_RE.fullmatch(integer.replace(sep, "X")):
            raise _NotANumber
        integer = integer.replace(sep, "")
    if not fraction.isdigit() and fraction:
        raise _NotANumber
    return Decimal(f"{integer}.{fraction}" if fraction else integer)


def _amount(digits: str, suffix: str | None, revenue: bool) -> tuple[Decimal, int]:
    number = _to_decimal(digits, decimal_dot_ambiguous=revenue or suffix is not None)
    scale = _MAGNITUDES[suffix] if suffix else 1
    return number * scale, scale


def _fmt(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _parse(text: str, revenue: bool) -> tuple[str, Decimal | None, Decimal | None, Decimal | None]:
    """Cleaned lower-case text → (normal text, number, min, max); raises _NotANumber."""
    if _SCIENTIFIC_RE.fullmatch(text):
        number = Decimal(text)  # Excel shows big numbers as 1.5E+11
        return _fmt(number), number, number, number
    if m := _SINGLE_RE.fullmatch(text):
        number, _ = _amount(m[1], m[2], revenue)
        return _fmt(number), number, number, number
    if m := _RANGE_RE.fullmatch(text):
        hi, hi_scale = _amount(m[3], m[4], revenue)
        lo, _ = _amount(m[1], m[2], revenue)
        if m[2] is None and hi_scale > 1 and lo * hi_scale <= hi:
            lo = lo * hi_scale  # "1-5M" is 1M-5M
        if lo > hi:
            raise _Reversed
        return f"{_fmt(lo)}-{_fmt(hi)}", (lo + hi) / 2, lo, hi
    if m := _OPEN_HIGH_RE.fullmatch(text):
        digits, suffix = (m[1], m[2]) if m[1] is not None else (m[3], m[4])
        lo, _ = _amount(digits, suffix, revenue)
        return f"{_fmt(lo)}+", lo, lo, None
    if m := _OPEN_LOW_RE.fullmatch(text):
        digits, suffix = (m[1], m[2]) if m[1] is not None else (m[3], m[4])
        hi, _ = _amount(digits, suffix, revenue)
        return f"<{_fmt(hi)}", hi / 2, Decimal(0), hi
    raise _NotANumber


def _size(value: object, revenue: bool) -> tuple:
    """Shared parser: (value, flag, rule, number, min, max, currency)."""
    label = "revenue" if revenue else "employees"
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return (None,) * 7
    raw = str(value)
    if not raw.strip():
        return (None,) * 7
    junk = (raw, f"{label} not a number", None, None, None, None, None)
    if len(raw) > _MAX_CHARS or isinstance(value, bool):
        return junk
    text = " ".join(raw.translate(_DASHES).translate(_SPACES).lower().split())

    currencies = {_CURRENCIES[c] for c in _CURRENCY_RE.findall(text)}
    if len(currencies) > 1 or (currencies and not revenue):
        return junk
    currency = currencies.pop() if currencies else None
    text = _CURRENCY_RE.sub(" ", text)
    text = " ".join(_FILLER_RE.sub(" ", text).split())

    negative = False
    if text.startswith("-") and len(text) > 1:
        negative, text = True, text[1:].strip()
    elif text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()  # accounting style (5,000)
    try:
        normal, number, lo, hi = _parse(text, revenue)
    except _Reversed:
        return (raw, f"{label} range reversed", None, None, None, None, None)
    except (_NotANumber, InvalidOperation, ValueError):
        return junk
    if negative:
        return (raw, f"{label} negative", None, None, None, None, None)
    floats = tuple(None if d is None else float(d) for d in (number, lo, hi))
    if any(f is not None and not math.isfinite(f) for f in floats):
        return junk
    rule = None if normal == raw else f"{label}_number"
    return (normal, None, rule, *floats, currency)


def normalize_employees(value: object) -> tuple:
    """One employee count → ``(value, flag, rule, employees, min, max)``."""
    return _size(value, revenue=False)[:6]


def normalize_revenue(value: object) -> tuple:
    """One annual revenue → ``(value, flag, rule, revenue, min, max, currency)``."""
    return _size(value, revenue=True)


def _finish(result: pd.DataFrame, float_columns: tuple[str, ...]) -> pd.DataFrame:
    # map_distinct may infer pandas' "str" dtype (None → NaN); keep None in
    # the text columns and make the numbers float64 (NaN where none).
    out = result.astype(object).where(result.notna(), None)
    for column in float_columns:
        out[column] = pd.to_numeric(out[column].astype(object), errors="coerce").astype(np.float64)
    return out


# Plain integers (a CRM's numeric field: "250", "2500000") are already normal:
# they skip the per-value parser, so a column of mostly distinct amounts
# stays fast. 15 digits are exact in float64.
_PLAIN_INTEGER = r"^(?:0|[1-9][0-9]{0,14})$"


def _plain_integers(values: pd.Series) -> np.ndarray | None:
    """Mask of cells that are plain integers, for pyarrow-backed strings; else None."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    array = pa.array(values.array)
    matched = pc.fill_null(pc.match_substring_regex(array, _PLAIN_INTEGER), False)
    return matched.to_numpy(zero_copy_only=False).astype(bool)


def _size_column(values: pd.Series, per_value, columns: tuple[str, ...], float_columns: tuple[str, ...]) -> pd.DataFrame:
    plain = _plain_integers(values)
    if plain is None or not plain.any():
        return _finish(map_distinct(values, per_value, columns), float_columns)
    n = len(values)
    arrays = {c: np.full(n, np.nan) if c in float_columns else np.full(n, None, dtype=object) for c in columns}
    rest = ~plain
    if rest.any():
        parsed = _finish(map_distinct(values[rest], per_value, columns), float_columns)
        for column in columns:
            arrays[column][rest] = parsed[column].to_numpy()
    text = values[plain]
    arrays["value"][plain] = text.to_numpy(dtype=object)
    number = text.astype(np.float64).to_numpy()
    for column in float_columns:
        arrays[column][plain] = number
    return pd.DataFrame(
        {c: pd.Series(a, index=values.index, dtype=a.dtype) for c, a in arrays.items()}, index=values.index
    )


def normalize_employees_column(values: pd.Series) -> pd.DataFrame:
    """Employee counts and ranges as numbers, once per distinct value."""
    return _size_column(values, lambda v: normalize_employees(v), EMPLOYEES_COLUMNS, EMPLOYEES_COLUMNS[3:])


def normalize_revenue_column(values: pd.Series) -> pd.DataFrame:
    """Annual revenue amounts and ranges as numbers, once per distinct value."""
    return _size_column(values, lambda v: normalize_revenue(v), REVENUE_COLUMNS, REVENUE_COLUMNS[3:6])
