"""The SLA audit: :func:`audit_sla` runs every check over a leads export and returns an :class:`SlaAudit`.

The terminal table, ``--json``, the breaches file and the weekly report all
come from the one :class:`SlaAudit`, so every number is computed here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import Roster
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.business_time import WorkCalendar
from revops_cli.core.sales.sla.arrays import _NAT, _NS_PER_DAY, _NS_PER_MINUTE, _instant, _iso, _labels, _stamps
from revops_cli.core.sales.sla.checks import (
    AGREEMENT_STATUSES,
    CADENCE_STATUSES,
    DISPOSITION_STATUSES,
    RESPONSE_KINDS,
    RESPONSE_STATUSES,
    UNASSIGNED_REASONS,
    UNBANDED,
    _activity_arrays,
    _agreement,
    _BusinessClock,
    _cadence,
    _disposition,
    _owners,
    _response,
    _touches,
    _Touches,
    lead_timestamps,
    recorded_bands,
)
from revops_cli.core.sales.sla.figures import (
    BREACH_CHECKS,
    _agreement_figures,
    _assignment_figures,
    _breaches,
    _by_band,
    _by_rep,
    _by_week,
    _cadence_figures,
    _Context,
    _disposition_figures,
)
from revops_cli.core.sales.sla.minimums import _activity_days

#: Columns :func:`audit_sla` adds after the leads' own.
SLA_COLUMNS: tuple[str, ...] = (
    "revops_sla_rep", "revops_sla_band", "revops_sla_started_at", "revops_sla_due_at", "revops_first_touch_at",
    "revops_first_touch_kind", "revops_response_minutes", "revops_response_business_minutes",
    "revops_sla_status", "revops_agreement_status", "revops_agreement_missing", "revops_cadence_status",
    "revops_cadence_calls", "revops_cadence_emails", "revops_disposition_status", "revops_unassigned_reason",
)


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


@dataclass
class SlaAudit:
    """What :func:`audit_sla` returns: findings first, renderers later.

    Tables (DataFrames):

    * ``leads``: one row per audited lead (original index and columns, then
      :data:`SLA_COLUMNS`; timestamps in ``general.timezone``).
    * ``breaches``: one row per breach of a lead check (:data:`BREACH_CHECKS`),
      indexed by the lead's original index: ``check``, ``lead_id``,
      ``lead_name``, ``band``, ``rep``, ``started_at``, ``due_at``, ``done_at``
      (NaT when never), ``minutes_late`` (business or wall minutes per the
      check, as of ``now`` when still open; NaN for a short cadence, which is a
      count, not a delay) and ``detail``.
    * ``unresponsive``: leads that may now be marked unresponsive and go back
      to marketing nurture (cadence complete, status not already a
      disposition): ``lead_id``, ``lead_name``, ``band``, ``rep``,
      ``started_at``, ``calls``, ``emails``, ``last_touch_at``, ``status``.
    * ``stuck_open``: ``lead_id``, ``lead_name``, ``band``, ``rep``,
      ``started_at``, ``created``, ``owner``, ``status``, ``first_touch_at``,
      ``due_at``.
    * ``unassigned``: ``lead_id``, ``lead_name``, ``band``, ``rep``,
      ``started_at``, ``created``, ``owner``, ``reason`` (one of
      :data:`UNASSIGNED_REASONS`).
    * ``activity_days``: one row per rep per working day: ``rep``, ``role``
      (the ``sla.activity_minimums`` key), ``day`` (the rep's local date),
      ``calls``, ``emails``, ``meetings``, ``demos``, ``minimum_calls`` ...
      ``minimum_demos``, ``under_minimum`` and ``missed`` ("calls 49/50").

    Figures: ``compliance`` (percent, None when nothing was due), ``target``,
    ``by_band``/``by_rep``/``by_week`` (lists of dicts), ``agreement``,
    ``cadence``, ``disposition``, ``assignment`` (dicts of counts),
    ``activity`` (one dict per rep: working days, days under the minimum,
    totals), ``counts`` (leads read, audited, without a clock start, outside
    the range, unbanded, where the bands came from) and ``period`` (``now``,
    ``start``, ``end``, ``activity_from``, ``activity_to`` as ISO text).
    """

    leads: pd.DataFrame
    breaches: pd.DataFrame
    unresponsive: pd.DataFrame
    stuck_open: pd.DataFrame
    unassigned: pd.DataFrame
    activity_days: pd.DataFrame
    compliance: float | None
    target: float
    by_band: list[dict] = field(default_factory=list)
    by_rep: list[dict] = field(default_factory=list)
    by_week: list[dict] = field(default_factory=list)
    agreement: dict = field(default_factory=dict)
    cadence: dict = field(default_factory=dict)
    disposition: dict = field(default_factory=dict)
    assignment: dict = field(default_factory=dict)
    activity: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    period: dict = field(default_factory=dict)
    #: Checks that could not run on these files (check -> why, and the --map or file that fixes it):
    #: ``response``, ``agreement``, ``cadence``, ``disposition``, ``assignment``, ``daily_minimums``.
    #: Their figures are empty (None, [] or {}), never 0 and never met or missed.
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    @property
    def meets_target(self) -> bool | None:
        """Compliance at or above ``sla.compliance_target``; None when no lead was due yet."""
        return None if self.compliance is None else self.compliance >= self.target

    @property
    def breach_counts(self) -> dict[str, int]:
        counts = self.breaches["check"].value_counts() if len(self.breaches) else {}
        return {check: int(counts.get(check, 0)) for check in BREACH_CHECKS}

    def summary(self) -> dict:
        """The figures as plain JSON-able values (the same numbers the tables show)."""
        under = int(self.activity_days["under_minimum"].sum()) if len(self.activity_days) else 0
        return {
            **self.period,
            **self.counts,
            "compliance_percent": self.compliance,
            "compliance_target": self.target,
            "meets_target": self.meets_target,
            "breaches": len(self.breaches),
            "breaches_by_check": self.breach_counts,
            "unresponsive": len(self.unresponsive),
            "stuck_open": len(self.stuck_open),
            "unassigned": len(self.unassigned),
            "by_band": self.by_band,
            "by_rep": self.by_rep,
            "by_week": self.by_week,
            "agreement": self.agreement,
            "cadence": self.cadence,
            "disposition": self.disposition,
            "assignment": self.assignment,
            "activity": self.activity,
            "activity_days": len(self.activity_days),
            "activity_days_under_minimum": under,
            "not_measured": not_measured_json(self.not_measured),
        }


# --------------------------------------------------------------------------
# The audit
# --------------------------------------------------------------------------


def audit_sla(
    leads: pd.DataFrame,
    lead_mapping: ColumnMapping,
    activities: ActivityLink | None,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    roster: Roster | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> SlaAudit:
    """Audit response SLAs, the sales SLA, disposition, assignment and daily minimums (see the package docstring).

    ``activities`` comes from :func:`~revops_cli.core.sales.activities.prepare_activities`
    (or :func:`~revops_cli.core.sales.activities.combine_links`) over this same
    ``leads`` frame; None audits as if nobody touched anything. ``now`` is the
    as-of instant; ``start``/``end`` (end exclusive) keep leads whose clock
    started in the range and the activity days in it. ``roster`` (from
    :func:`~revops_cli.core.leads.routing.load_roster`) gives each owner their own
    calendar, the assignment check its reps and the daily minimums their
    roles. Never reads or writes files; ``leads`` is not changed.
    """
    sla = config.sla
    zone = config.general.timezone
    n = len(leads)
    now_ns = _instant(now, zone)
    start_ns = None if start is None else _instant(start, zone)
    end_ns = None if end is None else _instant(end, zone)

    # Clock start, band, owner.
    created, clock, has_start, in_range = _clock_starts(leads, lead_mapping, zone, start_ns, end_ns)
    audited = in_range
    positions = np.flatnonzero(audited)
    band, band_sources = recorded_bands(leads, lead_mapping, config)
    owners = _owners(leads, lead_mapping, roster)

    # Touches per lead.
    acts = _activity_arrays(activities)
    touches = _touches(acts, n, audited, clock, now_ns, sla.cadence_days * _NS_PER_DAY)

    # Business time runs on the owner's calendar (the config's for owners not on the roster).
    p = positions
    default_calendar = WorkCalendar.from_config(config)
    calendar_list = [*(roster.reps["calendar"] if roster is not None else []), default_calendar]
    rep_p = owners.rep_pos[p]
    clock_p = clock[p]
    business = _BusinessClock(clock_p, np.where(rep_p >= 0, rep_p, len(calendar_list) - 1), calendar_list)
    business_now = business.minutes_to(np.full(len(p), now_ns, dtype=np.int64))
    wall_now = np.maximum(now_ns - clock_p, 0) / _NS_PER_MINUTE

    band_names = [b.name for b in config.scoring.bands] + [UNBANDED]
    band_p = np.where(band[p] >= 0, band[p], len(band_names) - 1)
    context = _Context(leads, lead_mapping, zone, p, clock_p, band_p, band_names, owners)
    first_p = touches.first[p]
    response = _response(config, band[p], clock_p, first_p, business, business_now, wall_now)
    agreement = _agreement(config, touches, p, business, business_now)
    cadence = _cadence(config, clock_p, touches, p, now_ns)
    disposition = _disposition(leads, lead_mapping, config, first_p, p, now_ns, context.text("status"))

    unassigned_p = owners.unassigned[p]
    out = _audited_leads(context, touches, response, agreement, cadence, disposition, unassigned_p)
    breaches = _breaches(context, config, response, agreement, cadence, disposition, touches)
    unresponsive, stuck_open, unassigned = _lists_to_act_on(context, touches, cadence, disposition,
                                                            _created_or_nat(created, p), unassigned_p)
    activity_days, activity, activity_period = _activity_days(activities, acts, roster, config, now_ns, start_ns,
                                                              end_ns)

    status = response["status"]
    counted = np.isin(status, [0, 1, 2])
    compliance = percent(int((status == 0).sum()), int(counted.sum()))
    not_measured = _not_measured(leads, lead_mapping, activities, roster, created, has_start, band_sources,
                                 int((band[p] >= 0).sum()), len(p))
    result = SlaAudit(
        leads=out,
        breaches=breaches,
        unresponsive=unresponsive,
        stuck_open=stuck_open,
        unassigned=unassigned,
        activity_days=activity_days,
        compliance=compliance,
        target=sla.compliance_target,
        by_band=_by_band(config, band_p, status),
        by_rep=_by_rep(context, status, response, breaches),
        by_week=_by_week(config, clock[p], status),
        agreement=_agreement_figures(config, agreement),
        cadence=_cadence_figures(config, cadence["status"], disposition["dispositioned"]),
        disposition=_disposition_figures(config, disposition),
        assignment=_assignment_figures(owners, unassigned_p, roster),
        activity=activity,
        counts={
            "leads": n,
            "audited": len(p),
            "no_start": int((~has_start).sum()),
            "out_of_range": int((has_start & ~in_range).sum()),
            "unbanded": int((band[p] < 0).sum()),
            "band_from": band_sources,
        },
        period={
            "now": _iso(now_ns, zone),
            "start": _iso(start_ns, zone),
            "end": _iso(end_ns, zone),
            **activity_period,
        },
        not_measured=not_measured,
    )
    return _without_unmeasured(result)


def _not_measured(leads: pd.DataFrame, mapping: ColumnMapping, activities: ActivityLink | None,
                  roster: Roster | None, created: np.ndarray | None, has_start: np.ndarray, band_sources: dict,
                  banded: int, audited: int) -> dict[str, NotMeasured]:
    """The checks these files cannot answer, and why (SPEC 9: measured, or said so)."""
    out: dict[str, NotMeasured] = {}
    clock = None
    if created is None and mapping.get("assigned_at") is None:
        clock = NotMeasured("no created date or assigned date column", "--map created_at=HEADER")
    elif len(leads) and not has_start.any():
        clock = NotMeasured("no created or assigned date could be read", "--map created_at=HEADER")
    touches = None if activities is not None else NotMeasured(
        "no activities export: nobody's calls and emails are known", "--activities FILE")
    for check in ("response", "agreement", "cadence", "disposition"):
        reason = clock or touches
        if reason is not None:
            out[check] = reason
    band = None
    if not ("revops_band" in leads.columns or mapping.get("score") or mapping.get("rating")):
        band = missing_column("score", "score, band or rating")
    elif audited and not banded:
        band = NotMeasured("no lead has a score, or a band or rating the scoring bands name", "--map score=HEADER")
    if band is not None:
        out["response"] = _both(out["response"], band) if "response" in out else band
    if "disposition" not in out and mapping.get("status") is None and mapping.get("status_changed_at") is None:
        out["disposition"] = missing_column("status")
    if mapping.get("owner") is None:
        out["assignment"] = missing_column("owner")
    if roster is None:
        out["daily_minimums"] = NotMeasured("no rep roster", "--reps FILE")
    elif activities is None:
        out["daily_minimums"] = touches
    return out


def _both(first: NotMeasured, second: NotMeasured) -> NotMeasured:
    """Two reasons a check cannot run, and both fixes."""
    fixes = " and ".join(f for f in (first.fix, second.fix) if f)
    return NotMeasured(f"{first.reason}; {second.reason}", fixes or None)


def _without_unmeasured(result: SlaAudit) -> SlaAudit:
    """The figures of the checks that could not run taken out (their statuses were computed on nothing)."""
    gone = result.not_measured
    if not gone:
        return result
    if "response" in gone:
        result.compliance = None
        result.by_band, result.by_rep, result.by_week = [], [], []
    if "agreement" in gone:
        result.agreement = {}
    if "cadence" in gone:
        result.cadence = {}
        result.unresponsive = result.unresponsive.iloc[0:0]
    if "disposition" in gone:
        result.disposition = {}
        result.stuck_open = result.stuck_open.iloc[0:0]
    if "assignment" in gone:
        result.assignment = {}
        result.unassigned = result.unassigned.iloc[0:0]
    if "daily_minimums" in gone:
        result.activity = []
        result.activity_days = result.activity_days.iloc[0:0]
    if len(result.breaches):
        result.breaches = result.breaches[~result.breaches["check"].isin(list(gone))]
    return result


def _clock_starts(leads: pd.DataFrame, mapping: ColumnMapping, zone: str, start_ns: int | None,
                  end_ns: int | None) -> tuple[np.ndarray | None, np.ndarray, np.ndarray, np.ndarray]:
    """(created_at, clock start = assigned_at where it parses else created_at, has a start, started in range)."""
    n = len(leads)
    created = lead_timestamps(leads, mapping, "created_at", zone)
    assigned = lead_timestamps(leads, mapping, "assigned_at", zone)
    clock = np.full(n, _NAT, dtype=np.int64) if created is None else created
    if assigned is not None:
        clock = np.where(assigned != _NAT, assigned, clock)
    has_start = clock != _NAT
    in_range = has_start.copy()
    if start_ns is not None:
        in_range &= clock >= start_ns
    if end_ns is not None:
        in_range &= clock < end_ns
    return created, clock, has_start, in_range


def _audited_leads(context: _Context, touches: _Touches, response: dict, agreement: dict, cadence: dict,
                   disposition: dict, unassigned_p: np.ndarray) -> pd.DataFrame:
    """The audited leads: their own columns (any earlier SLA_COLUMNS dropped), then SLA_COLUMNS."""
    leads, p, zone, owners = context.leads, context.p, context.zone, context.owners
    out_index = leads.index[p]
    columns = {
        "revops_sla_rep": _labels(owners.label[p], owners.labels, out_index),
        "revops_sla_band": _labels(context.band, context.band_names, out_index),
        "revops_sla_started_at": _stamps(context.clock, zone, out_index),
        "revops_sla_due_at": _stamps(response["due"], zone, out_index),
        "revops_first_touch_at": _stamps(touches.first[p], zone, out_index),
        "revops_first_touch_kind": _labels(touches.first_kind[p], RESPONSE_KINDS, out_index),
        "revops_response_minutes": pd.Series(response["wall"], index=out_index),
        "revops_response_business_minutes": pd.Series(response["business"], index=out_index),
        "revops_sla_status": _labels(response["status"], RESPONSE_STATUSES, out_index),
        "revops_agreement_status": _labels(agreement["status"], AGREEMENT_STATUSES, out_index),
        "revops_agreement_missing": _labels(agreement["missing"], agreement["missing_names"], out_index),
        "revops_cadence_status": _labels(cadence["status"], CADENCE_STATUSES, out_index),
        "revops_cadence_calls": pd.Series(touches.calls[p], index=out_index),
        "revops_cadence_emails": pd.Series(touches.emails[p], index=out_index),
        "revops_disposition_status": _labels(disposition["status"], DISPOSITION_STATUSES, out_index),
        "revops_unassigned_reason": _labels(unassigned_p, UNASSIGNED_REASONS, out_index),
    }
    kept = leads.iloc[p] if len(p) != len(leads) else leads
    added = pd.DataFrame({name: values.array for name, values in columns.items()})
    kept = kept.drop(columns=[c for c in SLA_COLUMNS if c in kept.columns]).reset_index(drop=True)
    out = pd.concat([kept, added], axis=1)
    out.index = out_index
    return out


def _lists_to_act_on(context: _Context, touches: _Touches, cadence: dict, disposition: dict, created_p: np.ndarray,
                     unassigned_p: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The unresponsive (cadence complete, status not already a disposition), stuck-in-Open and unassigned leads."""
    p, zone = context.p, context.zone
    status_text = disposition["status_text"]
    rows = np.flatnonzero(cadence["status"] == CADENCE_STATUSES.index("complete"))
    rows = rows[~disposition["dispositioned"][rows]]
    unresponsive = context.frame(
        rows, calls=touches.calls[p][rows], emails=touches.emails[p][rows],
        last_touch_at=_stamps(touches.last[p][rows], zone), status=status_text.take(rows),
    )
    first_p = disposition["first"]
    rows = np.flatnonzero(disposition["status"] == DISPOSITION_STATUSES.index("stuck_open"))
    stuck_open = context.frame(rows, created=_stamps(created_p[rows], zone), owner=context.text("owner").take(rows),
                               status=status_text.take(rows), first_touch_at=_stamps(first_p[rows], zone),
                               due_at=_stamps(disposition["due"][rows], zone))
    rows = np.flatnonzero(unassigned_p >= 0)
    unassigned = context.frame(rows, created=_stamps(created_p[rows], zone), owner=context.text("owner").take(rows),
                               reason=_labels(unassigned_p[rows], UNASSIGNED_REASONS))
    return unresponsive, stuck_open, unassigned


def _created_or_nat(created: np.ndarray | None, p: np.ndarray) -> np.ndarray:
    return np.full(len(p), _NAT, dtype=np.int64) if created is None else created[p]
