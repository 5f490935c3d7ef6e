"""The monthly reports as documents: Marketing Review, Sales Review, Business Review, Board Deck.

Presentation only: every number is in :mod:`revops_cli.core.reporting.monthly`'s results (and the forecast and
data-quality audits they are shown with). Section ids: :data:`MARKETING_SECTIONS`, :data:`SALES_SECTIONS`,
:data:`BUSINESS_SECTIONS`, :data:`BOARD_SECTIONS`.
"""

from __future__ import annotations

from typing import Any

from revops_cli.config import RevopsConfig
from revops_cli.core.data.quality import DataAudit
from revops_cli.core.marketing.funnel import TRANSITIONS
from revops_cli.core.reporting.forecast import Forecast
from revops_cli.core.reporting.monthly import MarketingReview, SalesReview, biggest_changes
from revops_cli.report.document import (BarChart, BulletItem, BulletList, CheckItem, Checklist, LineChart, MetricCard,
                                        Metrics, Note, Section, Series)
from revops_cli.report.campaigns_pack import campaign_sections
from revops_cli.report.forecast_pack import forecast_sections
from revops_cli.report.formatting import format_value
from revops_cli.report.pack import count, money, not_measured, pct, plain, rows, status, table, unmeasured_section

MARKETING_SECTIONS = ("headline", "funnel", "cohorts", "marketing-sla", "campaigns", "events")
SALES_SECTIONS = ("attainment", "win-rate", "pipeline", "sla", "hygiene")
BUSINESS_SECTIONS = ("headline", "marketing", "sales", "forecast", "data")
BOARD_SECTIONS = ("highlights", "changes", "trend")
_PRETTY = {"lead": "Lead", "mql": "MQL", "sql": "SQL", "opportunity": "Opportunity", "customer": "Customer"}


def _transition(name: str) -> str:
    return " → ".join(_PRETTY.get(p, p) for p in name.split("_to_"))


def _shown(value: Any, kind: str) -> str:
    return format_value(value, {"int": "int", "pct": "pct", "money": "money", "float": "float"}[kind])


def metric_table(metrics: list[dict], current: str, previous: str) -> Any:
    data = []
    for m in metrics:
        change = m["change"]
        if change is None:
            moved = "—"
        elif m["kind"] == "pct":
            moved = f"{change:+.1f} pts"
        else:
            moved = ("+" if change > 0 else "") + _shown(change, m["kind"]) + (
                f" ({m['change_percent']:+.1f}%)" if m["change_percent"] is not None else "")
        data.append({"label": m["label"], "current": _shown(m["current"], m["kind"]),
                     "previous": _shown(m["previous"], m["kind"]), "change": moved,
                     "verdict": {"better": "↑ better", "worse": "↓ worse"}.get(m["verdict"] or "", "")})
    return table([("label", "Metric", "text"), ("current", current, "text"), ("previous", previous, "text"),
                  ("change", "Change", "text"), ("verdict", "", "text")], data,
                 caption=f"{current} against {previous}")


def _to_date(period) -> list[Note]:
    if not period.partial:
        return []
    return [Note(f"{period.label} is to date: compare it with the whole month before with care.", "info")]


# --------------------------------------------------------------------------- marketing


