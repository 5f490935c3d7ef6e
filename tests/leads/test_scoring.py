"""Lead Management SOP, 3. Lead Scoring: demographic 0-30 + firmographic 0-30 + behavioural 0-40, bands, accuracy."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.sales.activities import prepare_activities
from revops_cli.core.leads.scoring import SCORE_COLUMNS, calibrate, score_leads
from revops_cli.io import read_table
from tests.conftest import SAMPLE

NOW = pd.Timestamp("2026-11-20 08:00")  # naive: read in the config's time zone (America/New_York)
NOW_UTC = pd.Timestamp("2026-11-20T13:00:00Z")

DEFAULT_COUNTRIES = "country in US,CA,GB,IE,DE,FR,NL,BE,CH,AT,SE,DK,NO,FI,AU,NZ"
DEFAULT_FUNCTIONS = "function in Executive,Sales,Marketing,Operations,IT"


def _frame(rows: list[dict], index=None) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype="str", index=index)


def _score(frame, config=None, **kwargs):
    kwargs.setdefault("now", NOW)
    return score_leads(frame, detect_columns(list(frame.columns)), config or RevopsConfig(), **kwargs)


def _reasons(result) -> list[str]:
    """The reasons without their "Score N: " lead, checked on its own below."""
    return [text.split(": ", 1)[1] for text in result.frame["revops_score_reasons"]]


def _config(**scoring) -> RevopsConfig:
    """A config whose scoring dimensions are exactly these (max defaults 30/30/40, events none)."""
    data = {"demographic": {"max": 30, "points": {}}, "firmographic": {"max": 30, "points": {}},
            "behavioral": {"max": 40, "points": {}, "events": {}}}
    for name, value in scoring.items():
        data[name] = {**data.get(name, {}), **value} if isinstance(value, dict) else value
    return RevopsConfig.model_validate({"scoring": data})


def _activities(frame, rows, now_config=None):
    activities = pd.DataFrame(rows, columns=["Lead ID", "Activity Type", "Activity Date"], dtype="str")
    return prepare_activities(activities, detect_columns(list(activities.columns), schema="activities"),
                              frame, detect_columns(list(frame.columns)), now_config or RevopsConfig())


# --------------------------------------------------------------------------- the SOP example


VP_OF_SALES = {
    "Lead ID": "00Q1", "Title": "VP of Sales", "Company": "Northwind Software", "Country": "United States",
    "Phone": "+1 415 555 0134", "Industry": "Software", "No. of Employees": "1,200", "Lead Source": "Website",
    "Demo Requested Date": "2026-11-18",
}


def test_vp_of_sales_at_a_1200_employee_us_software_company_with_a_demo_request_2_days_ago():
    result = _score(_frame([VP_OF_SALES]), explain=True)
    row = result.frame.iloc[0]
    # seniority VP 12 + function Sales 8 + country US 5 + phone 2
    assert row["revops_score_demographic"] == 27
    # industry Software -> NAICS 51: 8, employees >= 1000: 8 (no revenue, not a target account)
    assert row["revops_score_firmographic"] == 16
    # lead source Website 4 + demo request 20 x 0.5 ** (2.33 days / 30) = 18.96 -> 19
    assert row["revops_score_behavioral"] == 23
    assert row["revops_score"] == 66
    assert row["revops_band"] == "Warm"
    assert row["revops_score_reasons"].startswith("Score 66: +12 seniority = VP; ")
    assert _reasons(result)[0] == (
        f"+12 seniority = VP; +8 {DEFAULT_FUNCTIONS}; +5 {DEFAULT_COUNTRIES}; +2 phone present; "
        "+8 industry in 51,52,54; +8 employees >= 1000; "
        "+4 lead_source in Webinar,Event,Trade Show,Content,Web,Website,Organic Search; "
        "+19 demo request 2 days ago"
    )


def test_scores_go_after_the_original_columns_which_are_untouched():
    frame = _frame([VP_OF_SALES], index=[7])
    result = _score(frame)
    assert list(result.frame.columns) == [*frame.columns, *SCORE_COLUMNS[:5]]
    pd.testing.assert_frame_equal(result.frame[list(frame.columns)], frame)
    assert result.frame.index.tolist() == [7]
    assert result.frame["revops_score"].dtype == "int64"


def test_explain_off_adds_no_reasons_column():
    assert "revops_score_reasons" not in _score(_frame([VP_OF_SALES])).frame.columns


def test_a_rerun_replaces_the_earlier_score_columns():
    first = _score(_frame([VP_OF_SALES]), explain=True).frame
    again = _score(first).frame
    assert list(again.columns) == [*VP_OF_SALES, *SCORE_COLUMNS[:5]]  # old reasons dropped too
    assert again["revops_score"].tolist() == [66]


# --------------------------------------------------------------------------- ladders and caps


@pytest.mark.parametrize(("employees", "points"), [
    ("1500", 8), ("1,000-5,000", 8), ("200-999", 6), ("999", 6), ("200", 6), ("150", 3), ("49", 0), ("5k", 8),
    ("", 0), ("lots", 0),
])
def test_employee_tiers_are_a_ladder_so_1500_gets_8_not_8_plus_6_plus_3(employees, points):
    result = _score(_frame([{"Lead ID": "1", "No. of Employees": employees}]))
    assert result.frame["revops_score_firmographic"].tolist() == [points]


def test_a_range_counts_as_its_midpoint():
    # "100-400" is 250 (>= 200: 6); its minimum, 100, would only give 3
    assert _score(_frame([{"No. of Employees": "100-400"}])).frame["revops_score_firmographic"].tolist() == [6]


def test_demographic_score_never_exceeds_30():
    config = _config(demographic={"points": {"seniority = C-Level": 15, "function = Executive": 10,
                                             "title present": 10, "phone present": 5}})
    result = _score(_frame([{"Title": "CEO", "Phone": "555"}, {"Title": "Analyst", "Phone": ""}]), config,
                    explain=True)
    assert result.frame["revops_score_demographic"].tolist() == [30, 10]
    assert _reasons(result) == [
        "+15 seniority = C-Level; +10 function = Executive; +10 title present; +5 phone present; "
        "capped demographic at 30",
        "+10 title present",
    ]


def test_negative_points_can_lower_a_dimension_but_not_below_zero():
    config = _config(firmographic={"points": {"website missing": -5, "employees >= 50": 3}})
    frame = _frame([{"Website": "", "No. of Employees": "60"}, {"Website": "", "No. of Employees": "10"},
                    {"Website": "acme.com", "No. of Employees": "60"}])
    result = _score(frame, config, explain=True)
    assert result.frame["revops_score_firmographic"].tolist() == [0, 0, 3]
    assert _reasons(result) == [
        "-5 website missing; +3 employees >= 50; floored firmographic at 0",
        "-5 website missing; floored firmographic at 0",
        "+3 employees >= 50",
    ]


# --------------------------------------------------------------------------- bands


def _band_config() -> RevopsConfig:
    """Rules on the Lead Score column giving exact totals: demographic, then firmographic, then behavioural."""
    demographic, firmographic, behavioral = {}, {}, {}
    for total in (0, 19, 20, 39, 40, 59, 60, 79, 80, 100):
        d = min(total, 30)
        f = min(total - d, 30)
        b = total - d - f
        for table, points in ((demographic, d), (firmographic, f), (behavioral, b)):
            if points:
                table[f"score = {total}"] = points
    return _config(demographic={"points": demographic}, firmographic={"points": firmographic},
                   behavioral={"points": behavioral})


def test_every_band_edge_falls_in_the_band_above_it():
    totals = [0, 19, 20, 39, 40, 59, 60, 79, 80, 100]
    result = _score(_frame([{"Lead Score": str(t)} for t in totals]), _band_config())
    assert result.frame["revops_score"].tolist() == totals
    assert result.frame["revops_band"].tolist() == [
        "Cold", "Cold", "Early", "Early", "Qualified", "Qualified", "Warm", "Warm", "Hot", "Hot"]
    assert result.band_counts == {"Hot": 2, "Warm": 2, "Qualified": 2, "Early": 2, "Cold": 2}
    assert result.histogram == [(0, 9, 1), (10, 19, 1), (20, 29, 1), (30, 39, 1), (40, 49, 1), (50, 59, 1),
                                (60, 69, 1), (70, 79, 1), (80, 89, 1), (90, 100, 1)]
    assert (result.rows, result.mean, result.median) == (10, 49.6, 49.5)


def test_custom_bands_from_the_config():
    config = RevopsConfig.model_validate({
        "scoring": {**_band_config().scoring.model_dump(),
                    "bands": [{"name": "A", "min": 50}, {"name": "B", "min": 0}]},
        "sla": {"response_minutes": {"A": 60, "B": 1440}, "wall_clock_bands": ["A"]},
    })
    result = _score(_frame([{"Lead Score": "59"}, {"Lead Score": "40"}]), config)
    assert result.frame["revops_band"].tolist() == ["A", "B"]
    assert result.band_counts == {"A": 1, "B": 1}


# --------------------------------------------------------------------------- behavioural events


def _events_config(**events) -> RevopsConfig:
    return _config(behavioral={"points": {}, "events": events, "half_life_days": 30.0})


def test_a_form_fill_30_days_ago_gives_half_its_points_with_a_30_day_half_life():
    frame = _frame([{"Lead ID": "L1"}])
    link = _activities(frame, [["L1", "Form Submission", "2026-10-21T13:00:00Z"]])
    config = _events_config(form_fill={"points": 8, "max": 16})
    result = _score(frame, config, now=NOW_UTC, activities=link, explain=True)
    assert result.frame["revops_score_behavioral"].tolist() == [4]
    assert _reasons(result) == ["+4 form fill 30 days ago"]
    assert (result.activities_linked, result.activities_unlinked) == (1, 0)


def test_future_dated_events_count_as_today():
    frame = _frame([{"Lead ID": "L1"}])
    link = _activities(frame, [["L1", "Demo Request", "2026-12-01T13:00:00Z"]])
    result = _score(frame, _events_config(demo_request={"points": 20, "max": 20}), now=NOW_UTC, activities=link,
                    explain=True)
    assert result.frame["revops_score_behavioral"].tolist() == [20]
    assert _reasons(result) == ["+20 demo request today"]


def test_each_event_kind_is_capped_at_its_max():
    frame = _frame([{"Lead ID": "L1"}])
    link = _activities(frame, [["L1", "Fill Out Form", "2026-11-20T13:00:00Z"]] * 5
                       + [["L1", "Page View", "2026-11-20T13:00:00Z"]] * 3)
    config = _events_config(form_fill={"points": 8, "max": 16}, page_view={"points": 1, "max": 5})
    result = _score(frame, config, now=NOW_UTC, activities=link, explain=True)
    assert result.frame["revops_score_behavioral"].tolist() == [16 + 3]
    assert _reasons(result) == [
        "+16 form fills ×5, last today; +3 page views ×3, last today"]


def test_behavioural_points_are_rounded_once_after_adding_them_up():
    # one half-life (60 days) ago: form fill 8 -> 4.0, email click 3 -> 1.5, email open 1 -> 0.5;
    # 6.0 rounded once is 6, where rounding each kind half up first would give 4 + 2 + 1 = 7.
    frame = _frame([{"Lead ID": "L1"}])
    rows = [["L1", "Form Submission", "2026-09-21T13:00:00Z"], ["L1", "Email Click", "2026-09-21T13:00:00Z"],
            ["L1", "Email Open", "2026-09-21T13:00:00Z"]]
    config = _config(behavioral={"points": {}, "half_life_days": 60.0, "events": {
        "form_fill": {"points": 8, "max": 16}, "email_click": {"points": 3, "max": 9},
        "email_open": {"points": 1, "max": 3}}})
    result = _score(frame, config, now=NOW_UTC, activities=_activities(frame, rows))
    assert result.frame["revops_score_behavioral"].tolist() == [6]


def test_engagement_columns_and_activities_describing_the_same_engagement_take_the_larger():
    frame = _frame([{"Lead ID": "L1", "Number of Form Submissions": "1", "Number of Pageviews": "5"}])
    link = _activities(frame, [["L1", "Form Submission", "2026-11-20T13:00:00Z"]] * 3
                       + [["L1", "Page View", "2026-11-20T13:00:00Z"]])
    config = _events_config(form_fill={"points": 8, "max": 16}, page_view={"points": 1, "max": 5})
    result = _score(frame, config, now=NOW_UTC, activities=link, explain=True)
    # form fills: activities 3 x 8 capped 16 beat the column's 1 x 8; page views: the column's 5 beat 1
    assert result.frame["revops_score_behavioral"].tolist() == [16 + 5]
    assert _reasons(result) == ["+16 form fills ×3, last today; +5 page views ×5"]


def test_engagement_counts_decay_with_the_last_activity_date():
    frame = _frame([{"Number of Pageviews": "8", "Last Activity": "2026-10-21T13:00:00Z"},
                    {"Number of Pageviews": "8", "Last Activity": ""},
                    {"Number of Pageviews": "", "Last Activity": "2026-11-20"}])
    config = _events_config(page_view={"points": 1, "max": 10})
    result = _score(frame, config, now=NOW_UTC, explain=True)
    assert result.frame["revops_score_behavioral"].tolist() == [4, 8, 0]  # 8 x 0.5 after one half-life
    assert _reasons(result) == [
        "+4 page views ×8, last activity 30 days ago", "+8 page views ×8", "no rule matched"]


def test_demo_requested_may_be_a_date_a_yes_or_a_count():
    frame = _frame([{"Demo Requested": "2026-10-21T13:00:00Z"}, {"Demo Requested": "Yes"},
                    {"Demo Requested": "No"}, {"Demo Requested": "2"}, {"Demo Requested": ""}])
    config = _events_config(demo_request={"points": 20, "max": 30})
    result = _score(frame, config, now=NOW_UTC, explain=True)
    assert result.frame["revops_score_behavioral"].tolist() == [10, 20, 0, 30, 0]
    assert _reasons(result) == [
        "+10 demo request 30 days ago", "+20 demo request", "no rule matched", "+30 demo requests ×2",
        "no rule matched"]


def test_behavioural_dimension_is_capped_at_40():
    frame = _frame([{"Lead ID": "L1", "Lead Source": "Demo Request"}])
    link = _activities(frame, [["L1", "Demo Request", "2026-11-20T13:00:00Z"],
                               ["L1", "Form Submission", "2026-11-20T13:00:00Z"],
                               ["L1", "Form Submission", "2026-11-20T13:00:00Z"]])
    result = _score(frame, now=NOW_UTC, activities=link, explain=True)
    # lead source 10 + demo request 20 + form fills 16 = 46
    assert result.frame["revops_score_behavioral"].tolist() == [40]
    assert _reasons(result)[0].endswith("; capped behavioral at 40")


def test_sales_touches_are_not_engagement_events():
    frame = _frame([{"Lead ID": "L1"}])
    link = _activities(frame, [["L1", "Call", "2026-11-20T13:00:00Z"], ["L1", "Email", "2026-11-20T13:00:00Z"]])
    assert _score(frame, now=NOW_UTC, activities=link).frame["revops_score_behavioral"].tolist() == [0]


def test_last_activity_within_windows_are_a_ladder():
    frame = _frame([{"Last Activity": "2026-11-18"}, {"Last Activity": "2026-11-01"},
                    {"Last Activity": "2026-09-01"}, {"Last Activity": ""}])
    assert _score(frame).frame["revops_score_behavioral"].tolist() == [6, 3, 0, 0]


# --------------------------------------------------------------------------- fields and rules


def test_rules_on_columns_the_file_lacks_are_listed_and_never_fire():
    result = _score(_frame([{"Email": "ann@acme.com", "Job Title": "CEO"}]))
    assert result.rules_without_column == [
        DEFAULT_COUNTRIES, "phone present",
        "target_account = true", "industry in 51,52,54", "industry in 31-33,42,48-49,62",
        "employees >= 1000", "employees >= 200", "employees >= 50",
        "annual_revenue >= 100M", "annual_revenue >= 10M", "annual_revenue >= 1M",
        "lead_source in Demo Request,Contact Us,Free Trial,Trial",
        "lead_source in Webinar,Event,Trade Show,Content,Web,Website,Organic Search",
        "last_activity_at within 7d", "last_activity_at within 30d",
        *[rule for rule in RevopsConfig().scoring.behavioral.points if rule.split()[0] in (
            "last_activity_type", "lead_origin", "visits", "time_on_site", "pages_per_visit", "email_replies",
            "unsubscribed")],
    ]
    assert result.frame["revops_score"].tolist() == [23]  # C-Level 15 + Executive 8


def test_a_custom_rule_from_the_config():
    config = _config(behavioral={"points": {"lead_source = Partner": 7}})
    frame = _frame([{"Lead Source": "Partner"}, {"Lead Source": " partner "}, {"Lead Source": "Partner Referral"}])
    assert _score(frame, config).frame["revops_score_behavioral"].tolist() == [7, 7, 0]


def test_a_country_rule_written_with_names_matches_iso_codes_and_aliases():
    config = _config(demographic={"points": {"country in United States,Germany": 5}})
    frame = _frame([{"Country": c} for c in ("US", "USA", "u.s.", "Deutschland", "DE", "France", "", "Narnia")])
    assert _score(frame, config).frame["revops_score_demographic"].tolist() == [5, 5, 5, 5, 5, 0, 0, 0]


def test_industry_rules_match_the_naics_code_the_sector_or_the_text():
    config = _config(firmographic={"points": {
        "industry in 51": 8, "industry = 31": 4, "industry = Finance and Insurance": 3,
        "industry = Information Technology": 2,
    }})
    industries = ["Software", "SaaS", "Computer Software", "Information Technology", "Manufacturing", "Banking",
                  "Pottery", ""]
    result = _score(_frame([{"Industry": i} for i in industries]), config)
    # The industry normaliser puts "Information Technology" in 54 (Professional Services), not 51:
    # it still matches a rule that names the text as written.
    assert result.frame["revops_score_firmographic"].tolist() == [8, 8, 8, 2, 4, 3, 0, 0]


def test_blank_values_match_only_missing():
    config = _config(behavioral={"points": {"lead_source != Purchased List": 3, "status missing": 2}})
    frame = _frame([{"Lead Source": "Web", "Lead Status": "Open"}, {"Lead Source": "", "Lead Status": ""},
                    {"Lead Source": "Purchased List", "Lead Status": None}])
    assert _score(frame, config).frame["revops_score_behavioral"].tolist() == [3, 2, 2]


def test_boolean_fields_compare_with_true_false_yes_no():
    config = _config(demographic={"points": {"email_generic = false": 3, "email_valid = no": -1}},
                     firmographic={"points": {"unsubscribed = yes": 5}})
    frame = _frame([
        {"Email": "ann@acme.com", "Email Opt Out": "0"}, {"Email": "bob@gmail.com", "Email Opt Out": "1"},
        {"Email": "cy@acme,com", "Email Opt Out": "TRUE"}, {"Email": "", "Email Opt Out": ""},
    ])
    result = _score(frame, config)
    assert result.frame["revops_score_demographic"].tolist() == [3, 0, 0, 0]  # invalid: floored at 0
    assert result.frame["revops_score_firmographic"].tolist() == [0, 5, 5, 0]


def test_target_accounts_from_config_and_caller_match_any_legal_suffix():
    config = _config(firmographic={"points": {"target_account = true": 10}})
    config = RevopsConfig.model_validate({"scoring": {**config.scoring.model_dump(), "target_accounts": ["Acme Inc."]}})
    frame = _frame([{"Company": "ACME CORPORATION"}, {"Company": "Globex, LLC"}, {"Company": "Initech"},
                    {"Company": ""}])
    result = _score(frame, config, target_accounts=["The Globex Corporation"])
    assert result.frame["revops_score_firmographic"].tolist() == [10, 10, 0, 0]


def test_seniority_and_function_use_the_configs_title_rules():
    config = _config(demographic={"points": {"seniority = VP": 12, "function = Marketing": 8}})
    config = RevopsConfig.model_validate({
        "clean": {"title_rules": [{"pattern": "growth hacker", "seniority": "VP", "function": "Marketing"}]},
        "scoring": config.scoring.model_dump()})
    result = _score(_frame([{"Title": "Growth Hacker"}, {"Title": "Chief Growth Hacker"}, {"Title": "VP Sales"}]),
                    config)
    # the config's rules are tried before the built-in ones, so even "Chief Growth Hacker" is a VP here
    assert result.frame["revops_score_demographic"].tolist() == [20, 20, 12]


def test_summary_is_plain_json():
    summary = _score(_frame([VP_OF_SALES, {"Title": "Intern"}])).summary()
    assert json.loads(json.dumps(summary)) == summary
    assert summary["bands"] == {"Hot": 0, "Warm": 1, "Qualified": 0, "Early": 0, "Cold": 1}
    assert summary["rows"] == 2 and summary["mean"] == 34.0 and summary["median"] == 34.0


def test_an_empty_file_scores_without_error():
    result = _score(_frame([], index=pd.RangeIndex(0)).reindex(columns=["Email", "Title"]))
    assert result.rows == 0 and result.mean is None and sum(result.band_counts.values()) == 0


def test_sample_leads_with_sample_activities():
    leads = read_table(SAMPLE / "salesforce_leads.csv").frame
    activities = read_table(SAMPLE / "activities.csv").frame
    mapping = detect_columns(list(leads.columns))
    config = RevopsConfig()
    link = prepare_activities(activities, detect_columns(list(activities.columns), schema="activities"),
                              leads, mapping, config)
    result = score_leads(leads, mapping, config, now=NOW, activities=link, explain=True)
    web_behaviour = ("last_activity_type", "lead_origin", "visits", "time_on_site", "pages_per_visit", "email_replies")
    assert result.rows == 500 and result.rules_without_column == [  # a Salesforce lead export has no web behaviour
        rule for rule in config.scoring.behavioral.points if rule.split()[0] in web_behaviour]
    assert (result.activities_linked, result.activities_unlinked) == (2896, 0)
    assert sum(result.band_counts.values()) == 500
    scores = result.frame["revops_score"]
    assert scores.between(0, 100).all()
    assert (scores == result.frame[list(SCORE_COLUMNS[:3])].sum(axis=1)).all()


# --------------------------------------------------------------------------- score accuracy (calibrate)


def _scored_bands(counts: dict[str, int]) -> pd.DataFrame:
    rows = []
    for band, count in counts.items():
        for i in range(count):
            rows.append({"Lead ID": f"00Q{band[:3].upper()}{i:09d}AAA", "Email": f"{band.lower()}{i}@acme.com",
                         "revops_band": band})
    return pd.DataFrame(rows, dtype="str")


def _opportunities(rows):
    return pd.DataFrame(rows, columns=["Opportunity ID", "Converted Lead ID", "Contact Email", "Stage", "Won"],
                        dtype="str")


def _calibrate(scored, opportunities, config=None):
    return calibrate(scored, detect_columns(list(scored.columns)), opportunities,
                     detect_columns(list(opportunities.columns), schema="opportunities"), config or RevopsConfig())


def test_score_accuracy_per_band_with_conversion_and_win_rates():
    scored = _scored_bands({"Hot": 3, "Warm": 2, "Qualified": 4, "Cold": 2})
    opportunities = _opportunities([
        ["o1", "00QHOT000000000AAA", None, "Closed Won", None],     # Hot 0 won (18-character id)
        ["o2", "00QHOT000000000", None, "Proposal", None],          # Hot 0 again (its 15-character id)
        ["o3", None, "HOT1@ACME.COM", "Closed Lost", None],            # Hot 1 by email
        ["o4", "00QWAR000000000AAA", None, "Negotiation", "false"],  # Warm 0
        ["o5", "00QQUA000000003AAA", None, "closedwon", None],      # Qualified 3 won
        ["o6", "00QNOBODY000000AAA", "nobody@nowhere.com", "Closed Won", None],  # no such lead
    ])
    result = _calibrate(scored, opportunities)
    assert [b.to_dict() for b in result.bands] == [
        {"band": "Hot", "leads": 3, "converted": 2, "won": 1, "conversion_percent": 66.7, "win_percent": 33.3},
        {"band": "Warm", "leads": 2, "converted": 1, "won": 0, "conversion_percent": 50.0, "win_percent": 0.0},
        {"band": "Qualified", "leads": 4, "converted": 1, "won": 1, "conversion_percent": 25.0, "win_percent": 25.0},
        {"band": "Early", "leads": 0, "converted": 0, "won": 0, "conversion_percent": None, "win_percent": None},
        {"band": "Cold", "leads": 2, "converted": 0, "won": 0, "conversion_percent": 0.0, "win_percent": 0.0},
    ]
    assert result.monotonic is True  # the empty Early band is skipped
    assert (result.outcomes, result.matched_outcomes, result.unmatched_outcomes) == (6, 5, 1)
    assert json.loads(json.dumps(result.summary())) == result.summary()


def test_score_accuracy_is_not_monotonic_when_a_lower_band_converts_more():
    scored = _scored_bands({"Hot": 2, "Warm": 2})
    opportunities = _opportunities([["o1", "00QWAR000000000AAA", None, "Won", None],
                                    ["o2", "00QWAR000000001AAA", None, "Prospecting", "TRUE"],
                                    ["o3", "00QHOT000000000AAA", None, "Proposal", None]])
    result = _calibrate(scored, opportunities)
    assert [(b.converted, b.won) for b in result.bands[:2]] == [(1, 0), (2, 2)]
    assert result.monotonic is False


def test_won_is_read_as_deals_audit_reads_it_custom_stages_from_deals_stage_map():
    scored = _scored_bands({"Hot": 1})
    opportunities = _opportunities([["o1", "00QHOT000000000AAA", None, "Signed", None]])
    assert _calibrate(scored, opportunities).bands[0].won == 0
    config = RevopsConfig(deals={"stage_map": {"Signed": "Closed Won"}})
    assert _calibrate(scored, opportunities, config).bands[0].won == 1
    spelled = _opportunities([["o1", "00QHOT000000000AAA", None, "Closed - Won", None]])  # a CRM's spelling
    assert _calibrate(scored, spelled).bands[0].won == 1


def test_calibrate_needs_scored_leads():
    from revops_cli.errors import RevopsInputError

    with pytest.raises(RevopsInputError, match="score them first"):
        _calibrate(pd.DataFrame({"Lead ID": ["1"]}, dtype="str"), _opportunities([]))


def test_score_accuracy_on_the_sample_opportunities():
    leads = read_table(SAMPLE / "salesforce_leads.csv").frame
    opportunities = read_table(SAMPLE / "opportunities.csv").frame
    mapping = detect_columns(list(leads.columns))
    scored = score_leads(leads, mapping, RevopsConfig(), now=NOW).frame
    result = calibrate(scored, mapping, opportunities, detect_columns(list(opportunities.columns),
                                                                       schema="opportunities"), RevopsConfig())
    assert (result.outcomes, result.matched_outcomes, result.unmatched_outcomes) == (120, 58, 62)
    assert sum(b.leads for b in result.bands) == 500
    assert sum(b.converted for b in result.bands) <= 58


def test_a_mobile_number_counts_as_the_phone_a_rule_asks_for():
    config = _config(demographic={"points": {"phone present": 5}})
    frame = _frame([{"Lead ID": "1", "Phone": "", "Mobile": "+44 7700 900123"},
                    {"Lead ID": "2", "Phone": "", "Mobile": ""},
                    {"Lead ID": "3", "Phone": "+1 415 555 0134", "Mobile": ""}])
    assert _score(frame, config).frame["revops_score_demographic"].tolist() == [5, 0, 5]


def test_state_rules_compare_iso_codes_whatever_the_spelling():
    config = _config(demographic={"points": {"state in CA,NY": 5}})
    frame = _frame([{"Lead ID": "1", "State/Province": "California", "Country": "USA"},
                    {"Lead ID": "2", "State/Province": "N.Y.", "Country": "United States"},
                    {"Lead ID": "3", "State/Province": "Texas", "Country": "US"},
                    {"Lead ID": "4", "State/Province": "ca", "Country": ""}])
    assert _score(frame, config).frame["revops_score_demographic"].tolist() == [5, 5, 0, 5]


def test_reasons_lead_with_the_score_and_say_when_nothing_matched():
    config = _config(demographic={"points": {"phone present": 5}})
    result = _score(_frame([{"Lead ID": "1", "Phone": "+1 415 555 0134"}, {"Lead ID": "2", "Phone": ""}]), config,
                    explain=True)
    assert result.frame["revops_score_reasons"].tolist() == ["Score 5: +5 phone present", "Score 0: no rule matched"]


# --------------------------------------------------------------------------- behavioural points with nothing to go on


ALL_EVENTS = ["demo_request", "form_fill", "event_attended", "content_download", "email_click", "page_view",
              "email_open"]


def test_without_activities_or_engagement_columns_every_event_is_listed_and_behaviour_not_measured():
    frame = _frame([{"Lead ID": "L1", "Job Title": "VP Sales", "Industry": "Software"},
                    {"Lead ID": "L2", "Job Title": "CEO", "Industry": "Banking"}])
    result = _score(frame)
    assert result.frame["revops_score_behavioral"].tolist() == [0, 0]
    assert result.events_without_data == ALL_EVENTS and result.behavioral_all_zero is True
    assert result.summary()["not_measured"] == {"behavioral": (
        "no activities export, no engagement column and no column the behavioural rules read (lead source, "
        "last activity); try --activities FILE")}


def test_an_engagement_column_or_an_activities_export_gives_the_events_a_source():
    frame = _frame([{"Lead ID": "L1", "Page Views": "3", "Lead Source": "Partner"}])
    counted = _score(frame)
    assert counted.events_without_data == [e for e in ALL_EVENTS if e != "page_view"]
    assert counted.frame["revops_score_behavioral"].tolist() == [3]  # 3 page views x 1, no decay without a date
    assert counted.behavioral_all_zero is False and counted.not_measured == {}
    quiet = _score(_frame([{"Lead ID": "L1", "Lead Source": "Partner"}]))
    # the rules could read lead source; nobody matched: zero, but measured
    assert quiet.behavioral_all_zero is True and quiet.not_measured == {}
    linked = _score(frame, activities=_activities(frame, [["L9", "Email Opened", "2026-11-19"]]))
    assert linked.events_without_data == []


def test_score_command_says_behavioural_points_were_all_zero_and_which_events_never_fired(tmp_path):
    from tests.conftest import invoke

    path = tmp_path / "leads.csv"
    path.write_text("Lead ID,Job Title,Industry\nL1,VP Sales,Software\nL2,CEO,Banking\n", encoding="utf-8")
    result = invoke("leads", "score", path, "-o", tmp_path / "out.csv", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert ("Engagement events with no activities export and no count column (they never score): demo request "
            "(+20), form fill (+8), event attended (+8), content download (+5), email click (+3), page view (+1), "
            "email open (+1).") in text
    assert "Behavioural points (up to 40) are 0 for every lead: not measured (no activities export" in text
    summary = json.loads(invoke("leads", "score", path, "-o", tmp_path / "out2.csv", "--as-of", "2026-11-20",
                                "--json").stdout)
    assert summary["behavioral_all_zero"] is True and summary["events_without_data"] == ALL_EVENTS
