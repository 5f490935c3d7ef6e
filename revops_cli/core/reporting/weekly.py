"""The weekly pipeline-review pack: every figure comes from the audit cores, none is computed twice.

:func:`weekly_figures` runs, on the same inputs the individual commands take,

* :func:`~revops_cli.core.sales.sla.audit_sla` over the leads whose SLA clock started in the week
  (= ``revops sla audit --from MONDAY --to SUNDAY``),
* :func:`~revops_cli.core.marketing.funnel.funnel_report` by ISO week over the 8 weeks ending with it
  (= ``revops funnel report --by week --from ... --to SUNDAY``),
* :func:`~revops_cli.core.data.quality.audit_data` over the whole leads file (= ``revops data audit``)
  and over the week's new leads (the weekly QA's completeness),
* :func:`~revops_cli.core.sales.deals.audit_deals`, :func:`~revops_cli.core.marketing.campaigns.campaign_roi` and
  :func:`~revops_cli.core.marketing.events.event_roi` when those files are given,
* :func:`~revops_cli.core.leads.scoring.score_leads` for the QA's score and routing accuracy,

and adds only what the weekly QA checklist of the Lead Management SOP asks that no command
prints: **score accuracy** (share of the week's leads whose recorded band/rating equals the band
the scoring rules give today) and **routing accuracy** (share of the week's leads owned by someone
their score tier routes to: a rep whose role is in the tier's roles or an escalation role; a lead of
a tier without roles, i.e. nurture, owned by no rep). Both have no number in the SOP; their targets
are ``report.score_accuracy`` and ``report.routing_accuracy``.

Weeks are ISO weeks (Monday to Sunday) in ``general.timezone``. Without ``week`` the report covers
the last complete week before ``now``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.data.quality import FUZZY_AUTO_ROWS, DataAudit, audit_data
from revops_cli.core.leads.routing import Roster, role_key, score_tiers
from revops_cli.core.leads.scoring import score_leads
from revops_cli.core.marketing.campaigns import RoiResult, campaign_roi
from revops_cli.core.marketing.events import EventRoiResult, event_roi
from revops_cli.core.marketing.funnel import FunnelResult, funnel_report
from revops_cli.core.metrics import percent
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.deals import DealsAudit, audit_deals
from revops_cli.core.sales.sla import (
    SlaAudit,
    audit_sla,
    lead_timestamps,
    recorded_bands,
)
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.blank import is_blank
from revops_cli.normalize.timestamps import NAT_NS

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
#: Response-time buckets for the distribution chart, in minutes of each band's SLA clock.
NO_RESPONSE = "no response yet"
_NAT = NAT_NS


@dataclass(frozen=True)
class Week:
    """An ISO week in the config's time zone: ``start`` (Monday 00:00) to ``end`` (next Monday), UTC."""

    label: str
    first_day: dt.date
    last_day: dt.date
    start: pd.Timestamp
    end: pd.Timestamp
    partial: bool = False  # ``now`` falls inside it


def week_window(week: str | None, now: pd.Timestamp, zone: str) -> Week:
    """The ISO week named ``week`` ("2026-W47"), else the last complete week before ``now``."""
    local_now = pd.Timestamp(now).tz_convert(zone)
    if week is None:
        monday = (local_now - pd.Timedelta(days=7)).date()
        monday -= dt.timedelta(days=monday.weekday())
    else:
        match = _WEEK.match(week)
        try:
            if not match:
                raise ValueError
            monday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise RevopsInputError(f"--week {week!r}: give an ISO week such as 2026-W47 (Monday to Sunday).") from None
    year, number, _ = monday.isocalendar()
    start = pd.Timestamp(monday).tz_localize(zone)
    end = pd.Timestamp(monday + dt.timedelta(days=7)).tz_localize(zone)
    return Week(label=f"{year:04d}-W{number:02d}", first_day=monday, last_day=monday + dt.timedelta(days=6),
                start=start.tz_convert("UTC"), end=end.tz_convert("UTC"), partial=start <= local_now < end)