def marketing_sections(f: MarketingReview, config: RevopsConfig, metrics: list[dict]) -> list[Section]:
    month, before = f.period.label, f.previous.label
    marketing_keys = {"new_leads", "lead_to_mql", "lead_to_opportunity"}
    headline = Section("headline", "The month at a glance", f"{month} against {before}; conversion is each month's "
                       "leads and how far they have got so far.",
                       [metric_table([m for m in metrics if m["key"] in marketing_keys], month, before)]
                       + _to_date(f.period) + not_measured(f.not_measured, ("opportunities",)))

    groups = f.funnel.groups
    kpi = [name for name, *_, target in TRANSITIONS if target is not None]
    funnel_blocks: list[Any] = []
    if groups is None or not len(groups):
        funnel_blocks.append(Note(f"No lead was created in {month}." if groups is not None else
                                  "No lead source column: try --map lead_source=HEADER.", "info"))
    else:
        data = rows(groups, ["source", "Lead", "MQL", "SQL", "Opportunity", "Customer", *kpi, "lead_to_opportunity"])
        funnel_blocks.append(table([("source", "Source", "text"), ("Lead", "Leads", "int"), ("MQL", "MQL", "int"),
                                    ("SQL", "SQL", "int"), ("Opportunity", "Opps", "int"),
                                    ("Customer", "Customers", "int")]
                                   + [(k, _transition(k), "pct") for k in kpi]
                                   + [("lead_to_opportunity", "Lead → Opp.", "pct")], data,
                                   caption=f"{month}'s leads by source"))
    targets = config.funnel.kpi_targets
    goals = ", ".join(f"{_transition(k)} > {getattr(targets, k):g}%" for k in kpi)
    funnel = Section("funnel", "Funnel by source against the KPI targets", f"{goals} (funnel.kpi_targets); the same "
                     "figures as revops funnel report --by source for the month.", funnel_blocks)

    cohorts_frame = f.trend.cohorts[f.trend.cohorts["cohort"] != "unknown"]
    labels = [str(c) for c in cohorts_frame["cohort"]]
    cohort_rows = rows(cohorts_frame, ["cohort", "partial", "Lead", *kpi, "lead_to_opportunity"])
    for row in cohort_rows:
        row["cohort"] = row["cohort"] + (" (to date)" if row.pop("partial") else "")
    cohorts = Section("cohorts", "Conversion by monthly cohort",
                      f"The last {config.reporting.trend_months} months' leads and how far they got; recent cohorts "
                      "have had less time to convert.",
                      [LineChart(title="Conversion by creation month", x_labels=labels,
                                 series=[Series(_transition(k), [plain(v) for v in cohorts_frame[k]]) for k in kpi],
                                 value_kind="pct", axis_label="Conversion %"),
                       table([("cohort", "Month", "text"), ("Lead", "Leads", "int")]
                             + [(k, _transition(k), "pct") for k in kpi]
                             + [("lead_to_opportunity", "Lead → Opp.", "pct")], cohort_rows)])

    sla = config.funnel.marketing_sla
    sla_rows = []
    for row in rows(f.trend.marketing_sla):
        sla_rows.append({"month": row["month"] + (" (to date)" if row["partial"] else ""), "leads": row["leads"],
                         "leads_target": row["leads_target"], "leads_met": status(row["leads_met"]),
                         "opportunities": row["opportunities"], "rate": row["lead_to_opportunity"],
                         "rate_target": row["lead_to_opportunity_target"],
                         "rate_met": status(row["lead_to_opportunity_met"])})
    sla_blocks: list[Any] = [table([("month", "Month", "text"), ("leads", "Leads", "int"),
                                    ("leads_target", "Target", "int"), ("leads_met", "", "status"),
                                    ("opportunities", "Opportunities", "int"), ("rate", "Lead → opp.", "pct"),
                                    ("rate_target", "Target", "pct"), ("rate_met", "", "status")], sla_rows,
                                   caption="Leads a month and lead → opportunity")]
    if f.trend.source_sla is not None and len(f.trend.source_sla):
        source_rows = rows(f.trend.source_sla[f.trend.source_sla["month"] == month])
        for row in source_rows:
            row["leads_met"] = status(row["leads_met"])
        sla_blocks.append(table([("source", "Source", "text"), ("leads", "Leads", "int"),
                                 ("leads_target", "Target", "int"), ("leads_met", "", "status"),
                                 ("lead_to_opportunity", "Lead → opp.", "pct"),
                                 ("lead_to_opportunity_target", "Target", "pct")], source_rows,
                                caption=f"{month} by source (funnel.marketing_sla.source_breakdown)"))
    else:
        sla_blocks.append(Note("No per-source split is set (funnel.marketing_sla.source_breakdown), so the SLA is "
                               "judged on all sources together.", "info"))
    marketing_sla = Section("marketing-sla", "Marketing SLA", f"Sales Funnel 101: {sla.leads_per_month} leads a month, "
                            f"lead → opportunity {sla.lead_to_opportunity:g}%.", sla_blocks)

    if f.campaigns is None:
        campaigns = unmeasured_section("campaigns", "Campaign ROI", f.not_measured["campaigns"])
    else:
        roi = campaign_sections(f.campaigns, config)[0]
        campaigns = Section("campaigns", "Campaign ROI", roi.intro, roi.blocks)
    if f.events is None:
        events = unmeasured_section("events", "Event ROI", f.not_measured["events"])
    else:
        totals = f.events.totals
        event_rows = rows(f.events.events, ["event", "status", "actual_total", "pipeline", "roi_percent", "roi_met",
                                            "leads_captured", "cost_per_lead", "meetings", "cost_per_meeting"])
        for row in event_rows:
            row["roi_met"] = status(row["roi_met"])
            for key in ("actual_total", "pipeline", "cost_per_lead", "cost_per_meeting"):
                row[key] = None if row[key] is None else float(row[key])
        events = Section("events", "Event ROI", f"Events held in {month}: ROI = (pipeline − cost) / cost × 100 against "
                         f"the {f.events.target:g}% target (Event Management SOP).",
                         [Metrics(cards=[MetricCard("Events", count(len(event_rows)), value=len(event_rows)),
                                         MetricCard("Total cost", money(_number(totals.get("actual_total"))),
                                                    value=_number(totals.get("actual_total"))),
                                         MetricCard("Pipeline", money(_number(totals.get("pipeline"))),
                                                    value=_number(totals.get("pipeline")))]),
                          table([("event", "Event", "text"), ("status", "Status", "text"),
                                 ("actual_total", "Cost", "money"), ("pipeline", "Pipeline", "money"),
                                 ("roi_percent", "ROI", "pct"), ("roi_met", "", "status"),
                                 ("leads_captured", "Leads", "int"), ("cost_per_lead", "Cost per lead", "money"),
                                 ("meetings", "Meetings", "int"), ("cost_per_meeting", "Cost per meeting", "money")],
                                event_rows, empty=f"No event in {month}.")])
    return [headline, funnel, cohorts, marketing_sla, campaigns, events]


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- sales


