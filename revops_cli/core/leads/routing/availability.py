"""Which reps can take a lead now: the Lead Management SOP's "4. Lead Routing", round robin and escalation.

:class:`RepStatus` is the roster at ``now``: each rep's role, territories (or the fallback pool), weight,
capacity and load, and why they cannot take a round-robin lead (inactive, out of office, outside working hours,
weight 0, at capacity). It also names each territory's escalation rep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from revops_cli.config import RevopsConfig, RoutingTier
from revops_cli.core.leads.routing.arrays import _NAT
from revops_cli.core.leads.routing.roster import Roster, role_key
from revops_cli.core.leads.routing.territories import FALLBACK_TERRITORY_NAMES, Territory
from revops_cli.core.leads.routing.text import _fold, _names_list, _number_text


class RepStatus:
    """Per rep (roster positions 0..m-1) at ``now``: what round robin and escalation need to know.

    ``load`` starts at the roster's and grows as this run assigns leads.
    """

    def __init__(self, roster: Roster, config: RevopsConfig, territories: Sequence[Territory], now: pd.Timestamp,
                 warnings: list[str]) -> None:
        reps = roster.reps
        self.reps = reps
        self.config = config
        self.rep_ids = [str(rep_id) for rep_id in reps["rep_id"]]
        out_ns = reps["out_until"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        self.away = (out_ns != _NAT) & (out_ns > now.value)
        self.active = reps["active"].to_numpy(dtype=bool)
        self.role_keys = [role_key(r) for r in reps["role"]]
        weights = reps["weight"].to_numpy(dtype=float)
        if config.routing.round_robin == "even":
            weights = np.where(weights > 0, 1.0, 0.0)
        self.weights = weights
        self.capacity = reps["capacity"].to_numpy(dtype=float)
        self.load = reps["load"].to_numpy(dtype=float).copy()
        self.off_hours = self._off_hours(now)
        self.rep_territories, self.fallback, unknown = self._territories(territories)
        if unknown:
            warnings.append(f"{roster.source}: the territory of {_names_list(unknown)} is in no territory "
                            "rule, so they get no round-robin leads; add it to the territory file or fix the "
                            "name.")
        self.escalation_role_keys = {role_key(r) for r in config.routing.escalation_roles}

    def _off_hours(self, now: pd.Timestamp) -> np.ndarray:
        """True for reps outside their working hours now (only with ``routing.skip_outside_working_hours``)."""
        off_hours = np.zeros(len(self.reps), dtype=bool)
        if self.config.routing.skip_outside_working_hours:
            bh = self.config.business_hours
            workdays = {("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(d) for d in bh.workdays}
            for i in range(len(self.reps)):
                local = now.tz_convert(self.zone(i))
                start, end = self.hours(i)
                clock = local.time().replace(tzinfo=None)
                off_hours[i] = not (local.weekday() in workdays and start <= clock < end)
        return off_hours

    def _territories(self, territories: Sequence[Territory]) -> tuple[list[list[int]], np.ndarray, list[str]]:
        """(territory indexes of each rep, True for reps of the fallback pool, "rep (name)" of unknown names)."""
        reps = self.reps
        by_key = {t.key: i for i, t in enumerate(territories)}
        rep_territories: list[list[int]] = []
        fallback = np.zeros(len(reps), dtype=bool)
        unknown = []
        for i, names in enumerate(reps["territories"]):
            members = []
            for name in names:
                key = _fold(name)
                if key in by_key:
                    members.append(by_key[key])
                elif key in FALLBACK_TERRITORY_NAMES:
                    fallback[i] = True
                else:
                    unknown.append(f"{reps['name'].iloc[i]} ({name})")
            rep_territories.append(members)
        return rep_territories, fallback, unknown

    def zone(self, i: int) -> str:
        zone = self.reps["timezone"].iloc[i]
        return zone if isinstance(zone, str) and zone else self.config.business_timezone

    def hours(self, i: int) -> tuple[dt.time, dt.time]:
        hours = self.reps["hours"].iloc[i]
        return hours if isinstance(hours, tuple) else (self.config.business_hours.start, self.config.business_hours.end)

    def tier_members(self, tier: RoutingTier) -> np.ndarray:
        keys = {role_key(r) for r in tier.roles}
        return np.array([k in keys for k in self.role_keys], dtype=bool)

    def remaining(self) -> np.ndarray:
        """Leads each rep has room for (inf without a capacity)."""
        return np.where(np.isnan(self.capacity), np.inf, self.capacity - self.load)

    def status_text(self, i: int, remaining: float) -> str | None:
        """Why rep ``i`` cannot take a round-robin lead now (short), or None when they can."""
        if not self.active[i]:
            return "inactive"
        if self.away[i]:
            return f"out of office until {self.reps['out_text'].iloc[i]}"
        if self.off_hours[i]:
            start, end = self.hours(i)
            return f"outside working hours {start:%H:%M}-{end:%H:%M} {self.zone(i)}"
        if self.weights[i] <= 0:
            return "weight 0"
        if remaining < 1:
            return f"at capacity {_number_text(self.load[i])}/{_number_text(self.capacity[i])}"
        return None


    def escalation_targets(self, territory_count: int) -> np.ndarray:
        """Per territory index + 1 (0 = no territory): the escalation rep's position, -1 = the text owner.

        The territory's escalation-role rep (active, not out of office), else
        the first such rep on the roster.
        """
        managers = np.array([k in self.escalation_role_keys for k in self.role_keys], dtype=bool)
        managers &= self.active & ~self.away
        anyone = int(np.flatnonzero(managers)[0]) if managers.any() else -1
        targets = np.full(territory_count + 1, anyone, dtype=np.int64)
        for i in np.flatnonzero(managers)[::-1]:  # reversed: the first in roster order wins
            for t in self.rep_territories[int(i)]:
                targets[t + 1] = int(i)
        return targets
