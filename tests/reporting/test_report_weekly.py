"""`revops report weekly`: the week window, the QA checks no other command prints, the pack's figures equal
to the individual commands' on the same files, the page in a real browser, Markdown/JSON, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.report.browser import Browser, require_browser
from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import load_roster
from revops_cli.core.reporting.weekly import week_window, weekly_figures
from revops_cli.report.weekly_pack import SECTION_IDS
from tests.conftest import SAMPLE, assert_input_error, invoke

AS_OF = "2026-11-20T08:00"
ZONE = "America/New_York"
APPROVERS = ("--approver", "Victoria Hale=VP Sales", "--approver", "Daniel Okafor=CEO")
FILES = ("--leads", SAMPLE / "salesforce_leads.csv", "--activities", SAMPLE / "activities.csv",
         "--reps", SAMPLE / "reps.csv", "--opportunities", SAMPLE / "opportunities.csv",
         "--campaigns", SAMPLE / "campaigns.xlsx", "--events", SAMPLE / "events.xlsx",
         "--event-leads", SAMPLE / "event_leads.csv", *APPROVERS, "--as-of", AS_OF)


def _utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_localize(ZONE).tz_convert("UTC")


# --------------------------------------------------------------------------- the week


def test_default_week_is_the_last_complete_one():
    friday = week_window(None, _utc("2026-11-20 08:00"), ZONE)
    assert (friday.label, str(friday.first_day), str(friday.last_day), friday.partial) == (
        "2026-W46", "2026-11-09", "2026-11-15", False)
    monday_early = week_window(None, _utc("2026-11-16 00:30"), ZONE)  # Sunday night has just ended
    assert monday_early.label == "2026-W46"
    sunday_night = week_window(None, _utc("2026-11-15 23:30"), ZONE)
    assert sunday_night.label == "2026-W45"


def test_named_week_and_its_boundaries_follow_the_time_zone_across_dst():
    week = week_window("2026-W44", _utc("2026-11-20 08:00"), ZONE)  # Oct 26 - Nov 1; DST ends Sun Nov 1
    assert week.start == pd.Timestamp("2026-10-26 04:00", tz="UTC")  # EDT midnight
    assert week.end == pd.Timestamp("2026-11-02 05:00", tz="UTC")  # EST midnight
    assert week_window("2026w47", _utc("2026-11-20 08:00"), ZONE).partial is True
    assert week_window("2026-W53", _utc("2026-11-20"), ZONE).label == "2026-W53"  # 2026 has 53 ISO weeks


@pytest.mark.parametrize("text", ["2026-W54", "W47", "2026-47", "last week"])
def test_a_bad_week_is_an_input_error(text):
    from revops_cli.errors import RevopsInputError

    with pytest.raises(RevopsInputError, match="ISO week such as 2026-W47"):
        week_window(text, _utc("2026-11-20"), ZONE)


# --------------------------------------------------------------------------- QA checks on a hand-built week

# Week 2026-W46. Scores: 85 Hot, 65 Warm, 45 Qualified, 10 Cold. Tiers: >=80 Senior Sales Rep, 60-79 Sales Rep,
# 40-59 SDR, <40 nurture (no rep). L5 was created the week before and is not judged.
QA_LEADS = """Lead ID,First Name,Last Name,Company,Lead Source,Lead Score,Lead Owner,Create Date
L1,Ann,Lee,Acme,Web,85,Sam Senior,2026-11-09 10:00
L2,Bob,Ng,Acme,Web,65,Sam Senior,2026-11-10 10:00
L3,Cy,Oz,Acme,,45,Dee SDR,2026-11-11 10:00
L4,Di,Ra,Acme,Web,10,,2026-11-12 10:00
L5,Ed,Su,Acme,Web,90,Dee SDR,2026-11-05 10:00
"""
QA_REPS = "Name,Role\nSam Senior,Senior Sales Rep\nRita Rep,Sales Rep\nDee SDR,SDR\nMo Manager,Sales Manager\n"


def _qa(tmp_path: Path, leads_text: str = QA_LEADS) -> dict:
    config = RevopsConfig()
    leads = pd.read_csv(pd.io.common.StringIO(leads_text), dtype=str, keep_default_na=False)
    mapping = detect_columns(list(leads.columns), schema="leads")
    reps = pd.read_csv(pd.io.common.StringIO(QA_REPS), dtype=str)
    now = _utc("2026-11-20 08:00")
    roster = load_roster(reps, None, config, now=now)
    figures = weekly_figures(leads, mapping, config, now=now, week=week_window(None, now, ZONE), roster=roster)
    return {check.key: check for check in figures.qa}, figures


def test_score_accuracy_compares_the_recorded_band_with_the_rules(tmp_path):
    qa, figures = _qa(tmp_path)
    assert figures.new_leads == 4
    # the rules give these leads (no title, industry, activity...) far fewer points than their recorded scores:
    # a recorded 10 (Cold) is the only band the rules agree with -> 1 of 4
    assert (qa["score"].value, qa["score"].passed) == (25.0, False)
    assert "1 of 4" in qa["score"].detail and "Lead Score" in qa["score"].detail


def test_routing_accuracy_checks_the_owner_role_against_the_score_tier(tmp_path):
    qa, _ = _qa(tmp_path)
    # scored by the rules, all four fall in the nurture tier: only L4 (no owner) is owned as nurture should be
    assert (qa["routing"].value, qa["routing"].passed) == (25.0, False)


def test_assignment_and_completeness_on_the_week(tmp_path):
    qa, _ = _qa(tmp_path)
    assert (qa["assigned"].value, qa["assigned"].passed) == (75.0, False)  # L4 has no owner
    # required first, last, company, lead source: 16 cells, L3's source blank -> 15/16
    assert (qa["completeness"].value, qa["completeness"].passed) == (93.8, True)


def test_an_empty_week_is_not_measured_rather_than_failed(tmp_path):
    qa, figures = _qa(tmp_path, QA_LEADS.replace("2026-11-1", "2026-10-1").replace("2026-11-09", "2026-10-09"))
    assert figures.new_leads == 0
    assert all(check.passed is None for check in qa.values())


# --------------------------------------------------------------------------- same figures as the commands


@pytest.fixture(scope="module")
def weekly_json(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("weekly")
    result = invoke("report", "weekly", *FILES, "-o", folder / "weekly.json", "--quiet")
    assert result.exit_code == 0, result.stderr
    return json.loads((folder / "weekly.json").read_text(encoding="utf-8"))


def _command_json(*args) -> dict:
    result = invoke(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_sla_figures_equal_sla_audit_for_the_week(weekly_json):
    sla = _command_json("sla", "audit", "--leads", SAMPLE / "salesforce_leads.csv", "--activities",
                        SAMPLE / "activities.csv", "--reps", SAMPLE / "reps.csv", "--from", "2026-11-09",
                        "--to", "2026-11-15", "--as-of", AS_OF)
    ours = weekly_json["sla"]
    for key in ("compliance_percent", "breaches", "breaches_by_check", "by_band", "by_rep", "assignment"):
        assert ours[key] == sla[key], key
    qa = {c["key"]: c for c in weekly_json["qa"]}
    assert qa["sla"]["value"] == sla["compliance_percent"]
    assert qa["assigned"]["value"] == sla["assignment"]["percent"]


def test_funnel_figures_equal_funnel_report_by_week(weekly_json):
    funnel = _command_json("funnel", "report", "--leads", SAMPLE / "salesforce_leads.csv", "--opportunities",
                           SAMPLE / "opportunities.csv", "--by", "week", "--from", "2026-09-21", "--to", "2026-11-15",
                           "--as-of", AS_OF)
    assert weekly_json["funnel"]["groups"] == funnel["groups"]
    assert [g["week"] for g in funnel["groups"]][-1] == "2026-W46" and len(funnel["groups"]) == 8


def test_data_quality_figures_equal_data_audit(weekly_json):
    data = _command_json("data", "audit", SAMPLE / "salesforce_leads.csv", "--as-of", AS_OF)
    assert weekly_json["data"]["scorecard"] == data["scorecard"]
    assert weekly_json["data"]["counts"] == data["counts"]


def test_deal_figures_equal_deals_audit(weekly_json):
    deals = _command_json("deals", "audit", "--opportunities", SAMPLE / "opportunities.csv", "--reps",
                          SAMPLE / "reps.csv", *APPROVERS, "--as-of", AS_OF)
    assert weekly_json["deals"]["totals"] == deals["totals"]
    assert weekly_json["deals"]["owners"] == deals["owners"]


def test_campaign_and_event_figures_equal_their_commands(weekly_json):
    campaigns = _command_json("campaign", "roi", "--campaigns", SAMPLE / "campaigns.xlsx", "--opportunities",
                              SAMPLE / "opportunities.csv")
    assert weekly_json["campaigns"]["totals"] == campaigns["totals"]
    events = _command_json("event", "roi", "--events", SAMPLE / "events.xlsx", "--leads", SAMPLE / "event_leads.csv",
                           "--opportunities", SAMPLE / "opportunities.csv", "--as-of", AS_OF)
    assert weekly_json["events"]["totals"] == events["totals"]
    assert weekly_json["events"]["events"] == events["events"]


def test_the_json_holds_every_section_of_the_page(weekly_json):
    assert [s["id"] for s in weekly_json["report"]["sections"]] == list(SECTION_IDS)
    assert weekly_json["week"] == {"label": "2026-W46", "first_day": "2026-11-09", "last_day": "2026-11-15",
                                   "partial": False}


# --------------------------------------------------------------------------- the page, Markdown, errors


def test_the_html_pack_renders_offline_in_chromium(tmp_path):
    require_browser()
    page = tmp_path / "weekly.html"
    result = invoke("report", "weekly", *FILES, "-o", page)
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stdout and "Routing accuracy" in result.stdout
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    with Browser() as browser:
        seen = browser.open(page, screenshot=tmp_path / "weekly.png")
        assert seen.console_errors == [] and seen.page_errors == []
        assert seen.network_requests == []
        assert seen.section_ids == list(SECTION_IDS)
        checks = seen.page.evaluate("() => document.querySelectorAll('#qa li, #qa tr').length")
        assert checks >= 5  # the five weekly QA checks
    assert (tmp_path / "weekly.png").stat().st_size > 50_000


def test_markdown_pack_has_every_section_and_the_checklist(tmp_path):
    result = invoke("report", "weekly", *FILES, "-o", tmp_path / "weekly.md", "--quiet")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "weekly.md").read_text(encoding="utf-8")
    for heading in ("Weekly QA checklist", "Funnel KPIs", "Response time by band", "SLA breaches by rep",
                    "Leads by source vs the marketing SLA", "Campaign and event ROI", "Stalled deals",
                    "Data-quality scorecard"):
        assert f"## {heading}" in text, heading
    assert "<svg" not in text and "SLA compliance" in text


CHANGED_SOP = """
[funnel.kpi_targets]
mql_to_sql = 45.0

