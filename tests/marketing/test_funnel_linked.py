"""Funnels from linked tables (issue 23 item 7) and "not measured" instead of 0 % (issue 17 item 3)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.funnel import funnel_report
from tests.conftest import REPO, assert_input_error, invoke

CONFIG = RevopsConfig()
CORPUS = REPO / "tests" / "fixtures" / "third_party"
MQLS = CORPUS / "made__olist_shaped_mqls.csv"
DEALS = CORPUS / "made__olist_shaped_closed_deals.csv"


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns, dtype="str")


def _funnel(leads: list[dict], opportunities: list[dict] | None = None, **kwargs):
    frame = _frame(leads)
    opps = _frame(opportunities) if opportunities is not None else None
    return funnel_report(frame, detect_columns(list(frame.columns)), CONFIG, opportunities=opps,
                         opportunity_mapping=None if opps is None else detect_columns(list(opps.columns),
                                                                                      schema="opportunities"),
                         **kwargs)


@pytest.fixture(scope="module")
def olist():
    result = invoke("funnel", "report", "--leads", MQLS, "--opportunities", DEALS, "--as-of", "2018-06-01", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_mql_table_and_closed_deals_linked_by_mql_id_give_the_won_deals(olist):
    reached = {row["stage"]: row["reached"] for row in olist["stages"]}
    # 12 MQLs; 3 of the 4 closed deals name one of them (the 4th names an MQL the file does not have)
    assert (reached["MQL"], reached["Opportunity"], reached["Customer"]) == (12, 3, 3)
    assert olist["rows_are"] == "MQL"
    assert olist["sources"]["opportunity_link"] == "mql_id -> mql_id"
    assert "opportunities: 1 of 4 link to no lead of the file" in olist["problems"]
    assert olist["lead_to_opportunity_percent"] == 25.0  # 3 / 12


def test_first_contact_date_is_the_creation_date_read_day_first(olist):
    assert olist["sources"]["created_at"] == "first_contact_date"
    cohorts = {row["cohort"]: row for row in olist["cohorts"]}
    # 03-02-2018 is 3 February (26-02-2018 19:58 in the same column makes the file day-first): 7 in February
    assert (cohorts["2018-02"]["MQL"], cohorts["2018-03"]["MQL"]) == (7, 5)
    assert (cohorts["2018-02"]["Customer"], cohorts["2018-03"]["Customer"]) == (2, 1)
    assert cohorts["2018-02"]["lead_to_opportunity"] == 28.6  # 2 / 7


def test_an_mql_table_cannot_measure_lead_to_mql_nor_the_stages_it_does_not_show(olist):
    assert olist["not_measured"]["lead_to_mql"].startswith("every row of the leads file is already an MQL")
    assert "mql_to_sql" in olist["not_measured"] and "sql_to_opportunity" in olist["not_measured"]
    rates = {row["stage"]: (row["rate"], row["met"]) for row in olist["stages"]}
    assert rates["Lead"] == (None, None) and rates["MQL"] == (None, None)  # never 0 % and never missed
    assert rates["Opportunity"] == (100.0, None)  # every linked deal is won


def test_the_table_says_not_measured():
    result = invoke("funnel", "report", "--leads", MQLS, "--opportunities", DEALS, "--as-of", "2018-06-01")
    assert result.exit_code == 0, result.stderr
    assert "not measured" in result.stdout
    assert "No stage conversion with an SOP target could be measured. MQL→opportunity 25.0%." in result.stdout
    assert_input_error(invoke("funnel", "report", "--leads", MQLS, "--rows-are", "Prospect"), "--rows-are 'Prospect'")


@pytest.mark.parametrize("lead_header,opp_header", [
    ("lead_id", "lead_id"), ("contact_id", "contact_id"), ("Lead ID", "Converted Lead ID"), ("mql_id", "mql_id"),
])
def test_deals_link_by_an_id_column_the_two_files_share(lead_header, opp_header):
    leads = [{lead_header: f"L{i}", "Lifecycle Stage": "marketingqualifiedlead", "Create Date": "2026-03-02"}
             for i in range(1, 6)]
    deals = [{opp_header: "L2", "Stage": "Closed Won"}, {opp_header: "L4", "Stage": "Negotiation"},
             {opp_header: "L9", "Stage": "Closed Won"}]
    result = _funnel(leads, deals, base_stage="Lead")
    reached = dict(zip(result.stages["stage"], result.stages["reached"]))
    assert (reached["Opportunity"], reached["Customer"]) == (2, 1)


def test_a_won_date_makes_a_deal_won_without_a_stage_column():
    leads = [{"Lead ID": f"L{i}", "Status": "MQL", "Created Date": "2026-03-02"} for i in range(1, 4)]
    result = _funnel(leads, [{"Lead ID": "L1", "Won Date": "2026-04-01"}, {"Lead ID": "L2", "Won Date": ""}])
    reached = dict(zip(result.stages["stage"], result.stages["reached"]))
    assert (reached["Opportunity"], reached["Customer"]) == (2, 1)


def test_leads_without_a_stage_column_do_not_miss_every_kpi():
    # issue 17: a file that cannot show MQLs printed lead -> MQL 0 % "below the SOP target"
    result = _funnel([{"Email": "a@x.com", "Created Date": "2026-03-02"}, {"Email": "b@x.com"}])
    assert set(result.not_measured) >= {"lead_to_mql", "mql_to_sql", "sql_to_opportunity", "lead_to_opportunity"}
    assert result.stages["rate"].isna().all() and not result.stages["met"].eq(False).any()
    assert result.summary()["not_measured"]["lead_to_mql"] == (
        "no lifecycle stage, status or MQL date column shows who reached MQL; try --map lifecycle_stage=HEADER")
    assert result.marketing_sla["lead_to_opportunity"].isna().all()
    # with a status column every conversion is measured
    measured = _funnel([{"Status": "MQL", "Created Date": "2026-03-02"}, {"Status": "Open"}])
    assert "lead_to_mql" not in measured.not_measured and measured.stages.loc[0, "rate"] == 50.0


def test_leads_without_a_creation_date_have_no_cohorts_to_measure():
    result = _funnel([{"Status": "MQL"}, {"Status": "Open"}])
    assert result.summary()["not_measured"]["cohorts"] == "no creation date column; try --map created_at=HEADER"
    assert result.marketing_sla.empty


def test_fail_under_on_an_unmeasured_conversion_is_an_input_error_not_a_pass(tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text("Email,Created Date\na@x.com,2026-03-02\nb@x.com,2026-03-03\n", encoding="utf-8")
    result = invoke("funnel", "report", leads, "--fail-under", "35", "--as-of", "2026-11-20")
    assert_input_error(result, "--fail-under: lead→opportunity is not measured (no opportunity export")


def test_a_deal_is_won_in_the_funnel_exactly_when_deals_audit_reads_it_won():
    leads = [{"Lead ID": f"L{i}", "Email": f"p{i}@acme{i}.com", "Created Date": "2026-10-01"} for i in range(6)]
    # Won/closedwon/"Closed - Won" stages, an IsWon flag and a Pipedrive status are won; Lost, open and a
    # closed-lost flag are not
    opportunities = [
        {"Lead ID": "L0", "Stage": "Won", "IsWon": "", "Status": ""},
        {"Lead ID": "L1", "Stage": "closedwon", "IsWon": "", "Status": ""},
        {"Lead ID": "L2", "Stage": "Negotiation", "IsWon": "true", "Status": ""},
        {"Lead ID": "L3", "Stage": "Proposal Made", "IsWon": "", "Status": "won"},
        {"Lead ID": "L4", "Stage": "Lost", "IsWon": "", "Status": ""},
        {"Lead ID": "L5", "Stage": "Discovery", "IsWon": "false", "Status": "open"},
    ]
    result = _funnel(leads, opportunities, now=pd.Timestamp("2026-11-20", tz="UTC"))
    reached = dict(zip(result.stages["stage"], result.stages["reached"]))
    assert (reached["Opportunity"], reached["Customer"]) == (6, 4)
