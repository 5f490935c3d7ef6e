"""Every report page of the Reporting SOP's inventory in a real browser (Debian's chromium via Playwright): no
network request, no console error, every section present, readable with scripts off (as a mail client shows it),
and the Slack message of each report within Block Kit's limits. Each report is built once from the sample data."""

from __future__ import annotations

import json

import pytest

from revops_cli.cli.common import start
from revops_cli.cli.report.build import (build_campaign_performance, build_daily, build_forecast, build_monthly,
                                         build_pipeline_changes, build_win_loss)
from revops_cli.cli.report.inputs import ReportFiles, ReportInputs
from revops_cli.core.reporting.periods import days_period, month_period, quarter_period
from revops_cli.report import render_html, render_markdown, render_slack
from revops_cli.report.campaigns_pack import SECTION_IDS as CAMPAIGNS
from revops_cli.report.changes_pack import SECTION_IDS as CHANGES
from revops_cli.report.daily_pack import LEAD_FLOW_SECTIONS, SALES_ACTIVITY_SECTIONS
from revops_cli.report.forecast_pack import SECTION_IDS as FORECAST
from revops_cli.report.leadreview_pack import SECTION_IDS as LEAD_REVIEW
from revops_cli.report.monthly_pack import BOARD_SECTIONS, BUSINESS_SECTIONS, MARKETING_SECTIONS, SALES_SECTIONS
from revops_cli.report.winloss_pack import SECTION_IDS as WINLOSS
from tests.conftest import SAMPLE
from tests.report.browser import Browser, require_browser

pytestmark = pytest.mark.slow  # a real browser and every report: deselect with -m "not slow"

EXPECTED = {
    "daily": [*SALES_ACTIVITY_SECTIONS, *LEAD_FLOW_SECTIONS], "changes": list(CHANGES), "campaigns": list(CAMPAIGNS),
    "forecast": list(FORECAST), "win-loss": list(WINLOSS), "marketing": list(MARKETING_SECTIONS),
    "sales": list(SALES_SECTIONS), "business": list(BUSINESS_SECTIONS), "board": list(BOARD_SECTIONS),
    "lead-management": list(LEAD_REVIEW),
}


@pytest.fixture(scope="module")
def built():
    """Every report built once, from one read of the sample files (as `report due --run` builds them)."""
    import pandas as pd

    run = start(config=None, quiet=True)
    now = pd.Timestamp("2026-11-20 08:00", tz="America/New_York").tz_convert("UTC")
    files = ReportFiles(leads=str(SAMPLE / "salesforce_leads.csv"),
                        activities=[str(SAMPLE / "activities.csv"), str(SAMPLE / "engagement.csv")],
                        reps=str(SAMPLE / "reps.csv"), opportunities=str(SAMPLE / "opportunities.csv"),
                        previous=[str(SAMPLE / "opportunities_2026-11-19.csv")],
                        history=str(SAMPLE / "stage_history.csv"), campaigns=str(SAMPLE / "campaigns.xlsx"),
                        events=str(SAMPLE / "events.xlsx"), event_leads=str(SAMPLE / "event_leads.csv"),
                        quotas=str(SAMPLE / "quotas.csv"), accounts=str(SAMPLE / "accounts.csv"))
    inputs = ReportInputs(run, files, now=now, main="leads",
                          people={"Victoria Hale": "VP Sales", "Daniel Okafor": "CEO"})
    zone = run.config.general.timezone
    day = days_period(pd.Timestamp("2026-11-19").date(), pd.Timestamp("2026-11-19").date(), zone, now)
    week = days_period(pd.Timestamp("2026-11-09").date(), pd.Timestamp("2026-11-15").date(), zone, now, "2026-W46")
    november = month_period("2026-11", now, zone)
    quarter = quarter_period(None, now, zone)
    reports = {"daily": build_daily(inputs, day), "changes": build_pipeline_changes(inputs),
               "campaigns": build_campaign_performance(inputs, week), "forecast": build_forecast(inputs, quarter),
               "win-loss": build_win_loss(inputs, quarter)}
    for kind in ("marketing", "sales", "business", "board", "lead-management"):
        reports[kind] = build_monthly(inputs, kind, november)
    return reports


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with Browser() as running:
        yield running


@pytest.mark.parametrize("name", list(EXPECTED))
def test_the_page_loads_offline_with_every_section(name, built, browser, tmp_path):
    path = tmp_path / f"{name}.html"
    path.write_text(render_html(built[name].report), encoding="utf-8")
    seen = browser.open(path)
    assert seen.console_errors == [] and seen.page_errors == []
    assert seen.network_requests == [] and seen.failed_requests == {}
    assert seen.section_ids == EXPECTED[name]
    assert seen.title == built[name].report.title


@pytest.mark.parametrize("name", list(EXPECTED))
def test_the_page_reads_without_scripts_as_a_mail_client_shows_it(name, built, browser, tmp_path):
    path = tmp_path / f"{name}.html"
    html = render_html(built[name].report)
    path.write_text(html, encoding="utf-8")
    seen = browser.open(path, javascript=False)
    # every section's heading and every table cell are in the markup, styled inline
    text = seen.page.evaluate("() => document.body.innerText")
    for section in built[name].report.sections:
        assert section.title in text
    styled = seen.page.evaluate(
        "() => Array.from(document.querySelectorAll('td, th, section, table')).every(e => e.getAttribute('style'))")
    assert styled
    background = seen.page.evaluate("() => getComputedStyle(document.querySelector('section')).backgroundColor")
    assert background == "rgb(255, 255, 255)"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_markdown_and_slack_of_every_report(name, built):
    report = built[name].report
    md = render_markdown(report)
    assert all(f"## {s.title}" in md for s in report.sections) and "<svg" not in md
    message = render_slack(report)
    text = json.dumps(message)
    assert json.loads(text) == message and len(message["blocks"]) <= 50
    for block in message["blocks"]:
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert len(block.get("fields", [])) <= 10 and all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
