"""`revops report due`: the inventory's reports due at a moment (days, times, business days, holidays, a team's own
schedule), the periods they cover, and `--run` building exactly those with missing inputs named."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from revops_cli.config import RevopsConfig, parse_config
from revops_cli.core.reporting.due import due_reports, next_due
from revops_cli.core.reporting.periods import last_business_day, month_period
from revops_cli.core.sales.business_time import WorkCalendar
from tests.conftest import SAMPLE, invoke

ZONE = "America/New_York"
CONFIG = RevopsConfig()


def at(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_localize(ZONE).tz_convert("UTC")


def due_ids(text: str, config: RevopsConfig = CONFIG) -> list[str]:
    return [r.id for r in due_reports(config, at(text))]


def test_daily_reports_are_due_from_their_hour_on_business_days():
    assert due_ids("2026-11-20 08:59") == []
    assert due_ids("2026-11-20 09:00") == ["sales_activity", "lead_flow"]
    assert due_ids("2026-11-20 10:00") == ["sales_activity", "lead_flow", "pipeline_changes"]
    assert due_ids("2026-11-21 10:00") == []  # Saturday
    # Thanksgiving, a Thursday: no daily report on a public holiday; the weekly Win/Loss keeps its day
    assert due_ids("2026-11-26 10:00") == ["win_loss"]


def test_weekly_reports_are_due_on_their_day():
    assert due_ids("2026-11-23 08:00") == ["pipeline_review"]  # Monday, before the 9 AM dailies
    assert due_ids("2026-11-24 08:00") == ["campaign_performance"]
    assert due_ids("2026-11-25 08:00") == ["forecast_rollup"]
    assert due_ids("2026-11-19 09:30") == ["sales_activity", "lead_flow", "win_loss"]  # Thursday


def test_monthly_reports_are_due_on_their_date_even_at_a_weekend():
    assert due_ids("2026-12-01 08:00") == ["campaign_performance", "lead_management_review"]  # a Tuesday
    assert due_ids("2026-12-03 08:00") == ["win_loss", "marketing_review", "sales_review"]  # a Thursday
    assert due_ids("2026-12-05 08:00") == ["business_review"]  # a Saturday
    assert due_ids("2026-12-10 08:00") == ["win_loss", "board_deck"]


def test_a_team_changes_a_day_or_switches_a_report_off_in_revops_toml():
    config = parse_config({"reporting": {"inventory": {"board_deck": {"day_of_month": 12},
                                                       "lead_flow": {"enabled": False, "time": "07:30"}}}})
    assert due_ids("2026-12-10 08:00", config) == ["win_loss"]
    assert due_ids("2026-12-12 08:00", config) == ["board_deck"]
    assert due_ids("2026-11-20 09:00", config) == ["sales_activity"]
    assert config.reporting.inventory.board_deck.audience == "Board"  # the keys not written keep the SOP's


def test_each_due_report_covers_its_period_and_names_its_files():
    reports = {r.id: r for r in due_reports(CONFIG, at("2026-11-23 10:00"))}  # Monday
    assert reports["sales_activity"].period.label == "2026-11-20"  # Friday
    assert reports["sales_activity"].file_names() == ["sales-activity-2026-11-20.html"]
    assert reports["pipeline_review"].stamp == "2026-W47"
    assert reports["pipeline_changes"].file_names() == ["pipeline-changes-2026-11-23.slack.json",
                                                        "pipeline-changes-2026-11-23.html"]
    monthly = due_reports(CONFIG, at("2026-12-03 08:00"))[1]
    assert (monthly.id, monthly.period.label, monthly.period.partial) == ("marketing_review", "2026-11", False)


def test_the_last_business_day_skips_weekends_and_holidays():
    calendar = WorkCalendar.from_config(CONFIG)
    assert last_business_day(at("2026-11-23 09:00"), ZONE, calendar).label == "2026-11-20"
    assert last_business_day(at("2026-11-27 09:00"), ZONE, calendar).label == "2026-11-25"  # after Thanksgiving
    assert month_period(None, at("2026-11-01 00:30"), ZONE).label == "2026-10"
    assert month_period("Feb 2026", at("2026-11-20 09:00"), ZONE).last_day == dt.date(2026, 2, 28)


def test_when_nothing_is_due_the_next_reports_are_named():
    upcoming = next_due(CONFIG, at("2026-11-21 12:00"))
    assert upcoming[0] == {"report": "pipeline_review", "title": "Pipeline Review",
                           "due_at": "2026-11-23T08:00:00-05:00"}


# --------------------------------------------------------------------------- the command


def test_due_lists_the_reports_and_the_inputs_each_still_needs():
    result = invoke("report", "due", "--as-of", "2026-11-20T10:30", "--leads", SAMPLE / "salesforce_leads.csv",
                    "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert [(d["report"], d["missing"]) for d in payload["due"]] == [
        ("sales_activity", ["--activities", "--reps"]), ("lead_flow", []),
        ("pipeline_changes", ["--opportunities", "--previous"])]


def test_due_run_builds_exactly_the_due_reports_and_names_what_is_missing(tmp_path):
    out = tmp_path / "reports"
    args = ("report", "due", "--run", "--out-dir", out, "--as-of", "2026-11-20T10:30",
            "--opportunities", SAMPLE / "opportunities.csv", "--previous", SAMPLE / "opportunities_2026-11-19.csv")
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert [b["report"] for b in payload["built"]] == ["pipeline_changes"]
    assert sorted(p.name for p in out.iterdir()) == ["pipeline-changes-2026-11-20.html",
                                                     "pipeline-changes-2026-11-20.slack.json"]
    assert payload["not_built"] == [
        {"report": "sales_activity", "title": "Sales Activity", "missing": ["--leads", "--activities", "--reps"]},
        {"report": "lead_flow", "title": "Lead Flow", "missing": ["--leads"]}]
    slack = json.loads((out / "pipeline-changes-2026-11-20.slack.json").read_text(encoding="utf-8"))
    assert slack["blocks"][0]["text"]["text"] == "Pipeline Changes"
    # a second run the same day sends nothing twice; --strict makes the missing reports an alert
    again = invoke(*args, "--json", "--strict")
    assert again.exit_code == 1
    payload = json.loads(again.stdout)
    assert payload["built"] == [] and payload["already_built"][0]["report"] == "pipeline_changes"


def test_due_run_reports_a_bad_file_and_goes_on_with_the_others(tmp_path):
    bad = tmp_path / "opps.csv"
    bad.write_text("Opportunity Name,Stage\nA,Proposal\n", encoding="utf-8")
    result = invoke("report", "due", "--run", "--out-dir", tmp_path / "out", "--as-of", "2026-11-20T10:30",
                    "--leads", SAMPLE / "salesforce_leads.csv", "--opportunities", bad, "--previous", bad, "--json")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert [b["report"] for b in payload["built"]] == ["lead_flow"]
    assert payload["failed"][0]["report"] == "pipeline_changes" and "no opportunity id" in payload["failed"][0]["error"]


def test_due_run_needs_an_out_dir():
    result = invoke("report", "due", "--run", "--as-of", "2026-11-20T10:30")
    assert result.exit_code == 2 and "--out-dir" in result.stderr


@pytest.mark.parametrize("moment", ["2026-11-21T10:00"])
def test_nothing_due_says_what_comes_next(moment):
    result = invoke("report", "due", "--as-of", moment)
    assert result.exit_code == 0 and "Nothing is due" in result.stdout and "Pipeline Review 2026-11-23 08:00" in \
        result.stdout