def attainment_table(data: list[dict], caption: str) -> Any:
    shown = []
    for row in data:
        shown.append({**row, "quota_note": row["quota_note"] or ""})
    return table([("name", "Rep / team", "text"), ("level", "Level", "text"), ("team", "Team", "text"),
                  ("won_deals", "Deals won", "int"), ("won", "Closed won", "money"), ("quota", "Quota", "money"),
                  ("attainment", "Attainment", "pct"), ("quota_note", "Quota note", "text")], shown, caption=caption)


def sales_sections(f: SalesReview, config: RevopsConfig, metrics: list[dict]) -> list[Section]:
    month, before = f.period.label, f.previous.label
    total = f.attainment[-1]
    cards = [MetricCard("Closed won", money(total["won"]), value=total["won"], note=f"{total['won_deals']:,} deals"),
             MetricCard("Quota", money(total["quota"]), value=total["quota"]) if total["quota"] is not None
             else MetricCard("Quota", "not measured", note=total["quota_note"] or ""),
             MetricCard("Attainment", pct(total["attainment"]) if total["quota"] is not None else "not measured",
                        value=total["attainment"], note="" if total["quota"] is not None else "no quota")]
    attainment = Section("attainment", "Attainment against quota", f"Closed won in {month} per rep and team against "
                         "the quota file; a rep or team without a quota is not measured, never 0%.",
                         [Metrics(cards=cards), attainment_table(f.attainment, f"{month}: rep → team → total")]
                         + not_measured(f.not_measured, ("attainment", "teams")))
    sales_keys = {"bookings", "deals_won", "win_rate", "average_won", "median_cycle_won", "pipeline_created",
                  "opportunities_created", "sla_compliance"}
    wl = f.month.win_loss
    owner_rows = wl.breakdowns.get("owner") or []
    win = Section("win-rate", "Win rate, cycle and deal size", f"Deals closed in {month} (as the win/loss analysis "
                  "counts them).",
                  [metric_table([m for m in metrics if m["key"] in sales_keys], month, before), *_to_date(f.period),
                   table([("value", "Owner", "text"), ("closed", "Closed", "int"), ("won", "Won", "int"),
                          ("win_rate", "Win rate", "pct"), ("won_amount", "Won $", "money")], owner_rows,
                         caption=f"{month} by owner", empty="No deal closed."),
                   table([("outcome", "Outcome", "text"), ("deals", "Deals", "int"), ("median", "Median days", "float"),
                          ("mean", "Mean days", "float")], wl.cycle, caption="Sales cycle: created to close")])
    labels = [m.period.label for m in f.trend]
    pipeline = Section("pipeline", "Bookings and pipeline created", f"The last {config.reporting.trend_months} "
                       "months: closed won by close date, pipeline by the deals' created date.",
                       [BarChart(title="Bookings and pipeline created per month", categories=labels,
                                 series=[Series("Bookings", [m.bookings for m in f.trend]),
                                         Series("Pipeline created", [m.created_amount for m in f.trend])],
                                 orientation="vertical", value_kind="money", axis_label="Amount"),
                        table([("month", "Month", "text"), ("bookings", "Bookings", "money"),
                               ("won_deals", "Deals won", "int"), ("win_rate", "Win rate", "pct"),
                               ("created_amount", "Pipeline created", "money"),
                               ("created_deals", "Deals created", "int")],
                              [{"month": m.period.label + (" (to date)" if m.period.partial else ""),
                                **{k: v for k, v in m.to_dict().items() if k != "period"}} for m in f.trend])])
    if f.sla is None:
        sla = unmeasured_section("sla", "Response-SLA compliance", f.not_measured["sla"])
    else:
        sla = Section("sla", "Response-SLA compliance", f"The month's leads, as revops sla audit --from --to judges "
                      f"them; target {f.sla.target:g}%.",
                      [Metrics(cards=[MetricCard(month, pct(f.sla.compliance), value=f.sla.compliance,
                                                 target_text=f"target {f.sla.target:g}%",
                                                 status=status(f.sla.meets_target)),
                                      MetricCard(before, pct(f.sla_before.compliance), value=f.sla_before.compliance,
                                                 status=status(f.sla_before.meets_target))]),
                       table([("rep", "Rep", "text"), ("leads", "Leads", "int"), ("met", "Met", "int"),
                              ("breached", "Breached", "int"), ("open_overdue", "Overdue", "int"),
                              ("compliance", "Compliance", "pct"),
                              ("median_business_minutes", "Median (business min)", "float")],
                             [{k: plain(v) for k, v in r.items()} for r in f.sla.by_rep], caption=f"{month} by rep")])
    if f.hygiene is None:
        hygiene = unmeasured_section("hygiene", "Deal hygiene now", f.not_measured["hygiene"])
    else:
        t = f.hygiene.totals
        hygiene = Section("hygiene", "Deal hygiene now", "Open deals today against the Sales Process SOP (revops deals "
                          "audit).", [Metrics(cards=[
                              MetricCard("Open deals", count(t["open_deals"]), value=t["open_deals"]),
                              MetricCard("Over the stage time limit", count(t["over_limit"]), value=t["over_limit"],
                                         status="fail" if t["over_limit"] else "pass"),
                              MetricCard("Past close date", count(t["past_due"]), value=t["past_due"],
                                         status="fail" if t["past_due"] else "pass"),
                              MetricCard("Discount approvals below the matrix", count(t["discount_problems"]),
                                         value=t["discount_problems"],
                                         status="fail" if t["discount_problems"] else "pass"),
                              MetricCard("Open deals with no problem", pct(t["hygiene_pct"]), value=t["hygiene_pct"])])])
    return [attainment, win, pipeline, sla, hygiene]


