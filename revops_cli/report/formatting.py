"""Number and date formatting shared by the HTML, SVG and Markdown renderers.

Value kinds (``Column.kind``, ``Chart.value_kind``):

* ``text``  -- shown as given (``str(value)``).
* ``int``   -- rounded to a whole number, thousands separators: ``1,234``.
* ``float`` -- ``decimals`` places (default 1), thousands separators: ``1,234.5``.
* ``pct``   -- the value is already a percentage (``95.3`` means 95.3 %, the
  convention of ``revops_cli.core.metrics.percent``): ``95.3%``.
* ``money`` -- currency symbol, thousands separators, ``decimals`` places
  (default 0): ``$12,500``; negatives as ``-$1,200``.
* ``date``  -- ``datetime.date`` / ``datetime`` / ISO text shown as ``YYYY-MM-DD``.

``None``, NaN and empty text are "missing" and shown as an em dash.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

MISSING = "—"

KINDS = ("text", "int", "float", "pct", "money", "date", "status")
NUMERIC_KINDS = ("int", "float", "pct", "money")

_DEFAULT_DECIMALS = {"int": 0, "float": 1, "pct": 1, "money": 0}


def as_number(value: Any) -> float | None:
    """A finite float, or None for None/NaN/inf/bool/non-numeric values."""
    if value is None or isinstance(value, (bool, str, bytes)):
        return None
    try:  # int, float, Decimal, numpy scalars
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, float) and math.isnan(value):
        return True
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas.NA / pandas.NaT, without importing pandas
        return True
    try:  # pandas.NaT / pandas.NA / numpy.nan
        return bool(value != value)  # noqa: PLR0124
    except (TypeError, ValueError):
        return False


def format_value(value: Any, kind: str = "text", decimals: int | None = None, *,
                 currency: str = "$", compact: bool = False) -> str:
    """``value`` as display text for ``kind`` (see the module doc); missing -> em dash.

    ``compact`` abbreviates large numbers (``12.5K``, ``3.4M``) for chart axes.
    Text given for a numeric kind (already formatted upstream) is shown as is.
    """
    if is_missing(value):
        return MISSING
    if kind in ("text", "status"):
        return str(value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)
    number = as_number(value)
    if number is None:
        return str(value)
    if decimals is None:
        decimals = _DEFAULT_DECIMALS.get(kind, 1)
    if compact and abs(number) >= 1000:
        body = _compact(abs(number))
    else:
        body = f"{abs(number):,.{decimals}f}"
        if kind == "int" and decimals == 0:
            body = f"{round(abs(number)):,d}"
    sign = "-" if number < 0 and body.strip("0.,") != "" else ""
    if kind == "pct":
        return f"{sign}{body}%"
    if kind == "money":
        return f"{sign}{currency}{body}"
    return f"{sign}{body}"


def _compact(number: float) -> str:
    for threshold, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if number >= threshold:
            scaled = number / threshold
            digits = 2 if scaled < 10 else 1 if scaled < 100 else 0  # 3 significant figures
            text = f"{scaled:,.{digits}f}"
            text = text.rstrip("0").rstrip(".") if "." in text else text
            return f"{text}{suffix}"
    return f"{number:,.0f}"  # pragma: no cover - callers only pass >= 1000


def json_value(value: Any) -> Any:
    """``value`` as a JSON-safe figure: NaN/inf -> None, dates -> ISO text, Decimal -> float."""
    if is_missing(value) and not isinstance(value, str):
        return None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        return value
    # numpy scalars, pandas Timestamps ...
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return json_value(value.item())
    return str(value)


def format_timestamp(value: Any) -> str:
    """``Report.generated_at`` as shown: ``2026-11-30 07:00 UTC`` (datetime), ISO date, or the text given."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
        if value.tzinfo is not None:
            offset = value.utcoffset()
            text += " UTC" if offset == dt.timedelta(0) else value.strftime(" %z")
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
