"""Event ROI (Event Management SOP): hand-computed figures, then the sample workbook."""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
import pytest

from revops_cli.columns import SCHEMAS, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.columns import EVENT_ALIASES
from revops_cli.core.marketing.events import NOT_RUN_YET, budget_columns, event_roi
from revops_cli.io.read import read_table

from tests.conftest import SAMPLE

CONFIG = RevopsConfig()
D = Decimal


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype="str")


def run(rows: list[dict], **kwargs):
    events = frame(rows)
    return event_roi(events, detect_columns(list(events.columns), schema="events"), CONFIG, **kwargs)


def test_schema_registered():
    assert SCHEMAS["events"] is EVENT_ALIASES


def test_budget_columns_by_header_words():
    found, unread = budget_columns(
        ["Event", "Booth/Sponsorship (Estimated)", "Booth/Sponsorship (Actual)", "Est. Travel & Hotel",
         "Travel and Hotel - Actual Cost", "Staff Time Budget", "Staff Time Spent", "Mystery (Actual)"],
        CONFIG.event.budget_lines,
    )
    assert found == {
        "booth_sponsorship": {"estimated": "Booth/Sponsorship (Estimated)", "actual": "Booth/Sponsorship (Actual)"},
        "travel_hotel": {"estimated": "Est. Travel & Hotel", "actual": "Travel and Hotel - Actual Cost"},
        "staff_time": {"estimated": "Staff Time Budget", "actual": "Staff Time Spent"},
    }
    assert unread == ["Mystery (Actual)"]


def test_roi_variance_cost_per_lead_hand_computed():
    result = run([{
        "Event Name": "Expo", "Start Date": "2026-10-06", "End Date": "2026-10-07",
        "Booth/Sponsorship (Estimated)": "10000", "Booth/Sponsorship (Actual)": "$12,000.50",
        "Travel & Hotel (Estimated)": "5000", "Travel & Hotel (Actual)": "4,000",
        "Leads Captured": "30", "Meetings Scheduled": "7", "Pipeline Generated": "USD 80,000",
    }])
    row = result.events.iloc[0]
    # actual 12,000.50 + 4,000 = 16,000.50; estimated 15,000
    assert row["actual_total"] == D("16000.50")
    assert row["estimated_total"] == D("15000.00")
    assert row["variance"] == D("1000.50")
    assert row["variance_pct"] == D("6.7")  # 1000.50 / 15000 = 6.67% -> 6.7
    # ROI = (80,000 - 16,000.50) / 16,000.50 x 100 = 399.983...% -> 399.98 (half-up to 0.01, as campaigns)
    assert row["roi_percent"] == D("399.98")
    assert row["roi_met"] is True
    assert row["cost_per_lead"] == D("533.35")  # 16,000.50 / 30 = 533.35
    assert row["cost_per_meeting"] == D("2285.79")  # 16,000.50 / 7 = 2285.7857 -> half-up
    lines = result.lines.set_index("line")
    assert lines.loc["booth_sponsorship", "variance"] == D("2000.50")
    assert lines.loc["booth_sponsorship", "variance_pct"] == D("20.0")
    assert lines.loc["travel_hotel", "variance"] == D("-1000.00")
    assert lines.loc["travel_hotel", "variance_pct"] == D("-20.0")
    assert result.totals["roi_percent"] == D("399.98")
    assert result.totals["roi_met"] is True


def test_half_up_rounding_to_cents():
    # 100.00 / 8 leads = 12.50; 0.10 / 4 meetings = 0.025 -> 0.03 half-up (banker's would give 0.02)
    result = run([{"Event": "A", "Booth/Sponsorship (Actual)": "0.10", "Leads": "8", "Meetings": "4",
                   "Pipeline": "1"}])
    assert result.events.iloc[0]["cost_per_meeting"] == D("0.03")


