"""Forecast Roll-up: categories rep -> team -> total, weighted and stage-weighted numbers, quotas and coverage
(never 0% without a quota), the largest deals, historical conversion by stage and category calibration; the quota
file's periods and errors."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig, parse_config
from revops_cli.core.reporting.changes import Snapshot
from revops_cli.core.reporting.forecast import forecast_rollup
from revops_cli.core.reporting.opportunities import read_opportunities
from revops_cli.core.reporting.periods import days_period, parse_period_label, quarter_period
from revops_cli.core.reporting.quotas import Teams, read_quotas, rep_teams
from revops_cli.errors import RevopsInputError

ZONE = "America/New_York"
NOW = pd.Timestamp("2026-11-20 08:00", tz=ZONE).tz_convert("UTC")
CONFIG = RevopsConfig()
Q4 = quarter_period(None, NOW, ZONE)
OPPS = """Opportunity ID,Opportunity Name,Stage,Amount,Probability (%),Close Date,Opportunity Owner,Forecast Category
O1,Acme,Negotiation,100000,80,2026-12-10,Ann,Commit
O2,Beta,Proposal,50000,60,2026-11-30,Ann,Best Case
O3,Gamma,Discovery,20000,20,2026-12-31,Bob,Pipeline
O4,Delta,Closed Won,30000,100,2026-10-15,Bob,Closed
O5,Epsilon,Prospecting,10000,10,2026-11-01,Bob,Omitted
O6,Zeta,Negotiation,70000,80,2027-01-10,Ann,Commit
O7,Eta,Closed Lost,5000,0,2026-11-02,Ann,Omitted
O8,Theta,Proposal,25000,,2026-11-10,Cy,best case
"""
QUOTAS = """Rep,Team,Period,Quota
Ann,East,2026-Q4,200000
Bob,East,2026-10,20000
Bob,East,2026-11,20000
Bob,East,2026-12,20000
Cy,West,2026-10,50000
Cy,West,2026-11,50000
"""


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def table(text: str = OPPS, config: RevopsConfig = CONFIG):
    data = frame(text)
    return read_opportunities(data, detect_columns(list(data.columns), schema="opportunities"), config)


def quotas(text: str = QUOTAS, config: RevopsConfig = CONFIG):
    data = frame(text)
    return read_quotas(data, detect_columns(list(data.columns), schema="quotas"), config, source="quotas.csv")


def rollup(text: str = OPPS, quota_text: str | None = QUOTAS, **kw):
    q = quotas(quota_text) if quota_text is not None else None
    teams = rep_teams(None, None, q)
    config = kw.pop("config", CONFIG)
    return forecast_rollup(table(text, config), config, now=NOW, period=kw.pop("period", Q4), teams=teams,
                           quotas=q, **kw)


def row(result, name: str) -> dict:
    return next(r for r in result.rows if r["name"] == name)


# --------------------------------------------------------------------------- categories, weighted, quota


def test_categories_roll_up_rep_to_team_to_total():
    result = rollup()
    ann, bob, cy = row(result, "Ann"), row(result, "Bob"), row(result, "Cy")
    assert ann["categories"] == {"Commit": 100000.0, "Best Case": 50000.0, "Pipeline": 0.0, "Omitted": 0.0}
    assert bob["categories"]["Omitted"] == 10000.0 and cy["categories"]["Best Case"] == 25000.0  # "best case"
    east = row(result, "East")
    assert east["categories"] == {"Commit": 100000.0, "Best Case": 50000.0, "Pipeline": 20000.0, "Omitted": 10000.0}
    assert result.total["categories"]["Best Case"] == 75000.0
    # O6 closes in 2027: not in Q4; O4 won in Q4; O7 lost
    assert result.total["open_deals"] == 4 and result.total["won"] == 30000.0


def test_omitted_deals_stay_out_of_the_pipeline_and_the_forecast_calls_add_up():
    result = rollup()
    bob = row(result, "Bob")
    assert bob["open_pipeline"] == 20000.0 and bob["open_deals"] == 1  # O5 is Omitted
    assert bob["forecast"] == {"Commit": 30000.0, "Best Case": 30000.0, "Pipeline": 50000.0}  # won + categories
    assert "Omitted" not in bob["forecast"]


def test_weighted_uses_the_deal_probability_else_the_stage_probability():
    result = rollup()
    # O8 has no probability: Proposal's 60% from campaign.stage_probabilities
    assert row(result, "Cy")["weighted"] == 15000.0
    assert row(result, "Ann")["weighted"] == 110000.0  # 100000 x 80% + 50000 x 60%


def test_attainment_and_coverage_against_quota_with_months_tiling_the_quarter():
    result = rollup()
    bob = row(result, "Bob")
    assert (bob["quota"], bob["attainment"], bob["remaining_quota"], bob["coverage"]) == (60000.0, 50.0, 30000.0, 0.67)
    ann = row(result, "Ann")
    assert (ann["quota"], ann["attainment"], ann["coverage"]) == (200000.0, 0.0, 0.75)  # measured: 0 of a quota
    east = row(result, "East")
    assert east["quota"] == 260000.0 and east["attainment"] == 11.5  # the reps' sum, no team row


def test_a_quota_that_does_not_cover_the_period_is_not_measured_never_zero():
    cy = row(rollup(), "Cy")  # October and November only: December is missing
    assert cy["quota"] is None and cy["attainment"] is None and cy["coverage"] is None
    assert cy["quota_note"] == "not measured (no quota for Cy covering 2026-Q4 in quotas.csv)"
    total = rollup().total
    assert total["quota"] is None and "West" in total["quota_note"]


def test_without_a_quota_file_attainment_says_not_measured():
    result = rollup(quota_text=None)
    assert result.total["attainment"] is None and result.total["quota"] is None
    assert result.total["quota_note"] == "not measured (no quota file; try --quotas quotas.csv)"
    assert "quota" in result.not_measured and "manager" in result.not_measured  # no team either


def test_a_quota_met_has_no_coverage_to_compute():
    won_big = OPPS.replace("O4,Delta,Closed Won,30000", "O4,Delta,Closed Won,90000")
    bob = row(rollup(won_big), "Bob")
    assert bob["attainment"] == 150.0 and bob["coverage"] is None
    assert bob["quota_note"] == "quota met: no remaining quota to cover"


def test_without_a_category_column_the_rollup_is_weighted_and_categories_are_not_measured():
    plain = "\n".join(line.rsplit(",", 1)[0] for line in OPPS.strip().splitlines()) + "\n"
    result = rollup(plain)
    assert result.categories is None and "categories" not in result.total
    assert str(result.not_measured["categories"]) == ("not measured (no forecast category column; try "
                                                      "--map forecast_category=HEADER)")
    assert result.total["weighted"] == 130000.0  # Omitted no longer known: O5 (10000 x 10%) counts
    assert result.total["open_pipeline"] == 205000.0


def test_stage_categories_are_an_opt_in_said_on_the_page():
    plain = "\n".join(line.rsplit(",", 1)[0] for line in OPPS.strip().splitlines()) + "\n"
    config = parse_config({"reporting": {"stage_categories": {"Negotiation": "Commit", "Proposal": "Best Case",
                                                              "Discovery": "Pipeline", "Prospecting": "Omitted"}}})
    result = rollup(plain, config=config)
    assert result.category_source == "stage"
    assert result.total["categories"] == {"Commit": 100000.0, "Best Case": 75000.0, "Pipeline": 20000.0,
                                          "Omitted": 10000.0}
    assert any("reporting.stage_categories" in note for note in result.notes)


def test_past_due_and_undated_open_deals_are_counted_apart():
    result = rollup(OPPS + "O9,Iota,Discovery,1000,20,,Ann,Pipeline\n")
    assert result.totals["past_due_deals"] == 1  # O8 closing 11-10 is still open
    assert result.totals["open_without_close_date"] == 1
    assert result.totals["pipeline_after_period"] == 70000.0  # O6
    assert row(result, "Cy")["past_due"] == 25000.0


def test_the_largest_deals_are_listed_by_name_largest_first():
    config = parse_config({"reporting": {"largest_deals": 2}})
    result = rollup(config=config)
    assert [(d["name"], d["amount"]) for d in result.largest] == [("Acme", 100000.0), ("Beta", 50000.0)]


# --------------------------------------------------------------------------- history


HISTORY_HEADER = "Opportunity ID,To Stage,Last Modified\n"


def history(closed: int, won: int) -> tuple[str, str]:
    """``closed`` closed deals that passed through Negotiation, ``won`` of them won, plus the open O1."""
    opps = OPPS.split("\n", 1)[0] + "\n" + "O1,Acme,Negotiation,100000,80,2026-12-10,Ann,Commit\n"
    rows = [HISTORY_HEADER, "O1,Negotiation,2026-11-01\n"]
    for i in range(closed):
        stage = "Closed Won" if i < won else "Closed Lost"
        opps += f"H{i},Old {i},{stage},1000,,2026-09-01,Ann,Closed\n"
        rows.append(f"H{i},Negotiation,2026-08-01\nH{i},{stage},2026-09-01\n")
    return opps, "".join(rows)


@pytest.mark.parametrize("closed, source, weighted", [(9, "stage probability", 80000.0), (10, "history", 70000.0)])
def test_historical_conversion_weights_a_stage_once_enough_closed_deals_passed_through_it(closed, source, weighted):
    opps, hist = history(closed, won=7)
    data = frame(hist)
    result = rollup(opps, None, history=data, history_mapping=detect_columns(list(data.columns),
                                                                           schema="stage_history"))
    negotiation = next(s for s in result.stages if s["stage"] == "Negotiation")
    assert (negotiation["closed_deals"], negotiation["won"], negotiation["weight_source"]) == (closed, 7, source)
    assert negotiation["win_rate"] == round(700 / closed, 1)
    assert result.total["stage_weighted"] == weighted  # 100000 x 70% (history) or x 80% (stage probability)


def test_without_history_stage_conversion_is_not_measured():
    result = rollup()
    assert "--history" in str(result.not_measured["stage_conversion"])
    assert all(s["closed_deals"] is None for s in result.stages)


# --------------------------------------------------------------------------- calibration


def test_calibration_shows_what_share_of_each_earlier_category_closed():
    earlier = """Opportunity ID,Opportunity Name,Stage,Amount,Close Date,Opportunity Owner,Forecast Category
