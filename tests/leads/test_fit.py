"""`revops leads fit`: points tables learned from outcomes (Lead Management SOP, "Scoring adjustment",
"Conversion rates by score"), and the ROC AUC / lift / band figures `leads score` shares with it."""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.config.load import parse_config
from revops_cli.core.leads.fit import fit_scoring, read_outcome, split_rows
from revops_cli.core.leads.fit.model import nice_threshold, number_text
from revops_cli.core.leads.scoring import roc_auc, score_leads, score_quality
from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table
from revops_cli.normalize.score_rules import parse_rule
from tests.conftest import SAMPLE, assert_input_error, invoke

NOW = pd.Timestamp("2026-11-20T08:00", tz="America/New_York")
MARKETING = SAMPLE / "marketing_leads.csv"


def _read(path):
    table = read_table(str(path))
    return table.frame, detect_columns(list(table.frame.columns), headers=table.header_map)


@pytest.fixture(scope="module")
def sample_fit():
    frame, mapping = _read(MARKETING)
    return frame, mapping, fit_scoring(frame, mapping, RevopsConfig(), outcome_column="Converted", now=NOW,
                                       source="marketing_leads.csv")


# --------------------------------------------------------------------------- the figures: AUC, lift, bands


def test_roc_auc_is_the_chance_a_converted_lead_outranks_one_that_did_not():
    assert roc_auc(np.array([1, 2, 3, 4]), np.array([False, False, True, True])) == 1.0
    assert roc_auc(np.array([4, 3, 2, 1]), np.array([False, False, True, True])) == 0.0
    assert roc_auc(np.array([5, 5]), np.array([False, True])) == 0.5  # a tie counts half
    # 3 pairs (pos, neg): (3,1) win, (3,2) win, (2,... ) -> scores pos [3, 1], neg [2]: 1 of 2 pairs won
    assert roc_auc(np.array([3, 1, 2]), np.array([True, True, False])) == 0.5


def test_roc_auc_with_one_class_only_is_not_measured():
    assert roc_auc(np.array([1, 2]), np.array([True, True])) is None
    assert roc_auc(np.array([1, 2]), np.array([False, False])) is None


def test_lift_by_decile_and_conversion_by_band_are_counted_per_lead():
    scores = np.arange(20, 0, -1)  # 20 leads, all different: two per decile
    outcome = np.array([True, True] + [False] * 16 + [True, False])
    bands = np.where(scores >= 15, "Hot", "Cold")
    quality = score_quality(scores, outcome, bands, ["Hot", "Cold"])
    top, last = quality.deciles[0], quality.deciles[9]
    assert (top.leads, top.converted, top.conversion_percent, top.lift) == (2, 2, 100.0, 6.67)  # base 3/20
    assert (top.low, top.high) == (19.0, 20.0)
    assert (last.leads, last.converted, last.lift) == (2, 1, 3.33)
    assert [(b.band, b.leads, b.converted) for b in quality.bands] == [("Hot", 6, 2), ("Cold", 14, 1)]
    assert quality.monotonic and quality.converted == 3


def test_equal_scores_share_a_decile_so_a_flat_score_fills_one():
    quality = score_quality(np.zeros(10), np.array([True] * 3 + [False] * 7), np.array(["Cold"] * 10), ["Cold"])
    # every lead has the average rank 5.5 of 10: the sixth tenth
    assert [d.leads for d in quality.deciles] == [0, 0, 0, 0, 0, 10, 0, 0, 0, 0]
    assert quality.auc == 0.5
    assert quality.deciles[0].lift is None  # no lead there: nothing measured, not 0


def test_a_lower_band_converting_better_is_not_monotonic():
    quality = score_quality(np.array([90, 10]), np.array([False, True]), np.array(["Hot", "Cold"]), ["Hot", "Cold"])
    assert not quality.monotonic


# --------------------------------------------------------------------------- reading the outcome


def test_outcome_yes_no_words_and_blank_unknown():
    frame = pd.DataFrame({"Converted": ["Yes", "no", "", "TRUE", "0", None]})
    outcome = read_outcome(frame, "converted")  # the header is matched without case
    assert outcome.converted.tolist() == [True, False, False, True, False, False]
    assert outcome.known.tolist() == [True, True, False, True, True, False]
    assert (outcome.positives, outcome.negatives, outcome.labelled) == (2, 2, 4)