[sla]
wall_clock_bands = ["Hot", "Warm"]
cadence_calls = 5
disposition_hours = 12

[sla.response_minutes]
Hot = 10
Warm = 90
Qualified = 1440
Early = 2880
Cold = 4320

# routing's tier deadlines must agree with the SLA audit's (a config check)
[[routing.tiers]]
min_score = 80
queue = "senior_sales"
roles = ["Senior Sales Rep", "Senior AE", "Senior Account Executive"]
alert = "SMS + Email"
sla_minutes = 10

[[routing.tiers]]
min_score = 60
queue = "sales"
roles = ["Sales Rep", "AE", "Account Executive"]
alert = "Email"
sla_minutes = 90

[[routing.tiers]]
min_score = 40
queue = "sdr"
roles = ["SDR", "BDR", "Sales Development Rep"]
alert = "Queue notification"
sla_minutes = 1440

[[routing.tiers]]
min_score = 0
queue = "nurture"

[deals.stage_limits_days]
Prospecting = 10
Discovery = 14
"Solution Design" = 14
Proposal = 7
Negotiation = 21
"""


def _captions(tmp_path: Path, *config: str) -> str:
    """Every section intro, block caption and description of the pack, one a line."""
    result = invoke("report", "weekly", "--leads", SAMPLE / "salesforce_leads.csv", "--activities",
                    SAMPLE / "activities.csv", "--reps", SAMPLE / "reps.csv", "--opportunities",
                    SAMPLE / "opportunities.csv", "--as-of", AS_OF, *config, "-o", tmp_path / "weekly.json", "--quiet")
    assert result.exit_code == 0, result.stderr
    sections = json.loads((tmp_path / "weekly.json").read_text(encoding="utf-8"))["report"]["sections"]
    return "\n".join([s["intro"] for s in sections]
                     + [b[k] for s in sections for b in s["blocks"] for k in ("caption", "description") if b.get(k)])


def test_captions_quote_the_sop_numbers_of_the_config(tmp_path):
    default = _captions(tmp_path)
    assert "Lead → MQL > 35%, MQL → SQL > 40%, SQL → Opportunity > 70% (funnel.kpi_targets)" in default
    assert "Response SLA by band (Hot 5 min, Warm 1 h, Qualified 24 h, Cold 48 h)" in default
    assert "wall clock for Hot, the owner's business hours for the others" in default
    assert "the 2-hour phone + email agreement, the 3-call 4-email cadence and disposition within 24 hours" in default
    assert "Prospecting 7 days, Discovery 14, Solution Design 14, Proposal 7, Negotiation 14." in default
    config = tmp_path / "revops.toml"
    config.write_text(CHANGED_SOP, encoding="utf-8")
    changed = _captions(tmp_path, "--config", config)
    assert "Lead → MQL > 35%, MQL → SQL > 45%, SQL → Opportunity > 70% (funnel.kpi_targets)" in changed
    assert "Response SLA by band (Hot 10 min, Warm 90 min, Qualified 24 h, Early 48 h, Cold 72 h)" in changed
    assert "wall clock for Hot, Warm, the owner's business hours for the others" in changed
    assert "the 2-hour phone + email agreement, the 5-call 4-email cadence and disposition within 12 hours" in changed
    assert "Prospecting 10 days, Discovery 14, Solution Design 14, Proposal 7, Negotiation 21." in changed


def test_report_without_optional_files_says_what_to_add(tmp_path):
    result = invoke("report", "weekly", "--leads", SAMPLE / "salesforce_leads.csv", "--as-of", AS_OF,
                    "-o", tmp_path / "weekly.json", "--quiet")
    assert result.exit_code == 0, result.stderr
    payload = json.loads((tmp_path / "weekly.json").read_text(encoding="utf-8"))
    assert payload["deals"] is None and payload["campaigns"] is None
    assert payload["notes"] == []
    # without activities nobody's response time is known: not measured, never "0% FAIL"
    sla = next(c for c in payload["qa"] if c["key"] == "sla")
    assert (sla["value"], sla["passed"]) == (None, None)
    assert payload["not_measured"]["sla"] == ("no activities export: nobody's calls and emails are known; "
                                              "try --activities FILE")
    assert payload["sla"]["not_measured"]["response"] == payload["not_measured"]["sla"]
    assert payload["response_distribution"] == []
    routing = next(c for c in payload["qa"] if c["key"] == "routing")
    assert routing["passed"] is None and "roster" in routing["note"]
    assert payload["not_measured"]["routing"] == routing["note"]


def test_report_errors_exit_2(tmp_path):
    leads = SAMPLE / "salesforce_leads.csv"
    assert_input_error(invoke("report", "weekly", "--leads", leads), "-o weekly.html")
    assert_input_error(invoke("report", "weekly", "--leads", leads, "-o", tmp_path / "weekly.txt"), ".html")
    assert_input_error(invoke("report", "weekly", "--leads", leads, "--week", "W47", "-o", tmp_path / "w.html"),
                       "ISO week")
    assert_input_error(invoke("report", "weekly", "--leads", leads, "--history", SAMPLE / "stage_history.csv",
                              "-o", tmp_path / "w.html"), "--history needs --opportunities")
    copy = tmp_path / "leads.html"
    copy.write_text("x", encoding="utf-8")
    assert_input_error(invoke("report", "weekly", "--leads", copy, "-o", copy), "input")
    assert not (tmp_path / "weekly.txt").exists() and not (tmp_path / "w.html").exists()


def test_sla_check_says_why_it_is_not_measured_when_no_lead_has_a_band(tmp_path):
    leads = QA_LEADS.replace("Lead Score,", "Notes,")  # the score column is gone: every lead unbanded
    qa, figures = _qa(tmp_path, leads)
    assert figures.new_leads == 4
    assert qa["sla"].passed is None and qa["sla"].value is None
    assert qa["sla"].note == ("no activities export: nobody's calls and emails are known; no score, band or rating "
                              "column; try --activities FILE and --map score=HEADER")


def test_weekly_table_markdown_and_json_say_not_measured_and_why(tmp_path):
    # no activities, no consent or bounce column in the sample leads: those checks have no figure
    result = invoke("report", "weekly", "--leads", SAMPLE / "salesforce_leads.csv", "--reps", SAMPLE / "reps.csv",
                    "--as-of", AS_OF, "-o", tmp_path / "weekly.md")
    assert result.exit_code == 0, result.stderr
    table = " ".join(result.stdout.split())
    assert ("│ SLA compliance │ not measured │ 95% │ — │ no activities export: nobody's calls and emails are known; "
            "try --activities FILE │") in table
    markdown = (tmp_path / "weekly.md").read_text(encoding="utf-8")
    assert "not measured: no consent (legal basis) column; try --map consent=HEADER" in markdown
    assert "not measured: no bounced (hard bounce) flag column; try --map bounced=HEADER" in markdown
    payload = json.loads(invoke("report", "weekly", "--leads", SAMPLE / "salesforce_leads.csv", "--as-of", AS_OF,
                                "--json").stdout)
    assert set(payload["not_measured"]) >= {"sla", "routing"}
    assert payload["data"]["not_measured"]["compliance"] == "no consent (legal basis) column; try --map consent=HEADER"