def test_below_target_and_target_boundary():
    result = run([
        {"Event": "Low", "Shipping (Actual)": "1000", "Pipeline": "2000"},  # (2000-1000)/1000 = 100%
        {"Event": "Exact", "Shipping (Actual)": "1000", "Pipeline": "4000"},  # 300% exactly -> met
    ])
    rows = result.events.set_index("event")
    assert rows.loc["Low", "roi_percent"] == D("100.0") and rows.loc["Low", "roi_met"] is False
    assert rows.loc["Exact", "roi_percent"] == D("300.0") and rows.loc["Exact", "roi_met"] is True
    # totals: (6000 - 2000) / 2000 = 200%
    assert result.totals["roi_percent"] == D("200.0")
    assert result.totals["events_meeting_target"] == 1


def test_zero_cost_gives_no_roi_with_reason():
    result = run([{"Event": "Free", "Shipping (Estimated)": "0", "Shipping (Actual)": "0", "Leads": "0",
                   "Pipeline": "5000"}])
    row = result.events.iloc[0]
    assert row["roi_percent"] is None
    assert row["roi_reason"] == "total actual cost is 0"
    assert row["cost_per_lead"] is None
    assert row["variance_pct"] is None  # estimate 0
    assert result.totals["roi_percent"] is None and result.totals["roi_reason"] == "total actual cost is 0"


def test_upcoming_event_not_run_yet():
    result = run([
        {"Event": "Done", "Start Date": "2026-10-01", "Shipping (Estimated)": "100", "Shipping (Actual)": "100",
         "Pipeline": "1000", "Leads": "4"},
        {"Event": "Later", "Start Date": "2026-12-03", "Shipping (Estimated)": "500", "Shipping (Actual)": "",
         "Pipeline": "", "Leads": ""},
    ])
    later = result.events.set_index("event").loc["Later"]
    assert later["status"] == NOT_RUN_YET
    assert later["roi_percent"] is None and later["roi_reason"] == NOT_RUN_YET
    assert later["actual_total"] is None and later["estimated_total"] == D("500.00")
    assert later["blank_actual_lines"] == []
    assert result.lines.set_index("event").loc["Later", "status"] == NOT_RUN_YET
    totals = result.totals
    assert (totals["events"], totals["events_run"], totals["events_not_run_yet"]) == (2, 1, 1)
    assert totals["estimated_total"] == D("600.00") and totals["estimated_total_run"] == D("100.00")
    assert totals["actual_total"] == D("100.00")
    assert totals["roi_percent"] == D("900.0")
    assert totals["cost_per_lead"] == D("25.00")


def test_blank_actual_line_reported_and_counted_as_zero():
    result = run([{"Event": "E", "Shipping (Estimated)": "100", "Shipping (Actual)": "120",
                   "Promotion (Estimated)": "50", "Promotion (Actual)": None, "Pipeline": "1200"}])
    row = result.events.iloc[0]
    assert row["blank_actual_lines"] == ["promotion"]
    assert row["actual_total"] == D("120.00")
    assert row["roi_percent"] == D("900.0")
    lines = result.lines.set_index("line")
    assert lines.loc["promotion", "status"] == "actual missing"
    assert lines.loc["promotion", "variance"] is None
    assert result.totals["blank_actual_lines"] == 1


def test_no_pipeline_and_bad_money_never_raise():
    result = run([{"Event": "E", "Shipping (Actual)": "lots", "Pipeline": None, "Leads": "3"},
                  {"Event": "F", "Shipping (Actual)": "10", "Pipeline": None, "Leads": "3"}])
    rows = result.events.set_index("event")
    # an unreadable cost is no cost, never 0.00
    assert rows.loc["E", "roi_percent"] is None and rows.loc["E", "roi_reason"] == "no cost recorded"
    assert rows.loc["E", "actual_total"] is None and rows.loc["E", "cost_per_lead"] is None
    assert rows.loc["F", "roi_percent"] is None and rows.loc["F", "roi_reason"] == "no pipeline or revenue recorded"
    assert any("'lots' is not a money amount" in p for p in result.problems)