def test_outcome_positive_values_name_the_converted_stage():
    frame = pd.DataFrame({"Stage": ["Closed Won", "closed lost", "Negotiation", "closed  won"]})
    outcome = read_outcome(frame, "Stage", ["Closed Won"])
    assert outcome.converted.tolist() == [True, False, False, True]
    assert outcome.negative_values == ["Negotiation", "closed lost"]


def test_outcome_values_it_cannot_read_ask_for_positive():
    frame = pd.DataFrame({"Stage": ["Closed Won", "Negotiation"]})
    with pytest.raises(RevopsInputError, match=r"cannot tell which values mean converted .*--positive"):
        read_outcome(frame, "Stage")
    with pytest.raises(RevopsInputError, match=r"no lead of the file has that 'Stage' value"):
        read_outcome(frame, "Stage", ["Won"])
    with pytest.raises(RevopsInputError, match=r"has no such column"):
        read_outcome(frame, "Outcome")


# --------------------------------------------------------------------------- the rule language it writes


@pytest.mark.parametrize(("low", "high", "expected"), [
    (2, 3, 3), (1480, 1530, 1500), (0.12, 0.2, 0.2), (-0.3, -0.2, -0.2), (9, 10, 10), (9.5, 9.9, 9.6),
    (30000, 39950, 31000),
])
def test_a_threshold_moves_to_the_roundest_number_between_the_values_it_separates(low, high, expected):
    value = nice_threshold(low, high)
    assert low < value <= high
    assert value == pytest.approx(expected)


def test_thresholds_are_written_without_exponents():
    assert number_text(1_000_000.0) == "1000000"
    assert number_text(2.5) == "2.5"
    assert number_text(-0.25) == "-0.25"
    assert parse_rule("balance < -100").high == -100


# --------------------------------------------------------------------------- the fit on the sample


def test_sample_fit_beats_the_default_tables_on_held_out_leads(sample_fit):
    _, _, result = sample_fit
    assert len(result.train_rows) == 1600 and len(result.holdout_rows) == 400
    assert result.current.auc == pytest.approx(0.7223, abs=1e-4)
    assert result.fitted.auc >= result.current.auc + 0.03
    assert abs(result.fitted.auc - result.plain_auc) <= 0.03  # within 0.03 of a plain logistic regression
    assert result.rounding_cost == pytest.approx(result.model_auc - result.fitted.auc, abs=1e-4)
    assert result.mismatched_rows == 0  # the written rules score every lead as the fit computed


def test_a_converted_date_leaks_the_outcome_and_is_left_out(sample_fit):
    _, _, result = sample_fit
    assert "converted_date" in result.leaks and "ROC AUC 0.979" in result.leaks["converted_date"]
    assert not any(rule.field == "converted_date" for rule in result.rules)
    assert "converted_date" not in result.scoring.fields


def test_fitted_points_are_integers_within_each_dimensions_cap(sample_fit):
    _, _, result = sample_fit
    for name, cap in (("demographic", 30), ("firmographic", 30), ("behavioral", 40)):
        dimension = getattr(result.scoring, name)
        assert dimension.max == cap
        assert all(isinstance(p, int) and 0 <= p <= cap for p in dimension.points.values())
    assert result.scoring.behavioral.events == {}  # the rules count the engagement columns themselves
    assert [b.min for b in result.scoring.bands] == [80, 60, 40, 20, 0]  # the SOP's thresholds stay


def test_the_written_toml_loads_and_scores_the_held_out_leads_to_the_reported_auc(sample_fit):
    frame, mapping, result = sample_fit
    config = parse_config(tomllib.loads(result.toml))
    assert config.scoring.model_dump() == result.scoring.model_dump()
    held = frame.iloc[result.holdout_rows]
    scored = score_leads(held, mapping, config, now=NOW).frame
    outcome = read_outcome(held, "Converted")
    assert roc_auc(scored["revops_score"].to_numpy(), outcome.converted) == pytest.approx(result.fitted.auc)


def test_every_rule_shows_its_evidence_as_a_comment(sample_fit):
    _, _, result = sample_fit
    lines = [line for line in result.toml.splitlines() if line.startswith('"')]
    assert len(lines) == len(result.rules)
    for rule, line in zip(result.rules, lines):
        assert line.startswith(json.dumps(rule.text)) and f"# {rule.leads:,} leads" in line
    origin = [r for r in result.rules if r.field == "lead_origin"]
    assert sum(r.leads for r in origin) == 1600  # each training lead sits on one rung of the ladder