C1,One,Negotiation,10000,2026-11-15,Ann,Commit
C2,Two,Negotiation,30000,2026-11-18,Ann,Commit
C3,Three,Negotiation,20000,2026-11-19,Bob,Commit
C4,Four,Proposal,5000,2026-11-12,Bob,Commit
C5,Five,Negotiation,50000,2026-12-20,Ann,Commit
C6,Six,Proposal,8000,2026-11-01,Ann,Best Case
"""
    now_text = OPPS + """C1,One,Closed Won,10000,2026-11-15,Ann,Closed
C2,Two,Closed Won,30000,2026-11-18,Ann,Closed
C3,Three,Negotiation,20000,2026-12-19,Bob,Commit
C5,Five,Negotiation,50000,2026-12-20,Ann,Commit
C6,Six,Closed Lost,8000,2026-11-01,Ann,Omitted
"""
    snap = Snapshot(table(earlier), "opps-2026-10-01.csv")
    result = rollup(now_text, earlier=[snap])
    commit = next(c for c in result.calibration if c["category"] == "Commit")
    # C5 was not due yet; of C1-C4: two won, C3 slipped, C4 is gone from today's export
    assert (commit["deals"], commit["won"], commit["still_open"], commit["vanished"], commit["lost"]) == (4, 2, 1, 1, 0)
    assert commit["won_percent"] == 50.0 and commit["won_amount_percent"] == 61.5  # 40,000 of 65,000
    best = next(c for c in result.calibration if c["category"] == "Best Case")
    assert (best["deals"], best["lost"], best["won_percent"]) == (1, 1, 0.0)
    assert result.calibration_snapshot == "opps-2026-10-01.csv"


def test_calibration_is_not_measured_without_an_earlier_snapshot():
    assert "--previous" in str(rollup().not_measured["calibration"])


# --------------------------------------------------------------------------- quota file


@pytest.mark.parametrize("text, label, first, last", [
    ("2026-Q4", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ("Q4 2026", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ("2026-11", "2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    ("Nov 2026", "2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    ("2026", "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
])
def test_quota_periods_are_read_as_calendar_periods(text, label, first, last):
    assert parse_period_label(text) == (label, first, last)


def test_fiscal_quarters_follow_the_fiscal_year_start():
    # a February start: FY2026 Q1 is February to April 2026, Q4 November 2026 to January 2027
    assert parse_period_label("2026-Q1", 2)[1:] == (dt.date(2026, 2, 1), dt.date(2026, 4, 30))
    assert parse_period_label("2026-Q4", 2)[1:] == (dt.date(2026, 11, 1), dt.date(2027, 1, 31))
    assert quarter_period(None, NOW, ZONE, 2).label == "2026-Q4"
    assert quarter_period(None, pd.Timestamp("2027-01-31 12:00", tz="UTC"), ZONE, 2).label == "2026-Q4"
    assert quarter_period(None, pd.Timestamp("2027-02-01 12:00", tz="UTC"), ZONE, 2).label == "2027-Q1"


def test_an_explicit_team_quota_wins_over_the_sum_of_its_reps():
    q = quotas(QUOTAS + ",East,2026-Q4,250000\n")
    amount, why = q.for_team("East", ["Ann", "Bob"], Q4)
    assert (amount, why) == (250000.0, None)
    assert q.for_company({"East": ["Ann", "Bob"]}, ["Ann", "Bob"], Q4)[0] == 250000.0
    total = quotas(QUOTAS + "Total,,2026-Q4,999000\n")
    assert total.for_company({}, [], Q4)[0] == 999000.0
    # a team quota for the quarter says nothing of a month: the month is its reps' sum
    october = days_period(dt.date(2026, 10, 1), dt.date(2026, 10, 31), ZONE)
    assert q.for_team("West", ["Cy"], october) == (50000.0, None)
    assert q.for_team("East", ["Ann", "Bob"], october)[0] is None  # Ann has only a quarterly quota


def test_a_month_quota_is_never_guessed_from_a_quarter():
    amount, why = quotas().for_rep("Ann", days_period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), ZONE))
    assert amount is None and "no quota for Ann covering 2026-11" in str(why)


def test_teams_come_from_the_roster_manager_column_first():
    reps = frame("Name,Role,Manager\nAnn,AE,Priya Raman\nBob,AE,Priya Raman\n")
    teams = rep_teams(reps, detect_columns(list(reps.columns), schema="reps"), quotas())
    assert (teams.source, teams.team("ann"), teams.team("Cy")) == ("roster", "Priya Raman", None)
    assert rep_teams(None, None, quotas()).team("Cy") == "West"
    assert Teams({}, None).not_measured is not None


@pytest.mark.parametrize("text, message", [
    ("Rep,Period,Quota\nAnn,Q5 2026,100\n", "quotas.csv, line 2: period 'Q5 2026' is not a period"),
    ("Rep,Period,Quota\nAnn,2026-Q4,lots\n", "quotas.csv, line 2: amount 'lots' is not an amount"),
    ("Rep,Team,Period,Quota\n,,2026-Q4,100\n", "quotas.csv, line 2: names no rep or team"),
    ("Rep,Period,Quota\nAnn,2026-Q4,100\nann ,2026-Q4,200\n", "line 3: a second quota for ann in 2026-Q4"),
    ("Rep,Quota\nAnn,100\n", "quotas.csv: no period column"),
    ("Rep,Period\nAnn,2026-Q4\n", "quotas.csv: no amount column"),
])
def test_a_quota_file_that_cannot_be_read_names_the_line(text, message):
    with pytest.raises(RevopsInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        quotas(text)