# --------------------------------------------------------------------------- business review


def business_sections(marketing: MarketingReview, sales: SalesReview, forecast: Forecast | None,
                      data: DataAudit | None, config: RevopsConfig, metrics: list[dict]) -> list[Section]:
    month, before = marketing.period.label, marketing.previous.label
    headline = Section("headline", "Headline metrics, month over month", f"{month} against {before}.",
                       [metric_table(metrics, month, before)] + _to_date(marketing.period))
    m_sections = {s.id: s for s in marketing_sections(marketing, config, metrics)}
    s_sections = {s.id: s for s in sales_sections(sales, config, metrics)}
    mkt = Section("marketing", "Marketing", "Funnel by source, the marketing SLA and campaign ROI (the Marketing "
                  "Review has the detail).", m_sections["funnel"].blocks + m_sections["marketing-sla"].blocks[:1]
                  + m_sections["campaigns"].blocks[:1])
    sal = Section("sales", "Sales", "Attainment, win rate and response SLAs (the Sales Review has the detail).",
                  s_sections["attainment"].blocks[:2] + s_sections["sla"].blocks[:1])
    if forecast is None:
        fc = unmeasured_section("forecast", "Forecast", "forecast not run")
    else:
        rollup = forecast_sections(forecast, config)[0]
        fc = Section("forecast", f"Forecast, {forecast.period.label}", rollup.intro, rollup.blocks)
    if data is None:
        dq = unmeasured_section("data", "Data quality", "no leads file audited")
    else:
        labels = {"completeness": "Completeness", "accuracy": "Accuracy", "duplicates": "Duplicates",
                  "bounces": "Bounces", "compliance": "Compliance"}
        items = [CheckItem(label=labels.get(m["metric"], m["metric"]), value_text=pct(m["value"]),
                           target_text=("≤ " if m["kind"] == "max" else "≥ ") + f"{m['target']:g}%",
                           status=status(m["met"]), value=m["value"],
                           note="" if m["value"] is not None else "not measured: no column for it")
                 for m in data.scorecard]
        dq = Section("data", "Data quality", f"Data Management SOP targets over all {data.counts['rows']:,} leads (as "
                     "revops data audit measures them).", [Checklist(items=items)])
    return [headline, mkt, sal, fc, dq]


