"""The Reporting SOP's monthly reports: Marketing Review and Sales Review (3rd), Business Review (5th), Board Deck
(10th). Each covers one month (the last complete one unless named) against the month before.

Every figure is an audit core's, run on the month:

* **Marketing Review** (CMO): the funnel of the month's leads by source against the KPI targets
  (:func:`~revops_cli.core.marketing.funnel.funnel_report` ``by="source"`` = ``revops funnel report --by source
  --from FIRST --to LAST``); cohorts and the marketing SLA (50 leads a month, per source where set) over
  ``reporting.trend_months`` months (the same core by month); ROI of the campaigns that ran in the month
  (:mod:`.campaigns`) and of its events (:func:`~revops_cli.core.marketing.events.event_roi` on those rows), with
  cost per lead and per opportunity.
* **Sales Review** (CRO): closed won per rep and team against quota (``--quotas``); win rate, cycle and deal size
  (:func:`.winloss.win_loss` on the month); pipeline created (deals created in the month); response-SLA
  compliance (:func:`~revops_cli.core.sales.sla.audit_sla` on the month, = ``revops sla audit --from --to``);
  deal hygiene now (:func:`~revops_cli.core.sales.deals.audit_deals`, = ``revops deals audit``).
* **Business Review** (executive): the headline metrics of both, month over month, with the forecast roll-up
  for the quarter and the data-quality scorecard.
* **Board Deck**: bookings, pipeline, conversion, the ``reporting.biggest_changes`` largest month-over-month
  changes among the headline metrics, and the bookings / pipeline trend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import Roster
from revops_cli.core.marketing.events import EventRoiResult, event_roi
from revops_cli.core.marketing.funnel import FunnelResult, funnel_report
from revops_cli.core.metrics import NotMeasured, not_measured_json, percent
from revops_cli.core.reporting.campaigns import CampaignPerformance, campaign_performance, ran_in
from revops_cli.core.reporting.forecast import NO_OWNER, NO_TEAM
from revops_cli.core.reporting.opportunities import OpportunityTable, money_sum
from revops_cli.core.reporting.periods import Period, in_period, months_back, previous_month
from revops_cli.core.reporting.quotas import Quotas, Teams
from revops_cli.core.reporting.winloss import WinLoss, win_loss
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.deals import DealsAudit
from revops_cli.core.sales.sla import SlaAudit, audit_sla


# --------------------------------------------------------------------------- marketing


@dataclass
class MarketingReview:
    """The Marketing Review's figures (see the module doc)."""

    period: Period
    previous: Period
    funnel: FunnelResult  # the month's leads, by source
    trend: FunnelResult  # reporting.trend_months of cohorts and the marketing SLA
    campaigns: CampaignPerformance | None
    events: EventRoiResult | None
    event_names: list[str] = field(default_factory=list)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def cohort(self, period: Period) -> dict | None:
        rows = self.trend.cohorts[self.trend.cohorts["cohort"] == period.label]
        return None if not len(rows) else {k: _plain(v) for k, v in rows.iloc[0].items()}

    def marketing_sla(self, period: Period) -> dict | None:
        rows = self.trend.marketing_sla[self.trend.marketing_sla["month"] == period.label]
        return None if not len(rows) else {k: _plain(v) for k, v in rows.iloc[0].items()}

    def summary(self) -> dict:
        return {"period": self.period.to_dict(), "previous": self.previous.to_dict(),
                "funnel": self.funnel.summary(), "trend": self.trend.summary(),
                "campaigns": None if self.campaigns is None else self.campaigns.summary(),
                "events": None if self.events is None else self.events.summary(), "event_names": self.event_names,
                "not_measured": not_measured_json(self.not_measured)}


