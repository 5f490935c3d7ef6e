"""The routing run: the Lead Management SOP's "4. Lead Routing" steps in order, a block of leads at a time.

:func:`route_leads` takes scored leads, a :class:`~.roster.Roster` and territories and returns a
:class:`RouteResult`: the leads with :data:`ROUTE_COLUMNS` added, the advanced round-robin state and the
figures. The steps (tier, kept owner, territory, round robin, escalation, due date, nurture) are documented in
the package docstring; each is a method of :class:`RouteRun` or a function of its own module. A
:class:`RouteRun` can also be fed an input a batch at a time (``revops leads route`` on a big file): it decides
the same blocks of leads either way, so the output is the same.
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
from revops_cli.core.leads.routing.roster import Roster, load_roster, owned_leads
from revops_cli.core.leads.routing.round_robin import RouteState, assign_pool, pool_key
from revops_cli.core.leads.routing.territories import Territory, load_territories, territories_from_roster

ROUTE_COLUMNS: tuple[str, ...] = (
    "revops_queue", "revops_territory", "revops_owner", "revops_owner_id", "revops_alert", "revops_sla_minutes",
    "revops_due_at", "revops_nurture_track", "revops_next_touch", "revops_next_touch_at", "revops_route_reason",
)

#: Leads decided together (see :class:`RouteRun`). As many as a streamed batch
#: (:data:`revops_cli.io.stream.BATCH_ROWS`): a big file read in batches routes one batch per block.
ROUTE_BLOCK_ROWS = 200_000

#: Escalation-reason keys of :attr:`RouteResult.escalation_reasons`.
NO_TERRITORY = "no territory matches"
UNSTAFFED = "no rep of the tier's roles in the territory"
NO_ELIGIBLE = "no eligible rep"


@dataclass
class RouteResult:
    """What :func:`route_leads` returns: the routed frame, the new state and the figures.

    ``rows`` counts the routed leads: those of ``frame``, except in the result of a run fed batch after
    batch (:meth:`RouteRun.result`), whose leads went to the output as they were routed.
    """

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
    rows: int = 0

    def summary(self) -> dict:
        """JSON-able figures for ``--json``."""
        return {
            "rows": self.rows,
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
class _Basics:
    """Steps 1 and 2 per lead: score (blank = 0), blank score, tier, the owner's roster position (-1 none),
    and whether the lead keeps that owner."""

    score: np.ndarray
    blank_score: np.ndarray
    tier_of: np.ndarray
    owner_pos: np.ndarray
    kept: np.ndarray


@dataclass
class _Placement:
    """Step 3 per lead: its features, and the territory checks it matched (-1 none)."""

    leads: _Leads
    needs: np.ndarray  # the lead needs a rep: its tier has roles and it keeps no owner
    first_any: np.ndarray  # first matching check
    first_staffed: np.ndarray  # first matching check staffed for the lead's tier
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


@dataclass
class _Counts:
    """The figures of routed leads as counts, which add up block after block: leads per tier, per territory
    (index + 1; 0 = none), per escalation kind, assigned per rep, per nurture track."""

    rows: int
    queue: np.ndarray
    territory: np.ndarray
    kind: np.ndarray
    assigned: np.ndarray
    track: np.ndarray
    escalations: int
    kept: int

    @classmethod
    def zero(cls, tiers: int, territories: int, reps: int, tracks: int) -> _Counts:
        zeros = np.zeros
        return cls(0, zeros(tiers, np.int64), zeros(territories + 1, np.int64), zeros(4, np.int64),
                   zeros(reps, np.int64), zeros(tracks, np.int64), 0, 0)

    def __add__(self, other: _Counts) -> _Counts:
        return _Counts(self.rows + other.rows, self.queue + other.queue, self.territory + other.territory,
                       self.kind + other.kind, self.assigned + other.assigned, self.track + other.track,
                       self.escalations + other.escalations, self.kept + other.kept)


class RouteRun:
    """One routing run, fed the input's leads in file order, a frame at a time.

    Routing decides leads in blocks of ``block_rows`` consecutive rows (:data:`ROUTE_BLOCK_ROWS` by
    default), counted from the input's first row: within a block, round robin pool by pool (each pool's
    leads in file order, pools in the order of their first lead), then the block's escalations; the
    round-robin state, each rep's load, the reason texts and the figures carry over from block to block. So
    a rep who reaches capacity in one block gets no round-robin lead in the next, and a pool's rotation goes
    on where the last block left it. An input of at most one block routes all its leads together.

    What needs every row is taken before the first block: with a roster whose load comes from the input
    (no load column), the leads each rep owns and those that leave their owner are counted over all rows
    (:meth:`count_input`), so a rep who owns leads only at the end of the file is at capacity from the
    first block on.

    A whole input in memory: :meth:`route_frame`. Batch after batch: :meth:`count_input` on every batch
    (when :attr:`needs_count`), then :meth:`route_rows` on the same batches in the same order (each but the
    last a whole number of blocks), then :meth:`result` for the totals and the new state. The run works on
    its own copy of ``state``; nothing reads or writes files.
    """

    def __init__(self, mapping: ColumnMapping, config: RevopsConfig, roster: Roster,
                 territories: list[Territory] | None, *, state: RouteState, now: pd.Timestamp, reassign: bool = False,
                 load_from_input: bool = False, block_rows: int = ROUTE_BLOCK_ROWS) -> None:
        """``load_from_input``: a roster without a load column gets each rep's load from the leads of the
        input they own (as ``load_roster(..., leads=...)`` counts them of a frame); a roster whose
        ``load_from`` is ``"input"`` already has them, and only the leads leaving their owner are counted."""
        if block_rows < 1:
            raise ValueError(f"block_rows must be 1 or more (got {block_rows})")
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
        self.block_rows = block_rows
        self.tiers = list(config.routing.tiers)
        self.has_roles = np.array([bool(t.roles) for t in self.tiers], dtype=bool)
        self.warnings = list(roster.warnings)
        self.territories_from = "file"
        if territories is None:
            territories = territories_from_roster(roster)
            self.territories_from = "roster"
        self.territories = list(territories)
        self.status = RepStatus(roster, config, self.territories, self.now, self.warnings)
        self.matcher = TerritoryMatcher.build(self.territories, config.routing.territory_order)
        self.reasons = RouteReasons(self.matcher, self.tiers, self.reps["name"].to_numpy(dtype=object),
                                    config.nurture.tracks)
        self._pools()
        m = len(self.reps)
        # the whole-input facts, counted before the first block
        self._count_owned = load_from_input and roster.load_from == "none" and mapping.get("owner") is not None
        self.load_from = "input" if self._count_owned else roster.load_from
        self._owned = np.zeros(m, dtype=np.int64)
        self._leaving = np.zeros(m, dtype=np.int64)
        self._counted = 0
        self.base_load: np.ndarray | None = None  # each rep's load before the first block, once it is known
        self.rows = 0  # leads routed so far
        self._totals = _Counts.zero(len(self.tiers), len(self.territories), m, len(config.nurture.tracks))

    @classmethod
    def from_exports(cls, mapping: ColumnMapping, config: RevopsConfig, reps: MappedFrame,
                     territories: MappedFrame | None, *, state: RouteState, now: pd.Timestamp,
                     reassign: bool = False, block_rows: int = ROUTE_BLOCK_ROWS) -> RouteRun:
        """The run of the roster and territory exports as read: a roster without a load column counts the
        leads of the input each rep already owns, and without a territory export territories come from the
        roster's region names."""
        roster = load_roster(reps.frame, reps.mapping, config, now=now, source=reps.source)
        territory_list = None
        if territories is not None:
            territory_list = load_territories(territories.frame, territories.mapping, source=territories.source)
        return cls(mapping, config, roster, territory_list, state=state, now=now, reassign=reassign,
                   load_from_input=True, block_rows=block_rows)

    def _pools(self) -> None:
        """What the pools are, whatever the leads: each tier's members, the territories staffed for each
        tier, the territory of each match check, the tiers with a fallback pool, each territory's
        escalation rep."""
        status, m = self.status, len(self.reps)
        self.members = np.array([status.tier_members(t) for t in self.tiers]).reshape(len(self.tiers), m)
        self.staffed = np.zeros((len(self.territories), len(self.tiers)), dtype=bool)
        for i in np.flatnonzero(status.active):
            for t in status.rep_territories[i]:
                self.staffed[t] |= self.members[:, i]
        self.check_territory = np.array([t for t, _ in self.matcher.checks] + [-1], dtype=np.int64)
        self.fallback_staffed = (self.members & (status.fallback & status.active)).any(axis=1)
        self.escalation_to = status.escalation_targets(len(self.territories))

    @property
    def needs_count(self) -> bool:
        """Whether :meth:`count_input` has anything to count: the load comes from the input."""
        return self.load_from == "input"

    def count_input(self, frame: pd.DataFrame) -> None:
        """Count what routing needs of every row before the first block, from the next batch of the input
        (file order): the leads each rep owns (a load from the input) and those that leave their owner
        (which no longer count against them). Every batch, before the first :meth:`route_rows`."""
        if self.base_load is not None:
            raise RuntimeError("count_input() after route_rows(): count every row of the input first")
        if self.needs_count:
            self._count(self._basics(frame, self._counted))

    def route_rows(self, frame: pd.DataFrame) -> RouteResult:
        """Route the next leads of the input (those after the ones routed so far), block by block.

        Returns them with :data:`ROUTE_COLUMNS` added and their own figures (``by_rep`` ``load``: after
        them), the state so far, no warnings (:meth:`result` has them once).
        """
        work = frame.reset_index(drop=True)
        routed = self._route(work, self._basics(work, self.rows))
        routed.frame.index = frame.index
        return routed

    def route_frame(self, frame: pd.DataFrame) -> RouteResult:
        """Route a whole input held in memory (a new run): :meth:`count_input` and :meth:`route_rows` over
        it, each lead's tier and owner worked out once; the result with the routed frame."""
        if self.rows or self._counted:
            raise RuntimeError("route_frame() routes a whole input: use a new RouteRun")
        work = frame.reset_index(drop=True)
        basics = self._basics(work, 0)
        if self.needs_count:
            self._count(basics)
        routed = self._route(work, basics)
        routed.frame.index = frame.index
        return self.result(routed.frame, routed.kept)

    def result(self, frame: pd.DataFrame | None = None, kept: np.ndarray | None = None) -> RouteResult:
        """The run's result: figures over every lead routed, the warnings, the new state.

        ``frame`` and ``kept`` are the routed leads when the caller holds them all; a run fed batch after
        batch wrote its leads out as they came (``frame`` is then empty, ``rows`` counts them).
        """
        if self.needs_count and self._counted != self.rows:
            raise RuntimeError(f"count_input() saw {self._counted:,} leads and route_rows() {self.rows:,}: "
                               "both must see every lead of the input")
        if self.base_load is None:
            self._start()
        return self._figures(self._totals, pd.DataFrame() if frame is None else frame, kept, self.state,
                             self.warnings)

    def _count(self, basics: _Basics) -> None:
        """Add a batch's owned and leaving leads per rep to the whole input's."""
        owner_pos, m = basics.owner_pos, len(self.reps)
        if self._count_owned:
            self._owned += owned_leads(owner_pos, m)
        self._leaving += owned_leads(owner_pos[~basics.kept], m)
        self._counted += len(owner_pos)

    def _start(self) -> None:
        """Before the first block: each rep's load, less the leads of the input that leave their owner."""
        load = self._owned.astype(float) if self._count_owned else self.status.load
        if self.load_from == "input":
            load = np.maximum(load - self._leaving, 0.0)
        self.status.load = load
        self.base_load = load.copy()

    def _basics(self, frame: pd.DataFrame, offset: int) -> _Basics:
        """1. Tier and 2. kept owner of each lead of ``frame``, whose first row is lead ``offset`` of the input."""
        score, blank_score = _scores(frame, self.mapping, offset)
        tier_of = score_tiers(score, self.tiers)
        owner_pos, kept = self._kept_owners(frame, tier_of)
        return _Basics(score, blank_score, tier_of, owner_pos, kept)

    def _route(self, frame: pd.DataFrame, basics: _Basics) -> RouteResult:
        """Steps 3 to 7 of the next leads (index from 0), steps 1 and 2 in ``basics``."""
        if self.rows % self.block_rows:
            raise ValueError(f"the leads routed so far ({self.rows:,}) end inside a block of {self.block_rows:,}: "
                             "only the last batch of an input may")
        if self.base_load is None:
            self._start()
        config = self.config
        band_code, band_names = _bands(frame, basics.score, config)
        # 3. territories
        place = self._place(frame, basics)
        # 4. round robin and 5. escalations, block by block
        assignment = self._assign(place, basics)
        # 6. SLA clock and due date
        created = lead_timestamps(frame, self.mapping, "created_at", config.general.timezone)
        minutes, due = self._deadlines(frame, basics, band_code, band_names, created, assignment.owner)
        # 7. nurture
        nurture = nurture_plan(config, basics.score, created, self.now.value)
        track_code = nurture[0]
        reasons = self.reasons.write(
            basics.score, basics.blank_score, band_code, band_names, basics.tier_of, basics.kept, basics.owner_pos,
            place.reason_check, place.gap, assignment.outcome, assignment.escalation_code, place.leads, track_code)
        out = frame.copy()
        for name, values in self._columns(basics, place, assignment, minutes, due, nurture, reasons).items():
            out[name] = values.set_axis(out.index)
        counts = self._counts(basics, place, assignment, track_code)
        self._totals += counts
        self.rows += len(frame)
        return self._figures(counts, out, basics.kept, self.state.copy(), [])

    def _columns(self, basics: _Basics, place: _Placement, assignment: _Assignment, minutes: np.ndarray,
                 due: tuple, nurture: tuple, reasons: tuple) -> dict[str, pd.Series]:
        """:data:`ROUTE_COLUMNS` from the codes of each step."""
        config, tier_of = self.config, basics.tier_of
        track_code, step_code, step_names, touch_codes, touch_texts = nurture
        owner_names = [*self.reps["name"], config.lifecycle.marketing_queue, config.routing.escalation_owner]
        owner_ids = [*self.reps["rep_id"], None, None]
        return {
            "revops_queue": _str_column(tier_of, [t.queue for t in self.tiers]),
            "revops_territory": _str_column(place.territory_of, [t.name for t in self.territories]),
            "revops_owner": _str_column(assignment.owner, owner_names),
            "revops_owner_id": _str_column(assignment.owner, owner_ids),
            "revops_alert": _str_column(tier_of, [t.alert for t in self.tiers]),
            "revops_sla_minutes": pd.Series(pd.array(pd.Series(minutes).round(), dtype="Int64")),
            "revops_due_at": _str_column(*due),
            "revops_nurture_track": _str_column(track_code, [t.name for t in config.nurture.tracks]),
            "revops_next_touch": _str_column(step_code, step_names),
            "revops_next_touch_at": _str_column(touch_codes, touch_texts),
            "revops_route_reason": _str_column(*reasons),
        }

    def _kept_owners(self, frame: pd.DataFrame, tier_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """2. (roster position of each lead's owner, -1 none; True where the lead keeps that owner).

        Only a lead of a sales tier (one with roles) keeps an active owner: "< 40: Marketing nurture,
        no sales assignment", so a nurture lead goes back to marketing whoever owned it, unless
        ``routing.keep_owner_in_nurture``.
        """
        owner_pos = np.full(len(frame), -1, dtype=np.int64)
        owner_column = self.mapping.get("owner")
        if owner_column is not None and owner_column in frame.columns:
            owner_pos = self.roster.owner_positions(frame[owner_column])
        rep_ok = np.append(self.status.active & ~self.status.away, False)
        kept = np.zeros(len(frame), dtype=bool)
        if self.config.routing.keep_active_owner and not self.reassign:
            kept = rep_ok[owner_pos]  # position -1 takes the trailing False
            if not self.config.routing.keep_owner_in_nurture:
                kept &= self.has_roles[tier_of]
        return owner_pos, kept

    def _place(self, frame: pd.DataFrame, basics: _Basics) -> _Placement:
        """3. The territory of each lead: the first matching one staffed for its tier, else the first matching."""
        leads = _lead_features(frame, self.mapping, self.config, self.matcher.named_keys())
        needs = self.has_roles[basics.tier_of] & ~basics.kept
        first_any, first_staffed = self.matcher.first_matches(leads, needs, basics.tier_of, self.staffed)
        check_territory = self.check_territory
        territory_of = np.where(first_staffed >= 0, check_territory[first_staffed], check_territory[first_any])
        reason_check = np.where(first_staffed >= 0, first_staffed, first_any)
        gap = needs & (first_staffed < 0) & (first_any >= 0)
        return _Placement(leads, needs, first_any, first_staffed, territory_of, reason_check, gap)

    def _assign(self, place: _Placement, basics: _Basics) -> _Assignment:
        """4. Round robin and 5. escalations, block after block (see :class:`RouteRun`): in each block pool
        by pool (a pool = territory x tier; -2 = the fallback pool), then the block's escalations."""
        n, m, tier_of = len(basics.kept), len(self.reps), basics.tier_of
        owner = np.where(basics.kept, basics.owner_pos, -1)
        owner[~self.has_roles[tier_of] & ~basics.kept] = m  # the marketing queue; m + 1 is the escalation text
        in_fallback = place.needs & (place.first_staffed < 0) & self.fallback_staffed[tier_of]
        pooled = place.needs & ((place.first_staffed >= 0) | in_fallback)
        unpooled = place.needs & ~pooled
        kind = np.zeros(n, dtype=np.int64)  # escalation kind: 0 none, 1 no match, 2 unstaffed, 3 no eligible rep
        kind[unpooled] = np.where(place.first_any[unpooled] < 0, 1, 2)
        done = _Assignment(owner, np.full(n, -1, dtype=np.int64), unpooled, kind, np.full(n, -1, dtype=np.int64),
                           np.zeros(m, dtype=np.int64))
        pool_territory = np.where(place.first_staffed >= 0, self.check_territory[place.first_staffed], -2)
        for start in range(0, n, self.block_rows):
            block = slice(start, start + self.block_rows)
            self._round_robin_block(np.flatnonzero(pooled[block]) + start, pool_territory, tier_of, done)
            self._escalate(np.flatnonzero(done.escalated[block]) + start, place.territory_of, done)
        return done

    def _round_robin_block(self, routed_rows: np.ndarray, pool_territory: np.ndarray, tier_of: np.ndarray,
                           done: _Assignment) -> None:
        """4. The pooled leads of one block, pool by pool in the order of each pool's first lead; the leads a
        pool has no rep for are marked for escalation."""
        if not len(routed_rows):
            return
        pool_codes, pool_first = _combine(pool_territory[routed_rows], tier_of[routed_rows])
        order = np.argsort(pool_codes, kind="stable")
        bounds = np.searchsorted(pool_codes[order], np.arange(len(pool_first) + 1))
        for pool in np.argsort(pool_first, kind="stable"):
            rows = routed_rows[order[bounds[pool]:bounds[pool + 1]]]
            picks = self._round_robin(rows, int(pool_territory[rows[0]]), int(tier_of[rows[0]]), done.outcome)
            done.owner[rows[:len(picks)]] = picks
            done.assigned += np.bincount(picks, minlength=len(self.reps))
            left = rows[len(picks):]
            done.escalated[left] = True
            done.kind[left] = 3

    def _round_robin(self, rows: np.ndarray, t: int, k: int, outcome: np.ndarray) -> np.ndarray:
        """The pool of territory ``t`` (< 0: the fallback pool) and tier ``k``: :func:`assign_pool`."""
        tier = self.tiers[k]
        if t >= 0:
            in_pool = np.array([t in self.status.rep_territories[i] for i in range(len(self.reps))],
                               dtype=bool) & self.members[k]
            key, prefix = pool_key(self.territories[t].name, tier.queue), "; "
        else:
            in_pool = self.status.fallback & self.members[k]
            key, prefix = pool_key(None, tier.queue), "; fallback pool: "
        return assign_pool(rows, in_pool, key, prefix, self.status, self.state, self.reasons.outcome, outcome)

    def _escalate(self, rows: np.ndarray, territory_of: np.ndarray, done: _Assignment) -> None:
        """5. The escalated leads ``rows`` go to their territory's escalation rep, else the first on the roster,
        else the ``routing.escalation_owner`` text; sets their owner and outcome code, counts the load."""
        if not len(rows):
            return
        reps, m = self.reps, len(self.reps)
        target = self.escalation_to[territory_of[rows] + 1]
        done.owner[rows] = np.where(target >= 0, target, m + 1)
        got = np.bincount(target[target >= 0], minlength=m)
        done.assigned += got
        self.status.load += got
        for i in np.unique(target):
            name = (self.config.routing.escalation_owner if i < 0
                    else f"{reps['name'].iloc[i]} ({reps['role'].iloc[i]})")
            done.escalation_code[rows[target == i]] = self.reasons.outcome(f" → escalated to {name}")

    def _deadlines(self, frame: pd.DataFrame, basics: _Basics, band_code: np.ndarray, band_names: np.ndarray,
                   created: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, list[str | None]]]:
        """6. (SLA minutes per row, NaN none; (due date code per row, ISO texts))."""
        config = self.config
        sla = np.array([t.sla_minutes if t.sla_minutes is not None else np.nan for t in self.tiers], dtype=float)
        minutes = sla[basics.tier_of]
        assigned_at = lead_timestamps(frame, self.mapping, "assigned_at", config.general.timezone)
        start = sla_start(basics.kept, created, assigned_at, self.now.value)
        wall_bands = set(config.sla.wall_clock_bands)
        wall = np.array([name in wall_bands for name in band_names], dtype=bool)[band_code]
        return minutes, due_dates(config, self.reps["calendar"], start, minutes, wall, owner)

    def _counts(self, basics: _Basics, place: _Placement, assignment: _Assignment,
                track_code: np.ndarray) -> _Counts:
        """The figures of the leads just routed, as counts."""
        return _Counts(
            rows=len(basics.kept),
            queue=np.bincount(basics.tier_of, minlength=len(self.tiers)),
            territory=np.bincount(place.territory_of + 1, minlength=len(self.territories) + 1),
            kind=np.bincount(assignment.kind, minlength=4),
            assigned=assignment.assigned,
            track=np.bincount(track_code[track_code >= 0], minlength=len(self.config.nurture.tracks)),
            escalations=int(assignment.escalated.sum()),
            kept=int(basics.kept.sum()),
        )

    def _figures(self, counts: _Counts, frame: pd.DataFrame, kept: np.ndarray | None, state: RouteState,
                 warnings: list[str]) -> RouteResult:
        """A :class:`RouteResult` of ``counts``: leads by queue, territory, rep, escalation reason and track;
        each rep's load is the one after every lead routed so far."""
        reps, status, tracks = self.reps, self.status, self.config.nurture.tracks
        by_territory = {t.name: int(c) for t, c in zip(self.territories, counts.territory[1:]) if c}
        if counts.territory[0]:
            by_territory["(none)"] = int(counts.territory[0])
        escalation_reasons = {key: int(counts.kind[k]) for k, key in ((1, NO_TERRITORY), (2, UNSTAFFED),
                                                                       (3, NO_ELIGIBLE)) if counts.kind[k]}
        load = self.base_load + self._totals.assigned
        by_rep = [{
            "rep": reps["name"].iloc[i], "rep_id": reps["rep_id"].iloc[i], "role": reps["role"].iloc[i],
            "territory": reps["territory"].iloc[i], "assigned": int(counts.assigned[i]),
            "load": _json_number(load[i]),
            "capacity": None if math.isnan(status.capacity[i]) else _json_number(status.capacity[i]),
            "status": status.status_text(i, math.inf) or "available",
        } for i in range(len(reps))]
        return RouteResult(
            frame=frame, state=state, by_queue={t.queue: int(c) for t, c in zip(self.tiers, counts.queue)},
            by_rep=by_rep, escalations=counts.escalations, escalation_reasons=escalation_reasons,
            kept_owner=counts.kept, kept=None if kept is None else np.asarray(kept, dtype=bool),
            nurture={t.name: int(c) for t, c in zip(tracks, counts.track)}, by_territory=by_territory,
            territories_from=self.territories_from, warnings=warnings, rows=counts.rows,
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
    block_rows: int = ROUTE_BLOCK_ROWS,
) -> RouteResult:
    """:func:`route_leads` from the roster and territory exports as read: the roster's load counts the
    leads of ``frame`` each rep already owns, and without a territory export territories come from the
    roster's region names (:meth:`RouteRun.from_exports`)."""
    return RouteRun.from_exports(mapping, config, reps, territories, state=state, now=now, reassign=reassign,
                                 block_rows=block_rows).route_frame(frame)


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
    block_rows: int = ROUTE_BLOCK_ROWS,
) -> RouteResult:
    """Route scored leads to a queue, territory and rep, with alert, SLA deadline, nurture track and reason.

    ``frame`` carries ``revops_score`` (and usually ``revops_band``) from
    ``revops leads score``, else a score column mapped as ``score``.
    ``territories`` None derives them from the roster's region names.
    ``state`` is the round-robin state; the advanced copy is in the result
    (``state`` itself is not changed). ``reassign`` routes leads already
    owned by an active rep too. Leads are decided ``block_rows`` at a time
    (see :class:`RouteRun`). Adds :data:`ROUTE_COLUMNS` after the
    original columns (in place when an earlier run added them). Never reads
    or writes files.
    """
    return RouteRun(mapping, config, roster, territories, state=state, now=now, reassign=reassign,
                    block_rows=block_rows).route_frame(frame)
