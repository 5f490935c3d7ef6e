"""Names and cell text shared by the roster, territory and reason code of lead routing.

Territory names compare by :func:`_fold` ("UK & I" = "uki"), reps and lead owners by :func:`_person_key`
(case and spacing ignored). A reason names at most :data:`NAMED_IN_REASON` reps, then "and N more".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import pandas as pd

from revops_cli.columns import ColumnMapping

#: At most this many reps are named in a reason, then "and N more".
NAMED_IN_REASON = 3


def _fold(text: Any) -> str:
    """Compare key of a name: accents folded, lower case, letters and digits only ("UK & I" -> "uki")."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9*]", "", folded.lower())
    return key


def _person_key(text: Any) -> str:
    """Compare key of an owner / rep name, email or id: case and spacing ignored."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return ""
    return " ".join(str(text).split()).casefold()


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _split(text: Any, pattern: str = r"[;|]") -> list[str]:
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return []
    return [part.strip() for part in re.split(pattern, str(text)) if part.strip()]


def _cell(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str, position: int) -> Any:
    column = mapping.get(canonical)
    if column is None:
        return None
    value = frame[column].iloc[position]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _headers_text(frame: pd.DataFrame) -> str:
    return ", ".join(repr(str(c)) for c in frame.columns) or "(none)"


def _names_list(items: Sequence[str]) -> str:
    shown = list(items[:NAMED_IN_REASON])
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _number_text(value: Any) -> str:
    if _missing(value):
        return "-"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"
