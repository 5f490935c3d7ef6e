"""Campaign Performance (Reporting SOP, weekly on Tuesday, marketing ops): the Campaign Execution SOP's figures for
the campaigns that ran in the period.

A campaign ran in the period when its start date is on or before the period's last day and its end date (none:
still running) on or after its first day. Over those campaigns, exactly what the campaign commands compute:
ROI (:func:`~revops_cli.core.marketing.campaigns.campaign_roi`, = ``revops campaign roi``), the five optimisation
triggers with their actions and the budget approvals (:func:`~revops_cli.core.marketing.campaigns.campaign_audit`,
= ``revops campaign audit``), and naming/UTM/pre-send lint
(:func:`~revops_cli.core.marketing.campaigns.campaign_lint`, = ``revops campaign lint``). A campaign without a
start date cannot be placed in a period: it is named in ``undated``, not guessed. An export with no start-date
column at all is reported whole, and says so.

:func:`ran_in` is the same test for any sheet with start/end dates (the monthly reviews place events with it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.campaigns import (AuditResult, LintResult, RoiResult, campaign_audit, campaign_lint,
                                                 campaign_roi)
from revops_cli.core.marketing.cohorts import NAT, times_ns
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json
from revops_cli.core.reporting.periods import Period

_NS_PER_DAY = 86_400 * 1_000_000_000


def _local_days(frame: pd.DataFrame, column: str | None, zone: str) -> np.ndarray | None:
    if column is None:
        return None
    ns = times_ns(frame[column], zone)
    ok = ns != NAT
    local = pd.DatetimeIndex(np.where(ok, ns, 0).view("M8[ns]")).tz_localize("UTC").tz_convert(zone)
    return np.where(ok, local.tz_localize(None).asi8 // _NS_PER_DAY, NAT)


def ran_in(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
           period: Period) -> tuple[np.ndarray, np.ndarray | None]:
    """(which rows ran in ``period``, which rows have no start date); (all rows, None) without a start column."""
    zone = config.general.timezone
    start = _local_days(frame, mapping.get("start_date"), zone)
    if start is None:
        return np.ones(len(frame), dtype=bool), None
    end = _local_days(frame, mapping.get("end_date"), zone)
    end = start if end is None else np.where(end != NAT, end, NAT)
    first = (pd.Timestamp(period.first_day) - pd.Timestamp("1970-01-01")).days
    last = (pd.Timestamp(period.last_day) - pd.Timestamp("1970-01-01")).days
    dated = start != NAT
    still_running = end == NAT
    ran = dated & (start <= last) & (still_running | (end >= first))
    return ran, ~dated


@dataclass
class CampaignPerformance:
    """The campaign commands' results over the campaigns that ran in the period."""

    period: Period
    campaigns: list[str]
    roi: RoiResult
    audit: AuditResult
    lint: LintResult
    undated: list[str] = field(default_factory=list)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"period": self.period.to_dict(), "campaigns": self.campaigns, "undated": self.undated,
                "roi": self.roi.summary(), "audit": self.audit.summary(), "lint": self.lint.summary(),
                "not_measured": not_measured_json(self.not_measured)}


def campaign_performance(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, *, period: Period,
                         opportunities: pd.DataFrame | None = None,
                         opportunity_mapping: ColumnMapping | None = None,
                         model: str = "last_touch") -> CampaignPerformance:
    """ROI, triggers, approvals and lint of the campaigns that ran in ``period`` (see the module doc)."""
    not_measured: dict[str, NotMeasured] = {}
    ran, undated = ran_in(campaigns, mapping, config, period)
    if undated is None:
        not_measured["period"] = NotMeasured(
            "no start date column: every campaign of the file is shown, whether it ran in the period or not",
            "--map start_date=HEADER")
        undated_names: list[str] = []
    else:
        name_column = mapping.get("name") or mapping.get("campaign_id")
        names = (campaigns[name_column].astype("str") if name_column else
                 pd.Series([f"row {i + 1}" for i in range(len(campaigns))], dtype="str"))
        undated_names = [str(n) for n in names[undated].fillna("(no name)")]
    if opportunities is None:
        not_measured["revenue"] = NotMeasured("no opportunity export: revenue (closed won + pipeline x probability) "
                                              "unknown, so ROI is -100% of cost", "--opportunities opps.csv")
    active = campaigns[ran]
    roi = campaign_roi(active, mapping, config, opportunities=opportunities, opportunity_mapping=opportunity_mapping,
                       model=model)
    audit = campaign_audit(active, mapping, config)
    lint = campaign_lint(active, mapping, config)
    if mapping.get("sent") is None and mapping.get("delivered") is None:
        not_measured["triggers"] = missing_column("sent", "emails sent")
    return CampaignPerformance(period=period, campaigns=[str(c) for c in roi.frame["campaign"]], roi=roi,
                               audit=audit, lint=lint, undated=undated_names, not_measured=not_measured)
