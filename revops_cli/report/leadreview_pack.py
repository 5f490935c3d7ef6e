"""The Lead Management monthly review as a document. Presentation only: every number is in
:class:`~revops_cli.core.reporting.leadreview.LeadReview`. Section ids: :data:`SECTION_IDS`."""

from __future__ import annotations

from typing import Any

from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.funnel import TRANSITIONS
from revops_cli.core.reporting.leadreview import LeadReview
from revops_cli.report.document import BarChart, Note, Section, Series
from revops_cli.report.pack import plain, rows, status, table, unmeasured_section

SECTION_IDS = ("sources", "scoring", "routing", "nurture")
_PRETTY = {"lead": "Lead", "mql": "MQL", "sql": "SQL", "opportunity": "Opportunity", "customer": "Customer"}


def _transition(name: str) -> str:
    return " → ".join(_PRETTY.get(p, p) for p in name.split("_to_"))


def lead_review_sections(f: LeadReview, config: RevopsConfig) -> list[Section]:
    month = f.period.label
    kpi = [name for name, *_, target in TRANSITIONS if target is not None]
    groups = f.sources.groups
    if groups is None:
        sources = unmeasured_section("sources", "Lead source performance",
                                     "not measured (no lead source column; try --map lead_source=HEADER)")
    else:
        data = rows(groups, ["source", "Lead", "MQL", "SQL", "Opportunity", *kpi, "lead_to_opportunity"])
        sources = Section("sources", "Lead source performance",
                          f"{month}'s leads by source against the KPI targets (revops funnel report --by source).",
                          [table([("source", "Source", "text"), ("Lead", "Leads", "int"), ("MQL", "MQL", "int"),
                                  ("SQL", "SQL", "int"), ("Opportunity", "Opps", "int")]
                                 + [(k, _transition(k), "pct") for k in kpi]
                                 + [("lead_to_opportunity", "Lead → Opp.", "pct")], data,
                                 empty=f"No lead was created in {month}.")])

    if f.calibration is None:
        scoring = unmeasured_section("scoring", "Conversion by score band", f.not_measured["calibration"],
                                     "Is the scoring model ordering leads correctly?")
    else:
        bands = f.calibration.summary()["bands"]
        verdict = (Note("Higher bands convert at least as well as lower ones: the scoring model orders leads "
                        "correctly.", "success") if f.calibration.monotonic else
                   Note("A lower band converts better than a higher one: review the scoring rules.", "danger"))
        scoring = Section("scoring", "Conversion by score band",
                          "Is the scoring model ordering leads correctly? Every lead scored by today's rules and "
                          "linked to the opportunity export (revops leads score --calibrate), over the whole file.",
                          [verdict,
                           BarChart(title="Lead → opportunity by band", categories=[b["band"] for b in bands],
                                    series=[Series("Conversion", [b["conversion_percent"] for b in bands])],
                                    value_kind="pct", orientation="vertical", axis_label="Conversion %"),
                           table([("band", "Band", "text"), ("leads", "Leads", "int"),
                                  ("converted", "Opportunity", "int"), ("conversion_percent", "Conversion", "pct"),
                                  ("won", "Closed won", "int"), ("win_percent", "Win rate", "pct")], bands)])

    if f.sla is None:
        routing = unmeasured_section("routing", "Routing effectiveness", f.not_measured["routing"])
    else:
        by_band = {r["band"]: r for r in f.sla.by_band}
        tier_rows = []
        for tier in f.tiers:
            audit = by_band.get(tier["band"], {})
            tier_rows.append({"band": tier["band"], "queue": tier["queue"], "roles": ", ".join(tier["roles"]) or
                              "marketing nurture", "sla_minutes": tier["sla_minutes"], "leads": audit.get("leads"),
                              "met": audit.get("met"), "breached": audit.get("breached"),
                              "compliance": audit.get("compliance")})
        routing = Section("routing", "Routing effectiveness",
                          f"{month}'s leads: response against each band's SLA and the tier it routes to "
                          "(revops sla audit --from --to), and each rep's lead → opportunity conversion "
                          "(revops funnel report --by owner).",
                          [table([("band", "Band", "text"), ("queue", "Routes to", "text"), ("roles", "Roles", "text"),
                                  ("sla_minutes", "SLA (min)", "int"), ("leads", "Leads", "int"), ("met", "Met", "int"),
                                  ("breached", "Breached", "int"), ("compliance", "Compliance", "pct")], tier_rows,
                                 caption="By band and routing tier (the CRM's score, band or rating)"),
                           table([("rep", "Rep", "text"), ("leads", "Leads", "int"), ("met", "Met", "int"),
                                  ("breached", "Breached", "int"), ("compliance", "SLA compliance", "pct"),
                                  ("median_business_minutes", "Median response (business min)", "float"),
                                  ("opportunities", "Opportunities", "int"),
                                  ("lead_to_opportunity", "Lead → opp.", "pct")],
                                 [{k: plain(v) for k, v in r.items()} for r in f.routing], caption="By rep")])
    if f.nurture is None:
        nurture = unmeasured_section("nurture", "Nurture engagement by track", f.not_measured["nurture"])
    else:
        data: list[dict[str, Any]] = [{**r, "scores": f"{r['min_score']}–{r['max_score']}", "met": status(r["met"])}
                                      for r in f.nurture]
        nurture = Section("nurture", "Nurture engagement by track",
                          f"Leads on each nurture track (by today's rule score) that opened or clicked an email in "
                          f"{month}, against the SOP's {config.nurture.engagement_target:g}% email engagement.",
                          [BarChart(title="Email engagement by track", categories=[r["track"] for r in f.nurture],
                                    series=[Series("Engaged", [r["engagement"] for r in f.nurture])],
                                    value_kind="pct", target=config.nurture.engagement_target,
                                    target_label="Target (nurture.engagement_target)",
                                    axis_label="Engagement %"),
                           table([("track", "Track", "text"), ("scores", "Scores", "text"),
                                  ("frequency", "Frequency", "text"), ("leads", "Leads", "int"),
                                  ("engaged", "Opened or clicked", "int"), ("engagement", "Engagement", "pct"),
                                  ("target", "Target", "pct"), ("met", "", "status")], data)])
    return [sources, scoring, routing, nurture]