def test_the_same_data_and_seed_give_the_same_tables(sample_fit):
    frame, mapping, result = sample_fit
    again = fit_scoring(frame, mapping, RevopsConfig(), outcome_column="Converted", now=NOW,
                        source="marketing_leads.csv")
    assert again.toml == result.toml
    other = fit_scoring(frame, mapping, RevopsConfig(), outcome_column="Converted", now=NOW, seed=7,
                        source="marketing_leads.csv")
    assert not np.array_equal(other.holdout_rows, result.holdout_rows)


def test_the_split_is_stratified_by_outcome():
    outcome = read_outcome(pd.DataFrame({"c": ["yes"] * 300 + ["no"] * 700}), "c")
    train, test = split_rows(outcome, 0.2, 0)
    assert len(test) == 200 and outcome.converted[test].sum() == 60
    assert len(np.intersect1d(train, test)) == 0 and len(train) == 800


def test_rebalanced_bands_hit_the_target_shares_on_the_training_leads(sample_fit):
    frame, mapping, _ = sample_fit
    result = fit_scoring(frame, mapping, RevopsConfig(), outcome_column="Converted", now=NOW, rebalance_bands=True)
    mins = [b.min for b in result.scoring.bands]
    assert mins != [80, 60, 40, 20, 0] and mins == sorted(mins, reverse=True) and mins[-1] == 0
    scored = score_leads(frame.iloc[result.train_rows], mapping,
                         RevopsConfig().model_copy(update={"scoring": result.scoring}), now=NOW).frame
    shares = scored["revops_band"].value_counts(normalize=True) * 100
    assert abs(shares.get("Hot", 0) - 5) <= 4 and abs(shares.get("Cold", 0) - 40) <= 8
    assert "bands = [" in result.toml


# --------------------------------------------------------------------------- honesty: refusals


def test_too_few_outcomes_are_refused_with_the_reason():
    frame = pd.DataFrame({"Converted": ["Yes"] * 150 + ["No"] * 400, "TotalVisits": list(range(550))})
    before = frame.copy()
    with pytest.raises(RevopsInputError, match=r"150 converted and 400 not converted .* at least 200 of each"):
        fit_scoring(frame, detect_columns(list(frame.columns)), RevopsConfig(), outcome_column="Converted", now=NOW)
    pd.testing.assert_frame_equal(frame, before)


def test_the_outcome_floor_is_the_configs(tmp_path):
    frame = pd.DataFrame({"Converted": ["Yes"] * 150 + ["No"] * 400})
    config = parse_config({"scoring": {"fit": {"min_outcomes": 100}}})
    with pytest.raises(RevopsInputError, match="nothing to fit"):  # past the floor: now it is the columns
        fit_scoring(frame, detect_columns(list(frame.columns)), config, outcome_column="Converted", now=NOW)


def test_cli_refuses_too_few_outcomes_with_exit_2_and_writes_nothing(tmp_path):
    leads = tmp_path / "leads.csv"
    pd.DataFrame({"Converted": ["Yes"] * 199 + ["No"] * 300, "TotalVisits": range(499)}).to_csv(leads, index=False)
    original = leads.read_bytes()
    out = tmp_path / "scoring.toml"
    result = invoke("leads", "fit", leads, "--outcome", "Converted", "-o", out)
    assert_input_error(result, "199 converted and 300 not converted", "at least 200 of each")
    assert not out.exists() and leads.read_bytes() == original


def test_cli_needs_the_outcome_column(tmp_path):
    assert_input_error(invoke("leads", "fit", MARKETING, "-o", tmp_path / "s.toml"), "--outcome COLUMN")


def test_cli_never_writes_over_the_config_in_use(tmp_path):
    config = tmp_path / "revops.toml"
    config.write_text("[general]\n", encoding="utf-8")
    result = invoke("leads", "fit", MARKETING, "--outcome", "Converted", "-o", config, "--config", config)
    assert_input_error(result, "is also the input file")
    assert config.read_text(encoding="utf-8") == "[general]\n"


# --------------------------------------------------------------------------- the command end to end


