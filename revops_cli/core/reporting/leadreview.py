"""Lead Management SOP, Quality Assurance, "Monthly Reviews": lead source performance, conversion rates by score,
routing effectiveness and nurture engagement, for one month (the last complete one unless named).

* **Lead source performance**: the funnel of the month's leads by source against the KPI targets
  (:func:`~revops_cli.core.marketing.funnel.funnel_report` ``by="source"``, = ``revops funnel report --by source``)
  and the marketing SLA per source.
* **Conversion by score band** ("is the scoring model ordering leads correctly?"): every lead scored by the rules
  and linked to the opportunity export (:func:`~revops_cli.core.leads.scoring.calibrate`, = ``revops leads score
  --calibrate``); a lower band converting better than a higher one is flagged. Over the whole file, since a
  month's leads have rarely had time to convert.
* **Routing effectiveness**: the SLA audit of the month's leads (``revops sla audit --from --to``) by band with
  the routing tier each band goes to, and by rep, next to each rep's lead -> opportunity conversion (the funnel by
  owner).
* **Nurture engagement by track**: leads whose rule score falls in a ``nurture.tracks`` row, created before the
  month ended, and the share that opened or clicked an email in the month, against ``nurture.engagement_target``
  ("Performance Metric: 25% email engagement"). Needs an engagement export with email opens or clicks; without one
  it is not measured, never 0%.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import Roster
from revops_cli.core.leads.scoring import CalibrationResult, calibrate, score_leads
from revops_cli.core.marketing.funnel import FunnelResult, funnel_report
from revops_cli.core.metrics import NotMeasured, not_measured_json, percent
from revops_cli.core.reporting.periods import Period
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.sla import SlaAudit, audit_sla, lead_timestamps
from revops_cli.normalize.timestamps import NAT_NS

EMAIL_ENGAGEMENT = ("email_open", "email_click")


@dataclass
class LeadReview:
    """What :func:`lead_management_review` returns."""

    period: Period
    sources: FunnelResult
    owners: FunnelResult
    calibration: CalibrationResult | None
    sla: SlaAudit | None
    tiers: list[dict]  # band -> routing tier
    routing: list[dict]  # per rep: SLA and conversion
    nurture: list[dict] | None
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"period": self.period.to_dict(), "sources": self.sources.summary(),
                "calibration": None if self.calibration is None else self.calibration.summary(),
                "sla": None if self.sla is None else self.sla.summary(), "tiers": self.tiers,
                "routing": self.routing, "nurture": self.nurture,
                "not_measured": not_measured_json(self.not_measured)}


def _tiers(config: RevopsConfig) -> list[dict]:
    """Each scoring band and the routing tier its lowest score falls in."""
    tiers = sorted(config.routing.tiers, key=lambda t: -t.min_score)
    out = []
    for band in config.scoring.bands:
        tier = next(t for t in tiers if band.min >= t.min_score)
        out.append({"band": band.name, "min_score": band.min, "queue": tier.queue, "roles": list(tier.roles),
                    "sla_minutes": config.sla.response_minutes.get(band.name)})
    return out


def lead_management_review(leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, *,
                           now: pd.Timestamp, period: Period, activities: ActivityLink | None = None,
                           roster: Roster | None = None, opportunities: pd.DataFrame | None = None,
                           opportunity_mapping: ColumnMapping | None = None) -> LeadReview:
    not_measured: dict[str, NotMeasured] = {}
    sources = funnel_report(leads, mapping, config, opportunities=opportunities,
                            opportunity_mapping=opportunity_mapping, by="source", start=period.start, end=period.end,
                            now=now)
    owners = funnel_report(leads, mapping, config, opportunities=opportunities,
                           opportunity_mapping=opportunity_mapping, by="owner", start=period.start, end=period.end,
                           now=now)
    scored = score_leads(leads, mapping, config, now=now, activities=activities).frame
    calibration = None
    if opportunities is not None:
        calibration = calibrate(scored, mapping, opportunities, opportunity_mapping, config)
    else:
        not_measured["calibration"] = NotMeasured("no opportunity export: which leads converted is unknown",
                                                  "--opportunities opps.csv")

    sla = None
    routing: list[dict] = []
    conversion = {}
    if owners.groups is not None:
        conversion = {str(g["owner"]).casefold(): g for g in owners.groups.to_dict("records")}
    if activities is not None:
        sla = audit_sla(leads, mapping, activities, config, now=now, roster=roster, start=period.start,
                        end=period.end)
        for row in sla.by_rep:
            group = conversion.get(str(row["rep"]).casefold(), {})
            routing.append({"rep": row["rep"], "leads": row["leads"], "met": row["met"],
                            "breached": row["breached"], "open_overdue": row["open_overdue"],
                            "compliance": row["compliance"],
                            "median_business_minutes": row["median_business_minutes"],
                            "opportunities": group.get("Opportunity"),
                            "lead_to_opportunity": group.get("lead_to_opportunity")})
    else:
        not_measured["routing"] = NotMeasured("no activities file: response times unknown", "--activities tasks.csv")

    nurture = None
    kinds = set(activities.frame["kind"].unique()) if activities is not None else set()
    if not kinds & set(EMAIL_ENGAGEMENT):
        not_measured["nurture"] = NotMeasured(
            "no email opens or clicks in the activity files (a marketing-automation engagement export has them)",
            "--activities engagement.csv")
    else:
        nurture = _nurture(leads, mapping, config, scored["revops_score"].to_numpy(np.int64), activities, period)
    return LeadReview(period=period, sources=sources, owners=owners, calibration=calibration, sla=sla,
                      tiers=_tiers(config), routing=routing, nurture=nurture, not_measured=not_measured)


def _nurture(leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, score: np.ndarray,
             activities: ActivityLink, period: Period) -> list[dict]:
    created = lead_timestamps(leads, mapping, "created_at", config.general.timezone)
    existed = np.ones(len(leads), dtype=bool) if created is None else (created != NAT_NS) & (created < period.end.value)
    frame = activities.frame
    at = pd.to_datetime(frame["at"], utc=True)
    hit = (frame["kind"].isin(EMAIL_ENGAGEMENT) & (frame["lead_pos"] >= 0) & (at >= period.start)
           & (at < period.end)).to_numpy(dtype=bool)
    engaged = np.zeros(len(leads), dtype=bool)
    engaged[frame["lead_pos"].to_numpy(np.int64)[hit]] = True
    rows = []
    target = config.nurture.engagement_target
    for track in config.nurture.tracks:
        on = existed & (score >= track.min_score) & (score <= track.max_score)
        n, e = int(on.sum()), int((on & engaged).sum())
        rate = percent(e, n)
        rows.append({"track": track.name, "min_score": track.min_score, "max_score": track.max_score,
                     "frequency": track.frequency, "leads": n, "engaged": e, "engagement": rate, "target": target,
                     "met": None if rate is None else rate >= target})
    return rows