def marketing_review(leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, *, now: pd.Timestamp,
                     period: Period, opportunities: pd.DataFrame | None = None,
                     opportunity_mapping: ColumnMapping | None = None, campaigns: pd.DataFrame | None = None,
                     campaign_mapping: ColumnMapping | None = None, events: pd.DataFrame | None = None,
                     event_mapping: ColumnMapping | None = None, event_leads: pd.DataFrame | None = None,
                     event_lead_mapping: ColumnMapping | None = None) -> MarketingReview:
    zone = config.general.timezone
    previous = previous_month(period, zone, now)
    months = months_back(period, config.reporting.trend_months, zone, now)
    not_measured: dict[str, NotMeasured] = {}
    funnel = funnel_report(leads, mapping, config, opportunities=opportunities,
                           opportunity_mapping=opportunity_mapping, by="source", start=period.start, end=period.end,
                           now=now)
    trend = funnel_report(leads, mapping, config, opportunities=opportunities, opportunity_mapping=opportunity_mapping,
                          start=months[0].start, end=period.end, now=now)
    performance = None
    if campaigns is not None:
        performance = campaign_performance(campaigns, campaign_mapping, config, period=period,
                                           opportunities=opportunities, opportunity_mapping=opportunity_mapping)
    else:
        not_measured["campaigns"] = NotMeasured("no campaign sheet", "--campaigns campaigns.xlsx")
    event_result, names = None, []
    if events is not None:
        ran, _ = ran_in(events, event_mapping, config, period)
        chosen = events[ran]
        event_result = event_roi(chosen, event_mapping, config, leads=event_leads, lead_mapping=event_lead_mapping,
                                 opportunities=opportunities, opportunity_mapping=opportunity_mapping)
        names = [str(e) for e in event_result.events["event"]]
    else:
        not_measured["events"] = NotMeasured("no event sheet", "--events events.xlsx")
    if opportunities is None:
        not_measured["opportunities"] = NotMeasured("no opportunity export: opportunity and customer stages come "
                                                    "from the leads file alone", "--opportunities opps.csv")
    return MarketingReview(period=period, previous=previous, funnel=funnel, trend=trend, campaigns=performance,
                           events=event_result, event_names=names, not_measured=not_measured)


# --------------------------------------------------------------------------- sales


@dataclass
class DealMonth:
    """One period's deal figures: bookings and win rate (from :func:`.winloss.win_loss`), pipeline created."""

    period: Period
    win_loss: WinLoss
    bookings: float
    won_deals: int
    created_deals: int
    created_amount: float
    average_won: float | None
    median_cycle_won: float | None

    def to_dict(self) -> dict:
        return {"period": self.period.to_dict(), "bookings": self.bookings, "won_deals": self.won_deals,
                "closed_deals": self.win_loss.overall["closed"], "win_rate": self.win_loss.overall["win_rate"],
                "created_deals": self.created_deals, "created_amount": self.created_amount,
                "average_won": self.average_won, "median_cycle_won": self.median_cycle_won}


def deal_month(table: OpportunityTable, config: RevopsConfig, period: Period) -> DealMonth:
    deals = table.deals
    result = win_loss(table, config, period=period)
    created = in_period(deals["created_day"].to_numpy(np.int64), period)
    won = result.overall["won"]
    cycle = next(row for row in result.cycle if row["outcome"] == "won")
    return DealMonth(period=period, win_loss=result, bookings=result.overall["won_amount"], won_deals=won,
                     created_deals=int(created.sum()),
                     created_amount=money_sum(np.where(created, deals["amount"].to_numpy(np.float64), 0.0)),
                     average_won=round(result.overall["won_amount"] / won, 2) if won else None,
                     median_cycle_won=cycle["median"])


@dataclass
class SalesReview:
    """The Sales Review's figures (see the module doc)."""

    period: Period
    previous: Period
    month: DealMonth
    month_before: DealMonth
    attainment: list[dict]  # rep rows, team rows, total: won vs quota
    trend: list[DealMonth]
    sla: SlaAudit | None
    sla_before: SlaAudit | None
    hygiene: DealsAudit | None
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"period": self.period.to_dict(), "previous": self.previous.to_dict(),
                "month": self.month.to_dict(), "month_before": self.month_before.to_dict(),
                "win_loss": self.month.win_loss.summary(), "attainment": self.attainment,
                "trend": [m.to_dict() for m in self.trend],
                "sla": None if self.sla is None else self.sla.summary(),
                "sla_before": None if self.sla_before is None else self.sla_before.summary(),
                "deals": None if self.hygiene is None else {"totals": self.hygiene.totals},
                "not_measured": not_measured_json(self.not_measured)}


