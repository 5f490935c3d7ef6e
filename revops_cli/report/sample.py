"""A sample weekly pipeline-review report using every block type (made-up figures).

Used by the tests, the browser test and the screenshot in docs/; also a
worked example of the document model for whoever builds a report. With
``hostile=True`` it adds labels that try to break out of the markup
(``<script>``, ``&``, ``|``, quotes) and an empty chart.
"""

from __future__ import annotations

import datetime as dt

from revops_cli.report.document import (
    BarChart, CheckItem, Checklist, Column, Histogram, LineChart, MetricCard, Metrics, Note, Report, Section,
    Series, TableBlock,
)

HOSTILE = "<script>alert(1)</script> & \"Co\" | 'x'"
WEEKS = ["W41", "W42", "W43", "W44", "W45", "W46", "W47", "W48"]


def sample_report(*, hostile: bool = False) -> Report:
    rep_x = HOSTILE if hostile else "Jordan Lee"
    source_x = f"Partner {HOSTILE}" if hostile else "Partner referrals"
    sections = [_qa_section(), _funnel_section(), _response_section(), _breaches_section(rep_x),
                _sources_section(source_x), _roi_section(), _stalled_section(), _quality_section()]
    if hostile:
        sections.append(_edge_cases_section())
    return Report(
        title="Weekly pipeline review",
        subtitle="Week 48 · 23–29 November 2026",
        generated_at=dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.timezone.utc),
        sections=sections,
        footer="Sources: leads.csv, deals.csv, campaigns.csv. Figures are made up for this sample.",
    )


def _qa_section() -> Section:
    return Section("qa-checklist", "Weekly QA checklist",
                   "The Lead Management SOP's weekly checks, each with this week's figure.", [
                       Checklist([
                           CheckItem("All new leads assigned", "412 of 412", "100%", "pass", value=100.0),
                           CheckItem("SLA compliance", "96.2%", "> 95%", "pass", value=96.2),
                           CheckItem("Score accuracy", "88.0%", "≥ 90%", "fail",
                                     "12 of 100 sampled leads scored a band too high", value=88.0),
                           CheckItem("Routing accuracy", "99.0%", "≥ 98%", "pass", value=99.0),
                           CheckItem("Data completeness", "87.5%", "> 90%", "fail",
                                     "Phone missing on 9% of leads", value=87.5),
                       ]),
                   ])


def _funnel_section() -> Section:
    return Section("funnel", "Funnel KPIs", "This week against target, and the trend over the last 8 weeks.", [
        Metrics([
            MetricCard("New leads", "412", "target 400", "pass", "+6% vs last week", value=412),
            MetricCard("MQL rate", "31.8%", "target 30%", "pass", value=31.8),
            MetricCard("MQL → SQL", "23.4%", "target 25%", "fail", "−1.2 pts vs last week", value=23.4),
            MetricCard("Win rate", "21.0%", "target 20%", "pass", value=21.0),
            MetricCard("Pipeline created", "$1.24M", "target $1.5M", "warn", value=1_240_000),
        ]),
        LineChart("Conversion rates, last 8 weeks", WEEKS, [
            Series("MQL rate", [28.1, 29.4, 30.2, 27.9, 31.0, 30.5, 32.2, 31.8]),
            Series("MQL → SQL", [24.0, 25.3, None, 22.8, 24.1, 25.0, 24.6, 23.4]),
            Series("Win rate", [18.2, 19.0, 20.4, 19.8, 21.5, 20.0, 20.9, 21.0]),
        ], value_kind="pct", target=25, target_label="MQL → SQL target", axis_label="Rate",
            description="W43 MQL → SQL not measured (CRM export gap)."),
        LineChart("New leads per week", WEEKS, [Series("New leads", [356, 371, 402, 388, 1_045, 397, 389, 412])],
                  value_kind="int", target=400, axis_label="Leads"),
    ])


def _response_section() -> Section:
    return Section("response-time", "Response time", "First-touch time by lead band, in business hours.", [
        Histogram("Response time distribution by band", ["< 5 min", "5–15 min", "15–60 min", "1–4 h", "4–24 h",
                                                         "> 24 h"], [
            Series("Hot", [48, 31, 12, 5, 2, 1]),
            Series("Warm", [22, 40, 51, 30, 11, 4]),
            Series("Cold", [5, 14, 33, 41, 39, 22]),
        ], axis_label="Leads"),
    ])


def _breaches_section(rep_x: str) -> Section:
    return Section("sla-breaches", "SLA breaches by rep", "", [
        BarChart("Breaches by rep", [rep_x, "Priya Natarajan", "Sam O'Connor", "Alex Kim",
                                     "Maximilian Oberhauser-Wittgenstein", "Dana Cruz"], [
            Series("First touch", [7, 4, 3, 1, 2, 0]),
            Series("Follow-up", [3, 2, 4, 0, 1, 0]),
        ], stacked=True, axis_label="Breaches"),
        TableBlock([
            Column("rep", "Rep"), Column("leads", "Leads", "int"), Column("breaches", "Breaches", "int"),
            Column("compliance", "Compliance", "pct"), Column("median_hours", "Median response (h)", "float", 2),
            Column("status", "Status", "status"),
        ], [
            {"rep": rep_x, "leads": 88, "breaches": 10, "compliance": 88.6, "median_hours": 1.25, "status": "fail"},
            {"rep": "Priya Natarajan", "leads": 1_204, "breaches": 6, "compliance": 99.5, "median_hours": 0.4,
             "status": "pass"},
            {"rep": "Sam O'Connor", "leads": 97, "breaches": 7, "compliance": 92.8, "median_hours": 2.1,
             "status": "fail"},
            {"rep": "Alex Kim", "leads": 64, "breaches": 1, "compliance": 98.4, "median_hours": 0.75,
             "status": "pass"},
            {"rep": "Dana Cruz", "leads": 9, "breaches": 0, "compliance": 100.0, "median_hours": None,
             "status": "n/a"},
        ], caption="Breaches and compliance per rep"),
    ])


