"""Round robin within a pool: the Lead Management SOP's "4. Lead Routing", "apply round-robin within territory".

A pool is a territory and a queue (``"<territory>|<queue>"``; ``"*|<queue>"`` for the fallback pool). Its leads
go to its eligible reps by weighted fair queuing (:func:`weighted_fair_order`) on running counts per rep kept in
:class:`RouteState`, which the caller saves between runs, so the rotation carries over.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from revops_cli.core.leads.routing.availability import RepStatus
from revops_cli.core.leads.routing.text import _names_list

#: Pool key prefix of the fallback pool in the state file.
FALLBACK_POOL = "*"
#: Version of the state file's JSON this revops writes and reads.
STATE_VERSION = 1


@dataclass
class RouteState:
    """Round-robin counts per pool: ``pools[pool_key][rep_id] = leads assigned so far``."""

    pools: dict[str, dict[str, float]] = field(default_factory=dict)
    version: int = STATE_VERSION

    def to_json(self) -> str:
        """The state as JSON text, keys sorted (the same state always gives the same bytes)."""
        payload = {"version": self.version,
                   "pools": {pool: {rep: float(count) for rep, count in sorted(reps.items())}
                             for pool, reps in sorted(self.pools.items())}}
        return json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> RouteState:
        """Parse :meth:`to_json` output; ValueError says what is wrong with anything else."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> RouteState:
        """Validate a decoded JSON object; ValueError names the first problem."""
        if not isinstance(data, dict):
            raise ValueError("must hold a JSON object with 'version' and 'pools'")
        unknown = sorted(set(data) - {"version", "pools"})
        if unknown:
            raise ValueError(f"has unknown key {unknown[0]!r}; expected only 'version' and 'pools'")
        version = data.get("version", STATE_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError(f"'version' must be a whole number (got {version!r})")
        if version > STATE_VERSION:
            raise ValueError(f"was written by a newer revops (state version {version}; this one reads "
                             f"{STATE_VERSION}); upgrade revops")
        pools = data.get("pools", {})
        if not isinstance(pools, dict):
            raise ValueError("'pools' must be a JSON object of pool -> {rep id: count}")
        clean: dict[str, dict[str, float]] = {}
        for pool, reps in pools.items():
            if not isinstance(reps, dict):
                raise ValueError(f"pool {pool!r} must be a JSON object of rep id -> count")
            counts: dict[str, float] = {}
            for rep, count in reps.items():
                if isinstance(count, bool) or not isinstance(count, (int, float)) or not math.isfinite(count) \
                        or count < 0:
                    raise ValueError(f"pool {pool!r}, rep {rep!r}: count must be a number of 0 or more "
                                     f"(got {count!r})")
                counts[str(rep)] = float(count)
            clean[str(pool)] = counts
        return cls(pools=clean, version=version)

    def copy(self) -> RouteState:
        """A deep copy (routing returns a new state; the old one stays as it was)."""
        return RouteState({pool: dict(reps) for pool, reps in self.pools.items()}, self.version)


def pool_key(territory: str | None, queue: str) -> str:
    """The state file's key of a pool: ``"<territory>|<queue>"``, ``"*|<queue>"`` for the fallback pool."""
    return f"{FALLBACK_POOL if territory is None else territory}|{queue}"


def weighted_fair_order(counts: np.ndarray, weights: np.ndarray, slots: np.ndarray, n: int) -> np.ndarray:
    """The rep (index into the arrays) of each of the next ``n`` leads; fewer when capacity runs out.

    Rep ``i`` with running count ``c_i``, weight ``w_i > 0`` and ``slots[i]``
    leads of room has candidate slots with virtual finish times
    ``(c_i + k) / w_i`` for ``k = 1..min(n, slots[i])``; the ``n`` smallest
    over all reps, ties to the lower index (roster order), give the order.
    That is an exact weighted round robin (weights 3:1 over 8 leads: A A A B A
    A A B) that respects capacity, and carries over between runs through the
    counts. A bisection on the finish time bounds the candidates to about
    ``n + reps``, so one sort does a pool of any size.
    """
    counts = np.asarray(counts, dtype=float)
    weights = np.asarray(weights, dtype=float)
    limit = np.minimum(np.asarray(slots, dtype=np.int64), n).clip(min=0)
    limit[weights <= 0] = 0
    if n <= 0 or not limit.any():
        return np.empty(0, dtype=np.int64)
    safe_w = np.where(weights > 0, weights, 1.0)
    if limit.sum() > n:
        def taken(t: float) -> np.ndarray:
            return np.clip(np.floor(t * safe_w - counts + 1e-9), 0, limit)

        low = 0.0
        high = float(np.max(np.where(limit > 0, (counts + limit) / safe_w, 0.0)))
        for _ in range(100):
            mid = (low + high) / 2
            if taken(mid).sum() >= n:
                high = mid
            else:
                low = mid
            if high - low <= 1e-12 * max(1.0, high):
                break
        limit = np.minimum(taken(high).astype(np.int64) + 1, limit)
    reps = np.repeat(np.arange(len(counts)), limit)
    starts = np.cumsum(limit) - limit
    k = np.arange(len(reps)) - np.repeat(starts, limit) + 1
    finish = (counts[reps] + k) / safe_w[reps]
    key = np.round(finish, 9)  # equal finish times (1/3 * 3 and 1/1) tie exactly, whatever the float rounding
    order = np.lexsort((k, reps, key))[:n]
    return reps[order]


def assign_pool(rows: np.ndarray, in_pool: np.ndarray, key: str, prefix: str, status: RepStatus, state: RouteState,
                outcome_code: Callable[[str], int], outcome: np.ndarray) -> np.ndarray:
    """Assign the pool's leads (``rows``, file order) by weighted fair queuing; return the reps picked.

    ``in_pool`` marks the reps of the pool (roster positions), ``key`` is its
    state key and ``prefix`` starts its reason ("; ", "; fallback pool: ").
    The first ``len(picks)`` rows get a rep; the rest (capacity ran out, or
    nobody is eligible) are left for escalation with the reason why. Advances
    ``state`` and ``status.load``, and sets ``outcome`` (a code of
    ``outcome_code``) of every row.
    """
    reps, m = status.reps, len(status.reps)
    candidates = np.flatnonzero(in_pool)
    remaining = status.remaining()
    why_not = {int(i): status.status_text(int(i), remaining[i]) for i in candidates}
    eligible = np.array([i for i in candidates if why_not[int(i)] is None], dtype=np.int64)
    picks = np.empty(0, dtype=np.int64)
    if len(eligible):
        counts = pool_counts(state.pools.get(key, {}), status.rep_ids, status.weights, eligible, candidates)
        slots = np.where(np.isinf(remaining[eligible]), len(rows),
                         np.floor(remaining[eligible] + 1e-9)).astype(np.int64)
        chosen = weighted_fair_order(counts, status.weights[eligible], slots, len(rows))
        picks = eligible[chosen]
        got = np.bincount(chosen, minlength=len(eligible))
        pool_state = state.pools.setdefault(key, {})
        for j, i in enumerate(eligible):
            pool_state[status.rep_ids[i]] = float(counts[j] + got[j])
        status.load += np.bincount(picks, minlength=m)
        skipped = [f"{reps['name'].iloc[i]} {why}" for i, why in why_not.items() if why]
        extra = f"; skipped {_names_list(skipped)}" if skipped else ""
        head = rows[:len(picks)]
        for j, i in enumerate(eligible):
            if got[j]:
                outcome[head[chosen == j]] = outcome_code(
                    f"{prefix}round robin {reps['name'].iloc[i]} ({j + 1} of {len(eligible)}{extra})")
    left = rows[len(picks):]
    if len(left):
        remaining = status.remaining()
        why = [f"{reps['name'].iloc[i]} {status.status_text(int(i), remaining[i]) or 'has no room'}"
               for i in candidates]
        outcome[left] = outcome_code(f"; no eligible rep ({_names_list(why)})")
    return picks


def pool_counts(pool: Mapping[str, float], rep_ids: Sequence[str], weights: np.ndarray, eligible: np.ndarray,
                members: np.ndarray) -> np.ndarray:
    """Each eligible rep's running count in the pool, with newcomers and returning reps brought level.

    ``pool`` is the pool's counts in the state (rep id -> count); ``rep_ids``
    and ``weights`` are per roster position, ``eligible`` and ``members``
    positions (the pool's eligible reps, and all its reps).

    A rep new to the pool starts at the lowest normalised count among its
    eligible reps (``w_new * min(c_j / w_j)``), so a newcomer does not get
    a flood. A rep back from leave (out of office, at capacity, off hours)
    rejoins at the pool's current virtual time: their next slot is no
    earlier than the latest slot anyone has had, so they do not get every
    lead they missed either. A fair rotation never triggers either rule,
    so one run of 10 leads and two runs of 5 assign the same.
    """
    ids = [rep_ids[i] for i in eligible]
    eligible_weights = weights[eligible]
    known = np.array([rep in pool for rep in ids], dtype=bool)
    counts = np.array([pool.get(rep, 0.0) for rep in ids], dtype=float)
    member_norms = [pool[rep_ids[i]] / weights[i] for i in members if rep_ids[i] in pool and weights[i] > 0]
    if not known.all():
        norms = counts[known] / eligible_weights[known]
        floor = norms.min() if len(norms) else (min(member_norms) if member_norms else 0.0)
        counts[~known] = eligible_weights[~known] * floor
    if member_norms:
        virtual = max(member_norms)
        behind = (counts + 1) / eligible_weights < virtual - 1e-9
        counts[behind] = eligible_weights[behind] * virtual - 1
    return counts
