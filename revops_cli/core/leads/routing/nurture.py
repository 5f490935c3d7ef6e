"""Nurture tracks and touches: the Lead Management SOP's "5. Lead Nurturing".

A lead below the sales tiers goes to the ``nurture.tracks`` row holding its score; its next touch is the first
step of ``nurture.sequence`` due today or later, then the track's own cadence (``frequency``, read by
:func:`frequency_days`) once the sequence is done.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing.arrays import _NAT, _local_days

_FREQUENCIES = {"daily": 1, "weekly": 7, "biweekly": 14, "fortnightly": 14, "monthly": 30, "quarterly": 91}


def frequency_days(text: str) -> int | None:
    """A nurture track's frequency as days between touches: "Daily" 1, "2x week" 3, "Weekly" 7,
    "Monthly" 30, "every 10 days" 10; None when it cannot be read (the track then ends with its sequence)."""
    folded = " ".join(str(text).lower().replace("×", "x").split())
    if folded in _FREQUENCIES:
        return _FREQUENCIES[folded]
    match = re.fullmatch(r"(\d+)\s*(?:x|times)\s*(?:a|per|/)?\s*(day|week|month)", folded)
    if match and int(match.group(1)) > 0:
        span = {"day": 1, "week": 7, "month": 30}[match.group(2)]
        return max(1, span // int(match.group(1)))  # at least as often as asked
    match = re.fullmatch(r"every\s+(\d+)\s+days?", folded)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def nurture_plan(config: RevopsConfig, score: np.ndarray, created: np.ndarray, now_ns: int):
    """The nurture step for leads with ``score`` that entered nurture at ``created`` (UTC ns; NaT = now).

    Returns (track code per row (-1 none), next-step code per row, step names, next-touch date code per
    row, date texts): the ``nurture.tracks`` row holding the score, then the first step of
    ``nurture.sequence`` due on or after today, then the track's own cadence once the sequence is done.
    """
    n = len(score)
    track = np.full(n, -1, dtype=np.int64)
    for index in range(len(config.nurture.tracks) - 1, -1, -1):  # earlier rows win where ranges overlap
        t = config.nurture.tracks[index]
        track[(score >= t.min_score) & (score <= t.max_score)] = index
    steps = sorted(config.nurture.sequence, key=lambda s: s.day)
    # After the sequence the track's own cadence goes on ("Awareness, monthly newsletter").
    names = [s.step for s in steps] + [f"{t.content.lower()} ({t.frequency.lower()})"
                                       for t in config.nurture.tracks] + ["sequence complete"]
    period = np.array([frequency_days(t.frequency) or 0 for t in config.nurture.tracks] + [0], dtype=np.int64)
    step = np.full(n, -1, dtype=np.int64)
    touch = np.full(n, -1, dtype=np.int64)
    has = track >= 0
    if not steps or not has.any():
        return track, step, names, touch, []
    zone = config.general.timezone
    now_day = _local_days(np.array([now_ns], dtype=np.int64), zone)[0]
    entry_codes, entry_uniques = pd.factorize(np.where(created != _NAT, created, now_ns))
    entry_day = _local_days(np.asarray(entry_uniques, dtype=np.int64), zone)[entry_codes]
    days = np.array([s.day for s in steps], dtype=np.int64)
    position = np.searchsorted(days, now_day - entry_day, side="left")  # first step with entry + day >= today
    due_day = np.where(position < len(days), entry_day + days[np.minimum(position, len(days) - 1)], -1)
    done = position >= len(days)
    every = period[track]
    cadence = done & (every > 0)
    last = entry_day + days[-1]
    due_day = np.where(cadence, last + -(-(now_day - last) // np.maximum(every, 1)) * every, due_day)
    position = np.where(cadence, len(days) + track, np.where(done, len(names) - 1, position))
    step[has] = position[has]
    day_codes, day_uniques = pd.factorize(due_day)
    day_uniques = np.asarray(day_uniques, dtype=np.int64)
    texts = [None if d < 0 else str(np.datetime64(int(d), "D")) for d in day_uniques]
    touch[has] = np.asarray(day_codes, dtype=np.int64)[has]
    return track, step, names, touch, texts
