"""Win/Loss Analysis: the deals closed in the period, win rate overall and by source, segment, industry, size,
owner and product, loss reasons, cycle and size won vs lost, and the stage lost deals were lost at."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.reporting.opportunities import read_opportunities
from revops_cli.core.reporting.periods import days_period
from revops_cli.core.reporting.winloss import win_loss

ZONE = "America/New_York"
CONFIG = RevopsConfig()
NOVEMBER = days_period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), ZONE)
OPPS = """Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Created Date,Close Date,Opportunity Owner,Lead Source,Loss Reason
W1,A,Acme Inc.,Closed Won,10000,2026-10-01,2026-11-05,Ann,Web,
W2,B,Globex,Closed Won,10000.01,2026-10-11,2026-11-10,Ann,web ,
W3,C,Initech LLC,Closed Won,60000,2026-09-01,2026-11-20,Bob,Partner,
L1,D,Umbrella,Closed Lost,5000,2026-11-01,2026-11-11,Bob,Web,Price
L2,E,Hooli,Closed Lost,30000,2026-10-20,2026-11-30,Bob,Partner,Price
L3,F,Acme Inc.,Closed Lost,200000,2026-08-01,2026-11-15,Ann,,No decision
L4,G,Stark,Closed Lost,8000,2026-11-01,2026-11-02,Cy,Web,
X1,H,Wayne,Closed Won,99000,2026-09-01,2026-10-31,Ann,Web,
X2,I,Oscorp,Proposal,15000,2026-11-01,2026-11-20,Ann,Web,
"""
ACCOUNTS = """Account Name,Industry,Employees
"Acme, Inc.",Manufacturing,"1,000-5,000"
Globex Corporation,Energy,50
INITECH,Technology,250
Hooli,Technology,99
"""


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def run(text: str = OPPS, **kw):
    data = frame(text)
    table = read_opportunities(data, detect_columns(list(data.columns), schema="opportunities"), CONFIG)
    return win_loss(table, CONFIG, period=kw.pop("period", NOVEMBER), **kw)


def by(result, key: str) -> dict:
    return {r["value"]: r for r in result.breakdowns[key]}


def test_win_rate_counts_the_deals_closed_in_the_period_only():
    result = run()
    # X1 closed in October, X2 is open: 7 closed in November, 3 won
    assert result.overall["closed"] == 7 and result.overall["won"] == 3 and result.overall["win_rate"] == 42.9
    assert result.overall["won_amount"] == 80000.01 and result.overall["lost_amount"] == 243000.0
    assert result.overall["win_rate_amount"] == 24.8


def test_sources_group_ignoring_case_and_spacing_and_blanks_show_as_blank():
    source = by(run(), "source")
    assert (source["Web"]["closed"], source["Web"]["won"], source["Web"]["win_rate"]) == (4, 2, 50.0)
    assert (source["Partner"]["closed"], source["Partner"]["win_rate"]) == (2, 50.0)
    assert source["(blank)"]["closed"] == 1
    assert list(source)[-1] == "(blank)"


def test_deal_size_bands_include_their_upper_bound():
    size = by(run(), "size")
    # bands: <= $10K, $10K-$25K, $25K-$50K, $50K-$100K, > $100K
    assert size["≤ $10K"]["closed"] == 3  # W1 at exactly 10,000, L1, L4
    assert size["$10K–$25K"]["closed"] == 1 and size["$10K–$25K"]["won"] == 1  # W2 at 10,000.01
    assert [r["value"] for r in run().breakdowns["size"]] == ["≤ $10K", "$10K–$25K", "$25K–$50K", "$50K–$100K",
                                                             "> $100K"]


def test_breakdowns_without_their_column_are_not_measured():
    result = run()
    assert result.breakdowns["product"] is None and result.breakdowns["industry"] is None
    assert str(result.not_measured["product"]) == "not measured (no product column; try --map product=HEADER)"
    assert "--accounts" in str(result.not_measured["segment"])


def test_industry_and_segment_come_from_the_accounts_when_the_export_has_none():
    accounts = frame(ACCOUNTS)
    result = run(accounts=accounts, account_mapping=detect_columns(list(accounts.columns), schema="accounts"))
    industry = by(result, "industry")
    assert industry["Manufacturing"]["closed"] == 2  # W1 and L3 at "Acme Inc." match "Acme, Inc."
    assert industry["Technology"]["closed"] == 2  # Initech LLC ~ INITECH, Hooli
    segment = by(result, "segment")
    # Globex 50 and Hooli 99 are SMB (< 100), Initech 250 Mid-Market, Acme 1,000-5,000 Enterprise
    assert (segment["SMB"]["closed"], segment["Mid-Market"]["closed"], segment["Enterprise"]["closed"]) == (2, 1, 2)
    assert segment["(blank)"]["closed"] == 2
    assert "5 of 7 closed deals matched an account" in result.notes[0]


def test_loss_reasons_most_frequent_first_and_blank_said_so():
    reasons = run().loss_reasons
    assert [(r["reason"], r["deals"], r["share"]) for r in reasons] == [
        ("Price", 2, 50.0), ("No decision", 1, 25.0), ("(no reason recorded)", 1, 25.0)]


def test_sales_cycle_and_deal_size_won_versus_lost():
    result = run()
    won, lost = result.cycle
    # won: 35, 30, 80 days; lost: 10, 41, 106, 1
    assert (won["deals"], won["median"], won["mean"]) == (3, 35.0, 48.3)
    assert (lost["deals"], lost["median"], lost["mean"]) == (4, 25.5, 39.5)
    assert result.size[1]["median"] == 19000.0


def test_the_stage_lost_deals_were_lost_at_comes_from_the_stage_history():
    history = frame("""Opportunity ID,To Stage,Last Modified
L1,Prospecting,2026-11-01
L1,Discovery,2026-11-05
L1,Closed Lost,2026-11-11
L2,Prospecting,2026-10-20
L2,Proposal,2026-11-01
L2,Negotiation,2026-11-20
L2,Closed Lost,2026-11-30
L3,Discovery,2026-08-01
L3,Closed Lost,2026-11-15
""")
    result = run(history=history, history_mapping=detect_columns(list(history.columns), schema="stage_history"))
    assert [(r["stage"], r["deals"]) for r in result.lost_at_stage] == [
        ("Discovery", 2), ("Negotiation", 1), ("(not in the history)", 1)]


def test_without_history_the_stage_lost_at_is_not_measured():
    result = run()
    assert result.lost_at_stage is None and "--history" in str(result.not_measured["lost_at_stage"])


def test_a_period_without_closed_deals_has_no_win_rate_rather_than_zero():
    empty = run(period=days_period(dt.date(2026, 1, 1), dt.date(2026, 1, 31), ZONE))
    assert empty.overall["closed"] == 0 and empty.overall["win_rate"] is None
    assert empty.cycle[0]["median"] is None


@pytest.mark.parametrize("column", ["Product", "Segment"])
def test_a_product_or_segment_column_is_read_as_it_comes(column):
    text = OPPS.replace("Loss Reason\n", f"Loss Reason,{column}\n", 1)
    lines = text.splitlines()
    text = "\n".join([lines[0]] + [line + (",Platform" if line.startswith("W") else ",platform ")
                                   for line in lines[1:]]) + "\n"
    key = column.lower()
    rows = by(run(text), key)
    assert list(rows) == ["Platform"] and rows["Platform"]["closed"] == 7
