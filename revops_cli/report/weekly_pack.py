"""The weekly pipeline-review pack as a :class:`Report`, and its figures as JSON.

Presentation only: every number comes from :class:`~revops_cli.core.reporting.weekly.WeeklyFigures`, which
holds what the audit cores returned, and every SOP number a caption quotes from the config the report is built
with. Section ids are stable (the browser test looks for them):
``qa``, ``funnel``, ``response``, ``breaches``, ``sources``, ``roi``, ``deals``, ``data``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.funnel import TRANSITIONS
from revops_cli.core.reporting.weekly import NO_RESPONSE, WeeklyFigures, qa_not_measured, to_plain
from revops_cli.report.document import (BarChart, CheckItem, Checklist, Column, Histogram, LineChart, MetricCard,
                                        Metrics, Note, Report, Section, Series, TableBlock)

SECTION_IDS = ("qa", "funnel", "response", "breaches", "sources", "roi", "deals", "data")


def _status(passed: bool | None) -> str:
    return {True: "pass", False: "fail", None: "n/a"}[passed]


def _pct(value: Any) -> str:
    return "—" if value is None or value != value else f"{value:.1f}%"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return to_plain(value)


def _rows(frame: pd.DataFrame | None, columns: list[str]) -> list[dict]:
    if frame is None or not len(frame):
        return []
    present = [c for c in columns if c in frame.columns]
    return [{k: _plain(v) for k, v in row.items()} for row in frame[present].to_dict("records")]


def build_weekly_report(figures: WeeklyFigures, config: RevopsConfig, *, sources: dict[str, Any]) -> Report:
    """The pack: QA checklist, funnel, response times, breaches, sources, ROI, stalled deals, data quality."""
    week = figures.week
    zone = config.general.timezone
    subtitle = (f"Week {week.label} · {week.first_day:%a %d %b %Y} to {week.last_day:%a %d %b %Y} ({zone})"
                + (" · week in progress" if week.partial else ""))
    sections = [_qa(figures), _funnel(figures, config), _response(figures, config), _breaches(figures, config),
                _sources(figures, config), _roi(figures), _deals(figures, config), _data(figures)]
    files = ", ".join(f"{k} {v}" for k, v in sources.items() if v)
    as_of = figures.now.tz_convert(zone)
    return Report(title="Weekly pipeline review", subtitle=subtitle, generated_at=as_of.strftime("%Y-%m-%d %H:%M %Z"),
                  sections=sections,
                  footer=f"revops report weekly, as of {as_of:%Y-%m-%d %H:%M} {zone}. Files: {files}. "
                         "Every figure is the one the matching revops command prints for the same files.")


def _qa(f: WeeklyFigures) -> Section:
    items = []
    for check in f.qa:
        sign = "≥ " if check.key != "assigned" else ""
        value_text = "not measured" if check.value is None else _pct(check.value)
        items.append(CheckItem(label=check.label, value_text=value_text, target_text=f"{sign}{check.target:g}%",
                               status=_status(check.passed), note=check.detail or check.note, value=check.value))
    blocks: list[Any] = [Checklist(items=items)]
    for note in f.notes:
        blocks.append(Note(note, tone="warning"))
    return Section("qa", "Weekly QA checklist",
                   f"Lead Management SOP, Weekly Audits: {f.new_leads:,} new leads in {f.week.label}.", blocks)


def _funnel(f: WeeklyFigures, config: RevopsConfig) -> Section:
    groups = f.funnel.groups
    blocks: list[Any] = []
    if groups is None or not len(groups):
        return Section("funnel", "Funnel KPIs", "",
                       [Note(f"No leads were created in the last {config.report.trend_weeks} weeks.", "info")])
    labels = [str(w) for w in groups["week"]]
    current = groups[groups["week"] == f.week.label]
    cards = []
    for name, *_ in TRANSITIONS:
        if name not in groups.columns:
            continue
        value = current[name].iloc[0] if len(current) else None
        target = current[f"{name}_target"].iloc[0] if len(current) and f"{name}_target" in current else None
        met = current[f"{name}_met"].iloc[0] if len(current) and f"{name}_met" in current else None
        value = None if value is None or value != value else float(value)
        has_target = target is not None and target == target
        cards.append(MetricCard(label=_transition_label(name), value_text=_pct(value),
                                target_text=f"target {target:g}%" if has_target else "",
                                status=_status(None if met is None or met != met else bool(met)), value=value))
    blocks.append(Metrics(cards=cards, title=f"Leads created in {f.week.label}"))
    kpi = [(name, _transition_label(name)) for name, *_ in TRANSITIONS
           if name in groups.columns and groups[f"{name}_target"].notna().any()]
    blocks.append(LineChart(title=f"Conversion by creation week (last {config.report.trend_weeks} weeks)", x_labels=labels,
                            series=[Series(label, [_plain(v) for v in groups[name]]) for name, label in kpi],
                            value_kind="pct", axis_label="Conversion %",
                            description="Each week's cohort: leads created that week and how far they got so far; "
                                        "recent weeks have had less time to convert."))
    columns = [Column("week", "Week"), Column("Lead", "Leads", "int")]
    columns += [Column(name, label, "pct") for name, label in kpi]
    blocks.append(TableBlock(columns=columns, rows=_rows(groups, ["week", "Lead", *[n for n, _ in kpi]]),
                             caption="Cohort conversion by week vs the SOP's KPI targets"))
    targets = config.funnel.kpi_targets
    goals = ", ".join(f"{_transition_label(name)} > {getattr(targets, target):g}%"
                      for name, _, _, target in TRANSITIONS if target is not None)
    return Section("funnel", "Funnel KPIs", f"{goals} (funnel.kpi_targets), by the week leads were created.", blocks)


def _flag(value: Any) -> bool | None:
    return None if value is None or value is pd.NA or value != value else bool(value)


def _transition_label(name: str) -> str:
    parts = name.split("_to_")
    pretty = {"lead": "Lead", "mql": "MQL", "sql": "SQL", "opportunity": "Opportunity", "customer": "Customer"}
    return " → ".join(pretty.get(p, p) for p in parts)


def _duration(minutes: int) -> str:
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"


def _response_slas(response_minutes: dict[str, int]) -> str:
    """'Hot 5 min, Warm 1 h, ...'. A run of bands with the same SLA is named by its last band, as the SOP's
    'Cold (<40) 48 hours' covers the Early band."""
    bands = list(response_minutes.items())
    return ", ".join(f"{band} {_duration(minutes)}" for i, (band, minutes) in enumerate(bands)
                     if i + 1 == len(bands) or bands[i + 1][1] != minutes)


def _response(f: WeeklyFigures, config: RevopsConfig) -> Section:
    table = f.response
    if not len(table):
        return Section("response", "Response time by band", "", [Note("No lead of the week was audited.", "info")])
    buckets = [name for name, _ in config.report.response_buckets] + [NO_RESPONSE]
    wall_clock = config.sla.wall_clock_bands
    clocks = (f"wall clock for {', '.join(wall_clock)}, the owner's business hours for the others" if wall_clock
              else "the owner's business hours")
    hist = Histogram(title="First response, by band", buckets=buckets,
                     series=[Series(str(row["band"]), [int(row[b]) for b in buckets]) for _, row in table.iterrows()],
                     axis_label="Leads",
                     description="Minutes from assignment (or creation) to the first call or email, on each band's "
                                 f"SLA clock: {clocks}.")
    by_band = TableBlock(columns=[Column("band", "Band"), Column("leads", "Leads", "int"), Column("met", "Met", "int"),
                                  Column("breached", "Breached", "int"), Column("open_overdue", "Overdue", "int"),
                                  Column("compliance", "Compliance", "pct")],
                         rows=[{k: _plain(v) for k, v in row.items()} for row in f.sla.by_band],
                         caption=f"Response SLA by band ({_response_slas(config.sla.response_minutes)})")
    return Section("response", "Response time by band", "The week's leads, as revops sla audit --from MONDAY --to SUNDAY "
                   "judges them.", [hist, by_band])


def _breaches(f: WeeklyFigures, config: RevopsConfig) -> Section:
    reps = [r for r in f.sla.by_rep if r.get("breaches")]
    reps.sort(key=lambda r: -r["breaches"])
    blocks: list[Any] = []
    if reps:
        blocks.append(BarChart(title="SLA breaches by rep", categories=[r["rep"] for r in reps],
                               series=[Series("Breaches", [r["breaches"] for r in reps])], axis_label="Breaches"))
    counts = f.sla.breach_counts
    blocks.append(Metrics(cards=[MetricCard(label=check, value_text=f"{n:,}", value=n) for check, n in counts.items()],
                          title="Breaches by check"))
    blocks.append(TableBlock(
        columns=[Column("rep", "Rep"), Column("leads", "Leads", "int"), Column("met", "Met", "int"),
                 Column("breached", "Breached", "int"), Column("compliance", "Compliance", "pct"),
                 Column("median_business_minutes", "Median (business min)", "float"),
                 Column("p90_business_minutes", "p90 (business min)", "float"),
                 Column("breaches", "All breaches", "int")],
        rows=[{k: _plain(v) for k, v in r.items()} for r in f.sla.by_rep], caption="By rep"))
    sla = config.sla
    channels = "phone + email" if sla.require_phone_and_email else "phone or email"
    return Section("breaches", "SLA breaches by rep", f"Response, the {sla.first_response_business_hours:g}-hour "
                   f"{channels} agreement, the {sla.cadence_calls}-call {sla.cadence_emails}-email cadence and "
                   f"disposition within {sla.disposition_hours} hours.", blocks)


def _sources(f: WeeklyFigures, config: RevopsConfig) -> Section:
    table = f.leads_by_source
    per_source = table[table["source"] != "all sources"].head(12)
    sla = config.funnel.marketing_sla
    blocks: list[Any] = [BarChart(title="New leads by source, month to date", categories=list(per_source["source"]),
                                  series=[Series("This week", list(per_source["week"])),
                                          Series("Month to date", list(per_source["month_to_date"]))],
                                  axis_label="Leads")]
    blocks.append(TableBlock(columns=[Column("source", "Source"), Column("week", "This week", "int"),
                                      Column("month_to_date", "Month to date", "int"),
                                      Column("monthly_target", "Monthly target", "int")],
                             rows=_rows(table, ["source", "week", "month_to_date", "monthly_target"]),
                             caption=f"Marketing SLA: {sla.leads_per_month} leads a month"
                                     + (" split by source" if sla.source_breakdown else "")))
    monthly = f.funnel.marketing_sla
    if monthly is not None and len(monthly):
        rows = []
        for row in monthly.to_dict("records"):
            rows.append({"month": f"{row['month']}" + (" (to date)" if row.get("partial") else ""),
                         "leads": _plain(row.get("leads")), "leads_target": _plain(row.get("leads_target")),
                         "leads_met": _status(_flag(row.get("leads_met"))),
                         "opportunities": _plain(row.get("opportunities")),
                         "rate": _plain(row.get("lead_to_opportunity")),
                         "rate_target": _plain(row.get("lead_to_opportunity_target")),
                         "rate_met": _status(_flag(row.get("lead_to_opportunity_met")))})
        blocks.append(TableBlock(columns=[Column("month", "Month"), Column("leads", "Leads", "int"),
                                          Column("leads_target", "Target", "int"), Column("leads_met", "", "status"),
                                          Column("opportunities", "Opportunities", "int"),
                                          Column("rate", "Lead → opp.", "pct"), Column("rate_target", "Target", "pct"),
                                          Column("rate_met", "", "status")],
                                 rows=rows, caption="Marketing SLA by month (leads, and lead → opportunity)"))
    return Section("sources", "Leads by source vs the marketing SLA", "", blocks)


def _roi(f: WeeklyFigures) -> Section:
    blocks: list[Any] = []
    if f.campaigns is not None and len(f.campaigns.frame):
        frame = f.campaigns.frame
        rated = frame[frame["roi_percent"].notna()]
        blocks.append(BarChart(title="Campaign ROI", categories=[str(c) for c in rated["campaign"]],
                               series=[Series("ROI %", [_plain(v) for v in rated["roi_percent"]])],
                               value_kind="pct", axis_label="ROI %",
                               description="(closed won + pipeline × probability − cost) / cost"))
        blocks.append(TableBlock(columns=[Column("campaign", "Campaign"), Column("cost", "Cost", "money"),
                                          Column("revenue", "Revenue", "money"),
                                          Column("roi_percent", "ROI", "pct")],
                                 rows=_rows(frame, ["campaign", "cost", "revenue", "roi_percent"]),
                                 caption="Campaign ROI"))
    if f.events is not None and len(f.events.events):
        events = f.events.events
        rated = events[events["roi_percent"].notna()] if "roi_percent" in events else events.iloc[0:0]
        blocks.append(BarChart(title="Event ROI vs target", categories=[str(e) for e in rated["event"]],
                               series=[Series("ROI %", [_plain(v) for v in rated["roi_percent"]])], value_kind="pct",
                               target=float(f.events.target), target_label=f"Target {f.events.target:g}%",
                               axis_label="ROI %"))
        blocks.append(TableBlock(columns=[Column("event", "Event"), Column("status", "Status"),
                                          Column("actual_total", "Cost", "money"), Column("pipeline", "Pipeline", "money"),
                                          Column("roi_percent", "ROI", "pct"), Column("leads_captured", "Leads", "int"),
                                          Column("cost_per_lead", "Cost per lead", "money")],
                                 rows=_rows(events, ["event", "status", "actual_total", "pipeline", "roi_percent",
                                                     "leads_captured", "cost_per_lead"]), caption="Event ROI"))
    if not blocks:
        blocks.append(Note("Give --campaigns and/or --events for campaign and event ROI.", "info"))
    return Section("roi", "Campaign and event ROI", "", blocks)


def _deals(f: WeeklyFigures, config: RevopsConfig) -> Section:
    if f.deals is None:
        return Section("deals", "Stalled deals", "", [Note("Give --opportunities for stalled deals.", "info")])
    totals, deals = f.deals.totals, f.deals.deals

    def count(label: str, key: str) -> MetricCard:  # a check the deals audit could not run is "not measured"
        value = totals[key]
        if value is None:
            return MetricCard(label, "not measured", value=None)
        return MetricCard(label, f"{value:,}", status="fail" if value else "pass", value=value)

    cards = [MetricCard("Open deals", f"{totals['open_deals']:,}", value=totals["open_deals"]),
             count("Over stage time limit", "over_limit"), count("Past close date", "past_due"),
             count("Discount approvals below the matrix", "discount_problems"),
             MetricCard("Open deals with no problem", _pct(totals["hygiene_pct"]), value=totals["hygiene_pct"])]
    stalled = deals[deals["over_limit"]].sort_values("days_over", ascending=False)
    rows = [{"opportunity": r["opportunity_id"], "name": r["name"], "owner": r["owner"], "stage": r["stage"],
             "days_in_stage": _plain(r["days_in_stage"]), "limit": _plain(r["stage_limit"]),
             "days_over": _plain(r["days_over"]), "amount": _plain(r["amount"])} for _, r in stalled.iterrows()]
    table = TableBlock(columns=[Column("opportunity", "Opportunity"), Column("name", "Name"), Column("owner", "Owner"),
                                Column("stage", "Stage"), Column("days_in_stage", "Days in stage", "int"),
                                Column("limit", "Limit", "int"), Column("days_over", "Days over", "int"),
                                Column("amount", "Amount", "money")],
                       rows=rows, caption="Deals over their stage's time limit, worst first",
                       empty_text="No deal is over its stage's time limit.")
    owners = f.deals.owners
    blocks: list = [Metrics(cards=cards)]
    if totals["over_limit"] is not None and len(owners):  # no chart of zeros for a stage time that was not measured
        blocks.append(BarChart(title="Days over stage limits by owner", categories=[str(o) for o in owners["owner"]],
                               series=[Series("Days over", [int(v) for v in owners["days_over_total"]])],
                               axis_label="Days"))
    blocks.append(table)
    blocks += [Note(f"{name.replace('_', ' ')}: {why}", "warning") for name, why in f.deals.not_measured.items()]
    limits = [f"{stage} {days}" for stage, days in config.deals.stage_limits_days.items()]
    limits[:1] = [f"{limit} days" for limit in limits[:1]]
    return Section("deals", "Stalled deals", f"Sales Process SOP stage limits: {', '.join(limits)}.", blocks)


def _data(f: WeeklyFigures) -> Section:
    labels = {"completeness": "Completeness", "accuracy": "Accuracy", "duplicates": "Duplicates",
              "bounces": "Bounces", "compliance": "Compliance"}
    missing = f.data.not_measured
    items = [CheckItem(label=labels.get(m["metric"], m["metric"]),
                       value_text="not measured" if m["value"] is None else _pct(m["value"]),
                       target_text=("≤ " if m["kind"] == "max" else "≥ ") + f"{m['target']:g}%",
                       status=_status(m["met"]), value=m["value"],
                       note="" if m["value"] is not None else
                       (f"not measured: {missing[m['metric']].text}" if m["metric"] in missing else "not measured"))
             for m in f.data.scorecard]
    counts = f.data.counts
    retention = [{"class": c, "records": counts["retention_classes"].get(c, 0),
                  "past": counts["past_retention"].get(c)} for c in counts["retention_classes"]]
    return Section("data", "Data-quality scorecard", f"Data Management SOP targets over all {counts['rows']:,} "
                   "records of the leads file (as revops data audit measures them).",
                   [Checklist(items=items),
                    TableBlock(columns=[Column("class", "Class"), Column("records", "Records", "int"),
                                        Column("past", "Past retention", "int")], rows=retention,
                               caption="Retention")])


def weekly_json(figures: WeeklyFigures, report: Report) -> dict[str, Any]:
    """Every figure of the pack: the audits' own summaries (same keys as their commands' --json) and the report.

    Serialise it with :func:`revops_cli.render.to_json`, as the commands do.
    """
    f = figures
    out: dict[str, Any] = {
        "week": {"label": f.week.label, "first_day": f.week.first_day.isoformat(),
                 "last_day": f.week.last_day.isoformat(), "partial": f.week.partial},
        "as_of": f.now.isoformat(),
        "new_leads": f.new_leads,
        "qa": [c.to_dict() for c in f.qa],
        "not_measured": qa_not_measured(f.qa),
        "sla": f.sla.summary(),
        "funnel": f.funnel.summary(),
        "data": f.data.summary(),
        "response_distribution": _rows(f.response, list(f.response.columns)),
        "leads_by_source": _rows(f.leads_by_source, list(f.leads_by_source.columns)),
        "deals": None if f.deals is None else {"totals": f.deals.totals, "owners": _rows(f.deals.owners,
                                                                                      list(f.deals.owners.columns))},
        "campaigns": None if f.campaigns is None else {**f.campaigns.summary(),
                                                      "rows": _rows(f.campaigns.frame, list(f.campaigns.frame.columns))},
        "events": None if f.events is None else f.events.summary(),
        "notes": f.notes,
        "report": report.to_dict(),
    }
    return out