def _sources_section(source_x: str) -> Section:
    return Section("lead-sources", "Leads by source vs marketing SLA",
                   "Marketing commits to 400 leads a week; the share each source delivered.", [
                       BarChart("Leads by source", ["Paid search", "Webinars", "Organic", source_x, "Events",
                                                    "Outbound list"],
                                [Series("Leads", [142, 96, 81, 44, 31, 18])], orientation="vertical",
                                target=100, target_label="Per-source SLA", axis_label="Leads"),
                   ])


def _roi_section() -> Section:
    return Section("campaign-roi", "Campaign and event ROI", "", [
        BarChart("ROI by campaign", ["Q4 webinar series", "Trade show — Berlin", "LinkedIn ABM", "Partner dinner",
                                     "Retargeting"],
                 [Series("ROI", [312.5, -42.0, 85.0, -100.0, 18.4])], value_kind="pct", axis_label="ROI"),
        TableBlock([
            Column("campaign", "Campaign"), Column("type", "Type"), Column("cost", "Cost", "money"),
            Column("revenue", "Closed won", "money"), Column("roi", "ROI", "pct"),
            Column("end", "Ended", "date"),
        ], [
            {"campaign": "Q4 webinar series", "type": "Webinar", "cost": 8_000, "revenue": 33_000, "roi": 312.5,
             "end": dt.date(2026, 11, 20)},
            {"campaign": "Trade show — Berlin", "type": "Event", "cost": 45_000, "revenue": 26_100, "roi": -42.0,
             "end": dt.date(2026, 10, 9)},
            {"campaign": "LinkedIn ABM", "type": "Paid social", "cost": 12_000, "revenue": 22_200, "roi": 85.0,
             "end": dt.date(2026, 11, 27)},
            {"campaign": "Partner dinner", "type": "Event", "cost": 3_500, "revenue": 0, "roi": -100.0,
             "end": dt.date(2026, 11, 14)},
            {"campaign": "Retargeting", "type": "Paid", "cost": 5_000, "revenue": 5_920, "roi": 18.4,
             "end": None},
        ], caption="Campaign cost and return"),
    ])


def _stalled_section() -> Section:
    return Section("stalled-deals", "Stalled deals", "Open deals with no stage change in 21+ days.", [
        TableBlock([
            Column("deal", "Deal"), Column("owner", "Owner"), Column("stage", "Stage"),
            Column("amount", "Amount", "money"), Column("days", "Days in stage", "int"),
        ], [
            {"deal": "Acme — platform renewal", "owner": "Priya Natarajan", "stage": "Proposal", "amount": 84_000,
             "days": 34},
            {"deal": "Globex expansion", "owner": "Sam O'Connor", "stage": "Negotiation", "amount": 126_500,
             "days": 22},
            {"deal": "Initech pilot", "owner": "Alex Kim", "stage": "Discovery", "amount": 9_800, "days": 61},
        ], caption="Open deals by days in stage"),
        Note("Initech pilot has been in Discovery for 61 days: confirm it is still live or close it.",
             "warning"),
    ])


def _quality_section() -> Section:
    return Section("data-quality", "Data-quality scorecard", "", [
        TableBlock([
            Column("field", "Field"), Column("filled", "Filled", "pct"), Column("valid", "Valid", "pct"),
            Column("target", "Target", "pct", 0), Column("status", "Status", "status"),
        ], [
            {"field": "Email", "filled": 99.8, "valid": 97.1, "target": 95, "status": "pass"},
            {"field": "Phone", "filled": 91.0, "valid": 84.2, "target": 90, "status": "fail"},
            {"field": "Company", "filled": 98.3, "valid": 98.3, "target": 95, "status": "pass"},
            {"field": "Country", "filled": 96.4, "valid": 95.9, "target": 95, "status": "pass"},
            {"field": "Industry", "filled": 74.0, "valid": 74.0, "target": 80, "status": "warn"},
        ], caption="Completeness and validity by field"),
        Note("Phone validity fell below target after the Berlin trade-show list import.", "danger"),
        Note("Email, company and country are all above target.", "success"),
    ])


def _edge_cases_section() -> Section:
    """Labels that try to break out of the markup, and charts with nothing or odd values to draw."""
    return Section("edge-cases", f"Edge cases {HOSTILE}", HOSTILE, [
        BarChart(f"Empty chart {HOSTILE}", [], []),
        LineChart("Single point", ["W48"], [Series("Only", [42])]),
        BarChart("All zero", ["a", "b"], [Series("zero", [0, 0])]),
        BarChart("NaN and None", ["x", "y", "z"], [Series("s", [float("nan"), None, 3])],
                 orientation="vertical"),
        TableBlock([Column("a", HOSTILE), Column("n", "Number", "int")], [
            {"a": HOSTILE, "n": 1}, {"a": "b | c", "n": None}], caption=HOSTILE),
        Note(HOSTILE, "info"),
    ])
