"""Lead lifecycle codes (actions, dispositions, date sources) and the vectorised pieces on lead columns.

Lead Management SOP, 6. Lead Disposition. Each piece works once per distinct
cell and returns integer codes or Arrow text, so nothing loops over leads.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, header_key
from revops_cli.config import substatus_key
from revops_cli.core.data.quality import truthy
from revops_cli.normalize.timestamps import NAT_NS, utc_ns

#: Actions in precedence order: a lead gets the first that applies.
ACTIONS: tuple[str, ...] = ("suppress", "disqualify", "create_opportunity", "recycle", "return_to_nurture",
                            "update_disposition", "none")
#: The values of ``lifecycle.substatus_map`` (config.Disposition).
DISPOSITIONS: tuple[str, ...] = ("qualified", "not_ready", "bad_fit", "no_response", "do_not_contact")
DATE_SOURCES: tuple[str, ...] = ("status_changed_at", "modified_at", "last_activity_at", "activities", "created_at")
_NAT = NAT_NS
_NS_PER_DAY = 86_400 * 10**9
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _column(frame: pd.DataFrame, mapping: ColumnMapping | None, canonical: str) -> pd.Series | None:
    name = None if mapping is None else mapping.get(canonical)
    return None if name is None or name not in frame.columns else frame[name]


def _text(values: pd.Series | None, n: int) -> pd.Series:
    """Trimmed text (Arrow strings), missing where blank; all missing when the column is absent."""
    if values is None:
        return pd.Series(pd.array([None] * n, dtype=_STR))
    text = values.reset_index(drop=True).astype(_STR).str.strip()
    return text.where(text.ne(""))


def _lookup(values: pd.Series | None, n: int, table: dict[str, str], names: tuple[str, ...]) -> np.ndarray:
    """Code into ``names`` of ``table[substatus_key(cell)]`` per row (-1 absent), once per distinct cell."""
    if values is None:
        return np.full(n, -1, dtype=np.int64)
    codes, uniques = pd.factorize(values.reset_index(drop=True), use_na_sentinel=True)
    lut = [names.index(table[substatus_key(u)]) if substatus_key(u) in table else -1 for u in uniques]
    return np.array(lut + [-1], dtype=np.int64)[codes]


def _matches(values: pd.Series | None, n: int, pattern: re.Pattern[str]) -> np.ndarray:
    if values is None:
        return np.zeros(n, dtype=bool)
    codes, uniques = pd.factorize(values.reset_index(drop=True), use_na_sentinel=True)
    lut = [bool(pattern.search(substatus_key(u))) for u in uniques]
    return np.array(lut + [False], dtype=bool)[codes]


def _flag(values: pd.Series | None, n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool) if values is None else truthy(values).to_numpy(dtype=bool)


def _find_column(frame: pd.DataFrame, headers: dict[str, str] | None, names: tuple[str, ...]) -> str | None:
    """The frame column whose header is one of ``names`` (the earliest name wins), or None."""
    wanted = {header_key(name): rank for rank, name in enumerate(names)}
    found = [(wanted[key], column) for column in frame.columns
             if (key := header_key((headers or {}).get(column, column))) in wanted]
    return min(found)[1] if found else None


def _local_days(ns: np.ndarray, zone: str) -> np.ndarray:
    """Local calendar day numbers (days since 1970-01-01 in ``zone``); -1 where NaT."""
    out = np.full(len(ns), -1, dtype=np.int64)
    known = ns != _NAT
    if known.any():
        codes, uniques = pd.factorize(ns[known])
        local = pd.DatetimeIndex(np.asarray(uniques, dtype=np.int64).view("datetime64[ns]")).tz_localize("UTC")
        days = local.tz_convert(zone).tz_localize(None).asi8 // _NS_PER_DAY
        out[known] = days[codes]
    return out


def _day_text(days: np.ndarray) -> pd.Series:
    """ISO dates of day numbers, missing where -1 (built once per distinct day)."""
    codes, uniques = pd.factorize(days)
    texts = [None if d < 0 else str(np.datetime64(int(d), "D")) for d in uniques]
    return pd.Series(pd.array(texts, dtype=_STR).take(codes))


def _pick(names: list[str | None], codes: np.ndarray) -> pd.Series:
    """``names[code]`` per row as Arrow text (code -1 = missing)."""
    table = pd.array(list(names) + [None], dtype=_STR)
    return pd.Series(table.take(np.where(codes < 0, len(names), codes)))


_ns = utc_ns  # tz-aware datetimes -> int64 UTC ns
