"""`revops funnel report`, `campaign roi|audit|lint` and `event roi` through the CLI on the sample data."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE, assert_input_error, invoke

CAMPAIGNS = SAMPLE / "campaigns.xlsx"


def test_funnel_report_on_hubspot_contacts_matches_the_sop_targets():
    result = invoke("funnel", "report", "--leads", SAMPLE / "hubspot_contacts.csv", "--as-of", "2026-11-20T08:00",
                    "--json")
    assert result.exit_code == 0, result.stderr
    stages = {row["stage"]: row for row in json.loads(result.stdout)["stages"]}
    assert [stages[s]["reached"] for s in ("Lead", "MQL", "SQL", "Opportunity", "Customer")] == [200, 105, 64, 33, 12]
    assert stages["SQL"]["met"] is False  # 51.6% SQL -> opportunity against 70%


def test_funnel_strict_exits_1_when_a_stage_misses_its_target():
    result = invoke("funnel", "report", "--leads", SAMPLE / "hubspot_contacts.csv", "--as-of", "2026-11-20T08:00",
                    "--strict")
    assert result.exit_code == 1 and "below the SOP target" in result.stdout


def test_funnel_by_must_be_a_known_field():
    assert_input_error(invoke("funnel", "report", "--leads", SAMPLE / "hubspot_contacts.csv", "--by", "colour"),
                       "--by 'colour'")


def test_campaign_roi_totals_and_a_bad_model():
    result = invoke("campaign", "roi", "--campaigns", CAMPAIGNS, "--opportunities", SAMPLE / "opportunities.csv",
                    "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["totals"]["roi_percent"] == pytest.approx(404.96)
    assert_input_error(invoke("campaign", "roi", "--campaigns", CAMPAIGNS, "--model", "magic"), "--model 'magic'")


def test_campaign_audit_lists_actions_and_approvals():
    result = invoke("campaign", "audit", "--campaigns", CAMPAIGNS)
    assert result.exit_code == 0, result.stderr
    assert "4 campaign(s) with actions to take; approvals: too junior 2, missing 1." in result.stdout
    assert invoke("campaign", "audit", "--campaigns", CAMPAIGNS, "--strict").exit_code == 1


def test_campaign_lint_strict_fails_on_the_planted_names():
    result = invoke("campaign", "lint", "--campaigns", CAMPAIGNS, "--strict", "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert problems["passed"] is False


def test_event_roi_against_the_300_percent_target():
    result = invoke("event", "roi", "--events", SAMPLE / "events.xlsx", "--json")
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert len(events) == 6
    assert invoke("event", "roi", "--events", SAMPLE / "events.xlsx", "--strict").exit_code == 1


def test_a_missing_campaign_file_is_named(tmp_path):
    assert_input_error(invoke("campaign", "lint", "--campaigns", tmp_path / "nope.xlsx"), "nope.xlsx")


@pytest.mark.parametrize("costs_csv", [
    "Campaign Name,Media,Creative,Tools,Labor\nSpring Webinar,1000,500.50,,\nSpring Webinar,200,,,99.50\nGhost,5,,,\n",
    "Campaign,Component,Amount\nSpring Webinar,Media,1000\nSpring Webinar,Creative,$500.50\n"
    "Spring Webinar,Media,200\nSpring Webinar,Labour,99.50\nGhost,Media,5\n",
])
def test_campaign_roi_takes_costs_from_a_cost_file(tmp_path, costs_csv):
    campaigns = tmp_path / "campaigns.csv"
    campaigns.write_text("Campaign Name,Actual Cost\nSpring Webinar,99999\nQuiet Email,0\n", encoding="utf-8")
    costs = tmp_path / "costs.csv"
    costs.write_text(costs_csv, encoding="utf-8")
    result = invoke("campaign", "roi", "--campaigns", campaigns, "--costs", costs, "--json")
    assert result.exit_code == 0, result.stderr
    rows = {row["campaign"]: row for row in json.loads(result.stdout)["rows"]}
    assert rows["Spring Webinar"]["cost"] == 1800.0  # 1000 + 200 media, 500.50 creative, 99.50 labour
    # no opportunities and no revenue column: the ROI is not measured, never -100 %
    assert rows["Spring Webinar"]["roi_percent"] is None and rows["Spring Webinar"]["roi_note"] == "no revenue recorded"
    assert rows["Quiet Email"]["roi_percent"] is None  # no ROI, with a reason
    assert "1 cost line(s)" in invoke("campaign", "roi", "--campaigns", campaigns, "--costs", costs).stdout


def test_a_cost_file_without_components_is_an_input_error(tmp_path):
    campaigns = tmp_path / "campaigns.csv"
    campaigns.write_text("Campaign Name,Actual Cost\nSpring Webinar,100\n", encoding="utf-8")
    costs = tmp_path / "costs.csv"
    costs.write_text("Campaign Name,Note\nSpring Webinar,expensive\n", encoding="utf-8")
    assert_input_error(invoke("campaign", "roi", "--campaigns", campaigns, "--costs", costs), "costs.csv",
                       "'Component' and an 'Amount'")


@pytest.mark.parametrize(("threshold", "code"), [("35", 1), ("16.6", 1), ("16.5", 0), ("10", 0)])
def test_funnel_fail_under_judges_lead_to_opportunity(threshold, code):
    # hubspot sample: 33 of 200 leads reached Opportunity = 16.5%
    result = invoke("funnel", "report", "--leads", SAMPLE / "hubspot_contacts.csv", "--as-of", "2026-11-20T08:00",
                    "--fail-under", threshold, "--json")
    assert result.exit_code == code, result.stderr
    assert json.loads(result.stdout)["lead_to_opportunity_percent"] == pytest.approx(16.5)


def test_event_roi_says_not_measured_in_the_table_and_the_json(tmp_path):
    sheet = tmp_path / "events.csv"
    sheet.write_text("Event,Date,Total Cost,Pipeline\nExpo,2026-10-06,,70000\nMeetup,2026-10-08,5000,10000\n",
                     encoding="utf-8")
    result = invoke("event", "roi", sheet, "--as-of", "2026-11-20T08:00")
    assert result.exit_code == 0, result.stderr
    assert "not measured (no cost recorded)" in result.stdout
    assert "1 event(s) below the 300% ROI target, 0 meeting it, 1 not measured" in result.stdout
    as_json = json.loads(invoke("event", "roi", sheet, "--as-of", "2026-11-20T08:00", "--json").stdout)
    expo = next(e for e in as_json["events"] if e["event"] == "Expo")
    assert expo["roi_percent"] is None and expo["roi_reason"] == "no cost recorded" and expo["roi_met"] is None
    assert as_json["not_measured"]["budget_variance"] == "no budget or estimated cost column; try --map budget=HEADER"


def test_event_roi_without_a_cost_column_never_says_zero_below_target(tmp_path):
    sheet = tmp_path / "events.csv"
    sheet.write_text("Event,Date,Pipeline\nExpo,2026-10-06,70000\n", encoding="utf-8")
    result = invoke("event", "roi", sheet, "--as-of", "2026-11-20T08:00")
    assert result.exit_code == 0, result.stderr
    assert "below the 300% ROI target" not in result.stdout
    assert "ROI against the 300% target: not measured (no cost column" in result.stdout
    as_json = json.loads(invoke("event", "roi", sheet, "--as-of", "2026-11-20T08:00", "--json").stdout)
    assert as_json["not_measured"]["roi"].endswith("try --map total_cost=HEADER")
    # --map names the cost column and the check runs
    sheet.write_text("Event,Date,Pipeline,Kosten\nExpo,2026-10-06,70000,10000\n", encoding="utf-8")
    mapped = json.loads(invoke("event", "roi", sheet, "--as-of", "2026-11-20T08:00", "--map", "total_cost=Kosten",
                               "--json").stdout)
    assert mapped["events"][0]["roi_percent"] == "600.00" and "roi" not in mapped["not_measured"]


def test_campaign_roi_and_audit_say_not_measured_when_a_column_is_missing(tmp_path):
    sheet = tmp_path / "campaigns.csv"
    sheet.write_text("Campaign Name,Emails Sent,Opens\nSpring,1000,120\nSummer,1000,300\n", encoding="utf-8")
    roi = invoke("campaign", "roi", sheet)
    assert roi.exit_code == 0, roi.stderr
    assert "ROI not measured (no cost column" in roi.stdout and "-100" not in roi.stdout
    roi_json = json.loads(invoke("campaign", "roi", sheet, "--json").stdout)
    assert roi_json["not_measured"]["roi"].endswith("try --map actual_cost=HEADER")
    assert all(r["roi_percent"] is None for r in roi_json["rows"])
    audit = invoke("campaign", "audit", sheet)
    assert "click rate: not measured (no clicks column; try --map clicks=HEADER)" in audit.stdout
    assert "approvals: not measured" in audit.stdout
    audit_json = json.loads(invoke("campaign", "audit", sheet, "--json").stdout)
    assert audit_json["not_measured"]["click_rate"] == "no clicks column; try --map clicks=HEADER"
    assert audit_json["triggers"] == {"open_rate": 1}  # 12 % < 15 %; the click trigger neither fired nor passed
    assert [r["click_rate"] for r in audit_json["rows"]] == [None, None]
