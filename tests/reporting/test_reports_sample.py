"""Each report of the inventory on the sample data, once: every figure it shows equals what the matching audit
command prints with --json for the same files and period (as test_report_weekly.py does for the weekly pack)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revops_cli.report.campaigns_pack import SECTION_IDS as CAMPAIGN_SECTIONS
from revops_cli.report.daily_pack import LEAD_FLOW_SECTIONS, SALES_ACTIVITY_SECTIONS
from revops_cli.report.forecast_pack import SECTION_IDS as FORECAST_SECTIONS
from revops_cli.report.leadreview_pack import SECTION_IDS as LEAD_REVIEW_SECTIONS
from revops_cli.report.monthly_pack import BUSINESS_SECTIONS
from revops_cli.report.winloss_pack import SECTION_IDS as WINLOSS_SECTIONS
from tests.conftest import SAMPLE, invoke

LEADS = ("--leads", SAMPLE / "salesforce_leads.csv")
ACTIVITIES = ("--activities", SAMPLE / "activities.csv")
REPS = ("--reps", SAMPLE / "reps.csv")
OPPS = ("--opportunities", SAMPLE / "opportunities.csv")
APPROVERS = ("--approver", "Victoria Hale=VP Sales", "--approver", "Daniel Okafor=CEO")


def _report(folder: Path, *args) -> dict:
    out = folder / "report.json"
    result = invoke("report", *args, "-o", out, "--quiet")
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def _command(*args) -> dict:
    result = invoke(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _sections(document: dict) -> list[str]:
    return [s["id"] for s in document["report"]["sections"]]


# --------------------------------------------------------------------------- daily


@pytest.fixture(scope="module")
def daily(tmp_path_factory) -> dict:
    return _report(tmp_path_factory.mktemp("daily"), "daily", *LEADS, *ACTIVITIES, *REPS,
                   "--as-of", "2026-11-20T09:00")


def test_daily_covers_the_last_business_day_with_both_reports(daily):
    assert daily["period"]["label"] == "2026-11-19"
    assert _sections(daily) == [*SALES_ACTIVITY_SECTIONS, *LEAD_FLOW_SECTIONS]


def test_daily_figures_equal_sla_audit_for_the_day(daily):
    sla = _command("sla", "audit", *LEADS, *ACTIVITIES, *REPS, "--from", "2026-11-19", "--to", "2026-11-19",
                   "--as-of", "2026-11-20T09:00")
    assert daily["sales_activity"]["activity"] == sla["activity"]
    assert daily["sales_activity"]["rep_days_under_minimum"] == sla["activity_days_under_minimum"]
    flow = daily["lead_flow"]
    assert flow["response_by_band"] == sla["by_band"]
    assert flow["compliance_percent"] == sla["compliance_percent"] and flow["assignment"] == sla["assignment"]
    assert flow["unassigned"] == sla["unassigned"]
    waiting = _command("sla", "audit", *LEADS, *ACTIVITIES, *REPS, "--from", "2026-11-06", "--to", "2026-11-20",
                       "--as-of", "2026-11-20T09:00")
    assert flow["waiting_past_sla"] == sum(band["open_overdue"] for band in waiting["by_band"]) > 0


# --------------------------------------------------------------------------- campaigns


@pytest.fixture(scope="module")
def campaigns(tmp_path_factory) -> dict:
    return _report(tmp_path_factory.mktemp("campaigns"), "campaigns", "--campaigns", SAMPLE / "campaigns.xlsx",
                   *OPPS, "--as-of", "2026-11-17T08:00")


def test_campaign_performance_covers_the_campaigns_that_ran_last_week(campaigns):
    assert campaigns["period"]["label"] == "2026-W46" and _sections(campaigns) == list(CAMPAIGN_SECTIONS)
    # 9-15 November: LinkedIn ABM, content syndication, paid search (running), Partner Summit (12-13, aborted)
    assert sorted(campaigns["campaigns"]) == sorted(["2026-10-PaidSocial-LinkedIn-ABM",
                                                     "2026-11-ContentSyndication-State-of-RevOps",
                                                     "2026_10_PaidSearch_Brand", "Partner Summit 2026"])


def test_campaign_figures_equal_the_campaign_commands(campaigns):
    names = set(campaigns["campaigns"])
    roi = _command("campaign", "roi", "--campaigns", SAMPLE / "campaigns.xlsx", *OPPS)
    audit = _command("campaign", "audit", "--campaigns", SAMPLE / "campaigns.xlsx")
    lint = _command("campaign", "lint", "--campaigns", SAMPLE / "campaigns.xlsx")
    table = next(b for s in campaigns["report"]["sections"] if s["id"] == "roi" for b in s["blocks"]
                 if b["type"] == "table")
    theirs = {r["campaign"]: r for r in roi["rows"] if r["campaign"] in names}
    assert len(table["rows"]) == len(theirs) == 4
    for row in table["rows"]:
        for key in ("cost", "closed_won", "weighted_pipeline", "roi_percent", "leads", "cost_per_lead",
                    "opportunities"):
            assert row[key] == theirs[row["campaign"]][key], (row["campaign"], key)
    audit_rows = {r["campaign"]: r for r in audit["rows"] if r["campaign"] in names}
    triggers = next(s for s in campaigns["report"]["sections"] if s["id"] == "triggers")
    rates = next(b for b in triggers["blocks"] if b["type"] == "table")["rows"]
    for row in rates:
        for key in ("open_rate", "click_rate", "conversion_rate", "bounce_rate", "unsubscribe_rate"):
            assert row[key] == audit_rows[row["campaign"]][key]
        assert row["actions"] == ("; ".join(audit_rows[row["campaign"]]["actions"]) or "none")
    assert campaigns["lint"]["problems"] == sum(1 for p in lint["problems"] if p["campaign"] in names)


# --------------------------------------------------------------------------- forecast, win/loss


@pytest.fixture(scope="module")
def forecast(tmp_path_factory) -> dict:
    return _report(tmp_path_factory.mktemp("forecast"), "forecast", *OPPS, "--quotas", SAMPLE / "quotas.csv",
                   *REPS, "--history", SAMPLE / "stage_history.csv", "--previous",
                   SAMPLE / "opportunities_2026-11-19.csv", "--from", "2026-01-01", "--to", "2027-12-31",
                   "--as-of", "2026-11-20T08:00")


def test_forecast_reads_every_deal_as_deals_audit_does(forecast):
    deals = _command("deals", "audit", *OPPS, *REPS, *APPROVERS, "--as-of", "2026-11-20T08:00")
    open_by_owner = {o["owner"]: o["open_deals"] for o in deals["owners"] if o["open_deals"]}
    ours = {r["name"]: r["open_deals"] for r in forecast["rows"] if r["level"] == "rep" and r["open_deals"]}
    assert ours == open_by_owner  # every open deal of the export closes in the two years asked for
    assert forecast["rows"][-1]["open_deals"] == deals["totals"]["open_deals"]
    past_due = forecast["totals"]["past_due_deals"]
    assert past_due == deals["totals"]["past_due"]
    assert _sections(forecast) == list(FORECAST_SECTIONS)


def test_forecast_teams_come_from_the_quota_file_and_the_categories_are_not_measured(forecast):
    teams = [r["name"] for r in forecast["rows"] if r["level"] == "team"]
    assert teams == ["Americas", "EMEA"]
    assert forecast["categories"] is None and "forecast_category" in forecast["not_measured"]["categories"]
    assert forecast["rows"][-1]["quota"] is None  # no quota row covers 2026 and 2027
    assert "--map forecast_category=HEADER" in forecast["not_measured"]["calibration"]


@pytest.fixture(scope="module")
def winloss(tmp_path_factory) -> dict:
    return _report(tmp_path_factory.mktemp("winloss"), "win-loss", *OPPS, "--history", SAMPLE / "stage_history.csv",
                   "--accounts", SAMPLE / "accounts.csv", "--as-of", "2026-11-20T08:00")


def test_win_loss_counts_the_closed_deals_deals_audit_counts(winloss):
    deals = _command("deals", "audit", *OPPS, "--as-of", "2026-11-20T08:00")
    assert winloss["period"]["label"] == "2026-Q4"
    assert winloss["overall"]["closed"] == deals["totals"]["deals"] - deals["totals"]["open_deals"] == 46
    assert sum(r["deals"] for r in winloss["lost_at_stage"]) == winloss["overall"]["lost"]
    assert _sections(winloss) == list(WINLOSS_SECTIONS)
    assert winloss["breakdowns"]["industry"] is not None and winloss["breakdowns"]["product"] is None


# --------------------------------------------------------------------------- monthly


@pytest.fixture(scope="module")
def business(tmp_path_factory) -> dict:
    return _report(tmp_path_factory.mktemp("business"), "monthly", "--report", "business", *LEADS, *ACTIVITIES,
                   *REPS, *OPPS, "--history", SAMPLE / "stage_history.csv", "--quotas", SAMPLE / "quotas.csv",
                   "--campaigns", SAMPLE / "campaigns.xlsx", "--events", SAMPLE / "events.xlsx", "--event-leads",
                   SAMPLE / "event_leads.csv", *APPROVERS, "--month", "2026-11", "--as-of", "2026-11-20T08:00")


def test_business_review_sections_and_month(business):
    assert _sections(business) == list(BUSINESS_SECTIONS)
    assert business["period"] == {"label": "2026-11", "first_day": "2026-11-01", "last_day": "2026-11-30",
                                  "partial": True}


def test_marketing_figures_equal_funnel_report_campaign_and_event_roi(business):
    marketing = business["marketing"]
    by_source = _command("funnel", "report", *LEADS, *OPPS, "--by", "source", "--from", "2026-11-01", "--to",
                         "2026-11-30", "--as-of", "2026-11-20T08:00")
    assert marketing["funnel"]["groups"] == by_source["groups"]
    trend = _command("funnel", "report", *LEADS, *OPPS, "--from", "2026-06-01", "--to", "2026-11-30",
                     "--as-of", "2026-11-20T08:00")
    assert marketing["trend"]["cohorts"] == trend["cohorts"]
    assert marketing["trend"]["marketing_sla"] == trend["marketing_sla"]
    events = _command("event", "roi", "--events", SAMPLE / "events.xlsx", "--leads", SAMPLE / "event_leads.csv", *OPPS)
    theirs = {e["event"]: e for e in events["events"]}
    assert marketing["event_names"] == ["B2B Growth Forum NYC"]  # the one event held in November
    for event in marketing["events"]["events"]:
        assert event == theirs[event["event"]]
    metrics = {m["key"]: m for m in business["metrics"]}
    november = next(c for c in trend["cohorts"] if c["cohort"] == "2026-11")
    assert metrics["new_leads"]["current"] == november["Lead"]
    assert metrics["lead_to_opportunity"]["previous"] == next(
        c for c in trend["cohorts"] if c["cohort"] == "2026-10")["lead_to_opportunity"]


def test_sales_figures_equal_sla_audit_and_deals_audit(business):
    sales = business["sales"]
    november = _command("sla", "audit", *LEADS, *ACTIVITIES, *REPS, "--from", "2026-11-01", "--to", "2026-11-30",
                        "--as-of", "2026-11-20T08:00")
    assert sales["sla"]["compliance_percent"] == november["compliance_percent"]
    assert sales["sla"]["by_rep"] == november["by_rep"]
    deals = _command("deals", "audit", *OPPS, "--history", SAMPLE / "stage_history.csv", *REPS, *APPROVERS,
                     "--as-of", "2026-11-20T08:00")
    assert sales["deals"]["totals"] == deals["totals"]
    metrics = {m["key"]: m for m in business["metrics"]}
    assert metrics["sla_compliance"]["current"] == november["compliance_percent"]
    assert metrics["win_rate"]["current"] == sales["win_loss"]["overall"]["win_rate"] == 56.5
    assert metrics["bookings"]["previous"] == 0.0  # no deal of the export closed in October


def test_sales_attainment_against_the_quota_file(business):
    rows = {r["name"]: r for r in business["sales"]["attainment"]}
    quota = next(float(line.rsplit(",", 1)[1]) for line in (SAMPLE / "quotas.csv").read_text().splitlines()
                 if line.startswith("Jordan Blake,") and ",2026-11," in line)
    assert rows["Jordan Blake"]["won"] == 790000.0 and rows["Jordan Blake"]["quota"] == quota
    assert rows["Jordan Blake"]["attainment"] == round(790000 / quota * 100, 1)
    assert rows["Americas"]["level"] == "team" and rows["Americas"]["quota"] == sum(
        rows[r]["quota"] for r in ("Marcus Chen", "Sofia Alvarez", "Jordan Blake", "Aiden Park"))
    assert rows["Total"]["won"] == 2249600.0


def test_data_quality_equals_data_audit_and_the_forecast_is_the_quarter(business):
    data = _command("data", "audit", SAMPLE / "salesforce_leads.csv", "--as-of", "2026-11-20T08:00")
    assert business["data"]["scorecard"] == data["scorecard"]
    assert business["forecast"]["period"]["label"] == "2026-Q4"


@pytest.fixture(scope="module")
def lead_review(tmp_path_factory) -> dict:
    return _report(tmp_path_factory.mktemp("leads"), "monthly", "--report", "lead-management", *LEADS, *ACTIVITIES,
                   "--activities", SAMPLE / "engagement.csv", *REPS, *OPPS, "--month", "2026-10",
                   "--as-of", "2026-11-20T08:00")


def test_lead_review_figures_equal_score_calibration_funnel_and_sla_audit(lead_review, tmp_path):
    assert _sections(lead_review) == list(LEAD_REVIEW_SECTIONS)
    score = _command("leads", "score", *LEADS, *ACTIVITIES, "--activities", SAMPLE / "engagement.csv",
                     "--calibrate", SAMPLE / "opportunities.csv", "--as-of", "2026-11-20T08:00",
                     "-o", tmp_path / "scored.csv")
    assert lead_review["calibration"] == score["calibration"]
    sources = _command("funnel", "report", *LEADS, *OPPS, "--by", "source", "--from", "2026-10-01", "--to",
                       "2026-10-31", "--as-of", "2026-11-20T08:00")
    assert lead_review["sources"]["groups"] == sources["groups"]
    sla = _command("sla", "audit", *LEADS, *ACTIVITIES, "--activities", SAMPLE / "engagement.csv", *REPS,
                   "--from", "2026-10-01", "--to", "2026-10-31", "--as-of", "2026-11-20T08:00")
    by_rep = {r["rep"]: r for r in sla["by_rep"]}
    for row in lead_review["routing"]:
        assert (row["compliance"], row["median_business_minutes"]) == (
            by_rep[row["rep"]]["compliance"], by_rep[row["rep"]]["median_business_minutes"])
    nurture = lead_review["nurture"]
    assert [t["track"] for t in nurture] == ["Sales Ready", "Engaged", "Interested", "Awareness"]
    assert all(t["engaged"] <= t["leads"] for t in nurture) and sum(t["engaged"] for t in nurture) > 0
