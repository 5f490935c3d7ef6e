"""Daily activity minimums per rep and working day (Sales Process SOP: SDR 50/100/3/-, AE 30/50/2/1,
Senior AE 20/30/3/2 calls/emails/meetings/demos; ``sla.activity_minimums``).

Reps: active roster reps whose role has minimums (keys of
``sla.activity_minimums`` in any case, or through :data:`ROLE_SYNONYMS`).
Days: each rep's working days (workdays minus holidays of their calendar)
among the ``general.timezone`` dates of ``start`` to ``end`` (exclusive);
without ``start``, from the first activity's date but at most
``_ACTIVITY_DAYS_CAP`` days before ``end``; without ``end``, up to the day
before ``now``. Activities: calls, emails, meetings and demos by that rep (the
activity's rep text matched to the roster like an owner), not after ``now``,
counted on the rep's local date. Out-of-office days count as working days (the
roster says when a rep is back, not since when).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import Roster
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.business_time import working_days
from revops_cli.core.sales.sla.arrays import _NAT, _NS_PER_DAY, _join, _labels, _text_series
from revops_cli.core.sales.sla.checks import _DEMO


#: Roster roles that mean a role of ``sla.activity_minimums`` (keys compared without case or extra spaces).
ROLE_SYNONYMS: dict[str, str] = {
    "senior sales rep": "senior ae",
    "senior sales representative": "senior ae",
    "senior account executive": "senior ae",
    "sr ae": "senior ae",
    "sr. ae": "senior ae",
    "sales rep": "ae",
    "sales representative": "ae",
    "account executive": "ae",
    "bdr": "sdr",
    "sales development rep": "sdr",
    "sales development representative": "sdr",
    "business development rep": "sdr",
    "business development representative": "sdr",
}
#: Without ``start``, the days audited go back at most this far before ``end``.
_ACTIVITY_DAYS_CAP = 28
_MINIMUM_KINDS = ("calls", "emails", "meetings", "demos")
_ACTIVITY_DAY_COLUMNS = ("rep", "role", "day", *_MINIMUM_KINDS, *(f"minimum_{k}" for k in _MINIMUM_KINDS),
                         "under_minimum", "missed")


def minimums_role(role: Any, minimums: Sequence[str]) -> str | None:
    """The key of ``minimums`` (``sla.activity_minimums``) a roster role falls under, or None.

    Compared without case or extra spaces, then through :data:`ROLE_SYNONYMS`:
    ``"Senior Sales Rep"`` -> ``"Senior AE"``, ``"BDR"`` -> ``"SDR"``; ``"Sales
    Manager"`` has none.
    """
    keys = {" ".join(str(k).split()).casefold(): k for k in minimums}
    folded = " ".join(str(role).split()).casefold() if role is not None else ""
    if folded in keys:
        return keys[folded]
    synonym = ROLE_SYNONYMS.get(folded)
    return keys.get(synonym) if synonym is not None else None


def _empty_activity_days() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in _ACTIVITY_DAY_COLUMNS})


def _local_day_numbers(ns: np.ndarray, zone: str) -> np.ndarray:
    local = pd.DatetimeIndex(ns.view("datetime64[ns]")).tz_localize("UTC").tz_convert(zone).tz_localize(None)
    return local.asi8 // _NS_PER_DAY


def _activity_days(activities: ActivityLink | None, acts: dict | None, roster: Roster | None,
                   config: RevopsConfig, now_ns: int, start_ns: int | None,
                   end_ns: int | None) -> tuple[pd.DataFrame, list[dict], dict]:
    """Rep-days against ``sla.activity_minimums`` (the reps and days: the module docstring)."""
    zone = config.general.timezone
    minimums = config.sla.activity_minimums
    none = {"activity_from": None, "activity_to": None}
    if roster is None:
        return _empty_activity_days(), [], none
    reps = roster.reps
    roles = [minimums_role(role, list(minimums)) for role in reps["role"]]
    eligible = np.array([r is not None for r in roles], dtype=bool) & reps["active"].to_numpy(dtype=bool)

    # Activities by eligible reps, of kinds call/email/meeting/demo, not after now.
    rep_pos = at = kind = np.zeros(0, dtype=np.int64)
    if acts is not None and activities is not None:
        codes, uniques = pd.factorize(activities.frame["rep"], use_na_sentinel=True)
        distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        positions = roster.owner_positions(distinct) if len(distinct) else np.zeros(0, dtype=np.int64)
        rep_of_code = np.append(positions, -1).astype(np.int64)
        rep_ok = np.append(np.where(positions >= 0, eligible[np.maximum(positions, 0)], False), False)
        keep = rep_ok[codes] & (acts["kind"] >= 0) & (acts["kind"] <= _DEMO) & (acts["at"] != _NAT) \
            & (acts["at"] <= now_ns)
        rows = np.flatnonzero(keep)
        rep_pos, at, kind = rep_of_code[codes[rows]], acts["at"][rows], acts["kind"][rows]

    # The days: general.timezone dates of start .. end (exclusive).
    last_day = int(_local_day_numbers(np.array([now_ns if end_ns is None else end_ns]), zone)[0]) - 1
    if start_ns is not None:
        first_day = int(_local_day_numbers(np.array([start_ns]), zone)[0])
    elif len(at):
        first_day = max(int(_local_day_numbers(np.array([at.min()]), zone)[0]), last_day + 1 - _ACTIVITY_DAYS_CAP)
    else:
        return _empty_activity_days(), [], none
    if last_day < first_day:
        return _empty_activity_days(), [], none
    period = {"activity_from": str(np.datetime64(first_day, "D")), "activity_to": str(np.datetime64(last_day, "D"))}

    # One row per eligible rep per working day of their own calendar.
    first_date = np.datetime64(first_day, "D").astype(dt.date)
    last_date = np.datetime64(last_day, "D").astype(dt.date)
    row_rep, row_day = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for i in np.flatnonzero(eligible):
        days = working_days(reps["calendar"].iloc[i], first_date, last_date).astype(np.int64)
        row_rep.append(np.full(len(days), i, dtype=np.int64))
        row_day.append(days)
    row_rep, row_day = np.concatenate(row_rep), np.concatenate(row_day)

    # Each activity on its rep's local date (only those near the days: a day of slack covers every offset).
    near = (at >= (first_day - 1) * _NS_PER_DAY) & (at < (last_day + 2) * _NS_PER_DAY)
    rep_pos, at, kind = rep_pos[near], at[near], kind[near]
    zone_codes, zones = pd.factorize(pd.Series([cal.timezone for cal in reps["calendar"]], dtype=object))
    zone_of = np.asarray(zone_codes, dtype=np.int64)[rep_pos]
    local_day = np.zeros(len(at), dtype=np.int64)
    for z in np.unique(zone_of):
        mine = zone_of == z
        local_day[mine] = _local_day_numbers(at[mine], str(zones[z]))
    span = np.int64(1 << 24)
    hit = pd.Index(row_rep * span + row_day).get_indexer(rep_pos * span + local_day)
    found = hit >= 0
    counts = np.zeros((len(row_rep), len(_MINIMUM_KINDS)), dtype=np.int64)
    np.add.at(counts, (hit[found], kind[found]), 1)

    table_of_rep = np.zeros((len(reps), len(_MINIMUM_KINDS)), dtype=np.int64)
    for i in np.flatnonzero(eligible):
        m = minimums[roles[i]]
        table_of_rep[i] = (m.calls, m.emails, m.meetings, m.demos)
    minimum = table_of_rep[row_rep]
    short = counts < minimum
    under = short.any(axis=1)
    pieces = []
    for j, name in enumerate(_MINIMUM_KINDS):
        text = _join(f"{name} ", pc.cast(pa.array(counts[:, j]), pa.string()), "/",
                     pc.cast(pa.array(minimum[:, j]), pa.string()))
        pieces.append(pc.if_else(pa.array(short[:, j], type=pa.bool_()), _join(text, ", "),
                                 pa.scalar("", pa.large_string())))
    missed = pc.utf8_rtrim(_join(*pieces), characters=", ") if len(row_rep) else pa.array([], pa.large_string())

    names = [str(name) for name in reps["name"]]
    table = pd.DataFrame({
        "rep": _labels(row_rep, names),
        "role": _labels(row_rep, [r or "" for r in roles]),
        "day": pd.Series(row_day.astype("datetime64[D]").astype("datetime64[s]")),
        **{name: counts[:, j] for j, name in enumerate(_MINIMUM_KINDS)},
        **{f"minimum_{name}": minimum[:, j] for j, name in enumerate(_MINIMUM_KINDS)},
        "under_minimum": under,
        "missed": _text_series(missed),
    })
    per_rep = []
    for i in np.flatnonzero(eligible):
        mine = row_rep == i
        per_rep.append({
            "rep": names[i], "role": roles[i], "working_days": int(mine.sum()),
            "days_under_minimum": int(under[mine].sum()),
            **{name: int(counts[mine, j].sum()) for j, name in enumerate(_MINIMUM_KINDS)},
        })
    return table, per_rep, period
