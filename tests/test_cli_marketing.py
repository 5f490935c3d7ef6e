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
