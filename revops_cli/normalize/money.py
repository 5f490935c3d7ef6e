"""Money as exact decimals: parsed once per distinct cell, rounded half-up to cents on output.

Shared by the campaign, deal and other audits ("Money is computed with exact decimal
rounding to cents in output"), and the one ROI formula the Campaign Execution SOP
("ROI = (Revenue - Cost) / Cost x 100") and the Event Management SOP ("Event ROI =
(Pipeline Generated - Total Cost) / Total Cost x 100") share.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from revops_cli.normalize.numbers import normalize_revenue_column

CENT = Decimal("0.01")
_NUMERIC = re.compile(r"^\d+(?:\.\d+)?$")


def to_cents(value: Decimal | None) -> float | None:
    """A Decimal rounded half-up to cents, as a float for tables and JSON; None stays None."""
    return None if value is None else float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def roi(revenue: Decimal, cost: Decimal | None) -> Decimal | None:
    """ROI in percent, (revenue - cost) / cost x 100, rounded half-up to 0.01 %; None when the cost is missing or 0."""
    if cost is None or cost == 0:
        return None
    return ((revenue - cost) / cost * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def money_codes(values: pd.Series) -> tuple[np.ndarray, list[Decimal | None]]:
    """Money text ('26000', '$26,000', 'USD 48,000.00') as codes into distinct Decimals (None: blank/not money)."""
    parsed = normalize_revenue_column(values)
    ok = parsed["flag"].isna() & parsed["value"].astype("str").str.fullmatch(_NUMERIC.pattern).fillna(False)
    text = parsed["value"].where(ok, None).astype(object)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    decimals: list[Decimal | None] = [Decimal(u) for u in uniques]
    return np.where(codes < 0, len(decimals), codes), [*decimals, None]


def parse_money(values: pd.Series) -> pd.Series:
    """Money text -> Decimal or None (object Series, same index)."""
    codes, decimals = money_codes(values)
    table = np.empty(len(decimals), dtype=object)
    table[:] = decimals
    return pd.Series(table[codes], index=values.index, dtype=object)
