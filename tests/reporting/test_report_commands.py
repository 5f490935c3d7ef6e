"""The report commands' errors (exit 2, one line, nothing written) and what they say when an input is missing:
"not measured" with the fix, never a 0."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE, assert_input_error, invoke

OPPS = ("--opportunities", SAMPLE / "opportunities.csv")
LEADS = ("--leads", SAMPLE / "salesforce_leads.csv")


@pytest.mark.parametrize("args, message", [
    (("daily", *LEADS, "--report", "pipeline"), "--report 'pipeline': choose sales-activity or lead-flow"),
    (("daily", *LEADS, "--to", "2026-11-19"), "--to 2026-11-19 needs --from"),
    (("daily", *LEADS, "--from", "2026-11-30", "--as-of", "2026-11-20T09:00"), "--from 2026-11-30 is after"),
    (("daily", *LEADS, "--from", "19/11/2026"), "--from '19/11/2026': give a date as YYYY-MM-DD"),
    (("forecast", *OPPS, "--quarter", "2026-Q5"), "--quarter '2026-Q5': give a quarter as YYYY-Qn"),
    (("forecast", *OPPS, "--quarter", "2026-Q4", "--from", "2026-10-01"), "Give --quarter or --from/--to"),
    (("monthly", *LEADS, "--report", "weekly"), "--report 'weekly': choose one of business, marketing, sales"),
    (("monthly", *LEADS, "--month", "October"), "--month 'October': give a month as YYYY-MM"),
    (("monthly", *LEADS, "--month", "2026-10", "--from", "2026-10-01"), "Give --month or --from/--to"),
    (("monthly", *LEADS, "--report", "sales"), "The Sales Review needs --opportunities"),
    (("monthly", *OPPS, "--report", "board"), "The Board Deck needs --leads"),
    (("campaigns", "--campaigns", SAMPLE / "campaigns.xlsx", "--week", "2026-W46", "--from", "2026-11-09"),
     "Give --week or --from/--to"),
    (("win-loss",), "Give the file to read, as FILE or --opportunities FILE"),
])
def test_usage_errors_exit_2_with_one_line_and_write_nothing(args, message, tmp_path):
    out = tmp_path / "report.html"
    assert_input_error(invoke("report", *args, "-o", out), message)
    assert not out.exists()


def test_a_report_needs_an_output_or_json():
    assert_input_error(invoke("report", "forecast", *OPPS), "give -o forecast.html (or .md, .json, .slack.json)")


def test_a_bad_quota_file_names_its_line_and_leaves_no_report(tmp_path):
    quotas = tmp_path / "quotas.csv"
    quotas.write_text("Rep,Period,Quota\nAnn,2026-Q4,100\nBob,Q5,200\n", encoding="utf-8")
    out = tmp_path / "forecast.html"
    assert_input_error(invoke("report", "forecast", *OPPS, "--quotas", quotas, "-o", out),
                       "quotas.csv, line 3: period 'Q5' is not a period")
    assert not out.exists() and quotas.read_text(encoding="utf-8").endswith("Bob,Q5,200\n")


def test_without_a_quota_file_attainment_is_not_measured_never_zero_percent(tmp_path):
    result = invoke("report", "forecast", *OPPS, "--as-of", "2026-11-20T08:00", "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    total = payload["rows"][-1]
    assert total["attainment"] is None and total["quota_note"] == ("not measured (no quota file; try --quotas "
                                                                   "quotas.csv)")
    page = tmp_path / "forecast.md"
    assert invoke("report", "forecast", *OPPS, "--as-of", "2026-11-20T08:00", "-o", page, "-q").exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "Attainment | not measured" in text and "0.0%" not in text.split("## By forecast category")[0]


def test_without_a_roster_the_sales_activity_is_not_measured(tmp_path):
    result = invoke("report", "daily", *LEADS, "--activities", SAMPLE / "activities.csv", "--report",
                    "sales-activity", "--as-of", "2026-11-20T09:00", "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["sales_activity"]["not_measured"] == {
        "minimums": "no rep roster: each rep's role decides the minimums; try --reps reps.csv"}
    assert payload["sales_activity"]["rep_days"] == 0 and payload["sales_activity"]["activity"] == []


def test_without_activities_lead_flow_says_response_times_are_not_measured():
    result = invoke("report", "daily", *LEADS, "--report", "lead-flow", "--as-of", "2026-11-20T09:00", "--json")
    payload = json.loads(result.stdout)["lead_flow"]
    assert payload["new_leads"] == 19 and payload["waiting_past_sla"] == 0
    assert set(payload["not_measured"]) == {"response", "waiting"}
    assert "--activities" in payload["not_measured"]["waiting"]