def test_cli_fit_writes_tables_that_config_check_accepts_and_score_reproduces(tmp_path):
    out, held = tmp_path / "scoring.toml", tmp_path / "held_out.csv"
    result = invoke("leads", "fit", MARKETING, "--outcome", "Converted", "-o", out, "--holdout-out", held,
                    "--as-of", "2026-11-20T08:00", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["holdout_leads"] == 400 and summary["outcome"]["converted"] == 747
    assert set(summary["leaks"]) == {"converted_date"}
    assert invoke("config", "check", out).exit_code == 0
    scored = invoke("leads", "score", held, "-o", tmp_path / "scored.csv", "--config", out, "--outcome",
                    "Converted", "--as-of", "2026-11-20T08:00", "--json")
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)["outcome"]["auc"] == summary["fitted"]["auc"]


def test_score_outcome_shows_the_current_tables_auc_and_bands(tmp_path):
    result = invoke("leads", "score", MARKETING, "-o", tmp_path / "s.csv", "--outcome", "Converted",
                    "--as-of", "2026-11-20T08:00")
    assert result.exit_code == 0, result.stderr
    assert "Score accuracy against 'Converted'" in result.stdout and "Lift by decile" in result.stdout
    assert "ROC AUC 0.693; higher bands convert at least as well as lower ones." in result.stdout


# --------------------------------------------------------------------------- web behaviour columns


@pytest.mark.parametrize(("header", "field"), [
    ("TotalVisits", "visits"), ("Number of Sessions", "visits"), ("hs_analytics_num_visits", "visits"),
    ("Total Time Spent on Website", "time_on_site"), ("Time on Site", "time_on_site"),
    ("Page Views Per Visit", "pages_per_visit"), ("hs_analytics_num_page_views", "page_views"),
    ("Last Notable Activity", "last_activity_type"), ("Recent Conversion", "last_activity_type"),
    ("Lead Origin", "lead_origin"), ("First Conversion", "lead_origin"), ("Do Not Email", "unsubscribed"),
    ("Marketing emails replied", "email_replies"), ("Marketing emails opened", "email_opens"),
])
def test_marketing_automation_behaviour_columns_are_recognised(header, field):
    assert detect_columns([header, "Email"]).get(field) == header


def test_lead_origin_is_not_read_as_the_lead_source():
    mapping = detect_columns(["Lead Origin", "Lead Source"])
    assert (mapping.get("lead_origin"), mapping.get("lead_source")) == ("Lead Origin", "Lead Source")


def _behaviour_points(rows: list[dict]) -> list[int]:
    frame = pd.DataFrame(rows, dtype=object)
    mapping = detect_columns(list(frame.columns))
    return score_leads(frame, mapping, RevopsConfig(), now=NOW).frame["revops_score_behavioral"].tolist()


def test_default_behaviour_rules_score_visits_time_and_pages_at_each_rung():
    rows = [{"TotalVisits": v, "Total Time Spent on Website": t, "Page Views Per Visit": p}
            for v, t, p in (("10", "900", "4"), ("9", "899", "3.99"), ("2", "60", "2"), ("1", "59", "1.9"), ("", "", ""))]
    # visits 10 -> 6, 5 -> 4, 2 -> 2; seconds 900 -> 6, 300 -> 4, 60 -> 1; pages 4 -> 3, 2 -> 1
    assert _behaviour_points(rows) == [6 + 6 + 3, 4 + 4 + 1, 2 + 1 + 1, 0, 0]


def test_an_opt_out_and_a_bounce_take_behaviour_points_away():
    rows = [{"Do Not Email": "Yes", "Last Notable Activity": "Had a Phone Conversation", "TotalVisits": "12"},
            {"Do Not Email": "No", "Last Notable Activity": "Email Bounced", "TotalVisits": "12"},
            {"Do Not Email": "No", "Last Notable Activity": "Email Opened", "TotalVisits": "12"}]
    assert _behaviour_points(rows) == [6 + 6 - 5, 6 - 6, 6]


def test_a_custom_field_rule_reads_its_column_and_takes_negative_numbers():
    config = parse_config({"scoring": {"fields": {"balance": "Account Balance"}, "behavioral": {
        "max": 40, "points": {"balance < -100": 0, "balance >= 1000": 7, "balance present": 2}}}})
    frame = pd.DataFrame({"Account Balance": ["-250", "1,500", "10", ""]})
    scored = score_leads(frame, detect_columns(list(frame.columns)), config, now=NOW).frame
    assert scored["revops_score_behavioral"].tolist() == [0, 7, 2, 0]


def test_a_rule_on_an_unknown_column_names_the_fields_table():
    with pytest.raises(Exception, match=r"unknown field 'balance'.*\[scoring.fields\]"):
        parse_config({"scoring": {"behavioral": {"max": 40, "points": {"balance >= 5": 1}}}})
