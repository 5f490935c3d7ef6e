"""The routing run: the Lead Management SOP's "4. Lead Routing" steps in order, over every lead at once.

:func:`route_leads` takes scored leads, a :class:`~.roster.Roster` and territories and returns a
:class:`RouteResult`: the leads with :data:`ROUTE_COLUMNS` added, the advanced round-robin state and the
figures. The steps (tier, kept owner, territory, round robin, escalation, due date, nurture) are documented in
the package docstring; each is a method of :class:`_Router` or a function of its own module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, MappedFrame
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing.arrays import _combine, _str_column
from revops_cli.core.leads.routing.availability import RepStatus
from revops_cli.core.leads.routing.deadlines import due_dates, lead_timestamps, sla_start
from revops_cli.core.leads.routing.features import _bands, _lead_features, _Leads, _scores, score_tiers
from revops_cli.core.leads.routing.matching import TerritoryMatcher
from revops_cli.core.leads.routing.nurture import nurture_plan
from revops_cli.core.leads.routing.reasons import RouteReasons
from revops_cli.core.leads.routing.roster import Roster, load_roster
from revops_cli.core.leads.routing.round_robin import RouteState, assign_pool, pool_key
from revops_cli.core.leads.routing.territories import Territory, load_territories, territories_from_roster

ROUTE_COLUMNS: tuple[str, ...] = (
    "revops_queue", "revops_territory", "revops_owner", "revops_owner_id", "revops_alert", "revops_sla_minutes",
    "revops_due_at", "revops_nurture_track", "revops_next_touch", "revops_next_touch_at", "revops_route_reason",
)

#: Escalation-reason keys of :attr:`RouteResult.escalation_reasons`.
NO_TERRITORY = "no territory matches"
UNSTAFFED = "no rep of the tier's roles in the territory"
NO_ELIGIBLE = "no eligible rep"


@dataclass
class RouteResult:
    """What :func:`route_leads` returns: the routed frame, the new state and the figures."""

    frame: pd.DataFrame
    state: RouteState
    by_queue: dict[str, int] = field(default_factory=dict)
    by_rep: list[dict] = field(default_factory=list)
    escalations: int = 0
    escalation_reasons: dict[str, int] = field(default_factory=dict)
    kept_owner: int = 0
    nurture: dict[str, int] = field(default_factory=dict)
    by_territory: dict[str, int] = field(default_factory=dict)
    territories_from: str = "file"
    warnings: list[str] = field(default_factory=list)
    kept: np.ndarray | None = None  # True for rows that kept their owner (the rest were routed by this run)

    def summary(self) -> dict:
        """JSON-able figures for ``--json``."""
        return {
            "rows": len(self.frame),
            "by_queue": self.by_queue,
            "by_territory": self.by_territory,
            "by_rep": self.by_rep,
            "escalations": self.escalations,
            "escalation_reasons": self.escalation_reasons,
            "kept_owner": self.kept_owner,
            "nurture": self.nurture,
            "territories_from": self.territories_from,
            "warnings": self.warnings,
        }


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


@dataclass
class _Placement:
    """Step 3 per lead: its features, and the territory checks it matched (-1 none)."""

    leads: _Leads
    members: np.ndarray  # [tier, rep]: the rep has one of the tier's roles
    needs: np.ndarray  # the lead needs a rep: its tier has roles and it keeps no owner
    first_any: np.ndarray  # first matching check
    first_staffed: np.ndarray  # first matching check staffed for the lead's tier
    check_territory: np.ndarray  # territory index of each check, -1 appended for "none"
    territory_of: np.ndarray
    reason_check: np.ndarray  # the check the reason names
    gap: np.ndarray  # a territory matched but none staffed for the tier


@dataclass
class _Assignment:
    """Steps 4 and 5 per lead: owner (roster position; m = marketing queue, m + 1 = escalation owner text),
    reason outcome codes, and whether and why (``kind``: 0 none, 1 no match, 2 unstaffed, 3 no eligible
    rep) it was escalated; ``assigned`` counts per rep."""

    owner: np.ndarray
    outcome: np.ndarray
    escalated: np.ndarray
    kind: np.ndarray
    escalation_code: np.ndarray
    assigned: np.ndarray


class _Router:
    """One routing run: lead arrays in, output columns and the new state out."""

    def __init__(self, frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, roster: Roster,
                 territories: list[Territory] | None, state: RouteState, now: pd.Timestamp, reassign: bool) -> None:
        self.frame = frame
        self.mapping = mapping
        self.config = config
        self.roster = roster
        self.reps = roster.reps
        self.state = state.copy()
        moment = pd.Timestamp(now)
        if moment.tzinfo is None:
            moment = moment.tz_localize(config.general.timezone)
        self.now = moment.tz_convert("UTC")
        self.reassign = reassign
        self.n = len(frame)
        self.tiers = list(config.routing.tiers)
        self.has_roles = np.array([bool(t.roles) for t in self.tiers], dtype=bool)
        self.warnings = list(roster.warnings)
        self.territories_from = "file"
        if territories is None:
            territories = territories_from_roster(roster)
            self.territories_from = "roster"
        self.territories = list(territories)

    def run(self) -> RouteResult:
        config = self.config
        self.status = RepStatus(self.roster, config, self.territories, self.now, self.warnings)
        self.matcher = TerritoryMatcher.build(self.territories, config.routing.territory_order)
        self.reasons = RouteReasons(self.matcher, self.tiers, self.reps["name"].to_numpy(dtype=object),
                                    config.nurture.tracks)
        # 1. tier
        score, blank_score = _scores(self.frame, self.mapping)
        band_code, band_names = _bands(self.frame, score, config)
        tier_of = score_tiers(score, self.tiers)
        # 2. kept owners
        owner_pos, kept = self._kept_owners(tier_of)
        base_load = self.status.load.copy()
        # 3. territories
        place = self._place(tier_of, kept)
        # 4. round robin and 5. escalations
        assignment = self._assign(place, tier_of, kept, owner_pos)
        # 6. SLA clock and due date
        created = lead_timestamps(self.frame, self.mapping, "created_at", config.general.timezone)
        minutes, due_codes, due_texts = self._deadlines(tier_of, band_code, band_names, kept, created,
                                                        assignment.owner)
        # 7. nurture
        track_code, step_code, step_names, touch_codes, touch_texts = nurture_plan(config, score, created,
                                                                                   self.now.value)
        reason_codes, reason_texts = self.reasons.write(
            score, blank_score, band_code, band_names, tier_of, kept, owner_pos, place.reason_check, place.gap,
            assignment.outcome, assignment.escalation_code, place.leads, track_code)
        owner_names = [*self.reps["name"], config.lifecycle.marketing_queue, config.routing.escalation_owner]
        owner_ids = [*self.reps["rep_id"], None, None]
        columns = {
            "revops_queue": _str_column(tier_of, [t.queue for t in self.tiers]),
            "revops_territory": _str_column(place.territory_of, [t.name for t in self.territories]),
            "revops_owner": _str_column(assignment.owner, owner_names),
            "revops_owner_id": _str_column(assignment.owner, owner_ids),
            "revops_alert": _str_column(tier_of, [t.alert for t in self.tiers]),
            "revops_sla_minutes": pd.Series(pd.array(pd.Series(minutes).round(), dtype="Int64")),
            "revops_due_at": _str_column(due_codes, due_texts),
            "revops_nurture_track": _str_column(track_code, [t.name for t in config.nurture.tracks]),
            "revops_next_touch": _str_column(step_code, step_names),
            "revops_next_touch_at": _str_column(touch_codes, touch_texts),
            "revops_route_reason": _str_column(reason_codes, reason_texts),
        }
        out = self.frame.copy()
        for name, values in columns.items():
            out[name] = values.set_axis(out.index)
        return self._result(out, tier_of, place.territory_of, assignment, kept, base_load, track_code)

    def _kept_owners(self, tier_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """2. (roster position of each lead's owner, -1 none; True where the lead keeps that owner).

        Only a lead of a sales tier (one with roles) keeps an active owner: "< 40: Marketing nurture,
        no sales assignment", so a nurture lead goes back to marketing whoever owned it, unless
        ``routing.keep_owner_in_nurture``. A load counted from this input no longer counts the leads
        that leave their owner.
        """
        n, m = self.n, len(self.reps)
        owner_pos = np.full(n, -1, dtype=np.int64)
        owner_column = self.mapping.get("owner")
        if owner_column is not None and owner_column in self.frame.columns:
            owner_pos = self.roster.owner_positions(self.frame[owner_column])
        rep_ok = np.append(self.status.active & ~self.status.away, False)
        kept = np.zeros(n, dtype=bool)
        if self.config.routing.keep_active_owner and not self.reassign:
            kept = rep_ok[owner_pos]  # position -1 takes the trailing False
            if not self.config.routing.keep_owner_in_nurture:
                kept &= self.has_roles[tier_of]
        if self.roster.load_from == "input":
            # leads of this input that leave their owner no longer count against them
            leaving = owner_pos[(owner_pos >= 0) & ~kept]
            self.status.load = np.maximum(self.status.load - np.bincount(leaving, minlength=m), 0.0)
        return owner_pos, kept

    def _place(self, tier_of: np.ndarray, kept: np.ndarray) -> _Placement:
        """3. The territory of each lead: the first matching one staffed for its tier, else the first matching."""
        m = len(self.reps)
        leads = _lead_features(self.frame, self.mapping, self.config, self.matcher.named_keys())
        members = np.array([self.status.tier_members(t) for t in self.tiers]).reshape(len(self.tiers), m)
        staffed = np.zeros((len(self.territories), len(self.tiers)), dtype=bool)
        for i in np.flatnonzero(self.status.active):
            for t in self.status.rep_territories[i]:
                staffed[t] |= members[:, i]
        needs = self.has_roles[tier_of] & ~kept
        first_any, first_staffed = self.matcher.first_matches(leads, needs, tier_of, staffed)
        check_territory = np.array([t for t, _ in self.matcher.checks] + [-1], dtype=np.int64)
        territory_of = np.where(first_staffed >= 0, check_territory[first_staffed], check_territory[first_any])
        reason_check = np.where(first_staffed >= 0, first_staffed, first_any)
        gap = needs & (first_staffed < 0) & (first_any >= 0)
        return _Placement(leads, members, needs, first_any, first_staffed, check_territory, territory_of,
                          reason_check, gap)

    def _assign(self, place: _Placement, tier_of: np.ndarray, kept: np.ndarray,
                owner_pos: np.ndarray) -> _Assignment:
        """4. Round robin, pool by pool (a pool = territory x tier; -2 = the fallback pool); 5. escalations."""
        n, m = self.n, len(self.reps)
        marketing = m  # owner code of the marketing queue; m + 1 is the escalation owner text
        owner = np.where(kept, owner_pos, -1)
        owner[~self.has_roles[tier_of] & ~kept] = marketing
        outcome = np.full(n, -1, dtype=np.int64)
        escalated = np.zeros(n, dtype=bool)
        kind = np.zeros(n, dtype=np.int64)  # escalation kind: 0 none, 1 no match, 2 unstaffed, 3 no eligible rep
        fallback_staffed = (place.members & (self.status.fallback & self.status.active)).any(axis=1)
        in_fallback = place.needs & (place.first_staffed < 0) & fallback_staffed[tier_of]
        pooled = place.needs & ((place.first_staffed >= 0) | in_fallback)
        pool_territory = np.where(place.first_staffed >= 0, place.check_territory[place.first_staffed], -2)
        assigned = np.zeros(m, dtype=np.int64)
        routed_rows = np.flatnonzero(pooled)
        if len(routed_rows):
            pool_codes, pool_first = _combine(pool_territory[routed_rows], tier_of[routed_rows])
            order = np.argsort(pool_codes, kind="stable")
            bounds = np.searchsorted(pool_codes[order], np.arange(len(pool_first) + 1))
            for pool in np.argsort(pool_first, kind="stable"):  # in order of each pool's first lead
                rows = routed_rows[order[bounds[pool]:bounds[pool + 1]]]
                picks = self._round_robin(rows, int(pool_territory[rows[0]]), int(tier_of[rows[0]]),
                                          place.members, outcome)
                owner[rows[:len(picks)]] = picks
                assigned += np.bincount(picks, minlength=m)
                left = rows[len(picks):]
                escalated[left] = True
                kind[left] = 3
        unpooled = place.needs & ~pooled
        escalated |= unpooled
        kind[unpooled] = np.where(place.first_any[unpooled] < 0, 1, 2)
        escalation_code = self._escalate(escalated, place.territory_of, owner, assigned)
        return _Assignment(owner, outcome, escalated, kind, escalation_code, assigned)

    def _round_robin(self, rows: np.ndarray, t: int, k: int, members: np.ndarray, outcome: np.ndarray) -> np.ndarray:
        """The pool of territory ``t`` (< 0: the fallback pool) and tier ``k``: :func:`assign_pool`."""
        tier = self.tiers[k]
        if t >= 0:
            in_pool = np.array([t in self.status.rep_territories[i] for i in range(len(self.reps))],
                               dtype=bool) & members[k]
            key, prefix = pool_key(self.territories[t].name, tier.queue), "; "
        else:
            in_pool = self.status.fallback & members[k]
            key, prefix = pool_key(None, tier.queue), "; fallback pool: "
        return assign_pool(rows, in_pool, key, prefix, self.status, self.state, self.reasons.outcome, outcome)

    def _escalate(self, escalated: np.ndarray, territory_of: np.ndarray, owner: np.ndarray,
                  assigned: np.ndarray) -> np.ndarray:
        """5. Escalated leads go to their territory's escalation rep, else the first on the roster, else the
        ``routing.escalation_owner`` text; sets ``owner`` and counts, returns the outcome code per row (-1)."""
        reps, m = self.reps, len(self.reps)
        escalation_code = np.full(self.n, -1, dtype=np.int64)
        if escalated.any():
            targets = self.status.escalation_targets(len(self.territories))
            rows = np.flatnonzero(escalated)
            target = targets[territory_of[rows] + 1]
            owner[rows] = np.where(target >= 0, target, m + 1)
            got = np.bincount(target[target >= 0], minlength=m)
            assigned += got
            self.status.load += got
            for i in np.unique(target):
                name = (self.config.routing.escalation_owner if i < 0
                        else f"{reps['name'].iloc[i]} ({reps['role'].iloc[i]})")
                escalation_code[rows[target == i]] = self.reasons.outcome(f" → escalated to {name}")
        return escalation_code

    def _deadlines(self, tier_of: np.ndarray, band_code: np.ndarray, band_names: np.ndarray, kept: np.ndarray,
                   created: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """6. (SLA minutes per row, NaN none; due date code per row, ISO texts)."""
        config = self.config
        sla = np.array([t.sla_minutes if t.sla_minutes is not None else np.nan for t in self.tiers], dtype=float)
        minutes = sla[tier_of]
        assigned_at = lead_timestamps(self.frame, self.mapping, "assigned_at", config.general.timezone)
        start = sla_start(kept, created, assigned_at, self.now.value)
        wall_bands = set(config.sla.wall_clock_bands)
        wall = np.array([name in wall_bands for name in band_names], dtype=bool)[band_code]
        due_codes, due_texts = due_dates(config, self.reps["calendar"], start, minutes, wall, owner)
        return minutes, due_codes, due_texts

    def _result(self, out: pd.DataFrame, tier_of: np.ndarray, territory_of: np.ndarray, assignment: _Assignment,
                kept: np.ndarray, base_load: np.ndarray, track_code: np.ndarray) -> RouteResult:
        """The routed frame with the figures: counts by queue, territory, rep, escalation reason and track."""
        reps, status, tracks = self.reps, self.status, self.config.nurture.tracks
        queue_counts = np.bincount(tier_of, minlength=len(self.tiers))
        by_queue = {t.queue: int(c) for t, c in zip(self.tiers, queue_counts)}
        territory_counts = np.bincount(territory_of + 1, minlength=len(self.territories) + 1)
        by_territory = {t.name: int(c) for t, c in zip(self.territories, territory_counts[1:]) if c}
        if territory_counts[0]:
            by_territory["(none)"] = int(territory_counts[0])
        kind_counts = np.bincount(assignment.kind, minlength=4)
        escalation_reasons = {key: int(kind_counts[k]) for k, key in ((1, NO_TERRITORY), (2, UNSTAFFED),
                                                                       (3, NO_ELIGIBLE)) if kind_counts[k]}
        assigned = assignment.assigned
        by_rep = [{
            "rep": reps["name"].iloc[i], "rep_id": reps["rep_id"].iloc[i], "role": reps["role"].iloc[i],
            "territory": reps["territory"].iloc[i], "assigned": int(assigned[i]),
            "load": _json_number(base_load[i] + assigned[i]),
            "capacity": None if math.isnan(status.capacity[i]) else _json_number(status.capacity[i]),
            "status": status.status_text(i, math.inf) or "available",
        } for i in range(len(reps))]
        track_counts = np.bincount(track_code[track_code >= 0], minlength=len(tracks))
        nurture = {t.name: int(c) for t, c in zip(tracks, track_counts)}
        return RouteResult(
            frame=out, state=self.state, by_queue=by_queue, by_rep=by_rep,
            escalations=int(assignment.escalated.sum()), escalation_reasons=escalation_reasons,
            kept_owner=int(kept.sum()), kept=np.asarray(kept, dtype=bool), nurture=nurture,
            by_territory=by_territory, territories_from=self.territories_from, warnings=self.warnings,
        )


def route_with_roster(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    reps: MappedFrame,
    territories: MappedFrame | None,
    *,
    state: RouteState,
    now: pd.Timestamp,
    reassign: bool = False,
) -> RouteResult:
    """:func:`route_leads` from the roster and territory exports as read: the roster's load counts the
    leads of ``frame`` each rep already owns, and without a territory export territories come from the
    roster's region names."""
    roster = load_roster(reps.frame, reps.mapping, config, now=now, leads=frame, lead_mapping=mapping,
                         source=reps.source)
    territory_list = None
    if territories is not None:
        territory_list = load_territories(territories.frame, territories.mapping, source=territories.source)
    return route_leads(frame, mapping, config, roster, territory_list, state=state, now=now, reassign=reassign)


def route_leads(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    roster: Roster,
    territories: list[Territory] | None,
    *,
    state: RouteState,
    now: pd.Timestamp,
    reassign: bool = False,
) -> RouteResult:
    """Route scored leads to a queue, territory and rep, with alert, SLA deadline, nurture track and reason.

    ``frame`` carries ``revops_score`` (and usually ``revops_band``) from
    ``revops leads score``, else a score column mapped as ``score``.
    ``territories`` None derives them from the roster's region names.
    ``state`` is the round-robin state; the advanced copy is in the result
    (``state`` itself is not changed). ``reassign`` routes leads already
    owned by an active rep too. Adds :data:`ROUTE_COLUMNS` after the
    original columns (in place when an earlier run added them). Never reads
    or writes files.
    """
    index = frame.index
    work = frame.reset_index(drop=True)
    result = _Router(work, mapping, config, roster, territories, state, now, reassign).run()
    result.frame.index = index
    return result