# --------------------------------------------------------------------------- board deck


def board_sections(marketing: MarketingReview, sales: SalesReview, forecast: Forecast | None, config: RevopsConfig,
                   metrics: list[dict]) -> list[Section]:
    month, before = marketing.period.label, marketing.previous.label
    by_key = {m["key"]: m for m in metrics}

    def card(key: str, label: str | None = None) -> MetricCard:
        m = by_key.get(key)
        if m is None:
            return MetricCard(label or key, "not measured")
        note = "" if m["change"] is None else (f"{m['change']:+.1f} pts vs {before}" if m["kind"] == "pct" else
                                               f"{m['change_percent']:+.1f}% vs {before}"
                                               if m["change_percent"] is not None
                                               else f"{before}: {_shown(m['previous'], m['kind'])}")
        arrow = {"better": "↑ ", "worse": "↓ "}.get(m["verdict"] or "", "")
        return MetricCard(label or m["label"], _shown(m["current"], m["kind"]), note=arrow + note if note else "",
                          value=plain(m["current"]))

    cards = [card("bookings", f"Bookings, {month}")]
    if forecast is not None:
        total = forecast.total
        cards.append(MetricCard(f"Bookings, {forecast.period.label} to date", money(total["won"]), value=total["won"],
                                note=(f"{pct(total['attainment'])} of quota" if total["quota"] is not None else "")))
        cards.append(MetricCard(f"Open pipeline, {forecast.period.label}", money(total["open_pipeline"]),
                                value=total["open_pipeline"],
                                note=f"{total['coverage']:.2f}x coverage" if total["coverage"] is not None else ""))
    cards += [card("pipeline_created"), card("lead_to_opportunity", f"Lead → opportunity, {month} leads"),
              card("win_rate")]
    highlights = Section("highlights", "Highlights", f"{month}, with the quarter to date.",
                         [Metrics(cards=cards), *_to_date(marketing.period)])

    moved = biggest_changes(metrics, config.reporting.biggest_changes)
    items = []
    for m in moved:
        direction = "up" if m["change"] > 0 else "down"
        size = f"{abs(m['change']):.1f} pts" if m["kind"] == "pct" else f"{abs(m['change_percent']):.1f}%"
        judged = {"better": ", for the better", "worse": ", for the worse"}.get(m["verdict"] or "", "")
        items.append(BulletItem(f"{m['label']} {direction} {size} ({_shown(m['previous'], m['kind'])} → "
                                f"{_shown(m['current'], m['kind'])}){judged}"))
    changes = Section("changes", f"The {config.reporting.biggest_changes} biggest changes",
                      f"The headline metrics that moved most from {before} to {month}, by relative change.",
                      [BulletList(items, empty_text="No headline metric was measured in both months.")])

    cohorts = marketing.trend.cohorts[marketing.trend.cohorts["cohort"] != "unknown"]
    trend = Section("trend", "Trend", f"The last {config.reporting.trend_months} months.", [
        BarChart(title="Bookings and pipeline created", categories=[m.period.label for m in sales.trend],
                 series=[Series("Bookings", [m.bookings for m in sales.trend]),
                         Series("Pipeline created", [m.created_amount for m in sales.trend])],
                 orientation="vertical", value_kind="money", axis_label="Amount"),
        LineChart(title="Lead → opportunity by creation month", x_labels=[str(c) for c in cohorts["cohort"]],
                  series=[Series("Lead → opportunity", [plain(v) for v in cohorts["lead_to_opportunity"]])],
                  value_kind="pct", axis_label="Conversion %",
                  target=config.funnel.marketing_sla.lead_to_opportunity,
                  target_label="Marketing SLA")])
    return [highlights, changes, trend]