def test_a_total_cost_column_is_the_cost_never_zero():
    # issue 17: "Total Cost" was read as 0.00, ROI blank, "0 event(s) below the 300% target"
    result = run([{"Event": "Expo", "Date": "2026-10-06", "Total Cost": "$20,000", "Pipeline": "70,000"},
                  {"Event": "Meetup", "Date": "2026-10-08", "Total Cost": "5,000", "Pipeline": "35,000"}],
                 now="2026-11-20T08:00")
    rows = result.events.set_index("event")
    assert rows.loc["Expo", "actual_total"] == D("20000.00")
    assert rows.loc["Expo", "cost_source"] == "total cost column"
    # (70,000 - 20,000) / 20,000 = 250% -> below; (35,000 - 5,000) / 5,000 = 600% -> met
    assert rows.loc["Expo", "roi_percent"] == D("250.00") and rows.loc["Expo", "roi_met"] is False
    assert rows.loc["Meetup", "roi_percent"] == D("600.00") and rows.loc["Meetup", "roi_met"] is True
    assert (result.totals["events_below_target"], result.totals["events_meeting_target"]) == (1, 1)
    # (105,000 - 25,000) / 25,000 = 320%
    assert result.totals["roi_percent"] == D("320.00")
    assert "roi" not in result.not_measured


@pytest.mark.parametrize("header", ["Total Cost", "Actual Cost", "Spend", "Budget Actual", "Cost", "Amount Spent",
                                    "Total Spend", "Actual Spend"])
def test_cost_columns_are_found_by_their_common_names(header):
    result = run([{"Event": "Expo", "Date": "2026-10-06", header: "1,000", "Pipeline": "4,000"}],
                 now="2026-11-20T08:00")
    assert result.events.iloc[0]["actual_total"] == D("1000.00")
    assert result.events.iloc[0]["roi_percent"] == D("300.00")


def test_an_event_without_a_cost_is_not_measured_never_met_or_missed():
    result = run([{"Event": "Expo", "Date": "2026-10-06", "Total Cost": "", "Pipeline": "70,000", "Leads": "10"},
                  {"Event": "Meetup", "Date": "2026-10-08", "Total Cost": "5,000", "Pipeline": "10,000"}],
                 now="2026-11-20T08:00")
    expo = result.events.set_index("event").loc["Expo"]
    assert expo["roi_percent"] is None and expo["roi_met"] is None
    assert expo["roi_reason"] == "no cost recorded"
    assert expo["cost_per_lead"] is None  # never 0.00 per lead
    totals = result.totals
    assert (totals["events_below_target"], totals["events_meeting_target"], totals["events_not_measured"]) == (1, 0, 1)
    # the total ROI is over the event with a cost only: (10,000 - 5,000) / 5,000 = 100%
    assert totals["roi_percent"] == D("100.00")


def test_a_sheet_without_any_cost_column_says_roi_is_not_measured():
    result = run([{"Event": "Expo", "Date": "2026-10-06", "Pipeline": "70,000", "Leads": "10"}], now="2026-11-20")
    assert result.totals["roi_percent"] is None and result.totals["events_below_target"] == 0
    assert result.summary()["not_measured"]["roi"] == (
        "no cost column (Total Cost, Actual Cost, Spend, Budget, or budget lines); try --map total_cost=HEADER")
    assert result.events.iloc[0]["roi_met"] is None


def test_plain_event_list_with_budget_and_revenue_and_past_dates_has_run():
    # issue 23 item 5: every event was "not run yet" and "0 below the 300% target"
    result = run([
        {"Event": "Spring Expo", "Date": "2026-03-12", "Budget": "10,000", "Revenue": "50,000"},
        {"Event": "Summer Summit", "Date": "2026-06-20", "Budget": "20,000", "Revenue": "60,000"},
        {"Event": "Winter Gala", "Date": "2027-01-15", "Budget": "8,000", "Revenue": ""},
    ], now="2026-11-20T08:00")
    rows = result.events.set_index("event")
    assert list(rows["status"]) == ["run", "run", NOT_RUN_YET]
    assert rows.loc["Spring Expo", "cost_source"] == "budget (no actual cost)"
    assert rows.loc["Spring Expo", "return_source"] == "revenue"
    # (50,000 - 10,000) / 10,000 = 400% met; (60,000 - 20,000) / 20,000 = 200% below
    assert rows.loc["Spring Expo", "roi_percent"] == D("400.00") and rows.loc["Spring Expo", "roi_met"] is True
    assert rows.loc["Summer Summit", "roi_percent"] == D("200.00") and rows.loc["Summer Summit", "roi_met"] is False
    assert rows.loc["Winter Gala", "roi_reason"] == NOT_RUN_YET
    assert any("their ROI uses the budget (an estimate)" in p for p in result.problems)
    assert result.totals["events_run"] == 2