@dataclass
class QaCheck:
    """One line of the weekly QA checklist: the figure, its target and whether it passed.

    ``value`` None: not measured, and ``note`` says why (and what fixes it).
    """

    key: str
    label: str
    value: float | None
    target: float
    passed: bool | None  # None: could not be measured (the note says why)
    detail: str = ""
    note: str = ""

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def qa_not_measured(checks: list[QaCheck]) -> dict[str, str]:
    """``{"sla": "no activities export...; try --activities FILE"}``: the QA checks with no figure, and why."""
    return {check.key: check.note for check in checks if check.value is None}


@dataclass
class WeeklyFigures:
    """Everything the weekly pack shows, as the audit cores returned it plus the QA checklist."""

    week: Week
    now: pd.Timestamp
    new_leads: int
    qa: list[QaCheck]
    sla: SlaAudit
    funnel: FunnelResult
    data: DataAudit
    response: pd.DataFrame  # band x bucket counts (response-time distribution)
    leads_by_source: pd.DataFrame  # source, leads this week, month to date, monthly target
    deals: DealsAudit | None = None
    campaigns: RoiResult | None = None
    events: EventRoiResult | None = None
    notes: list[str] = field(default_factory=list)


def weekly_figures(
    leads: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    week: Week,
    activities: ActivityLink | None = None,
    roster: Roster | None = None,
    opportunities: pd.DataFrame | None = None,
    opportunity_mapping: ColumnMapping | None = None,
    history: pd.DataFrame | None = None,
    history_mapping: ColumnMapping | None = None,
    campaigns: pd.DataFrame | None = None,
    campaign_mapping: ColumnMapping | None = None,
    events: pd.DataFrame | None = None,
    event_mapping: ColumnMapping | None = None,
    event_leads: pd.DataFrame | None = None,
    event_lead_mapping: ColumnMapping | None = None,
    approvers: dict[str, str] | None = None,
    roster_frame: pd.DataFrame | None = None,
    row_numbers: pd.Series | None = None,
) -> WeeklyFigures:
    """Run every audit for ``week`` (see the module doc). Pure: reads no file, prints nothing."""
    zone = config.general.timezone
    notes: list[str] = []
    sla = audit_sla(leads, mapping, activities, config, now=now, roster=roster, start=week.start, end=week.end)
    trend_start = week.start - pd.Timedelta(days=7 * (config.report.trend_weeks - 1))
    funnel = funnel_report(leads, mapping, config, opportunities=opportunities,
                           opportunity_mapping=opportunity_mapping, by="week", start=trend_start, end=week.end,
                           now=now)
    data = audit_data(leads, mapping, config, now=now, row_numbers=row_numbers, fuzzy=len(leads) <= FUZZY_AUTO_ROWS)

    created = _created_ns(leads, mapping, zone)
    in_week = pd.Series(_between(created, week.start, week.end), index=leads.index)
    week_leads = leads[in_week]
    # scored on the whole file: the activity link is built over it (scoring is ~1 s per million rows)
    scored = (score_leads(leads, mapping, config, now=now, activities=activities).frame[in_week]
              if len(week_leads) else None)
    qa = [
        _assignment_check(sla, config),
        _sla_check(sla),
        _score_check(week_leads, mapping, scored, config),
        _routing_check(week_leads, mapping, scored, roster, config),
        _completeness_check(week_leads, mapping, config, now),
    ]
    deals = None
    if opportunities is not None:
        deals = audit_deals(opportunities, opportunity_mapping, config, now=now, history=history,
                            history_mapping=history_mapping, roster=roster_frame, people=approvers)
    campaign = None
    if campaigns is not None:
        campaign = campaign_roi(campaigns, campaign_mapping, config, opportunities=opportunities,
                                opportunity_mapping=opportunity_mapping)
    event = None
    if events is not None:
        event = event_roi(events, event_mapping, config, leads=event_leads, lead_mapping=event_lead_mapping,
                          opportunities=opportunities, opportunity_mapping=opportunity_mapping, now=now)
    return WeeklyFigures(week=week, now=now, new_leads=int(in_week.sum()), qa=qa, sla=sla, funnel=funnel, data=data,
                         response=response_distribution(sla, config),
                         leads_by_source=_leads_by_source(leads, mapping, config, week, in_week, created),
                         deals=deals, campaigns=campaign, events=event, notes=notes)


