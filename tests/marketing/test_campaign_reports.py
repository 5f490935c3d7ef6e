"""Campaign Execution SOP on ad and email platform reports: rolled up to the campaign, rates never averaged
(issue 23 item 4), and "not measured" instead of a number when a column is missing (issue 17 item 3)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.campaigns import campaign_audit, campaign_report, campaign_roi
from revops_cli.core.marketing.campaigns.common import parse_rates
from revops_cli.core.marketing.campaigns.report import period_labels
from revops_cli.errors import RevopsInputError
from revops_cli.io.read import read_table
from tests.conftest import REPO, assert_input_error, invoke

CONFIG = RevopsConfig()
CORPUS = REPO / "tests" / "fixtures" / "third_party"
GOOGLE_ADS = CORPUS / "made__google_ads_campaign_device_month.csv"
POSIT = CORPUS / "posit_marketing__platform_performance.csv"
LINKEDIN = CORPUS / "fivetran_linkedin__ad_analytics_by_creative.csv"


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns, dtype="str")


def _report(rows, by=None):
    frame = _frame(rows)
    return campaign_report(frame, detect_columns(list(frame.columns), schema="campaigns"), by=by)


# ---------------------------------------------------------------- rates as platforms print them


def test_rates_with_a_percent_sign_are_percentages_bare_fractions_are_fractions():
    rates, note = parse_rates(pd.Series(["23%", "23 %", "23,5 %", "0.5%", None], dtype="str"))
    assert list(rates[:4]) == [23.0, 23.0, 23.5, 0.5] and pd.isna(rates[4]) and note is None
    fractions, note = parse_rates(pd.Series(["0.23", "0.05", "1"], dtype="str"))
    assert list(fractions) == pytest.approx([23.0, 5.0, 100.0]) and "fractions" in note
    percents, note = parse_rates(pd.Series(["3.0", "0.8"], dtype="str"))  # one above 1: the column is percentages
    assert list(percents) == [3.0, 0.8] and "percentages" in note


def test_a_fraction_open_rate_triggers_like_its_percentage():
    # one row per campaign, rates only: 0.149 is 14.9 % (< 15 %: subject line test), 0.15 is exactly 15 %: no trigger
    frame = _frame([{"Campaign Name": "A", "Open Rate": "0.149"}, {"Campaign Name": "B", "Open Rate": "0.15"}])
    result = campaign_audit(frame, detect_columns(list(frame.columns), schema="campaigns"), CONFIG)
    assert list(result.frame["open_rate"]) == [14.9, 15.0]
    assert list(result.frame["actions"]) == [["Subject line test"], []]


# ---------------------------------------------------------------- roll-up


def test_rows_roll_up_to_the_campaign_and_rates_come_from_the_sums_never_averaged():
    report = _report([
        {"Campaign": "A", "Device": "Computers", "Impressions": "1,000", "Clicks": "50", "CTR": "5.00%",
         "Cost": "100.00", "Conversions": "5"},
        {"Campaign": "A", "Device": "Mobile phones", "Impressions": "9,000", "Clicks": "90", "CTR": "1.00%",
         "Cost": "40.50", "Conversions": "0"},
        {"Campaign": "B", "Device": "Computers", "Impressions": "100", "Clicks": "", "CTR": "", "Cost": "",
         "Conversions": ""},
    ])
    assert report.rolled_up and report.key == "name" and report.dimensions == ["Device"]
    a = report.frame.set_index("name").loc["A"]
    assert (a["rows"], a["impressions"], a["clicks"], a["conversions"]) == (2, 10000.0, 140.0, 5.0)
    assert Decimal(a["actual_cost"]) == Decimal("140.50")  # exact decimals, summed
    b = report.frame.set_index("name").loc["B"]
    assert pd.isna(b["clicks"]) and pd.isna(b["actual_cost"])  # all blank stays blank, never 0
    audit = campaign_audit(report.frame, report.mapping, CONFIG).frame.set_index("campaign")
    # 140 / 10,000 = 1.4 % (the average of 5 % and 1 % would be 3 %): below 2 %, CTA optimization
    assert audit.loc["A", "click_rate"] == 1.4 and audit.loc["A", "actions"] == ["CTA optimization"]
    assert audit.loc["A", "conversion_rate"] == 3.57  # 5 / 140 clicks


def test_a_rate_beside_its_denominator_becomes_a_count_before_the_sum():
    report = _report([
        {"Campaign": "A", "Day": "2026-03-02", "Impressions": "1000", "CTR": "5%"},
        {"Campaign": "A", "Day": "2026-03-03", "Impressions": "3000", "CTR": "1%"},
    ])
    row = report.frame.iloc[0]
    assert row["clicks"] == 80.0  # 50 + 30 -> 80 / 4,000 = 2.0 %, not (5 + 1) / 2 = 3 %
    assert any("clicks derived from 'CTR' x 'Impressions'" in n for n in report.notes)
    audit = campaign_audit(report.frame, report.mapping, CONFIG).frame
    assert audit.loc[0, "click_rate"] == 2.0 and audit.loc[0, "actions"] == []  # exactly 2 %: no trigger


def test_a_rate_without_a_denominator_is_not_measured_for_a_campaign_of_several_rows():
    report = _report([
        {"Campaign": "A", "Month": "2026-01", "Open Rate": "10%"},
        {"Campaign": "A", "Month": "2026-02", "Open Rate": "30%"},
        {"Campaign": "B", "Month": "2026-01", "Open Rate": "12%"},
    ])
    rows = report.frame.set_index("name")
    assert pd.isna(rows.loc["A", "open_rate"]) and rows.loc["B", "open_rate"] == 12.0
    assert "rates are never averaged" in report.not_measured["open_rate"].reason


def test_the_platform_total_row_is_not_a_campaign():
    report = _report([
        {"Campaign": "A", "Device": "Computers", "Clicks": "10", "Cost": "5"},
        {"Campaign": "A", "Device": "Tablets", "Clicks": "20", "Cost": "5"},
        {"Campaign": "Total: Account", "Device": "", "Clicks": "30", "Cost": "10"},
    ])
    assert list(report.frame["name"]) == ["A"] and report.frame.loc[0, "clicks"] == 30.0
    assert any("Total: Account" in n for n in report.notes)


def test_a_daily_budget_is_no_campaign_budget():
    report = _report([
        {"Campaign": "A", "Day": "2026-03-02", "Budget": "50", "Clicks": "1"},
        {"Campaign": "A", "Day": "2026-03-03", "Budget": "60", "Clicks": "1"},
        {"Campaign": "B", "Day": "2026-03-02", "Budget": "7,000", "Clicks": "1"},
        {"Campaign": "B", "Day": "2026-03-03", "Budget": "7,000", "Clicks": "1"},
    ])
    rows = report.frame.set_index("name")
    assert pd.isna(rows.loc["A", "budget"]) and Decimal(rows.loc["B", "budget"]) == 7000
    assert any("differs between rows of 1 campaign(s)" in n for n in report.notes)


def test_one_row_per_campaign_is_not_rolled_up():
    report = _report([{"Campaign Name": "A", "Emails Sent": "100"}, {"Campaign Name": "B", "Emails Sent": "5"}])
    assert not report.rolled_up and len(report.frame) == 2


# ---------------------------------------------------------------- periods


def test_period_labels_months_weeks_and_days():
    months, grain = period_labels(pd.Series(["January 2026", "2026-02", "Feb 2026", None], dtype="str"), "Month",
                                  None, "UTC")
    assert grain == "month" and list(months[:3]) == ["2026-01", "2026-02", "2026-02"] and months[3] is None
    days, grain = period_labels(pd.Series(["2026-03-02", "2026-03-09 00:00:00"], dtype="str"), "Day", "week", "UTC")
    assert grain == "day" and list(days) == ["2026-W10", "2026-W11"]
    with pytest.raises(RevopsInputError, match="one row per month"):
        period_labels(pd.Series(["2026-01"], dtype="str"), "Month", "day", "UTC")


def test_a_daily_email_report_fires_list_hygiene_on_the_days_that_crossed_5_percent():
    # 19 % and 40 % bounce days in a campaign whose whole-period bounce rate is 4.98 %
    rows = [{"Campaign": "Nurture", "Send Date": f"2026-03-{d:02d}", "Emails Sent": "1000", "Bounces": "10",
             "Opens": "300", "Clicks": "40", "Unsubscribes": "1"} for d in range(2, 28)]
    rows[3]["Bounces"], rows[10]["Bounces"] = "190", "400"
    campaign = _report(rows)
    audit = campaign_audit(campaign.frame, campaign.mapping, CONFIG).frame
    # (24 x 10 + 190 + 400) / 26,000 = 830 / 26,000 = 3.19 %: the campaign as a whole is under 5 %
    assert audit.loc[0, "bounce_rate"] == 3.19 and "List hygiene" not in audit.loc[0, "actions"]
    days = _report(rows, by="day")
    by_day = campaign_audit(days.frame, days.mapping, CONFIG).frame
    crossed = by_day[by_day["actions"].map(lambda a: "List hygiene" in a)]
    assert list(crossed["period"]) == ["2026-03-05", "2026-03-12"]
    assert list(crossed["bounce_rate"]) == [19.0, 40.0]


# ---------------------------------------------------------------- the 816-row Google Ads report


@pytest.fixture(scope="module")
def google_ads():
    table = read_table(GOOGLE_ADS)
    mapping = detect_columns(list(table.frame.columns), schema="campaigns")
    return table, mapping, campaign_report(table.frame, mapping)


def test_google_ads_report_816_rows_are_17_campaigns(google_ads):
    table, mapping, report = google_ads
    assert len(table.frame) == 817  # 17 campaigns x 3 devices x 16 months, and the "Total: Account" row
    assert (mapping.get("name"), mapping.get("impressions"), mapping.get("revenue")) == ("Campaign", "Impr.",
                                                                                          "Conv. value")
    assert report.rolled_up and len(report.frame) == 17 and set(report.frame["rows"]) == {48}


def test_google_ads_brand_exact_hand_computed(google_ads):
    _, _, report = google_ads
    audit = campaign_audit(report.frame, report.mapping, CONFIG).frame.set_index("campaign")
    roi = campaign_roi(report.frame, report.mapping, CONFIG).frame.set_index("campaign")
    # per month: Computers 1,000 impr / 50 clicks / 100.00 / 5 conv / 250.00 value; Mobile 2,000 / 20 / 40.00 / 0;
    # Tablets 0. Over 16 months: 48,000 impr, 1,120 clicks, 2,240.00 cost, 80 conv, 4,000.00 value.
    assert audit.loc["Brand - Exact", "click_rate"] == 2.33  # 1,120 / 48,000 (the row CTRs average 2 or 3 %)
    assert audit.loc["Brand - Exact", "conversion_rate"] == 7.14  # 80 / 1,120
    assert audit.loc["Brand - Exact", "actions"] == []
    assert roi.loc["Brand - Exact", "cost"] == 2240.0 and roi.loc["Brand - Exact", "revenue"] == 4000.0
    assert roi.loc["Brand - Exact", "roi_percent"] == 78.57  # (4,000 - 2,240) / 2,240
    assert roi.loc["Brand - Exact", "cost_per_conversion"] == 28.0


def test_google_ads_triggers_fire_on_the_campaign(google_ads):
    _, _, report = google_ads
    audit = campaign_audit(report.frame, report.mapping, CONFIG)
    actions = audit.frame.set_index("campaign")["actions"]
    assert actions["Display - Remarketing"] == ["CTA optimization"]  # 0.5 % CTR
    assert actions["Search - Competitors"] == ["Landing page test"]  # 1 / 150 = 0.67 % conversion
    assert actions["Video - Awareness"] == []  # 2.81 % over the whole period
    assert audit.triggers["click_rate"] == 1 and audit.triggers["conversion_rate"] == 1
    assert set(audit.not_measured) == {"open_rate", "bounce_rate", "unsubscribe_rate", "approval", "scope"}


def test_google_ads_by_month_names_the_two_months_video_dipped(google_ads):
    table, mapping, _ = google_ads
    months = campaign_report(table.frame, mapping, by="month")
    assert len(months.frame) == 17 * 16
    audit = campaign_audit(months.frame, months.mapping, CONFIG).frame
    video = audit[(audit["campaign"] == "Video - Awareness") & (audit["actions"].map(len) > 0)]
    assert list(video["period"]) == ["2025-11", "2025-12"] and list(video["click_rate"]) == [1.5, 1.5]


def test_google_ads_totals_equal_the_file_summed_independently(google_ads):
    _, _, report = google_ads
    with GOOGLE_ADS.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[3:-1]  # title, date range, header; the total row
    cost = sum(float(r[9].replace(",", "")) for r in rows)
    roi = campaign_roi(report.frame, report.mapping, CONFIG)
    assert roi.totals["cost"] == pytest.approx(round(cost, 2))
    assert roi.totals["revenue"] == 1576817.01  # the platform's own Total: Account row
    assert roi.revenue_source == "campaign file"


def test_cli_audit_by_month_on_the_google_ads_report():
    result = invoke("campaign", "audit", GOOGLE_ADS, "--by", "month", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["campaigns"] == 17 and summary["report"]["rows_in"] == 817
    assert summary["not_measured"]["open_rate"] == "no opens column; try --map opens=HEADER"
    video = [r for r in summary["periods"]["rows"] if r["campaign"] == "Video - Awareness"]
    assert [r["period"] for r in video] == ["2025-11", "2025-12"]
    table = invoke("campaign", "audit", GOOGLE_ADS)
    assert "816 rows rolled up to 17, one per campaign" in table.stdout
    assert "open rate: not measured (no opens column; try --map opens=HEADER)" in table.stdout
    assert_input_error(invoke("campaign", "audit", GOOGLE_ADS, "--by", "day"), "one row per month")


# ---------------------------------------------------------------- corpus campaign files


def test_posit_platform_report_rolls_up_by_platform_with_bare_percent_ctr():
    table = read_table(POSIT)
    mapping = detect_columns(list(table.frame.columns), schema="campaigns")
    report = campaign_report(table.frame, mapping)
    assert report.key == "platform" and len(report.frame) == 3
    audit = campaign_audit(report.frame, report.mapping, CONFIG).frame.set_index("campaign")
    raw = pd.read_csv(POSIT)
    linkedin = raw[raw["platform"] == "LinkedIn"]
    expected = round(100 * linkedin["clicks"].sum() / linkedin["impressions"].sum(), 2)
    assert audit.loc["LinkedIn", "click_rate"] == expected
    roi = campaign_roi(report.frame, report.mapping, CONFIG)
    assert roi.totals["cost"] == pytest.approx(float(raw["total_spend"].sum()))
    assert "roi" in roi.not_measured  # no revenue column and no opportunities: never -100 %
    assert roi.frame["cost_per_lead"].notna().all()


def test_linkedin_creative_report_by_day():
    table = read_table(LINKEDIN)
    mapping = detect_columns(list(table.frame.columns), schema="campaigns")
    assert (mapping.get("actual_cost"), mapping.get("ad_creative"), mapping.get("period")) == (
        "cost_in_usd", "creative_id", "day")
    report = campaign_report(table.frame, mapping)
    assert report.key == "ad_creative" and report.frame["rows"].sum() == len(table.frame)
    days = campaign_report(table.frame, mapping, by="day")
    assert days.frame["period"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    audit = campaign_audit(report.frame, report.mapping, CONFIG)
    assert "open_rate" in audit.not_measured  # InMail opens but no sends: no open rate, never 0


@pytest.mark.parametrize("platform,headers,expected", [
    ("Google Ads", ["Campaign", "Device", "Month", "Impr.", "Clicks", "CTR", "Cost", "Conversions", "Conv. rate",
                    "Conv. value"],
     {"name": "Campaign", "device": "Device", "period": "Month", "impressions": "Impr.", "actual_cost": "Cost",
      "revenue": "Conv. value", "conversion_rate": "Conv. rate", "click_rate": "CTR"}),
    ("Meta Ads Manager", ["Campaign name", "Day", "Reach", "Impressions", "Amount spent (USD)", "Link clicks",
                          "CTR (link click-through rate)", "Results", "Purchases conversion value"],
     {"name": "Campaign name", "period": "Day", "actual_cost": "Amount spent (USD)", "clicks": "Link clicks",
      "click_rate": "CTR (link click-through rate)", "conversions": "Results",
      "revenue": "Purchases conversion value"}),
    ("LinkedIn Campaign Manager", ["Start Date (in UTC)", "Campaign Name", "Campaign Group Name", "Total Spent",
                                   "Impressions", "Clicks", "Click Through Rate", "Conversions", "Leads"],
     {"period": "Start Date (in UTC)", "name": "Campaign Name", "actual_cost": "Total Spent", "clicks": "Clicks",
      "conversions": "Conversions", "leads": "Leads", "click_rate": "Click Through Rate"}),
    ("Mailchimp", ["Title", "Subject", "Send Date", "Total Recipients", "Successful Deliveries", "Soft Bounces",
                   "Hard Bounces", "Total Bounces", "Unique Opens", "Open Rate", "Unique Clicks", "Click Rate",
                   "Unsubscribes"],
     {"name": "Title", "subject": "Subject", "period": "Send Date", "sent": "Total Recipients",
      "delivered": "Successful Deliveries", "bounces": "Total Bounces", "opens": "Unique Opens",
      "clicks": "Unique Clicks", "open_rate": "Open Rate", "unsubscribes": "Unsubscribes"}),
    ("HubSpot email", ["Email name", "Sent", "Delivered", "Opened", "Clicked", "Bounced", "Unsubscribed",
                       "Open rate", "Click rate"],
     {"name": "Email name", "sent": "Sent", "delivered": "Delivered", "opens": "Opened", "clicks": "Clicked",
      "bounces": "Bounced", "unsubscribes": "Unsubscribed"}),
])
def test_platform_report_headers_are_recognised(platform, headers, expected):
    mapping = detect_columns(headers, schema="campaigns")
    assert {f: mapping.get(f) for f in expected} == expected, platform


def test_a_mailchimp_style_daily_report_rolls_up_with_percent_rates_as_printed():
    # deliveries and rates only (no open counts): opens are derived row by row, then summed
    report = _report([
        {"Title": "Nov Newsletter", "Send Date": "Nov 3, 2026", "Successful Deliveries": "10,000",
         "Open Rate": "20.00%", "Unique Clicks": "150"},
        {"Title": "Nov Newsletter", "Send Date": "Nov 10, 2026", "Successful Deliveries": "30,000",
         "Open Rate": "12 %", "Unique Clicks": "450"},
    ])
    row = report.frame.iloc[0]
    assert row["opens"] == 5600.0  # 2,000 + 3,600
    audit = campaign_audit(report.frame, report.mapping, CONFIG).frame
    # 5,600 / 40,000 = 14 % < 15 %: subject line test (averaging the printed rates would give 16 %)
    assert audit.loc[0, "open_rate"] == 14.0
    assert audit.loc[0, "click_rate"] == 1.5  # 600 / 40,000 < 2 %
    assert audit.loc[0, "actions"] == ["Subject line test", "CTA optimization"]


def test_by_errors_name_the_fix_and_leave_the_file_untouched(tmp_path):
    sheet = tmp_path / "campaigns.csv"
    sheet.write_text("Campaign Name,Emails Sent,Opens\nSpring,1000,120\n", encoding="utf-8")
    before = sheet.read_bytes()
    assert_input_error(invoke("campaign", "audit", sheet, "--by", "hour"), "--by 'hour': choose day, week or month.")
    assert_input_error(invoke("campaign", "audit", sheet, "--by", "day"),
                       "no date, day, week or month column", "--map period='Your Header'")
    assert sheet.read_bytes() == before