def test_a_future_event_has_not_run_even_with_deposits_paid():
    result = run([{"Event": "Later", "Start Date": "2026-12-03", "Booth/Sponsorship (Actual)": "5,000",
                   "Pipeline": "1"}], now="2026-11-20T08:00")
    assert result.events.iloc[0]["status"] == NOT_RUN_YET
    # the day it starts it has run
    on_the_day = run([{"Event": "Later", "Start Date": "2026-12-03", "Booth/Sponsorship (Actual)": "5,000",
                       "Pipeline": "1"}], now="2026-12-03T00:00")
    assert on_the_day.events.iloc[0]["status"] == "run"


def test_empty_events_frame():
    result = run([])
    assert len(result.events) == 0 and result.totals["events"] == 0
    assert result.totals["roi_reason"] == "no event has run yet"
    json.dumps(result.summary())


def _scans(assigned: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({"Event": ["Expo"] * len(assigned), "Email": [f"p{i}@x.com" for i in range(len(assigned))],
                         "Assigned Date": assigned}, dtype="str")


def test_follow_up_within_two_days_boundary():
    # The event ends on 2026-10-07 (a date: the end of that day); deadline = 2026-10-09 24:00 local.
    leads = _scans(["2026-10-08 10:00", "2026-10-10 00:00", "2026-10-10 00:00:01", "2026-10-12 09:00", None])
    result = run([{"Event": "Expo", "Start Date": "2026-10-06", "End Date": "2026-10-07",
                   "Shipping (Actual)": "10", "Pipeline": "100"}], leads=leads)
    row = result.events.iloc[0]
    assert row["scans"] == 5
    assert row["assigned_on_time"] == 2  # 10-08 10:00 and exactly at the deadline
    assert row["assigned_late"] == 2
    assert row["not_assigned"] == 1
    assert result.follow_up_reason is None
    assert result.totals["assigned_on_time"] == 2


def test_follow_up_end_with_time_and_configured_days():
    config = RevopsConfig.model_validate({"event": {"follow_up_days": 1}})
    events = frame([{"Event": "Expo", "End Date": "2026-10-07 17:00", "Shipping (Actual)": "10", "Pipeline": "1"}])
    leads = _scans(["2026-10-08 17:00", "2026-10-08 17:01"])
    result = event_roi(events, None, config, leads=leads)
    row = result.events.iloc[0]
    assert (row["assigned_on_time"], row["assigned_late"]) == (1, 1)


def test_follow_up_without_assigned_column_says_why():
    leads = pd.DataFrame({"Event": ["expo", "EXPO "], "Email": ["a@x.com", "b@x.com"]}, dtype="str")
    result = run([{"Event": "Expo", "Shipping (Actual)": "10", "Pipeline": "1"}], leads=leads)
    assert result.follow_up_reason == "the event leads have no assigned-at column"
    assert result.events.iloc[0]["scans"] == 2
    assert pd.isna(result.events.iloc[0]["assigned_on_time"])


# ---------------------------------------------------------------- sample files


@pytest.fixture(scope="module")
def sample():
    events = read_table(SAMPLE / "events.xlsx", sheet="Events").frame
    leads = read_table(SAMPLE / "event_leads.csv").frame
    opportunities = read_table(SAMPLE / "opportunities.csv").frame
    return event_roi(events, None, CONFIG, leads=leads, opportunities=opportunities)


def test_sample_six_events_one_upcoming(sample):
    assert len(sample.events) == 6
    assert list(sample.events["status"]).count(NOT_RUN_YET) == 1
    upcoming = sample.events.set_index("event").loc["SaaS Leaders Dinner Series Q4"]
    assert upcoming["roi_reason"] == NOT_RUN_YET
    assert set(sample.budget_columns) == set(CONFIG.event.budget_lines)
    assert all(set(v) == {"estimated", "actual"} for v in sample.budget_columns.values())


def test_sample_roi_spread_and_blank_actual(sample):
    rows = sample.events.set_index("event")
    roi = rows["roi_percent"].dropna()
    assert len(roi) == 5
    assert max(roi) > D("400") and min(roi) < D("0")  # well above and well below 300%
    # RevOps Live London: actual 72,890, pipeline 379,000 -> 419.9616...% -> 419.96
    assert rows.loc["RevOps Live London 2026", "actual_total"] == D("72890.00")
    assert rows.loc["RevOps Live London 2026", "roi_percent"] == D("419.96")
    # Köln: actual 54,070, pipeline 32,000 -> -40.8175...% -> -40.82
    assert rows.loc["Digital Marketing Expo Köln", "roi_percent"] == D("-40.82")
    assert list(rows["roi_met"].dropna()) .count(True) == 2
    blank = rows[rows["blank_actual_lines"].map(len) > 0]
    assert list(blank.index) == ["Customer Success Connect Austin"]
    assert blank.iloc[0]["blank_actual_lines"] == ["lead_scanner"]


def test_sample_leads_captured_equal_scans(sample):
    ran = sample.events[sample.events["status"] == "run"]
    assert list(ran["leads_captured"]) == list(ran["scans"])
    assert sample.totals["scans"] == 80
    assert sample.follow_up_reason == "the event leads have no assigned-at column"
    json.dumps(sample.summary())


def test_sample_opportunity_pipeline_cross_check(sample):
    rows = sample.events.set_index("event")
    # 2026-10-Tradeshow-RevOps-Live-London: 12,000 + 120,000 + 39,000 + 14,000 + 36,000 + 23,000
    assert rows.loc["RevOps Live London 2026", "opportunity_pipeline"] == D("244000.00")
    # 2026-11-Event-B2B-Growth-Forum-NYC: 14,000 + 23,000 + 82,000 + 16,000
    assert rows.loc["B2B Growth Forum NYC", "opportunity_pipeline"] == D("135000.00")
    assert rows.loc["Pipeline Summit San Francisco", "opportunity_pipeline"] is None
    # the sheet's pipeline is what the ROI uses
    assert rows.loc["B2B Growth Forum NYC", "pipeline"] == D("156000.00")


def test_corpus_plain_event_list_with_budget_and_revenue():
    # made for this test, shaped like a spreadsheet event list: Budget and Revenue, no budget lines, no pipeline
    path = SAMPLE.parent / "tests" / "fixtures" / "third_party" / "made__event_list_budget_revenue.csv"
    events = read_table(path).frame
    result = event_roi(events, None, CONFIG, now="2026-11-20T08:00")
    rows = result.events.set_index("event")
    assert list(rows["status"]).count("run") == 5 and rows.loc["Year-End Customer Dinner", "status"] == NOT_RUN_YET
    # SaaStr: (210,000 - 45,000) / 45,000 = 366.67 %; Dreamforce: (390,000 - 120,000) / 120,000 = 225 %
    assert rows.loc["SaaStr Annual", "roi_percent"] == D("366.67") and rows.loc["SaaStr Annual", "roi_met"] is True
    assert rows.loc["Dreamforce", "roi_percent"] == D("225.00") and rows.loc["Dreamforce", "roi_met"] is False
    assert rows.loc["Partner Roadshow", "roi_reason"] == "no pipeline or revenue recorded"
    totals = result.totals
    assert (totals["events_meeting_target"], totals["events_below_target"], totals["events_not_measured"]) == (2, 2, 1)
    # over the 4 events with both: (711,500 - 205,500) / 205,500 = 246.23 %
    assert totals["roi_percent"] == D("246.23")