def attainment_rows(table: OpportunityTable, period: Period, teams: Teams, quotas: Quotas | None) -> list[dict]:
    """Closed won in ``period`` per rep, team and in total, against quota (None + the reason where there is none)."""
    deals = table.deals
    won = deals["won"].to_numpy(bool) & in_period(deals["close_day"].to_numpy(np.int64), period)
    frame = pd.DataFrame({"owner": deals["owner"].fillna(NO_OWNER).to_numpy(object),
                          "won": np.where(won, np.nan_to_num(deals["amount"].to_numpy(np.float64)), 0.0),
                          "deals": won.astype(np.int64)})
    per_rep = frame.groupby("owner", sort=True).sum()
    reps = list(per_rep.index)
    if quotas is not None:  # reps with a quota and no deal yet are measured too (0 won of a quota)
        named = quotas.rows.loc[quotas.rows["rep"].notna(), "rep"]
        known = {r.casefold() for r in reps}
        for rep in dict.fromkeys(named):
            if rep.casefold() not in known:
                per_rep.loc[rep] = [0.0, 0]
                reps.append(rep)
    no_quota = NotMeasured("no quota file", "--quotas quotas.csv")

    def row(level: str, name: str, team: str | None, won_amount: float, deal_count: int,
            quota: tuple[float | None, NotMeasured | None]) -> dict:
        amount, why = quota if quotas is not None else (None, no_quota)
        return {"level": level, "name": name, "team": team, "won": round(float(won_amount), 2),
                "won_deals": int(deal_count), "quota": amount,
                "attainment": percent(float(won_amount), amount) if amount else None,
                "quota_note": None if amount is not None else str(why)}

    rows = []
    members: dict[str, list[str]] = {}
    for rep in sorted(reps, key=str.casefold):
        team = (teams.team(rep) or NO_TEAM) if teams.not_measured is None else None
        if team is not None:
            members.setdefault(team, []).append(rep)
        rows.append(row("rep", rep, team, per_rep.loc[rep, "won"], per_rep.loc[rep, "deals"],
                        quotas.for_rep(rep, period) if quotas is not None else (None, None)))
    for team in sorted(members, key=lambda t: (t == NO_TEAM, t.casefold())):
        sums = per_rep.loc[members[team]].sum()
        quota = ((None, NotMeasured("reps without a team")) if team == NO_TEAM else
                 quotas.for_team(team, members[team], period) if quotas is not None else (None, None))
        rows.append(row("team", team, None, sums["won"], sums["deals"], quota))
    total_quota = (quotas.for_company({t: m for t, m in members.items() if t != NO_TEAM},
                                      [r for r in reps if r != NO_OWNER], period)
                   if quotas is not None else (None, None))
    rows.append(row("total", "Total", None, per_rep["won"].sum(), per_rep["deals"].sum(), total_quota))
    return rows


def sales_review(table: OpportunityTable, config: RevopsConfig, *, now: pd.Timestamp, period: Period, teams: Teams,
                 quotas: Quotas | None = None, leads: pd.DataFrame | None = None,
                 lead_mapping: ColumnMapping | None = None, activities: ActivityLink | None = None,
                 roster: Roster | None = None, hygiene: DealsAudit | None = None) -> SalesReview:
    zone = config.general.timezone
    previous = previous_month(period, zone, now)
    not_measured: dict[str, NotMeasured] = {}
    if quotas is None:
        not_measured["attainment"] = NotMeasured("no quota file", "--quotas quotas.csv")
    if teams.not_measured is not None:
        not_measured["teams"] = teams.not_measured
    sla = sla_before = None
    if leads is not None and activities is not None:
        sla = audit_sla(leads, lead_mapping, activities, config, now=now, roster=roster, start=period.start,
                        end=period.end)
        sla_before = audit_sla(leads, lead_mapping, activities, config, now=now, roster=roster,
                               start=previous.start, end=previous.end)
    else:
        not_measured["sla"] = NotMeasured("needs the leads and their activities to time responses",
                                          "--leads leads.csv --activities tasks.csv")
    if hygiene is None:
        not_measured["hygiene"] = NotMeasured("deal hygiene not run")
    months = months_back(period, config.reporting.trend_months, zone, now)
    return SalesReview(period=period, previous=previous, month=deal_month(table, config, period),
                       month_before=deal_month(table, config, previous),
                       attainment=attainment_rows(table, period, teams, quotas),
                       trend=[deal_month(table, config, m) for m in months], sla=sla, sla_before=sla_before,
                       hygiene=hygiene, not_measured=not_measured)


