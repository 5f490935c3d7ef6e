"""Funnel report (Lead Management SOP KPIs, Marketing SLA): hand-computed figures, then the sample exports."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from revops_cli.columns import SCHEMAS, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.columns import FUNNEL_ALIASES
from revops_cli.core.marketing.funnel import STAGES, funnel_report, stage_of
from revops_cli.io.read import read_table
from tests.conftest import SAMPLE

CONFIG = RevopsConfig()
NOW = "2026-11-20 08:00"


def leads(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype="str")


def report(rows, config=CONFIG, **kwargs):
    frame = rows if isinstance(rows, pd.DataFrame) else leads(rows)
    kwargs.setdefault("now", NOW)
    return funnel_report(frame, detect_columns(list(frame.columns)), config, **kwargs)


def test_schema_registered():
    assert SCHEMAS["funnel"] is FUNNEL_ALIASES


@pytest.mark.parametrize("value, stage", [
    # HubSpot lifecycle stages, internal values and labels
    ("subscriber", "Lead"), ("lead", "Lead"), ("marketingqualifiedlead", "MQL"), ("Marketing Qualified Lead", "MQL"),
    ("salesqualifiedlead", "SQL"), ("Sales Qualified Lead", "SQL"), ("opportunity", "Opportunity"),
    ("customer", "Customer"), ("evangelist", "Customer"), ("other", "Lead"),
    # Salesforce statuses, any case and punctuation
    ("Open", "Lead"), ("open", "Lead"), ("Open - Not Contacted", "Lead"), ("Working", "Lead"),
    ("Working - Contacted", "Lead"), ("Contacted", "Lead"), ("MQL", "MQL"), ("SQL", "SQL"), ("Qualified", "SQL"),
    ("Closed - Converted", "Opportunity"), ("CLOSED_CONVERTED", "Opportunity"), ("Unqualified", "Lead"),
    ("Closed - Not Converted", "Lead"), ("NEW", "Lead"), ("IN_PROGRESS", "Lead"), ("Nurture", "Lead"),
    ("Attempted to Contact", "Lead"), ("OPEN_DEAL", "Opportunity"), ("BAD_TIMING", "Lead"),
])
def test_stage_map_values(value, stage):
    assert stage_of(value, CONFIG.funnel.stage_map) == stage


def test_stage_map_unknown_and_blank():
    stage_map = CONFIG.funnel.stage_map
    assert stage_of("Zombie", stage_map) is None and stage_of(None, stage_map) is None
    assert stage_of(float("nan"), stage_map) is None
    assert set(stage_map.values()) <= set(STAGES)


def test_stage_map_comes_from_the_config():
    config = RevopsConfig.model_validate({"funnel": {"stage_map": {"Working": "MQL", "Zombie": "SQL"}}})
    assert stage_of("zombie", config.funnel.stage_map) == "SQL" and stage_of("Open", config.funnel.stage_map) is None
    result = report([{"Lead ID": "1", "Lead Status": "Zombie"}, {"Lead ID": "2", "Lead Status": "Working"},
                     {"Lead ID": "3", "Lead Status": "Open"}], config=config)
    assert list(result.leads["revops_stage"]) == ["SQL", "MQL", "Lead"]
    assert result.unmapped_values == {"Open": 1}


def test_cumulative_stages_from_lifecycle_status_and_dates():
    result = report([
        # lifecycle wins over status; a SQL date lifts a "lead" to SQL (and so through MQL)
        {"Lead ID": "1", "Lifecycle Stage": "lead", "Lead Status": "OPEN_DEAL", "Create Date": "2026-01-05",
         "Became a Sales Qualified Lead Date": "2026-01-20"},
        # blank lifecycle: the status decides
        {"Lead ID": "2", "Lifecycle Stage": None, "Lead Status": "MQL", "Create Date": "2026-01-06"},
        {"Lead ID": "3", "Lifecycle Stage": "customer", "Lead Status": None, "Create Date": "2026-01-07"},
        {"Lead ID": "4", "Lifecycle Stage": "Zombie", "Lead Status": None, "Create Date": "2026-01-08"},
    ])
    assert list(result.leads["revops_stage"]) == ["SQL", "MQL", "Customer", "Lead"]
    reached = dict(zip(result.stages["stage"], result.stages["reached"]))
    assert reached == {"Lead": 4, "MQL": 3, "SQL": 2, "Opportunity": 1, "Customer": 1}
    assert result.unmapped_values == {"Zombie": 1}
    stages = result.stages.set_index("stage")
    assert stages.loc["Lead", "rate"] == 75.0 and stages.loc["Lead", "met"] is True  # 3/4 vs 35
    assert stages.loc["MQL", "rate"] == 66.7 and stages.loc["MQL", "met"] is True  # 2/3 vs 40
    assert stages.loc["SQL", "rate"] == 50.0 and stages.loc["SQL", "met"] is False  # 1/2 vs 70
    assert stages.loc["Opportunity", "rate"] == 100.0 and stages.loc["Opportunity", "target"] is None


def _cohort_rows(month: str, counts: dict[str, int], start: int) -> list[dict]:
    rows, i = [], start
    for status, count in counts.items():
        for _ in range(count):
            rows.append({"Lead ID": str(i), "Lead Status": status, "Create Date": f"{month}-10 12:00"})
            i += 1
    return rows


def test_cohort_rates_vs_targets_and_empty_month():
    # Jan: 20 leads, 7 MQL+ (2 MQL, 1 SQL, 4 converted) -> 35.0% lead->MQL (met at the boundary),
    # MQL->SQL 5/7 = 71.4%, SQL->opp 4/5 = 80.0%. Feb: nobody. Mar: 10 leads, 3 MQL -> 30% (missed).
    rows = _cohort_rows("2026-01", {"Open": 13, "MQL": 2, "SQL": 1, "Closed - Converted": 4}, 0)
    rows += _cohort_rows("2026-03", {"Working": 7, "MQL": 3}, 100)
    result = report(rows)
    cohorts = result.cohorts.set_index("cohort")
    assert list(cohorts.index) == ["2026-01", "2026-02", "2026-03"]
    jan = cohorts.loc["2026-01"]
    assert [jan[s] for s in STAGES] == [20, 7, 5, 4, 0]
    assert jan["lead_to_mql"] == 35.0 and jan["lead_to_mql_met"] is True
    assert jan["mql_to_sql"] == 71.4 and jan["mql_to_sql_met"] is True
    assert jan["sql_to_opportunity"] == 80.0 and jan["sql_to_opportunity_met"] is True
    assert jan["opportunity_to_customer"] == 0.0 and jan["opportunity_to_customer_met"] is None
    assert jan["lead_to_opportunity"] == 20.0
    feb = cohorts.loc["2026-02"]
    assert [feb[s] for s in STAGES] == [0, 0, 0, 0, 0]
    assert feb["lead_to_mql"] is None and feb["lead_to_mql_met"] is None
    mar = cohorts.loc["2026-03"]
    assert mar["lead_to_mql"] == 30.0 and mar["lead_to_mql_met"] is False
    assert mar["mql_to_sql"] == 0.0 and mar["mql_to_sql_met"] is False
    assert mar["sql_to_opportunity"] is None
    assert not cohorts["partial"].any()


def test_marketing_sla_per_month_and_source():
    config = RevopsConfig.model_validate({"funnel": {"marketing_sla": {
        "source_breakdown": {"Web": 25, "Webinar": 15}, "source_lead_to_opportunity": {"Web": 50}}}})
    rows = []
    for i in range(50):  # October: 50 leads (met), 30 Web of which 15 converted, 20 Webinar of which 3
        source = "Web" if i < 30 else " webinar "
        status = "Closed - Converted" if i < 15 or 30 <= i < 33 else "Open"
        rows.append({"Lead ID": str(i), "Lead Source": source, "Lead Status": status, "Create Date": "2026-10-02"})
    for i in range(49):  # November: 49 (missed), no conversions
        rows.append({"Lead ID": f"n{i}", "Lead Source": "Web", "Lead Status": "Open", "Create Date": "2026-11-03"})
    result = report(rows, config=config)
    sla = result.marketing_sla.set_index("month")
    assert sla.loc["2026-10", "leads"] == 50 and sla.loc["2026-10", "leads_met"] is True
    assert sla.loc["2026-11", "leads"] == 49 and sla.loc["2026-11", "leads_met"] is False
    assert sla.loc["2026-11", "partial"] is True
    # 18 / 50 = 36% vs 35% met; November 0%
    assert sla.loc["2026-10", "lead_to_opportunity"] == 36.0 and sla.loc["2026-10", "lead_to_opportunity_met"] is True
    assert sla.loc["2026-11", "lead_to_opportunity_met"] is False
    src = result.source_sla.set_index(["month", "source"])
    assert src.loc[("2026-10", "Web"), "leads"] == 30 and src.loc[("2026-10", "Web"), "leads_met"] is True
    assert src.loc[("2026-10", "Web"), "lead_to_opportunity"] == 50.0
    assert src.loc[("2026-10", "Web"), "lead_to_opportunity_met"] is True  # 50 vs 50
    assert src.loc[("2026-10", "Webinar"), "leads"] == 20
    assert src.loc[("2026-10", "Webinar"), "lead_to_opportunity"] == 15.0
    assert src.loc[("2026-10", "Webinar"), "lead_to_opportunity_target"] == 35.0
    assert src.loc[("2026-11", "Webinar"), "leads"] == 0
    assert src.loc[("2026-11", "Webinar"), "leads_met"] is False
    assert src.loc[("2026-11", "Webinar"), "lead_to_opportunity"] is None


def test_no_source_breakdown_no_source_table():
    result = report([{"Lead ID": "1", "Lead Source": "Web", "Create Date": "2026-10-02"}])
    assert result.source_sla is None


def test_opportunities_link_by_id_and_email_closed_won_is_customer():
    frame = leads([
        {"Lead ID": "00Q1", "Email": "a@x.com", "Lead Status": "Open", "Create Date": "2026-10-01"},
        {"Lead ID": "00Q2", "Email": "B@x.com", "Lead Status": "Open", "Create Date": "2026-10-01"},
        {"Lead ID": "00Q3", "Email": "c@x.com", "Lead Status": "Open", "Create Date": "2026-10-01"},
    ])
    opps = pd.DataFrame({
        "Opportunity ID": ["006A", "006B"], "Converted Lead ID": ["00Q1", None], "Contact Email": [None, "b@x.com"],
        "Stage": ["Proposal", "Closed Won"], "Created Date": ["2026-10-11", "2026-10-05"],
        "Close Date": ["2026-12-01", "2026-10-25"],
    }, dtype="str")
    result = report(frame, opportunities=opps)
    assert list(result.leads["revops_stage"]) == ["Opportunity", "Customer", "Lead"]
    assert list(result.leads["revops_opportunity_linked"]) == [True, True, False]
    times = result.time_in_stage.set_index("stage")
    # Opportunity -> Customer: 2026-10-05 -> 2026-10-25 = 20 days (one lead)
    assert times.loc["Opportunity", "leads"] == 1 and times.loc["Opportunity", "median_days"] == 20.0


def test_time_in_stage_median_days():
    result = report([
        {"Lead ID": "1", "Lifecycle Stage": "salesqualifiedlead", "Create Date": "2026-01-01 00:00",
         "Became a Marketing Qualified Lead Date": "2026-01-03 00:00",
         "Became a Sales Qualified Lead Date": "2026-01-04 12:00"},
        {"Lead ID": "2", "Lifecycle Stage": "marketingqualifiedlead", "Create Date": "2026-01-01 00:00",
         "Became a Marketing Qualified Lead Date": "2026-01-05 00:00"},
        {"Lead ID": "3", "Lifecycle Stage": "marketingqualifiedlead", "Create Date": "2026-01-01 00:00",
         "Became a Marketing Qualified Lead Date": "2026-01-11 00:00"},
    ])
    times = result.time_in_stage.set_index("stage")
    assert times.loc["Lead", "leads"] == 3 and times.loc["Lead", "median_days"] == 4.0  # 2, 4, 10 days
    assert times.loc["MQL", "leads"] == 1 and times.loc["MQL", "median_days"] == 1.5
    assert times.loc["SQL", "median_days"] is None


def test_acceptance_rate_and_reason():
    rows = [{"Lead ID": str(i), "Accepted": v, "Create Date": "2026-10-01"}
            for i, v in enumerate(["Yes", "yes", "TRUE", "Rejected", None])]
    result = report(rows)
    assert result.acceptance_rate == 75.0 and result.acceptance_met is False  # 3 / 4 vs 80
    none = report([{"Lead ID": "1", "Create Date": "2026-10-01"}])
    assert none.acceptance_rate is None
    assert none.acceptance_reason == "no accepted/rejected column in the leads"


def test_by_owner_and_range_filter():
    rows = [
        {"Lead ID": "1", "Lead Owner": "Ann", "Lead Status": "MQL", "Create Date": "2026-09-30 23:00"},
        {"Lead ID": "2", "Lead Owner": "Ann", "Lead Status": "Open", "Create Date": "2026-10-01 09:00"},
        {"Lead ID": "3", "Lead Owner": "ann ", "Lead Status": "SQL", "Create Date": "2026-10-15"},
        {"Lead ID": "4", "Lead Owner": None, "Lead Status": "Open", "Create Date": "2026-10-31 23:59"},
        {"Lead ID": "5", "Lead Owner": "Bob", "Lead Status": "Open", "Create Date": "2026-11-01 00:00"},
    ]
    result = report(rows, by="owner", start="2026-10-01", end="2026-11-01")
    assert len(result.leads) == 3
    groups = result.groups.set_index("owner")
    assert list(groups.index) == ["Ann", "(blank)"]
    assert groups.loc["Ann", "Lead"] == 2 and groups.loc["Ann", "lead_to_mql"] == 50.0
    assert list(result.cohorts["cohort"]) == ["2026-10"]
    assert list(result.marketing_sla["leads"]) == [3]


def test_by_missing_column_and_no_dates_never_raise():
    result = report([{"Lead ID": "1", "Lead Status": "Open"}], by="campaign")
    assert result.groups is None
    assert any("no campaign column" in p for p in result.problems)
    assert list(result.cohorts["cohort"]) == ["unknown"]
    assert len(result.marketing_sla) == 0
    json.dumps(result.summary())


def test_empty_leads():
    result = report(pd.DataFrame({"Lead ID": [], "Lead Status": [], "Create Date": []}, dtype="str"))
    assert list(result.stages["reached"]) == [0, 0, 0, 0, 0]
    assert result.stages["rate"].isna().all()
    assert len(result.cohorts) == 0
    json.dumps(result.summary())


# ---------------------------------------------------------------- sample files


def test_sample_hubspot_lifecycle_counts():
    frame = read_table(SAMPLE / "hubspot_contacts.csv").frame
    result = report(frame, by="source")
    # Lifecycle Stage: lead 55, marketingqualifiedlead 41, subscriber 37, salesqualifiedlead 31,
    # opportunity 21, customer 12, blank 3 (Lead Status CONNECTED x2, IN_PROGRESS -> Lead).
    assert result.leads["revops_stage"].value_counts().to_dict() == {
        "Lead": 95, "MQL": 41, "SQL": 31, "Opportunity": 21, "Customer": 12}
    reached = dict(zip(result.stages["stage"], result.stages["reached"]))
    assert reached == {"Lead": 200, "MQL": 105, "SQL": 64, "Opportunity": 33, "Customer": 12}
    stages = result.stages.set_index("stage")
    assert stages.loc["Lead", "rate"] == 52.5  # 105 / 200
    assert stages.loc["MQL", "rate"] == 61.0  # 64 / 105
    assert stages.loc["SQL", "rate"] == 51.6 and stages.loc["SQL", "met"] is False  # 33 / 64 vs 70
    assert result.unmapped_values == {}
    assert result.sources["mql_at"] == "Became a Marketing Qualified Lead Date"
    assert result.sources["sql_at"] == "Became a Sales Qualified Lead Date"
    assert result.time_in_stage.set_index("stage").loc["Lead", "leads"] == 97  # every MQL+ with an MQL date
    assert sum(result.cohorts["Lead"]) == 200
    assert len(result.groups) == 7
    json.dumps(result.summary())


def test_sample_salesforce_with_opportunities():
    frame = read_table(SAMPLE / "salesforce_leads.csv").frame
    opps = read_table(SAMPLE / "opportunities.csv").frame
    result = report(frame, opportunities=opps)
    reached = dict(zip(result.stages["stage"], result.stages["reached"]))
    # 58 Closed - Converted leads are the 58 linked opportunities' leads; 3 'MQL' statuses.
    assert reached["Lead"] == 500 and reached["Opportunity"] == 58 and reached["MQL"] == 61
    assert int(result.leads["revops_opportunity_linked"].sum()) == 58
    assert result.unmapped_values == {}
    sla = result.marketing_sla
    assert sla["leads"].sum() == 500 and sla["leads_met"].all()
    assert not sla["lead_to_opportunity_met"].any()
    assert list(sla["partial"]) == [m == "2026-11" for m in sla["month"]]


def test_by_month_groups_like_cohorts():
    rows = _cohort_rows("2026-01", {"Open": 3, "MQL": 1}, 0) + _cohort_rows("2026-02", {"SQL": 2}, 10)
    result = report(rows, by="month")
    groups = result.groups.set_index("month")
    assert groups.loc["2026-01", "Lead"] == 4 and groups.loc["2026-01", "lead_to_mql"] == 25.0
    assert groups.loc["2026-02", "mql_to_sql"] == 100.0
