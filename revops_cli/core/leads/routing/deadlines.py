"""SLA due times: the Lead Management SOP's "4. Lead Routing" SLA column (5 minutes, 1 hour, 24 hours).

The clock starts when this run routes the lead (or at ``created_at`` if later), or for a kept owner at
``assigned_at``, else ``created_at``, else now. Bands in ``sla.wall_clock_bands`` count clock minutes; the others
business minutes in the assigned rep's own calendar when ``routing.business_hours_deadlines``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.sales.business_time import (WorkCalendar, add_business_minutes, add_wall_minutes,
                                                 sla_business_minutes)
from revops_cli.normalize.timestamps import normalize_timestamp_column
from revops_cli.core.leads.routing.arrays import _NAT, _distinct, _iso_strings, _ns, _utc_series


def lead_timestamps(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str, timezone: str) -> np.ndarray:
    """UTC ns of a timestamp column (no offset = ``timezone``), NaT where blank or unparsable."""
    column = mapping.get(canonical)
    if column is None or column not in frame.columns:
        return np.full(len(frame), _NAT, dtype=np.int64)
    codes, uniques = _distinct(frame[column])
    parsed = normalize_timestamp_column(uniques, timezone=mapping.naive_timezone(canonical, timezone),
                                        evidence=mapping.date_evidence.get(column))["revops_parsed"]
    values = pd.DatetimeIndex(parsed).tz_convert("UTC").as_unit("ns").asi8
    return np.append(values, _NAT)[codes]


def sla_start(kept: np.ndarray, created: np.ndarray, assigned_at: np.ndarray, now_ns: int) -> np.ndarray:
    """When each lead's SLA clock starts (UTC ns): a kept owner's at ``assigned_at``, else ``created_at``,
    else now; a lead routed by this run now, or at ``created_at`` if that is later."""
    kept_start = np.where(assigned_at != _NAT, assigned_at, np.where(created != _NAT, created, now_ns))
    routed_start = np.maximum(np.where(created != _NAT, created, now_ns), now_ns)
    return np.where(kept, kept_start, routed_start)


def due_dates(config: RevopsConfig, rep_calendars: Sequence[WorkCalendar], start: np.ndarray, minutes: np.ndarray,
              wall: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, list[str | None]]:
    """(code per row, ISO texts) of the due date: wall-clock or the owner's business calendar.

    ``minutes`` is NaN for no SLA; ``wall`` marks clock-minute bands; ``owner``
    is a roster position, or past the roster for the two text owners (who
    use the config's calendar).
    """
    n = len(start)
    due = np.full(n, _NAT, dtype=np.int64)
    has_sla = ~np.isnan(minutes)
    if not config.routing.business_hours_deadlines:
        wall = np.ones(n, dtype=bool)
    rows = np.flatnonzero(has_sla & wall)
    if len(rows):
        due[rows] = _ns(add_wall_minutes(_utc_series(start[rows]), minutes[rows]))
    rows = np.flatnonzero(has_sla & ~wall)
    if len(rows):
        default = WorkCalendar.from_config(config)
        calendars = np.array([*rep_calendars, default, default], dtype=object)  # + the two text owners
        starts = _utc_series(start[rows])
        per_row = pd.Series(calendars[np.where(owner[rows] >= 0, owner[rows], len(rep_calendars))],
                            index=starts.index, dtype=object)
        working = sla_business_minutes(minutes[rows], per_row,
                                       days_are_working_days=config.sla.day_slas_in_working_days)
        due[rows] = _ns(add_business_minutes(starts, working, per_row))
    codes, uniques = pd.factorize(due)
    uniques = np.asarray(uniques, dtype=np.int64)
    texts = list(_iso_strings(uniques, config.general.timezone))
    return np.asarray(codes, dtype=np.int64), texts