# --------------------------------------------------------------------------- headline metrics, month over month

#: (key, label, value kind, "up" when a rise is good / "down" when a fall is)
HEADLINES: tuple[tuple[str, str, str, str], ...] = (
    ("new_leads", "New leads", "int", "up"),
    ("lead_to_mql", "Lead → MQL", "pct", "up"),
    ("lead_to_opportunity", "Lead → opportunity", "pct", "up"),
    ("sla_compliance", "Response-SLA compliance", "pct", "up"),
    ("pipeline_created", "Pipeline created", "money", "up"),
    ("opportunities_created", "Opportunities created", "int", "up"),
    ("bookings", "Bookings (closed won)", "money", "up"),
    ("deals_won", "Deals won", "int", "up"),
    ("win_rate", "Win rate", "pct", "up"),
    ("average_won", "Average won deal", "money", "up"),
    ("median_cycle_won", "Median sales cycle (won, days)", "float", "down"),
)


def headline_metrics(marketing: MarketingReview | None, sales: SalesReview | None) -> list[dict]:
    """The monthly headline figures, this month and the month before, with the change."""
    values: dict[str, tuple[Any, Any]] = {}
    if marketing is not None:
        now_cohort, then_cohort = marketing.cohort(marketing.period), marketing.cohort(marketing.previous)
        for key, column in (("new_leads", "Lead"), ("lead_to_mql", "lead_to_mql"),
                            ("lead_to_opportunity", "lead_to_opportunity")):
            values[key] = (None if now_cohort is None else now_cohort.get(column),
                           None if then_cohort is None else then_cohort.get(column))
    if sales is not None:
        now_month, then_month = sales.month, sales.month_before
        values["pipeline_created"] = (now_month.created_amount, then_month.created_amount)
        values["opportunities_created"] = (now_month.created_deals, then_month.created_deals)
        values["bookings"] = (now_month.bookings, then_month.bookings)
        values["deals_won"] = (now_month.won_deals, then_month.won_deals)
        values["win_rate"] = (now_month.win_loss.overall["win_rate"], then_month.win_loss.overall["win_rate"])
        values["average_won"] = (now_month.average_won, then_month.average_won)
        values["median_cycle_won"] = (now_month.median_cycle_won, then_month.median_cycle_won)
        if sales.sla is not None:
            values["sla_compliance"] = (sales.sla.compliance, sales.sla_before.compliance)
    rows = []
    for key, label, kind, good in HEADLINES:
        if key not in values:
            continue
        current, before = values[key]
        change = None if current is None or before is None else round(float(current) - float(before), 2)
        change_percent = (percent(change, abs(float(before))) if change is not None and before else None)
        verdict = None
        if change:
            verdict = "better" if (change > 0) == (good == "up") else "worse"
        rows.append({"key": key, "label": label, "kind": kind, "current": current, "previous": before,
                     "change": change, "change_percent": change_percent, "verdict": verdict})
    return rows


def biggest_changes(metrics: list[dict], count: int) -> list[dict]:
    """The ``count`` metrics that moved most month over month, by relative change (the change as a share of the
    month before; both months measured and the earlier one not 0), largest first."""
    ranked = [r for r in metrics if r["change"] and r["change_percent"] is not None]
    return sorted(ranked, key=lambda r: -abs(r["change_percent"]))[:count]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value
