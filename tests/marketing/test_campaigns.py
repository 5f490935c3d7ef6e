"""Campaign Execution SOP: ROI, optimisation triggers, approvals, naming/UTM/pre-send lint."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.campaigns import (
    campaign_audit,
    campaign_lint,
    campaign_roi,
    fold_approver,
    required_approver,
)
from revops_cli.io.read import read_table
from tests.conftest import SAMPLE

CONFIG = RevopsConfig()


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns, dtype="str")


def _map(frame: pd.DataFrame, schema: str = "campaigns"):
    return detect_columns(list(frame.columns), schema=schema)


def _roi(campaigns, opps=None, **kwargs):
    c = _frame(campaigns)
    if opps is None:
        return campaign_roi(c, _map(c), CONFIG, **kwargs)
    o = _frame(opps)
    return campaign_roi(c, _map(c), CONFIG, opportunities=o, opportunity_mapping=_map(o, "opportunities"), **kwargs)


def _row(result, name):
    frame = result.frame
    return frame[frame["campaign"] == name].iloc[0]


# ---------------------------------------------------------------- ROI


def test_roi_closed_won_plus_weighted_pipeline():
    result = _roi(
        [{"Campaign Name": "2026-01-Email-A", "Actual Cost": "1000"}],
        [
            {"Primary Campaign Source": "2026-01-Email-A", "Stage": "Closed Won", "Amount": "USD 2,000.00",
             "Probability (%)": "100"},
            {"Primary Campaign Source": " 2026-01-email-a ", "Stage": "Proposal", "Amount": "1000",
             "Probability (%)": "50"},  # rep override: 50, not the stage's 60
            {"Primary Campaign Source": "2026-01-Email-A", "Stage": "Closed Lost", "Amount": "5000",
             "Probability (%)": "0"},
            {"Primary Campaign Source": "Other", "Stage": "Closed Won", "Amount": "9000", "Probability (%)": "100"},
        ],
    )
    row = _row(result, "2026-01-Email-A")
    assert row["closed_won"] == 2000.0
    assert row["weighted_pipeline"] == 500.0
    assert row["revenue"] == 2500.0
    assert row["roi_percent"] == 150.0  # (2500 - 1000) / 1000 x 100
    assert row["opportunities"] == 3
    assert row["cost_per_opportunity"] == 333.33
    assert result.unattributed_opportunities == 1
    assert result.unmatched_campaigns == ["other"]
    assert result.totals["roi_percent"] == 150.0
    json.dumps(result.summary())


def test_zero_and_missing_cost_give_no_roi_with_reason():
    result = _roi([{"Campaign Name": "Z", "Actual Cost": "0"}, {"Campaign Name": "M", "Actual Cost": ""}],
                  [{"Campaign": "Z", "Stage": "Closed Won", "Amount": "100"}])
    assert pd.isna(_row(result, "Z")["roi_percent"]) and _row(result, "Z")["roi_note"] == "cost is zero"
    assert pd.isna(_row(result, "M")["roi_percent"]) and _row(result, "M")["roi_note"] == "no cost recorded"
    assert result.summary()["roi_not_computed"] == 2


def test_without_opportunities_or_a_revenue_column_roi_is_not_measured_never_minus_100():
    result = _roi([{"Campaign Name": "A", "Actual Cost": "$26,000"}])
    row = _row(result, "A")
    assert row["cost"] == 26000.0 and pd.isna(row["revenue"]) and pd.isna(row["roi_percent"])
    assert row["roi_note"] == "no revenue recorded"
    assert result.totals["roi_percent"] is None and result.totals["roi_note"] == "no revenue recorded"
    assert result.summary()["not_measured"]["roi"] == (
        "no revenue: no --opportunities file and no revenue or conversion value column; "
        "try --opportunities FILE or --map revenue=HEADER")


def test_without_a_cost_column_roi_is_not_measured():
    result = _roi([{"Campaign Name": "A", "Leads": "4"}], [{"Campaign": "A", "Stage": "Closed Won", "Amount": "100"}])
    assert pd.isna(_row(result, "A")["roi_percent"]) and _row(result, "A")["roi_note"] == "no cost recorded"
    assert result.summary()["not_measured"]["roi"].endswith("try --map actual_cost=HEADER")
    assert "cost_per_lead" not in result.not_measured  # the ROI line says it: no cost, so no cost per anything


def test_platform_conversion_value_is_the_revenue_without_opportunities():
    result = _roi([{"Campaign": "Brand", "Cost": "1,000.00", "Conv. value": "3,500.00", "Conversions": "40"}])
    row = _row(result, "Brand")
    assert row["revenue"] == 3500.0 and row["roi_percent"] == 250.0  # (3500 - 1000) / 1000
    assert row["cost_per_conversion"] == 25.0  # 1000 / 40
    assert result.revenue_source == "campaign file"
    assert pd.isna(row["opportunities"]) and "cost_per_opportunity" in result.not_measured


def test_missing_probability_uses_stage_table():
    result = _roi(
        [{"Campaign Name": "A", "Actual Cost": "100"}],
        [
            {"Campaign": "A", "Stage": "Needs Analysis", "Amount": "1000", "Probability (%)": ""},  # 30 -> 300
            {"Campaign": "A", "Stage": "Qualification", "Amount": "1000", "Probability (%)": ""},  # 20 -> 200
            {"Campaign": "A", "Stage": "Solution Design", "Amount": "1000"},  # 40 -> 400
            {"Campaign": "A", "Stage": "Mystery", "Amount": "1000"},  # unknown stage: counted, adds 0
        ],
    )
    assert CONFIG.campaign.stage_probabilities["Needs Analysis"] == 30.0
    row = _row(result, "A")
    assert row["weighted_pipeline"] == 900.0
    assert row["roi_percent"] == 800.0
    assert result.unweighted_opportunities == 1


def test_stage_table_is_the_config_one():
    config = RevopsConfig.model_validate({"campaign": {"stage_probabilities": {"proposal": 50.0}}})
    c = _frame([{"Campaign Name": "A", "Actual Cost": "100"}])
    o = _frame([{"Campaign": "A", "Stage": "Proposal", "Amount": "1000"},
                {"Campaign": "A", "Stage": "Negotiation", "Amount": "1000"}])  # not in this table: adds 0
    result = campaign_roi(c, _map(c), config, opportunities=o, opportunity_mapping=_map(o, "opportunities"))
    assert _row(result, "A")["weighted_pipeline"] == 500.0 and result.unweighted_opportunities == 1


def test_probability_column_absent_uses_stage_table():
    result = _roi([{"Campaign Name": "A", "Actual Cost": "100"}],
                  [{"Campaign": "A", "Stage": "Negotiation", "Amount": "1000"}])
    assert _row(result, "A")["weighted_pipeline"] == 800.0


def test_cents_round_half_up():
    result = _roi(
        [{"Campaign Name": "A", "Actual Cost": "3"}],
        [{"Campaign": "A", "Stage": "Proposal", "Amount": "1001", "Probability (%)": "12.5"},  # 125.125
         {"Campaign": "A", "Stage": "Proposal", "Amount": "0.10", "Probability (%)": "25"}],  # 0.025
    )
    row = _row(result, "A")
    assert row["weighted_pipeline"] == 125.15  # 125.15 exactly, half-up (banker's would give 125.15 too)
    result = _roi([{"Campaign Name": "A", "Actual Cost": "3"}],
                  [{"Campaign": "A", "Stage": "Proposal", "Amount": "1001", "Probability (%)": "12.5"}])
    row = _row(result, "A")
    assert row["weighted_pipeline"] == 125.13  # 125.125 -> half-up 125.13 (half-even would be 125.12)
    assert row["roi_percent"] == 4070.83  # (125.125 - 3) / 3 x 100 = 4070.8333...
    result = _roi([{"Campaign Name": "A", "Actual Cost": "3"}],
                  [{"Campaign": "A", "Stage": "Closed Won", "Amount": "1"}])
    assert _row(result, "A")["roi_percent"] == -66.67  # -66.666...


def test_cost_from_components_and_mismatch_flag():
    result = _roi([
        {"Campaign Name": "A", "Actual Cost": "", "Media Cost": "100", "Creative Cost": "200",
         "Tools Cost": "300", "Labor Cost": "400"},
        {"Campaign Name": "B", "Actual Cost": "1000", "Media Cost": "100", "Creative Cost": "200",
         "Tools Cost": "300", "Labor Cost": "900"},
        {"Campaign Name": "C", "Actual Cost": "1000", "Media Cost": "1000"},
    ])
    a, b, c = (_row(result, n) for n in "ABC")
    assert (a["cost"], a["cost_source"], bool(a["cost_mismatch"])) == (1000.0, "components", False)
    assert (b["cost"], b["cost_source"], b["cost_components_total"], bool(b["cost_mismatch"])) == (
        1000.0, "actual", 1500.0, True)
    assert not c["cost_mismatch"]
    assert result.cost_mismatches == 1


def test_totals_roi_only_over_costed_campaigns():
    result = _roi(
        [{"Campaign Name": "A", "Actual Cost": "1000"}, {"Campaign Name": "B", "Actual Cost": ""}],
        [{"Campaign": "A", "Stage": "Closed Won", "Amount": "3000"},
         {"Campaign": "B", "Stage": "Closed Won", "Amount": "5000"}],
    )
    totals = result.totals
    assert (totals["cost"], totals["revenue"], totals["roi_revenue"]) == (1000.0, 8000.0, 3000.0)
    assert totals["roi_percent"] == 200.0 and totals["roi_note"] is None
    assert totals["opportunities"] == 2 and totals["cost_per_opportunity"] == 500.0


def test_fractional_probability_and_won_column():
    result = _roi([{"Campaign Name": "A", "Actual Cost": "100"}],
                  [{"Campaign": "A", "Stage": "Contract Sent", "Amount": "1000", "Probability": "0.25", "Won": ""},
                   {"Campaign": "A", "Stage": "closedwon", "Amount": "400", "Probability": "1", "Won": "true"}])
    row = _row(result, "A")
    assert (row["weighted_pipeline"], row["closed_won"]) == (250.0, 400.0)


def test_won_and_lost_are_read_as_deals_audit_reads_them():
    # a Pipedrive status, a "Closed - Won" spelling and HubSpot's closed flags decide as they do in deals audit;
    # a deal lost by its status adds no pipeline though its stage is still an open one
    result = _roi([{"Campaign Name": "A", "Actual Cost": "100"}],
                  [{"Campaign": "A", "Stage": "Proposal Made", "Status": "won", "Amount": "300", "Probability": ""},
                   {"Campaign": "A", "Stage": "Closed - Won", "Status": "", "Amount": "200", "Probability": ""},
                   {"Campaign": "A", "Stage": "Proposal", "Status": "lost", "Amount": "5000", "Probability": "60"},
                   {"Campaign": "A", "Stage": "Proposal", "Status": "open", "Amount": "1000", "Probability": "50"}])
    row = _row(result, "A")
    assert (row["closed_won"], row["weighted_pipeline"]) == (500.0, 500.0)


def test_leads_and_cost_per_lead():
    result = _roi([{"Campaign Name": "A", "Actual Cost": "1000", "Leads": "3"}])
    row = _row(result, "A")
    assert row["leads"] == 3 and row["cost_per_lead"] == 333.33
    assert result.totals["leads"] == 3 and result.totals["cost_per_lead"] == 333.33


def test_attribution_models_with_touch_list():
    campaigns = [{"Campaign Name": "A", "Actual Cost": "100"}, {"Campaign Name": "B", "Actual Cost": "100"}]
    opps = [{"Primary Campaign Source": "B", "Campaign Touches": "A; B", "Stage": "Closed Won", "Amount": "1000"}]
    last = _roi(campaigns, opps, model="last_touch")
    first = _roi(campaigns, opps, model="first_touch")
    linear = _roi(campaigns, opps, model="linear")
    assert (_row(last, "A")["revenue"], _row(last, "B")["revenue"]) == (0.0, 1000.0)
    assert (_row(first, "A")["revenue"], _row(first, "B")["revenue"]) == (1000.0, 0.0)
    assert (_row(linear, "A")["revenue"], _row(linear, "B")["revenue"]) == (500.0, 500.0)
    assert _row(linear, "A")["opportunities"] == 1
    # without a touch list all three models agree
    plain = [{"Primary Campaign Source": "B", "Stage": "Closed Won", "Amount": "1000"}]
    for model in ("last_touch", "first_touch", "linear"):
        assert _row(_roi(campaigns, plain, model=model), "B")["revenue"] == 1000.0
    with pytest.raises(ValueError):
        _roi(campaigns, plain, model="u_shaped")


# ---------------------------------------------------------------- audit: triggers


def _audit(rows):
    frame = _frame(rows)
    return campaign_audit(frame, _map(frame), CONFIG)


@pytest.mark.parametrize(
    ("metric", "column", "fires", "quiet", "action"),
    [
        ("open_rate", "Opens", "149", "150", "Subject line test"),  # 14.9% fires, 15.0% does not
        ("click_rate", "Clicks", "19", "20", "CTA optimization"),  # 1.9% / 2.0%
        ("conversion_rate", "Conversions", "9", "10", "Landing page test"),  # 0.9% / 1.0%
        ("unsubscribe_rate", "Unsubscribes", "11", "10", "Frequency review"),  # 1.1% / 1.0%
    ],
)
def test_trigger_edges_on_delivered(metric, column, fires, quiet, action):
    base = {"Emails Sent": "1000", "Delivered": "1000", "Opens": "500", "Clicks": "100", "Conversions": "50",
            "Bounces": "0", "Unsubscribes": "0"}
    result = _audit([{"Campaign Name": "fires", **base, column: fires},
                     {"Campaign Name": "quiet", **base, column: quiet}])
    frame = result.frame
    assert frame.loc[0, "actions"] == [action] and frame.loc[0, "triggers"] == [metric]
    assert frame.loc[1, "actions"] == []
    assert result.triggers[metric] == 1


def test_bounce_trigger_edge_on_sent():
    result = _audit([
        {"Campaign Name": "fires", "Emails Sent": "1000", "Bounces": "51", "Opens": "500", "Clicks": "100",
         "Conversions": "50", "Unsubscribes": "0"},  # delivered = 949 (sent - bounces)
        {"Campaign Name": "quiet", "Emails Sent": "1000", "Bounces": "50", "Opens": "500", "Clicks": "100",
         "Conversions": "50", "Unsubscribes": "0"},
    ])
    assert result.frame.loc[0, "actions"] == ["List hygiene"]
    assert result.frame.loc[0, "bounce_rate"] == 5.1
    assert result.frame.loc[1, "actions"] == []
    assert result.frame.loc[1, "open_rate"] == 52.63  # 500 / 950


def test_no_email_metrics_no_triggers():
    result = _audit([{"Campaign Name": "Event", "Budgeted Cost": "100"}])
    assert result.frame.loc[0, "actions"] == []
    assert pd.isna(result.frame.loc[0, "open_rate"])


# ---------------------------------------------------------------- audit: scope and approval


def test_scope_edges():
    result = _audit([
        {"Campaign Name": "a", "Budgeted Cost": "5000", "Target Contacts": "999"},
        {"Campaign Name": "b", "Budgeted Cost": "5000.01", "Target Contacts": "10"},
        {"Campaign Name": "c", "Budgeted Cost": "100", "Target Contacts": "1,000"},
    ])
    assert result.frame["in_scope"].tolist() == [False, True, True]
    assert result.in_scope == 2


@pytest.mark.parametrize(
    ("budget", "approver"),
    [(4999.99, "Marketing Manager"), (5000, "Marketing Manager"), (5000.01, "Director of Marketing"),
     (25000, "Director of Marketing"), (25000.01, "CMO"), (100000, "CMO"), (100000.01, "CEO")],
)
def test_approval_matrix_edges(budget, approver):
    assert required_approver(budget, CONFIG) == approver


def test_approval_statuses():
    result = _audit([
        {"Campaign Name": "ok", "Budgeted Cost": "25000", "Approved By": "Director of Marketing"},
        {"Campaign Name": "senior", "Budgeted Cost": "4999.99", "Approved By": "CEO"},
        {"Campaign Name": "junior", "Budgeted Cost": "100000.01", "Approved By": "CMO"},
        {"Campaign Name": "edge", "Budgeted Cost": "$5,000", "Approved By": "Marketing Manager"},
        {"Campaign Name": "blank", "Budgeted Cost": "1000", "Approved By": ""},
        {"Campaign Name": "who", "Budgeted Cost": "1000", "Approved By": "Jane Doe"},
        {"Campaign Name": "alias", "Budgeted Cost": "18500", "Approved By": "Dir. Marketing"},
    ])
    assert result.frame["approval_status"].tolist() == [
        "ok", "ok", "too_junior", "ok", "missing", "unknown", "ok"]
    assert result.approvals == {"ok": 4, "too_junior": 1, "missing": 1, "unknown": 1}


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("Dir. Marketing", "Director of Marketing"), ("director of marketing", "Director of Marketing"),
     ("Marketing Director", "Director of Marketing"), ("Director, Marketing", "Director of Marketing"),
     ("CMO", "CMO"), ("Chief Marketing Officer", "CMO"), ("c.m.o.", "CMO"), ("chief executive officer", "CEO"),
     ("Marketing Mgr", "Marketing Manager"), ("Jane Doe", None), ("", None)],
)
def test_approver_alias_folding(raw, canonical):
    assert fold_approver(raw, CONFIG.campaign.approver_order) == canonical


# ---------------------------------------------------------------- lint


def _lint(rows):
    frame = _frame(rows)
    return campaign_lint(frame, _map(frame), CONFIG)


GOOD = {"Campaign Name": "2026-09-Webinar-Pipeline", "UTM Source": "lumencloud", "UTM Medium": "email",
        "UTM Campaign": "2026_09_webinar_pipeline",
        "Tracking URL": "https://x.com/p?utm_source=lumencloud&utm_medium=email&utm_campaign=2026_09_webinar_pipeline",
        "Subject Line": "A" * 49, "Spam Score": "4.9", "Has Unsubscribe Link": "Yes"}


def test_lint_clean_row_passes():
    result = _lint([GOOD])
    assert result.passed, result.problems
    assert result.summary()["problems"] == 0


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"Campaign Name": "Q3 Webinar"}, "name_format"),
        ({"Campaign Name": "2026-13-Webinar-Pipeline"}, "name_format"),  # month 13
        ({"Campaign Name": "2026-9-Webinar-Pipeline"}, "name_format"),  # one-digit month
        ({"Campaign Name": "2026-09-Tradeshow-Pipeline"}, "name_type"),
        ({"Campaign Name": ""}, "name_missing"),
        ({"UTM Medium": ""}, "utm_missing"),
        ({"UTM Source": "LumenCloud"}, "utm_case"),
        ({"UTM Medium": "e mail"}, "utm_spaces"),
        ({"UTM Campaign": "webinar"}, "utm_campaign_mismatch"),
        ({"Tracking URL": "not a url"}, "url_invalid"),
        ({"Tracking URL": "https://x.com/p?utm_source=lumencloud&utm_campaign=2026_09_webinar_pipeline"},
         "url_utm_missing"),
        ({"Tracking URL": "https://x.com/p?utm_source=google&utm_medium=email&utm_campaign=2026_09_webinar_pipeline"},
         "url_utm_mismatch"),
        ({"Subject Line": "A" * 50}, "subject_length"),  # must be < 50
        ({"Spam Score": "5"}, "spam_score"),  # must be < 5
        ({"Has Unsubscribe Link": "No"}, "unsubscribe_link"),
    ],
)
def test_lint_each_rule(change, check):
    result = _lint([{**GOOD, **change}])
    assert not result.passed
    assert check in result.problems["check"].tolist(), result.problems
    assert list(result.problems.columns) == ["campaign", "check", "value", "message"]


def test_lint_blank_name_reports_only_name_missing():
    result = _lint([{**GOOD, "Campaign Name": ""}])
    assert result.problems["check"].tolist() == ["name_missing"]


# ---------------------------------------------------------------- sample_data/campaigns.xlsx


@pytest.fixture(scope="module")
def sample():
    table = read_table(SAMPLE / "campaigns.xlsx", sheet="Campaigns")
    mapping = detect_columns(list(table.frame.columns), schema="campaigns", headers=table.header_map)
    return table.frame, mapping


def test_sample_lint_planted_problems(sample):
    frame, mapping = sample
    result = campaign_lint(frame, mapping, CONFIG)
    checks = result.problems.groupby("check")["campaign"].apply(sorted).to_dict()
    assert checks["name_format"] == sorted(
        ["Q3 Webinar - Data Hygiene", "2026-9-Email-Reengagement", "2026_10_PaidSearch_Brand", "Partner Summit 2026"])
    assert checks["spam_score"] == ["2026-11-Email-Black-Friday-Offer"]
    assert checks["unsubscribe_link"] == ["2026-11-Email-Black-Friday-Offer"]
    # the planted one plus two subjects the generator wrote at 51 and 69 characters
    assert checks["subject_length"] == sorted(
        ["2026-11-Email-Black-Friday-Offer", "2026-09-Webinar-Pipeline-Accelerator", "2026-9-Email-Reengagement"])
    assert checks["utm_missing"] == ["2026-10-Webinar-Forecasting-101"]
    assert checks["utm_case"] == ["2026_10_PaidSearch_Brand"]
    assert "utm_campaign_mismatch" not in checks
    assert not result.passed


def test_sample_audit_triggers_and_approvals(sample):
    frame, mapping = sample
    result = campaign_audit(frame, mapping, CONFIG)
    fired = {m: result.frame.loc[result.frame["triggers"].map(lambda t, m=m: m in t), "campaign"].tolist()
             for m in result.triggers}
    assert fired == {
        "open_rate": ["2026-10-Email-Newsletter-October"],
        "click_rate": ["Q3 Webinar - Data Hygiene"],
        "conversion_rate": ["2026-11-Email-Black-Friday-Offer"],
        "bounce_rate": ["2026-9-Email-Reengagement"],
        "unsubscribe_rate": ["2026-9-Email-Reengagement"],
    }
    status = dict(zip(result.frame["campaign"], result.frame["approval_status"]))
    assert sorted(c for c, s in status.items() if s == "too_junior") == [
        "2026-10-PaidSocial-LinkedIn-ABM", "2026_10_PaidSearch_Brand"]
    assert [c for c, s in status.items() if s == "missing"] == ["2026-10-Email-Newsletter-October"]
    assert status["2026-08-DirectMail-Executive-Kit"] == "ok"  # 'Dir. Marketing' folds to Director of Marketing
    assert status["Partner Summit 2026"] == "ok"  # '$26,000' budget parsed: CMO
    assert result.approvals == {"ok": 12, "too_junior": 2, "missing": 1, "unknown": 0}
    assert result.in_scope == 15
    json.dumps(result.summary())


def test_sample_roi_with_opportunities(sample):
    frame, mapping = sample
    opps = read_table(SAMPLE / "opportunities.csv")
    omap = detect_columns(list(opps.frame.columns), schema="opportunities", headers=opps.header_map)
    result = campaign_roi(frame, mapping, CONFIG, opportunities=opps.frame, opportunity_mapping=omap)
    mismatched = result.frame.loc[result.frame["cost_mismatch"], "campaign"].tolist()
    assert mismatched == ["2026-10-Webinar-Forecasting-101"]
    row = _row(result, "2026-10-Webinar-Forecasting-101")
    assert (row["cost"], row["cost_components_total"]) == (11050.0, 12550.0)
    planned = _row(result, "2026-12-Webinar-2027-Planning")
    assert pd.isna(planned["roi_percent"]) and planned["roi_note"] == "no cost recorded"
    # every opportunity with a campaign matches a campaign name; the rest have a blank campaign
    assert result.unmatched_campaigns == []
    assert result.totals["opportunities"] + result.unattributed_opportunities == len(opps.frame)
    json.dumps(result.summary())
