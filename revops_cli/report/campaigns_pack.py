"""Campaign Performance as a document. Presentation only: every number is in
:class:`~revops_cli.core.reporting.campaigns.CampaignPerformance` (the campaign commands' results). Section ids:
:data:`SECTION_IDS`."""

from __future__ import annotations

from typing import Any

from revops_cli.config import RevopsConfig
from revops_cli.core.reporting.campaigns import CampaignPerformance
from revops_cli.report.document import BarChart, MetricCard, Metrics, Note, Section, Series
from revops_cli.report.pack import count, money, not_measured, pct, rows, table, unmeasured_section

SECTION_IDS = ("roi", "triggers", "approvals", "lint")
_RATE_LABELS = {"open_rate": "Open", "click_rate": "Click", "conversion_rate": "Conversion", "bounce_rate": "Bounce",
                "unsubscribe_rate": "Unsubscribe"}


def campaign_sections(f: CampaignPerformance, config: RevopsConfig) -> list[Section]:
    period = f.period
    named = (f"{len(f.campaigns)} campaign{'s' if len(f.campaigns) != 1 else ''} ran between "
             f"{period.first_day:%d %b} and {period.last_day:%d %b %Y}")
    undated = [Note(f"No start date, so not placed in any week: {', '.join(f.undated)}.", "warning")] \
        if f.undated else []
    if not f.campaigns:
        empty = Note(f"No campaign ran between {period.first_day:%d %b} and {period.last_day:%d %b %Y}.", "info")
        return [Section(sid, title, "", [empty] + undated) for sid, title in
                zip(SECTION_IDS, ("Campaign ROI", "Optimisation triggers", "Budget approvals", "Naming and UTM"))]
    totals = f.roi.totals
    if "revenue" in f.not_measured:
        roi = unmeasured_section("roi", "Campaign ROI", f.not_measured["revenue"], named + ".")
    else:
        frame = f.roi.frame
        rated = frame[frame["roi_percent"].notna()]
        cards = [MetricCard("Cost", money(totals.get("cost")), value=totals.get("cost")),
                 MetricCard("Revenue (won + weighted pipeline)", money(totals.get("revenue")),
                            value=totals.get("revenue")),
                 MetricCard("ROI", pct(totals.get("roi_percent")), value=totals.get("roi_percent"),
                            note=totals.get("roi_note") or ""),
                 MetricCard("Cost per lead", money(totals.get("cost_per_lead")), value=totals.get("cost_per_lead"),
                            note="" if totals.get("leads") is not None else
                            "not measured: the sheet has no leads column (--map leads=HEADER)"),
                 MetricCard("Cost per opportunity", money(totals.get("cost_per_opportunity")),
                            value=totals.get("cost_per_opportunity"))]
        blocks: list[Any] = [Metrics(cards=cards)]
        if len(rated):
            blocks.append(BarChart(title="ROI per campaign", categories=[str(c) for c in rated["campaign"]],
                                   series=[Series("ROI %", [float(v) for v in rated["roi_percent"]])],
                                   value_kind="pct", axis_label="ROI %",
                                   description="(closed won + pipeline × probability − cost) / cost"))
        blocks.append(table([("campaign", "Campaign", "text"), ("cost", "Cost", "money"),
                             ("closed_won", "Closed won", "money"), ("weighted_pipeline", "Weighted pipeline", "money"),
                             ("roi_percent", "ROI", "pct"), ("leads", "Leads", "int"),
                             ("cost_per_lead", "Cost per lead", "money"), ("opportunities", "Opportunities", "int"),
                             ("cost_per_opportunity", "Cost per opp.", "money"), ("roi_note", "Note", "text")],
                            rows(frame), caption=f"Attribution: {f.roi.model.replace('_', ' ')}"))
        roi = Section("roi", "Campaign ROI", named + ": ROI = (revenue − cost) / cost × 100, as revops campaign roi "
                      "computes it.", blocks + undated)

    audit = f.audit.frame
    trigger_text = "; ".join(f"{_RATE_LABELS[t.metric].lower()} {t.op} {t.threshold:g}% → {t.action}"
                             for t in config.campaign.triggers)
    rate_rows = []
    for row in rows(audit, ["campaign", *_RATE_LABELS, "actions"]):
        rate_rows.append({**row, "actions": "; ".join(row["actions"] or []) or "none"})
    fired = f.audit.triggers
    trigger_cards = [MetricCard(_RATE_LABELS[m], count(fired.get(m, 0)), value=fired.get(m, 0),
                                status="warn" if fired.get(m) else "pass", note="campaigns") for m in _RATE_LABELS]
    triggers = Section("triggers", "Optimisation triggers", f"Campaign Execution SOP: {trigger_text}.",
                       [Metrics(cards=trigger_cards, title="Campaigns each trigger fired for"),
                        table([("campaign", "Campaign", "text")] + [(m, label, "pct") for m, label in _RATE_LABELS.items()]
                              + [("actions", "Actions", "text")], rate_rows)]
                       + not_measured(f.not_measured, ("triggers",)))
    approval_rows = rows(audit, ["campaign", "budget", "in_scope", "approver_required", "approver_recorded",
                                 "approval_status", "approval_note"])
    for row in approval_rows:
        row["in_scope"] = "yes" if row["in_scope"] else "no"
        row["verdict"] = {"ok": "pass", "too_junior": "fail", "missing": "fail", "unknown": "warn"}.get(
            row["approval_status"] or "", "n/a")
    approvals = Section("approvals", "Budget approvals", "Approval matrix: " + ", ".join(
        (f"≤ ${row.max_budget:,.0f} {row.approver}" if row.max_budget is not None else f"above: {row.approver}")
        for row in config.campaign.approval_matrix) + ".",
        [table([("campaign", "Campaign", "text"), ("budget", "Budget", "money"), ("in_scope", "In SOP scope", "text"),
                ("approver_required", "Needs", "text"), ("approver_recorded", "Approved by", "text"),
                ("verdict", "", "status"), ("approval_note", "Note", "text")], approval_rows)])
    problems = rows(f.lint.problems)
    lint = Section("lint", "Naming, UTM and pre-send checks",
                   "Campaign: YYYY-MM-Type-Name; UTM source, medium and campaign; subject under "
                   f"{config.campaign.presend.subject_max_chars} characters, unsubscribe link, spam score under "
                   f"{config.campaign.presend.spam_score_max:g}.",
                   [table([("campaign", "Campaign", "text"), ("check", "Check", "text"), ("value", "Value", "text"),
                           ("message", "Problem", "text")], problems, empty="No problem.")])
    return [roi, triggers, approvals, lint]