def _created_ns(leads: pd.DataFrame, mapping: ColumnMapping, zone: str) -> np.ndarray:
    """Creation instants (UTC ns, NaT sentinel), parsed as the SLA audit parses them."""
    created = lead_timestamps(leads, mapping, "created_at", zone)
    return np.full(len(leads), _NAT, dtype=np.int64) if created is None else created


def _between(ns: np.ndarray, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    return (ns != _NAT) & (ns >= start.value) & (ns < end.value)


def _assignment_check(sla: SlaAudit, config: RevopsConfig) -> QaCheck:
    if "assignment" in sla.not_measured:
        return QaCheck("assigned", "All new leads assigned", None, 100.0, None,
                       note=sla.not_measured["assignment"].text)
    a = sla.assignment
    value = a.get("percent")
    detail = f"{a.get('assigned', 0):,} of {a.get('assigned', 0) + a.get('unassigned', 0):,} new leads assigned"
    return QaCheck("assigned", "All new leads assigned", value, 100.0, None if value is None else value >= 100.0,
                   detail, "" if value is not None else "no new leads this week")


def _sla_check(sla: SlaAudit) -> QaCheck:
    if "response" in sla.not_measured:
        return QaCheck("sla", "SLA compliance", None, sla.target, None, note=sla.not_measured["response"].text)
    value = sla.compliance
    counts = {r["band"]: r for r in sla.by_band} if sla.by_band else {}
    met = sum(int(r.get("met", 0)) for r in counts.values())
    due = sum(int(r.get("met", 0)) + int(r.get("breached", 0)) + int(r.get("open_overdue", 0)) for r in counts.values())
    if value is None:
        return QaCheck("sla", "SLA compliance", None, sla.target, None, note="no lead of the week was due yet")
    return QaCheck("sla", "SLA compliance", value, sla.target, sla.meets_target,
                   f"{met:,} of {due:,} due leads met their response SLA")


def _score_check(week_leads: pd.DataFrame, mapping: ColumnMapping, scored: pd.DataFrame | None,
                 config: RevopsConfig) -> QaCheck:
    target = config.report.score_accuracy
    label = "Score accuracy"
    if scored is None:
        return QaCheck("score", label, None, target, None, note="no new leads this week")
    # the band the CRM holds, read as the SLA audit reads it; revops' own columns would agree by construction
    crm_only = week_leads.drop(columns=["revops_band", "revops_score"], errors="ignore")
    code, sources = recorded_bands(crm_only, mapping, config)
    judged = code >= 0
    if not judged.any():
        return QaCheck("score", label, None, target, None,
                       note="no score or band/rating column with band names to compare with")
    names = np.array([b.name for b in config.scoring.bands], dtype=object)
    same = int((names[code[judged]] == scored["revops_band"].to_numpy(object)[judged]).sum())
    value = percent(same, int(judged.sum()))
    read_from = ", ".join(str(mapping.get(field)) for field in ("score", "rating") if sources.get(field))
    return QaCheck("score", label, value, target, value >= target,
                   f"{same:,} of {int(judged.sum()):,} leads carry the band the scoring rules give ({read_from})")


def _routing_check(week_leads: pd.DataFrame, mapping: ColumnMapping, scored: pd.DataFrame | None,
                   roster: Roster | None, config: RevopsConfig) -> QaCheck:
    target = config.report.routing_accuracy
    label = "Routing accuracy"
    if scored is None:
        return QaCheck("routing", label, None, target, None, note="no new leads this week")
    owner_column = mapping.get("owner")
    if roster is None or owner_column is None:
        return QaCheck("routing", label, None, target, None,
                       note="needs a rep roster (--reps) and an owner column")
    tiers = config.routing.tiers
    tier = score_tiers(scored["revops_score"].to_numpy(dtype=float), tiers)
    position = roster.owner_positions(week_leads[owner_column])
    roles = np.array([role_key(r) for r in roster.reps["role"]], dtype=object)
    owner_role = np.where(position >= 0, roles[np.maximum(position, 0)], None)
    escalation = {role_key(r) for r in config.routing.escalation_roles}
    right = np.zeros(len(week_leads), dtype=bool)
    for index, row in enumerate(tiers):
        member = tier == index
        allowed = {role_key(r) for r in row.roles}
        if allowed:
            right[member] = [role in allowed or role in escalation for role in owner_role[member]]
        else:  # nurture: marketing keeps it, no rep should own it
            right[member] = position[member] < 0
    value = percent(int(right.sum()), len(week_leads))
    return QaCheck("routing", label, value, target, value >= target,
                   f"{int(right.sum()):,} of {len(week_leads):,} new leads owned by a role their score tier routes to")


def _completeness_check(week_leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                        now: pd.Timestamp) -> QaCheck:
    target = config.data_quality.weekly_lead_completeness
    label = "Data completeness"
    if not len(week_leads):
        return QaCheck("completeness", label, None, target, None, note="no new leads this week")
    audit = audit_data(week_leads, mapping, config, now=now)
    if "completeness" in audit.not_measured:
        return QaCheck("completeness", label, None, target, None, note=audit.not_measured["completeness"].text)
    value = audit.metric("completeness")["value"]
    return QaCheck("completeness", label, value, target, None if value is None else value >= target,
                   f"required fields filled on the week's {len(week_leads):,} new leads")


def response_distribution(sla: SlaAudit, config: RevopsConfig) -> pd.DataFrame:
    """Leads of the audit per band x response-time bucket (each band on its own SLA clock)."""
    frame = sla.leads
    buckets = config.report.response_buckets
    columns = ["band"] + [name for name, _ in buckets] + [NO_RESPONSE]
    if not len(frame) or "response" in sla.not_measured:  # no activities: nobody's response time is known
        return pd.DataFrame(columns=columns)
    wall = frame["revops_sla_band"].isin(config.sla.wall_clock_bands).to_numpy()
    minutes = np.where(wall, frame["revops_response_minutes"].to_numpy(dtype=float),
                       frame["revops_response_business_minutes"].to_numpy(dtype=float))
    bounds = np.array([limit for _, limit in buckets])
    bucket = np.where(np.isnan(minutes), len(bounds), np.searchsorted(bounds, np.nan_to_num(minutes), side="left"))
    labels = np.array([name for name, _ in buckets] + [NO_RESPONSE], dtype=object)[bucket]
    table = pd.crosstab(frame["revops_sla_band"].to_numpy(object), labels)
    order = [b.name for b in config.scoring.bands] + sorted(set(table.index) - {b.name for b in config.scoring.bands})
    table = table.reindex(index=[b for b in order if b in table.index], columns=columns[1:], fill_value=0)
    return table.rename_axis("band").reset_index()


def _leads_by_source(leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, week: Week,
                     in_week: pd.Series, created: np.ndarray) -> pd.DataFrame:
    """New leads per source this week and month to date vs the marketing SLA's monthly split."""
    zone = config.general.timezone
    source_column = mapping.get("lead_source")
    sources = (leads[source_column].astype("string").str.strip().mask(is_blank(leads[source_column]).to_numpy(bool))
               .fillna("(blank)") if source_column else pd.Series("(blank)", index=leads.index))
    month_start = pd.Timestamp(week.last_day.replace(day=1)).tz_localize(zone).tz_convert("UTC")
    month = pd.Series(_between(created, month_start, week.end), index=leads.index)
    sla = config.funnel.marketing_sla
    targets = {k.casefold(): v for k, v in sla.source_breakdown.items()}
    week_counts = sources[in_week].value_counts()
    month_counts = sources[month].value_counts()
    names = sorted(set(week_counts.index) | set(month_counts.index), key=lambda s: (-int(month_counts.get(s, 0)), s))
    rows = [{"source": name, "week": int(week_counts.get(name, 0)), "month_to_date": int(month_counts.get(name, 0)),
             "monthly_target": targets.get(str(name).casefold())} for name in names]
    rows.append({"source": "all sources", "week": int(in_week.sum()), "month_to_date": int(month.sum()),
                 "monthly_target": sla.leads_per_month})
    return pd.DataFrame(rows)


def to_plain(value: Any) -> Any:
    """Numpy scalars and timestamps as JSON-able values."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()
    return value
