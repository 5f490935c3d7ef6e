"""Lead scoring's behavioural events with recency decay (Lead Management SOP, 3. Lead Scoring).

Each event gives ``points * 0.5 ** (age_days / half_life_days)``, summed per
lead and kind and capped at the kind's max. Events come from an activities
export (:func:`_activity_events`) and from engagement-count columns
(:func:`_column_events`); where both give a kind for a lead the larger counts
(:func:`_merge_events`). :func:`_event_piece` says it in a reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import ENGAGEMENT_FIELDS
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.scoring.fields import _Fields
from revops_cli.core.leads.scoring.reasons import _Piece
from revops_cli.core.sales.activities import ActivityLink

#: How an event kind reads in a reason: (one, many).
EVENT_LABELS: dict[str, tuple[str, str]] = {
    "demo_request": ("demo request", "demo requests"),
    "form_fill": ("form fill", "form fills"),
    "event_attended": ("event attended", "events attended"),
    "content_download": ("content download", "content downloads"),
    "email_click": ("email click", "email clicks"),
    "email_open": ("email open", "email opens"),
    "page_view": ("page view", "page views"),
}

_DAY_NS = 86_400 * 1_000_000_000
# Where an event's points came from (reasons): an activity, a count column, a date column.
_FROM_ACTIVITY, _FROM_COUNT, _FROM_DATE = 0, 1, 2


def _round_half_up(values: np.ndarray) -> np.ndarray:
    # the epsilon keeps 2.5 from becoming 2 when it was computed as 2.4999999999999996
    return np.floor(np.asarray(values, dtype=float) + 0.5 + 1e-9).astype(np.int64)


def _ago(days: float) -> str:
    whole = int(math.floor(days)) if days == days else 0
    return "today" if whole <= 0 else "1 day ago" if whole == 1 else f"{whole} days ago"


def _count_text(count: float) -> str:
    return f"{int(count)}" if float(count).is_integer() else f"{count:g}"


def _event_label(kind: str, points: int, count: float, age: float, source: int) -> str:
    one, many = EVENT_LABELS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    if source == _FROM_ACTIVITY or source == _FROM_DATE:
        if count == 1:
            return f"+{points} {one} {_ago(age)}"
        return f"+{points} {many} ×{_count_text(count)}, last {_ago(age)}"
    text = f"+{points} {one}" if count == 1 else f"+{points} {many} ×{_count_text(count)}"
    if age == age and age >= 1:
        text += f", last activity {_ago(age)}"
    return text


def _event_piece(kind: str, points: np.ndarray, count: np.ndarray, age: np.ndarray, source: np.ndarray) -> _Piece:
    shown = _round_half_up(points)
    rows = np.flatnonzero(shown > 0)
    codes = np.full(len(points), -1, dtype=np.int64)
    if not len(rows):
        return _Piece(codes, [])
    ages = np.where(np.isnan(age[rows]), -1, np.floor(np.maximum(age[rows], 0))).astype(np.int64)
    keys = pd.MultiIndex.from_arrays([shown[rows], count[rows], ages, source[rows]])
    local, uniques = keys.factorize()
    codes[rows] = local
    labels = [_event_label(kind, int(p), float(c), float(a) if a >= 0 else float("nan"), int(s))
              for p, c, a, s in uniques]
    return _Piece(codes, labels)


@dataclass
class _KindPoints:
    """Per row, for one event kind: capped points, event count, age of the latest (days), source."""

    points: np.ndarray
    count: np.ndarray
    age: np.ndarray
    source: np.ndarray


def _decay(age_days: np.ndarray, half_life: float) -> np.ndarray:
    return np.power(0.5, np.maximum(age_days, 0.0) / half_life)


def _activity_events(link: ActivityLink, n: int, config: RevopsConfig, now_ns: float) -> dict[str, _KindPoints]:
    settings = config.scoring.behavioral
    kinds = list(settings.events)
    frame = link.frame
    if not kinds or frame.empty:
        return {}
    lead = frame["lead_pos"].to_numpy(dtype=np.int64)
    kind_index = pd.Index(kinds).get_indexer(frame["kind"].to_numpy(dtype=object))
    at = pd.DatetimeIndex(frame["at"]).as_unit("ns")
    keep = (lead >= 0) & (lead < n) & (kind_index >= 0) & ~at.isna()
    if not keep.any():
        return {}
    age = np.maximum((now_ns - at.asi8[keep].astype(float)) / _DAY_NS, 0.0)
    kind_index = kind_index[keep]
    base = np.array([settings.events[k].points for k in kinds], dtype=float)[kind_index]
    events = pd.DataFrame({
        "lead": lead[keep], "kind": kind_index, "points": base * _decay(age, settings.half_life_days), "age": age,
    })
    grouped = events.groupby(["kind", "lead"], sort=False).agg(
        points=("points", "sum"), count=("points", "size"), age=("age", "min"))
    out: dict[str, _KindPoints] = {}
    for position, kind in enumerate(kinds):
        if position not in grouped.index.get_level_values(0):
            continue
        part = grouped.xs(position, level="kind")
        rows = part.index.to_numpy(dtype=np.int64)
        kp = _KindPoints(np.zeros(n), np.zeros(n), np.full(n, np.nan), np.full(n, _FROM_ACTIVITY, dtype=np.int8))
        kp.points[rows] = np.minimum(part["points"].to_numpy(dtype=float), settings.events[kind].max)
        kp.count[rows] = part["count"].to_numpy(dtype=float)
        kp.age[rows] = part["age"].to_numpy(dtype=float)
        out[kind] = kp
    return out


def _column_events(fields: _Fields, n: int, config: RevopsConfig, now_ns: float) -> dict[str, _KindPoints]:
    """Engagement-count columns (and demo_requested as date, yes/no or count)."""
    settings = config.scoring.behavioral
    last = fields.column("last_activity_at")
    if last is not None:
        last_age = (now_ns - last.rows(last.instant_ns)) / _DAY_NS
    else:
        last_age = np.full(n, np.nan)
    last_decay = np.where(np.isnan(last_age), 1.0, _decay(np.nan_to_num(last_age), settings.half_life_days))
    out: dict[str, _KindPoints] = {}
    for canonical, kind in ENGAGEMENT_FIELDS.items():
        event = settings.events.get(kind)
        column = fields.column(canonical)
        if event is None or column is None:
            continue
        count_slots = column.number("revenue")
        count_slots = np.where(np.isnan(count_slots) | (count_slots < 0), 0.0, count_slots)
        source_slots = np.full(len(count_slots), _FROM_COUNT, dtype=np.int8)
        dated_slots = np.zeros(len(count_slots), dtype=bool)
        if canonical == "demo_requested":
            dated_slots = ~np.isnan(column.instant_ns)
            yes = column.truth == 1
            plain_number = pd.Series(column.folded, dtype=object).str.fullmatch(r"\d+(\.\d+)?").fillna(False)
            count_slots = np.where(plain_number.to_numpy(dtype=bool), count_slots, np.where(yes, 1.0, 0.0))
            count_slots = np.where(dated_slots, 1.0, count_slots)
            source_slots = np.where(dated_slots, _FROM_DATE, _FROM_COUNT).astype(np.int8)
        count = column.rows(count_slots)
        dated = column.rows(dated_slots)
        if dated.any():
            event_age = np.maximum((now_ns - column.rows(column.instant_ns)) / _DAY_NS, 0.0)
            age = np.where(dated, event_age, last_age)
            decay = np.where(dated, _decay(np.nan_to_num(event_age), settings.half_life_days), last_decay)
        else:
            age, decay = last_age, last_decay
        points = np.minimum(count * event.points * decay, event.max)
        out[kind] = _KindPoints(points, count, np.where(count > 0, age, np.nan), column.rows(source_slots))
    return out


def _merge_events(
    first: dict[str, _KindPoints], second: dict[str, _KindPoints], kinds: Iterable[str]
) -> dict[str, _KindPoints]:
    """Per kind and lead, the larger of the two sources (the same engagement seen twice)."""
    out: dict[str, _KindPoints] = {}
    for kind in kinds:
        a, b = first.get(kind), second.get(kind)
        if a is None or b is None:
            if a is not None or b is not None:
                out[kind] = a if a is not None else b
            continue
        take_b = b.points > a.points
        out[kind] = _KindPoints(
            np.where(take_b, b.points, a.points), np.where(take_b, b.count, a.count),
            np.where(take_b, b.age, a.age), np.where(take_b, b.source, a.source),
        )
    return out

