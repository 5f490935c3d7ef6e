"""The Reporting SOP's daily reports at 9 AM: Sales Activity (sales team) and Lead Flow (marketing).

Both cover the last business day before ``now`` (``business_hours.workdays`` less public holidays, so the Monday
report covers Friday) or the days the caller names, and every figure is the SLA audit's
(:func:`~revops_cli.core.sales.sla.audit_sla`, = ``revops sla audit --from DAY --to DAY``):

* **Sales Activity**: calls, emails, meetings and demos per active rep per working day against the Sales Process
  SOP's daily minimums by role (``sla.activity_minimums``: SDR 50/100/3/-, AE 30/50/2/1, Senior AE 20/30/3/2),
  exactly the audit's rep-days. A rep whose calendar has no working day in the period has no row.
* **Lead Flow**: the period's new leads (created in it) by source, band (the band the SLA audit reads: a stored
  score, band or rating) and owner; unassigned leads and response times against the band SLAs (the audit over
  the leads whose SLA clock started in the period); and the leads **waiting past their SLA now**: not touched
  yet, past due, whose clock started in the last ``sla.cadence_days`` days (after that the Sales SLA sends them
  back to nurture), from the same audit over those days.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import Roster
from revops_cli.core.marketing.cohorts import group_labels
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json
from revops_cli.core.reporting.periods import Period
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.sla import SlaAudit, audit_sla, lead_timestamps, recorded_bands
from revops_cli.normalize.timestamps import NAT_NS

BLANK = "(blank)"
UNBANDED = "(no band)"
NO_OWNER = "(no owner)"


@dataclass
class SalesActivity:
    """Sales Activity: the audit's rep-days for the period (``sla.activity_days``, ``sla.activity``)."""

    period: Period
    sla: SlaAudit
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    @property
    def days(self) -> pd.DataFrame:
        return self.sla.activity_days

    def summary(self) -> dict:
        days = self.days
        under = int(days["under_minimum"].sum()) if len(days) else 0
        return {"period": self.period.to_dict(), "activity": self.sla.activity, "rep_days": len(days),
                "rep_days_under_minimum": under, "rep_days_at_minimum": len(days) - under,
                "activity_from": self.sla.period.get("activity_from"), "activity_to": self.sla.period.get("activity_to"),
                "not_measured": not_measured_json(self.not_measured)}


@dataclass
class LeadFlow:
    """Lead Flow: the period's new leads, their response SLAs, and the leads waiting past their SLA now."""

    period: Period
    new_leads: int
    by_source: list[dict]
    by_band: list[dict]
    by_owner: list[dict]
    sla: SlaAudit  # the leads whose clock started in the period
    waiting: pd.DataFrame  # not touched yet and past due, clock started in the last sla.cadence_days days
    waiting_since: pd.Timestamp
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"period": self.period.to_dict(), "new_leads": self.new_leads, "by_source": self.by_source,
                "by_band": self.by_band, "by_owner": self.by_owner,
                "response_by_band": self.sla.by_band, "compliance_percent": self.sla.compliance,
                "compliance_target": self.sla.target, "assignment": self.sla.assignment,
                "unassigned": len(self.sla.unassigned), "waiting_past_sla": len(self.waiting),
                "waiting_since": self.waiting_since.isoformat(),
                "not_measured": not_measured_json(self.not_measured)}


def sales_activity(leads: pd.DataFrame, mapping: ColumnMapping, activities: ActivityLink | None,
                   config: RevopsConfig, *, now: pd.Timestamp, period: Period,
                   roster: Roster | None) -> SalesActivity:
    """Rep-days against the daily minimums for ``period`` (the SLA audit's; see the module doc)."""
    not_measured: dict[str, NotMeasured] = {}
    if roster is None:
        not_measured["minimums"] = NotMeasured("no rep roster: each rep's role decides the minimums", "--reps reps.csv")
    if activities is None:
        not_measured["activities"] = NotMeasured("no activities file: calls, emails, meetings and demos unknown",
                                                 "--activities tasks.csv")
    sla = audit_sla(leads, mapping, activities, config, now=now, roster=roster, start=period.start, end=period.end)
    if activities is None:  # nothing was counted: no rep-day is "under the minimum" on no data
        sla.activity_days = sla.activity_days.iloc[0:0]
        sla.activity = []
    return SalesActivity(period=period, sla=sla, not_measured=not_measured)


def _counts(labels: np.ndarray, blank: str) -> list[dict]:
    series = pd.Series(labels, dtype=object).fillna(blank)
    counts = series.value_counts()
    return [{"value": k, "leads": int(v)} for k, v in
            sorted(counts.items(), key=lambda kv: (kv[0] == blank, -kv[1], str(kv[0]).casefold()))]


def lead_flow(leads: pd.DataFrame, mapping: ColumnMapping, activities: ActivityLink | None, config: RevopsConfig, *,
              now: pd.Timestamp, period: Period, roster: Roster | None) -> LeadFlow:
    """New leads, response SLAs and the leads waiting past their SLA (see the module doc)."""
    zone = config.general.timezone
    not_measured: dict[str, NotMeasured] = {}
    created = lead_timestamps(leads, mapping, "created_at", zone)
    if created is None:
        not_measured["new_leads"] = missing_column("created_at", "created date")
        created = np.full(len(leads), NAT_NS, dtype=np.int64)
    new = (created != NAT_NS) & (created >= period.start.value) & (created < period.end.value)
    rows = np.flatnonzero(new)
    source_column = mapping.get("lead_source")
    if source_column is None:
        not_measured["by_source"] = missing_column("lead_source", "lead source")
    owner_column = mapping.get("owner")
    if owner_column is None:
        not_measured["by_owner"] = missing_column("owner")
    band_code, _ = recorded_bands(leads, mapping, config)
    band_names = np.array([b.name for b in config.scoring.bands] + [None], dtype=object)
    by_band = _counts(band_names[np.where(band_code[rows] >= 0, band_code[rows], len(band_names) - 1)], UNBANDED)
    by_source = (_counts(group_labels(leads[source_column].iloc[rows]), BLANK) if source_column else [])
    by_owner = (_counts(group_labels(leads[owner_column].iloc[rows]), NO_OWNER) if owner_column else [])
    if activities is None:
        not_measured["response"] = NotMeasured("no activities file: no lead counts as contacted",
                                               "--activities tasks.csv")
    sla = audit_sla(leads, mapping, activities, config, now=now, roster=roster, start=period.start, end=period.end)
    since = (pd.Timestamp(now).tz_convert(zone).normalize()
             - pd.Timedelta(days=config.sla.cadence_days)).tz_convert("UTC")
    recent = audit_sla(leads, mapping, activities, config, now=now, roster=roster, start=since, end=now)
    breaches = recent.breaches
    waiting = breaches[(breaches["check"] == "response") & breaches["done_at"].isna()] if len(breaches) else breaches
    waiting = waiting.drop(columns=["check", "done_at"], errors="ignore").sort_values(
        "minutes_late", ascending=False, kind="stable") if len(waiting) else waiting
    if activities is None:  # without touches every lead would look untouched
        waiting = waiting.iloc[0:0]
        not_measured["waiting"] = not_measured["response"]
    return LeadFlow(period=period, new_leads=int(new.sum()), by_source=by_source, by_band=by_band, by_owner=by_owner,
                    sla=sla, waiting=waiting, waiting_since=since, not_measured=not_measured)
