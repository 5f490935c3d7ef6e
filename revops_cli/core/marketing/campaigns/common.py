"""What the campaign ROI, audit and lint share: reading counts, columns and campaign names from the export."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import ColumnMapping
from revops_cli.normalize.booleans import TRUE_WORDS

_ZERO = Decimal(0)
# A pre-send checklist says present/included as often as yes.
_TRUE = TRUE_WORDS | {"present", "included"}


def _parse_count(values: pd.Series) -> pd.Series:
    """Counts/scores as float64 (NaN where blank or not a number); '1,234' and '12%' are understood."""
    text = pc.replace_substring_regex(pa.array(values.astype("str").array), r"[,\s%]", "")
    return pd.to_numeric(pd.Series(text, index=values.index, dtype=pd.ArrowDtype(pa.string())),
                         errors="coerce").astype(np.float64)


def _column(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str) -> pd.Series | None:
    column = mapping.get(canonical)
    return None if column is None else frame[column]


def _fold(text: object) -> str | None:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return None
    folded = " ".join(str(text).split()).casefold()
    return folded or None


def _names(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.Series:
    column = mapping.get("name") or mapping.get("campaign_id")
    if column is None:
        return pd.Series([f"row {i + 1}" for i in range(len(frame))], index=frame.index, dtype="str")
    return frame[column].astype("str").str.strip()


def parse_rates(values: pd.Series) -> tuple[pd.Series, str | None]:
    """Rates as percentages on 0-100 (float64, NaN where blank), and a note on how bare numbers were read.

    A cell with ``%`` is a percentage (``23%``, ``23 %``, ``23,5 %`` with a decimal comma). Bare numbers are
    read column-wide: all <= 1 means fractions (``0.23`` = 23 %), any above 1 means percentages (``3.0`` = 3 %).
    """
    text = values.astype("str").str.strip()
    text = text.str.replace(r"^(-?\d+),(\d{1,3})(\s*%?)$", r"\1.\2\3", regex=True)  # 23,5 % -> 23.5 %
    has_pct = text.str.endswith("%").fillna(False).to_numpy(dtype=bool)
    numbers = _parse_count(text)
    bare = numbers[~has_pct].dropna()
    if not len(bare):
        return numbers, None
    if bool((bare.abs() <= 1).all()):
        return pd.Series(np.where(has_pct, numbers, numbers * 100.0), index=values.index, dtype=np.float64), (
            "bare numbers all <= 1: read as fractions (0.23 = 23%)")
    return numbers, "bare numbers read as percentages (3.0 = 3%)"
